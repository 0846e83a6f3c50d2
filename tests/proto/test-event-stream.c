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

/* @form: "dvrip" (notifications on the session), "rpc2" (SubscribeNotify.cgi) or
 * "cgi" (a --cgi-only device: the eventManager.cgi multipart stream). */
static void
run_stream_test (const char *form)
{
  g_autoptr(GError) error = NULL;
  gboolean over_http = strcmp (form, "dvrip") != 0;
  g_autofree char *name = g_strconcat ("proto-events-", form, NULL);
  const char *args[] = { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp",
                         strcmp (form, "cgi") == 0 ? "--cgi-only" : NULL, NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (name, args, &error);
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
  g_assert_cmpstr (warden_device_session_get_protocol_name (session), ==, form);

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
test_stream (gconstpointer data)
{
  run_stream_test (data);
}

static WardenEvent *
wait_for_code (Collected  *c,
               const char *code)
{
  for (guint seen = 0;; seen = c->events->len)
    {
      while (c->events->len == seen)
        g_main_context_iteration (NULL, TRUE);
      for (guint i = seen; i < c->events->len; i++)
        if (strcmp (warden_event_get_code (g_ptr_array_index (c->events, i)), code) == 0)
          return g_ptr_array_index (c->events, i);
    }
}

static void
test_door_events (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--door", "1", "--doors", "2", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-door-events-rpc2"
                                                                 : "proto-door-events-dvrip",
                                                       args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);
  const char *codes[] = { "DoorStatus", "AccessControl", NULL };
  g_autoptr(WardenEventStream) stream = warden_event_stream_new (session, codes);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Collected c = { events, NULL };
  GAsyncResult *result = NULL;
  WardenEvent *status;
  JsonObject *status_data;

  g_assert_no_error (error);
  warden_event_stream_set_heartbeat (stream, 1);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &c);
  warden_event_stream_start (stream);
  wait_attached (stream);

  /* Opening door 2 reports its contact and an access record. */
  warden_device_session_door_async (session, 2, WARDEN_DOOR_OPEN, NULL, proto_test_result_cb, &result);
  g_assert_true (warden_device_session_control_finish (session, proto_test_wait (&result), NULL, &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  status = wait_for_code (&c, "DoorStatus");
  g_assert_cmpint (warden_event_get_channel (status), ==, 1);
  status_data = json_node_get_object (warden_event_get_data (status));
  g_assert_cmpstr (json_object_get_string_member (status_data, "Status"), ==, "Open");
  wait_for_code (&c, "AccessControl");
  for (guint i = 0; i < events->len; i++)
    g_assert_true (g_strv_contains (codes, warden_event_get_code (g_ptr_array_index (events, i))));
}

/* Tripping an alarm input reports AlarmLocal Start, and Stop when it clears. */
static void
test_alarm_events (gconstpointer data)
{
  gboolean over_http = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (over_http ? "proto-alarm-events-rpc2"
                                                                 : "proto-alarm-events-dvrip",
                                                       args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = proto_test_session_new (dev, over_http, NULL);
  const char *codes[] = { "AlarmLocal", NULL };
  g_autoptr(WardenEventStream) stream = warden_event_stream_new (session, codes);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Collected c = { events, NULL };
  g_autofree char *on = NULL;
  g_autofree char *off = NULL;
  WardenEvent *start;
  WardenEvent *stop;

  g_assert_no_error (error);
  warden_event_stream_set_heartbeat (stream, 1);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &c);
  warden_event_stream_start (stream);
  wait_attached (stream);

  on = devsim_fixture_ctl (sim, &error, "alarm-in %s 2 on", dev->address);
  g_assert_no_error (error);
  start = wait_for_code (&c, "AlarmLocal");
  g_assert_cmpstr (warden_event_get_action (start), ==, "Start");
  g_assert_cmpint (warden_event_get_channel (start), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (warden_event_get_data (start)), "Name"),
                   ==, "Alarm input 2");

  off = devsim_fixture_ctl (sim, &error, "alarm-in %s 2 off", dev->address);
  g_assert_no_error (error);
  /* The stream asked for AlarmLocal only: the next event is the Stop. */
  while (events->len < 2)
    g_main_context_iteration (NULL, TRUE);
  stop = g_ptr_array_index (events, 1);
  g_assert_cmpstr (warden_event_get_code (stop), ==, "AlarmLocal");
  g_assert_cmpstr (warden_event_get_action (stop), ==, "Stop");
  g_assert_cmpint (warden_event_get_channel (stop), ==, 1);
  warden_event_stream_stop (stream);
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

  g_test_add_data_func ("/proto/event-stream/over-session", "dvrip", test_stream);
  g_test_add_data_func ("/proto/event-stream/over-subscribe-notify", "rpc2", test_stream);
  g_test_add_data_func ("/proto/event-stream/over-cgi", "cgi", test_stream);
  g_test_add_data_func ("/proto/event-stream/door-events/dvrip", GINT_TO_POINTER (FALSE), test_door_events);
  g_test_add_data_func ("/proto/event-stream/door-events/rpc2", GINT_TO_POINTER (TRUE), test_door_events);
  g_test_add_data_func ("/proto/event-stream/alarm-events/dvrip", GINT_TO_POINTER (FALSE), test_alarm_events);
  g_test_add_data_func ("/proto/event-stream/alarm-events/rpc2", GINT_TO_POINTER (TRUE), test_alarm_events);
  g_test_add_func ("/proto/event-stream/wrong-password-fails", test_wrong_password_fails);

  return g_test_run ();
}
