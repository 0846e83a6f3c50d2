/* warden-http-client.h: HTTP(S) to one device, with Digest auth and a pinned certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_HTTP_CLIENT (warden_http_client_get_type ())

G_DECLARE_FINAL_TYPE (WardenHttpClient, warden_http_client, WARDEN, HTTP_CLIENT, GObject)

WardenHttpClient *warden_http_client_new              (const char          *host,
                                                       guint                port,
                                                       gboolean             tls,
                                                       guint                timeout_s);
const char       *warden_http_client_get_host         (WardenHttpClient    *self);
guint             warden_http_client_get_port         (WardenHttpClient    *self);
gboolean          warden_http_client_get_tls          (WardenHttpClient    *self);
void              warden_http_client_set_credentials  (WardenHttpClient    *self,
                                                       const char          *user,
                                                       const char          *password);
void              warden_http_client_set_pin          (WardenHttpClient    *self,
                                                       const char          *sha256);
const char       *warden_http_client_get_fingerprint  (WardenHttpClient    *self);
char             *warden_http_client_build_uri        (WardenHttpClient    *self,
                                                       const char          *path_and_query);
void              warden_http_client_request_async    (WardenHttpClient    *self,
                                                       const char          *method,
                                                       const char          *path_and_query,
                                                       const char          *content_type,
                                                       GBytes              *body,
                                                       gsize                max_reply,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GBytes           *warden_http_client_request_finish   (WardenHttpClient    *self,
                                                       GAsyncResult        *result,
                                                       char               **content_type,
                                                       GError             **error);
void              warden_http_client_open_async       (WardenHttpClient    *self,
                                                       const char          *path_and_query,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GInputStream     *warden_http_client_open_finish      (WardenHttpClient    *self,
                                                       GAsyncResult        *result,
                                                       char               **content_type,
                                                       goffset            *content_length,
                                                       GError             **error);

G_END_DECLS
