/* warden-event-stream.c: a device's events, attached and kept attached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a DVRIP session the stream calls eventManager.attach and takes the
 * client.notifyEventStream notifications of that session. On an HTTP JSON-RPC
 * session it calls eventManager.attach and reads the notifications from the long
 * GET /SubscribeNotify.cgi?sessionId= (PROTOCOL.md §3.2); a device that does not
 * serve that path (404) is read, like a CGI-only one, from the multipart stream of
 * eventManager.cgi?action=attach (PROTOCOL.md §1.8). When the
 * stream or the session drops, it attaches again after 1, 2, 4 ... 30 s, except
 * after an authentication failure, which ends it ("failed").
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-event-stream.h"
#include "warden-json.h"
#include "warden-multipart-parser.h"
#include "warden-notify-parser.h"
#include "warden-packet.h"
#include "warden-proto-error.h"

#include <string.h>

#define READ_SIZE 16384
#define MAX_BACKOFF_S 30
#define DEFAULT_HEARTBEAT_S 5

struct _WardenEventStream
{
  GObject parent_instance;

  WardenDeviceSession *session;
  GStrv codes;               /* NULL: all */
  guint heartbeat_s;
  gboolean running;
  gboolean attached;
  gboolean all_codes_only;   /* the device refused a code list */
  guint backoff_s;
  guint retry_id;
  GCancellable *cancellable;

  /* over the session */
  WardenRpcTransport *rpc;
  gulong notification_id;
  gulong disconnected_id;

  /* over HTTP: a multipart stream (CGI) or SubscribeNotify.cgi (JSON-RPC) */
  GInputStream *stream;
  WardenMultipartParser *parser;
  WardenNotifyParser *notify_parser;
  gboolean no_subscribe_notify;  /* the device answered 404 */
};

G_DEFINE_FINAL_TYPE (WardenEventStream, warden_event_stream, G_TYPE_OBJECT)

enum {
  EVENT,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void attach (WardenEventStream *self);

static void
set_attached (WardenEventStream *self,
              gboolean           attached)
{
  self->attached = attached;
  if (attached)
    self->backoff_s = 0;
}

static void
detach (WardenEventStream *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->rpc != NULL)
    g_clear_signal_handler (&self->notification_id, self->rpc);
  g_clear_object (&self->rpc);
  if (self->stream != NULL)
    g_input_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->parser, warden_multipart_parser_free);
  g_clear_pointer (&self->notify_parser, warden_notify_parser_free);
  set_attached (self, FALSE);
}

static gboolean
retry_cb (gpointer user_data)
{
  WardenEventStream *self = user_data;

  self->retry_id = 0;
  attach (self);
  return G_SOURCE_REMOVE;
}

/* Lost or never got the stream: try again later, or give up on credentials. */
static void
lost (WardenEventStream *self,
      const GError      *error)
{
  detach (self);
  /* The session's own loss and the failed request that met it are one loss. */
  if (!self->running || self->retry_id != 0)
    return;

  if (g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS) ||
      g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED) ||
      g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED) ||
      g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TLS_MISMATCH))
    {
      self->running = FALSE;
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  self->backoff_s = self->backoff_s == 0 ? 1 : MIN (self->backoff_s * 2, MAX_BACKOFF_S);
  g_debug ("Events of %s lost (%s); attaching again in %u s",
           warden_device_session_get_host (self->session), error->message, self->backoff_s);
  self->retry_id = g_timeout_add_seconds (self->backoff_s, retry_cb, self);
}

/* Devices that ignore the code list, or refused it, still send only what was asked. */
static gboolean
wanted (WardenEventStream *self,
        WardenEvent       *event)
{
  return self->codes == NULL ||
         g_strv_contains ((const char * const *) self->codes, warden_event_get_code (event));
}

static void
emit_event (WardenEventStream *self,
            WardenEvent       *event)
{
  if (wanted (self, event))
    g_signal_emit (self, signals[EVENT], 0, event);
}

/* --- over the session -------------------------------------------------------------- */

static void
notification_cb (WardenRpcTransport *rpc,
                 const char         *method,
                 JsonObject         *params,
                 gpointer            user_data)
{
  WardenEventStream *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (g_strcmp0 (method, "client.notifyEventStream") != 0)
    return;
  events = warden_event_list_from_notification (warden_device_session_get_host (self->session),
                                                params, &error);
  if (events == NULL)
    {
      g_debug ("%s", error->message);
      return;
    }
  for (guint i = 0; i < events->len && self->running; i++)
    emit_event (self, g_ptr_array_index (events, i));
}

static void
rpc_attach_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_rpc_transport_call_finish (WARDEN_RPC_TRANSPORT (object),
                                                                      result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || WARDEN_RPC_TRANSPORT (object) != self->rpc)
    return;
  if (reply == NULL)
    {
      lost (self, error);
      return;
    }
  set_attached (self, TRUE);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!warden_device_session_connect_finish (WARDEN_DEVICE_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->running)
        lost (self, error);
      return;
    }
  if (self->running && self->retry_id == 0)
    attach (self);
}

static void
session_disconnected_cb (WardenDeviceSession *session,
                         const GError        *error,
                         gpointer             user_data)
{
  WardenEventStream *self = user_data;

  if (self->running)
    lost (self, error);
}

static JsonNode *attach_params (WardenEventStream *self);

static void
attach_rpc (WardenEventStream *self)
{
  g_autoptr(JsonNode) params = attach_params (self);

  self->rpc = g_object_ref (warden_device_session_get_rpc (self->session));
  self->notification_id = g_signal_connect (self->rpc, "notification", G_CALLBACK (notification_cb), self);
  warden_rpc_transport_call_async (self->rpc, "eventManager.attach", params, 0, self->cancellable,
                                   rpc_attach_cb, g_object_ref (self));
}

/* --- over HTTP --------------------------------------------------------------------- */

static void read_more (WardenEventStream *self);

/* SubscribeNotify.cgi: JSON-RPC notifications, as on a DVRIP session. */
static gboolean
take_notifications (WardenEventStream *self,
                    GBytes            *bytes,
                    GError           **error)
{
  JsonObject *message;

  if (!warden_notify_parser_feed (self->notify_parser, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), error))
    return FALSE;
  while (self->running && (message = warden_notify_parser_pop (self->notify_parser)) != NULL)
    {
      JsonObject *params = warden_json_get_object (message, "params");
      g_autofree char *method = warden_json_dup_string (message, "method");

      if (params != NULL)
        notification_cb (NULL, method, params, self);
      json_object_unref (message);
    }
  return TRUE;
}

/* eventManager.cgi: a multipart stream of `Code=...;action=...` parts. */
static gboolean
take_parts (WardenEventStream *self,
            GBytes            *bytes,
            GError           **error)
{
  const char *host = warden_device_session_get_host (self->session);
  WardenMultipartPart *part;

  if (!warden_multipart_parser_feed (self->parser, g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes), error))
    return FALSE;
  while (self->running && (part = warden_multipart_parser_pop (self->parser)) != NULL)
    {
      gsize len;
      const char *text = g_bytes_get_data (part->body, &len);

      if (part->content_type == NULL || g_ascii_strncasecmp (part->content_type, "text/", 5) == 0)
        {
          if (!warden_event_text_is_heartbeat (text, len))
            {
              g_autoptr(GError) parse_error = NULL;
              g_autoptr(WardenEvent) event = warden_event_new_from_text (host, text, len, &parse_error);

              if (event != NULL)
                emit_event (self, event);
              else
                g_debug ("Skipping an event of %s: %s", host, parse_error->message);
            }
        }
      warden_multipart_part_free (part);
    }
  return TRUE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || G_INPUT_STREAM (object) != self->stream)
    return;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error == NULL)
        error = g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                             "Device %s ended the event stream", warden_device_session_get_host (self->session));
      lost (self, error);
      return;
    }
  if (!(self->parser != NULL ? take_parts (self, bytes, &error) : take_notifications (self, bytes, &error)))
    {
      lost (self, error);
      return;
    }
  set_attached (self, TRUE);
  if (self->running && self->stream != NULL)
    read_more (self);
}

static void
read_more (WardenEventStream *self)
{
  g_input_stream_read_bytes_async (self->stream, READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_object_ref (self));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *boundary = NULL;
  GInputStream *stream = warden_http_client_open_finish (WARDEN_HTTP_CLIENT (object), result,
                                                         &content_type, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL)
    {
      /* [RR] retries with [All] when a device refuses the code list. */
      if (self->codes != NULL && !self->all_codes_only &&
          g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE))
        {
          self->all_codes_only = TRUE;
          detach (self);
          attach (self);
          return;
        }
      lost (self, error);
      return;
    }

  boundary = warden_multipart_boundary_of (content_type);
  self->stream = stream;
  self->parser = warden_multipart_parser_new (boundary, WARDEN_MULTIPART_MAX_PART);
  if (self->parser == NULL)
    {
      g_autoptr(GError) bad = g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                           "Device %s sent an unusable multipart boundary",
                                           warden_device_session_get_host (self->session));

      lost (self, bad);
      return;
    }
  read_more (self);
}

static void
attach_cgi (WardenEventStream *self)
{
  WardenCgiTransport *cgi = warden_device_session_get_cgi (self->session);
  g_autofree char *codes = NULL;
  g_autofree char *heartbeat = g_strdup_printf ("%u", self->heartbeat_s);
  g_autofree char *query = NULL;

  if (self->codes == NULL || self->all_codes_only)
    codes = g_strdup ("[All]");
  else
    {
      g_autofree char *list = g_strjoinv (",", self->codes);

      codes = g_strconcat ("[", list, "]", NULL);
    }
  query = warden_cgi_transport_build_query ("eventManager.cgi", "attach", "codes", codes,
                                            "heartbeat", heartbeat, NULL);
  warden_http_client_open_async (warden_cgi_transport_get_http (cgi), query, self->cancellable,
                                 open_cb, g_object_ref (self));
}

static void
notify_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = warden_http_client_open_finish (WARDEN_HTTP_CLIENT (object), result, NULL, NULL,
                                                         &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL)
    {
      if (g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED))
        {
          g_debug ("%s serves no SubscribeNotify.cgi; reading eventManager.cgi instead",
                   warden_device_session_get_host (self->session));
          self->no_subscribe_notify = TRUE;
          detach (self);
          attach (self);
          return;
        }
      lost (self, error);
      return;
    }
  self->stream = stream;
  self->notify_parser = warden_notify_parser_new (WARDEN_PACKET_MAX_BODY);
  /* The device sends nothing until an event: being answered is being attached. */
  set_attached (self, TRUE);
  read_more (self);
}

static void
notify_attach_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WardenEventStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = warden_device_session_call_finish (WARDEN_DEVICE_SESSION (object),
                                                                       result, &error);
  g_autofree char *path = NULL;
  g_autofree char *session = NULL;
  WardenCgiTransport *cgi;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->rpc == NULL)
    return;
  if (reply == NULL)
    {
      lost (self, error);
      return;
    }
  cgi = warden_device_session_get_cgi (self->session);
  session = g_uri_escape_string (warden_rpc_transport_get_session (self->rpc), NULL, FALSE);
  path = g_strconcat ("/SubscribeNotify.cgi?sessionId=", session, NULL);
  warden_http_client_open_async (warden_cgi_transport_get_http (cgi), path, self->cancellable,
                                 notify_open_cb, g_object_ref (self));
}

static JsonNode *
attach_params (WardenEventStream *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  if (self->codes == NULL)
    json_builder_add_string_value (builder, "All");
  for (guint i = 0; self->codes != NULL && self->codes[i] != NULL; i++)
    json_builder_add_string_value (builder, self->codes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
attach_notify (WardenEventStream *self)
{
  g_autoptr(JsonNode) params = attach_params (self);

  /* Through the session, which notices when the device forgot it. */
  self->rpc = g_object_ref (warden_device_session_get_rpc (self->session));
  warden_device_session_call_async (self->session, "eventManager.attach", params, 0, self->cancellable,
                                    notify_attach_cb, g_object_ref (self));
}

static void
attach (WardenEventStream *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (warden_device_session_get_protocol (self->session) == WARDEN_PROTOCOL_NONE)
    warden_device_session_connect_async (self->session, self->cancellable, connect_cb,
                                         g_object_ref (self));
  else if (warden_device_session_get_protocol (self->session) == WARDEN_PROTOCOL_DVRIP)
    attach_rpc (self);
  else if (warden_device_session_get_protocol (self->session) == WARDEN_PROTOCOL_RPC2 &&
           !self->no_subscribe_notify)
    attach_notify (self);
  else
    attach_cgi (self);
}

/* --- GObject ----------------------------------------------------------------------- */

static void
warden_event_stream_dispose (GObject *object)
{
  WardenEventStream *self = WARDEN_EVENT_STREAM (object);

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  detach (self);
  if (self->session != NULL)
    g_clear_signal_handler (&self->disconnected_id, self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (warden_event_stream_parent_class)->dispose (object);
}

static void
warden_event_stream_finalize (GObject *object)
{
  WardenEventStream *self = WARDEN_EVENT_STREAM (object);

  g_strfreev (self->codes);

  G_OBJECT_CLASS (warden_event_stream_parent_class)->finalize (object);
}

static void
warden_event_stream_class_init (WardenEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_event_stream_dispose;
  object_class->finalize = warden_event_stream_finalize;

  /**
   * WardenEventStream::event:
   * @event: what the device reported
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, WARDEN_TYPE_EVENT);

  /**
   * WardenEventStream::failed:
   * @error: why the stream stopped for good (credentials refused, account locked)
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
warden_event_stream_init (WardenEventStream *self)
{
  self->heartbeat_s = DEFAULT_HEARTBEAT_S;
}

/**
 * warden_event_stream_new:
 * @session: the device's session; it is connected again when it drops
 * @codes: (nullable) (array zero-terminated=1): event codes, or %NULL for all
 */
WardenEventStream *
warden_event_stream_new (WardenDeviceSession *session,
                         const char * const  *codes)
{
  WardenEventStream *self;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (session), NULL);

  self = g_object_new (WARDEN_TYPE_EVENT_STREAM, NULL);
  self->session = g_object_ref (session);
  self->codes = codes != NULL && codes[0] != NULL ? g_strdupv ((char **) codes) : NULL;
  self->disconnected_id = g_signal_connect (session, "disconnected",
                                            G_CALLBACK (session_disconnected_cb), self);
  return self;
}

/**
 * warden_event_stream_set_heartbeat:
 * @seconds: 1..60; the CGI stream's heartbeat
 */
void
warden_event_stream_set_heartbeat (WardenEventStream *self,
                                   guint              seconds)
{
  g_return_if_fail (WARDEN_IS_EVENT_STREAM (self));
  g_return_if_fail (seconds >= 1 && seconds <= 60);

  self->heartbeat_s = seconds;
}

void
warden_event_stream_start (WardenEventStream *self)
{
  g_return_if_fail (WARDEN_IS_EVENT_STREAM (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->backoff_s = 0;
  attach (self);
}

void
warden_event_stream_stop (WardenEventStream *self)
{
  g_return_if_fail (WARDEN_IS_EVENT_STREAM (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  detach (self);
}

/**
 * warden_event_stream_get_attached:
 *
 * Returns: %TRUE while the device is known to deliver events
 */
gboolean
warden_event_stream_get_attached (WardenEventStream *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT_STREAM (self), FALSE);
  return self->attached;
}
