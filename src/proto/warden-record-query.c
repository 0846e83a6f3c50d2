/* warden-record-query.c: the recorder's files for a channel and time range, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mediaFileFind (PROTOCOL.md §1.9): factory.create gives an object, findFile sets
 * the condition, each findNextFile returns up to 100 files, and close + destroy end
 * the search. JSON-RPC counts channels from 0, the CGI condition from 1. Times are
 * the device's local time. Every file is a JSON object with the device's field
 * names (Channel, StartTime, EndTime, Type, FilePath, Length, Flags, Events, ...).
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-record-query.h"
#include "warden-device-session-private.h"
#include "warden-download-unwrapper.h"
#include "warden-json.h"
#include "warden-multipart-parser.h"
#include "warden-proto-error.h"

#include <string.h>

#define COPY_SIZE 65536

typedef enum
{
  STEP_CREATE,
  STEP_FIND,
  STEP_NEXT,
  STEP_CLOSE,
  STEP_DESTROY,
  STEP_DONE,
} Step;

struct _WardenRecordQuery
{
  GObject parent_instance;

  WardenDeviceSession *session;
  int channel;             /* 1-based */
  char *from;              /* device local time */
  char *to;
  char *type;
  Step step;
  gint64 object;
  GTask *task;             /* the next_async in progress */
  GPtrArray *page;
};

G_DEFINE_FINAL_TYPE (WardenRecordQuery, warden_record_query, G_TYPE_OBJECT)

static void run_step (WardenRecordQuery *self);

static char *
device_time (WardenDeviceSession *session,
             GDateTime           *time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (warden_device_session_get_utc_offset (session));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
finish_page (WardenRecordQuery *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GPtrArray *page = g_steal_pointer (&self->page);

  g_task_return_pointer (task, page, (GDestroyNotify) g_ptr_array_unref);
}

static void
fail (WardenRecordQuery *self,
      GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_pointer (&self->page, g_ptr_array_unref);
  self->step = STEP_DONE;
  g_task_return_error (task, error);
}

static void
add_files (WardenRecordQuery *self,
           JsonArray         *files)
{
  for (guint i = 0; files != NULL && i < json_array_get_length (files) && i < WARDEN_RECORD_PAGE; i++)
    {
      JsonNode *file = json_array_get_element (files, i);

      if (JSON_NODE_HOLDS_OBJECT (file))
        g_ptr_array_add (self->page, json_node_copy (file));
    }
}

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WardenRecordQuery) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;
  g_autoptr(WardenKvTable) table = NULL;
  gint64 found = 0;

  if (!_warden_device_session_rpc_or_cgi_finish (result, object, &reply, &table, &error))
    {
      /* Searching past the end is an error on some devices: no more files. */
      if (self->step == STEP_CLOSE || self->step == STEP_DESTROY)
        {
          self->step++;
          run_step (self);
          return;
        }
      if (self->step == STEP_FIND &&
          g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE))
        {
          self->step = STEP_CLOSE;
          run_step (self);
          return;
        }
      fail (self, g_steal_pointer (&error));
      return;
    }

  switch (self->step)
    {
    case STEP_CREATE:
      if (reply != NULL ? !warden_rpc_reply_get_result_int (reply, &self->object)
                        : !g_ascii_string_to_signed (warden_kv_table_lookup (table, "result") != NULL
                                                       ? warden_kv_table_lookup (table, "result") : "",
                                                     10, 1, G_MAXINT64, &self->object, NULL))
        {
          fail (self, g_error_new (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                   "Device %s gave no search object",
                                   warden_device_session_get_host (self->session)));
          return;
        }
      self->step = STEP_FIND;
      run_step (self);
      return;

    case STEP_FIND:
      self->step = STEP_NEXT;
      run_step (self);
      return;

    case STEP_NEXT:
      if (reply != NULL)
        {
          warden_json_get_int (reply->params, "found", &found);
          add_files (self, warden_json_get_array (reply->params, "infos"));
        }
      else
        {
          g_autoptr(JsonNode) items = NULL;
          const char *text = warden_kv_table_lookup (table, "found");

          if (text != NULL)
            g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &found, NULL);
          items = found > 0 ? warden_kv_table_to_json (table, "items", NULL) : NULL;
          if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
            add_files (self, json_node_get_array (items));
        }
      if (found <= 0 || self->page->len == 0)
        {
          self->step = STEP_CLOSE;
          run_step (self);
          return;
        }
      finish_page (self);
      return;

    case STEP_CLOSE:
    case STEP_DESTROY:
      self->step++;
      run_step (self);
      return;

    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
find_params (WardenRecordQuery *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "condition");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Channel");
  json_builder_add_int_value (builder, self->channel - 1);
  json_builder_set_member_name (builder, "StartTime");
  json_builder_add_string_value (builder, self->from);
  json_builder_set_member_name (builder, "EndTime");
  json_builder_add_string_value (builder, self->to);
  if (self->type != NULL)
    {
      json_builder_set_member_name (builder, "Types");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, self->type);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "Order");
  json_builder_add_string_value (builder, "Ascent");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
run_step (WardenRecordQuery *self)
{
  static const char * const verbs[] = { "factory.create", "findFile", "findNextFile", "close", "destroy" };
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  g_autofree char *method = NULL;
  g_autofree char *query = NULL;
  g_autofree char *object = NULL;
  g_autoptr(JsonNode) params = NULL;

  if (self->step == STEP_DONE)
    {
      finish_page (self);
      return;
    }

  method = g_strconcat ("mediaFileFind.", verbs[self->step], NULL);
  object = g_strdup_printf ("%" G_GINT64_FORMAT, self->object);
  switch (self->step)
    {
    case STEP_CREATE:
      query = warden_cgi_transport_build_query ("mediaFileFind.cgi", "factory.create", NULL);
      break;
    case STEP_FIND:
      {
        g_autofree char *channel = g_strdup_printf ("%d", self->channel);

        params = find_params (self);
        query = warden_cgi_transport_build_query ("mediaFileFind.cgi", "findFile", "object", object,
                                                  "condition.Channel", channel,
                                                  "condition.StartTime", self->from,
                                                  "condition.EndTime", self->to,
                                                  self->type != NULL ? "condition.Types[0]" : NULL,
                                                  self->type, NULL);
      }
      break;
    case STEP_NEXT:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autofree char *count = g_strdup_printf ("%d", WARDEN_RECORD_PAGE);

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "count");
        json_builder_add_int_value (builder, WARDEN_RECORD_PAGE);
        json_builder_end_object (builder);
        params = json_builder_get_root (builder);
        query = warden_cgi_transport_build_query ("mediaFileFind.cgi", "findNextFile",
                                                  "object", object, "count", count, NULL);
      }
      break;
    case STEP_CLOSE:
    case STEP_DESTROY:
    case STEP_DONE:
    default:
      query = warden_cgi_transport_build_query ("mediaFileFind.cgi", verbs[self->step],
                                                "object", object, NULL);
      break;
    }

  _warden_device_session_rpc_or_cgi_async (self->session, method, params,
                                           self->step == STEP_CREATE ? 0 : self->object, query,
                                           cancellable, step_cb, g_object_ref (self));
}

static void
warden_record_query_finalize (GObject *object)
{
  WardenRecordQuery *self = (WardenRecordQuery *) object;

  g_clear_object (&self->session);
  g_free (self->from);
  g_free (self->to);
  g_free (self->type);
  g_clear_pointer (&self->page, g_ptr_array_unref);

  G_OBJECT_CLASS (warden_record_query_parent_class)->finalize (object);
}

static void
warden_record_query_class_init (WardenRecordQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_record_query_finalize;
}

static void
warden_record_query_init (WardenRecordQuery *self)
{
}

/**
 * warden_record_query_new:
 * @session: a connected session
 * @channel: 1-based
 * @from: start of the range (any time zone)
 * @to: end of the range
 * @type: (nullable): `dav`, `mp4` or `jpg`; %NULL for all
 */
WardenRecordQuery *
warden_record_query_new (WardenDeviceSession *session,
                         int                  channel,
                         GDateTime           *from,
                         GDateTime           *to,
                         const char          *type)
{
  WardenRecordQuery *self;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SESSION (session), NULL);
  g_return_val_if_fail (channel >= 1 && from != NULL && to != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_RECORD_QUERY, NULL);
  self->session = g_object_ref (session);
  self->channel = channel;
  self->from = device_time (session, from);
  self->to = device_time (session, to);
  self->type = g_strdup (type);
  return self;
}

/**
 * warden_record_query_next_async:
 *
 * Fetches the next page of files. An empty page means the search is over; the
 * device's search object is then already released.
 */
void
warden_record_query_next_async (WardenRecordQuery   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WARDEN_IS_RECORD_QUERY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_record_query_next_async);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A page is already being fetched");
      return;
    }
  if (warden_device_session_get_protocol (self->session) == WARDEN_PROTOCOL_NONE)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                               "Not logged in to %s; connect first",
                               warden_device_session_get_host (self->session));
      return;
    }
  self->task = g_steal_pointer (&task);
  self->page = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  run_step (self);
}

/**
 * warden_record_query_next_finish:
 *
 * Returns: (transfer full) (element-type JsonNode): the files of this page (JSON
 *   objects), empty when there are no more
 */
GPtrArray *
warden_record_query_next_finish (WardenRecordQuery  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- download ---------------------------------------------------------------------- */

typedef struct
{
  GInputStream *input;
  GOutputStream *output;
  WardenDownloadUnwrapper *unwrapper;  /* a recorder's multipart reply, else NULL */
  WardenProgressFunc progress;
  gpointer progress_data;
  goffset done;
  goffset total;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->input);
  g_clear_object (&download->output);
  g_clear_pointer (&download->unwrapper, warden_download_unwrapper_free);
  g_free (download);
}

static void download_read (GTask *task);

static void
download_write_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  download->done += (goffset) written;
  if (download->progress != NULL)
    download->progress (download->done, download->total, download->progress_data);
  download_read (g_steal_pointer (&task));
}

static void
download_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      if (download->unwrapper != NULL && !warden_download_unwrapper_finish (download->unwrapper, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (download->total >= 0 && download->done != download->total)
        {
          g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                                   "The download ended after %" G_GOFFSET_FORMAT " of %"
                                   G_GOFFSET_FORMAT " bytes", download->done, download->total);
          return;
        }
      g_task_return_int (task, download->done);
      return;
    }
  if (download->unwrapper != NULL)
    {
      g_autoptr(GByteArray) file = g_byte_array_new ();

      if (!warden_download_unwrapper_feed (download->unwrapper, g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes), file, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      download->total = warden_download_unwrapper_get_file_length (download->unwrapper);
      g_clear_pointer (&bytes, g_bytes_unref);
      if (file->len == 0)
        {
          download_read (g_steal_pointer (&task));
          return;
        }
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&file));
    }
  g_output_stream_write_all_async (download->output, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_write_cb, task);
  /* The bytes stay alive: write_all_async copies nothing, so keep them with the task. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
  task = NULL;
}

static void
download_read (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (download->input, COPY_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_read_cb, task);
}

static void
download_open_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;

  download->input = warden_http_client_open_finish (WARDEN_HTTP_CLIENT (object), result, &content_type,
                                                    &download->total, &error);
  if (download->input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (content_type != NULL && g_ascii_strncasecmp (content_type, "multipart/", 10) == 0)
    {
      WardenDeviceSession *session = g_task_get_source_object (task);
      g_autofree char *boundary = warden_multipart_boundary_of (content_type);

      download->unwrapper = warden_download_unwrapper_new (boundary, warden_device_session_get_host (session));
      if (download->unwrapper == NULL)
        {
          g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                   "Device %s sent a download with an unusable multipart boundary",
                                   warden_device_session_get_host (session));
          return;
        }
      /* The reply's length counts the wrapping; the file's comes with its part. */
      download->total = -1;
    }
  download_read (g_steal_pointer (&task));
}

/**
 * warden_record_download_async:
 * @file_path: a FilePath from the search
 * @output: where the file goes
 * @progress: (nullable) (scope call): called after each chunk with the bytes so far
 *   and the total (-1 when the device did not say)
 *
 * Downloads a recorded file through `/cgi-bin/RPC_Loadfile<path>` with Digest auth.
 * A recorder's multipart reply (a JSON status part, then the file) is unwrapped:
 * only the file is written.
 */
void
warden_record_download_async (WardenDeviceSession *session,
                              const char          *file_path,
                              GOutputStream       *output,
                              WardenProgressFunc   progress,
                              gpointer             progress_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) path = g_string_new ("/cgi-bin/RPC_Loadfile");
  WardenCgiTransport *cgi;
  Download *download;

  g_return_if_fail (WARDEN_IS_DEVICE_SESSION (session));
  g_return_if_fail (file_path != NULL && G_IS_OUTPUT_STREAM (output));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_record_download_async);
  download = g_new0 (Download, 1);
  download->output = g_object_ref (output);
  download->progress = progress;
  download->progress_data = progress_data;
  download->total = -1;
  g_task_set_task_data (task, download, (GDestroyNotify) download_free);

  cgi = warden_device_session_get_cgi (session);
  if (cgi == NULL || warden_device_session_get_protocol (session) == WARDEN_PROTOCOL_NONE)
    {
      g_task_return_new_error (task, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                               "Not logged in to %s; connect first",
                               warden_device_session_get_host (session));
      return;
    }
  if (file_path[0] != '/')
    g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, file_path, "/[]@", FALSE);
  warden_http_client_open_async (warden_cgi_transport_get_http (cgi), path->str, cancellable,
                                 download_open_cb, g_steal_pointer (&task));
}

/**
 * warden_record_download_finish:
 *
 * Returns: the bytes written, or -1 with @error set
 */
goffset
warden_record_download_finish (WardenDeviceSession  *session,
                               GAsyncResult         *result,
                               GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
