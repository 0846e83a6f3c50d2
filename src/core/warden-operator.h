/* warden-operator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An operator account as the UI and services see it: no password material.
 */

#pragma once

#include <glib-object.h>

#include "warden-roles.h"

G_BEGIN_DECLS

#define WARDEN_OPERATOR_MAX_NAME 64

#define WARDEN_TYPE_OPERATOR (warden_operator_get_type ())
G_DECLARE_FINAL_TYPE (WardenOperator, warden_operator, WARDEN, OPERATOR, GObject)

WardenOperator *warden_operator_new              (gint64          id,
                                                  const char     *username,
                                                  WardenRole     *role,
                                                  gboolean        enabled,
                                                  gint64          created_at);
gint64          warden_operator_get_id           (WardenOperator *self);
const char     *warden_operator_get_username     (WardenOperator *self);
WardenRole     *warden_operator_get_role         (WardenOperator *self);
const char     *warden_operator_get_role_name    (WardenOperator *self);
gboolean        warden_operator_get_enabled      (WardenOperator *self);
gint64          warden_operator_get_created_at   (WardenOperator *self);

G_END_DECLS
