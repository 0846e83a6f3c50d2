/* warden-device-session-alarm.c: alarm inputs and outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names and settings come from the `Alarm` (inputs) and `AlarmOut` (outputs)
 * config tables; the live state from alarm.getInState / getOutState over
 * JSON-RPC (`params.states`, one entry per port) or alarm.cgi over CGI
 * (`result=<mask>`, bit i for port i). An output is switched the way public
 * clients do it: AlarmOut[i].Mode 0 automatic, 1 forced on, 2 forced off,
 * written back with the whole table as read.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-device-session-private.h"
#include "warden-json.h"
#include "warden-proto-error.h"

/* Most inputs or outputs accepted from a device; a CGI mask covers the first 64. */
#define MAX_PORTS 256
#define MASK_BITS 64

static const char * const mode_names[] = { "auto", "on", "off" };

typedef struct
{
  JsonNode *inputs;      /* Alarm table, then AlarmOut table */
  JsonNode *outputs;
  JsonNode *in_states;   /* array of 0/1, or NULL before it is read */
  int output;            /* set: the 0-based output */
  WardenAlarmOutMode mode;
} Alarms;

static void
alarms_free (Alarms *alarms)
{
  g_clear_pointer (&alarms->inputs, json_node_unref);
  g_clear_pointer (&alarms->outputs, json_node_unref);
  g_clear_pointer (&alarms->in_states, json_node_unref);
  g_free (alarms);
}

static void read_next (GTask *task);

/* The states of a state reply as an array of 0/1, or NULL with @error set. */
static JsonNode *
states_from_reply (WardenDeviceSession *self,
                   WardenRpcReply      *reply,
                   WardenKvTable       *table,
                   GError             **error)
{
  g_autoptr(JsonArray) states = json_array_new ();

  if (reply != NULL)
    {
      JsonArray *list = warden_json_get_array (reply->params, "states");

      if (list == NULL)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                       "Device %s answered an alarm state without params.states",
                       warden_device_session_get_host (self));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (list) && i < MAX_PORTS; i++)
        {
          JsonNode *e = json_array_get_element (list, i);
          gboolean on = JSON_NODE_HOLDS_VALUE (e) &&
                        (json_node_get_value_type (e) == G_TYPE_BOOLEAN ? json_node_get_boolean (e)
                         : json_node_get_value_type (e) == G_TYPE_INT64 ? json_node_get_int (e) != 0
                         : FALSE);

          json_array_add_int_element (states, on);
        }
    }
  else
    {
      const char *text = warden_kv_table_lookup (table, "result");
      guint64 mask;

      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &mask, NULL))
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                       "Device %s answered an alarm state without a number in result=",
                       warden_device_session_get_host (self));
          return NULL;
        }
      for (guint i = 0; i < MASK_BITS; i++)
        json_array_add_int_element (states, (mask >> i) & 1);
    }
  return json_node_init_array (json_node_alloc (), states);
}

/* [{index, name, enabled | mode, active?}] from a config table and its states. */
static JsonNode *
describe (JsonNode *table,
          JsonNode *states,
          gboolean  outputs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonArray *ports = JSON_NODE_HOLDS_ARRAY (table) ? json_node_get_array (table) : NULL;
  JsonArray *active = json_node_get_array (states);
  guint n = ports != NULL ? MIN (json_array_get_length (ports), MAX_PORTS) : 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (ports, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      g_autofree char *name = warden_json_dup_string (o, "Name");
      gboolean enabled = TRUE;
      gint64 mode = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, i + 1);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name != NULL ? name : "");
      if (outputs)
        {
          if (!warden_json_get_int (o, "Mode", &mode) || mode < 0 || mode >= (gint64) G_N_ELEMENTS (mode_names))
            mode = 0;
          json_builder_set_member_name (builder, "mode");
          json_builder_add_string_value (builder, mode_names[mode]);
        }
      else
        {
          warden_json_get_bool (o, "Enable", &enabled);
          json_builder_set_member_name (builder, "enabled");
          json_builder_add_boolean_value (builder, enabled);
        }
      /* Ports past the end of a state mask have no known state. */
      if (i < json_array_get_length (active))
        {
          json_builder_set_member_name (builder, "active");
          json_builder_add_boolean_value (builder, json_array_get_int_element (active, i) != 0);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
state_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  Alarms *alarms = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;
  g_autoptr(WardenKvTable) table = NULL;
  g_autoptr(JsonNode) states = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!_warden_device_session_rpc_or_cgi_finish (result, object, &reply, &table, &error) ||
      (states = states_from_reply (self, reply, table, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (alarms->in_states == NULL)
    {
      alarms->in_states = g_steal_pointer (&states);
      read_next (g_steal_pointer (&task));
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inputs");
  json_builder_add_value (builder, describe (alarms->inputs, alarms->in_states, FALSE));
  json_builder_set_member_name (builder, "outputs");
  json_builder_add_value (builder, describe (alarms->outputs, states, TRUE));
  json_builder_end_object (builder);
  g_task_return_pointer (task, json_builder_get_root (builder), (GDestroyNotify) json_node_unref);
}

static void
config_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);
  Alarms *alarms = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = warden_device_session_read_finish (self, result, &error);

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                               "Device %s sent an %s table that is not a list",
                               warden_device_session_get_host (self),
                               alarms->inputs == NULL ? "Alarm" : "AlarmOut");
      return;
    }
  if (alarms->inputs == NULL)
    alarms->inputs = g_steal_pointer (&node);
  else
    alarms->outputs = g_steal_pointer (&node);
  read_next (g_steal_pointer (&task));
}

/* Alarm, AlarmOut, input states, output states: one request at a time. */
static void
read_next (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  Alarms *alarms = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean outputs = alarms->in_states != NULL;
  g_autofree char *query = NULL;

  if (alarms->inputs == NULL || alarms->outputs == NULL)
    {
      warden_device_session_get_config_async (self, alarms->inputs == NULL ? "Alarm" : "AlarmOut",
                                              cancellable, config_cb, task);
      return;
    }
  query = warden_cgi_transport_build_query ("alarm.cgi", outputs ? "getOutState" : "getInState", NULL);
  _warden_device_session_rpc_or_cgi_async (self, outputs ? "alarm.getOutState" : "alarm.getInState",
                                           NULL, 0, query, cancellable, state_cb, task);
}

static void
output_set_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!warden_device_session_set_config_finish (WARDEN_DEVICE_SESSION (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
output_table_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);
  Alarms *alarms = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) table = warden_device_session_read_finish (self, result, &error);
  GCancellable *cancellable;
  JsonNode *port;

  if (table == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (table) ||
      (guint) alarms->output >= json_array_get_length (json_node_get_array (table)) ||
      !JSON_NODE_HOLDS_OBJECT ((port = json_array_get_element (json_node_get_array (table),
                                                               (guint) alarms->output))))
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
                               "Device %s has no alarm output %d",
                               warden_device_session_get_host (self), alarms->output + 1);
      return;
    }
  json_object_set_int_member (json_node_get_object (port), "Mode", alarms->mode);
  cancellable = g_task_get_cancellable (task);
  warden_device_session_set_config_async (self, "AlarmOut", table, cancellable, output_set_cb,
                                          g_steal_pointer (&task));
}

/**
 * warden_device_session_get_alarms_async:
 *
 * Reads the alarm inputs and outputs. Finish with
 * warden_device_session_read_finish(): `{"inputs": [{index, name, enabled,
 * active}], "outputs": [{index, name, mode, active}]}`, indexes from 1, mode
 * "auto", "on" or "off"; `active` is missing for a port whose state the device
 * did not report.
 */
void
warden_device_session_get_alarms_async (WardenDeviceSession *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_get_alarms_async);
  g_task_set_task_data (task, g_new0 (Alarms, 1), (GDestroyNotify) alarms_free);
  read_next (task);
}

/**
 * warden_device_session_set_alarm_output_async:
 * @output: 1-based
 * @mode: forced on, forced off, or automatic (the device's own linkage)
 *
 * Finish with warden_device_session_control_finish(). An output the device
 * does not list fails with %WARDEN_PROTO_ERROR_UNSUPPORTED.
 */
void
warden_device_session_set_alarm_output_async (WardenDeviceSession *self,
                                              int                  output,
                                              WardenAlarmOutMode   mode,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;
  Alarms *alarms;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (output >= 1 && output <= MAX_PORTS && mode <= WARDEN_ALARM_OUT_OFF);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_set_alarm_output_async);
  alarms = g_new0 (Alarms, 1);
  alarms->output = output - 1;
  alarms->mode = mode;
  g_task_set_task_data (task, alarms, (GDestroyNotify) alarms_free);
  warden_device_session_get_config_async (self, "AlarmOut", cancellable, output_table_cb, task);
}
