/* warden-tile-scaler.h: scales 4:2:0 video to a tile's size and converts it to BGRA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/video/video.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_TILE_SCALER (warden_tile_scaler_get_type ())

G_DECLARE_FINAL_TYPE (WardenTileScaler, warden_tile_scaler, WARDEN, TILE_SCALER, GstVideoFilter)

GstElement *warden_tile_scaler_new (void);

G_END_DECLS
