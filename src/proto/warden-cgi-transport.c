/* warden-cgi-transport.c: the HTTP CGI API (/cgi-bin/...) with Digest auth (PROTOCOL.md §1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-cgi-transport.h"
#include "warden-proto-error.h"

#include <stdarg.h>

struct _WardenCgiTransport
{
  GObject parent_instance;

  WardenHttpClient *http;
};

G_DEFINE_FINAL_TYPE (WardenCgiTransport, warden_cgi_transport, G_TYPE_OBJECT)

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenCgiTransport *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = warden_http_client_request_finish (WARDEN_HTTP_CLIENT (object), result,
                                                              NULL, &error);
  gsize len = 0;
  const char *text;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Some devices answer 200 with an Error body: that is a failure too. */
  text = g_bytes_get_data (body, &len);
  if (len > 0 && !warden_cgi_reply_check (text, len, warden_http_client_get_host (self->http), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

static void
warden_cgi_transport_finalize (GObject *object)
{
  WardenCgiTransport *self = (WardenCgiTransport *) object;

  g_clear_object (&self->http);

  G_OBJECT_CLASS (warden_cgi_transport_parent_class)->finalize (object);
}

static void
warden_cgi_transport_class_init (WardenCgiTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_cgi_transport_finalize;
}

static void
warden_cgi_transport_init (WardenCgiTransport *self)
{
}

WardenCgiTransport *
warden_cgi_transport_new (WardenHttpClient *http)
{
  WardenCgiTransport *self;

  g_return_val_if_fail (WARDEN_IS_HTTP_CLIENT (http), NULL);

  self = g_object_new (WARDEN_TYPE_CGI_TRANSPORT, NULL);
  self->http = g_object_ref (http);
  return self;
}

/**
 * warden_cgi_transport_get_http:
 *
 * Returns: (transfer none): the HTTP client the requests go through
 */
WardenHttpClient *
warden_cgi_transport_get_http (WardenCgiTransport *self)
{
  g_return_val_if_fail (WARDEN_IS_CGI_TRANSPORT (self), NULL);
  return self->http;
}

/**
 * warden_cgi_transport_build_query:
 * @cgi: e.g. `magicBox.cgi`
 * @action: the action
 * @...: pairs of key and value, then %NULL; values are escaped (spaces as `%20`)
 *
 * Returns: (transfer full): `/cgi-bin/<cgi>?action=<action>&k=v...`
 */
char *
warden_cgi_transport_build_query (const char *cgi,
                                  const char *action,
                                  ...)
{
  g_autoptr(GString) query = g_string_new ("/cgi-bin/");
  const char *key;
  va_list args;

  g_string_append (query, cgi);
  g_string_append (query, "?action=");
  g_string_append_uri_escaped (query, action, NULL, FALSE);

  va_start (args, action);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_string_append_c (query, '&');
      /* Keys keep their [] and . (`condition.Types[0]`); devices expect them raw. */
      g_string_append_uri_escaped (query, key, "[].", FALSE);
      g_string_append_c (query, '=');
      g_string_append_uri_escaped (query, value, NULL, FALSE);
    }
  va_end (args);

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/**
 * warden_cgi_transport_get_async:
 * @path_and_query: e.g. from warden_cgi_transport_build_query()
 *
 * GETs a CGI reply (up to %WARDEN_KV_MAX_SIZE bytes). An `Error` body fails even
 * with HTTP 200.
 */
void
warden_cgi_transport_get_async (WardenCgiTransport  *self,
                                const char          *path_and_query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_CGI_TRANSPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_cgi_transport_get_async);
  warden_http_client_request_async (self->http, "GET", path_and_query, NULL, NULL,
                                    WARDEN_KV_MAX_SIZE, cancellable, get_cb, task);
}

/**
 * warden_cgi_transport_get_finish:
 *
 * Returns: (transfer full): the reply body
 */
GBytes *
warden_cgi_transport_get_finish (WardenCgiTransport  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * warden_cgi_transport_get_table_finish:
 *
 * Like warden_cgi_transport_get_finish(), with the reply parsed as `key=value` lines.
 *
 * Returns: (transfer full): the table
 */
WardenKvTable *
warden_cgi_transport_get_table_finish (WardenCgiTransport  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_autoptr(GBytes) body = warden_cgi_transport_get_finish (self, result, error);
  gsize len = 0;
  const char *text;

  if (body == NULL)
    return NULL;
  text = g_bytes_get_data (body, &len);
  return warden_kv_table_parse (text != NULL ? text : "", len,
                                warden_http_client_get_host (self->http), error);
}
