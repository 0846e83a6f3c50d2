/* warden-kv-table.c: CGI `key=value` replies and their JSON form (PROTOCOL.md §1.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-kv-table.h"
#include "warden-proto-error.h"

#include <string.h>

/* Most nodes warden_kv_table_to_json() creates, counting the nulls of sparse arrays. */
#define MAX_JSON_NODES 1000000u

struct _WardenKvTable
{
  GPtrArray *keys;
  GPtrArray *values;
};

WardenKvTable *
warden_kv_table_new (void)
{
  WardenKvTable *table = g_new0 (WardenKvTable, 1);

  table->keys = g_ptr_array_new_with_free_func (g_free);
  table->values = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
warden_kv_table_free (WardenKvTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->keys);
  g_ptr_array_unref (table->values);
  g_free (table);
}

void
warden_kv_table_add (WardenKvTable *table,
                     const char    *key,
                     const char    *value)
{
  g_return_if_fail (table != NULL && key != NULL);

  g_ptr_array_add (table->keys, g_strdup (key));
  g_ptr_array_add (table->values, g_strdup (value));
}

guint
warden_kv_table_get_n_items (WardenKvTable *table)
{
  return table->keys->len;
}

const char *
warden_kv_table_get_key (WardenKvTable *table,
                         guint          i)
{
  g_return_val_if_fail (i < table->keys->len, NULL);
  return g_ptr_array_index (table->keys, i);
}

/**
 * warden_kv_table_get_value:
 *
 * Returns: (nullable): the value, or %NULL for a bare token line
 */
const char *
warden_kv_table_get_value (WardenKvTable *table,
                           guint          i)
{
  g_return_val_if_fail (i < table->values->len, NULL);
  return g_ptr_array_index (table->values, i);
}

/**
 * warden_kv_table_lookup:
 *
 * Finds @key, or `table.` + @key (configManager prefixes its keys).
 *
 * Returns: (nullable): the first value given for the key
 */
const char *
warden_kv_table_lookup (WardenKvTable *table,
                        const char    *key)
{
  g_return_val_if_fail (table != NULL && key != NULL, NULL);

  for (guint i = 0; i < table->keys->len; i++)
    {
      const char *k = g_ptr_array_index (table->keys, i);

      if (strcmp (k, key) == 0 || (g_str_has_prefix (k, "table.") && strcmp (k + 6, key) == 0))
        return g_ptr_array_index (table->values, i);
    }
  return NULL;
}

static const char *
skip_blank_lines (const char *p,
                  const char *end)
{
  while (p < end && (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t'))
    p++;
  return p;
}

/**
 * warden_cgi_reply_check:
 *
 * Fails with %WARDEN_PROTO_ERROR_DEVICE when the body is an `Error` reply, even one
 * sent with HTTP 200. `Error` is followed by a detail line or `: detail`.
 */
gboolean
warden_cgi_reply_check (const char *text,
                        gsize       len,
                        const char *host,
                        GError    **error)
{
  const char *end;
  const char *p;
  g_autofree char *detail = NULL;

  if (len == 0)
    return TRUE;
  end = text + len;
  p = skip_blank_lines (text, end);
  if ((gsize) (end - p) < 5 || strncmp (p, "Error", 5) != 0 ||
      (end - p > 5 && g_ascii_isalnum (p[5])))
    return TRUE;

  p += 5;
  while (p < end && (*p == ':' || *p == ' '))
    p++;
  p = skip_blank_lines (p, end);
  detail = g_strndup (p, MIN ((gsize) (end - p), 200u));
  g_strstrip (g_strdelimit (detail, "\r\n", ' '));

  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
               "Device %s refused the request: %s", host,
               *detail != '\0' ? detail : "Error");
  return FALSE;
}

/**
 * warden_kv_table_parse:
 * @host: the device, for error messages
 *
 * Splits each line on its first `=`; a line without `=` is a bare token with a
 * %NULL value. CRLF and LF line ends and blank lines are accepted.
 *
 * Returns: (transfer full): the table, or %NULL with @error set (also for an
 *   `Error` body)
 */
WardenKvTable *
warden_kv_table_parse (const char *text,
                       gsize       len,
                       const char *host,
                       GError    **error)
{
  g_autoptr(WardenKvTable) table = NULL;
  const char *p = text != NULL ? text : "";
  const char *end = p + len;

  if (len > WARDEN_KV_MAX_SIZE)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "Device %s sent a %" G_GSIZE_FORMAT "-byte reply; the limit is %u",
                   host, len, WARDEN_KV_MAX_SIZE);
      return NULL;
    }
  if (memchr (p, '\0', len) != NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "Device %s sent a text reply that contains a NUL byte", host);
      return NULL;
    }
  if (!warden_cgi_reply_check (p, len, host, error))
    return NULL;

  table = warden_kv_table_new ();
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = eol != NULL ? eol : end;
      const char *next = eol != NULL ? eol + 1 : end;
      const char *eq;

      while (line_end > p && line_end[-1] == '\r')
        line_end--;

      if (line_end > p)
        {
          if (table->keys->len >= WARDEN_KV_MAX_LINES)
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                           "Device %s sent more than %u lines", host, WARDEN_KV_MAX_LINES);
              return NULL;
            }
          eq = memchr (p, '=', (gsize) (line_end - p));
          if ((gsize) ((eq != NULL ? eq : line_end) - p) > WARDEN_KV_MAX_KEY)
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                           "Device %s sent a key longer than %u bytes", host, WARDEN_KV_MAX_KEY);
              return NULL;
            }
          g_ptr_array_add (table->keys, g_strndup (p, (gsize) ((eq != NULL ? eq : line_end) - p)));
          g_ptr_array_add (table->values,
                           eq != NULL ? g_strndup (eq + 1, (gsize) (line_end - eq - 1)) : NULL);
        }
      p = next;
    }

  return g_steal_pointer (&table);
}

/* --- unflattening ------------------------------------------------------------------ */

typedef struct
{
  gboolean is_index;
  guint index;
  char *name;
} PathStep;

static void
path_clear (GArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    g_free (g_array_index (steps, PathStep, i).name);
  g_array_set_size (steps, 0);
}

/* `A.B[1][2].C` → A, B, [1], [2], C */
static gboolean
path_parse (const char *key,
            GArray     *steps)
{
  const char *p = key;

  path_clear (steps);
  while (*p != '\0')
    {
      PathStep step = { 0 };

      if (steps->len >= WARDEN_KV_MAX_DEPTH)
        return FALSE;

      if (*p == '[')
        {
          const char *close = strchr (p, ']');
          guint64 v;
          g_autofree char *digits = NULL;

          if (close == NULL || close == p + 1 || close - p > 6)
            return FALSE;
          digits = g_strndup (p + 1, (gsize) (close - p - 1));
          if (!g_ascii_string_to_unsigned (digits, 10, 0, WARDEN_KV_MAX_INDEX, &v, NULL))
            return FALSE;
          step.is_index = TRUE;
          step.index = (guint) v;
          p = close + 1;
          if (*p == '.')
            {
              p++;
              if (*p == '\0' || *p == '.' || *p == '[')
                return FALSE;
            }
        }
      else
        {
          gsize n = strcspn (p, ".[");

          if (n == 0)
            return FALSE;
          step.name = g_strndup (p, n);
          p += n;
          if (*p == '.')
            {
              p++;
              if (*p == '\0' || *p == '.' || *p == '[')
                {
                  g_free (step.name);
                  return FALSE;
                }
            }
        }
      g_array_append_val (steps, step);
    }
  return steps->len > 0;
}

/* CGI values are text; turn the obvious ones into JSON scalars. Numbers with a
 * leading zero (serials, codes) stay text. */
static void
set_leaf (JsonNode   *node,
          const char *value)
{
  gint64 v;
  const char *digits;

  if (value == NULL)
    {
      json_node_init_null (node);
      return;
    }

  digits = value[0] == '-' ? value + 1 : value;
  if (strcmp (value, "true") == 0 || strcmp (value, "false") == 0)
    json_node_init_boolean (node, value[0] == 't');
  else if (digits[0] != '\0' && strlen (digits) <= 15 && (digits[0] != '0' || digits[1] == '\0') &&
           g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &v, NULL))
    json_node_init_int (node, v);
  else
    json_node_init_string (node, value);
}

static gboolean
insert_path (JsonNode   *root,
             GArray     *steps,
             const char *value,
             guint      *n_nodes,
             GError    **error)
{
  JsonNode *node = root;

  for (guint i = 0; i < steps->len; i++)
    {
      PathStep *step = &g_array_index (steps, PathStep, i);

      if (step->is_index)
        {
          JsonArray *array;

          if (JSON_NODE_HOLDS_NULL (node))
            {
              g_autoptr(JsonArray) fresh = json_array_new ();

              json_node_init_array (node, fresh);
            }
          if (!JSON_NODE_HOLDS_ARRAY (node))
            goto conflict;
          array = json_node_get_array (node);
          while (json_array_get_length (array) <= step->index)
            {
              if (++(*n_nodes) > MAX_JSON_NODES)
                goto too_large;
              json_array_add_null_element (array);
            }
          node = json_array_get_element (array, step->index);
        }
      else
        {
          JsonObject *object;

          if (JSON_NODE_HOLDS_NULL (node))
            {
              g_autoptr(JsonObject) fresh = json_object_new ();

              json_node_init_object (node, fresh);
            }
          if (!JSON_NODE_HOLDS_OBJECT (node))
            goto conflict;
          object = json_node_get_object (node);
          if (!json_object_has_member (object, step->name))
            {
              if (++(*n_nodes) > MAX_JSON_NODES)
                goto too_large;
              json_object_set_null_member (object, step->name);
            }
          node = json_object_get_member (object, step->name);
        }
    }

  if (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_VALUE (node))
    goto conflict;
  /* The first of repeated keys wins. (Re-initialising a value node in place is
   * unsafe with json-glib 1.6.) */
  if (JSON_NODE_HOLDS_NULL (node))
    set_leaf (node, value);
  return TRUE;

conflict:
  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
               "The device sent a key that is both a value and a table");
  return FALSE;

too_large:
  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
               "The device's reply expands to more than %u entries", MAX_JSON_NODES);
  return FALSE;
}

/**
 * warden_kv_table_to_json:
 * @prefix: (nullable): only keys under this path, e.g. `table.Encode`; the tree
 *   returned is what lies under it
 *
 * Rebuilds the JSON tree that flattening gave the keys: `a.b` is a member, `a[2]`
 * an array element (missing elements are null). Keys that are not paths are skipped;
 * of repeated keys the first wins.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set when keys conflict,
 *   when nothing lies under @prefix, or when the tree would be too large
 */
JsonNode *
warden_kv_table_to_json (WardenKvTable *table,
                         const char    *prefix,
                         GError       **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_NULL);
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (PathStep));
  gsize prefix_len = prefix != NULL ? strlen (prefix) : 0;
  guint n_nodes = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < table->keys->len; i++)
    {
      const char *key = g_ptr_array_index (table->keys, i);
      const char *value = g_ptr_array_index (table->values, i);
      const char *rest = key;
      gboolean ok;

      if (value == NULL)
        continue;
      if (prefix != NULL)
        {
          if (strncmp (key, prefix, prefix_len) != 0)
            continue;
          rest = key + prefix_len;
          if (*rest == '.')
            rest++;
          else if (*rest != '[' && *rest != '\0')
            continue;
        }

      found = TRUE;
      if (*rest == '\0')
        {
          if (!JSON_NODE_HOLDS_NULL (root) && !JSON_NODE_HOLDS_VALUE (root))
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                           "The device sent a key that is both a value and a table");
              path_clear (steps);
              return NULL;
            }
          if (JSON_NODE_HOLDS_NULL (root))
            set_leaf (root, value);
          continue;
        }
      if (!path_parse (rest, steps))
        continue;
      ok = insert_path (root, steps, value, &n_nodes, error);
      path_clear (steps);
      if (!ok)
        return NULL;
    }
  path_clear (steps);

  if (!found)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device's reply has no entry under %s", prefix != NULL ? prefix : "any key");
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* --- flattening -------------------------------------------------------------------- */

static gboolean
flatten (WardenKvTable *table,
         GString       *key,
         JsonNode      *node,
         guint          depth,
         GError       **error)
{
  gsize mark = key->len;

  if (depth > WARDEN_KV_MAX_DEPTH)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "The configuration nests deeper than %u levels", WARDEN_KV_MAX_DEPTH);
      return FALSE;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        for (GList *l = names; l != NULL; l = l->next)
          {
            if (key->len > 0)
              g_string_append_c (key, '.');
            g_string_append (key, l->data);
            if (!flatten (table, key, json_object_get_member (object, l->data), depth + 1, error))
              return FALSE;
            g_string_truncate (key, mark);
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_string_append_printf (key, "[%u]", i);
            if (!flatten (table, key, json_array_get_element (array, i), depth + 1, error))
              return FALSE;
            g_string_truncate (key, mark);
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      {
        g_autofree char *text = NULL;

        switch (json_node_get_value_type (node))
          {
          case G_TYPE_BOOLEAN:
            text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
            break;
          case G_TYPE_INT64:
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
            break;
          case G_TYPE_DOUBLE:
            text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
            g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, json_node_get_double (node));
            break;
          default:
            text = g_strdup (json_node_get_string (node));
            break;
          }
        warden_kv_table_add (table, key->str, text);
        return TRUE;
      }

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/**
 * warden_kv_table_new_from_json:
 * @prefix: the key of @node, e.g. `Encode` (never with `table.`)
 *
 * Flattens a JSON tree into CGI keys: `Encode[0].MainFormat[0].Video.FPS=25`.
 * Null members are left out.
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
WardenKvTable *
warden_kv_table_new_from_json (JsonNode   *node,
                               const char *prefix,
                               GError    **error)
{
  g_autoptr(WardenKvTable) table = warden_kv_table_new ();
  g_autoptr(GString) key = g_string_new (prefix);

  g_return_val_if_fail (node != NULL && prefix != NULL && *prefix != '\0', NULL);

  if (!flatten (table, key, node, 0, error))
    return NULL;
  return g_steal_pointer (&table);
}
