/* warden-rpc-transport.c: JSON-RPC over one of the device's transports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-rpc-transport-private.h"
#include "warden-proto-error.h"

/* How long a request may wait for its reply. */
#define DEFAULT_REQUEST_TIMEOUT_MS 15000

typedef struct
{
  WardenRpcTransport *self;
  gint64 id;
  GTask *task;
  guint timeout_id;
} Pending;

typedef struct
{
  char *host;
  char *session;
  guint keep_alive_interval;
  int attempts_left;
  int lock_seconds;
  guint request_timeout_ms;
  gint64 next_id;
  GHashTable *pending;     /* gint64 id → Pending */
  gboolean closed;
} WardenRpcTransportPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (WardenRpcTransport, warden_rpc_transport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_REQUEST_TIMEOUT,
  N_PROPS
};

enum {
  NOTIFICATION,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_clear_object (&pending->task);
  g_free (pending);
}

static Pending *
steal_pending (WardenRpcTransport *self,
               gint64              id)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);
  gpointer key = NULL;
  gpointer value = NULL;

  if (!g_hash_table_steal_extended (priv->pending, &id, &key, &value))
    return NULL;
  g_free (key);
  return value;
}

static gboolean
request_timeout_cb (gpointer data)
{
  Pending *pending = data;
  WardenRpcTransport *self = pending->self;
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  pending->timeout_id = 0;
  pending = steal_pending (self, pending->id);
  if (pending == NULL)
    return G_SOURCE_REMOVE;
  g_task_return_new_error (pending->task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TIMEOUT,
                           "Device %s did not answer within %u s; check that it is running",
                           priv->host, priv->request_timeout_ms / 1000);
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

static void
fail_all (WardenRpcTransport *self,
          const GError       *error)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);
  g_autoptr(GList) ids = g_hash_table_get_keys (priv->pending);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      Pending *pending = steal_pending (self, *(gint64 *) l->data);

      if (pending == NULL)
        continue;
      g_task_return_error (pending->task, g_error_copy (error));
      pending_free (pending);
    }
}

static void
warden_rpc_transport_dispose (GObject *object)
{
  WardenRpcTransport *self = WARDEN_RPC_TRANSPORT (object);
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  if (priv->pending != NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             "The connection to %s was closed", priv->host);

      fail_all (self, error);
    }

  G_OBJECT_CLASS (warden_rpc_transport_parent_class)->dispose (object);
}

static void
warden_rpc_transport_finalize (GObject *object)
{
  WardenRpcTransport *self = WARDEN_RPC_TRANSPORT (object);
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_free (priv->host);
  g_free (priv->session);
  g_clear_pointer (&priv->pending, g_hash_table_unref);

  G_OBJECT_CLASS (warden_rpc_transport_parent_class)->finalize (object);
}

static void
warden_rpc_transport_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WardenRpcTransport *self = WARDEN_RPC_TRANSPORT (object);
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, priv->host);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, priv->request_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_rpc_transport_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  WardenRpcTransport *self = WARDEN_RPC_TRANSPORT (object);
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_HOST:
      priv->host = g_value_dup_string (value);
      break;
    case PROP_REQUEST_TIMEOUT:
      priv->request_timeout_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_rpc_transport_class_init (WardenRpcTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_rpc_transport_dispose;
  object_class->finalize = warden_rpc_transport_finalize;
  object_class->get_property = warden_rpc_transport_get_property;
  object_class->set_property = warden_rpc_transport_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 100, 600000, DEFAULT_REQUEST_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WardenRpcTransport::notification:
   * @method: e.g. `client.notifyEventStream`
   * @params: (nullable): the notification's params
   */
  signals[NOTIFICATION] =
    g_signal_new ("notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);

  /**
   * WardenRpcTransport::closed:
   * @error: why the connection ended
   *
   * The connection ended; every outstanding request failed.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
warden_rpc_transport_init (WardenRpcTransport *self)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  priv->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) pending_free);
  priv->next_id = 2;
  priv->attempts_left = -1;
  priv->lock_seconds = -1;
}

/* --- for subclasses ---------------------------------------------------------------- */

/* Takes one message from the device: a reply to a request, or a notification. */
void
_warden_rpc_transport_receive (WardenRpcTransport *self,
                               const char         *text,
                               gsize               len)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  WardenRpcReply *reply = warden_rpc_reply_parse (text, len, &error);
  Pending *pending;

  if (reply == NULL)
    {
      g_debug ("Ignoring a message from %s: %s", priv->host, error->message);
      return;
    }

  if (reply->method != NULL)
    {
      g_signal_emit (self, signals[NOTIFICATION], 0, reply->method, reply->params);
      warden_rpc_reply_free (reply);
      return;
    }

  pending = reply->has_id ? steal_pending (self, reply->id) : NULL;
  if (pending == NULL)
    {
      g_debug ("Ignoring a reply from %s to no request (id %" G_GINT64_FORMAT ")",
               priv->host, reply->id);
      warden_rpc_reply_free (reply);
      return;
    }
  g_task_return_pointer (pending->task, reply, (GDestroyNotify) warden_rpc_reply_free);
  pending_free (pending);
}

void
_warden_rpc_transport_fail_request (WardenRpcTransport *self,
                                    gint64              id,
                                    const GError       *error)
{
  Pending *pending = steal_pending (self, id);

  if (pending == NULL)
    return;
  g_task_return_error (pending->task, g_error_copy (error));
  pending_free (pending);
}

/* The connection ended: fails what is outstanding and tells the owner, once. */
void
_warden_rpc_transport_closed (WardenRpcTransport *self,
                              const GError       *error)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  if (priv->closed)
    return;
  priv->closed = TRUE;
  g_object_ref (self);
  fail_all (self, error);
  g_signal_emit (self, signals[CLOSED], 0, error);
  g_object_unref (self);
}

void
_warden_rpc_transport_set_session (WardenRpcTransport *self,
                                   const char         *session)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_free (priv->session);
  priv->session = g_strdup (session);
}

void
_warden_rpc_transport_set_keep_alive_interval (WardenRpcTransport *self,
                                               guint               seconds)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  priv->keep_alive_interval = seconds;
}

/* What a refused login said about the lock-out; -1 where it said nothing. */
void
_warden_rpc_transport_set_login_limits (WardenRpcTransport *self,
                                        int                 attempts_left,
                                        int                 lock_seconds)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  priv->attempts_left = attempts_left;
  priv->lock_seconds = lock_seconds;
}

/* --- public API -------------------------------------------------------------------- */

/**
 * warden_rpc_transport_get_login_limits:
 * @attempts_left: (out): logins left before a lock-out, or -1 when unknown
 * @lock_seconds: (out): how long a lock-out lasts, or -1 when unknown
 *
 * After a refused login: what the device said about its lock-out.
 */
void
warden_rpc_transport_get_login_limits (WardenRpcTransport *self,
                                       int                *attempts_left,
                                       int                *lock_seconds)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_return_if_fail (WARDEN_IS_RPC_TRANSPORT (self));

  *attempts_left = priv->attempts_left;
  *lock_seconds = priv->lock_seconds;
}

const char *
warden_rpc_transport_get_host (WardenRpcTransport *self)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_return_val_if_fail (WARDEN_IS_RPC_TRANSPORT (self), NULL);
  return priv->host;
}

/**
 * warden_rpc_transport_get_session:
 *
 * Returns: (nullable): the session the device gave at login
 */
const char *
warden_rpc_transport_get_session (WardenRpcTransport *self)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_return_val_if_fail (WARDEN_IS_RPC_TRANSPORT (self), NULL);
  return priv->session;
}

/**
 * warden_rpc_transport_get_keep_alive_interval:
 *
 * Returns: the seconds after which the device drops an idle session
 */
guint
warden_rpc_transport_get_keep_alive_interval (WardenRpcTransport *self)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_return_val_if_fail (WARDEN_IS_RPC_TRANSPORT (self), 0);
  return priv->keep_alive_interval;
}

void
warden_rpc_transport_login_async (WardenRpcTransport  *self,
                                  const char          *user,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (WARDEN_IS_RPC_TRANSPORT (self));
  g_return_if_fail (user != NULL && password != NULL);

  WARDEN_RPC_TRANSPORT_GET_CLASS (self)->login_async (self, user, password, cancellable,
                                                      callback, user_data);
}

/**
 * warden_rpc_transport_login_finish:
 *
 * Returns: %TRUE when logged in. A %WARDEN_PROTO_ERROR_WRONG_CREDENTIALS or
 *   %WARDEN_PROTO_ERROR_LOCKED failure must not be retried automatically.
 */
gboolean
warden_rpc_transport_login_finish (WardenRpcTransport  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (WARDEN_IS_RPC_TRANSPORT (self), FALSE);

  return WARDEN_RPC_TRANSPORT_GET_CLASS (self)->login_finish (self, result, error);
}

/**
 * warden_rpc_transport_call_async:
 * @params: (nullable): the params
 * @object: the object id from a factory call, or 0
 *
 * Sends one request with the session of the login.
 */
void
warden_rpc_transport_call_async (WardenRpcTransport  *self,
                                 const char          *method,
                                 JsonNode            *params,
                                 gint64               object,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autofree char *json = NULL;
  Pending *pending;
  gint64 id;

  g_return_if_fail (WARDEN_IS_RPC_TRANSPORT (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_rpc_transport_call_async);

  if (priv->closed)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                               "The connection to %s is closed; log in again", priv->host);
      return;
    }

  id = priv->next_id++;
  json = warden_rpc_request_build (id, method, params, priv->session, object);

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->id = id;
  pending->task = g_steal_pointer (&task);
  pending->timeout_id = g_timeout_add (priv->request_timeout_ms, request_timeout_cb, pending);
  g_hash_table_insert (priv->pending, g_memdup2 (&id, sizeof id), pending);

  WARDEN_RPC_TRANSPORT_GET_CLASS (self)->send (self, id, method, json);
}

/**
 * warden_rpc_transport_call_raw_finish:
 *
 * Returns: (transfer full): the reply as the device sent it, also when it reports
 *   an error; %NULL when no reply came
 */
WardenRpcReply *
warden_rpc_transport_call_raw_finish (WardenRpcTransport  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * warden_rpc_transport_call_finish:
 *
 * Returns: (transfer full): the reply, or %NULL when none came or when it reports
 *   an error (mapped to a #WardenProtoError)
 */
WardenRpcReply *
warden_rpc_transport_call_finish (WardenRpcTransport  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_raw_finish (self, result, error);

  if (reply == NULL || !warden_rpc_reply_check (reply, priv->host, error))
    return NULL;
  return g_steal_pointer (&reply);
}

/**
 * warden_rpc_transport_close:
 *
 * Drops the connection without logging out; outstanding requests fail.
 */
void
warden_rpc_transport_close (WardenRpcTransport *self)
{
  g_autoptr(GError) error = NULL;
  WardenRpcTransportPrivate *priv = warden_rpc_transport_get_instance_private (self);

  g_return_if_fail (WARDEN_IS_RPC_TRANSPORT (self));

  WARDEN_RPC_TRANSPORT_GET_CLASS (self)->close (self);
  error = g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                       "The connection to %s was closed", priv->host);
  _warden_rpc_transport_closed (self, error);
}
