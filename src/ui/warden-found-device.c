/* warden-found-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-found-device.h"

struct _WardenFoundDevice
{
  GObject                 parent_instance;

  WardenDiscoveredDevice *device;
};

G_DEFINE_FINAL_TYPE (WardenFoundDevice, warden_found_device, G_TYPE_OBJECT)

static void
warden_found_device_finalize (GObject *object)
{
  WardenFoundDevice *self = WARDEN_FOUND_DEVICE (object);

  warden_discovered_device_free (self->device);
  G_OBJECT_CLASS (warden_found_device_parent_class)->finalize (object);
}

static void
warden_found_device_class_init (WardenFoundDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_found_device_finalize;
}

static void
warden_found_device_init (WardenFoundDevice *self)
{
}

WardenFoundDevice *
warden_found_device_new (const WardenDiscoveredDevice *device)
{
  WardenFoundDevice *self;

  g_return_val_if_fail (device != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_FOUND_DEVICE, NULL);
  self->device = warden_discovered_device_copy (device);
  return self;
}

const WardenDiscoveredDevice *
warden_found_device_get (WardenFoundDevice *self)
{
  g_return_val_if_fail (WARDEN_IS_FOUND_DEVICE (self), NULL);
  return self->device;
}
