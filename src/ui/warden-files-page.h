/* warden-files-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-data-dir.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_FILES_PAGE (warden_files_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenFilesPage, warden_files_page, WARDEN, FILES_PAGE, AdwBin)

void        warden_files_page_set_data_dir (WardenFilesPage *self,
                                            WardenDataDir   *data_dir);
const char *warden_files_page_get_folder   (WardenFilesPage *self);

G_END_DECLS
