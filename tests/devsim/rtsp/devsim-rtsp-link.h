/* devsim-rtsp-link.h: how RTSP threads reach the device they serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Client threads and streaming threads outlive DevsimRtsp by a little (teardown is
 * asynchronous), so they hold this reference-counted link instead of the device.
 * Every read copies under DevsimDevice.lock; once the server is freed the link is
 * detached and reads fail.
 */

#pragma once

#include <glib.h>

#include "devsim-device.h"
#include "devsim-recordings.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean online;
  gboolean stall;
  gboolean corrupt;
} DevsimRtspFaults;

/* What one stream of one channel looks like, copied out of the device. */
typedef struct
{
  DevsimStreamConfig config;
  char *channel_name;
} DevsimRtspStreamInfo;

typedef struct _DevsimRtspLink DevsimRtspLink;

DevsimRtspLink *devsim_rtsp_link_new            (DevsimDevice   *device);
DevsimRtspLink *devsim_rtsp_link_ref            (DevsimRtspLink *link);
void            devsim_rtsp_link_unref          (DevsimRtspLink *link);
void            devsim_rtsp_link_detach         (DevsimRtspLink *link);

gboolean        devsim_rtsp_link_read_faults    (DevsimRtspLink   *link,
                                                 DevsimRtspFaults *faults);
/* FALSE if the channel (0-based) or subtype does not exist. */
gboolean        devsim_rtsp_link_read_stream    (DevsimRtspLink       *link,
                                                 int                   channel,
                                                 int                   subtype,
                                                 DevsimRtspStreamInfo *info);
void            devsim_rtsp_stream_info_clear   (DevsimRtspStreamInfo *info);
/* Whether the channel holds any recording in [from_utc, to_utc). */
gboolean        devsim_rtsp_link_has_recordings (DevsimRtspLink *link,
                                                 int             channel,
                                                 gint64          from_utc,
                                                 gint64          to_utc);
/* Parses a device-local YYYY_MM_DD_HH_MM_SS (the playback URL form) to UTC seconds. */
gboolean        devsim_rtsp_link_parse_local_time (DevsimRtspLink *link,
                                                   const char     *text,
                                                   gint64         *utc);
/* Calls func (user, password, data) for every user that may log in now: none while
 * the device refuses logins or is offline, and no locked user. */
void            devsim_rtsp_link_foreach_login  (DevsimRtspLink *link,
                                                 void          (*func) (const char *user,
                                                                        const char *password,
                                                                        gpointer    data),
                                                 gpointer        data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimRtspLink, devsim_rtsp_link_unref)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DevsimRtspStreamInfo, devsim_rtsp_stream_info_clear)

G_END_DECLS
