/* devsim-fixture.c: start and drive warden-devsim from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-fixture"

#include "config.h"

#include "devsim-fixture.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LINE (64 * 1024)
#define MAX_DEVICES 256

struct _DevsimFixture
{
  GSubprocess *process;
  GDataInputStream *out;
  GPtrArray *devices;            /* DevsimFixtureDevice* */
  char *first_address;
  char *control_path;
};

G_DEFINE_QUARK (devsim-fixture-error-quark, devsim_fixture_error)

static void
device_free (gpointer data)
{
  DevsimFixtureDevice *d = data;

  g_free (d->kind);
  g_free (d->name);
  g_free (d->address);
  g_free (d->user);
  g_free (d->password);
  g_free (d->serial);
  g_free (d);
}

static gboolean
parse_device (JsonObject           *o,
              DevsimFixtureDevice **out)
{
  DevsimFixtureDevice *d;
  JsonNode *ports_node = json_object_get_member (o, "ports");
  JsonObject *ports = ports_node && JSON_NODE_HOLDS_OBJECT (ports_node) ? json_node_get_object (ports_node) : NULL;

  if (ports == NULL || !json_object_has_member (o, "address") || !json_object_has_member (o, "kind"))
    return FALSE;
  d = g_new0 (DevsimFixtureDevice, 1);
  d->kind = g_strdup (json_object_get_string_member_with_default (o, "kind", ""));
  d->name = g_strdup (json_object_get_string_member_with_default (o, "name", ""));
  d->address = g_strdup (json_object_get_string_member_with_default (o, "address", ""));
  d->user = g_strdup (json_object_get_string_member_with_default (o, "user", ""));
  d->password = g_strdup (json_object_get_string_member_with_default (o, "password", ""));
  d->serial = g_strdup (json_object_get_string_member_with_default (o, "serial", ""));
  d->dvrip_port = (guint) json_object_get_int_member_with_default (ports, "dvrip", 0);
  d->http_port = (guint) json_object_get_int_member_with_default (ports, "http", 0);
  d->rtsp_port = (guint) json_object_get_int_member_with_default (ports, "rtsp", 0);
  d->discovery_port = (guint) json_object_get_int_member_with_default (ports, "discovery", 0);
  d->channels = (int) json_object_get_int_member_with_default (o, "channels", 0);
  d->doors = (int) json_object_get_int_member_with_default (o, "doors", 0);
  *out = d;
  return TRUE;
}

/* 127.A.B.10, with A.B from the pid, the test name and a per-process counter. */
static char *
pick_first_address (const char *test_name)
{
  static int counter;
  guint32 h = g_str_hash (test_name) * 2654435761u ^ (guint32) getpid () * 40503u ^ (guint32) (counter++ * 97);

  return g_strdup_printf ("127.%u.%u.10", 1 + (h % 254), (h >> 8) % 256);
}

static char *
pick_control_path (const char *dir)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("devsim-%d-%d.sock", (int) getpid (), counter++);
  char *path = g_build_filename (dir, name, NULL);

  if (strlen (path) < sizeof (((struct sockaddr_un *) NULL)->sun_path) - 1)
    return path;
  g_free (path);
  /* The build directory is too deep for a socket path. */
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void fixture_free (DevsimFixture *self,
                          gboolean       check_exit);

DevsimFixture *
devsim_fixture_start (const char         *test_name,
                      const char * const *args,
                      GError            **error)
{
  const char *exe = g_getenv ("WARDEN_DEVSIM");
  const char *data = g_getenv ("WARDEN_TEST_DATA");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *dir = NULL;
  DevsimFixture *self;

  g_return_val_if_fail (test_name != NULL, NULL);

  if (exe == NULL || !g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_START,
                   "WARDEN_DEVSIM does not name the warden-devsim program; run the test with meson test");
      return NULL;
    }
  dir = g_build_filename (data ? data : g_get_tmp_dir (), test_name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_START,
                   "Cannot create the test data directory %s", dir);
      return NULL;
    }
  self = g_new0 (DevsimFixture, 1);
  self->devices = g_ptr_array_new_with_free_func (device_free);
  self->first_address = pick_first_address (test_name);
  self->control_path = pick_control_path (dir);

  g_ptr_array_add (argv, g_strdup (exe));
  g_ptr_array_add (argv, g_strdup ("--first-address"));
  g_ptr_array_add (argv, g_strdup (self->first_address));
  g_ptr_array_add (argv, g_strdup ("--control"));
  g_ptr_array_add (argv, g_strdup (self->control_path));
  for (int i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Under LeakSanitizer the simulator gets its own suppressions (the later
   * suppressions= wins), and full stacks: GLib has no frame pointers, so the
   * fast unwinder would stop every leak report at g_malloc. */
  if (g_getenv ("LSAN_OPTIONS") != NULL && g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *lsan = g_strdup_printf ("%s:suppressions=%s", g_getenv ("LSAN_OPTIONS"),
                                               DEVSIM_LSAN_SUPPRESSIONS);
      g_autofree char *asan = g_strdup_printf ("%s:fast_unwind_on_malloc=0", g_getenv ("ASAN_OPTIONS"));

      g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", lsan, TRUE);
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
    }
  /* A test that aborts must not leave the simulator running. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    {
      fixture_free (self, FALSE);
      return NULL;
    }
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (self->out, &len, NULL, &local_error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonObject *o;
      DevsimFixtureDevice *device;

      if (line == NULL)
        {
          g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_START,
                       "warden-devsim exited before it was ready%s%s (see its stderr)",
                       local_error ? ": " : "", local_error ? local_error->message : "");
          fixture_free (self, FALSE);
          return NULL;
        }
      if (len > MAX_LINE || !json_parser_load_from_data (parser, line, (gssize) len, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_PROTOCOL,
                       "warden-devsim printed a line that is not a JSON object: %.80s", line);
          fixture_free (self, FALSE);
          return NULL;
        }
      o = json_node_get_object (root);
      if (json_object_get_boolean_member_with_default (o, "ready", FALSE))
        break;
      if (self->devices->len >= MAX_DEVICES || !parse_device (o, &device))
        {
          g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_PROTOCOL,
                       "warden-devsim printed an unexpected device line: %.80s", line);
          fixture_free (self, FALSE);
          return NULL;
        }
      g_ptr_array_add (self->devices, device);
    }
  return self;
}

guint
devsim_fixture_get_n_devices (DevsimFixture *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->devices->len;
}

const DevsimFixtureDevice *
devsim_fixture_get_device (DevsimFixture *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->devices->len, NULL);
  return g_ptr_array_index (self->devices, index);
}

const DevsimFixtureDevice *
devsim_fixture_find_device (DevsimFixture *self,
                            const char    *kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->devices->len; i++)
    {
      DevsimFixtureDevice *d = g_ptr_array_index (self->devices, i);

      if (g_strcmp0 (d->kind, kind) == 0)
        return d;
    }
  return NULL;
}

const char *
devsim_fixture_get_control_path (DevsimFixture *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->control_path;
}

const char *
devsim_fixture_get_first_address (DevsimFixture *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->first_address;
}

char *
devsim_fixture_ctl (DevsimFixture *self,
                    GError       **error,
                    const char    *format,
                    ...)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  char *reply;
  gsize len = 0;
  JsonNode *root;
  va_list ap;

  g_return_val_if_fail (self != NULL, NULL);

  va_start (ap, format);
  command = g_strdup_vprintf (format, ap);
  va_end (ap);
  line = g_strconcat (command, "\n", NULL);
  address = g_unix_socket_address_new (self->control_path);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, error);
  if (connection == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  line, strlen (line), NULL, NULL, error))
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  reply = g_data_input_stream_read_line_utf8 (in, &len, NULL, error);
  if (reply == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_PROTOCOL,
                     "warden-devsim closed the control socket without replying to “%s”", command);
      return NULL;
    }
  if (len > MAX_LINE || !json_parser_load_from_data (parser, reply, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_PROTOCOL,
                   "warden-devsim replied with something that is not JSON: %.80s", reply);
      g_free (reply);
      return NULL;
    }
  if (!json_object_get_boolean_member_with_default (json_node_get_object (root), "ok", FALSE))
    {
      g_set_error (error, DEVSIM_FIXTURE_ERROR, DEVSIM_FIXTURE_ERROR_COMMAND,
                   "warden-devsim refused “%s”: %s", command,
                   json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "error", "no reason"));
      g_free (reply);
      return NULL;
    }
  return reply;
}

/* Stops the simulator if it still runs; `check_exit`: an unclean exit is a critical. */
static void
fixture_free (DevsimFixture *self,
              gboolean       check_exit)
{
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      /* A crash or a leak in the simulator fails the test that drove it. */
      if (check_exit &&
          (!g_subprocess_get_if_exited (self->process) || g_subprocess_get_exit_status (self->process) != 0))
        g_critical ("warden-devsim did not exit cleanly on SIGTERM (see its stderr above)");
      g_clear_object (&self->process);
    }
  g_clear_object (&self->out);
  g_ptr_array_unref (self->devices);
  g_free (self->first_address);
  g_free (self->control_path);
  g_free (self);
}

void
devsim_fixture_stop (DevsimFixture *self)
{
  if (self != NULL)
    fixture_free (self, TRUE);
}
