/* test-vault.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "warden-security-error.h"
#include "warden-vault.h"

#define SECRET "Cam-0x7f!pass"

static GBytes *
flip_byte (GBytes *bytes,
           gsize   index)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy = g_memdup2 (data, size);

  g_assert_cmpuint (index, <, size);
  copy[index] ^= 0x01;
  return g_bytes_new_take (copy, size);
}

static GBytes *
truncate_bytes (GBytes *bytes,
                gsize   size)
{
  return g_bytes_new_from_bytes (bytes, 0, size);
}

static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenVault) vault = warden_vault_new_random (&error);
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) again = NULL;
  g_autoptr (GBytes) opened = NULL;
  g_autoptr (GBytes) empty = NULL;
  g_autoptr (GBytes) empty_opened = NULL;
  gsize size;
  const char *data;

  g_assert_no_error (error);
  sealed = warden_vault_encrypt (vault, "secret:1", SECRET, strlen (SECRET), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (sealed), ==, strlen (SECRET) + 32);

  /* a fresh nonce each time */
  again = warden_vault_encrypt (vault, "secret:1", SECRET, strlen (SECRET), &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (sealed, again));

  opened = warden_vault_decrypt (vault, "secret:1", sealed, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (opened, &size);
  g_assert_cmpmem (data, size, SECRET, strlen (SECRET));

  empty = warden_vault_encrypt (vault, "secret:2", "", 0, &error);
  g_assert_no_error (error);
  empty_opened = warden_vault_decrypt (vault, "secret:2", empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty_opened), ==, 0);
}

static void
test_tampered_ciphertext (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenVault) vault = warden_vault_new_random (NULL);
  g_autoptr (WardenVault) other = warden_vault_new_random (NULL);
  g_autoptr (GBytes) sealed = warden_vault_encrypt (vault, "secret:1", SECRET, strlen (SECRET),
                                                    NULL);
  g_autoptr (GBytes) opened = NULL;

  /* every single bit flip is caught, wherever it is */
  for (gsize i = 0; i < g_bytes_get_size (sealed); i++)
    {
      g_autoptr (GBytes) bad = flip_byte (sealed, i);

      opened = warden_vault_decrypt (vault, "secret:1", bad, &error);
      g_assert_null (opened);
      if (i < 4)
        g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
      else
        g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
      g_clear_error (&error);
    }

  /* moved to another row */
  opened = warden_vault_decrypt (vault, "secret:2", sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
  g_clear_error (&error);

  /* another data key */
  opened = warden_vault_decrypt (other, "secret:1", sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED);
  g_clear_error (&error);

  /* cut short, down to nothing */
  for (gsize size = 0; size < g_bytes_get_size (sealed); size += 7)
    {
      g_autoptr (GBytes) cut = truncate_bytes (sealed, size);

      opened = warden_vault_decrypt (vault, "secret:1", cut, &error);
      g_assert_null (opened);
      g_assert_true (g_error_matches (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID) ||
                     g_error_matches (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_TAMPERED));
      g_clear_error (&error);
    }
}

static void
test_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenVault) vault = warden_vault_new_random (NULL);
  g_autofree char *big = g_malloc0 (WARDEN_VAULT_MAX_SECRET_SIZE + 1);
  g_autofree char *long_context = g_strnfill (WARDEN_VAULT_MAX_CONTEXT_SIZE + 1, 'c');
  g_autoptr (GBytes) sealed = NULL;

  sealed = warden_vault_encrypt (vault, "secret:1", big, WARDEN_VAULT_MAX_SECRET_SIZE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sealed, g_bytes_unref);

  sealed = warden_vault_encrypt (vault, "secret:1", big, WARDEN_VAULT_MAX_SECRET_SIZE + 1, &error);
  g_assert_null (sealed);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
  g_clear_error (&error);

  sealed = warden_vault_encrypt (vault, long_context, "x", 1, &error);
  g_assert_null (sealed);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
}

static void
test_wrap (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenVault) vault = warden_vault_new_random (NULL);
  g_autoptr (WardenVault) unwrapped = NULL;
  g_autoptr (GBytes) wrapped = NULL;
  g_autoptr (GBytes) rewrapped = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) opened = NULL;
  /* a parameter byte, a salt byte, a nonce byte, a key byte, a tag byte */
  const gsize flips[] = { 4, 10, 30, 50, 80 };

  wrapped = warden_vault_wrap (vault, "Tr0ub4dor&3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (wrapped), ==, 84);

  unwrapped = warden_vault_unwrap (wrapped, "Tr0ub4dor&3", &error);
  g_assert_no_error (error);
  g_assert_true (warden_vault_same_key (vault, unwrapped));

  /* what one seals, the other opens */
  sealed = warden_vault_encrypt (vault, "secret:9", SECRET, strlen (SECRET), NULL);
  opened = warden_vault_decrypt (unwrapped, "secret:9", sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened), SECRET,
                   strlen (SECRET));
  g_clear_object (&unwrapped);

  /* the wrong password is refused */
  unwrapped = warden_vault_unwrap (wrapped, "Tr0ub4dor&4", &error);
  g_assert_null (unwrapped);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* an altered wrapping is refused */
  for (guint i = 0; i < G_N_ELEMENTS (flips); i++)
    {
      g_autoptr (GBytes) bad = flip_byte (wrapped, flips[i]);

      unwrapped = warden_vault_unwrap (bad, "Tr0ub4dor&3", &error);
      g_assert_null (unwrapped);
      g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }

  /* a new password re-wraps the same key; the old one no longer opens it */
  rewrapped = warden_vault_wrap (vault, "C0rrect-Horse", &error);
  g_assert_no_error (error);
  unwrapped = warden_vault_unwrap (rewrapped, "Tr0ub4dor&3", &error);
  g_assert_null (unwrapped);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  unwrapped = warden_vault_unwrap (rewrapped, "C0rrect-Horse", &error);
  g_assert_no_error (error);
  g_assert_true (warden_vault_same_key (vault, unwrapped));
}

static void
test_wrap_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WardenVault) vault = warden_vault_new_random (NULL);
  g_autoptr (GBytes) wrapped = warden_vault_wrap (vault, "pw", NULL);
  g_autoptr (GBytes) cut = truncate_bytes (wrapped, 83);
  gsize size;
  guint8 *huge_n = g_bytes_unref_to_data (g_bytes_ref (wrapped), &size);
  g_autoptr (GBytes) huge = NULL;
  g_autoptr (WardenVault) unwrapped = NULL;

  unwrapped = warden_vault_unwrap (cut, "pw", &error);
  g_assert_null (unwrapped);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
  g_clear_error (&error);

  /* parameters beyond the limits are refused before any work */
  huge_n[4] = 40;
  huge = g_bytes_new_take (huge_n, size);
  unwrapped = warden_vault_unwrap (huge, "pw", &error);
  g_assert_null (unwrapped);
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
}

static void
test_password_hash (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = warden_vault_hash_password ("Xk9#mPq2", &error);
  g_autofree char *hash2 = warden_vault_hash_password ("Xk9#mPq2", &error);
  g_autofree char *tampered = NULL;
  const char *malformed[] = {
    "",
    "$scrypt$",
    "$bcrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=15,r=8,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=15,r=8,p=1,x=2$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$",
  };

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$scrypt$ln=15,r=8,p=1$"));
  g_assert_null (strstr (hash, "Xk9#mPq2"));
  /* salted: the same password hashes differently */
  g_assert_cmpstr (hash, !=, hash2);

  g_assert_true (warden_vault_verify_password ("Xk9#mPq2", hash, &error));
  g_assert_no_error (error);
  g_assert_true (warden_vault_verify_password ("Xk9#mPq2", hash2, &error));
  g_assert_no_error (error);

  g_assert_false (warden_vault_verify_password ("Xk9#mPq3", hash, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* another hash value in the right format */
  tampered = g_strdup (hash);
  tampered[strlen (tampered) - 3] = tampered[strlen (tampered) - 3] == 'A' ? 'B' : 'A';
  g_assert_false (warden_vault_verify_password ("Xk9#mPq2", tampered, &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      g_assert_false (warden_vault_verify_password ("Xk9#mPq2", malformed[i], &error));
      g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_INVALID);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/vault/round-trip", test_round_trip);
  g_test_add_func ("/core/vault/tampered-ciphertext", test_tampered_ciphertext);
  g_test_add_func ("/core/vault/limits", test_limits);
  g_test_add_func ("/core/vault/wrap", test_wrap);
  g_test_add_func ("/core/vault/wrap-malformed", test_wrap_malformed);
  g_test_add_func ("/core/vault/password-hash", test_password_hash);

  return g_test_run ();
}
