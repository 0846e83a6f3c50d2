/* warden-device-details-dialog.h: a device's info, channels, disks, ports and encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_DETAILS_DIALOG (warden_device_details_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceDetailsDialog, warden_device_details_dialog, WARDEN,
                      DEVICE_DETAILS_DIALOG, AdwWindow)

/* Reads from the device at once when it is online. */
GtkWidget *warden_device_details_dialog_new (WardenDeviceSupervisor *supervisor);

G_END_DECLS
