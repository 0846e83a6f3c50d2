/* warden-secret-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-secret-repo.h"

static gboolean
check_changed (sqlite3  *db,
               GError  **error)
{
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND, "No such secret");
      return FALSE;
    }
  return TRUE;
}

/**
 * warden_secret_repo_reserve:
 *
 * Adds an empty secret so its id can be bound into the ciphertext; set it
 * with warden_secret_repo_set() in the same transaction.
 *
 * Returns: the new id, or 0 on error.
 */
gint64
warden_secret_repo_reserve (sqlite3  *db,
                            gint64    now,
                            GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, "INSERT INTO secrets (ciphertext, updated_at) VALUES (x'', ?)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!warden_store_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db);
}

gboolean
warden_secret_repo_set (sqlite3  *db,
                        gint64    id,
                        GBytes   *ciphertext,
                        gint64    now,
                        GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gsize size;
  const void *data = g_bytes_get_data (ciphertext, &size);

  g_return_val_if_fail (size <= WARDEN_SECRET_MAX_CIPHERTEXT, FALSE);

  stmt = warden_store_prepare (db, "UPDATE secrets SET ciphertext = ?, updated_at = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, data, (int) size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  return warden_store_step_done (db, stmt, error) && check_changed (db, error);
}

/**
 * warden_secret_repo_get:
 *
 * Returns: (transfer full): the ciphertext, or %NULL with
 *   %WARDEN_STORE_ERROR_NOT_FOUND.
 */
GBytes *
warden_secret_repo_get (sqlite3  *db,
                        gint64    id,
                        GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int size;

  stmt = warden_store_prepare (db, "SELECT ciphertext FROM secrets WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      size = sqlite3_column_bytes (stmt, 0);
      if (size > WARDEN_SECRET_MAX_CIPHERTEXT)
        {
          g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CORRUPT,
                       "Secret %" G_GINT64_FORMAT " is %d bytes, more than the %d allowed",
                       id, size, WARDEN_SECRET_MAX_CIPHERTEXT);
          return NULL;
        }
      return g_bytes_new (sqlite3_column_blob (stmt, 0), size);
    case SQLITE_DONE:
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "No secret %" G_GINT64_FORMAT, id);
      return NULL;
    default:
      warden_store_set_error (error, db, "Could not read a secret");
      return NULL;
    }
}

gboolean
warden_secret_repo_delete (sqlite3  *db,
                           gint64    id,
                           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, "DELETE FROM secrets WHERE id = ?",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return warden_store_step_done (db, stmt, error) && check_changed (db, error);
}
