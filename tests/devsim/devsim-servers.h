/* devsim-servers.h: the network servers of a DevsimHost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "devsim-host.h"

G_BEGIN_DECLS

/* HTTP: CGI with Digest, /RPC2_Login, /RPC2, RPC_Loadfile (devsim-http.c). */
gboolean devsim_http_start          (DevsimHost  *host,
                                     GError     **error);
void     devsim_http_stop           (DevsimHost  *host);
/* Ends every attached CGI event stream. */
void     devsim_http_drop_streams   (DevsimHost  *host);

/* DVRIP on TCP (devsim-dvrip.c). */
gboolean devsim_dvrip_start         (DevsimHost  *host,
                                     GError     **error);
void     devsim_dvrip_stop          (DevsimHost  *host);
void     devsim_dvrip_drop          (DevsimHost  *host);

/* DHIP discovery on UDP (devsim-discovery.c). */
gboolean devsim_discovery_start     (DevsimHost  *host,
                                     GError     **error);
void     devsim_discovery_stop      (DevsimHost  *host);
/* The deviceInfo object of client.notifyDevInfo. */
JsonObject *devsim_discovery_device_info (DevsimHost *host);

/* Binds a TCP listener on host:port, falling back to an ephemeral port when
 * `port` is the protocol's default and cannot be bound. Returns the bound port. */
guint    devsim_listen_tcp          (GSocketListener *listener,
                                     const char      *address,
                                     guint            port,
                                     guint            default_port,
                                     GError         **error);

G_END_DECLS
