/* warden-media-file.h: the names of the snapshots and recordings Warden saves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WARDEN_MEDIA_FILE_TITLE_MAX 80    /* bytes of the title kept in a name */

GFile *warden_media_file_new (GFile      *directory,
                              const char *title,
                              GDateTime  *when,
                              const char *extension);

G_END_DECLS
