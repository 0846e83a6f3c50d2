/* warden-found-device.h: one device a network search found, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "warden-discovered-device.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_FOUND_DEVICE (warden_found_device_get_type ())
G_DECLARE_FINAL_TYPE (WardenFoundDevice, warden_found_device, WARDEN, FOUND_DEVICE, GObject)

WardenFoundDevice            *warden_found_device_new  (const WardenDiscoveredDevice *device);
const WardenDiscoveredDevice *warden_found_device_get  (WardenFoundDevice            *self);

G_END_DECLS
