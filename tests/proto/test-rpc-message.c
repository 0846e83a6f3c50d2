/* test-rpc-message.c: JSON-RPC replies, notifications and requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-event.h"
#include "warden-json.h"
#include "warden-proto-error.h"
#include "warden-rpc-message.h"
#include "proto-test-util.h"

#include <string.h>

static WardenRpcReply *
parse (const char *text,
       GError    **error)
{
  return warden_rpc_reply_parse (text, strlen (text), error);
}

static void
test_login_challenge (void)
{
  g_autoptr(GBytes) bytes = proto_test_load_fixture ("rpc2-login-challenge.json");
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  g_autoptr(WardenRpcReply) reply = warden_rpc_reply_parse (text, len, NULL);
  g_autofree char *realm = NULL;

  g_assert_nonnull (reply);
  g_assert_cmpint (reply->id, ==, 1);
  g_assert_cmpstr (reply->session, ==, "a1b2c3d4e5f60718293a4b5c6d7e8f90");
  g_assert_true (reply->has_error);
  g_assert_cmpint (reply->error_code, ==, WARDEN_RPC_CODE_LOGIN_CHALLENGE);
  realm = warden_json_dup_string (reply->params, "realm");
  g_assert_cmpstr (realm, ==, "Login to 421592117ae7e3d0347d203dc8e04774");
}

static void
test_dvrip_trailer_and_numeric_session (void)
{
  static const char text[] = "{\"id\":564,\"result\":true,\"params\":{\"type\":\"IPC\"},\"session\":2147483641}\n\0";
  g_autoptr(WardenRpcReply) reply = warden_rpc_reply_parse (text, sizeof text - 1, NULL);

  g_assert_nonnull (reply);
  g_assert_cmpint (reply->id, ==, 564);
  g_assert_cmpstr (reply->session, ==, "2147483641");
  g_assert_true (warden_rpc_reply_check (reply, "h", NULL));
}

static void
test_error_mapping (void)
{
  struct { const char *text; int code; const char *needle; } cases[] = {
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":268632085,\"message\":\"x\"},"
      "\"params\":{\"remainLoginTimes\":2}}", WARDEN_PROTO_ERROR_WRONG_CREDENTIALS, "2 attempts left" },
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":268632081,\"message\":\"User locked\"},"
      "\"params\":{\"remainLockSecond\":290}}", WARDEN_PROTO_ERROR_LOCKED, "4 min 50 s" },
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":268632086}}", WARDEN_PROTO_ERROR_NOT_INITIALISED, "initialised" },
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":287637505}}", WARDEN_PROTO_ERROR_SESSION_EXPIRED, "log in again" },
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":268894210,\"message\":\"Method not found\"}}",
      WARDEN_PROTO_ERROR_UNSUPPORTED, "does not support" },
    { "{\"id\":2,\"result\":false,\"error\":{\"code\":285409284,\"message\":\"No data\"}}",
      WARDEN_PROTO_ERROR_DEVICE, "285409284: No data" },
    { "{\"id\":2,\"result\":false}", WARDEN_PROTO_ERROR_DEVICE, "without saying why" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WardenRpcReply) reply = parse (cases[i].text, NULL);

      g_assert_nonnull (reply);
      g_assert_false (warden_rpc_reply_check (reply, "10.0.0.5", &error));
      g_assert_error (error, WARDEN_PROTO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_malformed (void)
{
  const char *cases[] = { "", "[1,2]", "{\"result\":true}", "{\"id\":1", "not json" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WardenRpcReply) reply = parse (cases[i], &error);

      g_assert_null (reply);
      g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
    }
}

static void
test_depth_limit (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"id\":1,\"params\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  reply = warden_rpc_reply_parse (deep->str, deep->len, &error);
  g_assert_null (reply);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

static void
test_notification (void)
{
  g_autoptr(GBytes) bytes = proto_test_load_fixture ("rpc-notify-event-stream.json");
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  g_autoptr(WardenRpcReply) reply = warden_rpc_reply_parse (text, len, NULL);
  g_autoptr(GPtrArray) events = NULL;
  WardenEvent *event;

  g_assert_cmpstr (reply->method, ==, "client.notifyEventStream");
  events = warden_event_list_from_notification ("vto", reply->params, NULL);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (warden_event_get_code (event), ==, "AccessControl");
  g_assert_cmpstr (warden_event_get_action (event), ==, "Pulse");
  g_assert_cmpint (warden_event_get_channel (event), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (warden_event_get_time (event)), ==, 1700000000);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (warden_event_get_code (event), ==, "DoorStatus");
}

static void
test_request_build (void)
{
  static const char params_text[] = "{\"name\":\"Encode\"}";
  g_autoptr(JsonNode) params = warden_json_parse (params_text, strlen (params_text), 64, NULL);
  g_autofree char *numeric = warden_rpc_request_build (5, "configManager.getConfig", params, "12345", 0);
  g_autofree char *text = warden_rpc_request_build (6, "global.logout", NULL, "abc", 99);

  g_assert_cmpstr (numeric, ==,
                   "{\"id\":5,\"method\":\"configManager.getConfig\",\"params\":{\"name\":\"Encode\"},"
                   "\"session\":12345}");
  g_assert_cmpstr (text, ==,
                   "{\"id\":6,\"method\":\"global.logout\",\"params\":null,\"session\":\"abc\","
                   "\"object\":99}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/rpc-message/login-challenge", test_login_challenge);
  g_test_add_func ("/proto/rpc-message/dvrip-trailer-and-numeric-session",
                   test_dvrip_trailer_and_numeric_session);
  g_test_add_func ("/proto/rpc-message/error-mapping", test_error_mapping);
  g_test_add_func ("/proto/rpc-message/malformed", test_malformed);
  g_test_add_func ("/proto/rpc-message/depth-limit", test_depth_limit);
  g_test_add_func ("/proto/rpc-message/notification", test_notification);
  g_test_add_func ("/proto/rpc-message/request-build", test_request_build);

  return g_test_run ();
}
