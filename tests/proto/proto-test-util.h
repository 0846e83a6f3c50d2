/* proto-test-util.h: helpers shared by the proto tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "devsim-fixture.h"
#include "warden-device-session.h"

G_BEGIN_DECLS

GBytes       *proto_test_load_fixture (const char    *name);
void          proto_test_result_cb    (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *proto_test_wait         (GAsyncResult **slot);

/* A session to @dev; @over_http points DVRIP at a closed port so HTTP is used. */
WardenDeviceSession *proto_test_session_new (const DevsimFixtureDevice *dev,
                                             gboolean                   over_http,
                                             const char                *password);
gboolean             proto_test_connect     (WardenDeviceSession       *session,
                                             GError                   **error);

G_END_DECLS
