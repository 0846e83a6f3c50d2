/* warden-device-channel.h: one video channel of a device as the tree shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_CHANNEL (warden_device_channel_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceChannel, warden_device_channel, WARDEN, DEVICE_CHANNEL, GObject)

WardenDeviceChannel *warden_device_channel_new              (gint64               device_id,
                                                             int                  number,
                                                             const char          *name,
                                                             const char          *local_name);
gint64               warden_device_channel_get_device_id    (WardenDeviceChannel *self);
int                  warden_device_channel_get_number       (WardenDeviceChannel *self);
const char          *warden_device_channel_get_name         (WardenDeviceChannel *self);
const char          *warden_device_channel_get_local_name   (WardenDeviceChannel *self);
void                 warden_device_channel_set_local_name   (WardenDeviceChannel *self,
                                                             const char          *local_name);
/* The local name when set, else the device's title, else "Channel N". */
const char          *warden_device_channel_get_display_name (WardenDeviceChannel *self);

G_END_DECLS
