/* proto-test-util.h: helpers shared by the proto tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes       *proto_test_load_fixture (const char    *name);
void          proto_test_result_cb    (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *proto_test_wait         (GAsyncResult **slot);

G_END_DECLS
