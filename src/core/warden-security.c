/* warden-security.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sign-in, app unlock, first run and password reset each cost one or more
 * scrypt derivations, so their _async variants run them on a GTask thread.
 * That thread uses only thread-safe pieces (the store, the lock-out table,
 * immutable vaults); the session itself (operator, vault, locked) is changed
 * on the caller's thread, in the _finish call or the sync function.
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-security.h"
#include "warden-audit-repo.h"
#include "warden-operator-repo.h"
#include "warden-password-policy.h"
#include "warden-role-repo.h"
#include "warden-secret-repo.h"
#include "warden-vault.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#define MAX_ANSWER_BYTES 256

struct _WardenSecurity
{
  GObject         parent_instance;

  WardenStore    *store;
  WardenLockout  *lockout;
  WardenOperator *operator;
  WardenVault    *vault;
  gboolean        locked;
};

G_DEFINE_FINAL_TYPE (WardenSecurity, warden_security, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPERATOR,
  PROP_SIGNED_IN,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const questions[] = {
  N_("What was the name of your first pet?"),
  N_("In which city were you born?"),
  N_("What was the name of your first school?"),
  N_("What is your mother's maiden name?"),
  N_("What was the make of your first car?"),
  N_("What was your childhood nickname?"),
  N_("In which street did you grow up?"),
  N_("What is the name of your favourite book?"),
  NULL
};

/* ---------------------------------------------------------------------- */
/* Store jobs                                                              */

typedef struct
{
  WardenOperatorRecord *record;
  WardenRoleRecord     *role;
  GBytes               *wrapped;
  int                   questions[WARDEN_SECURITY_ANSWER_COUNT];
  char                 *answer_hashes[WARDEN_SECURITY_ANSWER_COUNT];
} Account;

static void
account_free (Account *account)
{
  warden_operator_record_free (account->record);
  warden_role_record_free (account->role);
  g_clear_pointer (&account->wrapped, g_bytes_unref);
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    g_free (account->answer_hashes[i]);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

typedef struct
{
  const char           *username;
  WardenWrappedKeyKind  kind;
  gboolean              with_answers;
} AccountRequest;

static gpointer
fetch_account_job (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  AccountRequest *request = data;
  g_autoptr (Account) account = g_new0 (Account, 1);

  account->record = warden_operator_repo_find (db, request->username, error);
  if (account->record == NULL)
    return NULL;
  account->role = warden_role_repo_get (db, account->record->role_id, error);
  if (account->role == NULL)
    return NULL;
  account->wrapped = warden_operator_repo_get_key (db, account->record->id, request->kind, error);
  if (account->wrapped == NULL)
    return NULL;
  if (request->with_answers &&
      !warden_operator_repo_get_answers (db, account->record->id, account->questions,
                                         account->answer_hashes, error))
    return NULL;
  return g_steal_pointer (&account);
}

static gboolean
begin_write (sqlite3  *db,
             GError  **error)
{
  return warden_store_exec (db, "BEGIN IMMEDIATE", error);
}

static gpointer
end_write (sqlite3   *db,
           gpointer   result,
           GError   **error)
{
  if (result != NULL && warden_store_exec (db, "COMMIT", error))
    return result;
  warden_store_exec (db, "ROLLBACK", NULL);
  return NULL;
}

/* Runs a transaction body on the writer thread: BEGIN IMMEDIATE, then
 * COMMIT if it returned a result, ROLLBACK if not. */
typedef gpointer (*WriteBody) (sqlite3 *db, gpointer data, GError **error);

typedef struct
{
  WriteBody body;
  gpointer  data;
} WriteJob;

static gpointer
write_job (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  WriteJob *job = data;

  if (!begin_write (db, error))
    return NULL;
  return end_write (db, job->body (db, job->data, error), error);
}

static gint64 *
box_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gint64
unbox_id (gint64 *boxed)
{
  gint64 id = boxed != NULL ? *boxed : 0;

  g_free (boxed);
  return id;
}

static gpointer
count_operators_job (sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  gint64 count = warden_operator_repo_count (db, error);

  return count < 0 ? NULL : box_id (count);
}

typedef struct
{
  WardenOperatorRecord record;
  GBytes              *wrapped;
  GBytes              *recovery;   /* NULL: no security answers */
  int                  questions[WARDEN_SECURITY_ANSWER_COUNT];
  char                *answer_hashes[WARDEN_SECURITY_ANSWER_COUNT];
  gboolean             first_run;  /* refuse if any account exists */
} NewOperator;

static void
new_operator_clear (NewOperator *op)
{
  g_clear_pointer (&op->record.password_hash, g_free);
  g_clear_pointer (&op->wrapped, g_bytes_unref);
  g_clear_pointer (&op->recovery, g_bytes_unref);
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    g_clear_pointer (&op->answer_hashes[i], g_free);
}

static gpointer
insert_operator_tx (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  NewOperator *op = data;
  gint64 id;

  if (op->first_run)
    {
      gint64 count = warden_operator_repo_count (db, error);

      if (count < 0)
        return NULL;
      if (count > 0)
        {
          g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_EXISTS,
                       _("Warden already has an administrator; sign in instead"));
          return NULL;
        }
    }

  id = warden_operator_repo_insert (db, &op->record, error);
  if (id == 0)
    return NULL;
  if (!warden_operator_repo_put_key (db, id, WARDEN_WRAPPED_KEY_PASSWORD, op->wrapped, error))
    return NULL;
  if (op->recovery != NULL &&
      (!warden_operator_repo_put_key (db, id, WARDEN_WRAPPED_KEY_RECOVERY, op->recovery, error) ||
       !warden_operator_repo_put_answers (db, id, op->questions,
                                          (const char * const *) op->answer_hashes, error)))
    return NULL;
  return box_id (id);
}

typedef struct
{
  gint64  id;
  char   *password_hash;
  GBytes *wrapped;
} PasswordUpdate;

static gpointer
update_password_tx (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  PasswordUpdate *update = data;
  g_autoptr (WardenOperatorRecord) record = warden_operator_repo_get (db, update->id, error);

  if (record == NULL)
    return NULL;
  g_free (record->password_hash);
  record->password_hash = g_strdup (update->password_hash);
  record->failed_logins = 0;
  record->locked_until = 0;
  if (!warden_operator_repo_update (db, record, error) ||
      !warden_operator_repo_put_key (db, update->id, WARDEN_WRAPPED_KEY_PASSWORD,
                                     update->wrapped, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  gint64 id;
  guint  failures;
  gint64 locked_until;
} LockoutUpdate;

static gpointer
save_lockout_job (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  LockoutUpdate *update = data;

  if (!warden_operator_repo_set_lockout (db, update->id, update->failures, update->locked_until,
                                         error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
audit_append_job (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  gint64 id = warden_audit_repo_append (db, data, error);

  return id == 0 ? NULL : box_id (id);
}

typedef struct
{
  char   *search;
  gint64  from;
  gint64  to;
  guint   offset;
  guint   limit;
} AuditQuery;

static void
audit_query_free (AuditQuery *query)
{
  g_free (query->search);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuditQuery, audit_query_free)

static gpointer
audit_query_job (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  AuditQuery *query = data;

  return warden_audit_repo_query (db, query->search, query->from, query->to, query->offset,
                                  query->limit, error);
}

typedef struct
{
  GPtrArray *operators;  /* WardenOperatorRecord */
  GPtrArray *roles;      /* WardenRoleRecord */
} Directory;

static void
directory_free (Directory *directory)
{
  g_clear_pointer (&directory->operators, g_ptr_array_unref);
  g_clear_pointer (&directory->roles, g_ptr_array_unref);
  g_free (directory);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Directory, directory_free)

static gpointer
directory_job (sqlite3   *db,
               gpointer   data,
               GError   **error)
{
  g_autoptr (Directory) directory = g_new0 (Directory, 1);

  directory->roles = warden_role_repo_list (db, error);
  if (directory->roles == NULL)
    return NULL;
  if (data != NULL)
    {
      directory->operators = warden_operator_repo_list (db, error);
      if (directory->operators == NULL)
        return NULL;
    }
  return g_steal_pointer (&directory);
}

typedef struct
{
  gint64 id;
  gint64 role_id;    /* 0: unchanged */
  int    enabled;    /* -1: unchanged */
  gboolean delete;
} OperatorChange;

static gboolean
check_admin_left (sqlite3  *db,
                  GError  **error)
{
  gint64 admins = warden_operator_repo_count_admins (db, WARDEN_ROLE_ADMINISTRATOR, error);

  if (admins < 0)
    return FALSE;
  if (admins == 0)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED,
                   _("Warden needs at least one enabled administrator; "
                     "make another account an administrator first"));
      return FALSE;
    }
  return TRUE;
}

static gpointer
change_operator_tx (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  OperatorChange *change = data;
  g_autoptr (WardenOperatorRecord) record = NULL;

  if (change->delete)
    {
      if (!warden_operator_repo_delete (db, change->id, error))
        return NULL;
    }
  else
    {
      record = warden_operator_repo_get (db, change->id, error);
      if (record == NULL)
        return NULL;
      if (change->role_id != 0)
        record->role_id = change->role_id;
      if (change->enabled >= 0)
        record->enabled = change->enabled != 0;
      if (!warden_operator_repo_update (db, record, error))
        return NULL;
    }
  if (!check_admin_left (db, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
get_role_job (sqlite3   *db,
              gpointer   data,
              GError   **error)
{
  return warden_role_repo_get (db, *(gint64 *) data, error);
}

static gpointer
save_role_tx (sqlite3   *db,
              gpointer   data,
              GError   **error)
{
  WardenRoleRecord *record = data;

  if (record->id == 0)
    {
      gint64 id = warden_role_repo_insert (db, record, error);

      return id == 0 ? NULL : box_id (id);
    }
  if (!warden_role_repo_update (db, record, error))
    return NULL;
  return box_id (record->id);
}

static gpointer
delete_role_job (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  gint64 *id = data;

  if (!warden_role_repo_delete (db, *id, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  WardenVault *vault;
  gint64       id;       /* 0: a new secret */
  const char  *plaintext;
  gint64       now;
} SecretWrite;

static char *
secret_context (gint64 id)
{
  return g_strdup_printf ("secret:%" G_GINT64_FORMAT, id);
}

static gpointer
write_secret_tx (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  SecretWrite *write = data;
  gint64 id = write->id;
  g_autofree char *context = NULL;
  g_autoptr (GBytes) sealed = NULL;

  if (id == 0)
    id = warden_secret_repo_reserve (db, write->now, error);
  if (id == 0)
    return NULL;
  context = secret_context (id);
  sealed = warden_vault_encrypt (write->vault, context, write->plaintext,
                                 strlen (write->plaintext), error);
  if (sealed == NULL || !warden_secret_repo_set (db, id, sealed, write->now, error))
    return NULL;
  return box_id (id);
}

static gpointer
read_secret_job (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  return warden_secret_repo_get (db, *(gint64 *) data, error);
}

static gpointer
delete_secret_job (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  if (!warden_secret_repo_delete (db, *(gint64 *) data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static gpointer
run_write (WardenSecurity  *self,
           WriteBody        body,
           gpointer         data,
           GError         **error)
{
  WriteJob job = { body, data };

  return warden_store_run_sync (self->store, write_job, &job, error);
}

static gint64
now_us (WardenSecurity *self)
{
  return warden_lockout_now (self->lockout);
}

static void
audit_write (WardenSecurity    *self,
             const char        *operator_name,
             WardenAuditAction  action,
             const char        *target,
             const char        *detail)
{
  WardenAuditRecord record = {
    .at = now_us (self),
    .operator = (char *) operator_name,
    .action = (char *) warden_audit_action_get_name (action),
    .target = (char *) target,
    .detail = (char *) detail,
  };
  g_autoptr (GError) error = NULL;
  g_autofree gint64 *id = warden_store_run_sync (self->store, audit_append_job, &record, &error);

  if (id == NULL)
    g_warning ("Could not write to the audit log: %s", error->message);
}

static WardenRole *
role_from_record (const WardenRoleRecord *record)
{
  WardenRole *role = warden_role_new (record->id, record->name, record->builtin, record->rights,
                                      record->all_devices);

  for (guint i = 0; i < record->grants->len; i++)
    {
      const WardenRoleGrant *grant = &g_array_index (record->grants, WardenRoleGrant, i);

      warden_role_grant_device (role, grant->device_id, grant->channel, grant->rights);
    }
  return role;
}

static WardenOperator *
operator_from_records (const WardenOperatorRecord *record,
                       const WardenRoleRecord     *role_record)
{
  g_autoptr (WardenRole) role = role_from_record (role_record);

  return warden_operator_new (record->id, record->username, role, record->enabled,
                              record->created_at);
}

static gboolean
validate_username (const char  *username,
                   GError     **error)
{
  gsize bytes = strnlen (username, WARDEN_OPERATOR_MAX_NAME * 4 + 1);
  glong chars;

  if (bytes == 0 || bytes > WARDEN_OPERATOR_MAX_NAME * 4 || !g_utf8_validate (username, -1, NULL))
    goto bad;
  chars = g_utf8_strlen (username, -1);
  if (chars > WARDEN_OPERATOR_MAX_NAME || g_unichar_isspace (g_utf8_get_char (username)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (username + bytes))))
    goto bad;
  for (const char *p = username; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
               _("A user name has 1 to %d characters, no control characters and no spaces "
                 "at either end"),
               WARDEN_OPERATOR_MAX_NAME);
  return FALSE;
}

/* Security answers match ignoring case, accents' composition and spacing. */
static char *
normalize_answer (const char *answer)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) kept_words = NULL;

  if (strnlen (answer, MAX_ANSWER_BYTES + 1) > MAX_ANSWER_BYTES ||
      !g_utf8_validate (answer, -1, NULL))
    return NULL;

  normal = g_utf8_normalize (answer, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (normal, -1);
  words = g_strsplit_set (folded, " \t\r\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_strv_builder_add (kept, words[i]);
    }
  kept_words = g_strv_builder_end (kept);
  if (kept_words[0] == NULL)
    return NULL;
  return g_strjoinv (" ", kept_words);
}

static char *
recovery_secret (char * const *normalized)
{
  /* the unit separator cannot occur in an answer after normalisation */
  return g_strjoin ("\x1f", normalized[0], normalized[1], normalized[2], NULL);
}

static gboolean
normalize_answers (const char * const  *answers,
                   char               **normalized,
                   GError             **error)
{
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      normalized[i] = answers[i] != NULL ? normalize_answer (answers[i]) : NULL;
      if (normalized[i] == NULL)
        {
          for (int j = 0; j < i; j++)
            g_clear_pointer (&normalized[j], g_free);
          g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                       _("Answer all three security questions (up to %d bytes each)"),
                       MAX_ANSWER_BYTES);
          return FALSE;
        }
    }
  return TRUE;
}

static void
clear_answers (char **normalized)
{
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    g_clear_pointer (&normalized[i], g_free);
}

/* A hash of a random password, so an unknown account costs as much to
 * refuse as a known one and sign-in timing does not reveal which exist. */
static const char *
dummy_hash (void)
{
  static char *hash;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *random = g_uuid_string_random ();
      char *computed = warden_vault_hash_password (random, NULL);

      g_once_init_leave (&hash, computed != NULL ? computed : g_strdup (""));
    }
  return hash;
}

static void
set_locked_out_error (GError     **error,
                      const char  *username,
                      GTimeSpan    remaining)
{
  gint64 seconds = (remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_LOCKED_OUT,
               _("The account %s is locked after %d failed attempts; try again in %d:%02d"),
               username, WARDEN_LOCKOUT_DEFAULT_MAX_FAILURES, (int) (seconds / 60),
               (int) (seconds % 60));
}

/* Brings a lock-out saved by another run into the in-memory table. */
static void
restore_lockout (WardenSecurity             *self,
                 const WardenOperatorRecord *record)
{
  if (warden_lockout_get_failures (self->lockout, record->username) == 0 &&
      warden_lockout_get_locked_until (self->lockout, record->username) == 0 &&
      (record->failed_logins > 0 || record->locked_until > 0))
    warden_lockout_restore (self->lockout, record->username, record->failed_logins,
                            record->locked_until);
}

static void
save_lockout (WardenSecurity             *self,
              const WardenOperatorRecord *record)
{
  LockoutUpdate update = {
    record->id,
    warden_lockout_get_failures (self->lockout, record->username),
    warden_lockout_get_locked_until (self->lockout, record->username),
  };
  g_autoptr (GError) error = NULL;

  if (warden_store_run_sync (self->store, save_lockout_job, &update, &error) == NULL)
    g_warning ("Could not save the lock-out state of %s: %s", record->username, error->message);
}

/* Counts a failure, logs it and sets the error the user sees. */
static void
refuse_attempt (WardenSecurity             *self,
                const char                 *username,
                const WardenOperatorRecord *record,
                const char                 *what,
                GError                    **error)
{
  gboolean locked = warden_lockout_record_failure (self->lockout, username);
  guint left;

  if (record != NULL)
    save_lockout (self, record);
  audit_write (self, username, WARDEN_AUDIT_LOGIN_FAILED, username, what);

  if (locked)
    {
      audit_write (self, username, WARDEN_AUDIT_LOCKED_OUT, username, NULL);
      set_locked_out_error (error, username, warden_lockout_get_remaining (self->lockout, username));
      return;
    }
  left = WARDEN_LOCKOUT_DEFAULT_MAX_FAILURES - warden_lockout_get_failures (self->lockout, username);
  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
               g_dngettext (GETTEXT_PACKAGE,
                            "The user name or password is not correct; %u attempt is left "
                            "before the account locks for 5 minutes",
                            "The user name or password is not correct; %u attempts are left "
                            "before the account locks for 5 minutes",
                            left),
               left);
}

static Account *
fetch_account (WardenSecurity        *self,
               const char            *username,
               WardenWrappedKeyKind   kind,
               gboolean               with_answers,
               gboolean              *missing,
               GError               **error)
{
  AccountRequest request = { username, kind, with_answers };
  g_autoptr (GError) local_error = NULL;
  Account *account = warden_store_run_sync (self->store, fetch_account_job, &request,
                                            &local_error);

  *missing = account == NULL &&
             g_error_matches (local_error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND);
  if (account == NULL && !*missing)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return account;
}

/* Checks @password for @username and opens the vault. Thread-safe. */
static gboolean
authenticate (WardenSecurity     *self,
              const char         *username,
              const char         *password,
              WardenAuditAction   success_action,
              WardenOperator    **out_operator,
              WardenVault       **out_vault,
              GError            **error)
{
  g_autoptr (Account) account = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (WardenVault) vault = NULL;
  GTimeSpan remaining;
  gboolean missing = FALSE;

  if (!validate_username (username, NULL))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
                   _("The user name or password is not correct"));
      return FALSE;
    }

  account = fetch_account (self, username, WARDEN_WRAPPED_KEY_PASSWORD, FALSE, &missing, error);
  if (account == NULL && !missing)
    return FALSE;
  if (account != NULL)
    restore_lockout (self, account->record);

  remaining = warden_lockout_get_remaining (self->lockout, username);
  if (remaining > 0)
    {
      audit_write (self, username, WARDEN_AUDIT_LOGIN_FAILED, username, "account locked");
      set_locked_out_error (error, username, remaining);
      return FALSE;
    }

  if (account == NULL)
    {
      warden_vault_verify_password (password, dummy_hash (), NULL);
      refuse_attempt (self, username, NULL, "unknown account", error);
      return FALSE;
    }

  if (warden_vault_verify_password (password, account->record->password_hash, &local_error))
    vault = warden_vault_unwrap (account->wrapped, password, &local_error);
  if (vault == NULL)
    {
      if (!g_error_matches (local_error, WARDEN_SECURITY_ERROR,
                            WARDEN_SECURITY_ERROR_BAD_CREDENTIALS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      refuse_attempt (self, username, account->record, "wrong password", error);
      return FALSE;
    }

  if (!account->record->enabled)
    {
      audit_write (self, account->record->username, WARDEN_AUDIT_LOGIN_FAILED, username,
                   "account disabled");
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DISABLED,
                   _("The account %s is disabled; ask an administrator to enable it"),
                   account->record->username);
      return FALSE;
    }

  if (warden_lockout_get_failures (self->lockout, username) > 0)
    {
      warden_lockout_record_success (self->lockout, username);
      save_lockout (self, account->record);
    }
  audit_write (self, account->record->username, success_action, account->record->username, NULL);

  *out_operator = operator_from_records (account->record, account->role);
  *out_vault = g_steal_pointer (&vault);
  return TRUE;
}

static WardenRoleRecord *
get_role (WardenSecurity  *self,
          gint64           id,
          GError         **error)
{
  return warden_store_run_sync (self->store, get_role_job, &id, error);
}

static gboolean
require_session (WardenSecurity  *self,
                 GError         **error)
{
  if (self->operator == NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN,
                   _("Sign in to Warden first"));
      return FALSE;
    }
  return TRUE;
}

static const char *
current_name (WardenSecurity *self)
{
  return self->operator != NULL ? warden_operator_get_username (self->operator) : "";
}

/* ---------------------------------------------------------------------- */
/* Operations that run scrypt, sync or on a thread                         */

typedef enum
{
  OP_LOGIN,
  OP_UNLOCK,
  OP_CREATE_ADMINISTRATOR,
  OP_RESET_PASSWORD,
} OpKind;

typedef struct
{
  OpKind          kind;
  char           *username;
  char           *password;
  char           *new_password;
  int             questions[WARDEN_SECURITY_ANSWER_COUNT];
  char           *answers[WARDEN_SECURITY_ANSWER_COUNT];
  WardenOperator *result_operator;
  WardenVault    *result_vault;
} Op;

static void
op_free (Op *op)
{
  g_free (op->username);
  if (op->password != NULL)
    memset (op->password, 0, strlen (op->password));
  g_free (op->password);
  if (op->new_password != NULL)
    memset (op->new_password, 0, strlen (op->new_password));
  g_free (op->new_password);
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    g_free (op->answers[i]);
  g_clear_object (&op->result_operator);
  g_clear_object (&op->result_vault);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static Op *
op_new (OpKind      kind,
        const char *username,
        const char *password)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->username = g_strdup (username);
  op->password = g_strdup (password);
  return op;
}

static gboolean
validate_questions (const int  *chosen,
                    GError    **error)
{
  guint n = g_strv_length ((GStrv) questions);

  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      gboolean repeated = FALSE;

      for (int j = 0; j < i; j++)
        repeated |= chosen[j] == chosen[i];
      if (chosen[i] < 0 || (guint) chosen[i] >= n || repeated)
        {
          g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                       _("Choose three different security questions"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
create_administrator_run (WardenSecurity  *self,
                          Op              *op,
                          GError         **error)
{
  NewOperator new_op = { 0, };
  char *normalized[WARDEN_SECURITY_ANSWER_COUNT] = { NULL, };
  g_autofree char *recovery = NULL;
  g_autoptr (WardenVault) vault = NULL;
  g_autoptr (WardenRoleRecord) role = NULL;
  gint64 id;
  gboolean ok = FALSE;

  if (!validate_username (op->username, error) ||
      !warden_password_policy_validate (op->username, op->password, error) ||
      !validate_questions (op->questions, error) ||
      !normalize_answers ((const char * const *) op->answers, normalized, error))
    return FALSE;

  recovery = recovery_secret (normalized);
  vault = warden_vault_new_random (error);
  if (vault == NULL)
    goto out;

  new_op.record.username = op->username;
  new_op.record.role_id = WARDEN_ROLE_ADMINISTRATOR;
  new_op.record.enabled = TRUE;
  new_op.record.created_at = now_us (self);
  new_op.first_run = TRUE;
  memcpy (new_op.questions, op->questions, sizeof new_op.questions);

  new_op.record.password_hash = warden_vault_hash_password (op->password, error);
  if (new_op.record.password_hash == NULL)
    goto out;
  new_op.wrapped = warden_vault_wrap (vault, op->password, error);
  if (new_op.wrapped == NULL)
    goto out;
  new_op.recovery = warden_vault_wrap (vault, recovery, error);
  if (new_op.recovery == NULL)
    goto out;
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      new_op.answer_hashes[i] = warden_vault_hash_password (normalized[i], error);
      if (new_op.answer_hashes[i] == NULL)
        goto out;
    }

  id = unbox_id (run_write (self, insert_operator_tx, &new_op, error));
  if (id == 0)
    goto out;

  role = get_role (self, WARDEN_ROLE_ADMINISTRATOR, error);
  if (role == NULL)
    goto out;
  new_op.record.id = id;
  op->result_operator = operator_from_records (&new_op.record, role);
  op->result_vault = g_steal_pointer (&vault);

  audit_write (self, op->username, WARDEN_AUDIT_OPERATOR_ADD, op->username, "first run");
  audit_write (self, op->username, WARDEN_AUDIT_LOGIN, op->username, NULL);
  ok = TRUE;

out:
  new_op.record.username = NULL;
  new_operator_clear (&new_op);
  if (recovery != NULL)
    memset (recovery, 0, strlen (recovery));
  clear_answers (normalized);
  return ok;
}

static gboolean
reset_password_run (WardenSecurity  *self,
                    Op              *op,
                    GError         **error)
{
  g_autoptr (Account) account = NULL;
  g_autoptr (WardenVault) vault = NULL;
  char *normalized[WARDEN_SECURITY_ANSWER_COUNT] = { NULL, };
  g_autofree char *recovery = NULL;
  PasswordUpdate update = { 0, };
  gboolean missing = FALSE;
  gboolean answers_match = TRUE;
  GTimeSpan remaining;
  gboolean ok = FALSE;

  if (!validate_username (op->username, error) ||
      !warden_password_policy_validate (op->username, op->new_password, error) ||
      !normalize_answers ((const char * const *) op->answers, normalized, error))
    return FALSE;

  account = fetch_account (self, op->username, WARDEN_WRAPPED_KEY_RECOVERY, TRUE, &missing,
                           error);
  if (account == NULL)
    {
      if (missing)
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                     _("The account %s has no security questions; ask an administrator "
                       "to set a new password"),
                     op->username);
      goto out;
    }
  restore_lockout (self, account->record);
  remaining = warden_lockout_get_remaining (self->lockout, op->username);
  if (remaining > 0)
    {
      set_locked_out_error (error, op->username, remaining);
      goto out;
    }

  /* check all three, so the time taken does not tell which one was wrong */
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      answers_match &= warden_vault_verify_password (normalized[i], account->answer_hashes[i],
                                                     NULL);
    }
  recovery = recovery_secret (normalized);
  if (answers_match)
    vault = warden_vault_unwrap (account->wrapped, recovery, NULL);
  if (vault == NULL)
    {
      g_autoptr (GError) refused = NULL;

      refuse_attempt (self, op->username, account->record, "wrong security answers", &refused);
      if (g_error_matches (refused, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS))
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
                     _("The answers do not match the ones given when the account was made"));
      else
        g_propagate_error (error, g_steal_pointer (&refused));
      goto out;
    }

  update.id = account->record->id;
  update.password_hash = warden_vault_hash_password (op->new_password, error);
  if (update.password_hash == NULL)
    goto out;
  update.wrapped = warden_vault_wrap (vault, op->new_password, error);
  if (update.wrapped == NULL ||
      run_write (self, update_password_tx, &update, error) == NULL)
    goto out;

  warden_lockout_record_success (self->lockout, op->username);
  audit_write (self, account->record->username, WARDEN_AUDIT_PASSWORD_RESET,
               account->record->username, "security answers");
  ok = TRUE;

out:
  g_free (update.password_hash);
  g_clear_pointer (&update.wrapped, g_bytes_unref);
  if (recovery != NULL)
    memset (recovery, 0, strlen (recovery));
  clear_answers (normalized);
  return ok;
}

static gboolean
op_run (WardenSecurity  *self,
        Op              *op,
        GError         **error)
{
  switch (op->kind)
    {
    case OP_LOGIN:
      return authenticate (self, op->username, op->password, WARDEN_AUDIT_LOGIN,
                           &op->result_operator, &op->result_vault, error);
    case OP_UNLOCK:
      return authenticate (self, op->username, op->password, WARDEN_AUDIT_APP_UNLOCK,
                           &op->result_operator, &op->result_vault, error);
    case OP_CREATE_ADMINISTRATOR:
      return create_administrator_run (self, op, error);
    case OP_RESET_PASSWORD:
      return reset_password_run (self, op, error);
    default:
      g_assert_not_reached ();
    }
}

static void
set_session (WardenSecurity *self,
             WardenOperator *operator,
             WardenVault    *vault)
{
  gboolean was_signed_in = self->operator != NULL;
  gboolean was_locked = self->locked;

  g_set_object (&self->operator, operator);
  g_set_object (&self->vault, vault);
  self->locked = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);
  if (was_signed_in != (operator != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  if (was_locked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/* On the caller's thread, after op_run succeeded. */
static gboolean
op_apply (WardenSecurity  *self,
          Op              *op,
          GError         **error)
{
  switch (op->kind)
    {
    case OP_LOGIN:
    case OP_CREATE_ADMINISTRATOR:
      set_session (self, op->result_operator, op->result_vault);
      return TRUE;
    case OP_UNLOCK:
      /* the account may have been signed out while the password was checked */
      if (self->operator == NULL ||
          warden_operator_get_id (self->operator) != warden_operator_get_id (op->result_operator))
        {
          g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN,
                       _("The session ended while the app was locked; sign in again"));
          return FALSE;
        }
      self->locked = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
      return TRUE;
    case OP_RESET_PASSWORD:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
op_run_sync (WardenSecurity  *self,
             Op              *op,
             GError         **error)
{
  return op_run (self, op, error) && op_apply (self, op, error);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;

  if (op_run (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
op_start (WardenSecurity      *self,
          Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_task_run_in_thread (task, op_thread);
}

static gboolean
op_finish (WardenSecurity  *self,
           GAsyncResult    *result,
           gpointer         source_tag,
           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  return op_apply (self, g_task_get_task_data (G_TASK (result)), error);
}

static Op *
create_administrator_op (const char         *username,
                         const char         *password,
                         const int          *chosen,
                         const char * const *answers)
{
  Op *op = op_new (OP_CREATE_ADMINISTRATOR, username, password);

  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    {
      op->questions[i] = chosen[i];
      op->answers[i] = g_strdup (answers[i]);
    }
  return op;
}

static Op *
reset_password_op (const char         *username,
                   const char * const *answers,
                   const char         *new_password)
{
  Op *op = op_new (OP_RESET_PASSWORD, username, NULL);

  op->new_password = g_strdup (new_password);
  for (int i = 0; i < WARDEN_SECURITY_ANSWER_COUNT; i++)
    op->answers[i] = g_strdup (answers[i]);
  return op;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
warden_security_dispose (GObject *object)
{
  WardenSecurity *self = WARDEN_SECURITY (object);

  g_clear_object (&self->operator);
  g_clear_object (&self->vault);
  g_clear_object (&self->lockout);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (warden_security_parent_class)->dispose (object);
}

static void
warden_security_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WardenSecurity *self = WARDEN_SECURITY (object);

  switch (prop_id)
    {
    case PROP_OPERATOR:
      g_value_set_object (value, self->operator);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->operator != NULL);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_security_class_init (WardenSecurityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_security_dispose;
  object_class->get_property = warden_security_get_property;

  properties[PROP_OPERATOR] =
    g_param_spec_object ("operator", NULL, NULL, WARDEN_TYPE_OPERATOR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_security_init (WardenSecurity *self)
{
  self->lockout = warden_lockout_new (WARDEN_LOCKOUT_DEFAULT_MAX_FAILURES,
                                      WARDEN_LOCKOUT_DEFAULT_DURATION);
}

/* ---------------------------------------------------------------------- */
/* Public API                                                              */

WardenSecurity *
warden_security_new (WardenStore *store)
{
  WardenSecurity *self;

  g_return_val_if_fail (WARDEN_IS_STORE (store), NULL);

  self = g_object_new (WARDEN_TYPE_SECURITY, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * warden_security_get_store:
 *
 * Returns: (transfer none): the store
 */
WardenStore *
warden_security_get_store (WardenSecurity *self)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  return self->store;
}

/**
 * warden_security_get_lockout:
 *
 * Returns: (transfer none): the lock-out table, whose clock tests may set
 */
WardenLockout *
warden_security_get_lockout (WardenSecurity *self)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  return self->lockout;
}

/**
 * warden_security_get_questions:
 *
 * Returns: (transfer none): the security questions, untranslated; pass each
 *   through gettext to show it. Accounts store the index.
 */
const char * const *
warden_security_get_questions (void)
{
  return questions;
}

/**
 * warden_security_needs_first_run:
 *
 * Returns: %TRUE if no account exists yet.
 */
gboolean
warden_security_needs_first_run (WardenSecurity  *self,
                                 GError         **error)
{
  g_autoptr (GError) local_error = NULL;
  gint64 *count;
  gboolean empty;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  count = warden_store_run_sync (self->store, count_operators_job, NULL, &local_error);
  if (count == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  empty = *count == 0;
  g_free (count);
  return empty;
}

/**
 * warden_security_create_administrator:
 * @questions: (array fixed-size=3): indexes into warden_security_get_questions()
 * @answers: (array fixed-size=3): the answers
 *
 * Creates the first account, an administrator, with a new data key, and
 * signs it in. Refused once any account exists.
 */
gboolean
warden_security_create_administrator (WardenSecurity      *self,
                                      const char          *username,
                                      const char          *password,
                                      const int           *chosen,
                                      const char * const  *answers,
                                      GError             **error)
{
  g_autoptr (Op) op = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);
  g_return_val_if_fail (chosen != NULL && answers != NULL, FALSE);

  op = create_administrator_op (username, password, chosen, answers);
  return op_run_sync (self, op, error);
}

void
warden_security_create_administrator_async (WardenSecurity      *self,
                                            const char          *username,
                                            const char          *password,
                                            const int           *chosen,
                                            const char * const  *answers,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));
  g_return_if_fail (username != NULL && password != NULL);
  g_return_if_fail (chosen != NULL && answers != NULL);

  op_start (self, create_administrator_op (username, password, chosen, answers),
            warden_security_create_administrator_async, cancellable, callback, user_data);
}

gboolean
warden_security_create_administrator_finish (WardenSecurity  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return op_finish (self, result, warden_security_create_administrator_async, error);
}

/**
 * warden_security_login:
 *
 * Signs @username in: checks the lock-out, the password (scrypt, compared in
 * constant time) and unwraps the data key. Every attempt is audited.
 */
gboolean
warden_security_login (WardenSecurity  *self,
                       const char      *username,
                       const char      *password,
                       GError         **error)
{
  g_autoptr (Op) op = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);

  op = op_new (OP_LOGIN, username, password);
  return op_run_sync (self, op, error);
}

void
warden_security_login_async (WardenSecurity      *self,
                             const char          *username,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));
  g_return_if_fail (username != NULL && password != NULL);

  op_start (self, op_new (OP_LOGIN, username, password), warden_security_login_async,
            cancellable, callback, user_data);
}

gboolean
warden_security_login_finish (WardenSecurity  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return op_finish (self, result, warden_security_login_async, error);
}

/**
 * warden_security_logout:
 *
 * Ends the session and forgets the data key.
 */
void
warden_security_logout (WardenSecurity *self)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));

  if (self->operator == NULL)
    return;
  audit_write (self, current_name (self), WARDEN_AUDIT_LOGOUT, current_name (self), NULL);
  set_session (self, NULL, NULL);
}

#define AUTO_LOGIN_GROUP    "Auto Login"
#define AUTO_LOGIN_MAX_SIZE 4096

/**
 * warden_security_get_default_auto_login_file:
 *
 * Returns: (transfer full): where this computer keeps its automatic sign-in:
 *   the user's configuration folder, never the data folder, so a copy of the
 *   database (or of the data folder) carries no way in.
 */
GFile *
warden_security_get_default_auto_login_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), PACKAGE_NAME, "auto-login",
                                            NULL);

  return g_file_new_for_path (path);
}

static GKeyFile *
load_auto_login (GFile   *file,
                 GError **error)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_load_contents (file, NULL, &contents, &size, NULL, error))
    return NULL;
  if (size > AUTO_LOGIN_MAX_SIZE)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("The automatic sign-in file is larger than %d bytes; delete it"),
                   AUTO_LOGIN_MAX_SIZE);
      return NULL;
    }
  if (!g_key_file_load_from_data (keys, contents, size, G_KEY_FILE_NONE, error))
    return NULL;
  memset (contents, 0, size);
  return g_steal_pointer (&keys);
}

/**
 * warden_security_set_auto_login:
 * @file: where to keep it, usually warden_security_get_default_auto_login_file()
 * @enabled: %TRUE signs the current operator in automatically on this
 *   computer from now on; %FALSE stops it
 *
 * Needs %WARDEN_RIGHT_OPERATORS. The file holds the data key wrapped under
 * a random secret next to it, readable only by the user; the database holds
 * nothing of it.
 */
gboolean
warden_security_set_auto_login (WardenSecurity  *self,
                                GFile           *file,
                                gboolean         enabled,
                                GError         **error)
{
  g_autoptr (GKeyFile) keys = NULL;
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GBytes) wrapped = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *wrapped64 = NULL;
  g_autofree char *data = NULL;
  guint8 random[WARDEN_VAULT_KEY_SIZE];
  gsize size;
  gboolean ok;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return FALSE;

  if (!enabled)
    {
      if (!g_file_delete (file, NULL, &local_error) &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      audit_write (self, current_name (self), WARDEN_AUDIT_SETTINGS_CHANGE, current_name (self),
                   "automatic sign-in off");
      return TRUE;
    }

  if (RAND_bytes (random, sizeof random) != 1)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_CRYPTO,
                   _("Generating a secret failed in the crypto library"));
      return FALSE;
    }
  secret = g_base64_encode (random, sizeof random);
  OPENSSL_cleanse (random, sizeof random);
  wrapped = warden_vault_wrap (self->vault, secret, error);
  if (wrapped == NULL)
    return FALSE;
  wrapped64 = g_base64_encode (g_bytes_get_data (wrapped, NULL), g_bytes_get_size (wrapped));

  keys = g_key_file_new ();
  g_key_file_set_integer (keys, AUTO_LOGIN_GROUP, "Version", 1);
  g_key_file_set_int64 (keys, AUTO_LOGIN_GROUP, "Operator",
                        warden_operator_get_id (self->operator));
  g_key_file_set_string (keys, AUTO_LOGIN_GROUP, "User", current_name (self));
  g_key_file_set_string (keys, AUTO_LOGIN_GROUP, "Secret", secret);
  g_key_file_set_string (keys, AUTO_LOGIN_GROUP, "Key", wrapped64);
  data = g_key_file_to_data (keys, &size, NULL);
  memset (secret, 0, strlen (secret));

  parent = g_file_get_parent (file);
  if (parent != NULL && !g_file_make_directory_with_parents (parent, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ok = g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL,
                                error);
  memset (data, 0, size);
  if (ok)
    audit_write (self, current_name (self), WARDEN_AUDIT_SETTINGS_CHANGE, current_name (self),
                 "automatic sign-in on");
  return ok;
}

/**
 * warden_security_get_auto_login_user:
 *
 * Returns: (transfer full) (nullable): the account @file signs in, or %NULL
 *   if there is no usable file
 */
char *
warden_security_get_auto_login_user (GFile *file)
{
  g_autoptr (GKeyFile) keys = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  keys = load_auto_login (file, NULL);
  if (keys == NULL)
    return NULL;
  return g_key_file_get_string (keys, AUTO_LOGIN_GROUP, "User", NULL);
}

/**
 * warden_security_auto_login:
 *
 * Signs in the account @file names, if the file is intact and the account
 * still exists and is enabled. Audited like any sign-in.
 */
gboolean
warden_security_auto_login (WardenSecurity  *self,
                            GFile           *file,
                            GError         **error)
{
  g_autoptr (GKeyFile) keys = NULL;
  g_autoptr (Account) account = NULL;
  g_autoptr (WardenVault) vault = NULL;
  g_autoptr (GBytes) wrapped = NULL;
  g_autofree char *username = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *wrapped64 = NULL;
  g_autofree guchar *blob = NULL;
  g_autoptr (WardenOperator) operator = NULL;
  gsize blob_size = 0;
  gint64 operator_id;
  gboolean missing = FALSE;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  keys = load_auto_login (file, error);
  if (keys == NULL)
    return FALSE;
  username = g_key_file_get_string (keys, AUTO_LOGIN_GROUP, "User", NULL);
  secret = g_key_file_get_string (keys, AUTO_LOGIN_GROUP, "Secret", NULL);
  wrapped64 = g_key_file_get_string (keys, AUTO_LOGIN_GROUP, "Key", NULL);
  operator_id = g_key_file_get_int64 (keys, AUTO_LOGIN_GROUP, "Operator", NULL);
  if (username == NULL || secret == NULL || wrapped64 == NULL ||
      g_key_file_get_integer (keys, AUTO_LOGIN_GROUP, "Version", NULL) != 1 ||
      !validate_username (username, NULL))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("The automatic sign-in file is damaged; sign in with a password"));
      return FALSE;
    }

  account = fetch_account (self, username, WARDEN_WRAPPED_KEY_PASSWORD, FALSE, &missing, error);
  if (account == NULL || account->record->id != operator_id || !account->record->enabled)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DISABLED,
                     _("The account %s cannot sign in automatically any more; "
                       "sign in with a password"),
                     username);
      return FALSE;
    }

  blob = g_base64_decode (wrapped64, &blob_size);
  wrapped = g_bytes_new (blob, blob_size);
  vault = warden_vault_unwrap (wrapped, secret, error);
  memset (secret, 0, strlen (secret));
  if (vault == NULL)
    return FALSE;

  operator = operator_from_records (account->record, account->role);
  audit_write (self, account->record->username, WARDEN_AUDIT_LOGIN, account->record->username,
               "automatic sign-in");
  set_session (self, operator, vault);
  return TRUE;
}

/**
 * warden_security_get_operator:
 *
 * Returns: (transfer none) (nullable): the signed-in operator
 */
WardenOperator *
warden_security_get_operator (WardenSecurity *self)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  return self->operator;
}

gboolean
warden_security_get_signed_in (WardenSecurity *self)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  return self->operator != NULL;
}

/**
 * warden_security_lock:
 *
 * Locks the app: rights checks fail until warden_security_unlock(). The
 * session and its data key stay, so connections to devices carry on.
 */
void
warden_security_lock (WardenSecurity *self)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));

  if (self->operator == NULL || self->locked)
    return;
  self->locked = TRUE;
  audit_write (self, current_name (self), WARDEN_AUDIT_APP_LOCK, current_name (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

gboolean
warden_security_get_locked (WardenSecurity *self)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  return self->locked;
}

/**
 * warden_security_unlock:
 *
 * Unlocks the app with the signed-in operator's password. Failures count
 * toward the lock-out like failed sign-ins.
 */
gboolean
warden_security_unlock (WardenSecurity  *self,
                        const char      *password,
                        GError         **error)
{
  g_autoptr (Op) op = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!require_session (self, error))
    return FALSE;
  op = op_new (OP_UNLOCK, current_name (self), password);
  return op_run_sync (self, op, error);
}

void
warden_security_unlock_async (WardenSecurity      *self,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));
  g_return_if_fail (password != NULL);

  if (self->operator == NULL)
    {
      g_task_report_new_error (self, callback, user_data, warden_security_unlock_async,
                               WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN,
                               _("Sign in to Warden first"));
      return;
    }
  op_start (self, op_new (OP_UNLOCK, current_name (self), password),
            warden_security_unlock_async, cancellable, callback, user_data);
}

gboolean
warden_security_unlock_finish (WardenSecurity  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return op_finish (self, result, warden_security_unlock_async, error);
}

/**
 * warden_security_check_right:
 * @right: the right the action needs
 * @device_id: the device acted on, or 0
 * @channel: the channel acted on, or 0 for the device as a whole
 *
 * What core services call before they act. A refusal is audited.
 *
 * Returns: %TRUE if the signed-in operator may act; otherwise %FALSE with
 *   %WARDEN_SECURITY_ERROR_NOT_SIGNED_IN, _APP_LOCKED or _DENIED.
 */
gboolean
warden_security_check_right (WardenSecurity  *self,
                             WardenRight      right,
                             gint64           device_id,
                             int              channel,
                             GError         **error)
{
  WardenRole *role;
  g_autofree char *target = NULL;
  const char *label;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (right != WARDEN_RIGHT_NONE, FALSE);

  if (!require_session (self, error))
    return FALSE;
  if (self->locked)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_APP_LOCKED,
                   _("Warden is locked; enter your password to go on"));
      return FALSE;
    }

  role = warden_operator_get_role (self->operator);
  if (warden_role_allows (role, right, device_id, channel))
    return TRUE;

  label = warden_right_get_label (right);
  if (device_id != 0)
    target = g_strdup_printf ("device %" G_GINT64_FORMAT " channel %d", device_id, channel);
  audit_write (self, current_name (self), WARDEN_AUDIT_ACCESS_DENIED,
               target != NULL ? target : "", warden_right_get_name (right));
  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED,
               _("The role “%s” does not allow %s%s; ask an administrator for the right"),
               warden_role_get_name (role), label != NULL ? label : _("this action"),
               device_id != 0 ? _(" on this device") : "");
  return FALSE;
}

/**
 * warden_security_has_right:
 *
 * For the UI, to hide or disable what the operator may not do: %TRUE if the
 * operator holds @right on at least one device. Nothing is audited.
 */
gboolean
warden_security_has_right (WardenSecurity *self,
                           WardenRight     right)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  return self->operator != NULL && !self->locked &&
         warden_role_allows (warden_operator_get_role (self->operator), right, 0, 0);
}

static gboolean
set_password (WardenSecurity  *self,
              gint64           operator_id,
              const char      *username,
              const char      *password,
              GError         **error)
{
  PasswordUpdate update = { operator_id, NULL, NULL };
  gboolean ok;

  if (!warden_password_policy_validate (username, password, error))
    return FALSE;
  update.password_hash = warden_vault_hash_password (password, error);
  if (update.password_hash == NULL)
    return FALSE;
  update.wrapped = warden_vault_wrap (self->vault, password, error);
  ok = update.wrapped != NULL &&
       run_write (self, update_password_tx, &update, error) != NULL;
  g_free (update.password_hash);
  g_clear_pointer (&update.wrapped, g_bytes_unref);
  if (ok)
    warden_lockout_record_success (self->lockout, username);
  return ok;
}

/**
 * warden_security_change_password:
 *
 * Changes the signed-in operator's password after checking the old one, and
 * wraps the data key again under the new one.
 */
gboolean
warden_security_change_password (WardenSecurity  *self,
                                 const char      *old_password,
                                 const char      *new_password,
                                 GError         **error)
{
  g_autoptr (WardenOperator) checked = NULL;
  g_autoptr (WardenVault) vault = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *username;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (old_password != NULL && new_password != NULL, FALSE);

  if (!require_session (self, error))
    return FALSE;
  username = current_name (self);
  if (!warden_password_policy_validate (username, new_password, error))
    return FALSE;
  if (!authenticate (self, username, old_password, WARDEN_AUDIT_PASSWORD_CHANGE, &checked, &vault,
                     &local_error))
    {
      if (g_error_matches (local_error, WARDEN_SECURITY_ERROR,
                           WARDEN_SECURITY_ERROR_BAD_CREDENTIALS))
        {
          g_clear_error (&local_error);
          g_set_error (&local_error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
                       _("The current password is not correct"));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return set_password (self, warden_operator_get_id (self->operator), username, new_password,
                       error);
}

/**
 * warden_security_get_account_questions:
 * @questions: (out caller-allocates) (array fixed-size=3)
 *
 * Which questions @username chose, to ask them before a reset.
 */
gboolean
warden_security_get_account_questions (WardenSecurity  *self,
                                       const char      *username,
                                       int             *chosen,
                                       GError         **error)
{
  g_autoptr (Account) account = NULL;
  gboolean missing = FALSE;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (username != NULL && chosen != NULL, FALSE);

  if (!validate_username (username, error))
    return FALSE;
  account = fetch_account (self, username, WARDEN_WRAPPED_KEY_RECOVERY, TRUE, &missing, error);
  if (account == NULL)
    {
      if (missing)
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                     _("The account %s has no security questions; ask an administrator "
                       "to set a new password"),
                     username);
      return FALSE;
    }
  memcpy (chosen, account->questions, sizeof account->questions);
  return TRUE;
}

/**
 * warden_security_reset_password:
 * @answers: (array fixed-size=3): answers to the account's questions, in order
 *
 * Sets a new password for @username without the old one, given the answers
 * to its security questions; the data key is unwrapped with the answers and
 * wrapped again under the new password. Failures count toward the lock-out.
 */
gboolean
warden_security_reset_password (WardenSecurity      *self,
                                const char          *username,
                                const char * const  *answers,
                                const char          *new_password,
                                GError             **error)
{
  g_autoptr (Op) op = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (username != NULL && answers != NULL && new_password != NULL, FALSE);

  op = reset_password_op (username, answers, new_password);
  return op_run_sync (self, op, error);
}

void
warden_security_reset_password_async (WardenSecurity      *self,
                                      const char          *username,
                                      const char * const  *answers,
                                      const char          *new_password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_SECURITY (self));
  g_return_if_fail (username != NULL && answers != NULL && new_password != NULL);

  op_start (self, reset_password_op (username, answers, new_password),
            warden_security_reset_password_async, cancellable, callback, user_data);
}

gboolean
warden_security_reset_password_finish (WardenSecurity  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return op_finish (self, result, warden_security_reset_password_async, error);
}

static Directory *
load_directory (WardenSecurity  *self,
                gboolean         with_operators,
                GError         **error)
{
  return warden_store_run_sync (self->store, directory_job, GINT_TO_POINTER (with_operators),
                                error);
}

static const WardenRoleRecord *
find_role (Directory *directory,
           gint64     role_id)
{
  for (guint i = 0; i < directory->roles->len; i++)
    {
      const WardenRoleRecord *role = g_ptr_array_index (directory->roles, i);

      if (role->id == role_id)
        return role;
    }
  return NULL;
}

static const char *
find_operator_name (Directory *directory,
                    gint64     operator_id)
{
  for (guint i = 0; i < directory->operators->len; i++)
    {
      const WardenOperatorRecord *record = g_ptr_array_index (directory->operators, i);

      if (record->id == operator_id)
        return record->username;
    }
  return NULL;
}

/**
 * warden_security_list_operators:
 *
 * Returns: (transfer full): a list of #WardenOperator, by name
 */
GListModel *
warden_security_list_operators (WardenSecurity  *self,
                                GError         **error)
{
  g_autoptr (Directory) directory = NULL;
  g_autoptr (GListStore) list = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return NULL;
  directory = load_directory (self, TRUE, error);
  if (directory == NULL)
    return NULL;

  list = g_list_store_new (WARDEN_TYPE_OPERATOR);
  for (guint i = 0; i < directory->operators->len; i++)
    {
      const WardenOperatorRecord *record = g_ptr_array_index (directory->operators, i);
      const WardenRoleRecord *role = find_role (directory, record->role_id);
      g_autoptr (WardenOperator) operator = NULL;

      g_assert (role != NULL);
      operator = operator_from_records (record, role);
      g_list_store_append (list, operator);
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * warden_security_add_operator:
 *
 * Adds an account with @role_id. Its password must pass the rules; the
 * data key is wrapped under it.
 *
 * Returns: the new account's id, or 0 on error
 */
gint64
warden_security_add_operator (WardenSecurity  *self,
                              const char      *username,
                              const char      *password,
                              gint64           role_id,
                              GError         **error)
{
  NewOperator new_op = { 0, };
  g_autoptr (WardenRoleRecord) role = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 id = 0;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), 0);
  g_return_val_if_fail (username != NULL && password != NULL, 0);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error) ||
      !validate_username (username, error) ||
      !warden_password_policy_validate (username, password, error))
    return 0;
  role = get_role (self, role_id, error);
  if (role == NULL)
    return 0;

  new_op.record.username = (char *) username;
  new_op.record.role_id = role_id;
  new_op.record.enabled = TRUE;
  new_op.record.created_at = now_us (self);
  new_op.record.password_hash = warden_vault_hash_password (password, error);
  if (new_op.record.password_hash != NULL)
    new_op.wrapped = warden_vault_wrap (self->vault, password, error);
  if (new_op.wrapped != NULL)
    id = unbox_id (run_write (self, insert_operator_tx, &new_op,
                                          &local_error));
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_EXISTS,
                     _("The user name %s is taken; choose another"), username);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  if (id != 0)
    audit_write (self, current_name (self), WARDEN_AUDIT_OPERATOR_ADD, username, role->name);

  new_op.record.username = NULL;
  new_operator_clear (&new_op);
  return id;
}

static gboolean
change_operator (WardenSecurity  *self,
                 OperatorChange  *change,
                 const char      *detail,
                 GError         **error)
{
  g_autoptr (Directory) directory = NULL;
  const char *target = NULL;

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return FALSE;
  if (change->id == warden_operator_get_id (self->operator) &&
      (change->delete || change->enabled == 0 || change->role_id != 0))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED,
                   _("You cannot delete, disable or change the role of the account you are "
                     "signed in with; ask another administrator"));
      return FALSE;
    }

  directory = load_directory (self, TRUE, error);
  if (directory == NULL)
    return FALSE;
  target = find_operator_name (directory, change->id);
  if (target == NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                   _("The account no longer exists; reload the list"));
      return FALSE;
    }
  if (change->role_id != 0 && find_role (directory, change->role_id) == NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                   _("The role no longer exists; reload the list"));
      return FALSE;
    }

  if (run_write (self, change_operator_tx, change, error) == NULL)
    return FALSE;
  audit_write (self, current_name (self),
               change->delete ? WARDEN_AUDIT_OPERATOR_DELETE : WARDEN_AUDIT_OPERATOR_EDIT,
               target, detail);
  return TRUE;
}

gboolean
warden_security_set_operator_role (WardenSecurity  *self,
                                   gint64           operator_id,
                                   gint64           role_id,
                                   GError         **error)
{
  OperatorChange change = { operator_id, role_id, -1, FALSE };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (role_id > 0, FALSE);

  detail = g_strdup_printf ("role %" G_GINT64_FORMAT, role_id);
  return change_operator (self, &change, detail, error);
}

gboolean
warden_security_set_operator_enabled (WardenSecurity  *self,
                                      gint64           operator_id,
                                      gboolean         enabled,
                                      GError         **error)
{
  OperatorChange change = { operator_id, 0, enabled ? 1 : 0, FALSE };

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  return change_operator (self, &change, enabled ? "enabled" : "disabled", error);
}

gboolean
warden_security_delete_operator (WardenSecurity  *self,
                                 gint64           operator_id,
                                 GError         **error)
{
  OperatorChange change = { operator_id, 0, -1, TRUE };

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  return change_operator (self, &change, NULL, error);
}

/**
 * warden_security_set_operator_password:
 *
 * An administrator sets a new password for another account, for example
 * one without security answers. The data key is wrapped under it.
 */
gboolean
warden_security_set_operator_password (WardenSecurity  *self,
                                       gint64           operator_id,
                                       const char      *password,
                                       GError         **error)
{
  g_autoptr (Directory) directory = NULL;
  const char *username = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return FALSE;
  directory = load_directory (self, TRUE, error);
  if (directory == NULL)
    return FALSE;
  username = find_operator_name (directory, operator_id);
  if (username == NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                   _("The account no longer exists; reload the list"));
      return FALSE;
    }
  if (!set_password (self, operator_id, username, password, error))
    return FALSE;
  audit_write (self, current_name (self), WARDEN_AUDIT_PASSWORD_RESET, username, "by administrator");
  return TRUE;
}

/**
 * warden_security_list_roles:
 *
 * Returns: (transfer full): a list of #WardenRole, built-in roles first.
 *   Any signed-in operator may read it.
 */
GListModel *
warden_security_list_roles (WardenSecurity  *self,
                            GError         **error)
{
  g_autoptr (Directory) directory = NULL;
  g_autoptr (GListStore) list = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);

  if (!require_session (self, error))
    return NULL;
  directory = load_directory (self, FALSE, error);
  if (directory == NULL)
    return NULL;

  list = g_list_store_new (WARDEN_TYPE_ROLE);
  for (guint i = 0; i < directory->roles->len; i++)
    {
      g_autoptr (WardenRole) role = role_from_record (g_ptr_array_index (directory->roles, i));

      g_list_store_append (list, role);
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * warden_security_save_role:
 * @role: a role with id 0 to add it, or a custom role's id to change it
 *
 * Built-in roles cannot be changed.
 *
 * Returns: the role's id, or 0 on error
 */
gint64
warden_security_save_role (WardenSecurity  *self,
                           WardenRole      *role,
                           GError         **error)
{
  g_autoptr (WardenRoleRecord) record = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *name;
  GArray *grants;
  gint64 id;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), 0);
  g_return_val_if_fail (WARDEN_IS_ROLE (role), 0);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return 0;
  name = warden_role_get_name (role);
  if (warden_role_get_builtin (role) || (warden_role_get_id (role) > 0 &&
                                         warden_role_get_id (role) <= WARDEN_ROLE_GUEST))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED,
                   _("Built-in roles cannot be changed; create a custom role instead"));
      return 0;
    }
  if (*name == '\0' || g_utf8_strlen (name, -1) > WARDEN_ROLE_MAX_NAME)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A role name has 1 to %d characters"), WARDEN_ROLE_MAX_NAME);
      return 0;
    }

  record = warden_role_record_new ();
  record->id = warden_role_get_id (role);
  record->name = g_strdup (name);
  record->rights = warden_role_get_rights (role);
  record->all_devices = warden_role_get_all_devices (role);
  grants = warden_role_get_grants (role);
  g_array_append_vals (record->grants, grants->data, grants->len);

  id = unbox_id (run_write (self, save_role_tx, record, &local_error));
  if (id == 0)
    {
      if (g_error_matches (local_error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_EXISTS,
                     _("A role named %s exists, or a device it names was deleted; "
                       "choose another name or reload the devices"),
                     name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  audit_write (self, current_name (self), WARDEN_AUDIT_ROLE_CHANGE, name, NULL);
  return id;
}

gboolean
warden_security_delete_role (WardenSecurity  *self,
                             gint64           role_id,
                             GError         **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  if (!warden_security_check_right (self, WARDEN_RIGHT_OPERATORS, 0, 0, error))
    return FALSE;
  if (warden_store_run_sync (self->store, delete_role_job, &role_id, &local_error) == NULL)
    {
      if (g_error_matches (local_error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED,
                     _("This role is built in or still given to an account; "
                       "move those accounts to another role first"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  audit_write (self, current_name (self), WARDEN_AUDIT_ROLE_CHANGE, "", "deleted");
  return TRUE;
}

static gboolean
require_vault (WardenSecurity  *self,
               GError         **error)
{
  if (self->vault == NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN,
                   _("Sign in to Warden to use stored device passwords"));
      return FALSE;
    }
  return TRUE;
}

/**
 * warden_security_encrypt_secret:
 * @context: what the secret belongs to, such as "device:12:password"; the
 *   same text must be given to decrypt it
 * @plaintext: at most 64 KiB
 *
 * Seals a secret under the data key (AES-256-GCM) for a caller that stores
 * the result itself. Devices use warden_security_store_secret() instead.
 *
 * Returns: (transfer full): the ciphertext, or %NULL if no operator is
 *   signed in
 */
GBytes *
warden_security_encrypt_secret (WardenSecurity  *self,
                                const char      *context,
                                const char      *plaintext,
                                GError         **error)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  g_return_val_if_fail (context != NULL && plaintext != NULL, NULL);

  if (!require_vault (self, error))
    return NULL;
  return warden_vault_encrypt (self->vault, context, plaintext, strlen (plaintext), error);
}

/**
 * warden_security_decrypt_secret:
 *
 * Returns: (transfer full): the secret as text, or %NULL with
 *   %WARDEN_SECURITY_ERROR_TAMPERED if it was altered or moved
 */
char *
warden_security_decrypt_secret (WardenSecurity  *self,
                                const char      *context,
                                GBytes          *ciphertext,
                                GError         **error)
{
  g_autoptr (GBytes) plain = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  g_return_val_if_fail (context != NULL && ciphertext != NULL, NULL);

  if (!require_vault (self, error))
    return NULL;
  plain = warden_vault_decrypt (self->vault, context, ciphertext, error);
  if (plain == NULL)
    return NULL;
  data = g_bytes_get_data (plain, &size);
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate (data, (gssize) size, NULL))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A stored secret is not text"));
      return NULL;
    }
  return g_strndup (data, size);
}

/**
 * warden_security_store_secret:
 * @plaintext: a device password or other secret, at most 64 KiB
 *
 * Seals @plaintext under the data key and stores it in the secrets table,
 * bound to its row. Put the id in devices.secret_id; the secret is deleted
 * with the device.
 *
 * Returns: the secret's id, or 0 on error
 */
gint64
warden_security_store_secret (WardenSecurity  *self,
                              const char      *plaintext,
                              GError         **error)
{
  SecretWrite write = { NULL, 0, plaintext, 0 };

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), 0);
  g_return_val_if_fail (plaintext != NULL, 0);

  if (!require_vault (self, error))
    return 0;
  write.vault = self->vault;
  write.now = now_us (self);
  return unbox_id (run_write (self, write_secret_tx, &write, error));
}

gboolean
warden_security_update_secret (WardenSecurity  *self,
                               gint64           secret_id,
                               const char      *plaintext,
                               GError         **error)
{
  SecretWrite write = { NULL, secret_id, plaintext, 0 };

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);
  g_return_val_if_fail (secret_id > 0 && plaintext != NULL, FALSE);

  if (!require_vault (self, error))
    return FALSE;
  write.vault = self->vault;
  write.now = now_us (self);
  return unbox_id (run_write (self, write_secret_tx, &write, error)) != 0;
}

/**
 * warden_security_load_secret:
 *
 * Returns: (transfer full): the secret's text, or %NULL on error
 */
char *
warden_security_load_secret (WardenSecurity  *self,
                             gint64           secret_id,
                             GError         **error)
{
  g_autoptr (GBytes) sealed = NULL;
  g_autofree char *context = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);
  g_return_val_if_fail (secret_id > 0, NULL);

  if (!require_vault (self, error))
    return NULL;
  sealed = warden_store_run_sync (self->store, read_secret_job, &secret_id, error);
  if (sealed == NULL)
    return NULL;
  context = secret_context (secret_id);
  return warden_security_decrypt_secret (self, context, sealed, error);
}

gboolean
warden_security_delete_secret (WardenSecurity  *self,
                               gint64           secret_id,
                               GError         **error)
{
  g_return_val_if_fail (WARDEN_IS_SECURITY (self), FALSE);

  return warden_store_run_sync (self->store, delete_secret_job, &secret_id, error) != NULL;
}

static void
audit_async_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gint64 *id = warden_store_run_finish (WARDEN_STORE (source), result, &error);

  if (id == NULL)
    g_warning ("Could not write to the audit log: %s", error->message);
}

/**
 * warden_security_audit:
 * @target: (nullable): what was acted on, such as a device's name and address
 * @detail: (nullable): more about it
 *
 * Appends an entry in the signed-in operator's name, without blocking.
 */
void
warden_security_audit (WardenSecurity    *self,
                       WardenAuditAction  action,
                       const char        *target,
                       const char        *detail)
{
  WardenAuditRecord *record;

  g_return_if_fail (WARDEN_IS_SECURITY (self));

  record = g_new0 (WardenAuditRecord, 1);
  record->at = now_us (self);
  record->operator = g_strdup (current_name (self));
  record->action = g_strdup (warden_audit_action_get_name (action));
  record->target = g_strdup (target != NULL ? target : "");
  record->detail = g_strdup (detail != NULL ? detail : "");
  warden_store_run_async (self->store, audit_append_job, record,
                          (GDestroyNotify) warden_audit_record_free, g_free, NULL, audit_async_cb, NULL);
}

static GListModel *
audit_list_from_records (GPtrArray *records)
{
  GListStore *list = g_list_store_new (WARDEN_TYPE_AUDIT_ENTRY);

  for (guint i = 0; i < records->len; i++)
    {
      const WardenAuditRecord *record = g_ptr_array_index (records, i);
      g_autoptr (WardenAuditEntry) entry =
        warden_audit_entry_new (record->id, record->at, record->operator, record->action,
                                record->target, record->detail);

      g_list_store_append (list, entry);
    }
  return G_LIST_MODEL (list);
}

static AuditQuery *
audit_query_new (const char *search,
                 gint64      from,
                 gint64      to,
                 guint       offset,
                 guint       limit)
{
  AuditQuery *query = g_new0 (AuditQuery, 1);

  query->search = g_strdup (search);
  query->from = from;
  query->to = to;
  query->offset = offset;
  query->limit = MIN (limit, WARDEN_AUDIT_MAX_PAGE);
  return query;
}

/**
 * warden_security_query_audit:
 * @search: (nullable): text any field contains
 * @from: earliest time (µs since the epoch), inclusive
 * @to: latest time, exclusive; G_MAXINT64 for none
 * @limit: at most 1000
 *
 * Needs %WARDEN_RIGHT_AUDIT.
 *
 * Returns: (transfer full): #WardenAuditEntry items, newest first
 */
GListModel *
warden_security_query_audit (WardenSecurity  *self,
                             const char      *search,
                             gint64           from,
                             gint64           to,
                             guint            offset,
                             guint            limit,
                             GError         **error)
{
  g_autoptr (AuditQuery) query = NULL;
  g_autoptr (GPtrArray) records = NULL;

  g_return_val_if_fail (WARDEN_IS_SECURITY (self), NULL);

  if (!warden_security_check_right (self, WARDEN_RIGHT_AUDIT, 0, 0, error))
    return NULL;
  query = audit_query_new (search, from, to, offset, limit);
  records = warden_store_run_sync (self->store, audit_query_job, query, error);
  if (records == NULL)
    return NULL;
  return audit_list_from_records (records);
}

static void
audit_query_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = warden_store_run_finish (WARDEN_STORE (source), result, &error);

  if (records == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, audit_list_from_records (records), g_object_unref);
}

void
warden_security_query_audit_async (WardenSecurity      *self,
                                   const char          *search,
                                   gint64               from,
                                   gint64               to,
                                   guint                offset,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (WARDEN_IS_SECURITY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_security_query_audit_async);
  if (!warden_security_check_right (self, WARDEN_RIGHT_AUDIT, 0, 0, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  warden_store_run_async (self->store, audit_query_job, audit_query_new (search, from, to, offset,
                                                                         limit),
                          (GDestroyNotify) audit_query_free, (GDestroyNotify) g_ptr_array_unref,
                          cancellable, audit_query_cb, g_steal_pointer (&task));
}

/**
 * warden_security_query_audit_finish:
 *
 * Returns: (transfer full): #WardenAuditEntry items, newest first
 */
GListModel *
warden_security_query_audit_finish (WardenSecurity  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        warden_security_query_audit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
