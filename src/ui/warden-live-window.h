/* warden-live-window.h: an extra live window, or a wall: a full-screen grid without chrome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-live-page.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_LIVE_WINDOW (warden_live_window_get_type ())
G_DECLARE_FINAL_TYPE (WardenLiveWindow, warden_live_window, WARDEN, LIVE_WINDOW, AdwWindow)

/* A window with its own Live View page and grid, opened with @view (may be NULL).
 * With @wall_monitor, it fills that monitor with the grid alone; Escape closes it. */
WardenLiveWindow *warden_live_window_new      (GtkApplication         *application,
                                               WardenDataDir          *data_dir,
                                               WardenDeviceRegistry   *registry,
                                               const WardenViewRecord *view,
                                               GdkMonitor             *wall_monitor);
WardenLivePage   *warden_live_window_get_page (WardenLiveWindow       *self);
gboolean          warden_live_window_is_wall  (WardenLiveWindow       *self);

G_END_DECLS
