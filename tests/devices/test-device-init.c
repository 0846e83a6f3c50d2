/* test-device-init.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Setting up a device found on the LAN, against warden-devsim over loopback:
 * initialise it (with and without an email), then log in with the new
 * password; move it to another address and find it there.
 */

#include "config.h"

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "warden-device-init.h"
#include "warden-discovery.h"
#include "warden-proto-error.h"

static const char * const uninitialised[] = { "--ipc", "2", "--uninitialised", "--no-rtsp", NULL };
static const char * const one_camera[] = { "--ipc", "1", "--no-rtsp", NULL };

static DevsimFixture *
start (const char         *name,
       const char * const *args)
{
  g_autoptr(GError) error = NULL;
  DevsimFixture *sim = devsim_fixture_start (name, args, &error);

  g_assert_no_error (error);
  return sim;
}

static gboolean
init_account (const DevsimFixtureDevice *device,
              const char                *user,
              const char                *password,
              const char                *email,
              GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  warden_device_init_account_async (device->address, device->http_port, user, password, email, NULL,
                                    devices_test_result_cb, &result);
  return warden_device_init_account_finish (devices_test_wait_result (&result), error);
}

static gboolean
connect_session (const DevsimFixtureDevice *device,
                 const char                *user,
                 const char                *password,
                 GError                   **error)
{
  g_autoptr(WardenDeviceSession) session = warden_device_session_new (device->address, device->dvrip_port,
                                                                      user, password);
  g_autoptr(GAsyncResult) result = NULL;

  warden_device_session_connect_async (session, NULL, devices_test_result_cb, &result);
  return warden_device_session_connect_finish (session, devices_test_wait_result (&result), error);
}

static void
test_init (void)
{
  g_autoptr(DevsimFixture) sim = start ("devices-init", uninitialised);
  const DevsimFixtureDevice *first = devsim_fixture_get_device (sim, 0);
  const DevsimFixtureDevice *second = devsim_fixture_get_device (sim, 1);
  g_autoptr(GError) error = NULL;

  /* Before: logins are refused as "not initialised". */
  g_assert_false (connect_session (first, "admin", "Sh1ny-Lake-9", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED);
  g_clear_error (&error);

  /* Without an email (the member is left out) and with one. */
  g_assert_true (init_account (first, "admin", "Sh1ny-Lake-9", "", &error));
  g_assert_no_error (error);
  g_assert_true (init_account (second, "admin", "Sh1ny-Lake-9", "guard@example.org", &error));
  g_assert_no_error (error);
  g_assert_true (connect_session (first, "admin", "Sh1ny-Lake-9", &error));
  g_assert_no_error (error);
  g_assert_true (connect_session (second, "admin", "Sh1ny-Lake-9", &error));
  g_assert_no_error (error);

  /* A second initialisation is refused with the device's reason. */
  g_assert_false (init_account (first, "admin", "0ther-Lake-9", NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "already initialised"));
  g_clear_error (&error);

  /* Input a device cannot take is refused before anything is sent. */
  g_assert_false (init_account (first, "admin", "a-password-far-longer-than-32-bytes", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
found_cb (WardenDiscovery        *discovery,
          WardenDiscoveredDevice *device,
          gpointer                user_data)
{
  WardenDiscoveredDevice **slot = user_data;

  if (*slot == NULL)
    *slot = warden_discovered_device_copy (device);
}

/* Searches one address; returns what answered there, or NULL. */
static WardenDiscoveredDevice *
search (const char *address,
        guint       port)
{
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  g_autoptr(GAsyncResult) result = NULL;
  WardenDiscoveredDevice *found = NULL;

  warden_discovery_set_multicast (discovery, FALSE);
  warden_discovery_set_port (discovery, port);
  g_assert_true (warden_discovery_add_range (discovery, address, NULL));
  g_signal_connect (discovery, "device-found", G_CALLBACK (found_cb), &found);
  /* A short bound: a loopback answer takes well under it. */
  warden_discovery_run_async (discovery, 1500, NULL, devices_test_result_cb, &result);
  warden_discovery_run_finish (discovery, devices_test_wait_result (&result), NULL);
  return found;
}

static gboolean
set_address (const WardenDiscoveredDevice *device,
             guint                         port,
             const char                   *password,
             const char                   *address,
             GError                      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  warden_device_set_address_async (device, port, "admin", password, address, "255.0.0.0", "127.0.0.1",
                                   NULL, devices_test_result_cb, &result);
  return warden_device_set_address_finish (devices_test_wait_result (&result), error);
}

static void
test_set_address (void)
{
  g_autoptr(DevsimFixture) sim = start ("devices-set-address", one_camera);
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDiscoveredDevice) before = search (cam->address, cam->discovery_port);
  g_autoptr(WardenDiscoveredDevice) after = NULL;
  g_autoptr(WardenDiscoveredDevice) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) octets = g_strsplit (cam->address, ".", 4);

  g_assert_nonnull (before);
  target = g_strdup_printf ("%s.%s.%s.200", octets[0], octets[1], octets[2]);

  /* A wrong password and an address off loopback are refused; the device stays. */
  g_assert_false (set_address (before, cam->discovery_port, "not-it-1", target, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  g_assert_false (set_address (before, cam->discovery_port, cam->password, "10.0.0.9", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE);
  g_clear_error (&error);
  g_assert_false (set_address (before, cam->discovery_port, cam->password, "127.0.0.300", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (set_address (before, cam->discovery_port, cam->password, target, &error));
  g_assert_no_error (error);

  /* The next search finds it at the new address only, and it logs in there. */
  while ((after = search (target, cam->discovery_port)) == NULL)
    ;
  g_assert_cmpstr (after->serial, ==, before->serial);
  g_assert_cmpstr (after->address, ==, target);
  gone = search (cam->address, cam->discovery_port);
  g_assert_null (gone);
  {
    g_autoptr(WardenDeviceSession) session = warden_device_session_new (target, cam->dvrip_port, cam->user,
                                                                        cam->password);
    g_autoptr(GAsyncResult) result = NULL;

    warden_device_session_connect_async (session, NULL, devices_test_result_cb, &result);
    g_assert_true (warden_device_session_connect_finish (session, devices_test_wait_result (&result), &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/devices/init/account", test_init);
  g_test_add_func ("/devices/init/set-address", test_set_address);

  return g_test_run ();
}
