/* devsim-loop-src.h: a source element that serves a cached loop as a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live: a live source that pushes the loop's access units at their frame times
 * against the pipeline clock (PTS = running time at capture), starting at the
 * loop position that the wall clock selects, so a client joins anywhere in a GOP
 * as with a real camera. Playback: a seekable source of a given duration that
 * starts every segment on a key frame and sends key frames only at rates above 2.
 * Both honour the device's faults (offline, stall, corrupt) frame by frame.
 */

#pragma once

#include <gst/base/gstpushsrc.h>

#include "devsim-loop.h"
#include "devsim-rtsp-link.h"

G_BEGIN_DECLS

#define DEVSIM_TYPE_LOOP_SRC (devsim_loop_src_get_type ())

G_DECLARE_FINAL_TYPE (DevsimLoopSrc, devsim_loop_src, DEVSIM, LOOP_SRC, GstPushSrc)

GstElement *devsim_loop_src_new_live     (DevsimLoop     *loop,
                                          DevsimRtspLink *link);
GstElement *devsim_loop_src_new_playback (DevsimLoop     *loop,
                                          DevsimRtspLink *link,
                                          GstClockTime    duration);
/* A damaged copy of an AVC/HVC1 access unit, as sent while the device corrupts
 * streams: the framing, the parameter sets and each NAL unit's first bytes stay,
 * the slice data is scrambled. */
GstBuffer  *devsim_loop_src_damage       (GstBuffer      *buffer,
                                          DevsimCodec     codec);

G_END_DECLS
