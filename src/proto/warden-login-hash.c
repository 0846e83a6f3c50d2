/* warden-login-hash.c: the password hashes devices expect at login (PROTOCOL.md §3.2, §3.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-login-hash.h"
#include "warden-proto-error.h"

#include <string.h>

static char *
md5_upper_hex (const char *text)
{
  g_autofree char *lower = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  return g_ascii_strup (lower, -1);
}

/**
 * warden_login_hash_gen1:
 *
 * The 8-character "OldDigest" hash: each pair of MD5 bytes, summed modulo 62,
 * picks one of 0-9, A-Z, a-z.
 *
 * Returns: (transfer full): the hash
 */
char *
warden_login_hash_gen1 (const char *password)
{
  static const char alphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize digest_len = sizeof digest;
  char out[9];

  g_return_val_if_fail (password != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) password, (gssize) strlen (password));
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == 16);

  for (guint i = 0; i < 8; i++)
    out[i] = alphabet[(digest[2 * i] + digest[2 * i + 1]) % 62];
  out[8] = '\0';

  return g_strdup (out);
}

/**
 * warden_login_hash_default:
 *
 * `Default`: UPPER(MD5(user ":" random ":" UPPER(MD5(user ":" realm ":" password)))).
 *
 * Returns: (transfer full): 32 upper-case hex digits
 */
char *
warden_login_hash_default (const char *user,
                           const char *password,
                           const char *realm,
                           const char *random)
{
  g_autofree char *ha1_input = NULL;
  g_autofree char *ha1 = NULL;
  g_autofree char *input = NULL;

  g_return_val_if_fail (user != NULL && password != NULL, NULL);
  g_return_val_if_fail (realm != NULL && random != NULL, NULL);

  ha1_input = g_strconcat (user, ":", realm, ":", password, NULL);
  ha1 = md5_upper_hex (ha1_input);
  input = g_strconcat (user, ":", random, ":", ha1, NULL);

  return md5_upper_hex (input);
}

/**
 * warden_login_hash_dvrip:
 *
 * The second hash of a DVRIP login: UPPER(MD5(user ":" random ":" gen1(password))).
 *
 * Returns: (transfer full): 32 upper-case hex digits
 */
char *
warden_login_hash_dvrip (const char *user,
                         const char *password,
                         const char *random)
{
  g_autofree char *gen1 = NULL;
  g_autofree char *input = NULL;

  g_return_val_if_fail (user != NULL && password != NULL && random != NULL, NULL);

  gen1 = warden_login_hash_gen1 (password);
  input = g_strconcat (user, ":", random, ":", gen1, NULL);

  return md5_upper_hex (input);
}

/**
 * warden_login_hash:
 * @encryption: the `encryption` the device named in its login challenge
 *
 * Returns: (transfer full): the password field of the second login request, or
 *   %NULL with %WARDEN_PROTO_ERROR_UNSUPPORTED for an unknown scheme
 */
char *
warden_login_hash (const char *encryption,
                   const char *user,
                   const char *password,
                   const char *realm,
                   const char *random,
                   GError    **error)
{
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  if (encryption == NULL || g_ascii_strcasecmp (encryption, "Default") == 0)
    {
      if (realm == NULL || random == NULL)
        {
          g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                       "The device's login challenge lacks its realm or random value");
          return NULL;
        }
      return warden_login_hash_default (user, password, realm, random);
    }
  if (g_ascii_strcasecmp (encryption, "OldDigest") == 0)
    return warden_login_hash_gen1 (password);
  if (g_ascii_strcasecmp (encryption, "Basic") == 0)
    {
      g_autofree char *pair = g_strconcat (user, ":", password, NULL);

      return g_base64_encode ((const guchar *) pair, strlen (pair));
    }
  if (g_ascii_strcasecmp (encryption, "Plain") == 0)
    return g_strdup (password);

  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
               "The device asks for the login scheme \"%s\", which Warden does not support",
               encryption);
  return NULL;
}
