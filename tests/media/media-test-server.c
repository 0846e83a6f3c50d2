/* media-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/rtsp-server/rtsp-server.h>

#include "media-test-server.h"

#define SUB_LAUNCH \
  "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 " \
  "! valve name=valve ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=12 bitrate=300 " \
  "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
#define MAIN_LAUNCH \
  "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=640,height=360,framerate=25/1 " \
  "! valve name=valve ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=12 bitrate=600 " \
  "! rtph264pay name=pay0 pt=96 config-interval=-1 )"

/* The main stream with the camera's microphone: G.711 A-law, as most cameras send. */
#define MAIN_AUDIO_LAUNCH \
  "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=640,height=360,framerate=25/1 " \
  "! valve name=valve ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=12 bitrate=600 " \
  "! rtph264pay name=pay0 pt=96 config-interval=-1 " \
  "audiotestsrc is-live=true wave=sine freq=440 volume=0.2 ! audio/x-raw,rate=8000,channels=1 " \
  "! valve name=audio-valve ! alawenc ! rtppcmapay name=pay1 pt=8 )"

struct _MediaTestServer
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GstRTSPServer *server;
  guint port;

  GMutex lock;
  GCond cond;
  gboolean ready;
  gboolean stalled;
  gboolean muted;
  GPtrArray *medias;
  GPtrArray *factories;
};

/* Streams without @name (the audio valve) are left alone. */
static void
set_valve (GstRTSPMedia *media,
           const char   *name,
           gboolean      drop)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) valve = gst_bin_get_by_name (GST_BIN (bin), name);

  if (valve != NULL)
    g_object_set (valve, "drop", drop, NULL);
}

static void
media_unprepared_cb (GstRTSPMedia    *media,
                     MediaTestServer *self)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_remove (self->medias, media);
  g_mutex_unlock (&self->lock);
}

static void
media_configure_cb (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    MediaTestServer     *self)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->medias, g_object_ref (media));
  set_valve (media, "valve", self->stalled);
  set_valve (media, "audio-valve", self->muted);
  g_mutex_unlock (&self->lock);

  g_signal_connect (media, "unprepared", G_CALLBACK (media_unprepared_cb), self);
}

static void
add_factory (MediaTestServer *self,
             const char      *path,
             const char      *launch)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (self->server);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();

  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  g_signal_connect (factory, "media-configure", G_CALLBACK (media_configure_cb), self);
  g_ptr_array_add (self->factories, g_object_ref (factory));
  gst_rtsp_mount_points_add_factory (mounts, path, factory);
}

static gboolean
signal_ready_cb (gpointer data)
{
  MediaTestServer *self = data;

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer data)
{
  MediaTestServer *self = data;
  GSource *source;

  g_main_context_push_thread_default (self->context);

  self->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (self->server, "127.0.0.1");
  gst_rtsp_server_set_service (self->server, "0");
  add_factory (self, "/sub", SUB_LAUNCH);
  add_factory (self, "/main", MAIN_LAUNCH);
  add_factory (self, "/main-audio", MAIN_AUDIO_LAUNCH);
  source = gst_rtsp_server_create_source (self->server, NULL, NULL);
  g_assert_nonnull (source);
  g_source_attach (source, self->context);
  self->port = (guint) gst_rtsp_server_get_bound_port (self->server);

  g_main_context_invoke (self->context, signal_ready_cb, self);
  g_main_loop_run (self->loop);

  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

MediaTestServer *
media_test_server_new (void)
{
  MediaTestServer *self = g_new0 (MediaTestServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->medias = g_ptr_array_new_with_free_func (g_object_unref);
  self->factories = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("rtsp-test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

char *
media_test_server_get_url (MediaTestServer *self,
                           const char      *path)
{
  return g_strdup_printf ("rtsp://127.0.0.1:%u%s", self->port, path);
}

/* Remembers @drop in @fault (for media made later) and sets the valve @name of every
 * stream now served. */
static void
set_fault (MediaTestServer *self,
           gboolean        *fault,
           const char      *name,
           gboolean         drop)
{
  g_mutex_lock (&self->lock);
  *fault = drop;
  for (guint i = 0; i < self->medias->len; i++)
    set_valve (g_ptr_array_index (self->medias, i), name, drop);
  g_mutex_unlock (&self->lock);
}

void
media_test_server_set_stalled (MediaTestServer *self,
                               gboolean         stalled)
{
  set_fault (self, &self->stalled, "valve", stalled);
}

void
media_test_server_set_muted (MediaTestServer *self,
                             gboolean         muted)
{
  set_fault (self, &self->muted, "audio-valve", muted);
}

static GstRTSPFilterResult
remove_client_cb (GstRTSPServer *server,
                  GstRTSPClient *client,
                  gpointer       user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

void
media_test_server_drop_sessions (MediaTestServer *self)
{
  gst_rtsp_server_client_filter (self->server, remove_client_cb, NULL);
}

static gboolean
quit_cb (gpointer data)
{
  MediaTestServer *self = data;

  gst_rtsp_server_client_filter (self->server, remove_client_cb, NULL);
  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

void
media_test_server_free (MediaTestServer *self)
{
  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);

  /* Clients and medias live on in the server's thread pool until it is cleaned up;
   * none of them may call back into this struct. */
  for (guint i = 0; i < self->factories->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->factories, i), self);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->medias->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->medias, i), self);
  g_mutex_unlock (&self->lock);
  g_object_unref (self->server);
  gst_rtsp_thread_pool_cleanup ();

  g_ptr_array_unref (self->factories);
  g_ptr_array_unref (self->medias);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
media_test_wait_until_impl (gboolean  (*done) (gpointer data),
                            const char *what,
                            gpointer    data,
                            guint       timeout_s)
{
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new_seconds (timeout_s);

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());

  while (!done (data) && !timed_out)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);

  if (timed_out)
    g_error ("Timed out after %u s waiting for %s", timeout_s, what);
}
