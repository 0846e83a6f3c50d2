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
