/* warden-device-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-device-repo.h"

typedef enum
{
  OP_ADD_GROUP,
  OP_RENAME_GROUP,
  OP_DELETE_GROUP,
  OP_ADD_DEVICE,
  OP_UPDATE_DEVICE,
  OP_DELETE_DEVICE,
  OP_SET_CHANNELS,
  OP_RENAME_CHANNEL,
} WriteKind;

typedef struct
{
  WriteKind           kind;
  gint64              id;        /* group or device */
  gint64              parent_id;
  int                 number;
  char               *text;      /* group name or channel local name */
  char              **names;
  WardenDeviceRecord *device;
} WriteOp;

static void
write_op_free (WriteOp *op)
{
  g_free (op->text);
  g_strfreev (op->names);
  g_clear_pointer (&op->device, warden_device_record_free);
  g_free (op);
}

G_DEFINE_BOXED_TYPE (WardenGroupRecord, warden_group_record,
                     warden_group_record_copy, warden_group_record_free)
G_DEFINE_BOXED_TYPE (WardenDeviceRecord, warden_device_record,
                     warden_device_record_copy, warden_device_record_free)
G_DEFINE_BOXED_TYPE (WardenChannelRecord, warden_channel_record,
                     warden_channel_record_copy, warden_channel_record_free)

WardenGroupRecord *
warden_group_record_copy (const WardenGroupRecord *record)
{
  WardenGroupRecord *copy = g_memdup2 (record, sizeof *record);

  copy->name = g_strdup (record->name);
  return copy;
}

void
warden_group_record_free (WardenGroupRecord *record)
{
  g_free (record->name);
  g_free (record);
}

WardenDeviceRecord *
warden_device_record_new (void)
{
  WardenDeviceRecord *record = g_new0 (WardenDeviceRecord, 1);

  record->port = 37777;
  record->username = g_strdup ("admin");
  return record;
}

WardenDeviceRecord *
warden_device_record_copy (const WardenDeviceRecord *record)
{
  WardenDeviceRecord *copy = g_memdup2 (record, sizeof *record);

  copy->name = g_strdup (record->name);
  copy->address = g_strdup (record->address);
  copy->username = g_strdup (record->username);
  copy->kind = g_strdup (record->kind);
  copy->model = g_strdup (record->model);
  copy->serial = g_strdup (record->serial);
  copy->firmware = g_strdup (record->firmware);
  return copy;
}

void
warden_device_record_free (WardenDeviceRecord *record)
{
  g_free (record->name);
  g_free (record->address);
  g_free (record->username);
  g_free (record->kind);
  g_free (record->model);
  g_free (record->serial);
  g_free (record->firmware);
  g_free (record);
}

WardenChannelRecord *
warden_channel_record_copy (const WardenChannelRecord *record)
{
  WardenChannelRecord *copy = g_memdup2 (record, sizeof *record);

  copy->name = g_strdup (record->name);
  copy->local_name = g_strdup (record->local_name);
  return copy;
}

void
warden_channel_record_free (WardenChannelRecord *record)
{
  g_free (record->name);
  g_free (record->local_name);
  g_free (record);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static void
bind_optional_id (sqlite3_stmt *stmt,
                  int           index,
                  gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_device (sqlite3_stmt             *stmt,
             const WardenDeviceRecord *device)
{
  bind_optional_id (stmt, 1, device->group_id);
  sqlite3_bind_text (stmt, 2, device->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, device->address, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) device->port);
  sqlite3_bind_text (stmt, 5, device->username != NULL ? device->username : "", -1, SQLITE_STATIC);
  bind_optional_id (stmt, 6, device->secret_id);
  sqlite3_bind_text (stmt, 7, device->kind != NULL ? device->kind : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, device->model != NULL ? device->model : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, device->serial != NULL ? device->serial : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, device->firmware != NULL ? device->firmware : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, device->channel_count);
}

static const char *
write_sql (WriteKind kind)
{
  switch (kind)
    {
    case OP_ADD_GROUP:
      return "INSERT INTO device_groups (parent_id, name) VALUES (?1, ?2)";
    case OP_RENAME_GROUP:
      return "UPDATE device_groups SET name = ?2 WHERE id = ?1";
    case OP_DELETE_GROUP:
      return "DELETE FROM device_groups WHERE id = ?1";
    case OP_ADD_DEVICE:
      return "INSERT INTO devices (group_id, name, address, port, username, secret_id, kind, "
             "model, serial, firmware, channel_count, created_at) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, unixepoch ())";
    case OP_UPDATE_DEVICE:
      return "UPDATE devices SET group_id = ?1, name = ?2, address = ?3, port = ?4, "
             "username = ?5, secret_id = ?6, kind = ?7, model = ?8, serial = ?9, "
             "firmware = ?10, channel_count = ?11 WHERE id = ?12";
    case OP_DELETE_DEVICE:
      return "DELETE FROM devices WHERE id = ?1";
    case OP_RENAME_CHANNEL:
      return "UPDATE channels SET local_name = ?3 WHERE device_id = ?1 AND number = ?2";
    case OP_SET_CHANNELS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
set_channels (sqlite3  *db,
              WriteOp  *op,
              GError  **error)
{
  g_autoptr (sqlite3_stmt) upsert = NULL;
  g_autoptr (sqlite3_stmt) trim = NULL;
  int count = (int) g_strv_length (op->names);

  upsert = warden_store_prepare (db,
                                 "INSERT INTO channels (device_id, number, name) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (device_id, number) DO UPDATE SET name = ?3",
                                 error);
  trim = warden_store_prepare (db, "DELETE FROM channels WHERE device_id = ?1 AND number > ?2",
                               error);
  if (upsert == NULL || trim == NULL)
    return FALSE;

  for (int i = 0; i < count; i++)
    {
      sqlite3_reset (upsert);
      sqlite3_bind_int64 (upsert, 1, op->id);
      sqlite3_bind_int (upsert, 2, i + 1);
      sqlite3_bind_text (upsert, 3, op->names[i], -1, SQLITE_STATIC);
      if (!warden_store_step_done (db, upsert, error))
        return FALSE;
    }

  sqlite3_bind_int64 (trim, 1, op->id);
  sqlite3_bind_int (trim, 2, count);
  return warden_store_step_done (db, trim, error);
}

static gboolean
write_row (sqlite3  *db,
           WriteOp  *op,
           GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, write_sql (op->kind), error);

  if (stmt == NULL)
    return FALSE;

  switch (op->kind)
    {
    case OP_ADD_GROUP:
      bind_optional_id (stmt, 1, op->parent_id);
      sqlite3_bind_text (stmt, 2, op->text, -1, SQLITE_STATIC);
      break;
    case OP_RENAME_GROUP:
      sqlite3_bind_int64 (stmt, 1, op->id);
      sqlite3_bind_text (stmt, 2, op->text, -1, SQLITE_STATIC);
      break;
    case OP_ADD_DEVICE:
      bind_device (stmt, op->device);
      break;
    case OP_UPDATE_DEVICE:
      bind_device (stmt, op->device);
      sqlite3_bind_int64 (stmt, 12, op->device->id);
      break;
    case OP_RENAME_CHANNEL:
      sqlite3_bind_int64 (stmt, 1, op->id);
      sqlite3_bind_int (stmt, 2, op->number);
      sqlite3_bind_text (stmt, 3, op->text, -1, SQLITE_STATIC);
      break;
    case OP_DELETE_GROUP:
    case OP_DELETE_DEVICE:
    case OP_SET_CHANNELS:
    default:
      sqlite3_bind_int64 (stmt, 1, op->id);
      break;
    }

  if (!warden_store_step_done (db, stmt, error))
    return FALSE;

  if (op->kind != OP_ADD_GROUP && op->kind != OP_ADD_DEVICE && sqlite3_changes (db) == 0)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND,
                   "The item to change no longer exists; it may have been deleted meanwhile");
      return FALSE;
    }
  return TRUE;
}

/* Saved views and favorites that show nothing but @op's device go with it; the
 * others lose its channels by the foreign keys' cascade. */
static gboolean
drop_views_of_device (sqlite3  *db,
                      WriteOp  *op,
                      GError  **error)
{
  static const char * const sql[] = {
    "DELETE FROM live_views WHERE kind = 0 AND id IN "
    "(SELECT view_id FROM live_view_tiles GROUP BY view_id "
    " HAVING count(*) = sum (device_id = ?1))",
    "DELETE FROM live_favorites WHERE id IN "
    "(SELECT favorite_id FROM live_favorite_channels GROUP BY favorite_id "
    " HAVING count(*) = sum (device_id = ?1))",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->id);
      if (!warden_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
write_job (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  WriteOp *op = data;
  gint64 *result;
  gboolean ok;

  if (!warden_store_exec (db, "BEGIN IMMEDIATE", error))
    return NULL;

  if (op->kind == OP_SET_CHANNELS)
    ok = set_channels (db, op, error);
  else
    ok = (op->kind != OP_DELETE_DEVICE || drop_views_of_device (db, op, error))
         && write_row (db, op, error);
  if (!ok || !warden_store_exec (db, "COMMIT", error))
    {
      warden_store_exec (db, "ROLLBACK", NULL);
      return NULL;
    }

  result = g_new (gint64, 1);
  *result = (op->kind == OP_ADD_GROUP || op->kind == OP_ADD_DEVICE)
            ? sqlite3_last_insert_rowid (db) : 1;
  return result;
}

static void
run_write (WardenStore         *store,
           WriteOp             *op,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  warden_store_run_async (store, write_job, op, (GDestroyNotify) write_op_free, g_free,
                          cancellable, callback, user_data);
}

static WriteOp *
write_op_new (WriteKind   kind,
              gint64      id,
              const char *text)
{
  WriteOp *op = g_new0 (WriteOp, 1);

  op->kind = kind;
  op->id = id;
  op->text = g_strdup (text);
  return op;
}

void
warden_device_repo_add_group_async (WardenStore         *store,
                                    gint64               parent_id,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  WriteOp *op = write_op_new (OP_ADD_GROUP, 0, name);

  g_return_if_fail (name != NULL);

  op->parent_id = parent_id;
  run_write (store, op, cancellable, callback, user_data);
}

void
warden_device_repo_rename_group_async (WardenStore         *store,
                                       gint64               group_id,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (name != NULL);

  run_write (store, write_op_new (OP_RENAME_GROUP, group_id, name), cancellable, callback,
             user_data);
}

void
warden_device_repo_delete_group_async (WardenStore         *store,
                                       gint64               group_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  run_write (store, write_op_new (OP_DELETE_GROUP, group_id, NULL), cancellable, callback,
             user_data);
}

void
warden_device_repo_add_device_async (WardenStore              *store,
                                     const WardenDeviceRecord *device,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  WriteOp *op = write_op_new (OP_ADD_DEVICE, 0, NULL);

  g_return_if_fail (device != NULL && device->name != NULL && device->address != NULL);

  op->device = warden_device_record_copy (device);
  run_write (store, op, cancellable, callback, user_data);
}

void
warden_device_repo_update_device_async (WardenStore              *store,
                                        const WardenDeviceRecord *device,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  WriteOp *op = write_op_new (OP_UPDATE_DEVICE, device->id, NULL);

  g_return_if_fail (device->id > 0 && device->name != NULL && device->address != NULL);

  op->device = warden_device_record_copy (device);
  run_write (store, op, cancellable, callback, user_data);
}

void
warden_device_repo_delete_device_async (WardenStore         *store,
                                        gint64               device_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  run_write (store, write_op_new (OP_DELETE_DEVICE, device_id, NULL), cancellable, callback,
             user_data);
}

void
warden_device_repo_set_channels_async (WardenStore         *store,
                                       gint64               device_id,
                                       const char * const  *names,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  WriteOp *op = write_op_new (OP_SET_CHANNELS, device_id, NULL);

  g_return_if_fail (names != NULL);

  op->names = g_strdupv ((char **) names);
  run_write (store, op, cancellable, callback, user_data);
}

void
warden_device_repo_rename_channel_async (WardenStore         *store,
                                         gint64               device_id,
                                         int                  number,
                                         const char          *local_name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  WriteOp *op = write_op_new (OP_RENAME_CHANNEL, device_id, local_name);

  op->number = number;
  run_write (store, op, cancellable, callback, user_data);
}

gint64
warden_device_repo_write_finish (WardenStore   *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autofree gint64 *id = warden_store_run_finish (store, result, error);

  return id != NULL ? *id : 0;
}

typedef enum
{
  LIST_GROUPS,
  LIST_DEVICES,
  LIST_CHANNELS,
} ListKind;

typedef struct
{
  ListKind kind;
  gint64   device_id;
} ListOp;

static gpointer
list_read (sqlite3_stmt *stmt,
           ListKind      kind)
{
  WardenGroupRecord *group;
  WardenDeviceRecord *device;
  WardenChannelRecord *channel;

  switch (kind)
    {
    case LIST_GROUPS:
      group = g_new0 (WardenGroupRecord, 1);
      group->id = sqlite3_column_int64 (stmt, 0);
      group->parent_id = sqlite3_column_int64 (stmt, 1);
      group->name = g_strdup (column_text (stmt, 2));
      return group;
    case LIST_DEVICES:
      device = g_new0 (WardenDeviceRecord, 1);
      device->id = sqlite3_column_int64 (stmt, 0);
      device->group_id = sqlite3_column_int64 (stmt, 1);
      device->name = g_strdup (column_text (stmt, 2));
      device->address = g_strdup (column_text (stmt, 3));
      device->port = (guint) sqlite3_column_int (stmt, 4);
      device->username = g_strdup (column_text (stmt, 5));
      device->secret_id = sqlite3_column_int64 (stmt, 6);
      device->kind = g_strdup (column_text (stmt, 7));
      device->model = g_strdup (column_text (stmt, 8));
      device->serial = g_strdup (column_text (stmt, 9));
      device->firmware = g_strdup (column_text (stmt, 10));
      device->channel_count = sqlite3_column_int (stmt, 11);
      return device;
    case LIST_CHANNELS:
    default:
      channel = g_new0 (WardenChannelRecord, 1);
      channel->device_id = sqlite3_column_int64 (stmt, 0);
      channel->number = sqlite3_column_int (stmt, 1);
      channel->name = g_strdup (column_text (stmt, 2));
      channel->local_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      return channel;
    }
}

static gpointer
list_job (sqlite3   *db,
          gpointer   data,
          GError   **error)
{
  static const char *sql[] = {
    [LIST_GROUPS] = "SELECT id, parent_id, name FROM device_groups ORDER BY name COLLATE NOCASE",
    [LIST_DEVICES] = "SELECT id, group_id, name, address, port, username, secret_id, kind, model, "
                     "serial, firmware, channel_count FROM devices ORDER BY name COLLATE NOCASE, id",
    [LIST_CHANNELS] = "SELECT device_id, number, name, local_name FROM channels "
                      "WHERE device_id = ?1 ORDER BY number",
  };
  static const GDestroyNotify free_funcs[] = {
    [LIST_GROUPS] = (GDestroyNotify) warden_group_record_free,
    [LIST_DEVICES] = (GDestroyNotify) warden_device_record_free,
    [LIST_CHANNELS] = (GDestroyNotify) warden_channel_record_free,
  };
  ListOp *op = data;
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, sql[op->kind], error);
  g_autoptr (GPtrArray) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (op->kind == LIST_CHANNELS)
    sqlite3_bind_int64 (stmt, 1, op->device_id);

  rows = g_ptr_array_new_with_free_func (free_funcs[op->kind]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, list_read (stmt, op->kind));

  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not read the device list");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
run_list (WardenStore         *store,
          ListKind             kind,
          gint64               device_id,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  ListOp *op = g_new0 (ListOp, 1);

  op->kind = kind;
  op->device_id = device_id;
  warden_store_run_async (store, list_job, op, g_free, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, callback, user_data);
}

void
warden_device_repo_list_groups_async (WardenStore         *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_list (store, LIST_GROUPS, 0, cancellable, callback, user_data);
}

void
warden_device_repo_list_devices_async (WardenStore         *store,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  run_list (store, LIST_DEVICES, 0, cancellable, callback, user_data);
}

void
warden_device_repo_list_channels_async (WardenStore         *store,
                                        gint64               device_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  run_list (store, LIST_CHANNELS, device_id, cancellable, callback, user_data);
}

GPtrArray *
warden_device_repo_list_finish (WardenStore   *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return warden_store_run_finish (store, result, error);
}
