/* warden-json.c: bounded JSON parsing and type-checked member access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-json.h"
#include "warden-proto-error.h"

#include <string.h>

/**
 * warden_json_value_end:
 * @text: bytes that start with `{` or `[` (leading whitespace allowed)
 * @len: length of @text
 *
 * Finds the end of the first JSON object or array in @text without parsing it:
 * brackets are matched outside strings, escapes honoured, nesting bounded.
 *
 * Returns: the offset just after the closing bracket, or -1 with @error set
 */
gssize
warden_json_value_end (const char *text,
                       gsize       len,
                       GError    **error)
{
  gsize i = 0;
  int depth = 0;
  gboolean in_string = FALSE;

  while (i < len && g_ascii_isspace (text[i]))
    i++;
  if (i == len || (text[i] != '{' && text[i] != '['))
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "Expected a JSON object from the device");
      return -1;
    }

  for (; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > WARDEN_JSON_MAX_DEPTH)
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                           "JSON from the device nests deeper than %d levels",
                           WARDEN_JSON_MAX_DEPTH);
              return -1;
            }
          break;
        case '}':
        case ']':
          if (--depth == 0)
            return (gssize) i + 1;
          break;
        default:
          break;
        }
    }

  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
               "JSON from the device ends before its closing bracket");
  return -1;
}

/**
 * warden_json_parse:
 * @text: the JSON text; trailing NUL bytes and whitespace are ignored
 * @len: its length
 * @max_len: the largest @len accepted
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
warden_json_parse (const char *text,
                   gsize       len,
                   gsize       max_len,
                   GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gssize end;

  if (len > max_len)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "JSON from the device is %" G_GSIZE_FORMAT " bytes; the limit is %"
                   G_GSIZE_FORMAT, len, max_len);
      return NULL;
    }

  while (len > 0 && (text[len - 1] == '\0' || g_ascii_isspace (text[len - 1])))
    len--;

  end = warden_json_value_end (text, len, error);
  if (end < 0)
    return NULL;
  /* Some firmwares append bytes after the document; the document is what counts. */
  len = (gsize) end;

  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "JSON from the device contains a NUL byte");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device sent invalid JSON: %s", local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static JsonNode *
get_value_member (JsonObject *object,
                  const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

/**
 * warden_json_dup_string:
 *
 * Returns: (transfer full) (nullable): the member as text when it is a string or a
 *   number (devices send some identifiers either way), else %NULL
 */
char *
warden_json_dup_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = get_value_member (object, member);

  if (node == NULL)
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%.17g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/**
 * warden_json_get_int:
 *
 * Reads an integer member sent as a number, a boolean or a decimal string.
 *
 * Returns: %TRUE when the member exists and is an integer
 */
gboolean
warden_json_get_int (JsonObject *object,
                     const char *member,
                     gint64     *out)
{
  JsonNode *node = get_value_member (object, member);
  double d;

  if (node == NULL)
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (node);
      return TRUE;
    case G_TYPE_BOOLEAN:
      *out = json_node_get_boolean (node) ? 1 : 0;
      return TRUE;
    case G_TYPE_DOUBLE:
      d = json_node_get_double (node);
      if (!(d >= -9.0e15 && d <= 9.0e15))
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    case G_TYPE_STRING:
      return g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                       out, NULL);
    default:
      return FALSE;
    }
}

gboolean
warden_json_get_bool (JsonObject *object,
                      const char *member,
                      gboolean   *out)
{
  JsonNode *node = get_value_member (object, member);
  const char *s;

  if (node == NULL)
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      *out = json_node_get_boolean (node);
      return TRUE;
    case G_TYPE_INT64:
      *out = json_node_get_int (node) != 0;
      return TRUE;
    case G_TYPE_STRING:
      s = json_node_get_string (node);
      if (g_ascii_strcasecmp (s, "true") == 0)
        *out = TRUE;
      else if (g_ascii_strcasecmp (s, "false") == 0)
        *out = FALSE;
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * warden_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member when it is an object
 */
JsonObject *
warden_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/**
 * warden_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member when it is an array
 */
JsonArray *
warden_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

char *
warden_json_node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
