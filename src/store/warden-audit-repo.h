/* warden-audit-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit log: append and search, nothing else. The table refuses UPDATE
 * and DELETE with a trigger. These run inside a WardenStoreJob.
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_AUDIT_MAX_FIELD 1024   /* bytes per text field; longer text is cut */
#define WARDEN_AUDIT_MAX_PAGE  1000   /* rows per query */

typedef struct
{
  gint64  id;
  gint64  at;        /* microseconds since the epoch, UTC */
  char   *operator;
  char   *action;
  char   *target;
  char   *detail;
} WardenAuditRecord;

void               warden_audit_record_free (WardenAuditRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenAuditRecord, warden_audit_record_free)

gint64     warden_audit_repo_append (sqlite3                  *db,
                                     const WardenAuditRecord  *record,
                                     GError                  **error);
GPtrArray *warden_audit_repo_query  (sqlite3                  *db,
                                     const char               *search,
                                     gint64                    from,
                                     gint64                    to,
                                     guint                     offset,
                                     guint                     limit,
                                     GError                  **error);
gint64     warden_audit_repo_count  (sqlite3                  *db,
                                     const char               *search,
                                     gint64                    from,
                                     gint64                    to,
                                     GError                  **error);

G_END_DECLS
