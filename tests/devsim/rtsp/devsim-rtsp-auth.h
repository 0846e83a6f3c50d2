/* devsim-rtsp-auth.h: RTSP authentication against the device's users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Digest (and Basic) with the device's current users and passwords; a locked user,
 * a device that refuses logins and an offline device authenticate nobody. Every
 * request but OPTIONS needs credentials, and an offline device refuses connections.
 */

#pragma once

#include <gst/rtsp-server/rtsp-auth.h>

#include "devsim-rtsp-link.h"

G_BEGIN_DECLS

/* The media factory role that every device user has. */
#define DEVSIM_RTSP_ROLE "user"

#define DEVSIM_TYPE_RTSP_AUTH (devsim_rtsp_auth_get_type ())

G_DECLARE_FINAL_TYPE (DevsimRtspAuth, devsim_rtsp_auth, DEVSIM, RTSP_AUTH, GstRTSPAuth)

GstRTSPAuth *devsim_rtsp_auth_new (DevsimRtspLink *link,
                                   const char     *realm);

G_END_DECLS
