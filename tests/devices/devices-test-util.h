/* devices-test-util.h: a signed-in security service and waits for device states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "devsim-fixture.h"
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

/* A simulator, a store with a signed-in administrator and a registry on it,
 * with short back-off so reconnects happen within a test. */
typedef struct
{
  char                 *dir;
  DevsimFixture        *sim;
  WardenSecurity       *security;
  WardenDeviceRegistry *registry;
} DevicesFixture;

/* Names the data folder and the simulator after the running test. */
void          devices_test_fixture_set_up    (DevicesFixture         *fixture,
                                              const char * const     *devsim_args);
void          devices_test_fixture_tear_down (DevicesFixture         *fixture);
/* A GAsyncReadyCallback that stores the result in the GAsyncResult * @user_data points to. */
void          devices_test_result_cb         (GObject                *object,
                                              GAsyncResult           *result,
                                              gpointer                user_data);
/* Runs the main context until *@slot is set; returns it. */
GAsyncResult *devices_test_wait_result       (GAsyncResult          **slot);

G_END_DECLS
