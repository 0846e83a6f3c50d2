/* test-devsim-ctl.c: faults on command, through the fixture and `warden-devsim ctl`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-fixture.h"
#include "devsim-test-util.h"

#include <libsoup/soup.h>
#include <string.h>

static int
curl_exit (const DevsimFixtureDevice *device)
{
  g_autofree char *url = g_strdup_printf ("http://%s:%u/cgi-bin/magicBox.cgi?action=getDeviceType",
                                          device->address, device->http_port);
  const char *argv[] = { "curl", "--silent", "--max-time", "30", "--output", "/dev/null", url, NULL };
  int status = 0;
  g_autofree char *out = test_run (argv, &status);

  /* --output sends the body elsewhere: nothing reaches stdout. */
  g_assert_cmpstr (out, ==, "");
  return status;
}

static void
test_offline_online_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-ctl-offline",
                                                       (const char *[]) { "--ipc", "2", "--no-rtsp", NULL }, &error);
  const DevsimFixtureDevice *cam;
  const DevsimFixtureDevice *other;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *old_serial = NULL;
  g_autoptr(JsonObject) restarted = NULL;
  int code = 0;

  g_assert_no_error (error);
  cam = devsim_fixture_get_device (sim, 0);
  other = devsim_fixture_get_device (sim, 1);
  g_assert_cmpstr (cam->address, !=, other->address);
  r1 = devsim_fixture_ctl (sim, &error, "offline %s", cam->name);
  g_assert_no_error (error);
  /* 7: curl could not connect. The other device is untouched. */
  g_assert_cmpint (curl_exit (cam), ==, 7);
  g_assert_cmpint (curl_exit (other), ==, 0);
  r2 = devsim_fixture_ctl (sim, &error, "online %s", cam->address);
  g_assert_no_error (error);
  g_assert_cmpint (curl_exit (cam), ==, 0);

  old_serial = g_strdup_printf ("sn=%s\r\n", cam->serial);
  r3 = devsim_fixture_ctl (sim, &error, "restart %s", cam->address);
  g_assert_no_error (error);
  restarted = test_parse_object (r3, -1);
  g_assert_cmpstr (json_object_get_string_member (restarted, "serial"), !=, cam->serial);
  serial = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getSerialNo", &code);
  g_assert_cmpint (code, ==, 200);
  g_assert_cmpstr (serial, !=, old_serial);
  g_assert_true (g_str_has_prefix (serial, "sn="));
  g_assert_nonnull (strstr (serial, json_object_get_string_member (restarted, "serial")));

  g_assert_null (devsim_fixture_ctl (sim, &error, "offline 127.255.255.254"));
  g_assert_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_COMMAND);
}

static void
test_refuse_logins_and_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-ctl-refuse",
                                                       (const char *[]) { "--ipc", "1", "--no-rtsp", NULL }, &error);
  const DevsimFixtureDevice *cam;
  const char *exe = g_getenv ("WARDEN_DEVSIM");
  g_autofree char *body = NULL;
  g_autofree char *list = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *off = NULL;
  g_autoptr(JsonObject) listed = NULL;
  int code = 0, status = -1;

  g_assert_no_error (error);
  cam = devsim_fixture_get_device (sim, 0);
  {
    const char *argv[] = { exe, "ctl", "--control", devsim_fixture_get_control_path (sim),
                           "refuse-logins", cam->address, "on", NULL };
    g_autofree char *out = test_run (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (out, ==, "{\"ok\":true}\n");
  }
  body = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getDeviceType", &code);
  g_assert_cmpint (code, ==, 401);
  off = devsim_fixture_ctl (sim, &error, "refuse-logins all off");
  g_assert_no_error (error);
  g_free (body);
  body = test_curl_cgi (cam, cam->password, "magicBox.cgi?action=getDeviceType", &code);
  g_assert_cmpint (code, ==, 200);

  {
    const char *argv[] = { exe, "ctl", "--control", devsim_fixture_get_control_path (sim), "list", NULL };

    list = test_run (argv, &status);
    g_assert_cmpint (status, ==, 0);
    listed = test_parse_object (list, -1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listed, "devices")), ==, 1);
  }
  {
    const char *argv[] = { exe, "ctl", "--control", devsim_fixture_get_control_path (sim),
                           "no-such-command", cam->address, NULL };

    bad = test_run (argv, &status);
    g_assert_cmpint (status, ==, 1);
    g_assert_true (g_str_has_prefix (bad, "{\"ok\":false"));
  }
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_flood_and_oversized (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-ctl-flood",
                                                       (const char *[]) { "--ipc", "1", "--no-rtsp", NULL }, &error);
  const DevsimFixtureDevice *cam;
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *r3 = NULL;

  g_assert_no_error (error);
  cam = devsim_fixture_get_device (sim, 0);
  url = g_strdup_printf ("http://%s:%u/cgi-bin/eventManager.cgi?action=attach&codes=%%5BAll%%5D",
                         cam->address, cam->http_port);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "authenticate", G_CALLBACK (test_authenticate_cb), (gpointer) cam);
  stream = soup_session_send (soup, msg, NULL, &error);
  g_assert_no_error (error);

  r1 = devsim_fixture_ctl (sim, &error, "flood %s 200", cam->address);
  g_assert_no_error (error);
  while (count (seen->str, "Code=VideoMotion;action=Pulse") < 50)
    {
      char buffer[8192];
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (seen, buffer, n);
    }
  r2 = devsim_fixture_ctl (sim, &error, "flood %s 0", cam->address);
  g_assert_no_error (error);

  /* An oversized event announces and carries more than 2 MiB. */
  r3 = devsim_fixture_ctl (sim, &error, "oversized-event %s", cam->address);
  g_assert_no_error (error);
  while (seen->len < 2 * 1024 * 1024 + 4096 || strstr (seen->str, "\"Padding\"") == NULL)
    {
      char buffer[65536];
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (seen, buffer, n);
    }
  g_assert_nonnull (strstr (seen->str, "Content-Length: 2097"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/ctl/offline-online-restart", test_offline_online_restart);
  g_test_add_func ("/devsim/ctl/refuse-logins-and-cli", test_refuse_logins_and_cli);
  g_test_add_func ("/devsim/ctl/flood-and-oversized", test_flood_and_oversized);
  return g_test_run ();
}
