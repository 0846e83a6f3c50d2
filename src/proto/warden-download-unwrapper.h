/* warden-download-unwrapper.h: the file inside a recorder's multipart download reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recorders can answer RPC_Loadfile with a multipart body (PROTOCOL.md §1.10): a
 * small JSON status part, then the file as a part with a Content-Length. The
 * unwrapper takes the body as it arrives and hands back only the file's bytes.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits: everything before the file's bytes, the status part, and the file. */
#define WARDEN_DOWNLOAD_MAX_HEAD   (64u * 1024u)
#define WARDEN_DOWNLOAD_MAX_STATUS (16u * 1024u)
#define WARDEN_DOWNLOAD_MAX_FILE   (G_GINT64_CONSTANT (1) << 40)

typedef struct _WardenDownloadUnwrapper WardenDownloadUnwrapper;

WardenDownloadUnwrapper *warden_download_unwrapper_new             (const char              *boundary,
                                                                    const char              *host);
void                     warden_download_unwrapper_free            (WardenDownloadUnwrapper *self);
gboolean                 warden_download_unwrapper_feed            (WardenDownloadUnwrapper *self,
                                                                    const guint8            *data,
                                                                    gsize                    len,
                                                                    GByteArray              *file,
                                                                    GError                 **error);
gint64                   warden_download_unwrapper_get_file_length (WardenDownloadUnwrapper *self);
gboolean                 warden_download_unwrapper_finish          (WardenDownloadUnwrapper *self,
                                                                    GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenDownloadUnwrapper, warden_download_unwrapper_free)

G_END_DECLS
