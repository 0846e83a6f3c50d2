/* devsim-rtsp-target.h: what an RTSP URL asks for, checked against the device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/rtsp/gstrtspurl.h>

#include "devsim-rtsp-link.h"

G_BEGIN_DECLS

/* Limits on what a client may send. */
#define DEVSIM_RTSP_MAX_QUERY        1024
#define DEVSIM_RTSP_MAX_VALUE        64
#define DEVSIM_RTSP_MAX_PLAYBACK_S   (7 * 24 * 3600)

typedef struct
{
  gboolean playback;
  int channel;                   /* 0-based */
  int subtype;                   /* 0 main, 1 sub */
  gint64 start_utc, end_utc;     /* playback only; seconds, end exclusive */
  DevsimRtspStreamInfo stream;
} DevsimRtspTarget;

/* Parses cam/realmonitor and cam/playback URLs and checks them against the device:
 * DEVSIM_RTSP_ERROR_BAD_REQUEST for malformed parameters, _NOT_FOUND for an unknown
 * path, channel or stream, or a playback range that holds no recording. */
gboolean devsim_rtsp_target_resolve (DevsimRtspLink     *link,
                                     const GstRTSPUrl   *url,
                                     DevsimRtspTarget   *target,
                                     GError            **error);
void     devsim_rtsp_target_clear   (DevsimRtspTarget   *target);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DevsimRtspTarget, devsim_rtsp_target_clear)

G_END_DECLS
