/* test-cli.c: warden-cli against warden-devsim: output, JSON and exit codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devsim-fixture.h"
#include "warden-json.h"
#include "proto-test-util.h"

#include <string.h>

typedef struct
{
  DevsimFixture *sim;
  char *dir;
  char *good;        /* password files */
  char *bad;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ipc", "1", "--door", "1", "--no-rtsp", NULL };

  f->sim = devsim_fixture_start ("proto-cli", args, &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (g_getenv ("WARDEN_TEST_DATA"), "proto-cli", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  f->good = g_build_filename (f->dir, "password", NULL);
  f->bad = g_build_filename (f->dir, "wrong-password", NULL);
  g_assert_true (g_file_set_contents (f->good, devsim_fixture_get_device (f->sim, 0)->password, -1, NULL));
  g_assert_true (g_file_set_contents (f->bad, "not-the-password\n", -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->sim, devsim_fixture_stop);
  g_free (f->dir);
  g_free (f->good);
  g_free (f->bad);
}

/* Runs warden-cli with @args; returns its exit status and stdout. */
static int
run_cli (char       **out,
         const char  *first,
         ...)
{
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "warden-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  va_list args;

  g_ptr_array_add (argv, exe);
  /* A bound for a loaded machine; a command's own --timeout comes later and wins. */
  g_ptr_array_add (argv, (gpointer) "--timeout");
  g_ptr_array_add (argv, (gpointer) "60");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                               G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_info_json (Fixture       *f,
                gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) info = NULL;

  g_assert_cmpint (run_cli (&out, "--host", cam->address, "--password-file", f->good, "--json", "info",
                            NULL), ==, 0);
  info = warden_json_parse (out, strlen (out), 65536, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "serial"), ==, cam->serial);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "protocol"), ==, "dvrip");
}

static void
test_door (Fixture       *f,
           gconstpointer  data)
{
  const DevsimFixtureDevice *door = devsim_fixture_find_device (f->sim, "door");
  g_autofree char *status = NULL;

  g_assert_cmpint (run_cli (NULL, "--host", door->address, "-p", f->good, "door", "open", "--door", "2",
                            NULL), ==, 0);
  g_assert_cmpint (run_cli (&status, "--host", door->address, "-p", f->good, "--json", "door", "status",
                            "--door", "2", NULL), ==, 0);
  g_assert_cmpstr (status, ==, "{\"door\":2,\"status\":\"Open\"}\n");
}

static void
test_ptz_presets (Fixture       *f,
                  gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "ptz", "--channel", "1",
                            "set-preset", "12", "Front gate", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "ptz", "--channel", "1",
                            "set-preset", "3", NULL), ==, 0);
  g_assert_cmpint (run_cli (&json, "--host", cam->address, "-p", f->good, "--json", "ptz", "--channel", "1",
                            "presets", NULL), ==, 0);
  g_assert_cmpstr (json, ==, "{\"index\":3,\"name\":\"Preset 3\"}\n{\"index\":12,\"name\":\"Front gate\"}\n");
  g_assert_cmpint (run_cli (&text, "--host", cam->address, "-p", f->good, "ptz", "--channel", "1",
                            "presets", NULL), ==, 0);
  g_assert_cmpstr (text, ==, "  3  Preset 3\n 12  Front gate\n");

  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "ptz", "--channel", "1",
                            "set-preset", "256", "Too far", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "ptz", "--channel", "1",
                            "set-preset", "4", "Two", "words", NULL), ==, 2);
  /* The camera has one channel. */
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "ptz", "--channel", "2",
                            "presets", NULL), ==, 5);
}

static void
test_alarm (Fixture       *f,
            gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *set = NULL;

  reply = devsim_fixture_ctl (f->sim, &error, "alarm-in %s 1 on", cam->address);
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (&text, "--host", cam->address, "-p", f->good, "alarm", "list", NULL), ==, 0);
  g_assert_cmpstr (text, ==,
                   "input    1  Alarm input 1             enabled   ALARM\n"
                   "input    2  Alarm input 2             enabled   idle\n"
                   "output   1  Alarm output 1            auto      on\n");
  g_assert_cmpint (run_cli (&set, "--host", cam->address, "-p", f->good, "--json", "alarm", "out",
                            "--index", "1", "off", NULL), ==, 0);
  g_assert_cmpstr (set, ==, "{\"output\":1,\"mode\":\"off\"}\n");
  g_assert_cmpint (run_cli (&json, "--host", cam->address, "-p", f->good, "--json", "alarm", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "{\"index\":1,\"name\":\"Alarm output 1\",\"mode\":\"off\",\"active\":false,"
                                  "\"kind\":\"output\"}\n"));
  g_assert_nonnull (strstr (json, "{\"index\":1,\"name\":\"Alarm input 1\",\"enabled\":true,\"active\":true,"
                                  "\"kind\":\"input\"}\n"));

  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "alarm", "out", "on", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "alarm", "out", "--index", "1",
                            "blink", NULL), ==, 2);
  /* The camera has one output. */
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "alarm", "out", "--index", "2",
                            "on", NULL), ==, 5);
}

static void
test_exit_codes (Fixture       *f,
                 gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");

  g_assert_cmpint (run_cli (NULL, "info", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "fly", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->bad, "info", NULL), ==, 4);
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "--port", "9", "--http-port", "9",
                            "-p", f->good, "info", NULL), ==, 3);
  /* The camera has no door 1: the device's own error. */
  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "door", "open", "--door", "1",
                            NULL), ==, 5);
}

static void
test_config_set (Fixture       *f,
                 gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) encode = NULL;
  JsonObject *video;

  g_assert_cmpint (run_cli (NULL, "--host", cam->address, "-p", f->good, "config", "set",
                            "Encode[0].ExtraFormat[0].Video.FPS=9",
                            "Encode[0].ExtraFormat[0].Video.BitRate=384", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, "--host", cam->address, "-p", f->good, "--json", "config", "get",
                            "Encode", NULL), ==, 0);
  encode = warden_json_parse (out, strlen (out), 1 << 20, NULL);
  g_assert_nonnull (encode);
  video = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_array_get_object_element (json_node_get_array (encode), 0),
                                    "ExtraFormat"), 0), "Video");
  g_assert_cmpint (json_object_get_int_member (video, "FPS"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (video, "BitRate"), ==, 384);
  /* The rest of the table went back as it was read. */
  g_assert_true (json_object_has_member (video, "Compression"));
}

static void
test_password_prompt (Fixture       *f,
                      gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "warden-cli", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                                     exe, "--host", cam->address, "--json", "info", NULL);
  g_autofree char *input = g_strconcat (cam->password, "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Without --password-file the password is asked for, and read from stdin. */
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (err, "Password for admin@"));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, cam->serial));
}

typedef struct
{
  DevsimFixture *sim;
  const char *address;
} Emitter;

static gboolean
emit_cb (gpointer user_data)
{
  Emitter *emitter = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = devsim_fixture_ctl (emitter->sim, &error, "emit %s AlarmLocal Start 0",
                                               emitter->address);

  g_assert_no_error (error);
  return G_SOURCE_CONTINUE;
}

static void
test_events_count (Fixture       *f,
                   gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (f->sim, "ipc");
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "warden-cli", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                     exe, "--host", cam->address, "-p", f->good,
                                                     "--json", "events", "--codes", "AlarmLocal",
                                                     "--count", "2", NULL);
  Emitter emitter = { f->sim, cam->address };
  GAsyncResult *result = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint emitting;

  g_assert_no_error (error);
  /* The events come until warden-cli has printed two and exits. */
  emitting = g_timeout_add (200, emit_cb, &emitter);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, proto_test_result_cb, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, proto_test_wait (&result), &out, NULL,
                                                       &error));
  g_source_remove (emitting);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = warden_json_parse (lines[i], strlen (lines[i]), 65536, NULL);

      g_assert_nonnull (line);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (line), "code"), ==, "AlarmLocal");
    }
}

static void
test_discover (Fixture       *f,
               gconstpointer  data)
{
  const DevsimFixtureDevice *last = devsim_fixture_get_device (f->sim, 1);
  g_autofree char *range = g_strdup_printf ("%s-%s", devsim_fixture_get_first_address (f->sim),
                                            last->address);
  g_autofree char *port = g_strdup_printf ("%u", last->discovery_port);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  /* --count ends the search as soon as both answered; the timeout is only a bound. */
  g_assert_cmpint (run_cli (&out, "discover", "--range", range, "--port", port, "--timeout", "600",
                            "--count", "2", "--json", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = warden_json_parse (lines[i], strlen (lines[i]), 65536, NULL);

      g_assert_nonnull (line);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/proto/cli/info-json", Fixture, NULL, fixture_set_up, test_info_json, fixture_tear_down);
  g_test_add ("/proto/cli/door", Fixture, NULL, fixture_set_up, test_door, fixture_tear_down);
  g_test_add ("/proto/cli/ptz-presets", Fixture, NULL, fixture_set_up, test_ptz_presets, fixture_tear_down);
  g_test_add ("/proto/cli/alarm", Fixture, NULL, fixture_set_up, test_alarm, fixture_tear_down);
  g_test_add ("/proto/cli/exit-codes", Fixture, NULL, fixture_set_up, test_exit_codes, fixture_tear_down);
  g_test_add ("/proto/cli/discover", Fixture, NULL, fixture_set_up, test_discover, fixture_tear_down);
  g_test_add ("/proto/cli/password-prompt", Fixture, NULL, fixture_set_up, test_password_prompt,
              fixture_tear_down);
  g_test_add ("/proto/cli/config-set", Fixture, NULL, fixture_set_up, test_config_set, fixture_tear_down);
  g_test_add ("/proto/cli/events-count", Fixture, NULL, fixture_set_up, test_events_count,
              fixture_tear_down);

  return g_test_run ();
}
