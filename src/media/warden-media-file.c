/* warden-media-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot or a recording is named for its channel and the moment it was taken,
 * "Lobby NVR · Channel 3 - 2026-12-07 21.13.16.jpg", so that the Files folder says
 * which camera each file shows and sorts a channel's files by time. The channel's
 * name comes from the device: characters that are not allowed or not wise in a file
 * name (path separators, control and format characters, those FAT and SMB refuse, a
 * leading dot) become "_".
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "warden-media-file.h"

#define MAX_COPIES 999

static gboolean
is_unwise (gunichar c)
{
  if (c < 0x80)
    return c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int) c) != NULL;

  /* C1 controls, line and paragraph separators, and format characters: among them the
   * bidirectional overrides, which could make "… - date.jpg" read otherwise. */
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* @title made safe for a file name, at most WARDEN_MEDIA_FILE_TITLE_MAX bytes. */
static char *
file_title (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  g_autoptr(GString) safe = g_string_new (NULL);

  for (const char *p = g_strstrip (valid); *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (safe->len + 6 > WARDEN_MEDIA_FILE_TITLE_MAX)
        break;
      /* A leading dot would hide the file. */
      if (is_unwise (c) || (safe->len == 0 && c == '.'))
        g_string_append_c (safe, '_');
      else
        g_string_append_unichar (safe, c);
    }
  g_strchomp (safe->str);

  return safe->str[0] != '\0' ? g_strdup (safe->str) : g_strdup (_("Camera"));
}

/**
 * warden_media_file_new:
 * @directory: where the file goes
 * @title: (nullable): the channel's name, as the device gives it
 * @when: the moment the file shows
 * @extension: "jpg", "png", "mp4"
 *
 * Returns: (transfer full): "@title - YYYY-MM-DD HH.MM.SS.@extension" in @directory,
 *   with " (2)", " (3)" … before the extension where that name is taken
 */
GFile *
warden_media_file_new (GFile      *directory,
                       const char *title,
                       GDateTime  *when,
                       const char *extension)
{
  g_autofree char *safe_title = file_title (title);
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H.%M.%S");
  g_autofree char *base = g_strdup_printf ("%s - %s", safe_title, stamp);
  GFile *file = NULL;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  for (guint copy = 1; copy <= MAX_COPIES; copy++)
    {
      g_autofree char *name = copy == 1 ? g_strdup_printf ("%s.%s", base, extension)
                                        : g_strdup_printf ("%s (%u).%s", base, copy, extension);

      g_clear_object (&file);
      file = g_file_get_child (directory, name);
      if (!g_file_query_exists (file, NULL))
        break;
    }

  return file;
}
