/* warden-operators-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accounts and roles: add, disable and delete operators, give them a role,
 * and make custom roles from the feature rights. Core checks every change
 * against the signed-in operator's rights as well.
 */

#pragma once

#include <adwaita.h>

#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_OPERATORS_PAGE (warden_operators_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenOperatorsPage, warden_operators_page, WARDEN, OPERATORS_PAGE, AdwBin)

GtkWidget *warden_operators_page_new    (WardenSecurity      *security);
void       warden_operators_page_reload (WardenOperatorsPage *self);

G_END_DECLS
