/* warden-recorder.h: records a live stream to MP4 without re-encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "warden-live-stream.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_RECORDER (warden_recorder_get_type ())

G_DECLARE_FINAL_TYPE (WardenRecorder, warden_recorder, WARDEN, RECORDER, GObject)

WardenRecorder   *warden_recorder_new            (WardenLiveStream     *stream);
WardenLiveStream *warden_recorder_get_stream     (WardenRecorder       *self);
gboolean          warden_recorder_start          (WardenRecorder       *self,
                                                  GFile                *directory,
                                                  guint64               max_file_bytes,
                                                  GstClockTime          max_file_duration,
                                                  GError              **error);
gboolean          warden_recorder_get_recording  (WardenRecorder       *self);
void              warden_recorder_stop_async     (WardenRecorder       *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          warden_recorder_stop_finish    (WardenRecorder       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
