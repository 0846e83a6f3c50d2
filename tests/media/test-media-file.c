/* test-media-file.c: the names of saved snapshots and recordings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "warden-media-file.h"

static char *
name_for (GFile      *directory,
          const char *title)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 12, 7, 21, 13, 16.5);
  g_autoptr(GFile) file = warden_media_file_new (directory, title, when, "jpg");
  g_autoptr(GFile) parent = g_file_get_parent (file);

  /* Never anywhere but in the directory itself. */
  g_assert_true (g_file_equal (parent, directory));

  return g_file_get_basename (file);
}

static GFile *
empty_directory (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "media-file", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }

  return g_file_new_for_path (path);
}

static void
test_names (void)
{
  g_autoptr(GFile) directory = empty_directory ();
  static const struct
  {
    const char *title;
    const char *name;
  } cases[] = {
    { "Lobby NVR · Channel 3", "Lobby NVR · Channel 3 - 2026-12-07 21.13.16.jpg" },
    /* From the device: nothing that leaves the folder, hides the file or breaks a name */
    { "../../etc/passwd", "_._.._etc_passwd - 2026-12-07 21.13.16.jpg" },
    { ".hidden", "_hidden - 2026-12-07 21.13.16.jpg" },
    { "  Gate\t1\r\n", "Gate_1 - 2026-12-07 21.13.16.jpg" },
    { "a:b*c?d\"e<f>g|h\\i", "a_b_c_d_e_f_g_h_i - 2026-12-07 21.13.16.jpg" },
    { "Door \xe2\x80\xae" "gpj.exe", "Door _gpj.exe - 2026-12-07 21.13.16.jpg" },
    { "Bad \xff utf-8", "Bad \xef\xbf\xbd utf-8 - 2026-12-07 21.13.16.jpg" },
    /* Nothing left: a generic name */
    { "", "Camera - 2026-12-07 21.13.16.jpg" },
    { NULL, "Camera - 2026-12-07 21.13.16.jpg" },
    { " \t ", "Camera - 2026-12-07 21.13.16.jpg" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = name_for (directory, cases[i].title);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_long_title (void)
{
  g_autoptr(GFile) directory = empty_directory ();
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *name = NULL;
  const char *end;

  for (guint i = 0; i < 200; i++)
    g_string_append (title, "é");
  name = name_for (directory, title->str);

  /* Cut on a character, within the limit */
  g_assert_true (g_utf8_validate (name, -1, NULL));
  end = strstr (name, " - 2026-12-07 21.13.16.jpg");
  g_assert_nonnull (end);
  g_assert_cmpint (end - name, <=, WARDEN_MEDIA_FILE_TITLE_MAX);
  g_assert_cmpint (end - name, >=, WARDEN_MEDIA_FILE_TITLE_MAX - 6);
}

static void
test_taken (void)
{
  g_autoptr(GFile) directory = empty_directory ();

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *name = name_for (directory, "Gate");
      g_autofree char *expected = i == 1 ? g_strdup ("Gate - 2026-12-07 21.13.16.jpg")
                                         : g_strdup_printf ("Gate - 2026-12-07 21.13.16 (%u).jpg", i);
      g_autoptr(GFile) file = g_file_get_child (directory, name);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (name, ==, expected);
      g_assert_true (g_file_replace_contents (file, "x", 1, NULL, FALSE, G_FILE_CREATE_NONE,
                                              NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/media-file/names", test_names);
  g_test_add_func ("/media/media-file/long-title", test_long_title);
  g_test_add_func ("/media/media-file/taken", test_taken);

  return g_test_run ();
}
