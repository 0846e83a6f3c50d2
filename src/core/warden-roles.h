/* warden-roles.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rights per feature, and roles that hold them for every device or only for
 * chosen devices and channels.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  WARDEN_RIGHT_NONE           = 0,
  WARDEN_RIGHT_LIVE           = 1 << 0,
  WARDEN_RIGHT_PLAYBACK       = 1 << 1,
  WARDEN_RIGHT_EXPORT         = 1 << 2,
  WARDEN_RIGHT_PTZ            = 1 << 3,
  WARDEN_RIGHT_TALK           = 1 << 4,
  WARDEN_RIGHT_DOOR           = 1 << 5,
  WARDEN_RIGHT_PERSONNEL_EDIT = 1 << 6,
  WARDEN_RIGHT_DEVICE_EDIT    = 1 << 7,
  WARDEN_RIGHT_SETTINGS       = 1 << 8,
  WARDEN_RIGHT_OPERATORS      = 1 << 9,   /* manage accounts and roles */
  WARDEN_RIGHT_AUDIT          = 1 << 10,  /* read and export the audit log */
} WardenRight;

#define WARDEN_RIGHT_ALL ((WardenRight) ((1 << 11) - 1))

/* Rights that can be limited to devices and channels; the rest are global. */
#define WARDEN_RIGHT_DEVICE_SCOPED                                                   \
  (WARDEN_RIGHT_LIVE | WARDEN_RIGHT_PLAYBACK | WARDEN_RIGHT_EXPORT | WARDEN_RIGHT_PTZ | \
   WARDEN_RIGHT_TALK | WARDEN_RIGHT_DOOR | WARDEN_RIGHT_DEVICE_EDIT)

/* The built-in roles, as the first migration creates them. */
#define WARDEN_ROLE_ADMINISTRATOR 1
#define WARDEN_ROLE_OPERATOR      2
#define WARDEN_ROLE_GUEST         3

#define WARDEN_ROLE_MAX_NAME 64

const char *warden_right_get_name  (WardenRight right);
const char *warden_right_get_label (WardenRight right);

#define WARDEN_TYPE_ROLE (warden_role_get_type ())
G_DECLARE_FINAL_TYPE (WardenRole, warden_role, WARDEN, ROLE, GObject)

WardenRole  *warden_role_new             (gint64       id,
                                          const char  *name,
                                          gboolean     builtin,
                                          WardenRight  rights,
                                          gboolean     all_devices);
gint64       warden_role_get_id          (WardenRole  *self);
const char  *warden_role_get_name        (WardenRole  *self);
gboolean     warden_role_get_builtin     (WardenRole  *self);
WardenRight  warden_role_get_rights      (WardenRole  *self);
gboolean     warden_role_get_all_devices (WardenRole  *self);
void         warden_role_grant_device    (WardenRole  *self,
                                          gint64       device_id,
                                          int          channel,
                                          WardenRight  rights);
GArray      *warden_role_get_grants      (WardenRole  *self);
gboolean     warden_role_allows          (WardenRole  *self,
                                          WardenRight  right,
                                          gint64       device_id,
                                          int          channel);

G_END_DECLS
