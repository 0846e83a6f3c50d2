/* warden-operator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include "warden-operator.h"

struct _WardenOperator
{
  GObject     parent_instance;

  gint64      id;
  char       *username;
  WardenRole *role;
  gboolean    enabled;
  gint64      created_at;
};

G_DEFINE_FINAL_TYPE (WardenOperator, warden_operator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_ROLE,
  PROP_ROLE_NAME,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
warden_operator_finalize (GObject *object)
{
  WardenOperator *self = WARDEN_OPERATOR (object);

  g_free (self->username);
  g_clear_object (&self->role);

  G_OBJECT_CLASS (warden_operator_parent_class)->finalize (object);
}

static void
warden_operator_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WardenOperator *self = WARDEN_OPERATOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_ROLE:
      g_value_set_object (value, self->role);
      break;
    case PROP_ROLE_NAME:
      g_value_set_string (value, warden_role_get_name (self->role));
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_operator_class_init (WardenOperatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_operator_finalize;
  object_class->get_property = warden_operator_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_object ("role", NULL, NULL, WARDEN_TYPE_ROLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE_NAME] =
    g_param_spec_string ("role-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_operator_init (WardenOperator *self)
{
}

WardenOperator *
warden_operator_new (gint64      id,
                     const char *username,
                     WardenRole *role,
                     gboolean    enabled,
                     gint64      created_at)
{
  WardenOperator *self;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (WARDEN_IS_ROLE (role), NULL);

  self = g_object_new (WARDEN_TYPE_OPERATOR, NULL);
  self->id = id;
  self->username = g_strdup (username);
  self->role = g_object_ref (role);
  self->enabled = enabled;
  self->created_at = created_at;
  return self;
}

gint64
warden_operator_get_id (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), 0);
  return self->id;
}

const char *
warden_operator_get_username (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), NULL);
  return self->username;
}

/**
 * warden_operator_get_role:
 *
 * Returns: (transfer none): the account's role
 */
WardenRole *
warden_operator_get_role (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), NULL);
  return self->role;
}

const char *
warden_operator_get_role_name (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), NULL);
  return warden_role_get_name (self->role);
}

gboolean
warden_operator_get_enabled (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), FALSE);
  return self->enabled;
}

gint64
warden_operator_get_created_at (WardenOperator *self)
{
  g_return_val_if_fail (WARDEN_IS_OPERATOR (self), 0);
  return self->created_at;
}
