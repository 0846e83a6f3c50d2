/* warden-video-tile.h: one camera's live video with its overlay and hover toolbar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "warden-live-stream.h"
#include "warden-video-paintable.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_VIDEO_TILE (warden_video_tile_get_type ())

G_DECLARE_FINAL_TYPE (WardenVideoTile, warden_video_tile, WARDEN, VIDEO_TILE, GtkWidget)

GtkWidget            *warden_video_tile_new                 (void);
void                  warden_video_tile_set_source          (WardenVideoTile   *self,
                                                             const char        *channel_name,
                                                             const char        *main_url,
                                                             const char        *sub_url,
                                                             WardenLatencyMode  mode);
const char           *warden_video_tile_pick_url            (gboolean           main_stream,
                                                             const char        *main_url,
                                                             const char        *sub_url);
void                  warden_video_tile_clear               (WardenVideoTile   *self);
WardenLiveStream     *warden_video_tile_get_stream          (WardenVideoTile   *self);
WardenVideoPaintable *warden_video_tile_get_paintable       (WardenVideoTile   *self);
gboolean              warden_video_tile_get_main_stream     (WardenVideoTile   *self);
void                  warden_video_tile_set_main_stream     (WardenVideoTile   *self,
                                                             gboolean           main_stream);
gboolean              warden_video_tile_get_recording       (WardenVideoTile   *self);
void                  warden_video_tile_set_recording       (WardenVideoTile   *self,
                                                             gboolean           recording);
gboolean              warden_video_tile_get_show_stats      (WardenVideoTile   *self);
void                  warden_video_tile_set_show_stats      (WardenVideoTile   *self,
                                                             gboolean           show_stats);
GFile                *warden_video_tile_get_files_directory (WardenVideoTile   *self);
void                  warden_video_tile_set_files_directory (WardenVideoTile   *self,
                                                             GFile             *directory);
void                  warden_video_tile_set_snapshot_format (WardenVideoTile   *self,
                                                             WardenSnapshotFormat format);
gboolean              warden_video_tile_get_audio           (WardenVideoTile   *self);
void                  warden_video_tile_set_audio           (WardenVideoTile   *self,
                                                             gboolean           audio);
gboolean              warden_video_tile_get_digital_zoom    (WardenVideoTile   *self);
void                  warden_video_tile_set_digital_zoom    (WardenVideoTile   *self,
                                                             gboolean           digital_zoom);

G_END_DECLS
