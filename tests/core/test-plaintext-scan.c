/* test-plaintext-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs after every other test and reads, byte by byte, every SQLite database
 * and write-ahead log the tests left under $WARDEN_TEST_DATA, looking for the
 * device passwords given on the command line. Reading the raw file, rather
 * than querying tables, also finds free pages and journal copies, which is
 * what a copy of the database taken to another machine would give away.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define SQLITE_MAGIC "SQLite format 3"
#define WAL_MAGIC_BE 0x377f0682
#define WAL_MAGIC_LE 0x377f0683
#define MAX_SCANNED_FILE ((goffset) 1 << 30)
#define SELF_CHECK_DIR "core-plaintext-scan"

static GPtrArray *needles;

static gboolean
is_database_or_log (const guint8 *data,
                    gsize         size)
{
  guint32 magic;

  if (size >= sizeof SQLITE_MAGIC && memcmp (data, SQLITE_MAGIC, sizeof SQLITE_MAGIC) == 0)
    return TRUE;
  if (size < 4)
    return FALSE;
  magic = GUINT32_FROM_BE (*(const guint32 *) data);
  return magic == WAL_MAGIC_BE || magic == WAL_MAGIC_LE;
}

static gboolean
contains (const guint8 *data,
          gsize         size,
          const char   *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; length <= size && i <= size - length; i++)
    {
      if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Adds to @found a line per file and password found in plain text; returns
 * how many databases and logs were read. */
static guint
scan_tree (GFile     *dir,
           gboolean   skip_self_check,
           GString   *found)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileEnumerator) children = NULL;
  guint scanned = 0;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);

  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr (GFileInfo) owned = info;
      g_autoptr (GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_autofree char *path = g_file_get_path (child);
      g_autofree char *contents = NULL;
      gsize size = 0;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!(skip_self_check && g_str_equal (g_file_info_get_name (info), SELF_CHECK_DIR)))
            scanned += scan_tree (child, skip_self_check, found);
          continue;
        }
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          g_file_info_get_size (info) > MAX_SCANNED_FILE)
        continue;
      if (!g_file_get_contents (path, &contents, &size, NULL) ||
          !is_database_or_log ((const guint8 *) contents, size))
        continue;

      scanned++;
      for (guint i = 0; i < needles->len; i++)
        {
          const char *needle = g_ptr_array_index (needles, i);

          if (contains ((const guint8 *) contents, size, needle))
            g_string_append_printf (found, "%s holds “%s” in plain text\n", path, needle);
        }
    }
  g_assert_no_error (error);
  return scanned;
}

static void
exec_or_fail (sqlite3    *db,
              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The scanner finds a password stored the wrong way, in the database and
 * in its write-ahead log. */
static void
test_self_check (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), SELF_CHECK_DIR, NULL);
  g_autofree char *path = g_build_filename (dir, "leaky.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *sql = NULL;
  g_autoptr (GFile) root = g_file_new_for_path (dir);
  g_autoptr (GString) found = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_unlink (path);
  g_unlink (wal);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_or_fail (db, "PRAGMA journal_mode = WAL");
  exec_or_fail (db, "CREATE TABLE devices (password TEXT)");
  sql = sqlite3_mprintf ("INSERT INTO devices VALUES (%Q)",
                         (const char *) g_ptr_array_index (needles, 0));
  exec_or_fail (db, sql);
  sqlite3_free (g_steal_pointer (&sql));

  /* while open, the row lives in the log */
  g_assert_cmpuint (scan_tree (root, FALSE, found), >=, 1);
  g_assert_true (strstr (found->str, "leaky.db-wal") != NULL);

  /* after a checkpoint it is in the database file */
  sqlite3_close (db);
  g_string_truncate (found, 0);
  g_assert_cmpuint (scan_tree (root, FALSE, found), ==, 1);
  g_assert_true (strstr (found->str, "leaky.db holds") != NULL);
}

static void
test_scan (void)
{
  g_autoptr (GFile) root = g_file_new_for_path (g_getenv ("WARDEN_TEST_DATA"));
  g_autoptr (GString) found = g_string_new (NULL);
  guint scanned = scan_tree (root, TRUE, found);

  g_test_message ("read %u databases and logs", scanned);
  /* the security tests ran before and left databases with stored secrets */
  g_assert_cmpuint (scanned, >=, 1);
  if (found->len > 0)
    g_error ("Device passwords stored in plain text:\n%s", found->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  needles = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (needles, argv[i]);
  if (needles->len == 0)
    g_error ("Give the device passwords to look for as arguments");

  g_test_add_func ("/core/plaintext-scan/self-check", test_self_check);
  g_test_add_func ("/core/plaintext-scan/scan", test_scan);

  return g_test_run ();
}
