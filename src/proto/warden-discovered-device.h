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

/**
 * WardenInitState:
 * @WARDEN_INIT_STATE_UNKNOWN: the reply has no usable `Init`
 * @WARDEN_INIT_STATE_UNINITIALISED: the device waits for its admin password
 * @WARDEN_INIT_STATE_INITIALISED: the device has an admin password
 *
 * What `deviceInfo.Init` says (PROTOCOL.md §4.1, [U]). Accepted forms: `0`/`false`
 * (not initialised) and `1`/`true` (initialised) as a flag; from 2 up, the NetSDK bit
 * field whose bits 0-1 are 1 (not initialised) or 2 (initialised), as in the `150`
 * initialised devices send.
 */
typedef enum
{
  WARDEN_INIT_STATE_UNKNOWN,
  WARDEN_INIT_STATE_UNINITIALISED,
  WARDEN_INIT_STATE_INITIALISED,
} WardenInitState;

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
  char *netmask;         /* IPv4Address.SubnetMask, or NULL */
  char *gateway;         /* IPv4Address.DefaultGateway, or NULL */
  WardenInitState init;
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
const guint8           *warden_discovery_find_json        (const guint8                 *data,
                                                           gsize                         len,
                                                           GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenDiscoveredDevice, warden_discovered_device_free)

G_END_DECLS
