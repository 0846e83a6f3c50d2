/* security-test-support.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "security-test-support.h"

void
security_test_wait_for_last_reference (gpointer object)
{
  for (int i = 0; i < 5000 && G_OBJECT (object)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}
