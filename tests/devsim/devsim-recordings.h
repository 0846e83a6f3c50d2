/* devsim-recordings.h: the deterministic synthetic recording history of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every channel holds DEVSIM_HISTORY_SECONDS (72 h) of recordings that end at
 * DevsimDevice.history_end_utc. Time is cut into 30-minute slots: most slots hold
 * one regular file (some end early, some slots are gaps), and inside a regular
 * file there are motion and alarm files. The same (serial, channel) always gives
 * the same history.
 */

#pragma once

#include <glib.h>

#include "devsim-device.h"

G_BEGIN_DECLS

typedef enum
{
  DEVSIM_REC_REGULAR = 1,
  DEVSIM_REC_MOTION = 2,
  DEVSIM_REC_ALARM = 4,
} DevsimRecFlags;

typedef struct
{
  gint64 start_utc, end_utc;     /* seconds; end is exclusive */
  int channel;                   /* 0-based */
  DevsimRecFlags flags;
  gboolean picture;              /* a .jpg picture record (start == end) */
  char path[160];                /* /mnt/dvr/<local date>/<ch 1-based>/{dav,jpg}/<hh>/... */
  gint64 length_bytes;
} DevsimRecording;

#define DEVSIM_REC_SLOT_SECONDS 1800

/* Recordings (pictures == FALSE) or picture records (pictures == TRUE) of one
 * channel that overlap [from_utc, to_utc), sorted by start time. Returns an
 * array of DevsimRecording, empty when nothing matches. */
GArray   *devsim_recordings_find        (const DevsimDevice *device,
                                         int                 channel /* 0-based */,
                                         gint64              from_utc,
                                         gint64              to_utc,
                                         gboolean            pictures);

/* The recording or picture whose path is `path`, or FALSE. */
gboolean  devsim_recordings_lookup_path (const DevsimDevice *device,
                                         const char         *path,
                                         DevsimRecording    *out);

/* "YYYY-MM-DD HH:MM:SS" in the device's local time. */
char     *devsim_format_local_time      (const DevsimDevice *device,
                                         gint64              utc);
/* Parses "YYYY-MM-DD HH:MM:SS" (zero padding optional) in device local time. */
gboolean  devsim_parse_local_time       (const DevsimDevice *device,
                                         const char         *text,
                                         gint64             *utc);

G_END_DECLS
