/* warden-device-session-private.h: shared by the files of WardenDeviceSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-device-session.h"

G_BEGIN_DECLS

void     _warden_device_session_rpc_or_cgi_async  (WardenDeviceSession *self,
                                                   const char          *method,
                                                   JsonNode            *params,
                                                   gint64               object,
                                                   const char          *cgi_query,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean _warden_device_session_rpc_or_cgi_finish (GAsyncResult        *result,
                                                   GObject             *source,
                                                   WardenRpcReply     **reply,
                                                   WardenKvTable      **table,
                                                   GError             **error);

int      _warden_device_session_get_ptz_channel_base (WardenDeviceSession *self);

G_END_DECLS
