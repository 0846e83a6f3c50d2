/* test-notify-parser.c: SubscribeNotify.cgi bodies, JSON lines and DHIP frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-json.h"
#include "warden-notify-parser.h"
#include "warden-packet.h"
#include "warden-proto-error.h"

#include <string.h>

#define NOTIFY "{\"id\":7,\"method\":\"client.notifyEventStream\",\"params\":{\"SID\":513,\"eventList\":[]}}"

/* Feeds @body @chunk bytes at a time and counts the notifications. */
static guint
count_messages (const guint8 *body,
                gsize         len,
                gsize         chunk,
                gsize         max,
                GError      **error)
{
  g_autoptr(WardenNotifyParser) parser = warden_notify_parser_new (max);
  JsonObject *message;
  guint n = 0;

  for (gsize off = 0; off < len; off += chunk)
    {
      if (!warden_notify_parser_feed (parser, body + off, MIN (chunk, len - off), error))
        return G_MAXUINT;
      while ((message = warden_notify_parser_pop (parser)) != NULL)
        {
          g_autofree char *method = warden_json_dup_string (message, "method");

          g_assert_cmpstr (method, ==, "client.notifyEventStream");
          json_object_unref (message);
          n++;
        }
    }
  return n;
}

static void
test_lines (void)
{
  /* CRLF or LF, blank lines, and a cut-off message that is skipped. */
  static const char body[] = "\r\n" NOTIFY "\r\n\n" NOTIFY "\n{\"id\":7,\"method\":\"client.no\n" NOTIFY "\n";

  for (gsize chunk = 1; chunk < sizeof body; chunk++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (count_messages ((const guint8 *) body, strlen (body), chunk, 65536, &error), ==, 3);
      g_assert_no_error (error);
    }
}

static void
test_dhip (void)
{
  g_autoptr(GBytes) one = warden_dhip_build (513, 7, NOTIFY, strlen (NOTIFY));
  g_autoptr(GByteArray) body = g_byte_array_new ();

  g_byte_array_append (body, g_bytes_get_data (one, NULL), (guint) g_bytes_get_size (one));
  g_byte_array_append (body, g_bytes_get_data (one, NULL), (guint) g_bytes_get_size (one));
  for (gsize chunk = 1; chunk <= body->len; chunk += 7)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (count_messages (body->data, body->len, chunk, 65536, &error), ==, 2);
      g_assert_no_error (error);
    }
}

static void
test_limits (void)
{
  g_autofree char *endless = g_strnfill (5000, 'x');
  g_autofree char *line = g_strconcat ("{\"pad\":\"", endless, "\"}\n", NULL);
  g_autoptr(GBytes) big = warden_dhip_build (513, 7, line, strlen (line));
  g_autoptr(GError) error = NULL;

  /* A line or a DHIP body past the limit ends the stream. */
  g_assert_cmpuint (count_messages ((const guint8 *) line, strlen (line), 100, 4096, &error), ==, G_MAXUINT);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpuint (count_messages (g_bytes_get_data (big, NULL), g_bytes_get_size (big), 100, 4096, &error),
                    ==, G_MAXUINT);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/notify-parser/lines", test_lines);
  g_test_add_func ("/proto/notify-parser/dhip", test_dhip);
  g_test_add_func ("/proto/notify-parser/limits", test_limits);

  return g_test_run ();
}
