/* warden-download-unwrapper.c: the file inside a recorder's multipart download reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   --BOUNDARY\r\n
 *   Content-Type: application/json\r\n
 *   Content-Length: 31\r\n
 *   \r\n
 *   {"result":true,"length":1048576}\r\n
 *   --BOUNDARY\r\n
 *   Content-Type: application/octet-stream\r\n
 *   Content-Length: 1048576\r\n
 *   \r\n
 *   <the file>\r\n
 *   --BOUNDARY--\r\n
 *
 * The status part may have no Content-Length (it then ends at the next boundary
 * line); a status of `"result":false` or with an `error` member is the device
 * refusing the download. The file part must say its length: the file's own bytes
 * may contain anything, a boundary included. What follows the file is ignored.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-download-unwrapper.h"
#include "warden-json.h"
#include "warden-multipart-parser.h"
#include "warden-proto-error.h"

#include <string.h>

typedef enum
{
  STATE_HEAD,
  STATE_FILE,
  STATE_DONE,
} State;

struct _WardenDownloadUnwrapper
{
  char *delimiter;       /* "--" boundary */
  gsize delimiter_len;
  char *host;
  State state;
  GByteArray *head;
  gint64 file_length;
  gint64 file_left;
};

/**
 * warden_download_unwrapper_new:
 * @boundary: from the reply's Content-Type, without `--`
 * @host: the device, for messages
 *
 * Returns: (transfer full) (nullable): %NULL when the boundary is empty or too long
 */
WardenDownloadUnwrapper *
warden_download_unwrapper_new (const char *boundary,
                               const char *host)
{
  WardenDownloadUnwrapper *self;

  g_return_val_if_fail (boundary != NULL && host != NULL, NULL);

  if (*boundary == '\0' || strlen (boundary) > WARDEN_MULTIPART_MAX_BOUNDARY)
    return NULL;
  self = g_new0 (WardenDownloadUnwrapper, 1);
  self->delimiter = g_strconcat ("--", boundary, NULL);
  self->delimiter_len = strlen (self->delimiter);
  self->host = g_strdup (host);
  self->head = g_byte_array_new ();
  self->file_length = -1;
  return self;
}

void
warden_download_unwrapper_free (WardenDownloadUnwrapper *self)
{
  if (self == NULL)
    return;
  g_free (self->delimiter);
  g_free (self->host);
  g_byte_array_unref (self->head);
  g_free (self);
}

/* The line at @pos: its length without the line end in @len, and where the next
 * line starts; -1 when the line end has not arrived. */
static gssize
next_line (const guint8 *data,
           gsize         size,
           gsize         pos,
           gsize        *len)
{
  const guint8 *nl = memchr (data + pos, '\n', size - pos);

  if (nl == NULL)
    return -1;
  *len = (gsize) (nl - (data + pos));
  if (*len > 0 && data[pos + *len - 1] == '\r')
    (*len)--;
  return nl - data + 1;
}

static gboolean
is_delimiter (WardenDownloadUnwrapper *self,
              const guint8            *line,
              gsize                    len)
{
  return len >= self->delimiter_len && memcmp (line, self->delimiter, self->delimiter_len) == 0;
}

/* Moves @pos to the next boundary line at or after it. Returns where the line
 * after it starts, or -1 when more bytes are needed. */
static gssize
seek_delimiter (WardenDownloadUnwrapper *self,
                gsize                   *pos)
{
  for (;;)
    {
      gsize len;
      gssize next = next_line (self->head->data, self->head->len, *pos, &len);

      if (next < 0 || is_delimiter (self, self->head->data + *pos, len))
        return next;
      *pos = (gsize) next;
    }
}

/* Reads header lines from @pos up to the blank line; @length gets Content-Length
 * (-1 without one). Returns where the body starts, 0 when more bytes are needed,
 * or -1 with @error set. */
static gssize
read_headers (WardenDownloadUnwrapper *self,
              gsize                    pos,
              gint64                  *length,
              GError                 **error)
{
  const guint8 *data = self->head->data;
  gsize size = self->head->len;

  *length = -1;
  for (;;)
    {
      gsize len;
      gssize next = next_line (data, size, pos, &len);
      const guint8 *colon;

      if (next < 0)
        return 0;
      if (len == 0)
        return next;
      colon = memchr (data + pos, ':', len);
      if (colon != NULL && (gsize) (colon - (data + pos)) == strlen ("Content-Length") &&
          g_ascii_strncasecmp ((const char *) data + pos, "Content-Length", strlen ("Content-Length")) == 0)
        {
          g_autofree char *value = g_strstrip (g_strndup ((const char *) colon + 1,
                                                          len - (gsize) (colon - (data + pos)) - 1));
          guint64 n;

          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &n, NULL))
            {
              g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                           "Device %s sent a download part with a bad Content-Length", self->host);
              return -1;
            }
          *length = (gint64) n;
        }
      pos = (gsize) next;
    }
}

static gboolean
check_status (WardenDownloadUnwrapper *self,
              const guint8            *text,
              gsize                    len,
              GError                 **error)
{
  g_autoptr(JsonNode) status = warden_json_parse ((const char *) text, len, WARDEN_DOWNLOAD_MAX_STATUS, error);
  JsonObject *o;
  JsonObject *failure;
  gboolean ok = TRUE;

  if (status == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (status))
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "Device %s began the download with a status that is not a JSON object", self->host);
      return FALSE;
    }
  o = json_node_get_object (status);
  failure = warden_json_get_object (o, "error");
  if (failure != NULL || (warden_json_get_bool (o, "result", &ok) && !ok))
    {
      g_autofree char *message = warden_json_dup_string (failure, "message");

      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s refused the download: %s", self->host,
                   message != NULL ? message : "no reason given");
      return FALSE;
    }
  return TRUE;
}

/* Parses the status part and the file part's headers in the head buffer. Returns
 * where the file's bytes start, 0 when more bytes are needed, -1 on error. */
static gssize
parse_head (WardenDownloadUnwrapper *self,
            GError                 **error)
{
  const guint8 *data = self->head->data;
  gsize size = self->head->len;
  gsize pos = 0;
  gsize len = 0;
  gssize next;
  gssize body;
  gint64 status_length;
  gsize status_end;

  /* Anything before the first boundary line is preamble. */
  if ((next = seek_delimiter (self, &pos)) < 0)
    return 0;
  body = read_headers (self, (gsize) next, &status_length, error);
  if (body <= 0)
    return body;
  if (status_length > (gint64) WARDEN_DOWNLOAD_MAX_STATUS)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "Device %s announced a %" G_GINT64_FORMAT "-byte download status; the limit is %u",
                   self->host, status_length, WARDEN_DOWNLOAD_MAX_STATUS);
      return -1;
    }
  if (status_length >= 0)
    {
      if (size - (gsize) body < (gsize) status_length)
        return 0;
      status_end = (gsize) body + (gsize) status_length;
      pos = status_end;
    }
  else
    {
      /* No length: the status runs to the next boundary line. */
      pos = (gsize) body;
      if (seek_delimiter (self, &pos) < 0)
        return 0;
      status_end = pos;
    }
  if (!check_status (self, data + body, status_end - (gsize) body, error))
    return -1;

  /* The line end after the status, then the file part's boundary line. */
  for (;;)
    {
      next = next_line (data, size, pos, &len);
      if (next < 0)
        return 0;
      if (is_delimiter (self, data + pos, len))
        break;
      if (len != 0)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                       "Device %s sent bytes between the download status and the file", self->host);
          return -1;
        }
      pos = (gsize) next;
    }
  if (len >= self->delimiter_len + 2 && memcmp (data + pos + self->delimiter_len, "--", 2) == 0)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "Device %s sent a download status but no file", self->host);
      return -1;
    }
  body = read_headers (self, (gsize) next, &self->file_length, error);
  if (body <= 0)
    return body;
  if (self->file_length < 0 || self->file_length > WARDEN_DOWNLOAD_MAX_FILE)
    {
      g_set_error (error, WARDEN_PROTO_ERROR,
                   self->file_length < 0 ? WARDEN_PROTO_ERROR_MALFORMED : WARDEN_PROTO_ERROR_TOO_LARGE,
                   "Device %s sent a download without a usable file length", self->host);
      self->file_length = -1;
      return -1;
    }
  self->file_left = self->file_length;
  return body;
}

static void
take_file (WardenDownloadUnwrapper *self,
           const guint8            *data,
           gsize                    len,
           GByteArray              *file)
{
  gsize n = (gsize) MIN ((gint64) len, self->file_left);

  g_byte_array_append (file, data, (guint) n);
  self->file_left -= (gint64) n;
  if (self->file_left == 0)
    self->state = STATE_DONE;
}

/**
 * warden_download_unwrapper_feed:
 * @file: the file's bytes found in @data are appended here
 *
 * Fails when the status says the device refused, when the reply is malformed,
 * or when it passes a limit.
 */
gboolean
warden_download_unwrapper_feed (WardenDownloadUnwrapper *self,
                                const guint8            *data,
                                gsize                    len,
                                GByteArray              *file,
                                GError                 **error)
{
  gssize start;

  g_return_val_if_fail (self != NULL && file != NULL, FALSE);

  if (self->state == STATE_FILE)
    take_file (self, data, len, file);
  if (self->state != STATE_HEAD)
    return TRUE;

  g_byte_array_append (self->head, data, (guint) MIN (len, WARDEN_DOWNLOAD_MAX_HEAD + 1));
  start = parse_head (self, error);
  if (start < 0)
    return FALSE;
  if (start == 0)
    {
      if (self->head->len > WARDEN_DOWNLOAD_MAX_HEAD)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                       "Device %s sent more than %u bytes before the downloaded file", self->host,
                       WARDEN_DOWNLOAD_MAX_HEAD);
          return FALSE;
        }
      return TRUE;
    }
  /* What was buffered past the headers, then the rest of @data not buffered. */
  self->state = STATE_FILE;
  {
    gsize buffered = self->head->len;
    gsize appended = MIN (len, WARDEN_DOWNLOAD_MAX_HEAD + 1);

    take_file (self, self->head->data + start, buffered - (gsize) start, file);
    if (self->state == STATE_FILE && appended < len)
      take_file (self, data + appended, len - appended, file);
  }
  g_byte_array_set_size (self->head, 0);
  return TRUE;
}

/**
 * warden_download_unwrapper_get_file_length:
 *
 * Returns: the file's length once its part's headers arrived, else -1
 */
gint64
warden_download_unwrapper_get_file_length (WardenDownloadUnwrapper *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->file_length;
}

/**
 * warden_download_unwrapper_finish:
 *
 * Call at the end of the reply body.
 *
 * Returns: %TRUE when the whole file arrived
 */
gboolean
warden_download_unwrapper_finish (WardenDownloadUnwrapper *self,
                                  GError                 **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->state == STATE_DONE)
    return TRUE;
  if (self->state == STATE_HEAD)
    g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                 "Device %s ended the download before the file began", self->host);
  else
    g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                 "The download from %s ended after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes",
                 self->host, self->file_length - self->file_left, self->file_length);
  return FALSE;
}
