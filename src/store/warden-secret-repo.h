/* warden-secret-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vault secrets as stored: opaque AES-256-GCM ciphertexts by id. Nothing here
 * sees a plaintext; the vault (src/core/warden-vault.h) seals and opens them.
 * These run inside a WardenStoreJob, on the writer thread.
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

#define WARDEN_SECRET_MAX_CIPHERTEXT 65600

gint64   warden_secret_repo_reserve (sqlite3  *db,
                                     gint64    now,
                                     GError  **error);
gboolean warden_secret_repo_set     (sqlite3  *db,
                                     gint64    id,
                                     GBytes   *ciphertext,
                                     gint64    now,
                                     GError  **error);
GBytes  *warden_secret_repo_get     (sqlite3  *db,
                                     gint64    id,
                                     GError  **error);
gboolean warden_secret_repo_delete  (sqlite3  *db,
                                     gint64    id,
                                     GError  **error);

G_END_DECLS
