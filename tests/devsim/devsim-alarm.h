/* devsim-alarm.h: alarm inputs and outputs of a device, shared by CGI, RPC and control
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "devsim-host.h"

G_BEGIN_DECLS

/* configManager `Alarm` ([{Name, Enable, SensorType}] per input) or `AlarmOut`
 * ([{Name, Mode}] per output). */
JsonNode  *devsim_alarm_config      (DevsimDevice  *device,
                                     gboolean       outputs);
/* Writes a whole table back: names up to 63 bytes, Enable, Mode 0..2. */
gboolean   devsim_alarm_config_set  (DevsimDevice  *device,
                                     gboolean       outputs,
                                     JsonNode      *table,
                                     GError       **error);
/* Whether input or output `index` (0-based) is active. An output is on when
 * forced on (Mode 1), or in Mode 0 while an enabled input is in alarm. */
gboolean   devsim_alarm_is_active   (DevsimDevice  *device,
                                     gboolean       outputs,
                                     int            index);
/* Bit i set: input or output i active (alarm.cgi getInState / getOutState). */
guint64    devsim_alarm_state_mask  (DevsimDevice  *device,
                                     gboolean       outputs);
/* An input (0-based) changes; an enabled one emits AlarmLocal Start or Stop. */
gboolean   devsim_alarm_set_input   (DevsimHost    *host,
                                     int            input,
                                     gboolean       active,
                                     GError       **error);

G_END_DECLS
