/* warden-security.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signed-in session and everything that guards it: first run, sign-in
 * with lock-out, the app lock, rights checks for core services, operator and
 * role management, the vault of device passwords and the audit log.
 *
 * Core services call warden_security_check_right() before they act, so a
 * refused action is refused even if a UI forgot to hide it.
 */

#pragma once

#include <gio/gio.h>

#include "warden-audit.h"
#include "warden-lockout.h"
#include "warden-operator.h"
#include "warden-roles.h"
#include "warden-security-error.h"
#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_SECURITY_QUESTION_COUNT 3   /* chosen at first run */
#define WARDEN_SECURITY_IDLE_LOCK_MINUTES 10 /* the app locks itself after this long idle */

#define WARDEN_TYPE_SECURITY (warden_security_get_type ())
G_DECLARE_FINAL_TYPE (WardenSecurity, warden_security, WARDEN, SECURITY, GObject)

WardenSecurity  *warden_security_new                  (WardenStore          *store);
WardenStore     *warden_security_get_store            (WardenSecurity       *self);
WardenLockout   *warden_security_get_lockout          (WardenSecurity       *self);

/* First run */
const char * const *warden_security_get_questions     (void);
gboolean         warden_security_needs_first_run      (WardenSecurity       *self,
                                                       GError              **error);
gboolean         warden_security_create_administrator (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char           *password,
                                                       const int            *questions,
                                                       const char * const   *answers,
                                                       GError              **error);
void             warden_security_create_administrator_async (WardenSecurity *self,
                                                       const char           *username,
                                                       const char           *password,
                                                       const int            *questions,
                                                       const char * const   *answers,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         warden_security_create_administrator_finish (WardenSecurity *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Session */
gboolean         warden_security_login                (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char           *password,
                                                       GError              **error);
void             warden_security_login_async          (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         warden_security_login_finish         (WardenSecurity       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void             warden_security_logout               (WardenSecurity       *self);

/* Automatic sign-in on one computer, off unless an administrator enables it */
GFile           *warden_security_get_default_auto_login_file (void);
gboolean         warden_security_set_auto_login       (WardenSecurity       *self,
                                                       GFile                *file,
                                                       gboolean              enabled,
                                                       GError              **error);
char            *warden_security_get_auto_login_user  (GFile                *file);
gboolean         warden_security_auto_login           (WardenSecurity       *self,
                                                       GFile                *file,
                                                       GError              **error);
WardenOperator  *warden_security_get_operator         (WardenSecurity       *self);
gboolean         warden_security_get_signed_in        (WardenSecurity       *self);

/* App lock */
void             warden_security_lock                 (WardenSecurity       *self);
gboolean         warden_security_get_locked           (WardenSecurity       *self);
gboolean         warden_security_unlock               (WardenSecurity       *self,
                                                       const char           *password,
                                                       GError              **error);
void             warden_security_unlock_async         (WardenSecurity       *self,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         warden_security_unlock_finish        (WardenSecurity       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Rights */
gboolean         warden_security_check_right          (WardenSecurity       *self,
                                                       WardenRight           right,
                                                       gint64                device_id,
                                                       int                   channel,
                                                       GError              **error);
gboolean         warden_security_has_right            (WardenSecurity       *self,
                                                       WardenRight           right);

/* Passwords */
gboolean         warden_security_change_password      (WardenSecurity       *self,
                                                       const char           *old_password,
                                                       const char           *new_password,
                                                       GError              **error);
gboolean         warden_security_get_account_questions (WardenSecurity      *self,
                                                       const char           *username,
                                                       int                  *questions,
                                                       GError              **error);
gboolean         warden_security_reset_password       (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char * const   *answers,
                                                       const char           *new_password,
                                                       GError              **error);
void             warden_security_reset_password_async (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char * const   *answers,
                                                       const char           *new_password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         warden_security_reset_password_finish (WardenSecurity      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Accounts and roles (need WARDEN_RIGHT_OPERATORS) */
GListModel      *warden_security_list_operators       (WardenSecurity       *self,
                                                       GError              **error);
gint64           warden_security_add_operator         (WardenSecurity       *self,
                                                       const char           *username,
                                                       const char           *password,
                                                       gint64                role_id,
                                                       GError              **error);
gboolean         warden_security_set_operator_role    (WardenSecurity       *self,
                                                       gint64                operator_id,
                                                       gint64                role_id,
                                                       GError              **error);
gboolean         warden_security_set_operator_enabled (WardenSecurity       *self,
                                                       gint64                operator_id,
                                                       gboolean              enabled,
                                                       GError              **error);
gboolean         warden_security_set_operator_password (WardenSecurity      *self,
                                                       gint64                operator_id,
                                                       const char           *password,
                                                       GError              **error);
gboolean         warden_security_delete_operator      (WardenSecurity       *self,
                                                       gint64                operator_id,
                                                       GError              **error);
GListModel      *warden_security_list_roles           (WardenSecurity       *self,
                                                       GError              **error);
gint64           warden_security_save_role            (WardenSecurity       *self,
                                                       WardenRole           *role,
                                                       GError              **error);
gboolean         warden_security_delete_role          (WardenSecurity       *self,
                                                       gint64                role_id,
                                                       GError              **error);

/* Vault: need a signed-in operator */
GBytes          *warden_security_encrypt_secret       (WardenSecurity       *self,
                                                       const char           *context,
                                                       const char           *plaintext,
                                                       GError              **error);
char            *warden_security_decrypt_secret       (WardenSecurity       *self,
                                                       const char           *context,
                                                       GBytes               *ciphertext,
                                                       GError              **error);
gint64           warden_security_store_secret         (WardenSecurity       *self,
                                                       const char           *plaintext,
                                                       GError              **error);
gboolean         warden_security_update_secret        (WardenSecurity       *self,
                                                       gint64                secret_id,
                                                       const char           *plaintext,
                                                       GError              **error);
char            *warden_security_load_secret          (WardenSecurity       *self,
                                                       gint64                secret_id,
                                                       GError              **error);
gboolean         warden_security_delete_secret        (WardenSecurity       *self,
                                                       gint64                secret_id,
                                                       GError              **error);

/* Audit log */
void             warden_security_audit                (WardenSecurity       *self,
                                                       WardenAuditAction     action,
                                                       const char           *target,
                                                       const char           *detail);
GListModel      *warden_security_query_audit          (WardenSecurity       *self,
                                                       const char           *search,
                                                       gint64                from,
                                                       gint64                to,
                                                       guint                 offset,
                                                       guint                 limit,
                                                       GError              **error);
void             warden_security_query_audit_async    (WardenSecurity       *self,
                                                       const char           *search,
                                                       gint64                from,
                                                       gint64                to,
                                                       guint                 offset,
                                                       guint                 limit,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GListModel      *warden_security_query_audit_finish   (WardenSecurity       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
