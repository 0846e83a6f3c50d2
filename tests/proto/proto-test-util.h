/* proto-test-util.h: helpers shared by the proto tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *proto_test_load_fixture (const char *name);

G_END_DECLS
