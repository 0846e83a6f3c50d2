/* warden-packet.c: DVRIP (TCP 37777) and DHIP framing (PROTOCOL.md §3.3, §3.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-packet.h"
#include "warden-login-hash.h"
#include "warden-proto-error.h"

#include <string.h>

/* Longest realm or random value accepted in a DVRIP login challenge. */
#define CHALLENGE_MAX_FIELD 256

struct _WardenFrameReader
{
  WardenFraming framing;
  gsize max_body;
  GByteArray *buffer;
  GQueue packets;
  gboolean failed;

  /* A message split over several packets, while it is being joined. */
  WardenPacket *partial;
  GByteArray *partial_body;
  gsize partial_total;
};

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static void
write_le32 (guint8 *p,
            guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

void
warden_packet_free (WardenPacket *packet)
{
  if (packet == NULL)
    return;
  g_clear_pointer (&packet->body, g_bytes_unref);
  g_free (packet);
}

WardenFrameReader *
warden_frame_reader_new (WardenFraming framing,
                         gsize         max_body)
{
  WardenFrameReader *reader = g_new0 (WardenFrameReader, 1);

  reader->framing = framing;
  reader->max_body = MIN (max_body, (gsize) G_MAXUINT32);
  reader->buffer = g_byte_array_new ();
  g_queue_init (&reader->packets);

  return reader;
}

void
warden_frame_reader_free (WardenFrameReader *reader)
{
  if (reader == NULL)
    return;
  g_byte_array_unref (reader->buffer);
  g_queue_clear_full (&reader->packets, (GDestroyNotify) warden_packet_free);
  g_clear_pointer (&reader->partial, warden_packet_free);
  g_clear_pointer (&reader->partial_body, g_byte_array_unref);
  g_free (reader);
}

static gboolean
fail (WardenFrameReader *reader,
      GError           **error,
      int                code,
      const char        *message)
{
  reader->failed = TRUE;
  g_set_error_literal (error, WARDEN_PROTO_ERROR, code, message);
  return FALSE;
}

/* Reads the header at the start of the buffer. */
static gboolean
parse_header (WardenFrameReader *reader,
              const guint8      *h,
              guint32           *body_len,
              guint32           *total_len,
              GError           **error)
{
  if (reader->framing == WARDEN_FRAMING_DHIP)
    {
      if (read_le32 (h) != WARDEN_PACKET_HEADER_SIZE || memcmp (h + 4, "DHIP", 4) != 0)
        return fail (reader, error, WARDEN_PROTO_ERROR_MALFORMED,
                     "The device sent a packet without the DHIP header");
      *body_len = read_le32 (h + 16);
      *total_len = read_le32 (h + 24);
    }
  else
    {
      *body_len = read_le32 (h + 4);
      /* Only JSON packets carry a total length; elsewhere offset 16 means other things. */
      *total_len = h[0] == WARDEN_DVRIP_CMD_JSON ? read_le32 (h + 16) : *body_len;
    }

  if (*body_len > reader->max_body || *total_len > reader->max_body)
    return fail (reader, error, WARDEN_PROTO_ERROR_TOO_LARGE,
                 "The device announced a message larger than Warden accepts");
  return TRUE;
}

static WardenPacket *
packet_new (WardenFraming framing,
            const guint8 *h)
{
  WardenPacket *packet = g_new0 (WardenPacket, 1);

  memcpy (packet->header, h, WARDEN_PACKET_HEADER_SIZE);
  if (framing == WARDEN_FRAMING_DHIP)
    {
      packet->session_id = read_le32 (h + 8);
      packet->request_id = read_le32 (h + 12);
    }
  else
    {
      packet->command = h[0];
      packet->request_id = read_le32 (h + 8);
      packet->session_id = read_le32 (h + 24);
      if (h[0] == WARDEN_DVRIP_CMD_LOGIN_REPLY)
        packet->session_id = read_le32 (h + 16);
    }

  return packet;
}

static gboolean
take_packet (WardenFrameReader *reader,
             const guint8      *h,
             const guint8      *body,
             guint32            body_len,
             guint32            total_len,
             GError           **error)
{
  WardenPacket *packet;

  if (reader->partial != NULL)
    {
      if (reader->partial_body->len + body_len > reader->partial_total)
        return fail (reader, error, WARDEN_PROTO_ERROR_MALFORMED,
                     "The parts of a split message add up to more than its announced length");
      g_byte_array_append (reader->partial_body, body, body_len);
      if (reader->partial_body->len == reader->partial_total)
        {
          packet = g_steal_pointer (&reader->partial);
          packet->body = g_byte_array_free_to_bytes (g_steal_pointer (&reader->partial_body));
          g_queue_push_tail (&reader->packets, packet);
        }
      return TRUE;
    }

  packet = packet_new (reader->framing, h);
  if (total_len > body_len)
    {
      reader->partial = packet;
      reader->partial_total = total_len;
      reader->partial_body = g_byte_array_sized_new (MIN (total_len, 65536u));
      g_byte_array_append (reader->partial_body, body, body_len);
      return TRUE;
    }

  packet->body = g_bytes_new (body, body_len);
  g_queue_push_tail (&reader->packets, packet);
  return TRUE;
}

/**
 * warden_frame_reader_feed:
 *
 * Adds bytes read from the connection. After an error the stream cannot be
 * resynchronised: close the connection.
 */
gboolean
warden_frame_reader_feed (WardenFrameReader *reader,
                          const guint8      *data,
                          gsize              len,
                          GError           **error)
{
  gsize pos = 0;

  g_return_val_if_fail (reader != NULL, FALSE);

  if (reader->failed)
    return fail (reader, error, WARDEN_PROTO_ERROR_MALFORMED,
                 "The connection already carried malformed data");

  g_byte_array_append (reader->buffer, data, (guint) len);

  while (reader->buffer->len - pos >= WARDEN_PACKET_HEADER_SIZE)
    {
      const guint8 *h = reader->buffer->data + pos;
      guint32 body_len, total_len;

      if (!parse_header (reader, h, &body_len, &total_len, error))
        return FALSE;
      if (reader->buffer->len - pos - WARDEN_PACKET_HEADER_SIZE < body_len)
        break;
      if (!take_packet (reader, h, h + WARDEN_PACKET_HEADER_SIZE, body_len, total_len, error))
        return FALSE;
      pos += WARDEN_PACKET_HEADER_SIZE + body_len;
    }

  g_byte_array_remove_range (reader->buffer, 0, (guint) pos);
  return TRUE;
}

/**
 * warden_frame_reader_pop:
 *
 * Returns: (transfer full) (nullable): the next whole message
 */
WardenPacket *
warden_frame_reader_pop (WardenFrameReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return g_queue_pop_head (&reader->packets);
}

static GBytes *
build (const guint8 *header,
       const char   *body,
       gsize         len)
{
  GByteArray *out = g_byte_array_sized_new ((guint) (WARDEN_PACKET_HEADER_SIZE + len));

  g_byte_array_append (out, header, WARDEN_PACKET_HEADER_SIZE);
  if (len > 0)
    g_byte_array_append (out, (const guint8 *) body, (guint) len);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
warden_dhip_build (guint32     session_id,
                   guint32     request_id,
                   const char *body,
                   gsize       len)
{
  guint8 h[WARDEN_PACKET_HEADER_SIZE] = { 0 };

  g_return_val_if_fail (len <= G_MAXUINT32, NULL);

  write_le32 (h, WARDEN_PACKET_HEADER_SIZE);
  memcpy (h + 4, "DHIP", 4);
  write_le32 (h + 8, session_id);
  write_le32 (h + 12, request_id);
  write_le32 (h + 16, (guint32) len);
  write_le32 (h + 24, (guint32) len);
  return build (h, body, len);
}

GBytes *
warden_dvrip_build_json (guint32     session_id,
                         guint32     request_id,
                         const char *body,
                         gsize       len)
{
  guint8 h[WARDEN_PACKET_HEADER_SIZE] = { WARDEN_DVRIP_CMD_JSON };

  g_return_val_if_fail (len <= G_MAXUINT32, NULL);

  write_le32 (h + 4, (guint32) len);
  write_le32 (h + 8, request_id);
  write_le32 (h + 16, (guint32) len);
  write_le32 (h + 24, session_id);
  return build (h, body, len);
}

GBytes *
warden_dvrip_build_realm_request (void)
{
  static const guint8 h[WARDEN_PACKET_HEADER_SIZE] = {
    WARDEN_DVRIP_CMD_LOGIN, 0x01, 0x00, 0x00,
    [24] = 0x05, 0x02, 0x01, 0x01, 0x00, 0x00, 0xA1, 0xAA,
  };

  return build (h, NULL, 0);
}

/**
 * warden_dvrip_build_login:
 *
 * The second DVRIP login packet: `user&&<Default hash><DVRIP hash>`.
 */
GBytes *
warden_dvrip_build_login (const char *user,
                          const char *password,
                          const char *realm,
                          const char *random)
{
  guint8 h[WARDEN_PACKET_HEADER_SIZE] = {
    WARDEN_DVRIP_CMD_LOGIN, 0x05, 0x00, 0x00,
    [24] = 0x05, 0x02, 0x00, 0x08, 0x00, 0x00, 0xA1, 0xAA,
  };
  g_autofree char *hash_default = warden_login_hash_default (user, password, realm, random);
  g_autofree char *hash_dvrip = warden_login_hash_dvrip (user, password, random);
  g_autofree char *body = g_strconcat (user, "&&", hash_default, hash_dvrip, NULL);
  gsize len = strlen (body);

  write_le32 (h + 4, (guint32) len);
  return build (h, body, len);
}

static char *
dup_field (const char *value,
           gsize       len)
{
  while (len > 0 && g_ascii_isspace (*value))
    {
      value++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (value[len - 1]))
    len--;
  return g_strndup (value, len);
}

/**
 * warden_dvrip_parse_challenge:
 *
 * Reads `Realm:...\r\nRandom:...\r\n\r\n` from the reply to the realm request.
 */
gboolean
warden_dvrip_parse_challenge (const WardenPacket *packet,
                              char              **realm,
                              char              **random,
                              GError            **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (packet->body, &len);
  const char *text = data != NULL ? data : "";
  const char *end = text + len;
  g_autofree char *realm_value = NULL;
  g_autofree char *random_value = NULL;

  if (packet->command != WARDEN_DVRIP_CMD_LOGIN_REPLY)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device answered the login challenge with command 0x%02X",
                   packet->command);
      return FALSE;
    }

  while (text < end)
    {
      const char *eol = memchr (text, '\n', (gsize) (end - text));
      const char *line_end = eol != NULL ? eol : end;
      const char *colon = memchr (text, ':', (gsize) (line_end - text));

      if (colon != NULL && (gsize) (line_end - colon) <= CHALLENGE_MAX_FIELD)
        {
          gsize key_len = (gsize) (colon - text);

          if (key_len == 5 && g_ascii_strncasecmp (text, "Realm", 5) == 0)
            {
              g_free (realm_value);
              realm_value = dup_field (colon + 1, (gsize) (line_end - colon - 1));
            }
          else if (key_len == 6 && g_ascii_strncasecmp (text, "Random", 6) == 0)
            {
              g_free (random_value);
              random_value = dup_field (colon + 1, (gsize) (line_end - colon - 1));
            }
        }
      text = line_end + (eol != NULL ? 1 : 0);
    }

  if (realm_value == NULL || random_value == NULL || *random_value == '\0')
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device's login challenge lacks its Realm or Random line");
      return FALSE;
    }

  *realm = g_steal_pointer (&realm_value);
  *random = g_steal_pointer (&random_value);
  return TRUE;
}

/**
 * warden_dvrip_parse_login_reply:
 *
 * Reads the result (bytes 8-9), the session id (16-19) and bytes 28-29
 * (big-endian) of a DVRIP login reply: the attempts left with a wrong password,
 * the seconds the lock-out still lasts with a locked account. A lock of 0 s
 * means the device did not say.
 */
gboolean
warden_dvrip_parse_login_reply (const WardenPacket    *packet,
                                WardenDvripLoginReply *reply,
                                GError               **error)
{
  const guint8 *h = packet->header;

  if (packet->command != WARDEN_DVRIP_CMD_LOGIN_REPLY)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "The device answered the login with command 0x%02X", packet->command);
      return FALSE;
    }

  reply->result = (guint16) ((h[8] << 8) | h[9]);
  reply->session_id = read_le32 (h + 16);
  reply->attempts_left = reply->result == 0x0100 ? (h[28] << 8) | h[29] : -1;
  reply->lock_seconds = reply->result == 0x0104 && ((h[28] << 8) | h[29]) > 0 ? (h[28] << 8) | h[29] : -1;
  return TRUE;
}

gboolean
warden_dvrip_login_reply_check (const WardenDvripLoginReply *reply,
                                const char                  *host,
                                GError                     **error)
{
  switch (reply->result)
    {
    case 0x0008:
      return TRUE;
    case 0x0100:
    case 0x0101:
      warden_proto_error_set_from_rpc (error, host, WARDEN_RPC_CODE_BAD_CREDENTIALS, NULL,
                                       reply->attempts_left, -1);
      return FALSE;
    case 0x0104:
      warden_proto_error_set_from_rpc (error, host, WARDEN_RPC_CODE_LOCKED, NULL, -1,
                                       reply->lock_seconds);
      return FALSE;
    case 0x0111:
      warden_proto_error_set_from_rpc (error, host, WARDEN_RPC_CODE_NOT_INITIALISED, NULL, -1, -1);
      return FALSE;
    case 0x0113:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
                   "Device %s does not implement this login on port 37777", host);
      return FALSE;
    case 0x0303:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s says this user is already logged in (result 0x0303); "
                   "log out elsewhere or wait for that session to expire", host);
      return FALSE;
    default:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s refused the login with result 0x%04X", host, reply->result);
      return FALSE;
    }
}
