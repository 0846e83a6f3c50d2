/* warden-settings-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-data-dir.h"
#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_SETTINGS_PAGE (warden_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenSettingsPage, warden_settings_page, WARDEN, SETTINGS_PAGE, AdwBin)

void warden_settings_page_set_context (WardenSettingsPage *self,
                                       WardenDataDir      *data_dir,
                                       WardenStore        *store);

G_END_DECLS
