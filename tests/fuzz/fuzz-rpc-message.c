/* fuzz-rpc-message.c: JSON-RPC replies and event notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-event.h"
#include "warden-rpc-message.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenRpcReply) reply = warden_rpc_reply_parse ((const char *) data, size, NULL);
  g_autoptr(GPtrArray) events = NULL;
  gint64 object;

  if (reply == NULL)
    return 0;
  warden_rpc_reply_check (reply, "fuzz", NULL);
  warden_rpc_reply_get_result_int (reply, &object);
  if (reply->params != NULL)
    events = warden_event_list_from_notification ("fuzz", reply->params, NULL);
  return 0;
}
