/* warden-live-page.h: the Live View page: a channel list beside a live grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-data-dir.h"
#include "warden-device-registry.h"
#include "warden-live-grid.h"
#include "warden-view-repo.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_LIVE_PAGE (warden_live_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenLivePage, warden_live_page, WARDEN, LIVE_PAGE, AdwBin)

/* Snapshots and recordings go to @data_dir's Files folder; channels come from
 * @registry (NULL: none yet). */
void            warden_live_page_set_context   (WardenLivePage       *self,
                                                WardenDataDir        *data_dir,
                                                WardenDeviceRegistry *registry);
WardenLiveGrid *warden_live_page_get_grid      (WardenLivePage       *self);
/* Whether this page saves its layout as the one memory play reopens, and
 * reopens it (TRUE by default). Set before warden_live_page_set_context(). */
void            warden_live_page_set_remember_layout (WardenLivePage *self,
                                                      gboolean        remember);
/* Shows or hides the channel list and the toolbar (a wall hides them). */
void            warden_live_page_set_chrome_visible  (WardenLivePage *self,
                                                      gboolean        visible);
/* The layout and channels shown (name NULL). */
WardenViewRecord *warden_live_page_dup_view    (WardenLivePage       *self);
void            warden_live_page_open_view     (WardenLivePage       *self,
                                                const WardenViewRecord *view);
/* Fills tile @index with @channel of a device, or with the device's channels from
 * @index on when @channel is 0. FALSE (and a toast) when it cannot. */
gboolean        warden_live_page_show_channel  (WardenLivePage       *self,
                                                guint                 index,
                                                gint64                device_id,
                                                int                   channel);

G_END_DECLS
