/* test-view-repo.c: saved live views and the last layout in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "warden-device-repo.h"
#include "warden-view-repo.h"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_clear_object (slot);
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static WardenStore *
fresh_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "view-repo", NULL);
  g_autofree char *path = g_build_filename (dir, "warden.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  WardenStore *store;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  store = warden_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static gint64
add_device (WardenStore   *store,
            int            port,
            GAsyncResult **result)
{
  g_autoptr(WardenDeviceRecord) record = warden_device_record_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (record->name);
  record->name = g_strdup ("Gate NVR");
  g_free (record->address);
  record->address = g_strdup ("127.0.0.1");
  record->port = port;
  g_free (record->username);
  record->username = g_strdup ("admin");
  warden_device_repo_add_device_async (store, record, NULL, result_cb, result);
  id = warden_device_repo_write_finish (store, wait_result (result), &error);
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
list_views (WardenStore   *store,
            GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *views;

  warden_view_repo_list_async (store, NULL, result_cb, result);
  views = warden_view_repo_list_finish (store, wait_result (result), &error);
  g_assert_no_error (error);
  return views;
}

static gint64
save (WardenStore             *store,
      const WardenViewRecord  *record,
      GAsyncResult           **result,
      GError                 **error)
{
  warden_view_repo_save_async (store, record, NULL, result_cb, result);
  return warden_view_repo_save_finish (store, wait_result (result), error);
}

static void
test_views (void)
{
  g_autoptr(WardenStore) store = fresh_store ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenViewRecord) gate = warden_view_record_new ("Gate", 3, 3, 2);
  g_autoptr(WardenViewRecord) again = warden_view_record_new ("gate", 2, 2, 0);
  g_autoptr(WardenViewRecord) lobby = warden_view_record_new ("Lobby", 8, 8, 0);
  g_autoptr(WardenViewRecord) last = warden_view_record_new (NULL, 4, 4, 0);
  g_autoptr(WardenViewRecord) bad = warden_view_record_new ("Bad", 9, 1, 0);
  g_autoptr(WardenViewRecord) loaded = NULL;
  g_autoptr(GPtrArray) views = NULL;
  WardenViewRecord *view;
  const WardenViewTile *tile;
  gint64 device_id = add_device (store, 37777, &result);
  gint64 gate_id;

  views = list_views (store, &result);
  g_assert_cmpuint (views->len, ==, 0);
  g_clear_pointer (&views, g_ptr_array_unref);

  warden_view_record_add_tile (gate, 0, device_id, 1);
  warden_view_record_add_tile (gate, 5, device_id, 4);
  gate_id = save (store, gate, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gate_id, >, 0);
  g_assert_cmpint (save (store, lobby, &result, &error), >, 0);
  g_assert_no_error (error);

  views = list_views (store, &result);
  g_assert_cmpuint (views->len, ==, 2);
  view = g_ptr_array_index (views, 0);
  g_assert_cmpstr (view->name, ==, "Gate");
  g_assert_cmpuint (view->rows, ==, 3);
  g_assert_cmpuint (view->large_span, ==, 2);
  g_assert_cmpuint (view->tiles->len, ==, 2);
  tile = &g_array_index (view->tiles, WardenViewTile, 1);
  g_assert_cmpint (tile->position, ==, 5);
  g_assert_cmpint (tile->device_id, ==, device_id);
  g_assert_cmpint (tile->channel, ==, 4);
  g_clear_pointer (&views, g_ptr_array_unref);

  /* The same name, in any case, replaces the view. */
  warden_view_record_add_tile (again, 3, device_id, 2);
  g_assert_cmpint (save (store, again, &result, &error), !=, gate_id);
  views = list_views (store, &result);
  g_assert_cmpuint (views->len, ==, 2);
  view = g_ptr_array_index (views, 0);
  g_assert_cmpstr (view->name, ==, "gate");
  g_assert_cmpuint (view->tiles->len, ==, 1);

  /* Out-of-range layouts are refused by the schema. */
  g_assert_cmpint (save (store, bad, &result, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The last layout: none yet, then one, replaced on each save, never listed. */
  warden_view_repo_get_last_async (store, NULL, result_cb, &result);
  loaded = warden_view_repo_get_last_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  warden_view_record_add_tile (last, 15, device_id, 3);
  g_assert_cmpint (save (store, last, &result, &error), >, 0);
  last->columns = 2;
  last->rows = 2;
  g_assert_cmpint (save (store, last, &result, &error), >, 0);
  warden_view_repo_get_last_async (store, NULL, result_cb, &result);
  loaded = warden_view_repo_get_last_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_null (loaded->name);
  g_assert_cmpuint (loaded->columns, ==, 2);
  g_assert_cmpuint (loaded->tiles->len, ==, 1);
  g_clear_pointer (&views, g_ptr_array_unref);
  views = list_views (store, &result);
  g_assert_cmpuint (views->len, ==, 2);

  /* Deleting a view removes it; a view that showed only a deleted device goes
   * with the device. */
  warden_view_repo_delete_async (store, ((WardenViewRecord *) g_ptr_array_index (views, 1))->id,
                                 NULL, result_cb, &result);
  g_assert_true (warden_view_repo_delete_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  warden_device_repo_delete_device_async (store, device_id, NULL, result_cb, &result);
  warden_device_repo_write_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_pointer (&views, g_ptr_array_unref);
  views = list_views (store, &result);
  g_assert_cmpuint (views->len, ==, 0);
  g_clear_object (&result);
}

static GPtrArray *
list_favorites (WardenStore   *store,
                GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *favorites;

  warden_view_repo_list_favorites_async (store, NULL, result_cb, result);
  favorites = warden_view_repo_list_favorites_finish (store, wait_result (result), &error);
  g_assert_no_error (error);
  return favorites;
}

static gint64
save_favorite (WardenStore                 *store,
               const WardenFavoriteRecord  *record,
               GAsyncResult               **result,
               GError                     **error)
{
  warden_view_repo_save_favorite_async (store, record, NULL, result_cb, result);
  return warden_view_repo_save_favorite_finish (store, wait_result (result), error);
}

static void
test_favorites (void)
{
  g_autoptr(WardenStore) store = fresh_store ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenFavoriteRecord) yard = warden_favorite_record_new ("Yard");
  g_autoptr(WardenFavoriteRecord) doors = warden_favorite_record_new ("Doors");
  g_autoptr(WardenFavoriteRecord) renamed = NULL;
  g_autoptr(GPtrArray) favorites = NULL;
  WardenFavoriteRecord *favorite;
  const WardenViewTile *channel;
  gint64 gate = add_device (store, 37777, &result);
  gint64 lobby = add_device (store, 37778, &result);

  /* Channels keep the order they were added in; a repeat or the 65th is refused. */
  g_assert_true (warden_favorite_record_add_channel (yard, lobby, 3));
  g_assert_true (warden_favorite_record_add_channel (yard, gate, 1));
  g_assert_true (warden_favorite_record_add_channel (yard, gate, 2));
  g_assert_false (warden_favorite_record_add_channel (yard, gate, 1));
  for (int i = 1; i <= WARDEN_VIEW_REPO_MAX_TILES; i++)
    warden_favorite_record_add_channel (doors, gate, i);
  g_assert_cmpuint (doors->channels->len, ==, WARDEN_VIEW_REPO_MAX_TILES);
  g_assert_false (warden_favorite_record_add_channel (doors, gate, 100));

  yard->id = save_favorite (store, yard, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yard->id, >, 0);
  doors->id = save_favorite (store, doors, &result, &error);
  g_assert_no_error (error);

  favorites = list_favorites (store, &result);
  g_assert_cmpuint (favorites->len, ==, 2);
  favorite = g_ptr_array_index (favorites, 1);
  g_assert_cmpstr (favorite->name, ==, "Yard");
  g_assert_cmpint (favorite->id, ==, yard->id);
  g_assert_cmpuint (favorite->channels->len, ==, 3);
  channel = &g_array_index (favorite->channels, WardenViewTile, 0);
  g_assert_cmpint (channel->device_id, ==, lobby);
  g_assert_cmpint (channel->channel, ==, 3);
  channel = &g_array_index (favorite->channels, WardenViewTile, 2);
  g_assert_cmpint (channel->position, ==, 2);
  g_assert_cmpint (channel->channel, ==, 2);
  g_assert_cmpuint (((WardenFavoriteRecord *) g_ptr_array_index (favorites, 0))->channels->len, ==,
                    WARDEN_VIEW_REPO_MAX_TILES);
  g_clear_pointer (&favorites, g_ptr_array_unref);

  /* Rename and add a channel in one save; a name taken (in any case) is refused. */
  renamed = warden_favorite_record_copy (yard);
  g_free (renamed->name);
  renamed->name = g_strdup ("Back yard");
  g_assert_true (warden_favorite_record_add_channel (renamed, lobby, 1));
  g_assert_cmpint (save_favorite (store, renamed, &result, &error), ==, yard->id);
  g_assert_no_error (error);
  g_free (renamed->name);
  renamed->name = g_strdup ("DOORS");
  g_assert_cmpint (save_favorite (store, renamed, &result, &error), ==, 0);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "DOORS"));
  g_clear_error (&error);
  favorites = list_favorites (store, &result);
  favorite = g_ptr_array_index (favorites, 0);
  g_assert_cmpstr (favorite->name, ==, "Back yard");
  g_assert_cmpuint (favorite->channels->len, ==, 4);
  g_clear_pointer (&favorites, g_ptr_array_unref);

  /* Deleting a device removes its channels from every favorite, and the
   * favorites that held nothing else. */
  warden_device_repo_delete_device_async (store, gate, NULL, result_cb, &result);
  warden_device_repo_write_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  favorites = list_favorites (store, &result);
  g_assert_cmpuint (favorites->len, ==, 1);
  favorite = g_ptr_array_index (favorites, 0);
  g_assert_cmpstr (favorite->name, ==, "Back yard");
  g_assert_cmpuint (favorite->channels->len, ==, 2);
  g_assert_cmpint (g_array_index (favorite->channels, WardenViewTile, 0).device_id, ==, lobby);
  g_assert_cmpint (g_array_index (favorite->channels, WardenViewTile, 1).device_id, ==, lobby);
  g_clear_pointer (&favorites, g_ptr_array_unref);

  /* Deleting a favorite; saving it again afterwards says it is gone. */
  warden_view_repo_delete_favorite_async (store, yard->id, NULL, result_cb, &result);
  g_assert_true (warden_view_repo_delete_favorite_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (save_favorite (store, yard, &result, &error), ==, 0);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  favorites = list_favorites (store, &result);
  g_assert_cmpuint (favorites->len, ==, 0);
  g_clear_object (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live/view-repo/save-list-last-delete", test_views);
  g_test_add_func ("/live/view-repo/favorites", test_favorites);

  return g_test_run ();
}
