/* warden-login-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the main window shows until an operator signs in: the sign-in form,
 * with the time left when an account is locked out, and a password reset
 * through the account's security questions. Emits "signed-in".
 */

#pragma once

#include <adwaita.h>

#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_LOGIN_WINDOW (warden_login_window_get_type ())
G_DECLARE_FINAL_TYPE (WardenLoginWindow, warden_login_window, WARDEN, LOGIN_WINDOW, AdwBin)

GtkWidget *warden_login_window_new (WardenSecurity *security);

G_END_DECLS
