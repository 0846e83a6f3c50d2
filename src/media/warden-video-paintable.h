/* warden-video-paintable.h: a GdkPaintable showing the newest frame of a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_VIDEO_PAINTABLE (warden_video_paintable_get_type ())
#define WARDEN_VIDEO_PAINTABLE_MAX_ZOOM 8.0

G_DECLARE_FINAL_TYPE (WardenVideoPaintable, warden_video_paintable, WARDEN, VIDEO_PAINTABLE, GObject)

WardenVideoPaintable *warden_video_paintable_new                (void);
void                  warden_video_paintable_push_sample        (WardenVideoPaintable *self,
                                                                 GstSample            *sample);
void                  warden_video_paintable_set_frame_clock    (WardenVideoPaintable *self,
                                                                 GdkFrameClock        *frame_clock);
void                  warden_video_paintable_clear              (WardenVideoPaintable *self);
gboolean              warden_video_paintable_has_frame          (WardenVideoPaintable *self);
guint64               warden_video_paintable_get_frames_received (WardenVideoPaintable *self);
guint64               warden_video_paintable_get_frames_shown   (WardenVideoPaintable *self);
guint64               warden_video_paintable_get_frames_painted (WardenVideoPaintable *self);
void                  warden_video_paintable_set_zoom           (WardenVideoPaintable *self,
                                                                 double                zoom,
                                                                 double                center_x,
                                                                 double                center_y);
double                warden_video_paintable_get_zoom           (WardenVideoPaintable *self);
void                  warden_video_paintable_get_zoom_center    (WardenVideoPaintable *self,
                                                                 double               *center_x,
                                                                 double               *center_y);

G_END_DECLS
