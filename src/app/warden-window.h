/* warden-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-application.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_WINDOW (warden_window_get_type ())
G_DECLARE_FINAL_TYPE (WardenWindow, warden_window, WARDEN, WINDOW, AdwApplicationWindow)

WardenWindow *warden_window_new (WardenApplication *application);

G_END_DECLS
