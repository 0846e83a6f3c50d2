/* devsim-rtsp-media.h: one served stream, with sender reports on capture time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RTCP sender reports pair an RTP timestamp with the wall clock (NTP) at which the
 * frame with that timestamp was captured, not sent, so a client can measure its
 * end-to-end latency from them.
 */

#pragma once

#include <gst/rtsp-server/rtsp-media.h>

G_BEGIN_DECLS

#define DEVSIM_TYPE_RTSP_MEDIA (devsim_rtsp_media_get_type ())

G_DECLARE_FINAL_TYPE (DevsimRtspMedia, devsim_rtsp_media, DEVSIM, RTSP_MEDIA, GstRTSPMedia)

/* element is a bin with payloaders pay0, pay1, ...; the media keeps a reference. */
GstRTSPMedia *devsim_rtsp_media_new (GstElement *element);

G_END_DECLS
