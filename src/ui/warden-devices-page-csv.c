/* warden-devices-page-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import and export of the device list as CSV (the format is in
 * src/core/warden-device-csv.h). The import reports every bad row by line
 * and field; the good rows still go in.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-devices-page-private.h"
#include "warden-device-csv.h"

static void
report (WardenDevicesPage *self,
        const char        *heading,
        const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "csv-report");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WardenDevicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;
  g_autoptr(GPtrArray) problems = warden_device_csv_import_finish (WARDEN_DEVICE_REGISTRY (object),
                                                                   result, &n_added, &error);
  g_autoptr(GString) body = NULL;

  if (problems == NULL)
    {
      report (self, _("The device list was not imported"), error->message);
      return;
    }
  body = g_string_new (NULL);
  g_string_append_printf (body, ngettext ("Added %u device.", "Added %u devices.", n_added), n_added);
  for (guint i = 0; i < problems->len; i++)
    {
      WardenCsvProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_c (body, '\n');
      if (problem->field != NULL)
        g_string_append_printf (body, _("Line %u, %s: %s"), problem->line, problem->field,
                                problem->message);
      else
        g_string_append_printf (body, _("Line %u: %s"), problem->line, problem->message);
    }
  report (self, problems->len == 0 ? _("Device List Imported") : _("Some Rows Were Skipped"),
          body->str);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WardenDevicesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);

  if (data == NULL)
    {
      report (self, _("The file could not be read"), error->message);
      return;
    }
  warden_device_csv_import_async (warden_devices_page_get_registry (self), data, NULL, imported_cb,
                                  g_object_ref (self));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WardenDevicesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    report (self, _("The device list was not saved"), error->message);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  WardenDevicesPage *self = user_data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        _warden_devices_page_export_file (self, file);
      else
        _warden_devices_page_import_file (self, file);
    }
  g_object_unref (chooser);
}

static void
choose (WardenDevicesPage    *self,
        GtkFileChooserAction  action)
{
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (save ? _("Export Device List") : _("Import Device List"),
                                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), action,
                                 save ? _("_Export") : _("_Import"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "devices.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose (WARDEN_DEVICES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose (WARDEN_DEVICES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

void
_warden_devices_page_csv_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "devices.export", NULL, export_action);
}

void
_warden_devices_page_import_file (WardenDevicesPage *self,
                                  GFile             *file)
{
  g_return_if_fail (WARDEN_IS_DEVICES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, NULL, loaded_cb, g_object_ref (self));
}

void
_warden_devices_page_export_file (WardenDevicesPage *self,
                                  GFile             *file)
{
  g_autoptr(GBytes) data = NULL;

  g_return_if_fail (WARDEN_IS_DEVICES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  data = warden_device_csv_export (warden_devices_page_get_registry (self));
  g_file_replace_contents_bytes_async (file, data, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       saved_cb, g_object_ref (self));
}
