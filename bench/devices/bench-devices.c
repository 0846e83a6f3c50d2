/* bench-devices.c: 256 simulated devices, time until all are online, and the
 * Devices page's frame time while their statuses change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * warden-devsim serves 224 cameras and 32 recorders of 56 channels (2,016
 * channels). The devices are added once; then each run loads a fresh registry
 * from the store and times until every supervisor is online. The baseline,
 * measured in the same run, is 256 bare WardenDeviceSession logins started
 * at once (no store, no vault, no info or channel reads).
 *
 * The page then shows the whole tree, expanded, in a 1280×720 window. Frame
 * times are the intervals between painted frames while a redraw is queued
 * every frame: first with nothing changing (baseline), then while 32 devices
 * go offline and back over and over. Prints medians, the 95th percentile and
 * the ratios. Never fails on a time.
 *
 *   bench-devices [--runs 3] [--seconds 10]
 */

#include "config.h"

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "warden-devices-page.h"
#include "warden-test-ui.h"

#define N_CAMERAS   224
#define N_RECORDERS 32
#define N_FLAPPING  32

static int runs = 3;
static int seconds = 10;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint *pending = user_data;

  if (!warden_device_session_connect_finish (WARDEN_DEVICE_SESSION (object), result, &error))
    g_error ("Baseline login to %s failed: %s",
             warden_device_session_get_host (WARDEN_DEVICE_SESSION (object)), error->message);
  (*pending)--;
}

/* Seconds until 256 bare sessions are logged in. */
static double
baseline_logins (DevsimFixture *sim)
{
  guint n = devsim_fixture_get_n_devices (sim);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = g_get_monotonic_time ();
  guint pending = n;

  for (guint i = 0; i < n; i++)
    {
      const DevsimFixtureDevice *device = devsim_fixture_get_device (sim, i);
      WardenDeviceSession *session = warden_device_session_new (device->address, device->dvrip_port,
                                                                device->user, device->password);

      g_ptr_array_add (sessions, session);
      warden_device_session_connect_async (session, NULL, login_cb, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1e6;
}

static gboolean
all_online (WardenDeviceRegistry *registry)
{
  GListModel *devices = warden_device_registry_get_devices (registry);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor = g_list_model_get_item (devices, i);

      if (warden_device_supervisor_get_status (supervisor) != WARDEN_DEVICE_STATUS_ONLINE)
        return FALSE;
    }
  return TRUE;
}

static void
wait_all_online (WardenDeviceRegistry *registry)
{
  while (!all_online (registry))
    g_main_context_iteration (NULL, TRUE);
}

/* Seconds from loading a fresh registry until all its devices are online. */
static WardenDeviceRegistry *
load_registry (WardenSecurity *security,
               double         *elapsed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  WardenDeviceRegistry *registry = warden_device_registry_new (security);
  gint64 start = g_get_monotonic_time ();

  warden_device_registry_load_async (registry, NULL, devices_test_result_cb, &result);
  if (!warden_device_registry_load_finish (registry, devices_test_wait_result (&result), &error))
    g_error ("Loading the devices failed: %s", error->message);
  wait_all_online (registry);
  *elapsed = (g_get_monotonic_time () - start) / 1e6;
  return registry;
}

static void
add_all (WardenSecurity *security,
         DevsimFixture  *sim)
{
  g_autoptr(WardenDeviceRegistry) registry = warden_device_registry_new (security);

  for (guint i = 0; i < devsim_fixture_get_n_devices (sim); i++)
    {
      const DevsimFixtureDevice *device = devsim_fixture_get_device (sim, i);
      g_autoptr(WardenDeviceRecord) record = devices_test_record (device->name, device->address,
                                                                  device->dvrip_port, device->user);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(WardenDeviceSupervisor) supervisor = NULL;

      warden_device_registry_add_device_async (registry, record, device->password, NULL, devices_test_result_cb,
                                               &result);
      supervisor = warden_device_registry_add_device_finish (registry, devices_test_wait_result (&result), &error);
      if (supervisor == NULL)
        g_error ("Adding %s failed: %s", device->address, error->message);
    }
  /* Channels reach the store once each device is online. */
  wait_all_online (registry);
}

typedef struct
{
  GArray *intervals;    /* ms */
  gint64  last;
} Frames;

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (frames->last != 0)
    {
      double ms = (now - frames->last) / 1000.0;

      g_array_append_val (frames->intervals, ms);
    }
  frames->last = now;
}

typedef struct
{
  DevsimFixture *sim;
  guint          next;
  gboolean       down;
} Flap;

static gboolean
flap_cb (gpointer user_data)
{
  Flap *flap = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  const DevsimFixtureDevice *device = devsim_fixture_get_device (flap->sim, flap->next);

  reply = devsim_fixture_ctl (flap->sim, &error, "%s %s", flap->down ? "online" : "offline",
                              device->address);
  if (reply == NULL)
    g_error ("The simulator refused: %s", error->message);
  flap->next++;
  if (flap->next == N_FLAPPING)
    {
      flap->next = 0;
      flap->down = !flap->down;
    }
  return G_SOURCE_CONTINUE;
}

/* Frame intervals (ms) over @secs, with a redraw queued every frame. */
static GArray *
measure_frames (GtkWidget *window,
                int        secs)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Frames frames = { g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  gint64 end = g_get_monotonic_time () + (gint64) secs * G_USEC_PER_SEC;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);

  while (g_get_monotonic_time () < end)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
  return frames.intervals;
}

static void
expand_all (WardenDevicesPage *page)
{
  GListModel *rows = warden_devices_page_get_rows (page);

  /* Expanding a row inserts its children after it; walk until the end. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);

      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = NULL;
  g_autoptr(WardenSecurity) security = NULL;
  g_autoptr(GArray) online = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) baseline = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(WardenDeviceRegistry) registry = NULL;
  g_autoptr(GArray) idle_frames = NULL;
  g_autoptr(GArray) busy_frames = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cameras = g_strdup_printf ("%d", N_CAMERAS);
  g_autofree char *recorders = g_strdup_printf ("%d", N_RECORDERS);
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of the login timing (3)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Seconds per frame-time measurement (10)", "S" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const char *args[] = { "--ipc", cameras, "--nvr", recorders, "--nvr-channels", "56",
                         "--no-rtsp", NULL };
  GtkWidget *window;
  WardenDevicesPage *page;
  Flap flap = { NULL, 0, FALSE };
  guint flap_id;
  double min_online = G_MAXDOUBLE, min_baseline = G_MAXDOUBLE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  gtk_init ();
  adw_init ();

  sim = devsim_fixture_start ("bench-devices", args, &error);
  if (sim == NULL)
    g_error ("warden-devsim did not start: %s", error->message);
  dir = devices_test_fresh_dir ("bench-devices-store");
  security = devices_test_security_new (dir);
  add_all (security, sim);
  g_print ("devices: %u, channels: %d\n", devsim_fixture_get_n_devices (sim),
           N_CAMERAS + N_RECORDERS * 56);

  for (int i = 0; i < runs; i++)
    {
      double elapsed;
      g_autoptr(WardenDeviceRegistry) loaded = load_registry (security, &elapsed);
      double bare = baseline_logins (sim);

      g_array_append_val (online, elapsed);
      g_array_append_val (baseline, bare);
      min_online = MIN (min_online, elapsed);
      min_baseline = MIN (min_baseline, bare);
      g_print ("run %d: all online after %.3f s; bare logins %.3f s\n", i + 1, elapsed, bare);
    }
  g_print ("time until all online: median %.3f s (min %.3f s); bare logins median %.3f s "
           "(min %.3f s); ratio %.2f\n",
           percentile (online, 0.5), min_online, percentile (baseline, 0.5), min_baseline,
           percentile (online, 0.5) / percentile (baseline, 0.5));

  registry = load_registry (security, &(double) { 0 });
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  page = g_object_new (WARDEN_TYPE_DEVICES_PAGE, NULL);
  warden_devices_page_set_registry (page, registry);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  expand_all (page);
  warden_test_ui_wait_frames (window, 10);
  g_print ("rows in the tree: %u\n", g_list_model_get_n_items (warden_devices_page_get_rows (page)));

  idle_frames = measure_frames (window, seconds);
  flap.sim = sim;
  /* 32 devices change status every 100 ms between them. */
  flap_id = g_timeout_add (100, flap_cb, &flap);
  busy_frames = measure_frames (window, seconds);
  g_source_remove (flap_id);
  g_print ("frame time, nothing changing: median %.1f ms, p95 %.1f ms (%u frames)\n",
           percentile (idle_frames, 0.5), percentile (idle_frames, 0.95), idle_frames->len);
  g_print ("frame time, statuses changing: median %.1f ms, p95 %.1f ms (%u frames)\n",
           percentile (busy_frames, 0.5), percentile (busy_frames, 0.95), busy_frames->len);
  g_print ("ratio changing / nothing changing: median %.2f, p95 %.2f\n",
           percentile (busy_frames, 0.5) / percentile (idle_frames, 0.5),
           percentile (busy_frames, 0.95) / percentile (idle_frames, 0.95));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
