/* warden-settings-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Settings page: appearance and where Warden keeps its data and files.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-settings-page.h"

struct _WardenSettingsPage
{
  AdwBin          parent_instance;

  AdwComboRow    *style_row;
  AdwActionRow   *files_row;
  AdwActionRow   *data_row;
  AdwActionRow   *database_row;
  GtkWidget      *reset_files_button;
  GtkAdjustment  *idle_lock_adjustment;
  GtkAdjustment  *keep_streams_adjustment;

  GSettings      *settings;
  WardenDataDir  *data_dir;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WardenSettingsPage, warden_settings_page, ADW_TYPE_BIN)

static void
update_files_row (WardenSettingsPage *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "files-directory");
  g_autofree char *folder = NULL;

  gtk_widget_set_visible (self->reset_files_button, *chosen != '\0');
  if (self->data_dir == NULL)
    return;
  folder = warden_data_dir_resolve_files_path (self->data_dir, chosen);
  adw_action_row_set_subtitle (self->files_row, folder);
}

/* The color-scheme nicks, in the combo row's order (the enum's values). */
static const char *style_nicks[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    if (g_str_equal (nick, style_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (style_nicks))
    return NULL;
  return g_variant_new_string (style_nicks[selected]);
}

static gboolean
uint_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
chooser_response_cb (WardenSettingsPage   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = folder != NULL ? g_file_get_path (folder) : NULL;
      if (path != NULL)
        g_settings_set_string (self->settings, "files-directory", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_files_clicked_cb (WardenSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Files Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_files_clicked_cb (WardenSettingsPage *self)
{
  g_settings_reset (self->settings, "files-directory");
}

static void
warden_settings_page_dispose (GObject *object)
{
  WardenSettingsPage *self = WARDEN_SETTINGS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), WARDEN_TYPE_SETTINGS_PAGE);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_dir);

  G_OBJECT_CLASS (warden_settings_page_parent_class)->dispose (object);
}

static void
warden_settings_page_class_init (WardenSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_settings_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, style_row);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, files_row);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, data_row);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, database_row);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, reset_files_button);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, idle_lock_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WardenSettingsPage, keep_streams_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, choose_files_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_files_clicked_cb);
}

static void
warden_settings_page_init (WardenSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "lock-after-idle-minutes",
                                self->idle_lock_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "keep-streams-seconds",
                                self->keep_streams_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::files-directory",
                           G_CALLBACK (update_files_row), self, G_CONNECT_SWAPPED);
  update_files_row (self);
}

void
warden_settings_page_set_context (WardenSettingsPage *self,
                                  WardenDataDir      *data_dir,
                                  WardenStore        *store)
{
  g_autofree char *database = NULL;

  g_return_if_fail (WARDEN_IS_SETTINGS_PAGE (self));
  g_return_if_fail (WARDEN_IS_DATA_DIR (data_dir));
  g_return_if_fail (WARDEN_IS_STORE (store));

  g_set_object (&self->data_dir, data_dir);
  adw_action_row_set_subtitle (self->data_row, warden_data_dir_get_path (data_dir));
  /* Translators: the database file, then its schema number */
  database = g_strdup_printf (_("%s (schema %d)"), warden_store_get_path (store),
                              warden_store_get_schema_version (store));
  adw_action_row_set_subtitle (self->database_row, database);
  update_files_row (self);
}
