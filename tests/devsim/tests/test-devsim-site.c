/* test-devsim-site.c: devices described by a site file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-fixture.h"
#include "devsim-test-util.h"

#include <string.h>

static const char site[] =
  "[site]\n"
  "events-every=0\n"
  "\n"
  "[device Lobby]\n"
  "kind=ipc\n"
  "password=Lobby-pass-1\n"
  "channel-names=Lobby entrance\n"
  "\n"
  "[device Recorder]\n"
  "kind=nvr\n"
  "channels=6\n"
  "utc-offset=3600\n"
  "channel-names=Gate;Yard\n"
  "ptz-channel-base=0\n"
  "\n"
  "[device Front door]\n"
  "kind=door\n"
  "doors=4\n";

static void
test_site_file (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "devsim-site", NULL);
  g_autofree char *path = g_build_filename (dir, "site.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = NULL;
  const DevsimFixtureDevice *lobby, *recorder, *door;
  g_autofree char *title = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *ptz = NULL;
  g_autofree char *general = NULL;
  int code = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, site, -1, &error);
  g_assert_no_error (error);
  sim = devsim_fixture_start ("devsim-site", (const char *[]) { "--site", path, "--ipc", "1", "--no-rtsp", NULL },
                              &error);
  g_assert_no_error (error);

  /* The file's devices in order, then the flag's camera. */
  g_assert_cmpuint (devsim_fixture_get_n_devices (sim), ==, 4);
  lobby = devsim_fixture_get_device (sim, 0);
  recorder = devsim_fixture_get_device (sim, 1);
  door = devsim_fixture_get_device (sim, 2);
  g_assert_cmpstr (lobby->name, ==, "Lobby");
  g_assert_cmpstr (lobby->kind, ==, "ipc");
  g_assert_cmpstr (lobby->password, ==, "Lobby-pass-1");
  g_assert_cmpstr (recorder->kind, ==, "nvr");
  g_assert_cmpint (recorder->channels, ==, 6);
  g_assert_cmpstr (door->name, ==, "Front door");
  g_assert_cmpint (door->doors, ==, 4);
  g_assert_cmpstr (devsim_fixture_get_device (sim, 3)->kind, ==, "ipc");
  g_assert_cmpstr (devsim_fixture_get_device (sim, 3)->password, ==, "admin123");

  title = test_curl_cgi (lobby, lobby->password, "configManager.cgi?action=getConfig&name=ChannelTitle", &code);
  g_assert_cmpstr (title, ==, "table.ChannelTitle[0].Name=Lobby entrance\r\n");
  titles = test_curl_cgi (recorder, recorder->password, "configManager.cgi?action=getConfig&name=ChannelTitle", &code);
  g_assert_nonnull (strstr (titles, "table.ChannelTitle[1].Name=Yard\r\n"));
  g_assert_nonnull (strstr (titles, "table.ChannelTitle[5].Name=Channel 6\r\n"));
  general = test_curl_cgi (recorder, recorder->password, "configManager.cgi?action=getConfig&name=General.UTCOffsetSeconds", &code);
  g_assert_cmpstr (general, ==, "table.General.UTCOffsetSeconds=3600\r\n");
  /* ptz-channel-base=0: channel=0 is the first channel. */
  ptz = test_curl_cgi (recorder, recorder->password, "ptz.cgi?action=getStatus&channel=0", &code);
  g_assert_cmpint (code, ==, 200);
  g_assert_nonnull (strstr (ptz, "status.MoveStatus=Idle\r\n"));
}

static void
test_bad_site_file (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "devsim-site-bad", NULL);
  g_autofree char *path = g_build_filename (dir, "site.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "[device Huge]\nkind=nvr\nchannels=65\n", -1, &error);
  g_assert_no_error (error);
  sim = devsim_fixture_start ("devsim-site-bad", (const char *[]) { "--site", path, NULL }, &error);
  g_assert_null (sim);
  g_assert_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_START);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/site/file", test_site_file);
  g_test_add_func ("/devsim/site/bad-file", test_bad_site_file);
  return g_test_run ();
}
