/* warden-video-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sink does no work of its own: upstream scales and converts to the tile's size,
 * in BGRA on the memory path (the frame reaches GTK as a GdkMemoryTexture without
 * another copy) or to an RGBA texture on the GL path (warden-video-gl.c). It keeps no
 * queue either: each frame goes straight to the frame callback, which keeps only the
 * newest one.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

#include "warden-video-sink.h"

struct _WardenVideoSink
{
  GstVideoSink parent_instance;

  GMutex lock;
  GstCaps *caps;
  WardenVideoSinkFrameFunc frame_func;
  gpointer frame_data;
  GDestroyNotify frame_destroy;
};

G_DEFINE_FINAL_TYPE (WardenVideoSink, warden_video_sink, GST_TYPE_VIDEO_SINK)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE_WITH_FEATURES (GST_CAPS_FEATURE_MEMORY_GL_MEMORY,
                                                                               "RGBA")
                                            ", texture-target = (string) 2D; "
                                            GST_VIDEO_CAPS_MAKE ("BGRA")));

/* Upstream GL elements then attach a sync point to each texture. */
static gboolean
warden_video_sink_propose_allocation (GstBaseSink *sink,
                                      GstQuery    *query)
{
  gst_query_add_allocation_meta (query, GST_GL_SYNC_META_API_TYPE, NULL);

  return TRUE;
}

/* GL thread */
static void
finish_gl (GstGLContext *context,
           gpointer      data)
{
  context->gl_vtable->Finish ();
}

/* streaming thread: a texture is complete before it leaves for GTK's context, which
 * the upload context's commands are not ordered with. */
static void
wait_for_texture (GstBuffer *buffer)
{
  GstMemory *memory = gst_buffer_peek_memory (buffer, 0);
  GstGLSyncMeta *sync_meta;
  GstGLContext *context;

  if (!gst_is_gl_memory (memory))
    return;

  context = ((GstGLBaseMemory *) memory)->context;
  sync_meta = gst_buffer_get_gl_sync_meta (buffer);
  if (sync_meta != NULL)
    {
      gst_gl_sync_meta_set_sync_point (sync_meta, context);
      gst_gl_sync_meta_wait_cpu (sync_meta, context);
    }
  else
    {
      gst_gl_context_thread_add (context, finish_gl, NULL);
    }
}

static gboolean
warden_video_sink_set_info (GstVideoSink        *sink,
                            GstCaps             *caps,
                            const GstVideoInfo  *info)
{
  WardenVideoSink *self = WARDEN_VIDEO_SINK (sink);

  g_mutex_lock (&self->lock);
  gst_caps_replace (&self->caps, caps);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static GstFlowReturn
warden_video_sink_show_frame (GstVideoSink *sink,
                              GstBuffer    *buffer)
{
  WardenVideoSink *self = WARDEN_VIDEO_SINK (sink);
  g_autoptr(GstSample) sample = NULL;
  WardenVideoSinkFrameFunc func;
  gpointer data;

  g_mutex_lock (&self->lock);
  func = self->frame_func;
  data = self->frame_data;
  if (func != NULL && self->caps != NULL)
    sample = gst_sample_new (buffer, self->caps, NULL, NULL);
  g_mutex_unlock (&self->lock);

  if (sample != NULL)
    wait_for_texture (buffer);

  /* The callback runs unlocked; set_frame_func is only called while the sink is
   * not streaming (before PLAYING or after NULL), so it cannot race with this. */
  if (sample != NULL)
    func (sample, data);

  return GST_FLOW_OK;
}

static void
warden_video_sink_finalize (GObject *object)
{
  WardenVideoSink *self = WARDEN_VIDEO_SINK (object);

  if (self->frame_destroy != NULL)
    self->frame_destroy (self->frame_data);
  gst_clear_caps (&self->caps);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_video_sink_parent_class)->finalize (object);
}

static void
warden_video_sink_class_init (WardenVideoSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_sink_class = GST_BASE_SINK_CLASS (klass);
  GstVideoSinkClass *video_sink_class = GST_VIDEO_SINK_CLASS (klass);

  object_class->finalize = warden_video_sink_finalize;

  gst_element_class_set_static_metadata (element_class,
                                         "Warden video sink", "Sink/Video",
                                         "Hands the newest frame to a Warden video tile",
                                         "Warden");
  gst_element_class_add_static_pad_template (element_class, &sink_template);

  base_sink_class->propose_allocation = warden_video_sink_propose_allocation;
  video_sink_class->set_info = warden_video_sink_set_info;
  video_sink_class->show_frame = warden_video_sink_show_frame;
}

static void
warden_video_sink_init (WardenVideoSink *self)
{
  g_mutex_init (&self->lock);
  /* Show frames as soon as they are decoded: the jitterbuffer already paces them,
   * and waiting for the clock again only adds latency. */
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
  gst_base_sink_set_qos_enabled (GST_BASE_SINK (self), FALSE);
  /* The paintable keeps the frame on screen; a second reference here would only
   * hold one more buffer out of the converter's pool. */
  gst_base_sink_set_last_sample_enabled (GST_BASE_SINK (self), FALSE);
}

WardenVideoSink *
warden_video_sink_new (void)
{
  return g_object_new (WARDEN_TYPE_VIDEO_SINK, NULL);
}

void
warden_video_sink_set_frame_func (WardenVideoSink          *self,
                                  WardenVideoSinkFrameFunc  func,
                                  gpointer                  user_data,
                                  GDestroyNotify            destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (WARDEN_IS_VIDEO_SINK (self));

  g_mutex_lock (&self->lock);
  old_destroy = self->frame_destroy;
  old_data = self->frame_data;
  self->frame_func = func;
  self->frame_data = user_data;
  self->frame_destroy = destroy;
  g_mutex_unlock (&self->lock);

  if (old_destroy != NULL)
    old_destroy (old_data);
}
