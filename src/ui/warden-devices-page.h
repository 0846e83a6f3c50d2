/* warden-devices-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICES_PAGE (warden_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenDevicesPage, warden_devices_page, WARDEN, DEVICES_PAGE, AdwBin)

G_END_DECLS
