/* warden-rpc-transport.h: JSON-RPC over one of the device's transports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base class numbers requests, matches replies to them, times them out and
 * hands notifications to the "notification" signal. Subclasses log in and move
 * the bytes: WardenDvripTransport over TCP 37777, WardenRpc2Transport over HTTP.
 */

#pragma once

#include <gio/gio.h>

#include "warden-rpc-message.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_RPC_TRANSPORT (warden_rpc_transport_get_type ())

G_DECLARE_DERIVABLE_TYPE (WardenRpcTransport, warden_rpc_transport, WARDEN, RPC_TRANSPORT, GObject)

struct _WardenRpcTransportClass
{
  GObjectClass parent_class;

  void     (*send)         (WardenRpcTransport  *self,
                            gint64               id,
                            const char          *method,
                            const char          *json);
  void     (*login_async)  (WardenRpcTransport  *self,
                            const char          *user,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*login_finish) (WardenRpcTransport  *self,
                            GAsyncResult        *result,
                            GError             **error);
  void     (*close)        (WardenRpcTransport  *self);
};

const char     *warden_rpc_transport_get_host        (WardenRpcTransport  *self);
const char     *warden_rpc_transport_get_session     (WardenRpcTransport  *self);
guint           warden_rpc_transport_get_keep_alive_interval (WardenRpcTransport *self);
void            warden_rpc_transport_get_login_limits (WardenRpcTransport *self,
                                                       int                *attempts_left,
                                                       int                *lock_seconds);
void            warden_rpc_transport_login_async     (WardenRpcTransport  *self,
                                                      const char          *user,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        warden_rpc_transport_login_finish    (WardenRpcTransport  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            warden_rpc_transport_call_async      (WardenRpcTransport  *self,
                                                      const char          *method,
                                                      JsonNode            *params,
                                                      gint64               object,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
WardenRpcReply *warden_rpc_transport_call_finish     (WardenRpcTransport  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
WardenRpcReply *warden_rpc_transport_call_raw_finish (WardenRpcTransport  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            warden_rpc_transport_close           (WardenRpcTransport  *self);

G_END_DECLS
