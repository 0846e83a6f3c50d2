/* warden-notify-parser.h: the body of GET /SubscribeNotify.cgi, incrementally
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After eventManager.attach over HTTP JSON-RPC, a device sends its notifications
 * on a long GET /SubscribeNotify.cgi?sessionId= (PROTOCOL.md §3.2). The framing is
 * not documented: one JSON document per line and DHIP-framed JSON (§3.3) are both
 * accepted; the first byte of the body tells which (`{` for lines).
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _WardenNotifyParser WardenNotifyParser;

WardenNotifyParser *warden_notify_parser_new  (gsize               max_message);
void                warden_notify_parser_free (WardenNotifyParser *parser);
gboolean            warden_notify_parser_feed (WardenNotifyParser *parser,
                                               const guint8       *data,
                                               gsize               len,
                                               GError            **error);
JsonObject         *warden_notify_parser_pop  (WardenNotifyParser *parser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenNotifyParser, warden_notify_parser_free)

G_END_DECLS
