/* warden-device-session.c: one logged-in connection to a camera, recorder or door controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connecting tries DVRIP on the port the user typed (37777), then JSON-RPC over
 * HTTP, then the CGI API, and stops at the first that answers. A refused password,
 * a lock-out, an uninitialised device and a changed certificate end the attempt at
 * once: nothing is retried with the same credentials. Reads go over JSON-RPC when
 * the device speaks it and over CGI otherwise; both give the same JSON shapes.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-device-session-private.h"
#include "warden-dvrip-transport.h"
#include "warden-json.h"
#include "warden-proto-error.h"
#include "warden-rpc2-transport.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_TIMEOUT_MS 10000

struct _WardenDeviceSession
{
  GObject parent_instance;

  char *host;
  guint port;
  guint http_port;
  gboolean tls;
  char *user;
  char *password;
  char *tls_pin;
  guint timeout_ms;

  WardenProtocol protocol;
  WardenHttpClient *http;
  WardenCgiTransport *cgi;
  WardenRpcTransport *rpc;
  gulong closed_id;
  guint keep_alive_id;
  GCancellable *cancellable;
  GPtrArray *connect_waiters;   /* GTask: callers of the connect in progress */

  guint rtsp_port;
  int utc_offset_s;
  int ptz_channel_base;
  int attempts_left;
  int lock_seconds;
};

G_DEFINE_FINAL_TYPE (WardenDeviceSession, warden_device_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PROTOCOL,
  N_PROPS
};

enum {
  DISCONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void try_rpc2 (GTask *task);

static gboolean
is_final_login_error (const GError *error)
{
  return g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS) ||
         g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED) ||
         g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED) ||
         g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TLS_MISMATCH) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
set_protocol (WardenDeviceSession *self,
              WardenProtocol       protocol)
{
  if (self->protocol == protocol)
    return;
  self->protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOL]);
}

static void
drop_rpc (WardenDeviceSession *self)
{
  g_clear_handle_id (&self->keep_alive_id, g_source_remove);
  if (self->rpc != NULL)
    {
      g_clear_signal_handler (&self->closed_id, self->rpc);
      warden_rpc_transport_close (self->rpc);
      g_clear_object (&self->rpc);
    }
}

/* The session ended on its own: the device went away or forgot the session. */
static void
lose (WardenDeviceSession *self,
      const GError        *error)
{
  g_object_ref (self);
  drop_rpc (self);
  set_protocol (self, WARDEN_PROTOCOL_NONE);
  g_signal_emit (self, signals[DISCONNECTED], 0, error);
  g_object_unref (self);
}

static void
rpc_closed_cb (WardenRpcTransport *rpc,
               const GError       *error,
               gpointer            user_data)
{
  lose (WARDEN_DEVICE_SESSION (user_data), error);
}

static void
keep_alive_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WardenDeviceSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);

  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      WARDEN_RPC_TRANSPORT (object) == self->rpc)
    lose (self, error);
}

static gboolean
keep_alive_timeout_cb (gpointer user_data)
{
  WardenDeviceSession *self = user_data;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "timeout");
  json_builder_add_int_value (builder, warden_rpc_transport_get_keep_alive_interval (self->rpc));
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  params = json_builder_get_root (builder);

  warden_rpc_transport_call_async (self->rpc, "global.keepAlive", params, 0, self->cancellable,
                                   keep_alive_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
adopt_rpc (WardenDeviceSession *self,
           WardenRpcTransport  *rpc,
           WardenProtocol       protocol)
{
  guint interval = warden_rpc_transport_get_keep_alive_interval (rpc);

  drop_rpc (self);
  self->rpc = g_object_ref (rpc);
  self->closed_id = g_signal_connect_object (rpc, "closed", G_CALLBACK (rpc_closed_cb), self, 0);
  /* Half the device's interval leaves room for a slow reply. */
  self->keep_alive_id = g_timeout_add_seconds (MAX (2u, interval / 2), keep_alive_timeout_cb, self);
  set_protocol (self, protocol);
}

static void
ensure_http (WardenDeviceSession *self)
{
  if (self->http != NULL)
    return;
  self->http = warden_http_client_new (self->host, self->http_port, self->tls,
                                       MAX (1u, self->timeout_ms / 1000));
  warden_http_client_set_credentials (self->http, self->user, self->password);
  warden_http_client_set_pin (self->http, self->tls_pin);
  self->cgi = warden_cgi_transport_new (self->http);
}

/* --- connect ----------------------------------------------------------------------- */

/* The attempt ended: every caller that waited for it gets its result. */
static void
connect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->connect_waiters);

  self->connect_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (ok)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static int
parse_offset (const char *device_time)
{
  int y, mo, d, h, mi, s;
  g_autoptr(GDateTime) device_as_utc = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan diff;
  gint64 quarter = 15 * 60;
  gint64 seconds;

  if (device_time == NULL ||
      sscanf (device_time, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6)
    return 0;
  device_as_utc = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (device_as_utc == NULL)
    return 0;
  diff = g_date_time_difference (device_as_utc, now);
  seconds = diff / G_USEC_PER_SEC;
  /* Time zones are whole quarters of an hour; the rest is clock drift. */
  seconds = (seconds >= 0 ? seconds + quarter / 2 : seconds - quarter / 2) / quarter * quarter;
  return (int) CLAMP (seconds, -14 * 3600, 14 * 3600);
}

static void
time_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, NULL);

  if (reply != NULL)
    {
      g_autofree char *time = warden_json_dup_string (reply->params, "time");

      self->utc_offset_s = parse_offset (time);
    }
  g_task_return_boolean (task, TRUE);
}

static void
rtsp_config_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) table = warden_device_session_read_finish (self, result, NULL);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64 port;

  if (table != NULL && JSON_NODE_HOLDS_OBJECT (table) &&
      warden_json_get_int (json_node_get_object (table), "Port", &port) && port > 0 && port <= 65535)
    self->rtsp_port = (guint) port;

  if (self->rpc == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  warden_rpc_transport_call_async (self->rpc, "global.getCurrentTime", NULL, 0,
                                   cancellable, time_cb, g_steal_pointer (&task));
}

/* Logged in: learn the RTSP port and the device's time zone (both optional). */
static void
after_login (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);

  warden_device_session_get_config_async (self, "RTSP", g_task_get_cancellable (task),
                                          rtsp_config_cb, task);
}

static void
cgi_probe_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenKvTable) table = warden_cgi_transport_get_table_finish (WARDEN_CGI_TRANSPORT (object),
                                                                          result, &error);

  if (table == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_protocol (self, WARDEN_PROTOCOL_CGI);
  after_login (g_steal_pointer (&task));
}

static void
try_cgi (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autofree char *query = warden_cgi_transport_build_query ("magicBox.cgi", "getDeviceType", NULL);

  warden_cgi_transport_get_async (self->cgi, query, g_task_get_cancellable (task), cgi_probe_cb, task);
}

static void
rpc2_login_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  WardenRpcTransport *rpc = WARDEN_RPC_TRANSPORT (object);
  g_autoptr(GError) error = NULL;

  if (!warden_rpc_transport_login_finish (rpc, result, &error))
    {
      warden_rpc_transport_get_login_limits (rpc, &self->attempts_left, &self->lock_seconds);
      if (is_final_login_error (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNREACHABLE) ||
          g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TIMEOUT))
        {
          const char *dvrip_failure = g_task_get_task_data (task);

          g_task_return_new_error (task, WARDEN_PROTO_ERROR, error->code,
                                   "No protocol of %s answered. DVRIP: %s. HTTP: %s. "
                                   "Check the address, the ports and that the device is on.",
                                   self->host, dvrip_failure, error->message);
          return;
        }
      g_debug ("%s: no JSON-RPC over HTTP (%s); trying CGI", self->host, error->message);
      try_cgi (g_steal_pointer (&task));
      return;
    }
  adopt_rpc (self, rpc, WARDEN_PROTOCOL_RPC2);
  after_login (g_steal_pointer (&task));
}

static void
try_rpc2 (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(WardenRpcTransport) rpc = warden_rpc2_transport_new (self->http, self->timeout_ms);

  warden_rpc_transport_login_async (rpc, self->user, self->password, g_task_get_cancellable (task),
                                    rpc2_login_cb, task);
}

static void
dvrip_login_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  WardenRpcTransport *rpc = WARDEN_RPC_TRANSPORT (object);
  g_autoptr(GError) error = NULL;

  if (!warden_rpc_transport_login_finish (rpc, result, &error))
    {
      warden_rpc_transport_get_login_limits (rpc, &self->attempts_left, &self->lock_seconds);
      if (is_final_login_error (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("%s: no DVRIP on port %u (%s); trying HTTP", self->host, self->port, error->message);
      g_task_set_task_data (task, g_strdup (error->message), g_free);
      try_rpc2 (g_steal_pointer (&task));
      return;
    }
  adopt_rpc (self, rpc, WARDEN_PROTOCOL_DVRIP);
  after_login (g_steal_pointer (&task));
}

/* --- reads ------------------------------------------------------------------------- */

typedef struct
{
  char *name;            /* CGI: the key prefix of what is read */
  const char *member;    /* JSON-RPC: the params member that holds it */
  guint step;
  JsonObject *info;
} Read;

static void
read_free (Read *read)
{
  g_free (read->name);
  g_clear_pointer (&read->info, json_object_unref);
  g_free (read);
}

static GTask *
new_read_task (WardenDeviceSession *self,
               const char          *name,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Read *read = g_new0 (Read, 1);

  g_task_set_source_tag (task, source_tag);
  read->name = g_strdup (name);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  return task;
}

static gboolean
check_connected (WardenDeviceSession *self,
                 GTask               *task)
{
  if (self->protocol != WARDEN_PROTOCOL_NONE)
    return TRUE;
  g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                           "Not logged in to %s; connect first", self->host);
  g_object_unref (task);
  return FALSE;
}

static JsonNode *
params_for_name (const char *key,
                 const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
return_member (GTask          *task,
               WardenRpcReply *reply,
               const char     *member)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  JsonNode *node = reply->params != NULL ? json_object_get_member (reply->params, member) : NULL;

  if (node == NULL)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                               "Device %s answered without params.%s", self->host, member);
      return;
    }
  g_task_return_pointer (task, json_node_copy (node), (GDestroyNotify) json_node_unref);
}

static void
member_rpc_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);

  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    return_member (task, reply, read->member);
}

static void
table_cgi_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenKvTable) table = warden_cgi_transport_get_table_finish (WARDEN_CGI_TRANSPORT (object),
                                                                          result, &error);
  g_autoptr(JsonNode) node = NULL;

  if (table == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  node = warden_kv_table_to_json (table, read->name, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
}

static const struct
{
  const char *verb;      /* magicBox.<verb> and magicBox.cgi?action=<verb> */
  const char *rpc_member;
  const char *cgi_key;
  const char *out;
  gboolean optional;
} info_steps[] = {
  { "getDeviceType", "type", "type", "model", FALSE },
  { "getSerialNo", "sn", "sn", "serial", FALSE },
  { "getSoftwareVersion", "version", "version", "version", TRUE },
  { "getMachineName", "name", "name", "name", TRUE },
  { "getDeviceClass", "type", "type", "class", TRUE },
};

static void info_next (GTask *task);

static void
info_store (GTask      *task,
            const char *value)
{
  Read *read = g_task_get_task_data (task);

  if (value != NULL)
    json_object_set_string_member (read->info, info_steps[read->step].out, value);
  read->step++;
  info_next (task);
}

static gboolean
info_failed (GTask  *task,
             GError *error)
{
  Read *read = g_task_get_task_data (task);

  if (info_steps[read->step].optional && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      info_store (task, NULL);
      return TRUE;
    }
  g_task_return_error (task, error);
  g_object_unref (task);
  return FALSE;
}

static void
info_rpc_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Read *read = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);
  g_autofree char *value = NULL;
  JsonObject *version;

  if (reply == NULL)
    {
      info_failed (task, error);
      return;
    }
  /* getSoftwareVersion gives {Version, BuildDate} where others give a string. */
  version = warden_json_get_object (reply->params, info_steps[read->step].rpc_member);
  value = version != NULL ? warden_json_dup_string (version, "Version")
                          : warden_json_dup_string (reply->params, info_steps[read->step].rpc_member);
  info_store (task, value);
}

static void
info_cgi_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Read *read = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(WardenKvTable) table = warden_cgi_transport_get_table_finish (WARDEN_CGI_TRANSPORT (object),
                                                                          result, &error);

  if (table == NULL)
    {
      info_failed (task, error);
      return;
    }
  info_store (task, warden_kv_table_lookup (table, info_steps[read->step].cgi_key));
}

static void
info_next (GTask *task)
{
  WardenDeviceSession *self = g_task_get_source_object (task);
  Read *read = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (read->step == G_N_ELEMENTS (info_steps))
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, read->info);
      g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
      g_object_unref (task);
      return;
    }

  if (self->rpc != NULL)
    {
      g_autofree char *method = g_strconcat ("magicBox.", info_steps[read->step].verb, NULL);

      warden_rpc_transport_call_async (self->rpc, method, NULL, 0, cancellable, info_rpc_cb, task);
    }
  else
    {
      g_autofree char *query = warden_cgi_transport_build_query ("magicBox.cgi",
                                                                 info_steps[read->step].verb, NULL);

      warden_cgi_transport_get_async (self->cgi, query, cancellable, info_cgi_cb, task);
    }
}

static void
set_config_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (WARDEN_IS_RPC_TRANSPORT (object))
    {
      g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                          result, &error);

      if (reply == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      g_autoptr(GBytes) body = warden_cgi_transport_get_finish (WARDEN_CGI_TRANSPORT (object), result,
                                                                &error);

      if (body == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  WardenRpcReply *reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object), result, &error);

  if (reply != NULL)
    {
      g_task_return_pointer (task, reply, (GDestroyNotify) warden_rpc_reply_free);
      return;
    }
  /* The device forgot the session (it restarted, or dropped it): the session is
   * over, and its users log in again. */
  if (g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_SESSION_EXPIRED) &&
      WARDEN_RPC_TRANSPORT (object) == self->rpc)
    lose (self, error);
  g_task_return_error (task, error);
}

static void
disconnect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);

  if (reply == NULL)
    g_debug ("%s: logout failed: %s", self->host, error->message);
  if (WARDEN_RPC_TRANSPORT (object) == self->rpc)
    {
      drop_rpc (self);
      set_protocol (self, WARDEN_PROTOCOL_NONE);
    }
  g_task_return_boolean (task, TRUE);
}

/* --- GObject ----------------------------------------------------------------------- */

static void
warden_device_session_dispose (GObject *object)
{
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  drop_rpc (self);

  G_OBJECT_CLASS (warden_device_session_parent_class)->dispose (object);
}

static void
warden_device_session_finalize (GObject *object)
{
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);

  g_free (self->host);
  g_free (self->user);
  g_free (self->password);
  g_free (self->tls_pin);
  g_clear_object (&self->cgi);
  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->connect_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (warden_device_session_parent_class)->finalize (object);
}

static void
warden_device_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PROTOCOL:
      g_value_set_int (value, self->protocol);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_device_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  WardenDeviceSession *self = WARDEN_DEVICE_SESSION (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_device_session_class_init (WardenDeviceSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_device_session_dispose;
  object_class->finalize = warden_device_session_finalize;
  object_class->get_property = warden_device_session_get_property;
  object_class->set_property = warden_device_session_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A WardenProtocol; WARDEN_PROTOCOL_NONE when not logged in. */
  properties[PROP_PROTOCOL] =
    g_param_spec_int ("protocol", NULL, NULL, WARDEN_PROTOCOL_NONE, WARDEN_PROTOCOL_CGI,
                      WARDEN_PROTOCOL_NONE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WardenDeviceSession::disconnected:
   * @error: why the session ended
   *
   * The device dropped the session, stopped answering keep-alives or forgot the
   * session. Connect again (with back-off) to continue.
   */
  signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
warden_device_session_init (WardenDeviceSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->connect_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->port = WARDEN_DEFAULT_DVRIP_PORT;
  self->http_port = WARDEN_DEFAULT_HTTP_PORT;
  self->rtsp_port = WARDEN_DEFAULT_RTSP_PORT;
  self->ptz_channel_base = 1;
  self->attempts_left = -1;
  self->lock_seconds = -1;
}

/* --- private API ------------------------------------------------------------------- */

/* Calls @method over JSON-RPC when the session has it, else GETs @cgi_query. The
 * callback finishes with _warden_device_session_rpc_or_cgi_finish(). */
void
_warden_device_session_rpc_or_cgi_async (WardenDeviceSession *self,
                                         const char          *method,
                                         JsonNode            *params,
                                         gint64               object,
                                         const char          *cgi_query,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  if (self->rpc != NULL)
    warden_rpc_transport_call_async (self->rpc, method, params, object, cancellable, callback,
                                     user_data);
  else
    warden_cgi_transport_get_async (self->cgi, cgi_query, cancellable, callback, user_data);
}

/* Returns the reply (JSON-RPC) or the table (CGI); the other is NULL. */
gboolean
_warden_device_session_rpc_or_cgi_finish (GAsyncResult    *result,
                                          GObject         *source,
                                          WardenRpcReply **reply,
                                          WardenKvTable  **table,
                                          GError         **error)
{
  *reply = NULL;
  *table = NULL;
  if (WARDEN_IS_RPC_TRANSPORT (source))
    *reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (source), result, error);
  else
    *table = warden_cgi_transport_get_table_finish (WARDEN_CGI_TRANSPORT (source), result, error);
  return *reply != NULL || *table != NULL;
}

int
_warden_device_session_get_ptz_channel_base (WardenDeviceSession *self)
{
  return self->ptz_channel_base;
}

/* --- public API -------------------------------------------------------------------- */

/**
 * warden_device_session_new:
 * @host: the device's address
 * @port: its DVRIP port; 0 for 37777
 *
 * The HTTP side uses port 80 unless warden_device_session_set_http_port() says
 * otherwise. The session does nothing until warden_device_session_connect_async().
 */
WardenDeviceSession *
warden_device_session_new (const char *host,
                           guint       port,
                           const char *user,
                           const char *password)
{
  WardenDeviceSession *self;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port <= 65535, NULL);
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_SESSION, "host", host, NULL);
  if (port != 0)
    self->port = port;
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  return self;
}

const char *
warden_device_session_get_host (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  return self->host;
}

/**
 * warden_device_session_set_http_port:
 * @tls: use HTTPS (with the certificate pinned on first use)
 *
 * Takes effect before the first connect.
 */
void
warden_device_session_set_http_port (WardenDeviceSession *self,
                                     guint                port,
                                     gboolean             tls)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (port > 0 && port <= 65535);
  g_return_if_fail (self->http == NULL);

  self->http_port = port;
  self->tls = tls;
}

/**
 * warden_device_session_set_tls_pin:
 * @sha256: (nullable): the fingerprint stored after the first connection
 */
void
warden_device_session_set_tls_pin (WardenDeviceSession *self,
                                   const char          *sha256)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  g_free (self->tls_pin);
  self->tls_pin = g_strdup (sha256);
  if (self->http != NULL)
    warden_http_client_set_pin (self->http, sha256);
}

/**
 * warden_device_session_get_tls_fingerprint:
 *
 * Returns: (nullable): the SHA-256 of the certificate the device presented; store it
 *   and pass it to warden_device_session_set_tls_pin() next time
 */
const char *
warden_device_session_get_tls_fingerprint (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  return self->http != NULL ? warden_http_client_get_fingerprint (self->http) : NULL;
}

/**
 * warden_device_session_set_timeout:
 *
 * How long connecting and each request may take (default 10 s).
 */
void
warden_device_session_set_timeout (WardenDeviceSession *self,
                                   guint                timeout_ms)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (timeout_ms >= 100);

  self->timeout_ms = timeout_ms;
}

WardenProtocol
warden_device_session_get_protocol (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), WARDEN_PROTOCOL_NONE);
  return self->protocol;
}

const char *
warden_device_session_get_protocol_name (WardenDeviceSession *self)
{
  static const char * const names[] = { "none", "dvrip", "rpc2", "cgi" };

  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  return names[self->protocol];
}

/**
 * warden_device_session_get_cgi:
 *
 * Returns: (transfer none) (nullable): the CGI side, once connect was called
 */
WardenCgiTransport *
warden_device_session_get_cgi (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  return self->cgi;
}

/**
 * warden_device_session_get_rpc:
 *
 * Returns: (transfer none) (nullable): the JSON-RPC transport when logged in over one
 */
WardenRpcTransport *
warden_device_session_get_rpc (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  return self->rpc;
}

void
warden_device_session_connect_async (WardenDeviceSession *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(WardenRpcTransport) dvrip = NULL;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_connect_async);

  if (self->protocol != WARDEN_PROTOCOL_NONE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Callers that ask while a connect runs (a supervisor and an event stream) share
   * it: one login attempt, never two with the same password. */
  g_ptr_array_add (self->connect_waiters, g_steal_pointer (&task));
  if (self->connect_waiters->len > 1)
    return;

  self->attempts_left = -1;
  self->lock_seconds = -1;

  ensure_http (self);
  dvrip = warden_dvrip_transport_new (self->host, self->port, self->timeout_ms);
  warden_rpc_transport_login_async (dvrip, self->user, self->password, self->cancellable,
                                    dvrip_login_cb, g_task_new (self, self->cancellable,
                                                                connect_done_cb, NULL));
}

/**
 * warden_device_session_connect_finish:
 *
 * Returns: %TRUE when logged in. Never retry a %WARDEN_PROTO_ERROR_WRONG_CREDENTIALS
 *   or %WARDEN_PROTO_ERROR_LOCKED failure without asking the user.
 */
gboolean
warden_device_session_connect_finish (WardenDeviceSession  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * warden_device_session_disconnect_async:
 *
 * Logs out (global.logout) and closes the connection.
 */
void
warden_device_session_disconnect_async (WardenDeviceSession *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_disconnect_async);

  if (self->rpc == NULL)
    {
      set_protocol (self, WARDEN_PROTOCOL_NONE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_clear_handle_id (&self->keep_alive_id, g_source_remove);
  warden_rpc_transport_call_async (self->rpc, "global.logout", NULL, 0, cancellable,
                                   disconnect_cb, g_steal_pointer (&task));
}

gboolean
warden_device_session_disconnect_finish (WardenDeviceSession  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * warden_device_session_call_async:
 * @params: (nullable): the request's params
 * @object: an object id from a factory call, or 0
 *
 * Any JSON-RPC method; fails with %WARDEN_PROTO_ERROR_UNSUPPORTED on a CGI-only
 * device.
 */
void
warden_device_session_call_async (WardenDeviceSession *self,
                                  const char          *method,
                                  JsonNode            *params,
                                  gint64               object,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_call_async);
  if (!check_connected (self, task))
    return;
  if (self->rpc == NULL)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
                               "Device %s offers no JSON-RPC; %s is not available", self->host, method);
      g_object_unref (task);
      return;
    }
  warden_rpc_transport_call_async (self->rpc, method, params, object, cancellable, call_cb, task);
}

/**
 * warden_device_session_call_finish:
 *
 * Returns: (transfer full): the reply
 */
WardenRpcReply *
warden_device_session_call_finish (WardenDeviceSession  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * warden_device_session_get_info_async:
 *
 * Reads the model, serial, version, name and class. Finish with
 * warden_device_session_read_finish(): a JSON object with those members.
 */
void
warden_device_session_get_info_async (WardenDeviceSession *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Read *read;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = new_read_task (self, NULL, cancellable, callback, user_data,
                        warden_device_session_get_info_async);
  if (!check_connected (self, task))
    return;
  read = g_task_get_task_data (task);
  read->info = json_object_new ();
  info_next (task);
}

/**
 * warden_device_session_get_config_async:
 * @name: a configManager name: General, ChannelTitle, Encode, Network, RTSP, ...
 *
 * Finish with warden_device_session_read_finish(): the table, an object or an
 * array with one entry per channel, the same over JSON-RPC and CGI.
 */
void
warden_device_session_get_config_async (WardenDeviceSession *self,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *prefix = NULL;
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (name != NULL);

  prefix = g_strconcat ("table.", name, NULL);
  task = new_read_task (self, prefix, cancellable, callback, user_data,
                        warden_device_session_get_config_async);
  if (!check_connected (self, task))
    return;

  if (self->rpc != NULL)
    {
      g_autoptr(JsonNode) params = params_for_name ("name", name);

      ((Read *) g_task_get_task_data (task))->member = "table";
      warden_rpc_transport_call_async (self->rpc, "configManager.getConfig", params, 0, cancellable,
                                       member_rpc_cb, task);
    }
  else
    {
      g_autofree char *query = warden_cgi_transport_build_query ("configManager.cgi", "getConfig",
                                                                 "name", name, NULL);

      warden_cgi_transport_get_async (self->cgi, query, cancellable, table_cgi_cb, task);
    }
}

/**
 * warden_device_session_get_storage_async:
 *
 * Reads the disks (storage.getDeviceAllInfo). Finish with
 * warden_device_session_read_finish(): an array of disks with their partitions.
 */
void
warden_device_session_get_storage_async (WardenDeviceSession *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  task = new_read_task (self, "list.info", cancellable, callback, user_data,
                        warden_device_session_get_storage_async);
  if (!check_connected (self, task))
    return;

  if (self->rpc != NULL)
    {
      ((Read *) g_task_get_task_data (task))->member = "info";
      warden_rpc_transport_call_async (self->rpc, "storage.getDeviceAllInfo", NULL, 0, cancellable,
                                       member_rpc_cb, task);
    }
  else
    {
      g_autofree char *query = warden_cgi_transport_build_query ("storageDevice.cgi",
                                                                 "getDeviceAllInfo", NULL);

      warden_cgi_transport_get_async (self->cgi, query, cancellable, table_cgi_cb, task);
    }
}

/**
 * warden_device_session_read_finish:
 *
 * Returns: (transfer full): the JSON read
 */
JsonNode *
warden_device_session_read_finish (WardenDeviceSession  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * warden_device_session_set_config_async:
 * @table: the whole table as read (a write replaces the addressed sub-table, so
 *   never send back a partially parsed one)
 */
void
warden_device_session_set_config_async (WardenDeviceSession *self,
                                        const char          *name,
                                        JsonNode            *table,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (name != NULL && table != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_session_set_config_async);
  if (!check_connected (self, task))
    return;

  if (self->rpc != NULL)
    {
      g_autoptr(JsonNode) params = params_for_name ("name", name);

      json_object_set_member (json_node_get_object (params), "table", json_node_copy (table));
      warden_rpc_transport_call_async (self->rpc, "configManager.setConfig", params, 0, cancellable,
                                       set_config_cb, task);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WardenKvTable) flat = warden_kv_table_new_from_json (table, name, &error);
      g_autofree char *base = NULL;
      g_autoptr(GString) query = NULL;

      if (flat == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      base = warden_cgi_transport_build_query ("configManager.cgi", "setConfig", NULL);
      query = g_string_new (base);
      for (guint i = 0; i < warden_kv_table_get_n_items (flat); i++)
        {
          g_string_append_c (query, '&');
          g_string_append_uri_escaped (query, warden_kv_table_get_key (flat, i), "[].", FALSE);
          g_string_append_c (query, '=');
          g_string_append_uri_escaped (query, warden_kv_table_get_value (flat, i), NULL, FALSE);
        }
      warden_cgi_transport_get_async (self->cgi, query->str, cancellable, set_config_cb, task);
    }
}

gboolean
warden_device_session_set_config_finish (WardenDeviceSession  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * warden_device_session_get_login_limits:
 * @attempts_left: (out): logins left before the device locks the account, or -1
 * @lock_seconds: (out): how long the lock-out lasts, or -1
 *
 * After a connect failed with %WARDEN_PROTO_ERROR_WRONG_CREDENTIALS or
 * %WARDEN_PROTO_ERROR_LOCKED: what the device said (-1 where it said nothing).
 */
void
warden_device_session_get_login_limits (WardenDeviceSession *self,
                                        int                 *attempts_left,
                                        int                 *lock_seconds)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));

  *attempts_left = self->attempts_left;
  *lock_seconds = self->lock_seconds;
}

/**
 * warden_device_session_set_ptz_channel_base:
 * @base: 0 or 1
 *
 * The first `channel=` value of ptz.cgi: single cameras often count from 0,
 * recorders from 1 (the default). JSON-RPC always counts from 0.
 */
void
warden_device_session_set_ptz_channel_base (WardenDeviceSession *self,
                                            int                  base)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (self));
  g_return_if_fail (base == 0 || base == 1);

  self->ptz_channel_base = base;
}

/**
 * warden_device_session_get_rtsp_port:
 *
 * Returns: the RTSP port from the device's RTSP config, or 554 until it is known
 */
guint
warden_device_session_get_rtsp_port (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), WARDEN_DEFAULT_RTSP_PORT);
  return self->rtsp_port;
}

/**
 * warden_device_session_get_utc_offset:
 *
 * Returns: the device's local time minus UTC, in seconds, as learnt at login
 *   (0 when the device did not say)
 */
int
warden_device_session_get_utc_offset (WardenDeviceSession *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), 0);
  return self->utc_offset_s;
}

static char *
rtsp_base (WardenDeviceSession *self)
{
  gboolean ipv6 = strchr (self->host, ':') != NULL;

  return g_strdup_printf ("rtsp://%s%s%s:%u", ipv6 ? "[" : "", self->host, ipv6 ? "]" : "",
                          self->rtsp_port);
}

/**
 * warden_device_session_get_live_url:
 * @channel: 1-based
 * @subtype: 0 main, 1 sub, 2 third stream
 *
 * The URL carries no credentials: give them to the RTSP client separately.
 *
 * Returns: (transfer full): `rtsp://host:port/cam/realmonitor?channel=N&subtype=S`
 */
char *
warden_device_session_get_live_url (WardenDeviceSession *self,
                                    int                  channel,
                                    int                  subtype)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  g_return_val_if_fail (channel >= 1 && subtype >= 0 && subtype <= 2, NULL);

  base = rtsp_base (self);
  return g_strdup_printf ("%s/cam/realmonitor?channel=%d&subtype=%d", base, channel, subtype);
}

/**
 * warden_device_session_get_playback_url:
 * @channel: 1-based
 * @from: start, in any time zone
 * @to: end
 *
 * Playback times are the device's local time; they are converted with the offset
 * learnt at login. The query keeps the order channel, subtype, starttime, endtime.
 *
 * Returns: (transfer full): the `cam/playback` URL
 */
char *
warden_device_session_get_playback_url (WardenDeviceSession *self,
                                        int                  channel,
                                        GDateTime           *from,
                                        GDateTime           *to)
{
  g_autofree char *base = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local_from = NULL;
  g_autoptr(GDateTime) local_to = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (self), NULL);
  g_return_val_if_fail (channel >= 1 && from != NULL && to != NULL, NULL);

  zone = g_time_zone_new_offset (self->utc_offset_s);
  local_from = g_date_time_to_timezone (from, zone);
  local_to = g_date_time_to_timezone (to, zone);
  start = g_date_time_format (local_from, "%Y_%m_%d_%H_%M_%S");
  end = g_date_time_format (local_to, "%Y_%m_%d_%H_%M_%S");
  base = rtsp_base (self);
  return g_strdup_printf ("%s/cam/playback?channel=%d&subtype=0&starttime=%s&endtime=%s",
                          base, channel, start, end);
}
