/* warden-device-add-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds one device: the password goes into the vault, the device is stored and
 * its supervisor logs in at once; the dialog shows the outcome. "Add and
 * Continue" keeps the dialog open for the next device with the same user,
 * port and group.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-add-dialog.h"
#include "warden-device-ui.h"

typedef enum
{
  METHOD_IP,
  METHOD_DOMAIN,
} Method;

struct _WardenDeviceAddDialog
{
  AdwWindow               parent_instance;

  AdwEntryRow            *name_row;
  AdwComboRow            *method_row;
  AdwEntryRow            *address_row;
  AdwEntryRow            *port_row;
  AdwComboRow            *group_row;
  AdwEntryRow            *user_row;
  AdwPasswordEntryRow    *password_row;
  GtkLabel               *outcome_label;
  GtkButton              *add_button;
  GtkButton              *continue_button;

  WardenDeviceRegistry   *registry;
  WardenDeviceSupervisor *pending;
  WardenDeviceSupervisor *editing;    /* the device edited, or NULL when adding */
  GCancellable           *cancellable;
  gboolean                busy;
  gboolean                keep_open;
};

G_DEFINE_FINAL_TYPE (WardenDeviceAddDialog, warden_device_add_dialog, ADW_TYPE_WINDOW)

static void
actions_update (WardenDeviceAddDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add-continue", !self->busy);
}

/* Reads and checks the fields; NULL with the reason shown when one is wrong. */
static WardenDeviceRecord *
read_fields (WardenDeviceAddDialog *self)
{
  g_autoptr(WardenDeviceRecord) record = warden_device_record_new ();
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  WardenDeviceGroup *group = adw_combo_row_get_selected_item (self->group_row);
  guint64 port = 0;

  if (adw_combo_row_get_selected (self->method_row) == METHOD_IP &&
      !warden_device_address_is_valid (address, FALSE))
    {
      warden_device_ui_show_outcome (self->outcome_label, _("Enter an IPv4 or IPv6 address, such as 192.168.1.108."), TRUE);
      return NULL;
    }
  if (!warden_device_address_is_valid (address, TRUE))
    {
      warden_device_ui_show_outcome (self->outcome_label, _("Enter a domain name of letters, digits, dots and hyphens, such as nvr.example.com."), TRUE);
      return NULL;
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    {
      warden_device_ui_show_outcome (self->outcome_label, _("The port is a number from 1 to 65535; devices listen on 37777."), TRUE);
      return NULL;
    }
  if (user[0] == '\0')
    {
      warden_device_ui_show_outcome (self->outcome_label, _("Enter the user name to sign in to the device with."), TRUE);
      return NULL;
    }
  if (g_utf8_strlen (name, -1) > 128)
    {
      warden_device_ui_show_outcome (self->outcome_label, _("The name is longer than 128 characters."), TRUE);
      return NULL;
    }

  record->name = g_strdup (name[0] != '\0' ? name : address);
  record->address = g_steal_pointer (&address);
  record->port = (guint) port;
  g_free (record->username);
  record->username = g_steal_pointer (&user);
  record->group_id = group != NULL ? warden_device_group_get_id (group) : 0;
  return g_steal_pointer (&record);
}

static void
finish_pending (WardenDeviceAddDialog *self)
{
  const WardenDeviceRecord *record = warden_device_supervisor_get_record (self->pending);
  WardenDeviceStatus status = warden_device_supervisor_get_status (self->pending);
  const char *detail = warden_device_supervisor_get_detail (self->pending);
  g_autofree char *text = NULL;

  if (status == WARDEN_DEVICE_STATUS_ONLINE && self->editing != NULL)
    text = g_strdup_printf (_("Saved %s: online, %d channels."), record->name, record->channel_count);
  else if (status == WARDEN_DEVICE_STATUS_ONLINE)
    text = g_strdup_printf (_("Added %s: online, %d channels."), record->name, record->channel_count);
  else if (detail != NULL)
    text = g_strdup_printf (self->editing != NULL ? _("Saved %s, but: %s. %s") : _("Added %s, but: %s. %s"),
                            record->name, warden_device_supervisor_get_status_text (self->pending),
                            detail);
  else
    text = g_strdup_printf (self->editing != NULL ? _("Saved %s, but: %s.") : _("Added %s, but: %s."),
                            record->name, warden_device_supervisor_get_status_text (self->pending));
  warden_device_ui_show_outcome (self->outcome_label, text, status != WARDEN_DEVICE_STATUS_ONLINE);
  g_signal_handlers_disconnect_by_data (self->pending, self);
  g_clear_object (&self->pending);
  self->busy = FALSE;
  actions_update (self);

  if (self->keep_open)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else if (status == WARDEN_DEVICE_STATUS_ONLINE)
    gtk_window_close (GTK_WINDOW (self));
}

static void
pending_status_cb (WardenDeviceAddDialog *self)
{
  if (warden_device_supervisor_get_status (self->pending) != WARDEN_DEVICE_STATUS_CONNECTING)
    finish_pending (self);
}

static void
watch (WardenDeviceAddDialog  *self,
       WardenDeviceSupervisor *supervisor)
{
  g_autofree char *text = NULL;

  self->pending = g_object_ref (supervisor);
  text = g_strdup_printf (_("Signing in to %s…"), warden_device_supervisor_get_record (supervisor)->address);
  warden_device_ui_show_outcome (self->outcome_label, text, FALSE);
  g_signal_connect_swapped (self->pending, "notify::status", G_CALLBACK (pending_status_cb), self);
  pending_status_cb (self);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSupervisor) supervisor =
    warden_device_registry_add_device_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);
  WardenDeviceAddDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (supervisor == NULL)
    {
      warden_device_ui_show_outcome (self->outcome_label, error->message, TRUE);
      self->busy = FALSE;
      actions_update (self);
      return;
    }
  watch (self, supervisor);
}

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceAddDialog *self;

  if (warden_device_registry_write_finish (WARDEN_DEVICE_REGISTRY (object), result, &error) == 0 &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (error != NULL)
    {
      warden_device_ui_show_outcome (self->outcome_label, error->message, TRUE);
      self->busy = FALSE;
      actions_update (self);
      return;
    }
  watch (self, self->editing);
}

static void
add (WardenDeviceAddDialog *self,
     gboolean               keep_open)
{
  g_autoptr(WardenDeviceRecord) record = read_fields (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (record == NULL || self->busy)
    return;
  self->busy = TRUE;
  self->keep_open = keep_open;
  actions_update (self);
  warden_device_ui_show_outcome (self->outcome_label, _("Saving…"), FALSE);
  if (self->editing != NULL)
    {
      const WardenDeviceRecord *old = warden_device_supervisor_get_record (self->editing);

      record->id = old->id;
      record->secret_id = old->secret_id;
      g_free (record->kind);
      record->kind = g_strdup (old->kind);
      g_free (record->model);
      record->model = g_strdup (old->model);
      g_free (record->serial);
      record->serial = g_strdup (old->serial);
      g_free (record->firmware);
      record->firmware = g_strdup (old->firmware);
      record->channel_count = old->channel_count;
      /* An empty password keeps the stored one. */
      warden_device_registry_update_device_async (self->registry, record,
                                                  password[0] != '\0' ? password : NULL,
                                                  self->cancellable, updated_cb, self);
      return;
    }
  warden_device_registry_add_device_async (self->registry, record,
                                           password, self->cancellable, added_cb, self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  add (WARDEN_DEVICE_ADD_DIALOG (widget), FALSE);
}

static void
add_continue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  add (WARDEN_DEVICE_ADD_DIALOG (widget), TRUE);
}

static void
warden_device_add_dialog_dispose (GObject *object)
{
  WardenDeviceAddDialog *self = WARDEN_DEVICE_ADD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->pending != NULL)
    g_signal_handlers_disconnect_by_data (self->pending, self);
  g_clear_object (&self->pending);
  G_OBJECT_CLASS (warden_device_add_dialog_parent_class)->dispose (object);
}

static void
warden_device_add_dialog_finalize (GObject *object)
{
  WardenDeviceAddDialog *self = WARDEN_DEVICE_ADD_DIALOG (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->editing);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (warden_device_add_dialog_parent_class)->finalize (object);
}

static void
warden_device_add_dialog_class_init (WardenDeviceAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_device_add_dialog_dispose;
  object_class->finalize = warden_device_add_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-device-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceAddDialog, continue_button);

  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "dialog.add-continue", NULL, add_continue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
warden_device_add_dialog_init (WardenDeviceAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
warden_device_add_dialog_new (WardenDeviceRegistry *registry)
{
  WardenDeviceAddDialog *self;

  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry), NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_ADD_DIALOG, NULL);
  self->registry = g_object_ref (registry);
  warden_device_ui_choose_group (self->group_row, registry);
  return GTK_WIDGET (self);
}

GtkWidget *
warden_device_add_dialog_new_for_device (WardenDeviceRegistry   *registry,
                                         WardenDeviceSupervisor *supervisor)
{
  WardenDeviceAddDialog *self;
  const WardenDeviceRecord *record;
  g_autofree char *port = NULL;
  GListModel *groups;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (supervisor), NULL);

  self = WARDEN_DEVICE_ADD_DIALOG (warden_device_add_dialog_new (registry));
  self->editing = g_object_ref (supervisor);
  record = warden_device_supervisor_get_record (supervisor);
  port = g_strdup_printf ("%u", record->port);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Device"));
  gtk_button_set_label (self->add_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), record->name);
  adw_combo_row_set_selected (self->method_row,
                              warden_device_address_is_valid (record->address, FALSE) ? METHOD_IP
                                                                                     : METHOD_DOMAIN);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), record->address);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), record->username);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 _("Password (empty: keep the stored one)"));
  groups = warden_device_registry_get_groups (registry);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WardenDeviceGroup) group = g_list_model_get_item (groups, i);

      if (warden_device_group_get_id (group) == record->group_id)
        adw_combo_row_set_selected (self->group_row, i);
    }
  return GTK_WIDGET (self);
}
