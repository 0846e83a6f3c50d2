/* test-live-grid.c: the live grid under Xvfb, fed by a simulated NVR over loopback RTSP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "devsim-fixture.h"
#include "media-test-probe.h"
#include "media-test-server.h"
#include "live-test-util.h"
#include "warden-live-grid.h"
#include "warden-stream-pool.h"
#include "warden-test-ui.h"

#define NVR_DEVICE_ID 7

typedef struct
{
  DevsimFixture *sim;
  const DevsimFixtureDevice *nvr;
  GtkWidget *window;
  WardenLiveGrid *grid;
  LiveTestFrames frames;
  int dropped_index;
  gint64 dropped_device;
  int dropped_channel;
  GPtrArray *recordings;       /* GFile: finished recordings, as the grid announced them */
  gint64 recording_since_us;
} Fixture;

static char *
nvr_url (Fixture *fixture,
         int      channel,
         int      subtype)
{
  return g_strdup_printf ("rtsp://%s:%s@%s:%u/cam/realmonitor?channel=%d&subtype=%d",
                          fixture->nvr->user, fixture->nvr->password, fixture->nvr->address,
                          fixture->nvr->rtsp_port, channel, subtype);
}

static void
fill (Fixture *fixture,
      guint    index,
      int      channel)
{
  g_autofree char *main_url = nvr_url (fixture, channel, 0);
  g_autofree char *sub_url = nvr_url (fixture, channel, 1);
  g_autofree char *name = g_strdup_printf ("Camera %d", channel);

  warden_live_grid_set_channel (fixture->grid, index, NVR_DEVICE_ID, channel, name,
                                main_url, sub_url);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = warden_test_ui_fresh_dir ("live-grid");
  g_autoptr(GFile) files = g_file_new_for_path (dir);

  fixture->sim = devsim_fixture_start ("live-grid",
                                       (const char *[]) { "--nvr", "1", "--nvr-channels", "16", "--audio", NULL },
                                       &error);
  g_assert_no_error (error);
  fixture->nvr = devsim_fixture_find_device (fixture->sim, "nvr");
  g_assert_nonnull (fixture->nvr);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 720);
  fixture->grid = WARDEN_LIVE_GRID (g_object_ref_sink (warden_live_grid_new ()));
  warden_live_grid_set_files_directory (fixture->grid, files);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->grid));
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->dropped_index = -1;
  fixture->recordings = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->grid);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
  g_clear_pointer (&fixture->sim, devsim_fixture_stop);
  g_ptr_array_unref (fixture->recordings);
}

static gboolean
tiles_have_sound (gpointer data)
{
  Fixture *fixture = data;

  for (guint i = 0; i < 2; i++)
    if (!warden_live_stream_get_has_audio (warden_video_tile_get_stream (warden_live_grid_get_tile (fixture->grid, i))))
      return FALSE;

  return TRUE;
}

static void
test_payloads (void)
{
  g_autofree char *channel = warden_live_drag_payload_new (12, 3);
  g_autofree char *device = warden_live_drag_payload_new (12, 0);
  g_autofree char *too_long = g_strnfill (100, '1');
  g_autofree char *long_payload = g_strconcat ("warden-device:", too_long, NULL);
  WardenLiveDragKind kind;
  gint64 id;
  int number;

  g_assert_true (warden_live_drag_payload_parse (channel, &kind, &id, &number));
  g_assert_cmpint (kind, ==, WARDEN_LIVE_DRAG_CHANNEL);
  g_assert_cmpint (id, ==, 12);
  g_assert_cmpint (number, ==, 3);

  g_assert_true (warden_live_drag_payload_parse (device, &kind, &id, &number));
  g_assert_cmpint (kind, ==, WARDEN_LIVE_DRAG_DEVICE);
  g_assert_cmpint (id, ==, 12);
  g_assert_cmpint (number, ==, 0);

  g_assert_true (warden_live_drag_payload_parse ("warden-tile:63", &kind, &id, &number));
  g_assert_cmpint (kind, ==, WARDEN_LIVE_DRAG_TILE);
  g_assert_cmpint (id, ==, 63);

  g_assert_false (warden_live_drag_payload_parse ("warden-tile:64", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-tile:-1", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-tile:", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-channel:12", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-channel:12:0", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-channel:0:1", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-channel:12:3x", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("warden-device:0", &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse (long_payload, &kind, &id, &number));
  g_assert_false (warden_live_drag_payload_parse ("file:///etc/passwd", &kind, &id, &number));
}

static void
test_layouts (void)
{
  static const guint standard[] = { 1, 4, 6, 8, 9, 16, 25, 36, 64 };
  GtkWidget *window = gtk_window_new ();
  WardenLiveGrid *grid = WARDEN_LIVE_GRID (g_object_ref_sink (warden_live_grid_new ()));
  graphene_rect_t big, small;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpuint (warden_live_grid_get_n_tiles (grid), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (standard); i++)
    {
      warden_live_grid_set_layout (grid, standard[i]);
      g_assert_cmpuint (warden_live_grid_get_n_tiles (grid), ==, standard[i]);
      g_assert_nonnull (warden_live_grid_get_tile (grid, standard[i] - 1));
    }
  g_assert_false (warden_live_grid_layout_is_standard (5));

  /* 6 tiles: one takes 2×2 of a 3×3 grid. */
  warden_live_grid_set_layout (grid, 6);
  g_assert_cmpuint (warden_live_grid_get_rows (grid), ==, 3);
  g_assert_cmpuint (warden_live_grid_get_large_span (grid), ==, 2);
  warden_test_ui_wait_frames (GTK_WIDGET (grid), 2);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (warden_live_grid_get_tile (grid, 0)),
                                            GTK_WIDGET (grid), &big));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (warden_live_grid_get_tile (grid, 5)),
                                            GTK_WIDGET (grid), &small));
  g_assert_cmpfloat (big.size.width, >, 1.9 * small.size.width);
  g_assert_cmpfloat (small.origin.x, >, big.origin.x);
  g_assert_cmpfloat (small.origin.y, >, big.origin.y);

  /* 8 tiles: 3×3 of a 4×4 grid. */
  warden_live_grid_set_layout (grid, 8);
  g_assert_cmpuint (warden_live_grid_get_large_span (grid), ==, 3);
  warden_test_ui_wait_frames (GTK_WIDGET (grid), 2);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (warden_live_grid_get_tile (grid, 0)),
                                            GTK_WIDGET (grid), &big));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (warden_live_grid_get_tile (grid, 7)),
                                            GTK_WIDGET (grid), &small));
  g_assert_cmpfloat (big.size.width, >, 2.9 * small.size.width);

  /* Custom: 2 rows of 3. */
  warden_live_grid_set_custom_layout (grid, 2, 3);
  g_assert_cmpuint (warden_live_grid_get_n_tiles (grid), ==, 6);
  g_assert_cmpuint (warden_live_grid_get_columns (grid), ==, 3);
  g_assert_cmpuint (warden_live_grid_get_large_span (grid), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (grid);
}

static void
channel_dropped_cb (WardenLiveGrid *grid,
                    guint           index,
                    gint64          device_id,
                    int             channel,
                    Fixture        *fixture)
{
  fixture->dropped_index = index;
  fixture->dropped_device = device_id;
  fixture->dropped_channel = channel;
}

static void
test_four (Fixture       *fixture,
           gconstpointer  data)
{
  WardenVideoTile *first, *second;
  WardenLiveStream *hidden;
  g_autofree char *shot = NULL;
  gint64 device_id;
  int channel;

  warden_live_grid_set_layout (fixture->grid, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (warden_live_grid_get_next_free (fixture->grid), ==, i);
      fill (fixture, i, i + 1);
    }
  g_assert_cmpint (warden_live_grid_get_next_free (fixture->grid), ==, -1);

  /* A 2×2 grid shows main streams, and every tile paints frames. */
  live_test_frames_mark (&fixture->frames, fixture->grid, -1);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);

  /* The NVR's main streams have sound: one tile plays it at a time. */
  first = warden_live_grid_get_tile (fixture->grid, 0);
  second = warden_live_grid_get_tile (fixture->grid, 1);
  media_test_wait_until (tiles_have_sound, fixture, 90);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (first), "tile.audio", NULL));
  g_assert_true (warden_video_tile_get_audio (first));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "tile.audio", NULL));
  g_assert_true (warden_video_tile_get_audio (second));
  g_assert_false (warden_video_tile_get_audio (first));
  warden_video_tile_set_audio (second, FALSE);
  for (guint i = 0; i < 4; i++)
    g_assert_true (warden_video_tile_get_main_stream (warden_live_grid_get_tile (fixture->grid, i)));
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 3);
  shot = warden_test_ui_save_screenshot (GTK_WIDGET (fixture->grid), "live-grid-4");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* Enlarge tile 2: the others stop decoding; restore: they decode again. */
  warden_live_grid_set_enlarged (fixture->grid, 2);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 2);
  hidden = warden_video_tile_get_stream (warden_live_grid_get_tile (fixture->grid, 0));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (warden_live_grid_get_tile (fixture->grid, 0))));
  g_assert_false (warden_live_stream_get_visible (hidden));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (warden_live_grid_get_tile (fixture->grid, 2))),
                   ==, gtk_widget_get_width (GTK_WIDGET (fixture->grid)));
  live_test_frames_mark (&fixture->frames, fixture->grid, 2);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);
  warden_live_grid_set_enlarged (fixture->grid, -1);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 2);
  g_assert_true (warden_live_stream_get_visible (hidden));
  live_test_frames_mark (&fixture->frames, fixture->grid, -1);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);

  /* Swap the first two: each keeps its stream, and moves. */
  first = warden_live_grid_get_tile (fixture->grid, 0);
  second = warden_live_grid_get_tile (fixture->grid, 1);
  warden_live_grid_swap (fixture->grid, 0, 1);
  g_assert_true (warden_live_grid_get_tile (fixture->grid, 0) == second);
  g_assert_true (warden_live_grid_get_tile (fixture->grid, 1) == first);
  g_assert_true (warden_live_grid_get_channel (fixture->grid, 0, &device_id, &channel));
  g_assert_cmpint (device_id, ==, NVR_DEVICE_ID);
  g_assert_cmpint (channel, ==, 2);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 2);
  g_assert_cmpint (gtk_widget_get_allocated_width (GTK_WIDGET (second)), >, 0);
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (second), GTK_WIDGET (fixture->grid), &bounds));
    g_assert_cmpfloat (bounds.origin.x, ==, 0);
  }

  /* Dropping tile 0 (now the second camera) on tile 1 swaps them back. */
  g_assert_true (live_test_drop_on (fixture->grid, 1, "warden-tile:0"));
  g_assert_true (warden_live_grid_get_tile (fixture->grid, 0) == first);

  /* A channel or a device dropped from the channel list goes to whoever resolves it. */
  g_signal_connect (fixture->grid, "channel-dropped", G_CALLBACK (channel_dropped_cb), fixture);
  g_assert_true (live_test_drop_on (fixture->grid, 2, "warden-channel:9:4"));
  g_assert_cmpint (fixture->dropped_index, ==, 2);
  g_assert_cmpint (fixture->dropped_device, ==, 9);
  g_assert_cmpint (fixture->dropped_channel, ==, 4);
  g_assert_true (live_test_drop_on (fixture->grid, 3, "warden-device:9"));
  g_assert_cmpint (fixture->dropped_index, ==, 3);
  g_assert_cmpint (fixture->dropped_channel, ==, 0);
  g_assert_false (live_test_drop_on (fixture->grid, 3, "some text"));

  /* Close one tile from its toolbar action, then all. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (warden_live_grid_get_tile (fixture->grid, 3)),
                                             "tile.close", NULL));
  g_assert_false (warden_live_grid_get_channel (fixture->grid, 3, NULL, NULL));
  g_assert_cmpint (warden_live_grid_get_next_free (fixture->grid), ==, 3);
  warden_live_grid_clear_all (fixture->grid);
  for (guint i = 0; i < 4; i++)
    g_assert_null (warden_video_tile_get_stream (warden_live_grid_get_tile (fixture->grid, i)));
  g_assert_cmpint (warden_live_grid_get_next_free (fixture->grid), ==, 0);
}

static void
test_sixteen (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *shot = NULL;
  WardenVideoTile *tile;

  warden_live_grid_set_layout (fixture->grid, 16);
  warden_live_grid_set_max_fps (fixture->grid, 10);
  for (guint i = 0; i < 16; i++)
    fill (fixture, i, i + 1);

  /* Sub streams, capped at 10 fps, and every tile paints. */
  for (guint i = 0; i < 16; i++)
    {
      tile = warden_live_grid_get_tile (fixture->grid, i);
      g_assert_false (warden_video_tile_get_main_stream (tile));
      g_assert_cmpuint (warden_live_stream_get_max_fps (warden_video_tile_get_stream (tile)), ==, 10);
    }
  live_test_frames_mark (&fixture->frames, fixture->grid, -1);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 3);
  shot = warden_test_ui_save_screenshot (GTK_WIDGET (fixture->grid), "live-grid-16");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* An enlarged tile switches to the main stream, and back to sub on restore;
   * with the choice turned off it stays on sub. */
  tile = warden_live_grid_get_tile (fixture->grid, 5);
  warden_live_grid_set_enlarged (fixture->grid, 5);
  g_assert_true (warden_video_tile_get_main_stream (tile));
  warden_live_grid_set_enlarged (fixture->grid, -1);
  g_assert_false (warden_video_tile_get_main_stream (tile));
  warden_live_grid_set_enlarged_main_stream (fixture->grid, FALSE);
  warden_live_grid_set_enlarged (fixture->grid, 5);
  g_assert_false (warden_video_tile_get_main_stream (tile));
  warden_live_grid_set_enlarged (fixture->grid, -1);

  /* Key frames only: every tile still paints; an enlarged tile plays every frame. */
  warden_live_grid_set_key_frames_only (fixture->grid, TRUE);
  for (guint i = 0; i < 16; i++)
    g_assert_true (warden_live_stream_get_key_frames_only (
      warden_video_tile_get_stream (warden_live_grid_get_tile (fixture->grid, i))));
  live_test_frames_mark (&fixture->frames, fixture->grid, -1);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);
  warden_live_grid_set_enlarged (fixture->grid, 5);
  g_assert_false (warden_live_stream_get_key_frames_only (warden_video_tile_get_stream (tile)));
  warden_live_grid_set_enlarged (fixture->grid, -1);
  g_assert_true (warden_live_stream_get_key_frames_only (warden_video_tile_get_stream (tile)));
  warden_live_grid_set_key_frames_only (fixture->grid, FALSE);
  g_assert_false (warden_live_stream_get_key_frames_only (warden_video_tile_get_stream (tile)));

  /* Main streams up to 16 tiles when asked; the cap and mode apply to live tiles. */
  warden_live_grid_set_main_stream_max_tiles (fixture->grid, 16);
  g_assert_true (warden_video_tile_get_main_stream (tile));
  warden_live_grid_set_max_fps (fixture->grid, 15);
  warden_live_grid_set_latency_mode (fixture->grid, WARDEN_LATENCY_FLUENT);
  g_assert_cmpuint (warden_live_stream_get_max_fps (warden_video_tile_get_stream (tile)), ==, 15);
  g_assert_cmpint (warden_live_stream_get_latency_mode (warden_video_tile_get_stream (tile)), ==,
                   WARDEN_LATENCY_FLUENT);

  /* Shrinking to 4 tiles keeps the first four channels. */
  warden_live_grid_set_layout (fixture->grid, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_true (warden_live_grid_get_channel (fixture->grid, i, NULL, NULL));
  g_assert_cmpint (warden_live_grid_get_next_free (fixture->grid), ==, -1);
}

static gboolean
first_tile_has_sound (gpointer data)
{
  Fixture *fixture = data;
  WardenVideoTile *tile = warden_live_grid_get_tile (fixture->grid, 0);

  return warden_live_stream_get_has_audio (warden_video_tile_get_stream (tile));
}

static void
recording_saved_cb (WardenLiveGrid *grid,
                    GFile          *file,
                    Fixture        *fixture)
{
  g_ptr_array_add (fixture->recordings, g_object_ref (file));
}

static gboolean
recorded_five_seconds (gpointer data)
{
  Fixture *fixture = data;

  return g_get_monotonic_time () - fixture->recording_since_us >= 5 * G_USEC_PER_SEC;
}

static gboolean
has_recording (gpointer data)
{
  Fixture *fixture = data;

  return fixture->recordings->len > 0;
}

/* Record 5 s of a camera from its tile's toolbar: one MP4 in the Files folder, which
 * ffprobe reads as the main stream's H.264 with the camera's sound as AAC. */
static void
test_record (Fixture       *fixture,
             gconstpointer  data)
{
  WardenVideoTile *tile;
  WardenLiveStream *stream;
  g_autofree char *shot = NULL;
  g_autofree char *files_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  GFile *file;
  double video, sound;
  guint sound_frames;

  warden_live_grid_set_layout (fixture->grid, 1);
  fill (fixture, 0, 1);
  live_test_frames_mark (&fixture->frames, fixture->grid, -1);
  media_test_wait_until (live_test_frames_painting, &fixture->frames, LIVE_TEST_FRAMES_WAIT_S);
  media_test_wait_until (first_tile_has_sound, fixture, 90);
  tile = warden_live_grid_get_tile (fixture->grid, 0);
  stream = warden_video_tile_get_stream (tile);
  g_assert_true (warden_video_tile_get_main_stream (tile));
  g_signal_connect (fixture->grid, "recording-saved", G_CALLBACK (recording_saved_cb), fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tile), "tile.record", NULL));
  g_assert_true (warden_video_tile_get_recording (tile));
  fixture->recording_since_us = g_get_monotonic_time ();
  media_test_wait_until (recorded_five_seconds, fixture, 90);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->grid), 3);
  shot = warden_test_ui_save_screenshot (GTK_WIDGET (fixture->grid), "live-grid-record");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (fixture->recordings->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tile), "tile.record", NULL));
  g_assert_false (warden_video_tile_get_recording (tile));
  media_test_wait_until (has_recording, fixture, 90);
  g_assert_cmpuint (fixture->recordings->len, ==, 1);

  file = g_ptr_array_index (fixture->recordings, 0);
  files_path = g_file_get_path (warden_video_tile_get_files_directory (tile));
  path = g_file_get_path (file);
  g_assert_true (g_str_has_prefix (path, files_path));
  name = g_file_get_basename (file);
  g_assert_true (g_str_has_prefix (name, "Camera 1 - 20"));
  g_assert_true (g_str_has_suffix (name, ".mp4"));

  /* From the first key frame after the start: 5 s less up to one GOP (2 s on the
   * NVR's main streams). */
  video = media_test_probe_video (file, warden_live_stream_get_width (stream),
                                  warden_live_stream_get_height (stream));
  g_assert_cmpfloat (video, >, 2.5);
  sound_frames = media_test_probe_sound_frames (file);
  sound = sound_frames * 1024 / 8000.0;
  g_assert_cmpuint (sound_frames, >, 0);
  g_assert_cmpfloat (fabs (sound - video), <, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live/grid/payloads", test_payloads);
  g_test_add_func ("/live/grid/layouts", test_layouts);
  g_test_add ("/live/grid/four", Fixture, NULL, fixture_set_up, test_four, fixture_tear_down);
  g_test_add ("/live/grid/sixteen", Fixture, NULL, fixture_set_up, test_sixteen, fixture_tear_down);
  g_test_add ("/live/grid/record", Fixture, NULL, fixture_set_up, test_record, fixture_tear_down);

  return g_test_run ();
}
