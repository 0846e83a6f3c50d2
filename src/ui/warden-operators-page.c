/* warden-operators-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-operators-page.h"
#include "warden-device-repo.h"
#include "warden-password-entry.h"

struct _WardenOperatorsPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toasts;
  AdwActionRow        *account_row;
  AdwActionRow        *auto_login_row;
  GtkSwitch           *auto_login_switch;
  AdwPreferencesGroup *operators_group;
  AdwPreferencesGroup *roles_group;

  WardenSecurity      *security;
  GFile               *auto_login_file;
  GListModel          *roles;
  GPtrArray           *rows;   /* rows added to the groups, to remove on reload */
};

G_DEFINE_FINAL_TYPE (WardenOperatorsPage, warden_operators_page, ADW_TYPE_BIN)

static void
toast_error (WardenOperatorsPage *self,
             const GError        *error)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  WardenOperatorsPage *self = user_data;

  if (self->rows != NULL)
    warden_operators_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* Rows are rebuilt after the signal that asked for it, not under it. */
static void
queue_reload (WardenOperatorsPage *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, g_object_ref (self), g_object_unref);
}

static char *
rights_text (WardenRole *role)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  WardenRight rights = warden_role_get_rights (role);

  for (WardenRight right = WARDEN_RIGHT_LIVE; right <= WARDEN_RIGHT_AUDIT; right <<= 1)
    {
      if (rights & right)
        g_ptr_array_add (names, (gpointer) warden_right_get_label (right));
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static guint
role_position (WardenOperatorsPage *self,
               gint64               role_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->roles); i++)
    {
      g_autoptr (WardenRole) role = g_list_model_get_item (self->roles, i);

      if (warden_role_get_id (role) == role_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
role_selected_cb (GtkDropDown *drop_down,
                  GParamSpec  *pspec,
                  gpointer     user_data)
{
  WardenOperatorsPage *self = user_data;
  WardenOperator *operator = g_object_get_data (G_OBJECT (drop_down), "operator");
  g_autoptr (WardenRole) role = NULL;
  g_autoptr (GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  role = g_list_model_get_item (self->roles, selected);
  if (warden_role_get_id (role) == warden_role_get_id (warden_operator_get_role (operator)))
    return;
  if (!warden_security_set_operator_role (self->security, warden_operator_get_id (operator),
                                          warden_role_get_id (role), &error))
    toast_error (self, error);
  queue_reload (self);
}

static void
enabled_cb (GtkSwitch  *toggle,
            GParamSpec *pspec,
            gpointer    user_data)
{
  WardenOperatorsPage *self = user_data;
  WardenOperator *operator = g_object_get_data (G_OBJECT (toggle), "operator");
  g_autoptr (GError) error = NULL;
  gboolean active = gtk_switch_get_active (toggle);

  if (active == warden_operator_get_enabled (operator))
    return;
  if (!warden_security_set_operator_enabled (self->security, warden_operator_get_id (operator),
                                             active, &error))
    toast_error (self, error);
  queue_reload (self);
}

static void
delete_operator_cb (GtkButton *button,
                    gpointer   user_data)
{
  WardenOperatorsPage *self = user_data;
  WardenOperator *operator = g_object_get_data (G_OBJECT (button), "operator");
  g_autoptr (GError) error = NULL;

  if (!warden_security_delete_operator (self->security, warden_operator_get_id (operator), &error))
    toast_error (self, error);
  queue_reload (self);
}

static void
delete_role_cb (GtkButton *button,
                gpointer   user_data)
{
  WardenOperatorsPage *self = user_data;
  WardenRole *role = g_object_get_data (G_OBJECT (button), "role");
  g_autoptr (GError) error = NULL;

  if (!warden_security_delete_role (self->security, warden_role_get_id (role), &error))
    toast_error (self, error);
  queue_reload (self);
}

static GtkWidget *
role_drop_down (WardenOperatorsPage *self)
{
  GtkExpression *name = gtk_property_expression_new (WARDEN_TYPE_ROLE, NULL, "name");

  return gtk_drop_down_new (g_object_ref (self->roles), name);
}

static void
add_row (WardenOperatorsPage *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
add_operator_row (WardenOperatorsPage *self,
                  WardenOperator      *operator,
                  gint64               my_id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *roles = role_drop_down (self);
  GtkWidget *enabled = gtk_switch_new ();
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gboolean me = warden_operator_get_id (operator) == my_id;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warden_operator_get_username (operator));
  if (me)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Signed in now"));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (roles),
                              role_position (self, warden_role_get_id (
                                               warden_operator_get_role (operator))));
  gtk_widget_set_valign (roles, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (roles, !me);
  gtk_widget_set_tooltip_text (roles, _("Role"));
  g_object_set_data_full (G_OBJECT (roles), "operator", g_object_ref (operator), g_object_unref);
  g_signal_connect (roles, "notify::selected", G_CALLBACK (role_selected_cb), self);

  gtk_switch_set_active (GTK_SWITCH (enabled), warden_operator_get_enabled (operator));
  gtk_widget_set_valign (enabled, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (enabled, !me);
  gtk_widget_set_tooltip_text (enabled, _("May sign in"));
  g_object_set_data_full (G_OBJECT (enabled), "operator", g_object_ref (operator), g_object_unref);
  g_signal_connect (enabled, "notify::active", G_CALLBACK (enabled_cb), self);

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (delete, !me);
  gtk_widget_set_tooltip_text (delete, _("Delete the account"));
  gtk_widget_add_css_class (delete, "flat");
  g_object_set_data_full (G_OBJECT (delete), "operator", g_object_ref (operator), g_object_unref);
  g_signal_connect (delete, "clicked", G_CALLBACK (delete_operator_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), roles);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), enabled);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  add_row (self, self->operators_group, row);
}

static void
add_role_row (WardenOperatorsPage *self,
              WardenRole          *role)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *rights = rights_text (role);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warden_role_get_name (role));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rights);
  if (!warden_role_get_builtin (role))
    {
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (delete, _("Delete the role"));
      gtk_widget_add_css_class (delete, "flat");
      g_object_set_data_full (G_OBJECT (delete), "role", g_object_ref (role), g_object_unref);
      g_signal_connect (delete, "clicked", G_CALLBACK (delete_role_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
    }
  add_row (self, self->roles_group, row);
}

/* This account */

static void
auto_login_toggled_cb (WardenOperatorsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *user = warden_security_get_auto_login_user (self->auto_login_file);
  WardenOperator *me = warden_security_get_operator (self->security);
  gboolean active = gtk_switch_get_active (self->auto_login_switch);
  gboolean current = me != NULL && g_strcmp0 (user, warden_operator_get_username (me)) == 0;

  if (active == current)
    return;
  if (!warden_security_set_auto_login (self->security, self->auto_login_file, active, &error))
    toast_error (self, error);
  queue_reload (self);
}

static void
change_password_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             gpointer          user_data)
{
  WardenOperatorsPage *self = user_data;
  GtkEditable *old = g_object_get_data (G_OBJECT (dialog), "old");
  WardenPasswordEntry *password = g_object_get_data (G_OBJECT (dialog), "password");
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "change"))
    return;
  if (!warden_security_change_password (self->security, gtk_editable_get_text (old),
                                        warden_password_entry_get_text (password), &error))
    toast_error (self, error);
  else
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Password changed")));
}

static void
change_password_validate (GtkWidget *dialog)
{
  WardenPasswordEntry *password = g_object_get_data (G_OBJECT (dialog), "password");

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change",
                                           warden_password_entry_get_acceptable (password));
}

static void
change_password_clicked_cb (WardenOperatorsPage *self)
{
  WardenOperator *me = warden_security_get_operator (self->security);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *old = gtk_password_entry_new ();
  GtkWidget *password = warden_password_entry_new ();
  GtkWidget *dialog;

  if (me == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                   _("Change Password"), NULL);
  g_object_set (old, "placeholder-text", _("Current password"), "show-peek-icon", TRUE, NULL);
  warden_password_entry_set_username (WARDEN_PASSWORD_ENTRY (password),
                                      warden_operator_get_username (me));
  gtk_box_append (GTK_BOX (box), old);
  gtk_box_append (GTK_BOX (box), password);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "change", _("C_hange"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "old", old);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  g_signal_connect_swapped (password, "notify::acceptable", G_CALLBACK (change_password_validate),
                            dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (change_password_response_cb), self, 0);
  change_password_validate (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_account (WardenOperatorsPage *self)
{
  WardenOperator *me = warden_security_get_operator (self->security);
  g_autofree char *user = warden_security_get_auto_login_user (self->auto_login_file);
  g_autofree char *title = NULL;

  if (me == NULL)
    return;
  title = g_strdup_printf (_("Signed in as %s"), warden_operator_get_username (me));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
  adw_action_row_set_subtitle (self->account_row, warden_operator_get_role_name (me));
  gtk_switch_set_active (self->auto_login_switch,
                         g_strcmp0 (user, warden_operator_get_username (me)) == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_login_row),
                            warden_security_has_right (self->security, WARDEN_RIGHT_OPERATORS));
}

/* The Add Operator dialog */

static void
add_operator_validate (GtkWidget *dialog)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  WardenPasswordEntry *password = g_object_get_data (G_OBJECT (dialog), "password");

  warden_password_entry_set_username (password, gtk_editable_get_text (name));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add",
                                           *gtk_editable_get_text (name) != '\0' &&
                                           warden_password_entry_get_acceptable (password));
}

static void
add_operator_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  WardenOperatorsPage *self = user_data;
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  WardenPasswordEntry *password = g_object_get_data (G_OBJECT (dialog), "password");
  GtkDropDown *roles = g_object_get_data (G_OBJECT (dialog), "roles");
  g_autoptr (WardenRole) role = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "add"))
    return;
  role = g_list_model_get_item (self->roles, gtk_drop_down_get_selected (roles));
  if (role == NULL ||
      warden_security_add_operator (self->security, gtk_editable_get_text (name),
                                    warden_password_entry_get_text (password),
                                    warden_role_get_id (role), &error) == 0)
    {
      if (error != NULL)
        toast_error (self, error);
      return;
    }
  queue_reload (self);
}

static void
add_operator_clicked_cb (WardenOperatorsPage *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *name = gtk_entry_new ();
  GtkWidget *password = warden_password_entry_new ();
  GtkWidget *roles = role_drop_down (self);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                   _("Add Operator"),
                                   _("The password must pass the same rules as every other."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("User name"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (roles), role_position (self, WARDEN_ROLE_OPERATOR));
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), password);
  gtk_box_append (GTK_BOX (box), roles);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  g_object_set_data (G_OBJECT (dialog), "roles", roles);
  g_signal_connect_swapped (name, "changed", G_CALLBACK (add_operator_validate), dialog);
  g_signal_connect_swapped (password, "notify::acceptable", G_CALLBACK (add_operator_validate),
                            dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_operator_response_cb), self, 0);
  add_operator_validate (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The New Role dialog */

static void
devices_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GtkWidget) box = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) devices = warden_device_repo_list_finish (WARDEN_STORE (source), result,
                                                                  &error);
  GtkWidget *all = g_object_get_data (G_OBJECT (box), "all");

  if (devices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_box_append (GTK_BOX (box), gtk_label_new (error->message));
      return;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      const WardenDeviceRecord *device = g_ptr_array_index (devices, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", device->name, device->address);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      g_object_set_data (G_OBJECT (check), "device", GSIZE_TO_POINTER ((gsize) device->id));
      g_object_bind_property (all, "active", check, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      gtk_box_append (GTK_BOX (box), check);

      /* A recorder's channels one by one, for a role limited to some cameras. */
      if (device->channel_count > 1)
        {
          GtkWidget *channels = gtk_flow_box_new ();

          gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (channels), GTK_SELECTION_NONE);
          gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (channels), 4);
          gtk_widget_set_margin_start (channels, 24);
          g_object_bind_property (check, "active", channels, "sensitive",
                                  G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
          for (int channel = 1; channel <= device->channel_count; channel++)
            {
              g_autofree char *name = g_strdup_printf (_("Channel %d"), channel);
              GtkWidget *channel_check = gtk_check_button_new_with_label (name);

              g_object_set_data (G_OBJECT (channel_check), "device",
                                 GSIZE_TO_POINTER ((gsize) device->id));
              g_object_set_data (G_OBJECT (channel_check), "channel", GINT_TO_POINTER (channel));
              gtk_flow_box_append (GTK_FLOW_BOX (channels), channel_check);
            }
          g_object_bind_property (all, "active", channels, "visible",
                                  G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
          gtk_box_append (GTK_BOX (box), channels);
        }
    }
}

/* Grants @role's device rights on what @check chose: a whole device, or one
 * channel of a device that is not chosen whole. */
static void
grant_checked (WardenRole  *role,
               GtkWidget   *check,
               WardenRight  rights,
               gint64      *whole_device)
{
  gint64 device_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "device"));
  int channel = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "channel"));

  if (device_id == 0 || !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    return;
  if (channel == 0)
    *whole_device = device_id;
  if (channel == 0 || device_id != *whole_device)
    warden_role_grant_device (role, device_id, channel, rights);
}

static void
new_role_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  WardenOperatorsPage *self = user_data;
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GtkWidget *devices = g_object_get_data (G_OBJECT (dialog), "devices");
  GtkCheckButton *all = g_object_get_data (G_OBJECT (devices), "all");
  g_autoptr (WardenRole) role = NULL;
  g_autoptr (GError) error = NULL;
  WardenRight rights = WARDEN_RIGHT_NONE;
  gint64 whole_device = 0;

  if (!g_str_equal (response, "add"))
    return;
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      if (gtk_check_button_get_active (check))
        rights |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "right"));
    }
  role = warden_role_new (0, gtk_editable_get_text (name), FALSE, rights,
                          gtk_check_button_get_active (all));
  /* the chosen devices and channels, with the role's device rights */
  for (GtkWidget *child = gtk_widget_get_first_child (devices); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_CHECK_BUTTON (child))
        grant_checked (role, child, rights, &whole_device);
      else if (GTK_IS_FLOW_BOX (child))
        for (GtkWidget *item = gtk_widget_get_first_child (child); item != NULL;
             item = gtk_widget_get_next_sibling (item))
          grant_checked (role, gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (item)), rights,
                         &whole_device);
    }
  if (warden_security_save_role (self->security, role, &error) == 0)
    toast_error (self, error);
  queue_reload (self);
}

static void
new_role_clicked_cb (WardenOperatorsPage *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *devices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *all = gtk_check_button_new_with_label (_("On every device"));
  GtkWidget *name = gtk_entry_new ();
  GPtrArray *checks = g_ptr_array_new ();
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                   _("New Role"), _("Choose what its operators may do, and where."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Role name"));
  gtk_box_append (GTK_BOX (box), name);
  for (WardenRight right = WARDEN_RIGHT_LIVE; right <= WARDEN_RIGHT_AUDIT; right <<= 1)
    {
      GtkWidget *check = gtk_check_button_new_with_label (warden_right_get_label (right));

      g_object_set_data (G_OBJECT (check), "right", GUINT_TO_POINTER (right));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), right == WARDEN_RIGHT_LIVE);
      gtk_box_append (GTK_BOX (box), check);
      g_ptr_array_add (checks, check);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  gtk_box_append (GTK_BOX (devices), all);
  g_object_set_data (G_OBJECT (devices), "all", all);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), devices);
  warden_device_repo_list_devices_async (warden_security_get_store (self->security), NULL,
                                         devices_listed_cb, g_object_ref (devices));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "devices", devices);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks,
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_role_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
warden_operators_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (warden_operators_page_parent_class)->map (widget);

  warden_operators_page_reload (WARDEN_OPERATORS_PAGE (widget));
}

static void
warden_operators_page_dispose (GObject *object)
{
  WardenOperatorsPage *self = WARDEN_OPERATORS_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->roles);
  g_clear_object (&self->auto_login_file);
  g_clear_object (&self->security);

  G_OBJECT_CLASS (warden_operators_page_parent_class)->dispose (object);
}

static void
warden_operators_page_class_init (WardenOperatorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_operators_page_dispose;
  widget_class->map = warden_operators_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-operators-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, auto_login_row);
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, auto_login_switch);
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, operators_group);
  gtk_widget_class_bind_template_child (widget_class, WardenOperatorsPage, roles_group);
  gtk_widget_class_bind_template_callback (widget_class, auto_login_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_password_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_operator_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_role_clicked_cb);
}

static void
warden_operators_page_init (WardenOperatorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->auto_login_file = warden_security_get_default_auto_login_file ();
}

GtkWidget *
warden_operators_page_new (WardenSecurity *security)
{
  WardenOperatorsPage *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_OPERATORS_PAGE, NULL);
  self->security = g_object_ref (security);
  return GTK_WIDGET (self);
}

/**
 * warden_operators_page_reload:
 *
 * Shows the signed-in account and lists the accounts and roles again.
 * Without the right to manage operators, the page says so and lists nothing.
 */
void
warden_operators_page_reload (WardenOperatorsPage *self)
{
  g_autoptr (GListModel) operators = NULL;
  g_autoptr (GError) error = NULL;
  WardenOperator *me;

  g_return_if_fail (WARDEN_IS_OPERATORS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  g_clear_object (&self->roles);
  update_account (self);

  self->roles = warden_security_list_roles (self->security, &error);
  if (self->roles != NULL)
    operators = warden_security_list_operators (self->security, &error);
  if (operators == NULL)
    {
      adw_preferences_group_set_description (self->operators_group, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->operators_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->roles_group), FALSE);
      if (self->roles == NULL)
        self->roles = G_LIST_MODEL (g_list_store_new (WARDEN_TYPE_ROLE));
      return;
    }
  adw_preferences_group_set_description (self->operators_group, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->operators_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->roles_group), TRUE);

  me = warden_security_get_operator (self->security);
  for (guint i = 0; i < g_list_model_get_n_items (operators); i++)
    {
      g_autoptr (WardenOperator) operator = g_list_model_get_item (operators, i);

      add_operator_row (self, operator, me != NULL ? warden_operator_get_id (me) : 0);
    }
  for (guint i = 0; i < g_list_model_get_n_items (self->roles); i++)
    {
      g_autoptr (WardenRole) role = g_list_model_get_item (self->roles, i);

      add_role_row (self, role);
    }
}
