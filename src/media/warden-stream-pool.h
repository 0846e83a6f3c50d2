/* warden-stream-pool.h: live streams kept open a little after a tile lets them go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "warden-live-stream.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_STREAM_POOL (warden_stream_pool_get_type ())

G_DECLARE_FINAL_TYPE (WardenStreamPool, warden_stream_pool, WARDEN, STREAM_POOL, GObject)

WardenStreamPool *warden_stream_pool_get_default      (void);
WardenStreamPool *warden_stream_pool_new              (void);
WardenLiveStream *warden_stream_pool_take             (WardenStreamPool  *self,
                                                       const char        *url,
                                                       WardenLatencyMode  mode);
gboolean          warden_stream_pool_has              (WardenStreamPool  *self,
                                                       const char        *url);
void              warden_stream_pool_give             (WardenStreamPool  *self,
                                                       WardenLiveStream  *stream);
void              warden_stream_pool_prepare          (WardenStreamPool  *self,
                                                       const char        *url,
                                                       WardenLatencyMode  mode,
                                                       guint              seconds);
guint             warden_stream_pool_get_keep_seconds (WardenStreamPool  *self);
void              warden_stream_pool_set_keep_seconds (WardenStreamPool  *self,
                                                       guint              seconds);
guint             warden_stream_pool_get_n_kept       (WardenStreamPool  *self);
void              warden_stream_pool_clear            (WardenStreamPool  *self);

G_END_DECLS
