/* warden-audio-codec.h: the audio codecs cameras send with their video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct
{
  const char *encoding;         /* the SDP's encoding name */
  const char *depay;
  const char *decoder;          /* NULL: the depayloader gives raw audio */
  const char *parser;           /* non-NULL: MP4 takes the frames as they are (AAC) */
} WardenAudioCodec;

const WardenAudioCodec *warden_audio_codec_find        (const GstCaps          *rtp_caps);
gboolean                warden_audio_codec_can_decode  (const WardenAudioCodec *codec);
gboolean                warden_audio_codec_can_record  (const WardenAudioCodec *codec);
GstElement             *warden_audio_codec_make_mp4_bin (const WardenAudioCodec *codec,
                                                        GError                **error);

G_END_DECLS
