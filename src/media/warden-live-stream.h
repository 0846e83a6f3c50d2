/* warden-live-stream.h: one RTSP live stream decoded to tile-size BGRA frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "warden-video-sink.h"

G_BEGIN_DECLS

typedef enum
{
  WARDEN_LATENCY_REALTIME,   /* jitterbuffer ~40 ms, frames shown as soon as decoded */
  WARDEN_LATENCY_FLUENT,     /* jitterbuffer 800 ms, frames paced by the clock */
  WARDEN_LATENCY_AUTO,       /* starts low, grows when packets come late or get lost */
} WardenLatencyMode;

typedef enum
{
  WARDEN_LIVE_STATE_IDLE,
  WARDEN_LIVE_STATE_CONNECTING,
  WARDEN_LIVE_STATE_PLAYING,
  WARDEN_LIVE_STATE_RECONNECTING,   /* see retry-seconds and error-message */
  WARDEN_LIVE_STATE_ERROR,          /* retrying cannot help; see error-message */
} WardenLiveState;

typedef enum
{
  WARDEN_SNAPSHOT_PNG,
  WARDEN_SNAPSHOT_JPEG,
} WardenSnapshotFormat;

#define WARDEN_TYPE_LIVE_STREAM (warden_live_stream_get_type ())

G_DECLARE_FINAL_TYPE (WardenLiveStream, warden_live_stream, WARDEN, LIVE_STREAM, GObject)

/* Called on a streaming thread with each encoded video access unit as received
 * (buffer, caps with codec data, segment), before any decoding, and with each RTP
 * packet of the audio track (caps application/x-rtp, media=audio). The sample of a
 * key frame carries the audio track's RTP caps in its info, as "audio-caps", when the
 * stream has one. */
typedef void (*WardenEncodedFunc) (GstSample *sample,
                                   gpointer   user_data);

WardenLiveStream  *warden_live_stream_new                (const char               *url,
                                                          WardenLatencyMode         mode);
const char        *warden_live_stream_get_url            (WardenLiveStream         *self);
void               warden_live_stream_set_url            (WardenLiveStream         *self,
                                                          const char               *url);
const char        *warden_live_stream_get_title          (WardenLiveStream         *self);
void               warden_live_stream_set_title          (WardenLiveStream         *self,
                                                          const char               *title);
WardenLatencyMode  warden_live_stream_get_latency_mode   (WardenLiveStream         *self);
void               warden_live_stream_set_latency_mode   (WardenLiveStream         *self,
                                                          WardenLatencyMode         mode);
void               warden_live_stream_set_frame_func     (WardenLiveStream         *self,
                                                          WardenVideoSinkFrameFunc  func,
                                                          gpointer                  user_data,
                                                          GDestroyNotify            destroy);
void               warden_live_stream_set_encoded_func   (WardenLiveStream         *self,
                                                          WardenEncodedFunc         func,
                                                          gpointer                  user_data,
                                                          GDestroyNotify            destroy);
void               warden_live_stream_start              (WardenLiveStream         *self);
void               warden_live_stream_stop               (WardenLiveStream         *self);
void               warden_live_stream_set_size           (WardenLiveStream         *self,
                                                          int                       width,
                                                          int                       height);
void               warden_live_stream_set_max_fps        (WardenLiveStream         *self,
                                                          guint                     max_fps);
guint              warden_live_stream_get_max_fps        (WardenLiveStream         *self);
void               warden_live_stream_set_visible        (WardenLiveStream         *self,
                                                          gboolean                  visible);
gboolean           warden_live_stream_get_visible        (WardenLiveStream         *self);
void               warden_live_stream_set_key_frames_only (WardenLiveStream        *self,
                                                           gboolean                 key_frames_only);
gboolean           warden_live_stream_get_key_frames_only (WardenLiveStream        *self);
WardenLiveState    warden_live_stream_get_state          (WardenLiveStream         *self);
guint              warden_live_stream_get_retry_seconds  (WardenLiveStream         *self);
const char        *warden_live_stream_get_error_message  (WardenLiveStream         *self);
double             warden_live_stream_get_fps            (WardenLiveStream         *self);
guint              warden_live_stream_get_bitrate_kbps   (WardenLiveStream         *self);
int                warden_live_stream_get_width          (WardenLiveStream         *self);
int                warden_live_stream_get_height         (WardenLiveStream         *self);
guint              warden_live_stream_get_latency_ms     (WardenLiveStream         *self);
guint              warden_live_stream_get_stall_timeout  (WardenLiveStream         *self);
void               warden_live_stream_set_stall_timeout  (WardenLiveStream         *self,
                                                          guint                     seconds);
void               warden_live_stream_snapshot_async     (WardenLiveStream         *self,
                                                          GFile                    *directory,
                                                          WardenSnapshotFormat      format,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
GFile             *warden_live_stream_snapshot_finish    (WardenLiveStream         *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);
gboolean           warden_live_stream_get_has_audio      (WardenLiveStream         *self);
gboolean           warden_live_stream_get_audio          (WardenLiveStream         *self);
void               warden_live_stream_set_audio          (WardenLiveStream         *self,
                                                          gboolean                  audio);
guint64            warden_live_stream_get_audio_decoded  (WardenLiveStream         *self);

G_END_DECLS
