/* warden-rpc-transport-private.h: what subclasses of WardenRpcTransport call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-rpc-transport.h"

G_BEGIN_DECLS

void _warden_rpc_transport_receive                (WardenRpcTransport *self,
                                                   const char         *text,
                                                   gsize               len);
void _warden_rpc_transport_fail_request           (WardenRpcTransport *self,
                                                   gint64              id,
                                                   const GError       *error);
void _warden_rpc_transport_closed                 (WardenRpcTransport *self,
                                                   const GError       *error);
void _warden_rpc_transport_set_session            (WardenRpcTransport *self,
                                                   const char         *session);
void _warden_rpc_transport_set_keep_alive_interval (WardenRpcTransport *self,
                                                    guint               seconds);

void _warden_rpc_transport_set_login_limits       (WardenRpcTransport *self,
                                                   int                 attempts_left,
                                                   int                 lock_seconds);

G_END_DECLS
