/* devices-test-util.h: a signed-in security service and waits for device states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define DEVICES_TEST_ADMIN    "chief"
#define DEVICES_TEST_ADMIN_PW "Gr4nite#Lake"

/* A fresh folder $WARDEN_TEST_DATA/<name>/ (emptied first). */
char           *devices_test_fresh_dir       (const char             *name);
/* A store in @dir with an administrator signed in. */
WardenSecurity *devices_test_security_new    (const char             *dir);
/* Runs the main context until @supervisor reaches @status. */
void            devices_test_wait_status     (WardenDeviceSupervisor *supervisor,
                                              WardenDeviceStatus      status);
/* Runs the main context until @object holds the last reference, then checks it finalizes. */
void            devices_test_finalize        (gpointer                object);
/* Runs the main context until *@flag is set. */
void            devices_test_wait_flag       (gboolean               *flag);
/* A record for a simulated device. */
WardenDeviceRecord *devices_test_record      (const char             *name,
                                              const char             *address,
                                              guint                   port,
                                              const char             *user);

G_END_DECLS
