/* test-discovery.c: DHDiscover over a loopback range, against warden-devsim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devsim-fixture.h"
#include "warden-discovery.h"
#include "proto-test-util.h"

#include <string.h>

static void
found_cb (WardenDiscovery        *discovery,
          WardenDiscoveredDevice *device,
          gpointer                user_data)
{
  g_ptr_array_add (user_data, warden_discovered_device_copy (device));
}

static void
cancel_when_all_cb (WardenDiscovery        *discovery,
                    WardenDiscoveredDevice *device,
                    gpointer                user_data)
{
  GPtrArray *found = g_object_get_data (G_OBJECT (discovery), "found");

  if (found->len == 3)
    g_cancellable_cancel (user_data);
}

static char *
range_of (DevsimFixture *sim)
{
  const DevsimFixtureDevice *last = devsim_fixture_get_device (sim, devsim_fixture_get_n_devices (sim) - 1);

  return g_strdup_printf ("%s-%s", devsim_fixture_get_first_address (sim), last->address);
}

static void
test_range (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "2", "--door", "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-discovery", args, &error);
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_discovered_device_free);
  g_autofree char *range = range_of (sim);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;

  g_assert_no_error (error);
  warden_discovery_set_multicast (discovery, FALSE);
  warden_discovery_set_port (discovery, devsim_fixture_get_device (sim, 0)->discovery_port);
  g_assert_true (warden_discovery_add_range (discovery, range, &error));
  g_object_set_data (G_OBJECT (discovery), "found", found);
  g_signal_connect (discovery, "device-found", G_CALLBACK (found_cb), found);
  g_signal_connect (discovery, "device-found", G_CALLBACK (cancel_when_all_cb), cancellable);

  /* The search ends when the three answered; the duration is only a bound. */
  warden_discovery_run_async (discovery, 600000, cancellable, proto_test_result_cb, &result);
  warden_discovery_run_finish (discovery, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (found->len, ==, 3);

  for (guint i = 0; i < devsim_fixture_get_n_devices (sim); i++)
    {
      const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < found->len; j++)
        {
          WardenDiscoveredDevice *d = g_ptr_array_index (found, j);

          if (g_strcmp0 (d->serial, dev->serial) == 0 && g_strcmp0 (d->address, dev->address) == 0)
            {
              g_assert_cmpint (d->init, ==, WARDEN_INIT_STATE_INITIALISED);
              seen = TRUE;
            }
        }
      g_assert_true (seen);
    }
}

static void
cancel_on_first_cb (WardenDiscovery        *discovery,
                    WardenDiscoveredDevice *device,
                    gpointer                user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "2", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-discovery-cancel", args, &error);
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *range = range_of (sim);
  GAsyncResult *result = NULL;

  warden_discovery_set_multicast (discovery, FALSE);
  warden_discovery_set_port (discovery, devsim_fixture_get_device (sim, 0)->discovery_port);
  g_assert_true (warden_discovery_add_range (discovery, range, NULL));
  g_signal_connect (discovery, "device-found", G_CALLBACK (cancel_on_first_cb), cancellable);

  /* A minute-long search ends as soon as it is cancelled. */
  warden_discovery_run_async (discovery, 60000, cancellable, proto_test_result_cb, &result);
  warden_discovery_run_finish (discovery, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A device waiting for its admin password says so in its answer. */
static void
test_uninitialised (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--uninitialised", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-discovery-uninitialised", args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_discovered_device_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  WardenDiscoveredDevice *d;

  g_assert_no_error (error);
  warden_discovery_set_multicast (discovery, FALSE);
  warden_discovery_set_port (discovery, dev->discovery_port);
  g_assert_true (warden_discovery_add_range (discovery, dev->address, &error));
  g_signal_connect (discovery, "device-found", G_CALLBACK (found_cb), found);
  g_signal_connect (discovery, "device-found", G_CALLBACK (cancel_on_first_cb), cancellable);
  warden_discovery_run_async (discovery, 600000, cancellable, proto_test_result_cb, &result);
  warden_discovery_run_finish (discovery, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (found->len, ==, 1);
  d = g_ptr_array_index (found, 0);
  g_assert_cmpstr (d->serial, ==, dev->serial);
  g_assert_cmpint (d->init, ==, WARDEN_INIT_STATE_UNINITIALISED);
  g_assert_cmpstr (d->netmask, ==, "255.0.0.0");
}

static void
test_bad_ranges (void)
{
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  const char *bad[] = { "x", "10.0.0.9-10.0.0.1", "10.0.0.0-10.2.0.0", "10.0.0.1-300", "::1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (warden_discovery_add_range (discovery, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  g_assert_true (warden_discovery_add_range (discovery, "10.0.0.1-20", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/discovery/range", test_range);
  g_test_add_func ("/proto/discovery/cancel", test_cancel);
  g_test_add_func ("/proto/discovery/uninitialised", test_uninitialised);
  g_test_add_func ("/proto/discovery/bad-ranges", test_bad_ranges);

  return g_test_run ();
}
