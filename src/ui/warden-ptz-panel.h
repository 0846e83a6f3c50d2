/* warden-ptz-panel.h: pan, tilt, zoom, focus, iris, presets and tours of one channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-session.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_PTZ_PANEL (warden_ptz_panel_get_type ())
G_DECLARE_FINAL_TYPE (WardenPtzPanel, warden_ptz_panel, WARDEN, PTZ_PANEL, AdwBin)

GtkWidget *warden_ptz_panel_new        (void);
/* The channel the panel drives, whose presets it reads; @session NULL turns the
 * panel off. */
void       warden_ptz_panel_set_target (WardenPtzPanel      *self,
                                        WardenDeviceSession *session,
                                        int                  channel);
int        warden_ptz_panel_get_speed  (WardenPtzPanel      *self);
void       warden_ptz_panel_set_speed  (WardenPtzPanel      *self,
                                        int                  speed);
/* Starts @code (Up, LeftDown, ZoomTele, FocusNear, IrisLarge, ...) until
 * warden_ptz_panel_stop(); a different code stops the running one first. */
void       warden_ptz_panel_start      (WardenPtzPanel      *self,
                                        const char          *code);
void       warden_ptz_panel_stop       (WardenPtzPanel      *self);
/* Steers by a pointer drag of (@dx, @dy) pixels from where it began: the
 * direction follows the drag, the speed its length. */
void       warden_ptz_panel_steer      (WardenPtzPanel      *self,
                                        double               dx,
                                        double               dy);
/* A key on the video: arrows move, +/- zoom, while held. TRUE when handled. */
gboolean   warden_ptz_panel_key        (WardenPtzPanel      *self,
                                        guint                keyval,
                                        gboolean             pressed);

G_END_DECLS
