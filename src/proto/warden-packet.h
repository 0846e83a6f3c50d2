/* warden-packet.h: DVRIP (TCP 37777) and DHIP framing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both protocols put a 32-byte header before each body (PROTOCOL.md §3.3, §3.4).
 * WardenFrameReader takes bytes as they arrive, in any chunking, and hands back whole
 * messages; a message split over several packets is joined. A body larger than the
 * reader's limit is refused before anything is allocated for it.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WARDEN_PACKET_HEADER_SIZE 32
/* Largest message body Warden accepts from a device. */
#define WARDEN_PACKET_MAX_BODY (4u * 1024u * 1024u)

typedef enum
{
  WARDEN_FRAMING_DVRIP,
  WARDEN_FRAMING_DHIP,
} WardenFraming;

/* DVRIP command bytes (byte 0 of the header). */
#define WARDEN_DVRIP_CMD_LOGIN        0xA0
#define WARDEN_DVRIP_CMD_LOGIN_REPLY  0xB0
#define WARDEN_DVRIP_CMD_JSON         0xF6

typedef struct
{
  guint8 header[WARDEN_PACKET_HEADER_SIZE];
  guint8 command;        /* DVRIP: byte 0; DHIP: 0 */
  guint32 session_id;
  guint32 request_id;
  GBytes *body;          /* never NULL; possibly empty */
} WardenPacket;

void warden_packet_free (WardenPacket *packet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenPacket, warden_packet_free)

typedef struct _WardenFrameReader WardenFrameReader;

WardenFrameReader *warden_frame_reader_new  (WardenFraming      framing,
                                             gsize              max_body);
void               warden_frame_reader_free (WardenFrameReader *reader);
gboolean           warden_frame_reader_feed (WardenFrameReader *reader,
                                             const guint8      *data,
                                             gsize              len,
                                             GError           **error);
WardenPacket      *warden_frame_reader_pop  (WardenFrameReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenFrameReader, warden_frame_reader_free)

GBytes *warden_dhip_build                (guint32     session_id,
                                          guint32     request_id,
                                          const char *body,
                                          gsize       len);
GBytes *warden_dvrip_build_json          (guint32     session_id,
                                          guint32     request_id,
                                          const char *body,
                                          gsize       len);
GBytes *warden_dvrip_build_realm_request (void);
GBytes *warden_dvrip_build_login         (const char *user,
                                          const char *password,
                                          const char *realm,
                                          const char *random);

gboolean warden_dvrip_parse_challenge    (const WardenPacket *packet,
                                          char              **realm,
                                          char              **random,
                                          GError            **error);

typedef struct
{
  guint16 result;        /* bytes 8-9: 0x0008 accepted */
  guint32 session_id;
  int attempts_left;     /* -1 when the device did not say */
  int lock_seconds;      /* -1 when the device did not say */
} WardenDvripLoginReply;

gboolean warden_dvrip_parse_login_reply  (const WardenPacket    *packet,
                                          WardenDvripLoginReply *reply,
                                          GError               **error);
gboolean warden_dvrip_login_reply_check  (const WardenDvripLoginReply *reply,
                                          const char                  *host,
                                          GError                     **error);

G_END_DECLS
