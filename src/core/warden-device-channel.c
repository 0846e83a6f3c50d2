/* warden-device-channel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-channel.h"

struct _WardenDeviceChannel
{
  GObject  parent_instance;

  gint64   device_id;
  int      number;
  char    *name;
  char    *local_name;
  char    *display_name;
};

G_DEFINE_FINAL_TYPE (WardenDeviceChannel, warden_device_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_LOCAL_NAME,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_display_name (WardenDeviceChannel *self)
{
  g_free (self->display_name);
  if (self->local_name != NULL && self->local_name[0] != '\0')
    self->display_name = g_strdup (self->local_name);
  else if (self->name != NULL && self->name[0] != '\0')
    self->display_name = g_strdup (self->name);
  else
    self->display_name = g_strdup_printf (_("Channel %d"), self->number);
}

static void
warden_device_channel_finalize (GObject *object)
{
  WardenDeviceChannel *self = WARDEN_DEVICE_CHANNEL (object);

  g_free (self->name);
  g_free (self->local_name);
  g_free (self->display_name);
  G_OBJECT_CLASS (warden_device_channel_parent_class)->finalize (object);
}

static void
warden_device_channel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WardenDeviceChannel *self = WARDEN_DEVICE_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_int (value, self->number);
      break;
    case PROP_LOCAL_NAME:
      g_value_set_string (value, self->local_name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_device_channel_class_init (WardenDeviceChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_device_channel_finalize;
  object_class->get_property = warden_device_channel_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_int ("number", NULL, NULL, 1, 1024, 1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_NAME] =
    g_param_spec_string ("local-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_device_channel_init (WardenDeviceChannel *self)
{
}

WardenDeviceChannel *
warden_device_channel_new (gint64      device_id,
                           int         number,
                           const char *name,
                           const char *local_name)
{
  WardenDeviceChannel *self = g_object_new (WARDEN_TYPE_DEVICE_CHANNEL, NULL);

  self->device_id = device_id;
  self->number = number;
  self->name = g_strdup (name);
  self->local_name = g_strdup (local_name);
  update_display_name (self);
  return self;
}

gint64
warden_device_channel_get_device_id (WardenDeviceChannel *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_CHANNEL (self), 0);
  return self->device_id;
}

int
warden_device_channel_get_number (WardenDeviceChannel *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_CHANNEL (self), 0);
  return self->number;
}

const char *
warden_device_channel_get_name (WardenDeviceChannel *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_CHANNEL (self), NULL);
  return self->name;
}

const char *
warden_device_channel_get_local_name (WardenDeviceChannel *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_CHANNEL (self), NULL);
  return self->local_name;
}

void
warden_device_channel_set_local_name (WardenDeviceChannel *self,
                                      const char          *local_name)
{
  g_return_if_fail (WARDEN_IS_DEVICE_CHANNEL (self));

  if (local_name != NULL && local_name[0] == '\0')
    local_name = NULL;
  if (g_strcmp0 (self->local_name, local_name) == 0)
    return;
  g_free (self->local_name);
  self->local_name = g_strdup (local_name);
  update_display_name (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
warden_device_channel_get_display_name (WardenDeviceChannel *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_CHANNEL (self), NULL);
  return self->display_name;
}
