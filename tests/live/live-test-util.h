/* live-test-util.h: helpers shared by the Live View tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-live-grid.h"

G_BEGIN_DECLS

/* Delivers @payload to the grid's drop target at the centre of tile @index, as
 * a drop from a drag would; returns whether the grid accepted it. */
gboolean live_test_drop_on (WardenLiveGrid *grid,
                            guint           index,
                            const char     *payload);

G_END_DECLS
