/* test-window.c: the real application under Xvfb, every page visited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-application.h"
#include "warden-security.h"
#include "warden-test-ui.h"

static const char *pages[] = {
  "devices", "live", "playback", "access", "events", "files", "settings", "operators", "audit",
};

typedef struct
{
  char      *data_dir;
  GPtrArray *shots;
  gboolean   visited;
} Run;

/* Opens a window through an action and saves a screenshot of it. */
static char *
shoot_dialog (GActionGroup *group,
              const char   *action,
              GType         type,
              const char   *name)
{
  GtkWindow *dialog = NULL;
  char *path;

  g_action_group_activate_action (group, action, NULL);
  while (dialog == NULL)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
        {
          g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
            dialog = GTK_WINDOW (toplevel);
        }
      g_main_context_iteration (NULL, TRUE);
    }

  warden_test_ui_wait_frames (GTK_WIDGET (dialog), 10);
  path = warden_test_ui_save_screenshot (GTK_WIDGET (dialog), name);
  gtk_window_destroy (dialog);
  return path;
}

static void
drive_window (GtkWindow *window,
              Run       *run)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  warden_test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Warden");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "show-page",
                                      g_variant_new_string (pages[i]));
      /* The stack cross-fades: let the transition finish. */
      warden_test_ui_wait_frames (GTK_WIDGET (window), 30);
      g_ptr_array_add (run->shots, warden_test_ui_save_screenshot (GTK_WIDGET (window), pages[i]));
      {
        g_autofree char *last = g_settings_get_string (settings, "last-page");

        g_assert_cmpstr (last, ==, pages[i]);
      }
    }

  g_ptr_array_add (run->shots, shoot_dialog (G_ACTION_GROUP (window), "show-help-overlay",
                                             GTK_TYPE_SHORTCUTS_WINDOW, "shortcuts"));
  g_ptr_array_add (run->shots,
                   shoot_dialog (G_ACTION_GROUP (g_application_get_default ()), "about",
                                 ADW_TYPE_ABOUT_WINDOW, "about"));

  gtk_window_set_default_size (window, 1100, 700);
  warden_test_ui_wait_frames (GTK_WIDGET (window), 3);
  run->visited = TRUE;
  gtk_window_close (window);
}

static gboolean
drive_idle (gpointer user_data)
{
  Run *run = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  drive_window (window, run);
  return G_SOURCE_REMOVE;
}

/* An administrator who signs in by itself on this computer, as an
 * administrator can set up for a guard-room PC: the window opens signed in. */
static void
seed_signed_in_site (const char *data_dir)
{
  g_autofree char *db = g_build_filename (data_dir, "warden.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenStore) store = warden_store_open (db, &error);
  g_autoptr (WardenSecurity) security = NULL;
  g_autoptr (GFile) auto_login = warden_security_get_default_auto_login_file ();
  const int questions[] = { 0, 1, 2 };
  const char *answers[] = { "Rex", "Lisbon", "Hill Street", NULL };

  g_assert_no_error (error);
  security = warden_security_new (store);
  g_assert_true (warden_security_create_administrator (security, "admin", "Guard-Room-7x",
                                                       questions, answers, &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_login (security, "admin", "Guard-Room-7x", &error));
  g_assert_no_error (error);
  g_assert_true (warden_security_set_auto_login (security, auto_login, TRUE, &error));
  g_assert_no_error (error);
}

static void
test_every_page (void)
{
  g_autoptr (WardenApplication) app = warden_application_new ();
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *files_dir = NULL;
  g_autofree char *sample = NULL;
  Run run = { 0 };
  char *argv[] = { "warden", "--data-dir", NULL, NULL };

  run.data_dir = warden_test_ui_fresh_dir ("window");
  run.shots = g_ptr_array_new_with_free_func (g_free);
  argv[2] = run.data_dir;

  /* Something for the Files page to list. */
  files_dir = g_build_filename (run.data_dir, "files", NULL);
  g_assert_no_errno (g_mkdir_with_parents (files_dir, 0700));
  sample = g_build_filename (files_dir, "Gate NVR - Channel 1 - 2026-11-22 08.15.02.png", NULL);
  g_assert_true (g_file_set_contents (sample, "not really a picture", -1, NULL));
  seed_signed_in_site (run.data_dir);

  g_timeout_add (50, drive_idle, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);

  g_assert_true (run.visited);
  g_assert_cmpuint (run.shots->len, ==, G_N_ELEMENTS (pages) + 2);
  for (guint i = 0; i < run.shots->len; i++)
    {
      g_autoptr (GdkTexture) shot = gdk_texture_new_from_filename (run.shots->pdata[i], NULL);

      g_assert_nonnull (shot);
      g_assert_cmpint (gdk_texture_get_width (shot), >=, 300);
    }

  /* The window saved its size on close. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_true (g_file_test (run.data_dir, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *db = g_build_filename (run.data_dir, "warden.db", NULL);

    g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  }

  g_ptr_array_unref (run.shots);
  g_free (run.data_dir);
  g_assert_finalize_object (g_steal_pointer (&app));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = warden_test_ui_fresh_dir ("window-config");

  /* Before GLib reads it: the automatic sign-in lives in the configuration folder. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/window/every-page", test_every_page);

  return g_test_run ();
}
