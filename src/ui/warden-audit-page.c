/* warden-audit-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-audit-page.h"

#define PAGE_SIZE 200
/* An export reads at most this many entries. */
#define MAX_EXPORT 1000000

struct _WardenAuditPage
{
  AdwBin                parent_instance;

  GtkSearchEntry       *search_entry;
  GtkColumnView        *column_view;
  GtkWidget            *more_button;
  GtkLabel             *status_label;

  WardenSecurity       *security;
  GListStore           *entries;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              exhausted;
};

G_DEFINE_FINAL_TYPE (WardenAuditPage, warden_audit_page, ADW_TYPE_BIN)

static void
show_status (WardenAuditPage *self,
             const char      *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  WardenAuditPage *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) page = warden_security_query_audit_finish (WARDEN_SECURITY (source),
                                                                    result, &error);
  guint n;

  if (page == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = WARDEN_AUDIT_PAGE (user_data);
  if (page == NULL)
    {
      show_status (self, error->message);
      gtk_widget_set_visible (self->more_button, FALSE);
      return;
    }

  n = g_list_model_get_n_items (page);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) entry = g_list_model_get_item (page, i);

      g_list_store_append (self->entries, entry);
    }
  self->exhausted = n < PAGE_SIZE;
  gtk_widget_set_visible (self->more_button, !self->exhausted);
  show_status (self, g_list_model_get_n_items (G_LIST_MODEL (self->entries)) == 0
                     ? _("No entries match.") : NULL);
}

static void
load_page (WardenAuditPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  warden_security_query_audit_async (self->security, search, 0, G_MAXINT64,
                                     g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                                     PAGE_SIZE, self->cancellable, page_loaded_cb, self);
}

static void
search_changed_cb (WardenAuditPage *self)
{
  warden_audit_page_reload (self);
}

static void
more_clicked_cb (WardenAuditPage *self)
{
  if (!self->exhausted)
    load_page (self);
}

static void
chooser_response_cb (WardenAuditPage      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (!warden_audit_page_export_csv (self, file, &error))
    show_status (self, error->message);
}

static void
export_clicked_cb (WardenAuditPage *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export the Audit Log"),
                                               GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "warden-audit.csv");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
warden_audit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (warden_audit_page_parent_class)->map (widget);

  warden_audit_page_reload (WARDEN_AUDIT_PAGE (widget));
}

static void
warden_audit_page_dispose (GObject *object)
{
  WardenAuditPage *self = WARDEN_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->entries);
  g_clear_object (&self->security);

  G_OBJECT_CLASS (warden_audit_page_parent_class)->dispose (object);
}

static void
warden_audit_page_class_init (WardenAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_audit_page_dispose;
  widget_class->map = warden_audit_page_map;

  g_type_ensure (WARDEN_TYPE_AUDIT_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenAuditPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, WardenAuditPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, WardenAuditPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}

static void
warden_audit_page_init (WardenAuditPage *self)
{
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_list_store_new (WARDEN_TYPE_AUDIT_ENTRY);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
warden_audit_page_new (WardenSecurity *security)
{
  WardenAuditPage *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_AUDIT_PAGE, NULL);
  self->security = g_object_ref (security);
  return GTK_WIDGET (self);
}

/**
 * warden_audit_page_reload:
 *
 * Reads the newest entries that match the search again.
 */
void
warden_audit_page_reload (WardenAuditPage *self)
{
  g_return_if_fail (WARDEN_IS_AUDIT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_list_store_remove_all (self->entries);
  self->exhausted = FALSE;
  load_page (self);
}

/**
 * warden_audit_page_get_model:
 *
 * Returns: (transfer none): the #WardenAuditEntry items shown, newest first
 */
GListModel *
warden_audit_page_get_model (WardenAuditPage *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_PAGE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

/**
 * warden_audit_page_export_csv:
 *
 * Writes every entry that matches the search, not only the ones loaded,
 * to @file as CSV, and records the export in the log.
 */
gboolean
warden_audit_page_export_csv (WardenAuditPage  *self,
                              GFile            *file,
                              GError          **error)
{
  g_autoptr (GListStore) all = g_list_store_new (WARDEN_TYPE_AUDIT_ENTRY);
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autofree char *path = NULL;
  const char *search;
  guint n = 0;

  g_return_val_if_fail (WARDEN_IS_AUDIT_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  while (n < MAX_EXPORT)
    {
      g_autoptr (GListModel) page = warden_security_query_audit (self->security, search, 0,
                                                                 G_MAXINT64, n, 1000, error);
      guint got;

      if (page == NULL)
        return FALSE;
      got = g_list_model_get_n_items (page);
      for (guint i = 0; i < got; i++)
        {
          g_autoptr (GObject) entry = g_list_model_get_item (page, i);

          g_list_store_append (all, entry);
        }
      n += got;
      if (got < 1000)
        break;
    }

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL ||
      !warden_audit_write_csv (G_LIST_MODEL (all), G_OUTPUT_STREAM (stream), NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return FALSE;

  path = g_file_get_parse_name (file);
  warden_security_audit (self->security, WARDEN_AUDIT_EXPORT, path, "audit log");
  return TRUE;
}
