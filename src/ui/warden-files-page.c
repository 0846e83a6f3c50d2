/* warden-files-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Files page: what Warden saved (snapshots, local recordings, exported
 * clips), newest first, read live from the files folder.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "warden-files-page.h"

#define FILE_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN "," \
  G_FILE_ATTRIBUTE_STANDARD_SYMBOLIC_ICON "," G_FILE_ATTRIBUTE_TIME_MODIFIED

typedef enum
{
  COLUMN_NAME,
  COLUMN_SIZE,
  COLUMN_MODIFIED,
} Column;

struct _WardenFilesPage
{
  AdwBin            parent_instance;

  GtkColumnView    *column_view;
  GtkStack         *stack;
  GtkLabel         *folder_label;

  GtkDirectoryList *directory;
  GFileMonitor     *monitor;
  GtkSingleSelection *selection;
  GSettings        *settings;
  WardenDataDir    *data_dir;
  char             *folder;
};

G_DEFINE_FINAL_TYPE (WardenFilesPage, warden_files_page, ADW_TYPE_BIN)

static void
show_error (WardenFilesPage *self,
            const char      *heading,
            const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launch_uri (WardenFilesPage *self,
            const char      *uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  if (!g_app_info_launch_default_for_uri (uri, G_APP_LAUNCH_CONTEXT (context), &error))
    show_error (self, _("Could Not Open"), error);
}

static void
update_state (WardenFilesPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  const GError *error = gtk_directory_list_get_error (self->directory);

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "files");
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not list %s: %s", self->folder, error->message);
}

/* GtkDirectoryList 4.8 follows files created in the folder but not files
 * renamed into it, which is how atomic writers (g_file_set_contents, most
 * recorders) save: list the folder again when that happens. */
static void
folder_changed_cb (WardenFilesPage   *self,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   GFileMonitor      *monitor)
{
  g_autoptr (GFile) folder = NULL;

  if (event != G_FILE_MONITOR_EVENT_MOVED_IN && event != G_FILE_MONITOR_EVENT_RENAMED)
    return;

  folder = g_object_ref (gtk_directory_list_get_file (self->directory));
  gtk_directory_list_set_file (self->directory, NULL);
  gtk_directory_list_set_file (self->directory, folder);
}

static void
update_folder (WardenFilesPage *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "files-directory");
  g_autoptr (GFile) file = NULL;

  if (self->data_dir == NULL)
    return;

  g_free (self->folder);
  self->folder = warden_data_dir_resolve_files_path (self->data_dir, chosen);
  gtk_label_set_text (self->folder_label, self->folder);

  file = g_file_new_for_path (self->folder);
  gtk_directory_list_set_file (self->directory, file);

  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  self->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (folder_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_state (self);
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  g_autoptr (GDateTime) ta = g_file_info_get_modification_date_time (G_FILE_INFO ((gpointer) a));
  g_autoptr (GDateTime) tb = g_file_info_get_modification_date_time (G_FILE_INFO ((gpointer) b));

  if (ta == NULL || tb == NULL)
    return (ta == NULL) - (tb == NULL);
  return g_date_time_compare (tb, ta);
}

static gboolean
not_hidden (gpointer item,
            gpointer user_data)
{
  return !g_file_info_get_is_hidden (G_FILE_INFO (item));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SIZE ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  if (column == COLUMN_NAME)
    gtk_box_append (GTK_BOX (box), gtk_image_new ());
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GFileInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_last_child (box);
  g_autofree char *text = NULL;
  g_autoptr (GDateTime) modified = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      gtk_image_set_from_gicon (GTK_IMAGE (gtk_widget_get_first_child (box)),
                                g_file_info_get_symbolic_icon (info));
      gtk_label_set_text (GTK_LABEL (label), g_file_info_get_display_name (info));
      return;
    case COLUMN_SIZE:
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
        text = g_format_size ((guint64) g_file_info_get_size (info));
      break;
    case COLUMN_MODIFIED:
    default:
      modified = g_file_info_get_modification_date_time (info);
      if (modified != NULL)
        {
          g_autoptr (GDateTime) local = g_date_time_to_local (modified);

          text = g_date_time_format (local, "%x %X");
        }
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
add_column (WardenFilesPage *self,
            const char      *title,
            Column           column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, column == COLUMN_NAME);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

static void
file_activated_cb (WardenFilesPage *self,
                   guint            position)
{
  g_autoptr (GFileInfo) info = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  GFile *file = G_FILE (g_file_info_get_attribute_object (info, "standard::file"));
  g_autofree char *uri = g_file_get_uri (file);

  launch_uri (self, uri);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WardenFilesPage *self = WARDEN_FILES_PAGE (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (self->folder == NULL)
    return;

  if (g_mkdir_with_parents (self->folder, 0700) != 0)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create %s: %s"),
                   self->folder, g_strerror (errno));
      show_error (self, _("Could Not Open"), error);
      return;
    }

  file = g_file_new_for_path (self->folder);
  uri = g_file_get_uri (file);
  launch_uri (self, uri);
}

static void
warden_files_page_dispose (GObject *object)
{
  WardenFilesPage *self = WARDEN_FILES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WARDEN_TYPE_FILES_PAGE);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->selection);
  g_clear_object (&self->directory);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_dir);

  G_OBJECT_CLASS (warden_files_page_parent_class)->dispose (object);
}

static void
warden_files_page_finalize (GObject *object)
{
  WardenFilesPage *self = WARDEN_FILES_PAGE (object);

  g_free (self->folder);

  G_OBJECT_CLASS (warden_files_page_parent_class)->finalize (object);
}

static void
warden_files_page_class_init (WardenFilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_files_page_dispose;
  object_class->finalize = warden_files_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-files-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenFilesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, WardenFilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WardenFilesPage, folder_label);
  gtk_widget_class_bind_template_callback (widget_class, file_activated_cb);

  gtk_widget_class_install_action (widget_class, "files.open-folder", NULL, open_folder_action);
}

static void
warden_files_page_init (WardenFilesPage *self)
{
  GtkFilterListModel *visible;
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->directory = gtk_directory_list_new (FILE_ATTRIBUTES, NULL);
  gtk_directory_list_set_monitored (self->directory, TRUE);

  visible = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->directory)),
                                       GTK_FILTER (gtk_custom_filter_new (not_hidden, NULL, NULL)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (visible),
                                    GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, _("Name"), COLUMN_NAME);
  add_column (self, _("Size"), COLUMN_SIZE);
  add_column (self, _("Modified"), COLUMN_MODIFIED);

  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->directory, "notify::loading", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::files-directory", G_CALLBACK (update_folder),
                           self, G_CONNECT_SWAPPED);
}

void
warden_files_page_set_data_dir (WardenFilesPage *self,
                                WardenDataDir   *data_dir)
{
  g_return_if_fail (WARDEN_IS_FILES_PAGE (self));
  g_return_if_fail (WARDEN_IS_DATA_DIR (data_dir));

  g_set_object (&self->data_dir, data_dir);
  update_folder (self);
}

/* The folder listed, or NULL before a data directory is set. */
const char *
warden_files_page_get_folder (WardenFilesPage *self)
{
  g_return_val_if_fail (WARDEN_IS_FILES_PAGE (self), NULL);

  return self->folder;
}
