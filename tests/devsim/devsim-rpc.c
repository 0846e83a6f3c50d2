/* devsim-rpc.c: the JSON-RPC dispatcher of a simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-rpc.h"
#include "devsim-alarm.h"
#include "devsim-auth.h"
#include "devsim-config.h"
#include "devsim-ptz.h"

#include <string.h>

#define OBJECT_PTZ  0x10000u
#define OBJECT_DOOR 0x20000u
#define MAX_MULTICALL 32

typedef struct
{
  GArray *results;               /* DevsimRecording */
  guint position;
} DevsimFinder;

typedef struct
{
  DevsimHost *host;
  DevsimSession *session;
  JsonObject *request;
  JsonObject *params;            /* never NULL */
  JsonObject *reply_params;      /* NULL = none */
  int error_code;
  char *error_message;
  JsonNode *result;              /* NULL = true */
  JsonArray *reply_array;        /* system.multicall: params is an array */
} Call;

static void
fail (Call       *call,
      int         code,
      const char *message)
{
  call->error_code = code;
  g_free (call->error_message);
  call->error_message = g_strdup (message);
}

static void
fail_error (Call   *call,
            GError *error)
{
  fail (call, error->code == DEVSIM_ERROR_NOT_FOUND ? DEVSIM_RPC_NO_DATA : DEVSIM_RPC_INVALID_REQUEST,
        error->message);
}

static JsonObject *
reply_params (Call *call)
{
  if (call->reply_params == NULL)
    call->reply_params = json_object_new ();
  return call->reply_params;
}

static gint64
param_int (JsonObject *o,
           const char *name,
           gint64      fallback)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  /* Sessions and ids arrive as numbers or as strings of digits. */
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (n);
      char *end;
      gint64 v = g_ascii_strtoll (text, &end, 10);

      return (*text != '\0' && *end == '\0') ? v : fallback;
    }
  return json_node_get_int (n);
}

static const char *
param_str (JsonObject *o,
           const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* ---- finders ---------------------------------------------------------- */

void
devsim_finder_free (gpointer data)
{
  DevsimFinder *finder = data;

  g_clear_pointer (&finder->results, g_array_unref);
  g_free (finder);
}

guint32
devsim_finder_create (DevsimHost *host)
{
  guint32 id = ++host->next_object;

  /* A recorder keeps a handful of open searches; so does the simulator. */
  if (g_hash_table_size (host->finders) >= 64)
    g_hash_table_remove_all (host->finders);
  g_hash_table_insert (host->finders, GUINT_TO_POINTER (id), g_new0 (DevsimFinder, 1));
  return id;
}

static gboolean
string_list_has (JsonObject *o,
                 const char *member,
                 const char *value,
                 gboolean   *present)
{
  JsonNode *n = json_object_get_member (o, member);
  JsonArray *a;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  a = json_node_get_array (n);
  if (json_array_get_length (a) > 0)
    *present = TRUE;
  for (guint i = 0; i < json_array_get_length (a) && i < 16; i++)
    if (g_strcmp0 (json_array_get_string_element (a, i), value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
devsim_finder_find (DevsimHost  *host,
                    guint32      object,
                    JsonObject  *condition,
                    int          channel_base,
                    GError     **error)
{
  DevsimFinder *finder = g_hash_table_lookup (host->finders, GUINT_TO_POINTER (object));
  const char *start = condition ? param_str (condition, "StartTime") : NULL;
  const char *end = condition ? param_str (condition, "EndTime") : NULL;
  gint64 from, to;
  int channel;
  gboolean pictures, types = FALSE, flags = FALSE, events = FALSE;
  gboolean want_regular, want_event, want_motion, want_alarm;
  GArray *all;

  if (finder == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No mediaFileFind object %u", object);
      return FALSE;
    }
  channel = condition ? (int) param_int (condition, "Channel", channel_base) - channel_base : 0;
  if (!devsim_parse_local_time (host->device, start, &from) ||
      !devsim_parse_local_time (host->device, end, &to) || to <= from)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "condition.StartTime/EndTime must be “YYYY-MM-DD HH:MM:SS”, start before end");
      return FALSE;
    }
  if (channel < 0 || channel >= devsim_device_channel_count (host->device))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "condition.Channel %d is not a channel of this device", channel + channel_base);
      return FALSE;
    }
  pictures = string_list_has (condition, "Types", "jpg", &types);
  if (types && !pictures && !string_list_has (condition, "Types", "dav", &types))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No files of the asked types");
      return FALSE;
    }
  /* Flags: Timing = regular, Event = motion or alarm; Events narrow further. */
  want_regular = string_list_has (condition, "Flags", "Timing", &flags) |
                 string_list_has (condition, "Flag", "Timing", &flags);
  want_event = string_list_has (condition, "Flags", "Event", &flags) |
               string_list_has (condition, "Flag", "Event", &flags);
  want_motion = string_list_has (condition, "Events", "VideoMotion", &events);
  want_alarm = string_list_has (condition, "Events", "AlarmLocal", &events);
  if (!flags)
    want_regular = want_event = TRUE;
  if (!events)
    want_motion = want_alarm = TRUE;

  all = devsim_recordings_find (host->device, channel, from, to, pictures);
  g_clear_pointer (&finder->results, g_array_unref);
  finder->results = g_array_new (FALSE, TRUE, sizeof (DevsimRecording));
  finder->position = 0;
  for (guint i = 0; i < all->len; i++)
    {
      DevsimRecording *rec = &g_array_index (all, DevsimRecording, i);
      gboolean keep;

      if (rec->flags & DEVSIM_REC_REGULAR)
        keep = want_regular && !events;
      else
        keep = want_event && (((rec->flags & DEVSIM_REC_MOTION) && want_motion) ||
                              ((rec->flags & DEVSIM_REC_ALARM) && want_alarm));
      if (keep)
        g_array_append_val (finder->results, *rec);
    }
  g_array_unref (all);
  if (finder->results->len == 0)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No file matches the condition");
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
recording_json (DevsimDevice          *device,
                const DevsimRecording *rec)
{
  JsonObject *o = json_object_new ();
  JsonArray *flags = json_array_new ();
  g_autofree char *start = devsim_format_local_time (device, rec->start_utc);
  g_autofree char *end = devsim_format_local_time (device, rec->end_utc);

  json_object_set_int_member (o, "Channel", rec->channel);
  json_object_set_string_member (o, "StartTime", start);
  json_object_set_string_member (o, "EndTime", end);
  json_object_set_string_member (o, "Type", rec->picture ? "jpg" : "dav");
  json_object_set_string_member (o, "FilePath", rec->path);
  json_object_set_int_member (o, "Length", rec->length_bytes);
  json_object_set_int_member (o, "CutLength", rec->length_bytes);
  json_object_set_int_member (o, "Duration", rec->end_utc - rec->start_utc);
  json_object_set_int_member (o, "Disk", 0);
  json_object_set_int_member (o, "Partition", 0);
  json_object_set_int_member (o, "Cluster", (rec->start_utc / DEVSIM_REC_SLOT_SECONDS) % 100000);
  json_object_set_string_member (o, "VideoStream", "Main");
  json_object_set_int_member (o, "UTCOffset", device->utc_offset_s);
  json_array_add_string_element (flags, (rec->flags & DEVSIM_REC_REGULAR) ? "Timing" : "Event");
  json_object_set_array_member (o, "Flags", flags);
  if (!(rec->flags & DEVSIM_REC_REGULAR))
    {
      JsonArray *events = json_array_new ();

      json_array_add_string_element (events, (rec->flags & DEVSIM_REC_ALARM) ? "AlarmLocal"
                                                                              : "VideoMotion");
      json_object_set_array_member (o, "Events", events);
    }
  return o;
}

JsonArray *
devsim_finder_next (DevsimHost  *host,
                    guint32      object,
                    guint        count,
                    GError     **error)
{
  DevsimFinder *finder = g_hash_table_lookup (host->finders, GUINT_TO_POINTER (object));
  JsonArray *out;

  if (finder == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No mediaFileFind object %u", object);
      return NULL;
    }
  if (count < 1 || count > DEVSIM_MAX_FIND_COUNT)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "count must be 1..%d", DEVSIM_MAX_FIND_COUNT);
      return NULL;
    }
  out = json_array_new ();
  while (finder->results && finder->position < finder->results->len && count-- > 0)
    {
      DevsimRecording *rec = &g_array_index (finder->results, DevsimRecording, finder->position++);

      json_array_add_object_element (out, recording_json (host->device, rec));
    }
  return out;
}

gint64
devsim_finder_count (DevsimHost *host,
                     guint32     object)
{
  DevsimFinder *finder = g_hash_table_lookup (host->finders, GUINT_TO_POINTER (object));

  return finder && finder->results ? (gint64) finder->results->len : -1;
}

gboolean
devsim_finder_destroy (DevsimHost *host,
                       guint32     object)
{
  return g_hash_table_remove (host->finders, GUINT_TO_POINTER (object));
}

/* ---- doors -------------------------------------------------------------- */

gboolean
devsim_door_set (DevsimHost  *host,
                 int          door,
                 gboolean     open,
                 const char  *user_id,
                 GError     **error)
{
  DevsimDevice *device = host->device;
  JsonObject *status;

  if (device->kind != DEVSIM_KIND_DOOR || door < 0 || door >= device->door_count)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Door %d does not exist; this device has %d", door + 1, device->door_count);
      return FALSE;
    }
  device->door_open[door] = open;
  status = json_object_new ();
  json_object_set_string_member (status, "Status", open ? "Open" : "Close");
  devsim_host_emit (host, "DoorStatus", "Pulse", door, status);
  if (open)
    {
      JsonObject *access = json_object_new ();

      json_object_set_string_member (access, "Name", "OpenDoor");
      json_object_set_int_member (access, "Method", 4);
      json_object_set_int_member (access, "Status", 1);
      json_object_set_string_member (access, "Type", "Entry");
      json_object_set_string_member (access, "UserID", user_id ? user_id : "");
      json_object_set_int_member (access, "Door", door);
      devsim_host_emit (host, "AccessControl", "Pulse", door, access);
    }
  return TRUE;
}

/* ---- methods ------------------------------------------------------------ */

static void
login_failed (Call              *call,
              DevsimLoginStatus  status,
              int                attempts,
              int                lock_left)
{
  switch (status)
    {
    case DEVSIM_LOGIN_NOT_INITIALISED:
      fail (call, DEVSIM_RPC_NOT_INITIALISED, "Device is not initialised; set a password first");
      break;
    case DEVSIM_LOGIN_LOCKED:
      fail (call, DEVSIM_RPC_LOCKED, "User locked");
      break;
    case DEVSIM_LOGIN_BAD_USER:
    case DEVSIM_LOGIN_BAD_PASSWORD:
    default:
      fail (call, DEVSIM_RPC_BAD_PASSWORD, "User or password not valid");
      break;
    }
  json_object_set_int_member (reply_params (call), "remainLoginTimes", attempts);
  json_object_set_int_member (reply_params (call), "remainLockSecond", lock_left);
}

static void
global_login (Call *call)
{
  DevsimHost *host = call->host;
  DevsimDevice *device = host->device;
  const char *user = param_str (call->params, "userName");
  const char *password = param_str (call->params, "password");
  const char *kind = param_str (call->params, "authorityType");
  guint32 sid = (guint32) param_int (call->request, "session", 0);
  DevsimSession *session = sid ? devsim_host_lookup_session (host, sid) : NULL;
  DevsimLoginStatus status;
  DevsimDefaultProof proof;
  int attempts = 0, lock_left = 0;

  if (user == NULL || strlen (user) > 64)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "global.login needs params.userName");
      return;
    }
  if (session == NULL || session->logged_in || session->random == NULL ||
      g_strcmp0 (session->user, user) != 0)
    {
      /* Step 1: the challenge. */
      session = devsim_host_new_session (host, user);
      session->random = devsim_new_random ();
      call->session = session;
      fail (call, DEVSIM_RPC_LOGIN_CHALLENGE, "Component error: login challenge!");
      json_object_set_string_member (reply_params (call), "realm", device->realm);
      json_object_set_string_member (reply_params (call), "random", session->random);
      json_object_set_string_member (reply_params (call), "encryption", "Default");
      json_object_set_string_member (reply_params (call), "mac", device->mac);
      return;
    }
  call->session = session;
  if (kind != NULL && g_strcmp0 (kind, "Default") != 0)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "Only authorityType Default is supported");
      return;
    }
  proof = (DevsimDefaultProof) { user, device->realm, session->random, password ? password : "" };
  status = devsim_auth_login (device, user, devsim_auth_check_default, &proof, &attempts, &lock_left);
  if (status != DEVSIM_LOGIN_OK)
    {
      login_failed (call, status, attempts, lock_left);
      devsim_host_close_session (host, session->id);
      call->session = NULL;
      return;
    }
  session->logged_in = TRUE;
  g_clear_pointer (&session->random, g_free);
  json_object_set_int_member (reply_params (call), "keepAliveInterval", host->keepalive_s);
}

static void
security_init (Call *call)
{
  DevsimDevice *device = call->host->device;
  const char *name = param_str (call->params, "Name");
  const char *password = param_str (call->params, "Pwd");
  const char *mail = param_str (call->params, "Mail");

  if (device->initialised)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "Device is already initialised");
      return;
    }
  if (name == NULL || password == NULL || strlen (name) > 32 || strlen (password) < 8 ||
      strlen (password) > 32 || (mail != NULL && (strlen (mail) > 128 || strchr (mail, '@') == NULL)))
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST,
            "Initialisation needs Name, Pwd of 8 to 32 bytes and a valid Mail");
      return;
    }
  devsim_device_add_user (device, name, password);
  g_free (device->email);
  device->email = g_strdup (mail);
  device->initialised = TRUE;
}

static void
magic_box (Call       *call,
           const char *verb)
{
  DevsimDevice *device = call->host->device;
  JsonObject *p = reply_params (call);

  if (g_str_equal (verb, "getDeviceType"))
    json_object_set_string_member (p, "type", device->model);
  else if (g_str_equal (verb, "getSerialNo"))
    json_object_set_string_member (p, "sn", device->serial);
  else if (g_str_equal (verb, "getMachineName"))
    json_object_set_string_member (p, "name", device->machine_name);
  else if (g_str_equal (verb, "getDeviceClass"))
    json_object_set_string_member (p, "type", device->kind == DEVSIM_KIND_NVR ? "NVR" :
                                              device->kind == DEVSIM_KIND_IPC ? "IPC" : "ASC");
  else if (g_str_equal (verb, "getHardwareVersion"))
    json_object_set_string_member (p, "version", "1.00");
  else if (g_str_equal (verb, "getVendor"))
    json_object_set_string_member (p, "Vendor", "Warden Simulated");
  else if (g_str_equal (verb, "getSoftwareVersion"))
    {
      JsonObject *v = json_object_new ();
      g_auto(GStrv) parts = g_strsplit (device->version, ",build:", 2);

      json_object_set_string_member (v, "Version", parts[0]);
      json_object_set_string_member (v, "BuildDate", parts[1] ? parts[1] : "");
      json_object_set_string_member (v, "WebVersion", "3.2.1.0");
      json_object_set_string_member (v, "SecurityBaseLineVersion", "2.2");
      json_object_set_object_member (p, "version", v);
    }
  else if (g_str_equal (verb, "getSystemInfo"))
    {
      json_object_set_string_member (p, "deviceType", device->model);
      json_object_set_string_member (p, "hardwareVersion", "1.00");
      json_object_set_string_member (p, "processor", "SIM");
      json_object_set_string_member (p, "serialNumber", device->serial);
      json_object_set_string_member (p, "updateSerial", device->model);
    }
  else if (g_str_equal (verb, "reboot"))
    ;
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static void
config_manager (Call       *call,
                const char *verb)
{
  DevsimDevice *device = call->host->device;
  const char *name = param_str (call->params, "name");
  g_autoptr(GError) error = NULL;

  if (name == NULL)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "configManager needs params.name");
      return;
    }
  if (g_str_equal (verb, "getConfig"))
    {
      JsonNode *table = devsim_config_get (device, name, &error);

      if (table == NULL)
        fail_error (call, error);
      else
        json_object_set_member (reply_params (call), "table", table);
    }
  else if (g_str_equal (verb, "setConfig"))
    {
      if (!devsim_config_set (device, name, json_object_get_member (call->params, "table"), &error))
        fail_error (call, error);
    }
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static void
session_deliver (DevsimSubscriber  *subscriber,
                 const DevsimEvent *event)
{
  DevsimSession *session = subscriber->data;
  g_autofree char *text = devsim_rpc_event_message (session, event);

  session->notify (session, text, session->notify_data);
}

static void
event_manager (Call       *call,
               const char *verb)
{
  DevsimSession *session = call->session;
  JsonNode *codes = json_object_get_member (call->params, "codes");

  if (g_str_equal (verb, "attach"))
    {
      GPtrArray *list = g_ptr_array_new ();
      JsonArray *a;

      if (codes == NULL || !JSON_NODE_HOLDS_ARRAY (codes) ||
          json_array_get_length (a = json_node_get_array (codes)) == 0 ||
          json_array_get_length (a) > 64)
        {
          g_ptr_array_unref (list);
          fail (call, DEVSIM_RPC_INVALID_REQUEST, "eventManager.attach needs params.codes");
          return;
        }
      for (guint i = 0; i < json_array_get_length (a); i++)
        g_ptr_array_add (list, g_strdup (json_array_get_string_element (a, i)));
      g_ptr_array_add (list, NULL);
      if (session->subscriber != NULL)
        {
          devsim_host_unsubscribe (call->host, session->subscriber);
          g_strfreev (session->subscriber->codes);
          g_free (session->subscriber);
        }
      session->subscriber = g_new0 (DevsimSubscriber, 1);
      session->subscriber->codes = (char **) g_ptr_array_free (list, FALSE);
      session->subscriber->deliver = session_deliver;
      session->subscriber->data = session;
      session->attach_id = (guint32) param_int (call->request, "id", 0);
      /* Only sessions with a notification channel (DVRIP) receive events. */
      if (session->notify != NULL)
        devsim_host_subscribe (call->host, session->subscriber);
      json_object_set_int_member (reply_params (call), "SID", 513);
    }
  else if (g_str_equal (verb, "detach"))
    {
      if (session->subscriber != NULL)
        {
          devsim_host_unsubscribe (call->host, session->subscriber);
          g_strfreev (session->subscriber->codes);
          g_clear_pointer (&session->subscriber, g_free);
        }
    }
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static void
media_file_find (Call       *call,
                 const char *verb)
{
  DevsimHost *host = call->host;
  guint32 object = (guint32) param_int (call->request, "object", 0);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (verb, "factory.create"))
    {
      call->result = json_node_init_int (json_node_alloc (), devsim_finder_create (host));
      return;
    }
  if (g_hash_table_lookup (host->finders, GUINT_TO_POINTER (object)) == NULL)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "No such mediaFileFind object");
      return;
    }
  if (g_str_equal (verb, "findFile"))
    {
      JsonNode *condition = json_object_get_member (call->params, "condition");

      if (condition == NULL || !JSON_NODE_HOLDS_OBJECT (condition))
        fail (call, DEVSIM_RPC_INVALID_REQUEST, "findFile needs params.condition");
      else if (!devsim_finder_find (host, object, json_node_get_object (condition), 0, &error))
        fail_error (call, error);
    }
  else if (g_str_equal (verb, "findNextFile"))
    {
      JsonArray *infos = devsim_finder_next (host, object,
                                             (guint) param_int (call->params, "count", 0), &error);

      if (infos == NULL)
        fail_error (call, error);
      else
        {
          json_object_set_int_member (reply_params (call), "found", json_array_get_length (infos));
          json_object_set_array_member (reply_params (call), "infos", infos);
        }
    }
  else if (g_str_equal (verb, "getCount"))
    json_object_set_int_member (reply_params (call), "count",
                                MAX (devsim_finder_count (host, object), 0));
  else if (g_str_equal (verb, "close"))
    ;
  else if (g_str_equal (verb, "destroy"))
    devsim_finder_destroy (host, object);
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static DevsimChannel *
ptz_channel (Call *call)
{
  DevsimDevice *device = call->host->device;
  guint32 object = (guint32) param_int (call->request, "object", 0);
  gint64 channel = object >= OBJECT_PTZ && object < OBJECT_DOOR ? object - OBJECT_PTZ
                                                                : param_int (call->params, "channel", -1);

  if (channel < 0 || channel >= devsim_device_channel_count (device))
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "Not a PTZ channel of this device");
      return NULL;
    }
  return g_ptr_array_index (device->channels, channel);
}

static void
ptz (Call       *call,
     const char *verb)
{
  DevsimChannel *channel;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (verb, "factory.instance"))
    {
      gint64 ch = param_int (call->params, "channel", -1);

      if (ch < 0 || ch >= devsim_device_channel_count (call->host->device))
        fail (call, DEVSIM_RPC_INVALID_REQUEST, "Not a PTZ channel of this device");
      else
        call->result = json_node_init_int (json_node_alloc (), OBJECT_PTZ + ch);
      return;
    }
  if ((channel = ptz_channel (call)) == NULL)
    return;
  if (g_str_equal (verb, "start") || g_str_equal (verb, "stop"))
    {
      if (!devsim_ptz_command (channel, verb[2] == 'a', param_str (call->params, "code"),
                               (int) param_int (call->params, "arg1", 0),
                               (int) param_int (call->params, "arg2", 0),
                               (int) param_int (call->params, "arg3", 0),
                               param_str (call->params, "name"), &error))
        fail_error (call, error);
    }
  else if (g_str_equal (verb, "setPreset"))
    {
      if (!devsim_ptz_command (channel, TRUE, "SetPreset", 0,
                               (int) param_int (call->params, "index", 0), 0,
                               param_str (call->params, "name"), &error))
        fail_error (call, error);
    }
  else if (g_str_equal (verb, "getPresets"))
    json_object_set_array_member (reply_params (call), "presets", devsim_ptz_presets (channel));
  else if (g_str_equal (verb, "getStatus"))
    json_object_set_object_member (reply_params (call), "status", devsim_ptz_status (channel));
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static void
access_control (Call       *call,
                const char *verb)
{
  DevsimDevice *device = call->host->device;
  guint32 object = (guint32) param_int (call->request, "object", 0);
  gint64 door = object >= OBJECT_DOOR ? object - OBJECT_DOOR
                                      : param_int (call->params, "DoorState", 1) - 1;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (verb, "factory.instance"))
    door = param_int (call->params, "channel", -1);
  if (device->kind != DEVSIM_KIND_DOOR || door < 0 || door >= device->door_count)
    {
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "Not a door of this device");
      return;
    }
  if (g_str_equal (verb, "factory.instance"))
    call->result = json_node_init_int (json_node_alloc (), OBJECT_DOOR + door);
  else if (g_str_equal (verb, "openDoor") || g_str_equal (verb, "closeDoor"))
    {
      if (!devsim_door_set (call->host, (int) door, verb[0] == 'o',
                            param_str (call->params, "UserID"), &error))
        fail_error (call, error);
    }
  else if (g_str_equal (verb, "getDoorStatus"))
    {
      JsonObject *info = json_object_new ();

      json_object_set_string_member (info, "status", device->door_open[door] ? "Open" : "Close");
      json_object_set_object_member (reply_params (call), "Info", info);
    }
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

/* alarm.getInState / alarm.getOutState: params.states, 0 or 1 per port. */
static void
alarm_service (Call       *call,
               const char *verb)
{
  DevsimDevice *device = call->host->device;
  gboolean outputs = g_str_equal (verb, "getOutState");
  JsonArray *states;

  if (!outputs && !g_str_equal (verb, "getInState"))
    {
      fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
      return;
    }
  states = json_array_new ();
  for (int i = 0; i < (outputs ? device->alarm_out_count : device->alarm_in_count); i++)
    json_array_add_int_element (states, devsim_alarm_is_active (device, outputs, i));
  json_object_set_array_member (reply_params (call), "states", states);
}

static void
user_manager (Call       *call,
              const char *verb)
{
  DevsimDevice *device = call->host->device;

  if (g_str_equal (verb, "getUserInfoAll"))
    {
      JsonArray *users = json_array_new ();

      for (guint i = 0; i < device->users->len; i++)
        {
          DevsimUser *user = g_ptr_array_index (device->users, i);
          JsonObject *o = json_object_new ();

          json_object_set_int_member (o, "Id", i + 1);
          json_object_set_string_member (o, "Name", user->name);
          json_object_set_string_member (o, "Group", i == 0 ? "admin" : "user");
          json_object_set_boolean_member (o, "Reserved", i == 0);
          json_array_add_object_element (users, o);
        }
      json_object_set_array_member (reply_params (call), "users", users);
    }
  else if (g_str_equal (verb, "addUser"))
    {
      JsonObject *user = devsim_json_get_object (call->params, "user");
      const char *name = user ? param_str (user, "Name") : NULL;
      const char *password = user ? param_str (user, "Password") : NULL;

      if (name == NULL || password == NULL || strlen (name) > 32 || strlen (password) > 32 ||
          devsim_device_find_user (device, name) != NULL || device->users->len >= 64)
        fail (call, DEVSIM_RPC_INVALID_REQUEST, "addUser needs a new user.Name and user.Password");
      else
        devsim_device_add_user (device, name, password);
    }
  else if (g_str_equal (verb, "deleteUser"))
    {
      DevsimUser *user = devsim_device_find_user (device, param_str (call->params, "name"));

      if (user == NULL || user == g_ptr_array_index (device->users, 0))
        fail (call, DEVSIM_RPC_INVALID_REQUEST, "No such user, or it is the reserved admin");
      else
        g_ptr_array_remove (device->users, user);
    }
  else if (g_str_equal (verb, "modifyPassword"))
    {
      DevsimUser *user = devsim_device_find_user (device, param_str (call->params, "name"));
      const char *old_password = param_str (call->params, "pwdOld");
      const char *password = param_str (call->params, "pwd");

      if (user == NULL || password == NULL || strlen (password) > 32 ||
          g_strcmp0 (old_password, user->password) != 0)
        fail (call, DEVSIM_RPC_BAD_PASSWORD, "User or old password not valid");
      else
        devsim_device_add_user (device, user->name, password);
    }
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static void
storage (Call       *call,
         const char *verb)
{
  DevsimDevice *device = call->host->device;
  JsonArray *info = json_array_new ();

  if (!g_str_equal (verb, "getDeviceAllInfo"))
    {
      json_array_unref (info);
      fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
      return;
    }
  if (device->hdd_capacity_bytes > 0)
    {
      JsonObject *disk = json_object_new ();
      JsonObject *detail = json_object_new ();
      JsonArray *details = json_array_new ();

      json_object_set_string_member (detail, "Path", "/dev/sda1");
      json_object_set_string_member (detail, "Type", "ReadWrite");
      json_object_set_int_member (detail, "TotalBytes", device->hdd_capacity_bytes);
      json_object_set_int_member (detail, "UsedBytes", device->hdd_capacity_bytes - device->hdd_free_bytes);
      json_object_set_boolean_member (detail, "IsError", FALSE);
      json_array_add_object_element (details, detail);
      json_object_set_string_member (disk, "Name", "/dev/sda");
      json_object_set_string_member (disk, "State", "Success");
      json_object_set_array_member (disk, "Detail", details);
      json_array_add_object_element (info, disk);
    }
  json_object_set_array_member (reply_params (call), "info", info);
}

static void
global (Call       *call,
        const char *verb)
{
  DevsimHost *host = call->host;

  if (g_str_equal (verb, "keepAlive"))
    json_object_set_int_member (reply_params (call), "timeout",
                                CLAMP (param_int (call->params, "timeout", host->keepalive_s),
                                       10, 600));
  else if (g_str_equal (verb, "logout"))
    {
      devsim_host_close_session (host, call->session->id);
      call->session = NULL;
    }
  else if (g_str_equal (verb, "getCurrentTime"))
    {
      g_autofree char *now = devsim_format_local_time (host->device, g_get_real_time () / G_USEC_PER_SEC);

      json_object_set_string_member (reply_params (call), "time", now);
    }
  else
    fail (call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
}

static JsonObject *dispatch (DevsimHost *host, DevsimSession *session, JsonObject *request, int depth);

static void
multicall (Call *call,
           int   depth)
{
  JsonNode *params = json_object_get_member (call->request, "params");
  JsonArray *replies = json_array_new ();
  JsonArray *a;

  if (params == NULL || !JSON_NODE_HOLDS_ARRAY (params) ||
      json_array_get_length (a = json_node_get_array (params)) > MAX_MULTICALL || depth > 0)
    {
      json_array_unref (replies);
      fail (call, DEVSIM_RPC_INVALID_REQUEST, "system.multicall takes an array of up to 32 calls");
      return;
    }
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *inner = json_array_get_element (a, i);

      if (JSON_NODE_HOLDS_OBJECT (inner))
        json_array_add_object_element (replies, dispatch (call->host, call->session,
                                                          json_node_get_object (inner), depth + 1));
    }
  /* The replies go in params, as an array. */
  call->reply_array = replies;
}

static JsonObject *
dispatch (DevsimHost    *host,
          DevsimSession *session,
          JsonObject    *request,
          int            depth)
{
  const char *method = param_str (request, "method");
  JsonNode *params = json_object_get_member (request, "params");
  Call call = { host, session, request, NULL, NULL, 0, NULL, NULL, NULL };
  g_autoptr(JsonObject) empty = json_object_new ();
  JsonObject *reply = json_object_new ();
  const char *dot;
  g_autofree char *service = NULL;

  call.params = params && JSON_NODE_HOLDS_OBJECT (params) ? json_node_get_object (params) : empty;
  if (call.session == NULL && json_object_has_member (request, "session"))
    call.session = devsim_host_lookup_session (host, (guint32) param_int (request, "session", 0));

  if (method == NULL || strlen (method) > 96 || (dot = strchr (method, '.')) == NULL)
    fail (&call, DEVSIM_RPC_INVALID_REQUEST, "Invalid request");
  else if (g_str_equal (method, "global.login"))
    global_login (&call);
  else if (g_str_equal (method, "Security.initDevAccount"))
    security_init (&call);
  else if (call.session == NULL || !call.session->logged_in)
    fail (&call, DEVSIM_RPC_INVALID_SESSION, "Invalid session");
  else
    {
      call.session->last_seen_us = g_get_monotonic_time ();
      service = g_strndup (method, dot - method);
      dot++;
      if (g_str_equal (service, "global"))
        global (&call, dot);
      else if (g_str_equal (service, "magicBox"))
        magic_box (&call, dot);
      else if (g_str_equal (service, "configManager"))
        config_manager (&call, dot);
      else if (g_str_equal (service, "eventManager"))
        event_manager (&call, dot);
      else if (g_str_equal (service, "mediaFileFind"))
        media_file_find (&call, dot);
      else if (g_str_equal (service, "ptz"))
        ptz (&call, dot);
      else if (g_str_equal (service, "accessControl"))
        access_control (&call, dot);
      else if (g_str_equal (service, "alarm"))
        alarm_service (&call, dot);
      else if (g_str_equal (service, "userManager"))
        user_manager (&call, dot);
      else if (g_str_equal (service, "storage"))
        storage (&call, dot);
      else if (g_str_equal (method, "system.multicall"))
        multicall (&call, depth);
      else
        fail (&call, DEVSIM_RPC_METHOD_NOT_FOUND, "Method not found");
    }

  json_object_set_int_member (reply, "id", param_int (request, "id", 0));
  if (call.error_code != 0)
    {
      JsonObject *error = json_object_new ();

      json_object_set_int_member (error, "code", call.error_code);
      json_object_set_string_member (error, "message", call.error_message);
      json_object_set_boolean_member (reply, "result", FALSE);
      json_object_set_object_member (reply, "error", error);
      g_clear_pointer (&call.result, json_node_unref);
    }
  else if (call.result != NULL)
    json_object_set_member (reply, "result", g_steal_pointer (&call.result));
  else
    json_object_set_boolean_member (reply, "result", TRUE);
  if (call.reply_params != NULL)
    json_object_set_object_member (reply, "params", g_steal_pointer (&call.reply_params));
  else if (call.reply_array != NULL)
    json_object_set_array_member (reply, "params", g_steal_pointer (&call.reply_array));
  if (call.session != NULL)
    json_object_set_int_member (reply, "session", call.session->id);
  else if (json_object_has_member (request, "session"))
    json_object_set_member (reply, "session", json_node_copy (json_object_get_member (request, "session")));
  g_free (call.error_message);
  return reply;
}

JsonObject *
devsim_rpc_dispatch (DevsimHost    *host,
                     DevsimSession *session,
                     JsonObject    *request)
{
  g_return_val_if_fail (host != NULL && request != NULL, NULL);

  return dispatch (host, session, request, 0);
}

char *
devsim_rpc_event_message (DevsimSession     *session,
                          const DevsimEvent *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *local = devsim_format_local_time (session->host->device, event->utc);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, session->attach_id);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, "client.notifyEventStream");
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "SID");
  json_builder_add_int_value (b, 513);
  json_builder_set_member_name (b, "eventList");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Action");
  json_builder_add_string_value (b, event->action);
  json_builder_set_member_name (b, "Code");
  json_builder_add_string_value (b, event->code);
  json_builder_set_member_name (b, "Index");
  json_builder_add_int_value (b, event->index);
  json_builder_set_member_name (b, "Data");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), event->data));
  json_builder_set_member_name (b, "LocaleTime");
  json_builder_add_string_value (b, local);
  json_builder_set_member_name (b, "Param");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "session");
  json_builder_add_int_value (b, session->id);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  if (event->shape == DEVSIM_EVENT_MALFORMED)
    text[strlen (text) / 2] = '\0';
  return g_steal_pointer (&text);
}
