/* warden-data-dir.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_DATA_DIR (warden_data_dir_get_type ())
G_DECLARE_FINAL_TYPE (WardenDataDir, warden_data_dir, WARDEN, DATA_DIR, GObject)

WardenDataDir *warden_data_dir_new                (const char    *path,
                                                   GError       **error);
char          *warden_data_dir_get_default_path   (void);
const char    *warden_data_dir_get_path           (WardenDataDir *self);
const char    *warden_data_dir_get_database_path  (WardenDataDir *self);
const char    *warden_data_dir_get_files_path     (WardenDataDir *self);
char          *warden_data_dir_resolve_files_path (WardenDataDir *self,
                                                   const char    *chosen);

G_END_DECLS
