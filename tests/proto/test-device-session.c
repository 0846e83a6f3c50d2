/* test-device-session.c: login, fallback, reads and writes against warden-devsim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devsim-fixture.h"
#include "warden-device-session.h"
#include "warden-json.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <string.h>

static DevsimFixture *
start_sim (const char *name,
           const char *kind_flag)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { kind_flag, "1", "--no-rtsp", NULL };
  DevsimFixture *sim = devsim_fixture_start (name, args, &error);

  g_assert_no_error (error);
  return sim;
}

static JsonNode *
config_sync (WardenDeviceSession *session,
             const char          *name,
             GError             **error)
{
  GAsyncResult *result = NULL;
  JsonNode *node;

  warden_device_session_get_config_async (session, name, NULL, proto_test_result_cb, &result);
  node = warden_device_session_read_finish (session, proto_test_wait (&result), error);
  g_object_unref (result);
  return node;
}

static void
disproto_test_connect (WardenDeviceSession *session)
{
  GAsyncResult *result = NULL;

  warden_device_session_disconnect_async (session, NULL, proto_test_result_cb, &result);
  g_assert_true (warden_device_session_disconnect_finish (session, proto_test_wait (&result), NULL));
  g_object_unref (result);
  g_assert_cmpint (warden_device_session_get_protocol (session), ==, WARDEN_PROTOCOL_NONE);
}

static void
check_info (WardenDeviceSession       *session,
            const DevsimFixtureDevice *dev)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(JsonNode) info = NULL;
  JsonObject *object;

  warden_device_session_get_info_async (session, NULL, proto_test_result_cb, &result);
  info = warden_device_session_read_finish (session, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  object = json_node_get_object (info);
  g_assert_cmpstr (json_object_get_string_member (object, "serial"), ==, dev->serial);
  g_assert_true (json_object_has_member (object, "model"));
  g_assert_true (json_object_has_member (object, "version"));
}

static void
test_dvrip_login (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-dvrip-login", "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) titles = NULL;
  g_autofree char *live = NULL;

  g_assert_true (proto_test_connect (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warden_device_session_get_protocol (session), ==, WARDEN_PROTOCOL_DVRIP);
  check_info (session, dev);

  titles = config_sync (session, "ChannelTitle", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (titles));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (titles)), ==, (guint) dev->channels);

  live = warden_device_session_get_live_url (session, 1, 1);
  g_assert_true (g_str_has_prefix (live, "rtsp://"));
  g_assert_true (g_str_has_suffix (live, "/cam/realmonitor?channel=1&subtype=1"));

  disproto_test_connect (session);
}

static void
test_rpc2_fallback (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-rpc2-fallback", "--nvr");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  /* Nothing listens on port 9 of the device's address: DVRIP is refused. */
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, TRUE, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (proto_test_connect (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warden_device_session_get_protocol (session), ==, WARDEN_PROTOCOL_RPC2);
  check_info (session, dev);
  disproto_test_connect (session);
}

static void
test_config_roundtrip (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(DevsimFixture) sim = start_sim (over_http ? "proto-config-rpc2" : "proto-config-dvrip",
                                            "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) encode = NULL;
  g_autoptr(JsonNode) again = NULL;
  GAsyncResult *result = NULL;
  JsonObject *video;
  g_autofree char *before = NULL;

  g_assert_true (proto_test_connect (session, &error));
  encode = config_sync (session, "Encode", &error);
  g_assert_no_error (error);
  video = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_array_get_object_element (json_node_get_array (encode), 0),
                                    "ExtraFormat"), 0), "Video");
  json_object_set_int_member (video, "FPS", 7);
  before = warden_json_node_to_string (encode);

  warden_device_session_set_config_async (session, "Encode", encode, NULL, proto_test_result_cb, &result);
  g_assert_true (warden_device_session_set_config_finish (session, proto_test_wait (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  again = config_sync (session, "Encode", &error);
  g_assert_no_error (error);
  video = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_array_get_object_element (json_node_get_array (again), 0),
                                    "ExtraFormat"), 0), "Video");
  g_assert_cmpint (json_object_get_int_member (video, "FPS"), ==, 7);
}

static void
test_uninitialised (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--uninitialised", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-uninitialised-rpc2"
                                                                 : "proto-uninitialised-dvrip",
                                                       args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);

  g_assert_no_error (error);
  g_assert_false (proto_test_connect (session, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED);
}

static void
test_device_time_zone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "proto-time-zone", NULL);
  g_autofree char *site = g_build_filename (dir, "site.ini", NULL);
  const char *args[] = { "--site", site, "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = NULL;
  g_autoptr(WardenDeviceSession) session = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 4, 29, 8, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 4, 29, 8, 30, 0);
  g_autofree char *url = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (site, "[device Recorder]\nkind=nvr\nchannels=4\nutc-offset=5400\n",
                                      -1, &error));
  sim = devsim_fixture_start ("proto-time-zone", args, &error);
  g_assert_no_error (error);
  session = proto_test_session_new (devsim_fixture_get_device (sim, 0), FALSE, NULL);
  g_assert_true (proto_test_connect (session, &error));

  /* The device keeps UTC+01:30: playback times are its local time. */
  g_assert_cmpint (warden_device_session_get_utc_offset (session), ==, 5400);
  url = warden_device_session_get_playback_url (session, 3, from, to);
  g_assert_true (g_str_has_suffix (url, "/cam/playback?channel=3&subtype=0"
                                        "&starttime=2026_04_29_09_30_00&endtime=2026_04_29_10_00_00"));
}

static void
test_storage (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-storage", "--nvr");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) disks = NULL;
  GAsyncResult *result = NULL;
  JsonObject *partition;

  g_assert_true (proto_test_connect (session, &error));
  warden_device_session_get_storage_async (session, NULL, proto_test_result_cb, &result);
  disks = warden_device_session_read_finish (session, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (disks));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (disks)), >=, 1);
  partition = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (json_node_get_array (disks), 0), "Detail"), 0);
  g_assert_cmpint (json_object_get_int_member (partition, "TotalBytes"), >,
                   json_object_get_int_member (partition, "UsedBytes"));
}

static void
test_wrong_password_not_retried (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-wrong-password", "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) first = proto_test_session_new (dev, FALSE, "wrong-1");
  g_autoptr(WardenDeviceSession) second = proto_test_session_new (dev, FALSE, "wrong-2");
  g_autoptr(GError) error = NULL;
  int attempts, lock;

  /* One failed connect costs exactly one attempt: nothing retried it. */
  g_assert_false (proto_test_connect (first, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "4 attempts left"));
  warden_device_session_get_login_limits (first, &attempts, &lock);
  g_assert_cmpint (attempts, ==, 4);
  g_clear_error (&error);

  g_assert_false (proto_test_connect (second, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "3 attempts left"));
  g_assert_cmpint (warden_device_session_get_protocol (second), ==, WARDEN_PROTOCOL_NONE);
}

static void
test_concurrent_connects (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-concurrent-connects", "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, FALSE, "wrong");
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GError) second_error = NULL;
  GAsyncResult *first = NULL;
  GAsyncResult *second = NULL;

  /* Two callers at once (a supervisor and an event stream) share one login. */
  warden_device_session_connect_async (session, NULL, proto_test_result_cb, &first);
  warden_device_session_connect_async (session, NULL, proto_test_result_cb, &second);
  g_assert_false (warden_device_session_connect_finish (session, proto_test_wait (&first), &first_error));
  g_assert_false (warden_device_session_connect_finish (session, proto_test_wait (&second), &second_error));
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_error (first_error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_assert_error (second_error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (first_error->message, "4 attempts left"));
  g_assert_nonnull (strstr (second_error->message, "4 attempts left"));
}

static void
test_lockout (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(DevsimFixture) sim = start_sim (over_http ? "proto-lockout-rpc2" : "proto-lockout-dvrip",
                                            "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, "bad");

      g_assert_false (proto_test_connect (session, &error));
      g_clear_error (&error);
    }

  {
    /* Locked: even the right password is refused, with the time left (JSON-RPC
     * in params.remainLockSecond, DVRIP in bytes 28-29 of the login reply). */
    g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);

    int attempts, lock;

    g_assert_false (proto_test_connect (session, &error));
    g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED);
    warden_device_session_get_login_limits (session, &attempts, &lock);
    g_assert_nonnull (strstr (error->message, "try again in"));
    g_assert_cmpint (lock, >, 0);
    g_assert_cmpint (lock, <=, 300);
  }
}

static void
disconnected_cb (WardenDeviceSession *session,
                 const GError        *error,
                 gpointer             user_data)
{
  GError **out = user_data;

  g_assert_nonnull (error);
  *out = g_error_copy (error);
}

static void
test_device_restart (void)
{
  g_autoptr(DevsimFixture) sim = start_sim ("proto-device-restart", "--ipc");
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lost = NULL;
  g_autofree char *reply = NULL;

  g_assert_true (proto_test_connect (session, &error));
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), &lost);

  reply = devsim_fixture_ctl (sim, &error, "restart %s", dev->address);
  g_assert_no_error (error);
  while (lost == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (lost, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED);
  g_assert_cmpint (warden_device_session_get_protocol (session), ==, WARDEN_PROTOCOL_NONE);

  /* The supervisor reconnects; the device is back with a new serial. */
  g_assert_true (proto_test_connect (session, &error));
  g_assert_no_error (error);
}

static void
test_unreachable (void)
{
  /* Nothing listens on this address: every protocol is refused. */
  g_autoptr(WardenDeviceSession) session = warden_device_session_new ("127.63.63.63", 9, "admin", "x");
  g_autoptr(GError) error = NULL;

  warden_device_session_set_http_port (session, 9, FALSE);
  g_assert_false (proto_test_connect (session, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNREACHABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/device-session/dvrip-login", test_dvrip_login);
  g_test_add_func ("/proto/device-session/rpc2-fallback", test_rpc2_fallback);
  g_test_add_data_func ("/proto/device-session/config-roundtrip/dvrip", GINT_TO_POINTER (FALSE),
                        test_config_roundtrip);
  g_test_add_data_func ("/proto/device-session/config-roundtrip/rpc2", GINT_TO_POINTER (TRUE),
                        test_config_roundtrip);
  g_test_add_func ("/proto/device-session/storage", test_storage);
  g_test_add_func ("/proto/device-session/device-time-zone", test_device_time_zone);
  g_test_add_data_func ("/proto/device-session/uninitialised/dvrip", GINT_TO_POINTER (FALSE),
                        test_uninitialised);
  g_test_add_data_func ("/proto/device-session/uninitialised/rpc2", GINT_TO_POINTER (TRUE),
                        test_uninitialised);
  g_test_add_func ("/proto/device-session/wrong-password-not-retried", test_wrong_password_not_retried);
  g_test_add_func ("/proto/device-session/concurrent-connects", test_concurrent_connects);
  g_test_add_data_func ("/proto/device-session/lockout/dvrip", GINT_TO_POINTER (FALSE), test_lockout);
  g_test_add_data_func ("/proto/device-session/lockout/rpc2", GINT_TO_POINTER (TRUE), test_lockout);
  g_test_add_func ("/proto/device-session/device-restart", test_device_restart);
  g_test_add_func ("/proto/device-session/unreachable", test_unreachable);

  return g_test_run ();
}
