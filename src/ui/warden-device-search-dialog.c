/* warden-device-search-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds devices with DHDiscover, on the local network or by probing every
 * address of a segment, lists them as they answer, and adds the selected ones
 * with one set of credentials.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-search-dialog.h"
#include "warden-device-ui.h"
#include "warden-discovery.h"
#include "warden-found-device.h"

/* How long one search listens for answers. */
#define SEARCH_MS 3000

struct _WardenDeviceSearchDialog
{
  AdwWindow             parent_instance;

  AdwEntryRow          *segment_row;
  AdwEntryRow          *port_row;
  GtkLabel             *found_label;
  GtkColumnView        *column_view;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  AdwComboRow          *group_row;
  GtkLabel             *outcome_label;

  WardenDeviceRegistry *registry;
  GListStore           *found;
  GtkMultiSelection    *selection;
  WardenDiscovery      *discovery;
  GCancellable         *cancellable;

  GPtrArray            *queue;      /* WardenFoundDevice left to add */
  guint                 n_added;
  GString              *failures;
};

G_DEFINE_FINAL_TYPE (WardenDeviceSearchDialog, warden_device_search_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  COLUMN_MODEL,
  COLUMN_ADDRESS,
  COLUMN_PORT,
  COLUMN_SERIAL,
  COLUMN_MAC,
  COLUMN_NAME,
  COLUMN_STATE,
  N_COLUMNS
} ColumnId;

static const char * const column_titles[N_COLUMNS] = {
  N_("Model"), N_("IP Address"), N_("Port"), N_("Serial"), N_("MAC"), N_("Name"), N_("Initialisation"),
};

static void
actions_update (WardenDeviceSearchDialog *self)
{
  gboolean busy = self->discovery != NULL || self->queue != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.search", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add-selected", !busy);
}

static guint
device_port (const WardenDiscoveredDevice *device)
{
  return device->port > 0 && device->port <= 65535 ? (guint) device->port : 37777;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  const WardenDiscoveredDevice *device = warden_found_device_get (gtk_list_item_get_item (list_item));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *port = NULL;

  switch ((ColumnId) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_MODEL:
      gtk_label_set_label (label, device->model != NULL ? device->model : "");
      break;
    case COLUMN_ADDRESS:
      gtk_label_set_label (label, device->address);
      break;
    case COLUMN_PORT:
      port = g_strdup_printf ("%u", device_port (device));
      gtk_label_set_label (label, port);
      break;
    case COLUMN_SERIAL:
      gtk_label_set_label (label, device->serial != NULL ? device->serial : "");
      break;
    case COLUMN_MAC:
      gtk_label_set_label (label, device->mac != NULL ? device->mac : "");
      break;
    case COLUMN_STATE:
      /* Labels are recycled between rows: the marker style follows the text. */
      if (device->init == WARDEN_INIT_STATE_UNINITIALISED)
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
      gtk_label_set_label (label, device->init == WARDEN_INIT_STATE_UNINITIALISED ? _("Not initialised") :
                                  device->init == WARDEN_INIT_STATE_INITIALISED ? _("Initialised") : "");
      break;
    case COLUMN_NAME:
    case N_COLUMNS:
    default:
      gtk_label_set_label (label, device->name != NULL ? device->name : "");
      break;
    }
}

static void
device_found_cb (WardenDeviceSearchDialog *self,
                 WardenDiscoveredDevice   *device)
{
  g_autoptr(WardenFoundDevice) item = NULL;
  g_autofree char *text = NULL;
  guint n;

  /* A device answering a second search appears once. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->found));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WardenFoundDevice) known = g_list_model_get_item (G_LIST_MODEL (self->found), i);
      const WardenDiscoveredDevice *d = warden_found_device_get (known);

      if (g_strcmp0 (d->address, device->address) == 0 && device_port (d) == device_port (device))
        return;
    }
  item = warden_found_device_new (device);
  g_list_store_append (self->found, item);
  text = g_strdup_printf (_("Searching… %u found"), n + 1);
  gtk_label_set_label (self->found_label, text);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSearchDialog *self;
  g_autofree char *text = NULL;
  guint n;

  warden_discovery_run_finish (WARDEN_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  actions_update (self);
  if (error != NULL)
    {
      warden_device_ui_show_outcome (self->outcome_label, error->message, TRUE);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->found));
  text = g_strdup_printf (ngettext ("Found %u device.", "Found %u devices.", n), n);
  gtk_label_set_label (self->found_label, text);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *segment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->segment_row))));
  guint64 port;

  if (!g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), 10, 1,
                                   65535, &port, NULL))
    {
      warden_device_ui_show_outcome (self->outcome_label, _("The discovery port is a number from 1 to 65535; devices answer on 37810."), TRUE);
      return;
    }
  self->discovery = warden_discovery_new ();
  warden_discovery_set_port (self->discovery, (guint) port);
  if (segment[0] != '\0')
    {
      warden_discovery_set_multicast (self->discovery, FALSE);
      if (!warden_discovery_add_range (self->discovery, segment, &error))
        {
          g_clear_object (&self->discovery);
          warden_device_ui_show_outcome (self->outcome_label, error->message, TRUE);
          return;
        }
    }
  warden_device_ui_show_outcome (self->outcome_label, "", FALSE);
  gtk_label_set_label (self->found_label, _("Searching…"));
  g_signal_connect_swapped (self->discovery, "device-found", G_CALLBACK (device_found_cb), self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  warden_discovery_run_async (self->discovery, SEARCH_MS, self->cancellable, search_done_cb, self);
  actions_update (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (widget);

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void add_next (WardenDeviceSearchDialog *self);

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSupervisor) supervisor =
    warden_device_registry_add_device_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);
  WardenDeviceSearchDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (supervisor != NULL)
    self->n_added++;
  else
    g_string_append_printf (self->failures, "\n%s", error->message);
  g_ptr_array_remove_index (self->queue, 0);
  add_next (self);
}

static void
add_next (WardenDeviceSearchDialog *self)
{
  g_autoptr(WardenDeviceRecord) record = NULL;
  const WardenDiscoveredDevice *device;
  WardenDeviceGroup *group;

  if (self->queue->len == 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Added %u device.", "Added %u devices.",
                                                         self->n_added), self->n_added);

      g_string_prepend (self->failures, text);
      warden_device_ui_show_outcome (self->outcome_label, self->failures->str, self->failures->len > strlen (text));
      g_clear_pointer (&self->queue, g_ptr_array_unref);
      g_string_free (g_steal_pointer (&self->failures), TRUE);
      actions_update (self);
      return;
    }

  device = warden_found_device_get (g_ptr_array_index (self->queue, 0));
  group = adw_combo_row_get_selected_item (self->group_row);
  record = warden_device_record_new ();
  if (device->name != NULL && device->name[0] != '\0' && g_utf8_strlen (device->name, -1) <= 128)
    record->name = g_strdup (device->name);
  else
    record->name = g_strdup (device->address);
  record->address = g_strdup (device->address);
  record->port = device_port (device);
  g_free (record->username);
  record->username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  record->group_id = group != NULL ? warden_device_group_get_id (group) : 0;
  warden_device_registry_add_device_async (self->registry, record,
                                           gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                           self->cancellable, added_cb, self);
}

static void
add_selected_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_is_empty (selected))
    {
      warden_device_ui_show_outcome (self->outcome_label, _("Select the devices to add first."), TRUE);
      return;
    }
  self->queue = g_ptr_array_new_with_free_func (g_object_unref);
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (self->queue, g_list_model_get_item (G_LIST_MODEL (self->found), position));
  self->n_added = 0;
  self->failures = g_string_new (NULL);
  warden_device_ui_show_outcome (self->outcome_label, _("Adding…"), FALSE);
  actions_update (self);
  add_next (self);
}

static void
warden_device_search_dialog_dispose (GObject *object)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  G_OBJECT_CLASS (warden_device_search_dialog_parent_class)->dispose (object);
}

static void
warden_device_search_dialog_finalize (GObject *object)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->found);
  g_clear_object (&self->selection);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  if (self->failures != NULL)
    g_string_free (self->failures, TRUE);
  G_OBJECT_CLASS (warden_device_search_dialog_parent_class)->finalize (object);
}

static void
warden_device_search_dialog_class_init (WardenDeviceSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_device_search_dialog_dispose;
  object_class->finalize = warden_device_search_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-device-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, segment_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, found_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, outcome_label);

  gtk_widget_class_install_action (widget_class, "dialog.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "dialog.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "dialog.add-selected", NULL, add_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
warden_device_search_dialog_init (WardenDeviceSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->found = g_list_store_new (WARDEN_TYPE_FOUND_DEVICE);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->found)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  for (int i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(column_titles[i]), factory);
      gtk_column_view_column_set_expand (column, i == COLUMN_NAME);
      gtk_column_view_append_column (self->column_view, column);
    }
  actions_update (self);
}

GtkWidget *
warden_device_search_dialog_new (WardenDeviceRegistry *registry)
{
  WardenDeviceSearchDialog *self;

  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry), NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_SEARCH_DIALOG, NULL);
  self->registry = g_object_ref (registry);
  warden_device_ui_choose_group (self->group_row, registry);
  return GTK_WIDGET (self);
}
