/* test-device-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import and export of the device list: every kind of bad row is reported
 * by line and field while the good rows go in, whole-file problems refuse the
 * file, and an export lists every device without its password.
 */

#include "config.h"

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "warden-device-csv.h"

typedef DevicesFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  devices_test_fixture_set_up (fixture, (const char *[]) { "--ipc", "3", "--no-rtsp", NULL });
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  devices_test_fixture_tear_down (fixture);
}

static GPtrArray *
import (Fixture    *fixture,
        const char *text,
        gsize       size,
        guint      *n_added,
        GError    **error)
{
  g_autoptr(GBytes) data = g_bytes_new (text, size);
  g_autoptr(GAsyncResult) result = NULL;

  warden_device_csv_import_async (fixture->registry, data, NULL, devices_test_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return warden_device_csv_import_finish (fixture->registry, result, n_added, error);
}

static void
assert_problem (GPtrArray  *problems,
                guint       index,
                guint       line,
                const char *field)
{
  WardenCsvProblem *problem;

  g_assert_cmpuint (index, <, problems->len);
  problem = g_ptr_array_index (problems, index);
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpstr (problem->field, ==, field);
  g_assert_nonnull (problem->message);
}

static void
test_bad_rows (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *a = devsim_fixture_get_device (fixture->sim, 0);
  const DevsimFixtureDevice *b = devsim_fixture_get_device (fixture->sim, 1);
  g_autofree char *csv = g_strdup_printf (
    "\xef\xbb\xbfName,Address,Port,User,Password,Group\r\n"
    "\"Gate \"\"A\"\", east\",%s,%u,%s,%s,Outside\r\n"  /* 2: good, quoted */
    "Bad,300.1.2.3,37777,admin,x,\n"                    /* 3: address */
    "Bad,%s,0,admin,x,\n"                               /* 4: port */
    "Bad,%s,37777,admin,,\n"                            /* 5: password */
    "Bad,%s,37777\n"                                    /* 6: field count */
    "\"Bad,%s,37777,admin,x,\n"                         /* 7: quoting */
    "\n"                                                /* 8: empty, skipped */
    ",%s,,,%s,\n"                                       /* 9: good, defaults */
    "Again,%s,%u,%s,%s,Outside\n",                      /* 10: already added */
    a->address, a->dvrip_port, a->user, a->password,
    b->address, b->address, b->address, b->address,
    b->address, b->password,
    a->address, a->dvrip_port, a->user, a->password);
  guint n_added = 0;
  g_autoptr(GPtrArray) problems = import (fixture, csv, strlen (csv), &n_added, &error);
  WardenDeviceSupervisor *gate, *plain;
  WardenDeviceGroup *outside;

  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (problems->len, ==, 6);
  assert_problem (problems, 0, 3, "address");
  assert_problem (problems, 1, 4, "port");
  assert_problem (problems, 2, 5, "password");
  assert_problem (problems, 3, 6, NULL);
  assert_problem (problems, 4, 7, NULL);
  assert_problem (problems, 5, 10, "address");

  outside = warden_device_registry_find_group (fixture->registry, "Outside");
  g_assert_nonnull (outside);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_group_get_devices (outside)), ==, 1);
  gate = g_list_model_get_item (warden_device_group_get_devices (outside), 0);
  g_object_unref (gate);
  g_assert_cmpstr (warden_device_supervisor_get_record (gate)->name, ==, "Gate \"A\", east");
  plain = g_list_model_get_item (warden_device_registry_get_devices (fixture->registry), 1);
  g_object_unref (plain);
  /* Empty name, port and user take the defaults. */
  g_assert_cmpstr (warden_device_supervisor_get_record (plain)->name, ==, b->address);
  g_assert_cmpuint (warden_device_supervisor_get_record (plain)->port, ==, 37777);
  g_assert_cmpstr (warden_device_supervisor_get_record (plain)->username, ==, "admin");
  devices_test_wait_status (gate, WARDEN_DEVICE_STATUS_ONLINE);
}

static void
test_whole_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *large = NULL;
  const char *binary = "name,address,port,user,password,group\n\0\n";

  problems = import (fixture, "address,name\n", 13, NULL, &error);
  g_assert_null (problems);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, WARDEN_DEVICE_CSV_HEADER));
  g_clear_error (&error);

  problems = import (fixture, binary, 41, NULL, &error);
  g_assert_null (problems);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  large = g_strnfill (WARDEN_DEVICE_CSV_MAX_SIZE + 1, '\n');
  memcpy (large, WARDEN_DEVICE_CSV_HEADER, strlen (WARDEN_DEVICE_CSV_HEADER));
  problems = import (fixture, large, WARDEN_DEVICE_CSV_MAX_SIZE + 1, NULL, &error);
  g_assert_null (problems);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (fixture->registry)),
                    ==, 0);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *a = devsim_fixture_get_device (fixture->sim, 0);
  g_autofree char *csv = g_strdup_printf ("name,address,port,user,password,group\n"
                                          "\"Dock, west\",%s,%u,%s,%s,Yard\n",
                                          a->address, a->dvrip_port, a->user, a->password);
  g_autofree char *expected = g_strdup_printf ("name,address,port,user,password,group\n"
                                               "\"Dock, west\",%s,%u,%s,,Yard\n",
                                               a->address, a->dvrip_port, a->user);
  g_autoptr(GPtrArray) problems = import (fixture, csv, strlen (csv), NULL, &error);
  g_autoptr(GBytes) exported = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  exported = warden_device_csv_export (fixture->registry);
  g_assert_cmpmem (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported),
                   expected, strlen (expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/devices/csv/bad-rows", test_bad_rows);
  ADD ("/devices/csv/whole-file", test_whole_file);
  ADD ("/devices/csv/export", test_export);
#undef ADD

  return g_test_run ();
}
