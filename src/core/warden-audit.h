/* warden-audit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Audit log entries: who did what to which target, and when. Services record
 * them through warden_security_audit(); the audit page lists and exports them.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  WARDEN_AUDIT_LOGIN,
  WARDEN_AUDIT_LOGIN_FAILED,
  WARDEN_AUDIT_LOCKED_OUT,
  WARDEN_AUDIT_LOGOUT,
  WARDEN_AUDIT_APP_LOCK,
  WARDEN_AUDIT_APP_UNLOCK,
  WARDEN_AUDIT_DEVICE_ADD,
  WARDEN_AUDIT_DEVICE_EDIT,
  WARDEN_AUDIT_DEVICE_DELETE,
  WARDEN_AUDIT_CONFIG_WRITE,
  WARDEN_AUDIT_DOOR_COMMAND,
  WARDEN_AUDIT_PERSON_CHANGE,
  WARDEN_AUDIT_EXPORT,
  WARDEN_AUDIT_OPERATOR_ADD,
  WARDEN_AUDIT_OPERATOR_EDIT,
  WARDEN_AUDIT_OPERATOR_DELETE,
  WARDEN_AUDIT_ROLE_CHANGE,
  WARDEN_AUDIT_PASSWORD_CHANGE,
  WARDEN_AUDIT_PASSWORD_RESET,
  WARDEN_AUDIT_SETTINGS_CHANGE,
  WARDEN_AUDIT_ACCESS_DENIED,
} WardenAuditAction;

const char *warden_audit_action_get_name  (WardenAuditAction action);
const char *warden_audit_action_get_label (const char        *name);

#define WARDEN_TYPE_AUDIT_ENTRY (warden_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (WardenAuditEntry, warden_audit_entry, WARDEN, AUDIT_ENTRY, GObject)

WardenAuditEntry *warden_audit_entry_new          (gint64             id,
                                                   gint64             at,
                                                   const char        *operator_name,
                                                   const char        *action,
                                                   const char        *target,
                                                   const char        *detail);
gint64            warden_audit_entry_get_id       (WardenAuditEntry  *self);
gint64            warden_audit_entry_get_at       (WardenAuditEntry  *self);
const char       *warden_audit_entry_get_operator (WardenAuditEntry  *self);
const char       *warden_audit_entry_get_action   (WardenAuditEntry  *self);
const char       *warden_audit_entry_get_target   (WardenAuditEntry  *self);
const char       *warden_audit_entry_get_detail   (WardenAuditEntry  *self);
char             *warden_audit_entry_format_time  (WardenAuditEntry  *self);

gboolean          warden_audit_write_csv          (GListModel        *entries,
                                                   GOutputStream     *stream,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

G_END_DECLS
