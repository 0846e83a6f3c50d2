/* warden-view-source.h: what a live tile needs to show one channel of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_VIEW_ERROR (warden_view_error_quark ())

typedef enum
{
  WARDEN_VIEW_ERROR_NO_DEVICE,   /* the device was deleted */
  WARDEN_VIEW_ERROR_NO_CHANNEL,  /* the device has no such channel */
  WARDEN_VIEW_ERROR_OFFLINE,     /* not logged in: wait, or check the device */
  WARDEN_VIEW_ERROR_CREDENTIALS, /* the stored password cannot be read */
} WardenViewError;

typedef struct
{
  gint64  device_id;
  int     channel;        /* 1-based */
  char   *name;           /* "Device · Channel" for the tile */
  char   *main_url;       /* rtsp:// with the device's credentials */
  char   *sub_url;
} WardenViewSource;

GQuark            warden_view_error_quark    (void);

/* The main and sub stream of @channel, while the device is online. */
WardenViewSource *warden_view_source_resolve (WardenDeviceRegistry   *registry,
                                              gint64                  device_id,
                                              int                     channel,
                                              GError                **error);
void              warden_view_source_free    (WardenViewSource       *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenViewSource, warden_view_source_free)

G_END_DECLS
