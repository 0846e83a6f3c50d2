/* fuzz-packet.c: DVRIP and DHIP framing, DVRIP login replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the framing and the read size; the rest is the stream.
 */

#include "config.h"

#include "warden-packet.h"
#include "warden-rpc-message.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenFrameReader) reader = NULL;
  WardenPacket *packet;
  gsize chunk;

  if (size < 1)
    return 0;

  reader = warden_frame_reader_new ((data[0] & 1) ? WARDEN_FRAMING_DHIP : WARDEN_FRAMING_DVRIP,
                                    64 * 1024);
  chunk = 1 + (data[0] >> 1);
  data++;
  size--;

  for (gsize off = 0; off < size; off += chunk)
    if (!warden_frame_reader_feed (reader, data + off, MIN (chunk, size - off), NULL))
      break;

  while ((packet = warden_frame_reader_pop (reader)) != NULL)
    {
      WardenDvripLoginReply login;
      g_autofree char *realm = NULL;
      g_autofree char *random = NULL;
      gsize len;
      const char *body = g_bytes_get_data (packet->body, &len);
      WardenRpcReply *reply;

      if (warden_dvrip_parse_challenge (packet, &realm, &random, NULL))
        g_assert (realm != NULL && random != NULL);
      if (warden_dvrip_parse_login_reply (packet, &login, NULL))
        warden_dvrip_login_reply_check (&login, "fuzz", NULL);
      reply = warden_rpc_reply_parse (body, len, NULL);
      warden_rpc_reply_free (reply);
      warden_packet_free (packet);
    }

  return 0;
}
