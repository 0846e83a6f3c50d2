/* warden-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a sidebar of pages and the page shown. Size, maximised
 * state and the last page live in GSettings.
 */

#define G_LOG_DOMAIN "warden-app"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-window.h"
#include "warden-access-page.h"
#include "warden-audit-page.h"
#include "warden-devices-page.h"
#include "warden-events-page.h"
#include "warden-files-page.h"
#include "warden-live-page.h"
#include "warden-lock-screen.h"
#include "warden-operators-page.h"
#include "warden-playback-page.h"
#include "warden-settings-page.h"

struct _WardenWindow
{
  AdwApplicationWindow  parent_instance;

  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *page_list;
  GtkStack             *stack;
  AdwWindowTitle       *page_title;
  WardenFilesPage      *files_page;
  WardenSettingsPage   *settings_page;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (WardenWindow, warden_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkWidget *
page_row_new (GtkStackPage *page)
{
  g_autofree char *action = g_strdup_printf ("win.show-page('%s')", gtk_stack_page_get_name (page));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page)));
  gtk_box_append (GTK_BOX (box), gtk_label_new (gtk_stack_page_get_title (page)));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, gtk_stack_page_get_name (page));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (row), action);
  return row;
}

static void
back_clicked_cb (WardenWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
visible_page_changed_cb (WardenWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkStackPage *page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));

  if (name == NULL)
    return;

  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->page_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      gtk_list_box_select_row (self->page_list, GTK_LIST_BOX_ROW (row));

  g_settings_set_string (self->settings, "last-page", name);
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  WardenWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("There is no page called “%s”", name);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
fullscreen_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkWindow *window = user_data;

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static const GActionEntry win_actions[] = {
  { "show-page", show_page_action, "s" },
  { "fullscreen", fullscreen_action },
};

static gboolean
warden_window_close_request (GtkWindow *window)
{
  WardenWindow *self = WARDEN_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && !gtk_window_is_fullscreen (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (warden_window_parent_class)->close_request (window);
}

static void
warden_window_dispose (GObject *object)
{
  WardenWindow *self = WARDEN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WARDEN_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (warden_window_parent_class)->dispose (object);
}

static void
warden_window_class_init (WardenWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = warden_window_dispose;
  window_class->close_request = warden_window_close_request;

  g_type_ensure (WARDEN_TYPE_DEVICES_PAGE);
  g_type_ensure (WARDEN_TYPE_LIVE_PAGE);
  g_type_ensure (WARDEN_TYPE_PLAYBACK_PAGE);
  g_type_ensure (WARDEN_TYPE_ACCESS_PAGE);
  g_type_ensure (WARDEN_TYPE_EVENTS_PAGE);
  g_type_ensure (WARDEN_TYPE_FILES_PAGE);
  g_type_ensure (WARDEN_TYPE_SETTINGS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, content);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, page_list);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, files_page);
  gtk_widget_class_bind_template_child (widget_class, WardenWindow, settings_page);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
}

static void
warden_window_init (WardenWindow *self)
{
  g_autoptr (GListModel) pages = NULL;
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  pages = G_LIST_MODEL (gtk_stack_get_pages (self->stack));
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr (GObject) page = g_list_model_get_item (pages, i);

      gtk_list_box_append (self->page_list, page_row_new (GTK_STACK_PAGE (page)));
    }

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);
  visible_page_changed_cb (self);
}

/* Which right shows a page's row; pages not listed show to everyone. */
static const struct
{
  const char  *page;
  WardenRight  right;
} page_rights[] = {
  { "live", WARDEN_RIGHT_LIVE },
  { "playback", WARDEN_RIGHT_PLAYBACK },
  { "settings", WARDEN_RIGHT_SETTINGS },
  { "audit", WARDEN_RIGHT_AUDIT },
};

/* Hides what the operator may not use; core refuses it as well. */
static void
apply_rights (WardenWindow   *self,
              GParamSpec     *pspec,
              WardenSecurity *security)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  if (!warden_security_get_signed_in (security))
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->page_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    for (guint i = 0; i < G_N_ELEMENTS (page_rights); i++)
      if (g_str_equal (gtk_widget_get_name (row), page_rights[i].page))
        {
          gboolean allowed = warden_security_has_right (security, page_rights[i].right);

          gtk_widget_set_visible (row, allowed);
          if (!allowed && g_strcmp0 (visible, page_rights[i].page) == 0)
            gtk_stack_set_visible_child_name (self->stack, "devices");
        }
}

static void
add_security_page (WardenWindow *self,
                   GtkWidget    *child,
                   const char   *name,
                   const char   *title,
                   const char   *icon_name)
{
  GtkStackPage *page = gtk_stack_add_titled (self->stack, child, name, title);

  gtk_stack_page_set_icon_name (page, icon_name);
  gtk_list_box_append (self->page_list, page_row_new (page));
}

/* Devices and live video need device passwords, which the vault opens only for
 * a signed-in operator: start them at the first sign-in. */
static void
start_devices (WardenWindow   *self,
               GParamSpec     *pspec,
               WardenSecurity *security)
{
  WardenApplication *application = WARDEN_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  WardenDevicesPage *devices =
    WARDEN_DEVICES_PAGE (gtk_stack_get_child_by_name (self->stack, "devices"));

  if (!warden_security_get_signed_in (security) || warden_devices_page_get_registry (devices) != NULL)
    return;

  warden_devices_page_set_security (devices, security);
  warden_live_page_set_context (WARDEN_LIVE_PAGE (gtk_stack_get_child_by_name (self->stack, "live")),
                                warden_application_get_data_dir (application),
                                warden_devices_page_get_registry (devices));
}

static void
idle_lock_changed_cb (WardenWindow *self)
{
  warden_lock_screen_set_idle_minutes (GTK_WINDOW (self),
                                       g_settings_get_uint (self->settings,
                                                            "lock-after-idle-minutes"));
}

/* Sign-in before the pages, the app lock, and the account and audit pages. */
static void
guard_window (WardenWindow   *self,
              WardenSecurity *security)
{
  g_autofree char *last_page = g_settings_get_string (self->settings, "last-page");

  add_security_page (self, warden_operators_page_new (security), "operators", _("Operators"),
                     "system-users-symbolic");
  add_security_page (self, warden_audit_page_new (security), "audit", _("Audit Log"),
                     "document-open-recent-symbolic");
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);

  warden_lock_screen_install (GTK_WINDOW (self), security,
                              g_settings_get_uint (self->settings, "lock-after-idle-minutes"));
  g_signal_connect_object (self->settings, "changed::lock-after-idle-minutes",
                           G_CALLBACK (idle_lock_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (security, "notify::operator", G_CALLBACK (apply_rights), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (security, "notify::operator", G_CALLBACK (start_devices), self,
                           G_CONNECT_SWAPPED);
  apply_rights (self, NULL, security);
  start_devices (self, NULL, security);
}

WardenWindow *
warden_window_new (WardenApplication *application)
{
  WardenWindow *self;

  g_return_val_if_fail (WARDEN_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (warden_application_get_store (application) != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_WINDOW, "application", application, NULL);
  warden_files_page_set_data_dir (self->files_page, warden_application_get_data_dir (application));
  warden_live_page_set_context (WARDEN_LIVE_PAGE (gtk_stack_get_child_by_name (self->stack, "live")),
                                warden_application_get_data_dir (application), NULL);
  warden_settings_page_set_context (self->settings_page,
                                    warden_application_get_data_dir (application),
                                    warden_application_get_store (application));
  guard_window (self, warden_application_get_security (application));
  return self;
}
