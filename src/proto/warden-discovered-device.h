/* warden-discovered-device.h: one answer to a DHDiscover search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_DISCOVERED_DEVICE (warden_discovered_device_get_type ())

/* Largest discovery datagram accepted. */
#define WARDEN_DISCOVERY_MAX_REPLY 65536u

typedef struct
{
  char *address;         /* IPv4Address.IPAddress, else the sender */
  char *mac;
  char *serial;
  char *model;           /* DeviceType */
  char *device_class;    /* IPC, NVR, VTO, ... */
  char *name;            /* MachineName */
  char *vendor;
  char *version;
  int port;              /* TCP port (37777) or -1 */
  int http_port;         /* or -1 */
  int video_inputs;      /* or -1 */
} WardenDiscoveredDevice;

GType                   warden_discovered_device_get_type (void) G_GNUC_CONST;
WardenDiscoveredDevice *warden_discovered_device_copy     (const WardenDiscoveredDevice *device);
void                    warden_discovered_device_free     (WardenDiscoveredDevice       *device);
WardenDiscoveredDevice *warden_discovered_device_parse    (const guint8                 *data,
                                                           gsize                         len,
                                                           const char                   *sender,
                                                           GError                      **error);
char                   *warden_discovered_device_to_json  (const WardenDiscoveredDevice *device);
GBytes                 *warden_discovery_build_search     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenDiscoveredDevice, warden_discovered_device_free)

G_END_DECLS
