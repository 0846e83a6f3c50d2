/* warden-dvrip-transport.c: JSON-RPC over DVRIP on TCP 37777 (PROTOCOL.md §3.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Login is the realm request (A0 01), then A0 05 with the Default and DVRIP hashes;
 * the B0 reply carries the result and the session. After that every request and
 * reply is an F6 packet holding JSON, and notifications arrive the same way.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-dvrip-transport.h"
#include "warden-packet.h"
#include "warden-proto-error.h"
#include "warden-rpc-transport-private.h"

#include <string.h>

/* A DVRIP login gives no keep-alive interval; devices drop idle sessions after a minute. */
#define DVRIP_KEEP_ALIVE_S 60
#define READ_SIZE 16384

typedef enum
{
  LOGIN_NONE,
  LOGIN_CONNECTING,
  LOGIN_WAIT_REALM,
  LOGIN_WAIT_RESULT,
  LOGIN_DONE,
} LoginState;

struct _WardenDvripTransport
{
  WardenRpcTransport parent_instance;

  guint port;
  guint timeout_ms;
  GCancellable *cancellable;
  GSocketConnection *connection;
  WardenFrameReader *reader;
  GQueue writes;           /* GBytes */
  gboolean writing;

  LoginState login_state;
  GTask *login_task;
  guint login_timeout_id;
  char *user;
  char *password;
};

G_DEFINE_FINAL_TYPE (WardenDvripTransport, warden_dvrip_transport, WARDEN_TYPE_RPC_TRANSPORT)

static void start_read (WardenDvripTransport *self);
static void flush_writes (WardenDvripTransport *self);

static const char *
host_of (WardenDvripTransport *self)
{
  return warden_rpc_transport_get_host (WARDEN_RPC_TRANSPORT (self));
}

static void
login_complete (WardenDvripTransport *self,
                GError               *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->login_task);

  g_clear_handle_id (&self->login_timeout_id, g_source_remove);
  g_clear_pointer (&self->password, g_free);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    {
      self->login_state = LOGIN_NONE;
      g_task_return_error (task, error);
    }
  else
    {
      self->login_state = LOGIN_DONE;
      g_task_return_boolean (task, TRUE);
    }
}

/* The connection is gone: fail a login in progress, or every outstanding call. */
static void
connection_lost (WardenDvripTransport *self,
                 GError               *error)
{
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  if (self->login_state != LOGIN_DONE)
    {
      GError *login_error = g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNREACHABLE,
                                         "Device %s closed the DVRIP connection during login: %s",
                                         host_of (self), error->message);
      login_complete (self, login_error);
    }
  _warden_rpc_transport_closed (WARDEN_RPC_TRANSPORT (self), error);
  g_error_free (error);
}

static void
handle_login_packet (WardenDvripTransport *self,
                     WardenPacket         *packet)
{
  GError *error = NULL;

  if (self->login_state == LOGIN_WAIT_REALM)
    {
      g_autofree char *realm = NULL;
      g_autofree char *random = NULL;

      if (!warden_dvrip_parse_challenge (packet, &realm, &random, &error))
        {
          login_complete (self, error);
          return;
        }
      g_queue_push_tail (&self->writes,
                         warden_dvrip_build_login (self->user, self->password, realm, random));
      self->login_state = LOGIN_WAIT_RESULT;
      flush_writes (self);
    }
  else if (self->login_state == LOGIN_WAIT_RESULT)
    {
      WardenDvripLoginReply reply;
      g_autofree char *session = NULL;

      if (!warden_dvrip_parse_login_reply (packet, &reply, &error))
        {
          login_complete (self, error);
          return;
        }
      if (!warden_dvrip_login_reply_check (&reply, host_of (self), &error))
        {
          _warden_rpc_transport_set_login_limits (WARDEN_RPC_TRANSPORT (self), reply.attempts_left,
                                                  reply.lock_seconds);
          login_complete (self, error);
          return;
        }
      session = g_strdup_printf ("%u", reply.session_id);
      _warden_rpc_transport_set_session (WARDEN_RPC_TRANSPORT (self), session);
      _warden_rpc_transport_set_keep_alive_interval (WARDEN_RPC_TRANSPORT (self), DVRIP_KEEP_ALIVE_S);
      login_complete (self, NULL);
    }
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WardenDvripTransport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  WardenPacket *packet;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        connection_lost (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                                            "Lost the connection to %s: %s", host_of (self),
                                            error->message));
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      connection_lost (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                                          "Device %s closed the connection", host_of (self)));
      return;
    }

  if (!warden_frame_reader_feed (self->reader, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), &error))
    {
      connection_lost (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                          "Device %s sent malformed data: %s", host_of (self),
                                          error->message));
      return;
    }

  /* Handling a packet may complete a task whose callback drops this transport's
   * last outside reference; the g_autoptr above keeps it alive until we return. */
  while ((packet = warden_frame_reader_pop (self->reader)) != NULL)
    {
      if (packet->command == WARDEN_DVRIP_CMD_LOGIN_REPLY)
        handle_login_packet (self, packet);
      else if (packet->command == WARDEN_DVRIP_CMD_JSON)
        _warden_rpc_transport_receive (WARDEN_RPC_TRANSPORT (self),
                                       g_bytes_get_data (packet->body, NULL),
                                       g_bytes_get_size (packet->body));
      else
        g_debug ("Ignoring DVRIP command 0x%02X from %s", packet->command, host_of (self));
      warden_packet_free (packet);
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
    }

  start_read (self);
}

static void
start_read (WardenDvripTransport *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_bytes_async (input, READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_object_ref (self));
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WardenDvripTransport) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        connection_lost (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                                            "Cannot send to %s: %s", host_of (self),
                                            error->message));
      return;
    }
  g_bytes_unref (g_queue_pop_head (&self->writes));
  flush_writes (self);
}

static void
flush_writes (WardenDvripTransport *self)
{
  GBytes *bytes;

  if (self->writing || self->connection == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  bytes = g_queue_peek_head (&self->writes);
  if (bytes == NULL)
    return;
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable, write_cb,
                                   g_object_ref (self));
}

static gboolean
login_timeout_cb (gpointer user_data)
{
  WardenDvripTransport *self = user_data;

  self->login_timeout_id = 0;
  g_cancellable_cancel (self->cancellable);
  login_complete (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TIMEOUT,
                                     "Device %s did not complete the DVRIP login on port %u within %u s",
                                     host_of (self), self->port, self->timeout_ms / 1000));
  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WardenDvripTransport) self = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object),
                                                                          result, &error);

  if (connection == NULL)
    {
      int code = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                   ? WARDEN_PROTO_ERROR_TIMEOUT : WARDEN_PROTO_ERROR_UNREACHABLE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      login_complete (self, g_error_new (WARDEN_PROTO_ERROR, code,
                                         "Cannot reach %s on port %u: %s", host_of (self),
                                         self->port, error->message));
      return;
    }

  self->connection = connection;
  /* The client's timeout bounds the connect; an idle session must not time out. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  self->login_state = LOGIN_WAIT_REALM;
  g_queue_push_tail (&self->writes, warden_dvrip_build_realm_request ());
  flush_writes (self);
  start_read (self);
}

static void
warden_dvrip_transport_login_async (WardenRpcTransport  *transport,
                                    const char          *user,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  WardenDvripTransport *self = WARDEN_DVRIP_TRANSPORT (transport);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, warden_dvrip_transport_login_async);

  if (self->login_state != LOGIN_NONE || self->connection != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A DVRIP transport logs in once; make a new one");
      return;
    }

  self->login_task = g_steal_pointer (&task);
  self->login_state = LOGIN_CONNECTING;
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->login_timeout_id = g_timeout_add (self->timeout_ms, login_timeout_cb, self);

  g_socket_client_set_timeout (client, MAX (1u, self->timeout_ms / 1000));
  g_socket_client_connect_to_host_async (client, host_of (self), (guint16) self->port,
                                         self->cancellable, connect_cb, g_object_ref (self));
}

static gboolean
warden_dvrip_transport_login_finish (WardenRpcTransport  *transport,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
warden_dvrip_transport_send (WardenRpcTransport *transport,
                             gint64              id,
                             const char         *method,
                             const char         *json)
{
  WardenDvripTransport *self = WARDEN_DVRIP_TRANSPORT (transport);
  const char *session = warden_rpc_transport_get_session (transport);
  guint64 session_id = 0;
  g_autofree char *body = g_strconcat (json, "\n", NULL);

  if (session != NULL)
    g_ascii_string_to_unsigned (session, 10, 0, G_MAXUINT32, &session_id, NULL);
  g_queue_push_tail (&self->writes,
                     warden_dvrip_build_json ((guint32) session_id, (guint32) id, body, strlen (body)));
  flush_writes (self);
}

static void
warden_dvrip_transport_close (WardenRpcTransport *transport)
{
  WardenDvripTransport *self = WARDEN_DVRIP_TRANSPORT (transport);

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
}

static void
warden_dvrip_transport_dispose (GObject *object)
{
  WardenDvripTransport *self = WARDEN_DVRIP_TRANSPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->login_timeout_id, g_source_remove);
  if (self->login_task != NULL)
    login_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Login abandoned"));
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (warden_dvrip_transport_parent_class)->dispose (object);
}

static void
warden_dvrip_transport_finalize (GObject *object)
{
  WardenDvripTransport *self = WARDEN_DVRIP_TRANSPORT (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reader, warden_frame_reader_free);
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  g_free (self->user);
  g_free (self->password);

  G_OBJECT_CLASS (warden_dvrip_transport_parent_class)->finalize (object);
}

static void
warden_dvrip_transport_class_init (WardenDvripTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WardenRpcTransportClass *transport_class = WARDEN_RPC_TRANSPORT_CLASS (klass);

  object_class->dispose = warden_dvrip_transport_dispose;
  object_class->finalize = warden_dvrip_transport_finalize;

  transport_class->send = warden_dvrip_transport_send;
  transport_class->login_async = warden_dvrip_transport_login_async;
  transport_class->login_finish = warden_dvrip_transport_login_finish;
  transport_class->close = warden_dvrip_transport_close;
}

static void
warden_dvrip_transport_init (WardenDvripTransport *self)
{
  self->cancellable = g_cancellable_new ();
  self->reader = warden_frame_reader_new (WARDEN_FRAMING_DVRIP, WARDEN_PACKET_MAX_BODY);
  g_queue_init (&self->writes);
}

/**
 * warden_dvrip_transport_new:
 * @host: the device's address
 * @port: its DVRIP port, usually 37777
 * @timeout_ms: how long the connect, the login and each request may take
 */
WardenRpcTransport *
warden_dvrip_transport_new (const char *host,
                            guint       port,
                            guint       timeout_ms)
{
  WardenDvripTransport *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);

  self = g_object_new (WARDEN_TYPE_DVRIP_TRANSPORT,
                       "host", host,
                       "request-timeout", timeout_ms,
                       NULL);
  self->port = port;
  self->timeout_ms = timeout_ms;
  return WARDEN_RPC_TRANSPORT (self);
}
