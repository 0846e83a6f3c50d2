/* warden-roles.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a right is decided: the role must hold the feature right. A global
 * right (settings, personnel, operators, audit) needs nothing more. A device
 * right also needs the role to cover the device: every device when
 * all-devices is set, otherwise a grant for that device as a whole (channel
 * 0) or for that channel which includes the right. Asking about device 0
 * means "on any device", which is what the UI uses to show or hide a feature.
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-roles.h"
#include "warden-role-repo.h"

struct _WardenRole
{
  GObject      parent_instance;

  gint64       id;
  char        *name;
  gboolean     builtin;
  WardenRight  rights;
  gboolean     all_devices;
  GArray      *grants;   /* WardenRoleGrant */
};

G_DEFINE_FINAL_TYPE (WardenRole, warden_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_BUILTIN,
  PROP_RIGHTS,
  PROP_ALL_DEVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  WardenRight  right;
  const char  *name;
  const char  *label;
} right_names[] = {
  { WARDEN_RIGHT_LIVE, "live", N_("Live video") },
  { WARDEN_RIGHT_PLAYBACK, "playback", N_("Playback") },
  { WARDEN_RIGHT_EXPORT, "export", N_("Export") },
  { WARDEN_RIGHT_PTZ, "ptz", N_("PTZ control") },
  { WARDEN_RIGHT_TALK, "talk", N_("Two-way talk") },
  { WARDEN_RIGHT_DOOR, "door", N_("Door control") },
  { WARDEN_RIGHT_PERSONNEL_EDIT, "personnel-edit", N_("Edit personnel") },
  { WARDEN_RIGHT_DEVICE_EDIT, "device-edit", N_("Edit devices") },
  { WARDEN_RIGHT_SETTINGS, "settings", N_("Settings") },
  { WARDEN_RIGHT_OPERATORS, "operators", N_("Manage operators and roles") },
  { WARDEN_RIGHT_AUDIT, "audit", N_("Audit log") },
};

/**
 * warden_right_get_name:
 * @right: a single right
 *
 * Returns: a stable identifier such as "ptz", or %NULL for a set of rights.
 */
const char *
warden_right_get_name (WardenRight right)
{
  for (guint i = 0; i < G_N_ELEMENTS (right_names); i++)
    {
      if (right_names[i].right == right)
        return right_names[i].name;
    }
  return NULL;
}

/**
 * warden_right_get_label:
 * @right: a single right
 *
 * Returns: the translated name shown to users, or %NULL.
 */
const char *
warden_right_get_label (WardenRight right)
{
  for (guint i = 0; i < G_N_ELEMENTS (right_names); i++)
    {
      if (right_names[i].right == right)
        return _(right_names[i].label);
    }
  return NULL;
}

static void
warden_role_finalize (GObject *object)
{
  WardenRole *self = WARDEN_ROLE (object);

  g_free (self->name);
  g_array_unref (self->grants);

  G_OBJECT_CLASS (warden_role_parent_class)->finalize (object);
}

static void
warden_role_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WardenRole *self = WARDEN_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    case PROP_RIGHTS:
      g_value_set_uint (value, self->rights);
      break;
    case PROP_ALL_DEVICES:
      g_value_set_boolean (value, self->all_devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_role_class_init (WardenRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_role_finalize;
  object_class->get_property = warden_role_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RIGHTS] =
    g_param_spec_uint ("rights", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_DEVICES] =
    g_param_spec_boolean ("all-devices", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_role_init (WardenRole *self)
{
  self->grants = g_array_new (FALSE, TRUE, sizeof (WardenRoleGrant));
}

/**
 * warden_role_new:
 * @id: the stored id, or 0 for a role not stored yet
 * @rights: the feature rights
 * @all_devices: %FALSE limits device rights to the grants
 */
WardenRole *
warden_role_new (gint64       id,
                 const char  *name,
                 gboolean     builtin,
                 WardenRight  rights,
                 gboolean     all_devices)
{
  WardenRole *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_ROLE, NULL);
  self->id = id;
  self->name = g_strdup (name);
  self->builtin = builtin;
  self->rights = rights & WARDEN_RIGHT_ALL;
  self->all_devices = all_devices;
  return self;
}

gint64
warden_role_get_id (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), 0);
  return self->id;
}

const char *
warden_role_get_name (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), NULL);
  return self->name;
}

gboolean
warden_role_get_builtin (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), FALSE);
  return self->builtin;
}

WardenRight
warden_role_get_rights (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), WARDEN_RIGHT_NONE);
  return self->rights;
}

gboolean
warden_role_get_all_devices (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), FALSE);
  return self->all_devices;
}

/**
 * warden_role_grant_device:
 * @channel: a channel number, or 0 for the whole device
 * @rights: the device rights given there; global rights are ignored
 */
void
warden_role_grant_device (WardenRole  *self,
                          gint64       device_id,
                          int          channel,
                          WardenRight  rights)
{
  WardenRoleGrant grant = { device_id, channel, rights & WARDEN_RIGHT_DEVICE_SCOPED };

  g_return_if_fail (WARDEN_IS_ROLE (self));
  g_return_if_fail (device_id > 0);
  g_return_if_fail (channel >= 0);
  g_return_if_fail (self->grants->len < WARDEN_ROLE_MAX_GRANTS);

  for (guint i = 0; i < self->grants->len; i++)
    {
      WardenRoleGrant *existing = &g_array_index (self->grants, WardenRoleGrant, i);

      if (existing->device_id == device_id && existing->channel == channel)
        {
          existing->rights = grant.rights;
          return;
        }
    }
  g_array_append_val (self->grants, grant);
}

/**
 * warden_role_get_grants:
 *
 * Returns: (transfer none) (element-type WardenRoleGrant): the grants.
 */
GArray *
warden_role_get_grants (WardenRole *self)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), NULL);
  return self->grants;
}

/**
 * warden_role_allows:
 * @right: one right
 * @device_id: the device, or 0 for "any device"
 * @channel: the channel, or 0 for the device as a whole
 *
 * Returns: %TRUE if the role may use @right there.
 */
gboolean
warden_role_allows (WardenRole  *self,
                    WardenRight  right,
                    gint64       device_id,
                    int          channel)
{
  g_return_val_if_fail (WARDEN_IS_ROLE (self), FALSE);
  g_return_val_if_fail (right != WARDEN_RIGHT_NONE, FALSE);

  if ((self->rights & right) != right)
    return FALSE;
  if ((right & WARDEN_RIGHT_DEVICE_SCOPED) == 0 || self->all_devices)
    return TRUE;

  for (guint i = 0; i < self->grants->len; i++)
    {
      const WardenRoleGrant *grant = &g_array_index (self->grants, WardenRoleGrant, i);

      if ((grant->rights & right) != right)
        continue;
      if (device_id == 0)
        return TRUE;
      if (grant->device_id == device_id && (grant->channel == 0 || grant->channel == channel))
        return TRUE;
    }
  return FALSE;
}
