/* warden-live-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window has its own page and grid, so its tiles decode only while it is
 * shown; closing it stops them. A wall hides the header bar, the channel list
 * and the toolbar and goes full screen on its monitor.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-live-window.h"

struct _WardenLiveWindow
{
  AdwWindow parent_instance;

  GtkWidget *header_bar;
  WardenLivePage *page;
  gboolean wall;
};

G_DEFINE_FINAL_TYPE (WardenLiveWindow, warden_live_window, ADW_TYPE_WINDOW)

static void
warden_live_window_class_init (WardenLiveWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (WARDEN_TYPE_LIVE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-live-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenLiveWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, WardenLiveWindow, page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
warden_live_window_init (WardenLiveWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

WardenLiveWindow *
warden_live_window_new (GtkApplication         *application,
                        WardenDataDir          *data_dir,
                        WardenDeviceRegistry   *registry,
                        const WardenViewRecord *view,
                        GdkMonitor             *wall_monitor)
{
  WardenLiveWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (WARDEN_IS_DATA_DIR (data_dir), NULL);
  g_return_val_if_fail (wall_monitor == NULL || GDK_IS_MONITOR (wall_monitor), NULL);

  self = g_object_new (WARDEN_TYPE_LIVE_WINDOW, "application", application, NULL);
  /* Only the main window's page is the "last layout" memory play reopens. */
  warden_live_page_set_remember_layout (self->page, FALSE);
  warden_live_page_set_context (self->page, data_dir, registry);
  if (view != NULL)
    warden_live_page_open_view (self->page, view);

  if (wall_monitor != NULL)
    {
      self->wall = TRUE;
      gtk_widget_set_visible (self->header_bar, FALSE);
      warden_live_page_set_chrome_visible (self->page, FALSE);
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), wall_monitor);
    }
  return self;
}

WardenLivePage *
warden_live_window_get_page (WardenLiveWindow *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_WINDOW (self), NULL);

  return self->page;
}

gboolean
warden_live_window_is_wall (WardenLiveWindow *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_WINDOW (self), FALSE);

  return self->wall;
}
