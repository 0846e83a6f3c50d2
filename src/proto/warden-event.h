/* warden-event.h: one event a device reported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_EVENT (warden_event_get_type ())

G_DECLARE_FINAL_TYPE (WardenEvent, warden_event, WARDEN, EVENT, GObject)

/* Longest event text and data accepted. */
#define WARDEN_EVENT_MAX_TEXT (1024u * 1024u)

WardenEvent *warden_event_new                   (const char  *device,
                                                 int          channel,
                                                 const char  *code,
                                                 const char  *action,
                                                 GDateTime   *time,
                                                 JsonNode    *data);
WardenEvent *warden_event_new_from_text         (const char  *device,
                                                 const char  *text,
                                                 gsize        len,
                                                 GError     **error);
GPtrArray   *warden_event_list_from_notification (const char *device,
                                                  JsonObject *params,
                                                  GError    **error);
gboolean     warden_event_text_is_heartbeat     (const char  *text,
                                                 gsize        len);

const char  *warden_event_get_device            (WardenEvent *self);
int          warden_event_get_channel           (WardenEvent *self);
const char  *warden_event_get_code              (WardenEvent *self);
const char  *warden_event_get_action            (WardenEvent *self);
GDateTime   *warden_event_get_time              (WardenEvent *self);
JsonNode    *warden_event_get_data              (WardenEvent *self);
char        *warden_event_to_json               (WardenEvent *self);

G_END_DECLS
