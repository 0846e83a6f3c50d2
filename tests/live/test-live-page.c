/* test-live-page.c: the Live View page under Xvfb with a registry holding a simulated NVR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "live-test-util.h"
#include "media-test-server.h"
#include "warden-live-page.h"
#include "warden-live-window.h"
#include "warden-ptz-panel.h"
#include "warden-settings-repo.h"
#include "warden-test-ui.h"

typedef struct
{
  WardenLivePage *page;
  WardenDeviceSupervisor *supervisor;
  guint tile;
  LiveTestFrames frames;
  WardenLiveState state;
} Run;

static WardenLiveGrid *
grid_of (Run *run)
{
  return warden_live_page_get_grid (run->page);
}

static gboolean
channels_read (gpointer data)
{
  Run *run = data;

  return g_list_model_get_n_items (warden_device_supervisor_get_channels (run->supervisor)) == 4;
}

static gboolean
tile_in_state (gpointer data)
{
  Run *run = data;
  WardenLiveStream *stream =
    warden_video_tile_get_stream (warden_live_grid_get_tile (grid_of (run), run->tile));

  return warden_live_stream_get_state (stream) == run->state;
}

static gboolean
has_snapshot (gpointer data)
{
  const char *dir = data;
  g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
  const char *name;

  while (files != NULL && (name = g_dir_read_name (files)) != NULL)
    if (g_str_has_suffix (name, ".jpg"))
      return TRUE;
  return FALSE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static WardenDeviceSupervisor *
add_nvr (WardenDeviceRegistry      *registry,
         const DevsimFixtureDevice *nvr)
{
  g_autoptr(WardenDeviceRecord) record = devices_test_record (nvr->name, nvr->address,
                                                              nvr->dvrip_port, nvr->user);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  WardenDeviceSupervisor *supervisor;

  warden_device_registry_add_device_async (registry, record, nvr->password, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  supervisor = warden_device_registry_add_device_finish (registry, result, &error);
  g_assert_no_error (error);
  return supervisor;
}

/* The first widget of @type under @widget (popovers included). */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A visible widget of @type under @widget, or NULL. */
static GtkWidget *
find_visible (GtkWidget *widget,
              GType      type)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GPtrArray *codes;     /* every command answered, in order */
  char *error;          /* the first error */
  guint expected;
} Ptz;

static void
ptz_finished_cb (WardenPtzPanel *panel,
                 const char     *code,
                 const char     *error,
                 Ptz            *ptz)
{
  g_ptr_array_add (ptz->codes, g_strdup (code));
  if (error != NULL && ptz->error == NULL)
    ptz->error = g_strdup (error);
}

static gboolean
ptz_all_answered (gpointer data)
{
  Ptz *ptz = data;

  return ptz->codes->len >= ptz->expected;
}

static WardenLiveWindow *
find_live_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (WARDEN_IS_LIVE_WINDOW (l->data))
      return l->data;
  return NULL;
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

typedef struct
{
  WardenLiveGrid *grid;
  GtkWidget *views_list;
  guint index;
  int channel;
  guint n_views;
} Wait;

static gboolean
views_listed (gpointer data)
{
  Wait *wait = data;

  return n_children (wait->views_list) == wait->n_views;
}

static gboolean
tile_shows (gpointer data)
{
  Wait *wait = data;
  int channel = 0;

  return warden_live_grid_get_channel (wait->grid, wait->index, NULL, &channel)
         && channel == wait->channel;
}

static gboolean
device_online (gpointer data)
{
  return warden_device_supervisor_get_status (data) == WARDEN_DEVICE_STATUS_ONLINE;
}

static gboolean
device_offline (gpointer data)
{
  return warden_device_supervisor_get_status (data) == WARDEN_DEVICE_STATUS_OFFLINE;
}

static gboolean
memory_play_stored (gpointer data)
{
  WardenStore *store = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *value = NULL;

  warden_settings_repo_get_async (store, "live.memory-play", NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  value = warden_settings_repo_get_finish (store, result, NULL);
  return g_strcmp0 (value, "1") == 0;
}

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = devices_test_fresh_dir ("live-page");
  g_autoptr(DevsimFixture) sim = NULL;
  g_autoptr(WardenDataDir) data_dir = NULL;
  g_autoptr(WardenSecurity) security = NULL;
  g_autoptr(WardenDeviceRegistry) registry = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const DevsimFixtureDevice *nvr;
  GtkWidget *window;
  GtkListView *list;
  gint64 device_id;
  int channel;
  Run run = { 0 };
  Wait wait = { 0 };

  sim = devsim_fixture_start ("live-page",
                              (const char *[]) { "--nvr", "1", "--nvr-channels", "4", NULL },
                              &error);
  g_assert_no_error (error);
  nvr = devsim_fixture_find_device (sim, "nvr");

  data_dir = warden_data_dir_new (dir, &error);
  g_assert_no_error (error);
  security = devices_test_security_new (dir);
  registry = warden_device_registry_new (security);
  run.supervisor = add_nvr (registry, nvr);
  devices_test_wait_status (run.supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  media_test_wait_until (channels_read, &run, 60);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  run.page = g_object_ref_sink (g_object_new (WARDEN_TYPE_LIVE_PAGE, NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (run.page));
  warden_live_page_set_context (run.page, data_dir, registry);
  gtk_window_present (GTK_WINDOW (window));

  /* Activating the device row (a double-click) fills the 2×2 grid with its channels. */
  list = GTK_LIST_VIEW (find_widget (GTK_WIDGET (run.page), GTK_TYPE_LIST_VIEW));
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 1);
  g_signal_emit_by_name (list, "activate", 0);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (warden_live_grid_get_channel (grid_of (&run), i, &device_id, &channel));
      g_assert_cmpint (device_id, ==, warden_device_supervisor_get_id (run.supervisor));
      g_assert_cmpint (channel, ==, i + 1);
    }
  live_test_frames_mark (&run.frames, grid_of (&run), -1);
  media_test_wait_until (live_test_frames_painting, &run.frames, 120);
  warden_test_ui_wait_frames (GTK_WIDGET (run.page), 3);
  shot = warden_test_ui_save_screenshot (GTK_WIDGET (run.page), "live-page");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* A snapshot lands in the Files folder and decodes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (warden_live_grid_get_tile (grid_of (&run), 1)),
                                             "tile.snapshot", NULL));
  media_test_wait_until (has_snapshot, (gpointer) warden_data_dir_get_files_path (data_dir), 60);
  {
    g_autoptr(GDir) files = g_dir_open (warden_data_dir_get_files_path (data_dir), 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (files)) != NULL)
      if (g_str_has_suffix (name, ".jpg"))
        {
          g_autofree char *path = g_build_filename (warden_data_dir_get_files_path (data_dir), name, NULL);

          texture = gdk_texture_new_from_filename (path, &error);
          g_assert_no_error (error);
        }
    g_assert_nonnull (texture);
    g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
  }

  /* Close all, then drop channel 3 on tile 2. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.page), "live.close-all", NULL));
  g_assert_cmpint (warden_live_grid_get_next_free (grid_of (&run)), ==, 0);
  payload = warden_live_drag_payload_new (warden_device_supervisor_get_id (run.supervisor), 3);
  g_assert_true (live_test_drop_on (grid_of (&run), 2, payload));
  g_assert_true (warden_live_grid_get_channel (grid_of (&run), 2, NULL, &channel));
  g_assert_cmpint (channel, ==, 3);

  /* The device goes away and comes back: the tile recovers on its own. */
  run.tile = 2;
  run.state = WARDEN_LIVE_STATE_PLAYING;
  media_test_wait_until (tile_in_state, &run, 60);
  g_free (devsim_fixture_ctl (sim, &error, "offline %s", nvr->address));
  g_assert_no_error (error);
  run.state = WARDEN_LIVE_STATE_RECONNECTING;
  media_test_wait_until (tile_in_state, &run, 60);
  g_free (devsim_fixture_ctl (sim, &error, "online %s", nvr->address));
  g_assert_no_error (error);
  run.state = WARDEN_LIVE_STATE_PLAYING;
  media_test_wait_until (tile_in_state, &run, 120);

  /* A channel the device does not have is refused. */
  g_assert_false (warden_live_page_show_channel (run.page, 0, warden_device_supervisor_get_id (run.supervisor), 9));
  g_assert_false (warden_live_grid_get_channel (grid_of (&run), 0, NULL, NULL));

  /* Save the layout as a view, close everything, and open the view again. */
  wait.grid = grid_of (&run);
  wait.views_list = find_widget (GTK_WIDGET (run.page), GTK_TYPE_LIST_BOX);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (run.page), GTK_TYPE_ENTRY)), "Gate");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.page), "live.save-view", NULL));
  wait.n_views = 1;
  media_test_wait_until (views_listed, &wait, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.page), "live.close-all", NULL));
  g_assert_false (warden_live_grid_get_channel (grid_of (&run), 2, NULL, NULL));
  g_signal_emit_by_name (wait.views_list, "row-activated",
                         gtk_list_box_get_row_at_index (GTK_LIST_BOX (wait.views_list), 0));
  wait.index = 2;
  wait.channel = 3;
  g_assert_true (tile_shows (&wait));

  /* Memory play: a page opened later shows the last layout again. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (run.page), GTK_TYPE_CHECK_BUTTON)),
                               TRUE);
  media_test_wait_until (memory_play_stored, warden_device_registry_get_store (registry), 30);
  {
    GtkWidget *second_window = gtk_window_new ();
    WardenLivePage *second = g_object_ref_sink (g_object_new (WARDEN_TYPE_LIVE_PAGE, NULL));
    Wait reopened = { warden_live_page_get_grid (second), NULL, 2, 3, 0 };

    gtk_window_set_child (GTK_WINDOW (second_window), GTK_WIDGET (second));
    warden_live_page_set_context (second, data_dir, registry);
    media_test_wait_until (tile_shows, &reopened, 30);
    gtk_window_destroy (GTK_WINDOW (second_window));
    g_assert_finalize_object (second);
  }

  /* The wall: this layout in a window of its own with no controls. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.page), "live.open-wall", NULL));
  {
    WardenLiveWindow *wall = find_live_window ();
    WardenLivePage *wall_page;
    Wait on_wall = { 0 };
    g_autofree char *wall_shot = NULL;

    g_assert_nonnull (wall);
    g_assert_true (warden_live_window_is_wall (wall));
    wall_page = warden_live_window_get_page (wall);
    on_wall.grid = warden_live_page_get_grid (wall_page);
    on_wall.index = 2;
    on_wall.channel = 3;
    g_assert_true (tile_shows (&on_wall));
    g_assert_null (find_visible (GTK_WIDGET (wall), GTK_TYPE_LIST_VIEW));
    g_assert_null (find_visible (GTK_WIDGET (wall), GTK_TYPE_DROP_DOWN));
    live_test_frames_mark (&run.frames, on_wall.grid, 2);
    media_test_wait_until (live_test_frames_painting, &run.frames, 60);
    warden_test_ui_wait_frames (GTK_WIDGET (wall), 3);
    wall_shot = warden_test_ui_save_screenshot (GTK_WIDGET (wall), "live-wall");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "window.close", NULL));
    while (find_live_window () != NULL)
      g_main_context_iteration (NULL, TRUE);
  }

  /* A second live window has its own grid, empty, with its controls. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.page), "live.new-window", NULL));
  {
    WardenLiveWindow *other = find_live_window ();
    WardenLiveGrid *other_grid;

    g_assert_nonnull (other);
    g_assert_false (warden_live_window_is_wall (other));
    other_grid = warden_live_page_get_grid (warden_live_window_get_page (other));
    g_assert_true (other_grid != grid_of (&run));
    g_assert_cmpint (warden_live_grid_get_next_free (other_grid), ==, 0);
    g_assert_nonnull (find_visible (GTK_WIDGET (other), GTK_TYPE_LIST_VIEW));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* PTZ on the selected tile: holds, presets, tours, keys and a drag. */
  {
    WardenPtzPanel *ptz = WARDEN_PTZ_PANEL (find_widget (GTK_WIDGET (run.page), WARDEN_TYPE_PTZ_PANEL));
    Ptz sent = { g_ptr_array_new_with_free_func (g_free), NULL, 0 };
    static const char * const codes[] = {
      "Right", "SetPreset", "GotoPreset", "StartTour", "StopTour", "ZoomTele", "RightUp",
    };

    g_signal_connect (ptz, "command-finished", G_CALLBACK (ptz_finished_cb), &sent);
    warden_live_grid_set_selected (grid_of (&run), 2);
    warden_ptz_panel_set_speed (ptz, 5);
    warden_ptz_panel_start (ptz, "Right");
    warden_ptz_panel_stop (ptz);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "SetPreset"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "GotoPreset"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.tour", "s", "StartTour"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.tour", "s", "StopTour"));
    g_assert_true (warden_ptz_panel_key (ptz, GDK_KEY_plus, TRUE));
    g_assert_true (warden_ptz_panel_key (ptz, GDK_KEY_plus, FALSE));
    g_assert_false (warden_ptz_panel_key (ptz, GDK_KEY_a, TRUE));
    warden_ptz_panel_steer (ptz, 100, -100);
    warden_ptz_panel_steer (ptz, 2, 2);
    sent.expected = 10;
    media_test_wait_until (ptz_all_answered, &sent, 30);
    g_assert_null (sent.error);
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      g_assert_true (g_ptr_array_find_with_equal_func (sent.codes, codes[i], g_str_equal, NULL));

    /* A preset that was cleared cannot be gone to: the device's error reaches the page. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "ClearPreset"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "GotoPreset"));
    sent.expected = 12;
    media_test_wait_until (ptz_all_answered, &sent, 30);
    g_assert_nonnull (sent.error);

    /* An empty tile leaves the panel with nothing to drive. */
    warden_live_grid_set_selected (grid_of (&run), 0);
    g_assert_false (warden_ptz_panel_key (ptz, GDK_KEY_Up, TRUE));
    g_signal_handlers_disconnect_by_data (ptz, &sent);
    g_ptr_array_unref (sent.codes);
    g_free (sent.error);
  }

  /* A channel of an offline device waits for the device, then shows. */
  g_free (devsim_fixture_ctl (sim, &error, "offline %s", nvr->address));
  g_assert_no_error (error);
  media_test_wait_until (device_offline, run.supervisor, 60);
  g_assert_false (warden_live_page_show_channel (run.page, 0, warden_device_supervisor_get_id (run.supervisor), 1));
  g_assert_false (warden_live_grid_get_channel (grid_of (&run), 0, NULL, NULL));
  g_free (devsim_fixture_ctl (sim, &error, "online %s", nvr->address));
  g_assert_no_error (error);
  media_test_wait_until (device_online, run.supervisor, 60);
  wait.index = 0;
  wait.channel = 1;
  media_test_wait_until (tile_shows, &wait, 30);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (run.page);
  warden_device_supervisor_stop (run.supervisor);
  g_clear_object (&run.supervisor);
  g_clear_object (&registry);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live/page/fill-snapshot-recover-views", test_page);

  return g_test_run ();
}
