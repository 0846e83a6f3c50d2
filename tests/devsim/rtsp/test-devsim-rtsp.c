/* test-devsim-rtsp.c: warden-devsim's RTSP server, pulled by clients nobody here wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gst-launch-1.0 and ffprobe run as separate programs; the in-process checks use
 * GStreamer's own rtspsrc. The server runs on this thread's main context, so every
 * wait here iterates it.
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-loop.h"
#include "devsim-recordings.h"
#include "devsim-rtsp.h"

#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <string.h>

#define USER          "admin"
#define PASSWORD      "admin123"
/* Guards against a hung client; never a measure of speed. */
#define CLIENT_LIMIT_S 60

typedef struct
{
  DevsimDevice *device;
  DevsimRtsp *rtsp;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DevsimChannel *ch;

  f->device = devsim_device_new (DEVSIM_KIND_NVR, 0, "127.0.0.1", 4);
  devsim_device_add_user (f->device, USER, PASSWORD);
  /* Small main streams keep the first encode of each loop quick. */
  ch = g_ptr_array_index (f->device->channels, 0);
  ch->stream[0] = (DevsimStreamConfig) { DEVSIM_CODEC_H264, 640, 360, 25, 1024, 25 };
  ch = g_ptr_array_index (f->device->channels, 1);
  ch->stream[0] = (DevsimStreamConfig) { DEVSIM_CODEC_H265, 640, 360, 25, 1024, 25 };
  f->device->rtsp_port = 0;
  f->rtsp = devsim_rtsp_new (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->device->rtsp_port, >, 0);
}

static void serve_for (guint ms);

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A client that just hung up is still being closed on its own server thread;
   * closing it again from here (devsim_rtsp_free drops every client) races with that
   * thread's read and trips a GLib-GIO critical. Let those clients go first, for up
   * to two seconds. */
  for (int i = 0; i < 100 && devsim_rtsp_count_clients (f->rtsp) > 0; i++)
    serve_for (20);
  g_clear_pointer (&f->rtsp, devsim_rtsp_free);
  g_clear_pointer (&f->device, devsim_device_free);
}

static char *
url_for (Fixture    *f,
         const char *user,
         const char *password,
         const char *path_and_query)
{
  return g_strdup_printf ("rtsp://%s:%s@%s:%u/%s", user, password, f->device->address,
                          f->device->rtsp_port, path_and_query);
}

/* Iterates the main context for `ms` milliseconds. */
static void
serve_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

typedef struct
{
  gboolean done;
  char *out;
  char *err;
  int status;
} ClientRun;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  ClientRun *run = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

/* Runs a client program to completion while the server keeps serving. */
static int
run_client (char              **out,
            char              **err,
            const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *command = NULL;
  ClientRun run = { 0 };

  g_ptr_array_add (args, (gpointer) "timeout");
  g_ptr_array_add (args, (gpointer) G_STRINGIFY (CLIENT_LIMIT_S));
  for (int i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  command = g_strjoinv (" ", (char **) argv);
  g_test_message ("%s: exit %d\n%s%s", command, run.status, run.out, run.err);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  if (err != NULL)
    *err = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  return run.status;
}

/* Runs a gst-launch-1.0 pipeline (ending in "identity eos-after=N ! fakesink") and says
 * whether it reached EOS, that is whether N frames made it through. The exit status
 * does not tell: at EOS gst-launch shuts down, rtspsrc may send TEARDOWN before PAUSE,
 * the server closes the connection after TEARDOWN (as devices do), and the PAUSE that
 * follows fails with an error although every frame arrived. */
static gboolean
gst_launch_reaches_eos (const char * const *pipeline)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;

  g_ptr_array_add (args, (gpointer) "env");
  g_ptr_array_add (args, (gpointer) "LC_ALL=C");
  g_ptr_array_add (args, (gpointer) "gst-launch-1.0");
  for (int i = 0; pipeline[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) pipeline[i]);
  g_ptr_array_add (args, NULL);
  run_client (&out, NULL, (const char * const *) args->pdata);
  return strstr (out, "Got EOS from element") != NULL;
}

static int
ffprobe (const char *url,
         char      **out,
         char      **err)
{
  return run_client (out, err, (const char *[]) {
    "ffprobe", "-v", "error", "-rtsp_transport", "tcp",
    "-show_entries", "stream=codec_name,width,height", "-of", "default=nw=1", url, NULL });
}

/* A playback range of 10 minutes inside the channel's first recording that lasts
 * that long (the first of the history may be cut by its start), in the URL's
 * device-local form. */
static char *
playback_query (Fixture *f,
                int      channel,
                int      subtype)
{
  const DevsimDevice *device = f->device;
  g_autoptr(GArray) found = devsim_recordings_find (device, channel - 1,
                                                    device->history_end_utc -
                                                    DEVSIM_HISTORY_SECONDS,
                                                    device->history_end_utc, FALSE);
  const DevsimRecording *rec;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  guint i = 0;

  while (i < found->len && g_array_index (found, DevsimRecording, i).end_utc -
                           g_array_index (found, DevsimRecording, i).start_utc < 600)
    i++;
  g_assert_cmpuint (i, <, found->len);
  rec = &g_array_index (found, DevsimRecording, i);
  start = devsim_format_local_time (device, rec->start_utc);
  end = devsim_format_local_time (device, rec->start_utc + 600);
  g_strdelimit (start, "- :", '_');
  g_strdelimit (end, "- :", '_');
  return g_strdup_printf ("cam/playback?channel=%d&subtype=%d&starttime=%s&endtime=%s",
                          channel, subtype, start, end);
}

static void
test_live_gst_launch (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=1&subtype=1");
  g_autofree char *location = g_strdup_printf ("location=%s", url);
  DevsimChannel *ch = g_ptr_array_index (f->device->channels, 0);

  /* A name as a client may set it: too long, and not UTF-8. */
  g_free (ch->name);
  ch->name = g_strnfill (300, 'x');
  ch->name[7] = (char) 0xff;

  /* The sub stream decodes, at the configured D1 size. */
  g_assert_true (gst_launch_reaches_eos ((const char *[]) {
    "rtspsrc", location, "latency=0", "!", "rtph264depay", "!",
    "h264parse", "!", "avdec_h264", "!", "video/x-raw,width=704,height=576", "!",
    "identity", "eos-after=20", "!", "fakesink", NULL }));
}

static void
test_live_ffprobe (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *main_url = url_for (f, USER, PASSWORD,
                                       "cam/realmonitor?channel=2&subtype=0"
                                       "&unicast=true&proto=Onvif");
  g_autofree char *sub_url = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=2&subtype=1");
  g_autofree char *out = NULL;
  g_autofree char *sub_out = NULL;
  DevsimChannel *ch = g_ptr_array_index (f->device->channels, 1);

  g_assert_cmpint (ffprobe (main_url, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "codec_name=hevc\nwidth=640\nheight=360"));
  g_assert_cmpint (ffprobe (sub_url, &sub_out, NULL), ==, 0);
  g_assert_nonnull (strstr (sub_out, "codec_name=h264\nwidth=704\nheight=576"));

  /* A changed configuration takes effect on the next stream start. */
  g_mutex_lock (&f->device->lock);
  ch->stream[0] = (DevsimStreamConfig) { DEVSIM_CODEC_H264, 320, 240, 10, 256, 10 };
  g_mutex_unlock (&f->device->lock);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ffprobe (main_url, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "codec_name=h264\nwidth=320\nheight=240"));
  g_assert_null (strstr (out, "pcm_alaw"));

  /* AudioEnable adds the microphone's track, G.711 A-law. */
  g_mutex_lock (&f->device->lock);
  ch->stream[0].audio = TRUE;
  g_mutex_unlock (&f->device->lock);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ffprobe (main_url, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "codec_name=h264\nwidth=320\nheight=240"));
  g_assert_nonnull (strstr (out, "codec_name=pcm_alaw"));
}

/* ffprobe fails on url; returns what it printed on stderr. */
static char *
assert_refused (const char *url,
                const char *status)
{
  char *err = NULL;

  g_assert_cmpint (ffprobe (url, NULL, &err), !=, 0);
  if (status != NULL)
    g_assert_nonnull (strstr (err, status));
  return err;
}

static void
set_login_faults (Fixture *f,
                  gint64   locked_until_us,
                  gboolean refuse_logins)
{
  DevsimUser *user = devsim_device_find_user (f->device, USER);

  g_mutex_lock (&f->device->lock);
  user->locked_until_us = locked_until_us;
  f->device->refuse_logins = refuse_logins;
  g_mutex_unlock (&f->device->lock);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  static const struct
  {
    const char *query;
    const char *status;
  } bad_requests[] = {
    { "cam/realmonitor?channel=5&subtype=0", "404 Not Found" },   /* a 4-channel NVR */
    { "cam/realmonitor?channel=1&subtype=2", "404 Not Found" },   /* no second sub stream */
    { "cam/elsewhere?channel=1", "404 Not Found" },
    { "cam/realmonitor?channel=one", "400 Bad Request" },
    { "cam/playback?channel=1&subtype=0&starttime=2001_02_03_04_05_06", "400 Bad Request" },
    /* A range that holds no recording. */
    { "cam/playback?channel=1&subtype=0&starttime=2001_01_01_00_00_00"
      "&endtime=2001_01_01_01_00_00", "404 Not Found" },
  };
  g_autofree char *wrong = url_for (f, USER, "wrong", "cam/realmonitor?channel=1&subtype=1");
  g_autofree char *good = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=1&subtype=1");
  DevsimUser *user = devsim_device_find_user (f->device, USER);
  g_autofree char *offline = NULL;

  g_free (assert_refused (wrong, "401 Unauthorized"));
  for (gsize i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      g_autofree char *url = url_for (f, USER, PASSWORD, bad_requests[i].query);

      g_free (assert_refused (url, bad_requests[i].status));
    }

  /* A locked user and a device that refuses logins authenticate nobody. */
  set_login_faults (f, g_get_real_time () + 60 * G_USEC_PER_SEC, FALSE);
  g_free (assert_refused (good, "401 Unauthorized"));
  set_login_faults (f, 0, TRUE);
  g_free (assert_refused (good, "401 Unauthorized"));
  set_login_faults (f, 0, FALSE);

  /* A changed password works at once. */
  g_mutex_lock (&f->device->lock);
  g_free (user->password);
  user->password = g_strdup ("wrong");
  g_mutex_unlock (&f->device->lock);
  g_assert_cmpint (ffprobe (wrong, NULL, NULL), ==, 0);
  g_free (assert_refused (good, "401 Unauthorized"));

  /* An offline device does not even answer in RTSP. */
  f->device->online = FALSE;
  offline = assert_refused (wrong, NULL);
  g_assert_null (strstr (offline, "Unauthorized"));
}

static void
test_playback_clients (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *query = playback_query (f, 1, 1);
  g_autofree char *url = url_for (f, USER, PASSWORD, query);
  g_autofree char *location = g_strdup_printf ("location=%s", url);
  g_autofree char *out = NULL;

  g_assert_cmpint (ffprobe (url, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "codec_name=h264\nwidth=704\nheight=576"));
  g_assert_true (gst_launch_reaches_eos ((const char *[]) {
    "rtspsrc", location, "!", "rtph264depay", "!", "h264parse", "!",
    "avdec_h264", "!", "identity", "eos-after=20", "!", "fakesink", NULL }));
}

/* An in-process rtspsrc client that counts and checks the access units it gets. */
typedef struct
{
  GstElement *pipeline;
  GMutex lock;
  guint frames;                  /* access units since the last reset */
  guint key_frames;
  guint known;                   /* identical to a frame of the served loop */
  GstClockTime first_pts;        /* stream time of the first one */
  DevsimLoop *loop;              /* what the server serves, to compare against */
  /* RTCP: the capture time of received RTP packets against the wall clock */
  guint32 last_rtp_time;
  gint64 last_rtp_wall_us;
} Client;

static gboolean
is_loop_frame (DevsimLoop *loop,
               GstBuffer  *buffer)
{
  GstMapInfo map;
  gboolean found = FALSE;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return FALSE;
  for (guint i = 0; i < loop->n_frames && !found; i++)
    found = gst_buffer_get_size (loop->frames[i]) == map.size &&
            gst_buffer_memcmp (loop->frames[i], 0, map.data, map.size) == 0;
  gst_buffer_unmap (buffer, &map);
  return found;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  Client *client = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);

  g_mutex_lock (&client->lock);
  if (client->frames++ == 0)
    client->first_pts = gst_segment_to_stream_time (segment, GST_FORMAT_TIME,
                                                    GST_BUFFER_PTS (buffer));
  if (!GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    client->key_frames++;
  else if (client->loop != NULL && is_loop_frame (client->loop, buffer))
    client->known++;
  g_mutex_unlock (&client->lock);
  return GST_FLOW_OK;
}

static GstPadProbeReturn
rtp_probe_cb (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  Client *client = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  guint8 header[12];

  if (gst_buffer_extract (buffer, 0, header, sizeof header) == sizeof header)
    {
      g_mutex_lock (&client->lock);
      client->last_rtp_time = (guint32) header[4] << 24 | (guint32) header[5] << 16 |
                              (guint32) header[6] << 8 | header[7];
      client->last_rtp_wall_us = g_get_real_time ();
      g_mutex_unlock (&client->lock);
    }
  return GST_PAD_PROBE_OK;
}

static void
pad_added_cb (GstElement *src,
              GstPad     *pad,
              gpointer    data)
{
  Client *client = data;
  g_autoptr(GstElement) depay = gst_bin_get_by_name (GST_BIN (client->pipeline), "depay");
  g_autoptr(GstPad) sink = gst_element_get_static_pad (depay, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, rtp_probe_cb, client, NULL);
  g_assert_cmpint (gst_pad_link (pad, sink), ==, GST_PAD_LINK_OK);
}

static Client *
client_start (const char *url,
              DevsimLoop *loop)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  g_mutex_init (&client->lock);
  client->loop = loop;
  client->pipeline = gst_parse_launch ("rtspsrc name=src latency=0 protocols=tcp "
                                       "rtph264depay name=depay ! h264parse ! "
                                       "video/x-h264,stream-format=avc,alignment=au ! "
                                       "appsink name=sink sync=false async=false", &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (client->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (client->pipeline), "sink");
  g_object_set (src, "location", url, NULL);
  g_signal_connect (src, "pad-added", G_CALLBACK (pad_added_cb), client);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, client, NULL);
  gst_element_set_state (client->pipeline, GST_STATE_PLAYING);
  return client;
}

static void
client_stop (Client *client)
{
  gst_element_set_state (client->pipeline, GST_STATE_NULL);
  gst_object_unref (client->pipeline);
  g_mutex_clear (&client->lock);
  g_free (client);
}

static void
client_reset (Client *client)
{
  g_mutex_lock (&client->lock);
  client->frames = 0;
  client->key_frames = 0;
  client->known = 0;
  g_mutex_unlock (&client->lock);
}

static guint
client_frames (Client *client)
{
  guint frames;

  g_mutex_lock (&client->lock);
  frames = client->frames;
  g_mutex_unlock (&client->lock);
  return frames;
}

/* Serves until the client has `count` more frames, or fails after a generous limit. */
static void
wait_frames (Client *client,
             guint   count)
{
  gint64 limit = g_get_monotonic_time () + CLIENT_LIMIT_S * G_USEC_PER_SEC;

  while (client_frames (client) < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      serve_for (20);
    }
}

/* Serves until the client's pipeline posts an error or EOS. */
static void
wait_client_end (Client *client)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (client->pipeline);
  gint64 limit = g_get_monotonic_time () + CLIENT_LIMIT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR |
                                                            GST_MESSAGE_EOS);
      if (message != NULL)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      serve_for (20);
    }
}

static DevsimLoop *
loop_of (Fixture *f,
         int      channel,
         int      subtype)
{
  const DevsimChannel *ch = g_ptr_array_index (f->device->channels, channel - 1);
  g_autoptr(GError) error = NULL;
  DevsimLoop *loop = devsim_loop_get (&ch->stream[subtype],
                                      devsim_loop_look_for_channel (channel - 1), ch->name,
                                      &error);

  g_assert_no_error (error);
  return loop;
}

/* Stall: nothing more arrives until the stall ends. */
static void
check_stall (Fixture *f,
             Client  *client)
{
  guint stalled;

  g_mutex_lock (&f->device->lock);
  f->device->stall_streams = TRUE;
  g_mutex_unlock (&f->device->lock);
  serve_for (1000);
  stalled = client_frames (client);
  serve_for (1000);
  g_assert_cmpuint (client_frames (client), ==, stalled);
  g_mutex_lock (&f->device->lock);
  f->device->stall_streams = FALSE;
  g_mutex_unlock (&f->device->lock);
  wait_frames (client, stalled + 5);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=1&subtype=1");
  g_autoptr(DevsimLoop) loop = loop_of (f, 1, 1);
  Client *client = client_start (url, loop);

  /* Served frames are the loop's frames, byte for byte. */
  wait_frames (client, 3 * loop->gop);
  g_mutex_lock (&client->lock);
  g_assert_cmpuint (client->known, ==, client->frames - client->key_frames);
  g_assert_cmpuint (client->known, >, 0);
  g_mutex_unlock (&client->lock);

  /* Corrupt: the payloads differ from the loop's. */
  g_mutex_lock (&f->device->lock);
  f->device->corrupt_streams = TRUE;
  g_mutex_unlock (&f->device->lock);
  serve_for (1000);              /* frames sent before are through */
  client_reset (client);
  wait_frames (client, loop->gop);
  g_mutex_lock (&client->lock);
  g_assert_cmpuint (client->known, ==, 0);
  g_assert_cmpuint (client->frames, >, client->key_frames);
  g_mutex_unlock (&client->lock);
  g_mutex_lock (&f->device->lock);
  f->device->corrupt_streams = FALSE;
  g_mutex_unlock (&f->device->lock);
  check_stall (f, client);

  /* Dropping the sessions ends the client's stream. */
  devsim_rtsp_drop_sessions (f->rtsp);
  wait_client_end (client);
  client_stop (client);

  /* Going offline drops a running client too. */
  client = client_start (url, NULL);
  wait_frames (client, 5);
  f->device->online = FALSE;
  wait_client_end (client);
  client_stop (client);
}

static void
test_live_encode (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=3&subtype=1");
  g_autofree char *location = g_strdup_printf ("location=%s", url);
  Client *client;

  devsim_rtsp_set_live_encode (TRUE);
  g_assert_true (gst_launch_reaches_eos ((const char *[]) {
    "rtspsrc", location, "latency=0", "!", "rtph264depay", "!",
    "h264parse", "!", "avdec_h264", "!", "video/x-raw,width=704,height=576", "!",
    "identity", "eos-after=20", "!", "fakesink", NULL }));

  /* The live encode honours the faults too. */
  client = client_start (url, NULL);
  wait_frames (client, 5);
  check_stall (f, client);
  client_stop (client);
  devsim_rtsp_set_live_encode (FALSE);
}

static void
test_playback_control (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *query = playback_query (f, 1, 1);
  g_autofree char *url = url_for (f, USER, PASSWORD, query);
  g_autoptr(DevsimLoop) loop = loop_of (f, 1, 1);
  Client *client = client_start (url, NULL);
  guint paused;

  wait_frames (client, 10);

  /* A Range seek (npt=61-) starts on the key frame at or before 61 s. */
  client_reset (client);
  g_assert_true (gst_element_seek (client->pipeline, 1.0, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 61 * GST_SECOND,
                                   GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE));
  wait_frames (client, 2 * loop->gop);
  g_mutex_lock (&client->lock);
  g_assert_cmpuint (client->first_pts, <=, 61 * GST_SECOND);
  g_assert_cmpuint (client->first_pts, >, 61 * GST_SECOND - loop->gop * loop->frame_duration);
  g_assert_cmpuint (client->key_frames, <, client->frames);
  g_mutex_unlock (&client->lock);

  /* Scale 4: key frames only. */
  client_reset (client);
  g_assert_true (gst_element_seek (client->pipeline, 4.0, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 120 * GST_SECOND,
                                   GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE));
  wait_frames (client, 8);
  g_mutex_lock (&client->lock);
  g_assert_cmpuint (client->key_frames, ==, client->frames);
  g_mutex_unlock (&client->lock);

  /* PAUSE stops the flow; PLAY resumes it. */
  gst_element_set_state (client->pipeline, GST_STATE_PAUSED);
  serve_for (1000);
  paused = client_frames (client);
  serve_for (1000);
  g_assert_cmpuint (client_frames (client), ==, paused);
  gst_element_set_state (client->pipeline, GST_STATE_PLAYING);
  wait_frames (client, paused + 3);
  client_stop (client);
}

/* The last RTCP sender report that rtspsrc's session received, if any. */
static gboolean
read_sender_report (GstElement *src,
                    guint64    *ntp,
                    guint32    *rtp)
{
  g_autoptr(GstElement) manager = gst_bin_get_by_name (GST_BIN (src), "manager");
  g_autoptr(GObject) session = NULL;
  GValueArray *sources = NULL;
  gboolean found = FALSE;

  if (manager == NULL)
    return FALSE;
  g_signal_emit_by_name (manager, "get-internal-session", 0, &session);
  if (session == NULL)
    return FALSE;
  g_object_get (session, "sources", &sources, NULL);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 0; sources != NULL && i < sources->n_values; i++)
    {
      GObject *source = g_value_get_object (g_value_array_get_nth (sources, i));
      g_autoptr(GstStructure) stats = NULL;
      gboolean have_sr = FALSE;
      guint rtp_time = 0;

      g_object_get (source, "stats", &stats, NULL);
      if (gst_structure_get_boolean (stats, "have-sr", &have_sr) && have_sr &&
          gst_structure_get_uint64 (stats, "sr-ntptime", ntp) &&
          gst_structure_get_uint (stats, "sr-rtptime", &rtp_time))
        {
          *rtp = rtp_time;
          found = TRUE;
        }
    }
  if (sources != NULL)
    g_value_array_free (sources);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return found;
}

static void
test_rtcp_capture_time (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = url_for (f, USER, PASSWORD, "cam/realmonitor?channel=1&subtype=1");
  Client *client = client_start (url, NULL);
  g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (client->pipeline), "src");
  gint64 limit = g_get_monotonic_time () + CLIENT_LIMIT_S * G_USEC_PER_SEC;
  guint64 sr_ntp = 0;
  guint32 sr_rtp = 0;

  /* Wait for a sender report in the receiver's session statistics. */
  while (!read_sender_report (src, &sr_ntp, &sr_rtp))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      serve_for (100);
    }

  /* The newest packet's capture time, through the report, is the wall clock at which
   * it was sent, give or take the loopback: NTP is the real-time clock. */
  {
    gint64 ntp_us = (gint64) ((sr_ntp >> 32) - G_GUINT64_CONSTANT (2208988800)) * G_USEC_PER_SEC +
                    (gint64) (((sr_ntp & 0xffffffff) * G_USEC_PER_SEC) >> 32);
    gint64 capture_us, received_us;

    g_mutex_lock (&client->lock);
    capture_us = ntp_us + (gint64) (gint32) (client->last_rtp_time - sr_rtp) * 1000 / 90;
    received_us = client->last_rtp_wall_us;
    g_mutex_unlock (&client->lock);
    g_test_message ("capture to receive: %" G_GINT64_FORMAT " us", received_us - capture_us);
    g_assert_cmpint (ABS (received_us - capture_us), <, 2 * G_USEC_PER_SEC);
  }
  client_stop (client);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/devsim/rtsp/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("live/gst-launch", test_live_gst_launch);
  ADD ("live/ffprobe", test_live_ffprobe);
  ADD ("live/encode", test_live_encode);
  ADD ("refusals", test_refusals);
  ADD ("faults", test_faults);
  ADD ("rtcp-capture-time", test_rtcp_capture_time);
  ADD ("playback/clients", test_playback_clients);
  ADD ("playback/control", test_playback_control);
#undef ADD

  ret = g_test_run ();
  devsim_loop_cache_clear ();
  gst_deinit ();
  return ret;
}
