/* warden-role-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-role-repo.h"

WardenRoleRecord *
warden_role_record_new (void)
{
  WardenRoleRecord *record = g_new0 (WardenRoleRecord, 1);

  record->grants = g_array_new (FALSE, TRUE, sizeof (WardenRoleGrant));
  return record;
}

void
warden_role_record_free (WardenRoleRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_array_unref (record->grants);
  g_free (record);
}

static gboolean
load_grants (sqlite3           *db,
             WardenRoleRecord  *record,
             GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT device_id, channel, rights FROM role_device_rights "
                               "WHERE role_id = ? ORDER BY device_id, channel LIMIT ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->id);
  sqlite3_bind_int (stmt, 2, WARDEN_ROLE_MAX_GRANTS);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WardenRoleGrant grant = {
        .device_id = sqlite3_column_int64 (stmt, 0),
        .channel = sqlite3_column_int (stmt, 1),
        .rights = (guint) sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (record->grants, grant);
    }
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read a role's device rights");
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_grants (sqlite3                 *db,
             gint64                   role_id,
             const WardenRoleRecord  *record,
             GError                 **error)
{
  g_autoptr (sqlite3_stmt) clear = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;

  g_return_val_if_fail (record->grants->len <= WARDEN_ROLE_MAX_GRANTS, FALSE);

  clear = warden_store_prepare (db, "DELETE FROM role_device_rights WHERE role_id = ?", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, role_id);
  if (!warden_store_step_done (db, clear, error))
    return FALSE;

  insert = warden_store_prepare (db,
                                 "INSERT INTO role_device_rights (role_id, device_id, channel, rights) "
                                 "VALUES (?, ?, ?, ?)",
                                 error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < record->grants->len; i++)
    {
      const WardenRoleGrant *grant = &g_array_index (record->grants, WardenRoleGrant, i);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, role_id);
      sqlite3_bind_int64 (insert, 2, grant->device_id);
      sqlite3_bind_int (insert, 3, grant->channel);
      sqlite3_bind_int64 (insert, 4, grant->rights);
      if (!warden_store_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

static WardenRoleRecord *
record_from_row (sqlite3_stmt *stmt)
{
  WardenRoleRecord *record = warden_role_record_new ();

  record->id = sqlite3_column_int64 (stmt, 0);
  record->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->builtin = sqlite3_column_int (stmt, 2) != 0;
  record->rights = (guint) sqlite3_column_int64 (stmt, 3);
  record->all_devices = sqlite3_column_int (stmt, 4) != 0;
  return record;
}

/**
 * warden_role_repo_list:
 *
 * Returns: (transfer full) (element-type WardenRoleRecord): every role with
 *   its grants, built-in roles first.
 */
GPtrArray *
warden_role_repo_list (sqlite3  *db,
                       GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT id, name, builtin, rights, all_devices FROM roles "
                               "ORDER BY builtin DESC, id",
                               error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_role_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not list roles");
      return NULL;
    }
  for (guint i = 0; i < records->len; i++)
    {
      if (!load_grants (db, g_ptr_array_index (records, i), error))
        return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * warden_role_repo_get:
 *
 * Returns: (transfer full): the role with its grants, or %NULL with
 *   %WARDEN_STORE_ERROR_NOT_FOUND.
 */
WardenRoleRecord *
warden_role_repo_get (sqlite3  *db,
                      gint64    id,
                      GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (WardenRoleRecord) record = NULL;

  stmt = warden_store_prepare (db,
                               "SELECT id, name, builtin, rights, all_devices FROM roles WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      record = record_from_row (stmt);
      break;
    case SQLITE_DONE:
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND, "No such role");
      return NULL;
    default:
      warden_store_set_error (error, db, "Could not read a role");
      return NULL;
    }
  if (!load_grants (db, record, error))
    return NULL;
  return g_steal_pointer (&record);
}

/**
 * warden_role_repo_insert:
 *
 * Adds a custom role with its grants. Call inside a transaction.
 *
 * Returns: the new role's id, or 0 on error.
 */
gint64
warden_role_repo_insert (sqlite3                 *db,
                         const WardenRoleRecord  *record,
                         GError                 **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id;

  stmt = warden_store_prepare (db,
                               "INSERT INTO roles (name, builtin, rights, all_devices) "
                               "VALUES (?, 0, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, record->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, record->rights);
  sqlite3_bind_int (stmt, 3, record->all_devices ? 1 : 0);
  if (!warden_store_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (db);
  if (!save_grants (db, id, record, error))
    return 0;
  return id;
}

/**
 * warden_role_repo_update:
 *
 * Writes the name, rights and grants of a role. Call inside a transaction.
 */
gboolean
warden_role_repo_update (sqlite3                 *db,
                         const WardenRoleRecord  *record,
                         GError                 **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "UPDATE roles SET name = ?, rights = ?, all_devices = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, record->rights);
  sqlite3_bind_int (stmt, 3, record->all_devices ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, record->id);
  if (!warden_store_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND, "No such role");
      return FALSE;
    }
  return save_grants (db, record->id, record, error);
}

/**
 * warden_role_repo_delete:
 *
 * Deletes a custom role. Built-in roles and roles still given to an account
 * are refused with %WARDEN_STORE_ERROR_CONSTRAINT.
 */
gboolean
warden_role_repo_delete (sqlite3  *db,
                         gint64    id,
                         GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db, "DELETE FROM roles WHERE id = ? AND NOT builtin", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!warden_store_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT,
                   "The role does not exist or is built in");
      return FALSE;
    }
  return TRUE;
}
