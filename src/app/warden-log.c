/* warden-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `warden --debug` writes every message, debug included, as one logfmt line
 * (key=value pairs) on standard error, so logs can be filtered and parsed:
 *   ts=2026-11-22T02:50:12.123Z level=debug domain=warden-store msg="..." file=... line=...
 */

#define G_LOG_DOMAIN "warden-app"

#include "config.h"

#include "warden-log.h"

#include <stdio.h>
#include <string.h>

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "message";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

static void
append_value (GString    *line,
              const char *key,
              const char *value)
{
  g_string_append_printf (line, " %s=", key);
  if (value[0] != '\0' && strpbrk (value, " =\"\\\n\t") == NULL)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (line, '\\');
      if (*p == '\n')
        g_string_append (line, "\\n");
      else
        g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static GLogWriterOutput
logfmt_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ts = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "ts=%s.%03dZ level=%s", ts,
                          g_date_time_get_microsecond (now) / 1000, level_name (log_level));

  for (gsize i = 0; i < n_fields; i++)
    {
      const char *key = fields[i].key;
      g_autofree char *value = NULL;

      if (g_str_equal (key, "PRIORITY") || g_str_equal (key, "GLIB_OLD_LOG_API"))
        continue;
      value = fields[i].length < 0 ? g_strdup (fields[i].value)
                                   : g_strndup (fields[i].value, (gsize) fields[i].length);
      if (g_str_equal (key, "GLIB_DOMAIN"))
        key = "domain";
      else if (g_str_equal (key, "MESSAGE"))
        key = "msg";
      else if (g_str_equal (key, "CODE_FILE"))
        key = "file";
      else if (g_str_equal (key, "CODE_LINE"))
        key = "line";
      else if (g_str_equal (key, "CODE_FUNC"))
        key = "func";
      append_value (line, key, value);
    }

  g_string_append_c (line, '\n');
  fputs (line->str, stderr);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

void
warden_log_enable_debug (void)
{
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (logfmt_writer, NULL, NULL);
}
