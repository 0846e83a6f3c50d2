/* warden-device-group.h: a group of devices as the tree shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_GROUP (warden_device_group_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceGroup, warden_device_group, WARDEN, DEVICE_GROUP, GObject)

/* @id 0 is the group of devices in no group. */
WardenDeviceGroup *warden_device_group_new         (gint64             id,
                                                    const char        *name);
gint64             warden_device_group_get_id      (WardenDeviceGroup *self);
const char        *warden_device_group_get_name    (WardenDeviceGroup *self);
void               warden_device_group_set_name    (WardenDeviceGroup *self,
                                                    const char        *name);
/* WardenDeviceSupervisor items, sorted by name. */
GListModel        *warden_device_group_get_devices (WardenDeviceGroup *self);
void               warden_device_group_add         (WardenDeviceGroup *self,
                                                    gpointer           supervisor);
void               warden_device_group_remove      (WardenDeviceGroup *self,
                                                    gpointer           supervisor);

G_END_DECLS
