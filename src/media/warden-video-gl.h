/* warden-video-gl.h: the GL context that GStreamer shares with GTK (GL texture path)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gst/gl/gl.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_VIDEO_GL (warden_video_gl_get_type ())

G_DECLARE_FINAL_TYPE (WardenVideoGl, warden_video_gl, WARDEN, VIDEO_GL, GObject)

WardenVideoGl *warden_video_gl_get_default     (void);
gboolean       warden_video_gl_get_enabled     (WardenVideoGl *self);
void           warden_video_gl_disable         (WardenVideoGl *self,
                                                const char    *reason);
GdkGLContext  *warden_video_gl_get_gdk_context (WardenVideoGl *self);
GstGLContext  *warden_video_gl_get_gst_context (WardenVideoGl *self);
void           warden_video_gl_share           (WardenVideoGl *self,
                                                GstElement    *element);

G_END_DECLS
