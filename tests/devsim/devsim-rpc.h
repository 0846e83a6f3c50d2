/* devsim-rpc.h: the one JSON-RPC dispatcher, served on DVRIP (F6) and HTTP /RPC2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "devsim-host.h"

G_BEGIN_DECLS

#define DEVSIM_MAX_FIND_COUNT 100

/* Handles one request object and returns the reply object ({id, result,
 * params?, error?, session}). `session` is the transport's session, or NULL
 * when the transport identifies the session from the request (HTTP). */
JsonObject *devsim_rpc_dispatch          (DevsimHost       *host,
                                          DevsimSession    *session,
                                          JsonObject       *request);
/* The text of a client.notifyEventStream for `session`, honouring event->shape. */
char       *devsim_rpc_event_message     (DevsimSession    *session,
                                          const DevsimEvent *event);

/* mediaFileFind objects, shared by the CGI and RPC forms. */
guint32     devsim_finder_create         (DevsimHost       *host);
gboolean    devsim_finder_find           (DevsimHost       *host,
                                          guint32           object,
                                          JsonObject       *condition,
                                          int               channel_base,
                                          GError          **error);
/* Up to `count` (1..DEVSIM_MAX_FIND_COUNT) next items, empty at the end. */
JsonArray  *devsim_finder_next           (DevsimHost       *host,
                                          guint32           object,
                                          guint             count,
                                          GError          **error);
gint64      devsim_finder_count          (DevsimHost       *host,
                                          guint32           object);
gboolean    devsim_finder_destroy        (DevsimHost       *host,
                                          guint32           object);
void        devsim_finder_free           (gpointer          finder);

/* Door control, shared by accessControl.cgi and accessControl.* RPC; door is 0-based. */
gboolean    devsim_door_set              (DevsimHost       *host,
                                          int               door,
                                          gboolean          open,
                                          const char       *user_id,
                                          GError          **error);

G_END_DECLS
