/* warden-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define WARDEN_STORE_ERROR (warden_store_error_quark ())

typedef enum
{
  WARDEN_STORE_ERROR_FAILED,        /* SQLite reported an error; the message carries it */
  WARDEN_STORE_ERROR_NEWER_SCHEMA,  /* the database was written by a newer Warden */
  WARDEN_STORE_ERROR_MIGRATION,     /* a migration step failed; nothing was changed */
  WARDEN_STORE_ERROR_CORRUPT,       /* the file is not a database or fails integrity checks */
  WARDEN_STORE_ERROR_CONSTRAINT,    /* a uniqueness or reference rule refused the change */
  WARDEN_STORE_ERROR_NOT_FOUND,     /* the row asked for does not exist */
  WARDEN_STORE_ERROR_CLOSED,        /* the store was closed before the job ran */
} WardenStoreError;

GQuark warden_store_error_quark (void);

/* Runs on the store's single writer thread with exclusive use of @db. Returns a
 * result (or NULL) and sets @error on failure. Wrap a multi-statement write in
 * warden_store_exec (db, "BEGIN IMMEDIATE") ... "COMMIT" (and "ROLLBACK" on error)
 * so a crash never leaves half a change. */
typedef gpointer (*WardenStoreJob) (sqlite3  *db,
                                    gpointer  data,
                                    GError  **error);

#define WARDEN_TYPE_STORE (warden_store_get_type ())
G_DECLARE_FINAL_TYPE (WardenStore, warden_store, WARDEN, STORE, GObject)

WardenStore *warden_store_open              (const char           *path,
                                             GError              **error);
void         warden_store_open_async        (const char           *path,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
WardenStore *warden_store_open_finish       (GAsyncResult         *result,
                                             GError              **error);
const char  *warden_store_get_path          (WardenStore          *self);
int          warden_store_get_schema_version (WardenStore         *self);
int          warden_store_get_latest_schema_version (void);
void         warden_store_run_async         (WardenStore          *self,
                                             WardenStoreJob        job,
                                             gpointer              data,
                                             GDestroyNotify        data_free,
                                             GDestroyNotify        result_free,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gpointer     warden_store_run_finish        (WardenStore          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gpointer     warden_store_run_sync          (WardenStore          *self,
                                             WardenStoreJob        job,
                                             gpointer              data,
                                             GError              **error);

/* Helpers for jobs, usable only on the writer thread. */
gboolean     warden_store_exec              (sqlite3              *db,
                                             const char           *sql,
                                             GError              **error);
sqlite3_stmt *warden_store_prepare          (sqlite3              *db,
                                             const char           *sql,
                                             GError              **error);
gboolean     warden_store_step_done         (sqlite3              *db,
                                             sqlite3_stmt         *stmt,
                                             GError              **error);
void         warden_store_set_error         (GError              **error,
                                             sqlite3              *db,
                                             const char           *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
