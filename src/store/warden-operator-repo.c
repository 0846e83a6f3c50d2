/* warden-operator-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-operator-repo.h"

#define OPERATOR_COLUMNS \
  "id, username, role_id, password_hash, enabled, failed_logins, locked_until, created_at"

/* Wrapped keys are 84 bytes today; the column allows up to 1 KiB. */
#define MAX_KEY_BLOB 1024

static const char *
kind_name (WardenWrappedKeyKind kind)
{
  switch (kind)
    {
    case WARDEN_WRAPPED_KEY_PASSWORD:
      return "password";
    case WARDEN_WRAPPED_KEY_RECOVERY:
      return "recovery";
    default:
      g_assert_not_reached ();
    }
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static WardenOperatorRecord *
record_from_row (sqlite3_stmt *stmt)
{
  WardenOperatorRecord *record = g_new0 (WardenOperatorRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->username = column_text (stmt, 1);
  record->role_id = sqlite3_column_int64 (stmt, 2);
  record->password_hash = column_text (stmt, 3);
  record->enabled = sqlite3_column_int (stmt, 4) != 0;
  record->failed_logins = (guint) CLAMP (sqlite3_column_int64 (stmt, 5), 0, G_MAXINT);
  record->locked_until = sqlite3_column_int64 (stmt, 6);
  record->created_at = sqlite3_column_int64 (stmt, 7);
  return record;
}

static WardenOperatorRecord *
fetch_one (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return record_from_row (stmt);
    case SQLITE_DONE:
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "No such operator account");
      return NULL;
    default:
      warden_store_set_error (error, db, "Could not read an operator account");
      return NULL;
    }
}

static gint64
query_count (sqlite3       *db,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      warden_store_set_error (error, db, "Could not count operator accounts");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

void
warden_operator_record_free (WardenOperatorRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->username);
  g_free (record->password_hash);
  g_free (record);
}

/**
 * warden_operator_repo_count:
 *
 * Returns: the number of accounts, or -1 on error.
 */
gint64
warden_operator_repo_count (sqlite3  *db,
                            GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, "SELECT count(*) FROM operators",
                                                        error);

  if (stmt == NULL)
    return -1;
  return query_count (db, stmt, error);
}

/**
 * warden_operator_repo_count_admins:
 *
 * Returns: the number of enabled accounts in @admin_role_id, or -1 on error.
 */
gint64
warden_operator_repo_count_admins (sqlite3  *db,
                                   gint64    admin_role_id,
                                   GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, "SELECT count(*) FROM operators WHERE role_id = ? AND enabled",
                               error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, admin_role_id);
  return query_count (db, stmt, error);
}

/**
 * warden_operator_repo_insert:
 *
 * Returns: the new account's id, or 0 on error (a taken name gives
 *   %WARDEN_STORE_ERROR_CONSTRAINT).
 */
gint64
warden_operator_repo_insert (sqlite3                     *db,
                             const WardenOperatorRecord  *record,
                             GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "INSERT INTO operators (username, role_id, password_hash, enabled, "
                               "failed_logins, locked_until, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, record->username, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, record->role_id);
  sqlite3_bind_text (stmt, 3, record->password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, record->enabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, record->failed_logins);
  sqlite3_bind_int64 (stmt, 6, record->locked_until);
  sqlite3_bind_int64 (stmt, 7, record->created_at);
  if (!warden_store_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db);
}

/**
 * warden_operator_repo_find:
 *
 * Looks an account up by name, ignoring case.
 *
 * Returns: (transfer full): the account, or %NULL with
 *   %WARDEN_STORE_ERROR_NOT_FOUND.
 */
WardenOperatorRecord *
warden_operator_repo_find (sqlite3     *db,
                           const char  *username,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, "SELECT " OPERATOR_COLUMNS " FROM operators WHERE username = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  return fetch_one (db, stmt, error);
}

WardenOperatorRecord *
warden_operator_repo_get (sqlite3  *db,
                          gint64    id,
                          GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, "SELECT " OPERATOR_COLUMNS " FROM operators WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return fetch_one (db, stmt, error);
}

/**
 * warden_operator_repo_list:
 *
 * Returns: (transfer full) (element-type WardenOperatorRecord): every
 *   account, by name.
 */
GPtrArray *
warden_operator_repo_list (sqlite3  *db,
                           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  int rc;

  stmt = warden_store_prepare (db, "SELECT " OPERATOR_COLUMNS " FROM operators ORDER BY username",
                               error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_operator_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not list operator accounts");
      return NULL;
    }
  return g_steal_pointer (&records);
}

static gboolean
check_changed (sqlite3  *db,
               GError  **error)
{
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "No such operator account");
      return FALSE;
    }
  return TRUE;
}

/**
 * warden_operator_repo_update:
 *
 * Writes every field of @record but its id and creation time.
 */
gboolean
warden_operator_repo_update (sqlite3                     *db,
                             const WardenOperatorRecord  *record,
                             GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "UPDATE operators SET username = ?, role_id = ?, password_hash = ?, "
                               "enabled = ?, failed_logins = ?, locked_until = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->username, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, record->role_id);
  sqlite3_bind_text (stmt, 3, record->password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, record->enabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, record->failed_logins);
  sqlite3_bind_int64 (stmt, 6, record->locked_until);
  sqlite3_bind_int64 (stmt, 7, record->id);
  return warden_store_step_done (db, stmt, error) && check_changed (db, error);
}

gboolean
warden_operator_repo_set_lockout (sqlite3  *db,
                                  gint64    id,
                                  guint     failed_logins,
                                  gint64    locked_until,
                                  GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "UPDATE operators SET failed_logins = ?, locked_until = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, failed_logins);
  sqlite3_bind_int64 (stmt, 2, locked_until);
  sqlite3_bind_int64 (stmt, 3, id);
  return warden_store_step_done (db, stmt, error) && check_changed (db, error);
}

/**
 * warden_operator_repo_delete:
 *
 * Deletes the account with its answers and wrapped keys.
 */
gboolean
warden_operator_repo_delete (sqlite3  *db,
                             gint64    id,
                             GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, "DELETE FROM operators WHERE id = ?",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return warden_store_step_done (db, stmt, error) && check_changed (db, error);
}

/**
 * warden_operator_repo_put_key:
 *
 * Stores (or replaces) a wrapped data key of the account.
 */
gboolean
warden_operator_repo_put_key (sqlite3               *db,
                              gint64                 id,
                              WardenWrappedKeyKind   kind,
                              GBytes                *blob,
                              GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gsize size;
  const void *data = g_bytes_get_data (blob, &size);

  g_return_val_if_fail (size <= MAX_KEY_BLOB, FALSE);

  stmt = warden_store_prepare (db,
                               "INSERT INTO wrapped_keys (operator_id, kind, blob) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (operator_id, kind) DO UPDATE SET blob = ?3",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, kind_name (kind), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, data, (int) size, SQLITE_STATIC);
  return warden_store_step_done (db, stmt, error);
}

/**
 * warden_operator_repo_get_key:
 *
 * Returns: (transfer full): the wrapped key, or %NULL with
 *   %WARDEN_STORE_ERROR_NOT_FOUND.
 */
GBytes *
warden_operator_repo_get_key (sqlite3               *db,
                              gint64                 id,
                              WardenWrappedKeyKind   kind,
                              GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int size;

  stmt = warden_store_prepare (db,
                               "SELECT blob FROM wrapped_keys WHERE operator_id = ? AND kind = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, kind_name (kind), -1, SQLITE_STATIC);

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      size = sqlite3_column_bytes (stmt, 0);
      if (size > MAX_KEY_BLOB)
        {
          g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CORRUPT,
                       "A wrapped key is %d bytes, more than the %d allowed", size, MAX_KEY_BLOB);
          return NULL;
        }
      return g_bytes_new (sqlite3_column_blob (stmt, 0), size);
    case SQLITE_DONE:
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "The account has no %s key", kind_name (kind));
      return NULL;
    default:
      warden_store_set_error (error, db, "Could not read a wrapped key");
      return NULL;
    }
}

/**
 * warden_operator_repo_put_answers:
 * @questions: (array fixed-size=3): the chosen question numbers
 * @answer_hashes: (array fixed-size=3): scrypt hashes of the answers
 */
gboolean
warden_operator_repo_put_answers (sqlite3            *db,
                                  gint64              id,
                                  const int          *questions,
                                  const char * const *answer_hashes,
                                  GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "INSERT INTO security_answers (operator_id, position, question, "
                               "answer_hash) VALUES (?1, ?2, ?3, ?4) "
                               "ON CONFLICT (operator_id, position) "
                               "DO UPDATE SET question = ?3, answer_hash = ?4",
                               error);
  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_int (stmt, 3, questions[i]);
      sqlite3_bind_text (stmt, 4, answer_hashes[i], -1, SQLITE_STATIC);
      if (!warden_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * warden_operator_repo_get_answers:
 * @questions: (out caller-allocates) (array fixed-size=3)
 * @answer_hashes: (out caller-allocates) (array fixed-size=3): free each
 *
 * Returns: %FALSE with %WARDEN_STORE_ERROR_NOT_FOUND if the account has no
 *   complete set of answers.
 */
gboolean
warden_operator_repo_get_answers (sqlite3  *db,
                                  gint64    id,
                                  int      *questions,
                                  char    **answer_hashes,
                                  GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int found = 0;
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT position, question, answer_hash FROM security_answers "
                               "WHERE operator_id = ? ORDER BY position",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    answer_hashes[i] = NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int position = sqlite3_column_int (stmt, 0);

      if (position < 0 || position >= WARDEN_SECURITY_ANSWER_COUNT)
        continue;
      questions[position] = sqlite3_column_int (stmt, 1);
      g_free (answer_hashes[position]);
      answer_hashes[position] = column_text (stmt, 2);
      found++;
    }
  if (rc != SQLITE_DONE || found != WARDEN_SECURITY_ANSWER_COUNT)
    {
      for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
        g_clear_pointer (&answer_hashes[i], g_free);
      if (rc != SQLITE_DONE)
        warden_store_set_error (error, db, "Could not read security answers");
      else
        g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                     "The account has no security answers");
      return FALSE;
    }
  return TRUE;
}
