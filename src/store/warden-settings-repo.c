/* warden-settings-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-settings-repo.h"

static gpointer
settings_get_job (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *key = data;

  stmt = warden_store_prepare (db, "SELECT value FROM settings WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    case SQLITE_DONE:
      return NULL;
    default:
      warden_store_set_error (error, db, "Could not read a setting");
      return NULL;
    }
}

static gpointer
settings_set_job (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  char **pair = data;

  stmt = warden_store_prepare (db,
                               "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = ?2",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pair[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pair[1], -1, SQLITE_STATIC);
  if (!warden_store_step_done (db, stmt, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
warden_settings_repo_get_async (WardenStore         *store,
                                const char          *key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (key != NULL);

  warden_store_run_async (store, settings_get_job, g_strdup (key), g_free, g_free,
                          cancellable, callback, user_data);
}

char *
warden_settings_repo_get_finish (WardenStore   *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return warden_store_run_finish (store, result, error);
}

void
warden_settings_repo_set_async (WardenStore         *store,
                                const char          *key,
                                const char          *value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  char **pair;

  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);

  pair = g_new0 (char *, 3);
  pair[0] = g_strdup (key);
  pair[1] = g_strdup (value);
  warden_store_run_async (store, settings_set_job, pair, (GDestroyNotify) g_strfreev, NULL,
                          cancellable, callback, user_data);
}

gboolean
warden_settings_repo_set_finish (WardenStore   *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return warden_store_run_finish (store, result, error) != NULL;
}
