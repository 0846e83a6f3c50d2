/* devsim-site.c: the simulated site and its control socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-site.h"
#include "devsim-alarm.h"
#include "devsim-rpc.h"
#include "devsim-servers.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#define MAX_DEVICES 256
#define MAX_CONTROL_LINE 1024
#define MAX_FLOOD_PER_S 10000

static const char *control_help =
  "commands: list | offline DEV | online DEV | drop-sessions DEV | "
  "stall-stream DEV on|off | corrupt-stream DEV on|off | refuse-logins DEV on|off | "
  "malformed-event DEV [CODE] | oversized-event DEV [CODE] | flood DEV N | restart DEV | "
  "emit DEV CODE [ACTION [INDEX]] | schedule DEV SECONDS | door DEV N open|close | "
  "alarm-in DEV N on|off | "
  "uninitialise DEV; DEV is an address, a name or all";

/* ---- building ------------------------------------------------------------ */

static gboolean
next_address (const char *first,
              int         offset,
              char      **out,
              GError    **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (first);
  const guint8 *bytes;
  guint32 v;

  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4 ||
      !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "First address “%s” is not an IPv4 loopback address (127.x.y.z)", first);
      return FALSE;
    }
  bytes = g_inet_address_to_bytes (inet);
  v = ((guint32) bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (guint32) offset;
  if ((v >> 24) != 127 || (v & 0xff) == 0xff || (v & 0xff) == 0)
    v += 2; /* skip .255 and .0 */
  if ((v >> 24) != 127)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Ran out of loopback addresses");
      return FALSE;
    }
  *out = g_strdup_printf ("127.%u.%u.%u", (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  return TRUE;
}

static DevsimHost *
make_host (const DevsimSiteOptions *options,
           GKeyFile                *keys,
           const char              *group,
           DevsimKind               kind,
           int                      count,
           const char              *name,
           int                      index,
           GError                 **error)
{
  g_autofree char *address = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *model = NULL;
  g_auto(GStrv) titles = NULL;
  DevsimDevice *device;
  int events = options->events_every_s;
  gboolean audio = options->audio;

  if (keys != NULL && group != NULL)
    address = g_key_file_get_string (keys, group, "address", NULL);
  if (address == NULL && !next_address (options->first_address, index, &address, error))
    return NULL;
  device = devsim_device_new (kind, index, address, count);
  user = keys && group ? g_key_file_get_string (keys, group, "user", NULL) : NULL;
  password = keys && group ? g_key_file_get_string (keys, group, "password", NULL) : NULL;
  device->http_port = (guint) options->http_port;
  device->dvrip_port = (guint) options->dvrip_port;
  device->rtsp_port = (guint) options->rtsp_port;
  if (keys != NULL && group != NULL)
    {
      if (g_key_file_has_key (keys, group, "http-port", NULL))
        device->http_port = (guint) g_key_file_get_integer (keys, group, "http-port", NULL);
      if (g_key_file_has_key (keys, group, "dvrip-port", NULL))
        device->dvrip_port = (guint) g_key_file_get_integer (keys, group, "dvrip-port", NULL);
      if (g_key_file_has_key (keys, group, "rtsp-port", NULL))
        device->rtsp_port = (guint) g_key_file_get_integer (keys, group, "rtsp-port", NULL);
      if (g_key_file_has_key (keys, group, "utc-offset", NULL))
        device->utc_offset_s = g_key_file_get_integer (keys, group, "utc-offset", NULL);
      if (g_key_file_has_key (keys, group, "ptz-channel-base", NULL))
        device->ptz_channel_base = g_key_file_get_integer (keys, group, "ptz-channel-base", NULL) ? 1 : 0;
      if (g_key_file_has_key (keys, group, "events-every", NULL))
        events = g_key_file_get_integer (keys, group, "events-every", NULL);
      if (g_key_file_has_key (keys, group, "initialised", NULL))
        device->initialised = g_key_file_get_boolean (keys, group, "initialised", NULL);
      if ((model = g_key_file_get_string (keys, group, "model", NULL)) != NULL)
        {
          g_free (device->model);
          device->model = g_steal_pointer (&model);
        }
      if (g_key_file_has_key (keys, group, "audio", NULL))
        audio = g_key_file_get_boolean (keys, group, "audio", NULL);
      titles = g_key_file_get_string_list (keys, group, "channel-names", NULL, NULL);
      for (guint i = 0; titles && titles[i] && i < device->channels->len; i++)
        {
          DevsimChannel *ch = g_ptr_array_index (device->channels, i);

          g_free (ch->name);
          ch->name = g_strdup (titles[i]);
        }
    }
  else
    device->initialised = !options->uninitialised;
  /* A microphone: every channel's main stream carries sound. */
  for (guint i = 0; i < device->channels->len; i++)
    ((DevsimChannel *) g_ptr_array_index (device->channels, i))->stream[0].audio = audio;
  if (device->initialised)
    devsim_device_add_user (device, user ? user : options->user, password ? password : options->password);
  g_free (device->machine_name);
  device->machine_name = g_strdup (name);
  device->cgi_only = options->cgi_only;
  {
    /* Door controllers have no video, so no RTSP server. */
    DevsimHost *host = devsim_host_new (device, name, !options->no_rtsp && device->channels->len > 0);

    devsim_host_set_schedule (host, (guint) MAX (events, 0));
    if (options->keepalive_s > 0)
      devsim_host_set_keepalive (host, (guint) options->keepalive_s);
    return host;
  }
}

DevsimSite *
devsim_site_new (const DevsimSiteOptions *options,
                 GError                 **error)
{
  g_autoptr(DevsimSite) site = g_new0 (DevsimSite, 1);
  g_autoptr(GKeyFile) keys = NULL;
  g_autofree char *first = NULL;
  DevsimSiteOptions o = *options;
  int index = 0;

  site->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) devsim_host_free);
  if (options->site_file != NULL)
    {
      g_auto(GStrv) groups = NULL;

      keys = g_key_file_new ();
      if (!g_key_file_load_from_file (keys, options->site_file, G_KEY_FILE_NONE, error))
        return NULL;
      /* --first-address on the command line wins over the file's. */
      if (o.first_address == NULL)
        o.first_address = first = g_key_file_get_string (keys, "site", "first-address", NULL);
      if (g_key_file_has_key (keys, "site", "events-every", NULL))
        o.events_every_s = g_key_file_get_integer (keys, "site", "events-every", NULL);
      if (o.first_address == NULL)
        o.first_address = DEVSIM_DEFAULT_FIRST_ADDRESS;
      groups = g_key_file_get_groups (keys, NULL);
      for (char **g = groups; *g; g++)
        {
          g_autofree char *kind_text = NULL;
          DevsimKind kind;
          DevsimHost *host;
          int count;

          if (!g_str_has_prefix (*g, "device "))
            continue;
          kind_text = g_key_file_get_string (keys, *g, "kind", NULL);
          if (kind_text == NULL || !devsim_kind_from_string (kind_text, &kind))
            {
              g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                           "[%s] needs kind=ipc, nvr or door", *g);
              return NULL;
            }
          count = g_key_file_get_integer (keys, *g, kind == DEVSIM_KIND_DOOR ? "doors" : "channels", NULL);
          if ((kind == DEVSIM_KIND_NVR && (count < 4 || count > 64)) ||
              (kind == DEVSIM_KIND_DOOR && count != 1 && count != 2 && count != 4))
            {
              g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                           "[%s]: an NVR has 4 to 64 channels, a door controller 1, 2 or 4 doors", *g);
              return NULL;
            }
          if (index >= MAX_DEVICES)
            break;
          host = make_host (&o, keys, *g, kind, count, *g + strlen ("device "), index++, error);
          if (host == NULL)
            return NULL;
          g_ptr_array_add (site->hosts, host);
        }
    }
  if (o.first_address == NULL)
    o.first_address = DEVSIM_DEFAULT_FIRST_ADDRESS;
  if ((o.nvr_count && (o.nvr_channels < 4 || o.nvr_channels > 64)) ||
      (o.door_count && o.doors_per_controller != 1 && o.doors_per_controller != 2 &&
       o.doors_per_controller != 4))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "--nvr-channels must be 4..64 and --doors 1, 2 or 4");
      return NULL;
    }
  for (int kind = 0; kind < 3; kind++)
    {
      int n = kind == DEVSIM_KIND_IPC ? o.ipc_count : kind == DEVSIM_KIND_NVR ? o.nvr_count : o.door_count;
      int count = kind == DEVSIM_KIND_NVR ? o.nvr_channels : kind == DEVSIM_KIND_DOOR ? o.doors_per_controller : 1;

      for (int i = 0; i < n && index < MAX_DEVICES; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%d", devsim_kind_to_string (kind), i + 1);
          DevsimHost *host = make_host (&o, NULL, NULL, kind, count, name, index++, error);

          if (host == NULL)
            return NULL;
          g_ptr_array_add (site->hosts, host);
        }
    }
  if (site->hosts->len == 0)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "No devices: give --site FILE or --ipc/--nvr/--door counts");
      return NULL;
    }
  return g_steal_pointer (&site);
}

void
devsim_site_free (DevsimSite *site)
{
  if (site == NULL)
    return;
  if (site->control != NULL)
    {
      g_socket_service_stop (site->control);
      g_socket_listener_close (G_SOCKET_LISTENER (site->control));
      g_clear_object (&site->control);
      g_unlink (site->control_path);
    }
  g_clear_pointer (&site->hosts, g_ptr_array_unref);
  g_free (site->control_path);
  g_free (site);
}

/* ---- control ------------------------------------------------------------- */

typedef struct
{
  DevsimSite *site;
  GSocketConnection *connection;
  GDataInputStream *in;
} ControlClient;

static void control_read (ControlClient *client);

static void
control_client_free (ControlClient *client)
{
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_object_unref (client->in);
  g_object_unref (client->connection);
  g_free (client);
}

static void
control_line_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ControlClient *client = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (client->in, result, &len, &error);
  g_autofree char *reply = NULL;
  g_autofree char *out = NULL;
  GOutputStream *stream;

  if (line == NULL)
    {
      control_client_free (client);
      return;
    }
  reply = len > MAX_CONTROL_LINE ? g_strdup ("{\"ok\":false,\"error\":\"line too long\"}")
                                 : devsim_site_execute (client->site, line);
  out = g_strconcat (reply, "\n", NULL);
  stream = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  /* Replies are small; the peer is a local test. */
  if (!g_output_stream_write_all (stream, out, strlen (out), NULL, NULL, &error))
    {
      control_client_free (client);
      return;
    }
  control_read (client);
}

static void
control_read (ControlClient *client)
{
  g_data_input_stream_read_line_async (client->in, G_PRIORITY_DEFAULT, NULL, control_line_cb, client);
}

static gboolean
control_incoming_cb (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           user_data)
{
  ControlClient *client = g_new0 (ControlClient, 1);

  client->site = user_data;
  client->connection = g_object_ref (connection);
  client->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (client->in), 4096);
  control_read (client);
  return TRUE;
}

gboolean
devsim_site_start (DevsimSite  *site,
                   const char  *control_path,
                   GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  for (guint i = 0; i < site->hosts->len; i++)
    if (!devsim_host_start (g_ptr_array_index (site->hosts, i), error))
      return FALSE;
  site->control_path = g_strdup (control_path);
  g_unlink (control_path);
  address = g_unix_socket_address_new (control_path);
  site->control = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (site->control), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    {
      g_clear_object (&site->control);
      return FALSE;
    }
  g_signal_connect (site->control, "incoming", G_CALLBACK (control_incoming_cb), site);
  g_socket_service_start (site->control);
  return TRUE;
}

static char *
reply_ok (JsonObject *extra)
{
  g_autoptr(JsonObject) o = extra ? extra : json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_boolean_member (o, "ok", TRUE);
  node = json_node_init_object (json_node_alloc (), o);
  return json_to_string (node, FALSE);
}

static char *
reply_error (const char *message)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_boolean_member (o, "ok", FALSE);
  json_object_set_string_member (o, "error", message);
  node = json_node_init_object (json_node_alloc (), o);
  return json_to_string (node, FALSE);
}

static gboolean
parse_switch (const char *word,
              gboolean   *value)
{
  if (g_strcmp0 (word, "on") == 0)
    *value = TRUE;
  else if (g_strcmp0 (word, "off") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply (DevsimSite  *site,
       DevsimHost  *host,
       char       **argv,
       int          argc,
       JsonObject  *extra,
       GError     **error)
{
  const char *cmd = argv[0];
  DevsimDevice *device = host->device;
  gboolean on = FALSE;

  if (g_str_equal (cmd, "offline"))
    devsim_host_stop (host);
  else if (g_str_equal (cmd, "online"))
    return device->online || devsim_host_start (host, error);
  else if (g_str_equal (cmd, "drop-sessions"))
    devsim_host_drop_sessions (host);
  else if (g_str_equal (cmd, "stall-stream") || g_str_equal (cmd, "corrupt-stream") ||
           g_str_equal (cmd, "refuse-logins"))
    {
      if (argc < 3 || !parse_switch (argv[2], &on))
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "%s DEV on|off", cmd);
          return FALSE;
        }
      g_mutex_lock (&device->lock);
      if (cmd[0] == 's')
        device->stall_streams = on;
      else if (cmd[0] == 'c')
        device->corrupt_streams = on;
      else
        device->refuse_logins = on;
      g_mutex_unlock (&device->lock);
    }
  else if (g_str_equal (cmd, "malformed-event") || g_str_equal (cmd, "oversized-event"))
    {
      const char *code = argc > 2 ? argv[2] : device->kind == DEVSIM_KIND_DOOR ? "AccessControl"
                                                                               : "VideoMotion";

      if (strlen (code) > 64)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "%s DEV [CODE]", cmd);
          return FALSE;
        }
      host->next_shape = cmd[0] == 'm' ? DEVSIM_EVENT_MALFORMED : DEVSIM_EVENT_OVERSIZED;
      devsim_host_emit (host, code, "Pulse", 0, NULL);
    }
  else if (g_str_equal (cmd, "flood") || g_str_equal (cmd, "schedule"))
    {
      guint64 n = 0;

      if (argc < 3 || !g_ascii_string_to_unsigned (argv[2], 10, 0,
                                                   cmd[0] == 'f' ? MAX_FLOOD_PER_S : 3600, &n, NULL))
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                       cmd[0] == 'f' ? "flood DEV N (0..10000 events/s)" : "schedule DEV SECONDS (0..3600)");
          return FALSE;
        }
      if (cmd[0] == 'f')
        devsim_host_set_flood (host, (guint) n);
      else
        devsim_host_set_schedule (host, (guint) n);
    }
  else if (g_str_equal (cmd, "restart"))
    {
      devsim_host_stop (host);
      devsim_device_renew_identity (device);
      g_hash_table_remove_all (host->snapshots);
      if (!devsim_host_start (host, error))
        return FALSE;
      json_object_set_string_member (extra, "serial", device->serial);
    }
  else if (g_str_equal (cmd, "emit"))
    {
      gint64 index = argc > 4 ? g_ascii_strtoll (argv[4], NULL, 10) : 0;

      if (argc < 3 || strlen (argv[2]) > 64)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "emit DEV CODE [ACTION [INDEX]]");
          return FALSE;
        }
      devsim_host_emit (host, argv[2], argc > 3 ? argv[3] : "Pulse", (int) CLAMP (index, 0, 255), NULL);
    }
  else if (g_str_equal (cmd, "door"))
    {
      gint64 door = argc > 2 ? g_ascii_strtoll (argv[2], NULL, 10) : 0;

      if (argc < 4 || (!g_str_equal (argv[3], "open") && !g_str_equal (argv[3], "close")))
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "door DEV N open|close");
          return FALSE;
        }
      return devsim_door_set (host, (int) door - 1, argv[3][0] == 'o', NULL, error);
    }
  else if (g_str_equal (cmd, "alarm-in"))
    {
      gint64 input = argc > 2 ? g_ascii_strtoll (argv[2], NULL, 10) : 0;

      if (argc < 4 || !parse_switch (argv[3], &on))
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "alarm-in DEV N on|off");
          return FALSE;
        }
      return devsim_alarm_set_input (host, (int) CLAMP (input, 0, G_MAXINT) - 1, on, error);
    }
  else if (g_str_equal (cmd, "uninitialise"))
    {
      device->initialised = FALSE;
      g_ptr_array_set_size (device->users, 0);
      devsim_host_drop_sessions (host);
    }
  else
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Unknown command “%s”; %s", cmd, control_help);
      return FALSE;
    }
  return TRUE;
}

char *
devsim_site_execute (DevsimSite *site,
                     const char *line)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  int argc;
  gboolean matched = FALSE;

  if (!g_shell_parse_argv (line, &argc, &argv, NULL) || argc < 1)
    return reply_error (control_help);
  if (g_str_equal (argv[0], "list") || g_str_equal (argv[0], "help"))
    {
      JsonArray *devices = json_array_new ();

      for (guint i = 0; i < site->hosts->len; i++)
        json_array_add_element (devices, devsim_host_describe (g_ptr_array_index (site->hosts, i)));
      json_object_set_array_member (extra, "devices", devices);
      json_object_set_string_member (extra, "help", control_help);
      return reply_ok (g_steal_pointer (&extra));
    }
  if (argc < 2)
    return reply_error (control_help);
  for (guint i = 0; i < site->hosts->len; i++)
    {
      DevsimHost *host = g_ptr_array_index (site->hosts, i);

      if (!g_str_equal (argv[1], "all") && g_strcmp0 (argv[1], host->device->address) != 0 &&
          g_strcmp0 (argv[1], host->name) != 0)
        continue;
      matched = TRUE;
      if (!apply (site, host, argv, argc, extra, &error))
        return reply_error (error->message);
    }
  if (!matched)
    {
      g_autofree char *message = g_strdup_printf ("No device “%s”; use an address, a name or all", argv[1]);

      return reply_error (message);
    }
  return reply_ok (g_steal_pointer (&extra));
}
