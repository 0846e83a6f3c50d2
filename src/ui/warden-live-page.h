/* warden-live-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_LIVE_PAGE (warden_live_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenLivePage, warden_live_page, WARDEN, LIVE_PAGE, AdwBin)

G_END_DECLS
