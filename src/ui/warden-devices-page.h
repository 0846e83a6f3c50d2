/* warden-devices-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICES_PAGE (warden_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenDevicesPage, warden_devices_page, WARDEN, DEVICES_PAGE, AdwBin)

/* Shows @registry's groups, devices and channels. The page does not load it. */
void                  warden_devices_page_set_registry (WardenDevicesPage    *self,
                                                        WardenDeviceRegistry *registry);
WardenDeviceRegistry *warden_devices_page_get_registry (WardenDevicesPage    *self);
/* Makes a registry on @security's store, shows it and loads the devices, whose
 * supervisors then connect. Device passwords need a signed-in operator. */
void                  warden_devices_page_set_security (WardenDevicesPage    *self,
                                                        WardenSecurity       *security);
/* The tree as shown (GtkTreeListRow items), after search and filter. */
GListModel           *warden_devices_page_get_rows     (WardenDevicesPage    *self);

G_END_DECLS
