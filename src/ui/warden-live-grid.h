/* warden-live-grid.h: a grid of video tiles, 1 to 64, with enlarge, swap and close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "warden-live-stream.h"
#include "warden-video-tile.h"

G_BEGIN_DECLS

#define WARDEN_LIVE_GRID_MAX_TILES 64
#define WARDEN_LIVE_GRID_MAX_SIDE  8
#define WARDEN_LIVE_GRID_MAX_SNAPSHOTS 10

/* What a drag onto the grid carries, as a string: a tile of a grid, one channel
 * of a device, or a whole device. */
typedef enum
{
  WARDEN_LIVE_DRAG_TILE,
  WARDEN_LIVE_DRAG_CHANNEL,
  WARDEN_LIVE_DRAG_DEVICE,
} WardenLiveDragKind;

#define WARDEN_TYPE_LIVE_GRID (warden_live_grid_get_type ())

G_DECLARE_FINAL_TYPE (WardenLiveGrid, warden_live_grid, WARDEN, LIVE_GRID, GtkWidget)

/* The drag payload for a channel (@channel ≥ 1) or a whole device (@channel 0). */
char              *warden_live_drag_payload_new            (gint64              device_id,
                                                            int                 channel);
/* Parses a payload of at most 64 bytes; FALSE for anything else. @id is the tile
 * index or the device id; @channel is 0 unless @kind is a channel. */
gboolean           warden_live_drag_payload_parse          (const char         *payload,
                                                            WardenLiveDragKind *kind,
                                                            gint64             *id,
                                                            int                *channel);

/* TRUE for the standard layouts: 1, 4, 6, 8, 9, 16, 25, 36, 64 tiles. */
gboolean           warden_live_grid_layout_is_standard     (guint               n_tiles);

GtkWidget         *warden_live_grid_new                    (void);
/* A standard layout (6 and 8 have one large tile). Channels in tiles that remain
 * stay; the others close. */
void               warden_live_grid_set_layout             (WardenLiveGrid     *self,
                                                            guint               n_tiles);
/* @rows × @columns equal tiles, each 1 to 8. */
void               warden_live_grid_set_custom_layout      (WardenLiveGrid     *self,
                                                            guint               rows,
                                                            guint               columns);
guint              warden_live_grid_get_n_tiles            (WardenLiveGrid     *self);
guint              warden_live_grid_get_rows               (WardenLiveGrid     *self);
guint              warden_live_grid_get_columns            (WardenLiveGrid     *self);
/* The span of the first tile in the 6 and 8 layouts, 0 otherwise. */
guint              warden_live_grid_get_large_span         (WardenLiveGrid     *self);
WardenVideoTile   *warden_live_grid_get_tile               (WardenLiveGrid     *self,
                                                            guint               index);

void               warden_live_grid_set_channel            (WardenLiveGrid     *self,
                                                            guint               index,
                                                            gint64              device_id,
                                                            int                 channel,
                                                            const char         *name,
                                                            const char         *main_url,
                                                            const char         *sub_url);
/* FALSE when the tile is empty. */
gboolean           warden_live_grid_get_channel            (WardenLiveGrid     *self,
                                                            guint               index,
                                                            gint64             *device_id,
                                                            int                *channel);
/* The first empty tile, or -1 when all are showing a channel. */
int                warden_live_grid_get_next_free          (WardenLiveGrid     *self);
void               warden_live_grid_clear_tile             (WardenLiveGrid     *self,
                                                            guint               index);
void               warden_live_grid_clear_all              (WardenLiveGrid     *self);
void               warden_live_grid_swap                   (WardenLiveGrid     *self,
                                                            guint               a,
                                                            guint               b);
/* The tile shown over the whole grid, or -1. */
int                warden_live_grid_get_enlarged           (WardenLiveGrid     *self);
void               warden_live_grid_set_enlarged           (WardenLiveGrid     *self,
                                                            int                 index);

/* The tile a click selected (PTZ and keys act on it), or -1. */
int                warden_live_grid_get_selected           (WardenLiveGrid     *self);
void               warden_live_grid_set_selected           (WardenLiveGrid     *self,
                                                            int                 index);

guint              warden_live_grid_get_max_fps            (WardenLiveGrid     *self);
void               warden_live_grid_set_max_fps            (WardenLiveGrid     *self,
                                                            guint               max_fps);
gboolean           warden_live_grid_get_key_frames_only    (WardenLiveGrid     *self);
void               warden_live_grid_set_key_frames_only    (WardenLiveGrid     *self,
                                                            gboolean            key_frames_only);
WardenLatencyMode  warden_live_grid_get_latency_mode       (WardenLiveGrid     *self);
void               warden_live_grid_set_latency_mode       (WardenLiveGrid     *self,
                                                            WardenLatencyMode   mode);
guint              warden_live_grid_get_main_stream_max_tiles (WardenLiveGrid  *self);
void               warden_live_grid_set_main_stream_max_tiles (WardenLiveGrid  *self,
                                                            guint               n_tiles);
gboolean           warden_live_grid_get_enlarged_main_stream (WardenLiveGrid   *self);
void               warden_live_grid_set_enlarged_main_stream (WardenLiveGrid   *self,
                                                            gboolean            main_stream);
void               warden_live_grid_set_files_directory    (WardenLiveGrid     *self,
                                                            GFile              *directory);
/* Continuous snapshots: how many a tile's snapshot button takes (1 by default)
 * and the milliseconds between them (1000). */
guint              warden_live_grid_get_snapshot_count     (WardenLiveGrid     *self);
guint              warden_live_grid_get_snapshot_interval  (WardenLiveGrid     *self);
void               warden_live_grid_set_snapshot_burst     (WardenLiveGrid     *self,
                                                            guint               count,
                                                            guint               interval_ms);
WardenSnapshotFormat warden_live_grid_get_snapshot_format  (WardenLiveGrid     *self);
void               warden_live_grid_set_snapshot_format    (WardenLiveGrid     *self,
                                                            WardenSnapshotFormat format);

G_END_DECLS
