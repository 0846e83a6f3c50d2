/* warden-rpc-message.h: JSON-RPC requests, replies and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same message shape travels over DVRIP, DHIP and HTTP RPC2 (PROTOCOL.md §3.1).
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  JsonNode *root;
  gboolean has_id;
  gint64 id;
  char *method;          /* set on notifications */
  char *session;         /* a number or a string on the wire; nullable */
  JsonNode *result;      /* nullable; borrowed from root */
  JsonObject *params;    /* nullable; borrowed from root */
  gboolean has_error;
  gint64 error_code;
  char *error_message;
  int attempts_left;     /* params.remainLoginTimes, or -1 */
  int lock_seconds;      /* params.remainLockSecond, or -1 */
} WardenRpcReply;

void            warden_rpc_reply_free    (WardenRpcReply *reply);
WardenRpcReply *warden_rpc_reply_parse   (const char     *text,
                                          gsize           len,
                                          GError        **error);
gboolean        warden_rpc_reply_check   (WardenRpcReply *reply,
                                          const char     *host,
                                          GError        **error);
gboolean        warden_rpc_reply_get_result_int (WardenRpcReply *reply,
                                                 gint64         *out);
char           *warden_rpc_request_build (gint64          id,
                                          const char     *method,
                                          JsonNode       *params,
                                          const char     *session,
                                          gint64          object);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenRpcReply, warden_rpc_reply_free)

G_END_DECLS
