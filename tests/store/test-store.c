/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

#include "warden-device-repo.h"
#include "warden-settings-repo.h"
#include "warden-store.h"

#define CRASH_BATCH 50

static const char *self_path;

static char *
test_dir (void)
{
  g_autofree char *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '-');
  char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "store", name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  return dir;
}

static char *
fresh_db_path (void)
{
  g_autofree char *dir = test_dir ();
  char *path = g_build_filename (dir, "warden.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return path;
}

static int
raw_query_int (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gpointer
count_rows_job (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", (const char *) data);
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, sql, error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return GINT_TO_POINTER (sqlite3_column_int (stmt, 0) + 1);
}

static int
count_rows (WardenStore *store,
            const char  *table)
{
  g_autoptr (GError) error = NULL;
  gpointer result = warden_store_run_sync (store, count_rows_job, (gpointer) table, &error);

  g_assert_no_error (error);
  return GPOINTER_TO_INT (result) - 1;
}

/* Runs the main context until an async call delivers its result. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_migrate_from_empty (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (path, &error);
  static const char *tables[] = { "settings", "device_groups", "devices", "channels" };

  g_assert_no_error (error);
  g_assert_cmpint (warden_store_get_schema_version (store), ==,
                   warden_store_get_latest_schema_version ());
  g_assert_cmpint (warden_store_get_latest_schema_version (), >=, 1);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count_rows (store, tables[i]), ==, 0);

  g_clear_object (&store);
  g_assert_cmpint (raw_query_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND sql LIKE '%STRICT'"),
                   >=, (int) G_N_ELEMENTS (tables));
}

static void
test_reopen_is_idempotent (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (path, &error);
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *value = NULL;
  int version;

  g_assert_no_error (error);
  version = warden_store_get_schema_version (store);
  warden_settings_repo_set_async (store, "site-name", "North gate", NULL, store_result_cb, &result);
  g_assert_true (warden_settings_repo_set_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&store);

  for (int i = 0; i < 3; i++)
    {
      store = warden_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (warden_store_get_schema_version (store), ==, version);
      warden_settings_repo_get_async (store, "site-name", NULL, store_result_cb, &result);
      value = warden_settings_repo_get_finish (store, wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, "North gate");
      g_clear_pointer (&value, g_free);
      g_clear_object (&result);
      g_clear_object (&store);
    }
}

static void
test_refuse_newer (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (path, &error);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                          warden_store_get_latest_schema_version () + 1);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = warden_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Warden"));
}

static void
test_not_a_database (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = NULL;
  char junk[4096];

  memset (junk, 'x', sizeof junk);
  g_assert_true (g_file_set_contents (path, junk, sizeof junk, NULL));
  store = warden_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CORRUPT);
}

static void
test_async_open_and_devices (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (WardenStore) store = NULL;
  g_autoptr (WardenDeviceRecord) device = warden_device_record_new ();
  g_autoptr (GPtrArray) list = NULL;
  const char *names[] = { "Lobby", "Gate", "Yard", NULL };
  const char *fewer[] = { "Lobby", "Gate east", NULL };
  WardenChannelRecord *channel;
  gint64 group_id, device_id;

  warden_store_open_async (path, NULL, store_result_cb, &result);
  store = warden_store_open_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  warden_device_repo_add_group_async (store, 0, "North site", NULL, store_result_cb, &result);
  group_id = warden_device_repo_write_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (group_id, >, 0);
  g_clear_object (&result);

  device->group_id = group_id;
  device->name = g_strdup ("Gate NVR");
  device->address = g_strdup ("127.0.0.10");
  warden_device_repo_add_device_async (store, device, NULL, store_result_cb, &result);
  device_id = warden_device_repo_write_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* The same address and port twice is refused. */
  warden_device_repo_add_device_async (store, device, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 0);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_clear_object (&result);

  warden_device_repo_set_channels_async (store, device_id, names, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 1);
  g_clear_object (&result);
  warden_device_repo_rename_channel_async (store, device_id, 2, "Main gate", NULL, store_result_cb,
                                           &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 1);
  g_clear_object (&result);

  /* The device renamed channel 2 and dropped channel 3: the local name stays. */
  warden_device_repo_set_channels_async (store, device_id, fewer, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 1);
  g_clear_object (&result);
  warden_device_repo_list_channels_async (store, device_id, NULL, store_result_cb, &result);
  list = warden_device_repo_list_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (list->len, ==, 2);
  channel = g_ptr_array_index (list, 1);
  g_assert_cmpint (channel->number, ==, 2);
  g_assert_cmpstr (channel->name, ==, "Gate east");
  g_assert_cmpstr (channel->local_name, ==, "Main gate");
  g_clear_pointer (&list, g_ptr_array_unref);

  warden_device_repo_list_devices_async (store, NULL, store_result_cb, &result);
  list = warden_device_repo_list_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((WardenDeviceRecord *) list->pdata[0])->name, ==, "Gate NVR");
  g_assert_cmpint (((WardenDeviceRecord *) list->pdata[0])->group_id, ==, group_id);
  g_assert_cmpuint (((WardenDeviceRecord *) list->pdata[0])->port, ==, 37777);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleting the group keeps the device, ungrouped; deleting the device drops its channels. */
  warden_device_repo_delete_group_async (store, group_id, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 1);
  g_clear_object (&result);
  warden_device_repo_delete_device_async (store, device_id, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 1);
  g_clear_object (&result);
  g_assert_cmpint (count_rows (store, "channels"), ==, 0);

  warden_device_repo_delete_device_async (store, device_id, NULL, store_result_cb, &result);
  g_assert_cmpint (warden_device_repo_write_finish (store, wait_result (&result), &error), ==, 0);
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND);
}

static void
test_cancelled_job (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (path, &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;

  g_cancellable_cancel (cancellable);
  warden_device_repo_list_devices_async (store, cancellable, store_result_cb, &result);
  g_assert_null (warden_device_repo_list_finish (store, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The child inserts batches of rows, one transaction each, and writes the
 * committed total to stdout after every commit, until it is killed. */
static int
crash_child (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (path, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);

  /* Same pragmas as the store, on a connection of its own, so the loop is tight. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO settings (key, value) VALUES (?1, ?2)", -1, &stmt, NULL);

  for (int batch = 0; batch < G_MAXINT / CRASH_BATCH - 1; batch++)
    {
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (int i = 0; i < CRASH_BATCH; i++)
        {
          char key[32], value[256];

          g_snprintf (key, sizeof key, "row-%d", batch * CRASH_BATCH + i);
          memset (value, 'a' + i % 26, sizeof value - 1);
          value[sizeof value - 1] = '\0';
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        }
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      printf ("%d\n", (batch + 1) * CRASH_BATCH);
      fflush (stdout);
    }
  return 0;
}

static void
test_crash_safety (void)
{
  g_autofree char *path = fresh_db_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GInputStream) out = NULL;
  const char *argv[] = { self_path, "--crash-child", path, NULL };
  GPid pid;
  int out_fd, status;
  int reported = 0;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out);

  /* Let a good number of transactions commit, then kill it mid-stream. */
  while (reported < 40 * CRASH_BATCH)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      reported = atoi (line);
    }
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);

  /* Lines written before the kill may still be in the pipe. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        break;
      reported = atoi (line);
    }

  g_assert_cmpint (raw_query_int (path, "SELECT count(*) FROM pragma_integrity_check "
                                        "WHERE integrity_check != 'ok'"), ==, 0);
  store = warden_store_open (path, &error);
  g_assert_no_error (error);

  /* Every reported commit is there; at most the one commit in flight follows;
   * never part of a transaction. */
  {
    int rows = count_rows (store, "settings");

    g_test_message ("reported %d committed rows, found %d", reported, rows);
    g_assert_cmpint (rows % CRASH_BATCH, ==, 0);
    g_assert_cmpint (rows, >=, reported);
    g_assert_cmpint (rows, <=, reported + CRASH_BATCH);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrate-from-empty", test_migrate_from_empty);
  g_test_add_func ("/store/reopen-is-idempotent", test_reopen_is_idempotent);
  g_test_add_func ("/store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/async-open-and-devices", test_async_open_and_devices);
  g_test_add_func ("/store/cancelled-job", test_cancelled_job);
  g_test_add_func ("/store/crash-safety", test_crash_safety);

  return g_test_run ();
}
