/* warden-operator-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Operator accounts, their security answers and their wrapped data keys.
 * These run inside a WardenStoreJob, on the writer thread, so a caller can
 * put several in one transaction.
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_SECURITY_ANSWER_COUNT 3

typedef struct
{
  gint64    id;
  char     *username;
  gint64    role_id;
  char     *password_hash;
  gboolean  enabled;
  guint     failed_logins;
  gint64    locked_until;   /* microseconds since the epoch; 0: not locked */
  gint64    created_at;     /* microseconds since the epoch */
} WardenOperatorRecord;

typedef enum
{
  WARDEN_WRAPPED_KEY_PASSWORD,   /* under the operator's password */
  WARDEN_WRAPPED_KEY_RECOVERY,   /* under the operator's three security answers */
} WardenWrappedKeyKind;

void                  warden_operator_record_free (WardenOperatorRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenOperatorRecord, warden_operator_record_free)

gint64                warden_operator_repo_count        (sqlite3                    *db,
                                                         GError                    **error);
gint64                warden_operator_repo_count_admins (sqlite3                    *db,
                                                         gint64                      admin_role_id,
                                                         GError                    **error);
gint64                warden_operator_repo_insert       (sqlite3                    *db,
                                                         const WardenOperatorRecord *record,
                                                         GError                    **error);
WardenOperatorRecord *warden_operator_repo_find         (sqlite3                    *db,
                                                         const char                 *username,
                                                         GError                    **error);
WardenOperatorRecord *warden_operator_repo_get          (sqlite3                    *db,
                                                         gint64                      id,
                                                         GError                    **error);
GPtrArray            *warden_operator_repo_list         (sqlite3                    *db,
                                                         GError                    **error);
gboolean              warden_operator_repo_update       (sqlite3                    *db,
                                                         const WardenOperatorRecord *record,
                                                         GError                    **error);
gboolean              warden_operator_repo_set_lockout  (sqlite3                    *db,
                                                         gint64                      id,
                                                         guint                       failed_logins,
                                                         gint64                      locked_until,
                                                         GError                    **error);
gboolean              warden_operator_repo_delete       (sqlite3                    *db,
                                                         gint64                      id,
                                                         GError                    **error);
gboolean              warden_operator_repo_put_key      (sqlite3                    *db,
                                                         gint64                      id,
                                                         WardenWrappedKeyKind        kind,
                                                         GBytes                     *blob,
                                                         GError                    **error);
GBytes               *warden_operator_repo_get_key      (sqlite3                    *db,
                                                         gint64                      id,
                                                         WardenWrappedKeyKind        kind,
                                                         GError                    **error);
gboolean              warden_operator_repo_put_answers  (sqlite3                    *db,
                                                         gint64                      id,
                                                         const int                  *questions,
                                                         const char * const         *answer_hashes,
                                                         GError                    **error);
gboolean              warden_operator_repo_get_answers  (sqlite3                    *db,
                                                         gint64                      id,
                                                         int                        *questions,
                                                         char                      **answer_hashes,
                                                         GError                    **error);

G_END_DECLS
