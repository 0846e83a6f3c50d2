/* warden-lock-screen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-lock-screen.h"

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

enum {
  PROP_0,
  PROP_SECURITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
warden_lock_screen_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WardenLockScreen *self = WARDEN_LOCK_SCREEN (object);

  switch (prop_id)
    {
    case PROP_SECURITY:
      self->security = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_lock_screen_class_init (WardenLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_lock_screen_dispose;
  object_class->set_property = warden_lock_screen_set_property;
  widget_class->map = warden_lock_screen_map;

  properties[PROP_SECURITY] =
    g_param_spec_object ("security", NULL, NULL, WARDEN_TYPE_SECURITY,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  return g_object_new (WARDEN_TYPE_LOCK_SCREEN, "security", security, NULL);
}
