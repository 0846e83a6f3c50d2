/* warden-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite connection, owned by one writer thread. Every read and write is a
 * job queued to that thread, so the UI thread never blocks on the disk and
 * SQLite never sees two threads. WAL with synchronous=NORMAL keeps every
 * committed transaction across a crash or a kill of the process.
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-store.h"
#include "warden-store-resources.h"

#include <string.h>

#define MIGRATIONS_PATH "/org/warden/Warden/store/migrations/"

typedef struct
{
  WardenStoreJob job;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
  GTask         *task;       /* async jobs */
  /* sync jobs wait on this */
  GMutex         mutex;
  GCond          cond;
  gboolean       done;
  gpointer       result;
  GError        *error;
  gboolean       quit;
} StoreJob;

typedef struct
{
  sqlite3     *db;
  GAsyncQueue *queue;
} StoreWorker;

struct _WardenStore
{
  GObject      parent_instance;

  char        *path;
  GThread     *thread;
  GAsyncQueue *queue;
  int          schema_version;
};

G_DEFINE_FINAL_TYPE (WardenStore, warden_store, G_TYPE_OBJECT)

static void
store_job_free (StoreJob *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

static StoreJob *
store_job_new (WardenStoreJob job_func,
               gpointer       data,
               GDestroyNotify data_free)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->job = job_func;
  job->data = data;
  job->data_free = data_free;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  return job;
}

static void
store_job_run (StoreJob *job,
               sqlite3  *db)
{
  g_autoptr (GError) error = NULL;
  gpointer result;

  if (job->task != NULL)
    {
      if (g_task_return_error_if_cancelled (job->task))
        return;

      result = job->job (db, job->data, &error);
      if (error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&error));
      else
        g_task_return_pointer (job->task, result, job->result_free);
      return;
    }

  result = job->job (db, job->data, &error);
  g_mutex_lock (&job->mutex);
  job->result = result;
  job->error = g_steal_pointer (&error);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

static gpointer
store_worker_main (gpointer user_data)
{
  StoreWorker *worker = user_data;

  for (;;)
    {
      StoreJob *job = g_async_queue_pop (worker->queue);
      gboolean is_async = job->task != NULL;

      if (job->quit)
        {
          store_job_free (job);
          break;
        }

      store_job_run (job, worker->db);

      /* A sync job belongs to its waiting caller, which may have freed it already. */
      if (is_async)
        store_job_free (job);
    }

  sqlite3_close_v2 (worker->db);
  g_async_queue_unref (worker->queue);
  g_free (worker);
  return NULL;
}

static gboolean
store_query_int (sqlite3     *db,
                 const char  *sql,
                 int         *value,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = warden_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      warden_store_set_error (error, db, "Could not read from the database");
      return FALSE;
    }
  *value = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Migrations are named NNNN-what.sql; they must be numbered 1..N without gaps. */
static char **
store_list_migrations (void)
{
  g_auto (GStrv) names = g_resource_enumerate_children (warden_store_get_resource (),
                                                         MIGRATIONS_PATH,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert (g_ascii_strtoull (names[i], NULL, 10) == i + 1);
  return g_steal_pointer (&names);
}

static gboolean
store_migrate (sqlite3     *db,
               const char  *path,
               int         *version,
               GError     **error)
{
  g_auto (GStrv) migrations = store_list_migrations ();
  int latest = (int) g_strv_length (migrations);

  if (!store_query_int (db, "PRAGMA user_version", version, error))
    return FALSE;

  if (*version > latest)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NEWER_SCHEMA,
                   "The database %s was written by a newer version of Warden (schema %d; this "
                   "version knows up to %d). Update Warden, or start it with another data "
                   "directory.",
                   path, *version, latest);
      return FALSE;
    }

  for (int next = *version + 1; next <= latest; next++)
    {
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, migrations[next - 1], NULL);
      g_autoptr (GBytes) bytes = g_resource_lookup_data (warden_store_get_resource (), resource,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", next);
      g_autoptr (GError) local_error = NULL;

      if (!warden_store_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!warden_store_exec (db, sql, &local_error) ||
          !warden_store_exec (db, set_version, &local_error) ||
          !warden_store_exec (db, "COMMIT", &local_error))
        {
          warden_store_exec (db, "ROLLBACK", NULL);
          g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_MIGRATION,
                       "Could not upgrade the database %s to schema %d (%s); it was left at "
                       "schema %d: %s",
                       path, next, migrations[next - 1], next - 1, local_error->message);
          return FALSE;
        }

      g_debug ("Database %s migrated to schema %d", path, next);
      *version = next;
    }

  return TRUE;
}

static sqlite3 *
store_open_db (const char  *path,
               int         *version,
               GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_FAILED,
                   "Could not open the database %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);

  if (!warden_store_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !warden_store_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !warden_store_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !warden_store_exec (db, "PRAGMA trusted_schema = OFF", error) ||
      !store_migrate (db, path, version, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

static void
open_in_thread_cb (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  WardenStore *store = warden_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
warden_store_dispose (GObject *object)
{
  WardenStore *self = WARDEN_STORE (object);

  if (self->thread != NULL)
    {
      StoreJob *quit = store_job_new (NULL, NULL, NULL);

      quit->quit = TRUE;
      g_async_queue_push (self->queue, quit);

      /* The last reference can drop on the writer thread itself, when a finished
       * task releases it there; then the thread ends by itself after this job. */
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (warden_store_parent_class)->dispose (object);
}

static void
warden_store_finalize (GObject *object)
{
  WardenStore *self = WARDEN_STORE (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_free (self->path);

  G_OBJECT_CLASS (warden_store_parent_class)->finalize (object);
}

static void
warden_store_class_init (WardenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_store_dispose;
  object_class->finalize = warden_store_finalize;
}

static void
warden_store_init (WardenStore *self)
{
}

/**
 * warden_store_open:
 * @path: the database file; created with the latest schema when missing
 *
 * Opens the database and applies pending migrations. Blocks: the UI uses
 * warden_store_open_async().
 */
WardenStore *
warden_store_open (const char  *path,
                   GError     **error)
{
  WardenStore *self;
  StoreWorker *worker;
  sqlite3 *db;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  db = store_open_db (path, &version, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (WARDEN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->schema_version = version;
  self->queue = g_async_queue_new ();

  worker = g_new0 (StoreWorker, 1);
  worker->db = db;
  worker->queue = g_async_queue_ref (self->queue);
  self->thread = g_thread_new ("warden-store", store_worker_main, worker);

  return self;
}

void
warden_store_open_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_in_thread_cb);
}

WardenStore *
warden_store_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
warden_store_get_path (WardenStore *self)
{
  g_return_val_if_fail (WARDEN_IS_STORE (self), NULL);

  return self->path;
}

int
warden_store_get_schema_version (WardenStore *self)
{
  g_return_val_if_fail (WARDEN_IS_STORE (self), 0);

  return self->schema_version;
}

int
warden_store_get_latest_schema_version (void)
{
  g_auto (GStrv) migrations = store_list_migrations ();

  return (int) g_strv_length (migrations);
}

void
warden_store_run_async (WardenStore         *self,
                        WardenStoreJob       job,
                        gpointer             data,
                        GDestroyNotify       data_free,
                        GDestroyNotify       result_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  StoreJob *store_job;

  g_return_if_fail (WARDEN_IS_STORE (self));
  g_return_if_fail (job != NULL);

  store_job = store_job_new (job, data, data_free);
  store_job->result_free = result_free;
  store_job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (store_job->task, warden_store_run_async);
  g_async_queue_push (self->queue, store_job);
}

gpointer
warden_store_run_finish (WardenStore   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * warden_store_run_sync:
 *
 * Runs @job on the writer thread and waits for it. For tools and tests; the UI
 * uses warden_store_run_async().
 */
gpointer
warden_store_run_sync (WardenStore     *self,
                       WardenStoreJob   job,
                       gpointer         data,
                       GError         **error)
{
  StoreJob *store_job;
  gpointer result;

  g_return_val_if_fail (WARDEN_IS_STORE (self), NULL);
  g_return_val_if_fail (g_thread_self () != self->thread, NULL);

  store_job = store_job_new (job, data, NULL);
  g_async_queue_push (self->queue, store_job);

  g_mutex_lock (&store_job->mutex);
  while (!store_job->done)
    g_cond_wait (&store_job->cond, &store_job->mutex);
  g_mutex_unlock (&store_job->mutex);

  result = store_job->result;
  if (store_job->error != NULL)
    g_propagate_error (error, store_job->error);
  store_job_free (store_job);
  return result;
}
