/* test-device-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry and its supervisors against warden-devsim over loopback: a
 * device logs in and its info and channels reach the store; status follows the
 * simulator going offline and back; a refused password waits 30 s; a lock-out
 * lasts as long as the device says, else the default; deleting a device takes
 * it out of every view and favorite; the
 * device list survives a restart with passwords only in the vault; groups.
 */

#include "config.h"

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "warden-proto-error.h"
#include "warden-view-repo.h"

#include <string.h>

typedef DevicesFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  devices_test_fixture_set_up (fixture, (const char *[]) { "--ipc", "1", "--nvr", "1",
                                                           "--nvr-channels", "4", "--no-rtsp",
                                                           NULL });
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  devices_test_fixture_tear_down (fixture);
}

static WardenDeviceSupervisor *
add_device (WardenDeviceRegistry      *registry,
            const DevsimFixtureDevice *device,
            const char                *password,
            GError                   **error)
{
  g_autoptr(WardenDeviceRecord) record = devices_test_record (device->name, device->address,
                                                              device->dvrip_port, device->user);
  g_autoptr(GAsyncResult) result = NULL;

  warden_device_registry_add_device_async (registry, record, password, NULL, devices_test_result_cb, &result);
  return warden_device_registry_add_device_finish (registry, devices_test_wait_result (&result), error);
}

static gint64
write_done (WardenDeviceRegistry *registry,
            GAsyncResult        **slot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = g_object_ref (devices_test_wait_result (slot));
  gint64 id;

  g_clear_object (slot);
  id = warden_device_registry_write_finish (registry, result, &error);
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
list_channels (WardenStore *store,
               gint64       device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *channels;

  warden_device_repo_list_channels_async (store, device_id, NULL, devices_test_result_cb, &result);
  channels = warden_device_repo_list_finish (store, devices_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return channels;
}

static void
test_add_online (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *nvr = devsim_fixture_find_device (fixture->sim, "nvr");
  g_autoptr(WardenDeviceSupervisor) supervisor = add_device (fixture->registry, nvr, nvr->password,
                                                             &error);
  const WardenDeviceRecord *record;
  g_autoptr(GPtrArray) channels = NULL;
  g_autofree char *kind_model = NULL;

  g_assert_no_error (error);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  g_assert_cmpstr (warden_device_supervisor_get_status_text (supervisor), ==, "Online");
  g_assert_nonnull (warden_device_supervisor_get_session (supervisor));

  record = warden_device_supervisor_get_record (supervisor);
  g_assert_cmpint (record->channel_count, ==, 4);
  g_assert_cmpstr (record->serial, ==, nvr->serial);
  g_assert_cmpstr (record->firmware, !=, "");
  g_assert_cmpuint (record->secret_id, >, 0);
  g_object_get (supervisor, "kind-model", &kind_model, NULL);
  g_assert_cmpstr (kind_model, !=, "");
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_supervisor_get_channels (supervisor)),
                    ==, 4);

  /* The titles went to the store too (the write is queued before the status change). */
  channels = list_channels (warden_device_registry_get_store (fixture->registry), record->id);
  g_assert_cmpuint (channels->len, ==, 4);

  /* The same address and port twice is refused with a message that says so. */
  {
    g_autoptr(WardenDeviceSupervisor) twice = add_device (fixture->registry, nvr, nvr->password,
                                                          &error);

    g_assert_null (twice);
    g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, nvr->address));
  }
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (fixture->registry)),
                    ==, 1);
}

static void
test_offline_online (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  g_autoptr(WardenDeviceSupervisor) supervisor = add_device (fixture->registry, cam, cam->password,
                                                             &error);
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  g_assert_cmpint (warden_device_supervisor_get_offline_since (supervisor), ==, 0);

  reply = devsim_fixture_ctl (fixture->sim, &error, "offline %s", cam->address);
  g_assert_no_error (error);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_OFFLINE);
  g_assert_cmpint (warden_device_supervisor_get_offline_since (supervisor), >, 0);
  g_assert_true (g_str_has_prefix (warden_device_supervisor_get_status_text (supervisor),
                                   "Offline since "));
  g_assert_null (warden_device_supervisor_get_session (supervisor));
  /* It keeps trying. */
  g_assert_cmpint (warden_device_supervisor_get_next_attempt (supervisor), >, 0);

  g_clear_pointer (&reply, g_free);
  reply = devsim_fixture_ctl (fixture->sim, &error, "online %s", cam->address);
  g_assert_no_error (error);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  g_assert_cmpint (warden_device_supervisor_get_offline_since (supervisor), ==, 0);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  g_autoptr(WardenDeviceSupervisor) supervisor = add_device (fixture->registry, cam, "not-it-1",
                                                             &error);
  gint64 wait;

  g_assert_no_error (error);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_WRONG_PASSWORD);
  g_assert_cmpstr (warden_device_supervisor_get_status_text (supervisor), ==, "Wrong password");
  g_assert_nonnull (warden_device_supervisor_get_detail (supervisor));

  /* The next attempt is scheduled no sooner than 30 s away, whatever the back-off. */
  wait = warden_device_supervisor_get_next_attempt (supervisor) - g_get_monotonic_time ();
  g_assert_cmpint (wait, >, (WARDEN_DEVICE_SUPERVISOR_CREDENTIALS_WAIT - 1) * G_USEC_PER_SEC);

  /* Correcting the password logs in at once. */
  {
    g_autoptr(WardenDeviceRecord) record =
      warden_device_record_copy (warden_device_supervisor_get_record (supervisor));
    g_autoptr(GAsyncResult) result = NULL;

    warden_device_registry_update_device_async (fixture->registry, record, cam->password, NULL,
                                                devices_test_result_cb, &result);
    g_assert_cmpint (write_done (fixture->registry, &result), ==, 1);
  }
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
}

/* Five wrong passwords over DVRIP lock the administrator of @device. */
static void
lock_out (const DevsimFixtureDevice *device)
{
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(WardenDeviceSession) session = warden_device_session_new (device->address, device->dvrip_port,
                                                                          device->user, "not-it-1");
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      warden_device_session_connect_async (session, NULL, devices_test_result_cb, &result);
      g_assert_false (warden_device_session_connect_finish (session, devices_test_wait_result (&result),
                                                            &error));
      g_assert_error (error, WARDEN_PROTO_ERROR,
                      (i < 4 ? WARDEN_PROTO_ERROR_WRONG_CREDENTIALS : WARDEN_PROTO_ERROR_LOCKED));
    }
}

/* A device that locks every login without saying for how long: each HTTP request
 * (a /RPC2_Login) is answered "User locked" with no remainLockSecond, then the
 * connection closes. Plain GIO on a worker thread of the service. */
static gboolean
locked_login_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source,
                 gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *reply = NULL;
  const char *id_at;
  char buffer[4096];
  gint64 id = 0;

  /* The request is small: read its head and Content-Length bytes of body (at most 64 KiB). */
  while (request->len < 65536)
    {
      const char *head_end = strstr (request->str, "\r\n\r\n");
      const char *length = head_end != NULL ? g_strstr_len (request->str, head_end - request->str,
                                                            "Content-Length: ") : NULL;
      gssize n;

      if (length != NULL &&
          request->len - (gsize) (head_end + 4 - request->str) >= g_ascii_strtoull (length + 16, NULL, 10))
        break;
      n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        return TRUE;
      g_string_append_len (request, buffer, n);
    }
  id_at = strstr (request->str, "\"id\":");
  if (id_at != NULL)
    id = g_ascii_strtoll (id_at + 5, NULL, 10);
  body = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"result\":false,\"session\":\"0\","
                          "\"error\":{\"code\":268632081,\"message\":\"User locked\"}}", id);
  reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n%s",
                           strlen (body), body);
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  g_auto(GStrv) octets = g_strsplit (cam->address, ".", 4);
  g_autofree char *silent_address = g_strdup_printf ("%s.%s.%s.250", octets[0], octets[1], octets[2]);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (silent_address);
  g_autoptr(GSocketAddress) listen_address = g_inet_socket_address_new (inet, WARDEN_DEFAULT_HTTP_PORT);
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(WardenDeviceSupervisor) reported = NULL;
  g_autoptr(WardenDeviceSupervisor) silent = NULL;
  g_autoptr(WardenDeviceRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 left;

  /* The simulator locks for 5 min; a shorter default tells the two apart. */
  warden_device_registry_set_lock_wait (fixture->registry, 60);
  lock_out (cam);

  /* The device says how long the lock lasts: that time is used. */
  reported = add_device (fixture->registry, cam, cam->password, &error);
  g_assert_no_error (error);
  devices_test_wait_status (reported, WARDEN_DEVICE_STATUS_LOCKED);
  g_assert_cmpstr (warden_device_supervisor_get_status_text (reported), ==, "Locked for 5 min");
  left = warden_device_supervisor_get_locked_until (reported) - g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (left, >, 60);
  g_assert_cmpint (left, <=, 300);
  /* No login before the device unlocks. */
  g_assert_cmpint (warden_device_supervisor_get_next_attempt (reported) - g_get_monotonic_time (), >,
                   60 * G_USEC_PER_SEC);

  /* A device that does not say: the default applies. Nothing listens on its DVRIP
   * port, so the login goes to RPC2 on port 80. */
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), listen_address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error))
    {
      g_test_skip_printf ("Cannot listen on %s port 80: %s", silent_address, error->message);
      return;
    }
  g_signal_connect (service, "run", G_CALLBACK (locked_login_cb), NULL);
  record = devices_test_record ("Silent", silent_address, WARDEN_DEFAULT_DVRIP_PORT, "admin");
  warden_device_registry_add_device_async (fixture->registry, record, "Any-pass-1", NULL,
                                           devices_test_result_cb, &result);
  silent = warden_device_registry_add_device_finish (fixture->registry, devices_test_wait_result (&result),
                                                     &error);
  g_assert_no_error (error);
  devices_test_wait_status (silent, WARDEN_DEVICE_STATUS_LOCKED);
  g_assert_cmpstr (warden_device_supervisor_get_status_text (silent), ==, "Locked for 1 min");
  left = warden_device_supervisor_get_locked_until (silent) - g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (left, <=, 60);
  g_assert_cmpint (left, >, 0);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_reload_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *nvr = devsim_fixture_find_device (fixture->sim, "nvr");
  g_autoptr(WardenDeviceSupervisor) added = add_device (fixture->registry, nvr, nvr->password,
                                                        &error);
  g_autoptr(WardenDeviceRegistry) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  WardenDeviceSupervisor *loaded;
  WardenStore *store = warden_device_registry_get_store (fixture->registry);
  gint64 id, secret_id;

  g_assert_no_error (error);
  devices_test_wait_status (added, WARDEN_DEVICE_STATUS_ONLINE);
  id = warden_device_supervisor_get_id (added);
  secret_id = warden_device_supervisor_get_record (added)->secret_id;
  warden_device_supervisor_stop (added);

  /* A second registry on the same store reads the password back from the vault. */
  again = warden_device_registry_new (fixture->security);
  warden_device_registry_load_async (again, NULL, devices_test_result_cb, &result);
  g_assert_true (warden_device_registry_load_finish (again, devices_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  loaded = warden_device_registry_lookup (again, id);
  g_assert_nonnull (loaded);
  devices_test_wait_status (loaded, WARDEN_DEVICE_STATUS_ONLINE);
  g_assert_cmpint (warden_device_supervisor_get_record (loaded)->channel_count, ==, 4);

  /* Deleting takes the channels and the stored password along. */
  warden_device_registry_delete_device_async (again, id, NULL, devices_test_result_cb, &result);
  g_assert_cmpint (write_done (again, &result), ==, 1);
  g_assert_null (warden_device_registry_lookup (again, id));
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (again)), ==, 0);
  channels = list_channels (store, id);
  g_assert_cmpuint (channels->len, ==, 0);
  g_assert_null (warden_security_load_secret (fixture->security, secret_id, &error));
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND);
  devices_test_finalize (g_steal_pointer (&again));
}

/* The ids of the devices @tiles (WardenViewTile) show. */
static gboolean
shows_device (GArray *tiles,
              gint64  device_id)
{
  for (guint i = 0; i < tiles->len; i++)
    if (g_array_index (tiles, WardenViewTile, i).device_id == device_id)
      return TRUE;
  return FALSE;
}

static void
test_delete_views_favorites (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  const DevsimFixtureDevice *nvr = devsim_fixture_find_device (fixture->sim, "nvr");
  g_autoptr(WardenDeviceSupervisor) camera = add_device (fixture->registry, cam, cam->password, &error);
  g_autoptr(WardenDeviceSupervisor) recorder = add_device (fixture->registry, nvr, nvr->password, &error);
  WardenStore *store = warden_device_registry_get_store (fixture->registry);
  g_autoptr(WardenViewRecord) view = warden_view_record_new ("Lobby", 2, 2, 0);
  g_autoptr(WardenFavoriteRecord) favorite = warden_favorite_record_new ("Entrances");
  g_autoptr(WardenViewRecord) camera_view = warden_view_record_new ("Camera only", 1, 1, 0);
  g_autoptr(WardenFavoriteRecord) camera_favorite = warden_favorite_record_new ("Camera only");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) favorites = NULL;
  gint64 camera_id, recorder_id;
  WardenViewRecord *kept_view;
  WardenFavoriteRecord *kept_favorite;

  g_assert_no_error (error);
  camera_id = warden_device_supervisor_get_id (camera);
  recorder_id = warden_device_supervisor_get_id (recorder);

  warden_view_record_add_tile (view, 0, camera_id, 1);
  warden_view_record_add_tile (view, 1, recorder_id, 2);
  warden_view_repo_save_async (store, view, NULL, devices_test_result_cb, &result);
  g_assert_cmpint (warden_view_repo_save_finish (store, devices_test_wait_result (&result), &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (warden_favorite_record_add_channel (favorite, recorder_id, 3));
  g_assert_true (warden_favorite_record_add_channel (favorite, camera_id, 1));
  warden_view_repo_save_favorite_async (store, favorite, NULL, devices_test_result_cb, &result);
  g_assert_cmpint (warden_view_repo_save_favorite_finish (store, devices_test_wait_result (&result), &error),
                   >, 0);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* A view and a favorite that show nothing but the camera. */
  warden_view_record_add_tile (camera_view, 0, camera_id, 1);
  warden_view_repo_save_async (store, camera_view, NULL, devices_test_result_cb, &result);
  g_assert_cmpint (warden_view_repo_save_finish (store, devices_test_wait_result (&result), &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (warden_favorite_record_add_channel (camera_favorite, camera_id, 1));
  warden_view_repo_save_favorite_async (store, camera_favorite, NULL, devices_test_result_cb, &result);
  g_assert_cmpint (warden_view_repo_save_favorite_finish (store, devices_test_wait_result (&result), &error),
                   >, 0);
  g_assert_no_error (error);
  g_clear_object (&result);

  warden_device_registry_delete_device_async (fixture->registry, camera_id, NULL, devices_test_result_cb,
                                              &result);
  g_assert_cmpint (write_done (fixture->registry, &result), ==, 1);

  /* The camera left every view and favorite, and those that showed only the camera are
   * gone; the recorder's tiles stay where they were. */
  warden_view_repo_list_async (store, NULL, devices_test_result_cb, &result);
  views = warden_view_repo_list_finish (store, devices_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (views->len, ==, 1);
  kept_view = g_ptr_array_index (views, 0);
  g_assert_cmpstr (kept_view->name, ==, "Lobby");
  g_assert_false (shows_device (kept_view->tiles, camera_id));
  g_assert_cmpuint (kept_view->tiles->len, ==, 1);
  g_assert_cmpint (g_array_index (kept_view->tiles, WardenViewTile, 0).position, ==, 1);
  g_assert_cmpint (g_array_index (kept_view->tiles, WardenViewTile, 0).device_id, ==, recorder_id);

  warden_view_repo_list_favorites_async (store, NULL, devices_test_result_cb, &result);
  favorites = warden_view_repo_list_favorites_finish (store, devices_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (favorites->len, ==, 1);
  kept_favorite = g_ptr_array_index (favorites, 0);
  g_assert_cmpstr (kept_favorite->name, ==, "Entrances");
  g_assert_false (shows_device (kept_favorite->channels, camera_id));
  g_assert_cmpuint (kept_favorite->channels->len, ==, 1);
  g_assert_cmpint (g_array_index (kept_favorite->channels, WardenViewTile, 0).channel, ==, 3);
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  g_autoptr(WardenDeviceSupervisor) supervisor = add_device (fixture->registry, cam, cam->password,
                                                             &error);
  GListModel *groups = warden_device_registry_get_groups (fixture->registry);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(WardenDeviceRecord) record = NULL;
  WardenDeviceGroup *lobby, *none;
  gint64 group_id;

  g_assert_no_error (error);
  none = warden_device_registry_lookup_group (fixture->registry, 0);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_group_get_devices (none)), ==, 1);

  warden_device_registry_add_group_async (fixture->registry, "Lobby", NULL, devices_test_result_cb, &result);
  group_id = write_done (fixture->registry, &result);
  g_assert_cmpint (group_id, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 2);
  lobby = warden_device_registry_find_group (fixture->registry, "Lobby");
  g_assert_nonnull (lobby);

  /* Move the device into the group. */
  record = warden_device_record_copy (warden_device_supervisor_get_record (supervisor));
  record->group_id = group_id;
  warden_device_registry_update_device_async (fixture->registry, record, NULL, NULL, devices_test_result_cb,
                                              &result);
  write_done (fixture->registry, &result);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_group_get_devices (none)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_group_get_devices (lobby)), ==, 1);

  warden_device_registry_rename_group_async (fixture->registry, group_id, "Entrance", NULL,
                                             devices_test_result_cb, &result);
  write_done (fixture->registry, &result);
  g_assert_cmpstr (warden_device_group_get_name (lobby), ==, "Entrance");

  /* A second group with the same name is refused. */
  warden_device_registry_add_group_async (fixture->registry, "Entrance", NULL, devices_test_result_cb, &result);
  g_assert_cmpint (warden_device_registry_write_finish (fixture->registry, devices_test_wait_result (&result),
                                                        &error), ==, 0);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Deleting the group keeps its devices, in no group. */
  warden_device_registry_delete_group_async (fixture->registry, group_id, NULL, devices_test_result_cb, &result);
  write_done (fixture->registry, &result);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_group_get_devices (none)), ==, 1);
  g_assert_cmpint (warden_device_supervisor_get_record (supervisor)->group_id, ==, 0);
}

static void
test_signed_out (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->sim, "ipc");
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;

  warden_security_logout (fixture->security);
  supervisor = add_device (fixture->registry, cam, cam->password, &error);
  g_assert_null (supervisor);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/devices/registry/add-online", test_add_online);
  ADD ("/devices/registry/offline-online", test_offline_online);
  ADD ("/devices/registry/wrong-password", test_wrong_password);
  ADD ("/devices/registry/locked", test_locked);
  ADD ("/devices/registry/reload-delete", test_reload_delete);
  ADD ("/devices/registry/delete-views-favorites", test_delete_views_favorites);
  ADD ("/devices/registry/groups", test_groups);
  ADD ("/devices/registry/signed-out", test_signed_out);
#undef ADD

  return g_test_run ();
}
