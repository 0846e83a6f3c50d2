/* test-video-tile.c: the video tile under Xvfb, fed over loopback RTSP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "media-test-server.h"
#include "warden-stream-pool.h"
#include "warden-test-ui.h"
#include "warden-video-tile.h"

typedef struct
{
  GtkWidget *tile;
  GFile *snapshot;
  char *failure;
  gboolean closed;
} Run;

static WardenVideoTile *
tile_of (Run *run)
{
  return WARDEN_VIDEO_TILE (run->tile);
}

/* A visible label under @widget whose text contains @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child, text);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* The toolbar's button for @action under @widget. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_action_button (child, action);

      if (button != NULL)
        return button;
    }

  return NULL;
}

static gboolean
painted_frames (gpointer data)
{
  Run *run = data;
  WardenVideoPaintable *paintable = warden_video_tile_get_paintable (tile_of (run));

  return warden_video_paintable_get_frames_painted (paintable) >= 20;
}

static gboolean
frames_fit_tile (gpointer data)
{
  Run *run = data;
  GdkPaintable *paintable = GDK_PAINTABLE (warden_video_tile_get_paintable (tile_of (run)));
  int scale = gtk_widget_get_scale_factor (run->tile);

  return gdk_paintable_get_intrinsic_width (paintable) == gtk_widget_get_width (run->tile) * scale
         && gdk_paintable_get_intrinsic_height (paintable) == gtk_widget_get_height (run->tile) * scale;
}

static gboolean
has_stats (gpointer data)
{
  Run *run = data;

  return find_label (run->tile, "fps ·") != NULL && find_label (run->tile, "320×240") != NULL;
}

static gboolean
has_snapshot (gpointer data)
{
  Run *run = data;

  return run->snapshot != NULL || run->failure != NULL;
}

static gboolean
on_main_stream (gpointer data)
{
  Run *run = data;

  return warden_live_stream_get_width (warden_video_tile_get_stream (tile_of (run))) == 640;
}

static gboolean
has_sound_button (gpointer data)
{
  Run *run = data;

  return warden_live_stream_get_has_audio (warden_video_tile_get_stream (tile_of (run)));
}

static gboolean
shows_reconnecting (gpointer data)
{
  Run *run = data;

  return find_label (run->tile, "Reconnecting in") != NULL;
}

static gboolean
is_playing (gpointer data)
{
  Run *run = data;

  return warden_live_stream_get_state (warden_video_tile_get_stream (tile_of (run)))
         == WARDEN_LIVE_STATE_PLAYING;
}

/* A new tile in a @width × @height window on screen; returns the window. */
static GtkWidget *
present_tile (Run *run,
              int  width,
              int  height)
{
  GtkWidget *window = gtk_window_new ();

  run->tile = g_object_ref_sink (warden_video_tile_new ());
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), run->tile);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
snapshot_taken_cb (WardenVideoTile *tile,
                   GFile           *file,
                   Run             *run)
{
  g_set_object (&run->snapshot, file);
}

static void
failed_cb (WardenVideoTile *tile,
           const char      *message,
           Run             *run)
{
  g_free (run->failure);
  run->failure = g_strdup (message);
}

static void
close_requested_cb (WardenVideoTile *tile,
                    Run             *run)
{
  run->closed = TRUE;
}

static void
test_tile (void)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main");
  g_autofree char *sub_url = media_test_server_get_url (server, "/sub");
  g_autofree char *dir = warden_test_ui_fresh_dir ("video-tile");
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autofree char *shot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  Run run = { 0 };

  run.tile = g_object_ref_sink (warden_video_tile_new ());
  g_signal_connect (run.tile, "snapshot-taken", G_CALLBACK (snapshot_taken_cb), &run);
  g_signal_connect (run.tile, "failed", G_CALLBACK (failed_cb), &run);
  g_signal_connect (run.tile, "close-requested", G_CALLBACK (close_requested_cb), &run);

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 300);
  gtk_window_set_child (GTK_WINDOW (window), run.tile);
  warden_video_tile_set_files_directory (tile_of (&run), directory);
  warden_video_tile_set_show_stats (tile_of (&run), TRUE);
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_nonnull (find_label (run.tile, "Gate 1"));

  /* Frames are painted, at the tile's size, with the figures over them. */
  media_test_wait_until (painted_frames, &run, 90);
  media_test_wait_until (frames_fit_tile, &run, 90);
  media_test_wait_until (has_stats, &run, 90);
  g_assert_null (find_label (run.tile, "Connecting"));

  /* Snapshot from the toolbar's action: a JPEG of the decoded frame. */
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.snapshot", NULL));
  media_test_wait_until (has_snapshot, &run, 90);
  g_assert_null (run.failure);
  texture = gdk_texture_new_from_file (run.snapshot, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320);

  /* Local recording shows REC. */
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.record", NULL));
  g_assert_true (warden_video_tile_get_recording (tile_of (&run)));
  g_assert_nonnull (find_label (run.tile, "REC"));

  /* Main stream: the picture switches to 640×360. */
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.main-stream", NULL));
  g_assert_true (warden_video_tile_get_main_stream (tile_of (&run)));
  media_test_wait_until (on_main_stream, &run, 90);
  media_test_wait_until (painted_frames, &run, 90);
  warden_test_ui_wait_frames (run.tile, 3);
  shot = warden_test_ui_save_screenshot (run.tile, "video-tile");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  g_assert_true (gtk_widget_activate_action (run.tile, "tile.record", NULL));
  g_assert_false (warden_video_tile_get_recording (tile_of (&run)));

  /* The camera stops sending: the tile says it reconnects, then plays again. */
  warden_live_stream_set_stall_timeout (warden_video_tile_get_stream (tile_of (&run)), 2);
  media_test_server_set_stalled (server, TRUE);
  media_test_wait_until (shows_reconnecting, &run, 90);
  g_clear_pointer (&shot, g_free);
  warden_test_ui_wait_frames (run.tile, 3);
  shot = warden_test_ui_save_screenshot (run.tile, "video-tile-reconnecting");
  media_test_server_set_stalled (server, FALSE);
  media_test_wait_until (is_playing, &run, 90);
  g_assert_null (find_label (run.tile, "Reconnecting in"));

  /* Close empties the tile. */
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.close", NULL));
  g_assert_true (run.closed);
  g_assert_null (warden_video_tile_get_stream (tile_of (&run)));
  g_assert_false (warden_video_paintable_has_frame (warden_video_tile_get_paintable (tile_of (&run))));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&run.snapshot);
  g_free (run.failure);
  g_assert_finalize_object (run.tile);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
}

/* A tile that wants the main stream of a channel whose sub stream the pool keeps
 * starts from that sub stream (a picture at once) and switches to the main stream. */
static void
test_main_from_kept_sub (void)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main");
  g_autofree char *sub_url = media_test_server_get_url (server, "/sub");
  WardenStreamPool *pool = warden_stream_pool_get_default ();
  g_autoptr(WardenLiveStream) kept = NULL;
  Run run = { 0 };
  GtkWidget *window = present_tile (&run, 480, 300);


  /* A 4×4 grid showed the sub stream, then the view changed. */
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  media_test_wait_until (is_playing, &run, 90);
  kept = g_object_ref (warden_video_tile_get_stream (tile_of (&run)));
  warden_video_tile_clear (tile_of (&run));
  g_assert_true (warden_stream_pool_has (pool, sub_url));

  /* The new view shows the channel on the main stream. */
  warden_video_tile_set_main_stream (tile_of (&run), TRUE);
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  g_assert_true (warden_video_tile_get_stream (tile_of (&run)) == kept);
  g_assert_false (warden_stream_pool_has (pool, sub_url));
  g_assert_cmpstr (warden_live_stream_get_url (kept), ==, main_url);
  media_test_wait_until (on_main_stream, &run, 90);
  media_test_wait_until (painted_frames, &run, 90);

  /* Nothing kept: the main stream opens by itself. */
  warden_video_tile_clear (tile_of (&run));
  warden_stream_pool_clear (pool);
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  g_assert_true (warden_video_tile_get_stream (tile_of (&run)) != kept);
  g_assert_cmpstr (warden_live_stream_get_url (warden_video_tile_get_stream (tile_of (&run))), ==, main_url);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (run.tile);
  warden_stream_pool_clear (pool);
}

static GtkEventController *
controller_of_type (GtkWidget *widget,
                    GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_assert_not_reached ();
}

static gboolean
scroll (Run    *run,
        double  x,
        double  y,
        double  dy)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller_of_type (run->tile, GTK_TYPE_EVENT_CONTROLLER_MOTION), "motion", x, y);
  g_signal_emit_by_name (controller_of_type (run->tile, GTK_TYPE_EVENT_CONTROLLER_SCROLL), "scroll",
                         0.0, dy, &handled);

  return handled;
}

/* The point of the frame shown at @u (a fraction of the tile's width) and @v. */
static void
frame_point_at (Run    *run,
                double  u,
                double  v,
                double *x,
                double *y)
{
  WardenVideoPaintable *paintable = warden_video_tile_get_paintable (tile_of (run));
  double zoom = warden_video_paintable_get_zoom (paintable);

  warden_video_paintable_get_zoom_center (paintable, x, y);
  *x += (u - 0.5) / zoom;
  *y += (v - 0.5) / zoom;
}

static gboolean
toolbar_shown (gpointer data)
{
  Run *run = data;
  GtkWidget *revealer = gtk_widget_get_ancestor (find_action_button (run->tile, "tile.digital-zoom"),
                                                 GTK_TYPE_REVEALER);

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
frames_at_stream_size (gpointer data)
{
  Run *run = data;
  GdkPaintable *paintable = GDK_PAINTABLE (warden_video_tile_get_paintable (tile_of (run)));

  /* 480×300 zoomed ×1.95 would be 937×586: capped at the 640×360 stream, same aspect. */
  return gdk_paintable_get_intrinsic_width (paintable) == 640
         && gdk_paintable_get_intrinsic_height (paintable) == 400;
}

/* Digital zoom from the toolbar: the wheel zooms about the pointer, a drag moves the
 * view, frames come larger up to the stream's size, and turning it off restores. */
static void
test_digital_zoom (void)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main");
  g_autofree char *sub_url = media_test_server_get_url (server, "/sub");
  g_autofree char *shot = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  WardenVideoPaintable *paintable;
  GtkEventController *pan;
  graphene_rect_t bounds;
  double x, y, cx, cy;
  Run run = { 0 };
  GtkWidget *window = present_tile (&run, 480, 300);

  paintable = warden_video_tile_get_paintable (tile_of (&run));
  warden_video_tile_set_main_stream (tile_of (&run), TRUE);
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  media_test_wait_until (on_main_stream, &run, 90);
  media_test_wait_until (painted_frames, &run, 90);
  media_test_wait_until (frames_fit_tile, &run, 90);
  g_assert_cmpint (gtk_widget_get_width (run.tile), ==, 480);

  /* Off, the wheel does nothing to the picture. */
  g_assert_false (scroll (&run, 120, 75, -1));
  g_assert_cmpfloat (warden_video_paintable_get_zoom (paintable), ==, 1.0);

  /* On: three notches up over the left upper quarter point; that point stays put. */
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.digital-zoom", NULL));
  g_assert_true (warden_video_tile_get_digital_zoom (tile_of (&run)));
  for (int i = 0; i < 3; i++)
    g_assert_true (scroll (&run, 120, 75, -1));
  g_assert_cmpfloat_with_epsilon (warden_video_paintable_get_zoom (paintable), 1.25 * 1.25 * 1.25, 1e-9);
  frame_point_at (&run, 0.25, 0.25, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.25, 1e-9);
  g_assert_nonnull (find_label (run.tile, "2.0×"));
  media_test_wait_until (frames_at_stream_size, &run, 90);

  /* A drag to the right by a tenth of the tile shows what lies to the left. */
  pan = controller_of_type (run.tile, GTK_TYPE_GESTURE_DRAG);
  warden_video_paintable_get_zoom_center (paintable, &cx, &cy);
  g_signal_emit_by_name (pan, "drag-begin", 240.0, 150.0);
  g_signal_emit_by_name (pan, "drag-update", 48.0, 0.0);
  warden_video_paintable_get_zoom_center (paintable, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, cx - 0.1 / warden_video_paintable_get_zoom (paintable), 1e-9);
  g_assert_cmpfloat_with_epsilon (y, cy, 1e-9);
  /* Never past the frame's edge. */
  g_signal_emit_by_name (pan, "drag-update", 4800.0, 0.0);
  warden_video_paintable_get_zoom_center (paintable, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.5 / warden_video_paintable_get_zoom (paintable), 1e-9);

  /* The paintable draws the frame enlarged and clipped to its bounds. */
  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), snapshot, 100, 100);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CLIP_NODE);
  g_assert_cmpfloat (gsk_clip_node_get_clip (node)->size.width, ==, 100);
  gsk_render_node_get_bounds (gsk_clip_node_get_child (node), &bounds);
  g_assert_cmpfloat_with_epsilon (bounds.origin.x, 0.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (bounds.size.width, 100 * warden_video_paintable_get_zoom (paintable), 1e-3);

  /* The pointer over the tile shows the toolbar, the magnifier pressed. */
  g_signal_emit_by_name (controller_of_type (run.tile, GTK_TYPE_EVENT_CONTROLLER_MOTION), "enter", 240.0, 150.0);
  media_test_wait_until (toolbar_shown, &run, 90);
  warden_test_ui_wait_frames (run.tile, 3);
  shot = warden_test_ui_save_screenshot (run.tile, "video-tile-zoomed");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* The limit is 8×; off shows the whole picture again, at the tile's size. */
  for (int i = 0; i < 30; i++)
    scroll (&run, 240, 150, -3);
  g_assert_cmpfloat (warden_video_paintable_get_zoom (paintable), ==, WARDEN_VIDEO_PAINTABLE_MAX_ZOOM);
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.digital-zoom", NULL));
  g_assert_false (warden_video_tile_get_digital_zoom (tile_of (&run)));
  g_assert_cmpfloat (warden_video_paintable_get_zoom (paintable), ==, 1.0);
  g_assert_null (find_label (run.tile, "×"));
  media_test_wait_until (frames_fit_tile, &run, 90);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (run.tile);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
}

static gboolean
plays_sound (gpointer data)
{
  Run *run = data;

  return warden_live_stream_get_audio_decoded (warden_video_tile_get_stream (tile_of (run))) >= 10;
}

/* The sound button: off at first, enabled only for a stream with sound, and a stream
 * the tile lets go (kept open by the pool) stops its sound. */
static void
test_audio (void)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main-audio");
  g_autofree char *sub_url = media_test_server_get_url (server, "/sub");
  g_autoptr(WardenLiveStream) kept = NULL;
  Run run = { 0 };
  GtkWidget *window = present_tile (&run, 480, 300);


  /* The sub stream has no sound: the button stays off. */
  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  media_test_wait_until (is_playing, &run, 90);
  g_assert_false (gtk_widget_get_sensitive (find_action_button (run.tile, "tile.audio")));
  gtk_widget_activate_action (run.tile, "tile.audio", NULL);
  g_assert_false (warden_video_tile_get_audio (tile_of (&run)));

  g_assert_true (gtk_widget_activate_action (run.tile, "tile.main-stream", NULL));
  media_test_wait_until (on_main_stream, &run, 90);
  media_test_wait_until (has_sound_button, &run, 90);
  g_assert_true (gtk_widget_get_sensitive (find_action_button (run.tile, "tile.audio")));
  g_assert_true (gtk_widget_activate_action (run.tile, "tile.audio", NULL));
  g_assert_true (warden_video_tile_get_audio (tile_of (&run)));
  media_test_wait_until (plays_sound, &run, 90);

  kept = g_object_ref (warden_video_tile_get_stream (tile_of (&run)));
  warden_video_tile_clear (tile_of (&run));
  g_assert_false (warden_video_tile_get_audio (tile_of (&run)));
  g_assert_false (warden_live_stream_get_audio (kept));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (run.tile);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
}

static gboolean
toolbar_is_folded (gpointer data)
{
  Run *run = data;

  return gtk_widget_get_visible (GTK_WIDGET (warden_test_ui_find_descendant (run->tile, GTK_TYPE_MENU_BUTTON)))
         && !gtk_widget_get_visible (gtk_widget_get_parent (find_action_button (run->tile, "tile.ptz")));
}

static gboolean
toolbar_is_tiny (gpointer data)
{
  Run *run = data;

  return toolbar_is_folded (data)
         && !gtk_widget_get_visible (gtk_widget_get_parent (find_action_button (run->tile, "tile.snapshot")));
}

/* A @width × @height tile folds the actions @folded into the ⋯ menu, in that order,
 * and its toolbar, shown, stays within the tile. */
static void
check_folded_toolbar (int                 width,
                      int                 height,
                      GSourceFunc         folded_already,
                      const char * const *folded,
                      guint               n_folded,
                      const char         *screenshot)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main");
  g_autofree char *sub_url = media_test_server_get_url (server, "/sub");
  g_autofree char *shot = NULL;
  Run run = { 0 };
  GtkWidget *window = present_tile (&run, width, height);
  GtkWidget *more_button;
  GMenuModel *menu;
  guint item = 0;
  graphene_rect_t bounds;

  warden_video_tile_set_source (tile_of (&run), "Gate 1", main_url, sub_url, WARDEN_LATENCY_REALTIME);
  media_test_wait_until (painted_frames, &run, 90);
  media_test_wait_until (folded_already, &run, 90);

  more_button = GTK_WIDGET (warden_test_ui_find_descendant (run.tile, GTK_TYPE_MENU_BUTTON));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (more_button));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; j < g_menu_model_get_n_items (section); j++, item++)
        {
          g_autofree char *action = NULL;

          g_assert_cmpuint (item, <, n_folded);
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_cmpstr (action, ==, folded[item]);
        }
    }
  g_assert_cmpuint (item, ==, n_folded);

  g_signal_emit_by_name (controller_of_type (run.tile, GTK_TYPE_EVENT_CONTROLLER_MOTION), "enter",
                         width / 2.0, height / 2.0);
  media_test_wait_until (toolbar_shown, &run, 90);
  warden_test_ui_wait_frames (run.tile, 3);
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (more_button), run.tile, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  shot = warden_test_ui_save_screenshot (run.tile, screenshot);
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (run.tile);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
}

/* A tile too narrow for the whole toolbar (a 25-tile grid beside the sidebar, say)
 * folds sound, main stream, PTZ and digital zoom into a menu with those actions. */
static void
test_compact_toolbar (void)
{
  static const char * const folded[] = { "tile.audio", "tile.main-stream", "tile.ptz", "tile.digital-zoom" };

  check_folded_toolbar (200, 120, toolbar_is_folded, folded, G_N_ELEMENTS (folded), "video-tile-compact");
}

/* A 64-tile grid's tile beside the sidebar folds snapshot and recording too. */
static void
test_tiny_toolbar (void)
{
  static const char * const folded[] = { "tile.snapshot", "tile.record", "tile.audio", "tile.main-stream",
                                         "tile.ptz", "tile.digital-zoom" };

  check_folded_toolbar (130, 80, toolbar_is_tiny, folded, G_N_ELEMENTS (folded), "video-tile-tiny");
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  /* The application's stylesheet, as AdwApplication loads it: the toolbar's look. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/warden/Warden/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/media/video-tile/live", test_tile);
  g_test_add_func ("/media/video-tile/main-from-kept-sub", test_main_from_kept_sub);
  g_test_add_func ("/media/video-tile/digital-zoom", test_digital_zoom);
  g_test_add_func ("/media/video-tile/audio", test_audio);
  g_test_add_func ("/media/video-tile/compact-toolbar", test_compact_toolbar);
  g_test_add_func ("/media/video-tile/tiny-toolbar", test_tiny_toolbar);

  return g_test_run ();
}
