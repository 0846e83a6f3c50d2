/* warden-events-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_EVENTS_PAGE (warden_events_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenEventsPage, warden_events_page, WARDEN, EVENTS_PAGE, AdwBin)

G_END_DECLS
