/* devices-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "devices-test-util.h"

static const int questions[] = { 0, 3, 5 };
static const char * const answers[] = { "Rex", "Smith", "Bean" };

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                               NULL, NULL);

  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFileInfo) owned = info;
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
        }
    }
  g_file_delete (file, NULL, NULL);
}

char *
devices_test_fresh_dir (const char *name)
{
  char *dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  remove_tree (file);
  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  return dir;
}

WardenSecurity *
devices_test_security_new (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "warden.db", NULL);
  g_autoptr(WardenStore) store = warden_store_open (path, &error);
  WardenSecurity *security;

  g_assert_no_error (error);
  security = warden_security_new (store);
  if (warden_security_needs_first_run (security, &error))
    warden_security_create_administrator (security, DEVICES_TEST_ADMIN, DEVICES_TEST_ADMIN_PW,
                                          questions, answers, &error);
  g_assert_no_error (error);
  if (!warden_security_get_signed_in (security))
    warden_security_login (security, DEVICES_TEST_ADMIN, DEVICES_TEST_ADMIN_PW, &error);
  g_assert_no_error (error);
  g_assert_true (warden_security_get_signed_in (security));
  return security;
}

void
devices_test_wait_status (WardenDeviceSupervisor *supervisor,
                          WardenDeviceStatus      status)
{
  while (warden_device_supervisor_get_status (supervisor) != status)
    g_main_context_iteration (NULL, TRUE);
}

void
devices_test_wait_flag (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

void
devices_test_finalize (gpointer object)
{
  /* Store jobs and sockets drop their references a moment after their callbacks. */
  for (int i = 0; i < 5000 && G_OBJECT (object)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_finalize_object (object);
}

WardenDeviceRecord *
devices_test_record (const char *name,
                     const char *address,
                     guint       port,
                     const char *user)
{
  WardenDeviceRecord *record = warden_device_record_new ();

  g_free (record->name);
  record->name = g_strdup (name);
  g_free (record->address);
  record->address = g_strdup (address);
  record->port = port;
  g_free (record->username);
  record->username = g_strdup (user);
  return record;
}

void
devices_test_fixture_set_up (DevicesFixture     *fixture,
                             const char * const *devsim_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '-');
  g_autofree char *test_name = g_strconcat ("devices", name, NULL);

  fixture->dir = devices_test_fresh_dir (test_name);
  fixture->sim = devsim_fixture_start (test_name, devsim_args, &error);
  g_assert_no_error (error);
  fixture->security = devices_test_security_new (fixture->dir);
  fixture->registry = warden_device_registry_new (fixture->security);
  warden_device_registry_set_backoff (fixture->registry, 100, 400);
}

void
devices_test_fixture_tear_down (DevicesFixture *fixture)
{
  WardenStore *store = g_object_ref (warden_security_get_store (fixture->security));

  devices_test_finalize (fixture->registry);
  g_clear_pointer (&fixture->sim, devsim_fixture_stop);
  devices_test_finalize (fixture->security);
  devices_test_finalize (store);
  g_free (fixture->dir);
}

void
devices_test_result_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
devices_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}
