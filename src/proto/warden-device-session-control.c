/* warden-device-session-control.c: PTZ, presets, doors, reboot and snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over JSON-RPC a control call first asks `<service>.factory.instance` for the
 * channel's or door's object, then calls the method on it (PROTOCOL.md §1.7, §2.1).
 * Over CGI it is one GET. Channels and doors are 1-based in this API.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-device-session-private.h"
#include "warden-json.h"
#include "warden-proto-error.h"
#include "warden-ptz-preset.h"

#include <string.h>

/* Largest snapshot accepted. */
#define MAX_SNAPSHOT (16u * 1024u * 1024u)

typedef struct
{
  char *service;         /* ptz, accessControl; NULL for a call without object */
  int index;             /* 0-based channel or door for factory.instance */
  char *method;
  JsonNode *params;
  char *cgi_query;
  char *status_key;      /* reply member holding a status, or NULL */
  char *list_member;     /* params member (JSON-RPC) and key prefix (CGI) of a list read, or NULL */
} Control;

static void
control_free (Control *control)
{
  g_free (control->service);
  g_free (control->method);
  g_clear_pointer (&control->params, json_node_unref);
  g_free (control->cgi_query);
  g_free (control->status_key);
  g_free (control->list_member);
  g_free (control);
}

static JsonNode *
object_params (const char *first_key,
               ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *key;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *type = va_arg (args, const char *);

      json_builder_set_member_name (builder, key);
      if (type[0] == 's')
        json_builder_add_string_value (builder, va_arg (args, const char *));
      else
        json_builder_add_int_value (builder, va_arg (args, int));
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
control_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Control *control = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;
  g_autoptr(WardenKvTable) table = NULL;
  g_autofree char *status = NULL;

  if (!_warden_device_session_rpc_or_cgi_finish (result, object, &reply, &table, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (control->list_member != NULL)
    {
      g_autoptr(JsonNode) list = NULL;

      /* An empty list may come as no member at all, or as an empty CGI reply. */
      if (reply != NULL && reply->params != NULL &&
          json_object_has_member (reply->params, control->list_member))
        list = json_node_copy (json_object_get_member (reply->params, control->list_member));
      else if (table != NULL && warden_kv_table_get_n_items (table) > 0)
        list = warden_kv_table_to_json (table, control->list_member, &error);
      else
        {
          list = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (list, json_array_new ());
        }
      if (list == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (!JSON_NODE_HOLDS_ARRAY (list))
        g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                 "Device %s sent %s that is not a list",
                                 warden_device_session_get_host (g_task_get_source_object (task)),
                                 control->list_member);
      else
        g_task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) json_node_unref);
      return;
    }

  if (control->status_key != NULL)
    {
      if (reply != NULL)
        status = warden_json_dup_string (warden_json_get_object (reply->params, "Info"), "status");
      else
        status = g_strdup (warden_kv_table_lookup (table, control->status_key) != NULL
                             ? warden_kv_table_lookup (table, control->status_key)
                             : warden_kv_table_lookup (table, "status"));
      if (status == NULL)
        {
          g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                   "The device's status reply has no status");
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&status), g_free);
}

static void
instance_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  Control *control = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);
  gint64 instance;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!warden_rpc_reply_get_result_int (reply, &instance) || instance == 0)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                               "Device %s gave no object for %s %d",
                               warden_device_session_get_host (self), control->service,
                               control->index + 1);
      return;
    }
  warden_rpc_transport_call_async (warden_device_session_get_rpc (self), control->method,
                                   control->params, instance, cancellable, control_done_cb,
                                   g_steal_pointer (&task));
}

/* Takes ownership of @control. */
static void
run_control (WardenDeviceSession *self,
             Control             *control,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WardenRpcTransport *rpc = warden_device_session_get_rpc (self);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, control, (GDestroyNotify) control_free);

  if (warden_device_session_get_protocol (self) == WARDEN_PROTOCOL_NONE)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                               "Not logged in to %s; connect first",
                               warden_device_session_get_host (self));
      return;
    }

  if (rpc != NULL && control->service != NULL)
    {
      g_autofree char *method = g_strconcat (control->service, ".factory.instance", NULL);
      g_autoptr(JsonNode) params = object_params ("channel", "i", control->index, NULL);

      warden_rpc_transport_call_async (rpc, method, params, 0, cancellable, instance_cb,
                                       g_steal_pointer (&task));
      return;
    }
  _warden_device_session_rpc_or_cgi_async (self, control->method, control->params, 0,
                                           control->cgi_query, cancellable, control_done_cb,
                                           g_steal_pointer (&task));
}

/**
 * warden_device_session_ptz_async:
 * @channel: 1-based
 * @code: Up, Down, Left, Right, LeftUp, ..., ZoomTele, ZoomWide, FocusNear, FocusFar,
 *   IrisLarge, IrisSmall, GotoPreset, SetPreset, ClearPreset, StartTour, StopTour,
 *   PositionABS
 * @arg1: vertical speed of diagonals, or 0
 * @arg2: speed 1..8, or the preset or tour number
 * @arg3: usually 0; zoom for PositionABS
 * @stop: stop the motion @code started
 *
 * Finish with warden_device_session_control_finish().
 */
void
warden_device_session_ptz_async (WardenDeviceSession *self,
                                 int                  channel,
                                 const char          *code,
                                 int                  arg1,
                                 int                  arg2,
                                 int                  arg3,
                                 gboolean             stop,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Control *control;
  g_autofree char *cgi_channel = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (channel >= 1 && code != NULL);

  cgi_channel = g_strdup_printf ("%d", channel - 1 + _warden_device_session_get_ptz_channel_base (self));
  a1 = g_strdup_printf ("%d", arg1);
  a2 = g_strdup_printf ("%d", arg2);
  a3 = g_strdup_printf ("%d", arg3);

  control = g_new0 (Control, 1);
  control->service = g_strdup ("ptz");
  control->index = channel - 1;
  control->method = g_strdup (stop ? "ptz.stop" : "ptz.start");
  control->params = object_params ("code", "s", code, "arg1", "i", arg1, "arg2", "i", arg2,
                                   "arg3", "i", arg3, "arg4", "i", 0, NULL);
  control->cgi_query = warden_cgi_transport_build_query ("ptz.cgi", stop ? "stop" : "start",
                                                         "channel", cgi_channel, "code", code,
                                                         "arg1", a1, "arg2", a2, "arg3", a3, NULL);
  run_control (self, control, cancellable, callback, user_data, warden_device_session_ptz_async);
}

/**
 * warden_device_session_list_presets_async:
 * @channel: 1-based
 *
 * Reads the presets set on @channel with their names (`ptz.getPresets`, or
 * `ptz.cgi?action=getPresets`). Finish with warden_device_session_list_presets_finish().
 */
void
warden_device_session_list_presets_async (WardenDeviceSession *self,
                                          int                  channel,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *cgi_channel = NULL;
  Control *control;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (channel >= 1);

  cgi_channel = g_strdup_printf ("%d", channel - 1 + _warden_device_session_get_ptz_channel_base (self));
  control = g_new0 (Control, 1);
  control->service = g_strdup ("ptz");
  control->index = channel - 1;
  control->method = g_strdup ("ptz.getPresets");
  control->params = object_params (NULL);
  control->cgi_query = warden_cgi_transport_build_query ("ptz.cgi", "getPresets", "channel", cgi_channel,
                                                         NULL);
  control->list_member = g_strdup ("presets");
  run_control (self, control, cancellable, callback, user_data,
               warden_device_session_list_presets_async);
}

/**
 * warden_device_session_list_presets_finish:
 *
 * Entries with a number outside 1..%WARDEN_PTZ_PRESET_MAX are left out; names
 * are cut to %WARDEN_PTZ_PRESET_MAX_NAME bytes of valid UTF-8.
 *
 * Returns: (transfer container) (element-type WardenPtzPreset): the presets in
 *   the device's order, or %NULL with @error set
 */
GPtrArray *
warden_device_session_list_presets_finish (WardenDeviceSession  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  JsonArray *array;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, warden_device_session_list_presets_async), NULL);

  list = g_task_propagate_pointer (G_TASK (result), error);
  if (list == NULL)
    return NULL;
  array = json_node_get_array (list);
  presets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      g_autofree char *name = NULL;
      g_autofree char *valid = NULL;
      gint64 index;

      if (o == NULL || !warden_json_get_int (o, "Index", &index) || index < 1 ||
          index > WARDEN_PTZ_PRESET_MAX)
        continue;
      name = warden_json_dup_string (o, "Name");
      valid = name != NULL ? g_utf8_make_valid (name, MIN (strlen (name), WARDEN_PTZ_PRESET_MAX_NAME))
                           : NULL;
      g_ptr_array_add (presets, warden_ptz_preset_new ((int) index, valid));
    }
  return g_steal_pointer (&presets);
}

/**
 * warden_device_session_set_preset_async:
 * @channel: 1-based
 * @index: the preset number, 1..%WARDEN_PTZ_PRESET_MAX
 * @name: (nullable): its name, at most %WARDEN_PTZ_PRESET_MAX_NAME bytes
 *
 * Stores the channel's current position as preset @index under @name
 * (`ptz.setPreset{index,name}` on the channel's object, or
 * `ptz.cgi?action=setPreset&channel=&index=&name=`). A name that is too long fails
 * with %G_IO_ERROR_INVALID_ARGUMENT. Finish with warden_device_session_control_finish().
 */
void
warden_device_session_set_preset_async (WardenDeviceSession *self,
                                        int                  channel,
                                        int                  index,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *cgi_channel = NULL;
  g_autofree char *cgi_index = NULL;
  Control *control;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (channel >= 1 && index >= 1 && index <= WARDEN_PTZ_PRESET_MAX);

  if (name == NULL)
    name = "";
  if (strlen (name) > WARDEN_PTZ_PRESET_MAX_NAME || !g_utf8_validate (name, -1, NULL))
    {
      g_task_report_new_error (self, callback, user_data, warden_device_session_set_preset_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A preset name is UTF-8 of at most %u bytes",
                               WARDEN_PTZ_PRESET_MAX_NAME);
      return;
    }

  cgi_channel = g_strdup_printf ("%d", channel - 1 + _warden_device_session_get_ptz_channel_base (self));
  cgi_index = g_strdup_printf ("%d", index);
  control = g_new0 (Control, 1);
  control->service = g_strdup ("ptz");
  control->index = channel - 1;
  control->method = g_strdup ("ptz.setPreset");
  control->params = object_params ("index", "i", index, "name", "s", name, NULL);
  control->cgi_query = warden_cgi_transport_build_query ("ptz.cgi", "setPreset", "channel", cgi_channel,
                                                         "index", cgi_index, "name", name, NULL);
  run_control (self, control, cancellable, callback, user_data, warden_device_session_set_preset_async);
}

/**
 * warden_device_session_door_async:
 * @door: 1-based
 *
 * Opens or closes a door, or reads its status ("Open" or "Close", returned by
 * warden_device_session_control_finish()).
 */
void
warden_device_session_door_async (WardenDeviceSession *self,
                                  int                  door,
                                  WardenDoorAction     action,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const char * const verbs[] = { "openDoor", "closeDoor", "getDoorStatus" };
  g_autofree char *channel = NULL;
  Control *control;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (door >= 1 && action <= WARDEN_DOOR_STATUS);

  channel = g_strdup_printf ("%d", door);
  control = g_new0 (Control, 1);
  control->service = g_strdup ("accessControl");
  control->index = door - 1;
  control->method = g_strconcat ("accessControl.", verbs[action], NULL);
  switch (action)
    {
    case WARDEN_DOOR_OPEN:
      control->params = object_params ("DoorIndex", "i", door - 1, "ShortNumber", "s", "9901#0",
                                       "Type", "s", "Remote", "OpenDoorType", "s", "Remote",
                                       "UserID", "s", "", NULL);
      control->cgi_query = warden_cgi_transport_build_query ("accessControl.cgi", verbs[action],
                                                             "channel", channel, "Type", "Remote",
                                                             NULL);
      break;
    case WARDEN_DOOR_CLOSE:
      control->params = object_params (NULL);
      control->cgi_query = warden_cgi_transport_build_query ("accessControl.cgi", verbs[action],
                                                             "channel", channel, NULL);
      break;
    case WARDEN_DOOR_STATUS:
    default:
      control->params = object_params ("DoorState", "i", door, NULL);
      control->cgi_query = warden_cgi_transport_build_query ("accessControl.cgi", verbs[action],
                                                             "channel", channel, NULL);
      control->status_key = g_strdup ("Info.status");
      break;
    }
  run_control (self, control, cancellable, callback, user_data, warden_device_session_door_async);
}

/**
 * warden_device_session_reboot_async:
 *
 * Finish with warden_device_session_control_finish(). The session then ends.
 */
void
warden_device_session_reboot_async (WardenDeviceSession *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Control *control;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  control = g_new0 (Control, 1);
  control->method = g_strdup ("magicBox.reboot");
  control->cgi_query = warden_cgi_transport_build_query ("magicBox.cgi", "reboot", NULL);
  run_control (self, control, cancellable, callback, user_data, warden_device_session_reboot_async);
}

/**
 * warden_device_session_control_finish:
 * @status: (out) (optional) (nullable): the door status, for %WARDEN_DOOR_STATUS
 */
gboolean
warden_device_session_control_finish (WardenDeviceSession  *self,
                                      GAsyncResult         *result,
                                      char                **status,
                                      GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (status != NULL)
    *status = g_steal_pointer (&value);
  return TRUE;
}

/**
 * warden_jpeg_strip_trailer:
 *
 * Some door stations append `dhav` and 4 more bytes after the JPEG end marker;
 * strict decoders refuse that. Only a tail that starts with `dhav` is cut.
 *
 * Returns: (transfer full): @jpeg without the trailer, or @jpeg itself
 */
GBytes *
warden_jpeg_strip_trailer (GBytes *jpeg)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);

  for (gsize i = len; i >= 2; i--)
    {
      if (data[i - 2] == 0xFF && data[i - 1] == 0xD9)
        {
          if (len - i >= 4 && memcmp (data + i, "dhav", 4) == 0)
            return g_bytes_new_from_bytes (jpeg, 0, i);
          break;
        }
    }
  return g_bytes_ref (jpeg);
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = warden_http_client_request_finish (WARDEN_HTTP_CLIENT (object), result,
                                                              &content_type, &error);
  gsize len = 0;
  const guint8 *data;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_bytes_get_data (body, &len);
  if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
    {
      if (!warden_cgi_reply_check ((const char *) data, len, warden_device_session_get_host (self), &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                 "Device %s sent a snapshot that is not a JPEG (%s)",
                                 warden_device_session_get_host (self),
                                 content_type != NULL ? content_type : "no type");
      return;
    }
  g_task_return_pointer (task, warden_jpeg_strip_trailer (body), (GDestroyNotify) g_bytes_unref);
}

/**
 * warden_device_session_snapshot_async:
 * @channel: 1-based
 *
 * Fetches a JPEG through snapshot.cgi (also on JSON-RPC devices: there is no RPC
 * for it).
 */
void
warden_device_session_snapshot_async (WardenDeviceSession *self,
                                      int                  channel,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  WardenCgiTransport *cgi;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (channel >= 1);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_snapshot_async);
  cgi = warden_device_session_get_cgi (self);
  if (warden_device_session_get_protocol (self) == WARDEN_PROTOCOL_NONE || cgi == NULL)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                               "Not logged in to %s; connect first",
                               warden_device_session_get_host (self));
      return;
    }
  path = g_strdup_printf ("/cgi-bin/snapshot.cgi?channel=%d", channel);
  warden_http_client_request_async (warden_cgi_transport_get_http (cgi), "GET", path, NULL, NULL,
                                    MAX_SNAPSHOT, cancellable, snapshot_cb, g_steal_pointer (&task));
}

/**
 * warden_device_session_snapshot_finish:
 *
 * Returns: (transfer full): the JPEG
 */
GBytes *
warden_device_session_snapshot_finish (WardenDeviceSession  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
