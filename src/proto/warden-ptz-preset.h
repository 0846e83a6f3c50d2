/* warden-ptz-preset.h: one stored PTZ position of a channel, with its name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_PTZ_PRESET (warden_ptz_preset_get_type ())

G_DECLARE_FINAL_TYPE (WardenPtzPreset, warden_ptz_preset, WARDEN, PTZ_PRESET, GObject)

/* Preset numbers devices accept, and the longest name kept. */
#define WARDEN_PTZ_PRESET_MAX      255
#define WARDEN_PTZ_PRESET_MAX_NAME 63

WardenPtzPreset *warden_ptz_preset_new       (int              index,
                                              const char      *name);
int              warden_ptz_preset_get_index (WardenPtzPreset *self);
const char      *warden_ptz_preset_get_name  (WardenPtzPreset *self);

G_END_DECLS
