/* fuzz-event-stream.c: the multipart event stream and the events in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the read size; the rest is the stream, boundary "myboundary".
 */

#include "config.h"

#include "warden-event.h"
#include "warden-multipart-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("myboundary", 16 * 1024);
  WardenMultipartPart *part;
  gsize chunk;

  if (size < 1)
    return 0;
  chunk = 1 + data[0];
  data++;
  size--;

  for (gsize off = 0; off < size; off += chunk)
    {
      if (!warden_multipart_parser_feed (parser, data + off, MIN (chunk, size - off), NULL))
        break;
      while ((part = warden_multipart_parser_pop (parser)) != NULL)
        {
          gsize len;
          const char *text = g_bytes_get_data (part->body, &len);
          g_autoptr(WardenEvent) event = NULL;

          if (!warden_event_text_is_heartbeat (text, len))
            event = warden_event_new_from_text ("fuzz", text, len, NULL);
          if (event != NULL)
            g_free (warden_event_to_json (event));
          warden_multipart_part_free (part);
        }
    }
  return 0;
}
