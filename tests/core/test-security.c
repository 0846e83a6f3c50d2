/* test-security.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The security service against a real store on disk: first run, sign-in and
 * lock-out with an injected clock, rights enforced in core, the vault through
 * password changes and resets, and the append-only audit log.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "security-test-support.h"
#include "warden-password-policy.h"
#include "warden-security.h"
#include "warden-store.h"

#ifndef DEVICE_PASSWORD
#error "tests/core/meson.build defines DEVICE_PASSWORD"
#endif

#define ADMIN        "chief"
#define ADMIN_PW     "Gr4nite#Lake"
#define GUEST        "visitor"
#define GUEST_PW     "Pebble7-Moss"
#define GUEST_PW_2   "Tundra5&Fern"

static const int questions[] = { 0, 3, 5 };
static const char * const answers[] = { "Rex", "Smith", "Bean" };

typedef struct
{
  gint64 now;
} FakeClock;

typedef struct
{
  char           *path;
  WardenStore    *store;
  WardenSecurity *security;
  FakeClock       clock;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *) user_data)->now;
}

static char *
fresh_db_path (void)
{
  g_autofree char *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '-');
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "core-security", name,
                                           NULL);
  char *path = g_build_filename (dir, "warden.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return path;
}

static WardenSecurity *
new_security (Fixture *fixture)
{
  WardenSecurity *security = warden_security_new (fixture->store);

  warden_lockout_set_clock (warden_security_get_lockout (security), fake_clock, &fixture->clock);
  return security;
}

/* A database with the administrator made once, copied for each test: the
 * first run costs six scrypt derivations. */
static char *template_path;

static void
make_template (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = NULL;
  g_autoptr (WardenSecurity) security = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "core-security",
                                           "template", NULL);
  static FakeClock clock = { G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC };

  template_path = g_build_filename (dir, "warden.db", NULL);
  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_unlink (template_path);
  store = warden_store_open (template_path, &error);
  g_assert_no_error (error);
  security = warden_security_new (store);
  warden_lockout_set_clock (warden_security_get_lockout (security), fake_clock, &clock);
  warden_security_create_administrator (security, ADMIN, ADMIN_PW, questions, answers, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->path = fresh_db_path ();
  if (data != NULL)
    {
      g_autoptr (GFile) from = g_file_new_for_path (template_path);
      g_autoptr (GFile) to = g_file_new_for_path (fixture->path);

      g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  fixture->store = warden_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->clock.now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  fixture->security = new_security (fixture);

  if (data != NULL)
    {
      warden_security_login (fixture->security, ADMIN, ADMIN_PW, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  security_test_wait_for_last_reference (fixture->security);
  g_assert_finalize_object (fixture->security);
  security_test_wait_for_last_reference (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->path);
}

typedef struct
{
  const char *sql;
} RawSql;

static gpointer
exec_job (sqlite3   *db,
          gpointer   data,
          GError   **error)
{
  if (!warden_store_exec (db, data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gboolean
exec_sql (Fixture     *fixture,
          const char  *sql,
          GError     **error)
{
  return warden_store_run_sync (fixture->store, exec_job, (gpointer) sql, error) != NULL;
}

static gint64
add_guest (Fixture *fixture,
           gint64   role_id)
{
  g_autoptr (GError) error = NULL;
  gint64 id = warden_security_add_operator (fixture->security, GUEST, GUEST_PW, role_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
login (Fixture    *fixture,
       const char *username,
       const char *password)
{
  g_autoptr (GError) error = NULL;

  warden_security_logout (fixture->security);
  g_assert_true (warden_security_login (fixture->security, username, password, &error));
  g_assert_no_error (error);
}

static gboolean
audit_has (Fixture    *fixture,
           const char *action,
           const char *target)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) entries = warden_security_query_audit (fixture->security, NULL, 0,
                                                                G_MAXINT64, 0, 1000, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr (WardenAuditEntry) entry = g_list_model_get_item (entries, i);

      if (g_str_equal (warden_audit_entry_get_action (entry), action) &&
          (target == NULL || g_str_equal (warden_audit_entry_get_target (entry), target)))
        return TRUE;
    }
  return FALSE;
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  const int same[] = { 1, 1, 2 };
  const char * const blank[] = { "Rex", "  ", "Bean" };

  g_assert_true (warden_security_needs_first_run (fixture->security, &error));
  g_assert_no_error (error);
  g_assert_false (warden_security_get_signed_in (fixture->security));

  /* the administrator's password must pass the rules */
  g_assert_false (warden_security_create_administrator (fixture->security, ADMIN, "chief123",
                                                        questions, answers, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);

  /* three different questions, three answers */
  g_assert_false (warden_security_create_administrator (fixture->security, ADMIN, ADMIN_PW, same,
                                                        answers, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (warden_security_create_administrator (fixture->security, ADMIN, ADMIN_PW,
                                                        questions, blank, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (warden_security_needs_first_run (fixture->security, NULL));

  g_assert_true (warden_security_create_administrator (fixture->security, ADMIN, ADMIN_PW,
                                                       questions, answers, &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_get_signed_in (fixture->security));
  g_assert_cmpstr (warden_operator_get_username (warden_security_get_operator (fixture->security)),
                   ==, ADMIN);
  g_assert_cmpint (warden_role_get_id (warden_operator_get_role (
                     warden_security_get_operator (fixture->security))), ==,
                   WARDEN_ROLE_ADMINISTRATOR);
  g_assert_false (warden_security_needs_first_run (fixture->security, NULL));

  /* only once */
  g_assert_false (warden_security_create_administrator (fixture->security, "second", ADMIN_PW,
                                                        questions, answers, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (audit_has (fixture, "operator-add", ADMIN));
  g_assert_true (audit_has (fixture, "login", ADMIN));
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  warden_security_logout (fixture->security);
  g_assert_false (warden_security_get_signed_in (fixture->security));
  g_assert_null (warden_security_get_operator (fixture->security));

  g_assert_false (warden_security_login (fixture->security, ADMIN, "Gr4nite#Lak3", &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_assert_true (strstr (error->message, "4 attempts") != NULL);
  g_clear_error (&error);
  g_assert_false (warden_security_get_signed_in (fixture->security));

  g_assert_false (warden_security_login (fixture->security, "nobody", ADMIN_PW, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* user names ignore case */
  g_assert_true (warden_security_login (fixture->security, "CHIEF", ADMIN_PW, &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_get_signed_in (fixture->security));

  g_assert_true (audit_has (fixture, "login-failed", ADMIN));
  g_assert_true (audit_has (fixture, "login-failed", "nobody"));
  g_assert_true (audit_has (fixture, "logout", ADMIN));
}

typedef struct
{
  GError   *error;
  gboolean  done;
} AsyncLogin;

static void
login_async_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncLogin *login_data = user_data;

  warden_security_login_finish (WARDEN_SECURITY (source), result, &login_data->error);
  login_data->done = TRUE;
}

static void
wait_login (AsyncLogin *login_data)
{
  while (!login_data->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_login_async (Fixture       *fixture,
                  gconstpointer  data)
{
  AsyncLogin right = { NULL, };
  AsyncLogin wrong = { NULL, };

  warden_security_logout (fixture->security);
  warden_security_login_async (fixture->security, ADMIN, ADMIN_PW, NULL, login_async_cb, &right);
  wait_login (&right);
  g_assert_no_error (right.error);
  g_assert_true (warden_security_get_signed_in (fixture->security));

  warden_security_logout (fixture->security);
  warden_security_login_async (fixture->security, ADMIN, "Wrong#Pass1", NULL, login_async_cb,
                               &wrong);
  wait_login (&wrong);
  g_assert_error (wrong.error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&wrong.error);
  g_assert_false (warden_security_get_signed_in (fixture->security));
}

static void
test_lockout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenSecurity) restarted = NULL;
  WardenLockout *lockout = warden_security_get_lockout (fixture->security);

  warden_security_logout (fixture->security);
  for (int i = 0; i < 4; i++)
    {
      g_assert_false (warden_security_login (fixture->security, ADMIN, "Wrong#Pass1", &error));
      g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
      fixture->clock.now += 3 * G_USEC_PER_SEC;
    }
  g_assert_false (warden_security_login (fixture->security, ADMIN, "Wrong#Pass1", &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_LOCKED_OUT);
  g_assert_true (strstr (error->message, "5:00") != NULL);
  g_clear_error (&error);
  g_assert_cmpint (warden_lockout_get_remaining (lockout, ADMIN), ==, 5 * G_TIME_SPAN_MINUTE);

  /* the right password does not help while locked */
  fixture->clock.now += 2 * G_TIME_SPAN_MINUTE + 30 * G_TIME_SPAN_SECOND;
  g_assert_false (warden_security_login (fixture->security, ADMIN, ADMIN_PW, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_LOCKED_OUT);
  g_assert_true (strstr (error->message, "2:30") != NULL);
  g_clear_error (&error);

  /* the lock is saved: restarting Warden does not lift it */
  restarted = new_security (fixture);
  g_assert_false (warden_security_login (restarted, ADMIN, ADMIN_PW, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_LOCKED_OUT);
  g_clear_error (&error);

  fixture->clock.now += 2 * G_TIME_SPAN_MINUTE + 30 * G_TIME_SPAN_SECOND;
  g_assert_true (warden_security_login (restarted, ADMIN, ADMIN_PW, &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_login (fixture->security, ADMIN, ADMIN_PW, &error));
  g_assert_no_error (error);
  g_assert_true (audit_has (fixture, "locked-out", ADMIN));
}

static gpointer
add_devices_job (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  if (!warden_store_exec (db,
                          "INSERT INTO devices (id, name, address, created_at) VALUES "
                          "(1, 'Lobby NVR', '127.0.0.2', 0), (2, 'Gate', '127.0.0.3', 0), "
                          "(3, 'Vault door', '127.0.0.4', 0)",
                          error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
assert_denied (Fixture     *fixture,
               WardenRight  right,
               gint64       device_id,
               int          channel)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (warden_security_check_right (fixture->security, right, device_id, channel,
                                               &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
}

static void
assert_allowed (Fixture     *fixture,
                WardenRight  right,
                gint64       device_id,
                int          channel)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (warden_security_check_right (fixture->security, right, device_id, channel,
                                              &error));
  g_assert_no_error (error);
}

static void
test_builtin_roles (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) roles = warden_security_list_roles (fixture->security, &error);
  g_autoptr (GListModel) list = NULL;
  gint64 guest_id;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (roles), ==, 3);

  for (WardenRight right = WARDEN_RIGHT_LIVE; right <= WARDEN_RIGHT_AUDIT; right <<= 1)
    assert_allowed (fixture, right, 7, 1);

  guest_id = add_guest (fixture, WARDEN_ROLE_GUEST);
  login (fixture, GUEST, GUEST_PW);

  assert_allowed (fixture, WARDEN_RIGHT_LIVE, 1, 1);
  assert_denied (fixture, WARDEN_RIGHT_PTZ, 1, 1);
  assert_denied (fixture, WARDEN_RIGHT_DOOR, 3, 0);
  assert_denied (fixture, WARDEN_RIGHT_EXPORT, 0, 0);
  assert_denied (fixture, WARDEN_RIGHT_SETTINGS, 0, 0);
  g_assert_true (warden_security_has_right (fixture->security, WARDEN_RIGHT_LIVE));
  g_assert_false (warden_security_has_right (fixture->security, WARDEN_RIGHT_PLAYBACK));

  /* core refuses account management and the audit log to a guest */
  g_assert_cmpint (warden_security_add_operator (fixture->security, "intruder", "Sneaky#Pete9",
                                                 WARDEN_ROLE_ADMINISTRATOR, &error), ==, 0);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (warden_security_set_operator_role (fixture->security, guest_id,
                                                     WARDEN_ROLE_ADMINISTRATOR, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);
  list = warden_security_query_audit (fixture->security, NULL, 0, G_MAXINT64, 0, 10, &error);
  g_assert_null (list);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);

  /* an operator may use doors and PTZ but not edit devices */
  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (warden_security_set_operator_role (fixture->security, guest_id,
                                                    WARDEN_ROLE_OPERATOR, &error));
  g_assert_no_error (error);
  login (fixture, GUEST, GUEST_PW);
  assert_allowed (fixture, WARDEN_RIGHT_PTZ, 1, 1);
  assert_allowed (fixture, WARDEN_RIGHT_DOOR, 3, 0);
  assert_denied (fixture, WARDEN_RIGHT_DEVICE_EDIT, 1, 0);
  assert_denied (fixture, WARDEN_RIGHT_PERSONNEL_EDIT, 0, 0);

  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (audit_has (fixture, "access-denied", NULL));
}

static void
test_custom_role (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenRole) lobby = warden_role_new (0, "Lobby desk", FALSE,
                                                  WARDEN_RIGHT_LIVE | WARDEN_RIGHT_PTZ |
                                                  WARDEN_RIGHT_DOOR, FALSE);
  g_autoptr (WardenRole) builtin = NULL;
  g_autoptr (GListModel) roles = NULL;
  gint64 role_id;

  g_assert_nonnull (warden_store_run_sync (fixture->store, add_devices_job, NULL, &error));
  g_assert_no_error (error);

  /* channel 2 of the NVR with PTZ; the gate as a whole, live only; nothing of device 3 */
  warden_role_grant_device (lobby, 1, 2, WARDEN_RIGHT_LIVE | WARDEN_RIGHT_PTZ);
  warden_role_grant_device (lobby, 2, 0, WARDEN_RIGHT_LIVE | WARDEN_RIGHT_DOOR);
  role_id = warden_security_save_role (fixture->security, lobby, &error);
  g_assert_no_error (error);
  g_assert_cmpint (role_id, >, WARDEN_ROLE_GUEST);

  /* built-in roles stay as they are */
  builtin = warden_role_new (WARDEN_ROLE_GUEST, "Guest", TRUE, WARDEN_RIGHT_ALL, TRUE);
  g_assert_cmpint (warden_security_save_role (fixture->security, builtin, &error), ==, 0);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);

  roles = warden_security_list_roles (fixture->security, &error);
  g_assert_cmpuint (g_list_model_get_n_items (roles), ==, 4);

  add_guest (fixture, role_id);
  login (fixture, GUEST, GUEST_PW);

  assert_allowed (fixture, WARDEN_RIGHT_LIVE, 1, 2);
  assert_allowed (fixture, WARDEN_RIGHT_PTZ, 1, 2);
  assert_denied (fixture, WARDEN_RIGHT_LIVE, 1, 1);
  assert_denied (fixture, WARDEN_RIGHT_LIVE, 1, 0);
  assert_allowed (fixture, WARDEN_RIGHT_LIVE, 2, 5);
  assert_allowed (fixture, WARDEN_RIGHT_DOOR, 2, 0);
  assert_denied (fixture, WARDEN_RIGHT_PTZ, 2, 1);
  assert_denied (fixture, WARDEN_RIGHT_LIVE, 3, 0);
  assert_denied (fixture, WARDEN_RIGHT_DOOR, 3, 0);
  /* held on some device, so the UI shows the feature */
  g_assert_true (warden_security_has_right (fixture->security, WARDEN_RIGHT_PTZ));
  g_assert_false (warden_security_has_right (fixture->security, WARDEN_RIGHT_PLAYBACK));

  /* a role in use cannot be deleted */
  login (fixture, ADMIN, ADMIN_PW);
  g_assert_false (warden_security_delete_role (fixture->security, role_id, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);
}

static void
test_app_lock (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  warden_security_lock (fixture->security);
  g_assert_true (warden_security_get_locked (fixture->security));
  g_assert_false (warden_security_has_right (fixture->security, WARDEN_RIGHT_LIVE));
  g_assert_false (warden_security_check_right (fixture->security, WARDEN_RIGHT_LIVE, 0, 0,
                                               &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_APP_LOCKED);
  g_clear_error (&error);

  g_assert_false (warden_security_unlock (fixture->security, "Not#MyPass1", &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_true (warden_security_get_locked (fixture->security));

  g_assert_true (warden_security_unlock (fixture->security, ADMIN_PW, &error));
  g_assert_no_error (error);
  g_assert_false (warden_security_get_locked (fixture->security));
  assert_allowed (fixture, WARDEN_RIGHT_LIVE, 0, 0);

  /* signed out: nothing is allowed */
  warden_security_logout (fixture->security);
  g_assert_false (warden_security_check_right (fixture->security, WARDEN_RIGHT_LIVE, 0, 0,
                                               &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (audit_has (fixture, "app-lock", ADMIN));
  g_assert_true (audit_has (fixture, "app-unlock", ADMIN));
}

/* Flips one bit in the middle of a stored ciphertext. */
static gpointer
flip_secret_byte_job (sqlite3   *db,
                      gpointer   data,
                      GError   **error)
{
  g_autoptr (sqlite3_stmt) read = warden_store_prepare (db, "SELECT ciphertext FROM secrets "
                                                        "WHERE id = ?", error);
  g_autoptr (sqlite3_stmt) write = warden_store_prepare (db, "UPDATE secrets SET ciphertext = ? "
                                                         "WHERE id = ?", error);
  g_autofree guint8 *bytes = NULL;
  int size;

  g_assert_nonnull (read);
  g_assert_nonnull (write);
  sqlite3_bind_int64 (read, 1, *(gint64 *) data);
  g_assert_cmpint (sqlite3_step (read), ==, SQLITE_ROW);
  size = sqlite3_column_bytes (read, 0);
  g_assert_cmpint (size, >, 21);
  bytes = g_memdup2 (sqlite3_column_blob (read, 0), size);
  bytes[20] ^= 0x10;
  sqlite3_bind_blob (write, 1, bytes, size, SQLITE_STATIC);
  sqlite3_bind_int64 (write, 2, *(gint64 *) data);
  if (!warden_store_step_done (db, write, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
test_vault (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *after_change = NULL;
  g_autofree char *after_reset = NULL;
  g_autofree char *opened = NULL;
  g_autoptr (GBytes) sealed = NULL;
  gint64 secret_id;
  gint64 other_id;
  const char * const wrong[] = { "Rex", "Jones", "Bean" };
  const char * const sloppy[] = { "  rex ", "SMITH", "bean" };
  int chosen[3];

  secret_id = warden_security_store_secret (fixture->security, DEVICE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (secret_id, >, 0);
  loaded = warden_security_load_secret (fixture->security, secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, DEVICE_PASSWORD);

  /* another operator opens the same vault with their own password */
  add_guest (fixture, WARDEN_ROLE_GUEST);
  login (fixture, GUEST, GUEST_PW);
  g_clear_pointer (&loaded, g_free);
  loaded = warden_security_load_secret (fixture->security, secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, DEVICE_PASSWORD);

  /* a password change wraps the data key again */
  g_assert_false (warden_security_change_password (fixture->security, "Wrong#Pass1", GUEST_PW_2,
                                                   &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_false (warden_security_change_password (fixture->security, GUEST_PW, "visitor99!",
                                                   &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_true (warden_security_change_password (fixture->security, GUEST_PW, GUEST_PW_2,
                                                  &error));
  g_assert_no_error (error);
  warden_security_logout (fixture->security);
  g_assert_false (warden_security_login (fixture->security, GUEST, GUEST_PW, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  login (fixture, GUEST, GUEST_PW_2);
  after_change = warden_security_load_secret (fixture->security, secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after_change, ==, DEVICE_PASSWORD);

  /* the administrator forgot the password: the security answers reset it */
  warden_security_logout (fixture->security);
  g_assert_true (warden_security_get_account_questions (fixture->security, ADMIN, chosen, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (chosen, sizeof chosen, questions, sizeof questions);
  g_assert_false (warden_security_reset_password (fixture->security, ADMIN, wrong, "Fresh#Start42",
                                                  &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_true (warden_security_reset_password (fixture->security, ADMIN, sloppy, "Fresh#Start42",
                                                 &error));
  g_assert_no_error (error);
  login (fixture, ADMIN, "Fresh#Start42");
  after_reset = warden_security_load_secret (fixture->security, secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after_reset, ==, DEVICE_PASSWORD);

  /* a secret altered in the database, or moved to another row, is refused */
  other_id = warden_security_store_secret (fixture->security, "Another#Secret1", &error);
  g_assert_no_error (error);
  g_assert_true (exec_sql (fixture,
                           "UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets "
                           "WHERE id = 1) WHERE id = 2", &error));
  g_assert_no_error (error);
  g_assert_cmpint (other_id, ==, 2);
  g_assert_null (warden_security_load_secret (fixture->security, other_id, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
  g_clear_error (&error);
  g_assert_nonnull (warden_store_run_sync (fixture->store, flip_secret_byte_job, &secret_id,
                                           &error));
  g_assert_no_error (error);
  g_assert_null (warden_security_load_secret (fixture->security, secret_id, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
  g_clear_error (&error);

  /* blobs that callers store themselves */
  sealed = warden_security_encrypt_secret (fixture->security, "device:9:password", DEVICE_PASSWORD,
                                           &error);
  g_assert_no_error (error);
  opened = warden_security_decrypt_secret (fixture->security, "device:9:password", sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (opened, ==, DEVICE_PASSWORD);
  g_assert_null (warden_security_decrypt_secret (fixture->security, "device:8:password", sealed,
                                                 &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
  g_clear_error (&error);

  /* no session, no secrets */
  warden_security_logout (fixture->security);
  g_assert_null (warden_security_load_secret (fixture->security, secret_id, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  login (fixture, ADMIN, "Fresh#Start42");
  g_assert_true (audit_has (fixture, "password-reset", ADMIN));
  g_assert_true (audit_has (fixture, "password-change", GUEST));
}

static void
test_device_secret_follows_device (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 secret_id = warden_security_store_secret (fixture->security, DEVICE_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (warden_store_run_sync (fixture->store, add_devices_job, NULL, &error));
  sql = g_strdup_printf ("UPDATE devices SET secret_id = %" G_GINT64_FORMAT " WHERE id = 1",
                         secret_id);
  g_assert_true (exec_sql (fixture, sql, &error));
  g_assert_true (exec_sql (fixture, "DELETE FROM devices WHERE id = 1", &error));
  g_assert_no_error (error);
  g_assert_null (warden_security_load_secret (fixture->security, secret_id, &error));
  g_assert_error (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_NOT_FOUND);
}

static void
test_auto_login (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenSecurity) restarted = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *path = g_build_filename (dir, "config", "auto-login", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *user = NULL;
  gint64 secret_id;
  gint64 deputy_id;

  secret_id = warden_security_store_secret (fixture->security, DEVICE_PASSWORD, &error);
  g_assert_no_error (error);

  /* off by default */
  restarted = new_security (fixture);
  g_assert_false (warden_security_auto_login (restarted, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (warden_security_get_auto_login_user (file));

  g_assert_true (warden_security_set_auto_login (fixture->security, file, TRUE, &error));
  g_assert_no_error (error);
  user = warden_security_get_auto_login_user (file);
  g_assert_cmpstr (user, ==, ADMIN);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, ADMIN_PW));
  g_assert_null (strstr (contents, DEVICE_PASSWORD));

  /* a restart signs in without a password and opens the vault */
  g_assert_true (warden_security_auto_login (restarted, file, &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_get_signed_in (restarted));
  loaded = warden_security_load_secret (restarted, secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, DEVICE_PASSWORD);
  warden_security_logout (restarted);

  /* only an administrator may turn it on */
  add_guest (fixture, WARDEN_ROLE_GUEST);
  login (fixture, GUEST, GUEST_PW);
  g_assert_false (warden_security_set_auto_login (fixture->security, file, TRUE, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);

  /* a damaged file is refused */
  g_assert_true (g_file_set_contents (path, "[Auto Login]\nVersion=1\nUser=chief\n", -1, NULL));
  g_assert_false (warden_security_auto_login (restarted, file, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
  g_clear_error (&error);

  /* an account that was disabled no longer signs in by itself */
  login (fixture, ADMIN, ADMIN_PW);
  deputy_id = warden_security_add_operator (fixture->security, "deputy", "Harbor9#Lights",
                                            WARDEN_ROLE_ADMINISTRATOR, &error);
  g_assert_no_error (error);
  login (fixture, "deputy", "Harbor9#Lights");
  g_assert_true (warden_security_set_auto_login (fixture->security, file, TRUE, &error));
  g_assert_no_error (error);
  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (warden_security_set_operator_enabled (fixture->security, deputy_id, FALSE,
                                                       &error));
  g_assert_no_error (error);
  g_assert_false (warden_security_auto_login (restarted, file, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DISABLED);
  g_clear_error (&error);
  g_assert_false (warden_security_get_signed_in (restarted));

  g_assert_true (warden_security_set_auto_login (fixture->security, file, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (warden_security_auto_login (restarted, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) operators = NULL;
  gint64 admin_id = warden_operator_get_id (warden_security_get_operator (fixture->security));
  gint64 guest_id = add_guest (fixture, WARDEN_ROLE_GUEST);

  /* names are unique, ignoring case */
  g_assert_cmpint (warden_security_add_operator (fixture->security, "VISITOR", GUEST_PW_2,
                                                 WARDEN_ROLE_GUEST, &error), ==, 0);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_EXISTS);
  g_clear_error (&error);
  /* the rules apply to every account */
  g_assert_cmpint (warden_security_add_operator (fixture->security, "clerk", "clerk2024",
                                                 WARDEN_ROLE_GUEST, &error), ==, 0);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);

  operators = warden_security_list_operators (fixture->security, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (operators), ==, 2);

  /* the last administrator stays */
  g_assert_false (warden_security_delete_operator (fixture->security, admin_id, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DENIED);
  g_clear_error (&error);

  /* a disabled account cannot sign in */
  g_assert_true (warden_security_set_operator_enabled (fixture->security, guest_id, FALSE, &error));
  g_assert_no_error (error);
  warden_security_logout (fixture->security);
  g_assert_false (warden_security_login (fixture->security, GUEST, GUEST_PW, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_DISABLED);
  g_clear_error (&error);

  /* an administrator sets a new password for another account */
  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (warden_security_set_operator_enabled (fixture->security, guest_id, TRUE, &error));
  g_assert_true (warden_security_set_operator_password (fixture->security, guest_id, GUEST_PW_2,
                                                        &error));
  g_assert_no_error (error);
  login (fixture, GUEST, GUEST_PW_2);

  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (warden_security_delete_operator (fixture->security, guest_id, &error));
  g_assert_no_error (error);
  warden_security_logout (fixture->security);
  g_assert_false (warden_security_login (fixture->security, GUEST, GUEST_PW_2, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  login (fixture, ADMIN, ADMIN_PW);
  g_assert_true (audit_has (fixture, "operator-delete", GUEST));
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GListModel) found = NULL;
  g_autoptr (GListModel) window = NULL;
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree char *csv = NULL;
  WardenAuditEntry *first;

  fixture->clock.now += G_USEC_PER_SEC;
  warden_security_audit (fixture->security, WARDEN_AUDIT_DEVICE_ADD, "Lobby NVR (127.0.0.2)",
                         "=cmd|' /C calc'!A0");
  fixture->clock.now += G_USEC_PER_SEC;
  warden_security_audit (fixture->security, WARDEN_AUDIT_DOOR_COMMAND, "Gate door 1", "open");

  all = warden_security_query_audit (fixture->security, NULL, 0, G_MAXINT64, 0, 100, &error);
  g_assert_no_error (error);
  /* operator-add and login from the first run, the fixture's login, then the
   * two above, newest first */
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);
  first = g_list_model_get_item (all, 0);
  g_assert_cmpstr (warden_audit_entry_get_action (first), ==, "door-command");
  g_assert_cmpstr (warden_audit_entry_get_operator (first), ==, ADMIN);
  g_assert_cmpstr (warden_audit_entry_get_target (first), ==, "Gate door 1");
  g_assert_cmpint (warden_audit_entry_get_at (first), ==, fixture->clock.now);
  g_object_unref (first);

  found = warden_security_query_audit (fixture->security, "lobby", 0, G_MAXINT64, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  window = warden_security_query_audit (fixture->security, NULL, fixture->clock.now, G_MAXINT64,
                                        0, 100, &error);
  g_assert_cmpuint (g_list_model_get_n_items (window), ==, 1);

  /* append-only: the database itself refuses changes */
  g_assert_false (exec_sql (fixture, "UPDATE audit_log SET operator = 'someone'", &error));
  g_assert_true (strstr (error->message, "append-only") != NULL);
  g_clear_error (&error);
  g_assert_false (exec_sql (fixture, "DELETE FROM audit_log", &error));
  g_assert_true (strstr (error->message, "append-only") != NULL);
  g_clear_error (&error);

  g_assert_true (warden_audit_write_csv (found, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpstr (csv, ==,
                   "time,operator,action,target,detail\r\n"
                   "\"2023-11-14T22:13:21Z\",\"chief\",\"device-add\",\"Lobby NVR (127.0.0.2)\","
                   "\"'=cmd|' /C calc'!A0\"\r\n");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_template ();

#define ADD(path, func, with_admin) \
  g_test_add ("/core/security/" path, Fixture, with_admin, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("first-run", test_first_run, NULL);
  ADD ("login", test_login, "admin");
  ADD ("login-async", test_login_async, "admin");
  ADD ("lockout", test_lockout, "admin");
  ADD ("builtin-roles", test_builtin_roles, "admin");
  ADD ("custom-role", test_custom_role, "admin");
  ADD ("app-lock", test_app_lock, "admin");
  ADD ("vault", test_vault, "admin");
  ADD ("device-secret-follows-device", test_device_secret_follows_device, "admin");
  ADD ("accounts", test_accounts, "admin");
  ADD ("auto-login", test_auto_login, "admin");
  ADD ("audit", test_audit, "admin");

  status = g_test_run ();
  g_free (template_path);
  return status;
}
