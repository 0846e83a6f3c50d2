/* warden-audio-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of RTP audio codecs Warden plays and records, and the elements each
 * needs. MP4 players read AAC; the G.711 and L16 sound most cameras send is turned
 * into AAC for a recording (8 kHz mono: a few kilobytes a second):
 *
 *   depayloader → [decoder] → audioconvert → audioresample → avenc_aac → aacparse
 *
 * while AAC from the camera goes into the file as it came:
 *
 *   depayloader → aacparse
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-audio-codec.h"
#include "warden-media-error.h"

#define AAC_ENCODER "avenc_aac"
#define AAC_BITRATE 32000             /* plenty for a camera microphone's 8 or 16 kHz */

/* What cameras and recorders send with their video. */
static const WardenAudioCodec codecs[] = {
  { "PCMA", "rtppcmadepay", "alawdec", NULL },
  { "PCMU", "rtppcmudepay", "mulawdec", NULL },
  { "MPEG4-GENERIC", "rtpmp4gdepay", "avdec_aac", "aacparse" },
  { "MP4A-LATM", "rtpmp4adepay", "avdec_aac", "aacparse" },
  { "L16", "rtpL16depay", NULL, NULL },
};

/**
 * warden_audio_codec_find:
 * @rtp_caps: the caps of an RTP audio stream, as rtspsrc gives them
 *
 * Returns: (nullable): the codec, or NULL when Warden does not know it
 */
const WardenAudioCodec *
warden_audio_codec_find (const GstCaps *rtp_caps)
{
  const GstStructure *structure;
  const char *encoding;

  if (rtp_caps == NULL || gst_caps_get_size (rtp_caps) == 0)
    return NULL;

  structure = gst_caps_get_structure (rtp_caps, 0);
  if (!gst_structure_has_name (structure, "application/x-rtp")
      || g_strcmp0 (gst_structure_get_string (structure, "media"), "audio") != 0
      || (encoding = gst_structure_get_string (structure, "encoding-name")) == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (g_ascii_strcasecmp (encoding, codecs[i].encoding) == 0)
      return &codecs[i];

  return NULL;
}

static gboolean
have_element (const char *name)
{
  g_autoptr(GstElementFactory) factory = NULL;

  if (name == NULL)
    return TRUE;
  factory = gst_element_factory_find (name);

  return factory != NULL;
}

/* Whether its GStreamer elements for playing are installed. */
gboolean
warden_audio_codec_can_decode (const WardenAudioCodec *codec)
{
  return codec != NULL && have_element (codec->depay) && have_element (codec->decoder);
}

/* Whether its GStreamer elements for an MP4 recording are installed. */
gboolean
warden_audio_codec_can_record (const WardenAudioCodec *codec)
{
  if (codec == NULL || !have_element (codec->depay) || !have_element ("aacparse"))
    return FALSE;

  return codec->parser != NULL || (have_element (codec->decoder) && have_element (AAC_ENCODER));
}

static GstElement *
make_element (GstBin     *bin,
              const char *name)
{
  GstElement *element = gst_element_factory_make (name, NULL);

  if (element != NULL)
    gst_bin_add (bin, element);

  return element;
}

/**
 * warden_audio_codec_make_mp4_bin:
 *
 * A bin that takes the codec's RTP packets (timestamped) on its sink pad and gives
 * AAC frames an MP4 muxer accepts on its source pad.
 *
 * Returns: (transfer full) (nullable): the bin, or NULL with @error set
 */
GstElement *
warden_audio_codec_make_mp4_bin (const WardenAudioCodec  *codec,
                                 GError                 **error)
{
  g_autoptr(GstElement) bin = NULL;
  const char *chain[6];
  GstElement *elements[G_N_ELEMENTS (chain)];
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) src = NULL;
  guint n = 0;

  g_return_val_if_fail (codec != NULL, NULL);

  if (!warden_audio_codec_can_record (codec))
    {
      g_set_error (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_MISSING_PLUGIN,
                   _("Recording %s sound needs gstreamer1.0-libav and -plugins-good; install them"),
                   codec->encoding);
      return NULL;
    }

  chain[n++] = codec->depay;
  if (codec->parser == NULL)
    {
      if (codec->decoder != NULL)
        chain[n++] = codec->decoder;
      chain[n++] = "audioconvert";
      chain[n++] = "audioresample";
      chain[n++] = AAC_ENCODER;
    }
  chain[n++] = "aacparse";

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  for (guint i = 0; i < n; i++)
    {
      elements[i] = make_element (GST_BIN (bin), chain[i]);
      /* audioconvert and audioresample are in plugins-base; the rest was checked. */
      g_assert (elements[i] != NULL);
      if (i > 0 && !gst_element_link (elements[i - 1], elements[i]))
        {
          g_set_error (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_UNSUPPORTED,
                       _("Cannot record %s sound to MP4"), codec->encoding);
          return NULL;
        }
      if (g_str_equal (chain[i], AAC_ENCODER))
        g_object_set (elements[i], "bitrate", AAC_BITRATE, NULL);
    }

  sink = gst_element_get_static_pad (elements[0], "sink");
  src = gst_element_get_static_pad (elements[n - 1], "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink));
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));

  return g_steal_pointer (&bin);
}
