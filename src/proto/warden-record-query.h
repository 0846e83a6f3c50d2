/* warden-record-query.h: the recorder's files for a channel and time range, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "warden-device-session.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_RECORD_QUERY (warden_record_query_get_type ())

G_DECLARE_FINAL_TYPE (WardenRecordQuery, warden_record_query, WARDEN, RECORD_QUERY, GObject)

/* Files asked for per page (devices allow at most 100). */
#define WARDEN_RECORD_PAGE 100

typedef void (*WardenProgressFunc) (goffset  done,
                                    goffset  total,
                                    gpointer user_data);

WardenRecordQuery *warden_record_query_new         (WardenDeviceSession *session,
                                                    int                  channel,
                                                    GDateTime           *from,
                                                    GDateTime           *to,
                                                    const char          *type);
void               warden_record_query_next_async  (WardenRecordQuery   *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray         *warden_record_query_next_finish (WardenRecordQuery   *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void               warden_record_download_async    (WardenDeviceSession *session,
                                                    const char          *file_path,
                                                    GOutputStream       *output,
                                                    WardenProgressFunc   progress,
                                                    gpointer             progress_data,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
goffset            warden_record_download_finish   (WardenDeviceSession *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
