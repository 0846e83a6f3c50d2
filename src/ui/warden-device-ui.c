/* warden-device-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-device-ui.h"

void
warden_device_ui_show_outcome (GtkLabel   *label,
                               const char *text,
                               gboolean    failed)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

void
warden_device_ui_choose_group (AdwComboRow          *row,
                               WardenDeviceRegistry *registry)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry));

  adw_combo_row_set_expression (row, gtk_property_expression_new (WARDEN_TYPE_DEVICE_GROUP, NULL,
                                                                  "name"));
  adw_combo_row_set_model (row, warden_device_registry_get_groups (registry));
}
