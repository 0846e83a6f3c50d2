/* devsim-http.c: the HTTP server of a simulated device: CGI (Digest), RPC2 and downloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-servers.h"
#include "devsim-alarm.h"
#include "devsim-auth.h"
#include "devsim-config.h"
#include "devsim-ptz.h"
#include "devsim-rpc.h"

#include <string.h>

#define MAX_RPC_BODY (1024 * 1024)
#define MAX_QUERY_KEYS 64
#define BOUNDARY "myboundary"
#define DOWNLOAD_CHUNK (64 * 1024)
#define MAX_STREAM_BACKLOG (16 * 1024 * 1024)

typedef struct
{
  DevsimHost *host;
  SoupServerMessage *msg;
  DevsimSubscriber subscriber;
  guint heartbeat_source;
  gsize backlog;                 /* appended but not yet written */
  gboolean dropped;
  guint32 session_id;            /* SubscribeNotify.cgi: the RPC2 session it serves; 0 for CGI */
} EventStream;

typedef struct
{
  SoupServerMessage *msg;
  guint64 seed;
  gint64 sent;
  gint64 total;
  char *head;                    /* multipart wrapping before and after the file, or NULL */
  char *tail;
} Download;

static gboolean authorize (DevsimHost        *host,
                           SoupServerMessage *msg);

/* ---- helpers ------------------------------------------------------------ */

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain;charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
reply_error (SoupServerMessage *msg,
             const char        *detail)
{
  g_autofree char *text = g_strdup_printf ("Error\r\n%s\r\n", detail ? detail : "Bad Request!");

  reply_text (msg, SOUP_STATUS_BAD_REQUEST, text);
}

static void
reply_ok (SoupServerMessage *msg)
{
  reply_text (msg, SOUP_STATUS_OK, "OK\r\n");
}

static int
query_int (GHashTable *query,
           const char *key,
           int         fallback)
{
  const char *v = query ? g_hash_table_lookup (query, key) : NULL;
  char *end;
  gint64 n;

  if (v == NULL)
    return fallback;
  n = g_ascii_strtoll (v, &end, 10);
  return (*v && *end == '\0' && n >= G_MININT && n <= G_MAXINT) ? (int) n : fallback;
}

static const char *
query_get (GHashTable *query,
           const char *key)
{
  return query ? g_hash_table_lookup (query, key) : NULL;
}

/* The reply of an internal RPC call, made on behalf of an authenticated CGI request. */
static JsonObject *
cgi_call (DevsimHost *host,
          const char *method)
{
  DevsimSession session = { 0 };
  g_autoptr(JsonObject) request = json_object_new ();

  session.host = host;
  session.logged_in = TRUE;
  json_object_set_string_member (request, "method", method);
  json_object_set_int_member (request, "id", 1);
  return devsim_rpc_dispatch (host, &session, request);
}

static void
reply_flattened (SoupServerMessage *msg,
                 JsonObject        *reply,
                 const char        *prefix)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *params = devsim_json_get_object (reply, "params");
  JsonObject *error = devsim_json_get_object (reply, "error");
  JsonObjectIter iter;
  const char *key;
  JsonNode *child;

  if (error != NULL)
    {
      reply_error (msg, json_object_get_string_member_with_default (error, "message", NULL));
      return;
    }
  if (params == NULL)
    {
      reply_ok (msg);
      return;
    }
  json_object_iter_init (&iter, params);
  while (json_object_iter_next (&iter, &key, &child))
    {
      g_autofree char *p = prefix ? g_strdup_printf ("%s.%s", prefix, key) : g_strdup (key);

      devsim_config_flatten (out, p, child);
    }
  reply_text (msg, SOUP_STATUS_OK, out->str);
}

/* ---- CGI ------------------------------------------------------------------ */

static void
cgi_magic_box (DevsimHost        *host,
               SoupServerMessage *msg,
               const char        *action)
{
  g_autofree char *method = g_strdup_printf ("magicBox.%s", action);
  g_autoptr(JsonObject) reply = NULL;

  if (g_strcmp0 (action, "getSoftwareVersion") == 0)
    {
      g_autofree char *text = g_strdup_printf ("version=%s\r\n", host->device->version);

      reply_text (msg, SOUP_STATUS_OK, text);
      return;
    }
  if (g_strcmp0 (action, "getProductDefinition") == 0)
    {
      reply_text (msg, SOUP_STATUS_OK, "table.MaxExtraStream=1\r\n");
      return;
    }
  reply = cgi_call (host, method);
  reply_flattened (msg, reply, NULL);
}

static void
cgi_config (DevsimHost        *host,
            SoupServerMessage *msg,
            const char        *action,
            GHashTable        *query)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (action, "getConfig") == 0)
    {
      const char *name = query_get (query, "name");
      g_autofree char *text = name ? devsim_config_get_cgi (host->device, name, &error) : NULL;

      if (text == NULL)
        reply_error (msg, error ? error->message : "Bad Request!");
      else
        reply_text (msg, SOUP_STATUS_OK, text);
    }
  else if (g_strcmp0 (action, "setConfig") == 0)
    {
      GHashTableIter iter;
      gpointer key, value;
      guint n = 0;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_str_equal (key, "action"))
            continue;
          if (++n > MAX_QUERY_KEYS || !devsim_config_set_cgi (host->device, key, value, &error))
            {
              reply_error (msg, error ? error->message : "Too many keys");
              return;
            }
        }
      if (n == 0)
        reply_error (msg, "setConfig without keys");
      else
        reply_ok (msg);
    }
  else
    reply_error (msg, NULL);
}

static void
shut_down (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

/* Appends @head, @body and @tail to the stream. */
static void
stream_write (EventStream *stream,
              const char  *head,
              const char  *body,
              gsize        len,
              const char  *tail)
{
  SoupMessageBody *out = soup_server_message_get_response_body (stream->msg);

  if (stream->dropped)
    return;
  /* A client that stops reading is cut off rather than buffered without end. */
  stream->backlog += strlen (head) + len + strlen (tail);
  if (stream->backlog > MAX_STREAM_BACKLOG)
    {
      g_debug ("Event stream client is not reading; dropping it");
      stream->dropped = TRUE;
      shut_down (stream->msg);
      return;
    }
  soup_message_body_append (out, SOUP_MEMORY_COPY, head, strlen (head));
  soup_message_body_append (out, SOUP_MEMORY_COPY, body, len);
  soup_message_body_append (out, SOUP_MEMORY_COPY, tail, strlen (tail));
  soup_server_message_unpause (stream->msg);
}

static void
stream_write_part (EventStream *stream,
                   const char  *body,
                   gsize        len)
{
  g_autofree char *head = g_strdup_printf ("--" BOUNDARY "\r\nContent-Type: text/plain\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", len);

  stream_write (stream, head, body, len, "\r\n");
}

/* SubscribeNotify.cgi: one notification per line. */
static void
stream_notify (DevsimSession *session,
               const char    *message,
               gpointer       data)
{
  stream_write (data, "", message, strlen (message), "\n");
}

static void
stream_deliver (DevsimSubscriber  *subscriber,
                const DevsimEvent *event)
{
  EventStream *stream = subscriber->data;
  g_autoptr(JsonNode) data = json_node_init_object (json_node_alloc (), event->data);
  g_autofree char *json = json_to_string (data, TRUE);
  g_autofree char *body = g_strdup_printf ("Code=%s;action=%s;index=%d;data=%s",
                                           event->code, event->action, event->index, json);
  gsize len = strlen (body);

  /* Malformed: the part is announced whole but its JSON stops half-way. */
  if (event->shape == DEVSIM_EVENT_MALFORMED)
    body[len / 2] = '\0';
  stream_write_part (stream, body, event->shape == DEVSIM_EVENT_MALFORMED ? len / 2 : len);
}

static gboolean
stream_heartbeat_cb (gpointer data)
{
  EventStream *stream = data;

  stream_write_part (stream, "Heartbeat", strlen ("Heartbeat"));
  return G_SOURCE_CONTINUE;
}

static void
stream_wrote_cb (SoupServerMessage *msg,
                 guint              size,
                 EventStream       *stream)
{
  stream->backlog -= MIN (stream->backlog, size);
}

static void
stream_free (EventStream *stream)
{
  DevsimSession *session = stream->session_id ? devsim_host_lookup_session (stream->host, stream->session_id)
                                              : NULL;

  /* The session keeps its attach, but has nowhere to send events any more. */
  if (session != NULL && session->notify_data == stream)
    {
      if (session->subscriber != NULL)
        devsim_host_unsubscribe (stream->host, session->subscriber);
      session->notify = NULL;
      session->notify_data = NULL;
    }
  devsim_host_unsubscribe (stream->host, &stream->subscriber);
  g_ptr_array_remove (stream->host->http_streams, stream);
  g_clear_handle_id (&stream->heartbeat_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_strfreev (stream->subscriber.codes);
  g_object_unref (stream->msg);
  g_free (stream);
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    EventStream       *stream)
{
  stream_free (stream);
}

/* Starts a stream that never ends by itself and is written as events come. */
static EventStream *
stream_new (DevsimHost        *host,
            SoupServerMessage *msg,
            const char        *content_type)
{
  EventStream *stream = g_new0 (EventStream, 1);

  stream->host = host;
  stream->msg = g_object_ref (msg);
  stream->subscriber.data = stream;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), content_type, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_EOF);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (stream_wrote_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
  g_ptr_array_add (host->http_streams, stream);
  return stream;
}

static char **
parse_codes (const char *text)
{
  g_autofree char *inner = NULL;
  gsize len;
  char **codes;

  if (text == NULL || (len = strlen (text)) < 3 || len > 1024 || text[0] != '[' || text[len - 1] != ']')
    return NULL;
  inner = g_strndup (text + 1, len - 2);
  codes = g_strsplit (inner, ",", 64);
  for (char **c = codes; *c; c++)
    g_strstrip (*c);
  return codes;
}

static void
cgi_event_manager (DevsimHost        *host,
                   SoupServerMessage *msg,
                   const char        *action,
                   GHashTable        *query)
{
  EventStream *stream;
  int heartbeat;
  char **codes;

  if (g_strcmp0 (action, "getEventIndexes") == 0)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; i < host->device->channels->len; i++)
        g_string_append_printf (out, "channels[%u]=%u\r\n", i, i);
      reply_text (msg, SOUP_STATUS_OK, out->str);
      return;
    }
  if (g_strcmp0 (action, "attach") != 0)
    {
      reply_error (msg, NULL);
      return;
    }
  codes = parse_codes (query_get (query, "codes"));
  heartbeat = query_int (query, "heartbeat", 0);
  if (codes == NULL || heartbeat < 0 || heartbeat > 60)
    {
      g_strfreev (codes);
      reply_error (msg, "codes=[...] and heartbeat=1..60 are required");
      return;
    }
  stream = stream_new (host, msg, "multipart/x-mixed-replace; boundary=" BOUNDARY);
  stream->subscriber.codes = codes;
  stream->subscriber.deliver = stream_deliver;
  devsim_host_subscribe (host, &stream->subscriber);
  if (heartbeat > 0)
    stream->heartbeat_source = g_timeout_add_seconds (heartbeat, stream_heartbeat_cb, stream);
}

/* GET /SubscribeNotify.cgi?sessionId=: the notifications of an RPC2 session's
 * eventManager.attach, one JSON document per line. */
static void
subscribe_notify_handler (SoupServer        *server,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  DevsimHost *host = user_data;
  const char *sid = query_get (query, "sessionId");
  DevsimSession *session = NULL;
  EventStream *stream;

  if (host->device->cgi_only || !g_str_equal (path, "/SubscribeNotify.cgi"))
    {
      reply_text (msg, SOUP_STATUS_NOT_FOUND, "Error\r\nNot Found\r\n");
      return;
    }
  if (sid != NULL)
    session = devsim_host_lookup_session (host, (guint32) g_ascii_strtoull (sid, NULL, 10));
  if (session == NULL || !session->logged_in || session->notify != NULL)
    {
      reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "Error\r\nInvalid session\r\n");
      return;
    }
  stream = stream_new (host, msg, "text/plain");
  stream->session_id = session->id;
  session->notify = stream_notify;
  session->notify_data = stream;
  if (session->subscriber != NULL && !g_ptr_array_find (host->subscribers, session->subscriber, NULL))
    devsim_host_subscribe (host, session->subscriber);
}

static void
cgi_media_file_find (DevsimHost        *host,
                     SoupServerMessage *msg,
                     const char        *action,
                     GHashTable        *query)
{
  guint32 object = (guint32) query_int (query, "object", 0);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (action, "factory.create") == 0)
    {
      g_autofree char *text = g_strdup_printf ("result=%u\r\n", devsim_finder_create (host));

      reply_text (msg, SOUP_STATUS_OK, text);
    }
  else if (g_strcmp0 (action, "findFile") == 0)
    {
      g_autoptr(JsonObject) condition = json_object_new ();
      GHashTableIter iter;
      gpointer key, value;

      /* condition.Channel / StartTime / EndTime and condition.X[i] arrays. */
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *k = key;
          const char *bracket;

          if (!g_str_has_prefix (k, "condition.") || strlen (k) > 64)
            continue;
          k += strlen ("condition.");
          if ((bracket = strchr (k, '[')) != NULL)
            {
              g_autofree char *name = g_strndup (k, bracket - k);
              JsonArray *a = devsim_json_get_array (condition, name);

              if (a == NULL)
                {
                  a = json_array_new ();
                  json_object_set_array_member (condition, name, a);
                }
              if (json_array_get_length (a) < 16)
                json_array_add_string_element (a, value);
            }
          else if (g_str_equal (k, "Channel"))
            json_object_set_int_member (condition, k, query_int (query, key, -1));
          else
            json_object_set_string_member (condition, k, value);
        }
      /* [U] condition.Channel is 1-based here, as an NVR showed. */
      if (!devsim_finder_find (host, object, condition, 1, &error))
        reply_error (msg, error->message);
      else
        reply_ok (msg);
    }
  else if (g_strcmp0 (action, "findNextFile") == 0)
    {
      g_autoptr(JsonArray) items = devsim_finder_next (host, object,
                                                       (guint) query_int (query, "count", 0), &error);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;

      if (items == NULL)
        {
          reply_error (msg, error->message);
          return;
        }
      g_string_append_printf (out, "found=%u\r\n", json_array_get_length (items));
      node = json_node_init_array (json_node_alloc (), items);
      devsim_config_flatten (out, "items", node);
      reply_text (msg, SOUP_STATUS_OK, out->str);
    }
  else if (g_strcmp0 (action, "close") == 0)
    {
      if (devsim_finder_count (host, object) < 0 &&
          g_hash_table_lookup (host->finders, GUINT_TO_POINTER (object)) == NULL)
        reply_error (msg, "Invalid Request!");
      else
        reply_ok (msg);
    }
  else if (g_strcmp0 (action, "destroy") == 0)
    {
      if (devsim_finder_destroy (host, object))
        reply_ok (msg);
      else
        reply_error (msg, "Invalid Request!");
    }
  else
    reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error\r\nErrorID=2, Detail=Invalid Request!\r\n");
}

static void
cgi_ptz (DevsimHost        *host,
         SoupServerMessage *msg,
         const char        *action,
         GHashTable        *query)
{
  DevsimDevice *device = host->device;
  int channel = query_int (query, "channel", device->ptz_channel_base) - device->ptz_channel_base;
  DevsimChannel *ch;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;

  if (channel < 0 || channel >= devsim_device_channel_count (device))
    {
      reply_error (msg, "No such PTZ channel");
      return;
    }
  ch = g_ptr_array_index (device->channels, channel);
  if (g_strcmp0 (action, "start") == 0 || g_strcmp0 (action, "stop") == 0)
    {
      if (devsim_ptz_command (ch, action[2] == 'a', query_get (query, "code"),
                              query_int (query, "arg1", 0), query_int (query, "arg2", 0),
                              query_int (query, "arg3", 0), query_get (query, "name"), &error))
        reply_ok (msg);
      else
        reply_error (msg, error->message);
    }
  else if (g_strcmp0 (action, "setPreset") == 0)
    {
      /* [U] named preset: ptz.cgi?action=setPreset&channel=&index=&name= */
      if (devsim_ptz_command (ch, TRUE, "SetPreset", 0, query_int (query, "index", 0), 0,
                              query_get (query, "name"), &error))
        reply_ok (msg);
      else
        reply_error (msg, error->message);
    }
  else if (g_strcmp0 (action, "getPresets") == 0)
    {
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, devsim_ptz_presets (ch));
      devsim_config_flatten (out, "presets", node);
      reply_text (msg, SOUP_STATUS_OK, out->str);
    }
  else if (g_strcmp0 (action, "getStatus") == 0)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, devsim_ptz_status (ch));
      devsim_config_flatten (out, "status", node);
      reply_text (msg, SOUP_STATUS_OK, out->str);
    }
  else
    reply_error (msg, NULL);
}

static void
cgi_access_control (DevsimHost        *host,
                    SoupServerMessage *msg,
                    const char        *action,
                    GHashTable        *query)
{
  int door = query_int (query, "channel", 1) - 1;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (action, "openDoor") == 0 || g_strcmp0 (action, "closeDoor") == 0)
    {
      if (devsim_door_set (host, door, action[0] == 'o', query_get (query, "UserID"), &error))
        reply_ok (msg);
      else
        reply_error (msg, error->message);
    }
  else if (g_strcmp0 (action, "getDoorStatus") == 0 || g_strcmp0 (action, "getLockStatus") == 0)
    {
      g_autofree char *text = NULL;

      if (host->device->kind != DEVSIM_KIND_DOOR || door < 0 || door >= host->device->door_count)
        {
          reply_error (msg, "No such door");
          return;
        }
      text = g_strdup_printf ("%s=%s\r\n", action[3] == 'D' ? "Info.status" : "status",
                              host->device->door_open[door] ? "Open" : "Close");
      reply_text (msg, SOUP_STATUS_OK, text);
    }
  else
    reply_error (msg, NULL);
}

/* alarm.cgi getInState / getOutState: `result=<bit i set: port i active>`. */
static void
cgi_alarm (DevsimHost        *host,
           SoupServerMessage *msg,
           const char        *action)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (action, "getInState") != 0 && g_strcmp0 (action, "getOutState") != 0)
    {
      reply_error (msg, NULL);
      return;
    }
  text = g_strdup_printf ("result=%" G_GUINT64_FORMAT "\r\n",
                          devsim_alarm_state_mask (host->device, action[3] == 'O'));
  reply_text (msg, SOUP_STATUS_OK, text);
}

static void
reply_snapshot (DevsimHost        *host,
                SoupServerMessage *msg,
                int                channel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = devsim_host_snapshot (host, channel, &error);

  if (jpeg == NULL)
    {
      reply_error (msg, error->message);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  /* One picture per connection, as cameras answer snapshot.cgi. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

/* ---- downloads ------------------------------------------------------------ */

#define FILE_BOUNDARY "DevsimFileBoundary"

static void
download_fill (Download *download)
{
  SoupMessageBody *body = soup_server_message_get_response_body (download->msg);
  gsize n = (gsize) MIN ((gint64) DOWNLOAD_CHUNK, download->total - download->sent);
  guint8 *chunk;

  if (download->sent == 0 && download->head != NULL)
    soup_message_body_append (body, SOUP_MEMORY_COPY, download->head, strlen (download->head));
  if (n == 0)
    {
      if (download->tail != NULL)
        soup_message_body_append (body, SOUP_MEMORY_COPY, download->tail, strlen (download->tail));
      soup_message_body_complete (body);
      return;
    }
  chunk = g_malloc (n);
  /* A DAV-like file: the DHAV magic, then bytes that depend on the file and offset. */
  for (gsize i = 0; i < n; i++)
    chunk[i] = (guint8) ((download->seed >> ((download->sent + i) % 8 * 8)) + (download->sent + i) * 31);
  if (download->sent == 0 && n >= 4)
    memcpy (chunk, "DHAV", 4);
  download->sent += n;
  soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, n);
}

static void
download_wrote_chunk_cb (SoupServerMessage *msg,
                         Download          *download)
{
  download_fill (download);
  soup_server_message_unpause (msg);
}

static void
download_free (Download *download)
{
  g_free (download->head);
  g_free (download->tail);
  g_free (download);
}

/* @wrap: answer as recorders do, a JSON status part and then the file as a part
 * (PROTOCOL.md §1.10). */
static void
serve_file (DevsimHost        *host,
            SoupServerMessage *msg,
            const char        *path,
            gboolean           wrap)
{
  DevsimRecording rec;
  Download *download;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* RPC_Loadfile//mnt/... (leading slash kept by some clients) is the same file. */
  while (path[0] == '/' && path[1] == '/')
    path++;
  if (!devsim_recordings_lookup_path (host->device, path, &rec))
    {
      reply_text (msg, SOUP_STATUS_NOT_FOUND, "Error\r\nFile not found\r\n");
      return;
    }
  if (rec.picture)
    {
      reply_snapshot (host, msg, rec.channel);
      return;
    }
  download = g_new0 (Download, 1);
  download->msg = msg;
  download->seed = g_str_hash (rec.path) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  download->total = rec.length_bytes;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (wrap)
    {
      g_autofree char *status = g_strdup_printf ("{\"result\":true,\"length\":%" G_GINT64_FORMAT "}",
                                                 rec.length_bytes);
      g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

      download->head = g_strdup_printf ("--" FILE_BOUNDARY "\r\nContent-Type: application/json\r\n"
                                        "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s\r\n"
                                        "--" FILE_BOUNDARY "\r\nContent-Type: application/octet-stream\r\n"
                                        "Content-Length: %" G_GINT64_FORMAT "\r\n\r\n",
                                        strlen (status), status, rec.length_bytes);
      download->tail = g_strdup ("\r\n--" FILE_BOUNDARY "--\r\n");
      g_hash_table_insert (params, (gpointer) "boundary", (gpointer) FILE_BOUNDARY);
      soup_message_headers_set_content_type (headers, "multipart/x-mixed-replace", params);
      soup_message_headers_set_content_length (headers, (goffset) (strlen (download->head) + rec.length_bytes +
                                                                   strlen (download->tail)));
    }
  else
    {
      soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
      soup_message_headers_set_content_length (headers, rec.length_bytes);
    }
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (download_wrote_chunk_cb), download);
  /* The message owns its download state, however it ends. */
  g_object_set_data_full (G_OBJECT (msg), "devsim-download", download, (GDestroyNotify) download_free);
  download_fill (download);
}

static void
cgi_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  DevsimHost *host = user_data;
  const char *script = strlen (path) > strlen ("/cgi-bin/") ? path + strlen ("/cgi-bin/") : "";
  const char *action = query_get (query, "action");

  if (!authorize (host, msg))
    return;
  if (query != NULL && g_hash_table_size (query) > MAX_QUERY_KEYS)
    reply_error (msg, "Too many parameters");
  else if (g_str_has_prefix (script, "RPC_Loadfile/"))
    serve_file (host, msg, script + strlen ("RPC_Loadfile"), host->device->kind == DEVSIM_KIND_NVR);
  else if (g_str_equal (script, "magicBox.cgi") && action)
    cgi_magic_box (host, msg, action);
  else if (g_str_equal (script, "configManager.cgi"))
    cgi_config (host, msg, action, query);
  else if (g_str_equal (script, "eventManager.cgi"))
    cgi_event_manager (host, msg, action, query);
  else if (g_str_equal (script, "mediaFileFind.cgi"))
    cgi_media_file_find (host, msg, action, query);
  else if (g_str_equal (script, "ptz.cgi"))
    cgi_ptz (host, msg, action, query);
  else if (g_str_equal (script, "accessControl.cgi"))
    cgi_access_control (host, msg, action, query);
  else if (g_str_equal (script, "alarm.cgi"))
    cgi_alarm (host, msg, action);
  else if (g_str_equal (script, "snapshot.cgi"))
    reply_snapshot (host, msg, query_int (query, "channel", 1) - 1); /* 1-based; default the first */
  else if (g_str_equal (script, "storageDevice.cgi") && g_strcmp0 (action, "getDeviceAllInfo") == 0)
    {
      g_autoptr(JsonObject) reply = cgi_call (host, "storage.getDeviceAllInfo");

      reply_flattened (msg, reply, "list");
    }
  else if (g_str_equal (script, "userManager.cgi") && g_strcmp0 (action, "getUserInfoAll") == 0)
    {
      g_autoptr(JsonObject) reply = cgi_call (host, "userManager.getUserInfoAll");

      reply_flattened (msg, reply, NULL);
    }
  else
    reply_text (msg, SOUP_STATUS_NOT_FOUND, "Error\r\nNot Found\r\n");
}

/* ---- RPC2 --------------------------------------------------------------- */

static void
rpc_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  DevsimHost *host = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root;
  char *text;

  if (host->device->cgi_only)
    {
      reply_text (msg, SOUP_STATUS_NOT_FOUND, "Error\r\nNot Found\r\n");
      return;
    }
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      reply_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Error\r\nPOST only\r\n");
      return;
    }
  bytes = soup_message_body_flatten (body);
  if (g_bytes_get_size (bytes) > MAX_RPC_BODY ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error\r\nBad Request!\r\n");
      return;
    }
  /* /RPC2_Login only logs in; everything else goes to /RPC2. */
  if (g_str_equal (path, "/RPC2_Login") &&
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "method", ""),
                 "global.login") != 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "method", ""),
                 "Security.initDevAccount") != 0)
    {
      reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error\r\nBad Request!\r\n");
      return;
    }
  reply = devsim_rpc_dispatch (host, NULL, json_node_get_object (root));
  node = json_node_init_object (json_node_alloc (), reply);
  text = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
loadfile_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  DevsimHost *host = user_data;
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");
  g_autoptr(GHashTable) cookies = NULL;
  const char *sid = NULL;
  DevsimSession *session = NULL;

  if (cookie != NULL && strlen (cookie) < 4096)
    {
      cookies = soup_header_parse_semi_param_list (cookie);
      sid = g_hash_table_lookup (cookies, "DhWebClientSessionID");
      if (sid == NULL)
        sid = g_hash_table_lookup (cookies, "WebClientSessionID");
    }
  if (sid != NULL)
    session = devsim_host_lookup_session (host, (guint32) g_ascii_strtoull (sid, NULL, 10));
  if (session == NULL || !session->logged_in)
    {
      reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "Error\r\nInvalid session\r\n");
      return;
    }
  serve_file (host, msg, path + strlen ("/RPC_Loadfile"), FALSE);
}

/* Before the body is read: refuse bodies over the limit (and chunked ones, of
 * unknown size) instead of buffering them. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
      soup_message_headers_get_content_length (headers) > MAX_RPC_BODY)
    reply_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Error\r\nRequest too large\r\n");
}

/* ---- Digest ------------------------------------------------------------- */

/* RFC 2617 Digest, MD5, qop=auth, checked here rather than by SoupAuthDomainDigest:
 * that one compares the unescaped `uri` parameter with the still-escaped request,
 * so any query with %20 (as in condition.StartTime) would never authenticate. */

#define NONCE_LIFETIME_S 3600
#define MAX_AUTHORIZATION 4096

static char *
make_nonce (DevsimHost *host)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", now, host->device->realm);
  g_autofree char *mac = devsim_md5_hex (text, FALSE);

  return g_strdup_printf ("%" G_GINT64_FORMAT "x%s", now, mac);
}

static gboolean
nonce_valid (DevsimHost *host,
             const char *nonce)
{
  char *end = NULL;
  gint64 issued = nonce ? g_ascii_strtoll (nonce, &end, 10) : 0;
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", issued, host->device->realm);
  g_autofree char *mac = devsim_md5_hex (text, FALSE);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return nonce != NULL && end != nonce && *end == 'x' && g_strcmp0 (end + 1, mac) == 0 && now - issued >= 0 && now - issued < NONCE_LIFETIME_S;
}

static void
challenge (DevsimHost        *host,
           SoupServerMessage *msg)
{
  g_autofree char *nonce = make_nonce (host);
  g_autofree char *opaque = devsim_md5_hex (host->device->serial, FALSE);
  g_autofree char *header = g_strdup_printf ("Digest realm=\"%s\", qop=\"auth\", nonce=\"%s\", opaque=\"%s\"",
                                             host->device->realm, nonce, opaque);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", header);
  reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "Error\r\nUnauthorized\r\n");
}

typedef struct
{
  const char *method;
  GHashTable *params;
} DigestProof;

static gboolean
check_digest (const char *password,
              gpointer    data)
{
  DigestProof *p = data;
  const char *user = g_hash_table_lookup (p->params, "username");
  const char *realm = g_hash_table_lookup (p->params, "realm");
  const char *nonce = g_hash_table_lookup (p->params, "nonce");
  const char *uri = g_hash_table_lookup (p->params, "uri");
  const char *response = g_hash_table_lookup (p->params, "response");
  const char *qop = g_hash_table_lookup (p->params, "qop");
  const char *nc = g_hash_table_lookup (p->params, "nc");
  const char *cnonce = g_hash_table_lookup (p->params, "cnonce");
  g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", user, realm, password);
  g_autofree char *ha1 = devsim_md5_hex (a1, FALSE);
  g_autofree char *a2 = g_strdup_printf ("%s:%s", p->method, uri);
  g_autofree char *ha2 = devsim_md5_hex (a2, FALSE);
  g_autofree char *kd = qop ? g_strdup_printf ("%s:%s:%s:%s:%s:%s", ha1, nonce, nc ? nc : "", cnonce ? cnonce : "", qop, ha2)
                            : g_strdup_printf ("%s:%s:%s", ha1, nonce, ha2);
  g_autofree char *expected = devsim_md5_hex (kd, FALSE);

  return response != NULL && g_ascii_strcasecmp (expected, response) == 0;
}

/* TRUE when the request carries valid credentials; otherwise it has been answered. */
static gboolean
authorize (DevsimHost        *host,
           SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *req_path = NULL;
  g_autofree char *dig_path = NULL;
  const char *uri;
  DigestProof proof;
  DevsimLoginStatus status;

  if (header == NULL || strlen (header) > MAX_AUTHORIZATION || g_ascii_strncasecmp (header, "Digest ", 7) != 0)
    {
      challenge (host, msg);
      return FALSE;
    }
  params = soup_header_parse_param_list (header + 7);
  uri = g_hash_table_lookup (params, "uri");
  if (uri == NULL || g_hash_table_lookup (params, "username") == NULL ||
      g_strcmp0 (g_hash_table_lookup (params, "realm"), host->device->realm) != 0 ||
      !nonce_valid (host, g_hash_table_lookup (params, "nonce")))
    {
      /* A stale or foreign challenge: ask again, without counting a failure. */
      challenge (host, msg);
      return FALSE;
    }
  /* The digest covers the request target; compare both unescaped. */
  {
    GUri *request = soup_server_message_get_uri (msg);
    const char *query = g_uri_get_query (request);
    g_autofree char *raw = query ? g_strdup_printf ("%s?%s", g_uri_get_path (request), query)
                                 : g_strdup (g_uri_get_path (request));

    req_path = g_uri_unescape_string (raw, NULL);
    dig_path = g_uri_unescape_string (uri, NULL);
    if (req_path == NULL || dig_path == NULL || strcmp (req_path, dig_path) != 0)
      {
        reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error\r\nDigest uri does not match the request\r\n");
        return FALSE;
      }
  }
  proof = (DigestProof) { soup_server_message_get_method (msg), params };
  status = devsim_auth_login (host->device, g_hash_table_lookup (params, "username"),
                              check_digest, &proof, NULL, NULL);
  if (status != DEVSIM_LOGIN_OK)
    {
      challenge (host, msg);
      return FALSE;
    }
  return TRUE;
}

/* ---- lifecycle ---------------------------------------------------------- */

guint
devsim_listen_tcp (GSocketListener *listener,
                   const char      *address,
                   guint            port,
                   guint            default_port,
                   GError         **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) wanted = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) local_error = NULL;

  if (inet == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_BIND, "“%s” is not an IP address", address);
      return 0;
    }
  wanted = g_inet_socket_address_new (inet, (guint16) port);
  if (!g_socket_listener_add_address (listener, wanted, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, &local_error))
    {
      g_clear_object (&wanted);
      if (port != default_port)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_BIND, "Cannot listen on %s:%u: %s",
                       address, port, local_error->message);
          return 0;
        }
      g_debug ("%s:%u is taken (%s); using an ephemeral port", address, port, local_error->message);
      g_clear_error (&local_error);
      wanted = g_inet_socket_address_new (inet, 0);
      if (!g_socket_listener_add_address (listener, wanted, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL, &bound, &local_error))
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_BIND, "Cannot listen on %s: %s",
                       address, local_error->message);
          return 0;
        }
    }
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
http_listen (SoupServer  *server,
             const char  *address,
             guint        port,
             GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (inet, (guint16) port);

  return soup_server_listen (server, sa, 0, error);
}

gboolean
devsim_http_start (DevsimHost  *host,
                   GError     **error)
{
  DevsimDevice *device = host->device;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;

  host->http = soup_server_new ("server-header", "Webs", NULL);
  {
    static const struct
    {
      const char *path;
      SoupServerCallback callback;
    } handlers[] = {
      { "/cgi-bin", cgi_handler },
      { "/RPC2", rpc_handler },
      { "/RPC2_Login", rpc_handler },
      { "/RPC_Loadfile", loadfile_handler },
      { "/SubscribeNotify.cgi", subscribe_notify_handler },
    };

    /* Early handlers belong to a path's handler, so each path gets both. */
    for (gsize i = 0; i < G_N_ELEMENTS (handlers); i++)
      {
        soup_server_add_early_handler (host->http, handlers[i].path, early_handler, host, NULL);
        soup_server_add_handler (host->http, handlers[i].path, handlers[i].callback, host, NULL);
      }
  }

  /* The real port 80 where it can be bound, else an ephemeral one. */
  if (!http_listen (host->http, device->address, device->http_port, &local_error))
    {
      if (device->http_port != 80)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_clear_object (&host->http);
          return FALSE;
        }
      g_debug ("%s:80 is taken (%s); using an ephemeral port", device->address, local_error->message);
      if (!http_listen (host->http, device->address, 0, error))
        {
          g_clear_object (&host->http);
          return FALSE;
        }
    }
  /* From the socket: soup_server_get_uris () leaks an address in libsoup 3.2. */
  listeners = soup_server_get_listeners (host->http);
  g_assert (listeners != NULL);
  local = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (local == NULL)
    return FALSE;
  device->http_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

void
devsim_http_drop_streams (DevsimHost *host)
{
  while (host->http_streams->len > 0)
    {
      EventStream *stream = g_ptr_array_index (host->http_streams, 0);
      g_autoptr(SoupServerMessage) msg = g_object_ref (stream->msg);

      stream_free (stream);
      /* A stream never ends by itself: end the body and cut the connection. */
      shut_down (msg);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
    }
}

void
devsim_http_stop (DevsimHost *host)
{
  if (host->http == NULL)
    return;
  soup_server_disconnect (host->http);
  g_clear_object (&host->http);
}
