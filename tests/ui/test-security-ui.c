/* test-security-ui.c: first run, sign-in with lock-out, and the app lock,
 * driven through their widgets under Xvfb, with screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-audit-page.h"
#include "warden-first-run-window.h"
#include "warden-lock-screen.h"
#include "warden-login-window.h"
#include "warden-operators-page.h"
#include "warden-password-entry.h"
#include "security-test-support.h"
#include "warden-test-ui.h"

#include <sqlite3.h>

#define ADMIN    "chief"
#define ADMIN_PW "Gr4nite#Lake"

typedef struct
{
  gint64 now;
} FakeClock;

typedef struct
{
  char           *dir;
  WardenStore    *store;
  WardenSecurity *security;
  FakeClock       clock;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *) user_data)->now;
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_text (gpointer    widget,
           GType       type,
           const char *name,
           const char *text)
{
  gpointer editable = child (widget, type, name);

  if (WARDEN_IS_PASSWORD_ENTRY (editable))
    warden_password_entry_set_text (editable, text);
  else
    gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
flag_cb (gpointer  widget,
         gboolean *flag)
{
  *flag = TRUE;
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = warden_test_ui_fresh_dir ("security");
  path = g_build_filename (fixture->dir, "warden.db", NULL);
  fixture->store = warden_store_open (path, &error);
  g_assert_no_error (error);
  fixture->security = warden_security_new (fixture->store);
  fixture->clock.now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  warden_lockout_set_clock (warden_security_get_lockout (fixture->security), fake_clock,
                            &fixture->clock);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  security_test_wait_for_last_reference (fixture->security);
  g_assert_finalize_object (fixture->security);
  security_test_wait_for_last_reference (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->dir);
}

static void
close_window (gpointer window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  security_test_wait_for_last_reference (window);
  g_assert_finalize_object (window);
}

static GtkWidget *
window_with (GtkWidget *content)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  adw_window_set_content (ADW_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
  warden_test_ui_wait_frames (window, 3);
  return window;
}

static void
create_administrator (Fixture *fixture)
{
  GtkWidget *view = warden_first_run_window_new (fixture->security);
  GType type = WARDEN_TYPE_FIRST_RUN_WINDOW;
  GtkWidget *create = child (view, type, "create_button");
  GtkWidget *reasons = child (child (view, type, "password_entry"),
                              WARDEN_TYPE_PASSWORD_ENTRY, "reasons_label");
  GtkWidget *window;
  gboolean done = FALSE;

  g_signal_connect (view, "done", G_CALLBACK (flag_cb), &done);
  window = window_with (view);

  /* a weak password: the exact reasons show and Create stays off */
  type_text (view, type, "username_row", ADMIN);
  type_text (view, type, "password_entry", "chief123");
  type_text (view, type, "confirm_entry", "chief123");
  type_text (view, type, "answer_0", "Rex");
  type_text (view, type, "answer_1", "Springfield");
  type_text (view, type, "answer_2", "Bean");
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_widget_get_visible (reasons));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (reasons)), "user name"));
  g_assert_false (gtk_widget_get_sensitive (create));
  g_free (warden_test_ui_save_screenshot (window, "security-first-run-weak"));

  /* the same question twice is refused */
  gtk_drop_down_set_selected (child (view, type, "question_1"), 0);
  type_text (view, type, "password_entry", ADMIN_PW);
  type_text (view, type, "confirm_entry", ADMIN_PW);
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_drop_down_set_selected (child (view, type, "question_1"), 4);

  g_assert_false (gtk_widget_get_visible (reasons));
  g_assert_true (gtk_widget_get_sensitive (create));
  warden_test_ui_wait_frames (window, 3);
  g_free (warden_test_ui_save_screenshot (window, "security-first-run"));

  g_signal_emit_by_name (create, "clicked");
  wait_for (&done);
  g_assert_true (warden_security_get_signed_in (fixture->security));
  g_assert_false (warden_security_needs_first_run (fixture->security, NULL));
  close_window (window);
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_true (warden_security_needs_first_run (fixture->security, NULL));
  create_administrator (fixture);
}

static void
sign_in (GtkWidget     *view,
         WardenLockout *lockout,
         const char    *password)
{
  GType type = WARDEN_TYPE_LOGIN_WINDOW;
  GtkWidget *spinner = child (view, type, "spinner");

  type_text (view, type, "password_entry", password);
  g_signal_emit_by_name (child (view, type, "sign_in_button"), "clicked");
  while (gtk_widget_get_visible (spinner))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_login_lockout (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *window;
  WardenLockout *lockout = warden_security_get_lockout (fixture->security);
  GType type = WARDEN_TYPE_LOGIN_WINDOW;
  GtkWidget *error_label;
  GtkWidget *lockout_label;
  GtkWidget *sign_in_button;
  gboolean signed_in = FALSE;

  create_administrator (fixture);
  warden_security_logout (fixture->security);

  view = warden_login_window_new (fixture->security);
  error_label = child (view, type, "error_label");
  lockout_label = child (view, type, "lockout_label");
  sign_in_button = child (view, type, "sign_in_button");
  g_signal_connect (view, "signed-in", G_CALLBACK (flag_cb), &signed_in);
  window = window_with (view);

  type_text (view, type, "username_row", ADMIN);
  sign_in (view, lockout, "Gr4nite#Lak3");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "4 attempts"));
  g_assert_false (signed_in);
  warden_test_ui_wait_frames (window, 3);
  g_free (warden_test_ui_save_screenshot (window, "security-login-failed"));

  for (int i = 0; i < 4; i++)
    sign_in (view, lockout, "Gr4nite#Lak3");

  /* locked: the time left shows and Sign In is off */
  g_assert_true (gtk_widget_get_visible (lockout_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (lockout_label)), ==,
                   "Too many failed attempts. Try again in 5:00.");
  g_assert_false (gtk_widget_get_sensitive (sign_in_button));
  warden_test_ui_wait_frames (window, 3);
  g_free (warden_test_ui_save_screenshot (window, "security-login-locked"));

  /* the countdown follows the clock, a second at a time */
  fixture->clock.now += 3 * G_TIME_SPAN_MINUTE + 20 * G_TIME_SPAN_SECOND;
  while (strstr (gtk_label_get_label (GTK_LABEL (lockout_label)), "1:40") == NULL)
    g_main_context_iteration (NULL, TRUE);

  fixture->clock.now += 100 * G_TIME_SPAN_SECOND;
  while (!gtk_widget_get_sensitive (sign_in_button))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (lockout_label));

  sign_in (view, lockout, ADMIN_PW);
  g_assert_true (signed_in);
  g_assert_true (warden_security_get_signed_in (fixture->security));
  close_window (window);
}

static void
test_lock_screen (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *video;
  GtkWidget *lock_screen;
  GType type = WARDEN_TYPE_LOCK_SCREEN;
  GtkWidget *error_label;

  create_administrator (fixture);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  video = gtk_label_new ("live video");
  adw_window_set_content (ADW_WINDOW (window), video);
  warden_lock_screen_install (GTK_WINDOW (window), fixture->security,
                              WARDEN_SECURITY_IDLE_LOCK_MINUTES);
  gtk_window_present (GTK_WINDOW (window));
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_widget_get_mapped (video));

  /* Ctrl+L: the window's lock action hides the video */
  g_assert_true (gtk_widget_activate_action (window, "win.lock", NULL));
  g_assert_true (warden_security_get_locked (fixture->security));
  warden_test_ui_wait_frames (window, 3);
  g_assert_false (gtk_widget_get_mapped (video));
  lock_screen = gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), type);
  g_assert_nonnull (lock_screen);
  error_label = child (lock_screen, type, "error_label");

  type_text (lock_screen, type, "password_entry", "Not#MyPass1");
  g_signal_emit_by_name (child (lock_screen, type, "unlock_button"), "clicked");
  while (!gtk_widget_get_visible (error_label))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (warden_security_get_locked (fixture->security));
  warden_test_ui_wait_frames (window, 3);
  g_free (warden_test_ui_save_screenshot (window, "security-lock-screen"));

  type_text (lock_screen, type, "password_entry", ADMIN_PW);
  g_signal_emit_by_name (child (lock_screen, type, "unlock_button"), "clicked");
  while (warden_security_get_locked (fixture->security))
    g_main_context_iteration (NULL, TRUE);
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_widget_get_mapped (video));

  /* idle for the set time: it locks itself */
  fixture->clock.now += WARDEN_SECURITY_IDLE_LOCK_MINUTES * G_TIME_SPAN_MINUTE - G_TIME_SPAN_SECOND;
  g_assert_false (warden_security_get_locked (fixture->security));
  fixture->clock.now += G_TIME_SPAN_SECOND;
  while (!warden_security_get_locked (fixture->security))
    g_main_context_iteration (NULL, TRUE);
  close_window (window);
}


static void
wait_for_items (GListModel *model,
                guint       n)
{
  while (g_list_model_get_n_items (model) != n)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_audit_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) csv = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *page;
  GtkWidget *window;
  GListModel *model;

  create_administrator (fixture);
  fixture->clock.now += G_TIME_SPAN_MINUTE;
  warden_security_audit (fixture->security, WARDEN_AUDIT_DEVICE_ADD, "Lobby NVR (127.0.0.2)",
                         "4 channels");
  fixture->clock.now += G_TIME_SPAN_MINUTE;
  warden_security_audit (fixture->security, WARDEN_AUDIT_DOOR_COMMAND, "Gate door 1", "open");

  page = warden_audit_page_new (fixture->security);
  model = warden_audit_page_get_model (WARDEN_AUDIT_PAGE (page));
  window = window_with (page);
  /* the first run's operator-add and login, then the two above */
  wait_for_items (model, 4);
  warden_test_ui_wait_frames (window, 3);
  g_free (warden_test_ui_save_screenshot (window, "security-audit-page"));

  gtk_editable_set_text (GTK_EDITABLE (child (page, WARDEN_TYPE_AUDIT_PAGE, "search_entry")),
                         "lobby");
  wait_for_items (model, 1);

  csv_path = g_build_filename (fixture->dir, "audit.csv", NULL);
  csv = g_file_new_for_path (csv_path);
  g_assert_true (warden_audit_page_export_csv (WARDEN_AUDIT_PAGE (page), csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "time,operator,action,target,detail\r\n"));
  g_assert_nonnull (strstr (contents, "\"Lobby NVR (127.0.0.2)\""));
  g_assert_null (strstr (contents, "Gate door 1"));

  /* the export is in the log too */
  warden_audit_page_reload (WARDEN_AUDIT_PAGE (page));
  gtk_editable_set_text (GTK_EDITABLE (child (page, WARDEN_TYPE_AUDIT_PAGE, "search_entry")),
                         "audit.csv");
  wait_for_items (model, 1);
  close_window (window);
}

static gpointer
add_device_job (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  if (!warden_store_exec (db, "INSERT INTO devices (id, name, address, channel_count, created_at) "
                              "VALUES (7, 'Gate', '127.0.0.3', 4, 0)", error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* New Role, limited to one channel of a recorder, through the dialog. */
static void
make_device_role (Fixture   *fixture,
                  GtkWidget *page)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) roles = NULL;
  g_autoptr (WardenRole) role = NULL;
  AdwPreferencesGroup *group = child (page, WARDEN_TYPE_OPERATORS_PAGE, "roles_group");
  AdwMessageDialog *dialog;
  GtkWidget *devices;
  GtkWidget *channels = NULL;
  GtkWidget *device_check;
  GtkWidget *channel_3;

  g_assert_nonnull (warden_store_run_sync (fixture->store, add_device_job, NULL, &error));
  g_signal_emit_by_name (adw_preferences_group_get_header_suffix (group), "clicked");
  while ((dialog = find_dialog ()) == NULL)
    g_main_context_iteration (NULL, TRUE);

  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "name"), "Gate desk");
  devices = g_object_get_data (G_OBJECT (dialog), "devices");
  /* the device's check, then its channels */
  while (channels == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      channels = gtk_widget_get_last_child (devices);
      if (!GTK_IS_FLOW_BOX (channels))
        channels = NULL;
    }
  device_check = gtk_widget_get_prev_sibling (channels);
  g_assert_cmpint (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (device_check), "device")), ==, 7);
  g_assert_false (gtk_widget_get_sensitive (device_check));
  g_assert_false (gtk_widget_get_visible (channels));
  gtk_check_button_set_active (g_object_get_data (G_OBJECT (devices), "all"), FALSE);
  g_assert_true (gtk_widget_get_sensitive (device_check));
  g_assert_true (gtk_widget_get_visible (channels));

  channel_3 = gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (channels), 2));
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (channel_3), "channel")), ==, 3);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (channel_3), TRUE);
  adw_message_dialog_response (dialog, "add");

  roles = warden_security_list_roles (fixture->security, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (roles), ==, 4);
  role = g_list_model_get_item (roles, 3);
  g_assert_cmpstr (warden_role_get_name (role), ==, "Gate desk");
  g_assert_false (warden_role_get_all_devices (role));
  g_assert_true (warden_role_allows (role, WARDEN_RIGHT_LIVE, 7, 3));
  g_assert_false (warden_role_allows (role, WARDEN_RIGHT_LIVE, 7, 2));
  g_assert_false (warden_role_allows (role, WARDEN_RIGHT_LIVE, 8, 0));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_operators_page (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *page;
  GtkWidget *window;
  AdwPreferencesGroup *group;

  create_administrator (fixture);
  warden_security_add_operator (fixture->security, "visitor", "Pebble7-Moss", WARDEN_ROLE_GUEST,
                                &error);
  g_assert_no_error (error);

  page = warden_operators_page_new (fixture->security);
  group = child (page, WARDEN_TYPE_OPERATORS_PAGE, "operators_group");
  window = window_with (page);
  g_assert_cmpstr (adw_preferences_group_get_description (group) != NULL
                   ? adw_preferences_group_get_description (group) : "", ==, "");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (group)));
  g_free (warden_test_ui_save_screenshot (window, "security-operators-page"));
  make_device_role (fixture, page);
  close_window (window);

  /* a guest sees why the page is empty, and core refuses it anyway */
  warden_security_logout (fixture->security);
  g_assert_true (warden_security_login (fixture->security, "visitor", "Pebble7-Moss", &error));
  page = warden_operators_page_new (fixture->security);
  group = child (page, WARDEN_TYPE_OPERATORS_PAGE, "operators_group");
  window = window_with (page);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (group)));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (group), "does not allow"));
  close_window (window);
}

static void
test_gate (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *video = gtk_label_new ("live video");
  GtkStack *stack;
  GtkWidget *first_run;
  GtkWidget *sign_in_view;
  GType type = WARDEN_TYPE_FIRST_RUN_WINDOW;
  gboolean done = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  adw_window_set_content (ADW_WINDOW (window), video);
  warden_lock_screen_install (GTK_WINDOW (window), fixture->security, 0);
  gtk_window_present (GTK_WINDOW (window));
  warden_test_ui_wait_frames (window, 3);

  /* no account yet: the first run, and nothing of the pages */
  stack = GTK_STACK (adw_window_get_content (ADW_WINDOW (window)));
  first_run = gtk_stack_get_child_by_name (stack, "first-run");
  sign_in_view = gtk_stack_get_child_by_name (stack, "sign-in");
  g_assert_true (gtk_stack_get_visible_child (stack) == first_run);
  g_assert_false (gtk_widget_get_mapped (video));

  g_signal_connect (first_run, "done", G_CALLBACK (flag_cb), &done);
  type_text (first_run, type, "username_row", ADMIN);
  type_text (first_run, type, "password_entry", ADMIN_PW);
  type_text (first_run, type, "confirm_entry", ADMIN_PW);
  type_text (first_run, type, "answer_0", "Rex");
  type_text (first_run, type, "answer_1", "Springfield");
  type_text (first_run, type, "answer_2", "Bean");
  g_signal_emit_by_name (child (first_run, type, "create_button"), "clicked");
  wait_for (&done);
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_widget_get_mapped (video));
  g_assert_true (gtk_stack_get_visible_child (stack) != first_run);

  /* signed out: the sign-in form */
  warden_security_logout (fixture->security);
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_stack_get_visible_child (stack) == sign_in_view);
  g_assert_false (gtk_widget_get_mapped (video));
  type_text (sign_in_view, WARDEN_TYPE_LOGIN_WINDOW, "username_row", ADMIN);
  sign_in (sign_in_view, warden_security_get_lockout (fixture->security), ADMIN_PW);
  warden_test_ui_wait_frames (window, 3);
  g_assert_true (gtk_widget_get_mapped (video));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/security/first-run", Fixture, NULL, fixture_set_up, test_first_run,
              fixture_tear_down);
  g_test_add ("/ui/security/login-lockout", Fixture, NULL, fixture_set_up, test_login_lockout,
              fixture_tear_down);
  g_test_add ("/ui/security/lock-screen", Fixture, NULL, fixture_set_up, test_lock_screen,
              fixture_tear_down);

  g_test_add ("/ui/security/gate", Fixture, NULL, fixture_set_up, test_gate, fixture_tear_down);
  g_test_add ("/ui/security/audit-page", Fixture, NULL, fixture_set_up, test_audit_page,
              fixture_tear_down);
  g_test_add ("/ui/security/operators-page", Fixture, NULL, fixture_set_up, test_operators_page,
              fixture_tear_down);

  return g_test_run ();
}
