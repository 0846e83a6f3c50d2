/* warden-demo-seed.c: prepares the data folder ./run-demo starts Warden with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   warden-demo-seed --data-dir DIR --config-dir DIR --csv FILE
 *
 * Creates the demo administrator (on first use), turns on automatic sign-in in
 * the demo's own configuration folder (never the user's), and imports the
 * simulated devices from a device-list CSV, so Warden opens signed in and
 * connected. Running it again signs in and adds only what is new.
 */

#define G_LOG_DOMAIN "warden-demo"

#include "config.h"

#include <stdio.h>

#include "warden-data-dir.h"
#include "warden-device-csv.h"
#include "warden-device-registry.h"
#include "warden-security.h"

#define DEMO_USER "admin"
#define DEMO_PASSWORD "Demo-Guard-42"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *problems;
  guint      added;
  GError    *error;
} Import;

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *import = user_data;

  import->problems = warden_device_csv_import_finish (WARDEN_DEVICE_REGISTRY (source), result,
                                                      &import->added, &import->error);
  g_main_loop_quit (import->loop);
}

static gboolean
sign_in (WardenSecurity  *security,
         GError         **error)
{
  static const int questions[] = { 0, 1, 2 };
  static const char *answers[] = { "Demo", "Demo", "Demo", NULL };

  if (warden_security_needs_first_run (security, NULL) &&
      !warden_security_create_administrator (security, DEMO_USER, DEMO_PASSWORD, questions,
                                             answers, error))
    return FALSE;
  return warden_security_login (security, DEMO_USER, DEMO_PASSWORD, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("— prepare Warden's demo data");
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenDataDir) data_dir = NULL;
  g_autoptr (WardenStore) store = NULL;
  g_autoptr (WardenSecurity) security = NULL;
  g_autoptr (WardenDeviceRegistry) registry = NULL;
  g_autoptr (GFile) auto_login = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  Import import = { 0 };
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_path, "Warden's demo data folder", "DIR" },
    { "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "The demo's configuration folder (its XDG_CONFIG_HOME)", "DIR" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, "The devices to add", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || data_path == NULL ||
      config_path == NULL || csv_path == NULL)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message
                                              : "--data-dir, --config-dir and --csv are needed");
      return 2;
    }

  /* Automatic sign-in is kept under the configuration folder: the demo's own. */
  g_setenv ("XDG_CONFIG_HOME", config_path, TRUE);

  if ((data_dir = warden_data_dir_new (data_path, &error)) == NULL ||
      (store = warden_store_open (warden_data_dir_get_database_path (data_dir), &error)) == NULL)
    goto failed;

  security = warden_security_new (store);
  auto_login = warden_security_get_default_auto_login_file ();
  if (!sign_in (security, &error) ||
      !warden_security_set_auto_login (security, auto_login, TRUE, &error) ||
      !g_file_get_contents (csv_path, &contents, &length, &error))
    goto failed;

  registry = warden_device_registry_new (security);
  csv = g_bytes_new_take (g_steal_pointer (&contents), length);
  import.loop = g_main_loop_new (NULL, FALSE);
  warden_device_csv_import_async (registry, csv, NULL, imported_cb, &import);
  g_main_loop_run (import.loop);
  g_main_loop_unref (import.loop);
  if (import.error != NULL)
    {
      g_propagate_error (&error, import.error);
      goto failed;
    }

  /* Rows already there from an earlier demo are reported and left alone. */
  printf ("Demo: %u device(s) added, %u row(s) already present or refused; sign-in %s / %s\n",
          import.added, import.problems->len, DEMO_USER, DEMO_PASSWORD);
  g_ptr_array_unref (import.problems);
  return 0;

failed:
  fprintf (stderr, "Could not prepare the demo: %s\n", error->message);
  return 1;
}
