/* warden-devices-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Devices page: groups → devices → channels in a GtkColumnView over a
 * GtkTreeListModel, with search, a status filter and live status. Devices are
 * added one by one, found on the network or imported from CSV; groups are
 * created, renamed and deleted here, devices moved between them and channels
 * renamed locally.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-devices-page.h"
#include "warden-device-add-dialog.h"
#include "warden-device-details-dialog.h"
#include "warden-device-search-dialog.h"
#include "warden-devices-page-private.h"

typedef enum
{
  STATUS_FILTER_ALL,
  STATUS_FILTER_ONLINE,
  STATUS_FILTER_NOT_ONLINE,
} StatusFilter;

struct _WardenDevicesPage
{
  AdwBin                parent_instance;

  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkStack             *stack;
  GtkColumnView        *column_view;

  WardenDeviceRegistry *registry;
  GtkCustomFilter      *filter;
  GtkTreeListModel     *tree;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (WardenDevicesPage, warden_devices_page, ADW_TYPE_BIN)

/* What each column shows of a group, a device and a channel: a property name, or NULL. */
typedef struct
{
  const char *title;
  const char *group_property;
  const char *device_property;
  const char *channel_property;
  gboolean    expander;
  gboolean    expand;
} Column;

static const Column columns[] = {
  { N_("Name"), "name", "name", "display-name", TRUE, TRUE },
  { N_("Address"), NULL, "address-text", NULL, FALSE, FALSE },
  { N_("Kind and Model"), NULL, "kind-model", NULL, FALSE, FALSE },
  { N_("Channels"), NULL, "channel-count", NULL, FALSE, FALSE },
  { N_("Firmware"), NULL, "firmware", NULL, FALSE, FALSE },
  { N_("Status"), NULL, "status-text", NULL, FALSE, FALSE },
};

static void
actions_update (WardenDevicesPage *self)
{
  gpointer item = self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection)
                                          : NULL;
  gpointer target = item != NULL ? gtk_tree_list_row_get_item (item) : NULL;
  gboolean device = WARDEN_IS_DEVICE_SUPERVISOR (target);
  gboolean group = WARDEN_IS_DEVICE_GROUP (target) && warden_device_group_get_id (target) != 0;
  gboolean channel = WARDEN_IS_DEVICE_CHANNEL (target);
  gboolean ready = self->registry != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.add", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.new-group", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.import", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.export", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.delete", device || group);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.rename", device || group || channel);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.move", device);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.details", device);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.edit", device);
  g_clear_object (&target);
}

static gboolean
matches (WardenDevicesPage      *self,
         WardenDeviceSupervisor *supervisor)
{
  const WardenDeviceRecord *record = warden_device_supervisor_get_record (supervisor);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  WardenDeviceStatus status = warden_device_supervisor_get_status (supervisor);
  g_autofree char *needle = NULL;
  g_autofree char *haystack = NULL;

  switch (gtk_drop_down_get_selected (self->status_filter))
    {
    case STATUS_FILTER_ONLINE:
      if (status != WARDEN_DEVICE_STATUS_ONLINE)
        return FALSE;
      break;
    case STATUS_FILTER_NOT_ONLINE:
      if (status == WARDEN_DEVICE_STATUS_ONLINE)
        return FALSE;
      break;
    default:
      break;
    }
  if (search[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (search, -1);
  {
    g_autofree char *joined = g_strjoin ("\n", record->name, record->address,
                                         record->model != NULL ? record->model : "",
                                         record->serial != NULL ? record->serial : "", NULL);

    haystack = g_utf8_casefold (joined, -1);
  }
  return strstr (haystack, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  return matches (user_data, item);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  WardenDevicesPage *self = user_data;

  if (WARDEN_IS_DEVICE_GROUP (item))
    {
      GListModel *devices = g_object_ref (warden_device_group_get_devices (item));

      return G_LIST_MODEL (gtk_filter_list_model_new (devices, g_object_ref (GTK_FILTER (self->filter))));
    }
  if (WARDEN_IS_DEVICE_SUPERVISOR (item))
    return g_object_ref (warden_device_supervisor_get_channels (item));
  return NULL;
}

static void
update_stack (WardenDevicesPage *self)
{
  gboolean empty = self->registry == NULL ||
                   g_list_model_get_n_items (warden_device_registry_get_devices (self->registry)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
status_changed_cb (WardenDevicesPage *self)
{
  if (gtk_drop_down_get_selected (self->status_filter) != STATUS_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
devices_changed_cb (WardenDevicesPage *self,
                    guint              position,
                    guint              removed,
                    guint              added,
                    GListModel        *devices)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor = g_list_model_get_item (devices, i);

      g_signal_connect_object (supervisor, "notify::status", G_CALLBACK (status_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_stack (self);
}

static void
filter_changed_cb (WardenDevicesPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
selection_changed_cb (WardenDevicesPage *self)
{
  actions_update (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          const Column             *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->expander)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (list_item, expander);
    }
  else
    gtk_list_item_set_child (list_item, label);
}

static GtkWidget *
item_label (GtkListItem  *list_item,
            const Column *column)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  return column->expander ? gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child)) : child;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         const Column             *column)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *label = item_label (list_item, column);
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
  const char *property = NULL;

  if (column->expander)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), row);
  if (WARDEN_IS_DEVICE_GROUP (item))
    property = column->group_property;
  else if (WARDEN_IS_DEVICE_SUPERVISOR (item))
    property = column->device_property;
  else
    property = column->channel_property;

  if (property == NULL)
    {
      gtk_label_set_label (GTK_LABEL (label), "");
      return;
    }
  /* The extra reference keeps the binding valid for unbind_cb even when the
   * item goes first (a device replaces its channels when it reconnects). */
  g_object_set_data_full (G_OBJECT (label), "binding",
                          g_object_ref (g_object_bind_property (item, property, label, "label",
                                                                G_BINDING_SYNC_CREATE)),
                          g_object_unref);
  if (WARDEN_IS_DEVICE_GROUP (item))
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           const Column             *column)
{
  GtkWidget *label = item_label (list_item, column);
  GBinding *binding = g_object_steal_data (G_OBJECT (label), "binding");

  if (binding != NULL)
    {
      g_binding_unbind (binding);
      g_object_unref (binding);
    }
}

static gpointer
selected_item (WardenDevicesPage *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
show_error (WardenDevicesPage *self,
            const char        *heading,
            const GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDevicesPage *self;

  if (warden_device_registry_write_finish (WARDEN_DEVICE_REGISTRY (object), result, &error) != 0 ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  show_error (self, _("The change was not saved"), error);
}

static void
rename_channel_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!warden_device_supervisor_rename_channel_finish (WARDEN_DEVICE_SUPERVISOR (object), result,
                                                       &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (user_data, _("The channel was not renamed"), error);
}

typedef void (*PromptDone) (WardenDevicesPage *self,
                            GObject           *target,
                            const char        *text);

static void
prompt_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  WardenDevicesPage *self = user_data;
  PromptDone done = g_object_get_data (G_OBJECT (dialog), "done");
  GObject *target = g_object_get_data (G_OBJECT (dialog), "target");
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (g_str_equal (response, "ok") && (text[0] != '\0' || WARDEN_IS_DEVICE_CHANNEL (target)))
    done (self, target, text);
}

/* Asks for a name; calls @done with it when the operator confirms. */
static void
prompt (WardenDevicesPage *self,
        const char        *heading,
        const char        *initial,
        GObject           *target,
        PromptDone         done)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_entry_set_max_length (GTK_ENTRY (entry), 128);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "ok", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  if (target != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "target", g_object_ref (target), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "done", done);
  g_signal_connect_object (dialog, "response", G_CALLBACK (prompt_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_group_done (WardenDevicesPage *self,
                GObject           *target,
                const char        *text)
{
  warden_device_registry_add_group_async (self->registry, text, self->cancellable, write_done_cb,
                                          self);
}

static void
rename_done (WardenDevicesPage *self,
             GObject           *target,
             const char        *text)
{
  if (WARDEN_IS_DEVICE_GROUP (target))
    warden_device_registry_rename_group_async (self->registry,
                                               warden_device_group_get_id (WARDEN_DEVICE_GROUP (target)),
                                               text, self->cancellable, write_done_cb, self);
  else if (WARDEN_IS_DEVICE_CHANNEL (target))
    {
      WardenDeviceChannel *channel = WARDEN_DEVICE_CHANNEL (target);
      WardenDeviceSupervisor *supervisor =
        warden_device_registry_lookup (self->registry, warden_device_channel_get_device_id (channel));

      if (supervisor != NULL)
        warden_device_supervisor_rename_channel_async (supervisor,
                                                       warden_device_channel_get_number (channel),
                                                       text, self->cancellable, rename_channel_cb,
                                                       self);
    }
  else
    {
      g_autoptr(WardenDeviceRecord) record =
        warden_device_record_copy (warden_device_supervisor_get_record (WARDEN_DEVICE_SUPERVISOR (target)));

      g_free (record->name);
      record->name = g_strdup (text);
      warden_device_registry_update_device_async (self->registry, record, NULL, self->cancellable,
                                                  write_done_cb, self);
    }
}

static void
move_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  WardenDevicesPage *self = user_data;
  WardenDeviceSupervisor *supervisor = g_object_get_data (G_OBJECT (dialog), "target");
  GtkDropDown *groups = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  WardenDeviceGroup *group = gtk_drop_down_get_selected_item (groups);
  g_autoptr(WardenDeviceRecord) record = NULL;

  if (!g_str_equal (response, "ok") || group == NULL)
    return;
  record = warden_device_record_copy (warden_device_supervisor_get_record (supervisor));
  record->group_id = warden_device_group_get_id (group);
  warden_device_registry_update_device_async (self->registry, record, NULL, self->cancellable,
                                              write_done_cb, self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  g_autoptr(GObject) target = selected_item (self);
  GtkWidget *dialog;
  GtkWidget *groups;

  if (!WARDEN_IS_DEVICE_SUPERVISOR (target))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Move to Group"), NULL);
  groups = gtk_drop_down_new (g_object_ref (warden_device_registry_get_groups (self->registry)),
                              gtk_property_expression_new (WARDEN_TYPE_DEVICE_GROUP, NULL, "name"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), groups);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "ok", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "target", g_steal_pointer (&target), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  WardenDevicesPage *self = user_data;
  GObject *target = g_object_get_data (G_OBJECT (dialog), "target");

  if (!g_str_equal (response, "delete"))
    return;
  if (WARDEN_IS_DEVICE_GROUP (target))
    warden_device_registry_delete_group_async (self->registry,
                                               warden_device_group_get_id (WARDEN_DEVICE_GROUP (target)),
                                               self->cancellable, write_done_cb, self);
  else
    warden_device_registry_delete_device_async (self->registry,
                                                warden_device_supervisor_get_id (WARDEN_DEVICE_SUPERVISOR (target)),
                                                self->cancellable, write_done_cb, self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  g_autoptr(GObject) target = selected_item (self);
  GtkWidget *dialog;

  if (WARDEN_IS_DEVICE_GROUP (target))
    dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                     _("Delete Group?"),
                                     _("Its devices stay, in no group."));
  else if (WARDEN_IS_DEVICE_SUPERVISOR (target))
    dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                     _("Delete Device?"),
                                     _("The device, its channels and its stored password are removed from Warden. "
                                       "Its channels leave every saved view and favorite; a view or "
                                       "favorite that showed only this device is deleted."));
  else
    return;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "target", g_steal_pointer (&target), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  g_autoptr(GObject) target = selected_item (self);

  if (WARDEN_IS_DEVICE_GROUP (target))
    prompt (self, _("Rename Group"), warden_device_group_get_name (WARDEN_DEVICE_GROUP (target)),
            target, rename_done);
  else if (WARDEN_IS_DEVICE_CHANNEL (target))
    prompt (self, _("Rename Channel"),
            warden_device_channel_get_display_name (WARDEN_DEVICE_CHANNEL (target)), target,
            rename_done);
  else if (WARDEN_IS_DEVICE_SUPERVISOR (target))
    prompt (self, _("Rename Device"),
            warden_device_supervisor_get_record (WARDEN_DEVICE_SUPERVISOR (target))->name, target,
            rename_done);
}

static void
new_group_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  prompt (WARDEN_DEVICES_PAGE (widget), _("New Group"), NULL, NULL, new_group_done);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  GtkWidget *dialog = warden_device_add_dialog_new (self->registry);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  GtkWidget *dialog = warden_device_search_dialog_new (self->registry);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (widget);
  g_autoptr(GObject) target = selected_item (self);
  GtkWidget *dialog;

  if (!WARDEN_IS_DEVICE_SUPERVISOR (target))
    return;
  dialog = warden_device_add_dialog_new_for_device (self->registry, WARDEN_DEVICE_SUPERVISOR (target));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GObject) target = selected_item (WARDEN_DEVICES_PAGE (widget));
  GtkWidget *dialog;

  if (!WARDEN_IS_DEVICE_SUPERVISOR (target))
    return;
  dialog = warden_device_details_dialog_new (WARDEN_DEVICE_SUPERVISOR (target));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_activated_cb (WardenDevicesPage *self,
                  guint              position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
warden_devices_page_dispose (GObject *object)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WARDEN_TYPE_DEVICES_PAGE);
  G_OBJECT_CLASS (warden_devices_page_parent_class)->dispose (object);
}

static void
warden_devices_page_finalize (GObject *object)
{
  WardenDevicesPage *self = WARDEN_DEVICES_PAGE (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->registry);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (warden_devices_page_parent_class)->finalize (object);
}

static void
warden_devices_page_class_init (WardenDevicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_devices_page_dispose;
  object_class->finalize = warden_devices_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-devices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenDevicesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenDevicesPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, WardenDevicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WardenDevicesPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "devices.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "devices.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "devices.new-group", NULL, new_group_action);
  gtk_widget_class_install_action (widget_class, "devices.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "devices.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "devices.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "devices.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "devices.delete", NULL, delete_action);
  _warden_devices_page_csv_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "devices.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "devices.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "devices.rename", NULL);
}

static void
warden_devices_page_init (WardenDevicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
  update_stack (self);
  actions_update (self);
}

void
warden_devices_page_set_registry (WardenDevicesPage    *self,
                                  WardenDeviceRegistry *registry)
{
  GListModel *devices;

  g_return_if_fail (WARDEN_IS_DEVICES_PAGE (self));
  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry));
  g_return_if_fail (self->registry == NULL);

  self->registry = g_object_ref (registry);
  self->tree = gtk_tree_list_model_new (g_object_ref (warden_device_registry_get_groups (registry)),
                                        FALSE, TRUE, create_children, self, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->tree));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  devices = warden_device_registry_get_devices (registry);
  g_signal_connect_object (devices, "items-changed", G_CALLBACK (devices_changed_cb), self,
                           G_CONNECT_SWAPPED);
  devices_changed_cb (self, 0, 0, g_list_model_get_n_items (devices), devices);
  actions_update (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!warden_device_registry_load_finish (WARDEN_DEVICE_REGISTRY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (user_data, _("The device list could not be read"), error);
}

void
warden_devices_page_set_security (WardenDevicesPage *self,
                                  WardenSecurity    *security)
{
  g_autoptr(WardenDeviceRegistry) registry = NULL;

  g_return_if_fail (WARDEN_IS_DEVICES_PAGE (self));
  g_return_if_fail (WARDEN_IS_SECURITY (security));

  registry = warden_device_registry_new (security);
  warden_devices_page_set_registry (self, registry);
  warden_device_registry_load_async (registry, self->cancellable, loaded_cb, self);
}

WardenDeviceRegistry *
warden_devices_page_get_registry (WardenDevicesPage *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICES_PAGE (self), NULL);
  return self->registry;
}

GListModel *
warden_devices_page_get_rows (WardenDevicesPage *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICES_PAGE (self), NULL);
  return self->selection != NULL ? G_LIST_MODEL (self->selection) : NULL;
}
