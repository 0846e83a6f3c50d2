/* warden-notify-parser.c: the body of GET /SubscribeNotify.cgi, incrementally
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Line ends (CR, LF) between messages are skipped. A message that is not a JSON
 * object is dropped and the stream goes on; a line or DHIP body longer than the
 * limit ends it (an error), before more than the limit is buffered.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-notify-parser.h"
#include "warden-json.h"
#include "warden-packet.h"
#include "warden-proto-error.h"

#include <string.h>

typedef enum
{
  MODE_UNKNOWN,
  MODE_LINES,
  MODE_DHIP,
} Mode;

struct _WardenNotifyParser
{
  Mode mode;
  gsize max_message;
  GByteArray *line;              /* MODE_LINES: the line being read */
  WardenFrameReader *frames;     /* MODE_DHIP */
  GQueue messages;               /* JsonObject */
};

/**
 * warden_notify_parser_new:
 * @max_message: the longest line or DHIP body accepted
 */
WardenNotifyParser *
warden_notify_parser_new (gsize max_message)
{
  WardenNotifyParser *parser = g_new0 (WardenNotifyParser, 1);

  parser->max_message = max_message;
  parser->line = g_byte_array_new ();
  g_queue_init (&parser->messages);
  return parser;
}

void
warden_notify_parser_free (WardenNotifyParser *parser)
{
  if (parser == NULL)
    return;
  g_byte_array_unref (parser->line);
  g_clear_pointer (&parser->frames, warden_frame_reader_free);
  g_queue_clear_full (&parser->messages, (GDestroyNotify) json_object_unref);
  g_free (parser);
}

/**
 * warden_notify_parser_pop:
 *
 * Returns: (transfer full) (nullable): the next whole message
 */
JsonObject *
warden_notify_parser_pop (WardenNotifyParser *parser)
{
  return g_queue_pop_head (&parser->messages);
}

static void
take_message (WardenNotifyParser *parser,
              const char         *text,
              gsize               len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  while (len > 0 && g_ascii_isspace (*text))
    {
      text++;
      len--;
    }
  if (len == 0)
    return;
  node = warden_json_parse (text, len, parser->max_message, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Skipping a notification: %s", error != NULL ? error->message : "not a JSON object");
      return;
    }
  g_queue_push_tail (&parser->messages, json_object_ref (json_node_get_object (node)));
}

static gboolean
feed_lines (WardenNotifyParser *parser,
            const guint8       *data,
            gsize               len,
            GError            **error)
{
  while (len > 0)
    {
      const guint8 *nl = memchr (data, '\n', len);
      gsize take = nl != NULL ? (gsize) (nl - data) : len;

      if (parser->line->len + take > parser->max_message)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                       "A notification line grew past %" G_GSIZE_FORMAT " bytes", parser->max_message);
          return FALSE;
        }
      g_byte_array_append (parser->line, data, (guint) take);
      if (nl == NULL)
        break;
      take_message (parser, (const char *) parser->line->data, parser->line->len);
      g_byte_array_set_size (parser->line, 0);
      data += take + 1;
      len -= take + 1;
    }
  return TRUE;
}

/**
 * warden_notify_parser_feed:
 *
 * Adds bytes of the body; whole messages are then ready for
 * warden_notify_parser_pop(). Fails when a message passes the limit or a DHIP
 * header is broken.
 */
gboolean
warden_notify_parser_feed (WardenNotifyParser *parser,
                           const guint8       *data,
                           gsize               len,
                           GError            **error)
{
  WardenPacket *packet;

  g_return_val_if_fail (parser != NULL, FALSE);

  if (parser->mode == MODE_UNKNOWN)
    {
      while (len > 0 && (*data == '\r' || *data == '\n'))
        {
          data++;
          len--;
        }
      if (len == 0)
        return TRUE;
      if (*data == '{')
        parser->mode = MODE_LINES;
      else
        {
          parser->mode = MODE_DHIP;
          parser->frames = warden_frame_reader_new (WARDEN_FRAMING_DHIP, parser->max_message);
        }
    }
  if (parser->mode == MODE_LINES)
    return feed_lines (parser, data, len, error);

  if (!warden_frame_reader_feed (parser->frames, data, len, error))
    return FALSE;
  while ((packet = warden_frame_reader_pop (parser->frames)) != NULL)
    {
      gsize size;
      const char *body = g_bytes_get_data (packet->body, &size);

      take_message (parser, body, size);
      warden_packet_free (packet);
    }
  return TRUE;
}
