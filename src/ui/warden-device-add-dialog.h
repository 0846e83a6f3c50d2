/* warden-device-add-dialog.h: add a device by its address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_ADD_DIALOG (warden_device_add_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceAddDialog, warden_device_add_dialog, WARDEN, DEVICE_ADD_DIALOG,
                      AdwWindow)

GtkWidget *warden_device_add_dialog_new            (WardenDeviceRegistry   *registry);
/* The same dialog, filled in from @supervisor's device, saving changes to it. */
GtkWidget *warden_device_add_dialog_new_for_device (WardenDeviceRegistry   *registry,
                                                    WardenDeviceSupervisor *supervisor);

G_END_DECLS
