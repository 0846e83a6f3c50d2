/* test-device-control.c: PTZ, doors and snapshots against warden-devsim
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

static WardenDeviceSession *
connect_to (const DevsimFixtureDevice *dev,
            gboolean                   over_http)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSession *session = proto_test_session_new (dev, over_http, NULL);

  g_assert_true (proto_test_connect (session, &error));
  g_assert_no_error (error);
  return session;
}

static char *
door_sync (WardenDeviceSession *session,
           int                  door,
           WardenDoorAction     action,
           GError             **error)
{
  GAsyncResult *result = NULL;
  char *status = NULL;

  warden_device_session_door_async (session, door, action, NULL, proto_test_result_cb, &result);
  if (!warden_device_session_control_finish (session, proto_test_wait (&result), &status, error))
    g_assert_null (status);
  g_object_unref (result);
  return status;
}

static gboolean
ptz_sync (WardenDeviceSession *session,
          const char          *code,
          gboolean             stop,
          GError             **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  warden_device_session_ptz_async (session, 1, code, 0, 8, 0, stop, NULL, proto_test_result_cb, &result);
  ok = warden_device_session_control_finish (session, proto_test_wait (&result), NULL, error);
  g_object_unref (result);
  return ok;
}

static WardenRpcReply *
call_sync (WardenDeviceSession *session,
           const char          *method,
           const char          *params_json,
           gint64               object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) params = params_json != NULL
                                 ? warden_json_parse (params_json, strlen (params_json), 1024, NULL)
                                 : NULL;
  GAsyncResult *result = NULL;
  WardenRpcReply *reply;

  warden_device_session_call_async (session, method, params, object, NULL, proto_test_result_cb, &result);
  reply = warden_device_session_call_finish (session, proto_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return reply;
}

static char *
ptz_move_status (WardenDeviceSession *session)
{
  g_autoptr(WardenRpcReply) instance = call_sync (session, "ptz.factory.instance", "{\"channel\":0}", 0);
  g_autoptr(WardenRpcReply) status = NULL;
  gint64 object = 0;

  g_assert_true (warden_rpc_reply_get_result_int (instance, &object));
  status = call_sync (session, "ptz.getStatus", NULL, object);
  return warden_json_dup_string (warden_json_get_object (status->params, "status"), "MoveStatus");
}

static void
test_doors (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--door", "1", "--doors", "2", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-doors-rpc2" : "proto-doors-dvrip",
                                                       args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, over_http);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *closed = NULL;

  before = door_sync (session, 2, WARDEN_DOOR_STATUS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, "Close");

  g_assert_null (door_sync (session, 2, WARDEN_DOOR_OPEN, &error));
  g_assert_no_error (error);
  after = door_sync (session, 2, WARDEN_DOOR_STATUS, &error);
  g_assert_cmpstr (after, ==, "Open");

  g_assert_null (door_sync (session, 2, WARDEN_DOOR_CLOSE, &error));
  closed = door_sync (session, 2, WARDEN_DOOR_STATUS, &error);
  g_assert_cmpstr (closed, ==, "Close");

  /* A door the controller does not have is the device's error, not a crash. */
  g_assert_null (door_sync (session, 9, WARDEN_DOOR_OPEN, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE);
}

static void
test_ptz (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-ptz", args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, FALSE);
  g_autofree char *moving = NULL;
  g_autofree char *idle = NULL;

  g_assert_true (ptz_sync (session, "Right", FALSE, &error));
  g_assert_no_error (error);
  moving = ptz_move_status (session);
  g_assert_cmpstr (moving, ==, "Moving");

  g_assert_true (ptz_sync (session, "Right", TRUE, &error));
  idle = ptz_move_status (session);
  g_assert_cmpstr (idle, ==, "Idle");
}

/* The tests below run once per protocol: "dvrip", "rpc2" and "cgi" (a device
 * started with --cgi-only). */
#define CGI_ONLY_IF(form) (strcmp ((form), "cgi") == 0 ? "--cgi-only" : NULL)

static void
assert_protocol (WardenDeviceSession *session,
                 const char          *form)
{
  g_assert_cmpstr (warden_device_session_get_protocol_name (session), ==, form);
}

static GPtrArray *
presets_sync (WardenDeviceSession *session,
              int                  channel,
              GError             **error)
{
  GAsyncResult *result = NULL;
  GPtrArray *presets;

  warden_device_session_list_presets_async (session, channel, NULL, proto_test_result_cb, &result);
  presets = warden_device_session_list_presets_finish (session, proto_test_wait (&result), error);
  g_object_unref (result);
  return presets;
}

static gboolean
set_preset_sync (WardenDeviceSession *session,
                 int                  index,
                 const char          *name,
                 GError             **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  warden_device_session_set_preset_async (session, 1, index, name, NULL, proto_test_result_cb, &result);
  ok = warden_device_session_control_finish (session, proto_test_wait (&result), NULL, error);
  g_object_unref (result);
  return ok;
}

static void
test_presets (gconstpointer data)
{
  const char *form = data;
  g_autofree char *name = g_strconcat ("proto-presets-", form, NULL);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", CGI_ONLY_IF (form), NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (name, args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, strcmp (form, "dvrip") != 0);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autofree char *long_name = g_strnfill (WARDEN_PTZ_PRESET_MAX_NAME + 1, 'x');

  assert_protocol (session, form);
  none = presets_sync (session, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_true (set_preset_sync (session, 7, "Loading dock", &error));
  g_assert_no_error (error);
  g_assert_true (set_preset_sync (session, 2, "Gate; north = 1", &error));
  g_assert_no_error (error);
  /* Setting a number again renames it. */
  g_assert_true (set_preset_sync (session, 7, "Dock", &error));

  two = presets_sync (session, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpint (warden_ptz_preset_get_index (g_ptr_array_index (two, 0)), ==, 2);
  g_assert_cmpstr (warden_ptz_preset_get_name (g_ptr_array_index (two, 0)), ==, "Gate; north = 1");
  g_assert_cmpint (warden_ptz_preset_get_index (g_ptr_array_index (two, 1)), ==, 7);
  g_assert_cmpstr (warden_ptz_preset_get_name (g_ptr_array_index (two, 1)), ==, "Dock");

  /* Presets belong to a channel. */
  other = presets_sync (session, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 0);

  g_assert_false (set_preset_sync (session, 3, long_name, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A channel the recorder does not have is the device's error. */
  g_assert_null (presets_sync (session, 9, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE);
}

static JsonNode *
alarms_sync (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  JsonNode *alarms;

  warden_device_session_get_alarms_async (session, NULL, proto_test_result_cb, &result);
  alarms = warden_device_session_read_finish (session, proto_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return alarms;
}

static gboolean
alarm_out_sync (WardenDeviceSession *session,
                int                  output,
                WardenAlarmOutMode   mode,
                GError             **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  warden_device_session_set_alarm_output_async (session, output, mode, NULL, proto_test_result_cb, &result);
  ok = warden_device_session_control_finish (session, proto_test_wait (&result), NULL, error);
  g_object_unref (result);
  return ok;
}

/* The port @index (0-based) of @kind ("inputs" or "outputs"). */
static JsonObject *
alarm_port (JsonNode   *alarms,
            const char *kind,
            guint       index)
{
  JsonArray *ports = json_object_get_array_member (json_node_get_object (alarms), kind);

  return json_array_get_object_element (ports, index);
}

static void
test_alarms (gconstpointer data)
{
  const char *form = data;
  g_autofree char *name = g_strconcat ("proto-alarms-", form, NULL);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--no-rtsp", CGI_ONLY_IF (form), NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (name, args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, strcmp (form, "dvrip") != 0);
  g_autoptr(JsonNode) idle = NULL;
  g_autoptr(JsonNode) tripped = NULL;
  g_autoptr(JsonNode) forced = NULL;
  g_autofree char *reply = NULL;
  JsonObject *port;

  assert_protocol (session, form);
  idle = alarms_sync (session);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (idle), "inputs")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (idle), "outputs")),
                    ==, 1);
  port = alarm_port (idle, "inputs", 1);
  g_assert_cmpint (json_object_get_int_member (port, "index"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (port, "name"), ==, "Alarm input 2");
  g_assert_true (json_object_get_boolean_member (port, "enabled"));
  g_assert_false (json_object_get_boolean_member (port, "active"));
  port = alarm_port (idle, "outputs", 0);
  g_assert_cmpstr (json_object_get_string_member (port, "mode"), ==, "auto");
  g_assert_false (json_object_get_boolean_member (port, "active"));

  /* Input 2 in alarm: the automatic output follows it. */
  reply = devsim_fixture_ctl (sim, &error, "alarm-in %s 2 on", dev->address);
  g_assert_no_error (error);
  tripped = alarms_sync (session);
  g_assert_false (json_object_get_boolean_member (alarm_port (tripped, "inputs", 0), "active"));
  g_assert_true (json_object_get_boolean_member (alarm_port (tripped, "inputs", 1), "active"));
  g_assert_true (json_object_get_boolean_member (alarm_port (tripped, "outputs", 0), "active"));

  g_assert_true (alarm_out_sync (session, 1, WARDEN_ALARM_OUT_OFF, &error));
  g_assert_no_error (error);
  forced = alarms_sync (session);
  g_assert_cmpstr (json_object_get_string_member (alarm_port (forced, "outputs", 0), "mode"), ==, "off");
  g_assert_false (json_object_get_boolean_member (alarm_port (forced, "outputs", 0), "active"));
  /* The rest of the table is written back as it was. */
  g_assert_cmpstr (json_object_get_string_member (alarm_port (forced, "outputs", 0), "name"), ==,
                   "Alarm output 1");

  g_assert_false (alarm_out_sync (session, 2, WARDEN_ALARM_OUT_ON, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED);
}

static void
test_snapshot (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-snapshot", args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, FALSE);
  GAsyncResult *result = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  gsize len;
  const guint8 *data;

  warden_device_session_snapshot_async (session, 1, NULL, proto_test_result_cb, &result);
  jpeg = warden_device_session_snapshot_finish (session, proto_test_wait (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  data = g_bytes_get_data (jpeg, &len);
  g_assert_cmpuint (len, >, 4);
  g_assert_cmpmem (data, 2, "\xFF\xD8", 2);
  g_assert_cmpmem (data + len - 2, 2, "\xFF\xD9", 2);
}

static JsonObject *
capabilities_sync (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  JsonNode *caps;
  JsonObject *object;

  warden_device_session_get_capabilities_async (session, NULL, proto_test_result_cb, &result);
  caps = warden_device_session_read_finish (session, proto_test_wait (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (caps));
  json_node_unref (caps);
  return object;
}

static void
test_capabilities (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--door", "1", "--doors", "4", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-caps-rpc2" : "proto-caps-dvrip",
                                                       args, &error);
  g_autoptr(WardenDeviceSession) camera = connect_to (devsim_fixture_find_device (sim, "ipc"), over_http);
  g_autoptr(WardenDeviceSession) door = connect_to (devsim_fixture_find_device (sim, "door"), over_http);
  g_autoptr(JsonObject) camera_caps = capabilities_sync (camera);
  g_autoptr(JsonObject) door_caps = capabilities_sync (door);

  g_assert_cmpint (json_object_get_int_member (camera_caps, "channels"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (camera_caps, "doors"), ==, 0);
  g_assert_true (json_object_get_boolean_member (camera_caps, "ptz"));
  /* The simulator has no speaker. */
  g_assert_false (json_object_get_boolean_member (camera_caps, "talk"));

  g_assert_cmpint (json_object_get_int_member (door_caps, "channels"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (door_caps, "doors"), ==, 4);
  g_assert_false (json_object_get_boolean_member (door_caps, "ptz"));
}

static void
test_strip_trailer (void)
{
  static const guint8 with[] = { 0xFF, 0xD8, 0x01, 0xFF, 0xD9, 'd', 'h', 'a', 'v', 1, 2, 3, 4 };
  static const guint8 other[] = { 0xFF, 0xD8, 0x01, 0xFF, 0xD9, 'x', 'y' };
  g_autoptr(GBytes) a = g_bytes_new_static (with, sizeof with);
  g_autoptr(GBytes) b = g_bytes_new_static (other, sizeof other);
  g_autoptr(GBytes) a2 = warden_jpeg_strip_trailer (a);
  g_autoptr(GBytes) b2 = warden_jpeg_strip_trailer (b);

  g_assert_cmpuint (g_bytes_get_size (a2), ==, 5);
  /* Only a `dhav` tail is cut. */
  g_assert_cmpuint (g_bytes_get_size (b2), ==, sizeof other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/proto/device-control/doors/dvrip", GINT_TO_POINTER (FALSE), test_doors);
  g_test_add_data_func ("/proto/device-control/doors/rpc2", GINT_TO_POINTER (TRUE), test_doors);
  g_test_add_func ("/proto/device-control/ptz", test_ptz);
  g_test_add_data_func ("/proto/device-control/alarms/dvrip", "dvrip", test_alarms);
  g_test_add_data_func ("/proto/device-control/alarms/rpc2", "rpc2", test_alarms);
  g_test_add_data_func ("/proto/device-control/alarms/cgi", "cgi", test_alarms);
  g_test_add_data_func ("/proto/device-control/presets/dvrip", "dvrip", test_presets);
  g_test_add_data_func ("/proto/device-control/presets/rpc2", "rpc2", test_presets);
  g_test_add_data_func ("/proto/device-control/presets/cgi", "cgi", test_presets);
  g_test_add_data_func ("/proto/device-control/capabilities/dvrip", GINT_TO_POINTER (FALSE),
                        test_capabilities);
  g_test_add_data_func ("/proto/device-control/capabilities/rpc2", GINT_TO_POINTER (TRUE),
                        test_capabilities);
  g_test_add_func ("/proto/device-control/snapshot", test_snapshot);
  g_test_add_func ("/proto/device-control/strip-trailer", test_strip_trailer);

  return g_test_run ();
}
