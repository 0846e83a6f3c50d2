/* warden-media-error.h: the media module's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WARDEN_MEDIA_ERROR (warden_media_error_quark ())

typedef enum
{
  WARDEN_MEDIA_ERROR_MISSING_PLUGIN,   /* a GStreamer element is not installed */
  WARDEN_MEDIA_ERROR_UNSUPPORTED,      /* the device sends a codec Warden cannot decode */
  WARDEN_MEDIA_ERROR_STALLED,          /* no frame arrived for the stall timeout */
  WARDEN_MEDIA_ERROR_STREAM,           /* the connection or the stream failed */
  WARDEN_MEDIA_ERROR_NO_FRAME,         /* a snapshot was asked before the first frame */
  WARDEN_MEDIA_ERROR_BUSY,             /* the recorder is already recording */
} WardenMediaError;

GQuark warden_media_error_quark (void);

G_END_DECLS
