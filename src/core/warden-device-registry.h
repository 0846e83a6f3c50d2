/* warden-device-registry.h: every device the operator added, each with its supervisor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry loads groups and devices from the store, reads each device's
 * password from the vault and starts one WardenDeviceSupervisor per device.
 * Adding, editing and deleting devices and groups go through it, so the store,
 * the vault, the audit log and the models the UI shows stay in step. Every
 * change needs WARDEN_RIGHT_DEVICE_EDIT, and a signed-in operator for the vault.
 */

#pragma once

#include <gio/gio.h>

#include "warden-device-channel.h"
#include "warden-device-group.h"
#include "warden-device-supervisor.h"
#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_REGISTRY (warden_device_registry_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceRegistry, warden_device_registry, WARDEN, DEVICE_REGISTRY, GObject)

/* TRUE when @address is an IP address, or with @allow_domain a host name
 * (letters, digits, dots, hyphens; at most 253 bytes). */
gboolean                warden_device_address_is_valid      (const char           *address,
                                                             gboolean              allow_domain);

WardenDeviceRegistry   *warden_device_registry_new          (WardenSecurity       *security);
WardenSecurity         *warden_device_registry_get_security (WardenDeviceRegistry *self);
WardenStore            *warden_device_registry_get_store    (WardenDeviceRegistry *self);
/* Back-off of every supervisor, now and later (see warden_device_supervisor_set_backoff()). */
void                    warden_device_registry_set_backoff  (WardenDeviceRegistry *self,
                                                             guint                 min_ms,
                                                             guint                 max_ms);
/* The lock-out wait of every supervisor, now and later (see warden_device_supervisor_set_lock_wait()). */
void                    warden_device_registry_set_lock_wait (WardenDeviceRegistry *self,
                                                              guint                 seconds);

/* WardenDeviceGroup items: first the devices in no group (id 0), then groups by name. */
GListModel             *warden_device_registry_get_groups   (WardenDeviceRegistry *self);
/* WardenDeviceSupervisor items, one per device, in the order they were added. */
GListModel             *warden_device_registry_get_devices  (WardenDeviceRegistry *self);
WardenDeviceSupervisor *warden_device_registry_lookup       (WardenDeviceRegistry *self,
                                                             gint64                device_id);
WardenDeviceGroup      *warden_device_registry_lookup_group (WardenDeviceRegistry *self,
                                                             gint64                group_id);
WardenDeviceGroup      *warden_device_registry_find_group   (WardenDeviceRegistry *self,
                                                             const char           *name);

/* Reads groups and devices and starts a supervisor for each device. */
void                    warden_device_registry_load_async   (WardenDeviceRegistry *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean                warden_device_registry_load_finish  (WardenDeviceRegistry *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* Seals @password in the vault, stores the device and starts its supervisor,
 * which logs in at once. */
void                    warden_device_registry_add_device_async  (WardenDeviceRegistry     *self,
                                                                  const WardenDeviceRecord *record,
                                                                  const char               *password,
                                                                  GCancellable             *cancellable,
                                                                  GAsyncReadyCallback       callback,
                                                                  gpointer                  user_data);
WardenDeviceSupervisor *warden_device_registry_add_device_finish (WardenDeviceRegistry     *self,
                                                                  GAsyncResult             *result,
                                                                  GError                  **error);
/* @password NULL keeps the stored one. Moving a device is an update of group_id. */
void                    warden_device_registry_update_device_async (WardenDeviceRegistry     *self,
                                                                    const WardenDeviceRecord *record,
                                                                    const char               *password,
                                                                    GCancellable             *cancellable,
                                                                    GAsyncReadyCallback       callback,
                                                                    gpointer                  user_data);
/* Deletes the device, its channels and its stored password. */
void                    warden_device_registry_delete_device_async (WardenDeviceRegistry *self,
                                                                    gint64                device_id,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
void                    warden_device_registry_add_group_async     (WardenDeviceRegistry *self,
                                                                    const char           *name,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
void                    warden_device_registry_rename_group_async  (WardenDeviceRegistry *self,
                                                                    gint64                group_id,
                                                                    const char           *name,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
/* The group's devices move to no group. */
void                    warden_device_registry_delete_group_async  (WardenDeviceRegistry *self,
                                                                    gint64                group_id,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
/* Finishes update, delete and the group calls: the group's id for
 * add_group, 1 for the others, 0 on error. */
gint64                  warden_device_registry_write_finish        (WardenDeviceRegistry *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);

G_END_DECLS
