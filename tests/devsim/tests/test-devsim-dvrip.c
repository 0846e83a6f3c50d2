/* test-devsim-dvrip.c: a DVRIP client written from PROTOCOL.md §3.4 against warden-devsim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-fixture.h"
#include "devsim-test-util.h"

#include <string.h>

#define MAX_TEST_BODY (4 * 1024 * 1024)

typedef struct
{
  GSocketConnection *connection;
  guint8 header[32];
  char *body;
  gsize body_len;
} Dvrip;

static void
dvrip_clear (Dvrip *d)
{
  g_clear_object (&d->connection);
  g_clear_pointer (&d->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Dvrip, dvrip_clear)

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static void
put_le32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
dvrip_connect (Dvrip                     *d,
               const DevsimFixtureDevice *device)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;

  d->connection = g_socket_client_connect_to_host (client, device->address, (guint16) device->dvrip_port,
                                                   NULL, &error);
  g_assert_no_error (error);
}

static void
dvrip_send (Dvrip        *d,
            const guint8 *header,
            const char   *body,
            gsize         len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (d->connection));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, header, 32, NULL, NULL, &error);
  g_assert_no_error (error);
  if (len)
    g_output_stream_write_all (out, body, len, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads one frame; FALSE at end of stream. */
static gboolean
dvrip_receive (Dvrip *d)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (d->connection));
  g_autoptr(GError) error = NULL;
  gsize got = 0;
  guint32 len;

  g_input_stream_read_all (in, d->header, 32, &got, NULL, &error);
  if (got < 32)
    return FALSE;
  len = le32 (d->header + 4);
  g_assert_cmpuint (len, <=, MAX_TEST_BODY);
  g_free (d->body);
  d->body = g_malloc0 (len + 1);
  g_input_stream_read_all (in, d->body, len, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, len);
  d->body_len = len;
  return TRUE;
}

/* Realm request and login; returns the session, 0 on failure (header kept in d). */
static guint32
dvrip_login (Dvrip                     *d,
             const DevsimFixtureDevice *device,
             const char                *password)
{
  guint8 realm_request[32] = { 0xA0, 0x01, 0x00, 0x00 };
  guint8 login[32] = { 0xA0, 0x05, 0x00, 0x00 };
  const guint8 tail1[8] = { 0x05, 0x02, 0x01, 0x01, 0x00, 0x00, 0xA1, 0xAA };
  const guint8 tail2[8] = { 0x05, 0x02, 0x00, 0x08, 0x00, 0x00, 0xA1, 0xAA };
  g_autofree char *realm = NULL;
  g_autofree char *random = NULL;
  g_autofree char *default_hash = NULL;
  g_autofree char *dvrip_hash = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) lines = NULL;

  memcpy (realm_request + 24, tail1, 8);
  dvrip_send (d, realm_request, NULL, 0);
  g_assert_true (dvrip_receive (d));
  g_assert_cmpuint (d->header[0], ==, 0xB0);
  g_assert_cmpmem (d->header + 24, 4, "\x06\x00\xF9\x00", 4);
  lines = g_strsplit (d->body, "\r\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, "Realm:"))
      realm = g_strdup (*l + 6);
    else if (g_str_has_prefix (*l, "Random:"))
      random = g_strdup (*l + 7);
  g_assert_nonnull (realm);
  g_assert_nonnull (random);

  default_hash = test_hash_default (device->user, password, realm, random);
  dvrip_hash = test_hash_dvrip (device->user, password, random);
  body = g_strdup_printf ("%s&&%s%s", device->user, default_hash, dvrip_hash);
  put_le32 (login + 4, (guint32) strlen (body));
  memcpy (login + 24, tail2, 8);
  dvrip_send (d, login, body, strlen (body));
  g_assert_true (dvrip_receive (d));
  g_assert_cmpuint (d->header[0], ==, 0xB0);
  if (d->header[8] == 0x00 && d->header[9] == 0x08)
    return le32 (d->header + 16);
  return 0;
}

/* One F6 request (with "object" when it is not 0) and its reply. */
static JsonObject *
dvrip_call_object (Dvrip      *d,
                   guint32     session,
                   guint32     id,
                   const char *method,
                   const char *params,
                   gint64      object)
{
  g_autofree char *with_object = object ? g_strdup_printf (",\"object\":%" G_GINT64_FORMAT, object) : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"id\":%u,\"method\":\"%s\",\"params\":%s,\"session\":%u%s}\n",
                                           id, method, params ? params : "null", session, with_object);
  gsize len = strlen (json) + 1; /* with the trailing \0, as clients send it */
  guint8 header[32] = { 0xF6 };

  put_le32 (header + 4, (guint32) len);
  put_le32 (header + 8, id);
  put_le32 (header + 16, (guint32) len);
  put_le32 (header + 24, session);
  dvrip_send (d, header, json, len);
  /* Skip notifications until the reply. */
  for (;;)
    {
      g_autoptr(JsonObject) reply = NULL;

      g_assert_true (dvrip_receive (d));
      g_assert_cmpuint (d->header[0], ==, 0xF6);
      reply = test_parse_object (d->body, (gssize) d->body_len);
      if (!json_object_has_member (reply, "method"))
        {
          g_assert_cmpuint (le32 (d->header + 8), ==, id);
          return g_steal_pointer (&reply);
        }
    }
}

static JsonObject *
dvrip_call (Dvrip      *d,
            guint32     session,
            guint32     id,
            const char *method,
            const char *params)
{
  return dvrip_call_object (d, session, id, method, params, 0);
}

static void
test_login_and_device_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-dvrip-login",
                                                       (const char *[]) { "--nvr", "1", "--nvr-channels", "8", "--no-rtsp", NULL },
                                                       &error);
  const DevsimFixtureDevice *nvr;
  g_auto(Dvrip) d = { 0 };
  g_autoptr(JsonObject) type = NULL;
  g_autoptr(JsonObject) encode = NULL;
  guint32 session;

  g_assert_no_error (error);
  nvr = devsim_fixture_get_device (sim, 0);
  dvrip_connect (&d, nvr);
  session = dvrip_login (&d, nvr, nvr->password);
  g_assert_cmpuint (session, !=, 0);
  type = dvrip_call (&d, session, 564, "magicBox.getDeviceType", NULL);
  g_assert_true (json_object_get_boolean_member (type, "result"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (type, "params"), "type"),
                   ==, "DHI-NVR508L-I");
  g_assert_cmpuint (le32 (d.header + 24), ==, session);
  encode = dvrip_call (&d, session, 565, "configManager.getConfig", "{\"name\":\"Encode\"}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (encode, "params"), "table")), ==, 8);
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-dvrip-wrong",
                                                       (const char *[]) { "--ipc", "1", "--no-rtsp", NULL }, &error);
  const DevsimFixtureDevice *cam;
  g_auto(Dvrip) d = { 0 };
  g_autoptr(JsonObject) anonymous = NULL;

  g_assert_no_error (error);
  cam = devsim_fixture_get_device (sim, 0);
  dvrip_connect (&d, cam);
  g_assert_cmpuint (dvrip_login (&d, cam, "nope"), ==, 0);
  g_assert_cmpmem (d.header + 8, 2, "\x01\x00", 2);
  /* Attempts left, big-endian in bytes 28..29. */
  g_assert_cmpuint ((d.header[28] << 8) | d.header[29], ==, 4);
  anonymous = dvrip_call (&d, 12345, 1, "magicBox.getDeviceType", NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (anonymous, "error"), "code"),
                   ==, 287637505);

  /* A frame announcing more than 1 MiB closes the connection. */
  {
    guint8 huge[32] = { 0xF6 };

    put_le32 (huge + 4, 64 * 1024 * 1024);
    dvrip_send (&d, huge, NULL, 0);
    g_assert_false (dvrip_receive (&d));
  }
}

static void
test_events_and_drop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-dvrip-events",
                                                       (const char *[]) { "--door", "1", "--no-rtsp", NULL }, &error);
  const DevsimFixtureDevice *door;
  g_auto(Dvrip) d = { 0 };
  g_autoptr(JsonObject) attach = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;
  JsonObject *first;
  guint32 session;

  g_assert_no_error (error);
  door = devsim_fixture_get_device (sim, 0);
  dvrip_connect (&d, door);
  session = dvrip_login (&d, door, door->password);
  g_assert_cmpuint (session, !=, 0);
  attach = dvrip_call (&d, session, 77, "eventManager.attach", "{\"codes\":[\"DoorStatus\"]}");
  g_assert_true (json_object_get_boolean_member (attach, "result"));

  r1 = devsim_fixture_ctl (sim, &error, "door %s 2 open", door->address);
  g_assert_no_error (error);
  g_assert_true (dvrip_receive (&d));
  g_assert_cmpuint (le32 (d.header + 8), ==, 77);
  event = test_parse_object (d.body, (gssize) d.body_len);
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "client.notifyEventStream");
  first = json_array_get_object_element (json_object_get_array_member (
                                           json_object_get_object_member (event, "params"), "eventList"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "Code"), ==, "DoorStatus");
  g_assert_cmpint (json_object_get_int_member (first, "Index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "Data"), "Status"),
                   ==, "Open");

  /* A malformed notification: framed correctly, but its JSON is cut. */
  r2 = devsim_fixture_ctl (sim, &error, "malformed-event %s DoorStatus", door->address);
  g_assert_no_error (error);
  r3 = devsim_fixture_ctl (sim, &error, "emit %s DoorStatus Pulse 0", door->address);
  g_assert_no_error (error);
  g_assert_true (dvrip_receive (&d));
  g_assert_false (json_parser_load_from_data (parser, d.body, (gssize) d.body_len, NULL));
  g_assert_true (dvrip_receive (&d));
  g_clear_pointer (&event, json_object_unref);
  event = test_parse_object (d.body, (gssize) d.body_len);

  g_free (r1);
  r1 = devsim_fixture_ctl (sim, &error, "drop-sessions %s", door->address);
  g_assert_no_error (error);
  g_assert_false (dvrip_receive (&d));
}

static JsonObject *
params_of (JsonObject *reply)
{
  g_assert_true (json_object_get_boolean_member (reply, "result"));
  return json_object_get_object_member (reply, "params");
}

/* The dispatcher behind F6 is the one behind /RPC2: config, PTZ, search, users. */
static void
test_rpc_services (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-dvrip-rpc",
                                                       (const char *[]) { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL },
                                                       &error);
  const DevsimFixtureDevice *nvr;
  g_auto(Dvrip) d = { 0 };
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonObject) get = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) ptz = NULL;
  g_autoptr(JsonObject) move = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) create = NULL;
  g_autoptr(JsonObject) find = NULL;
  g_autoptr(JsonObject) count = NULL;
  g_autoptr(JsonObject) next = NULL;
  g_autoptr(JsonObject) add = NULL;
  g_autoptr(JsonObject) users = NULL;
  g_autoptr(JsonObject) storage = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *end = NULL;
  g_autofree char *begin = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (now, -1);
  JsonObject *video;
  JsonArray *position;
  guint32 session;
  gint64 object;

  g_assert_no_error (error);
  nvr = devsim_fixture_get_device (sim, 0);
  dvrip_connect (&d, nvr);
  session = dvrip_login (&d, nvr, nvr->password);
  g_assert_cmpuint (session, !=, 0);

  /* Encode: a whole-table write, read back. */
  set = dvrip_call (&d, session, 10, "configManager.setConfig",
                    "{\"name\":\"Encode\",\"table\":[{},{\"ExtraFormat\":[{\"Video\":{\"Compression\":\"H.265\","
                    "\"resolution\":\"640x480\",\"FPS\":10,\"BitRate\":384}}]}]}");
  g_assert_true (json_object_get_boolean_member (set, "result"));
  get = dvrip_call (&d, session, 11, "configManager.getConfig", "{\"name\":\"Encode\"}");
  video = json_object_get_object_member (
            json_array_get_object_element (
              json_object_get_array_member (
                json_array_get_object_element (json_object_get_array_member (params_of (get), "table"), 1),
                "ExtraFormat"), 0), "Video");
  g_assert_cmpstr (json_object_get_string_member (video, "Compression"), ==, "H.265");
  g_assert_cmpint (json_object_get_int_member (video, "Width"), ==, 640);
  g_assert_cmpint (json_object_get_int_member (video, "FPS"), ==, 10);
  bad = dvrip_call (&d, session, 12, "configManager.setConfig",
                    "{\"name\":\"Encode\",\"table\":[{\"MainFormat\":[{\"Video\":{\"Compression\":\"MJPG\"}}]}]}");
  g_assert_false (json_object_get_boolean_member (bad, "result"));

  /* PTZ through an object. */
  ptz = dvrip_call (&d, session, 13, "ptz.factory.instance", "{\"channel\":3}");
  object = json_object_get_int_member (ptz, "result");
  g_assert_cmpint (object, >, 0);
  move = dvrip_call_object (&d, session, 14, "ptz.start",
                            "{\"code\":\"PositionABS\",\"arg1\":45,\"arg2\":30,\"arg3\":4}", object);
  g_assert_true (json_object_get_boolean_member (move, "result"));
  status = dvrip_call (&d, session, 15, "ptz.getStatus", "{\"channel\":3}");
  position = json_object_get_array_member (json_object_get_object_member (params_of (status), "status"), "Postion");
  g_assert_cmpfloat (json_array_get_double_element (position, 0), ==, 45);
  g_assert_cmpfloat (json_array_get_double_element (position, 1), ==, 30);
  g_assert_cmpfloat (json_array_get_double_element (position, 2), ==, 4);

  /* mediaFileFind over DVRIP, without zero padding in the times. */
  create = dvrip_call (&d, session, 16, "mediaFileFind.factory.create", NULL);
  object = json_object_get_int_member (create, "result");
  begin = g_date_time_format (day_ago, "%Y-%-m-%-d %-H:%M:%S");
  end = g_date_time_format (now, "%Y-%-m-%-d %-H:%M:%S");
  condition = g_strdup_printf ("{\"condition\":{\"Channel\":2,\"StartTime\":\"%s\",\"EndTime\":\"%s\","
                               "\"Flags\":[\"Timing\"]}}", begin, end);
  find = dvrip_call_object (&d, session, 17, "mediaFileFind.findFile", condition, object);
  count = dvrip_call_object (&d, session, 18, "mediaFileFind.getCount", NULL, object);
  next = dvrip_call_object (&d, session, 19, "mediaFileFind.findNextFile", "{\"count\":5}", object);
  g_assert_true (json_object_get_boolean_member (find, "result"));
  /* About 48 half-hour files a day, less the gaps. */
  g_assert_cmpint (json_object_get_int_member (params_of (count), "count"), >, 30);
  g_assert_cmpint (json_object_get_int_member (params_of (next), "found"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (params_of (next), "infos"), 0),
                     "Type"), ==, "dav");

  /* Users and storage. */
  add = dvrip_call (&d, session, 20, "userManager.addUser", "{\"user\":{\"Name\":\"viewer\",\"Password\":\"Viewer-pass-1\"}}");
  g_assert_true (json_object_get_boolean_member (add, "result"));
  users = dvrip_call (&d, session, 21, "userManager.getUserInfoAll", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (params_of (users), "users")), ==, 2);
  storage = dvrip_call (&d, session, 22, "storage.getDeviceAllInfo", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (params_of (storage), "info")), ==, 1);
}

/* With a 1 s keepAliveInterval, an idle session is closed while one that keeps
 * alive stays. */
static void
test_keepalive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-dvrip-keepalive",
                                                       (const char *[]) { "--ipc", "1", "--no-rtsp",
                                                                          "--keepalive-interval", "1", NULL },
                                                       &error);
  const DevsimFixtureDevice *cam;
  g_auto(Dvrip) idle = { 0 };
  g_auto(Dvrip) busy = { 0 };
  GSocket *idle_socket;
  gboolean idle_closed = FALSE;
  guint32 idle_session, busy_session;

  g_assert_no_error (error);
  cam = devsim_fixture_get_device (sim, 0);
  dvrip_connect (&idle, cam);
  dvrip_connect (&busy, cam);
  idle_session = dvrip_login (&idle, cam, cam->password);
  busy_session = dvrip_login (&busy, cam, cam->password);
  g_assert_cmpuint (idle_session, !=, 0);
  g_assert_cmpuint (busy_session, !=, 0);
  idle_socket = g_socket_connection_get_socket (idle.connection);

  for (guint32 id = 100; !idle_closed; id++)
    {
      g_autoptr(JsonObject) alive = dvrip_call (&busy, busy_session, id, "global.keepAlive",
                                                "{\"timeout\":1,\"active\":true}");

      g_assert_true (json_object_get_boolean_member (alive, "result"));
      /* Readable means closed: the idle client sent nothing that needs an answer. */
      if (g_socket_condition_timed_wait (idle_socket, G_IO_IN, 300 * 1000, NULL, NULL))
        {
          g_assert_false (dvrip_receive (&idle));
          idle_closed = TRUE;
        }
    }
  g_assert_true (idle_closed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/dvrip/login-and-device-type", test_login_and_device_type);
  g_test_add_func ("/devsim/dvrip/wrong-password", test_wrong_password);
  g_test_add_func ("/devsim/dvrip/events-and-drop", test_events_and_drop);
  g_test_add_func ("/devsim/dvrip/rpc-services", test_rpc_services);
  g_test_add_func ("/devsim/dvrip/keepalive", test_keepalive);
  return g_test_run ();
}
