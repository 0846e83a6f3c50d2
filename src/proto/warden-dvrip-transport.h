/* warden-dvrip-transport.h: JSON-RPC over DVRIP on TCP 37777
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-rpc-transport.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DVRIP_TRANSPORT (warden_dvrip_transport_get_type ())

G_DECLARE_FINAL_TYPE (WardenDvripTransport, warden_dvrip_transport, WARDEN, DVRIP_TRANSPORT,
                      WardenRpcTransport)

WardenRpcTransport *warden_dvrip_transport_new (const char *host,
                                                guint       port,
                                                guint       timeout_ms);

G_END_DECLS
