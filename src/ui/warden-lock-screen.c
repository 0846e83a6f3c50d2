/* warden-lock-screen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

/* How often the idle time is looked at. */
#define IDLE_CHECK_SECONDS 1

#include "config.h"

#include <glib/gi18n.h>

#include "warden-lock-screen.h"
#include "warden-first-run-window.h"
#include "warden-login-window.h"

struct _WardenLockScreen
{
  AdwBin            parent_instance;

  AdwStatusPage    *status_page;
  GtkPasswordEntry *password_entry;
  GtkLabel         *error_label;
  GtkWidget        *unlock_button;

  WardenSecurity   *security;
  GCancellable     *cancellable;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (WardenLockScreen, warden_lock_screen, ADW_TYPE_BIN)

/* What warden_lock_screen_install() keeps on the window. */
typedef struct
{
  WardenSecurity *security;
  GtkStack       *stack;
  GtkWidget      *main;
  GtkWidget      *lock_screen;
  GtkWidget      *sign_in;
  GtkWidget      *first_run;    /* NULL once an account exists */
  gulong          locked_handler;
  gulong          signed_in_handler;
  guint           idle_timer;
  GTimeSpan       idle_limit;
  gint64          last_activity;
} Installed;

static void
update_description (WardenLockScreen *self)
{
  WardenOperator *operator = warden_security_get_operator (self->security);
  g_autofree char *text = NULL;

  if (operator != NULL)
    text = g_strdup_printf (_("Signed in as %s. Video stays hidden until the password is "
                              "entered."),
                            warden_operator_get_username (operator));
  adw_status_page_set_description (self->status_page, text);
}

static void
unlock_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (WardenLockScreen) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!warden_security_unlock_finish (WARDEN_SECURITY (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_widget_set_sensitive (self->unlock_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
unlock_clicked_cb (WardenLockScreen *self)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  warden_security_unlock_async (self->security,
                                gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                                self->cancellable, unlock_cb, g_object_ref (self));
}

static void
warden_lock_screen_map (GtkWidget *widget)
{
  WardenLockScreen *self = WARDEN_LOCK_SCREEN (widget);

  GTK_WIDGET_CLASS (warden_lock_screen_parent_class)->map (widget);

  update_description (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
warden_lock_screen_dispose (GObject *object)
{
  WardenLockScreen *self = WARDEN_LOCK_SCREEN (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->security);

  G_OBJECT_CLASS (warden_lock_screen_parent_class)->dispose (object);
}

static void
warden_lock_screen_class_init (WardenLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_lock_screen_dispose;
  widget_class->map = warden_lock_screen_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenLockScreen, status_page);
  gtk_widget_class_bind_template_child (widget_class, WardenLockScreen, password_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenLockScreen, error_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLockScreen, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
}

static void
warden_lock_screen_init (WardenLockScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
warden_lock_screen_new (WardenSecurity *security)
{
  WardenLockScreen *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_LOCK_SCREEN, NULL);
  self->security = g_object_ref (security);
  return GTK_WIDGET (self);
}

static gint64
installed_now (Installed *installed)
{
  return warden_lockout_now (warden_security_get_lockout (installed->security));
}

static void
installed_free (Installed *installed)
{
  g_clear_handle_id (&installed->idle_timer, g_source_remove);
  g_clear_signal_handler (&installed->locked_handler, installed->security);
  g_clear_signal_handler (&installed->signed_in_handler, installed->security);
  g_clear_object (&installed->security);
  g_free (installed);
}

/* Signed out: the first run or the sign-in form. Locked: the lock screen.
 * Otherwise the window's own content. Only that one is mapped, so the pages
 * (and their video) are not drawn behind the others. */
static void
update_view (Installed *installed)
{
  WardenSecurity *security = installed->security;
  GtkWidget *view;

  if (!warden_security_get_signed_in (security))
    view = installed->first_run != NULL ? installed->first_run : installed->sign_in;
  else if (warden_security_get_locked (security))
    view = installed->lock_screen;
  else
    view = installed->main;

  gtk_widget_set_visible (installed->main, view == installed->main);
  gtk_stack_set_visible_child (installed->stack, view);
  installed->last_activity = installed_now (installed);
}

/* The first run stays in the stack, never to be shown again. */
static void
first_run_done_cb (Installed *installed)
{
  installed->first_run = NULL;
  update_view (installed);
}

static void
activity_cb (Installed *installed)
{
  installed->last_activity = installed_now (installed);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Installed             *installed)
{
  activity_cb (installed);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  Installed *installed = user_data;

  if (warden_security_get_signed_in (installed->security) &&
      !warden_security_get_locked (installed->security) &&
      installed_now (installed) - installed->last_activity >= installed->idle_limit)
    warden_security_lock (installed->security);
  return G_SOURCE_CONTINUE;
}

static void
lock_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  warden_security_lock (WARDEN_SECURITY (user_data));
}

static void
add_controller (GtkWindow          *window,
                GtkEventController *controller)
{
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

/**
 * warden_lock_screen_install:
 * @window: an #AdwWindow or #AdwApplicationWindow with its content set
 * @idle_minutes: lock after this long without a key press, click or pointer
 *   motion; 0 never
 *
 * Guards @window's content: until an operator signs in it shows the first
 * run (when no account exists) or the sign-in form, and while @security is
 * locked the lock screen. Adds the window action "lock" (bind Ctrl+L to
 * "win.lock").
 */
void
warden_lock_screen_install (GtkWindow      *window,
                            WardenSecurity *security,
                            guint           idle_minutes)
{
  Installed *installed;
  g_autoptr (GSimpleAction) lock = NULL;
  GtkEventController *controller;
  GtkWidget *content;

  g_return_if_fail (ADW_IS_WINDOW (window) || ADW_IS_APPLICATION_WINDOW (window));
  g_return_if_fail (WARDEN_IS_SECURITY (security));

  content = ADW_IS_WINDOW (window) ? adw_window_get_content (ADW_WINDOW (window))
                                   : adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  g_return_if_fail (content != NULL);

  installed = g_new0 (Installed, 1);
  installed->security = g_object_ref (security);
  installed->main = content;
  installed->stack = GTK_STACK (gtk_stack_new ());
  installed->lock_screen = warden_lock_screen_new (security);
  installed->sign_in = warden_login_window_new (security);
  if (warden_security_needs_first_run (security, NULL))
    installed->first_run = warden_first_run_window_new (security);
  installed->idle_limit = (GTimeSpan) idle_minutes * G_TIME_SPAN_MINUTE;
  installed->last_activity = installed_now (installed);

  g_object_ref (content);
  if (ADW_IS_WINDOW (window))
    adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (installed->stack));
  else
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                        GTK_WIDGET (installed->stack));
  gtk_stack_add_named (installed->stack, content, "main");
  gtk_stack_add_named (installed->stack, installed->lock_screen, "locked");
  gtk_stack_add_named (installed->stack, installed->sign_in, "sign-in");
  if (installed->first_run != NULL)
    {
      gtk_stack_add_named (installed->stack, installed->first_run, "first-run");
      g_signal_connect_swapped (installed->first_run, "done", G_CALLBACK (first_run_done_cb),
                                installed);
    }
  g_object_unref (content);
  g_object_set_data_full (G_OBJECT (window), "warden-lock-screen", installed,
                          (GDestroyNotify) installed_free);

  installed->locked_handler = g_signal_connect_swapped (security, "notify::locked",
                                                        G_CALLBACK (update_view), installed);
  installed->signed_in_handler = g_signal_connect_swapped (security, "notify::signed-in",
                                                           G_CALLBACK (update_view), installed);
  update_view (installed);

  lock = g_simple_action_new ("lock", NULL);
  g_signal_connect_object (lock, "activate", G_CALLBACK (lock_action_cb), security, 0);
  g_object_bind_property (security, "signed-in", lock, "enabled", G_BINDING_SYNC_CREATE);
  if (G_IS_ACTION_MAP (window))
    {
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (lock));
    }
  else
    {
      g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (lock));
      gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
    }

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), installed);
  add_controller (window, controller);
  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (activity_cb), installed);
  add_controller (window, controller);
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (activity_cb), installed);
  add_controller (window, controller);
  warden_lock_screen_set_idle_minutes (window, idle_minutes);
}

/**
 * warden_lock_screen_set_idle_minutes:
 * @window: a window guarded by warden_lock_screen_install()
 * @idle_minutes: lock after this long without activity from now on; 0 never
 */
void
warden_lock_screen_set_idle_minutes (GtkWindow *window,
                                     guint      idle_minutes)
{
  Installed *installed = g_object_get_data (G_OBJECT (window), "warden-lock-screen");

  g_return_if_fail (installed != NULL);

  installed->idle_limit = (GTimeSpan) idle_minutes * G_TIME_SPAN_MINUTE;
  installed->last_activity = installed_now (installed);
  g_clear_handle_id (&installed->idle_timer, g_source_remove);
  if (idle_minutes > 0)
    installed->idle_timer = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, installed);
}
