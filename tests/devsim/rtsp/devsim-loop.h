/* devsim-loop.h: short encoded video loops, encoded once and served many times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loop is a whole number of GOPs (about two seconds) of one channel's look
 * (a test pattern per channel with the channel name drawn in) in one stream
 * configuration. Frame i is a key frame exactly when i % gop == 0, so any GOP
 * boundary, including the wrap-around, is a clean place to start decoding.
 * Loops are immutable and cached process-wide; encoding runs one at a time.
 */

#pragma once

#include <gst/gst.h>

#include "devsim-device.h"

G_BEGIN_DECLS

/* Limits on a stream configuration that can be encoded. */
#define DEVSIM_LOOP_MAX_WIDTH     4096
#define DEVSIM_LOOP_MAX_HEIGHT    2304
#define DEVSIM_LOOP_MAX_FPS       60
#define DEVSIM_LOOP_MAX_GOP       300
#define DEVSIM_LOOP_MAX_KBPS      32768
#define DEVSIM_LOOP_MAX_NAME      64
/* Total size of the cache before the least recently used loops are dropped. */
#define DEVSIM_LOOP_CACHE_BYTES   (256u * 1024 * 1024)

typedef struct
{
  gatomicrefcount ref;           /* private */
  DevsimCodec codec;
  GstCaps *caps;                 /* video/x-h264 avc or video/x-h265 hvc1, au */
  GstBuffer **frames;            /* access units, no timestamps */
  guint n_frames;
  guint gop;
  int fps;
  GstClockTime frame_duration;
  gsize bytes;
} DevsimLoop;

/* A channel name as drawn into the picture: valid UTF-8, at most
 * DEVSIM_LOOP_MAX_NAME characters. */
char        *devsim_loop_display_name     (const char *name);
/* The look of a channel: one of a few patterns, chosen by the channel number. */
int          devsim_loop_look_for_channel (int channel);

/* The elements of videotestsrc ! capsfilter ! textoverlay ! x264enc|x265enc ! parser !
 * capsfilter, which make a channel's picture and encode it to config in AVC/HVC1
 * access units (parameter sets in the caps and before every key frame). */
typedef struct
{
  GstElement *src;               /* videotestsrc */
  GstElement *overlay;           /* textoverlay, showing the channel name */
  GstElement *last;              /* link the consumer here */
} DevsimLoopChain;

gboolean     devsim_loop_check_config     (const DevsimStreamConfig *config,
                                           GError                  **error);
/* Adds and links the chain in bin; on error the bin holds a partial chain.
 * name is drawn through devsim_loop_display_name (). */
gboolean     devsim_loop_build_chain      (GstBin                   *bin,
                                           const DevsimStreamConfig *config,
                                           int                       look,
                                           const char               *name,
                                           DevsimLoopChain          *chain,
                                           GError                  **error);

/* Returns the cached loop, encoding it first if needed (this blocks). */
DevsimLoop  *devsim_loop_get              (const DevsimStreamConfig *config,
                                           int                       look,
                                           const char               *name,
                                           GError                  **error);
DevsimLoop  *devsim_loop_ref              (DevsimLoop *loop);
void         devsim_loop_unref            (DevsimLoop *loop);
/* Drops every cached loop (loops in use stay alive until unreferenced). */
void         devsim_loop_cache_clear      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimLoop, devsim_loop_unref)

G_END_DECLS
