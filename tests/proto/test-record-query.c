/* test-record-query.c: record search in both forms, and download, against warden-devsim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devsim-fixture.h"
#include "warden-json.h"
#include "warden-proto-error.h"
#include "warden-record-query.h"
#include "proto-test-util.h"

#include <string.h>

static WardenDeviceSession *
connect_to (const DevsimFixtureDevice *dev,
            gboolean                   over_http)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSession *session = proto_test_session_new (dev, over_http, NULL);

  g_assert_true (proto_test_connect (session, &error));
  g_assert_no_error (error);
  return session;
}

/* All files of channel 2 over the last 6 hours, every page. */
static GPtrArray *
search_all (WardenDeviceSession *session)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_hours (now, -6);
  g_autoptr(WardenRecordQuery) query = warden_record_query_new (session, 2, from, now, NULL);
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GAsyncResult *result = NULL;
      g_autoptr(GPtrArray) page = NULL;

      warden_record_query_next_async (query, NULL, proto_test_result_cb, &result);
      page = warden_record_query_next_finish (query, proto_test_wait (&result), &error);
      g_object_unref (result);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, WARDEN_RECORD_PAGE);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, json_node_ref (g_ptr_array_index (page, i)));
    }
  return all;
}

static void
test_search_both_forms (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("proto-records", args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) rpc = connect_to (dev, FALSE);
  g_autoptr(WardenDeviceSession) cgi = NULL;
  g_autoptr(GPtrArray) over_rpc = search_all (rpc);
  g_autoptr(GPtrArray) over_http = NULL;
  JsonObject *first;
  g_autofree char *path = NULL;

  g_assert_cmpuint (over_rpc->len, >, 0);
  first = json_node_get_object (g_ptr_array_index (over_rpc, 0));
  path = warden_json_dup_string (first, "FilePath");
  g_assert_nonnull (path);
  g_assert_true (json_object_has_member (first, "StartTime"));

  /* The same search over HTTP gives the same files in the same order. */
  cgi = connect_to (dev, TRUE);
  over_http = search_all (cgi);
  g_assert_cmpuint (over_http->len, ==, over_rpc->len);
  for (guint i = 0; i < over_rpc->len; i++)
    {
      g_autofree char *a = warden_json_dup_string (json_node_get_object (g_ptr_array_index (over_rpc, i)),
                                                   "FilePath");
      g_autofree char *b = warden_json_dup_string (json_node_get_object (g_ptr_array_index (over_http, i)),
                                                   "FilePath");

      g_assert_cmpstr (a, ==, b);
    }
}

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  goffset *last = user_data;

  g_assert_cmpint (done, >, *last);
  *last = done;
}

/* A camera sends the file as it is; a recorder wraps it in a multipart reply. */
static void
test_download (gconstpointer data)
{
  const char *kind = data;
  g_autofree char *name = g_strconcat ("proto-download-", kind, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *flag = g_strconcat ("--", kind, NULL);
  const char *args[] = { flag, "1", "--no-rtsp", NULL };
  g_autoptr(DevsimFixture) sim = devsim_fixture_start (name, args, &error);
  const DevsimFixtureDevice *dev = devsim_fixture_get_device (sim, 0);
  g_autoptr(WardenDeviceSession) session = connect_to (dev, FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_hours (now, -3);
  g_autoptr(WardenRecordQuery) query = warden_record_query_new (session, 1, from, now, "dav");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *result = NULL;
  goffset last = 0;
  goffset n;
  gint64 length = 0;

  warden_record_query_next_async (query, NULL, proto_test_result_cb, &result);
  page = warden_record_query_next_finish (query, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, >, 0);
  path = warden_json_dup_string (json_node_get_object (g_ptr_array_index (page, 0)), "FilePath");
  g_assert_true (warden_json_get_int (json_node_get_object (g_ptr_array_index (page, 0)), "Length", &length));

  warden_record_download_async (session, path, out, progress_cb, &last, NULL, proto_test_result_cb, &result);
  n = warden_record_download_finish (session, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (last, ==, n);
  g_assert_cmpint (n, ==, length);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, (gsize) n);
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), 4, "DHAV", 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/record-query/search-both-forms", test_search_both_forms);
  g_test_add_data_func ("/proto/record-query/download/ipc", "ipc", test_download);
  g_test_add_data_func ("/proto/record-query/download/nvr-multipart", "nvr", test_download);

  return g_test_run ();
}
