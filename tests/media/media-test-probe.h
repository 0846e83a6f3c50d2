/* media-test-probe.h: what ffprobe, an independent reader, finds in a recorded file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call fails the test when ffprobe cannot read the file as MP4.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The duration in seconds of the file's H.264 video, which must have frames and be
 * @width × @height. */
double media_test_probe_video        (GFile *file,
                                      int    width,
                                      int    height);
/* The AAC frames (1024 samples each) of the file's sound track, which must be 8 kHz
 * mono as G.711 from a camera becomes; 0 without a sound track or with an empty one. */
guint  media_test_probe_sound_frames (GFile *file);

G_END_DECLS
