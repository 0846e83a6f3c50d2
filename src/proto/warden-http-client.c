/* warden-http-client.c: HTTP(S) to one device, with Digest auth and a pinned certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates are pinned on first use: with no pin, the first certificate seen is
 * accepted and its SHA-256 fingerprint offered (warden_http_client_get_fingerprint())
 * for the caller to store; with a pin, any other certificate fails the request with
 * %WARDEN_PROTO_ERROR_TLS_MISMATCH naming both fingerprints. The session has no CA
 * database, so every certificate goes through this check.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-http-client.h"
#include "warden-proto-error.h"

#include <libsoup/soup.h>
#include <string.h>

#define READ_SIZE 16384

struct _WardenHttpClient
{
  GObject parent_instance;

  char *host;
  guint port;
  gboolean tls;
  SoupSession *session;
  char *user;
  char *password;
  char *pin;
  char *fingerprint;       /* of the last certificate seen */
  gboolean mismatch;
};

G_DEFINE_FINAL_TYPE (WardenHttpClient, warden_http_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage *message;
  GByteArray *body;
  gsize max_reply;
  GInputStream *stream;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->stream);
  g_free (request);
}

static char *
certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup ("unknown");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static gboolean
accept_certificate_cb (SoupMessage         *message,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  WardenHttpClient *self = user_data;
  g_autofree char *seen = certificate_fingerprint (certificate);

  /* Without a pin, the first certificate of this client becomes the pin. */
  if (self->pin == NULL && self->fingerprint != NULL)
    self->pin = g_strdup (self->fingerprint);
  self->mismatch = self->pin != NULL && g_ascii_strcasecmp (self->pin, seen) != 0;
  g_free (self->fingerprint);
  self->fingerprint = g_steal_pointer (&seen);
  return !self->mismatch;
}

static gboolean
authenticate_cb (SoupMessage *message,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 gpointer     user_data)
{
  WardenHttpClient *self = user_data;

  /* Never retry a refused password: a second try counts towards the lock-out. */
  if (retrying || self->user == NULL || soup_auth_is_for_proxy (auth))
    return FALSE;
  soup_auth_authenticate (auth, self->user, self->password);
  return TRUE;
}

static GError *
transport_error (WardenHttpClient *self,
                 const GError     *error)
{
  if (self->mismatch)
    return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TLS_MISMATCH,
                        "Device %s presented a certificate with SHA-256 %s, but %s is pinned. "
                        "If the device's certificate was replaced on purpose, remove the pin.",
                        self->host, self->fingerprint, self->pin);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TIMEOUT,
                        "Device %s did not answer on port %u in time", self->host, self->port);
  return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNREACHABLE,
                      "Cannot reach %s on port %u: %s", self->host, self->port, error->message);
}

static GError *
status_error (WardenHttpClient *self,
              SoupMessage      *message,
              GByteArray       *body)
{
  guint status = soup_message_get_status (message);
  g_autofree char *detail = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS,
                        "Device %s refused the user name or password. Check the credentials.",
                        self->host);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_NOT_IMPLEMENTED)
    return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
                        "Device %s does not offer %s (HTTP %u)", self->host,
                        g_uri_get_path (soup_message_get_uri (message)), status);
  if (body != NULL && body->len > 0 && g_utf8_validate ((const char *) body->data,
                                                        MIN (body->len, 200u), NULL))
    {
      detail = g_strndup ((const char *) body->data, MIN (body->len, 200u));
      g_strstrip (g_strdelimit (detail, "\r\n", ' '));
    }
  return g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                      "Device %s answered HTTP %u %s%s%s", self->host, status,
                      soup_message_get_reason_phrase (message) != NULL
                        ? soup_message_get_reason_phrase (message) : "",
                      detail != NULL ? ": " : "", detail != NULL ? detail : "");
}

static SoupMessage *
new_message (WardenHttpClient *self,
             const char       *method,
             const char       *path_and_query,
             GError          **error)
{
  g_autofree char *uri = warden_http_client_build_uri (self, path_and_query);
  SoupMessage *message = soup_message_new (method, uri);

  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not a valid request: %s", uri);
      return NULL;
    }
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
  g_signal_connect_object (message, "authenticate", G_CALLBACK (authenticate_cb), self, 0);
  return message;
}

static void read_more (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  guint status;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, transport_error (self, error));
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      if (request->body->len + g_bytes_get_size (bytes) > request->max_reply)
        {
          g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                                   "Device %s sent a reply larger than %" G_GSIZE_FORMAT " bytes",
                                   self->host, request->max_reply);
          return;
        }
      g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL),
                           (guint) g_bytes_get_size (bytes));
      read_more (g_steal_pointer (&task));
      return;
    }

  status = soup_message_get_status (request->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, status_error (self, request->message, request->body));
      return;
    }
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

/* Returns the body stream, or NULL after failing @task with a WardenProtoError. */
static GInputStream *
finish_send (GTask        *task,
             GObject      *session,
             GAsyncResult *result)
{
  WardenHttpClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (session), result, &error);

  if (stream != NULL)
    return stream;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_error (task, transport_error (self, error));
  return NULL;
}

/* Sends a request for @task (taking it); @done gets the session's result. */
static void
start_request (WardenHttpClient    *self,
               GTask               *task,
               const char          *method,
               const char          *path_and_query,
               const char          *content_type,
               GBytes              *body,
               gsize                max_reply,
               GAsyncReadyCallback  done)
{
  Request *request = g_new0 (Request, 1);
  g_autoptr(GError) error = NULL;

  request->max_reply = max_reply;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->message = new_message (self, method, path_and_query, &error);
  if (request->message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->message, content_type, body);
  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), done, task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  const char *length_header;
  guint64 announced;

  request->stream = finish_send (task, object, result);
  if (request->stream == NULL)
    return;

  /* Refuse an announced body over the limit before reading any of it. */
  length_header = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                                "Content-Length");
  if (length_header != NULL &&
      g_ascii_string_to_unsigned (length_header, 10, 0, G_MAXUINT64, &announced, NULL) &&
      announced > request->max_reply)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                               "Device %s announced a %" G_GUINT64_FORMAT "-byte reply; the limit is %"
                               G_GSIZE_FORMAT, self->host, announced, request->max_reply);
      return;
    }

  request->body = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static void
warden_http_client_finalize (GObject *object)
{
  WardenHttpClient *self = (WardenHttpClient *) object;

  g_free (self->host);
  g_clear_object (&self->session);
  g_free (self->user);
  g_free (self->password);
  g_free (self->pin);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (warden_http_client_parent_class)->finalize (object);
}

static void
warden_http_client_class_init (WardenHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_http_client_finalize;
}

static void
warden_http_client_init (WardenHttpClient *self)
{
}

/**
 * warden_http_client_new:
 * @timeout_s: I/O timeout; 0 for none (long-lived streams)
 */
WardenHttpClient *
warden_http_client_new (const char *host,
                        guint       port,
                        gboolean    tls,
                        guint       timeout_s)
{
  WardenHttpClient *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);

  self = g_object_new (WARDEN_TYPE_HTTP_CLIENT, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->tls = tls;
  self->session = soup_session_new_with_options ("timeout", timeout_s,
                                                 "user-agent", "Warden/" PACKAGE_VERSION,
                                                 NULL);
  /* No CA database: every certificate reaches accept_certificate_cb() and the pin. */
  soup_session_set_tls_database (self->session, NULL);
  soup_session_add_feature_by_type (self->session, SOUP_TYPE_COOKIE_JAR);
  return self;
}

const char *
warden_http_client_get_host (WardenHttpClient *self)
{
  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (self), NULL);
  return self->host;
}

guint
warden_http_client_get_port (WardenHttpClient *self)
{
  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (self), 0);
  return self->port;
}

gboolean
warden_http_client_get_tls (WardenHttpClient *self)
{
  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (self), FALSE);
  return self->tls;
}

/**
 * warden_http_client_set_credentials:
 *
 * Answers Digest (or Basic) challenges with these, once per request.
 */
void
warden_http_client_set_credentials (WardenHttpClient *self,
                                    const char       *user,
                                    const char       *password)
{
  g_return_if_fail (WARDEN_IS_HTTP_CLIENT (self));

  g_free (self->user);
  g_free (self->password);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
}

/**
 * warden_http_client_set_pin:
 * @sha256: (nullable): the hex SHA-256 of the certificate's DER form, or %NULL to
 *   accept and record the next one
 */
void
warden_http_client_set_pin (WardenHttpClient *self,
                            const char       *sha256)
{
  g_return_if_fail (WARDEN_IS_HTTP_CLIENT (self));

  g_free (self->pin);
  self->pin = g_strdup (sha256);
}

/**
 * warden_http_client_get_fingerprint:
 *
 * Returns: (nullable): the SHA-256 of the last certificate the device presented
 */
const char *
warden_http_client_get_fingerprint (WardenHttpClient *self)
{
  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (self), NULL);
  return self->fingerprint;
}

/**
 * warden_http_client_build_uri:
 * @path_and_query: starts with `/`; already escaped
 */
char *
warden_http_client_build_uri (WardenHttpClient *self,
                              const char       *path_and_query)
{
  gboolean ipv6 = strchr (self->host, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u%s", self->tls ? "https" : "http",
                          ipv6 ? "[" : "", self->host, ipv6 ? "]" : "", self->port, path_and_query);
}

/**
 * warden_http_client_request_async:
 * @content_type: (nullable): of @body
 * @body: (nullable): the request body
 * @max_reply: the largest reply body accepted
 */
void
warden_http_client_request_async (WardenHttpClient    *self,
                                  const char          *method,
                                  const char          *path_and_query,
                                  const char          *content_type,
                                  GBytes              *body,
                                  gsize                max_reply,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_HTTP_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_http_client_request_async);
  start_request (self, task, method, path_and_query, content_type, body, max_reply, send_cb);
}

/**
 * warden_http_client_request_finish:
 * @content_type: (out) (optional): the reply's Content-Type
 *
 * Returns: (transfer full): the reply body of a 2xx reply; else %NULL with a
 *   #WardenProtoError (401: wrong credentials, 404: unsupported)
 */
GBytes *
warden_http_client_request_finish (WardenHttpClient  *self,
                                   GAsyncResult      *result,
                                   char             **content_type,
                                   GError           **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (
      soup_message_get_response_headers (request->message), NULL));
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = finish_send (task, object, result);

  if (stream == NULL)
    return;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, status_error (self, request->message, NULL));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
}

/**
 * warden_http_client_open_async:
 *
 * Starts a GET whose body is read as a stream (event streams, downloads).
 */
void
warden_http_client_open_async (WardenHttpClient    *self,
                               const char          *path_and_query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_HTTP_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_http_client_open_async);
  start_request (self, task, SOUP_METHOD_GET, path_and_query, NULL, NULL, 0, open_cb);
}

/**
 * warden_http_client_open_finish:
 * @content_type: (out) (optional): the reply's full Content-Type, parameters included
 * @content_length: (out) (optional): the announced length, or -1
 *
 * Returns: (transfer full): the body stream of a 2xx reply
 */
GInputStream *
warden_http_client_open_finish (WardenHttpClient  *self,
                                GAsyncResult      *result,
                                char             **content_type,
                                goffset           *content_length,
                                GError           **error)
{
  Request *request;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  headers = soup_message_get_response_headers (request->message);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  if (content_length != NULL)
    *content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                        ? soup_message_headers_get_content_length (headers) : -1;
  return g_task_propagate_pointer (G_TASK (result), error);
}
