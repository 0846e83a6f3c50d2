/* warden-audio-out.h: plays a camera's RTP audio on the computer's speakers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_AUDIO_OUT (warden_audio_out_get_type ())

G_DECLARE_FINAL_TYPE (WardenAudioOut, warden_audio_out, WARDEN, AUDIO_OUT, GObject)

gboolean        warden_audio_out_can_play      (const GstCaps  *rtp_caps);
WardenAudioOut *warden_audio_out_new           (const GstCaps  *rtp_caps,
                                                GError        **error);
gboolean        warden_audio_out_has_caps      (WardenAudioOut *self,
                                                const GstCaps  *rtp_caps);
void            warden_audio_out_push          (WardenAudioOut *self,
                                                GstBuffer      *rtp);
guint64         warden_audio_out_get_decoded   (WardenAudioOut *self);

G_END_DECLS
