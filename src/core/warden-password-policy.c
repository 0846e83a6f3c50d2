/* warden-password-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-password-policy.h"
#include "warden-security-error.h"

#include <string.h>

/* Byte limit checked before anything reads the text: 4 bytes per character. */
#define MAX_PASSWORD_BYTES (WARDEN_PASSWORD_MAX_LENGTH * 4)

static gunichar *
fold_chars (const char *text,
            glong      *n_chars)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_to_ucs4_fast (folded, -1, n_chars);
}

static gboolean
contains_chars (const gunichar *haystack,
                glong           n_haystack,
                const gunichar *needle,
                glong           n_needle)
{
  for (glong i = 0; i + n_needle <= n_haystack; i++)
    {
      glong j = 0;

      while (j < n_needle && haystack[i + j] == needle[j])
        j++;
      if (j == n_needle)
        return TRUE;
    }
  return FALSE;
}

/* Letters and digits form sequences; both directions count (abc, cba, 321). */
static gboolean
is_sequence_step (gunichar a,
                  gunichar b,
                  int      direction)
{
  gboolean both_digits = g_unichar_isdigit (a) && g_unichar_isdigit (b);
  gboolean both_letters = g_unichar_isalpha (a) && g_unichar_isalpha (b);

  if (!both_digits && !both_letters)
    return FALSE;
  return (gint64) b - (gint64) a == direction;
}

static gboolean
has_sequence (const gunichar *chars,
              glong           n_chars)
{
  for (glong i = 0; i + 2 < n_chars; i++)
    {
      for (int direction = -1; direction <= 1; direction += 2)
        {
          if (is_sequence_step (chars[i], chars[i + 1], direction) &&
              is_sequence_step (chars[i + 1], chars[i + 2], direction))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_repeat (const gunichar *chars,
            glong           n_chars)
{
  for (glong i = 0; i + 2 < n_chars; i++)
    {
      if (chars[i] == chars[i + 1] && chars[i + 1] == chars[i + 2])
        return TRUE;
    }
  return FALSE;
}

static int
count_kinds (const char *password)
{
  gboolean upper = FALSE, lower = FALSE, digit = FALSE, symbol = FALSE;

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        symbol = TRUE;
    }
  return upper + lower + digit + symbol;
}

/**
 * warden_password_policy_check:
 * @username: (nullable): the account the password is for
 * @password: the candidate password
 *
 * Returns: every rule @password breaks, or %WARDEN_PASSWORD_FLAW_NONE.
 */
WardenPasswordFlaws
warden_password_policy_check (const char *username,
                              const char *password)
{
  WardenPasswordFlaws flaws = WARDEN_PASSWORD_FLAW_NONE;
  g_autofree gunichar *chars = NULL;
  glong n_chars;

  g_return_val_if_fail (password != NULL, WARDEN_PASSWORD_FLAW_TOO_SHORT);

  if (strnlen (password, MAX_PASSWORD_BYTES + 1) > MAX_PASSWORD_BYTES)
    return WARDEN_PASSWORD_FLAW_TOO_LONG;
  if (!g_utf8_validate (password, -1, NULL))
    return WARDEN_PASSWORD_FLAW_NOT_UTF8;

  n_chars = g_utf8_strlen (password, -1);
  if (n_chars < WARDEN_PASSWORD_MIN_LENGTH)
    flaws |= WARDEN_PASSWORD_FLAW_TOO_SHORT;
  if (n_chars > WARDEN_PASSWORD_MAX_LENGTH)
    flaws |= WARDEN_PASSWORD_FLAW_TOO_LONG;
  if (count_kinds (password) < WARDEN_PASSWORD_MIN_KINDS)
    flaws |= WARDEN_PASSWORD_FLAW_FEW_KINDS;

  chars = fold_chars (password, &n_chars);

  if (username != NULL && *username != '\0' && g_utf8_validate (username, -1, NULL))
    {
      glong n_user;
      g_autofree gunichar *user = fold_chars (username, &n_user);

      if (contains_chars (chars, n_chars, user, n_user))
        flaws |= WARDEN_PASSWORD_FLAW_HAS_USER;

      for (glong i = 0; i < n_user / 2; i++)
        {
          gunichar tmp = user[i];

          user[i] = user[n_user - 1 - i];
          user[n_user - 1 - i] = tmp;
        }
      if (n_user > 1 && contains_chars (chars, n_chars, user, n_user))
        flaws |= WARDEN_PASSWORD_FLAW_HAS_USER_REVERSED;
    }

  if (has_sequence (chars, n_chars))
    flaws |= WARDEN_PASSWORD_FLAW_SEQUENCE;
  if (has_repeat (chars, n_chars))
    flaws |= WARDEN_PASSWORD_FLAW_REPEAT;

  return flaws;
}

/**
 * warden_password_policy_describe:
 * @flaws: what warden_password_policy_check() returned
 *
 * Returns: (transfer full): one sentence per broken rule, in rule order.
 */
char **
warden_password_policy_describe (WardenPasswordFlaws flaws)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *too_short = NULL;
  g_autofree char *too_long = NULL;

  if (flaws & WARDEN_PASSWORD_FLAW_NOT_UTF8)
    g_strv_builder_add (builder, _("The password is not valid text."));
  if (flaws & WARDEN_PASSWORD_FLAW_TOO_SHORT)
    {
      too_short = g_strdup_printf (_("Use at least %d characters."), WARDEN_PASSWORD_MIN_LENGTH);
      g_strv_builder_add (builder, too_short);
    }
  if (flaws & WARDEN_PASSWORD_FLAW_TOO_LONG)
    {
      too_long = g_strdup_printf (_("Use at most %d characters."), WARDEN_PASSWORD_MAX_LENGTH);
      g_strv_builder_add (builder, too_long);
    }
  if (flaws & WARDEN_PASSWORD_FLAW_FEW_KINDS)
    g_strv_builder_add (builder, _("Mix at least two of: upper case, lower case, digits, symbols."));
  if (flaws & WARDEN_PASSWORD_FLAW_HAS_USER)
    g_strv_builder_add (builder, _("Do not include the user name."));
  if (flaws & WARDEN_PASSWORD_FLAW_HAS_USER_REVERSED)
    g_strv_builder_add (builder, _("Do not include the user name reversed."));
  if (flaws & WARDEN_PASSWORD_FLAW_SEQUENCE)
    g_strv_builder_add (builder, _("Avoid runs of 3 consecutive characters such as 123, abc or cba."));
  if (flaws & WARDEN_PASSWORD_FLAW_REPEAT)
    g_strv_builder_add (builder, _("Avoid 3 or more repeated characters such as 111 or aaa."));

  return g_strv_builder_end (builder);
}

/**
 * warden_password_policy_strength:
 * @username: (nullable): the account the password is for
 * @password: the candidate password
 *
 * A rough score for the strength meter. Anything that breaks a rule is
 * %WARDEN_PASSWORD_STRENGTH_WEAK; length and variety raise the rest.
 */
WardenPasswordStrength
warden_password_policy_strength (const char *username,
                                 const char *password)
{
  glong n_chars;
  int score;

  g_return_val_if_fail (password != NULL, WARDEN_PASSWORD_STRENGTH_EMPTY);

  if (*password == '\0')
    return WARDEN_PASSWORD_STRENGTH_EMPTY;
  if (warden_password_policy_check (username, password) != WARDEN_PASSWORD_FLAW_NONE)
    return WARDEN_PASSWORD_STRENGTH_WEAK;

  n_chars = g_utf8_strlen (password, -1);
  score = WARDEN_PASSWORD_STRENGTH_FAIR;
  if (n_chars >= 12)
    score++;
  if (count_kinds (password) >= 3)
    score++;
  return MIN (score, WARDEN_PASSWORD_STRENGTH_STRONG);
}

/**
 * warden_password_policy_validate:
 *
 * Returns: %TRUE if @password passes every rule; otherwise sets
 *   %WARDEN_SECURITY_ERROR_WEAK_PASSWORD with the reasons, one per line.
 */
gboolean
warden_password_policy_validate (const char  *username,
                                 const char  *password,
                                 GError     **error)
{
  WardenPasswordFlaws flaws;
  g_auto (GStrv) reasons = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  flaws = warden_password_policy_check (username, password);
  if (flaws == WARDEN_PASSWORD_FLAW_NONE)
    return TRUE;

  reasons = warden_password_policy_describe (flaws);
  joined = g_strjoinv ("\n", reasons);
  g_set_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_WEAK_PASSWORD,
               _("Choose another password:\n%s"), joined);
  return FALSE;
}
