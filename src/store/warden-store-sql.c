/* warden-store-sql.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-store.h"

G_DEFINE_QUARK (warden-store-error-quark, warden_store_error)

void
warden_store_set_error (GError     **error,
                        sqlite3     *db,
                        const char  *what)
{
  int code = sqlite3_extended_errcode (db);
  int primary = code & 0xff;
  WardenStoreError store_code = WARDEN_STORE_ERROR_FAILED;

  if (primary == SQLITE_CONSTRAINT)
    store_code = WARDEN_STORE_ERROR_CONSTRAINT;
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    store_code = WARDEN_STORE_ERROR_CORRUPT;

  g_set_error (error, WARDEN_STORE_ERROR, store_code,
               "%s: %s (SQLite error %d)", what, sqlite3_errmsg (db), code);
}

gboolean
warden_store_exec (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      warden_store_set_error (error, db, "Could not run a database statement");
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
warden_store_prepare (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      warden_store_set_error (error, db, "Could not prepare a database statement");
      return NULL;
    }
  return stmt;
}

gboolean
warden_store_step_done (sqlite3       *db,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not write to the database");
      return FALSE;
    }
  return TRUE;
}
