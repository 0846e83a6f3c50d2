/* warden-device-session-caps.c: what a device can do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Channels are the entries of ChannelTitle, doors those of AccessControl. PTZ is
 * there when the first channel answers a PTZ request (ptz.factory.instance, or
 * ptz.cgi getStatus); talk when devAudioOutput.cgi reports a speaker
 * (PROTOCOL.md §1.12). A device that refuses a probe lacks the function.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-device-session-private.h"
#include "warden-json.h"
#include "warden-proto-error.h"

typedef struct
{
  JsonObject *caps;
  int channels;
} Caps;

static void
caps_free (Caps *caps)
{
  g_clear_pointer (&caps->caps, json_object_unref);
  g_free (caps);
}

static int
entries_of (JsonNode *table)
{
  if (table == NULL)
    return 0;
  if (JSON_NODE_HOLDS_ARRAY (table))
    return (int) json_array_get_length (json_node_get_array (table));
  return JSON_NODE_HOLDS_OBJECT (table) ? 1 : 0;
}

static void
talk_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Caps *caps = g_task_get_task_data (task);
  g_autoptr(WardenKvTable) table = warden_cgi_transport_get_table_finish (WARDEN_CGI_TRANSPORT (object),
                                                                          result, NULL);
  const char *speakers = table != NULL ? warden_kv_table_lookup (table, "result") : NULL;
  gint64 n = 0;

  if (speakers != NULL)
    g_ascii_string_to_signed (speakers, 10, 0, 1024, &n, NULL);
  json_object_set_boolean_member (caps->caps, "talk", n >= 1);
  g_task_return_pointer (task, json_node_init_object (json_node_alloc (), caps->caps),
                         (GDestroyNotify) json_node_unref);
}

static void
probe_talk (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autofree char *query = warden_cgi_transport_build_query ("devAudioOutput.cgi", "getCollect", NULL);

  warden_cgi_transport_get_async (warden_device_session_get_cgi (self), query,
                                  g_task_get_cancellable (task), talk_cb, task);
}

static void
ptz_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Caps *caps = g_task_get_task_data (task);
  g_autoptr(WardenRpcReply) reply = NULL;
  g_autoptr(WardenKvTable) table = NULL;

  json_object_set_boolean_member (caps->caps, "ptz",
                                  _warden_device_session_rpc_or_cgi_finish (result, object, &reply,
                                                                            &table, NULL));
  probe_talk (g_steal_pointer (&task));
}

static void
doors_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);
  Caps *caps = g_task_get_task_data (task);
  g_autoptr(JsonNode) table = warden_device_session_read_finish (self, result, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;
  g_autofree char *base = NULL;
  g_autofree char *query = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  json_object_set_int_member (caps->caps, "doors", entries_of (table));
  if (caps->channels == 0)
    {
      json_object_set_boolean_member (caps->caps, "ptz", FALSE);
      probe_talk (g_steal_pointer (&task));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  params = json_builder_get_root (builder);
  base = g_strdup_printf ("%d", _warden_device_session_get_ptz_channel_base (self));
  query = warden_cgi_transport_build_query ("ptz.cgi", "getStatus", "channel", base, NULL);
  _warden_device_session_rpc_or_cgi_async (self, "ptz.factory.instance", params, 0, query,
                                           cancellable, ptz_cb, g_steal_pointer (&task));
}

static void
channels_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);
  Caps *caps = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) table = warden_device_session_read_finish (self, result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* A device that refuses the read has no channels; a lost connection is an error. */
  if (table == NULL &&
      !g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE) &&
      !g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED) &&
      !g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  caps->channels = entries_of (table);
  json_object_set_int_member (caps->caps, "channels", caps->channels);
  warden_device_session_get_config_async (self, "AccessControl", cancellable, doors_cb,
                                          g_steal_pointer (&task));
}

/**
 * warden_device_session_get_capabilities_async:
 *
 * Finish with warden_device_session_read_finish(): a JSON object
 * `{"channels": N, "doors": N, "ptz": bool, "talk": bool}`.
 */
void
warden_device_session_get_capabilities_async (WardenDeviceSession *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Caps *caps;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_get_capabilities_async);
  caps = g_new0 (Caps, 1);
  caps->caps = json_object_new ();
  g_task_set_task_data (task, caps, (GDestroyNotify) caps_free);

  warden_device_session_get_config_async (self, "ChannelTitle", cancellable, channels_cb,
                                          g_steal_pointer (&task));
}
