/* warden-device-init.h: set up a device found on the LAN: its first admin
 * password, and its IPv4 address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "warden-discovered-device.h"

G_BEGIN_DECLS

/* Limits a device puts on initialisation (PROTOCOL.md §3.2; the simulator's). */
#define WARDEN_DEVICE_INIT_MAX_USER     32
#define WARDEN_DEVICE_INIT_MAX_PASSWORD 32
#define WARDEN_DEVICE_INIT_MAX_EMAIL    128

/* How long a DHDiscover.setConfig waits for the device's answer. */
#define WARDEN_DEVICE_SET_ADDRESS_TIMEOUT_MS 3000

void     warden_device_init_account_async  (const char          *host,
                                            guint                http_port,
                                            const char          *user,
                                            const char          *password,
                                            const char          *email,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean warden_device_init_account_finish (GAsyncResult        *result,
                                            GError             **error);

void     warden_device_set_address_async   (const WardenDiscoveredDevice *device,
                                            guint                discovery_port,
                                            const char          *user,
                                            const char          *password,
                                            const char          *address,
                                            const char          *netmask,
                                            const char          *gateway,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean warden_device_set_address_finish  (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
