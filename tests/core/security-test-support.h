/* security-test-support.h: helpers shared by the security tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Async jobs finish on the main context and their worker thread drops its
 * task reference a moment later: runs the main context until @object holds
 * only the caller's reference (for up to 5 s), before a finalize check. */
void security_test_wait_for_last_reference (gpointer object);

G_END_DECLS
