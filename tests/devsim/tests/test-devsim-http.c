/* test-devsim-http.c: CGI with curl --digest, RPC2 login, lockout, search, download, PTZ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-fixture.h"
#include "devsim-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

static DevsimFixture *
start (const char *name,
       const char * const *args)
{
  g_autoptr(GError) error = NULL;
  DevsimFixture *sim = devsim_fixture_start (name, args, &error);

  g_assert_no_error (error);
  return sim;
}

static JsonObject *
rpc2 (SoupSession               *soup,
      const DevsimFixtureDevice *device,
      const char                *path,
      const char                *json)
{
  g_autofree char *url = g_strdup_printf ("http://%s:%u%s", device->address, device->http_port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new_static (json, strlen (json));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, 200);
  return test_parse_object (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body));
}

static gint64
error_code (JsonObject *reply)
{
  JsonObject *error = json_object_get_object_member (reply, "error");

  return error ? json_object_get_int_member (error, "code") : 0;
}

/* Two-step login; returns the session, or 0 and the failing reply in *failed. */
static gint64
rpc2_login (SoupSession               *soup,
            const DevsimFixtureDevice *device,
            const char                *password,
            JsonObject               **failed)
{
  g_autofree char *first = g_strdup_printf ("{\"method\":\"global.login\",\"id\":1,\"params\":{\"userName\":\"%s\","
                                            "\"password\":\"\",\"clientType\":\"Web3.0\",\"loginType\":\"Direct\"}}",
                                            device->user);
  g_autoptr(JsonObject) challenge = rpc2 (soup, device, "/RPC2_Login", first);
  JsonObject *params = json_object_get_object_member (challenge, "params");
  gint64 session = json_object_get_int_member (challenge, "session");
  g_autofree char *hash = NULL;
  g_autofree char *second = NULL;
  JsonObject *reply;

  g_assert_cmpint (error_code (challenge), ==, 268632079);
  g_assert_nonnull (params);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (params, "realm"), "Login to "));
  g_assert_cmpstr (json_object_get_string_member (params, "encryption"), ==, "Default");
  hash = test_hash_default (device->user, password, json_object_get_string_member (params, "realm"),
                            json_object_get_string_member (params, "random"));
  second = g_strdup_printf ("{\"method\":\"global.login\",\"id\":2,\"session\":%" G_GINT64_FORMAT ","
                            "\"params\":{\"userName\":\"%s\",\"password\":\"%s\",\"clientType\":\"Web3.0\","
                            "\"loginType\":\"Direct\",\"authorityType\":\"Default\"}}",
                            session, device->user, hash);
  reply = rpc2 (soup, device, "/RPC2_Login", second);
  if (!json_object_get_boolean_member_with_default (reply, "result", FALSE))
    {
      *failed = reply;
      return 0;
    }
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply, "params"),
                                               "keepAliveInterval"), >, 0);
  session = json_object_get_int_member (reply, "session");
  json_object_unref (reply);
  return session;
}

static JsonObject *
rpc2_call (SoupSession               *soup,
           const DevsimFixtureDevice *device,
           gint64                     session,
           const char                *method,
           const char                *params)
{
  g_autofree char *json = g_strdup_printf ("{\"method\":\"%s\",\"id\":7,\"session\":%" G_GINT64_FORMAT
                                           ",\"params\":%s}", method, session, params ? params : "null");

  return rpc2 (soup, device, "/RPC2", json);
}

static void
test_curl_digest (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-curl", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  int code = 0;
  g_autofree char *type = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getDeviceType", &code);
  g_autofree char *serial = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *expected = g_strdup_printf ("sn=%s\r\n", cam->serial);

  g_assert_cmpint (code, ==, 200);
  g_assert_cmpstr (type, ==, "type=IPC-HDW5831R-ZE\r\n");
  serial = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getSerialNo", &code);
  g_assert_cmpstr (serial, ==, expected);
  wrong = test_curl_cgi (cam, "not-the-password", "magicBox.cgi?action=getDeviceType", &code);
  g_assert_cmpint (code, ==, 401);
}

static void
test_config (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-config", (const char *[]) { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL });
  const DevsimFixtureDevice *nvr = devsim_fixture_get_device (sim, 0);
  g_autofree char *dvrip_line = g_strdup_printf ("table.DVRIP.TCPPort=%u\r\n", nvr->dvrip_port);
  g_autofree char *web_line = g_strdup_printf ("table.Web.Port=%u\r\n", nvr->http_port);
  int code = 0;
  g_autofree char *encode = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=Encode", &code);
  g_autofree char *set = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *dvrip = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=DVRIP", &code);
  g_autofree char *web = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=Web", &code);
  g_autofree char *sub = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=General.MachineName", &code);
  g_autofree char *hdd = test_curl_cgi (nvr, nvr->password, "storageDevice.cgi?action=getDeviceAllInfo", &code);

  g_assert_nonnull (strstr (encode, "table.Encode[0].MainFormat[0].Video.Compression=H.264\r\n"));
  g_assert_nonnull (strstr (encode, "table.Encode[1].MainFormat[0].Video.Compression=H.265\r\n"));
  g_assert_nonnull (strstr (encode, "table.Encode[3].ExtraFormat[0].Video.resolution=704x576\r\n"));
  g_assert_nonnull (strstr (dvrip, dvrip_line));
  g_assert_nonnull (strstr (web, web_line));
  g_assert_cmpstr (sub, ==, "table.General.MachineName=nvr-1\r\n");
  g_assert_nonnull (strstr (hdd, "list.info[0].Detail[0].TotalBytes=4000000000000\r\n"));

  set = test_curl_cgi (nvr, nvr->password,
                       "configManager.cgi?action=setConfig&Encode[2].MainFormat[0].Video.Compression=H.265"
                       "&Encode[2].MainFormat[0].Video.FPS=12&ChannelTitle[2].Name=Gate", &code);
  g_assert_cmpint (code, ==, 200);
  g_assert_cmpstr (set, ==, "OK\r\n");
  after = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=Encode[2].MainFormat[0].Video", &code);
  g_assert_nonnull (strstr (after, "table.Encode[2].MainFormat[0].Video.Compression=H.265\r\n"));
  g_assert_nonnull (strstr (after, "table.Encode[2].MainFormat[0].Video.FPS=12\r\n"));
  g_free (after);
  after = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=getConfig&name=ChannelTitle", &code);
  g_assert_nonnull (strstr (after, "table.ChannelTitle[2].Name=Gate\r\n"));

  bad = test_curl_cgi (nvr, nvr->password, "configManager.cgi?action=setConfig&Encode[0].MainFormat[0].Video.FPS=500", &code);
  g_assert_cmpint (code, ==, 400);
  g_assert_true (g_str_has_prefix (bad, "Error\r\n"));
}

static void
test_rpc2_login (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-rpc2", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  JsonObject *failed = NULL;
  gint64 session = rpc2_login (soup, cam, cam->password, &failed);
  g_autoptr(JsonObject) serial = NULL;
  g_autoptr(JsonObject) titles = NULL;
  g_autoptr(JsonObject) alive = NULL;
  g_autoptr(JsonObject) logout = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) multi = NULL;
  g_autofree char *multi_json = NULL;

  g_assert_null (failed);
  g_assert_cmpint (session, !=, 0);
  serial = rpc2_call (soup, cam, session, "magicBox.getSerialNo", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (serial, "params"), "sn"),
                   ==, cam->serial);
  titles = rpc2_call (soup, cam, session, "configManager.getConfig", "{\"name\":\"ChannelTitle\"}");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (json_object_get_object_member (titles, "params"), "table"), 0),
                     "Name"), ==, "Channel 1");
  alive = rpc2_call (soup, cam, session, "global.keepAlive", "{\"timeout\":300,\"active\":true}");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (alive, "params"), "timeout"), ==, 300);
  multi_json = g_strdup_printf ("{\"method\":\"system.multicall\",\"id\":9,\"session\":%" G_GINT64_FORMAT
                                ",\"params\":[{\"method\":\"magicBox.getDeviceType\",\"id\":10},"
                                "{\"method\":\"no.such\",\"id\":11}]}", session);
  multi = rpc2 (soup, cam, "/RPC2", multi_json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (multi, "params")), ==, 2);
  logout = rpc2_call (soup, cam, session, "global.logout", NULL);
  g_assert_true (json_object_get_boolean_member (logout, "result"));
  after = rpc2_call (soup, cam, session, "magicBox.getDeviceType", NULL);
  g_assert_cmpint (error_code (after), ==, 287637505);
}

static void
test_lockout (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-lockout", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  int code = 0;
  g_autofree char *digest = NULL;

  for (int attempt = 1; attempt <= 5; attempt++)
    {
      g_autoptr(JsonObject) failed = NULL;
      JsonObject *params;

      g_assert_cmpint (rpc2_login (soup, cam, "wrong-password", &failed), ==, 0);
      params = json_object_get_object_member (failed, "params");
      g_assert_cmpint (json_object_get_int_member (params, "remainLoginTimes"), ==, 5 - attempt);
      if (attempt < 5)
        g_assert_cmpint (error_code (failed), ==, 268632085);
      else
        {
          g_assert_cmpint (error_code (failed), ==, 268632081);
          g_assert_cmpint (json_object_get_int_member (params, "remainLockSecond"), ==, 300);
        }
    }
  /* The right password does not help while the account is locked, on any path. */
  {
    g_autoptr(JsonObject) failed = NULL;

    g_assert_cmpint (rpc2_login (soup, cam, cam->password, &failed), ==, 0);
    g_assert_cmpint (error_code (failed), ==, 268632081);
  }
  digest = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getDeviceType", &code);
  g_assert_cmpint (code, ==, 401);
}

static void
test_media_find (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-find", (const char *[]) { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL });
  const DevsimFixtureDevice *nvr = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from_dt = g_date_time_add_hours (now, -30);
  g_autoptr(GDateTime) to_dt = g_date_time_add_hours (now, -6);
  g_autofree char *from = g_date_time_format (from_dt, "%Y-%m-%d %H:%M:%S");
  g_autofree char *to = g_date_time_format (to_dt, "%Y-%m-%d %H:%M:%S");
  g_autofree char *from_q = g_uri_escape_string (from, NULL, FALSE);
  g_autofree char *to_q = g_uri_escape_string (to, NULL, FALSE);
  int code = 0;
  g_autofree char *created = test_curl_cgi (nvr, nvr->password, "mediaFileFind.cgi?action=factory.create", &code);
  guint object = (guint) g_ascii_strtoull (created + strlen ("result="), NULL, 10);
  g_autofree char *find = g_strdup_printf ("mediaFileFind.cgi?action=findFile&object=%u&condition.Channel=2"
                                           "&condition.StartTime=%s&condition.EndTime=%s"
                                           "&condition.Events[0]=VideoMotion", object, from_q, to_q);
  g_autofree char *found = test_curl_cgi (nvr, nvr->password, find, &code);
  g_autofree char *next_q = g_strdup_printf ("mediaFileFind.cgi?action=findNextFile&object=%u&count=100", object);
  g_autofree char *next = test_curl_cgi (nvr, nvr->password, next_q, &code);
  g_autofree char *destroy_q = g_strdup_printf ("mediaFileFind.cgi?action=destroy&object=%u", object);
  g_autofree char *destroyed = NULL;
  gint64 session;
  JsonObject *failed = NULL;
  g_autoptr(JsonObject) create = NULL;
  g_autoptr(JsonObject) rpc_find = NULL;
  g_autoptr(JsonObject) rpc_next = NULL;
  g_autofree char *condition = NULL;
  JsonArray *infos;
  const char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  char magic[4];
  gsize got = 0;

  g_assert_true (g_str_has_prefix (created, "result="));
  g_assert_cmpstr (found, ==, "OK\r\n");
  g_assert_true (g_str_has_prefix (next, "found="));
  g_assert_cmpint (atoi (next + strlen ("found=")), >, 0);
  g_assert_nonnull (strstr (next, "items[0].Channel=1\r\n"));
  g_assert_nonnull (strstr (next, "items[0].Events[0]=VideoMotion\r\n"));
  g_assert_nonnull (strstr (next, "items[0].FilePath=/mnt/dvr/"));
  destroyed = test_curl_cgi (nvr, nvr->password, destroy_q, &code);
  g_assert_cmpstr (destroyed, ==, "OK\r\n");

  /* RPC2 form, 0-based channel, and a download of a file it found. */
  session = rpc2_login (soup, nvr, nvr->password, &failed);
  g_assert_null (failed);
  create = rpc2_call (soup, nvr, session, "mediaFileFind.factory.create", NULL);
  condition = g_strdup_printf ("{\"condition\":{\"Channel\":0,\"StartTime\":\"%s\",\"EndTime\":\"%s\","
                               "\"Types\":[\"dav\"],\"Flags\":[\"Event\"],\"Order\":\"Ascent\"}}", from, to);
  {
    g_autofree char *json = g_strdup_printf ("{\"method\":\"mediaFileFind.findFile\",\"id\":3,\"session\":%"
                                             G_GINT64_FORMAT ",\"object\":%" G_GINT64_FORMAT ",\"params\":%s}",
                                             session, json_object_get_int_member (create, "result"), condition);
    g_autofree char *json2 = g_strdup_printf ("{\"method\":\"mediaFileFind.findNextFile\",\"id\":4,\"session\":%"
                                              G_GINT64_FORMAT ",\"object\":%" G_GINT64_FORMAT ",\"params\":{\"count\":100}}",
                                              session, json_object_get_int_member (create, "result"));

    rpc_find = rpc2 (soup, nvr, "/RPC2", json);
    g_assert_true (json_object_get_boolean_member (rpc_find, "result"));
    rpc_next = rpc2 (soup, nvr, "/RPC2", json2);
  }
  infos = json_object_get_array_member (json_object_get_object_member (rpc_next, "params"), "infos");
  g_assert_cmpuint (json_array_get_length (infos), >, 0);
  for (guint i = 0; i < json_array_get_length (infos); i++)
    {
      JsonObject *info = json_array_get_object_element (infos, i);

      g_assert_cmpint (json_object_get_int_member (info, "Channel"), ==, 0);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (info, "Flags"), 0), ==, "Event");
      path = json_object_get_string_member (info, "FilePath");
    }

  url = g_strdup_printf ("http://%s:%u/RPC_Loadfile%s", nvr->address, nvr->http_port, path);
  msg = soup_message_new ("GET", url);
  g_assert_nonnull (msg);
  {
    g_autofree char *cookie = g_strdup_printf ("WebClientSessionID=%" G_GINT64_FORMAT "; DhWebClientSessionID=%"
                                               G_GINT64_FORMAT, session, session);

    soup_message_headers_append (soup_message_get_request_headers (msg), "Cookie", cookie);
  }
  stream = soup_session_send (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (soup_message_headers_get_content_length (soup_message_get_response_headers (msg)), ==,
                   json_object_get_int_member (json_array_get_object_element (infos, json_array_get_length (infos) - 1),
                                               "Length"));
  g_input_stream_read_all (stream, magic, sizeof magic, &got, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 4);
  g_assert_cmpmem (magic, 4, "DHAV", 4);
}

static void
test_ptz (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-ptz", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  int code = 0;
  g_autofree char *r1 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=PositionABS&arg1=90&arg2=10&arg3=2", &code);
  g_autofree char *r2 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=setPreset&channel=1&index=3&name=Door", &code);
  g_autofree char *r3 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=Right&arg1=0&arg2=8&arg3=0", &code);
  g_autofree char *r4 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=stop&channel=1&code=Right&arg1=0&arg2=8&arg3=0", &code);
  g_autofree char *moved = test_curl_cgi (cam, cam->password, "ptz.cgi?action=getStatus&channel=1", &code);
  g_autofree char *r5 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=GotoPreset&arg1=0&arg2=3&arg3=0", &code);
  g_autofree char *back = test_curl_cgi (cam, cam->password, "ptz.cgi?action=getStatus&channel=1", &code);
  g_autofree char *presets = test_curl_cgi (cam, cam->password, "ptz.cgi?action=getPresets&channel=1", &code);
  g_autofree char *tour = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=StartTour&arg1=1&arg2=0&arg3=0", &code);
  g_autofree char *untour = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=StopTour&arg1=1&arg2=0&arg3=0", &code);
  g_autofree char *bad = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=Up&arg1=0&arg2=9&arg3=0", &code);
  g_autofree char *r6 = NULL;
  g_autofree char *cleared = NULL;

  g_assert_cmpint (code, ==, 400);
  g_assert_cmpstr (r1, ==, "OK\r\n");
  g_assert_cmpstr (r2, ==, "OK\r\n");
  g_assert_cmpstr (r3, ==, "OK\r\n");
  g_assert_cmpstr (r4, ==, "OK\r\n");
  g_assert_cmpstr (r5, ==, "OK\r\n");
  g_assert_cmpstr (tour, ==, "OK\r\n");
  g_assert_cmpstr (untour, ==, "OK\r\n");
  g_assert_true (g_str_has_prefix (bad, "Error"));
  /* A move to the right ends east of where it started (90 degrees). */
  g_assert_null (strstr (moved, "status.Postion[0]=90\r\n"));
  g_assert_nonnull (strstr (moved, "status.MoveStatus=Idle\r\n"));
  g_assert_nonnull (strstr (back, "status.Postion[0]=90\r\n"));
  g_assert_nonnull (strstr (back, "status.Postion[1]=10\r\n"));
  g_assert_nonnull (strstr (back, "status.Postion[2]=2\r\n"));
  g_assert_nonnull (strstr (presets, "presets[0].Index=3\r\npresets[0].Name=Door\r\n"));
  r6 = test_curl_cgi (cam, cam->password, "ptz.cgi?action=start&channel=1&code=ClearPreset&arg1=0&arg2=3&arg3=0", &code);
  cleared = test_curl_cgi (cam, cam->password, "ptz.cgi?action=getPresets&channel=1", &code);
  g_assert_cmpstr (cleared, ==, "");
}

static void
test_alarm (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-alarm", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(GError) error = NULL;
  int code = 0;
  g_autofree char *inputs = test_curl_cgi (cam, cam->password, "configManager.cgi?action=getConfig&name=Alarm", &code);
  g_autofree char *outputs = test_curl_cgi (cam, cam->password, "configManager.cgi?action=getConfig&name=AlarmOut", &code);
  g_autofree char *idle = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getInState", &code);
  g_autofree char *off = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getOutState", &code);
  g_autofree char *tripped = NULL;
  g_autofree char *in_state = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *forced = NULL;
  g_autofree char *forced_off = NULL;
  g_autofree char *set = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *unknown = NULL;

  g_assert_nonnull (strstr (inputs, "table.Alarm[1].Name=Alarm input 2\r\n"));
  g_assert_nonnull (strstr (inputs, "table.Alarm[0].Enable=true\r\n"));
  g_assert_nonnull (strstr (outputs, "table.AlarmOut[0].Mode=0\r\n"));
  g_assert_null (strstr (outputs, "table.AlarmOut[1]"));
  g_assert_cmpstr (idle, ==, "result=0\r\n");
  g_assert_cmpstr (off, ==, "result=0\r\n");

  /* Input 2 in alarm; the automatic output follows it. */
  tripped = devsim_fixture_ctl (sim, &error, "alarm-in %s 2 on", cam->address);
  g_assert_no_error (error);
  in_state = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getInState", &code);
  g_assert_cmpstr (in_state, ==, "result=2\r\n");
  linked = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getOutState", &code);
  g_assert_cmpstr (linked, ==, "result=1\r\n");
  /* Forced off wins over the input; the form public clients use. */
  set = test_curl_cgi (cam, cam->password, "configManager.cgi?action=setConfig&AlarmOut[0].Mode=2", &code);
  g_assert_cmpstr (set, ==, "OK\r\n");
  forced_off = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getOutState", &code);
  g_assert_cmpstr (forced_off, ==, "result=0\r\n");
  g_clear_pointer (&set, g_free);
  g_free (devsim_fixture_ctl (sim, &error, "alarm-in %s 2 off", cam->address));
  g_assert_no_error (error);
  set = test_curl_cgi (cam, cam->password, "configManager.cgi?action=setConfig&AlarmOut[0].Mode=1", &code);
  forced = test_curl_cgi (cam, cam->password, "alarm.cgi?action=getOutState", &code);
  g_assert_cmpstr (forced, ==, "result=1\r\n");

  bad = test_curl_cgi (cam, cam->password, "configManager.cgi?action=setConfig&AlarmOut[0].Mode=7", &code);
  g_assert_true (g_str_has_prefix (bad, "Error"));
  unknown = devsim_fixture_ctl (sim, &error, "alarm-in %s 3 on", cam->address);
  g_assert_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_COMMAND);
  g_assert_null (unknown);
}

static void
test_snapshot (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-snapshot", (const char *[]) { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL });
  const DevsimFixtureDevice *nvr = devsim_fixture_get_device (sim, 0);
  g_autofree char *file = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "devsim-http-snapshot", "channel2.jpg", NULL);
  g_autofree char *url = g_strdup_printf ("http://%s:%u/cgi-bin/snapshot.cgi?channel=2", nvr->address, nvr->http_port);
  g_autofree char *cred = g_strdup_printf ("%s:%s", nvr->user, nvr->password);
  const char *argv[] = { "curl", "--silent", "--fail", "--digest", "--user", cred, "--output", file, url, NULL };
  g_autofree char *jpeg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  int status = -1, code = 0;

  out = test_run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_file_get_contents (file, &jpeg, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (jpeg, 2, "\xff\xd8", 2);
  g_assert_cmpmem (jpeg + size - 2, 2, "\xff\xd9", 2);
  missing = test_curl_cgi (nvr, nvr->password, "snapshot.cgi?channel=9", &code);
  g_assert_cmpint (code, ==, 400);
}

static void
test_cgi_events (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-events", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://%s:%u/cgi-bin/eventManager.cgi?action=attach"
                                          "&codes=%%5BVideoMotion,AlarmLocal%%5D&heartbeat=5",
                                          cam->address, cam->http_port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  const char *type;

  g_signal_connect (msg, "authenticate", G_CALLBACK (test_authenticate_cb), (gpointer) cam);
  stream = soup_session_send (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, 200);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_assert_cmpstr (type, ==, "multipart/x-mixed-replace");
  /* A code outside the list is not delivered; the listed one is. */
  r1 = devsim_fixture_ctl (sim, &error, "emit %s VideoBlind Start 0", cam->address);
  g_assert_no_error (error);
  r2 = devsim_fixture_ctl (sim, &error, "emit %s VideoMotion Start 0", cam->address);
  g_assert_no_error (error);
  while (strstr (seen->str, "Code=VideoMotion;action=Start;index=0;data={") == NULL)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (seen, buffer, n);
    }
  g_assert_true (g_str_has_prefix (seen->str, "--myboundary\r\nContent-Type: text/plain\r\nContent-Length: "));
  g_assert_null (strstr (seen->str, "VideoBlind"));
}

static void
test_door (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-door", (const char *[]) { "--door", "1", "--doors", "4", "--no-rtsp", NULL });
  const DevsimFixtureDevice *door = devsim_fixture_find_device (sim, "door");
  g_autoptr(SoupSession) soup = soup_session_new ();
  int code = 0;
  g_autofree char *open = test_curl_cgi (door, door->password, "accessControl.cgi?action=openDoor&channel=3&UserID=101&Type=Remote", &code);
  g_autofree char *status = test_curl_cgi (door, door->password, "accessControl.cgi?action=getDoorStatus&channel=3", &code);
  g_autofree char *other = test_curl_cgi (door, door->password, "accessControl.cgi?action=getDoorStatus&channel=1", &code);
  g_autofree char *missing = test_curl_cgi (door, door->password, "accessControl.cgi?action=openDoor&channel=5", &code);
  JsonObject *failed = NULL;
  gint64 session;
  g_autoptr(JsonObject) instance = NULL;
  g_autoptr(JsonObject) closed = NULL;
  g_autoptr(JsonObject) state = NULL;

  g_assert_cmpint (door->doors, ==, 4);
  g_assert_cmpint (code, ==, 400);
  g_assert_true (g_str_has_prefix (missing, "Error\r\n"));
  g_assert_cmpstr (open, ==, "OK\r\n");
  g_assert_cmpstr (status, ==, "Info.status=Open\r\n");
  g_assert_cmpstr (other, ==, "Info.status=Close\r\n");

  session = rpc2_login (soup, door, door->password, &failed);
  g_assert_null (failed);
  instance = rpc2_call (soup, door, session, "accessControl.factory.instance", "{\"channel\":2}");
  {
    g_autofree char *close_json = g_strdup_printf ("{\"method\":\"accessControl.closeDoor\",\"id\":5,\"session\":%"
                                                   G_GINT64_FORMAT ",\"object\":%" G_GINT64_FORMAT ",\"params\":{}}",
                                                   session, json_object_get_int_member (instance, "result"));
    g_autofree char *state_json = g_strdup_printf ("{\"method\":\"accessControl.getDoorStatus\",\"id\":6,\"session\":%"
                                                   G_GINT64_FORMAT ",\"params\":{\"DoorState\":3}}", session);

    closed = rpc2 (soup, door, "/RPC2", close_json);
    g_assert_true (json_object_get_boolean_member (closed, "result"));
    state = rpc2 (soup, door, "/RPC2", state_json);
  }
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (state, "params"), "Info"),
                     "status"), ==, "Close");
}

static void
test_initialise (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-init", (const char *[]) { "--ipc", "1", "--uninitialised", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  DevsimFixtureDevice named = *cam;
  g_autoptr(JsonObject) weak = NULL;
  g_autoptr(JsonObject) init = NULL;
  g_autoptr(JsonObject) refused = NULL;
  JsonObject *failed = NULL;

  named.user = (char *) "admin";
  g_assert_cmpint (rpc2_login (soup, &named, "Strong-pass-1", &refused), ==, 0);
  g_assert_cmpint (error_code (refused), ==, 268632086);
  weak = rpc2 (soup, cam, "/RPC2_Login", "{\"method\":\"Security.initDevAccount\",\"id\":1,"
                                         "\"params\":{\"Name\":\"admin\",\"Pwd\":\"short\",\"Mail\":\"a@b.c\"}}");
  g_assert_false (json_object_get_boolean_member (weak, "result"));
  init = rpc2 (soup, cam, "/RPC2_Login", "{\"method\":\"Security.initDevAccount\",\"id\":2,"
                                         "\"params\":{\"Name\":\"admin\",\"Pwd\":\"Strong-pass-1\",\"Mail\":\"ops@example.com\"}}");
  g_assert_true (json_object_get_boolean_member (init, "result"));
  g_assert_cmpint (rpc2_login (soup, &named, "Strong-pass-1", &failed), !=, 0);
  g_assert_null (failed);
}

static void
test_body_limit (void)
{
  g_autoptr(DevsimFixture) sim = start ("devsim-http-limit", (const char *[]) { "--ipc", "1", "--no-rtsp", NULL });
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://%s:%u/RPC2", cam->address, cam->http_port);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (2 * 1024 * 1024), 2 * 1024 * 1024);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", big);
  reply = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, 413);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/http/curl-digest", test_curl_digest);
  g_test_add_func ("/devsim/http/config", test_config);
  g_test_add_func ("/devsim/http/rpc2-login", test_rpc2_login);
  g_test_add_func ("/devsim/http/lockout", test_lockout);
  g_test_add_func ("/devsim/http/media-find", test_media_find);
  g_test_add_func ("/devsim/http/ptz", test_ptz);
  g_test_add_func ("/devsim/http/alarm", test_alarm);
  g_test_add_func ("/devsim/http/snapshot", test_snapshot);
  g_test_add_func ("/devsim/http/cgi-events", test_cgi_events);
  g_test_add_func ("/devsim/http/door", test_door);
  g_test_add_func ("/devsim/http/initialise", test_initialise);
  g_test_add_func ("/devsim/http/body-limit", test_body_limit);
  return g_test_run ();
}
