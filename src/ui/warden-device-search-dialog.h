/* warden-device-search-dialog.h: find devices on the network and add many at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_SEARCH_DIALOG (warden_device_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceSearchDialog, warden_device_search_dialog, WARDEN,
                      DEVICE_SEARCH_DIALOG, AdwWindow)

GtkWidget *warden_device_search_dialog_new (WardenDeviceRegistry *registry);

G_END_DECLS
