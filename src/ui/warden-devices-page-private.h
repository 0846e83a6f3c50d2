/* warden-devices-page-private.h: the Devices page's parts in other files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-devices-page.h"

G_BEGIN_DECLS

/* warden-devices-page-csv.c: the devices.import and devices.export actions. */
void _warden_devices_page_csv_class_init (GtkWidgetClass    *widget_class);
/* Imports @file and reports the outcome in a dialog. */
void _warden_devices_page_import_file    (WardenDevicesPage *self,
                                          GFile             *file);
void _warden_devices_page_export_file    (WardenDevicesPage *self,
                                          GFile             *file);

G_END_DECLS
