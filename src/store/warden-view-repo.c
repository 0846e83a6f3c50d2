/* warden-view-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Views and their tiles (migration 0003-views.sql), favorites and their
 * channels (0004-favorites.sql). Every job runs on the store's writer thread;
 * a save replaces the view or favorite and its rows in one transaction.
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include <sqlite3.h>

#include "warden-view-repo.h"

#define KIND_NAMED 0
#define KIND_LAST  1

WardenViewRecord *
warden_view_record_new (const char *name,
                        guint       rows,
                        guint       columns,
                        guint       large_span)
{
  WardenViewRecord *record = g_new0 (WardenViewRecord, 1);

  record->name = g_strdup (name);
  record->rows = rows;
  record->columns = columns;
  record->large_span = large_span;
  record->tiles = g_array_new (FALSE, FALSE, sizeof (WardenViewTile));
  return record;
}

void
warden_view_record_add_tile (WardenViewRecord *record,
                             int               position,
                             gint64            device_id,
                             int               channel)
{
  WardenViewTile tile = { position, device_id, channel };

  g_return_if_fail (record != NULL);
  g_return_if_fail (position >= 0 && position < WARDEN_VIEW_REPO_MAX_TILES);

  g_array_append_val (record->tiles, tile);
}

void
warden_view_record_free (WardenViewRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->name);
  g_array_unref (record->tiles);
  g_free (record);
}

static WardenViewRecord *
record_copy (const WardenViewRecord *record)
{
  WardenViewRecord *copy = warden_view_record_new (record->name, record->rows, record->columns,
                                                   record->large_span);

  copy->id = record->id;
  g_array_append_vals (copy->tiles, record->tiles->data, record->tiles->len);
  return copy;
}

static gboolean
read_tiles (sqlite3           *db,
            WardenViewRecord  *record,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT position, device_id, channel FROM live_view_tiles "
                               "WHERE view_id = ? ORDER BY position LIMIT "
                               G_STRINGIFY (WARDEN_VIEW_REPO_MAX_TILES),
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    warden_view_record_add_tile (record, sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1),
                                 sqlite3_column_int (stmt, 2));
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read the tiles of a view");
      return FALSE;
    }
  return TRUE;
}

/* Views of @kind, by name. */
static GPtrArray *
read_views (sqlite3  *db,
            int       kind,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_view_record_free);
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT id, name, rows, columns, large_span FROM live_views "
                               "WHERE kind = ? ORDER BY name LIMIT "
                               G_STRINGIFY (WARDEN_VIEW_REPO_MAX_VIEWS),
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, kind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WardenViewRecord *record =
        warden_view_record_new ((const char *) sqlite3_column_text (stmt, 1),
                                sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
                                sqlite3_column_int (stmt, 4));

      record->id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (views, record);
    }
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read the saved views");
      return NULL;
    }

  for (guint i = 0; i < views->len; i++)
    if (!read_tiles (db, g_ptr_array_index (views, i), error))
      return NULL;
  return g_steal_pointer (&views);
}

static gpointer
list_job (sqlite3   *db,
          gpointer   data,
          GError   **error)
{
  return read_views (db, KIND_NAMED, error);
}

static gpointer
get_last_job (sqlite3   *db,
              gpointer   data,
              GError   **error)
{
  g_autoptr(GPtrArray) views = read_views (db, KIND_LAST, error);

  if (views == NULL || views->len == 0)
    return NULL;
  return g_ptr_array_steal_index (views, 0);
}

/* Writes a record inside a transaction and gives its row id. */
typedef gboolean (*WriteFunc) (sqlite3        *db,
                               gconstpointer   record,
                               gint64         *id,
                               GError        **error);

/* Runs @writer in one transaction: the row id (a gint64 to free), or NULL. */
static gpointer
save_in_transaction (sqlite3        *db,
                     WriteFunc       writer,
                     gconstpointer   record,
                     GError        **error)
{
  gint64 id = 0;
  gint64 *result;

  if (!warden_store_exec (db, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!writer (db, record, &id, error))
    {
      warden_store_exec (db, "ROLLBACK", NULL);
      return NULL;
    }
  if (!warden_store_exec (db, "COMMIT", error))
    {
      warden_store_exec (db, "ROLLBACK", NULL);
      return NULL;
    }

  result = g_new (gint64, 1);
  *result = id;
  return result;
}

static gint64
saved_id_finish (WardenStore   *store,
                 GAsyncResult  *result,
                 GError       **error)
{
  g_autofree gint64 *id = warden_store_run_finish (store, result, error);

  return id != NULL ? *id : 0;
}

static gboolean
write_view (sqlite3        *db,
            gconstpointer   data,
            gint64         *id,
            GError        **error)
{
  const WardenViewRecord *record = data;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) tile = NULL;

  remove = warden_store_prepare (db,
                                 record->name != NULL
                                 ? "DELETE FROM live_views WHERE kind = 0 AND name = ?1"
                                 : "DELETE FROM live_views WHERE kind = 1",
                                 error);
  if (remove == NULL)
    return FALSE;
  if (record->name != NULL)
    sqlite3_bind_text (remove, 1, record->name, -1, SQLITE_STATIC);
  if (!warden_store_step_done (db, remove, error))
    return FALSE;

  insert = warden_store_prepare (db,
                                 "INSERT INTO live_views (kind, name, rows, columns, large_span) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int (insert, 1, record->name != NULL ? KIND_NAMED : KIND_LAST);
  if (record->name != NULL)
    sqlite3_bind_text (insert, 2, record->name, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (insert, 2);
  sqlite3_bind_int (insert, 3, record->rows);
  sqlite3_bind_int (insert, 4, record->columns);
  sqlite3_bind_int (insert, 5, record->large_span);
  if (!warden_store_step_done (db, insert, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);

  tile = warden_store_prepare (db,
                               "INSERT INTO live_view_tiles (view_id, position, device_id, channel) "
                               "VALUES (?, ?, ?, ?)",
                               error);
  if (tile == NULL)
    return FALSE;
  for (guint i = 0; i < record->tiles->len; i++)
    {
      const WardenViewTile *t = &g_array_index (record->tiles, WardenViewTile, i);

      sqlite3_reset (tile);
      sqlite3_bind_int64 (tile, 1, *id);
      sqlite3_bind_int (tile, 2, t->position);
      sqlite3_bind_int64 (tile, 3, t->device_id);
      sqlite3_bind_int (tile, 4, t->channel);
      if (!warden_store_step_done (db, tile, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
save_job (sqlite3   *db,
          gpointer   data,
          GError   **error)
{
  return save_in_transaction (db, write_view, data, error);
}

static gpointer
delete_by_id (sqlite3     *db,
              const char  *sql,
              gint64       id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!warden_store_step_done (db, stmt, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
delete_job (sqlite3   *db,
            gpointer   data,
            GError   **error)
{
  return delete_by_id (db, "DELETE FROM live_views WHERE id = ? AND kind = 0", *(gint64 *) data, error);
}

WardenFavoriteRecord *
warden_favorite_record_new (const char *name)
{
  WardenFavoriteRecord *record = g_new0 (WardenFavoriteRecord, 1);

  record->name = g_strdup (name);
  record->channels = g_array_new (FALSE, FALSE, sizeof (WardenViewTile));
  return record;
}

WardenFavoriteRecord *
warden_favorite_record_copy (const WardenFavoriteRecord *record)
{
  WardenFavoriteRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = warden_favorite_record_new (record->name);
  copy->id = record->id;
  g_array_append_vals (copy->channels, record->channels->data, record->channels->len);
  return copy;
}

gboolean
warden_favorite_record_add_channel (WardenFavoriteRecord *record,
                                    gint64                device_id,
                                    int                   channel)
{
  WardenViewTile tile = { 0, device_id, channel };

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (channel >= 1, FALSE);

  if (record->channels->len >= WARDEN_VIEW_REPO_MAX_TILES)
    return FALSE;
  for (guint i = 0; i < record->channels->len; i++)
    {
      const WardenViewTile *t = &g_array_index (record->channels, WardenViewTile, i);

      if (t->device_id == device_id && t->channel == channel)
        return FALSE;
    }
  tile.position = record->channels->len;
  g_array_append_val (record->channels, tile);
  return TRUE;
}

void
warden_favorite_record_free (WardenFavoriteRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->name);
  g_array_unref (record->channels);
  g_free (record);
}

static gboolean
read_favorite_channels (sqlite3               *db,
                        WardenFavoriteRecord  *record,
                        GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT device_id, channel FROM live_favorite_channels "
                               "WHERE favorite_id = ? ORDER BY position LIMIT "
                               G_STRINGIFY (WARDEN_VIEW_REPO_MAX_TILES),
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    warden_favorite_record_add_channel (record, sqlite3_column_int64 (stmt, 0),
                                        sqlite3_column_int (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read the channels of a favorite");
      return FALSE;
    }
  return TRUE;
}

static gpointer
list_favorites_job (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) favorites =
    g_ptr_array_new_with_free_func ((GDestroyNotify) warden_favorite_record_free);
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT id, name FROM live_favorites ORDER BY name LIMIT "
                               G_STRINGIFY (WARDEN_VIEW_REPO_MAX_FAVORITES),
                               error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WardenFavoriteRecord *record =
        warden_favorite_record_new ((const char *) sqlite3_column_text (stmt, 1));

      record->id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (favorites, record);
    }
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read the favorites");
      return NULL;
    }

  for (guint i = 0; i < favorites->len; i++)
    if (!read_favorite_channels (db, g_ptr_array_index (favorites, i), error))
      return NULL;
  return g_steal_pointer (&favorites);
}

static gboolean
write_favorite (sqlite3        *db,
                gconstpointer   data,
                gint64         *id,
                GError        **error)
{
  const WardenFavoriteRecord *record = data;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(sqlite3_stmt) channel = NULL;

  write = warden_store_prepare (db,
                                record->id == 0
                                ? "INSERT INTO live_favorites (name) VALUES (?1)"
                                : "UPDATE live_favorites SET name = ?1 WHERE id = ?2",
                                error);
  if (write == NULL)
    return FALSE;
  sqlite3_bind_text (write, 1, record->name, -1, SQLITE_STATIC);
  if (record->id != 0)
    sqlite3_bind_int64 (write, 2, record->id);
  if (!warden_store_step_done (db, write, error))
    {
      if (g_error_matches (*error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT,
                       "A favorite named “%s” exists already; choose another name", record->name);
        }
      return FALSE;
    }
  if (record->id == 0)
    *id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 1)
    *id = record->id;
  else
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "The favorite “%s” was deleted meanwhile; create it again", record->name);
      return FALSE;
    }

  remove = warden_store_prepare (db, "DELETE FROM live_favorite_channels WHERE favorite_id = ?", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, *id);
  if (!warden_store_step_done (db, remove, error))
    return FALSE;

  channel = warden_store_prepare (db,
                                  "INSERT INTO live_favorite_channels "
                                  "(favorite_id, position, device_id, channel) VALUES (?, ?, ?, ?)",
                                  error);
  if (channel == NULL)
    return FALSE;
  for (guint i = 0; i < record->channels->len; i++)
    {
      const WardenViewTile *t = &g_array_index (record->channels, WardenViewTile, i);

      sqlite3_reset (channel);
      sqlite3_bind_int64 (channel, 1, *id);
      sqlite3_bind_int (channel, 2, i);
      sqlite3_bind_int64 (channel, 3, t->device_id);
      sqlite3_bind_int (channel, 4, t->channel);
      if (!warden_store_step_done (db, channel, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
save_favorite_job (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  return save_in_transaction (db, write_favorite, data, error);
}

static gpointer
delete_favorite_job (sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  return delete_by_id (db, "DELETE FROM live_favorites WHERE id = ?", *(gint64 *) data, error);
}

void
warden_view_repo_list_async (WardenStore         *store,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));

  warden_store_run_async (store, list_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, callback, user_data);
}

GPtrArray *
warden_view_repo_list_finish (WardenStore   *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), NULL);

  return warden_store_run_finish (store, result, error);
}

void
warden_view_repo_save_async (WardenStore            *store,
                             const WardenViewRecord *record,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));
  g_return_if_fail (record != NULL);
  g_return_if_fail (record->tiles->len <= WARDEN_VIEW_REPO_MAX_TILES);

  warden_store_run_async (store, save_job, record_copy (record),
                          (GDestroyNotify) warden_view_record_free, g_free,
                          cancellable, callback, user_data);
}

gint64
warden_view_repo_save_finish (WardenStore   *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), 0);

  return saved_id_finish (store, result, error);
}

void
warden_view_repo_delete_async (WardenStore         *store,
                               gint64               view_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));

  warden_store_run_async (store, delete_job, g_memdup2 (&view_id, sizeof view_id), g_free, NULL,
                          cancellable, callback, user_data);
}

gboolean
warden_view_repo_delete_finish (WardenStore   *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), FALSE);

  return warden_store_run_finish (store, result, error) != NULL;
}

void
warden_view_repo_get_last_async (WardenStore         *store,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));

  warden_store_run_async (store, get_last_job, NULL, NULL, (GDestroyNotify) warden_view_record_free, cancellable, callback, user_data);
}

WardenViewRecord *
warden_view_repo_get_last_finish (WardenStore   *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), NULL);

  return warden_store_run_finish (store, result, error);
}

void
warden_view_repo_list_favorites_async (WardenStore         *store,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));

  warden_store_run_async (store, list_favorites_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, callback, user_data);
}

GPtrArray *
warden_view_repo_list_favorites_finish (WardenStore   *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), NULL);

  return warden_store_run_finish (store, result, error);
}

void
warden_view_repo_save_favorite_async (WardenStore                *store,
                                      const WardenFavoriteRecord *record,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));
  g_return_if_fail (record != NULL && record->name != NULL);
  g_return_if_fail (record->channels->len <= WARDEN_VIEW_REPO_MAX_TILES);

  warden_store_run_async (store, save_favorite_job, warden_favorite_record_copy (record),
                          (GDestroyNotify) warden_favorite_record_free, g_free,
                          cancellable, callback, user_data);
}

gint64
warden_view_repo_save_favorite_finish (WardenStore   *store,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), 0);

  return saved_id_finish (store, result, error);
}

void
warden_view_repo_delete_favorite_async (WardenStore         *store,
                                        gint64               favorite_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_STORE (store));

  warden_store_run_async (store, delete_favorite_job, g_memdup2 (&favorite_id, sizeof favorite_id),
                          g_free, NULL, cancellable, callback, user_data);
}

gboolean
warden_view_repo_delete_favorite_finish (WardenStore   *store,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (WARDEN_IS_STORE (store), FALSE);

  return warden_store_run_finish (store, result, error) != NULL;
}
