/* live-test-util.h: helpers shared by the Live View tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-live-grid.h"

G_BEGIN_DECLS

/* How long a test waits for tiles to paint before it calls the pipeline hung. Not a
 * timing: a sanitizer build on a busy 2-core machine needs minutes to start four
 * 1080p decoders, and a working one always gets there. */
#define LIVE_TEST_FRAMES_WAIT_S 300

/* Delivers @payload to @widget's drop targets at (@x, @y), as a drop from a drag
 * would; returns whether one accepted it. */
gboolean live_test_drop_at (GtkWidget  *widget,
                            double      x,
                            double      y,
                            const char *payload);
/* Delivers @payload to the grid's drop target at the centre of tile @index, as
 * a drop from a drag would; returns whether the grid accepted it. */
gboolean live_test_drop_on (WardenLiveGrid *grid,
                            guint           index,
                            const char     *payload);

/* The first widget of @type under @root (depth first) that is inside a popover
 * when @in_popover is TRUE, or outside every popover when it is FALSE. */
GtkWidget *live_test_find (GtkWidget *root,
                           GType      type,
                           gboolean   in_popover);

/* Frames painted per tile, to wait until every tile (or one) shows new frames. */
typedef struct
{
  WardenLiveGrid *grid;
  int only;                                    /* a tile, or -1 for all */
  guint64 before[WARDEN_LIVE_GRID_MAX_TILES];
} LiveTestFrames;

guint64  live_test_frames_painted (WardenLiveGrid *grid,
                                   guint           index);
/* Remembers how many frames each tile of @grid has painted so far. */
void     live_test_frames_mark    (LiveTestFrames *frames,
                                   WardenLiveGrid *grid,
                                   int             only);
/* For media_test_wait_until(): the tile(s) painted 5 more frames since marked. */
gboolean live_test_frames_painting (gpointer       frames);

G_END_DECLS
