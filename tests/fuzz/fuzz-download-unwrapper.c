/* fuzz-download-unwrapper.c: a recorder's multipart download reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the read size; the rest is the reply body, boundary
 * "DevsimFileBoundary".
 */

#include "config.h"

#include "warden-download-unwrapper.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenDownloadUnwrapper) unwrapper = warden_download_unwrapper_new ("DevsimFileBoundary", "fuzz");
  g_autoptr(GByteArray) file = g_byte_array_new ();
  gboolean ok = TRUE;
  gsize chunk;

  if (size < 1)
    return 0;
  chunk = 1 + data[0];
  data++;
  size--;

  for (gsize off = 0; ok && off < size; off += chunk)
    ok = warden_download_unwrapper_feed (unwrapper, data + off, MIN (chunk, size - off), file, NULL);
  if (ok && warden_download_unwrapper_finish (unwrapper, NULL))
    g_assert_cmpint ((gint64) file->len, ==, warden_download_unwrapper_get_file_length (unwrapper));
  g_assert_cmpint ((gint64) file->len, <=, MAX (warden_download_unwrapper_get_file_length (unwrapper), 0));
  return 0;
}
