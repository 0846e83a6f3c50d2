/* warden-video-paintable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames arrive on a streaming thread. Only the newest one is kept; at most one idle
 * is pending on the main context to take it, so a burst of frames costs one texture
 * and one invalidation.
 *
 * With a frame clock (the tile's, shared by the whole window), no idle is needed: the
 * window's WardenFrameCoalescer asks the clock for an update phase a few milliseconds
 * later, so the other tiles' frames of the same moment join, and frames are swapped in
 * there: every tile whose frame came in since the last cycle changes in the same cycle,
 * so the window paints once for all of them, and never between layout and paint.
 * Without a clock the idle swaps.
 *
 * A memory-path frame becomes a GL texture from WardenGlUpload where GTK renders with
 * GL (reused textures, one copy); otherwise a GdkMemoryTexture that wraps the mapped
 * buffer.
 *
 * Digital zoom shows part of the frame: @zoom times the frame's size, centred on a
 * point of the frame given as fractions of its width and height, clipped to the
 * paintable's bounds. The view never leaves the frame.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <math.h>

#include <gst/gl/gl.h>
#include <gst/video/video.h>

#include "warden-frame-coalescer.h"
#include "warden-gl-upload.h"
#include "warden-video-gl.h"
#include "warden-video-paintable.h"

struct _WardenVideoPaintable
{
  GObject parent_instance;

  GMainContext *context;

  GMutex lock;                 /* protects pending, swap_source, coalescer, frames_received */
  GstSample *pending;
  GSource *swap_source;
  WardenFrameCoalescer *coalescer; /* of frame_clock */
  guint64 frames_received;

  /* main context only */
  GdkFrameClock *frame_clock;
  gulong update_handler;
  GdkTexture *texture;
  guint64 frames_shown;
  guint64 frames_painted;
  gboolean painted_current;
  double zoom;
  double center_x;
  double center_y;
};

static void warden_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WardenVideoPaintable, warden_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      warden_video_paintable_iface_init))

static void
video_frame_free (gpointer data)
{
  GstVideoFrame *frame = data;

  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* The sink waited for the texture to be complete; GTK's contexts share it. */
static GdkTexture *
gl_texture_from_buffer (const GstVideoInfo *info,
                        GstBuffer          *buffer)
{
  WardenVideoGl *gl = warden_video_gl_get_default ();
  GstMemory *memory = gst_buffer_peek_memory (buffer, 0);

  if (gl == NULL || !gst_is_gl_memory (memory))
    return NULL;

  return gdk_gl_texture_new (warden_video_gl_get_gdk_context (gl),
                             gst_gl_memory_get_texture_id ((GstGLMemory *) memory),
                             GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info),
                             (GDestroyNotify) gst_buffer_unref, gst_buffer_ref (buffer));
}

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstVideoInfo info;
  GstVideoFrame *frame;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  WardenGlUpload *upload = warden_gl_upload_get_default ();
  GdkTexture *texture;
  g_autoptr(GBytes) bytes = NULL;
  gsize stride;
  gsize size;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;
  if (gst_caps_features_contains (gst_caps_get_features (caps, 0), GST_CAPS_FEATURE_MEMORY_GL_MEMORY))
    return gl_texture_from_buffer (&info, buffer);
  g_assert (GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_BGRA);

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  if (upload != NULL
      && (texture = warden_gl_upload_texture (upload, GST_VIDEO_FRAME_WIDTH (frame),
                                              GST_VIDEO_FRAME_HEIGHT (frame),
                                              GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                              stride)) != NULL)
    {
      video_frame_free (frame);
      return texture;
    }

  size = stride * (gsize) (GST_VIDEO_FRAME_HEIGHT (frame) - 1)
         + (gsize) GST_VIDEO_FRAME_WIDTH (frame) * 4;
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0), size,
                                      video_frame_free, frame);

  /* Video is opaque, so straight and premultiplied BGRA are the same bytes, and
   * premultiplied BGRA is the layout GTK draws from without converting. */
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame),
                                 GST_VIDEO_FRAME_HEIGHT (frame),
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                 bytes, stride);
}

static void
swap_frame (WardenVideoPaintable *self)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);

  if (sample == NULL || (texture = texture_from_sample (sample)) == NULL)
    return;

  size_changed = self->texture == NULL
                 || gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture)
                 || gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);

  g_set_object (&self->texture, texture);
  self->frames_shown++;
  self->painted_current = FALSE;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static void
frame_clock_update_cb (GdkFrameClock        *clock,
                       WardenVideoPaintable *self)
{
  swap_frame (self);
}

static gboolean
frame_arrived_cb (gpointer user_data)
{
  WardenVideoPaintable *self = user_data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->swap_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  swap_frame (self);

  return G_SOURCE_REMOVE;
}

static void
warden_video_paintable_snapshot (GdkPaintable *paintable,
                                 GdkSnapshot  *snapshot,
                                 double        width,
                                 double        height)
{
  WardenVideoPaintable *self = WARDEN_VIDEO_PAINTABLE (paintable);
  gboolean zoomed = self->zoom > 1.0;

  if (self->texture == NULL)
    return;

  /* Unzoomed, the centre is exactly the middle and this is the whole bounds. */
  if (zoomed)
    gtk_snapshot_push_clip (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture,
                               &GRAPHENE_RECT_INIT (width * (0.5 - self->center_x * self->zoom),
                                                    height * (0.5 - self->center_y * self->zoom),
                                                    width * self->zoom, height * self->zoom));
  if (zoomed)
    gtk_snapshot_pop (GTK_SNAPSHOT (snapshot));

  if (!self->painted_current)
    {
      self->painted_current = TRUE;
      self->frames_painted++;
    }
}

static GdkPaintable *
warden_video_paintable_get_current_image (GdkPaintable *paintable)
{
  WardenVideoPaintable *self = WARDEN_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (0, 0);
}

static int
warden_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  WardenVideoPaintable *self = WARDEN_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
warden_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  WardenVideoPaintable *self = WARDEN_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static void
warden_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = warden_video_paintable_snapshot;
  iface->get_current_image = warden_video_paintable_get_current_image;
  iface->get_intrinsic_width = warden_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = warden_video_paintable_get_intrinsic_height;
}

static void
warden_video_paintable_finalize (GObject *object)
{
  WardenVideoPaintable *self = WARDEN_VIDEO_PAINTABLE (object);

  /* Whoever pushes frames holds a reference, so no frame can arrive now. */
  if (self->swap_source != NULL)
    {
      g_source_destroy (self->swap_source);
      g_source_unref (self->swap_source);
    }
  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->update_handler, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_clear_pointer (&self->coalescer, warden_frame_coalescer_unref);
  g_clear_object (&self->texture);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_video_paintable_parent_class)->finalize (object);
}

static void
warden_video_paintable_class_init (WardenVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_video_paintable_finalize;
}

static void
warden_video_paintable_init (WardenVideoPaintable *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->zoom = 1.0;
  self->center_x = 0.5;
  self->center_y = 0.5;
}

/**
 * warden_video_paintable_new:
 *
 * Creates a paintable that swaps frames in on the thread-default main context of
 * the caller (the GTK main context).
 */
WardenVideoPaintable *
warden_video_paintable_new (void)
{
  return g_object_new (WARDEN_TYPE_VIDEO_PAINTABLE, NULL);
}

/**
 * warden_video_paintable_push_sample:
 * @sample: a frame from WardenVideoSink
 *
 * Thread-safe. Replaces any frame still waiting to be shown.
 */
void
warden_video_paintable_push_sample (WardenVideoPaintable *self,
                                    GstSample            *sample)
{
  g_autoptr(WardenFrameCoalescer) coalescer = NULL;

  g_return_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (GST_IS_SAMPLE (sample));

  g_mutex_lock (&self->lock);
  if (self->pending != NULL)
    gst_sample_unref (self->pending);
  self->pending = gst_sample_ref (sample);
  self->frames_received++;
  if (self->coalescer != NULL)
    {
      coalescer = warden_frame_coalescer_ref (self->coalescer);
    }
  else if (self->swap_source == NULL)
    {
      self->swap_source = g_idle_source_new ();
      g_source_set_priority (self->swap_source, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (self->swap_source, frame_arrived_cb, self, NULL);
      g_source_set_static_name (self->swap_source, "[warden] swap video frame");
      g_source_attach (self->swap_source, self->context);
    }
  g_mutex_unlock (&self->lock);

  if (coalescer != NULL)
    warden_frame_coalescer_arm (coalescer);
}

/**
 * warden_video_paintable_set_frame_clock:
 * @frame_clock: (nullable): the frame clock of the widget showing the paintable
 *
 * Swaps frames in on @frame_clock's update phase, in step with the other
 * paintables of the same clock; with %NULL, as soon as the main context runs.
 */
void
warden_video_paintable_set_frame_clock (WardenVideoPaintable *self,
                                        GdkFrameClock        *frame_clock)
{
  g_autoptr(WardenFrameCoalescer) coalescer = NULL;
  g_autoptr(WardenFrameCoalescer) old_coalescer = NULL;

  g_return_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (frame_clock == NULL || GDK_IS_FRAME_CLOCK (frame_clock));

  if (self->frame_clock == frame_clock)
    return;

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->update_handler, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }

  if (frame_clock != NULL)
    {
      coalescer = warden_frame_coalescer_get_for_clock (frame_clock);
      self->frame_clock = g_object_ref (frame_clock);
      self->update_handler = g_signal_connect (frame_clock, "update",
                                               G_CALLBACK (frame_clock_update_cb), self);
      gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
    }

  g_mutex_lock (&self->lock);
  old_coalescer = g_steal_pointer (&self->coalescer);
  self->coalescer = g_steal_pointer (&coalescer);
  g_mutex_unlock (&self->lock);

  /* A frame waiting for a cycle of the old clock is shown now. */
  if (frame_clock == NULL)
    swap_frame (self);
}

/**
 * warden_video_paintable_clear:
 *
 * Drops the picture, e.g. when the tile is closed.
 */
void
warden_video_paintable_clear (WardenVideoPaintable *self)
{
  g_return_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  if (self->texture != NULL)
    {
      g_clear_object (&self->texture);
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
      gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
    }
}

gboolean
warden_video_paintable_has_frame (WardenVideoPaintable *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self), FALSE);

  return self->texture != NULL;
}

/* Frames handed to the paintable, on any thread. */
guint64
warden_video_paintable_get_frames_received (WardenVideoPaintable *self)
{
  guint64 frames;

  g_return_val_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self), 0);

  g_mutex_lock (&self->lock);
  frames = self->frames_received;
  g_mutex_unlock (&self->lock);

  return frames;
}

/* Frames swapped in on the main context (the others were replaced by a newer one). */
guint64
warden_video_paintable_get_frames_shown (WardenVideoPaintable *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self), 0);

  return self->frames_shown;
}

/* Frames that a widget actually drew at least once. */
guint64
warden_video_paintable_get_frames_painted (WardenVideoPaintable *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self), 0);

  return self->frames_painted;
}

/**
 * warden_video_paintable_set_zoom:
 * @zoom: how many times larger than the frame fitted to the bounds, from 1 to
 *   %WARDEN_VIDEO_PAINTABLE_MAX_ZOOM
 * @center_x: the point of the frame to show in the middle, as a fraction of its width
 * @center_y: the same, as a fraction of its height
 *
 * Shows part of the frame (digital zoom). The values are clamped so that the view
 * stays within the frame; 1 shows all of it.
 */
void
warden_video_paintable_set_zoom (WardenVideoPaintable *self,
                                 double                zoom,
                                 double                center_x,
                                 double                center_y)
{
  double half;

  g_return_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self));

  zoom = CLAMP (isfinite (zoom) ? zoom : 1.0, 1.0, WARDEN_VIDEO_PAINTABLE_MAX_ZOOM);
  half = 0.5 / zoom;
  center_x = CLAMP (isfinite (center_x) ? center_x : 0.5, half, 1.0 - half);
  center_y = CLAMP (isfinite (center_y) ? center_y : 0.5, half, 1.0 - half);
  if (zoom == self->zoom && center_x == self->center_x && center_y == self->center_y)
    return;

  self->zoom = zoom;
  self->center_x = center_x;
  self->center_y = center_y;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

double
warden_video_paintable_get_zoom (WardenVideoPaintable *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self), 1.0);

  return self->zoom;
}

/**
 * warden_video_paintable_get_zoom_center:
 * @center_x: (out): the frame's point in the middle of the view, as a fraction of
 *   its width
 * @center_y: (out): the same, as a fraction of its height
 */
void
warden_video_paintable_get_zoom_center (WardenVideoPaintable *self,
                                        double               *center_x,
                                        double               *center_y)
{
  g_return_if_fail (WARDEN_IS_VIDEO_PAINTABLE (self));

  *center_x = self->center_x;
  *center_y = self->center_y;
}
