/* warden-device-search-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds devices with DHDiscover, on the local network or by probing every
 * address of a segment, lists them as they answer (with whether each is
 * initialised), and adds the selected ones with one set of credentials. One
 * selected device can be initialised (then added with the new administrator)
 * or given another IPv4 address, each in a window of the template.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-search-dialog.h"
#include "warden-device-init.h"
#include "warden-device-ui.h"
#include "warden-discovery.h"
#include "warden-found-device.h"
#include "warden-password-entry.h"
#include "warden-password-policy.h"

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

  AdwWindow            *init_window;
  GtkLabel             *init_target_label;
  AdwEntryRow          *init_user_row;
  AdwEntryRow          *init_email_row;
  WardenPasswordEntry  *init_password_entry;
  GtkEditable          *init_confirm_entry;
  GtkLabel             *init_outcome_label;
  GtkWidget            *init_button;
  GtkWidget            *init_add_button;

  AdwWindow            *address_window;
  GtkLabel             *address_target_label;
  AdwEntryRow          *address_row;
  AdwEntryRow          *netmask_row;
  AdwEntryRow          *gateway_row;
  AdwEntryRow          *address_user_row;
  AdwPasswordEntryRow  *address_password_row;
  GtkLabel             *address_outcome_label;
  GtkWidget            *address_button;

  WardenDeviceRegistry *registry;
  GListStore           *found;
  GtkMultiSelection    *selection;
  WardenDiscovery      *discovery;
  GCancellable         *cancellable;

  GPtrArray            *queue;      /* WardenFoundDevice left to add */
  guint                 n_added;
  GString              *failures;

  GCancellable         *setup_cancellable; /* initialising or moving a device */
  WardenFoundDevice    *target;     /* the device in the init or address window */
  char                 *init_user;  /* what the device was initialised with */
  char                 *init_password;
  gboolean              setup_busy;
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.initialise", !busy && !self->setup_busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.change-address", !busy && !self->setup_busy);
}

static guint
device_port (const WardenDiscoveredDevice *device)
{
  return device->port > 0 && device->port <= 65535 ? (guint) device->port : 37777;
}

/* The device's name for messages: its name, else its address. */
static const char *
device_label (const WardenDiscoveredDevice *device)
{
  return device->name != NULL && device->name[0] != '\0' ? device->name : device->address;
}

/* A record to add @device under, with @user. */
static WardenDeviceRecord *
record_for (WardenDeviceSearchDialog     *self,
            const WardenDiscoveredDevice *device,
            const char                   *user)
{
  WardenDeviceRecord *record = warden_device_record_new ();
  WardenDeviceGroup *group = adw_combo_row_get_selected_item (self->group_row);

  if (device->name != NULL && device->name[0] != '\0' && g_utf8_strlen (device->name, -1) <= 128)
    record->name = g_strdup (device->name);
  else
    record->name = g_strdup (device->address);
  record->address = g_strdup (device->address);
  record->port = device_port (device);
  g_free (record->username);
  record->username = g_strdup (user);
  record->group_id = group != NULL ? warden_device_group_get_id (group) : 0;
  return record;
}

/* The one selected device, or NULL after saying in the outcome what to select. */
static WardenFoundDevice *
selected_device (WardenDeviceSearchDialog *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_get_size (selected) != 1)
    {
      warden_device_ui_show_outcome (self->outcome_label, _("Select one device in the list first."), TRUE);
      return NULL;
    }
  return g_list_model_get_item (G_LIST_MODEL (self->found), gtk_bitset_get_nth (selected, 0));
}

/* The discovery port typed in the dialog, else the standard one. */
static guint
discovery_port (WardenDeviceSearchDialog *self)
{
  guint64 port;

  if (!g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), 10, 1, 65535,
                                   &port, NULL))
    return WARDEN_DISCOVERY_PORT;
  return (guint) port;
}

/* Replaces @item in the list by a copy of @device; returns the new item. */
static WardenFoundDevice *
replace_found (WardenDeviceSearchDialog     *self,
               WardenFoundDevice            *item,
               const WardenDiscoveredDevice *device)
{
  WardenFoundDevice *updated = warden_found_device_new (device);
  guint position;

  if (g_list_store_find (self->found, item, &position))
    g_list_store_splice (self->found, position, 1, (gpointer *) &updated, 1);
  return updated;
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
  g_autofree char *user = NULL;
  const WardenDiscoveredDevice *device;

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
  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  record = record_for (self, device, user);
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

/* --- initialising a device ---------------------------------------------------------- */

static char *
init_user (WardenDeviceSearchDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->init_user_row))));
}

static char *
init_email (WardenDeviceSearchDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->init_email_row))));
}

/* What keeps the form from being sent, or NULL. The password's own rules show
 * under its field as the operator types. */
static char *
init_problem (WardenDeviceSearchDialog *self)
{
  g_autofree char *user = init_user (self);
  g_autofree char *email = init_email (self);
  const char *password = warden_password_entry_get_text (self->init_password_entry);
  const char *confirm = gtk_editable_get_text (self->init_confirm_entry);
  g_autoptr(GError) error = NULL;

  if (user[0] == '\0' || strlen (user) > WARDEN_DEVICE_INIT_MAX_USER)
    return g_strdup_printf (_("Enter the administrator's name, at most %d characters."),
                            WARDEN_DEVICE_INIT_MAX_USER);
  if (password == NULL || password[0] == '\0')
    return g_strdup (_("Enter the new password twice."));
  if (!warden_password_policy_validate (user, password, &error))
    return g_strdup (error->message);
  if (strlen (password) > WARDEN_DEVICE_INIT_MAX_PASSWORD)
    return g_strdup_printf (_("Devices take passwords of at most %d characters."),
                            WARDEN_DEVICE_INIT_MAX_PASSWORD);
  if (g_strcmp0 (password, confirm) != 0)
    return g_strdup (_("The two passwords differ."));
  if (email[0] != '\0' && (strchr (email, '@') == NULL || strchr (email, ' ') != NULL ||
                           strlen (email) > WARDEN_DEVICE_INIT_MAX_EMAIL))
    return g_strdup (_("The email address is not valid; leave it empty for none."));
  return NULL;
}

static void
init_update_cb (WardenDeviceSearchDialog *self)
{
  g_autofree char *user = init_user (self);
  g_autofree char *problem = NULL;
  const char *confirm = gtk_editable_get_text (self->init_confirm_entry);

  warden_password_entry_set_username (self->init_password_entry, user);
  problem = init_problem (self);
  gtk_widget_set_sensitive (self->init_button, problem == NULL && !self->setup_busy);
  /* The password's rules show under it; anything else once the operator reached
   * the second password. */
  if (!warden_password_entry_get_acceptable (self->init_password_entry) || confirm[0] == '\0')
    g_clear_pointer (&problem, g_free);
  if (!self->setup_busy && !gtk_widget_get_visible (self->init_add_button))
    warden_device_ui_show_outcome (self->init_outcome_label, problem != NULL ? problem : "",
                                   problem != NULL);
}

static void
init_close_cb (WardenDeviceSearchDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->init_window), FALSE);
}

static void
set_setup_busy (WardenDeviceSearchDialog *self,
                gboolean                  busy)
{
  self->setup_busy = busy;
  gtk_widget_set_sensitive (self->init_button, !busy);
  gtk_widget_set_sensitive (self->init_add_button, !busy);
  gtk_widget_set_sensitive (self->address_button, !busy);
  actions_update (self);
}

static void
initialised_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSearchDialog *self;
  WardenDiscoveredDevice *device;
  g_autoptr(WardenFoundDevice) updated = NULL;
  g_autofree char *text = NULL;

  if (!warden_device_init_account_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  set_setup_busy (self, FALSE);
  if (error != NULL)
    {
      g_clear_pointer (&self->init_user, g_free);
      g_clear_pointer (&self->init_password, g_free);
      warden_device_ui_show_outcome (self->init_outcome_label, error->message, TRUE);
      return;
    }

  device = warden_discovered_device_copy (warden_found_device_get (self->target));
  device->init = WARDEN_INIT_STATE_INITIALISED;
  updated = replace_found (self, self->target, device);
  g_set_object (&self->target, updated);
  text = g_strdup_printf (_("%s is initialised. Add it with this administrator and password?"),
                          device_label (device));
  warden_discovered_device_free (device);
  gtk_widget_set_sensitive (self->init_button, FALSE);
  gtk_widget_set_visible (self->init_add_button, TRUE);
  warden_device_ui_show_outcome (self->init_outcome_label, text, FALSE);
}

static void
init_apply_cb (WardenDeviceSearchDialog *self)
{
  const WardenDiscoveredDevice *device = warden_found_device_get (self->target);
  g_autofree char *problem = init_problem (self);
  g_autofree char *email = init_email (self);
  guint http_port = device->http_port > 0 ? (guint) device->http_port : 80;

  if (problem != NULL)
    {
      warden_device_ui_show_outcome (self->init_outcome_label, problem, TRUE);
      return;
    }
  g_free (self->init_user);
  self->init_user = init_user (self);
  g_free (self->init_password);
  self->init_password = g_strdup (warden_password_entry_get_text (self->init_password_entry));
  set_setup_busy (self, TRUE);
  warden_device_ui_show_outcome (self->init_outcome_label, _("Initialising…"), FALSE);
  warden_device_init_account_async (device->address, http_port, self->init_user, self->init_password,
                                    email, self->setup_cancellable, initialised_cb, self);
}

static void
init_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSupervisor) supervisor =
    warden_device_registry_add_device_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);
  WardenDeviceSearchDialog *self;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  set_setup_busy (self, FALSE);
  if (supervisor == NULL)
    {
      warden_device_ui_show_outcome (self->init_outcome_label, error->message, TRUE);
      return;
    }
  gtk_widget_set_visible (self->init_add_button, FALSE);
  text = g_strdup_printf (_("Added %s."), warden_device_supervisor_get_record (supervisor)->name);
  warden_device_ui_show_outcome (self->init_outcome_label, text, FALSE);
}

static void
init_add_cb (WardenDeviceSearchDialog *self)
{
  g_autoptr(WardenDeviceRecord) record = record_for (self, warden_found_device_get (self->target),
                                                     self->init_user);

  set_setup_busy (self, TRUE);
  warden_device_registry_add_device_async (self->registry, record, self->init_password,
                                           self->setup_cancellable, init_added_cb, self);
}

static void
initialise_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (widget);
  g_autoptr(WardenFoundDevice) item = selected_device (self);
  const WardenDiscoveredDevice *device;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  device = warden_found_device_get (item);
  if (device->init == WARDEN_INIT_STATE_INITIALISED)
    {
      text = g_strdup_printf (_("%s is initialised already; add it with its administrator's password."),
                              device_label (device));
      warden_device_ui_show_outcome (self->outcome_label, text, TRUE);
      return;
    }
  g_set_object (&self->target, item);
  text = g_strdup_printf (_("%s (%s, serial %s) has no administrator yet. Choose the password "
                            "Warden and the device's own pages will use."),
                          device->model != NULL ? device->model : _("The device"), device->address,
                          device->serial != NULL ? device->serial : _("unknown"));
  gtk_label_set_label (self->init_target_label, text);
  warden_password_entry_set_text (self->init_password_entry, "");
  gtk_editable_set_text (self->init_confirm_entry, "");
  gtk_editable_set_text (GTK_EDITABLE (self->init_email_row), "");
  gtk_widget_set_visible (self->init_add_button, FALSE);
  warden_device_ui_show_outcome (self->init_outcome_label, "", FALSE);
  init_update_cb (self);
  gtk_window_present (GTK_WINDOW (self->init_window));
}

/* --- changing a device's address ------------------------------------------------------ */

/* A netmask is ones then zeros, and not empty. */
static gboolean
is_netmask (guint32 mask)
{
  guint32 hosts = ~mask;

  return mask != 0 && (hosts & (hosts + 1)) == 0;
}

/* Reads the three address rows; NULL when they are fine, else what is wrong, and the
 * row to blame is marked. */
static char *
address_problem (WardenDeviceSearchDialog *self)
{
  AdwEntryRow *rows[] = { self->address_row, self->netmask_row, self->gateway_row };
  guint32 values[G_N_ELEMENTS (rows)];
  char *problem = NULL;
  AdwEntryRow *blame = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
  for (guint i = 0; i < G_N_ELEMENTS (rows) && problem == NULL; i++)
    if (!warden_discovery_parse_ipv4 (gtk_editable_get_text (GTK_EDITABLE (rows[i])), &values[i]))
      {
        blame = rows[i];
        problem = g_strdup_printf (_("%s: enter four numbers from 0 to 255 separated by dots, "
                                     "such as 192.168.1.108."),
                                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows[i])));
      }
  if (problem == NULL && (values[0] == 0 || values[0] == G_MAXUINT32 || (values[0] >> 28) == 0xe))
    {
      blame = self->address_row;
      problem = g_strdup (_("IP address: a device needs a unicast address, not 0.0.0.0, a "
                            "broadcast or a multicast address."));
    }
  else if (problem == NULL && !is_netmask (values[1]))
    {
      blame = self->netmask_row;
      problem = g_strdup (_("Subnet mask: ones then zeros, such as 255.255.255.0."));
    }
  else if (problem == NULL && (values[0] & ~values[1]) == 0)
    {
      blame = self->address_row;
      problem = g_strdup (_("IP address: this is the network's own address; choose a host address."));
    }
  else if (problem == NULL && ((values[2] & values[1]) != (values[0] & values[1]) || values[2] == values[0]))
    {
      blame = self->gateway_row;
      problem = g_strdup (_("Default gateway: another address in the device's subnet."));
    }
  if (blame != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (blame), "error");
  return problem;
}

static void
address_update_cb (WardenDeviceSearchDialog *self)
{
  g_autofree char *problem = address_problem (self);

  gtk_widget_set_sensitive (self->address_button, problem == NULL && !self->setup_busy);
  if (!self->setup_busy)
    warden_device_ui_show_outcome (self->address_outcome_label, problem != NULL ? problem : "",
                                   problem != NULL);
}

static void
address_close_cb (WardenDeviceSearchDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->address_window), FALSE);
}

static void
address_changed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSearchDialog *self;
  g_autofree char *text = NULL;
  guint position;

  if (!warden_device_set_address_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  set_setup_busy (self, FALSE);
  if (error != NULL)
    {
      warden_device_ui_show_outcome (self->address_outcome_label, error->message, TRUE);
      return;
    }
  /* It is no longer where the list says: the next search finds it at the new address. */
  text = g_strdup_printf (_("%s moves to %s. Search again to find it there."),
                          device_label (warden_found_device_get (self->target)),
                          gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
  if (g_list_store_find (self->found, self->target, &position))
    g_list_store_remove (self->found, position);
  g_clear_object (&self->target);
  warden_device_ui_show_outcome (self->outcome_label, text, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->address_window), FALSE);
}

static void
address_apply_cb (WardenDeviceSearchDialog *self)
{
  g_autofree char *problem = address_problem (self);
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_user_row))));

  if (problem == NULL && user[0] == '\0')
    problem = g_strdup (_("Enter the user name of the device's administrator."));
  if (problem != NULL)
    {
      warden_device_ui_show_outcome (self->address_outcome_label, problem, TRUE);
      return;
    }
  set_setup_busy (self, TRUE);
  warden_device_ui_show_outcome (self->address_outcome_label, _("Changing…"), FALSE);
  warden_device_set_address_async (warden_found_device_get (self->target), discovery_port (self), user,
                                   gtk_editable_get_text (GTK_EDITABLE (self->address_password_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->address_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->netmask_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->gateway_row)),
                                   self->setup_cancellable, address_changed_cb, self);
}

static void
change_address_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (widget);
  g_autoptr(WardenFoundDevice) item = selected_device (self);
  const WardenDiscoveredDevice *device;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  device = warden_found_device_get (item);
  g_set_object (&self->target, item);
  text = g_strdup_printf (_("%s answers at %s (MAC %s). It keeps its other settings."),
                          device_label (device), device->address,
                          device->mac != NULL ? device->mac : _("unknown"));
  gtk_label_set_label (self->address_target_label, text);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), device->address);
  gtk_editable_set_text (GTK_EDITABLE (self->netmask_row), device->netmask != NULL ? device->netmask : "");
  gtk_editable_set_text (GTK_EDITABLE (self->gateway_row), device->gateway != NULL ? device->gateway : "");
  /* The credentials typed for adding are the likely ones. */
  gtk_editable_set_text (GTK_EDITABLE (self->address_user_row),
                         gtk_editable_get_text (GTK_EDITABLE (self->user_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->address_password_row),
                         gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  address_update_cb (self);
  gtk_window_present (GTK_WINDOW (self->address_window));
}

static void
warden_device_search_dialog_dispose (GObject *object)
{
  WardenDeviceSearchDialog *self = WARDEN_DEVICE_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->setup_cancellable);
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  /* The template's other windows are toplevels of their own. */
  if (self->init_window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->init_window)));
  if (self->address_window != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->address_window)));
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
  g_clear_object (&self->setup_cancellable);
  g_clear_object (&self->target);
  g_free (self->init_user);
  g_free (self->init_password);
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

  g_type_ensure (WARDEN_TYPE_PASSWORD_ENTRY);
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
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_window);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_target_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_user_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_email_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_password_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_outcome_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_button);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, init_add_button);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_window);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_target_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, netmask_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, gateway_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_user_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_password_row);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_outcome_label);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceSearchDialog, address_button);
  gtk_widget_class_bind_template_callback (widget_class, init_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, init_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, init_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, init_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_apply_cb);

  gtk_widget_class_install_action (widget_class, "dialog.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "dialog.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "dialog.add-selected", NULL, add_selected_action);
  gtk_widget_class_install_action (widget_class, "dialog.initialise", NULL, initialise_action);
  gtk_widget_class_install_action (widget_class, "dialog.change-address", NULL, change_address_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
warden_device_search_dialog_init (WardenDeviceSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_transient_for (GTK_WINDOW (self->init_window), GTK_WINDOW (self));
  gtk_window_set_transient_for (GTK_WINDOW (self->address_window), GTK_WINDOW (self));
  self->cancellable = g_cancellable_new ();
  self->setup_cancellable = g_cancellable_new ();
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
