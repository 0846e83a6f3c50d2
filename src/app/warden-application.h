/* warden-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-data-dir.h"
#include "warden-security.h"
#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_APPLICATION (warden_application_get_type ())
G_DECLARE_FINAL_TYPE (WardenApplication, warden_application, WARDEN, APPLICATION, AdwApplication)

WardenApplication *warden_application_new          (void);
WardenDataDir     *warden_application_get_data_dir (WardenApplication *self);
WardenStore       *warden_application_get_store    (WardenApplication *self);
WardenSecurity    *warden_application_get_security (WardenApplication *self);

G_END_DECLS
