/* devsim-rtsp-factory.h: builds the pipeline for a live or playback URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One factory serves /cam/realmonitor and /cam/playback of a device. Each request
 * gets its own pipeline with the channel's stream configuration as it is at that
 * moment, so a changed configuration takes effect on the next stream start.
 */

#pragma once

#include <gst/rtsp-server/rtsp-media-factory.h>

#include "devsim-rtsp-link.h"

G_BEGIN_DECLS

#define DEVSIM_TYPE_RTSP_FACTORY (devsim_rtsp_factory_get_type ())

G_DECLARE_FINAL_TYPE (DevsimRtspFactory, devsim_rtsp_factory, DEVSIM, RTSP_FACTORY,
                      GstRTSPMediaFactory)

GstRTSPMediaFactory *devsim_rtsp_factory_new (DevsimRtspLink *link);

G_END_DECLS
