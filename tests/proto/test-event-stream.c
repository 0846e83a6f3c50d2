/* test-event-stream.c: events over the session and over CGI, with faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devsim-fixture.h"
#include "warden-event-stream.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <string.h>

typedef struct
{
  GPtrArray *events;
  GError *failure;
} Collected;

static void
event_cb (WardenEventStream *stream,
          WardenEvent       *event,
          gpointer           user_data)
{
  Collected *c = user_data;

  g_ptr_array_add (c->events, g_object_ref (event));
}

static void
failed_cb (WardenEventStream *stream,
           const GError      *error,
           gpointer           user_data)
{
  Collected *c = user_data;

  c->failure = g_error_copy (error);
}

static void
wait_attached (WardenEventStream *stream)
{
  while (!warden_event_stream_get_attached (stream))
    g_main_context_iteration (NULL, TRUE);
}

/* Asks the simulator for an event until one with @code arrives: a request sent
 * while the stream re-attaches is lost, as on a real device. */
static WardenEvent *
emit_and_wait (DevsimFixture             *sim,
               const DevsimFixtureDevice *dev,
               WardenEventStream         *stream,
               Collected                 *c,
               const char                *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  guint before = c->events->len;

  wait_attached (stream);
  reply = devsim_fixture_ctl (sim, &error, "emit %s %s Start 2", dev->address, code);
  g_assert_no_error (error);
  for (;;)
    {
      while (c->events->len == before)
        g_main_context_iteration (NULL, TRUE);
      for (guint i = before; i < c->events->len; i++)
        if (strcmp (warden_event_get_code (g_ptr_array_index (c->events, i)), code) == 0)
          return g_ptr_array_index (c->events, i);
      before = c->events->len;
    }
}

static void
run_stream_test (gboolean over_http)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-events-cgi" : "proto-events-dvrip",
                                                       args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);
  g_autoptr(WardenEventStream) stream = warden_event_stream_new (session, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Collected c = { events, NULL };
  g_autofree char *reply = NULL;
  WardenEvent *event;

  g_assert_no_error (error);
  warden_event_stream_set_heartbeat (stream, 1);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &c);
  warden_event_stream_start (stream);

  event = emit_and_wait (sim, dev, stream, &c, "VideoMotion");
  g_assert_cmpstr (warden_event_get_device (event), ==, dev->address);
  g_assert_cmpint (warden_event_get_channel (event), ==, 2);
  g_assert_cmpstr (warden_event_get_action (event), ==, "Start");
  g_assert_cmpint (warden_device_session_get_protocol (session), ==,
                   over_http ? WARDEN_PROTOCOL_RPC2 : WARDEN_PROTOCOL_DVRIP);

  /* A malformed event is skipped; the stream goes on. */
  reply = devsim_fixture_ctl (sim, &error, "malformed-event %s", dev->address);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_free);
  emit_and_wait (sim, dev, stream, &c, "AlarmLocal");

  /* The device drops every session and stream: the stream comes back by itself. */
  reply = devsim_fixture_ctl (sim, &error, "drop-sessions %s", dev->address);
  g_assert_no_error (error);
  while (warden_event_stream_get_attached (stream))
    g_main_context_iteration (NULL, TRUE);
  emit_and_wait (sim, dev, stream, &c, "VideoLoss");

  warden_event_stream_stop (stream);
  g_assert_false (warden_event_stream_get_attached (stream));
}

static void
test_over_session (void)
{
  run_stream_test (FALSE);
}

static void
test_over_cgi (void)
{
  run_stream_test (TRUE);
}

static void
test_wrong_password_fails (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-events-auth", args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, FALSE, "wrong");
  g_autoptr(WardenEventStream) stream = warden_event_stream_new (session, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Collected c = { events, NULL };

  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), &c);
  warden_event_stream_start (stream);
  while (c.failure == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (c.failure, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&c.failure);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/event-stream/over-session", test_over_session);
  g_test_add_func ("/proto/event-stream/over-cgi", test_over_cgi);
  g_test_add_func ("/proto/event-stream/wrong-password-fails", test_wrong_password_fails);

  return g_test_run ();
}
