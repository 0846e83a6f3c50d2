/* warden-audit-repo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-store"

#include "config.h"

#include "warden-audit-repo.h"

#include <string.h>

/* rows match when any text field contains the search text, ignoring ASCII case */
#define AUDIT_FILTER \
  " WHERE at >= ?1 AND at < ?2 AND (?3 IS NULL OR operator LIKE ?3 ESCAPE '\\' OR " \
  "action LIKE ?3 ESCAPE '\\' OR target LIKE ?3 ESCAPE '\\' OR detail LIKE ?3 ESCAPE '\\')"

void
warden_audit_record_free (WardenAuditRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->operator);
  g_free (record->action);
  g_free (record->target);
  g_free (record->detail);
  g_free (record);
}

static void
bind_field (sqlite3_stmt *stmt,
            int           column,
            const char   *text)
{
  const char *value = text != NULL ? text : "";
  gsize size = strnlen (value, WARDEN_AUDIT_MAX_FIELD);

  /* cut at a character boundary */
  if (size == WARDEN_AUDIT_MAX_FIELD)
    {
      const char *end = NULL;

      g_utf8_validate (value, (gssize) size, &end);
      size = (gsize) (end - value);
    }
  sqlite3_bind_text (stmt, column, value, (int) size, SQLITE_TRANSIENT);
}

/**
 * warden_audit_repo_append:
 *
 * Returns: the entry's id, or 0 on error.
 */
gint64
warden_audit_repo_append (sqlite3                  *db,
                          const WardenAuditRecord  *record,
                          GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = warden_store_prepare (db,
                               "INSERT INTO audit_log (at, operator, action, target, detail) "
                               "VALUES (?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, record->at);
  bind_field (stmt, 2, record->operator);
  bind_field (stmt, 3, record->action);
  bind_field (stmt, 4, record->target);
  bind_field (stmt, 5, record->detail);
  if (!warden_store_step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db);
}

static char *
like_pattern (const char *search)
{
  GString *pattern;

  if (search == NULL || *search == '\0')
    return NULL;

  pattern = g_string_new ("%");
  for (const char *p = search; *p != '\0' && pattern->len < WARDEN_AUDIT_MAX_FIELD; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static void
bind_filter (sqlite3_stmt *stmt,
             const char   *pattern,
             gint64        from,
             gint64        to)
{
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 3, pattern, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
}

/**
 * warden_audit_repo_query:
 * @search: (nullable): text any field must contain
 * @from: earliest time, inclusive
 * @to: latest time, exclusive (G_MAXINT64 for no end)
 * @limit: at most %WARDEN_AUDIT_MAX_PAGE
 *
 * Returns: (transfer full) (element-type WardenAuditRecord): matching
 *   entries, newest first.
 */
GPtrArray *
warden_audit_repo_query (sqlite3     *db,
                         const char  *search,
                         gint64       from,
                         gint64       to,
                         guint        offset,
                         guint        limit,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *pattern = like_pattern (search);
  int rc;

  stmt = warden_store_prepare (db,
                               "SELECT id, at, operator, action, target, detail FROM audit_log"
                               AUDIT_FILTER " ORDER BY at DESC, id DESC LIMIT ?4 OFFSET ?5",
                               error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, pattern, from, to);
  sqlite3_bind_int (stmt, 4, (int) MIN (limit, WARDEN_AUDIT_MAX_PAGE));
  sqlite3_bind_int64 (stmt, 5, offset);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_audit_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WardenAuditRecord *record = g_new0 (WardenAuditRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->at = sqlite3_column_int64 (stmt, 1);
      record->operator = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      record->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      record->target = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    {
      warden_store_set_error (error, db, "Could not search the audit log");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * warden_audit_repo_count:
 *
 * Returns: how many entries warden_audit_repo_query() can page through, or
 *   -1 on error.
 */
gint64
warden_audit_repo_count (sqlite3     *db,
                         const char  *search,
                         gint64       from,
                         gint64       to,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = like_pattern (search);

  stmt = warden_store_prepare (db, "SELECT count(*) FROM audit_log" AUDIT_FILTER, error);
  if (stmt == NULL)
    return -1;
  bind_filter (stmt, pattern, from, to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      warden_store_set_error (error, db, "Could not count audit entries");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}
