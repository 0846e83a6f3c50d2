/* warden-event-stream.h: a device's events, attached and kept attached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-device-session.h"
#include "warden-event.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_EVENT_STREAM (warden_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (WardenEventStream, warden_event_stream, WARDEN, EVENT_STREAM, GObject)

WardenEventStream *warden_event_stream_new           (WardenDeviceSession *session,
                                                      const char * const  *codes);
void               warden_event_stream_set_heartbeat (WardenEventStream   *self,
                                                      guint                seconds);
void               warden_event_stream_start         (WardenEventStream   *self);
void               warden_event_stream_stop          (WardenEventStream   *self);
gboolean           warden_event_stream_get_attached  (WardenEventStream   *self);

G_END_DECLS
