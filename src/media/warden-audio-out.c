/* warden-audio-out.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pipeline of its own for a stream whose sound is on:
 *
 *   appsrc (the camera's RTP audio) → depayloader → decoder → audioconvert
 *     → audioresample → autoaudiosink
 *
 * It is apart from the video's pipeline, so that sound starts and stops without
 * touching the picture, and a grid of silent tiles opens no audio device. The sink plays
 * what comes as it comes, not against the clock, as the video sink does in real-time
 * mode. Where there is no audio device, autoaudiosink falls back to discarding.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <gst/app/app.h>

#include "warden-audio-codec.h"
#include "warden-audio-out.h"

#define QUEUE_BYTES (64 * 1024)         /* 8 s of G.711; older packets go first */

struct _WardenAudioOut
{
  GObject parent_instance;

  GstCaps *caps;
  GstElement *pipeline;
  GstElement *src;

  GMutex lock;
  guint64 decoded;
};

G_DEFINE_FINAL_TYPE (WardenAudioOut, warden_audio_out, G_TYPE_OBJECT)

/**
 * warden_audio_out_can_play:
 * @rtp_caps: the caps of an RTP audio stream, as rtspsrc gives them
 *
 * Whether the codec is one Warden plays and its GStreamer elements are installed.
 */
gboolean
warden_audio_out_can_play (const GstCaps *rtp_caps)
{
  return warden_audio_codec_can_decode (warden_audio_codec_find (rtp_caps));
}

/* streaming thread */
static GstPadProbeReturn
decoded_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  WardenAudioOut *self = user_data;

  g_mutex_lock (&self->lock);
  self->decoded++;
  g_mutex_unlock (&self->lock);

  return GST_PAD_PROBE_OK;
}

static void
warden_audio_out_dispose (GObject *object)
{
  WardenAudioOut *self = WARDEN_AUDIO_OUT (object);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  self->src = NULL;

  G_OBJECT_CLASS (warden_audio_out_parent_class)->dispose (object);
}

static void
warden_audio_out_finalize (GObject *object)
{
  WardenAudioOut *self = WARDEN_AUDIO_OUT (object);

  gst_clear_caps (&self->caps);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_audio_out_parent_class)->finalize (object);
}

static void
warden_audio_out_class_init (WardenAudioOutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_audio_out_dispose;
  object_class->finalize = warden_audio_out_finalize;
}

static void
warden_audio_out_init (WardenAudioOut *self)
{
  g_mutex_init (&self->lock);
}

/**
 * warden_audio_out_new:
 * @rtp_caps: the caps of the RTP audio stream
 *
 * Starts playing; returns NULL with @error set when the codec cannot be played.
 */
WardenAudioOut *
warden_audio_out_new (const GstCaps  *rtp_caps,
                      GError        **error)
{
  const WardenAudioCodec *codec = warden_audio_codec_find (rtp_caps);
  g_autoptr(WardenAudioOut) self = NULL;
  GstElement *depay, *decoder = NULL, *convert, *resample, *sink;
  g_autoptr(GstPad) decoded = NULL;

  if (!warden_audio_codec_can_decode (codec))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                   "Warden cannot play this camera's sound");
      return NULL;
    }

  self = g_object_new (WARDEN_TYPE_AUDIO_OUT, NULL);
  self->caps = gst_caps_copy (rtp_caps);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("warden-audio"));
  self->src = gst_element_factory_make ("appsrc", NULL);
  depay = gst_element_factory_make (codec->depay, NULL);
  if (codec->decoder != NULL)
    decoder = gst_element_factory_make (codec->decoder, NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  sink = gst_element_factory_make ("autoaudiosink", NULL);
  /* appsrc, audioconvert, audioresample and autoaudiosink are in plugins-base and
   * -good, which the package depends on. */
  g_assert (self->src != NULL && depay != NULL && convert != NULL && resample != NULL && sink != NULL);

  g_object_set (self->src,
                "caps", self->caps,
                "format", GST_FORMAT_TIME,
                "is-live", TRUE,
                "do-timestamp", TRUE,
                "max-bytes", (guint64) QUEUE_BYTES,
                NULL);
  gst_util_set_object_arg (G_OBJECT (self->src), "leaky-type", "downstream");
  g_object_set (sink, "sync", FALSE, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), self->src, depay, convert, resample, sink, NULL);
  if (decoder != NULL)
    gst_bin_add (GST_BIN (self->pipeline), decoder);
  if (!gst_element_link (self->src, depay)
      || (decoder != NULL && !gst_element_link (depay, decoder))
      || !gst_element_link_many (decoder != NULL ? decoder : depay, convert, resample, sink, NULL))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                   "Cannot link the audio elements for %s", codec->encoding);
      return NULL;
    }

  decoded = gst_element_get_static_pad (decoder != NULL ? decoder : depay, "src");
  gst_pad_add_probe (decoded, GST_PAD_PROBE_TYPE_BUFFER, decoded_probe_cb, self, NULL);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                   "The computer's sound output did not start");
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Whether this output plays a stream of @rtp_caps (a new pipeline of the same
 * camera may bring other caps: another codec or clock rate). */
gboolean
warden_audio_out_has_caps (WardenAudioOut *self,
                           const GstCaps  *rtp_caps)
{
  g_return_val_if_fail (WARDEN_IS_AUDIO_OUT (self), FALSE);

  return rtp_caps != NULL && gst_caps_is_equal (self->caps, rtp_caps);
}

/**
 * warden_audio_out_push:
 * @rtp: (transfer none): an RTP packet of the stream
 *
 * Any thread. When the output falls behind, the oldest packets are dropped.
 */
void
warden_audio_out_push (WardenAudioOut *self,
                       GstBuffer      *rtp)
{
  g_return_if_fail (WARDEN_IS_AUDIO_OUT (self));

  gst_app_src_push_buffer (GST_APP_SRC (self->src), gst_buffer_ref (rtp));
}

/* Buffers of sound decoded so far. */
guint64
warden_audio_out_get_decoded (WardenAudioOut *self)
{
  guint64 decoded;

  g_return_val_if_fail (WARDEN_IS_AUDIO_OUT (self), 0);

  g_mutex_lock (&self->lock);
  decoded = self->decoded;
  g_mutex_unlock (&self->lock);

  return decoded;
}
