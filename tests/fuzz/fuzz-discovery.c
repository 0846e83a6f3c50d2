/* fuzz-discovery.c: DHDiscover reply datagrams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-discovered-device.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenDiscoveredDevice) device = warden_discovered_device_parse (data, size, "127.0.0.1", NULL);

  if (device != NULL)
    {
      g_autoptr(WardenDiscoveredDevice) copy = warden_discovered_device_copy (device);

      g_free (warden_discovered_device_to_json (copy));
    }
  return 0;
}
