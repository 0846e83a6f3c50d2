/* warden-rpc-message.c: JSON-RPC requests, replies and notifications (PROTOCOL.md §3.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-rpc-message.h"
#include "warden-json.h"
#include "warden-proto-error.h"

#include <string.h>

/* Longest method name and session id accepted. */
#define MAX_NAME 128u

void
warden_rpc_reply_free (WardenRpcReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply->method);
  g_free (reply->session);
  g_free (reply->error_message);
  g_free (reply);
}

static char *
dup_bounded (JsonObject *object,
             const char *member)
{
  char *value = warden_json_dup_string (object, member);

  if (value != NULL && strlen (value) > MAX_NAME)
    g_clear_pointer (&value, g_free);
  return value;
}

/**
 * warden_rpc_reply_parse:
 *
 * Reads a reply or a notification. The body may end with `\n\0` (DVRIP) and may
 * carry bytes after the JSON document.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 */
WardenRpcReply *
warden_rpc_reply_parse (const char *text,
                        gsize       len,
                        GError    **error)
{
  g_autoptr(WardenRpcReply) reply = g_new0 (WardenRpcReply, 1);
  JsonObject *root;
  JsonObject *error_object;
  JsonNode *params;

  reply->root = warden_json_parse (text, len, WARDEN_JSON_MAX_SIZE, error);
  if (reply->root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (reply->root))
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device's RPC reply is not a JSON object");
      return NULL;
    }

  root = json_node_get_object (reply->root);
  reply->has_id = warden_json_get_int (root, "id", &reply->id);
  reply->method = dup_bounded (root, "method");
  reply->session = dup_bounded (root, "session");
  reply->result = json_object_get_member (root, "result");
  params = json_object_get_member (root, "params");
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    reply->params = json_node_get_object (params);

  error_object = warden_json_get_object (root, "error");
  if (error_object != NULL)
    {
      reply->has_error = TRUE;
      if (!warden_json_get_int (error_object, "code", &reply->error_code))
        reply->error_code = 0;
      reply->error_message = warden_json_dup_string (error_object, "message");
      if (reply->error_message != NULL && strlen (reply->error_message) > 512)
        reply->error_message[512] = '\0';
    }

  {
    gint64 attempts = -1;
    gint64 lock = -1;

    if (!warden_json_get_int (reply->params, "remainLoginTimes", &attempts) ||
        attempts < 0 || attempts > 1000)
      attempts = -1;
    if (!warden_json_get_int (reply->params, "remainLockSecond", &lock) ||
        lock < 0 || lock > 86400 * 365)
      lock = -1;
    reply->attempts_left = (int) attempts;
    reply->lock_seconds = (int) lock;
  }

  if (!reply->has_id && reply->method == NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device's RPC message has neither an id nor a method");
      return NULL;
    }

  return g_steal_pointer (&reply);
}

/**
 * warden_rpc_reply_check:
 *
 * Fails when the reply carries an error or `result: false`, with the error mapped
 * by warden_proto_error_set_from_rpc(). Attempts left and lock time are read from
 * `params.remainLoginTimes` / `params.remainLockSecond` when the device sends them.
 */
gboolean
warden_rpc_reply_check (WardenRpcReply *reply,
                        const char     *host,
                        GError        **error)
{
  if (!reply->has_error && !(reply->result != NULL && JSON_NODE_HOLDS_VALUE (reply->result) &&
                             json_node_get_value_type (reply->result) == G_TYPE_BOOLEAN &&
                             !json_node_get_boolean (reply->result)))
    return TRUE;

  if (!reply->has_error)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s refused the request without saying why", host);
      return FALSE;
    }

  warden_proto_error_set_from_rpc (error, host, reply->error_code, reply->error_message,
                                   reply->attempts_left, reply->lock_seconds);
  return FALSE;
}

/**
 * warden_rpc_reply_get_result_int:
 *
 * Reads an integer `result` (an object id from a factory call).
 */
gboolean
warden_rpc_reply_get_result_int (WardenRpcReply *reply,
                                 gint64         *out)
{
  if (reply->result == NULL || !JSON_NODE_HOLDS_VALUE (reply->result) ||
      json_node_get_value_type (reply->result) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (reply->result);
  return TRUE;
}

/**
 * warden_rpc_request_build:
 * @params: (nullable): the params; %NULL sends `null`
 * @session: (nullable): the session, sent as a number when it is one
 * @object: the object id, or 0 for none
 *
 * Returns: (transfer full): the request as compact JSON
 */
char *
warden_rpc_request_build (gint64      id,
                          const char *method,
                          JsonNode   *params,
                          const char *session,
                          gint64      object)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 session_number;

  g_return_val_if_fail (method != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "params");
  if (params != NULL)
    json_builder_add_value (builder, json_node_copy (params));
  else
    json_builder_add_null_value (builder);
  if (session != NULL)
    {
      json_builder_set_member_name (builder, "session");
      if (g_ascii_string_to_signed (session, 10, G_MININT64, G_MAXINT64, &session_number, NULL))
        json_builder_add_int_value (builder, session_number);
      else
        json_builder_add_string_value (builder, session);
    }
  if (object != 0)
    {
      json_builder_set_member_name (builder, "object");
      json_builder_add_int_value (builder, object);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return warden_json_node_to_string (root);
}
