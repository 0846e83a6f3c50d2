/* warden-vault.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Formats, all little pieces of fixed size except the secret's ciphertext:
 *
 *   wrapped data key (84 bytes)
 *     "WVK1" | log2 N | r | p | 0 | salt[16] | nonce[12] | key ciphertext[32] | tag[16]
 *     AAD = the first 24 bytes, so the parameters and salt cannot be altered.
 *
 *   secret (32 + n bytes, n ≤ 64 KiB)
 *     "WVS1" | nonce[12] | ciphertext[n] | tag[16]
 *     AAD = "WVS1" | context, which binds a secret to its purpose (a row id),
 *     so a ciphertext moved to another row fails to decrypt.
 *
 *   password hash (text)
 *     $scrypt$ln=15,r=8,p=1$<salt, base64>$<32-byte hash, base64>
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-vault.h"
#include "warden-security-error.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <string.h>

#define NONCE_SIZE 12
#define TAG_SIZE   16
#define WRAP_MAGIC "WVK1"
#define SECRET_MAGIC "WVS1"
#define MAGIC_SIZE 4
#define WRAP_HEADER_SIZE (MAGIC_SIZE + 4 + WARDEN_VAULT_SALT_SIZE)
#define WRAP_SIZE (WRAP_HEADER_SIZE + NONCE_SIZE + WARDEN_VAULT_KEY_SIZE + TAG_SIZE)
#define SECRET_OVERHEAD (MAGIC_SIZE + NONCE_SIZE + TAG_SIZE)
#define MAX_HASH_TEXT 256
#define MAX_PASSWORD_BYTES 4096

#define MAX_LOG2_N 20
#define MAX_R 16
#define MAX_P 4
#define SCRYPT_MAXMEM ((guint64) 256 * 1024 * 1024)

struct _WardenVault
{
  GObject parent_instance;

  guint8  key[WARDEN_VAULT_KEY_SIZE];
};

G_DEFINE_FINAL_TYPE (WardenVault, warden_vault, G_TYPE_OBJECT)

typedef struct
{
  guint log2_n;
  guint r;
  guint p;
} ScryptParams;

static const ScryptParams default_params = {
  WARDEN_VAULT_SCRYPT_LOG2_N, WARDEN_VAULT_SCRYPT_R, WARDEN_VAULT_SCRYPT_P
};

static gboolean
params_in_bounds (const ScryptParams *params)
{
  return params->log2_n >= 1 && params->log2_n <= MAX_LOG2_N &&
         params->r >= 1 && params->r <= MAX_R &&
         params->p >= 1 && params->p <= MAX_P;
}

static gboolean
set_crypto_error (GError     **error,
                  const char  *what)
{
  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_CRYPTO,
               _("%s failed in the crypto library; check that OpenSSL 3 is installed correctly"),
               what);
  return FALSE;
}

static gboolean
check_password_size (const char  *password,
                     GError     **error)
{
  if (strnlen (password, MAX_PASSWORD_BYTES + 1) > MAX_PASSWORD_BYTES)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("The password is longer than %d bytes"), MAX_PASSWORD_BYTES);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scrypt_derive (const char         *password,
               const guint8       *salt,
               const ScryptParams *params,
               guint8             *out,
               gsize               out_size,
               GError            **error)
{
  EVP_KDF *kdf;
  EVP_KDF_CTX *ctx;
  OSSL_PARAM ossl_params[7];
  uint64_t n = (uint64_t) 1 << params->log2_n;
  uint32_t r = params->r;
  uint32_t p = params->p;
  uint64_t maxmem = SCRYPT_MAXMEM;
  int ok;

  g_assert (params_in_bounds (params));

  kdf = EVP_KDF_fetch (NULL, OSSL_KDF_NAME_SCRYPT, NULL);
  if (kdf == NULL)
    return set_crypto_error (error, _("Loading scrypt"));
  ctx = EVP_KDF_CTX_new (kdf);
  EVP_KDF_free (kdf);
  if (ctx == NULL)
    return set_crypto_error (error, _("Preparing scrypt"));

  ossl_params[0] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD,
                                                      (void *) password, strlen (password));
  ossl_params[1] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt,
                                                      WARDEN_VAULT_SALT_SIZE);
  ossl_params[2] = OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_N, &n);
  ossl_params[3] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_R, &r);
  ossl_params[4] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_P, &p);
  ossl_params[5] = OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
  ossl_params[6] = OSSL_PARAM_construct_end ();

  ok = EVP_KDF_derive (ctx, out, out_size, ossl_params);
  EVP_KDF_CTX_free (ctx);
  if (ok != 1)
    return set_crypto_error (error, _("Deriving a key with scrypt"));
  return TRUE;
}

/* AES-256-GCM; @out receives size bytes of ciphertext, @tag TAG_SIZE bytes. */
static gboolean
gcm_encrypt (const guint8  *key,
             const guint8  *nonce,
             const guint8  *aad,
             gsize          aad_size,
             const guint8  *in,
             gsize          size,
             guint8        *out,
             guint8        *tag,
             GError       **error)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int len = 0;
  gboolean ok;

  if (ctx == NULL)
    return set_crypto_error (error, _("Encrypting"));

  ok = EVP_EncryptInit_ex2 (ctx, EVP_aes_256_gcm (), key, nonce, NULL) == 1 &&
       (aad_size == 0 || EVP_EncryptUpdate (ctx, NULL, &len, aad, (int) aad_size) == 1) &&
       (size == 0 || EVP_EncryptUpdate (ctx, out, &len, in, (int) size) == 1) &&
       EVP_EncryptFinal_ex (ctx, out + (size == 0 ? 0 : len), &len) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_GET_TAG, TAG_SIZE, tag) == 1;
  EVP_CIPHER_CTX_free (ctx);
  if (!ok)
    return set_crypto_error (error, _("Encrypting"));
  return TRUE;
}

static gboolean
gcm_decrypt (const guint8  *key,
             const guint8  *nonce,
             const guint8  *aad,
             gsize          aad_size,
             const guint8  *in,
             gsize          size,
             const guint8  *tag,
             guint8        *out,
             GError       **error)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int len = 0;
  gboolean ok;

  if (ctx == NULL)
    return set_crypto_error (error, _("Decrypting"));

  ok = EVP_DecryptInit_ex2 (ctx, EVP_aes_256_gcm (), key, nonce, NULL) == 1 &&
       (aad_size == 0 || EVP_DecryptUpdate (ctx, NULL, &len, aad, (int) aad_size) == 1) &&
       (size == 0 || EVP_DecryptUpdate (ctx, out, &len, in, (int) size) == 1) &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_TAG, TAG_SIZE, (void *) tag) == 1 &&
       EVP_DecryptFinal_ex (ctx, out + (size == 0 ? 0 : len), &len) == 1;
  EVP_CIPHER_CTX_free (ctx);
  if (!ok)
    {
      OPENSSL_cleanse (out, size);
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED,
                   _("Encrypted data failed its integrity check: it was altered, "
                     "or the key is not the one it was made with"));
      return FALSE;
    }
  return TRUE;
}

static void
warden_vault_finalize (GObject *object)
{
  WardenVault *self = WARDEN_VAULT (object);

  OPENSSL_cleanse (self->key, sizeof self->key);

  G_OBJECT_CLASS (warden_vault_parent_class)->finalize (object);
}

static void
warden_vault_class_init (WardenVaultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_vault_finalize;
}

static void
warden_vault_init (WardenVault *self)
{
}

/**
 * warden_vault_new_random:
 *
 * Returns: (transfer full): a vault with a fresh random data key.
 */
WardenVault *
warden_vault_new_random (GError **error)
{
  g_autoptr (WardenVault) self = g_object_new (WARDEN_TYPE_VAULT, NULL);

  if (RAND_bytes (self->key, sizeof self->key) != 1)
    {
      set_crypto_error (error, _("Generating a data key"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * warden_vault_wrap:
 * @password: the secret the wrapping key is derived from
 *
 * Returns: (transfer full): the data key encrypted under a key derived from
 *   @password with a fresh salt.
 */
GBytes *
warden_vault_wrap (WardenVault  *self,
                   const char   *password,
                   GError      **error)
{
  guint8 kek[WARDEN_VAULT_KEY_SIZE];
  guint8 *blob;
  gboolean ok;

  g_return_val_if_fail (WARDEN_IS_VAULT (self), NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!check_password_size (password, error))
    return NULL;

  blob = g_malloc0 (WRAP_SIZE);
  memcpy (blob, WRAP_MAGIC, MAGIC_SIZE);
  blob[4] = default_params.log2_n;
  blob[5] = default_params.r;
  blob[6] = default_params.p;
  blob[7] = 0;

  ok = RAND_bytes (blob + 8, WARDEN_VAULT_SALT_SIZE + NONCE_SIZE) == 1;
  if (!ok)
    set_crypto_error (error, _("Generating a salt"));
  ok = ok && scrypt_derive (password, blob + 8, &default_params, kek, sizeof kek, error);
  ok = ok && gcm_encrypt (kek, blob + WRAP_HEADER_SIZE, blob, WRAP_HEADER_SIZE,
                          self->key, WARDEN_VAULT_KEY_SIZE,
                          blob + WRAP_HEADER_SIZE + NONCE_SIZE,
                          blob + WRAP_HEADER_SIZE + NONCE_SIZE + WARDEN_VAULT_KEY_SIZE,
                          error);
  OPENSSL_cleanse (kek, sizeof kek);
  if (!ok)
    {
      g_free (blob);
      return NULL;
    }
  return g_bytes_new_take (blob, WRAP_SIZE);
}

/**
 * warden_vault_unwrap:
 * @wrapped: what warden_vault_wrap() returned
 * @password: the password it was wrapped with
 *
 * Returns: (transfer full): the vault, or %NULL with
 *   %WARDEN_SECURITY_ERROR_BAD_CREDENTIALS if the password is wrong or the
 *   wrapping was altered, or %WARDEN_SECURITY_ERROR_INVALID if it is malformed.
 */
WardenVault *
warden_vault_unwrap (GBytes      *wrapped,
                     const char  *password,
                     GError     **error)
{
  g_autoptr (WardenVault) self = NULL;
  guint8 kek[WARDEN_VAULT_KEY_SIZE];
  const guint8 *blob;
  gsize size;
  ScryptParams params;
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (wrapped != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!check_password_size (password, error))
    return NULL;

  blob = g_bytes_get_data (wrapped, &size);
  if (size != WRAP_SIZE || memcmp (blob, WRAP_MAGIC, MAGIC_SIZE) != 0 || blob[7] != 0)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("The stored data key is damaged or from an unknown version of Warden"));
      return NULL;
    }
  params.log2_n = blob[4];
  params.r = blob[5];
  params.p = blob[6];
  if (!params_in_bounds (&params))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("The stored data key asks for scrypt parameters beyond the allowed limits"));
      return NULL;
    }

  self = g_object_new (WARDEN_TYPE_VAULT, NULL);
  ok = scrypt_derive (password, blob + 8, &params, kek, sizeof kek, error) &&
       gcm_decrypt (kek, blob + WRAP_HEADER_SIZE, blob, WRAP_HEADER_SIZE,
                    blob + WRAP_HEADER_SIZE + NONCE_SIZE, WARDEN_VAULT_KEY_SIZE,
                    blob + WRAP_HEADER_SIZE + NONCE_SIZE + WARDEN_VAULT_KEY_SIZE,
                    self->key, &local_error);
  OPENSSL_cleanse (kek, sizeof kek);
  if (local_error != NULL)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
                   _("The password does not unlock the stored data key"));
      return NULL;
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&self);
}

static GByteArray *
secret_aad (const char *context)
{
  GByteArray *aad = g_byte_array_new ();

  g_byte_array_append (aad, (const guint8 *) SECRET_MAGIC, MAGIC_SIZE);
  g_byte_array_append (aad, (const guint8 *) context, strlen (context));
  return aad;
}

static gboolean
check_context (const char  *context,
               GError     **error)
{
  if (strnlen (context, WARDEN_VAULT_MAX_CONTEXT_SIZE + 1) > WARDEN_VAULT_MAX_CONTEXT_SIZE)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A secret's context is limited to %d bytes"), WARDEN_VAULT_MAX_CONTEXT_SIZE);
      return FALSE;
    }
  return TRUE;
}

/**
 * warden_vault_encrypt:
 * @context: what the secret is for (for example "secret:42"); the same
 *   context must be given to decrypt it
 * @plaintext: (array length=size): at most %WARDEN_VAULT_MAX_SECRET_SIZE bytes
 *
 * Returns: (transfer full): the sealed secret.
 */
GBytes *
warden_vault_encrypt (WardenVault  *self,
                      const char   *context,
                      const void   *plaintext,
                      gsize         size,
                      GError      **error)
{
  g_autoptr (GByteArray) aad = NULL;
  guint8 *blob;

  g_return_val_if_fail (WARDEN_IS_VAULT (self), NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (plaintext != NULL || size == 0, NULL);

  if (!check_context (context, error))
    return NULL;
  if (size > WARDEN_VAULT_MAX_SECRET_SIZE)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A secret is limited to %d bytes"), WARDEN_VAULT_MAX_SECRET_SIZE);
      return NULL;
    }

  blob = g_malloc (SECRET_OVERHEAD + size);
  memcpy (blob, SECRET_MAGIC, MAGIC_SIZE);
  if (RAND_bytes (blob + MAGIC_SIZE, NONCE_SIZE) != 1)
    {
      g_free (blob);
      set_crypto_error (error, _("Generating a nonce"));
      return NULL;
    }
  aad = secret_aad (context);
  if (!gcm_encrypt (self->key, blob + MAGIC_SIZE, aad->data, aad->len, plaintext, size,
                    blob + MAGIC_SIZE + NONCE_SIZE, blob + MAGIC_SIZE + NONCE_SIZE + size,
                    error))
    {
      g_free (blob);
      return NULL;
    }
  return g_bytes_new_take (blob, SECRET_OVERHEAD + size);
}

/**
 * warden_vault_decrypt:
 * @context: the context given to warden_vault_encrypt()
 * @ciphertext: the sealed secret
 *
 * Returns: (transfer full): the plaintext, or %NULL with
 *   %WARDEN_SECURITY_ERROR_TAMPERED if it was altered, moved to another
 *   context or sealed under another key.
 */
GBytes *
warden_vault_decrypt (WardenVault  *self,
                      const char   *context,
                      GBytes       *ciphertext,
                      GError      **error)
{
  g_autoptr (GByteArray) aad = NULL;
  const guint8 *blob;
  gsize size;
  gsize plain_size;
  guint8 *plain;

  g_return_val_if_fail (WARDEN_IS_VAULT (self), NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (ciphertext != NULL, NULL);

  if (!check_context (context, error))
    return NULL;

  blob = g_bytes_get_data (ciphertext, &size);
  if (size < SECRET_OVERHEAD || size > SECRET_OVERHEAD + WARDEN_VAULT_MAX_SECRET_SIZE ||
      memcmp (blob, SECRET_MAGIC, MAGIC_SIZE) != 0)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A stored secret is damaged or from an unknown version of Warden"));
      return NULL;
    }

  plain_size = size - SECRET_OVERHEAD;
  /* one spare byte so a caller may read the result as a string */
  plain = g_malloc0 (plain_size + 1);
  aad = secret_aad (context);
  if (!gcm_decrypt (self->key, blob + MAGIC_SIZE, aad->data, aad->len,
                    blob + MAGIC_SIZE + NONCE_SIZE, plain_size,
                    blob + MAGIC_SIZE + NONCE_SIZE + plain_size, plain, error))
    {
      g_free (plain);
      return NULL;
    }
  return g_bytes_new_with_free_func (plain, plain_size, g_free, plain);
}

/**
 * warden_vault_same_key:
 *
 * Returns: %TRUE if both vaults hold the same data key (constant time).
 */
gboolean
warden_vault_same_key (WardenVault *a,
                       WardenVault *b)
{
  g_return_val_if_fail (WARDEN_IS_VAULT (a), FALSE);
  g_return_val_if_fail (WARDEN_IS_VAULT (b), FALSE);

  return CRYPTO_memcmp (a->key, b->key, WARDEN_VAULT_KEY_SIZE) == 0;
}

/**
 * warden_vault_hash_password:
 *
 * Returns: (transfer full): a scrypt hash of @password with a fresh salt,
 *   in the text form warden_vault_verify_password() reads.
 */
char *
warden_vault_hash_password (const char  *password,
                            GError     **error)
{
  guint8 salt[WARDEN_VAULT_SALT_SIZE];
  guint8 hash[WARDEN_VAULT_KEY_SIZE];
  g_autofree char *salt64 = NULL;
  g_autofree char *hash64 = NULL;

  g_return_val_if_fail (password != NULL, NULL);

  if (!check_password_size (password, error))
    return NULL;
  if (RAND_bytes (salt, sizeof salt) != 1)
    {
      set_crypto_error (error, _("Generating a salt"));
      return NULL;
    }
  if (!scrypt_derive (password, salt, &default_params, hash, sizeof hash, error))
    return NULL;

  salt64 = g_base64_encode (salt, sizeof salt);
  hash64 = g_base64_encode (hash, sizeof hash);
  OPENSSL_cleanse (hash, sizeof hash);
  return g_strdup_printf ("$scrypt$ln=%u,r=%u,p=%u$%s$%s", default_params.log2_n,
                          default_params.r, default_params.p, salt64, hash64);
}

static gboolean
decode_fixed_base64 (const char *text,
                     guint8     *out,
                     gsize       out_size)
{
  g_autofree guchar *decoded = NULL;
  gsize size = 0;

  /* base64 of out_size bytes is at most 4 * ceil(out_size / 3) characters */
  if (strlen (text) > 4 * ((out_size + 2) / 3))
    return FALSE;
  decoded = g_base64_decode (text, &size);
  if (size != out_size)
    return FALSE;
  memcpy (out, decoded, out_size);
  return TRUE;
}

/**
 * warden_vault_verify_password:
 * @encoded: what warden_vault_hash_password() returned
 *
 * Compares in constant time.
 *
 * Returns: %TRUE if @password matches; %FALSE with
 *   %WARDEN_SECURITY_ERROR_BAD_CREDENTIALS if not, or
 *   %WARDEN_SECURITY_ERROR_INVALID if @encoded is malformed.
 */
gboolean
warden_vault_verify_password (const char  *password,
                              const char  *encoded,
                              GError     **error)
{
  g_auto (GStrv) parts = NULL;
  ScryptParams params = { 0, };
  guint8 salt[WARDEN_VAULT_SALT_SIZE];
  guint8 expected[WARDEN_VAULT_KEY_SIZE];
  guint8 actual[WARDEN_VAULT_KEY_SIZE];
  int consumed = 0;
  gboolean match;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (encoded != NULL, FALSE);

  if (!check_password_size (password, error))
    return FALSE;

  if (strnlen (encoded, MAX_HASH_TEXT + 1) > MAX_HASH_TEXT ||
      (parts = g_strsplit (encoded, "$", 6)) == NULL ||
      g_strv_length (parts) != 5 || parts[0][0] != '\0' ||
      strcmp (parts[1], "scrypt") != 0 ||
      sscanf (parts[2], "ln=%u,r=%u,p=%u%n", &params.log2_n, &params.r, &params.p,
              &consumed) != 3 ||
      parts[2][consumed] != '\0' || !params_in_bounds (&params) ||
      !decode_fixed_base64 (parts[3], salt, sizeof salt) ||
      !decode_fixed_base64 (parts[4], expected, sizeof expected))
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID,
                   _("A stored password hash is damaged or from an unknown version of Warden"));
      return FALSE;
    }

  if (!scrypt_derive (password, salt, &params, actual, sizeof actual, error))
    return FALSE;
  match = CRYPTO_memcmp (expected, actual, sizeof actual) == 0;
  OPENSSL_cleanse (actual, sizeof actual);
  if (!match)
    {
      g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS,
                   _("The password is not correct"));
      return FALSE;
    }
  return TRUE;
}
