/* test-live-page.c: the Live View page under Xvfb with a registry holding a simulated NVR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gst/gst.h>
#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "live-test-util.h"
#include "media-test-server.h"
#include "warden-live-page.h"
#include "warden-live-window.h"
#include "warden-ptz-panel.h"
#include "warden-settings-repo.h"
#include "warden-stream-pool.h"
#include "warden-test-ui.h"
#include "warden-view-repo.h"

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

typedef struct
{
  GtkDropDown *dropdown;
  const char * const *shown;    /* the items, in order */
  const char *selected;         /* NULL: none */
} Presets;

static gboolean
presets_shown (gpointer data)
{
  Presets *presets = data;
  GListModel *model = gtk_drop_down_get_model (presets->dropdown);
  GtkStringObject *selected = gtk_drop_down_get_selected_item (presets->dropdown);
  guint n = g_strv_length ((char **) presets->shown);

  if (g_list_model_get_n_items (model) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (gtk_string_list_get_string (GTK_STRING_LIST (model), i), presets->shown[i]) != 0)
      return FALSE;
  return g_strcmp0 (selected != NULL ? gtk_string_object_get_string (selected) : NULL, presets->selected) == 0;
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

/* The value of setting @key in @store, or NULL. */
static char *
stored_setting (WardenStore *store,
                const char  *key)
{
  g_autoptr(GAsyncResult) result = NULL;

  warden_settings_repo_get_async (store, key, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return warden_settings_repo_get_finish (store, result, NULL);
}

static gboolean
memory_play_stored (gpointer data)
{
  g_autofree char *value = stored_setting (data, "live.memory-play");

  return g_strcmp0 (value, "1") == 0;
}

/* A simulated NVR in a registry, and a Live View page in a window, inside a
 * stack with a second page. */
typedef struct
{
  char *dir;
  DevsimFixture *sim;
  const DevsimFixtureDevice *nvr;
  WardenDataDir *data_dir;
  WardenSecurity *security;
  WardenDeviceRegistry *registry;
  WardenDeviceSupervisor *supervisor;
  GtkWidget *window;
  GtkStack *stack;
  WardenLivePage *page;
  WardenLiveGrid *grid;
  guint n_channels;
} Site;

static gboolean
site_channels_read (gpointer data)
{
  Site *site = data;

  return g_list_model_get_n_items (warden_device_supervisor_get_channels (site->supervisor))
         == site->n_channels;
}

static void
site_start (Site       *site,
            const char *name,
            guint       n_channels)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *channels = g_strdup_printf ("%u", n_channels);

  site->dir = devices_test_fresh_dir (name);
  site->n_channels = n_channels;
  site->sim = devsim_fixture_start (name, (const char *[]) { "--nvr", "1", "--nvr-channels", channels, NULL },
                                    &error);
  g_assert_no_error (error);
  site->nvr = devsim_fixture_find_device (site->sim, "nvr");
  site->data_dir = warden_data_dir_new (site->dir, &error);
  g_assert_no_error (error);
  site->security = devices_test_security_new (site->dir);
  site->registry = warden_device_registry_new (site->security);
  site->supervisor = add_nvr (site->registry, site->nvr);
  devices_test_wait_status (site->supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  media_test_wait_until (site_channels_read, site, 60);

  site->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (site->window), 1280, 720);
  site->stack = GTK_STACK (gtk_stack_new ());
  site->page = g_object_ref_sink (g_object_new (WARDEN_TYPE_LIVE_PAGE, NULL));
  site->grid = warden_live_page_get_grid (site->page);
  gtk_stack_add_named (site->stack, GTK_WIDGET (site->page), "live");
  gtk_stack_add_named (site->stack, gtk_label_new ("Events"), "events");
  gtk_window_set_child (GTK_WINDOW (site->window), GTK_WIDGET (site->stack));
  warden_live_page_set_context (site->page, site->data_dir, site->registry);
  gtk_window_present (GTK_WINDOW (site->window));
}

static void
site_stop (Site *site)
{
  gtk_window_destroy (GTK_WINDOW (site->window));
  g_assert_finalize_object (site->page);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
  warden_device_supervisor_stop (site->supervisor);
  g_clear_object (&site->supervisor);
  g_clear_object (&site->registry);
  g_clear_object (&site->security);
  g_clear_object (&site->data_dir);
  g_clear_pointer (&site->sim, devsim_fixture_stop);
  g_clear_pointer (&site->dir, g_free);
}

static gint64
site_device_id (Site *site)
{
  return warden_device_supervisor_get_id (site->supervisor);
}

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  Site site = { 0 };
  DevsimFixture *sim;
  const DevsimFixtureDevice *nvr;
  WardenDataDir *data_dir;
  WardenDeviceRegistry *registry;
  GtkListView *list;
  gint64 device_id;
  int channel;
  Run run = { 0 };
  Wait wait = { 0 };

  site_start (&site, "live-page", 4);
  sim = site.sim;
  nvr = site.nvr;
  data_dir = site.data_dir;
  registry = site.registry;
  run.supervisor = site.supervisor;
  run.page = site.page;

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
  media_test_wait_until (live_test_frames_painting, &run.frames, LIVE_TEST_FRAMES_WAIT_S);
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
  wait.views_list = live_test_find (GTK_WIDGET (run.page), GTK_TYPE_LIST_BOX, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (live_test_find (GTK_WIDGET (run.page), GTK_TYPE_ENTRY, TRUE)), "Gate");
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
    media_test_wait_until (live_test_frames_painting, &run.frames, LIVE_TEST_FRAMES_WAIT_S);
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

  /* PTZ on the selected tile: holds, named presets, tours, keys and a drag. */
  {
    WardenPtzPanel *ptz = WARDEN_PTZ_PANEL (find_widget (GTK_WIDGET (run.page), WARDEN_TYPE_PTZ_PANEL));
    GtkEditable *preset_name = GTK_EDITABLE (find_widget (GTK_WIDGET (ptz), GTK_TYPE_ENTRY));
    Ptz sent = { g_ptr_array_new_with_free_func (g_free), NULL, 0 };
    Presets presets = { GTK_DROP_DOWN (find_widget (GTK_WIDGET (ptz), GTK_TYPE_DROP_DOWN)), NULL, NULL };
    static const char * const codes[] = {
      "Right", "SetPreset", "GotoPreset", "StartTour", "StopTour", "ZoomTele", "RightUp",
    };

    g_signal_connect (ptz, "command-finished", G_CALLBACK (ptz_finished_cb), &sent);
    /* The tile's PTZ button selects and enlarges it, and the grid takes the keys. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (warden_live_grid_get_tile (grid_of (&run), 2)),
                                               "tile.ptz", NULL));
    g_assert_cmpint (warden_live_grid_get_selected (grid_of (&run)), ==, 2);
    g_assert_cmpint (warden_live_grid_get_enlarged (grid_of (&run)), ==, 2);
    g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (grid_of (&run))))
                   == GTK_WIDGET (grid_of (&run)));
    warden_ptz_panel_set_speed (ptz, 5);
    warden_ptz_panel_start (ptz, "Right");
    warden_ptz_panel_stop (ptz);

    /* Saving under new names takes the first free numbers; the list shows the
     * device's presets with their names and chooses the one saved. */
    gtk_editable_set_text (preset_name, "Gate");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.save-preset", NULL));
    presets.shown = (const char *[]) { "1 · Gate", NULL };
    presets.selected = "1 · Gate";
    media_test_wait_until (presets_shown, &presets, 30);
    gtk_editable_set_text (preset_name, "Door");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.save-preset", NULL));
    presets.shown = (const char *[]) { "1 · Gate", "2 · Door", NULL };
    presets.selected = "2 · Door";
    media_test_wait_until (presets_shown, &presets, 30);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "GotoPreset"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.tour", "s", "StartTour"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.tour", "s", "StopTour"));
    g_assert_true (warden_ptz_panel_key (ptz, GDK_KEY_plus, TRUE));
    g_assert_true (warden_ptz_panel_key (ptz, GDK_KEY_plus, FALSE));
    g_assert_false (warden_ptz_panel_key (ptz, GDK_KEY_a, TRUE));
    warden_ptz_panel_steer (ptz, 100, -100);
    warden_ptz_panel_steer (ptz, 2, 2);
    sent.expected = 11;
    media_test_wait_until (ptz_all_answered, &sent, 30);
    g_assert_null (sent.error);
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      g_assert_true (g_ptr_array_find_with_equal_func (sent.codes, codes[i], g_str_equal, NULL));

    /* A name in the list replaces that preset's position; clearing removes it. */
    gtk_editable_set_text (preset_name, "Gate");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.save-preset", NULL));
    presets.selected = "1 · Gate";
    media_test_wait_until (presets_shown, &presets, 30);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.preset", "s", "ClearPreset"));
    presets.shown = (const char *[]) { "2 · Door", NULL };
    presets.selected = "2 · Door";
    media_test_wait_until (presets_shown, &presets, 30);
    sent.expected = 13;
    media_test_wait_until (ptz_all_answered, &sent, 30);
    g_assert_null (sent.error);

    /* Saving with no name is refused with a message for the page. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ptz), "ptz.save-preset", NULL));
    g_assert_nonnull (sent.error);

    /* An empty tile leaves the panel with nothing to drive, and no presets. */
    warden_live_grid_set_enlarged (grid_of (&run), -1);
    warden_live_grid_set_selected (grid_of (&run), 0);
    g_assert_false (warden_ptz_panel_key (ptz, GDK_KEY_Up, TRUE));
    presets.shown = (const char *[]) { NULL };
    presets.selected = NULL;
    g_assert_true (presets_shown (&presets));
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

  site_stop (&site);
}


typedef struct
{
  WardenStore *store;
  const char *name;
  int n_channels;       /* -1: the favorite must be gone */
  guint n_favorites;
  gint64 id;
} FavoriteWait;

/* The store holds @n_favorites favorites, and @name with @n_channels channels. */
static gboolean
favorite_stored (gpointer data)
{
  FavoriteWait *wait = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) favorites = NULL;
  gboolean found = FALSE;

  warden_view_repo_list_favorites_async (wait->store, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  favorites = warden_view_repo_list_favorites_finish (wait->store, result, NULL);
  g_assert_nonnull (favorites);
  for (guint i = 0; i < favorites->len; i++)
    {
      WardenFavoriteRecord *favorite = g_ptr_array_index (favorites, i);

      if (strcmp (favorite->name, wait->name) == 0 && (int) favorite->channels->len == wait->n_channels)
        {
          wait->id = favorite->id;
          found = TRUE;
        }
    }
  return favorites->len == wait->n_favorites && found == (wait->n_channels >= 0);
}

/* The row of the favorites list that shows @name. */
static GtkWidget *
favorite_row (GtkListBox *list,
              const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = live_test_find (row, GTK_TYPE_LABEL, FALSE);

      if (label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0)
        return row;
    }
  return NULL;
}

typedef struct
{
  GtkListBox *list;
  guint n_rows;
  const char *name;
  const char *n_channels;
} RowsWait;

/* The list shows @n_rows favorites, @name among them with @n_channels. */
static gboolean
rows_shown (gpointer data)
{
  RowsWait *wait = data;
  GtkWidget *row = favorite_row (wait->list, wait->name);
  GtkWidget *count;

  if (n_children (GTK_WIDGET (wait->list)) != wait->n_rows || row == NULL)
    return FALSE;
  count = gtk_widget_get_prev_sibling (gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
  return strcmp (gtk_label_get_text (GTK_LABEL (count)), wait->n_channels) == 0;
}

static gboolean
drop_on_row (GtkWidget  *row,
             const char *payload)
{
  return live_test_drop_at (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)), 4, 4, payload);
}

/* The spin button whose upper bound is @upper. */
static GtkSpinButton *
find_spin (GtkWidget *widget,
           double     upper)
{
  if (GTK_IS_SPIN_BUTTON (widget)
      && gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget))) == upper)
    return GTK_SPIN_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *found = find_spin (child, upper);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The drop-down that offers @item. */
static GtkDropDown *
find_drop_down (GtkWidget  *widget,
                const char *item)
{
  if (GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))))
    {
      GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (list, i), item) == 0)
          return GTK_DROP_DOWN (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down (child, item);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The check button labelled @label. */
static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_CHECK_BUTTON (widget)
      && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  WardenLiveGrid *grid;
  int index;
} Enlarged;

static gboolean
grid_enlarged (gpointer data)
{
  Enlarged *enlarged = data;

  return warden_live_grid_get_enlarged (enlarged->grid) == enlarged->index;
}

static void
test_favorites (void)
{
  Site site = { 0 };
  g_autofree char *shot = NULL;
  g_autofree char *channel_3 = NULL;
  g_autofree char *channel_2 = NULL;
  g_autofree char *device = NULL;
  FavoriteWait stored = { 0 };
  RowsWait rows = { 0 };
  GtkListBox *list;
  GtkWidget *row;
  GtkWidget *rename;
  int channel;

  site_start (&site, "live-favorites", 5);
  stored.store = warden_device_registry_get_store (site.registry);
  list = GTK_LIST_BOX (live_test_find (GTK_WIDGET (site.page), GTK_TYPE_LIST_BOX, FALSE));
  rows.list = list;

  /* A favorite from the grid's channels, in tile order. */
  g_assert_true (warden_live_page_show_channel (site.page, 3, site_device_id (&site), 1));
  g_assert_true (warden_live_page_show_channel (site.page, 1, site_device_id (&site), 2));
  gtk_editable_set_text (GTK_EDITABLE (live_test_find (GTK_WIDGET (site.page), GTK_TYPE_ENTRY, FALSE)),
                         " Yard ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.add-favorite", NULL));
  stored.name = "Yard";
  stored.n_channels = 2;
  stored.n_favorites = 1;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_rows = 1;
  rows.name = "Yard";
  rows.n_channels = "2";
  media_test_wait_until (rows_shown, &rows, 30);

  /* Dropping a channel adds it; dropping the device adds the channels it lacks;
   * a channel it holds is refused. */
  row = favorite_row (list, "Yard");
  g_assert_nonnull (row);
  channel_3 = warden_live_drag_payload_new (site_device_id (&site), 3);
  g_assert_true (drop_on_row (row, channel_3));
  stored.n_channels = 3;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_channels = "3";
  media_test_wait_until (rows_shown, &rows, 30);
  row = favorite_row (list, "Yard");
  device = warden_live_drag_payload_new (site_device_id (&site), 0);
  g_assert_true (drop_on_row (row, device));
  stored.n_channels = 5;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_channels = "5";
  media_test_wait_until (rows_shown, &rows, 30);
  row = favorite_row (list, "Yard");
  g_assert_false (drop_on_row (row, channel_3));

  /* Opening it fills the smallest layout that holds five channels, in order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.close-all", NULL));
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpuint (warden_live_grid_get_n_tiles (site.grid), ==, 6);
  {
    static const int order[] = { 2, 1, 3, 4, 5 };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_assert_true (warden_live_grid_get_channel (site.grid, i, NULL, &channel));
        g_assert_cmpint (channel, ==, order[i]);
      }
    g_assert_false (warden_live_grid_get_channel (site.grid, 5, NULL, NULL));
  }
  {
    LiveTestFrames frames;

    for (int i = 0; i < 5; i++)
      {
        live_test_frames_mark (&frames, site.grid, i);
        media_test_wait_until (live_test_frames_painting, &frames, LIVE_TEST_FRAMES_WAIT_S);
      }
  }
  warden_test_ui_wait_frames (GTK_WIDGET (site.page), 3);
  shot = warden_test_ui_save_screenshot (GTK_WIDGET (site.page), "live-favorites");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* Rename it from its row's menu; a name another favorite has is refused. */
  rename = live_test_find (row, GTK_TYPE_ENTRY, TRUE);
  g_assert_nonnull (rename);
  gtk_editable_set_text (GTK_EDITABLE (rename), "Back yard");
  g_signal_emit_by_name (rename, "activate");
  stored.name = "Back yard";
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.name = "Back yard";
  media_test_wait_until (rows_shown, &rows, 30);

  /* A second favorite, empty, gets one channel by a drop and opens as one tile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.close-all", NULL));
  gtk_editable_set_text (GTK_EDITABLE (live_test_find (GTK_WIDGET (site.page), GTK_TYPE_ENTRY, FALSE)),
                         "Gate");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.add-favorite", NULL));
  stored.name = "Gate";
  stored.n_channels = 0;
  stored.n_favorites = 2;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_rows = 2;
  rows.name = "Gate";
  rows.n_channels = "0";
  media_test_wait_until (rows_shown, &rows, 30);
  g_signal_emit_by_name (list, "row-activated", favorite_row (list, "Gate"));
  g_assert_cmpuint (warden_live_grid_get_n_tiles (site.grid), ==, 6);
  g_assert_false (warden_live_grid_get_channel (site.grid, 0, NULL, NULL));
  channel_2 = warden_live_drag_payload_new (site_device_id (&site), 2);
  g_assert_true (drop_on_row (favorite_row (list, "Gate"), channel_2));
  stored.n_channels = 1;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_channels = "1";
  media_test_wait_until (rows_shown, &rows, 30);
  g_signal_emit_by_name (list, "row-activated", favorite_row (list, "Gate"));
  g_assert_cmpuint (warden_live_grid_get_n_tiles (site.grid), ==, 1);
  g_assert_true (warden_live_grid_get_channel (site.grid, 0, NULL, &channel));
  g_assert_cmpint (channel, ==, 2);

  /* Deleting one leaves the other. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.delete-favorite", "x", stored.id));
  stored.n_channels = -1;
  stored.n_favorites = 1;
  media_test_wait_until (favorite_stored, &stored, 30);
  rows.n_rows = 1;
  rows.name = "Back yard";
  rows.n_channels = "5";
  media_test_wait_until (rows_shown, &rows, 30);
  g_assert_null (favorite_row (list, "Gate"));

  /* A tour through its channels opens it and enlarges them one at a time. */
  {
    GtkDropDown *sources = GTK_DROP_DOWN (live_test_find (GTK_WIDGET (site.page), GTK_TYPE_DROP_DOWN, TRUE));
    GtkCheckButton *tour = find_check (GTK_WIDGET (site.page), "Tour");
    g_autofree char *tour_shot = NULL;
    LiveTestFrames frames;
    Enlarged enlarged = { site.grid, 1 };

    g_assert_nonnull (tour);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (sources)), ==, 2);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (site.page), "live.close-all", NULL));
    gtk_drop_down_set_selected (sources, 1);
    gtk_spin_button_set_value (find_spin (GTK_WIDGET (site.page), 3600), 5);
    gtk_check_button_set_active (tour, TRUE);
    g_assert_cmpuint (warden_live_grid_get_n_tiles (site.grid), ==, 6);
    g_assert_cmpint (warden_live_grid_get_enlarged (site.grid), ==, 0);
    media_test_wait_until (grid_enlarged, &enlarged, 30);
    g_assert_true (warden_live_grid_get_channel (site.grid, 1, NULL, &channel));
    g_assert_cmpint (channel, ==, 1);
    live_test_frames_mark (&frames, site.grid, 1);
    media_test_wait_until (live_test_frames_painting, &frames, LIVE_TEST_FRAMES_WAIT_S);
    warden_test_ui_wait_frames (GTK_WIDGET (site.page), 3);
    tour_shot = warden_test_ui_save_screenshot (GTK_WIDGET (site.page), "live-favorite-tour");
    enlarged.index = 2;
    media_test_wait_until (grid_enlarged, &enlarged, 30);
    gtk_check_button_set_active (tour, FALSE);
    g_assert_cmpint (warden_live_grid_get_enlarged (site.grid), ==, -1);
  }

  site_stop (&site);
}

static void
timeout_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the main context for @ms milliseconds. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, timeout_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint64
frames_received (WardenLiveGrid *grid,
                 guint           index)
{
  return warden_video_paintable_get_frames_received (
    warden_video_tile_get_paintable (warden_live_grid_get_tile (grid, index)));
}

/* Tiles 0 and 1 neither decode nor receive frames for a while. */
static void
assert_not_decoding (WardenLiveGrid *grid)
{
  guint64 before[2];

  for (guint i = 0; i < 2; i++)
    g_assert_false (warden_live_stream_get_visible (
      warden_video_tile_get_stream (warden_live_grid_get_tile (grid, i))));
  /* A frame decoded before the stop may still arrive; then nothing does. */
  run_for (300);
  for (guint i = 0; i < 2; i++)
    before[i] = frames_received (grid, i);
  run_for (1500);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (frames_received (grid, i), ==, before[i]);
}

/* Tiles 0 to @n_tiles - 1 paint new frames. */
static void
wait_painting (WardenLiveGrid *grid,
               int             n_tiles)
{
  LiveTestFrames frames;

  for (int i = 0; i < n_tiles; i++)
    {
      live_test_frames_mark (&frames, grid, i);
      media_test_wait_until (live_test_frames_painting, &frames, LIVE_TEST_FRAMES_WAIT_S);
    }
}

static gboolean
surface_minimized (gpointer data)
{
  return (gdk_toplevel_get_state (GDK_TOPLEVEL (data)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;
}

static gboolean
surface_restored (gpointer data)
{
  return !surface_minimized (data);
}

static void
test_hidden (void)
{
  Site site = { 0 };
  GdkSurface *surface;
  Display *xdisplay;

  site_start (&site, "live-hidden", 4);
  g_assert_true (warden_live_page_show_channel (site.page, 0, site_device_id (&site), 1));
  g_assert_true (warden_live_page_show_channel (site.page, 1, site_device_id (&site), 2));
  wait_painting (site.grid, 2);

  /* Another page in front of Live View: its tiles stop decoding, and resume. */
  gtk_stack_set_visible_child_name (site.stack, "events");
  assert_not_decoding (site.grid);
  gtk_stack_set_visible_child_name (site.stack, "live");
  wait_painting (site.grid, 2);

  /* A minimised window stops decoding, and resumes when restored. Without a
   * window manager under Xvfb, unmapping the window is what a window manager
   * does to iconify it; GDK reports it as minimised. */
  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (site.window)))
    {
      g_test_skip ("Minimising is checked on X11 only");
      site_stop (&site);
      return;
    }
  surface = gtk_native_get_surface (GTK_NATIVE (site.window));
  xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (site.window));
  XUnmapWindow (xdisplay, gdk_x11_surface_get_xid (surface));
  XFlush (xdisplay);
  media_test_wait_until (surface_minimized, surface, 30);
  assert_not_decoding (site.grid);
  XMapWindow (xdisplay, gdk_x11_surface_get_xid (surface));
  XFlush (xdisplay);
  media_test_wait_until (surface_restored, surface, 30);
  wait_painting (site.grid, 2);

  site_stop (&site);
}

typedef struct
{
  guint n_saved;
  GFile *last;
} Burst;

static void
snapshots_saved_cb (WardenLiveGrid *grid,
                    guint           n_saved,
                    GFile          *last,
                    Burst          *burst)
{
  burst->n_saved = n_saved;
  g_set_object (&burst->last, last);
}

static gboolean
burst_saved (gpointer data)
{
  return ((Burst *) data)->n_saved > 0;
}

static gboolean
snapshots_setting_stored (gpointer data)
{
  g_autofree char *value = stored_setting (data, "live.snapshots");

  return g_strcmp0 (value, "3,1,png") == 0;
}

static void
test_snapshot_burst (void)
{
  Site site = { 0 };
  g_autoptr(GDir) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkSpinButton *count_spin = NULL;
  Burst burst = { 0 };
  g_autofree char *title = NULL;
  const char *name;
  guint n_files = 0;

  site_start (&site, "live-snapshot-burst", 4);
  g_assert_true (warden_live_page_show_channel (site.page, 0, site_device_id (&site), 1));
  wait_painting (site.grid, 1);
  title = g_strdup_printf ("%s - 20", warden_live_stream_get_title (warden_video_tile_get_stream (
                                        warden_live_grid_get_tile (site.grid, 0))));

  /* The setting (count, then seconds between, then the format) reaches the grid and
   * the store. */
  count_spin = find_spin (GTK_WIDGET (site.page), WARDEN_LIVE_GRID_MAX_SNAPSHOTS);
  g_assert_nonnull (count_spin);
  gtk_spin_button_set_value (count_spin, 3);
  g_assert_cmpuint (warden_live_grid_get_snapshot_count (site.grid), ==, 3);
  g_assert_cmpuint (warden_live_grid_get_snapshot_interval (site.grid), ==, 1000);
  g_assert_cmpint (warden_live_grid_get_snapshot_format (site.grid), ==, WARDEN_SNAPSHOT_JPEG);
  gtk_drop_down_set_selected (find_drop_down (GTK_WIDGET (site.page), "PNG"), 1);
  g_assert_cmpint (warden_live_grid_get_snapshot_format (site.grid), ==, WARDEN_SNAPSHOT_PNG);
  media_test_wait_until (snapshots_setting_stored, warden_device_registry_get_store (site.registry), 30);
  g_signal_connect (site.grid, "snapshots-saved", G_CALLBACK (snapshots_saved_cb), &burst);

  /* One press of the tile's snapshot button saves three PNG pictures. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (warden_live_grid_get_tile (site.grid, 0)),
                                             "tile.snapshot", NULL));
  media_test_wait_until (burst_saved, &burst, 60);
  g_assert_cmpuint (burst.n_saved, ==, 3);
  g_assert_true (g_file_query_exists (burst.last, NULL));

  files = g_dir_open (warden_data_dir_get_files_path (site.data_dir), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (files)) != NULL)
    {
      g_autofree char *path = g_build_filename (warden_data_dir_get_files_path (site.data_dir), name, NULL);
      g_autoptr(GdkTexture) texture = NULL;

      /* Snapshots are named for the channel, as its tile shows it. */
      if (!g_str_has_prefix (name, title))
        continue;
      g_assert_true (g_str_has_suffix (name, ".png"));
      texture = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (texture), >, 0);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 3);

  g_signal_handlers_disconnect_by_data (site.grid, &burst);
  g_clear_object (&burst.last);
  site_stop (&site);
}

static gboolean
one_stream_kept (gpointer data)
{
  return warden_stream_pool_get_n_kept (data) == 1;
}

/* A tour through saved views opens the next view's streams a few seconds before it
 * shows them: the tile that comes up takes a stream that is already receiving, and
 * does not wait for its camera's next key frame. */
static void
test_tour_prepares (void)
{
  Site site = { 0 };
  Wait wait = { 0 };
  WardenStreamPool *pool = warden_stream_pool_get_default ();
  GtkWidget *page;
  GtkCheckButton *tour;
  WardenLiveStream *stream;
  LiveTestFrames frames;

  site_start (&site, "live-tour", 4);
  page = GTK_WIDGET (site.page);
  wait.grid = site.grid;
  wait.views_list = live_test_find (page, GTK_TYPE_LIST_BOX, TRUE);

  /* Two views: channel 1 alone, then channel 2 alone. */
  for (int channel = 1; channel <= 2; channel++)
    {
      g_autofree char *name = g_strdup_printf ("Door %d", channel);

      g_assert_true (gtk_widget_activate_action (page, "live.close-all", NULL));
      g_assert_true (warden_live_page_show_channel (site.page, 0, site_device_id (&site), channel));
      gtk_editable_set_text (GTK_EDITABLE (live_test_find (page, GTK_TYPE_ENTRY, TRUE)), name);
      g_assert_true (gtk_widget_activate_action (page, "live.save-view", NULL));
      wait.n_views = (guint) channel;
      media_test_wait_until (views_listed, &wait, 30);
    }
  g_assert_true (gtk_widget_activate_action (page, "live.close-all", NULL));
  warden_stream_pool_clear (pool);

  /* The first view comes up at once; a second later the next one's stream opens,
   * hidden, and waits in the pool. */
  tour = find_check (page, "Tour");
  g_assert_nonnull (tour);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (live_test_find (page, GTK_TYPE_DROP_DOWN, TRUE)), 0);
  gtk_spin_button_set_value (find_spin (page, 3600), 5);
  gtk_check_button_set_active (tour, TRUE);
  wait.index = 0;
  wait.channel = 1;
  g_assert_true (tile_shows (&wait));
  g_assert_cmpuint (warden_stream_pool_get_n_kept (pool), ==, 0);
  media_test_wait_until (one_stream_kept, pool, 30);

  /* The switch takes it: it has been receiving for seconds (a new stream has no bitrate
   * before its first second), and channel 1's stream is kept in its place. */
  wait.channel = 2;
  media_test_wait_until (tile_shows, &wait, 30);
  stream = warden_video_tile_get_stream (warden_live_grid_get_tile (site.grid, 0));
  g_assert_cmpuint (warden_live_stream_get_bitrate_kbps (stream), >, 0);
  g_assert_cmpuint (warden_stream_pool_get_n_kept (pool), ==, 1);
  live_test_frames_mark (&frames, site.grid, 0);
  media_test_wait_until (live_test_frames_painting, &frames, LIVE_TEST_FRAMES_WAIT_S);

  gtk_check_button_set_active (tour, FALSE);
  site_stop (&site);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live/page/fill-snapshot-recover-views", test_page);
  g_test_add_func ("/live/page/favorites", test_favorites);
  g_test_add_func ("/live/page/hidden-stops-decoding", test_hidden);
  g_test_add_func ("/live/page/snapshot-burst", test_snapshot_burst);
  g_test_add_func ("/live/page/tour-prepares-next-view", test_tour_prepares);

  return g_test_run ();
}
