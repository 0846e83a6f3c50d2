/* warden-multipart-parser.c: incremental parser of multipart/x-mixed-replace streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-multipart-parser.h"
#include "warden-proto-error.h"

#include <string.h>

/* Bytes after a text part's Content-Length taken as part of it (the short-length quirk). */
#define MAX_TEXT_TAIL 256u

typedef enum
{
  STATE_SEEK,        /* looking for a boundary line; anything else is skipped */
  STATE_HEADERS,
  STATE_BODY,
} State;

struct _WardenMultipartParser
{
  char *delimiter;   /* "--" boundary */
  gsize delimiter_len;
  gsize max_part;
  GByteArray *buffer;
  State state;
  GQueue parts;

  /* the part being read */
  char *content_type;
  gssize content_length;
  guint n_headers;
};

void
warden_multipart_part_free (WardenMultipartPart *part)
{
  if (part == NULL)
    return;
  g_free (part->content_type);
  g_clear_pointer (&part->body, g_bytes_unref);
  g_free (part);
}

/**
 * warden_multipart_parser_new:
 * @boundary: the boundary from the Content-Type header (without `--`)
 * @max_part: the largest part accepted
 *
 * Returns: (transfer full) (nullable): the parser, or %NULL when the boundary is
 *   empty or longer than RFC 2046 allows
 */
WardenMultipartParser *
warden_multipart_parser_new (const char *boundary,
                             gsize       max_part)
{
  WardenMultipartParser *parser;

  g_return_val_if_fail (boundary != NULL, NULL);

  if (*boundary == '\0' || strlen (boundary) > WARDEN_MULTIPART_MAX_BOUNDARY)
    return NULL;

  parser = g_new0 (WardenMultipartParser, 1);
  parser->delimiter = g_strconcat ("--", boundary, NULL);
  parser->delimiter_len = strlen (parser->delimiter);
  parser->max_part = max_part;
  parser->buffer = g_byte_array_new ();
  parser->state = STATE_SEEK;
  parser->content_length = -1;
  g_queue_init (&parser->parts);
  return parser;
}

void
warden_multipart_parser_free (WardenMultipartParser *parser)
{
  if (parser == NULL)
    return;
  g_free (parser->delimiter);
  g_free (parser->content_type);
  g_byte_array_unref (parser->buffer);
  g_queue_clear_full (&parser->parts, (GDestroyNotify) warden_multipart_part_free);
  g_free (parser);
}

WardenMultipartPart *
warden_multipart_parser_pop (WardenMultipartParser *parser)
{
  return g_queue_pop_head (&parser->parts);
}

static void
reset_part (WardenMultipartParser *parser)
{
  g_clear_pointer (&parser->content_type, g_free);
  parser->content_length = -1;
  parser->n_headers = 0;
}

static gboolean
is_delimiter_line (WardenMultipartParser *parser,
                   const char            *line,
                   gsize                  len)
{
  return len >= parser->delimiter_len && memcmp (line, parser->delimiter, parser->delimiter_len) == 0;
}

static gboolean
is_text (WardenMultipartParser *parser)
{
  return parser->content_type == NULL ||
         g_ascii_strncasecmp (parser->content_type, "text/", 5) == 0 ||
         g_ascii_strncasecmp (parser->content_type, "application/json", 16) == 0;
}

static void
emit (WardenMultipartParser *parser,
      const guint8          *body,
      gsize                  len)
{
  WardenMultipartPart *part = g_new0 (WardenMultipartPart, 1);

  if (is_text (parser))
    {
      while (len > 0 && (body[0] == '\r' || body[0] == '\n'))
        {
          body++;
          len--;
        }
      while (len > 0 && (body[len - 1] == '\r' || body[len - 1] == '\n'))
        len--;
    }

  part->content_type = g_steal_pointer (&parser->content_type);
  part->body = g_bytes_new (body, len);
  g_queue_push_tail (&parser->parts, part);
  reset_part (parser);
}

static void
parse_header (WardenMultipartParser *parser,
              const char            *line,
              gsize                  len)
{
  const char *colon = memchr (line, ':', len);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  guint64 n;

  if (colon == NULL)
    return;
  name = g_strndup (line, (gsize) (colon - line));
  value = g_strstrip (g_strndup (colon + 1, len - (gsize) (colon - line) - 1));

  if (g_ascii_strcasecmp (g_strstrip (name), "Content-Type") == 0)
    {
      g_free (parser->content_type);
      parser->content_type = g_steal_pointer (&value);
    }
  else if (g_ascii_strcasecmp (name, "Content-Length") == 0 &&
           g_ascii_string_to_unsigned (value, 10, 0, G_MAXSSIZE, &n, NULL))
    parser->content_length = (gssize) n;
}

/* Finds "\n--boundary" at or after @from; returns the offset of the '\n' or -1. */
static gssize
find_delimiter (WardenMultipartParser *parser,
                gsize                  from)
{
  const guint8 *data = parser->buffer->data;
  gsize len = parser->buffer->len;

  for (gsize i = from; i + 1 + parser->delimiter_len <= len; i++)
    {
      const guint8 *nl = memchr (data + i, '\n', len - i);

      if (nl == NULL)
        return -1;
      i = (gsize) (nl - data);
      if (i + 1 + parser->delimiter_len <= len &&
          memcmp (nl + 1, parser->delimiter, parser->delimiter_len) == 0)
        return (gssize) i;
    }
  return -1;
}

/* Reads the body of the current part starting at @pos. Returns the new position,
 * or @pos when more bytes are needed, or -1 on error. */
static gssize
take_body (WardenMultipartParser *parser,
           gsize                  pos,
           GError               **error)
{
  const guint8 *data = parser->buffer->data;
  gsize avail = parser->buffer->len - pos;

  if (parser->content_length >= 0)
    {
      gsize cl = (gsize) parser->content_length;
      gsize skip = 0;

      if (cl > parser->max_part)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                       "The event stream announced a %" G_GSIZE_FORMAT "-byte part; the limit is %"
                       G_GSIZE_FORMAT, cl, parser->max_part);
          return -1;
        }

      if (is_text (parser))
        {
          gsize tail = 0;

          /* A text body never starts with a line end: leading CRLFs are padding. */
          while (skip < avail && (data[pos + skip] == '\r' || data[pos + skip] == '\n'))
            skip++;
          if (avail - skip < cl || skip == avail)
            return (gssize) pos;
          /* The length may be short: what follows, up to the next line that starts
           * with '-' (a boundary, possibly cut by the read), still belongs to the part. */
          while (skip + cl + tail < avail && tail < MAX_TEXT_TAIL)
            {
              const guint8 *p = data + pos + skip + cl + tail;

              if (*p == '-' && (tail == 0 || p[-1] == '\n'))
                break;
              tail++;
            }
          emit (parser, data + pos + skip, cl + tail);
          parser->state = STATE_SEEK;
          return (gssize) (pos + skip + cl + tail);
        }

      if (avail < cl)
        return (gssize) pos;
      emit (parser, data + pos, cl);
      parser->state = STATE_SEEK;
      return (gssize) (pos + cl);
    }
  else
    {
      gssize at = find_delimiter (parser, pos);

      if (at < 0)
        {
          if (avail > parser->max_part)
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                           "An event stream part without a length grew past %" G_GSIZE_FORMAT
                           " bytes", parser->max_part);
              return -1;
            }
          return (gssize) pos;
        }
      emit (parser, data + pos, (gsize) at - pos);
      parser->state = STATE_SEEK;
      return at + 1;
    }
}

/**
 * warden_multipart_parser_feed:
 *
 * Adds bytes from the stream; whole parts are then ready for
 * warden_multipart_parser_pop(). Fails only when a part exceeds the limit.
 */
gboolean
warden_multipart_parser_feed (WardenMultipartParser *parser,
                              const guint8          *data,
                              gsize                  len,
                              GError               **error)
{
  gsize pos = 0;

  g_return_val_if_fail (parser != NULL, FALSE);

  g_byte_array_append (parser->buffer, data, (guint) len);

  for (;;)
    {
      const guint8 *start = parser->buffer->data + pos;
      gsize avail = parser->buffer->len - pos;
      const guint8 *nl;
      gsize line_len;

      if (parser->state == STATE_BODY)
        {
          gssize next = take_body (parser, pos, error);

          if (next < 0)
            return FALSE;
          if ((gsize) next == pos)
            break;
          pos = (gsize) next;
          continue;
        }

      nl = memchr (start, '\n', avail);
      if (nl == NULL)
        {
          /* A line longer than any header or boundary is junk: drop it. */
          if (avail > WARDEN_MULTIPART_MAX_LINE)
            {
              pos = parser->buffer->len;
              if (parser->state == STATE_HEADERS)
                {
                  reset_part (parser);
                  parser->state = STATE_SEEK;
                }
            }
          break;
        }

      line_len = (gsize) (nl - start);
      pos += line_len + 1;
      while (line_len > 0 && start[line_len - 1] == '\r')
        line_len--;

      if (line_len > WARDEN_MULTIPART_MAX_LINE)
        {
          reset_part (parser);
          parser->state = STATE_SEEK;
          continue;
        }

      if (is_delimiter_line (parser, (const char *) start, line_len))
        {
          reset_part (parser);
          parser->state = STATE_HEADERS;
          continue;
        }

      if (parser->state == STATE_SEEK)
        continue;

      /* STATE_HEADERS */
      if (line_len == 0)
        {
          parser->state = STATE_BODY;
          continue;
        }
      if (line_len >= 5 && memcmp (start, "HTTP/", 5) == 0)
        {
          /* A stray response header block: skip it up to the next boundary. */
          reset_part (parser);
          parser->state = STATE_SEEK;
          continue;
        }
      if (++parser->n_headers > WARDEN_MULTIPART_MAX_HEADERS)
        {
          reset_part (parser);
          parser->state = STATE_SEEK;
          continue;
        }
      parse_header (parser, (const char *) start, line_len);
    }

  g_byte_array_remove_range (parser->buffer, 0, (guint) pos);
  return TRUE;
}

/**
 * warden_multipart_boundary_of:
 * @content_type: (nullable): a `multipart/...; boundary=...` header value
 *
 * The boundary may be quoted or carry the leading `--` some firmwares repeat in
 * the header; without one the usual `myboundary` is assumed.
 *
 * Returns: (transfer full): the boundary, without `--`
 */
char *
warden_multipart_boundary_of (const char *content_type)
{
  const char *p = content_type != NULL ? strstr (content_type, "boundary=") : NULL;
  g_autofree char *value = NULL;

  if (p == NULL)
    return g_strdup ("myboundary");
  value = g_strndup (p + 9, strcspn (p + 9, ";"));
  g_strstrip (value);
  if (value[0] == '"')
    {
      memmove (value, value + 1, strlen (value));
      value[strcspn (value, "\"")] = '\0';
    }
  return g_strdup (g_str_has_prefix (value, "--") ? value + 2 : value);
}
