/* warden-device-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-csv.h"

enum {
  FIELD_NAME,
  FIELD_ADDRESS,
  FIELD_PORT,
  FIELD_USER,
  FIELD_PASSWORD,
  FIELD_GROUP,
  N_FIELDS
};

static const char * const field_names[N_FIELDS] = {
  "name", "address", "port", "user", "password", "group",
};

typedef struct
{
  guint               line;
  WardenDeviceRecord *record;
  char               *password;
  char               *group;
} Row;

typedef struct
{
  GPtrArray *rows;
  guint      next;
  guint      n_added;
  GPtrArray *problems;
} Import;

static void
row_free (Row *row)
{
  warden_device_record_free (row->record);
  if (row->password != NULL)
    memset (row->password, 0, strlen (row->password));
  g_free (row->password);
  g_free (row->group);
  g_free (row);
}

static void
import_free (Import *import)
{
  g_ptr_array_unref (import->rows);
  g_ptr_array_unref (import->problems);
  g_free (import);
}

void
warden_csv_problem_free (WardenCsvProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *field,
             const char *message)
{
  WardenCsvProblem *problem = g_new0 (WardenCsvProblem, 1);

  problem->line = line;
  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

/* Splits one line into fields; NULL when its quoting is broken. */
static GStrv
split_line (const char *line)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = line;

  for (;;)
    {
      g_string_truncate (field, 0);
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              if (*p == '\0')
                return NULL;
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
          if (*p != ',' && *p != '\0')
            return NULL;
        }
      else
        while (*p != ',' && *p != '\0')
          {
            if (*p == '"')
              return NULL;
            g_string_append_c (field, *p++);
          }
      g_strv_builder_add (fields, g_strstrip (field->str));
      if (*p == '\0')
        break;
      p++;
    }
  return g_strv_builder_end (fields);
}

static Row *
parse_row (guint       line,
           const char *text,
           GPtrArray  *problems)
{
  g_auto(GStrv) fields = split_line (text);
  g_autoptr(WardenDeviceRecord) record = NULL;
  guint64 port = 37777;
  Row *row;

  if (fields == NULL)
    {
      add_problem (problems, line, NULL, _("A quoted field is not closed, or a quote is inside an unquoted field"));
      return NULL;
    }
  if (g_strv_length (fields) != N_FIELDS)
    {
      g_autofree char *message = g_strdup_printf (_("The row has %u fields; the header has %d"),
                                                  g_strv_length (fields), N_FIELDS);

      add_problem (problems, line, NULL, message);
      return NULL;
    }
  for (int i = 0; i < N_FIELDS; i++)
    if (!g_utf8_validate (fields[i], -1, NULL))
      {
        add_problem (problems, line, field_names[i], _("The text is not UTF-8"));
        return NULL;
      }
  if (!warden_device_address_is_valid (fields[FIELD_ADDRESS], TRUE))
    {
      add_problem (problems, line, "address", _("Not an IP address or host name"));
      return NULL;
    }
  if (fields[FIELD_PORT][0] != '\0' &&
      !g_ascii_string_to_unsigned (fields[FIELD_PORT], 10, 1, 65535, &port, NULL))
    {
      add_problem (problems, line, "port", _("Not a port number from 1 to 65535"));
      return NULL;
    }
  if (g_utf8_strlen (fields[FIELD_NAME], -1) > 128 || g_utf8_strlen (fields[FIELD_GROUP], -1) > 128 ||
      g_utf8_strlen (fields[FIELD_USER], -1) > 128)
    {
      add_problem (problems, line, g_utf8_strlen (fields[FIELD_NAME], -1) > 128 ? "name"
                                   : g_utf8_strlen (fields[FIELD_USER], -1) > 128 ? "user" : "group",
                   _("Longer than 128 characters"));
      return NULL;
    }
  if (fields[FIELD_PASSWORD][0] == '\0')
    {
      add_problem (problems, line, "password", _("Empty; enter the device's password"));
      return NULL;
    }

  record = warden_device_record_new ();
  record->name = g_strdup (fields[FIELD_NAME][0] != '\0' ? fields[FIELD_NAME] : fields[FIELD_ADDRESS]);
  record->address = g_strdup (fields[FIELD_ADDRESS]);
  record->port = (guint) port;
  if (fields[FIELD_USER][0] != '\0')
    {
      g_free (record->username);
      record->username = g_strdup (fields[FIELD_USER]);
    }
  row = g_new0 (Row, 1);
  row->line = line;
  row->record = g_steal_pointer (&record);
  row->password = g_strdup (fields[FIELD_PASSWORD]);
  row->group = fields[FIELD_GROUP][0] != '\0' ? g_strdup (fields[FIELD_GROUP]) : NULL;
  return row;
}

static GPtrArray *
parse (GBytes     *data,
       GPtrArray  *problems,
       GError    **error)
{
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  guint n_lines;
  g_autofree char *header = NULL;

  if (size > WARDEN_DEVICE_CSV_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is larger than %d KiB; split it into smaller files"),
                   WARDEN_DEVICE_CSV_MAX_SIZE / 1024);
      return NULL;
    }
  if (memchr (bytes, '\0', size) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not text; export it from a spreadsheet as CSV"));
      return NULL;
    }
  text = g_strndup (bytes, size);
  lines = g_strsplit (text, "\n", WARDEN_DEVICE_CSV_MAX_ROWS + 3);
  n_lines = g_strv_length (lines);
  for (guint i = 0; i < n_lines; i++)
    g_strchomp (lines[i]);
  header = g_ascii_strdown (n_lines > 0 ? lines[0] : "", -1);
  /* A spreadsheet may start the file with a byte-order mark. */
  if (!g_str_equal (g_str_has_prefix (header, "\xef\xbb\xbf") ? header + 3 : header,
                    WARDEN_DEVICE_CSV_HEADER))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The first line must be the header “%s”"), WARDEN_DEVICE_CSV_HEADER);
      return NULL;
    }
  for (guint i = 1; i < n_lines; i++)
    {
      Row *row;

      if (lines[i][0] == '\0')
        continue;
      if (i > WARDEN_DEVICE_CSV_MAX_ROWS)
        {
          add_problem (problems, i + 1, NULL, _("More than 4096 devices; the rest of the file is skipped"));
          break;
        }
      if (strlen (lines[i]) > WARDEN_DEVICE_CSV_MAX_LINE)
        {
          add_problem (problems, i + 1, NULL, _("The line is longer than 2048 bytes"));
          continue;
        }
      row = parse_row (i + 1, lines[i], problems);
      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

static void import_next (GTask *task);

static void
device_added_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Import *import = g_task_get_task_data (task);
  Row *row = g_ptr_array_index (import->rows, import->next);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSupervisor) supervisor =
    warden_device_registry_add_device_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (supervisor != NULL)
    import->n_added++;
  else
    add_problem (import->problems, row->line,
                 g_error_matches (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT)
                   ? "address" : NULL,
                 error->message);
  import->next++;
  import_next (g_steal_pointer (&task));
}

static void
group_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Import *import = g_task_get_task_data (task);
  Row *row = g_ptr_array_index (import->rows, import->next);
  g_autoptr(GError) error = NULL;
  gint64 id = warden_device_registry_write_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (id == 0)
    {
      add_problem (import->problems, row->line, "group", error->message);
      import->next++;
    }
  import_next (g_steal_pointer (&task));
}

static void
import_next (GTask *task)
{
  WardenDeviceRegistry *registry = g_task_get_source_object (task);
  Import *import = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Row *row;

  if (import->next == import->rows->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (import->problems),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  row = g_ptr_array_index (import->rows, import->next);
  if (row->group != NULL)
    {
      WardenDeviceGroup *group = warden_device_registry_find_group (registry, row->group);

      if (group == NULL)
        {
          warden_device_registry_add_group_async (registry, row->group, cancellable, group_added_cb,
                                                  task);
          return;
        }
      row->record->group_id = warden_device_group_get_id (group);
    }
  warden_device_registry_add_device_async (registry, row->record, row->password, cancellable,
                                           device_added_cb, task);
}

static void
append_field (GString    *out,
              const char *value,
              gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (value, "\"", -1);

      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (out, "\"%s\"", escaped);
    }
  else
    g_string_append (out, value);
  g_string_append_c (out, last ? '\n' : ',');
}

GBytes *
warden_device_csv_export (WardenDeviceRegistry *registry)
{
  GListModel *groups;
  GString *out = g_string_new (WARDEN_DEVICE_CSV_HEADER "\n");

  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry), NULL);

  groups = warden_device_registry_get_groups (registry);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WardenDeviceGroup) group = g_list_model_get_item (groups, i);
      GListModel *devices = warden_device_group_get_devices (group);

      for (guint j = 0; j < g_list_model_get_n_items (devices); j++)
        {
          g_autoptr(WardenDeviceSupervisor) supervisor = g_list_model_get_item (devices, j);
          const WardenDeviceRecord *record = warden_device_supervisor_get_record (supervisor);
          g_autofree char *port = g_strdup_printf ("%u", record->port);

          append_field (out, record->name, FALSE);
          append_field (out, record->address, FALSE);
          append_field (out, port, FALSE);
          append_field (out, record->username, FALSE);
          append_field (out, "", FALSE);
          append_field (out, warden_device_group_get_id (group) != 0
                               ? warden_device_group_get_name (group) : "", TRUE);
        }
    }
  return g_string_free_to_bytes (out);
}

void
warden_device_csv_import_async (WardenDeviceRegistry *registry,
                                GBytes               *data,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GPtrArray *rows;
  GError *error = NULL;
  Import *import;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry));
  g_return_if_fail (data != NULL);

  task = g_task_new (registry, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_csv_import_async);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) warden_csv_problem_free);
  rows = parse (data, problems, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  import = g_new0 (Import, 1);
  import->rows = rows;
  import->problems = g_steal_pointer (&problems);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  import_next (g_steal_pointer (&task));
}

GPtrArray *
warden_device_csv_import_finish (WardenDeviceRegistry  *registry,
                                 GAsyncResult          *result,
                                 guint                 *n_added,
                                 GError               **error)
{
  Import *import;

  g_return_val_if_fail (g_task_is_valid (result, registry), NULL);

  import = g_task_get_task_data (G_TASK (result));
  if (n_added != NULL)
    *n_added = import != NULL ? import->n_added : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}
