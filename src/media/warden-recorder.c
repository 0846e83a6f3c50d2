/* warden-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream hands over each encoded access unit as it arrives; the recorder feeds
 * them, from the first key frame on, into its own pipeline:
 *
 *   appsrc → h264parse/h265parse → splitmuxsink (mp4mux, robust muxing)
 *   appsrc (the camera's RTP audio) → AAC (warden-audio-codec.c) ↗
 *
 * so recording never slows down or breaks the live picture, and survives the live
 * pipeline being torn down. Stopping, and a stream that is interrupted, end the
 * appsrc: the muxer writes its index and the file plays in any player. Robust
 * muxing keeps a playable index on disk every second even if Warden is killed.
 * A change of stream (sub → main) closes the file and opens the next one at the
 * new stream's first key frame.
 *
 * A file has a sound track when the stream has one as the file starts; sound from
 * before the file's first key frame is left out, so both tracks start together.
 * Sound that stops for AUDIO_GAP while the video goes on ends the file's sound track,
 * so that the muxer, which waits for every track, never holds the video back.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>

#include "warden-audio-codec.h"
#include "warden-media-error.h"
#include "warden-media-file.h"
#include "warden-recorder.h"

#define QUEUE_MAX_BYTES (32 * 1024 * 1024)   /* encoded data waiting for the disk */
#define AUDIO_QUEUE_MAX_BYTES (1024 * 1024)
#define AUDIO_GAP (2 * GST_SECOND)
#define ROBUST_MAX_DURATION (GST_SECOND * 3600)
#define INDEX_UPDATE_PERIOD GST_SECOND

typedef struct
{
  WardenRecorder *recorder;    /* not owned: muxes are closed before the recorder goes */
  GstElement *pipeline;
  GstElement *appsrc;
  GstCaps *caps;
  GstClockTime base;
  GSource *bus_source;
  GstElement *audio_src;       /* NULL: a file without sound */
  GstCaps *audio_caps;
  GstClockTime audio_last;     /* running time of the newest sound packet */
  gboolean audio_ended;
} Mux;

struct _WardenRecorder
{
  GObject parent_instance;

  GMainContext *context;
  WardenLiveStream *stream;
  /* set at start, and kept while recording: the muxers' threads read them */
  GFile *directory;
  char *title;
  guint64 max_file_bytes;
  GstClockTime max_file_duration;
  GPtrArray *stop_tasks;
  GError *failure;

  GMutex lock;                 /* the fields below */
  gboolean active;
  Mux *mux;
  GPtrArray *closing;          /* Mux* waiting for their end of stream */
};

G_DEFINE_FINAL_TYPE (WardenRecorder, warden_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STREAM,
  PROP_RECORDING,
  N_PROPS
};

enum {
  FILE_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
mux_free (Mux *mux)
{
  g_source_destroy (mux->bus_source);
  g_source_unref (mux->bus_source);
  gst_element_set_state (mux->pipeline, GST_STATE_NULL);
  gst_object_unref (mux->appsrc);
  g_clear_object (&mux->audio_src);
  gst_object_unref (mux->pipeline);
  gst_caps_unref (mux->caps);
  gst_clear_caps (&mux->audio_caps);
  g_free (mux);
}

static void
complete_stop_tasks (WardenRecorder *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  gboolean idle;

  g_mutex_lock (&self->lock);
  idle = !self->active && self->mux == NULL && self->closing->len == 0;
  g_mutex_unlock (&self->lock);

  if (!idle || self->stop_tasks->len == 0)
    return;

  tasks = g_steal_pointer (&self->stop_tasks);
  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (self->failure != NULL)
        g_task_return_error (task, g_error_copy (self->failure));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&self->failure);
}

/* Called with self->lock held. */
static void
close_mux_locked (WardenRecorder *self)
{
  if (self->mux == NULL)
    return;

  gst_app_src_end_of_stream (GST_APP_SRC (self->mux->appsrc));
  if (self->mux->audio_src != NULL && !self->mux->audio_ended)
    gst_app_src_end_of_stream (GST_APP_SRC (self->mux->audio_src));
  g_ptr_array_add (self->closing, g_steal_pointer (&self->mux));
}

static void
deactivate (WardenRecorder *self)
{
  gboolean was_active;

  /* First make sure the stream calls no more: it holds its lock while calling. */
  warden_live_stream_set_encoded_func (self->stream, NULL, NULL, NULL);

  g_mutex_lock (&self->lock);
  was_active = self->active;
  self->active = FALSE;
  close_mux_locked (self);
  g_mutex_unlock (&self->lock);

  if (was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static gboolean
mux_bus_cb (GstBus     *bus,
            GstMessage *message,
            gpointer    user_data)
{
  Mux *mux = user_data;
  WardenRecorder *self = mux->recorder;
  const GstStructure *structure;
  gboolean done = FALSE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      structure = gst_message_get_structure (message);
      if (gst_structure_has_name (structure, "splitmuxsink-fragment-closed"))
        {
          g_autoptr(GFile) file = g_file_new_for_path (gst_structure_get_string (structure, "location"));

          g_signal_emit (self, signals[FILE_CLOSED], 0, file);
        }
      break;

    case GST_MESSAGE_EOS:
      done = TRUE;
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = g_file_get_path (self->directory);

        gst_message_parse_error (message, &error, NULL);
        if (self->failure == NULL)
          self->failure = g_error_new (WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_STREAM,
                                       _("Recording to %s failed: %s; check that the disk has room"),
                                       path, error->message);
        done = TRUE;
      }
      break;

    default:
      break;
    }

  if (done)
    {
      gboolean current;

      g_mutex_lock (&self->lock);
      current = self->mux == mux;
      g_mutex_unlock (&self->lock);

      /* A failing file stops the recording; the stream is left alone. */
      if (current)
        deactivate (self);

      g_mutex_lock (&self->lock);
      g_ptr_array_remove (self->closing, mux);
      g_mutex_unlock (&self->lock);

      mux_free (mux);
      complete_stop_tasks (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* streaming thread: each file is named for the channel and the moment it starts */
static char *
format_location_cb (GstElement     *splitmux,
                    guint           fragment_id,
                    WardenRecorder *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GFile) file = warden_media_file_new (self->directory, self->title, now, "mp4");

  return g_file_get_path (file);
}

/* streaming thread, self->lock held: the sound track, or FALSE with @error set */
static gboolean
mux_add_audio (Mux         *mux,
               GstElement  *splitmux,
               GstCaps     *rtp_caps,
               GError     **error)
{
  const WardenAudioCodec *codec = warden_audio_codec_find (rtp_caps);
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstPad) bin_src = NULL;
  g_autoptr(GstPad) track = NULL;

  if (codec == NULL)
    {
      g_set_error_literal (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_UNSUPPORTED,
                           _("Warden cannot record this camera's sound"));
      return FALSE;
    }
  if ((bin = warden_audio_codec_make_mp4_bin (codec, error)) == NULL)
    return FALSE;

  src = gst_object_ref_sink (gst_element_factory_make ("appsrc", NULL));
  g_object_set (src,
                "caps", rtp_caps,
                "format", GST_FORMAT_TIME,
                "max-bytes", (guint64) AUDIO_QUEUE_MAX_BYTES,
                "leaky-type", 2 /* GST_APP_LEAKY_TYPE_DOWNSTREAM */,
                NULL);
  gst_bin_add_many (GST_BIN (mux->pipeline), src, bin, NULL);
  bin_src = gst_element_get_static_pad (bin, "src");
  track = gst_element_request_pad_simple (splitmux, "audio_%u");
  if (!gst_element_link (src, bin) || track == NULL || gst_pad_link (bin_src, track) != GST_PAD_LINK_OK)
    {
      /* Nothing of it is left, or the muxer would wait for this track. */
      if (track != NULL)
        gst_element_release_request_pad (splitmux, track);
      gst_bin_remove_many (GST_BIN (mux->pipeline), src, bin, NULL);
      g_set_error (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_UNSUPPORTED,
                   _("Cannot record %s sound to MP4"), codec->encoding);
      return FALSE;
    }
  mux->audio_src = g_steal_pointer (&src);
  mux->audio_caps = gst_caps_ref (rtp_caps);

  return TRUE;
}

/* streaming thread, self->lock held */
static Mux *
mux_new (WardenRecorder  *self,
         GstCaps         *caps,
         GstCaps         *audio_caps,
         GError         **error)
{
  const char *media_type = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  const char *parser_name;
  GstElement *parser, *muxer, *splitmux;
  g_autoptr(GstBus) bus = NULL;
  Mux *mux;

  if (g_str_equal (media_type, "video/x-h264"))
    parser_name = "h264parse";
  else if (g_str_equal (media_type, "video/x-h265"))
    parser_name = "h265parse";
  else
    {
      g_set_error (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_UNSUPPORTED,
                   _("Cannot record %s video to MP4"), media_type);
      return NULL;
    }

  parser = gst_element_factory_make (parser_name, NULL);
  muxer = gst_element_factory_make ("mp4mux", NULL);
  splitmux = gst_element_factory_make ("splitmuxsink", NULL);
  if (parser == NULL || muxer == NULL || splitmux == NULL)
    {
      g_clear_object (&parser);
      g_clear_object (&muxer);
      g_clear_object (&splitmux);
      g_set_error_literal (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_MISSING_PLUGIN,
                           _("Recording needs gstreamer1.0-plugins-good and -bad; install them"));
      return NULL;
    }

  mux = g_new0 (Mux, 1);
  mux->recorder = self;
  mux->caps = gst_caps_ref (caps);
  mux->base = GST_CLOCK_TIME_NONE;
  mux->pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  mux->appsrc = gst_object_ref_sink (gst_element_factory_make ("appsrc", NULL));

  g_object_set (mux->appsrc,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "max-bytes", (guint64) QUEUE_MAX_BYTES,
                "leaky-type", 2 /* GST_APP_LEAKY_TYPE_DOWNSTREAM */,
                NULL);
  g_object_set (muxer,
                "reserved-max-duration", self->max_file_duration != 0
                                         ? self->max_file_duration : ROBUST_MAX_DURATION,
                "reserved-moov-update-period", INDEX_UPDATE_PERIOD,
                NULL);
  g_signal_connect (splitmux, "format-location", G_CALLBACK (format_location_cb), self);
  g_object_set (splitmux,
                "muxer", muxer,
                "use-robust-muxing", TRUE,
                "max-size-bytes", self->max_file_bytes,
                "max-size-time", self->max_file_duration,
                NULL);

  gst_bin_add_many (GST_BIN (mux->pipeline), mux->appsrc, parser, splitmux, NULL);
  if (!gst_element_link_many (mux->appsrc, parser, splitmux, NULL))
    g_assert_not_reached ();

  if (audio_caps != NULL)
    {
      g_autoptr(GError) audio_error = NULL;

      /* The picture is what matters: without its sound, the file is still made. */
      if (!mux_add_audio (mux, splitmux, audio_caps, &audio_error))
        g_message ("Recording without sound: %s", audio_error->message);
    }

  bus = gst_element_get_bus (mux->pipeline);
  mux->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (mux->bus_source, (GSourceFunc) (void (*)(void)) mux_bus_cb, mux, NULL);
  g_source_attach (mux->bus_source, self->context);

  gst_element_set_state (mux->pipeline, GST_STATE_PLAYING);

  return mux;
}

static GstClockTime
running_time (const GstSegment *segment,
              GstClockTime      timestamp)
{
  if (segment == NULL || segment->format != GST_FORMAT_TIME)
    return timestamp;

  return gst_segment_to_running_time (segment, GST_FORMAT_TIME, timestamp);
}

/* streaming thread, self->lock held: one RTP packet of the stream's sound */
static void
record_audio_locked (WardenRecorder   *self,
                     GstBuffer        *packet,
                     GstCaps          *caps,
                     const GstSegment *segment)
{
  Mux *mux = self->mux;
  GstClockTime pts;
  GstBuffer *copy;

  if (mux == NULL || mux->audio_src == NULL || mux->audio_ended || !gst_caps_is_equal (mux->audio_caps, caps))
    return;

  pts = running_time (segment, GST_BUFFER_PTS (packet));
  if (!GST_CLOCK_TIME_IS_VALID (pts) || pts < mux->base)
    return;

  copy = gst_buffer_copy (packet);
  GST_BUFFER_PTS (copy) = pts - mux->base;
  GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_NONE;
  mux->audio_last = MAX (mux->audio_last, pts);
  gst_app_src_push_buffer (GST_APP_SRC (mux->audio_src), copy);
}

/* streaming thread, self->lock held: the video has reached @pts */
static void
end_silent_audio_locked (Mux          *mux,
                         GstClockTime  pts)
{
  if (mux->audio_src == NULL || mux->audio_ended || pts < mux->audio_last + AUDIO_GAP)
    return;

  g_debug ("No sound for %" GST_TIME_FORMAT ": the file's sound track ends", GST_TIME_ARGS (AUDIO_GAP));
  mux->audio_ended = TRUE;
  gst_app_src_end_of_stream (GST_APP_SRC (mux->audio_src));
}

/* streaming thread, with the stream's lock held */
static void
encoded_cb (GstSample *sample,
            gpointer   user_data)
{
  WardenRecorder *self = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime pts, dts;
  GstBuffer *copy;

  if (buffer == NULL || caps == NULL)
    return;

  g_mutex_lock (&self->lock);
  if (!self->active)
    goto out;

  if (gst_structure_has_name (gst_caps_get_structure (caps, 0), "application/x-rtp"))
    {
      record_audio_locked (self, buffer, caps, segment);
      goto out;
    }

  if (self->mux != NULL && !gst_caps_is_equal (self->mux->caps, caps))
    close_mux_locked (self);

  if (self->mux == NULL)
    {
      const GstStructure *info = gst_sample_get_info (sample);
      g_autoptr(GstCaps) audio_caps = NULL;
      g_autoptr(GError) error = NULL;

      if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        goto out;

      if (info != NULL)
        gst_structure_get (info, "audio-caps", GST_TYPE_CAPS, &audio_caps, NULL);
      self->mux = mux_new (self, caps, audio_caps, &error);
      if (self->mux == NULL)
        {
          g_debug ("Not recording: %s", error->message);
          goto out;
        }
    }

  pts = running_time (segment, GST_BUFFER_PTS (buffer));
  dts = GST_BUFFER_DTS_IS_VALID (buffer) ? running_time (segment, GST_BUFFER_DTS (buffer)) : pts;
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    goto out;
  if (!GST_CLOCK_TIME_IS_VALID (self->mux->base))
    {
      self->mux->base = MIN (pts, GST_CLOCK_TIME_IS_VALID (dts) ? dts : pts);
      self->mux->audio_last = self->mux->base;
    }

  copy = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (copy) = pts > self->mux->base ? pts - self->mux->base : 0;
  GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_IS_VALID (dts) && dts > self->mux->base
                          ? dts - self->mux->base : 0;
  gst_app_src_push_buffer (GST_APP_SRC (self->mux->appsrc), copy);
  end_silent_audio_locked (self->mux, pts);

out:
  g_mutex_unlock (&self->lock);
}

static void
stream_state_cb (WardenLiveStream *stream,
                 GParamSpec       *pspec,
                 WardenRecorder   *self)
{
  /* An interrupted stream finalises the file now, not at the next frame. */
  if (warden_recorder_get_recording (self)
      && warden_live_stream_get_state (stream) != WARDEN_LIVE_STATE_PLAYING)
    deactivate (self);
}

static void
warden_recorder_dispose (GObject *object)
{
  WardenRecorder *self = WARDEN_RECORDER (object);

  if (self->stream != NULL)
    {
      deactivate (self);
      g_signal_handlers_disconnect_by_func (self->stream, stream_state_cb, self);
    }

  /* Closing for good: wait for each file to be written out. */
  g_mutex_lock (&self->lock);
  while (self->closing->len > 0)
    {
      Mux *mux = g_ptr_array_steal_index (self->closing, 0);
      g_autoptr(GstBus) bus = gst_element_get_bus (mux->pipeline);
      g_autoptr(GstMessage) message = NULL;

      g_mutex_unlock (&self->lock);
      message = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      mux_free (mux);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);

  complete_stop_tasks (self);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (warden_recorder_parent_class)->dispose (object);
}

static void
warden_recorder_finalize (GObject *object)
{
  WardenRecorder *self = WARDEN_RECORDER (object);

  g_ptr_array_unref (self->closing);
  g_ptr_array_unref (self->stop_tasks);
  g_clear_error (&self->failure);
  g_clear_object (&self->directory);
  g_free (self->title);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_recorder_parent_class)->finalize (object);
}

static void
warden_recorder_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WardenRecorder *self = WARDEN_RECORDER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, warden_recorder_get_recording (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_recorder_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WardenRecorder *self = WARDEN_RECORDER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      g_signal_connect (self->stream, "notify::state", G_CALLBACK (stream_state_cb), self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_recorder_class_init (WardenRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_recorder_dispose;
  object_class->finalize = warden_recorder_finalize;
  object_class->get_property = warden_recorder_get_property;
  object_class->set_property = warden_recorder_set_property;

  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, WARDEN_TYPE_LIVE_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* TRUE from start until stop or an interruption; files may still be closing. */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WardenRecorder::file-closed:
   * @file: a finished MP4 file
   *
   * Emitted for each file once its index is written (at a split, a stop, or an
   * interruption).
   */
  signals[FILE_CLOSED] =
    g_signal_new ("file-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
warden_recorder_init (WardenRecorder *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->closing = g_ptr_array_new ();
  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * warden_recorder_new:
 * @stream: the live stream to record
 *
 * Signals and the stop callback run on the caller's thread-default main context.
 */
WardenRecorder *
warden_recorder_new (WardenLiveStream *stream)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (stream), NULL);

  return g_object_new (WARDEN_TYPE_RECORDER, "stream", stream, NULL);
}

WardenLiveStream *
warden_recorder_get_stream (WardenRecorder *self)
{
  g_return_val_if_fail (WARDEN_IS_RECORDER (self), NULL);

  return self->stream;
}

/**
 * warden_recorder_start:
 * @directory: where the MP4 files go (created when missing)
 * @max_file_bytes: start a new file past this size, 0 for no limit
 * @max_file_duration: start a new file past this duration, 0 for no limit
 *
 * Records from the stream's next key frame on.
 */
gboolean
warden_recorder_start (WardenRecorder  *self,
                       GFile           *directory,
                       guint64          max_file_bytes,
                       GstClockTime     max_file_duration,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (WARDEN_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (warden_recorder_get_recording (self))
    {
      g_set_error_literal (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_BUSY,
                           _("This stream is already being recorded; stop it first"));
      return FALSE;
    }

  if (!g_file_make_directory_with_parents (directory, NULL, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&self->directory, directory);
  g_free (self->title);
  self->title = g_strdup (warden_live_stream_get_title (self->stream));
  self->max_file_bytes = max_file_bytes;
  self->max_file_duration = max_file_duration;
  g_clear_error (&self->failure);

  g_mutex_lock (&self->lock);
  self->active = TRUE;
  g_mutex_unlock (&self->lock);

  warden_live_stream_set_encoded_func (self->stream, encoded_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);

  return TRUE;
}

gboolean
warden_recorder_get_recording (WardenRecorder *self)
{
  gboolean active;

  g_return_val_if_fail (WARDEN_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->lock);
  active = self->active;
  g_mutex_unlock (&self->lock);

  return active;
}

/**
 * warden_recorder_stop_async:
 *
 * Stops recording; completes once every file is closed and playable.
 */
void
warden_recorder_stop_async (WardenRecorder      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WARDEN_IS_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_recorder_stop_async);
  g_ptr_array_add (self->stop_tasks, g_steal_pointer (&task));

  deactivate (self);
  complete_stop_tasks (self);
}

gboolean
warden_recorder_stop_finish (WardenRecorder  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (WARDEN_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
