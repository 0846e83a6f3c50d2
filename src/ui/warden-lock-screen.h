/* warden-lock-screen.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window shows instead of its pages while the app is locked: the
 * signed-in operator's password unlocks it. Video stays hidden meanwhile.
 * warden_lock_screen_install() also puts the first run and the sign-in
 * form in front of a window until someone signs in.
 */

#pragma once

#include <adwaita.h>

#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_LOCK_SCREEN (warden_lock_screen_get_type ())
G_DECLARE_FINAL_TYPE (WardenLockScreen, warden_lock_screen, WARDEN, LOCK_SCREEN, AdwBin)

GtkWidget *warden_lock_screen_new     (WardenSecurity *security);
void       warden_lock_screen_install (GtkWindow      *window,
                                       WardenSecurity *security,
                                       guint           idle_minutes);
void       warden_lock_screen_set_idle_minutes (GtkWindow *window,
                                                guint      idle_minutes);

G_END_DECLS
