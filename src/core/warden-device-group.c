/* warden-device-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include "warden-device-group.h"
#include "warden-device-supervisor.h"

struct _WardenDeviceGroup
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  GListStore *devices;
};

G_DEFINE_FINAL_TYPE (WardenDeviceGroup, warden_device_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_devices (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const WardenDeviceRecord *ra = warden_device_supervisor_get_record ((gpointer) a);
  const WardenDeviceRecord *rb = warden_device_supervisor_get_record ((gpointer) b);
  int by_name = g_utf8_collate (ra->name, rb->name);

  return by_name != 0 ? by_name : (ra->id > rb->id) - (ra->id < rb->id);
}

static void
warden_device_group_finalize (GObject *object)
{
  WardenDeviceGroup *self = WARDEN_DEVICE_GROUP (object);

  g_free (self->name);
  g_clear_object (&self->devices);
  G_OBJECT_CLASS (warden_device_group_parent_class)->finalize (object);
}

static void
warden_device_group_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WardenDeviceGroup *self = WARDEN_DEVICE_GROUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_device_group_class_init (WardenDeviceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_device_group_finalize;
  object_class->get_property = warden_device_group_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_device_group_init (WardenDeviceGroup *self)
{
  self->devices = g_list_store_new (WARDEN_TYPE_DEVICE_SUPERVISOR);
}

WardenDeviceGroup *
warden_device_group_new (gint64      id,
                         const char *name)
{
  WardenDeviceGroup *self = g_object_new (WARDEN_TYPE_DEVICE_GROUP, NULL);

  self->id = id;
  self->name = g_strdup (name);
  return self;
}

gint64
warden_device_group_get_id (WardenDeviceGroup *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_GROUP (self), 0);
  return self->id;
}

const char *
warden_device_group_get_name (WardenDeviceGroup *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_GROUP (self), NULL);
  return self->name;
}

void
warden_device_group_set_name (WardenDeviceGroup *self,
                              const char        *name)
{
  g_return_if_fail (WARDEN_IS_DEVICE_GROUP (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

GListModel *
warden_device_group_get_devices (WardenDeviceGroup *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_GROUP (self), NULL);
  return G_LIST_MODEL (self->devices);
}

void
warden_device_group_add (WardenDeviceGroup *self,
                         gpointer           supervisor)
{
  g_return_if_fail (WARDEN_IS_DEVICE_GROUP (self));
  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (supervisor));

  g_list_store_insert_sorted (self->devices, supervisor, compare_devices, NULL);
}

void
warden_device_group_remove (WardenDeviceGroup *self,
                            gpointer           supervisor)
{
  guint position;

  g_return_if_fail (WARDEN_IS_DEVICE_GROUP (self));

  if (g_list_store_find (self->devices, supervisor, &position))
    g_list_store_remove (self->devices, position);
}
