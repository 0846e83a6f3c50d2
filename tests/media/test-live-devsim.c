/* test-live-devsim.c: WardenLiveStream against warden-devsim, the device simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>

#include "devsim-fixture.h"
#include "media-test-server.h"
#include "warden-live-stream.h"

typedef struct
{
  DevsimFixture *sim;
  const DevsimFixtureDevice *camera;
  WardenLiveStream *stream;
} Fixture;

static gboolean
is_playing (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_state (fixture->stream) == WARDEN_LIVE_STATE_PLAYING
         && warden_live_stream_get_width (fixture->stream) > 0;
}

static gboolean
is_reconnecting (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_state (fixture->stream) == WARDEN_LIVE_STATE_RECONNECTING;
}

static gboolean
is_error (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_state (fixture->stream) == WARDEN_LIVE_STATE_ERROR;
}

static void
ctl (Fixture    *fixture,
     const char *command,
     const char *argument)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = devsim_fixture_ctl (fixture->sim, &error, "%s %s %s", command,
                                               fixture->camera->address, argument);

  g_assert_no_error (error);
}

static char *
camera_url (Fixture    *fixture,
            const char *password,
            int         subtype)
{
  g_autofree char *user = g_uri_escape_string (fixture->camera->user, NULL, FALSE);
  g_autofree char *secret = g_uri_escape_string (password, NULL, FALSE);

  return g_strdup_printf ("rtsp://%s:%s@%s:%u/cam/realmonitor?channel=1&subtype=%d",
                          user, secret, fixture->camera->address, fixture->camera->rtsp_port,
                          subtype);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  test_name)
{
  g_autoptr(GError) error = NULL;

  fixture->sim = devsim_fixture_start (test_name, (const char *[]) { "--ipc", "1", NULL }, &error);
  g_assert_no_error (error);
  fixture->camera = devsim_fixture_find_device (fixture->sim, "ipc");
  g_assert_nonnull (fixture->camera);
  g_assert_cmpuint (fixture->camera->rtsp_port, !=, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  test_name)
{
  if (fixture->stream != NULL)
    {
      warden_live_stream_stop (fixture->stream);
      g_assert_finalize_object (fixture->stream);
    }
  devsim_fixture_stop (fixture->sim);
}

static void
test_resilience (Fixture       *fixture,
                 gconstpointer  test_name)
{
  g_autofree char *sub_url = camera_url (fixture, fixture->camera->password, 1);
  g_autofree char *main_url = camera_url (fixture, fixture->camera->password, 0);
  int sub_width;

  fixture->stream = warden_live_stream_new (sub_url, WARDEN_LATENCY_REALTIME);
  warden_live_stream_set_stall_timeout (fixture->stream, 2);
  warden_live_stream_set_size (fixture->stream, 320, 180);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);
  sub_width = warden_live_stream_get_width (fixture->stream);

  /* The camera stops sending: reconnect, and play again once it sends. */
  ctl (fixture, "stall-stream", "on");
  media_test_wait_until (is_reconnecting, fixture, 90);
  ctl (fixture, "stall-stream", "off");
  media_test_wait_until (is_playing, fixture, 90);

  /* The camera drops every session. */
  ctl (fixture, "drop-sessions", "");
  media_test_wait_until (is_reconnecting, fixture, 90);
  media_test_wait_until (is_playing, fixture, 90);

  /* The device goes offline and comes back: the stream resumes on its own. */
  ctl (fixture, "offline", "");
  media_test_wait_until (is_reconnecting, fixture, 90);
  ctl (fixture, "online", "");
  media_test_wait_until (is_playing, fixture, 90);

  /* Sub to main: a larger picture once main's first key frame is decoded. */
  warden_live_stream_set_url (fixture->stream, main_url);
  while (warden_live_stream_get_width (fixture->stream) <= sub_width)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  test_name)
{
  g_autofree char *url = camera_url (fixture, "not-the-password", 1);

  /* Retrying a wrong password would lock the account: the stream gives up. */
  fixture->stream = warden_live_stream_new (url, WARDEN_LATENCY_REALTIME);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_error, fixture, 90);
  g_assert_nonnull (strstr (warden_live_stream_get_error_message (fixture->stream), "password"));
  g_assert_null (strstr (warden_live_stream_get_error_message (fixture->stream), "not-the-password"));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/media/live-devsim/resilience", Fixture, "media-live-resilience",
              fixture_set_up, test_resilience, fixture_tear_down);
  g_test_add ("/media/live-devsim/wrong-password", Fixture, "media-live-password",
              fixture_set_up, test_wrong_password, fixture_tear_down);

  return g_test_run ();
}
