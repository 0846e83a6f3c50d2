/* devsim-dvrip.c: DVRIP on TCP 37777 (PROTOCOL.md §3.4): realm/random login and F6 JSON-RPC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-servers.h"
#include "devsim-auth.h"
#include "devsim-rpc.h"

#include <string.h>

#define HEADER_LEN 32
#define MAX_BODY (1024 * 1024)
#define MAX_QUEUED (16 * 1024 * 1024)
#define READ_CHUNK 16384

typedef struct
{
  int refs;
  DevsimHost *host;
  GSocketConnection *connection;
  GCancellable *cancellable;
  GByteArray *in;
  guint8 read_buffer[READ_CHUNK];
  GQueue out;                    /* GBytes */
  gsize queued;
  gboolean writing;
  gboolean closed;
  char *random;
  guint32 session_id;
} DvripConnection;

static void connection_close (DvripConnection *conn);
static void start_read (DvripConnection *conn);

static DvripConnection *
connection_ref (DvripConnection *conn)
{
  conn->refs++;
  return conn;
}

static void
connection_unref (DvripConnection *conn)
{
  if (--conn->refs > 0)
    return;
  g_queue_clear_full (&conn->out, (GDestroyNotify) g_bytes_unref);
  g_byte_array_unref (conn->in);
  g_object_unref (conn->cancellable);
  g_object_unref (conn->connection);
  g_free (conn->random);
  g_free (conn);
}

static void write_next (DvripConnection *conn);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DvripConnection *conn = user_data;
  g_autoptr(GError) error = NULL;

  conn->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("DVRIP write failed: %s", error->message);
      connection_close (conn);
    }
  else
    {
      GBytes *done = g_queue_pop_head (&conn->out);

      conn->queued -= g_bytes_get_size (done);
      g_bytes_unref (done);
      write_next (conn);
    }
  connection_unref (conn);
}

static void
write_next (DvripConnection *conn)
{
  GBytes *next;

  if (conn->writing || conn->closed || (next = g_queue_peek_head (&conn->out)) == NULL)
    return;
  conn->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->connection)),
                                   g_bytes_get_data (next, NULL), g_bytes_get_size (next),
                                   G_PRIORITY_DEFAULT, conn->cancellable, write_cb,
                                   connection_ref (conn));
}

static void
send_frame (DvripConnection *conn,
            const guint8    *header,
            const char      *body,
            gsize            body_len)
{
  guint8 *frame;

  if (conn->closed)
    return;
  /* A client that stops reading is dropped rather than buffered forever. */
  if (conn->queued + HEADER_LEN + body_len > MAX_QUEUED)
    {
      g_debug ("DVRIP client is not reading; dropping it");
      connection_close (conn);
      return;
    }
  frame = g_malloc (HEADER_LEN + body_len);
  memcpy (frame, header, HEADER_LEN);
  if (body_len)
    memcpy (frame + HEADER_LEN, body, body_len);
  g_queue_push_tail (&conn->out, g_bytes_new_take (frame, HEADER_LEN + body_len));
  conn->queued += HEADER_LEN + body_len;
  write_next (conn);
}

static void
send_json (DvripConnection *conn,
           guint32          request_id,
           guint32          session_id,
           const char      *json)
{
  g_autofree char *body = g_strconcat (json, "\n", NULL);
  gsize len = strlen (body);
  guint8 header[HEADER_LEN] = { 0xF6, 0x00, 0x00, 0x78 };

  devsim_put_le32 (header + 4, (guint32) len);
  devsim_put_le32 (header + 8, request_id);
  devsim_put_le32 (header + 16, (guint32) len);
  devsim_put_le32 (header + 24, session_id);
  send_frame (conn, header, body, len);
}

static void
session_notify (DevsimSession *session,
                const char    *message,
                gpointer       data)
{
  DvripConnection *conn = data;

  send_json (conn, session->attach_id, session->id, message);
}

typedef struct
{
  const char *user;
  const char *random;
  const char *default_hash;
  const char *dvrip_hash;
  const char *realm;
} DvripProof;

static gboolean
check_proof (const char *stored,
             gpointer    data)
{
  DvripProof *p = data;
  g_autofree char *d = devsim_hash_default (p->user, stored, p->realm, p->random);
  g_autofree char *v = devsim_hash_dvrip (p->user, stored, p->random);

  /* [U] both hashes must match. */
  return g_ascii_strcasecmp (d, p->default_hash) == 0 && g_ascii_strcasecmp (v, p->dvrip_hash) == 0;
}

static void
handle_login (DvripConnection *conn,
              const char      *body,
              gsize            len)
{
  DevsimHost *host = conn->host;
  guint8 header[HEADER_LEN] = { 0xB0, 0x00, 0x00, 0x78 };
  g_autofree char *text = g_strndup (body, len);
  const char *sep = strstr (text, "&&");
  g_autofree char *user = NULL;
  g_autofree char *default_hash = NULL;
  g_autofree char *dvrip_hash = NULL;
  DevsimLoginStatus status = DEVSIM_LOGIN_BAD_PASSWORD;
  int attempts = 0, lock_left = 0;

  header[24] = 0x06; header[26] = 0xF9;
  if (sep != NULL && conn->random != NULL && strlen (sep + 2) >= 64 && sep - text <= 64)
    {
      DvripProof proof;

      user = g_strndup (text, sep - text);
      default_hash = g_strndup (sep + 2, 32);
      dvrip_hash = g_strndup (sep + 2 + 32, 32);
      proof = (DvripProof) { user, conn->random, default_hash, dvrip_hash, host->device->realm };
      status = devsim_auth_login (host->device, user, check_proof, &proof, &attempts, &lock_left);
    }
  else
    attempts = DEVSIM_LOCKOUT_ATTEMPTS;
  g_clear_pointer (&conn->random, g_free);

  switch (status)
    {
    case DEVSIM_LOGIN_OK:
      {
        DevsimSession *session;

        /* A second login on the connection replaces the first session. */
        if (conn->session_id)
          devsim_host_close_session (host, conn->session_id);
        session = devsim_host_new_session (host, user);
        session->logged_in = TRUE;
        session->notify = session_notify;
        session->notify_data = conn;
        conn->session_id = session->id;
        header[8] = 0x00; header[9] = 0x08;
        devsim_put_le32 (header + 16, session->id);
      }
      break;
    case DEVSIM_LOGIN_BAD_PASSWORD:
      header[8] = 0x01; header[9] = 0x00;
      header[28] = (attempts >> 8) & 0xff;
      header[29] = attempts & 0xff;
      break;
    case DEVSIM_LOGIN_BAD_USER:
      header[8] = 0x01; header[9] = 0x01;
      break;
    case DEVSIM_LOGIN_LOCKED:
      /* Choice: the seconds left go where a bad password's attempts go. */
      header[8] = 0x01; header[9] = 0x04;
      header[28] = (MIN (lock_left, 0xFFFF) >> 8) & 0xff;
      header[29] = MIN (lock_left, 0xFFFF) & 0xff;
      break;
    case DEVSIM_LOGIN_NOT_INITIALISED:
    default:
      header[8] = 0x01; header[9] = 0x11;
      break;
    }
  send_frame (conn, header, NULL, 0);
}

static void
handle_realm (DvripConnection *conn)
{
  guint8 header[HEADER_LEN] = { 0xB0, 0x00, 0x00, 0x78 };
  g_autofree char *body = NULL;
  gsize len;

  g_free (conn->random);
  conn->random = devsim_new_random ();
  body = g_strdup_printf ("Realm:%s\r\nRandom:%s\r\n\r\n", conn->host->device->realm, conn->random);
  len = strlen (body);
  devsim_put_le32 (header + 4, (guint32) len);
  header[24] = 0x06; header[26] = 0xF9;
  send_frame (conn, header, body, len);
}

static void
handle_rpc (DvripConnection *conn,
            const guint8    *header,
            const char      *body,
            gsize            len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  DevsimSession *session = conn->session_id ? devsim_host_lookup_session (conn->host, conn->session_id)
                                            : NULL;
  JsonNode *root;

  /* The body may end in "\n\0". */
  while (len > 0 && (body[len - 1] == '\0' || body[len - 1] == '\n'))
    len--;
  if (!json_parser_load_from_data (parser, body, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_json (conn, devsim_get_le32 (header + 8), conn->session_id,
                 "{\"result\":false,\"error\":{\"code\":268894209,\"message\":\"Invalid request\"}}");
      return;
    }
  /* Only the connection's own login counts; a stale session gets "invalid session". */
  if (session == NULL)
    {
      DevsimSession anonymous = { 0 };

      anonymous.host = conn->host;
      json_object_remove_member (json_node_get_object (root), "session");
      reply = devsim_rpc_dispatch (conn->host, &anonymous, json_node_get_object (root));
    }
  else
    reply = devsim_rpc_dispatch (conn->host, session, json_node_get_object (root));
  node = json_node_init_object (json_node_alloc (), reply);
  text = json_to_string (node, FALSE);
  send_json (conn, devsim_get_le32 (header + 8), conn->session_id, text);
  /* global.logout: the device closes the connection after answering. */
  if (conn->session_id && devsim_host_lookup_session (conn->host, conn->session_id) == NULL)
    conn->session_id = 0;
}

static gboolean
process_frames (DvripConnection *conn)
{
  while (!conn->closed && conn->in->len >= HEADER_LEN)
    {
      const guint8 *h = conn->in->data;
      guint32 len = devsim_get_le32 (h + 4);
      guint8 header[HEADER_LEN];

      if (len > MAX_BODY)
        {
          g_debug ("DVRIP frame of %u bytes is over the limit; closing", len);
          return FALSE;
        }
      if (conn->in->len < HEADER_LEN + len)
        break;
      memcpy (header, h, HEADER_LEN);
      switch (header[0])
        {
        case 0xA0:
          if (len == 0)
            handle_realm (conn);
          else
            handle_login (conn, (const char *) conn->in->data + HEADER_LEN, len);
          break;
        case 0xF6:
          handle_rpc (conn, header, (const char *) conn->in->data + HEADER_LEN, len);
          break;
        default:
          g_debug ("DVRIP command 0x%02X is not implemented; ignored", header[0]);
          break;
        }
      g_byte_array_remove_range (conn->in, 0, HEADER_LEN + len);
    }
  return TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  DvripConnection *conn = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0 || conn->closed)
    connection_close (conn);
  else
    {
      g_byte_array_append (conn->in, conn->read_buffer, (guint) n);
      if (!process_frames (conn))
        connection_close (conn);
      else
        start_read (conn);
    }
  connection_unref (conn);
}

static void
start_read (DvripConnection *conn)
{
  if (conn->closed)
    return;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (conn->connection)),
                             conn->read_buffer, sizeof conn->read_buffer, G_PRIORITY_DEFAULT,
                             conn->cancellable, read_cb, connection_ref (conn));
}

static void
connection_close (DvripConnection *conn)
{
  if (conn->closed)
    return;
  conn->closed = TRUE;
  g_cancellable_cancel (conn->cancellable);
  if (conn->session_id)
    devsim_host_close_session (conn->host, conn->session_id);
  conn->session_id = 0;
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  if (g_ptr_array_remove (conn->host->dvrip_connections, conn))
    connection_unref (conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  DevsimHost *host = user_data;
  DvripConnection *conn;

  if (!host->device->online || host->device->cgi_only)
    return FALSE;
  conn = g_new0 (DvripConnection, 1);
  conn->refs = 1;
  conn->host = host;
  conn->connection = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();
  conn->in = g_byte_array_new ();
  g_queue_init (&conn->out);
  g_ptr_array_add (host->dvrip_connections, conn);
  start_read (conn);
  return TRUE;
}

gboolean
devsim_dvrip_start (DevsimHost  *host,
                    GError     **error)
{
  guint port;

  host->dvrip = g_socket_service_new ();
  port = devsim_listen_tcp (G_SOCKET_LISTENER (host->dvrip), host->device->address,
                            host->device->dvrip_port, 37777, error);
  if (port == 0)
    {
      g_clear_object (&host->dvrip);
      return FALSE;
    }
  host->device->dvrip_port = port;
  g_signal_connect (host->dvrip, "incoming", G_CALLBACK (incoming_cb), host);
  g_socket_service_start (host->dvrip);
  return TRUE;
}

void
devsim_dvrip_drop (DevsimHost *host)
{
  while (host->dvrip_connections->len > 0)
    connection_close (g_ptr_array_index (host->dvrip_connections, 0));
}

void
devsim_dvrip_expire (DevsimHost *host,
                     gint64      limit_us)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();

  for (guint i = 0; i < host->dvrip_connections->len; i++)
    {
      DvripConnection *conn = g_ptr_array_index (host->dvrip_connections, i);
      DevsimSession *session = conn->session_id ? devsim_host_lookup_session (host, conn->session_id) : NULL;

      if (session != NULL && session->last_seen_us < limit_us)
        g_ptr_array_add (stale, conn);
    }
  for (guint i = 0; i < stale->len; i++)
    connection_close (g_ptr_array_index (stale, i));
}

void
devsim_dvrip_stop (DevsimHost *host)
{
  devsim_dvrip_drop (host);
  if (host->dvrip == NULL)
    return;
  g_socket_service_stop (host->dvrip);
  g_socket_listener_close (G_SOCKET_LISTENER (host->dvrip));
  g_signal_handlers_disconnect_by_data (host->dvrip, host);
  g_clear_object (&host->dvrip);
}
