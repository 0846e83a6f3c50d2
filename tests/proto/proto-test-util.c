/* proto-test-util.c: helpers shared by the proto tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "proto-test-util.h"

#include <string.h>

/**
 * proto_test_load_fixture:
 * @name: a file in tests/proto/fixtures
 *
 * Fixture files start with `# ` comment lines that name their source; the bytes
 * after them are the device's reply, byte for byte.
 *
 * Returns: (transfer full): the reply bytes
 */
GBytes *
proto_test_load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "proto", "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *p;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("Cannot read fixture %s: %s", path, error->message);

  p = contents;
  while (p < contents + len && p[0] == '#')
    {
      const char *nl = memchr (p, '\n', (gsize) (contents + len - p));

      g_assert_nonnull (nl);
      p = nl + 1;
    }
  return g_bytes_new (p, (gsize) (contents + len - p));
}

/* An async callback that stores its result in the GAsyncResult* user_data points to. */
void
proto_test_result_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/**
 * proto_test_wait:
 *
 * Runs the default main context until proto_test_result_cb() filled @slot.
 *
 * Returns: (transfer none): the result; the caller clears *@slot
 */
GAsyncResult *
proto_test_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Nothing listens on port 9 (discard) of a simulated device. */
#define CLOSED_PORT 9

/**
 * proto_test_session_new:
 * @password: (nullable): a password other than the device's
 */
WardenDeviceSession *
proto_test_session_new (const DevsimFixtureDevice *dev,
                        gboolean                   over_http,
                        const char                *password)
{
  WardenDeviceSession *session = warden_device_session_new (dev->address,
                                                            over_http ? CLOSED_PORT : dev->dvrip_port,
                                                            dev->user,
                                                            password != NULL ? password : dev->password);

  warden_device_session_set_http_port (session, dev->http_port, FALSE);
  /* Only a bound: a loaded CI machine running sanitizers must not fail a test. */
  warden_device_session_set_timeout (session, 30000);
  return session;
}

gboolean
proto_test_connect (WardenDeviceSession *session,
                    GError             **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  warden_device_session_connect_async (session, NULL, proto_test_result_cb, &result);
  ok = warden_device_session_connect_finish (session, proto_test_wait (&result), error);
  g_object_unref (result);
  return ok;
}
