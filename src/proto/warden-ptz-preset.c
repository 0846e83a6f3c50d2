/* warden-ptz-preset.c: one stored PTZ position of a channel, with its name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-ptz-preset.h"

struct _WardenPtzPreset
{
  GObject parent_instance;

  int index;
  char *name;
};

G_DEFINE_FINAL_TYPE (WardenPtzPreset, warden_ptz_preset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
warden_ptz_preset_finalize (GObject *object)
{
  WardenPtzPreset *self = (WardenPtzPreset *) object;

  g_free (self->name);

  G_OBJECT_CLASS (warden_ptz_preset_parent_class)->finalize (object);
}

static void
warden_ptz_preset_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WardenPtzPreset *self = WARDEN_PTZ_PRESET (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_int (value, self->index);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_ptz_preset_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WardenPtzPreset *self = WARDEN_PTZ_PRESET (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_get_int (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_ptz_preset_class_init (WardenPtzPresetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = warden_ptz_preset_finalize;
  object_class->get_property = warden_ptz_preset_get_property;
  object_class->set_property = warden_ptz_preset_set_property;

  properties[PROP_INDEX] = g_param_spec_int ("index", NULL, NULL, 1, WARDEN_PTZ_PRESET_MAX, 1, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_ptz_preset_init (WardenPtzPreset *self)
{
}

/**
 * warden_ptz_preset_new:
 * @index: the preset number, 1..%WARDEN_PTZ_PRESET_MAX
 * @name: (nullable): its name; %NULL for none
 */
WardenPtzPreset *
warden_ptz_preset_new (int         index,
                       const char *name)
{
  g_return_val_if_fail (index >= 1 && index <= WARDEN_PTZ_PRESET_MAX, NULL);

  return g_object_new (WARDEN_TYPE_PTZ_PRESET, "index", index, "name", name != NULL ? name : "", NULL);
}

/**
 * warden_ptz_preset_get_index:
 *
 * Returns: the preset number, from 1
 */
int
warden_ptz_preset_get_index (WardenPtzPreset *self)
{
  g_return_val_if_fail (WARDEN_IS_PTZ_PRESET (self), 0);
  return self->index;
}

/**
 * warden_ptz_preset_get_name:
 *
 * Returns: the name, "" when the device gave none
 */
const char *
warden_ptz_preset_get_name (WardenPtzPreset *self)
{
  g_return_val_if_fail (WARDEN_IS_PTZ_PRESET (self), NULL);
  return self->name;
}
