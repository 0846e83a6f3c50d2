/* warden-first-run-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-first-run-window.h"
#include "warden-password-entry.h"

struct _WardenFirstRunWindow
{
  AdwBin               parent_instance;

  AdwEntryRow         *username_row;
  WardenPasswordEntry *password_entry;
  GtkPasswordEntry    *confirm_entry;
  GtkDropDown         *question_0;
  GtkDropDown         *question_1;
  GtkDropDown         *question_2;
  AdwEntryRow         *answer_0;
  AdwEntryRow         *answer_1;
  AdwEntryRow         *answer_2;
  GtkLabel            *error_label;
  GtkWidget           *create_button;
  GtkSpinner          *spinner;

  WardenSecurity      *security;
  GCancellable        *cancellable;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (WardenFirstRunWindow, warden_first_run_window, ADW_TYPE_BIN)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkDropDown *
question (WardenFirstRunWindow *self,
          int                   i)
{
  GtkDropDown *questions[] = { self->question_0, self->question_1, self->question_2 };

  return questions[i];
}

static AdwEntryRow *
answer (WardenFirstRunWindow *self,
        int                   i)
{
  AdwEntryRow *answers[] = { self->answer_0, self->answer_1, self->answer_2 };

  return answers[i];
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

/* Enables Create when the form is complete; says what is missing otherwise. */
static void
update (WardenFirstRunWindow *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = warden_password_entry_get_text (self->password_entry);
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));
  const char *problem = NULL;
  gboolean answered = TRUE;
  gboolean distinct;

  warden_password_entry_set_username (self->password_entry, username);

  for (int i = 0; i < WARDEN_SECURITY_QUESTION_COUNT; i++)
    answered &= !is_blank (gtk_editable_get_text (GTK_EDITABLE (answer (self, i))));
  distinct = gtk_drop_down_get_selected (self->question_0) !=
             gtk_drop_down_get_selected (self->question_1) &&
             gtk_drop_down_get_selected (self->question_1) !=
             gtk_drop_down_get_selected (self->question_2) &&
             gtk_drop_down_get_selected (self->question_0) !=
             gtk_drop_down_get_selected (self->question_2);

  if (*confirm != '\0' && g_strcmp0 (password, confirm) != 0)
    problem = _("The two passwords differ.");
  else if (!distinct)
    problem = _("Choose three different questions.");

  if (problem != NULL)
    gtk_label_set_label (self->error_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);

  gtk_widget_set_sensitive (self->create_button,
                            !self->busy && problem == NULL && *username != '\0' &&
                            warden_password_entry_get_acceptable (self->password_entry) &&
                            g_strcmp0 (password, confirm) == 0 && answered);
}

static void
set_busy (WardenFirstRunWindow *self,
          gboolean              busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update (self);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (WardenFirstRunWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!warden_security_create_administrator_finish (WARDEN_SECURITY (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  set_busy (self, FALSE);
  g_signal_emit (self, signals[DONE], 0);
}

static void
create_clicked_cb (WardenFirstRunWindow *self)
{
  int chosen[WARDEN_SECURITY_QUESTION_COUNT];
  const char *answers[WARDEN_SECURITY_QUESTION_COUNT];

  if (!gtk_widget_get_sensitive (self->create_button))
    return;
  for (int i = 0; i < WARDEN_SECURITY_QUESTION_COUNT; i++)
    {
      chosen[i] = (int) gtk_drop_down_get_selected (question (self, i));
      answers[i] = gtk_editable_get_text (GTK_EDITABLE (answer (self, i)));
    }
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  warden_security_create_administrator_async (self->security,
                                              gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
                                              warden_password_entry_get_text (self->password_entry),
                                              chosen, answers, self->cancellable, created_cb,
                                              g_object_ref (self));
}

static void
warden_first_run_window_dispose (GObject *object)
{
  WardenFirstRunWindow *self = WARDEN_FIRST_RUN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->security);

  G_OBJECT_CLASS (warden_first_run_window_parent_class)->dispose (object);
}

static void
warden_first_run_window_class_init (WardenFirstRunWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_first_run_window_dispose;

  /* The administrator exists and is signed in. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (WARDEN_TYPE_PASSWORD_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-first-run-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, question_0);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, question_1);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, question_2);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, answer_0);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, answer_1);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, answer_2);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, WardenFirstRunWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
}

static void
warden_first_run_window_init (WardenFirstRunWindow *self)
{
  const char * const *questions = warden_security_get_questions ();
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; questions[i] != NULL; i++)
    gtk_string_list_append (list, _(questions[i]));
  for (int i = 0; i < WARDEN_SECURITY_QUESTION_COUNT; i++)
    {
      gtk_drop_down_set_model (question (self, i), G_LIST_MODEL (list));
      gtk_drop_down_set_selected (question (self, i), i);
    }
  update (self);
}

GtkWidget *
warden_first_run_window_new (WardenSecurity *security)
{
  WardenFirstRunWindow *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_FIRST_RUN_WINDOW, NULL);
  self->security = g_object_ref (security);
  return GTK_WIDGET (self);
}
