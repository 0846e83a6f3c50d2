/* test-recorder.c: MP4 recording of a live RTSP stream, checked with ffprobe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include <gst/gst.h>

#include "media-test-probe.h"
#include "media-test-server.h"
#include "warden-live-stream.h"
#include "warden-media-error.h"
#include "warden-recorder.h"

typedef struct
{
  MediaTestServer *server;
  WardenLiveStream *stream;
  WardenRecorder *recorder;
  GFile *directory;
  GPtrArray *files;
  gboolean stopped;
  GError *stop_error;
  gint frames;
  gint frames_wanted;          /* by has_frames() */
  gboolean with_sound;         /* the stream has a microphone */
} Fixture;

static void
frame_cb (GstSample *sample,
          gpointer   user_data)
{
  Fixture *fixture = user_data;

  g_atomic_int_inc (&fixture->frames);
}

static gboolean
has_frames (gpointer data)
{
  Fixture *fixture = data;

  return g_atomic_int_get (&fixture->frames) >= fixture->frames_wanted;
}

static void
file_closed_cb (WardenRecorder *recorder,
                GFile          *file,
                Fixture        *fixture)
{
  g_autofree char *name = g_file_get_basename (file);

  /* Named for the channel and the moment each file starts */
  g_assert_true (g_str_has_prefix (name, "Lobby - 20"));
  g_assert_true (g_str_has_suffix (name, ".mp4"));
  g_ptr_array_add (fixture->files, g_object_ref (file));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  test_name)
{
  g_autofree char *url = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "media-recorder",
                                            (const char *) test_name, NULL);
  g_autoptr(GError) error = NULL;

  fixture->directory = g_file_new_for_path (path);
  /* Start from an empty directory so the files seen are this run's. */
  if (g_file_query_exists (fixture->directory, NULL))
    {
      g_autoptr(GFileEnumerator) children =
        g_file_enumerate_children (fixture->directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                   G_FILE_QUERY_INFO_NONE, NULL, &error);
      GFile *child;

      g_assert_no_error (error);
      while (g_file_enumerator_iterate (children, NULL, &child, NULL, &error) && child != NULL)
        g_file_delete (child, NULL, NULL);
      g_assert_no_error (error);
    }

  fixture->files = g_ptr_array_new_with_free_func (g_object_unref);
  /* 40 frames at 25 fps: more than three key frames recorded */
  fixture->frames_wanted = 40;
  fixture->server = media_test_server_new ();
  fixture->with_sound = g_str_has_prefix (test_name, "audio-");
  url = media_test_server_get_url (fixture->server, fixture->with_sound ? "/main-audio" : "/sub");
  fixture->stream = warden_live_stream_new (url, WARDEN_LATENCY_REALTIME);
  warden_live_stream_set_title (fixture->stream, "Lobby");
  warden_live_stream_set_stall_timeout (fixture->stream, 2);
  fixture->recorder = warden_recorder_new (fixture->stream);
  g_signal_connect (fixture->recorder, "file-closed", G_CALLBACK (file_closed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  test_name)
{
  g_assert_finalize_object (fixture->recorder);
  warden_live_stream_stop (fixture->stream);
  g_assert_finalize_object (fixture->stream);
  media_test_server_free (fixture->server);
  g_ptr_array_unref (fixture->files);
  g_object_unref (fixture->directory);
  g_clear_error (&fixture->stop_error);
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
has_two_files (gpointer data)
{
  Fixture *fixture = data;

  return fixture->files->len >= 2;
}

static gboolean
has_a_file (gpointer data)
{
  Fixture *fixture = data;

  return fixture->files->len >= 1;
}

static gboolean
is_stopped (gpointer data)
{
  Fixture *fixture = data;

  return fixture->stopped;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  warden_recorder_stop_finish (WARDEN_RECORDER (source), result, &fixture->stop_error);
  fixture->stopped = TRUE;
}

static gboolean
has_audio (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_has_audio (fixture->stream);
}

/* Records the stream, once playing (with its sound, where it has a microphone), in
 * files of @split (at the next key frame), or 0 for one file. */
static void
start_recording (Fixture      *fixture,
                 GstClockTime  split)
{
  g_autoptr(GError) error = NULL;

  warden_live_stream_start (fixture->stream);
  media_test_wait_until (is_playing, fixture, 90);
  if (fixture->with_sound)
    media_test_wait_until (has_audio, fixture, 90);

  g_assert_true (warden_recorder_start (fixture->recorder, fixture->directory, 0, split, &error));
  g_assert_no_error (error);
}

static void
test_split (Fixture       *fixture,
            gconstpointer  test_name)
{
  g_autoptr(GError) error = NULL;

  start_recording (fixture, GST_SECOND);
  g_assert_true (warden_recorder_get_recording (fixture->recorder));

  /* Only one recording at a time. */
  g_assert_false (warden_recorder_start (fixture->recorder, fixture->directory, 0, 0, &error));
  g_assert_error (error, WARDEN_MEDIA_ERROR, WARDEN_MEDIA_ERROR_BUSY);

  /* Split by time (1 s, at key frames every 0.48 s): files close while recording. */
  media_test_wait_until (has_two_files, fixture, 90);
  g_assert_true (warden_recorder_get_recording (fixture->recorder));

  warden_recorder_stop_async (fixture->recorder, NULL, stopped_cb, fixture);
  g_assert_false (warden_recorder_get_recording (fixture->recorder));
  media_test_wait_until (is_stopped, fixture, 90);
  g_assert_no_error (fixture->stop_error);
  g_assert_cmpuint (fixture->files->len, >=, 3);

  for (guint i = 0; i < fixture->files->len; i++)
    {
      double duration = media_test_probe_video (g_ptr_array_index (fixture->files, i), 320, 240);

      /* A split comes at the first key frame past 1 s. */
      if (i + 1 < fixture->files->len)
        g_assert_cmpfloat (duration, <, 2.0);
    }

  /* The stream played on throughout. */
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  test_name)
{
  start_recording (fixture, 0);
  warden_live_stream_set_frame_func (fixture->stream, frame_cb, fixture, NULL);
  media_test_wait_until (has_frames, fixture, 90);

  /* The device drops the connection: the file is finalised on its own. */
  media_test_server_drop_sessions (fixture->server);
  media_test_wait_until (is_reconnecting, fixture, 90);
  media_test_wait_until (has_a_file, fixture, 90);
  g_assert_false (warden_recorder_get_recording (fixture->recorder));
  g_assert_cmpuint (fixture->files->len, ==, 1);
  media_test_probe_video (g_ptr_array_index (fixture->files, 0), 320, 240);
}

static gboolean
has_five_files (gpointer data)
{
  Fixture *fixture = data;

  return fixture->files->len >= 5;
}

static void
stop_recording (Fixture *fixture)
{
  warden_recorder_stop_async (fixture->recorder, NULL, stopped_cb, fixture);
  media_test_wait_until (is_stopped, fixture, 90);
  g_assert_no_error (fixture->stop_error);
}

static void
test_audio (Fixture       *fixture,
            gconstpointer  test_name)
{
  start_recording (fixture, GST_SECOND);
  media_test_wait_until (has_two_files, fixture, 90);
  stop_recording (fixture);
  g_assert_cmpuint (fixture->files->len, >=, 3);

  /* Every file, the first one too, has the sound of its own stretch of video. */
  for (guint i = 0; i < fixture->files->len; i++)
    {
      GFile *file = g_ptr_array_index (fixture->files, i);
      double video = media_test_probe_video (file, 640, 360);
      guint frames = media_test_probe_sound_frames (file);
      double sound = frames * 1024 / 8000.0;

      g_assert_cmpuint (frames, >, 0);
      g_assert_cmpfloat (fabs (sound - video), <, 0.5);
    }
}

static void
test_audio_stops (Fixture       *fixture,
                  gconstpointer  test_name)
{
  guint before;

  start_recording (fixture, GST_SECOND);
  media_test_wait_until (has_a_file, fixture, 90);
  before = fixture->files->len;

  /* The microphone goes quiet; the video must not wait for it. */
  media_test_server_set_muted (fixture->server, TRUE);
  media_test_wait_until (has_five_files, fixture, 90);
  stop_recording (fixture);

  g_assert_cmpuint (media_test_probe_sound_frames (g_ptr_array_index (fixture->files, 0)), >, 0);
  for (guint i = 0; i < fixture->files->len; i++)
    {
      double video = media_test_probe_video (g_ptr_array_index (fixture->files, i), 640, 360);

      /* Split at the first key frame past 1 s, as without sound: none held back. */
      if (i + 1 < fixture->files->len)
        g_assert_cmpfloat (video, <, 2.0);
      /* Quiet for good: the files' sound tracks end (and stay empty). */
      if (i >= before + 3)
        g_assert_cmpuint (media_test_probe_sound_frames (g_ptr_array_index (fixture->files, i)), ==, 0);
    }
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);
}

static gboolean
shows_main (gpointer data)
{
  Fixture *fixture = data;

  return warden_live_stream_get_width (fixture->stream) == 640;
}

/* Recording a sub stream without sound, then its main stream with sound (a tile
 * enlarged): the second file has the main stream's sound. */
static void
test_audio_from_switch (Fixture       *fixture,
                        gconstpointer  test_name)
{
  g_autofree char *main_url = media_test_server_get_url (fixture->server, "/main-audio");

  start_recording (fixture, 0);
  warden_live_stream_set_frame_func (fixture->stream, frame_cb, fixture, NULL);
  media_test_wait_until (has_frames, fixture, 90);

  warden_live_stream_set_url (fixture->stream, main_url);
  media_test_wait_until (shows_main, fixture, 90);
  g_atomic_int_set (&fixture->frames, 0);
  media_test_wait_until (has_frames, fixture, 90);
  stop_recording (fixture);

  g_assert_cmpuint (fixture->files->len, ==, 2);
  media_test_probe_video (g_ptr_array_index (fixture->files, 0), 320, 240);
  g_assert_cmpuint (media_test_probe_sound_frames (g_ptr_array_index (fixture->files, 0)), ==, 0);
  media_test_probe_video (g_ptr_array_index (fixture->files, 1), 640, 360);
  g_assert_cmpuint (media_test_probe_sound_frames (g_ptr_array_index (fixture->files, 1)), >, 0);
}

/* Warden killed while recording: the file on disk plays up to about the last second,
 * sound included (robust muxing rewrites the index every second). */
static void
test_killed (Fixture       *fixture,
             gconstpointer  test_name)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;
  GFile *child;
  guint files = 0;

  if (g_test_subprocess ())
    {
      start_recording (fixture, 0);
      warden_live_stream_set_frame_func (fixture->stream, frame_cb, fixture, NULL);
      fixture->frames_wanted = 75;
      media_test_wait_until (has_frames, fixture, 90);
      raise (SIGKILL);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  children = g_file_enumerate_children (fixture->directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while (g_file_enumerator_iterate (children, &info, &child, NULL, &error) && child != NULL)
    {
      g_assert_true (g_str_has_suffix (g_file_info_get_name (info), ".mp4"));
      g_assert_cmpfloat (media_test_probe_video (child, 640, 360), >=, 1.0);
      g_assert_cmpuint (media_test_probe_sound_frames (child), >, 0);
      files++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (files, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/media/recorder/split", Fixture, "split", fixture_set_up, test_split, fixture_tear_down);
  g_test_add ("/media/recorder/interrupted", Fixture, "interrupted", fixture_set_up, test_interrupted, fixture_tear_down);
  g_test_add ("/media/recorder/audio", Fixture, "audio-split", fixture_set_up, test_audio, fixture_tear_down);
  g_test_add ("/media/recorder/audio-stops", Fixture, "audio-stops", fixture_set_up, test_audio_stops, fixture_tear_down);
  g_test_add ("/media/recorder/audio-from-switch", Fixture, "switch", fixture_set_up, test_audio_from_switch,
              fixture_tear_down);
  g_test_add ("/media/recorder/killed", Fixture, "audio-killed", fixture_set_up, test_killed, fixture_tear_down);

  return g_test_run ();
}
