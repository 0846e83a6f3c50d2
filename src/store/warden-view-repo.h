/* warden-view-repo.h: saved live views and the last layout shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_VIEW_REPO_MAX_VIEWS 1000
#define WARDEN_VIEW_REPO_MAX_TILES 64

typedef struct
{
  int     position;       /* 0-based tile */
  gint64  device_id;
  int     channel;        /* 1-based */
} WardenViewTile;

typedef struct
{
  gint64  id;             /* 0 before it is saved */
  char   *name;           /* NULL for the last layout */
  guint   rows;
  guint   columns;
  guint   large_span;     /* the first tile's span (the 6 and 8 layouts), else 0 */
  GArray *tiles;          /* WardenViewTile, by position */
} WardenViewRecord;

WardenViewRecord *warden_view_record_new   (const char             *name,
                                            guint                   rows,
                                            guint                   columns,
                                            guint                   large_span);
void              warden_view_record_add_tile (WardenViewRecord     *record,
                                            int                     position,
                                            gint64                  device_id,
                                            int                     channel);
void              warden_view_record_free  (WardenViewRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenViewRecord, warden_view_record_free)

/* Named views, by name; at most WARDEN_VIEW_REPO_MAX_VIEWS. */
void       warden_view_repo_list_async      (WardenStore            *store,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
/* Returns: (element-type WardenViewRecord) */
GPtrArray *warden_view_repo_list_finish     (WardenStore            *store,
                                             GAsyncResult           *result,
                                             GError                **error);
/* Saves a named view, replacing one of the same name; with a NULL name,
 * replaces the last layout. */
void       warden_view_repo_save_async      (WardenStore            *store,
                                             const WardenViewRecord *record,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
/* The view's id, or 0 with an error. */
gint64     warden_view_repo_save_finish     (WardenStore            *store,
                                             GAsyncResult           *result,
                                             GError                **error);
void       warden_view_repo_delete_async    (WardenStore            *store,
                                             gint64                  view_id,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
gboolean   warden_view_repo_delete_finish   (WardenStore            *store,
                                             GAsyncResult           *result,
                                             GError                **error);
void       warden_view_repo_get_last_async  (WardenStore            *store,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
/* NULL without an error when no layout was saved yet. */
WardenViewRecord *warden_view_repo_get_last_finish (WardenStore     *store,
                                             GAsyncResult           *result,
                                             GError                **error);

G_END_DECLS
