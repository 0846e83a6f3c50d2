/* warden-rpc2-transport.h: JSON-RPC over HTTP (/RPC2_Login, /RPC2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-http-client.h"
#include "warden-rpc-transport.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_RPC2_TRANSPORT (warden_rpc2_transport_get_type ())

G_DECLARE_FINAL_TYPE (WardenRpc2Transport, warden_rpc2_transport, WARDEN, RPC2_TRANSPORT,
                      WardenRpcTransport)

WardenRpcTransport *warden_rpc2_transport_new (WardenHttpClient *http,
                                               guint             timeout_ms);

G_END_DECLS
