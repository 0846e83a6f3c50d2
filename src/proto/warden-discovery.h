/* warden-discovery.h: DHDiscover search over UDP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "warden-discovered-device.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DISCOVERY (warden_discovery_get_type ())

G_DECLARE_FINAL_TYPE (WardenDiscovery, warden_discovery, WARDEN, DISCOVERY, GObject)

#define WARDEN_DISCOVERY_PORT 37810
#define WARDEN_DISCOVERY_MULTICAST "239.255.255.251"
/* Most addresses one search may probe. */
#define WARDEN_DISCOVERY_MAX_TARGETS 65536u

gboolean         warden_discovery_parse_ipv4   (const char          *text,
                                                guint32             *out);

WardenDiscovery *warden_discovery_new          (void);
void             warden_discovery_set_port     (WardenDiscovery     *self,
                                                guint                port);
gboolean         warden_discovery_add_range    (WardenDiscovery     *self,
                                                const char          *range,
                                                GError             **error);
void             warden_discovery_set_multicast (WardenDiscovery    *self,
                                                 gboolean            multicast);
void             warden_discovery_run_async    (WardenDiscovery     *self,
                                                guint                duration_ms,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
guint            warden_discovery_run_finish   (WardenDiscovery     *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
