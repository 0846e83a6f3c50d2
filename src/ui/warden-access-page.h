/* warden-access-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_ACCESS_PAGE (warden_access_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenAccessPage, warden_access_page, WARDEN, ACCESS_PAGE, AdwBin)

G_END_DECLS
