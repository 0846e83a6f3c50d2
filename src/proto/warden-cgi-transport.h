/* warden-cgi-transport.h: the HTTP CGI API (/cgi-bin/...) with Digest auth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-http-client.h"
#include "warden-kv-table.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_CGI_TRANSPORT (warden_cgi_transport_get_type ())

G_DECLARE_FINAL_TYPE (WardenCgiTransport, warden_cgi_transport, WARDEN, CGI_TRANSPORT, GObject)

WardenCgiTransport *warden_cgi_transport_new          (WardenHttpClient    *http);
WardenHttpClient   *warden_cgi_transport_get_http     (WardenCgiTransport  *self);
char               *warden_cgi_transport_build_query  (const char          *cgi,
                                                       const char          *action,
                                                       ...) G_GNUC_NULL_TERMINATED;
void                warden_cgi_transport_get_async    (WardenCgiTransport  *self,
                                                       const char          *path_and_query,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GBytes             *warden_cgi_transport_get_finish   (WardenCgiTransport  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
WardenKvTable      *warden_cgi_transport_get_table_finish (WardenCgiTransport *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

G_END_DECLS
