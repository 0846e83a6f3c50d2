/* warden-password-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-password-entry.h"
#include "warden-password-policy.h"

struct _WardenPasswordEntry
{
  AdwBin       parent_instance;

  GtkEditable *entry;
  GtkLevelBar *meter;
  GtkLabel    *strength_label;
  GtkLabel    *reasons_label;

  char        *username;
  gboolean     acceptable;
};

G_DEFINE_FINAL_TYPE (WardenPasswordEntry, warden_password_entry, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_TEXT,
  PROP_ACCEPTABLE,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
strength_text (WardenPasswordStrength strength)
{
  switch (strength)
    {
    case WARDEN_PASSWORD_STRENGTH_EMPTY:
      return "";
    case WARDEN_PASSWORD_STRENGTH_WEAK:
      return _("Too weak");
    case WARDEN_PASSWORD_STRENGTH_FAIR:
      return _("Fair");
    case WARDEN_PASSWORD_STRENGTH_GOOD:
      return _("Good");
    case WARDEN_PASSWORD_STRENGTH_STRONG:
      return _("Strong");
    default:
      g_assert_not_reached ();
    }
}

static void
update (WardenPasswordEntry *self)
{
  const char *text = gtk_editable_get_text (self->entry);
  WardenPasswordFlaws flaws = warden_password_policy_check (self->username, text);
  WardenPasswordStrength strength = warden_password_policy_strength (self->username, text);
  gboolean acceptable = flaws == WARDEN_PASSWORD_FLAW_NONE;
  g_auto (GStrv) reasons = warden_password_policy_describe (flaws);
  g_autofree char *joined = NULL;

  gtk_level_bar_set_value (self->meter, strength);
  gtk_label_set_label (self->strength_label, strength_text (strength));

  /* list what is wrong once something is typed */
  if (*text != '\0' && reasons[0] != NULL)
    {
      g_autofree char *body = g_strjoinv ("\n• ", reasons);

      joined = g_strconcat ("• ", body, NULL);
    }
  gtk_label_set_label (self->reasons_label, joined != NULL ? joined : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), joined != NULL);

  if (acceptable != self->acceptable)
    {
      self->acceptable = acceptable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTABLE]);
    }
}

static void
entry_changed_cb (WardenPasswordEntry *self)
{
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
entry_activate_cb (WardenPasswordEntry *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
warden_password_entry_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WARDEN_TYPE_PASSWORD_ENTRY);

  G_OBJECT_CLASS (warden_password_entry_parent_class)->dispose (object);
}

static void
warden_password_entry_finalize (GObject *object)
{
  WardenPasswordEntry *self = WARDEN_PASSWORD_ENTRY (object);

  g_free (self->username);

  G_OBJECT_CLASS (warden_password_entry_parent_class)->finalize (object);
}

static void
warden_password_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WardenPasswordEntry *self = WARDEN_PASSWORD_ENTRY (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_TEXT:
      g_value_set_string (value, warden_password_entry_get_text (self));
      break;
    case PROP_ACCEPTABLE:
      g_value_set_boolean (value, self->acceptable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_password_entry_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  WardenPasswordEntry *self = WARDEN_PASSWORD_ENTRY (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      warden_password_entry_set_username (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      warden_password_entry_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
warden_password_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WARDEN_PASSWORD_ENTRY (widget)->entry));
}

static void
warden_password_entry_class_init (WardenPasswordEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_password_entry_dispose;
  object_class->finalize = warden_password_entry_finalize;
  object_class->get_property = warden_password_entry_get_property;
  object_class->set_property = warden_password_entry_set_property;
  widget_class->grab_focus = warden_password_entry_grab_focus;

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCEPTABLE] =
    g_param_spec_boolean ("acceptable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-password-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenPasswordEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, WardenPasswordEntry, meter);
  gtk_widget_class_bind_template_child (widget_class, WardenPasswordEntry, strength_label);
  gtk_widget_class_bind_template_child (widget_class, WardenPasswordEntry, reasons_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
warden_password_entry_init (WardenPasswordEntry *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
warden_password_entry_new (void)
{
  return g_object_new (WARDEN_TYPE_PASSWORD_ENTRY, NULL);
}

const char *
warden_password_entry_get_text (WardenPasswordEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_PASSWORD_ENTRY (self), NULL);
  return gtk_editable_get_text (self->entry);
}

void
warden_password_entry_set_text (WardenPasswordEntry *self,
                                const char          *text)
{
  g_return_if_fail (WARDEN_IS_PASSWORD_ENTRY (self));
  gtk_editable_set_text (self->entry, text != NULL ? text : "");
}

const char *
warden_password_entry_get_username (WardenPasswordEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_PASSWORD_ENTRY (self), NULL);
  return self->username;
}

/**
 * warden_password_entry_set_username:
 *
 * The account the password is for: the rules forbid its name in the password.
 */
void
warden_password_entry_set_username (WardenPasswordEntry *self,
                                    const char          *username)
{
  g_return_if_fail (WARDEN_IS_PASSWORD_ENTRY (self));

  if (g_strcmp0 (self->username, username) == 0)
    return;
  g_free (self->username);
  self->username = g_strdup (username);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/**
 * warden_password_entry_get_acceptable:
 *
 * Returns: %TRUE if the text passes every password rule
 */
gboolean
warden_password_entry_get_acceptable (WardenPasswordEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_PASSWORD_ENTRY (self), FALSE);
  return self->acceptable;
}
