/* warden-multipart-parser.h: incremental parser of multipart/x-mixed-replace streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event stream of eventManager.cgi (PROTOCOL.md §1.8) is an endless multipart
 * body. The parser takes bytes as they arrive and hands back whole parts. It copes
 * with parts that have only some header lines or no Content-Length, with a
 * Content-Length 2 bytes short of a text part, and with a stray `HTTP/1.1 200 OK`
 * header block inside the stream.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits: one header line, header lines per part, and the default part size. */
#define WARDEN_MULTIPART_MAX_LINE     1024u
#define WARDEN_MULTIPART_MAX_HEADERS  32u
#define WARDEN_MULTIPART_MAX_PART     (2u * 1024u * 1024u)
#define WARDEN_MULTIPART_MAX_BOUNDARY 70u

typedef struct
{
  char *content_type;    /* nullable */
  GBytes *body;
} WardenMultipartPart;

void warden_multipart_part_free (WardenMultipartPart *part);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenMultipartPart, warden_multipart_part_free)

typedef struct _WardenMultipartParser WardenMultipartParser;

WardenMultipartParser *warden_multipart_parser_new  (const char            *boundary,
                                                     gsize                  max_part);
void                   warden_multipart_parser_free (WardenMultipartParser *parser);
gboolean               warden_multipart_parser_feed (WardenMultipartParser *parser,
                                                     const guint8          *data,
                                                     gsize                  len,
                                                     GError               **error);
WardenMultipartPart   *warden_multipart_parser_pop  (WardenMultipartParser *parser);
char                  *warden_multipart_boundary_of (const char            *content_type);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenMultipartParser, warden_multipart_parser_free)

G_END_DECLS
