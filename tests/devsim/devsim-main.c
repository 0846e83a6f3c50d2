/* devsim-main.c: warden-devsim, a simulator of cameras, NVRs and door controllers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   warden-devsim [--site FILE] [--ipc N] [--nvr N] [--door N] [--first-address 127.A.B.C] ...
 *   warden-devsim ctl --control PATH COMMAND [ARGS...]
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-site.h"
#include "devsim-rtsp.h"

#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>
#include <string.h>

#define MAX_REPLY 65536

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
run_ctl (int    argc,
         char **argv)
{
  g_autofree char *control = NULL;
  GOptionEntry entries[] = {
    { "control", 'c', 0, G_OPTION_ARG_FILENAME, &control, "Control socket of the simulator", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [ARGS...] — drive a running warden-devsim");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *reply = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("warden-devsim ctl: %s\n", error->message);
      return 2;
    }
  if (control == NULL || argc < 2)
    {
      g_printerr ("usage: warden-devsim ctl --control PATH COMMAND [ARGS...]\n"
                  "       (COMMAND list shows the devices and every command)\n");
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);

      g_string_append_printf (line, "%s%s", i > 1 ? " " : "", quoted);
    }
  g_string_append_c (line, '\n');
  client = g_socket_client_new ();
  address = g_unix_socket_address_new (control);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  if (connection == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  line->str, line->len, NULL, NULL, &error))
    {
      g_printerr ("warden-devsim ctl: cannot reach %s: %s\n", control, error->message);
      return 1;
    }
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  reply = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  if (reply == NULL || strlen (reply) > MAX_REPLY)
    {
      g_printerr ("warden-devsim ctl: no reply from %s\n", control);
      return 1;
    }
  g_print ("%s\n", reply);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, reply, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 1;
  return json_object_get_boolean_member_with_default (json_node_get_object (root), "ok", FALSE) ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  DevsimSiteOptions options = {
    .user = NULL, .password = NULL,
    .nvr_channels = 16, .doors_per_controller = 2,
    .http_port = 80, .dvrip_port = 37777, .rtsp_port = 554,
  };
  g_autofree char *control = NULL;
  gboolean live_encode = FALSE;
  GOptionEntry entries[] = {
    { "site", 's', 0, G_OPTION_ARG_FILENAME, &options.site_file, "Site file (GKeyFile; see README.md)", "FILE" },
    { "first-address", 'a', 0, G_OPTION_ARG_STRING, &options.first_address, "First device address (default 127.0.0.10)", "127.A.B.C" },
    { "ipc", 0, 0, G_OPTION_ARG_INT, &options.ipc_count, "IP cameras to add", "N" },
    { "nvr", 0, 0, G_OPTION_ARG_INT, &options.nvr_count, "NVRs to add", "N" },
    { "nvr-channels", 0, 0, G_OPTION_ARG_INT, &options.nvr_channels, "Channels per NVR (4..64, default 16)", "N" },
    { "door", 0, 0, G_OPTION_ARG_INT, &options.door_count, "Door controllers to add", "N" },
    { "doors", 0, 0, G_OPTION_ARG_INT, &options.doors_per_controller, "Doors per controller (1, 2, 4; default 2)", "N" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &options.user, "Administrator name (default admin)", "NAME" },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &options.password, "Administrator password (default admin123)", "PASSWORD" },
    { "uninitialised", 0, 0, G_OPTION_ARG_NONE, &options.uninitialised, "Devices wait for initialisation", NULL },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &options.audio, "Main streams carry sound (AudioEnable)", NULL },
    { "events-every", 'e', 0, G_OPTION_ARG_INT, &options.events_every_s, "Emit a scheduled event every N seconds (0 = off)", "N" },
    { "http-port", 0, 0, G_OPTION_ARG_INT, &options.http_port, "HTTP port (default 80, else ephemeral)", "PORT" },
    { "dvrip-port", 0, 0, G_OPTION_ARG_INT, &options.dvrip_port, "DVRIP port (default 37777, else ephemeral)", "PORT" },
    { "rtsp-port", 0, 0, G_OPTION_ARG_INT, &options.rtsp_port, "RTSP port (default 554, else ephemeral)", "PORT" },
    { "keepalive-interval", 0, 0, G_OPTION_ARG_INT, &options.keepalive_s, "keepAliveInterval in seconds (default 60); sessions idle for two intervals are closed", "S" },
    { "no-rtsp", 0, 0, G_OPTION_ARG_NONE, &options.no_rtsp, "Do not serve RTSP", NULL },
    { "cgi-only", 0, 0, G_OPTION_ARG_NONE, &options.cgi_only, "Serve only the CGI API (no DVRIP, no RPC2)", NULL },
    { "live-encode", 0, 0, G_OPTION_ARG_NONE, &live_encode, "Encode live with the clock burnt in", NULL },
    { "control", 'c', 0, G_OPTION_ARG_FILENAME, &control, "Control socket path", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimSite) site = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  if (argc > 1 && g_str_equal (argv[1], "ctl"))
    return run_ctl (argc - 1, argv + 1);

  context = g_option_context_new ("— simulate cameras, NVRs and door controllers on loopback");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("warden-devsim: %s\n", error->message);
      return 2;
    }
  gst_init (NULL, NULL);
  if (options.user == NULL)
    options.user = g_strdup ("admin");
  if (options.password == NULL)
    options.password = g_strdup ("admin123");
  if (control == NULL)
    control = g_strdup_printf ("%s/warden-devsim-%d.sock", g_get_user_runtime_dir (), (int) getpid ());
  devsim_rtsp_set_live_encode (live_encode);

  site = devsim_site_new (&options, &error);
  if (site == NULL || !devsim_site_start (site, control, &error))
    {
      g_printerr ("warden-devsim: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < site->hosts->len; i++)
    {
      g_autoptr(JsonNode) node = devsim_host_describe (g_ptr_array_index (site->hosts, i));
      g_autofree char *text = json_to_string (node, FALSE);

      g_print ("%s\n", text);
    }
  {
    g_autoptr(JsonObject) ready = json_object_new ();
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *text = NULL;

    json_object_set_boolean_member (ready, "ready", TRUE);
    json_object_set_string_member (ready, "control", control);
    node = json_node_init_object (json_node_alloc (), ready);
    text = json_to_string (node, FALSE);
    g_print ("%s\n", text);
  }
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  /* Handle what is already pending (clients that hung up) before tearing the
   * servers down, and let closed connections finish closing after it. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&site, devsim_site_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (options.site_file);
  g_free (options.first_address);
  g_free (options.user);
  g_free (options.password);
  gst_deinit ();
  return 0;
}
