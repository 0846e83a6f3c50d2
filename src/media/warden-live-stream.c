/* warden-live-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pipeline per stream:
 *
 *   rtspsrc → depay → parse ─probe─→ decoder → videorate → videoconvert (passes 4:2:0
 *     through) → WardenTileScaler → capsfilter (BGRA at the tile's size) → WardenVideoSink
 *
 * or, on the GL texture path (warden-video-gl.c):
 *
 *     … → WardenTileScaler → capsfilter (the tile's size, planar as decoded)
 *     → glupload → glcolorconvert → RGBA texture → WardenVideoSink
 *
 * The probe after the parser counts bytes, hands each access unit to the recorder,
 * keeps the current GOP, and stops decoding while the tile is hidden (the RTSP session
 * stays open; when the tile is shown again, the kept GOP goes into the decoder, so the
 * picture returns at once rather than at the next key frame). The decoder runs on the jitterbuffer's
 * streaming thread with one thread of its own: parallelism comes from running many
 * streams, and frame threading would add a frame of latency.
 *
 * The first audio track, where the camera sends one, ends in a fakesink; while the
 * stream's sound is on, a probe hands its RTP packets to a WardenAudioOut, which plays
 * them in a pipeline of its own, and while it is recorded, to the recorder.
 *
 * A URL switch (sub → main) starts a second pipeline and keeps forwarding frames of
 * the first until the second has decoded its first key frame; then the first is torn
 * down. Every pipeline has a generation number; a frame from an older generation
 * than the newest shown one is dropped.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <malloc.h>

#include <glib/gi18n.h>
#include <gst/gl/gl.h>
#include <gst/video/video.h>

#include "warden-audio-out.h"
#include "warden-live-stream.h"
#include "warden-media-enums.h"
#include "warden-media-error.h"
#include "warden-media-file.h"
#include "warden-tile-scaler.h"
#include "warden-video-gl.h"

#define TICK_INTERVAL_MS 1000
#define DEFAULT_STALL_TIMEOUT_S 5
#define BACKOFF_MIN_S 1
#define BACKOFF_MAX_S 30
#define BACKOFF_RESET_S 10        /* a stream that played this long retries quickly again */
#define REALTIME_LATENCY_MS 40
#define FLUENT_LATENCY_MS 800
#define AUTO_START_LATENCY_MS 200
#define AUTO_MIN_LATENCY_MS 50
#define AUTO_MAX_LATENCY_MS 1000
#define AUTO_CALM_S 20            /* no late or lost packet for this long: halve the latency */
#define GOP_MAX_BYTES (4 * 1024 * 1024)   /* the kept GOP: 8 s of a 4 Mb/s main stream */
#define GOP_MAX_UNITS 500

typedef struct
{
  GCallback func;
  gpointer data;
  GDestroyNotify destroy;
} Callback;

typedef struct
{
  WardenLiveStream *stream;       /* not owned: a pipe is torn down before its stream */
  guint generation;
  GstElement *pipeline;
  GstElement *videorate;
  GstElement *capsfilter;
  GstElement *sink;
  gboolean gl;                    /* the GL texture path, else the memory path */

  /* under stream->lock */
  GPtrArray *jitterbuffers;
  gboolean video_selected;
  gboolean audio_selected;
  GstCaps *audio_caps;            /* of the audio track, NULL without one */
  gboolean need_keyframe;
  gboolean got_frame;
  GPtrArray *gop;                 /* access units since the last key frame, NULL if too many */
  gsize gop_bytes;
  gboolean was_hidden;            /* the last access unit came while the tile was hidden */
} Pipe;

struct _WardenLiveStream
{
  GObject parent_instance;

  GMainContext *context;
  char *url;
  char *title;                    /* names snapshots and recordings */
  WardenLatencyMode mode;
  guint max_fps;
  guint stall_timeout_s;
  int tile_width;
  int tile_height;

  WardenLiveState state;
  char *error_message;
  guint retry_seconds;
  gint64 retry_at_us;
  guint backoff_s;
  gint64 connect_us;
  gint64 playing_since_us;
  GSource *tick_source;
  guint generation;
  Pipe *current;
  Pipe *pending;                  /* a switch in progress */

  double fps;
  guint bitrate_kbps;
  int width;
  int height;
  gboolean audio;
  gboolean has_audio;
  guint latency_ms;
  guint64 auto_losses;
  gint64 auto_calm_since_us;
  gint64 last_tick_us;
  guint64 tick_frames;
  guint64 tick_bytes;

  GMutex lock;                    /* everything below, and Pipe's locked fields */
  gboolean visible;
  gboolean key_frames_only;
  guint shown_generation;
  guint64 frames;
  guint64 bytes;
  gint64 last_frame_us;
  gint64 last_data_us;
  int decoded_width;
  int decoded_height;
  GstBuffer *last_decoded;
  GstCaps *last_decoded_caps;
  WardenAudioOut *audio_out;      /* while the sound is on */
  Callback frame;                 /* WardenVideoSinkFrameFunc */
  Callback encoded;               /* WardenEncodedFunc */
};

typedef struct
{
  GWeakRef stream;
  guint generation;
} FirstFrame;

typedef struct
{
  GstSample *sample;
  GFile *directory;
  char *title;
  WardenSnapshotFormat format;
} SnapshotData;

static void warden_live_stream_connect (WardenLiveStream *self);

G_DEFINE_FINAL_TYPE (WardenLiveStream, warden_live_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_LATENCY_MODE,
  PROP_STATE,
  PROP_RETRY_SECONDS,
  PROP_ERROR_MESSAGE,
  PROP_FPS,
  PROP_BITRATE_KBPS,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_LATENCY_MS,
  PROP_MAX_FPS,
  PROP_VISIBLE,
  PROP_KEY_FRAMES_ONLY,
  PROP_STALL_TIMEOUT,
  PROP_AUDIO,
  PROP_HAS_AUDIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
replace_string (char       **target,
                const char  *value)
{
  if (g_strcmp0 (*target, value) == 0)
    return FALSE;

  g_free (*target);
  *target = g_strdup (value);

  return TRUE;
}

/* Swaps a callback that streaming threads call under self->lock; the old data is
 * released outside the lock. */
static void
replace_callback (WardenLiveStream  *self,
                  Callback          *slot,
                  GCallback          func,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  Callback old;

  g_mutex_lock (&self->lock);
  old = *slot;
  slot->func = func;
  slot->data = user_data;
  slot->destroy = destroy;
  g_mutex_unlock (&self->lock);

  if (old.destroy != NULL)
    old.destroy (old.data);
}

static char *
describe_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  /* Never the whole URL: it may carry the device's password. */
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("the camera");

  return g_strdup (g_uri_get_host (uri));
}

static guint
mode_latency_ms (WardenLatencyMode mode)
{
  switch (mode)
    {
    case WARDEN_LATENCY_REALTIME:
      return REALTIME_LATENCY_MS;
    case WARDEN_LATENCY_FLUENT:
      return FLUENT_LATENCY_MS;
    case WARDEN_LATENCY_AUTO:
      return AUTO_START_LATENCY_MS;
    default:
      g_assert_not_reached ();
    }
}

/* What the scaler hands on: the tile's size, and on the memory path BGRA; the GL path
 * uploads the scaled planes as they are and converts them on the GPU. */
static GstCaps *
tile_caps (WardenLiveStream *self,
           gboolean          gl)
{
  GstCaps *caps = gst_caps_new_empty_simple ("video/x-raw");

  if (!gl)
    gst_caps_set_simple (caps, "format", G_TYPE_STRING, "BGRA", NULL);
  if (self->tile_width > 0 && self->tile_height > 0)
    gst_caps_set_simple (caps,
                         "width", G_TYPE_INT, self->tile_width,
                         "height", G_TYPE_INT, self->tile_height,
                         "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                         NULL);

  return caps;
}

static void
pipe_apply_size (Pipe *pipe)
{
  g_autoptr(GstCaps) caps = tile_caps (pipe->stream, pipe->gl);

  g_object_set (pipe->capsfilter, "caps", caps, NULL);
}

static void
set_state (WardenLiveStream *self,
           WardenLiveState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (WardenLiveStream *self,
                   const char       *message)
{
  if (replace_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_retry_seconds (WardenLiveStream *self,
                   guint             seconds)
{
  if (self->retry_seconds == seconds)
    return;

  self->retry_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SECONDS]);
}

static void
pipe_apply_latency (Pipe  *pipe,
                    guint  latency_ms)
{
  WardenLiveStream *self = pipe->stream;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < pipe->jitterbuffers->len; i++)
    g_object_set (g_ptr_array_index (pipe->jitterbuffers, i), "latency", latency_ms, NULL);
  g_mutex_unlock (&self->lock);

  /* Real-time shows each frame as soon as it is decoded; the other modes let the
   * jitterbuffer's latency smooth out the network by pacing frames on the clock. */
  g_object_set (pipe->sink, "sync", self->mode != WARDEN_LATENCY_REALTIME, NULL);
  gst_bin_recalculate_latency (GST_BIN (pipe->pipeline));
}

static void
set_latency_ms (WardenLiveStream *self,
                guint             latency_ms)
{
  if (self->current != NULL)
    pipe_apply_latency (self->current, latency_ms);
  if (self->pending != NULL)
    pipe_apply_latency (self->pending, latency_ms);

  if (self->latency_ms != latency_ms)
    {
      self->latency_ms = latency_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
    }
}

static void
pipe_free (Pipe *pipe)
{
  WardenLiveStream *self = pipe->stream;

  g_autoptr(GstBus) bus = gst_element_get_bus (pipe->pipeline);

  gst_bus_remove_watch (bus);
  /* Joins the streaming threads: no callback of this pipe runs after this. */
  gst_element_set_state (pipe->pipeline, GST_STATE_NULL);

  g_mutex_lock (&self->lock);
  g_ptr_array_unref (pipe->jitterbuffers);
  g_clear_pointer (&pipe->gop, g_ptr_array_unref);
  gst_clear_caps (&pipe->audio_caps);
  g_mutex_unlock (&self->lock);

  gst_object_unref (pipe->videorate);
  gst_object_unref (pipe->capsfilter);
  gst_object_unref (pipe->sink);
  gst_object_unref (pipe->pipeline);
  g_free (pipe);
}

/* Plays the shown pipe's audio track while the sound is on, and says whether there is
 * one to play. */
static void
update_audio (WardenLiveStream *self)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(WardenAudioOut) old = NULL;
  g_autoptr(WardenAudioOut) out = NULL;
  gboolean has_audio;

  g_mutex_lock (&self->lock);
  if (self->current != NULL && self->current->audio_caps != NULL)
    caps = gst_caps_ref (self->current->audio_caps);
  if (self->audio_out != NULL)
    out = g_object_ref (self->audio_out);
  g_mutex_unlock (&self->lock);

  has_audio = caps != NULL && warden_audio_out_can_play (caps);
  if (!has_audio || !self->audio)
    g_clear_object (&out);
  else if (out == NULL || !warden_audio_out_has_caps (out, caps))
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&out);
      out = warden_audio_out_new (caps, &error);
      if (out == NULL)
        g_message ("No sound from the camera: %s", error->message);
    }

  g_mutex_lock (&self->lock);
  old = self->audio_out;
  self->audio_out = out != NULL ? g_object_ref (out) : NULL;
  g_mutex_unlock (&self->lock);

  if (self->has_audio != has_audio)
    {
      self->has_audio = has_audio;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_AUDIO]);
    }
}

static void
teardown (WardenLiveStream *self)
{
  gboolean had_pipe = self->pending != NULL || self->current != NULL;

  g_clear_pointer (&self->pending, pipe_free);
  g_clear_pointer (&self->current, pipe_free);

  /* The pipeline's streaming threads freed their frames into glibc arenas of their
   * own, which keep the pages after the threads are gone; hand them back, or every
   * reconnect of every tile leaves a few MB behind. */
  if (had_pipe)
    malloc_trim (0);

  g_mutex_lock (&self->lock);
  self->shown_generation = self->generation;
  g_mutex_unlock (&self->lock);
  update_audio (self);
}

static void
fail (WardenLiveStream *self,
      const char       *message,
      gboolean          retry)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("Stream failed (%s): %s", retry ? "retrying" : "giving up", message);

  teardown (self);
  set_error_message (self, message);

  if (!retry)
    {
      set_retry_seconds (self, 0);
      set_state (self, WARDEN_LIVE_STATE_ERROR);
      return;
    }

  if (self->playing_since_us != 0 && now - self->playing_since_us >= BACKOFF_RESET_S * G_USEC_PER_SEC)
    self->backoff_s = BACKOFF_MIN_S;
  self->playing_since_us = 0;

  self->retry_at_us = now + (gint64) self->backoff_s * G_USEC_PER_SEC;
  set_retry_seconds (self, self->backoff_s);
  self->backoff_s = MIN (self->backoff_s * 2, BACKOFF_MAX_S);
  set_state (self, WARDEN_LIVE_STATE_RECONNECTING);
}

static void
update_readouts (WardenLiveStream *self,
                 gint64            now)
{
  guint64 frames, bytes;
  int width, height;
  double elapsed_s;
  double fps;
  guint kbps;

  g_mutex_lock (&self->lock);
  frames = self->frames;
  bytes = self->bytes;
  width = self->decoded_width;
  height = self->decoded_height;
  g_mutex_unlock (&self->lock);

  elapsed_s = (double) (now - self->last_tick_us) / G_USEC_PER_SEC;
  if (self->last_tick_us != 0 && elapsed_s > 0)
    {
      fps = (double) (frames - self->tick_frames) / elapsed_s;
      kbps = (guint) ((double) (bytes - self->tick_bytes) * 8.0 / 1000.0 / elapsed_s);

      if (self->fps != fps)
        {
          self->fps = fps;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
        }
      if (self->bitrate_kbps != kbps)
        {
          self->bitrate_kbps = kbps;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BITRATE_KBPS]);
        }
    }
  self->last_tick_us = now;
  self->tick_frames = frames;
  self->tick_bytes = bytes;

  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
}

static void
adapt_latency (WardenLiveStream *self,
               gint64            now)
{
  guint64 losses = 0;

  if (self->mode != WARDEN_LATENCY_AUTO || self->current == NULL)
    return;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->current->jitterbuffers->len; i++)
    {
      g_autoptr(GstStructure) stats = NULL;
      guint64 lost = 0, late = 0;

      g_object_get (g_ptr_array_index (self->current->jitterbuffers, i), "stats", &stats, NULL);
      gst_structure_get_uint64 (stats, "num-lost", &lost);
      gst_structure_get_uint64 (stats, "num-late", &late);
      losses += lost + late;
    }
  g_mutex_unlock (&self->lock);

  if (losses > self->auto_losses)
    {
      set_latency_ms (self, CLAMP (self->latency_ms * 2, AUTO_MIN_LATENCY_MS, AUTO_MAX_LATENCY_MS));
      self->auto_calm_since_us = now;
    }
  else if (now - self->auto_calm_since_us >= AUTO_CALM_S * G_USEC_PER_SEC)
    {
      set_latency_ms (self, MAX (self->latency_ms / 2, AUTO_MIN_LATENCY_MS));
      self->auto_calm_since_us = now;
    }
  self->auto_losses = losses;
}

static gboolean
tick_cb (gpointer user_data)
{
  WardenLiveStream *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 last_activity;

  g_object_freeze_notify (G_OBJECT (self));

  update_readouts (self, now);

  switch (self->state)
    {
    case WARDEN_LIVE_STATE_RECONNECTING:
      if (now >= self->retry_at_us)
        warden_live_stream_connect (self);
      else
        set_retry_seconds (self, (guint) ((self->retry_at_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      break;

    case WARDEN_LIVE_STATE_CONNECTING:
    case WARDEN_LIVE_STATE_PLAYING:
      g_mutex_lock (&self->lock);
      /* A hidden tile decodes nothing, and a key-frame-only one a frame per GOP (which
       * may last longer than the stall timeout), so there only the data has to keep
       * coming. */
      last_activity = MAX (self->connect_us, self->visible && !self->key_frames_only
                                             ? self->last_frame_us : self->last_data_us);
      g_mutex_unlock (&self->lock);

      if (now - last_activity >= (gint64) self->stall_timeout_s * G_USEC_PER_SEC)
        {
          g_autofree char *host = describe_host (self->url);
          g_autofree char *message =
            g_strdup_printf (_("No video from %s for %u s"), host, self->stall_timeout_s);

          fail (self, message, TRUE);
        }
      else
        {
          adapt_latency (self, now);
        }
      break;

    case WARDEN_LIVE_STATE_IDLE:
    case WARDEN_LIVE_STATE_ERROR:
    default:
      break;
    }

  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_CONTINUE;
}

static void
first_frame_free (gpointer data)
{
  FirstFrame *first = data;

  g_weak_ref_clear (&first->stream);
  g_free (first);
}

static gboolean
first_frame_cb (gpointer data)
{
  FirstFrame *first = data;
  g_autoptr(WardenLiveStream) self = g_weak_ref_get (&first->stream);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (self->pending != NULL && self->pending->generation == first->generation)
    {
      /* The new stream has its first picture on screen: drop the old one. */
      g_clear_pointer (&self->current, pipe_free);
      self->current = g_steal_pointer (&self->pending);
      update_audio (self);
    }

  if (self->current != NULL && self->current->generation == first->generation)
    {
      self->playing_since_us = g_get_monotonic_time ();
      set_error_message (self, NULL);
      set_state (self, WARDEN_LIVE_STATE_PLAYING);
    }

  return G_SOURCE_REMOVE;
}

/* streaming thread */
static void
pipe_frame_cb (GstSample *sample,
               gpointer   user_data)
{
  Pipe *pipe = user_data;
  WardenLiveStream *self = pipe->stream;
  gboolean first = FALSE;

  g_mutex_lock (&self->lock);
  if (pipe->generation < self->shown_generation)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->shown_generation = pipe->generation;
  self->frames++;
  self->last_frame_us = g_get_monotonic_time ();
  if (!pipe->got_frame)
    first = pipe->got_frame = TRUE;
  if (self->frame.func != NULL)
    ((WardenVideoSinkFrameFunc) self->frame.func) (sample, self->frame.data);
  g_mutex_unlock (&self->lock);

  if (first)
    {
      FirstFrame *data = g_new0 (FirstFrame, 1);

      g_weak_ref_init (&data->stream, self);
      data->generation = pipe->generation;
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, first_frame_cb,
                                  data, first_frame_free);
    }
}

/* Under stream->lock. Keeps the access units from the last key frame on, so a tile
 * shown again can start at once; gives up on a GOP too long to keep. */
static void
keep_in_gop (Pipe      *pipe,
             GstBuffer *buffer,
             gboolean   keyframe)
{
  if (keyframe)
    {
      if (pipe->gop == NULL)
        pipe->gop = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
      g_ptr_array_set_size (pipe->gop, 0);
      pipe->gop_bytes = 0;
    }
  if (pipe->gop == NULL)
    return;

  pipe->gop_bytes += gst_buffer_get_size (buffer);
  if (pipe->gop->len >= GOP_MAX_UNITS || pipe->gop_bytes > GOP_MAX_BYTES)
    {
      g_clear_pointer (&pipe->gop, g_ptr_array_unref);
      return;
    }
  g_ptr_array_add (pipe->gop, gst_buffer_ref (buffer));
}

/* Under stream->lock: the kept GOP before the newest access unit (or only its key
 * frame), the first one marked as a discontinuity for the decoder. */
static GPtrArray *
take_gop_replay (Pipe     *pipe,
                 gboolean  key_frame_only)
{
  guint len = key_frame_only ? MIN (pipe->gop->len, 1) : pipe->gop->len - 1;
  GPtrArray *replay = g_ptr_array_new_full (len, (GDestroyNotify) gst_buffer_unref);

  for (guint i = 0; i < len; i++)
    {
      GstBuffer *unit = gst_buffer_copy (g_ptr_array_index (pipe->gop, i));

      if (i == 0)
        GST_BUFFER_FLAG_SET (unit, GST_BUFFER_FLAG_DISCONT);
      g_ptr_array_add (replay, unit);
    }

  return replay;
}

/* streaming thread */
static GstPadProbeReturn
parsed_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  Pipe *pipe = user_data;
  WardenLiveStream *self = pipe->stream;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean keyframe = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  g_autoptr(GPtrArray) replay = NULL;
  gboolean decode;

  g_mutex_lock (&self->lock);
  self->bytes += gst_buffer_get_size (buffer);
  self->last_data_us = g_get_monotonic_time ();

  if (self->encoded.func != NULL && pipe->generation == self->shown_generation)
    {
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      g_autoptr(GstEvent) segment_event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
      const GstSegment *segment = NULL;
      g_autoptr(GstSample) sample = NULL;
      GstStructure *sample_info = NULL;

      if (segment_event != NULL)
        gst_event_parse_segment (segment_event, &segment);
      if (keyframe && pipe->audio_caps != NULL)
        sample_info = gst_structure_new ("warden-encoded",
                                         "audio-caps", GST_TYPE_CAPS, pipe->audio_caps, NULL);
      sample = gst_sample_new (buffer, caps, segment, sample_info);
      ((WardenEncodedFunc) self->encoded.func) (sample, self->encoded.data);
    }

  keep_in_gop (pipe, buffer, keyframe);

  if (!self->visible || (self->key_frames_only && !keyframe))
    pipe->need_keyframe = TRUE;
  decode = self->visible && (keyframe || !pipe->need_keyframe);
  if (self->visible && pipe->was_hidden && !keyframe && pipe->gop != NULL)
    {
      /* Shown again mid-GOP: decode the GOP so far now rather than wait for the next
       * key frame (a whole GOP, seconds on many cameras). With key frames only, the
       * key frame is enough. */
      replay = take_gop_replay (pipe, self->key_frames_only);
      pipe->need_keyframe = self->key_frames_only;
      decode = !self->key_frames_only;
    }
  else if (decode && pipe->need_keyframe)
    {
      pipe->need_keyframe = FALSE;
      buffer = gst_buffer_make_writable (buffer);
      GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }
  pipe->was_hidden = !self->visible;
  g_mutex_unlock (&self->lock);

  if (replay != NULL)
    {
      g_autoptr(GstPad) peer = gst_pad_get_peer (pad);

      /* Straight into the decoder, ahead of this access unit, on this thread. */
      for (guint i = 0; peer != NULL && i < replay->len; i++)
        if (gst_pad_chain (peer, gst_buffer_ref (g_ptr_array_index (replay, i))) != GST_FLOW_OK)
          break;
    }

  return decode ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* streaming thread */
static GstPadProbeReturn
decoded_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  Pipe *pipe = user_data;
  WardenLiveStream *self = pipe->stream;

  g_mutex_lock (&self->lock);
  if (pipe->generation >= self->shown_generation)
    {
      if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
        {
          g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

          gst_buffer_replace (&self->last_decoded, GST_PAD_PROBE_INFO_BUFFER (info));
          gst_caps_replace (&self->last_decoded_caps, caps);
        }
      else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_CAPS)
        {
          GstCaps *caps;
          GstVideoInfo video_info;

          gst_event_parse_caps (GST_PAD_PROBE_INFO_EVENT (info), &caps);
          if (gst_video_info_from_caps (&video_info, caps))
            {
              self->decoded_width = GST_VIDEO_INFO_WIDTH (&video_info);
              self->decoded_height = GST_VIDEO_INFO_HEIGHT (&video_info);
            }
        }
    }
  g_mutex_unlock (&self->lock);

  return GST_PAD_PROBE_OK;
}

static void
post_pipe_error (Pipe             *pipe,
                 WardenMediaError  code,
                 const char       *message)
{
  g_autoptr(GError) error = g_error_new_literal (WARDEN_MEDIA_ERROR, code, message);

  gst_element_post_message (pipe->pipeline,
                            gst_message_new_error (GST_OBJECT (pipe->pipeline), error, NULL));
}

/* streaming thread */
static gboolean
select_stream_cb (GstElement *rtspsrc,
                  guint       num,
                  GstCaps    *caps,
                  gpointer    user_data)
{
  Pipe *pipe = user_data;
  GstStructure *structure = gst_caps_get_structure (caps, 0);
  gboolean select;
  const char *media = gst_structure_get_string (structure, "media");
  gboolean *selected = g_strcmp0 (media, "video") == 0 ? &pipe->video_selected
                       : g_strcmp0 (media, "audio") == 0 ? &pipe->audio_selected : NULL;

  /* The first video track, and the first audio track (for the sound button). */
  g_mutex_lock (&pipe->stream->lock);
  select = selected != NULL && !*selected;
  if (select)
    *selected = TRUE;
  g_mutex_unlock (&pipe->stream->lock);

  return select;
}

/* streaming thread */
static void
new_jitterbuffer_cb (GstElement *rtpbin,
                     GstElement *jitterbuffer,
                     guint       session,
                     guint       ssrc,
                     gpointer    user_data)
{
  Pipe *pipe = user_data;

  g_mutex_lock (&pipe->stream->lock);
  g_ptr_array_add (pipe->jitterbuffers, gst_object_ref (jitterbuffer));
  g_mutex_unlock (&pipe->stream->lock);
}

/* streaming thread */
static void
new_manager_cb (GstElement *rtspsrc,
                GstElement *manager,
                gpointer    user_data)
{
  if (g_signal_lookup ("new-jitterbuffer", G_OBJECT_TYPE (manager)) != 0)
    g_signal_connect (manager, "new-jitterbuffer", G_CALLBACK (new_jitterbuffer_cb), user_data);
}

static GstElement *
make_decoder (const char *codec)
{
  g_autofree char *va_name = g_strdup_printf ("va%sdec", codec);
  g_autofree char *av_name = g_strdup_printf ("avdec_%s", codec);
  GstElement *decoder;

  if ((decoder = gst_element_factory_make (va_name, NULL)) != NULL)
    return decoder;

  if ((decoder = gst_element_factory_make (av_name, NULL)) == NULL)
    return NULL;

  /* One thread per stream, and nothing shown before the first key frame. Without direct
   * rendering the decoder copies each picture out of libavcodec's own frame pool into a
   * buffer of a recycled pool; with it, GstVideoDecoder copies each picture (libavcodec
   * still holds it as a reference) into a freshly allocated block: a 600 KiB mapping per
   * D1 frame under the fixed mmap threshold (warden-media-memory.c), with which a
   * 64-tile grid spent more time in the kernel than in the decoders. */
  g_object_set (decoder, "max-threads", 1, "output-corrupt", FALSE, "direct-rendering", FALSE, NULL);

  return decoder;
}

/* streaming thread, under self->lock: one RTP packet of the shown pipe's audio track */
static void
pass_audio_packet (WardenLiveStream *self,
                   Pipe             *pipe,
                   GstPad           *pad,
                   GstBuffer        *packet)
{
  if (self->audio_out != NULL)
    warden_audio_out_push (self->audio_out, packet);
  if (self->encoded.func != NULL && pipe->audio_caps != NULL)
    {
      g_autoptr(GstEvent) segment_event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
      const GstSegment *segment = NULL;
      g_autoptr(GstSample) sample = NULL;

      if (segment_event != NULL)
        gst_event_parse_segment (segment_event, &segment);
      sample = gst_sample_new (packet, pipe->audio_caps, segment, NULL);

      ((WardenEncodedFunc) self->encoded.func) (sample, self->encoded.data);
    }
}

/* streaming thread */
static GstPadProbeReturn
audio_probe_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  Pipe *pipe = user_data;
  WardenLiveStream *self = pipe->stream;

  g_mutex_lock (&self->lock);
  if (pipe->generation == self->shown_generation)
    {
      if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
        pass_audio_packet (self, pipe, pad, GST_PAD_PROBE_INFO_BUFFER (info));
      else
        {
          GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

          for (guint i = 0; i < gst_buffer_list_length (list); i++)
            pass_audio_packet (self, pipe, pad, gst_buffer_list_get (list, i));
        }
    }
  g_mutex_unlock (&self->lock);

  return GST_PAD_PROBE_OK;
}

/* streaming thread: the audio track ends here; audio_probe_cb passes its packets on
 * while the sound is on or the stream is recorded */
static void
add_audio_track (Pipe    *pipe,
                 GstPad  *pad,
                 GstCaps *caps)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (pipe->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  if (gst_pad_link (pad, sink_pad) != GST_PAD_LINK_OK)
    return;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     audio_probe_cb, pipe, NULL);

  g_mutex_lock (&pipe->stream->lock);
  gst_caps_replace (&pipe->audio_caps, caps);
  g_mutex_unlock (&pipe->stream->lock);
  /* update_audio() on the stream's context */
  gst_element_post_message (pipe->pipeline,
                            gst_message_new_application (GST_OBJECT (pipe->pipeline),
                                                         gst_structure_new_empty ("warden-audio-track")));
}

/* streaming thread */
static void
pad_added_cb (GstElement *rtspsrc,
              GstPad     *pad,
              gpointer    user_data)
{
  Pipe *pipe = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *encoding;
  const char *codec;
  g_autofree char *depay_name = NULL;
  g_autofree char *parse_name = NULL;
  GstElement *depay, *parse, *decoder;
  g_autoptr(GstPad) parse_src = NULL;
  g_autoptr(GstPad) decoder_src = NULL;
  g_autoptr(GstPad) depay_sink = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (g_strcmp0 (gst_structure_get_string (gst_caps_get_structure (caps, 0), "media"), "audio") == 0)
    {
      add_audio_track (pipe, pad, caps);
      return;
    }
  encoding = gst_structure_get_string (gst_caps_get_structure (caps, 0), "encoding-name");

  if (g_strcmp0 (encoding, "H264") == 0)
    codec = "h264";
  else if (g_strcmp0 (encoding, "H265") == 0)
    codec = "h265";
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The camera sends %s video, which Warden cannot decode; "
                           "set the channel to H.264 or H.265 on the device"),
                         encoding != NULL ? encoding : "unknown");

      post_pipe_error (pipe, WARDEN_MEDIA_ERROR_UNSUPPORTED, message);
      return;
    }

  depay_name = g_strdup_printf ("rtp%sdepay", codec);
  parse_name = g_strdup_printf ("%sparse", codec);
  depay = gst_element_factory_make (depay_name, NULL);
  parse = gst_element_factory_make (parse_name, NULL);
  decoder = make_decoder (codec);

  if (depay == NULL || parse == NULL || decoder == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("GStreamer cannot decode %s here; install gstreamer1.0-libav "
                           "and gstreamer1.0-plugins-good"), encoding);

      g_clear_object (&depay);
      g_clear_object (&parse);
      g_clear_object (&decoder);
      post_pipe_error (pipe, WARDEN_MEDIA_ERROR_MISSING_PLUGIN, message);
      return;
    }

  gst_bin_add_many (GST_BIN (pipe->pipeline), depay, parse, decoder, NULL);
  if (!gst_element_link_many (depay, parse, decoder, pipe->videorate, NULL))
    {
      post_pipe_error (pipe, WARDEN_MEDIA_ERROR_STREAM, _("Could not link the video decoder"));
      return;
    }

  parse_src = gst_element_get_static_pad (parse, "src");
  gst_pad_add_probe (parse_src, GST_PAD_PROBE_TYPE_BUFFER, parsed_probe_cb, pipe, NULL);
  decoder_src = gst_element_get_static_pad (decoder, "src");
  gst_pad_add_probe (decoder_src,
                     GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     decoded_probe_cb, pipe, NULL);

  gst_element_sync_state_with_parent (decoder);
  gst_element_sync_state_with_parent (parse);
  gst_element_sync_state_with_parent (depay);

  depay_sink = gst_element_get_static_pad (depay, "sink");
  if (gst_pad_link (pad, depay_sink) != GST_PAD_LINK_OK)
    post_pipe_error (pipe, WARDEN_MEDIA_ERROR_STREAM, _("Could not link the RTP depayloader"));
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  Pipe *pipe = user_data;
  WardenLiveStream *self = pipe->stream;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *host = describe_host (self->url);
        g_autofree char *text = NULL;
        gboolean retry = TRUE;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Pipeline error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 error->message, debug != NULL ? debug : "");

        if (pipe->gl && GST_IS_GL_BASE_FILTER (GST_MESSAGE_SRC (message)))
          {
            /* GTK's GL works but GStreamer's does not: the next try, and every
             * pipeline after it, takes the memory path. */
            warden_video_gl_disable (warden_video_gl_get_default (), error->message);
            text = g_strdup_printf (_("Lost the video from %s: %s"), host, error->message);
          }
        else if (error->domain == WARDEN_MEDIA_ERROR)
          {
            text = g_strdup (error->message);
            retry = error->code == WARDEN_MEDIA_ERROR_STREAM;
          }
        else if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
          {
            /* Retrying a wrong password would only lock the device's account. */
            text = g_strdup_printf (_("%s refused the user name or password; "
                                      "check the device's credentials"), host);
            retry = FALSE;
          }
        else if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
          {
            text = g_strdup_printf (_("%s has no such stream; check the channel number"), host);
          }
        else
          {
            text = g_strdup_printf (_("Lost the video from %s: %s"), host, error->message);
          }

        fail (self, text, retry);
        /* fail() removed this watch along with the pipe. */
        return G_SOURCE_CONTINUE;
      }

    case GST_MESSAGE_EOS:
      {
        g_autofree char *host = describe_host (self->url);
        g_autofree char *text = g_strdup_printf (_("%s ended the stream"), host);

        fail (self, text, TRUE);
        return G_SOURCE_CONTINUE;
      }

    case GST_MESSAGE_LATENCY:
      gst_bin_recalculate_latency (GST_BIN (pipe->pipeline));
      break;

    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, "warden-audio-track"))
        update_audio (self);
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_warning (message, &error, NULL);
        g_debug ("Pipeline warning: %s", error->message);
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* glupload → glcolorconvert → RGBA texture, or NULL (with @gl disabled) where the GL
 * elements are not installed. */
static GstElement *
make_gl_branch (WardenVideoGl *gl)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw(" GST_CAPS_FEATURE_MEMORY_GL_MEMORY "), "
                                                  "format=RGBA, texture-target=2D");
  GstElement *bin = gst_bin_new (NULL);
  GstElement *upload = gst_element_factory_make ("glupload", NULL);
  GstElement *convert = gst_element_factory_make ("glcolorconvert", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  g_autoptr(GstPad) sink_pad = NULL;
  g_autoptr(GstPad) src_pad = NULL;

  if (upload == NULL || convert == NULL)
    {
      if (upload != NULL)
        gst_object_unref (gst_object_ref_sink (upload));
      if (convert != NULL)
        gst_object_unref (gst_object_ref_sink (convert));
      gst_object_unref (gst_object_ref_sink (filter));
      gst_object_unref (gst_object_ref_sink (bin));
      warden_video_gl_disable (gl, "glupload or glcolorconvert is missing; install gstreamer1.0-gl");
      return NULL;
    }

  g_object_set (filter, "caps", caps, NULL);
  gst_bin_add_many (GST_BIN (bin), upload, convert, filter, NULL);
  if (!gst_element_link_many (upload, convert, filter, NULL))
    g_assert_not_reached ();
  sink_pad = gst_element_get_static_pad (upload, "sink");
  src_pad = gst_element_get_static_pad (filter, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink_pad));
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src_pad));

  return bin;
}

static Pipe *
pipe_new (WardenLiveStream *self)
{
  Pipe *pipe = g_new0 (Pipe, 1);
  g_autoptr(GstBus) bus = NULL;
  GstElement *rtspsrc = gst_element_factory_make ("rtspsrc", NULL);
  /* only for what the tile scaler does not take (10-bit, 4:2:2); otherwise it passes
   * the decoded pictures through untouched */
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *scale = warden_tile_scaler_new ();
  WardenVideoGl *gl = warden_video_gl_get_default ();
  GstElement *gl_branch = NULL;

  /* rtspsrc and videoconvert are in plugins-good and -base, which the package depends
   * on; without them nothing in this module can work. */
  g_assert (rtspsrc != NULL && convert != NULL);

  if (gl != NULL && warden_video_gl_get_enabled (gl))
    gl_branch = make_gl_branch (gl);

  pipe->stream = self;
  pipe->generation = ++self->generation;
  pipe->gl = gl_branch != NULL;
  pipe->jitterbuffers = g_ptr_array_new_with_free_func (gst_object_unref);
  pipe->need_keyframe = TRUE;
  pipe->pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  pipe->videorate = gst_object_ref_sink (gst_element_factory_make ("videorate", NULL));
  pipe->capsfilter = gst_object_ref_sink (gst_element_factory_make ("capsfilter", NULL));
  pipe->sink = gst_object_ref_sink (GST_ELEMENT (warden_video_sink_new ()));

  g_object_set (rtspsrc,
                "location", self->url,
                "latency", self->latency_ms,
                NULL);
  g_object_set (pipe->videorate,
                "drop-only", TRUE,
                "max-rate", self->max_fps > 0 ? (int) self->max_fps : G_MAXINT,
                NULL);
  pipe_apply_size (pipe);
  g_object_set (pipe->sink, "sync", self->mode != WARDEN_LATENCY_REALTIME, NULL);
  warden_video_sink_set_frame_func (WARDEN_VIDEO_SINK (pipe->sink), pipe_frame_cb, pipe, NULL);

  /* The tile scaler resamples the decoded planes (1.5 bytes a pixel of 4:2:0), not
   * 4-byte pixels, and converts only at the tile's size. */
  gst_bin_add_many (GST_BIN (pipe->pipeline), rtspsrc, pipe->videorate, convert, scale,
                    pipe->capsfilter, pipe->sink, NULL);
  if (!gst_element_link_many (pipe->videorate, convert, scale, pipe->capsfilter, NULL))
    g_assert_not_reached ();
  if (gl_branch != NULL)
    {
      gst_bin_add (GST_BIN (pipe->pipeline), gl_branch);
      warden_video_gl_share (gl, pipe->pipeline);
      if (!gst_element_link_many (pipe->capsfilter, gl_branch, pipe->sink, NULL))
        g_assert_not_reached ();
    }
  else if (!gst_element_link (pipe->capsfilter, pipe->sink))
    {
      g_assert_not_reached ();
    }

  g_signal_connect (rtspsrc, "select-stream", G_CALLBACK (select_stream_cb), pipe);
  g_signal_connect (rtspsrc, "new-manager", G_CALLBACK (new_manager_cb), pipe);
  g_signal_connect (rtspsrc, "pad-added", G_CALLBACK (pad_added_cb), pipe);

  bus = gst_element_get_bus (pipe->pipeline);
  gst_bus_add_watch (bus, bus_cb, pipe);

  return pipe;
}

static void
ensure_tick (WardenLiveStream *self)
{
  if (self->tick_source != NULL)
    return;

  self->tick_source = g_timeout_source_new (TICK_INTERVAL_MS);
  g_source_set_callback (self->tick_source, tick_cb, self, NULL);
  g_source_set_static_name (self->tick_source, "[warden] live stream tick");
  g_source_attach (self->tick_source, self->context);
}

static void
warden_live_stream_connect (WardenLiveStream *self)
{
  teardown (self);

  self->connect_us = g_get_monotonic_time ();
  set_retry_seconds (self, 0);
  self->current = pipe_new (self);
  set_state (self, WARDEN_LIVE_STATE_CONNECTING);
  ensure_tick (self);

  gst_element_set_state (self->current->pipeline, GST_STATE_PLAYING);
}

static void
warden_live_stream_dispose (GObject *object)
{
  WardenLiveStream *self = WARDEN_LIVE_STREAM (object);

  teardown (self);
  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }

  G_OBJECT_CLASS (warden_live_stream_parent_class)->dispose (object);
}

static void
warden_live_stream_finalize (GObject *object)
{
  WardenLiveStream *self = WARDEN_LIVE_STREAM (object);

  if (self->frame.destroy != NULL)
    self->frame.destroy (self->frame.data);
  if (self->encoded.destroy != NULL)
    self->encoded.destroy (self->encoded.data);
  gst_clear_buffer (&self->last_decoded);
  gst_clear_caps (&self->last_decoded_caps);
  g_free (self->url);
  g_free (self->title);
  g_free (self->error_message);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_live_stream_parent_class)->finalize (object);
}

static void
warden_live_stream_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WardenLiveStream *self = WARDEN_LIVE_STREAM (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_LATENCY_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RETRY_SECONDS:
      g_value_set_uint (value, self->retry_seconds);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_FPS:
      g_value_set_double (value, self->fps);
      break;
    case PROP_BITRATE_KBPS:
      g_value_set_uint (value, self->bitrate_kbps);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_AUDIO:
      g_value_set_boolean (value, self->audio);
      break;
    case PROP_HAS_AUDIO:
      g_value_set_boolean (value, self->has_audio);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_LATENCY_MS:
      g_value_set_uint (value, self->latency_ms);
      break;
    case PROP_MAX_FPS:
      g_value_set_uint (value, self->max_fps);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, warden_live_stream_get_visible (self));
      break;
    case PROP_KEY_FRAMES_ONLY:
      g_value_set_boolean (value, warden_live_stream_get_key_frames_only (self));
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_live_stream_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WardenLiveStream *self = WARDEN_LIVE_STREAM (object);

  switch (prop_id)
    {
    case PROP_URL:
      warden_live_stream_set_url (self, g_value_get_string (value));
      break;
    case PROP_AUDIO:
      warden_live_stream_set_audio (self, g_value_get_boolean (value));
      break;
    case PROP_LATENCY_MODE:
      warden_live_stream_set_latency_mode (self, g_value_get_enum (value));
      break;
    case PROP_MAX_FPS:
      warden_live_stream_set_max_fps (self, g_value_get_uint (value));
      break;
    case PROP_VISIBLE:
      warden_live_stream_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_KEY_FRAMES_ONLY:
      warden_live_stream_set_key_frames_only (self, g_value_get_boolean (value));
      break;
    case PROP_STALL_TIMEOUT:
      warden_live_stream_set_stall_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_live_stream_class_init (WardenLiveStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_live_stream_dispose;
  object_class->finalize = warden_live_stream_finalize;
  object_class->get_property = warden_live_stream_get_property;
  object_class->set_property = warden_live_stream_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY_MODE] =
    g_param_spec_enum ("latency-mode", NULL, NULL,
                       WARDEN_TYPE_LATENCY_MODE, WARDEN_LATENCY_REALTIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       WARDEN_TYPE_LIVE_STATE, WARDEN_LIVE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_SECONDS] =
    g_param_spec_uint ("retry-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BITRATE_KBPS] =
    g_param_spec_uint ("bitrate-kbps", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY_MS] =
    g_param_spec_uint ("latency-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_FPS] =
    g_param_spec_uint ("max-fps", NULL, NULL, 0, 1000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_FRAMES_ONLY] =
    g_param_spec_boolean ("key-frames-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALL_TIMEOUT] =
    g_param_spec_uint ("stall-timeout", NULL, NULL, 1, 3600, DEFAULT_STALL_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO] =
    g_param_spec_boolean ("audio", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_AUDIO] =
    g_param_spec_boolean ("has-audio", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_live_stream_init (WardenLiveStream *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->visible = TRUE;
  self->stall_timeout_s = DEFAULT_STALL_TIMEOUT_S;
  self->backoff_s = BACKOFF_MIN_S;
  self->mode = WARDEN_LATENCY_REALTIME;
  self->latency_ms = mode_latency_ms (self->mode);
}

/**
 * warden_live_stream_new:
 * @url: an rtsp:// URL, credentials included
 * @mode: how to trade latency for smoothness
 *
 * Creates an idle stream; call warden_live_stream_start(). Signals, property
 * notifications and callbacks other than the frame and encoded functions run on
 * the caller's thread-default main context.
 */
WardenLiveStream *
warden_live_stream_new (const char        *url,
                        WardenLatencyMode  mode)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (WARDEN_TYPE_LIVE_STREAM, "url", url, "latency-mode", mode, NULL);
}

const char *
warden_live_stream_get_url (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), NULL);

  return self->url;
}

/* The channel's name, as shown (NULL until set). */
const char *
warden_live_stream_get_title (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), NULL);

  return self->title;
}

/**
 * warden_live_stream_set_title:
 * @title: (nullable): the channel's name, as shown
 *
 * Names the snapshots and recordings of the stream (warden-media-file.c).
 */
void
warden_live_stream_set_title (WardenLiveStream *self,
                              const char       *title)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  g_free (self->title);
  self->title = g_strdup (title);
}

/**
 * warden_live_stream_set_url:
 *
 * Switches to another stream (e.g. sub to main). While the stream plays, the old
 * picture stays until the new stream's first key frame is decoded.
 */
void
warden_live_stream_set_url (WardenLiveStream *self,
                            const char       *url)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));
  g_return_if_fail (url != NULL);

  if (!replace_string (&self->url, url))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  if (self->state == WARDEN_LIVE_STATE_PLAYING && self->current != NULL)
    {
      g_clear_pointer (&self->pending, pipe_free);
      self->pending = pipe_new (self);
      gst_element_set_state (self->pending->pipeline, GST_STATE_PLAYING);
    }
  else if (self->state == WARDEN_LIVE_STATE_CONNECTING)
    {
      warden_live_stream_connect (self);
    }
}

WardenLatencyMode
warden_live_stream_get_latency_mode (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), WARDEN_LATENCY_REALTIME);

  return self->mode;
}

void
warden_live_stream_set_latency_mode (WardenLiveStream  *self,
                                     WardenLatencyMode  mode)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));
  g_return_if_fail (mode <= WARDEN_LATENCY_AUTO);

  if (self->mode == mode)
    return;

  self->mode = mode;
  self->auto_calm_since_us = g_get_monotonic_time ();
  set_latency_ms (self, mode_latency_ms (mode));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MODE]);
}

/**
 * warden_live_stream_set_frame_func:
 * @func: called on a streaming thread with each tile-size BGRA frame
 *
 * Typically warden_video_paintable_push_sample() on the tile's paintable. Frames
 * keep coming across reconnects and URL switches.
 */
void
warden_live_stream_set_frame_func (WardenLiveStream         *self,
                                   WardenVideoSinkFrameFunc  func,
                                   gpointer                  user_data,
                                   GDestroyNotify            destroy)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  replace_callback (self, &self->frame, (GCallback) func, user_data, destroy);
}

/**
 * warden_live_stream_set_encoded_func:
 * @func: called on a streaming thread with each encoded video access unit and audio packet
 *
 * Used by WardenRecorder. Only the stream currently on screen is passed on.
 */
void
warden_live_stream_set_encoded_func (WardenLiveStream  *self,
                                     WardenEncodedFunc  func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  replace_callback (self, &self->encoded, (GCallback) func, user_data, destroy);
}

void
warden_live_stream_start (WardenLiveStream *self)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  if (self->state != WARDEN_LIVE_STATE_IDLE && self->state != WARDEN_LIVE_STATE_ERROR)
    return;

  self->backoff_s = BACKOFF_MIN_S;
  self->auto_calm_since_us = g_get_monotonic_time ();
  set_error_message (self, NULL);
  warden_live_stream_connect (self);
}

void
warden_live_stream_stop (WardenLiveStream *self)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  teardown (self);
  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  self->last_tick_us = 0;
  set_retry_seconds (self, 0);
  set_state (self, WARDEN_LIVE_STATE_IDLE);
}

/**
 * warden_live_stream_set_size:
 *
 * Scales frames to @width × @height device pixels (with borders that keep the
 * picture's aspect); 0 × 0 keeps the stream's own size.
 */
void
warden_live_stream_set_size (WardenLiveStream *self,
                             int               width,
                             int               height)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  if (self->tile_width == width && self->tile_height == height)
    return;

  self->tile_width = MAX (width, 0);
  self->tile_height = MAX (height, 0);
  if (self->current != NULL)
    pipe_apply_size (self->current);
  if (self->pending != NULL)
    pipe_apply_size (self->pending);
}

/**
 * warden_live_stream_set_max_fps:
 * @max_fps: the refresh cap, 0 for none
 */
void
warden_live_stream_set_max_fps (WardenLiveStream *self,
                                guint             max_fps)
{
  int rate = max_fps > 0 ? (int) MIN (max_fps, 1000) : G_MAXINT;

  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  if (self->max_fps == max_fps)
    return;

  self->max_fps = max_fps;
  if (self->current != NULL)
    g_object_set (self->current->videorate, "max-rate", rate, NULL);
  if (self->pending != NULL)
    g_object_set (self->pending->videorate, "max-rate", rate, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FPS]);
}

guint
warden_live_stream_get_max_fps (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->max_fps;
}

/**
 * warden_live_stream_set_visible:
 *
 * A hidden stream stops decoding but keeps its session open, and resumes at the
 * next key frame. Recording goes on.
 */
void
warden_live_stream_set_visible (WardenLiveStream *self,
                                gboolean          visible)
{
  gboolean changed;

  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  visible = !!visible;
  g_mutex_lock (&self->lock);
  changed = self->visible != visible;
  self->visible = visible;
  /* Stall detection starts over from now for the other kind of activity. */
  self->last_frame_us = self->last_data_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

gboolean
warden_live_stream_get_visible (WardenLiveStream *self)
{
  gboolean visible;

  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), FALSE);

  g_mutex_lock (&self->lock);
  visible = self->visible;
  g_mutex_unlock (&self->lock);

  return visible;
}

/**
 * warden_live_stream_set_key_frames_only:
 *
 * Decodes key frames alone (one picture per GOP, about 1 fps on most devices) and drops
 * every other frame before the decoder, which is where a wall of many tiles spends its
 * CPU; the refresh cap drops after the decoder. Recording goes on with every frame.
 */
void
warden_live_stream_set_key_frames_only (WardenLiveStream *self,
                                        gboolean          key_frames_only)
{
  gboolean changed;

  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  key_frames_only = !!key_frames_only;
  g_mutex_lock (&self->lock);
  changed = self->key_frames_only != key_frames_only;
  self->key_frames_only = key_frames_only;
  self->last_frame_us = self->last_data_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_FRAMES_ONLY]);
}

gboolean
warden_live_stream_get_key_frames_only (WardenLiveStream *self)
{
  gboolean key_frames_only;

  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), FALSE);

  g_mutex_lock (&self->lock);
  key_frames_only = self->key_frames_only;
  g_mutex_unlock (&self->lock);

  return key_frames_only;
}

WardenLiveState
warden_live_stream_get_state (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), WARDEN_LIVE_STATE_IDLE);

  return self->state;
}

/* Seconds until the next attempt, while reconnecting. */
guint
warden_live_stream_get_retry_seconds (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->retry_seconds;
}

/* Why the stream is reconnecting or failed; NULL while it plays. */
const char *
warden_live_stream_get_error_message (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), NULL);

  return self->error_message;
}

/* Frames shown per second over the last second. */
double
warden_live_stream_get_fps (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->fps;
}

/* Received (encoded) bit rate over the last second. */
guint
warden_live_stream_get_bitrate_kbps (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->bitrate_kbps;
}

/* The decoded picture's width, not the tile's. */
int
warden_live_stream_get_width (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->width;
}

int
warden_live_stream_get_height (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->height;
}

/* The jitterbuffer's latency now (it moves in auto mode). */
guint
warden_live_stream_get_latency_ms (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->latency_ms;
}

guint
warden_live_stream_get_stall_timeout (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  return self->stall_timeout_s;
}

/**
 * warden_live_stream_set_stall_timeout:
 * @seconds: restart the stream when no frame came for this long (default 5)
 */
void
warden_live_stream_set_stall_timeout (WardenLiveStream *self,
                                      guint             seconds)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));
  g_return_if_fail (seconds > 0);

  if (self->stall_timeout_s == seconds)
    return;

  self->stall_timeout_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}

static void
snapshot_data_free (gpointer data)
{
  SnapshotData *snapshot = data;

  gst_sample_unref (snapshot->sample);
  g_object_unref (snapshot->directory);
  g_free (snapshot->title);
  g_free (snapshot);
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapshotData *snapshot = task_data;
  GstSample *sample = snapshot->sample;
  GFile *directory = snapshot->directory;
  WardenSnapshotFormat format = snapshot->format;
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple (format == WARDEN_SNAPSHOT_PNG ? "image/png" : "image/jpeg");
  g_autoptr(GstSample) image = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GstMapInfo map;

  image = gst_video_convert_sample (sample, caps, 10 * GST_SECOND, &error);
  if (image == NULL)
    {
      g_task_return_new_error (task, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_STREAM,
                               _("Could not encode the snapshot: %s"), error->message);
      return;
    }

  file = warden_media_file_new (directory, snapshot->title, now, format == WARDEN_SNAPSHOT_PNG ? "png" : "jpg");

  gst_buffer_map (gst_sample_get_buffer (image), &map, GST_MAP_READ);
  if (!g_file_make_directory_with_parents (directory, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      gst_buffer_unmap (gst_sample_get_buffer (image), &map);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);
  /* Written to a temporary name and renamed, so the Files area never lists half a picture
   * (g_file_replace_contents() writes a new file in place). */
  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("Snapshots can only be saved to a local folder."));
  if (path == NULL
      || !g_file_set_contents_full (path, (const char *) map.data, (gssize) map.size,
                                    G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      gst_buffer_unmap (gst_sample_get_buffer (image), &map);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gst_buffer_unmap (gst_sample_get_buffer (image), &map);

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/**
 * warden_live_stream_snapshot_async:
 * @directory: where to write the file (created when missing)
 *
 * Encodes the last decoded frame, at the stream's own resolution, as PNG or JPEG.
 */
void
warden_live_stream_snapshot_async (WardenLiveStream     *self,
                                   GFile                *directory,
                                   WardenSnapshotFormat  format,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GstSample *sample = NULL;
  SnapshotData *snapshot;

  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));
  g_return_if_fail (G_IS_FILE (directory));
  g_return_if_fail (format <= WARDEN_SNAPSHOT_JPEG);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_live_stream_snapshot_async);

  g_mutex_lock (&self->lock);
  if (self->last_decoded != NULL && self->last_decoded_caps != NULL)
    sample = gst_sample_new (self->last_decoded, self->last_decoded_caps, NULL, NULL);
  g_mutex_unlock (&self->lock);

  if (sample == NULL)
    {
      g_task_return_new_error (task, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_NO_FRAME,
                               _("There is no picture yet; take the snapshot once video shows"));
      return;
    }

  snapshot = g_new0 (SnapshotData, 1);
  snapshot->sample = sample;
  snapshot->directory = g_object_ref (directory);
  snapshot->title = g_strdup (self->title);
  snapshot->format = format;
  g_task_set_task_data (task, snapshot, snapshot_data_free);
  g_task_run_in_thread (task, snapshot_thread);
}

/**
 * warden_live_stream_snapshot_finish:
 *
 * Returns: (transfer full): the file written
 */
GFile *
warden_live_stream_snapshot_finish (WardenLiveStream  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Whether the stream has a sound track Warden can play. */
gboolean
warden_live_stream_get_has_audio (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), FALSE);

  return self->has_audio;
}

gboolean
warden_live_stream_get_audio (WardenLiveStream *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), FALSE);

  return self->audio;
}

/**
 * warden_live_stream_set_audio:
 *
 * Plays the stream's sound on the computer's audio output, from now on and after any
 * reconnection or URL switch, while the stream has a sound track. Off by default: a
 * stream whose sound is off decodes no audio and opens no audio device.
 */
void
warden_live_stream_set_audio (WardenLiveStream *self,
                              gboolean          audio)
{
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (self));

  audio = !!audio;
  if (self->audio == audio)
    return;

  self->audio = audio;
  update_audio (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
}

/* Buffers of sound decoded since the sound was last turned on (0 while off). */
guint64
warden_live_stream_get_audio_decoded (WardenLiveStream *self)
{
  g_autoptr(WardenAudioOut) out = NULL;

  g_return_val_if_fail (WARDEN_IS_LIVE_STREAM (self), 0);

  g_mutex_lock (&self->lock);
  if (self->audio_out != NULL)
    out = g_object_ref (self->audio_out);
  g_mutex_unlock (&self->lock);

  return out != NULL ? warden_audio_out_get_decoded (out) : 0;
}
