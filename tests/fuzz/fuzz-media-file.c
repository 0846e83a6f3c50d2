/* fuzz-media-file.c: file names made from a channel name the device sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "warden-media-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *title = g_strndup ((const char *) data, size);
  g_autoptr(GFile) directory = g_file_new_for_path ("/nonexistent/warden-fuzz");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, 7, 21, 13, 16);
  g_autoptr(GFile) file = warden_media_file_new (directory, title, when, "jpg");
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  const char *stamp = strstr (name, " - 2026-12-07 21.13.16.jpg");

  /* Always a plain, visible, valid name right in the directory, the title kept short. */
  g_assert_true (g_file_equal (parent, directory));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_null (strchr (name, '/'));
  g_assert_cmpint (name[0], !=, '.');
  g_assert_nonnull (stamp);
  g_assert_cmpint (stamp - name, <=, WARDEN_MEDIA_FILE_TITLE_MAX);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_cmpint (g_unichar_type (g_utf8_get_char (p)), !=, G_UNICODE_FORMAT);
  return 0;
}
