/* test-files-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "warden-files-page.h"
#include "warden-test-ui.h"

static void
wait_for_child (GtkStack   *stack,
                const char *name)
{
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) != 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_items (WardenFilesPage *page,
                guint            count)
{
  GtkWidget *view = warden_test_ui_find_descendant (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  GListModel *model = view != NULL ? G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))
                                   : NULL;

  g_assert_nonnull (model);
  while (g_list_model_get_n_items (model) != count)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_lists_files_live (void)
{
  g_autofree char *dir = warden_test_ui_fresh_dir ("files-page");
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenDataDir) data_dir = warden_data_dir_new (dir, &error);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *chosen = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *sample = NULL;
  GtkWidget *window = gtk_window_new ();
  WardenFilesPage *page = g_object_ref_sink (g_object_new (WARDEN_TYPE_FILES_PAGE, NULL));
  GtkStack *stack;

  g_assert_no_error (error);
  g_settings_reset (settings, "files-directory");
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  warden_files_page_set_data_dir (page, data_dir);
  gtk_window_present (GTK_WINDOW (window));
  warden_test_ui_wait_frames (window, 3);

  g_assert_cmpstr (warden_files_page_get_folder (page), ==,
                   warden_data_dir_get_files_path (data_dir));
  stack = GTK_STACK (warden_test_ui_find_descendant (GTK_WIDGET (page), GTK_TYPE_STACK));
  g_assert_nonnull (stack);
  wait_for_child (stack, "empty");
  shot = warden_test_ui_save_screenshot (window, "files-empty");

  /* Files saved while the page is open show up without a reload, whether they
   * are written in place or renamed into the folder (atomic saves). */
  sample = g_build_filename (warden_data_dir_get_files_path (data_dir), "Lobby 2026-11-22.jpg", NULL);
  {
    FILE *f = fopen (sample, "w");

    g_assert_nonnull (f);
    fputs ("jpeg", f);
    fclose (f);
  }
  wait_for_child (stack, "files");
  wait_for_items (page, 1);
  g_free (sample);
  sample = g_build_filename (warden_data_dir_get_files_path (data_dir), "Gate 2026-11-22.mp4", NULL);
  g_assert_true (g_file_set_contents (sample, "mp4", -1, NULL));
  wait_for_items (page, 2);

  /* Choosing another folder in Settings switches the list to it. */
  chosen = warden_test_ui_fresh_dir ("files-page-chosen");
  g_settings_set_string (settings, "files-directory", chosen);
  g_assert_cmpstr (warden_files_page_get_folder (page), ==, chosen);
  wait_for_child (stack, "empty");
  g_settings_reset (settings, "files-directory");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/files-page/lists-files-live", test_lists_files_live);

  return g_test_run ();
}
