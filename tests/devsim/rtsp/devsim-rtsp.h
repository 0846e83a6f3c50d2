/* devsim-rtsp.h: the RTSP server of one simulated device (live and playback video).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * URLs, as Dahua-style devices serve them (channel is 1-based, subtype 0 main, 1 sub):
 *   rtsp://ADDR:PORT/cam/realmonitor?channel=N&subtype=S[&unicast=true&proto=Onvif]
 *   rtsp://ADDR:PORT/cam/playback?channel=N&subtype=S&starttime=YYYY_MM_DD_HH_MM_SS
 *                                 &endtime=YYYY_MM_DD_HH_MM_SS   (device local time)
 * Clients authenticate with Digest (or Basic) as one of the device's users.
 */

#pragma once

#include <gio/gio.h>

#include "devsim-device.h"

G_BEGIN_DECLS

#define DEVSIM_RTSP_ERROR (devsim_rtsp_error_quark ())

typedef enum
{
  DEVSIM_RTSP_ERROR_BIND,        /* the address/port could not be bound */
  DEVSIM_RTSP_ERROR_BAD_REQUEST,  /* malformed URL or parameters (RTSP 400) */
  DEVSIM_RTSP_ERROR_NOT_FOUND,    /* no such channel, stream or recording (RTSP 404) */
  DEVSIM_RTSP_ERROR_ENCODE,       /* the stream could not be encoded (RTSP 500) */
} DevsimRtspError;

typedef struct _DevsimRtsp DevsimRtsp;

GQuark      devsim_rtsp_error_quark     (void);

/* Serves @device on device->address:device->rtsp_port (0 = ephemeral; the bound port
 * is written back to device->rtsp_port). Attaches to the thread-default main context,
 * which must be the one that owns @device. @device must outlive the returned server. */
DevsimRtsp *devsim_rtsp_new             (DevsimDevice *device,
                                         GError      **error);
/* Fault: closes every client connection and its sessions at once. */
void        devsim_rtsp_drop_sessions   (DevsimRtsp   *self);
guint       devsim_rtsp_count_clients   (DevsimRtsp   *self);
void        devsim_rtsp_free            (DevsimRtsp   *self);

/* Process-wide: when TRUE, streams started from now on are encoded live, with the
 * wall clock (milliseconds) and the channel name drawn into the picture, instead of
 * being served from a cached encoded loop. For screenshots and latency checks by eye. */
void        devsim_rtsp_set_live_encode (gboolean      live_encode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimRtsp, devsim_rtsp_free)

G_END_DECLS
