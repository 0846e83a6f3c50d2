/* test-packet.c: DVRIP and DHIP framing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-packet.h"
#include "warden-proto-error.h"

#include <string.h>

static void
set_le32 (guint8 *p,
          guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

/* Feeds @bytes one byte at a time: framing must not depend on read sizes. */
static void
feed_bytewise (WardenFrameReader *reader,
               GBytes            *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i < len; i++)
    g_assert_true (warden_frame_reader_feed (reader, data + i, 1, NULL));
}

static void
test_dhip_roundtrip (void)
{
  g_autoptr(WardenFrameReader) reader = warden_frame_reader_new (WARDEN_FRAMING_DHIP, 1024);
  g_autoptr(GBytes) first = warden_dhip_build (1722306858, 7, "{\"id\":7}\n", 9);
  g_autoptr(GBytes) second = warden_dhip_build (1722306858, 8, "{\"id\":8}\n", 9);
  g_autoptr(WardenPacket) a = NULL;
  g_autoptr(WardenPacket) b = NULL;
  const guint8 *h = g_bytes_get_data (first, NULL);

  g_assert_cmpmem (h, 8, "\x20\x00\x00\x00" "DHIP", 8);

  feed_bytewise (reader, first);
  feed_bytewise (reader, second);
  a = warden_frame_reader_pop (reader);
  b = warden_frame_reader_pop (reader);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_null (warden_frame_reader_pop (reader));
  g_assert_cmpuint (a->session_id, ==, 1722306858);
  g_assert_cmpuint (a->request_id, ==, 7);
  g_assert_cmpuint (b->request_id, ==, 8);
  g_assert_cmpmem (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body), "{\"id\":7}\n", 9);
}

static void
test_dhip_bad_magic (void)
{
  g_autoptr(WardenFrameReader) reader = warden_frame_reader_new (WARDEN_FRAMING_DHIP, 1024);
  g_autoptr(GError) error = NULL;
  guint8 h[32] = { 0x20, 0, 0, 0, 'P', 'I', 'H', 'D' };

  g_assert_false (warden_frame_reader_feed (reader, h, sizeof h, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
}

static void
test_oversized_body_refused (void)
{
  g_autoptr(WardenFrameReader) reader = warden_frame_reader_new (WARDEN_FRAMING_DVRIP,
                                                                 WARDEN_PACKET_MAX_BODY);
  g_autoptr(GError) error = NULL;
  guint8 h[32] = { 0xF6, 0, 0, 0x78 };

  /* A 64 MiB body is refused from the header alone. */
  set_le32 (h + 4, 64u * 1024 * 1024);
  set_le32 (h + 16, 64u * 1024 * 1024);
  g_assert_false (warden_frame_reader_feed (reader, h, sizeof h, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

static void
test_dvrip_split_message (void)
{
  g_autoptr(WardenFrameReader) reader = warden_frame_reader_new (WARDEN_FRAMING_DVRIP, 1024);
  g_autoptr(WardenPacket) packet = NULL;
  guint8 part[32 + 4] = { 0xF6, 0, 0, 0x78 };

  /* "abcdefgh" sent as two packets of 4 bytes, total length 8 */
  set_le32 (part + 4, 4);
  set_le32 (part + 8, 564);
  set_le32 (part + 16, 8);
  set_le32 (part + 24, 0x7FFFFFF9);
  memcpy (part + 32, "abcd", 4);
  g_assert_true (warden_frame_reader_feed (reader, part, sizeof part, NULL));
  g_assert_null (warden_frame_reader_pop (reader));
  memcpy (part + 32, "efgh", 4);
  g_assert_true (warden_frame_reader_feed (reader, part, sizeof part, NULL));

  packet = warden_frame_reader_pop (reader);
  g_assert_nonnull (packet);
  g_assert_cmpuint (packet->request_id, ==, 564);
  g_assert_cmpuint (packet->session_id, ==, 2147483641);
  g_assert_cmpmem (g_bytes_get_data (packet->body, NULL), g_bytes_get_size (packet->body),
                   "abcdefgh", 8);
}

static void
test_dvrip_requests (void)
{
  g_autoptr(GBytes) realm = warden_dvrip_build_realm_request ();
  g_autoptr(GBytes) login = warden_dvrip_build_login ("admin", "admin123",
                                                      "Login to 421592117ae7e3d0347d203dc8e04774",
                                                      "668077460");
  g_autoptr(GBytes) json = warden_dvrip_build_json (0x7FFFFFF9, 564, "{}", 2);
  static const char expected_body[] =
    "admin&&AEF677DF908D43034C20F918B1EAB3E82DD12ED463EE6557DC86511B2004C3B3";
  const guint8 *r = g_bytes_get_data (realm, NULL);
  const guint8 *l = g_bytes_get_data (login, NULL);
  const guint8 *j = g_bytes_get_data (json, NULL);

  g_assert_cmpuint (g_bytes_get_size (realm), ==, 32);
  g_assert_cmpmem (r, 4, "\xA0\x01\x00\x00", 4);
  g_assert_cmpmem (r + 24, 8, "\x05\x02\x01\x01\x00\x00\xA1\xAA", 8);

  g_assert_cmpmem (l, 4, "\xA0\x05\x00\x00", 4);
  g_assert_cmpuint (l[4], ==, sizeof expected_body - 1);
  g_assert_cmpmem (l + 24, 8, "\x05\x02\x00\x08\x00\x00\xA1\xAA", 8);
  g_assert_cmpmem (l + 32, g_bytes_get_size (login) - 32, expected_body, sizeof expected_body - 1);

  g_assert_cmpmem (j, 12, "\xF6\x00\x00\x00\x02\x00\x00\x00\x34\x02\x00\x00", 12);
  g_assert_cmpmem (j + 24, 4, "\xF9\xFF\xFF\x7F", 4);
}

static WardenPacket *
login_reply (const guint8 *header,
             const char   *body)
{
  g_autoptr(WardenFrameReader) reader = warden_frame_reader_new (WARDEN_FRAMING_DVRIP, 1024);
  guint8 h[32];

  memcpy (h, header, 32);
  set_le32 (h + 4, (guint32) strlen (body));
  g_assert_true (warden_frame_reader_feed (reader, h, 32, NULL));
  g_assert_true (warden_frame_reader_feed (reader, (const guint8 *) body, strlen (body), NULL));
  return warden_frame_reader_pop (reader);
}

static void
test_dvrip_challenge (void)
{
  static const guint8 h[32] = { 0xB0, 0, 0, 0x78, [24] = 0x06, 0x00, 0xF9, 0x00 };
  g_autoptr(WardenPacket) packet =
    login_reply (h, "Realm:Login to 421592117ae7e3d0347d203dc8e04774\r\nRandom:668077460\r\n\r\n");
  g_autoptr(WardenPacket) broken = login_reply (h, "Realm:Login to x\r\n\r\n");
  g_autofree char *realm = NULL;
  g_autofree char *random = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (warden_dvrip_parse_challenge (packet, &realm, &random, NULL));
  g_assert_cmpstr (realm, ==, "Login to 421592117ae7e3d0347d203dc8e04774");
  g_assert_cmpstr (random, ==, "668077460");

  g_assert_false (warden_dvrip_parse_challenge (broken, &realm, &random, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
}

static void
test_dvrip_login_results (void)
{
  static const guint8 ok[32] = { 0xB0, 0, 0, 0x78, [8] = 0x00, 0x08, [16] = 0x39, 0x30, 0, 0,
                                 [24] = 0x06, 0x00, 0xF9, 0x00 };
  static const guint8 bad[32] = { 0xB0, 0, 0, 0x78, [8] = 0x01, 0x00,
                                  [24] = 0x06, 0x00, 0xF9, 0x00, 0x00, 0x03 };
  static const guint8 locked[32] = { 0xB0, 0, 0, 0x78, [8] = 0x01, 0x04 };
  static const guint8 locked_for[32] = { 0xB0, 0, 0, 0x78, [8] = 0x01, 0x04, [28] = 0x01, 0x2C };
  static const guint8 uninit[32] = { 0xB0, 0, 0, 0x78, [8] = 0x01, 0x11 };
  g_autoptr(WardenPacket) p_ok = login_reply (ok, "");
  g_autoptr(WardenPacket) p_bad = login_reply (bad, "");
  g_autoptr(WardenPacket) p_locked = login_reply (locked, "");
  g_autoptr(WardenPacket) p_locked_for = login_reply (locked_for, "");
  g_autoptr(WardenPacket) p_uninit = login_reply (uninit, "");
  WardenDvripLoginReply reply;
  g_autoptr(GError) error = NULL;

  g_assert_true (warden_dvrip_parse_login_reply (p_ok, &reply, NULL));
  g_assert_true (warden_dvrip_login_reply_check (&reply, "10.0.0.5", NULL));
  g_assert_cmpuint (reply.session_id, ==, 12345);

  g_assert_true (warden_dvrip_parse_login_reply (p_bad, &reply, NULL));
  g_assert_cmpint (reply.attempts_left, ==, 3);
  g_assert_false (warden_dvrip_login_reply_check (&reply, "10.0.0.5", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "3 attempts left"));
  g_clear_error (&error);

  /* Locked, without the time left (bytes 28-29 zero) and with 300 s. */
  g_assert_true (warden_dvrip_parse_login_reply (p_locked, &reply, NULL));
  g_assert_cmpint (reply.lock_seconds, ==, -1);
  g_assert_false (warden_dvrip_login_reply_check (&reply, "10.0.0.5", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "try again later"));
  g_clear_error (&error);
  g_assert_true (warden_dvrip_parse_login_reply (p_locked_for, &reply, NULL));
  g_assert_cmpint (reply.lock_seconds, ==, 300);
  g_assert_cmpint (reply.attempts_left, ==, -1);
  g_assert_false (warden_dvrip_login_reply_check (&reply, "10.0.0.5", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "try again in 5 min 0 s"));
  g_clear_error (&error);

  g_assert_true (warden_dvrip_parse_login_reply (p_uninit, &reply, NULL));
  g_assert_false (warden_dvrip_login_reply_check (&reply, "10.0.0.5", &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/packet/dhip-roundtrip", test_dhip_roundtrip);
  g_test_add_func ("/proto/packet/dhip-bad-magic", test_dhip_bad_magic);
  g_test_add_func ("/proto/packet/oversized-body-refused", test_oversized_body_refused);
  g_test_add_func ("/proto/packet/dvrip-split-message", test_dvrip_split_message);
  g_test_add_func ("/proto/packet/dvrip-requests", test_dvrip_requests);
  g_test_add_func ("/proto/packet/dvrip-challenge", test_dvrip_challenge);
  g_test_add_func ("/proto/packet/dvrip-login-results", test_dvrip_login_results);

  return g_test_run ();
}
