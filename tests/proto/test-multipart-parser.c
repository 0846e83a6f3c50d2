/* test-multipart-parser.c: the incremental event-stream parser and its quirks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-event.h"
#include "warden-multipart-parser.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <string.h>

static GPtrArray *
parse_all (GBytes *bytes,
           gsize   chunk)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("myboundary",
                                                                        WARDEN_MULTIPART_MAX_PART);
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  WardenMultipartPart *part;

  for (gsize off = 0; off < len; off += chunk)
    {
      g_assert_true (warden_multipart_parser_feed (parser, data + off, MIN (chunk, len - off), NULL));
      while ((part = warden_multipart_parser_pop (parser)) != NULL)
        {
          gsize n;
          const char *body = g_bytes_get_data (part->body, &n);

          g_ptr_array_add (bodies, g_strndup (body, n));
          warden_multipart_part_free (part);
        }
    }
  return bodies;
}

static void
check_quirks_fixture (GPtrArray *bodies)
{
  g_autoptr(WardenEvent) motion = NULL;
  g_autoptr(WardenEvent) bell = NULL;
  g_autoptr(WardenEvent) access = NULL;
  g_autoptr(WardenEvent) cross = NULL;
  g_autoptr(WardenEvent) loss = NULL;
  JsonObject *data;
  const char *b;

  g_assert_cmpuint (bodies->len, ==, 6);
  b = g_ptr_array_index (bodies, 0);
  g_assert_true (warden_event_text_is_heartbeat (b, strlen (b)));

  b = g_ptr_array_index (bodies, 1);
  motion = warden_event_new_from_text ("cam", b, strlen (b), NULL);
  g_assert_cmpstr (warden_event_get_code (motion), ==, "VideoMotion");
  g_assert_cmpstr (warden_event_get_action (motion), ==, "Start");
  g_assert_cmpint (warden_event_get_channel (motion), ==, 0);
  data = json_node_get_object (warden_event_get_data (motion));
  g_assert_true (json_object_get_boolean_member (data, "SmartMotionEnable"));

  b = g_ptr_array_index (bodies, 2);
  bell = warden_event_new_from_text ("vto", b, strlen (b), NULL);
  g_assert_cmpstr (warden_event_get_code (bell), ==, "DoorBell");
  g_assert_cmpint (warden_event_get_channel (bell), ==, -1);
  g_assert_null (warden_event_get_data (bell));

  /* The stray HTTP block between parts produced no part of its own. */
  b = g_ptr_array_index (bodies, 3);
  access = warden_event_new_from_text ("vto", b, strlen (b), NULL);
  g_assert_cmpstr (warden_event_get_code (access), ==, "AccessControl");
  data = json_node_get_object (warden_event_get_data (access));
  g_assert_cmpstr (json_object_get_string_member (data, "Note"), ==, "a;b=c");
  g_assert_cmpstr (json_object_get_string_member (data, "UserID"), ==, "101");
  g_assert_cmpint (g_date_time_to_unix (warden_event_get_time (access)), ==, 1700000000);

  /* Content-Length was 2 bytes short: the data JSON is still whole. */
  b = g_ptr_array_index (bodies, 4);
  cross = warden_event_new_from_text ("cam", b, strlen (b), NULL);
  g_assert_cmpstr (warden_event_get_code (cross), ==, "CrossLineDetection");
  g_assert_cmpint (warden_event_get_channel (cross), ==, 1);
  data = json_node_get_object (warden_event_get_data (cross));
  g_assert_cmpstr (json_object_get_string_member (data, "Direction"), ==, "LeftToRight");

  b = g_ptr_array_index (bodies, 5);
  loss = warden_event_new_from_text ("nvr", b, strlen (b), NULL);
  g_assert_cmpstr (warden_event_get_code (loss), ==, "VideoLoss");
  g_assert_cmpint (warden_event_get_channel (loss), ==, 3);
}

static void
test_quirks_whole (void)
{
  g_autoptr(GBytes) bytes = proto_test_load_fixture ("event-stream-quirks.txt");
  g_autoptr(GPtrArray) bodies = parse_all (bytes, g_bytes_get_size (bytes));

  check_quirks_fixture (bodies);
}

static void
test_quirks_any_read_size (void)
{
  g_autoptr(GBytes) bytes = proto_test_load_fixture ("event-stream-quirks.txt");
  static const char * const codes[] = { NULL, "VideoMotion", "DoorBell", "AccessControl",
                                        "CrossLineDetection", "VideoLoss" };

  /* However the reads cut the stream, no part is lost or split. */
  for (gsize chunk = 1; chunk <= 128; chunk++)
    {
      g_autoptr(GPtrArray) bodies = parse_all (bytes, chunk);

      g_assert_cmpuint (bodies->len, ==, G_N_ELEMENTS (codes));
      g_assert_true (warden_event_text_is_heartbeat (g_ptr_array_index (bodies, 0), 9));
      for (guint i = 1; i < bodies->len; i++)
        {
          const char *b = g_ptr_array_index (bodies, i);
          g_autoptr(WardenEvent) event = warden_event_new_from_text ("cam", b, strlen (b), NULL);

          g_assert_nonnull (event);
          g_assert_cmpstr (warden_event_get_code (event), ==, codes[i]);
        }
    }
}

static void
test_part_too_large (void)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("b", 1024);
  g_autoptr(GError) error = NULL;
  static const char text[] = "--b\r\nContent-Length: 67108864\r\n\r\nxx";

  g_assert_false (warden_multipart_parser_feed (parser, (const guint8 *) text, strlen (text), &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

static void
test_unbounded_part_refused (void)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("b", 64);
  g_autoptr(GError) error = NULL;
  static const char head[] = "--b\r\nContent-Type: text/plain\r\n\r\n";
  g_autofree char *junk = g_strnfill (100, 'x');

  g_assert_true (warden_multipart_parser_feed (parser, (const guint8 *) head, strlen (head), NULL));
  g_assert_false (warden_multipart_parser_feed (parser, (const guint8 *) junk, 100, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

static void
test_binary_part (void)
{
  g_autoptr(WardenMultipartParser) parser = warden_multipart_parser_new ("b", 1024);
  static const guint8 text[] = "--b\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\n\r\n\xff\xd9\r\n--b\r\n";
  g_autoptr(WardenMultipartPart) part = NULL;

  g_assert_true (warden_multipart_parser_feed (parser, text, sizeof text - 1, NULL));
  part = warden_multipart_parser_pop (parser);
  g_assert_cmpstr (part->content_type, ==, "image/jpeg");
  /* Binary parts are taken byte for byte, leading CRLF included. */
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body), "\r\n\xff\xd9", 4);
}

static void
test_bad_boundary (void)
{
  g_autofree char *long_boundary = g_strnfill (WARDEN_MULTIPART_MAX_BOUNDARY + 1, 'b');

  g_assert_null (warden_multipart_parser_new ("", 1024));
  g_assert_null (warden_multipart_parser_new (long_boundary, 1024));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/multipart-parser/quirks-whole", test_quirks_whole);
  g_test_add_func ("/proto/multipart-parser/quirks-any-read-size", test_quirks_any_read_size);
  g_test_add_func ("/proto/multipart-parser/part-too-large", test_part_too_large);
  g_test_add_func ("/proto/multipart-parser/unbounded-part-refused", test_unbounded_part_refused);
  g_test_add_func ("/proto/multipart-parser/binary-part", test_binary_part);
  g_test_add_func ("/proto/multipart-parser/bad-boundary", test_bad_boundary);

  return g_test_run ();
}
