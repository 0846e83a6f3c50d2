/* warden-settings-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Site-wide settings that belong with the database rather than with one
 * machine's GSettings (which hold window state and per-machine preferences).
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

void   warden_settings_repo_get_async  (WardenStore          *store,
                                        const char           *key,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* Returns NULL without an error when the key has no value. */
char  *warden_settings_repo_get_finish (WardenStore          *store,
                                        GAsyncResult         *result,
                                        GError              **error);
void   warden_settings_repo_set_async  (WardenStore          *store,
                                        const char           *key,
                                        const char           *value,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean warden_settings_repo_set_finish (WardenStore        *store,
                                          GAsyncResult       *result,
                                          GError            **error);

G_END_DECLS
