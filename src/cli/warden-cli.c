/* warden-cli.c: talk to one camera, recorder or door controller from a shell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 ok, 2 usage, 3 device unreachable (or timed out), 4 authentication
 * (wrong credentials, locked, not initialised, certificate mismatch), 5 device error.
 */

#define G_LOG_DOMAIN "warden-cli"

#include "config.h"

#include "warden-device-session.h"
#include "warden-discovery.h"
#include "warden-event-stream.h"
#include "warden-json.h"
#include "warden-kv-table.h"
#include "warden-proto-error.h"
#include "warden-record-query.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_UNREACHABLE = 3,
  EXIT_AUTH = 4,
  EXIT_DEVICE = 5,
};

/* Longest password file read. */
#define MAX_PASSWORD_FILE 4096

static char *opt_host;
static int opt_port;
static int opt_http_port;
static gboolean opt_https;
static char *opt_tls_pin;
static char *opt_user;
static char *opt_password_file;
static gboolean opt_json;
static int opt_timeout = 10;
static char *opt_range;
static char *opt_codes;
static int opt_count;
static int opt_channel;
static char *opt_from;
static char *opt_to;
static char *opt_type;
static char *opt_output;
static int opt_door;
static int opt_index;
static int opt_speed = 4;
static int opt_duration = 500;

static const GOptionEntry entries[] = {
  { "host", 'H', 0, G_OPTION_ARG_STRING, &opt_host, "Device address", "ADDR" },
  { "port", 'P', 0, G_OPTION_ARG_INT, &opt_port, "DVRIP port (37777); for discover the UDP port (37810)", "N" },
  { "http-port", 0, 0, G_OPTION_ARG_INT, &opt_http_port, "HTTP port (80, or 443 with --https)", "N" },
  { "https", 0, 0, G_OPTION_ARG_NONE, &opt_https, "Use HTTPS for the HTTP side", NULL },
  { "tls-pin", 0, 0, G_OPTION_ARG_STRING, &opt_tls_pin, "Expected SHA-256 of the device certificate", "HEX" },
  { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_user, "User name (admin)", "U" },
  { "password-file", 'p', 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    "Read the password from the first line of F (else it is asked for)", "F" },
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, "One JSON document, or one JSON line per item", NULL },
  { "timeout", 't', 0, G_OPTION_ARG_INT, &opt_timeout, "Seconds to wait for the device (10)", "S" },
  { "range", 0, 0, G_OPTION_ARG_STRING, &opt_range, "discover: also probe every address of A-B", "A-B" },
  { "codes", 0, 0, G_OPTION_ARG_STRING, &opt_codes, "events: only these codes", "a,b" },
  { "count", 'n', 0, G_OPTION_ARG_INT, &opt_count, "events, discover: stop after N", "N" },
  { "channel", 'c', 0, G_OPTION_ARG_INT, &opt_channel, "Channel, from 1", "N" },
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, "records: start, local time (YYYY-MM-DD HH:MM:SS)", "T" },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, "records: end, local time", "T" },
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type, "records: dav, mp4 or jpg", "T" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, "snapshot: the JPEG file to write", "FILE" },
  { "door", 'd', 0, G_OPTION_ARG_INT, &opt_door, "door: the door, from 1", "N" },
  { "index", 'i', 0, G_OPTION_ARG_INT, &opt_index, "alarm out: the output, from 1", "N" },
  { "speed", 's', 0, G_OPTION_ARG_INT, &opt_speed, "ptz: speed 1..8 (4)", "S" },
  { "duration", 0, 0, G_OPTION_ARG_INT, &opt_duration, "ptz: milliseconds a move lasts (500)", "MS" },
  { NULL }
};

static const char summary[] =
  "Commands:\n"
  "  discover [--range A-B] [--count N]       find devices (multicast and the range)\n"
  "  info                                     model, serial, version, name, capabilities\n"
  "  channels                                 channel names and live stream URLs\n"
  "  events [--codes a,b] [--count N]         print events as they happen\n"
  "  records --channel N --from T --to T [--type T]\n"
  "  snapshot --channel N -o FILE\n"
  "  ptz --channel N ACTION [ARG]             up down left right leftup rightup leftdown\n"
  "                                           rightdown zoomin zoomout focusnear focusfar\n"
  "                                           irislarge irissmall; presets; goto-preset N,\n"
  "                                           set-preset N [NAME], clear-preset N,\n"
  "                                           start-tour N, stop-tour N\n"
  "  door open|close|status --door N\n"
  "  alarm list                               alarm inputs and outputs: names and states\n"
  "  alarm out --index N on|off|auto          force an alarm output on or off, or back\n"
  "                                           to automatic\n"
  "  config get NAME | config set KEY=VALUE...\n"
  "\n"
  "Every command but discover needs --host ADDR [--port N] [--user U] [--password-file F];\n"
  "without a password file the password is asked for.\n"
  "\n"
  "Exit status: 0 ok, 2 usage, 3 unreachable, 4 authentication, 5 device error.";

/* --- helpers ----------------------------------------------------------------------- */

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main context until @slot is filled; the CLI is one request at a time. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
fail (const GError *error)
{
  g_printerr ("warden-cli: %s\n", error->message);
  if (error->domain == G_OPTION_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return EXIT_USAGE;
  if (error->domain != WARDEN_PROTO_ERROR)
    return EXIT_DEVICE;
  switch (error->code)
    {
    case WARDEN_PROTO_ERROR_UNREACHABLE:
    case WARDEN_PROTO_ERROR_TIMEOUT:
    case WARDEN_PROTO_ERROR_CLOSED:
      return EXIT_UNREACHABLE;
    case WARDEN_PROTO_ERROR_WRONG_CREDENTIALS:
    case WARDEN_PROTO_ERROR_LOCKED:
    case WARDEN_PROTO_ERROR_NOT_INITIALISED:
    case WARDEN_PROTO_ERROR_TLS_MISMATCH:
      return EXIT_AUTH;
    default:
      return EXIT_DEVICE;
    }
}

static int
usage (const char *message)
{
  g_printerr ("warden-cli: %s (see warden-cli --help)\n", message);
  return EXIT_USAGE;
}

static void
print_json (JsonNode *node,
            gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static char *
read_password (GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  char line[1024];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);

  if (opt_password_file != NULL)
    {
      if (!g_file_get_contents (opt_password_file, &contents, &len, error))
        return NULL;
      if (len > MAX_PASSWORD_FILE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s is not a password file (longer than %u bytes)", opt_password_file,
                       MAX_PASSWORD_FILE);
          return NULL;
        }
      contents[strcspn (contents, "\r\n")] = '\0';
      return g_steal_pointer (&contents);
    }

  g_printerr ("Password for %s@%s: ", opt_user, opt_host);
  if (tty && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

static WardenDeviceSession *
connect_session (GError **error)
{
  g_autofree char *password = NULL;
  g_autoptr(WardenDeviceSession) session = NULL;
  GAsyncResult *result = NULL;
  gboolean ok;

  if (opt_host == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--host ADDR is required");
      return NULL;
    }
  if (opt_port < 0 || opt_port > 65535 || opt_http_port < 0 || opt_http_port > 65535 ||
      opt_timeout < 1 || opt_timeout > 600)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "a port is outside 1..65535 or the timeout outside 1..600 s");
      return NULL;
    }
  password = read_password (error);
  if (password == NULL)
    return NULL;

  session = warden_device_session_new (opt_host, (guint) opt_port, opt_user, password);
  warden_device_session_set_http_port (session,
                                       opt_http_port > 0 ? (guint) opt_http_port : opt_https ? 443 : 80,
                                       opt_https);
  warden_device_session_set_tls_pin (session, opt_tls_pin);
  warden_device_session_set_timeout (session, (guint) opt_timeout * 1000);

  warden_device_session_connect_async (session, NULL, result_cb, &result);
  ok = warden_device_session_connect_finish (session, wait_for (&result), error);
  g_object_unref (result);
  if (!ok)
    return NULL;
  if (opt_https && opt_tls_pin == NULL && warden_device_session_get_tls_fingerprint (session) != NULL)
    g_printerr ("Device certificate SHA-256: %s (pass it with --tls-pin next time)\n",
                warden_device_session_get_tls_fingerprint (session));
  return g_steal_pointer (&session);
}

static void
disconnect_session (WardenDeviceSession *session)
{
  GAsyncResult *result = NULL;

  warden_device_session_disconnect_async (session, NULL, result_cb, &result);
  warden_device_session_disconnect_finish (session, wait_for (&result), NULL);
  g_object_unref (result);
}

static JsonNode *
read_config (WardenDeviceSession *session,
             const char          *name,
             GError             **error)
{
  GAsyncResult *result = NULL;
  JsonNode *node;

  warden_device_session_get_config_async (session, name, NULL, result_cb, &result);
  node = warden_device_session_read_finish (session, wait_for (&result), error);
  g_object_unref (result);
  return node;
}

/* --- commands ---------------------------------------------------------------------- */

typedef struct
{
  guint found;
  GCancellable *enough;
} DiscoverRun;

static void
discovered_cb (WardenDiscovery        *discovery,
               WardenDiscoveredDevice *device,
               gpointer                user_data)
{
  DiscoverRun *run = user_data;

  if (opt_count > 0 && run->found >= (guint) opt_count)
    return;
  run->found++;
  if (opt_json)
    {
      g_autofree char *line = warden_discovered_device_to_json (device);

      g_print ("%s\n", line);
    }
  else
    g_print ("%-15s  %-20s  %-20s  %-5s  %s\n", device->address,
             device->model != NULL ? device->model : "-", device->serial != NULL ? device->serial : "-",
             device->device_class != NULL ? device->device_class : "-",
             device->name != NULL ? device->name : "");
  if (opt_count > 0 && run->found >= (guint) opt_count)
    g_cancellable_cancel (run->enough);
}

static int
cmd_discover (void)
{
  g_autoptr(WardenDiscovery) discovery = warden_discovery_new ();
  g_autoptr(GCancellable) enough = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  DiscoverRun run = { 0, enough };
  GAsyncResult *result = NULL;

  if (opt_port > 0 && opt_port <= 65535)
    warden_discovery_set_port (discovery, (guint) opt_port);
  if (opt_range != NULL && !warden_discovery_add_range (discovery, opt_range, &error))
    return fail (error);
  g_signal_connect (discovery, "device-found", G_CALLBACK (discovered_cb), &run);
  /* Devices answer within a few seconds; --count ends the search early. */
  warden_discovery_run_async (discovery, (guint) CLAMP (opt_timeout, 1, 600) * 1000 / 3, enough,
                              result_cb, &result);
  warden_discovery_run_finish (discovery, wait_for (&result), &error);
  g_object_unref (result);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return fail (error);
  if (!opt_json)
    g_printerr ("%u device%s found\n", run.found, run.found == 1 ? "" : "s");
  return EXIT_OK;
}

static int
cmd_info (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) caps = NULL;
  GAsyncResult *result = NULL;
  JsonObject *object;

  warden_device_session_get_info_async (session, NULL, result_cb, &result);
  info = warden_device_session_read_finish (session, wait_for (&result), &error);
  g_clear_object (&result);
  if (info == NULL)
    return fail (error);

  warden_device_session_get_capabilities_async (session, NULL, result_cb, &result);
  caps = warden_device_session_read_finish (session, wait_for (&result), &error);
  g_clear_object (&result);
  if (caps == NULL)
    return fail (error);

  object = json_node_get_object (info);
  json_object_set_string_member (object, "protocol", warden_device_session_get_protocol_name (session));
  json_object_set_int_member (object, "rtsp_port", warden_device_session_get_rtsp_port (session));
  json_object_set_int_member (object, "utc_offset", warden_device_session_get_utc_offset (session));
  {
    g_autoptr(GList) names = json_object_get_members (json_node_get_object (caps));

    for (GList *l = names; l != NULL; l = l->next)
      json_object_set_member (object, l->data,
                              json_node_copy (json_object_get_member (json_node_get_object (caps), l->data)));
  }
  if (opt_json)
    {
      print_json (info, FALSE);
      return EXIT_OK;
    }
  {
    g_autoptr(GList) names = json_object_get_members (object);

    for (GList *l = names; l != NULL; l = l->next)
      {
        g_autofree char *value = warden_json_dup_string (object, l->data);

        g_print ("%-10s %s\n", (const char *) l->data, value != NULL ? value : "");
      }
  }
  return EXIT_OK;
}

static int
cmd_channels (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) titles = read_config (session, "ChannelTitle", &error);
  JsonArray *array;

  if (titles == NULL)
    return fail (error);
  if (!JSON_NODE_HOLDS_ARRAY (titles))
    {
      g_printerr ("warden-cli: the device's ChannelTitle is not a list\n");
      return EXIT_DEVICE;
    }
  array = json_node_get_array (titles);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *name = JSON_NODE_HOLDS_OBJECT (item)
                                ? warden_json_dup_string (json_node_get_object (item), "Name") : NULL;
      g_autofree char *main_url = warden_device_session_get_live_url (session, (int) i + 1, 0);
      g_autofree char *sub_url = warden_device_session_get_live_url (session, (int) i + 1, 1);

      if (opt_json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "channel");
          json_builder_add_int_value (builder, i + 1);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name != NULL ? name : "");
          json_builder_set_member_name (builder, "main");
          json_builder_add_string_value (builder, main_url);
          json_builder_set_member_name (builder, "sub");
          json_builder_add_string_value (builder, sub_url);
          json_builder_end_object (builder);
          line = json_builder_get_root (builder);
          print_json (line, FALSE);
        }
      else
        g_print ("%3u  %-24s  %s\n", i + 1, name != NULL ? name : "", main_url);
    }
  return EXIT_OK;
}

typedef struct
{
  int remaining;
  GError *failure;
  gboolean interrupted;
} EventsRun;

static void
event_cb (WardenEventStream *stream,
          WardenEvent       *event,
          gpointer           user_data)
{
  EventsRun *run = user_data;

  if (run->remaining == 0)
    return;
  if (opt_json)
    {
      g_autofree char *line = warden_event_to_json (event);

      g_print ("%s\n", line);
    }
  else
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (warden_event_get_time (event));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
      g_autofree char *data = warden_event_get_data (event) != NULL
                                ? warden_json_node_to_string (warden_event_get_data (event)) : NULL;

      g_print ("%s  %-22s %-6s ch %-3d %s\n", when, warden_event_get_code (event),
               warden_event_get_action (event) != NULL ? warden_event_get_action (event) : "",
               warden_event_get_channel (event) + 1, data != NULL ? data : "");
    }
  if (run->remaining > 0)
    run->remaining--;
}

static void
events_failed_cb (WardenEventStream *stream,
                  const GError      *error,
                  gpointer           user_data)
{
  EventsRun *run = user_data;

  run->failure = g_error_copy (error);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  EventsRun *run = user_data;

  run->interrupted = TRUE;
  return G_SOURCE_CONTINUE;
}

static int
cmd_events (WardenDeviceSession *session)
{
  g_auto(GStrv) codes = opt_codes != NULL ? g_strsplit (opt_codes, ",", -1) : NULL;
  g_autoptr(WardenEventStream) stream = warden_event_stream_new (session, (const char * const *) codes);
  EventsRun run = { opt_count > 0 ? opt_count : -1, NULL, FALSE };
  guint sigint = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &run);
  int status = EXIT_OK;

  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &run);
  g_signal_connect (stream, "failed", G_CALLBACK (events_failed_cb), &run);
  warden_event_stream_start (stream);
  while (run.remaining != 0 && run.failure == NULL && !run.interrupted)
    g_main_context_iteration (NULL, TRUE);
  warden_event_stream_stop (stream);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (run.failure != NULL)
    {
      status = fail (run.failure);
      g_error_free (run.failure);
    }
  return status;
}

static GDateTime *
parse_time (const char *text,
            GError    **error)
{
  g_autofree char *iso = g_strdelimit (g_strdup (text), " ", 'T');
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  GDateTime *time = g_date_time_new_from_iso8601 (iso, local);

  if (time == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "\"%s\" is not a time such as 2026-04-29 08:00:00", text);
  return time;
}

static int
cmd_records (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(WardenRecordQuery) query = NULL;
  guint total = 0;

  if (opt_channel < 1 || opt_from == NULL || opt_to == NULL)
    return usage ("records needs --channel N --from T --to T");
  if ((from = parse_time (opt_from, &error)) == NULL || (to = parse_time (opt_to, &error)) == NULL)
    return fail (error);

  query = warden_record_query_new (session, opt_channel, from, to, opt_type);
  for (;;)
    {
      GAsyncResult *result = NULL;
      g_autoptr(GPtrArray) page = NULL;

      warden_record_query_next_async (query, NULL, result_cb, &result);
      page = warden_record_query_next_finish (query, wait_for (&result), &error);
      g_object_unref (result);
      if (page == NULL)
        return fail (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          JsonNode *file = g_ptr_array_index (page, i);
          JsonObject *o = json_node_get_object (file);
          g_autofree char *start = warden_json_dup_string (o, "StartTime");
          g_autofree char *end = warden_json_dup_string (o, "EndTime");
          g_autofree char *type = warden_json_dup_string (o, "Type");
          g_autofree char *length = warden_json_dup_string (o, "Length");
          g_autofree char *path = warden_json_dup_string (o, "FilePath");

          if (opt_json)
            print_json (file, FALSE);
          else
            g_print ("%s  %s  %-4s %12s  %s\n", start != NULL ? start : "?", end != NULL ? end : "?",
                     type != NULL ? type : "", length != NULL ? length : "", path != NULL ? path : "");
          total++;
        }
    }
  if (!opt_json)
    g_printerr ("%u file%s\n", total, total == 1 ? "" : "s");
  return EXIT_OK;
}

static int
cmd_snapshot (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  GAsyncResult *result = NULL;

  if (opt_channel < 1 || opt_output == NULL)
    return usage ("snapshot needs --channel N -o FILE");
  warden_device_session_snapshot_async (session, opt_channel, NULL, result_cb, &result);
  jpeg = warden_device_session_snapshot_finish (session, wait_for (&result), &error);
  g_object_unref (result);
  if (jpeg == NULL)
    return fail (error);
  if (!g_file_set_contents (opt_output, g_bytes_get_data (jpeg, NULL), (gssize) g_bytes_get_size (jpeg),
                            &error))
    {
      g_printerr ("warden-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (opt_json)
    g_print ("{\"file\":\"%s\",\"bytes\":%" G_GSIZE_FORMAT "}\n", opt_output, g_bytes_get_size (jpeg));
  else
    g_print ("Wrote %" G_GSIZE_FORMAT " bytes to %s\n", g_bytes_get_size (jpeg), opt_output);
  return EXIT_OK;
}

static gboolean
ptz_step (WardenDeviceSession *session,
          const char          *code,
          int                  arg1,
          int                  arg2,
          gboolean             stop,
          GError             **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  warden_device_session_ptz_async (session, opt_channel, code, arg1, arg2, 0, stop, NULL, result_cb, &result);
  ok = warden_device_session_control_finish (session, wait_for (&result), NULL, error);
  g_object_unref (result);
  return ok;
}

static int
ptz_presets (WardenDeviceSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  GAsyncResult *result = NULL;

  warden_device_session_list_presets_async (session, opt_channel, NULL, result_cb, &result);
  presets = warden_device_session_list_presets_finish (session, wait_for (&result), &error);
  g_object_unref (result);
  if (presets == NULL)
    return fail (error);
  for (guint i = 0; i < presets->len; i++)
    {
      WardenPtzPreset *preset = g_ptr_array_index (presets, i);

      if (opt_json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "index");
          json_builder_add_int_value (builder, warden_ptz_preset_get_index (preset));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, warden_ptz_preset_get_name (preset));
          json_builder_end_object (builder);
          line = json_builder_get_root (builder);
          print_json (line, FALSE);
        }
      else
        g_print ("%3d  %s\n", warden_ptz_preset_get_index (preset), warden_ptz_preset_get_name (preset));
    }
  if (!opt_json)
    g_printerr ("%u preset%s\n", presets->len, presets->len == 1 ? "" : "s");
  return EXIT_OK;
}

/* set-preset N [NAME]: the current position becomes preset N, named NAME. */
static int
ptz_set_preset (WardenDeviceSession *session,
                char               **args)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint64 n;
  gboolean ok;

  if (args[0] == NULL || !g_ascii_string_to_unsigned (args[0], 10, 1, WARDEN_PTZ_PRESET_MAX, &n, NULL) ||
      (args[1] != NULL && args[2] != NULL))
    return usage ("set-preset takes a number 1..255 and an optional NAME (quote it)");
  warden_device_session_set_preset_async (session, opt_channel, (int) n, args[1], NULL, result_cb, &result);
  ok = warden_device_session_control_finish (session, wait_for (&result), NULL, &error);
  g_object_unref (result);
  if (!ok)
    return fail (error);
  return EXIT_OK;
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static int
cmd_ptz (WardenDeviceSession *session,
         char               **args)
{
  static const struct { const char *action; const char *code; gboolean diagonal; } moves[] = {
    { "up", "Up", FALSE }, { "down", "Down", FALSE }, { "left", "Left", FALSE },
    { "right", "Right", FALSE }, { "leftup", "LeftUp", TRUE }, { "rightup", "RightUp", TRUE },
    { "leftdown", "LeftDown", TRUE }, { "rightdown", "RightDown", TRUE },
    { "zoomin", "ZoomTele", FALSE }, { "zoomout", "ZoomWide", FALSE },
    { "focusnear", "FocusNear", FALSE }, { "focusfar", "FocusFar", FALSE },
    { "irislarge", "IrisLarge", FALSE }, { "irissmall", "IrisSmall", FALSE },
  };
  static const struct { const char *action; const char *code; } numbered[] = {
    { "goto-preset", "GotoPreset" }, { "clear-preset", "ClearPreset" },
    { "start-tour", "StartTour" }, { "stop-tour", "StopTour" },
  };
  g_autoptr(GError) error = NULL;
  const char *action = args[0];

  if (opt_channel < 1 || action == NULL)
    return usage ("ptz needs --channel N ACTION");
  if (opt_speed < 1 || opt_speed > 8 || opt_duration < 0 || opt_duration > 60000)
    return usage ("--speed is 1..8 and --duration 0..60000 ms");

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      gboolean done = FALSE;

      if (g_ascii_strcasecmp (action, moves[i].action) != 0)
        continue;
      if (!ptz_step (session, moves[i].code, moves[i].diagonal ? opt_speed : 0, opt_speed, FALSE, &error))
        return fail (error);
      g_timeout_add ((guint) opt_duration, quit_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      if (!ptz_step (session, moves[i].code, moves[i].diagonal ? opt_speed : 0, opt_speed, TRUE, &error))
        return fail (error);
      return EXIT_OK;
    }
  if (g_ascii_strcasecmp (action, "presets") == 0)
    return ptz_presets (session);
  if (g_ascii_strcasecmp (action, "set-preset") == 0)
    return ptz_set_preset (session, args + 1);
  for (guint i = 0; i < G_N_ELEMENTS (numbered); i++)
    {
      guint64 n;

      if (g_ascii_strcasecmp (action, numbered[i].action) != 0)
        continue;
      if (args[1] == NULL || !g_ascii_string_to_unsigned (args[1], 10, 1, 255, &n, NULL))
        return usage ("the preset or tour number is 1..255");
      if (!ptz_step (session, numbered[i].code, 0, (int) n, FALSE, &error))
        return fail (error);
      return EXIT_OK;
    }
  return usage ("unknown ptz action");
}

static int
cmd_door (WardenDeviceSession *session,
          char               **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  GAsyncResult *result = NULL;
  WardenDoorAction action;

  if (args[0] == NULL || opt_door < 1)
    return usage ("door needs open|close|status and --door N");
  if (strcmp (args[0], "open") == 0)
    action = WARDEN_DOOR_OPEN;
  else if (strcmp (args[0], "close") == 0)
    action = WARDEN_DOOR_CLOSE;
  else if (strcmp (args[0], "status") == 0)
    action = WARDEN_DOOR_STATUS;
  else
    return usage ("door takes open, close or status");

  warden_device_session_door_async (session, opt_door, action, NULL, result_cb, &result);
  if (!warden_device_session_control_finish (session, wait_for (&result), &status, &error))
    {
      g_object_unref (result);
      return fail (error);
    }
  g_object_unref (result);
  if (opt_json)
    g_print ("{\"door\":%d,\"%s\":\"%s\"}\n", opt_door, status != NULL ? "status" : "done",
             status != NULL ? status : args[0]);
  else
    g_print ("Door %d: %s\n", opt_door, status != NULL ? status : "done");
  return EXIT_OK;
}

static void
print_alarm_port (JsonNode   *port,
                  const char *kind)
{
  JsonObject *o = json_node_get_object (port);
  g_autofree char *name = warden_json_dup_string (o, "name");
  g_autofree char *mode = warden_json_dup_string (o, "mode");
  gint64 index = 0;
  gboolean enabled = FALSE;
  gboolean active = FALSE;
  gboolean known = warden_json_get_bool (o, "active", &active);

  if (opt_json)
    {
      json_object_set_string_member (o, "kind", kind);
      print_json (port, FALSE);
      return;
    }
  warden_json_get_int (o, "index", &index);
  warden_json_get_bool (o, "enabled", &enabled);
  g_print ("%-6s %3" G_GINT64_FORMAT "  %-24s  %-8s  %s\n", kind, index, name != NULL ? name : "",
           mode != NULL ? mode : enabled ? "enabled" : "disabled",
           !known ? "?" : active ? (mode != NULL ? "on" : "ALARM") : (mode != NULL ? "off" : "idle"));
}

static int
cmd_alarm (WardenDeviceSession *session,
           char               **args)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  if (args[0] != NULL && strcmp (args[0], "list") == 0 && args[1] == NULL)
    {
      g_autoptr(JsonNode) alarms = NULL;
      static const char * const kinds[] = { "inputs", "outputs" };

      warden_device_session_get_alarms_async (session, NULL, result_cb, &result);
      alarms = warden_device_session_read_finish (session, wait_for (&result), &error);
      g_object_unref (result);
      if (alarms == NULL)
        return fail (error);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          JsonArray *ports = warden_json_get_array (json_node_get_object (alarms), kinds[k]);

          for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
            print_alarm_port (json_array_get_element (ports, i), k == 0 ? "input" : "output");
        }
      return EXIT_OK;
    }
  if (args[0] != NULL && strcmp (args[0], "out") == 0 && args[1] != NULL && args[2] == NULL)
    {
      static const char * const modes[] = { "auto", "on", "off" };
      WardenAlarmOutMode mode;
      gboolean ok;

      for (mode = WARDEN_ALARM_OUT_AUTO; mode <= WARDEN_ALARM_OUT_OFF; mode++)
        if (strcmp (args[1], modes[mode]) == 0)
          break;
      if (mode > WARDEN_ALARM_OUT_OFF || opt_index < 1 || opt_index > 256)
        return usage ("alarm out needs --index N (1..256) and on, off or auto");
      warden_device_session_set_alarm_output_async (session, opt_index, mode, NULL, result_cb, &result);
      ok = warden_device_session_control_finish (session, wait_for (&result), NULL, &error);
      g_object_unref (result);
      if (!ok)
        return fail (error);
      if (opt_json)
        g_print ("{\"output\":%d,\"mode\":\"%s\"}\n", opt_index, modes[mode]);
      else
        g_print ("Alarm output %d: %s\n", opt_index, modes[mode]);
      return EXIT_OK;
    }
  return usage ("alarm list | alarm out --index N on|off|auto");
}

/* config set Encode[0].MainFormat[0].Video.FPS=15 ...: reads each table named,
 * changes the keys, and writes the whole table back. */
static int
cmd_config_set (WardenDeviceSession *session,
                char               **pairs)
{
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) warden_kv_table_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      WardenKvTable *changes;

      if (eq == NULL || eq == pairs[i])
        return usage ("config set takes KEY=VALUE pairs");
      name = g_strndup (pairs[i], strcspn (pairs[i], ".[="));
      changes = g_hash_table_lookup (tables, name);
      if (changes == NULL)
        {
          changes = warden_kv_table_new ();
          g_hash_table_insert (tables, g_strdup (name), changes);
        }
      {
        g_autofree char *k = g_strndup (pairs[i], (gsize) (eq - pairs[i]));

        warden_kv_table_add (changes, k, eq + 1);
      }
    }

  g_hash_table_iter_init (&iter, tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) current = read_config (session, key, &error);
      g_autoptr(WardenKvTable) flat = NULL;
      g_autoptr(WardenKvTable) merged = warden_kv_table_new ();
      g_autoptr(JsonNode) table = NULL;
      GAsyncResult *result = NULL;
      gboolean ok;

      if (current == NULL || (flat = warden_kv_table_new_from_json (current, key, &error)) == NULL)
        return fail (error);
      /* The first of repeated keys wins: the changes go first. */
      for (guint i = 0; i < warden_kv_table_get_n_items (value); i++)
        warden_kv_table_add (merged, warden_kv_table_get_key (value, i), warden_kv_table_get_value (value, i));
      for (guint i = 0; i < warden_kv_table_get_n_items (flat); i++)
        warden_kv_table_add (merged, warden_kv_table_get_key (flat, i), warden_kv_table_get_value (flat, i));
      table = warden_kv_table_to_json (merged, key, &error);
      if (table == NULL)
        return fail (error);

      warden_device_session_set_config_async (session, key, table, NULL, result_cb, &result);
      ok = warden_device_session_set_config_finish (session, wait_for (&result), &error);
      g_object_unref (result);
      if (!ok)
        return fail (error);
      if (!opt_json)
        g_print ("%s written\n", (const char *) key);
    }
  if (opt_json)
    g_print ("{\"written\":true}\n");
  return EXIT_OK;
}

static int
cmd_config (WardenDeviceSession *session,
            char               **args)
{
  if (args[0] != NULL && strcmp (args[0], "get") == 0 && args[1] != NULL && args[2] == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) table = read_config (session, args[1], &error);

      if (table == NULL)
        return fail (error);
      print_json (table, !opt_json);
      return EXIT_OK;
    }
  if (args[0] != NULL && strcmp (args[0], "set") == 0 && args[1] != NULL)
    return cmd_config_set (session, args + 1);
  return usage ("config get NAME | config set KEY=VALUE...");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [ARGS...]");
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSession) session = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  const char *command;
  int status;

  g_option_context_set_summary (context, "Talk to a camera, recorder or door controller.");
  g_option_context_set_description (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    return fail (error);
  if (opt_user == NULL)
    opt_user = g_strdup ("admin");
  if (g_strv_length (args) < 2)
    return usage ("no command given");
  command = args[1];

  if (strcmp (command, "discover") == 0)
    return cmd_discover ();

  if (strcmp (command, "info") != 0 && strcmp (command, "channels") != 0 &&
      strcmp (command, "events") != 0 && strcmp (command, "records") != 0 &&
      strcmp (command, "snapshot") != 0 && strcmp (command, "ptz") != 0 &&
      strcmp (command, "door") != 0 && strcmp (command, "config") != 0 &&
      strcmp (command, "alarm") != 0)
    return usage ("unknown command");

  session = connect_session (&error);
  if (session == NULL)
    return fail (error);

  if (strcmp (command, "info") == 0)
    status = cmd_info (session);
  else if (strcmp (command, "channels") == 0)
    status = cmd_channels (session);
  else if (strcmp (command, "events") == 0)
    status = cmd_events (session);
  else if (strcmp (command, "records") == 0)
    status = cmd_records (session);
  else if (strcmp (command, "snapshot") == 0)
    status = cmd_snapshot (session);
  else if (strcmp (command, "ptz") == 0)
    status = cmd_ptz (session, args + 2);
  else if (strcmp (command, "door") == 0)
    status = cmd_door (session, args + 2);
  else if (strcmp (command, "alarm") == 0)
    status = cmd_alarm (session, args + 2);
  else
    status = cmd_config (session, args + 2);

  if (warden_device_session_get_protocol (session) != WARDEN_PROTOCOL_NONE)
    disconnect_session (session);
  return status;
}
