/* devsim-config.h: configManager tables of a device, as JSON and as CGI lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "devsim-device.h"

G_BEGIN_DECLS

/* The table `name` (General, Network, DVRIP, Web, RTSP, ChannelTitle, Encode,
 * StorageDevice, AccessControl, Alarm, AlarmOut): an object, or an array per
 * channel, door or alarm port. */
JsonNode *devsim_config_get       (DevsimDevice *device,
                                   const char   *name,
                                   GError      **error);
/* Writes a whole table back; unknown keys are ignored, bad values rejected. */
gboolean  devsim_config_set       (DevsimDevice *device,
                                   const char   *name,
                                   JsonNode     *table,
                                   GError      **error);
/* Appends `prefix.key=value\r\n` lines for every leaf of `node`. */
void      devsim_config_flatten   (GString      *out,
                                   const char   *prefix,
                                   JsonNode     *node);
/* CGI read: `name` may be a sub-path such as General.MachineName or Encode[0]. */
char     *devsim_config_get_cgi   (DevsimDevice *device,
                                   const char   *name,
                                   GError      **error);
/* CGI write of one `Table[i].Path=value` pair. */
gboolean  devsim_config_set_cgi   (DevsimDevice *device,
                                   const char   *key,
                                   const char   *value,
                                   GError      **error);
/* Members that may be missing or of another type: NULL then (no critical). */
JsonObject *devsim_json_get_object  (JsonObject   *object,
                                     const char   *member);
JsonArray  *devsim_json_get_array   (JsonObject   *object,
                                     const char   *member);
/* The node at `path` (".Key", "[i]" steps) under `root`, or NULL. */
JsonNode *devsim_json_walk        (JsonNode     *root,
                                   const char   *path);

G_END_DECLS
