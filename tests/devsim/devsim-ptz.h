/* devsim-ptz.h: pan/tilt/zoom state of a channel, shared by ptz.cgi and ptz.* RPC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "devsim-device.h"

G_BEGIN_DECLS

/* ptz.cgi start|stop and ptz.start|stop: `code` as in PROTOCOL.md §1.7. */
gboolean    devsim_ptz_command     (DevsimChannel *channel,
                                    gboolean       start,
                                    const char    *code,
                                    int            arg1,
                                    int            arg2,
                                    int            arg3,
                                    const char    *name,
                                    GError       **error);
/* Brings pan/tilt/zoom up to date with a running move. */
void        devsim_ptz_settle      (DevsimChannel *channel);
/* {Postion:[pan,tilt,zoom], ZoomValue, MoveStatus, PresetID, TourID} */
JsonObject *devsim_ptz_status      (DevsimChannel *channel);
/* [{Index, Name}] of the set presets. */
JsonArray  *devsim_ptz_presets     (DevsimChannel *channel);
/* Moves every touring channel to its next preset. */
void        devsim_ptz_tour_step   (DevsimDevice  *device);

G_END_DECLS
