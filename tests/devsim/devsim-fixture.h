/* devsim-fixture.h: start and drive warden-devsim from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-login",
 *                                   (const char *[]) { "--ipc", "1", "--nvr", "1", NULL },
 *                                   &error);
 *   const DevsimFixtureDevice *cam = devsim_fixture_get_device (sim, 0);
 *   ... connect to cam->address:cam->dvrip_port as cam->user / cam->password ...
 *   g_autofree char *reply = devsim_fixture_ctl (sim, &error, "offline %s", cam->address);
 *
 * The simulator is the program in $WARDEN_DEVSIM (set in test_env). Each fixture
 * gets its own loopback range (--first-address) derived from the pid and the test
 * name, and its own control socket under $WARDEN_TEST_DATA/<test-name>/, so tests
 * can run in parallel. Dropping the fixture stops the simulator (SIGTERM, wait).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DEVSIM_FIXTURE_ERROR (devsim_fixture_error_quark ())

typedef enum
{
  DEVSIM_FIXTURE_ERROR_START,    /* the program is missing, failed or exited early */
  DEVSIM_FIXTURE_ERROR_PROTOCOL, /* a line it printed or replied could not be parsed */
  DEVSIM_FIXTURE_ERROR_COMMAND,  /* the simulator refused a control command */
} DevsimFixtureError;

typedef struct
{
  char *kind;                    /* "ipc", "nvr" or "door" */
  char *name;
  char *address;                 /* 127.x.y.z */
  guint dvrip_port;              /* TCP, DVRIP (37777 when it could bind it) */
  guint http_port;               /* TCP, CGI and RPC2 */
  guint rtsp_port;               /* TCP, RTSP; 0 when started with --no-rtsp */
  guint discovery_port;          /* UDP, DHIP discovery */
  char *user;
  char *password;
  char *serial;
  int channels;
  int doors;
} DevsimFixtureDevice;

typedef struct _DevsimFixture DevsimFixture;

GQuark                     devsim_fixture_error_quark       (void);

/* Starts warden-devsim with `args` (NULL-terminated, may be NULL) and waits for
 * its ready line. `test_name` names the data directory and seeds the address. */
DevsimFixture             *devsim_fixture_start             (const char         *test_name,
                                                             const char * const *args,
                                                             GError            **error);
guint                      devsim_fixture_get_n_devices     (DevsimFixture      *self);
const DevsimFixtureDevice *devsim_fixture_get_device        (DevsimFixture      *self,
                                                             guint               index);
/* The first device of that kind, or NULL. */
const DevsimFixtureDevice *devsim_fixture_find_device       (DevsimFixture      *self,
                                                             const char         *kind);
const char                *devsim_fixture_get_control_path  (DevsimFixture      *self);
const char                *devsim_fixture_get_first_address (DevsimFixture      *self);
/* Sends one control command (see `warden-devsim ctl --help`) and returns the
 * simulator's JSON reply line; NULL with an error when it refused it. */
char                      *devsim_fixture_ctl               (DevsimFixture      *self,
                                                             GError            **error,
                                                             const char         *format,
                                                             ...) G_GNUC_PRINTF (3, 4);
/* Stops the simulator (SIGTERM, then waits) and frees the fixture. */
void                       devsim_fixture_stop              (DevsimFixture      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimFixture, devsim_fixture_stop)

G_END_DECLS
