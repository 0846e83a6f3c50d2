/* devsim-auth.c: password hashes and the login policy of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-auth.h"

#include <string.h>
#include <openssl/evp.h>

char *
devsim_md5_hex (const char *text,
                gboolean    upper)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *hex = g_string_sized_new (32);

  if (!EVP_Digest (text, strlen (text), digest, &len, EVP_md5 (), NULL))
    g_error ("OpenSSL MD5 is not available");
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (hex, upper ? "%02X" : "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

char *
devsim_hash_default (const char *user,
                     const char *password,
                     const char *realm,
                     const char *random)
{
  g_autofree char *a = g_strdup_printf ("%s:%s:%s", user, realm, password);
  g_autofree char *ha1 = devsim_md5_hex (a, TRUE);
  g_autofree char *b = g_strdup_printf ("%s:%s:%s", user, random, ha1);

  return devsim_md5_hex (b, TRUE);
}

char *
devsim_hash_gen1 (const char *password)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  char out[9];

  if (!EVP_Digest (password, strlen (password), digest, &len, EVP_md5 (), NULL))
    g_error ("OpenSSL MD5 is not available");
  g_assert (len == 16);
  for (int i = 0; i < 8; i++)
    {
      int v = (digest[2 * i] + digest[2 * i + 1]) % 62;

      out[i] = v < 10 ? '0' + v : v < 36 ? 'A' + (v - 10) : 'a' + (v - 36);
    }
  out[8] = '\0';
  return g_strdup (out);
}

char *
devsim_hash_dvrip (const char *user,
                   const char *password,
                   const char *random)
{
  g_autofree char *gen1 = devsim_hash_gen1 (password);
  g_autofree char *text = g_strdup_printf ("%s:%s:%s", user, random, gen1);

  return devsim_md5_hex (text, TRUE);
}

gboolean
devsim_auth_check_default (const char *stored,
                           gpointer    user_data)
{
  DevsimDefaultProof *p = user_data;
  g_autofree char *expected = devsim_hash_default (p->user, stored, p->realm, p->random);

  return g_ascii_strcasecmp (expected, p->proof) == 0;
}

char *
devsim_new_random (void)
{
  return g_strdup_printf ("%u", g_random_int_range (100000000, G_MAXINT32));
}

static gboolean
user_locked (DevsimUser *user,
             int        *lock_left_s)
{
  gint64 now = g_get_real_time ();

  if (user->locked_until_us == 0)
    return FALSE;
  if (now >= user->locked_until_us)
    {
      user->locked_until_us = 0;
      user->failed_logins = 0;
      return FALSE;
    }
  if (lock_left_s)
    *lock_left_s = (int) ((user->locked_until_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return TRUE;
}

static void
count_failure (DevsimUser *user,
               int        *attempts_left,
               int        *lock_left_s)
{
  user->failed_logins++;
  if (user->failed_logins >= DEVSIM_LOCKOUT_ATTEMPTS)
    {
      user->locked_until_us = g_get_real_time () + DEVSIM_LOCKOUT_SECONDS * G_USEC_PER_SEC;
      if (lock_left_s)
        *lock_left_s = DEVSIM_LOCKOUT_SECONDS;
    }
  if (attempts_left)
    *attempts_left = MAX (DEVSIM_LOCKOUT_ATTEMPTS - user->failed_logins, 0);
}

DevsimLoginStatus
devsim_auth_login (DevsimDevice        *device,
                   const char          *user_name,
                   DevsimPasswordCheck  check,
                   gpointer             user_data,
                   int                 *attempts_left,
                   int                 *lock_left_s)
{
  DevsimUser *user;

  if (attempts_left)
    *attempts_left = DEVSIM_LOCKOUT_ATTEMPTS;
  if (lock_left_s)
    *lock_left_s = 0;
  if (!device->initialised)
    return DEVSIM_LOGIN_NOT_INITIALISED;
  user = devsim_device_find_user (device, user_name);
  if (user == NULL)
    return DEVSIM_LOGIN_BAD_USER;
  if (user_locked (user, lock_left_s))
    {
      if (attempts_left)
        *attempts_left = 0;
      return DEVSIM_LOGIN_LOCKED;
    }
  if (device->refuse_logins)
    {
      if (attempts_left)
        *attempts_left = DEVSIM_LOCKOUT_ATTEMPTS - user->failed_logins;
      return DEVSIM_LOGIN_BAD_PASSWORD;
    }
  if (!check (user->password, user_data))
    {
      count_failure (user, attempts_left, lock_left_s);
      return user->locked_until_us ? DEVSIM_LOGIN_LOCKED : DEVSIM_LOGIN_BAD_PASSWORD;
    }
  user->failed_logins = 0;
  return DEVSIM_LOGIN_OK;
}

void
devsim_auth_note_failure (DevsimDevice *device,
                          const char   *user_name)
{
  DevsimUser *user = devsim_device_find_user (device, user_name);

  if (user != NULL && !user_locked (user, NULL))
    count_failure (user, NULL, NULL);
}

gboolean
devsim_auth_is_locked (DevsimDevice *device,
                       const char   *user_name,
                       int          *lock_left_s)
{
  DevsimUser *user = devsim_device_find_user (device, user_name);

  return user != NULL && user_locked (user, lock_left_s);
}
