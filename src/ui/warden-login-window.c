/* warden-login-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-login-window.h"
#include "warden-password-entry.h"

struct _WardenLoginWindow
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  AdwEntryRow         *username_row;
  GtkPasswordEntry    *password_entry;
  GtkLabel            *error_label;
  GtkLabel            *lockout_label;
  GtkWidget           *sign_in_button;
  GtkSpinner          *spinner;
  AdwEntryRow         *answer_0;
  AdwEntryRow         *answer_1;
  AdwEntryRow         *answer_2;
  WardenPasswordEntry *new_password_entry;
  GtkLabel            *reset_error_label;
  GtkWidget           *reset_button;

  WardenSecurity      *security;
  GCancellable        *cancellable;
  guint                countdown_id;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (WardenLoginWindow, warden_login_window, ADW_TYPE_BIN)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AdwEntryRow *
answer (WardenLoginWindow *self,
        int                i)
{
  AdwEntryRow *answers[] = { self->answer_0, self->answer_1, self->answer_2 };

  return answers[i];
}

static const char *
username (WardenLoginWindow *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->username_row));
}

static GCancellable *
fresh_cancellable (WardenLoginWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

/* Shows the time left on a locked account, once a second. */
static gboolean
update_lockout (gpointer user_data)
{
  WardenLoginWindow *self = user_data;
  GTimeSpan remaining = 0;
  gint64 seconds;
  g_autofree char *text = NULL;

  if (*username (self) != '\0')
    remaining = warden_lockout_get_remaining (warden_security_get_lockout (self->security),
                                              username (self));
  gtk_widget_set_visible (GTK_WIDGET (self->lockout_label), remaining > 0);
  gtk_widget_set_sensitive (self->sign_in_button, !self->busy && remaining <= 0);
  if (remaining <= 0)
    {
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }

  seconds = (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  text = g_strdup_printf (_("Too many failed attempts. Try again in %d:%02d."),
                          (int) (seconds / 60), (int) (seconds % 60));
  gtk_label_set_label (self->lockout_label, text);
  if (self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, update_lockout, self);
  return G_SOURCE_CONTINUE;
}

static void
set_busy (WardenLoginWindow *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (self->reset_button,
                            !busy && warden_password_entry_get_acceptable (self->new_password_entry));
  update_lockout (self);
}

static void
show_error (GtkLabel     *label,
            const GError *error)
{
  gtk_label_set_label (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (WardenLoginWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!warden_security_login_finish (WARDEN_SECURITY (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      /* the countdown says it better than the message */
      show_error (self->error_label,
                  g_error_matches (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_LOCKED_OUT)
                  ? NULL : error);
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
sign_in_cb (WardenLoginWindow *self)
{
  if (self->busy || !gtk_widget_get_sensitive (self->sign_in_button) || *username (self) == '\0')
    return;
  set_busy (self, TRUE);
  show_error (self->error_label, NULL);
  warden_security_login_async (self->security, username (self),
                               gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                               fresh_cancellable (self), login_cb, g_object_ref (self));
}

static void
username_changed_cb (WardenLoginWindow *self)
{
  show_error (self->error_label, NULL);
  update_lockout (self);
}

static void
forgot_clicked_cb (WardenLoginWindow *self)
{
  const char * const *questions = warden_security_get_questions ();
  int chosen[WARDEN_SECURITY_QUESTION_COUNT];
  g_autoptr (GError) error = NULL;

  if (*username (self) == '\0')
    {
      g_set_error_literal (&error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                           _("Type your user name first."));
      show_error (self->error_label, error);
      return;
    }
  if (!warden_security_get_account_questions (self->security, username (self), chosen, &error))
    {
      show_error (self->error_label, error);
      return;
    }
  for (int i = 0; i < WARDEN_SECURITY_QUESTION_COUNT; i++)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (answer (self, i)),
                                     _(questions[chosen[i]]));
      gtk_editable_set_text (GTK_EDITABLE (answer (self, i)), "");
    }
  warden_password_entry_set_username (self->new_password_entry, username (self));
  warden_password_entry_set_text (self->new_password_entry, "");
  show_error (self->reset_error_label, NULL);
  gtk_stack_set_visible_child_name (self->stack, "reset");
}

static void
back_clicked_cb (WardenLoginWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
}

static void
new_password_changed_cb (WardenLoginWindow *self)
{
  gtk_widget_set_sensitive (self->reset_button, !self->busy &&
                            warden_password_entry_get_acceptable (self->new_password_entry));
}

static void
reset_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (WardenLoginWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!warden_security_reset_password_finish (WARDEN_SECURITY (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self->reset_error_label, error);
      return;
    }
  set_busy (self, FALSE);
  warden_password_entry_set_text (self->new_password_entry, "");
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
reset_clicked_cb (WardenLoginWindow *self)
{
  const char *answers[WARDEN_SECURITY_QUESTION_COUNT];

  if (self->busy || !warden_password_entry_get_acceptable (self->new_password_entry))
    return;
  for (int i = 0; i < WARDEN_SECURITY_QUESTION_COUNT; i++)
    answers[i] = gtk_editable_get_text (GTK_EDITABLE (answer (self, i)));
  set_busy (self, TRUE);
  warden_security_reset_password_async (self->security, username (self), answers,
                                        warden_password_entry_get_text (self->new_password_entry),
                                        fresh_cancellable (self), reset_cb, g_object_ref (self));
}

static void
warden_login_window_dispose (GObject *object)
{
  WardenLoginWindow *self = WARDEN_LOGIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->security);

  G_OBJECT_CLASS (warden_login_window_parent_class)->dispose (object);
}

static void
warden_login_window_class_init (WardenLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_login_window_dispose;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (WARDEN_TYPE_PASSWORD_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, lockout_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, answer_0);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, answer_1);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, answer_2);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, new_password_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, reset_error_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLoginWindow, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, forgot_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
}

static void
warden_login_window_init (WardenLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (self->reset_button, FALSE);
}

GtkWidget *
warden_login_window_new (WardenSecurity *security)
{
  WardenLoginWindow *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_LOGIN_WINDOW, NULL);
  self->security = g_object_ref (security);
  return GTK_WIDGET (self);
}
