/* test-live-stream.c: WardenLiveStream against an RTSP server over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "media-test-server.h"
#include "warden-live-stream.h"
#include "warden-media-enums.h"
#include "warden-media-error.h"

typedef struct
{
  MediaTestServer *server;
  WardenLiveStream *stream;

  GMutex lock;
  guint64 frames;
  GArray *widths;              /* of every frame, in order */
  int first_main_brightness;   /* mean of the first 640-wide frame, -1 before */
  gboolean left_playing;       /* the state left PLAYING after it was reached */
  gboolean reached_playing;
  GFile *snapshot;
  GError *snapshot_error;

  /* a tile shown again: see test_resume_mid_gop() */
  gboolean resumed;
  gboolean resume_checked;     /* a key frame came after */
  guint64 frames_at_resume;
  guint64 frames_before_key;
} Fixture;

static int
mean_brightness (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;
  guint64 sum = 0;

  gst_buffer_map (buffer, &map, GST_MAP_READ);
  for (gsize i = 0; i < map.size; i += 4)
    sum += map.data[i] + map.data[i + 1] + map.data[i + 2];
  gst_buffer_unmap (buffer, &map);

  return (int) (sum / (map.size / 4 * 3));
}

static void
frame_cb (GstSample *sample,
          gpointer   user_data)
{
  Fixture *fixture = user_data;
  GstVideoInfo info;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_BGRA);

  g_mutex_lock (&fixture->lock);
  fixture->frames++;
  g_array_append_val (fixture->widths, GST_VIDEO_INFO_WIDTH (&info));
  if (GST_VIDEO_INFO_WIDTH (&info) == 640 && fixture->first_main_brightness < 0)
    fixture->first_main_brightness = mean_brightness (sample);
  g_mutex_unlock (&fixture->lock);
}

static void
state_changed_cb (WardenLiveStream *stream,
                  GParamSpec       *pspec,
                  Fixture          *fixture)
{
  if (warden_live_stream_get_state (stream) == WARDEN_LIVE_STATE_PLAYING)
    fixture->reached_playing = TRUE;
  else if (fixture->reached_playing)
    fixture->left_playing = TRUE;
}

static guint64
get_frames (Fixture *fixture)
{
  guint64 frames;

  g_mutex_lock (&fixture->lock);
  frames = fixture->frames;
  g_mutex_unlock (&fixture->lock);

  return frames;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  path)
{
  g_autofree char *url = NULL;

  g_mutex_init (&fixture->lock);
  fixture->widths = g_array_new (FALSE, FALSE, sizeof (int));
  fixture->first_main_brightness = -1;
  fixture->server = media_test_server_new ();
  url = media_test_server_get_url (fixture->server, path);
  fixture->stream = warden_live_stream_new (url, WARDEN_LATENCY_REALTIME);
  warden_live_stream_set_frame_func (fixture->stream, frame_cb, fixture, NULL);
  g_signal_connect (fixture->stream, "notify::state", G_CALLBACK (state_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  path)
{
  warden_live_stream_stop (fixture->stream);
  g_assert_finalize_object (fixture->stream);
  media_test_server_free (fixture->server);
  g_array_unref (fixture->widths);
  g_clear_object (&fixture->snapshot);
  g_clear_error (&fixture->snapshot_error);
  g_mutex_clear (&fixture->lock);
}

static gboolean
is_playing (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_state (fixture->stream) == WARDEN_LIVE_STATE_PLAYING;
}

static gboolean
is_reconnecting (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_state (fixture->stream) == WARDEN_LIVE_STATE_RECONNECTING;
}

static gboolean
has_readouts (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_fps (fixture->stream) > 0
         && warden_live_stream_get_bitrate_kbps (fixture->stream) > 0
         && warden_live_stream_get_width (fixture->stream) > 0;
}

static gboolean
has_30_frames (gpointer data)
{
  return get_frames (data) >= 30;
}

static gboolean
main_frame_shown (gpointer data)
{
  Fixture *fixture = data;
  gboolean shown;

  g_mutex_lock (&fixture->lock);
  shown = fixture->first_main_brightness >= 0;
  g_mutex_unlock (&fixture->lock);

  return shown && warden_live_stream_get_width (fixture->stream) == 640;
}

static void
test_play (Fixture       *fixture,
           gconstpointer  path)
{
  warden_live_stream_set_size (fixture->stream, 160, 90);
  warden_live_stream_set_title (fixture->stream, "Gate 1");
  warden_live_stream_start (fixture->stream);
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_CONNECTING);

  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (has_30_frames, fixture, 90);
  media_test_wait_until (has_readouts, fixture, 90);

  /* Frames come at the tile's size; the readouts give the stream's own. */
  g_mutex_lock (&fixture->lock);
  for (guint i = 0; i < fixture->widths->len; i++)
    g_assert_cmpint (g_array_index (fixture->widths, int, i), ==, 160);
  g_mutex_unlock (&fixture->lock);
  g_assert_cmpint (warden_live_stream_get_width (fixture->stream), ==, 320);
  g_assert_cmpint (warden_live_stream_get_height (fixture->stream), ==, 240);
  g_assert_null (warden_live_stream_get_error_message (fixture->stream));
  g_assert_cmpuint (warden_live_stream_get_latency_ms (fixture->stream), <=, 50);
}

static void
test_stall (Fixture       *fixture,
            gconstpointer  path)
{
  warden_live_stream_set_stall_timeout (fixture->stream, 2);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  media_test_server_set_stalled (fixture->server, TRUE);
  media_test_wait_until (is_reconnecting, fixture, 90);
  g_assert_cmpuint (warden_live_stream_get_retry_seconds (fixture->stream), >=, 1);
  g_assert_nonnull (strstr (warden_live_stream_get_error_message (fixture->stream), "No video from 127.0.0.1"));

  media_test_server_set_stalled (fixture->server, FALSE);
  media_test_wait_until (is_playing, fixture, 90);
  g_assert_null (warden_live_stream_get_error_message (fixture->stream));
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  path)
{
  guint64 frames;

  warden_live_stream_set_stall_timeout (fixture->stream, 2);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  media_test_server_drop_sessions (fixture->server);
  media_test_wait_until (is_reconnecting, fixture, 90);
  g_assert_nonnull (warden_live_stream_get_error_message (fixture->stream));

  frames = get_frames (fixture);
  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (has_30_frames, fixture, 90);
  g_assert_cmpuint (get_frames (fixture), >, frames);
}

static void
test_switch (Fixture       *fixture,
             gconstpointer  path)
{
  g_autofree char *main_url = media_test_server_get_url (fixture->server, "/main");
  gboolean seen_main = FALSE;

  /* No tile size: frames keep the streams' own widths, 320 (sub) and 640 (main). */
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (has_30_frames, fixture, 90);

  warden_live_stream_set_url (fixture->stream, main_url);
  media_test_wait_until (main_frame_shown, fixture, 90);

  /* The stream never stopped playing; once main is on screen, sub never comes back;
   * and main's first frame is a real picture (colour bars), not a grey or black one. */
  g_assert_false (fixture->left_playing);
  g_mutex_lock (&fixture->lock);
  for (guint i = 0; i < fixture->widths->len; i++)
    {
      int width = g_array_index (fixture->widths, int, i);

      seen_main |= width == 640;
      g_assert_cmpint (width, ==, seen_main ? 640 : 320);
    }
  g_assert_cmpint (fixture->first_main_brightness, >, 60);
  g_mutex_unlock (&fixture->lock);
}

static gboolean
has_audio (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_has_audio (fixture->stream);
}

static gboolean
has_no_audio (gpointer data)
{
  return !has_audio (data);
}

static gboolean
plays_sound (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_audio_decoded (fixture->stream) >= 10;
}

/* The camera's sound plays only while it is on, also across a reconnection; a stream
 * without sound says so. */
static void
test_audio (Fixture       *fixture,
            gconstpointer  path)
{
  g_autofree char *silent_url = media_test_server_get_url (fixture->server, "/main");

  warden_live_stream_set_size (fixture->stream, 160, 90);
  warden_live_stream_set_title (fixture->stream, "Gate 1");
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (has_audio, fixture, 90);
  g_assert_false (warden_live_stream_get_audio (fixture->stream));
  g_assert_cmpuint (warden_live_stream_get_audio_decoded (fixture->stream), ==, 0);

  warden_live_stream_set_audio (fixture->stream, TRUE);
  media_test_wait_until (plays_sound, fixture, 90);

  /* A reconnection keeps the sound on. */
  warden_live_stream_set_stall_timeout (fixture->stream, 2);
  media_test_server_set_stalled (fixture->server, TRUE);
  media_test_wait_until (is_reconnecting, fixture, 90);
  media_test_server_set_stalled (fixture->server, FALSE);
  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (plays_sound, fixture, 90);
  g_assert_true (warden_live_stream_get_audio (fixture->stream));

  warden_live_stream_set_audio (fixture->stream, FALSE);
  g_assert_cmpuint (warden_live_stream_get_audio_decoded (fixture->stream), ==, 0);

  /* The same camera's stream without a sound track. */
  warden_live_stream_set_audio (fixture->stream, TRUE);
  warden_live_stream_set_url (fixture->stream, silent_url);
  media_test_wait_until (has_no_audio, fixture, 90);
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);
  g_assert_cmpuint (warden_live_stream_get_audio_decoded (fixture->stream), ==, 0);
}

static gboolean
decodes_nothing (gpointer data)
{
  Fixture *fixture = data;

  /* A whole readout window without a frame. */
  return warden_live_stream_get_fps (fixture->stream) == 0.0;
}

static void
fps_changed_cb (WardenLiveStream *stream,
                GParamSpec       *pspec,
                int              *ticks)
{
  (*ticks)++;
}

static void
test_hidden (Fixture       *fixture,
             gconstpointer  path)
{
  guint64 frames;

  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);
  media_test_wait_until (has_readouts, fixture, 90);

  warden_live_stream_set_visible (fixture->stream, FALSE);
  media_test_wait_until (decodes_nothing, fixture, 90);

  /* Data still flows (the session is open) and the stream does not count as stalled. */
  frames = get_frames (fixture);
  g_assert_cmpuint (warden_live_stream_get_bitrate_kbps (fixture->stream), >, 0);
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);

  warden_live_stream_set_visible (fixture->stream, TRUE);
  media_test_wait_until (has_readouts, fixture, 90);
  g_assert_cmpuint (get_frames (fixture), >, frames);
  g_assert_false (fixture->left_playing);
}

/* Streaming thread: every access unit, before the stream decides whether to decode it. */
static void
encoded_cb (GstSample *sample,
            gpointer   user_data)
{
  Fixture *fixture = user_data;

  g_mutex_lock (&fixture->lock);
  if (fixture->resumed && !fixture->resume_checked
      && !GST_BUFFER_FLAG_IS_SET (gst_sample_get_buffer (sample), GST_BUFFER_FLAG_DELTA_UNIT))
    {
      fixture->frames_before_key = fixture->frames - fixture->frames_at_resume;
      fixture->resume_checked = TRUE;
    }
  g_mutex_unlock (&fixture->lock);
}

static gboolean
key_after_resume (gpointer data)
{
  Fixture *fixture = data;
  gboolean checked;

  g_mutex_lock (&fixture->lock);
  checked = fixture->resume_checked;
  g_mutex_unlock (&fixture->lock);

  return checked;
}

/* Shown again in the middle of a GOP, a tile does not wait for the next key frame:
 * the stream decodes the GOP it kept, so frames come before another key frame has
 * arrived. Without it, at most the one frame the pipeline still held comes then. */
static void
test_resume_mid_gop (Fixture       *fixture,
                     gconstpointer  path)
{
  warden_live_stream_set_encoded_func (fixture->stream, encoded_cb, fixture, NULL);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  /* A try shown again right at a key frame says nothing; the GOP is 12 units, so one
   * of a few tries starts in the middle. */
  for (int attempt = 0; attempt < 8; attempt++)
    {
      /* playing, then hidden for a whole readout window */
      media_test_wait_until (has_readouts, fixture, 90);
      warden_live_stream_set_visible (fixture->stream, FALSE);
      media_test_wait_until (decodes_nothing, fixture, 90);

      g_mutex_lock (&fixture->lock);
      fixture->resumed = TRUE;
      fixture->resume_checked = FALSE;
      fixture->frames_at_resume = fixture->frames;
      g_mutex_unlock (&fixture->lock);
      warden_live_stream_set_visible (fixture->stream, TRUE);

      media_test_wait_until (key_after_resume, fixture, 90);
      g_mutex_lock (&fixture->lock);
      fixture->resumed = FALSE;
      g_mutex_unlock (&fixture->lock);
      if (fixture->frames_before_key >= 2)
        break;
    }

  g_assert_cmpuint (fixture->frames_before_key, >=, 2);
  g_assert_false (fixture->left_playing);
}

static gboolean
fps_settled (gpointer data)
{
  int *ticks = data;

  return *ticks >= 4;
}

static void
test_max_fps (Fixture       *fixture,
              gconstpointer  path)
{
  int ticks = 0;

  warden_live_stream_set_max_fps (fixture->stream, 5);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  g_signal_connect (fixture->stream, "notify::fps", G_CALLBACK (fps_changed_cb), &ticks);
  media_test_wait_until (fps_settled, &ticks, 90);

  /* 25 fps in, capped to 5 (one more for the edges of the measuring window) */
  g_assert_cmpfloat (warden_live_stream_get_fps (fixture->stream), <=, 6.0);
  g_assert_cmpfloat (warden_live_stream_get_fps (fixture->stream), >, 0.0);
}

static gboolean
above_key_frame_rate (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_fps (fixture->stream) > 4.0;
}

static void
test_key_frames_only (Fixture       *fixture,
                      gconstpointer  path)
{
  int ticks = 0;

  warden_live_stream_set_key_frames_only (fixture->stream, TRUE);
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  g_signal_connect (fixture->stream, "notify::fps", G_CALLBACK (fps_changed_cb), &ticks);
  media_test_wait_until (fps_settled, &ticks, 90);

  /* 25 fps with a key frame every 12: about 2 a second (one more for the edges of the
   * measuring window), and no stall although frames are seconds apart. */
  g_assert_cmpfloat (warden_live_stream_get_fps (fixture->stream), <=, 3.0);
  g_assert_cmpfloat (warden_live_stream_get_fps (fixture->stream), >, 0.0);
  g_assert_false (fixture->left_playing);

  /* Back to every frame, from the next key frame on. */
  warden_live_stream_set_key_frames_only (fixture->stream, FALSE);
  media_test_wait_until (above_key_frame_rate, fixture, 90);
  g_assert_false (fixture->left_playing);
}

static void
snapshot_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->snapshot = warden_live_stream_snapshot_finish (WARDEN_LIVE_STREAM (source), result,
                                                          &fixture->snapshot_error);
  g_assert_true (fixture->snapshot != NULL || fixture->snapshot_error != NULL);
}

static gboolean
snapshot_done (gpointer data)
{
  Fixture *fixture = data;

  return fixture->snapshot != NULL || fixture->snapshot_error != NULL;
}

static void
check_snapshot (Fixture              *fixture,
                GFile                *directory,
                WardenSnapshotFormat  format,
                const char           *suffix)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;

  g_clear_object (&fixture->snapshot);
  warden_live_stream_snapshot_async (fixture->stream, directory, format, NULL, snapshot_cb, fixture);
  media_test_wait_until (snapshot_done, fixture, 90);
  g_assert_no_error (fixture->snapshot_error);

  /* Named for the channel and the moment */
  basename = g_file_get_basename (fixture->snapshot);
  g_assert_true (g_str_has_prefix (basename, "Gate 1 - 20"));
  g_assert_true (g_str_has_suffix (basename, suffix));
  texture = gdk_texture_new_from_file (fixture->snapshot, &error);
  g_assert_no_error (error);
  /* The decoded frame at the stream's own size, not the tile's. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 240);
}

static void
test_snapshot (Fixture       *fixture,
               gconstpointer  path)
{
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "media-live-stream",
                                           "snapshots", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (dir);

  warden_live_stream_snapshot_async (fixture->stream, directory, WARDEN_SNAPSHOT_PNG, NULL,
                                     snapshot_cb, fixture);
  media_test_wait_until (snapshot_done, fixture, 90);
  g_assert_error (fixture->snapshot_error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_NO_FRAME);
  g_clear_error (&fixture->snapshot_error);

  warden_live_stream_set_size (fixture->stream, 160, 90);
  warden_live_stream_set_title (fixture->stream, "Gate 1");
  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);

  check_snapshot (fixture, directory, WARDEN_SNAPSHOT_PNG, ".png");
  check_snapshot (fixture, directory, WARDEN_SNAPSHOT_JPEG, ".jpg");
}

static void
test_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenLiveStream) stream = NULL;
  g_autofree char *url = NULL;
  Fixture fixture = { 0 };

  /* A port that was just free: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("rtsp://user:secret@127.0.0.1:%u/sub",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  stream = warden_live_stream_new (url, WARDEN_LATENCY_FLUENT);
  fixture.stream = stream;
  warden_live_stream_start (stream);
  media_test_wait_until (is_reconnecting, &fixture, 90);

  /* The message names the host and never the password. */
  g_assert_nonnull (strstr (warden_live_stream_get_error_message (stream), "127.0.0.1"));
  g_assert_null (strstr (warden_live_stream_get_error_message (stream), "secret"));
  g_assert_cmpuint (warden_live_stream_get_retry_seconds (stream), >=, 1);

  warden_live_stream_stop (stream);
  g_assert_cmpint (warden_live_stream_get_state (stream), ==, WARDEN_LIVE_STATE_IDLE);
  g_assert_finalize_object (g_steal_pointer (&stream));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, path, func) \
  g_test_add ("/media/live-stream/" name, Fixture, path, fixture_set_up, func, fixture_tear_down)
  ADD ("play", "/sub", test_play);
  ADD ("stall", "/sub", test_stall);
  ADD ("drop", "/sub", test_drop);
  ADD ("switch", "/sub", test_switch);
  ADD ("hidden", "/sub", test_hidden);
  ADD ("max-fps", "/sub", test_max_fps);
  ADD ("key-frames-only", "/sub", test_key_frames_only);
  ADD ("resume-mid-gop", "/sub", test_resume_mid_gop);
  ADD ("snapshot", "/sub", test_snapshot);
  ADD ("audio", "/main-audio", test_audio);
#undef ADD
  g_test_add_func ("/media/live-stream/refused", test_refused);

  return g_test_run ();
}
