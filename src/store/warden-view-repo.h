/* warden-view-repo.h: saved live views, the last layout shown, and favorites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_VIEW_REPO_MAX_VIEWS 1000
#define WARDEN_VIEW_REPO_MAX_TILES 64
#define WARDEN_VIEW_REPO_MAX_FAVORITES 1000
#define WARDEN_VIEW_REPO_MAX_NAME 64

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

/* A favorite: a named group of channels, in the operator's order. */
typedef struct
{
  gint64  id;             /* 0 before it is saved */
  char   *name;
  GArray *channels;       /* WardenViewTile; position is the order, from 0 */
} WardenFavoriteRecord;

WardenFavoriteRecord *warden_favorite_record_new  (const char           *name);
WardenFavoriteRecord *warden_favorite_record_copy (const WardenFavoriteRecord *record);
/* Appends a channel; FALSE when the favorite holds it already or is full
 * (WARDEN_VIEW_REPO_MAX_TILES channels). */
gboolean              warden_favorite_record_add_channel (WardenFavoriteRecord *record,
                                                  gint64                device_id,
                                                  int                   channel);
void                  warden_favorite_record_free (WardenFavoriteRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenFavoriteRecord, warden_favorite_record_free)

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

/* Favorites, by name; at most WARDEN_VIEW_REPO_MAX_FAVORITES. */
void       warden_view_repo_list_favorites_async  (WardenStore         *store,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Returns: (element-type WardenFavoriteRecord) */
GPtrArray *warden_view_repo_list_favorites_finish (WardenStore         *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Adds a favorite (id 0) or replaces the name and channels of one. A name
 * another favorite has fails with WARDEN_STORE_ERROR_CONSTRAINT; a favorite
 * deleted meanwhile with WARDEN_STORE_ERROR_NOT_FOUND. */
void       warden_view_repo_save_favorite_async   (WardenStore         *store,
                                                   const WardenFavoriteRecord *record,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The favorite's id, or 0 with an error. */
gint64     warden_view_repo_save_favorite_finish  (WardenStore         *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void       warden_view_repo_delete_favorite_async (WardenStore         *store,
                                                   gint64               favorite_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean   warden_view_repo_delete_favorite_finish (WardenStore        *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
