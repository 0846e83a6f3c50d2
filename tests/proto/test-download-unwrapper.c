/* test-download-unwrapper.c: a recorder's multipart download reply, and its limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-download-unwrapper.h"
#include "warden-proto-error.h"

#include <string.h>

#define BOUNDARY "DevsimFileBoundary"
#define FILE_BYTES "DHAV\r\n--" BOUNDARY "\r\n-- not a boundary: the file's own bytes"

static char *
wrap (const char *status,
      gboolean    status_length,
      gboolean    file_length)
{
  g_autofree char *status_header = status_length ? g_strdup_printf ("Content-Length: %zu\r\n", strlen (status))
                                                 : g_strdup ("");
  g_autofree char *file_header = file_length ? g_strdup_printf ("Content-Length: %zu\r\n", strlen (FILE_BYTES))
                                             : g_strdup ("");

  return g_strdup_printf ("preamble\r\n--" BOUNDARY "\r\nContent-Type: application/json\r\n%s\r\n%s\r\n"
                          "--" BOUNDARY "\r\nContent-Type: application/octet-stream\r\n%s\r\n"
                          FILE_BYTES "\r\n--" BOUNDARY "--\r\n",
                          status_header, status, file_header);
}

/* Feeds @reply @chunk bytes at a time; returns the file or NULL with @error set. */
static GByteArray *
unwrap (const char *reply,
        gsize       len,
        gsize       chunk,
        GError    **error)
{
  g_autoptr(WardenDownloadUnwrapper) unwrapper = warden_download_unwrapper_new (BOUNDARY, "10.0.0.5");
  g_autoptr(GByteArray) file = g_byte_array_new ();

  for (gsize off = 0; off < len; off += chunk)
    if (!warden_download_unwrapper_feed (unwrapper, (const guint8 *) reply + off, MIN (chunk, len - off),
                                         file, error))
      return NULL;
  if (!warden_download_unwrapper_finish (unwrapper, error))
    return NULL;
  g_assert_cmpint (warden_download_unwrapper_get_file_length (unwrapper), ==, (gint64) file->len);
  return g_steal_pointer (&file);
}

static void
test_any_read_size (void)
{
  g_autofree char *reply = wrap ("{\"result\":true,\"length\":52}", TRUE, TRUE);
  g_autofree char *unsized = wrap ("{\"result\":true}", FALSE, TRUE);

  for (gsize chunk = 1; chunk <= strlen (reply); chunk += chunk < 8 ? 1 : 37)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) file = unwrap (reply, strlen (reply), chunk, &error);
      g_autoptr(GByteArray) file2 = unwrap (unsized, strlen (unsized), chunk, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (file->data, file->len, FILE_BYTES, strlen (FILE_BYTES));
      g_assert_cmpmem (file2->data, file2->len, FILE_BYTES, strlen (FILE_BYTES));
    }
}

static void
test_refused (void)
{
  static const char reply[] = "--" BOUNDARY "\r\nContent-Type: application/json\r\n\r\n"
                              "{\"result\":false,\"error\":{\"code\":285409284,\"message\":\"File not found\"}}\r\n"
                              "--" BOUNDARY "--\r\n";
  g_autoptr(GError) error = NULL;

  g_assert_null (unwrap (reply, strlen (reply), 7, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "File not found"));
}

static void
test_malformed (void)
{
  g_autofree char *no_length = wrap ("{\"result\":true}", TRUE, FALSE);
  g_autofree char *not_json = wrap ("OK", TRUE, TRUE);
  g_autofree char *whole = wrap ("{\"result\":true}", TRUE, TRUE);
  static const char no_file[] = "--" BOUNDARY "\r\nContent-Length: 15\r\n\r\n{\"result\":true}\r\n--" BOUNDARY "--\r\n";
  g_autoptr(GError) error = NULL;

  /* The file part must say its length: its bytes may hold a boundary. */
  g_assert_null (unwrap (no_length, strlen (no_length), 64, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (unwrap (not_json, strlen (not_json), 64, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (unwrap (no_file, strlen (no_file), 64, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
  g_clear_error (&error);
  /* Cut in the middle of the file, and before it began. */
  g_assert_null (unwrap (whole, strlen (whole) - 40, 64, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (unwrap (whole, 30, 64, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
}

static void
test_limits (void)
{
  g_autofree char *big_status = g_strdup_printf ("--" BOUNDARY "\r\nContent-Length: %u\r\n\r\n{",
                                                 WARDEN_DOWNLOAD_MAX_STATUS + 1);
  g_autofree char *huge_file = g_strdup_printf ("--" BOUNDARY "\r\nContent-Length: 2\r\n\r\n{}\r\n--" BOUNDARY
                                                "\r\nContent-Length: %" G_GINT64_FORMAT "\r\n\r\nDHAV",
                                                WARDEN_DOWNLOAD_MAX_FILE + 1);
  g_autofree char *endless = g_strnfill (WARDEN_DOWNLOAD_MAX_HEAD + 10, 'x');
  g_autoptr(GError) error = NULL;

  g_assert_null (unwrap (big_status, strlen (big_status), 4096, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (unwrap (huge_file, strlen (huge_file), 4096, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* No boundary ever: refused once the limit is passed, not buffered on. */
  g_assert_null (unwrap (endless, strlen (endless), 1000, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_null (warden_download_unwrapper_new ("", "10.0.0.5"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/download-unwrapper/any-read-size", test_any_read_size);
  g_test_add_func ("/proto/download-unwrapper/refused", test_refused);
  g_test_add_func ("/proto/download-unwrapper/malformed", test_malformed);
  g_test_add_func ("/proto/download-unwrapper/limits", test_limits);

  return g_test_run ();
}
