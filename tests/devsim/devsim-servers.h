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
/* Closes the connections whose session was last used before `limit_us` (monotonic). */
void     devsim_dvrip_expire        (DevsimHost  *host,
                                     gint64       limit_us);

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

/* Little-endian 32-bit fields of the DVRIP and DHIP headers. */
static inline guint32
devsim_get_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static inline void
devsim_put_le32 (guint8 *p,
                 guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

G_END_DECLS
