/* warden-devices-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Devices page: the tree of groups, devices and channels. Until the device manager lands it says what it will hold.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-devices-page.h"

struct _WardenDevicesPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WardenDevicesPage, warden_devices_page, ADW_TYPE_BIN)

static void
warden_devices_page_class_init (WardenDevicesPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/warden/Warden/warden-devices-page.ui");
}

static void
warden_devices_page_init (WardenDevicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
