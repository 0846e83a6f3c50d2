/* warden-rpc2-transport.c: JSON-RPC over HTTP (PROTOCOL.md §3.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Login is two POSTs of global.login to /RPC2_Login: the first, with an empty
 * password, returns the realm, random and encryption; the second sends the hash.
 * Every later call is a POST to /RPC2 with the session.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-rpc2-transport.h"
#include "warden-json.h"
#include "warden-login-hash.h"
#include "warden-proto-error.h"
#include "warden-rpc-transport-private.h"

#include <string.h>

#define CLIENT_TYPE "Web3.0"
#define DEFAULT_KEEP_ALIVE_S 60

struct _WardenRpc2Transport
{
  WardenRpcTransport parent_instance;

  WardenHttpClient *http;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (WardenRpc2Transport, warden_rpc2_transport, WARDEN_TYPE_RPC_TRANSPORT)

typedef struct
{
  char *user;
  char *password;
} Login;

static void
login_free (Login *login)
{
  g_free (login->user);
  g_free (login->password);
  g_free (login);
}

typedef struct
{
  WardenRpc2Transport *self;
  gint64 id;
} Post;

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Post *post = user_data;
  g_autoptr(WardenRpc2Transport) self = post->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = warden_http_client_request_finish (WARDEN_HTTP_CLIENT (object), result,
                                                              NULL, &error);
  gint64 id = post->id;

  g_free (post);
  if (body != NULL)
    {
      _warden_rpc_transport_receive (WARDEN_RPC_TRANSPORT (self), g_bytes_get_data (body, NULL),
                                     g_bytes_get_size (body));
      /* A reply without our id (or not JSON) would leave the request waiting. */
      error = g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                           "Device %s did not answer the RPC request",
                           warden_http_client_get_host (self->http));
    }
  /* A no-op when the reply above completed the request. */
  _warden_rpc_transport_fail_request (WARDEN_RPC_TRANSPORT (self), id, error);
}

static void
warden_rpc2_transport_send (WardenRpcTransport *transport,
                            gint64              id,
                            const char         *method,
                            const char         *json)
{
  WardenRpc2Transport *self = WARDEN_RPC2_TRANSPORT (transport);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  Post *post = g_new0 (Post, 1);

  post->self = g_object_ref (self);
  post->id = id;
  warden_http_client_request_async (self->http, "POST",
                                    strcmp (method, "global.login") == 0 ? "/RPC2_Login" : "/RPC2",
                                    "application/json", body, WARDEN_JSON_MAX_SIZE,
                                    self->cancellable, post_cb, post);
}

static JsonNode *
login_params (const char *user,
              const char *password,
              const char *encryption)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "userName");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "clientType");
  json_builder_add_string_value (builder, CLIENT_TYPE);
  json_builder_set_member_name (builder, "loginType");
  json_builder_add_string_value (builder, "Direct");
  if (encryption != NULL)
    {
      json_builder_set_member_name (builder, "authorityType");
      json_builder_add_string_value (builder, encryption);
      json_builder_set_member_name (builder, "passwordType");
      json_builder_add_string_value (builder, encryption);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
second_login_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenRpcTransport *transport = WARDEN_RPC_TRANSPORT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_raw_finish (transport, result, &error);
  gint64 interval = DEFAULT_KEEP_ALIVE_S;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!warden_rpc_reply_check (reply, warden_rpc_transport_get_host (transport), &error))
    {
      _warden_rpc_transport_set_login_limits (transport, reply->attempts_left, reply->lock_seconds);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The session of the success reply wins where a device changes it. */
  if (reply->session != NULL)
    _warden_rpc_transport_set_session (transport, reply->session);
  if (!warden_json_get_int (reply->params, "keepAliveInterval", &interval) ||
      interval < 5 || interval > 3600)
    interval = DEFAULT_KEEP_ALIVE_S;
  _warden_rpc_transport_set_keep_alive_interval (transport, (guint) interval);
  g_task_return_boolean (task, TRUE);
}

static void
first_login_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenRpcTransport *transport = WARDEN_RPC_TRANSPORT (object);
  Login *login = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_raw_finish (transport, result, &error);
  g_autofree char *realm = NULL;
  g_autofree char *random = NULL;
  g_autofree char *encryption = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(JsonNode) params = NULL;
  GCancellable *cancellable;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply->has_error && reply->error_code != WARDEN_RPC_CODE_LOGIN_CHALLENGE &&
      reply->error_code != 401)
    {
      _warden_rpc_transport_set_login_limits (transport, reply->attempts_left, reply->lock_seconds);
      warden_rpc_reply_check (reply, warden_rpc_transport_get_host (transport), &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  realm = warden_json_dup_string (reply->params, "realm");
  random = warden_json_dup_string (reply->params, "random");
  encryption = warden_json_dup_string (reply->params, "encryption");
  hash = warden_login_hash (encryption, login->user, login->password, realm, random, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  _warden_rpc_transport_set_session (transport, reply->session);
  params = login_params (login->user, hash, encryption != NULL ? encryption : "Default");
  warden_rpc_transport_call_async (transport, "global.login", params, 0, cancellable,
                                   second_login_cb, g_steal_pointer (&task));
}

static void
warden_rpc2_transport_login_async (WardenRpcTransport  *transport,
                                   const char          *user,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (transport, cancellable, callback, user_data);
  g_autoptr(JsonNode) params = login_params (user, "", NULL);
  Login *login = g_new0 (Login, 1);

  g_task_set_source_tag (task, warden_rpc2_transport_login_async);
  login->user = g_strdup (user);
  login->password = g_strdup (password);
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);

  warden_rpc_transport_call_async (transport, "global.login", params, 0, cancellable,
                                   first_login_cb, g_steal_pointer (&task));
}

static gboolean
warden_rpc2_transport_login_finish (WardenRpcTransport  *transport,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
warden_rpc2_transport_close (WardenRpcTransport *transport)
{
  WardenRpc2Transport *self = WARDEN_RPC2_TRANSPORT (transport);

  g_cancellable_cancel (self->cancellable);
}

static void
warden_rpc2_transport_dispose (GObject *object)
{
  WardenRpc2Transport *self = WARDEN_RPC2_TRANSPORT (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (warden_rpc2_transport_parent_class)->dispose (object);
}

static void
warden_rpc2_transport_finalize (GObject *object)
{
  WardenRpc2Transport *self = WARDEN_RPC2_TRANSPORT (object);

  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (warden_rpc2_transport_parent_class)->finalize (object);
}

static void
warden_rpc2_transport_class_init (WardenRpc2TransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WardenRpcTransportClass *transport_class = WARDEN_RPC_TRANSPORT_CLASS (klass);

  object_class->dispose = warden_rpc2_transport_dispose;
  object_class->finalize = warden_rpc2_transport_finalize;

  transport_class->send = warden_rpc2_transport_send;
  transport_class->login_async = warden_rpc2_transport_login_async;
  transport_class->login_finish = warden_rpc2_transport_login_finish;
  transport_class->close = warden_rpc2_transport_close;
}

static void
warden_rpc2_transport_init (WardenRpc2Transport *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * warden_rpc2_transport_new:
 * @http: the device's HTTP(S) client
 * @timeout_ms: how long each request may take
 */
WardenRpcTransport *
warden_rpc2_transport_new (WardenHttpClient *http,
                           guint             timeout_ms)
{
  WardenRpc2Transport *self;

  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (http), NULL);

  self = g_object_new (WARDEN_TYPE_RPC2_TRANSPORT,
                       "host", warden_http_client_get_host (http),
                       "request-timeout", timeout_ms,
                       NULL);
  self->http = g_object_ref (http);
  return WARDEN_RPC_TRANSPORT (self);
}
