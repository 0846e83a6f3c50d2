/* warden-audio-codec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of RTP audio codecs Warden plays, and the elements each needs.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include "warden-audio-codec.h"

/* What cameras and recorders send with their video. */
static const WardenAudioCodec codecs[] = {
  { "PCMA", "rtppcmadepay", "alawdec" },
  { "PCMU", "rtppcmudepay", "mulawdec" },
  { "MPEG4-GENERIC", "rtpmp4gdepay", "avdec_aac" },
  { "MP4A-LATM", "rtpmp4adepay", "avdec_aac" },
  { "L16", "rtpL16depay", NULL },
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
