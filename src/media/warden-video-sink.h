/* warden-video-sink.h: a video sink that hands the newest frame to a callback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/video/video.h>
#include <gst/video/gstvideosink.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_VIDEO_SINK (warden_video_sink_get_type ())

G_DECLARE_FINAL_TYPE (WardenVideoSink, warden_video_sink, WARDEN, VIDEO_SINK, GstVideoSink)

/* Called on a streaming thread for every frame the sink renders. The sample holds
 * one frame and its caps: BGRA in system memory (premultiplied layout with opaque
 * alpha, as GdkMemoryTexture takes it), or on the GL path a finished RGBA texture
 * (memory:GLMemory). Take a reference to keep it. */
typedef void (*WardenVideoSinkFrameFunc) (GstSample *sample,
                                          gpointer   user_data);

WardenVideoSink *warden_video_sink_new            (void);
void             warden_video_sink_set_frame_func (WardenVideoSink          *self,
                                                   WardenVideoSinkFrameFunc  func,
                                                   gpointer                  user_data,
                                                   GDestroyNotify            destroy);

G_END_DECLS
