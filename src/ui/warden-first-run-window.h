/* warden-first-run-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the main window shows when no account exists: creates the
 * administrator, whose password must pass the rules, with three security
 * questions for a later reset. Emits "done" once the administrator is
 * signed in.
 */

#pragma once

#include <adwaita.h>

#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_FIRST_RUN_WINDOW (warden_first_run_window_get_type ())
G_DECLARE_FINAL_TYPE (WardenFirstRunWindow, warden_first_run_window, WARDEN, FIRST_RUN_WINDOW,
                      AdwBin)

GtkWidget *warden_first_run_window_new (WardenSecurity *security);

G_END_DECLS
