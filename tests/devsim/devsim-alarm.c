/* devsim-alarm.c: alarm inputs and outputs of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-alarm.h"

#include <string.h>

#define MAX_NAME 63

JsonNode *
devsim_alarm_config (DevsimDevice *device,
                     gboolean      outputs)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *a = json_array_new ();
  int count = outputs ? device->alarm_out_count : device->alarm_in_count;

  for (int i = 0; i < count; i++)
    {
      DevsimAlarmPort *port = outputs ? &device->alarm_out[i] : &device->alarm_in[i];
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "Name", port->name);
      if (outputs)
        json_object_set_int_member (o, "Mode", port->mode);
      else
        {
          json_object_set_boolean_member (o, "Enable", port->enable);
          json_object_set_string_member (o, "SensorType", "NO");
        }
      json_array_add_object_element (a, o);
    }
  json_node_take_array (node, a);
  return node;
}

gboolean
devsim_alarm_config_set (DevsimDevice *device,
                         gboolean      outputs,
                         JsonNode     *table,
                         GError      **error)
{
  const char *what = outputs ? "AlarmOut" : "Alarm";
  JsonArray *a;
  guint n;

  if (table == NULL || !JSON_NODE_HOLDS_ARRAY (table))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "%s is a list", what);
      return FALSE;
    }
  a = json_node_get_array (table);
  n = MIN (json_array_get_length (a), (guint) (outputs ? device->alarm_out_count : device->alarm_in_count));
  /* Check every entry first: a rejected write changes nothing. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *name = o != NULL ? json_object_get_string_member_with_default (o, "Name", NULL) : NULL;
      gint64 mode = o != NULL ? json_object_get_int_member_with_default (o, "Mode", 0) : 0;

      if ((name != NULL && strlen (name) > MAX_NAME) || mode < 0 || mode > 2)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                       "%s[%u]: a name is at most %d bytes and Mode is 0, 1 or 2", what, i, MAX_NAME);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      DevsimAlarmPort *port = outputs ? &device->alarm_out[i] : &device->alarm_in[i];
      const char *name;

      if (o == NULL)
        continue;
      name = json_object_get_string_member_with_default (o, "Name", NULL);
      if (name != NULL)
        {
          g_free (port->name);
          port->name = g_strdup (name);
        }
      if (outputs && json_object_has_member (o, "Mode"))
        port->mode = (int) json_object_get_int_member (o, "Mode");
      if (!outputs && json_object_has_member (o, "Enable"))
        port->enable = json_object_get_boolean_member (o, "Enable");
    }
  return TRUE;
}

gboolean
devsim_alarm_is_active (DevsimDevice *device,
                        gboolean      outputs,
                        int           index)
{
  if (!outputs)
    return device->alarm_in[index].active;
  if (device->alarm_out[index].mode != 0)
    return device->alarm_out[index].mode == 1;
  for (int i = 0; i < device->alarm_in_count; i++)
    if (device->alarm_in[i].enable && device->alarm_in[i].active)
      return TRUE;
  return FALSE;
}

guint64
devsim_alarm_state_mask (DevsimDevice *device,
                         gboolean      outputs)
{
  int count = outputs ? device->alarm_out_count : device->alarm_in_count;
  guint64 mask = 0;

  for (int i = 0; i < count && i < 64; i++)
    if (devsim_alarm_is_active (device, outputs, i))
      mask |= G_GUINT64_CONSTANT (1) << i;
  return mask;
}

gboolean
devsim_alarm_set_input (DevsimHost  *host,
                        int          input,
                        gboolean     active,
                        GError     **error)
{
  DevsimDevice *device = host->device;
  DevsimAlarmPort *port;

  if (input < 0 || input >= device->alarm_in_count)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Alarm input %d does not exist; this device has %d", input + 1, device->alarm_in_count);
      return FALSE;
    }
  port = &device->alarm_in[input];
  if (port->active == active)
    return TRUE;
  port->active = active;
  if (port->enable)
    {
      JsonObject *data = json_object_new ();

      json_object_set_string_member (data, "Name", port->name);
      devsim_host_emit (host, "AlarmLocal", active ? "Start" : "Stop", input, data);
    }
  return TRUE;
}
