/* warden-role-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Roles, their feature rights and their per-device, per-channel grants.
 * These run inside a WardenStoreJob, on the writer thread.
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 device_id;
  int    channel;     /* 0: every channel of the device */
  guint  rights;
} WardenRoleGrant;

typedef struct
{
  gint64    id;
  char     *name;
  gboolean  builtin;
  guint     rights;
  gboolean  all_devices;  /* FALSE: device rights only where a grant gives them */
  GArray   *grants;       /* WardenRoleGrant */
} WardenRoleRecord;

/* A role holds at most this many grants. */
#define WARDEN_ROLE_MAX_GRANTS 65536

WardenRoleRecord *warden_role_record_new  (void);
void              warden_role_record_free (WardenRoleRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenRoleRecord, warden_role_record_free)

GPtrArray        *warden_role_repo_list   (sqlite3                 *db,
                                           GError                 **error);
WardenRoleRecord *warden_role_repo_get    (sqlite3                 *db,
                                           gint64                   id,
                                           GError                 **error);
gint64            warden_role_repo_insert (sqlite3                 *db,
                                           const WardenRoleRecord  *record,
                                           GError                 **error);
gboolean          warden_role_repo_update (sqlite3                 *db,
                                           const WardenRoleRecord  *record,
                                           GError                 **error);
gboolean          warden_role_repo_delete (sqlite3                 *db,
                                           gint64                   id,
                                           GError                 **error);

G_END_DECLS
