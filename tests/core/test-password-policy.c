/* test-password-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-password-policy.h"
#include "warden-security-error.h"

typedef struct
{
  const char          *username;
  const char          *password;
  WardenPasswordFlaws  expected;
} Case;

/* Every rule has passing and failing rows. */
static const Case cases[] = {
  /* length */
  { "admin", "Xk9#mPq2", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "Xk9#mPq", WARDEN_PASSWORD_FLAW_TOO_SHORT },
  { "admin", "Xk9#m", WARDEN_PASSWORD_FLAW_TOO_SHORT },
  { "admin", "Ünïcødé9", WARDEN_PASSWORD_FLAW_NONE },   /* 8 characters, more bytes */
  { "admin", "Ünïcød9", WARDEN_PASSWORD_FLAW_TOO_SHORT },
  /* kinds */
  { "admin", "kdmwpqzr", WARDEN_PASSWORD_FLAW_FEW_KINDS },
  { "admin", "KDMWPQZR", WARDEN_PASSWORD_FLAW_FEW_KINDS },
  { "admin", "49207318", WARDEN_PASSWORD_FLAW_FEW_KINDS },
  { "admin", "#!?*&%@^", WARDEN_PASSWORD_FLAW_FEW_KINDS },
  { "admin", "kdmwpqz7", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "kdmwpqz!", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "KDMWPQZr", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "4920731!", WARDEN_PASSWORD_FLAW_NONE },
  /* user name */
  { "admin", "Qz7admin9", WARDEN_PASSWORD_FLAW_HAS_USER },
  { "admin", "Qz7ADMIN9", WARDEN_PASSWORD_FLAW_HAS_USER },
  { "admin", "Qz7adm1n9", WARDEN_PASSWORD_FLAW_NONE },
  { "Mallory", "x9mallory!", WARDEN_PASSWORD_FLAW_HAS_USER },
  /* user name reversed */
  { "admin", "Qz7nimda9", WARDEN_PASSWORD_FLAW_HAS_USER_REVERSED },
  { "admin", "Qz7NiMdA9", WARDEN_PASSWORD_FLAW_HAS_USER_REVERSED },
  { "admin", "Qz7nimd49", WARDEN_PASSWORD_FLAW_NONE },
  { "", "Qz7nimda9", WARDEN_PASSWORD_FLAW_NONE },
  { NULL, "Qz7admin9", WARDEN_PASSWORD_FLAW_NONE },
  /* runs of consecutive characters */
  { "admin", "Xk9#123q", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "Xk9#321q", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "Xk9#abcQ", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "Xk9#cbaQ", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "Xk9#aBcQ", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "xyz#7Qmp", WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "Xk9#ab1Q", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "Xk9#135Q", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "Xk9#12Q4", WARDEN_PASSWORD_FLAW_NONE },
  /* repeated characters */
  { "admin", "Xk9#111q", WARDEN_PASSWORD_FLAW_REPEAT },
  { "admin", "Xk9#aaaQ", WARDEN_PASSWORD_FLAW_REPEAT },
  { "admin", "Xk9#aAaQ", WARDEN_PASSWORD_FLAW_REPEAT },
  { "admin", "Xk9###Qm", WARDEN_PASSWORD_FLAW_REPEAT },
  { "admin", "Xk9#aa7Q", WARDEN_PASSWORD_FLAW_NONE },
  { "admin", "Xk9#a7aQ", WARDEN_PASSWORD_FLAW_NONE },
  /* several at once */
  { "admin", "aaa", WARDEN_PASSWORD_FLAW_TOO_SHORT | WARDEN_PASSWORD_FLAW_FEW_KINDS |
                    WARDEN_PASSWORD_FLAW_REPEAT },
  { "admin", "admin123", WARDEN_PASSWORD_FLAW_HAS_USER | WARDEN_PASSWORD_FLAW_SEQUENCE },
  { "admin", "", WARDEN_PASSWORD_FLAW_TOO_SHORT | WARDEN_PASSWORD_FLAW_FEW_KINDS },
  /* not text */
  { "admin", "Xk9#\xff\xfeQm", WARDEN_PASSWORD_FLAW_NOT_UTF8 },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WardenPasswordFlaws flaws = warden_password_policy_check (cases[i].username,
                                                                cases[i].password);
      g_autofree char *shown = g_strescape (cases[i].password, NULL);

      g_test_message ("%s / %s", cases[i].username, shown);
      g_assert_cmphex (flaws, ==, cases[i].expected);
    }
}

static void
test_too_long (void)
{
  g_autoptr (GString) password = g_string_new ("Qx7!");
  g_autofree char *huge = NULL;

  /* 128 characters pass, 129 do not */
  while (password->len < WARDEN_PASSWORD_MAX_LENGTH)
    g_string_append (password, password->len % 8 == 4 ? "Qx7!" : "mP2#");
  g_string_truncate (password, WARDEN_PASSWORD_MAX_LENGTH);
  g_assert_cmphex (warden_password_policy_check ("admin", password->str), ==,
                   WARDEN_PASSWORD_FLAW_NONE);
  g_string_append_c (password, 'z');
  g_assert_cmphex (warden_password_policy_check ("admin", password->str), ==,
                   WARDEN_PASSWORD_FLAW_TOO_LONG);

  /* a huge input is refused without being read through */
  huge = g_strnfill (1 << 20, 'a');
  g_assert_cmphex (warden_password_policy_check ("admin", huge), ==,
                   WARDEN_PASSWORD_FLAW_TOO_LONG);
}

static void
test_reasons (void)
{
  for (guint bit = 0; bit < 8; bit++)
    {
      g_auto (GStrv) reasons = warden_password_policy_describe (1u << bit);

      g_assert_cmpuint (g_strv_length (reasons), ==, 1);
      g_assert_cmpuint (strlen (reasons[0]), >, 10);
    }
  {
    g_auto (GStrv) none = warden_password_policy_describe (WARDEN_PASSWORD_FLAW_NONE);
    g_auto (GStrv) two = warden_password_policy_describe (WARDEN_PASSWORD_FLAW_TOO_SHORT |
                                                          WARDEN_PASSWORD_FLAW_REPEAT);

    g_assert_cmpuint (g_strv_length (none), ==, 0);
    g_assert_cmpuint (g_strv_length (two), ==, 2);
    g_assert_true (strstr (two[0], "8") != NULL);
  }
}

static void
test_validate (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) reason = warden_password_policy_describe (WARDEN_PASSWORD_FLAW_SEQUENCE);

  g_assert_true (warden_password_policy_validate ("admin", "Xk9#mPq2", &error));
  g_assert_no_error (error);

  g_assert_false (warden_password_policy_validate ("admin", "Xk9#123q", &error));
  g_assert_error (error, WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_WEAK_PASSWORD);
  g_assert_true (strstr (error->message, reason[0]) != NULL);
}

static void
test_strength (void)
{
  g_assert_cmpint (warden_password_policy_strength ("admin", ""), ==,
                   WARDEN_PASSWORD_STRENGTH_EMPTY);
  g_assert_cmpint (warden_password_policy_strength ("admin", "abc"), ==,
                   WARDEN_PASSWORD_STRENGTH_WEAK);
  g_assert_cmpint (warden_password_policy_strength ("admin", "Qz7admin9"), ==,
                   WARDEN_PASSWORD_STRENGTH_WEAK);
  g_assert_cmpint (warden_password_policy_strength ("admin", "kdmwpqz7"), ==,
                   WARDEN_PASSWORD_STRENGTH_FAIR);
  g_assert_cmpint (warden_password_policy_strength ("admin", "Xk9#mPq2"), ==,
                   WARDEN_PASSWORD_STRENGTH_GOOD);
  g_assert_cmpint (warden_password_policy_strength ("admin", "kdmwpqz7rtvh"), ==,
                   WARDEN_PASSWORD_STRENGTH_GOOD);
  g_assert_cmpint (warden_password_policy_strength ("admin", "Xk9#mPq2Lr5!"), ==,
                   WARDEN_PASSWORD_STRENGTH_STRONG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/password-policy/table", test_table);
  g_test_add_func ("/core/password-policy/too-long", test_too_long);
  g_test_add_func ("/core/password-policy/reasons", test_reasons);
  g_test_add_func ("/core/password-policy/validate", test_validate);
  g_test_add_func ("/core/password-policy/strength", test_strength);

  return g_test_run ();
}
