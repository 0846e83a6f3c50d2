/* warden-playback-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_PLAYBACK_PAGE (warden_playback_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenPlaybackPage, warden_playback_page, WARDEN, PLAYBACK_PAGE, AdwBin)

G_END_DECLS
