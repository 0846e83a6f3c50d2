/* fuzz-notify-parser.c: the body of GET /SubscribeNotify.cgi and the events in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the read size; the rest is the body (JSON lines or DHIP).
 */

#include "config.h"

#include "warden-event.h"
#include "warden-json.h"
#include "warden-notify-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenNotifyParser) parser = warden_notify_parser_new (64 * 1024);
  JsonObject *message;
  gsize chunk;

  if (size < 1)
    return 0;
  chunk = 1 + data[0];
  data++;
  size--;

  for (gsize off = 0; off < size; off += chunk)
    {
      if (!warden_notify_parser_feed (parser, data + off, MIN (chunk, size - off), NULL))
        break;
      while ((message = warden_notify_parser_pop (parser)) != NULL)
        {
          JsonObject *params = warden_json_get_object (message, "params");
          g_autoptr(GPtrArray) events = params != NULL ? warden_event_list_from_notification ("fuzz", params, NULL)
                                                       : NULL;

          for (guint i = 0; events != NULL && i < events->len; i++)
            g_free (warden_event_to_json (g_ptr_array_index (events, i)));
          json_object_unref (message);
        }
    }
  return 0;
}
