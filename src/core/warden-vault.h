/* warden-vault.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The credential vault: a random 256-bit data key encrypts every secret with
 * AES-256-GCM. The data key itself is stored only wrapped (AES-256-GCM) under
 * a key derived from an operator's password with scrypt, one wrapping per
 * operator. Operator passwords are kept as scrypt hashes.
 *
 * scrypt parameters (OpenSSL EVP_KDF "SCRYPT"): N = 2^15, r = 8, p = 1, a
 * 16-byte random salt per hash or wrapping, 32-byte output. That takes 32 MiB
 * and roughly 0.1 s per derivation on a desktop CPU, which makes guessing
 * slow without making sign-in slow. The parameters are stored with each hash
 * and wrapping, so raising them later keeps old data readable; values read
 * back are bounded (N ≤ 2^20, r ≤ 16, p ≤ 4, 256 MiB).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WARDEN_VAULT_SCRYPT_LOG2_N    15
#define WARDEN_VAULT_SCRYPT_R         8
#define WARDEN_VAULT_SCRYPT_P         1
#define WARDEN_VAULT_SALT_SIZE        16
#define WARDEN_VAULT_KEY_SIZE         32
#define WARDEN_VAULT_MAX_SECRET_SIZE  (64 * 1024)
#define WARDEN_VAULT_MAX_CONTEXT_SIZE 256

#define WARDEN_TYPE_VAULT (warden_vault_get_type ())
G_DECLARE_FINAL_TYPE (WardenVault, warden_vault, WARDEN, VAULT, GObject)

WardenVault *warden_vault_new_random       (GError      **error);
GBytes      *warden_vault_wrap             (WardenVault  *self,
                                            const char   *password,
                                            GError      **error);
WardenVault *warden_vault_unwrap           (GBytes       *wrapped,
                                            const char   *password,
                                            GError      **error);
GBytes      *warden_vault_encrypt          (WardenVault  *self,
                                            const char   *context,
                                            const void   *plaintext,
                                            gsize         size,
                                            GError      **error);
GBytes      *warden_vault_decrypt          (WardenVault  *self,
                                            const char   *context,
                                            GBytes       *ciphertext,
                                            GError      **error);
gboolean     warden_vault_same_key         (WardenVault  *a,
                                            WardenVault  *b);

char        *warden_vault_hash_password    (const char   *password,
                                            GError      **error);
gboolean     warden_vault_verify_password  (const char   *password,
                                            const char   *encoded,
                                            GError      **error);

G_END_DECLS
