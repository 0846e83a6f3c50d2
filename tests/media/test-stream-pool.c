/* test-stream-pool.c: WardenStreamPool against an RTSP server over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>

#include "media-test-server.h"
#include "warden-stream-pool.h"

typedef struct
{
  MediaTestServer *server;
  WardenStreamPool *pool;
  char *url;
  WardenLiveStream *stream;    /* the one the test shows, or NULL while the pool has it */

  GMutex lock;
  guint64 frames;
  gboolean shown;              /* counting frames until the next key frame */
  gboolean key_came;
  guint64 frames_before_key;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_mutex_init (&fixture->lock);
  fixture->server = media_test_server_new ();
  fixture->url = media_test_server_get_url (fixture->server, "/sub");
  fixture->pool = warden_stream_pool_new ();
  warden_stream_pool_set_keep_seconds (fixture->pool, 60);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->stream != NULL)
    {
      warden_live_stream_stop (fixture->stream);
      g_assert_finalize_object (fixture->stream);
    }
  g_assert_finalize_object (fixture->pool);
  media_test_server_free (fixture->server);
  g_free (fixture->url);
  g_mutex_clear (&fixture->lock);
}

/* streaming thread */
static void
frame_cb (GstSample *sample,
          gpointer   user_data)
{
  Fixture *fixture = user_data;

  g_mutex_lock (&fixture->lock);
  fixture->frames++;
  g_mutex_unlock (&fixture->lock);
}

/* streaming thread: every access unit, before the stream decides whether to decode it */
static void
encoded_cb (GstSample *sample,
            gpointer   user_data)
{
  Fixture *fixture = user_data;

  g_mutex_lock (&fixture->lock);
  if (fixture->shown && !fixture->key_came
      && !GST_BUFFER_FLAG_IS_SET (gst_sample_get_buffer (sample), GST_BUFFER_FLAG_DELTA_UNIT))
    {
      fixture->key_came = TRUE;
      fixture->frames_before_key = fixture->frames;
    }
  g_mutex_unlock (&fixture->lock);
}

static gboolean
key_came (gpointer data)
{
  Fixture *fixture = data;
  gboolean came;

  g_mutex_lock (&fixture->lock);
  came = fixture->key_came;
  g_mutex_unlock (&fixture->lock);

  return came;
}

static gboolean
has_frames (gpointer data)
{
  Fixture *fixture = data;
  gboolean some;

  g_mutex_lock (&fixture->lock);
  some = fixture->frames >= 10;
  g_mutex_unlock (&fixture->lock);

  return some;
}

static gboolean
decodes_nothing (gpointer data)
{
  Fixture *fixture = data;

  /* A whole readout window without a frame, and the data still coming. */
  return warden_live_stream_get_fps (fixture->stream) == 0.0
         && warden_live_stream_get_bitrate_kbps (fixture->stream) > 0;
}

/* Shows @fixture->stream, as a tile does with the stream it took, and counts the frames
 * that come before the next key frame. */
static guint64
show (Fixture *fixture)
{
  g_mutex_lock (&fixture->lock);
  fixture->frames = 0;
  fixture->shown = TRUE;
  fixture->key_came = FALSE;
  g_mutex_unlock (&fixture->lock);

  warden_live_stream_set_frame_func (fixture->stream, frame_cb, fixture, NULL);
  warden_live_stream_set_encoded_func (fixture->stream, encoded_cb, fixture, NULL);
  warden_live_stream_start (fixture->stream);
  warden_live_stream_set_visible (fixture->stream, TRUE);
  media_test_wait_until (key_came, fixture, 90);

  return fixture->frames_before_key;
}

/* Gives the shown stream to the pool until it has stopped decoding there, takes it back
 * and shows it; the stream kept is the one taken. Returns the frames before the next key
 * frame. */
static guint64
give_and_take (Fixture *fixture)
{
  WardenLiveStream *given = fixture->stream;

  warden_stream_pool_give (fixture->pool, g_steal_pointer (&fixture->stream));
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 1);
  g_assert_false (warden_live_stream_get_visible (given));
  fixture->stream = given;           /* borrowed while the pool has it */
  media_test_wait_until (decodes_nothing, fixture, 90);

  fixture->stream = warden_stream_pool_take (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME);
  g_assert_true (fixture->stream == given);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 0);
  g_assert_cmpint (warden_live_stream_get_state (fixture->stream), ==, WARDEN_LIVE_STATE_PLAYING);

  return show (fixture);
}

/* A stream taken back from the pool shows the GOP it kept at once instead of waiting for
 * the next key frame. One try in a few lands right at a key frame (the GOP is 12
 * frames), so it tries up to 8 times. */
static void
test_give_take (Fixture       *fixture,
                gconstpointer  data)
{
  guint64 before_key = 0;

  fixture->stream = warden_stream_pool_take (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 0);
  show (fixture);
  media_test_wait_until (has_frames, fixture, 90);

  for (int attempt = 0; attempt < 8 && before_key < 2; attempt++)
    before_key = give_and_take (fixture);

  g_assert_cmpuint (before_key, >=, 2);
}

static gboolean
pool_empty (gpointer data)
{
  Fixture *fixture = data;

  return warden_stream_pool_get_n_kept (fixture->pool) == 0;
}

/* A stream nobody takes is stopped and dropped after keep-seconds, and another URL
 * gets a stream of its own. */
static void
test_expire (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *main_url = media_test_server_get_url (fixture->server, "/main");
  WardenLiveStream *given;
  g_autoptr(WardenLiveStream) other = NULL;

  fixture->stream = warden_stream_pool_take (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME);
  show (fixture);

  warden_stream_pool_set_keep_seconds (fixture->pool, 1);
  given = fixture->stream;
  g_object_add_weak_pointer (G_OBJECT (given), (gpointer *) &given);
  warden_stream_pool_give (fixture->pool, g_steal_pointer (&fixture->stream));

  other = warden_stream_pool_take (fixture->pool, main_url, WARDEN_LATENCY_FLUENT);
  g_assert_true (other != given);
  g_assert_cmpstr (warden_live_stream_get_url (other), ==, main_url);
  g_assert_cmpint (warden_live_stream_get_state (other), ==, WARDEN_LIVE_STATE_IDLE);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 1);

  media_test_wait_until (pool_empty, fixture, 90);
  g_assert_null (given);
}

/* keep-seconds 0: a stream given is stopped at once, and so are the ones kept. */
static void
test_keep_none (Fixture       *fixture,
                gconstpointer  data)
{
  WardenLiveStream *first, *second;

  fixture->stream = warden_stream_pool_take (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME);
  show (fixture);
  first = fixture->stream;
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  warden_stream_pool_give (fixture->pool, g_steal_pointer (&fixture->stream));
  g_assert_nonnull (first);

  warden_stream_pool_set_keep_seconds (fixture->pool, 0);
  g_assert_null (first);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 0);

  fixture->stream = warden_stream_pool_take (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME);
  show (fixture);
  second = fixture->stream;
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  warden_stream_pool_give (fixture->pool, g_steal_pointer (&fixture->stream));
  g_assert_null (second);
}

static gboolean
prepared_has_data (gpointer data)
{
  Fixture *fixture = data;
  WardenLiveStream *stream = warden_stream_pool_take (fixture->pool, fixture->url,
                                                      WARDEN_LATENCY_REALTIME);

  if (warden_live_stream_get_bitrate_kbps (stream) > 0)
    {
      fixture->stream = stream;
      return TRUE;
    }
  warden_stream_pool_give (fixture->pool, stream);
  return FALSE;
}

/* A stream opened ahead of its tile (a tour's next view) is connected, hidden, and
 * shows a picture as soon as the tile takes it. */
static void
test_prepare (Fixture       *fixture,
              gconstpointer  data)
{
  guint64 before_key;

  warden_stream_pool_prepare (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME, 60);
  warden_stream_pool_prepare (fixture->pool, fixture->url, WARDEN_LATENCY_REALTIME, 60);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 1);

  /* Receiving, not decoding: nothing of it was shown yet. */
  media_test_wait_until (prepared_has_data, fixture, 90);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (fixture->pool), ==, 0);
  g_assert_false (warden_live_stream_get_visible (fixture->stream));
  g_assert_cmpfloat (warden_live_stream_get_fps (fixture->stream), ==, 0.0);

  before_key = show (fixture);
  for (int attempt = 1; attempt < 8 && before_key < 2; attempt++)
    before_key = give_and_take (fixture);

  g_assert_cmpuint (before_key, >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/media/stream-pool/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("give-take", test_give_take);
  ADD ("expire", test_expire);
  ADD ("keep-none", test_keep_none);
  ADD ("prepare", test_prepare);
#undef ADD

  return g_test_run ();
}
