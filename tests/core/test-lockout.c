/* test-lockout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-lockout.h"

typedef struct
{
  gint64 now;
} FakeClock;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *) user_data)->now;
}

static WardenLockout *
new_lockout (FakeClock *clock)
{
  WardenLockout *lockout = warden_lockout_new (WARDEN_LOCKOUT_DEFAULT_MAX_FAILURES,
                                               WARDEN_LOCKOUT_DEFAULT_DURATION);

  clock->now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  warden_lockout_set_clock (lockout, fake_clock, clock);
  return lockout;
}

static void
test_five_failures_lock_for_five_minutes (void)
{
  FakeClock clock;
  g_autoptr (WardenLockout) lockout = new_lockout (&clock);

  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (warden_lockout_record_failure (lockout, "admin"));
      g_assert_cmpuint (warden_lockout_get_failures (lockout, "admin"), ==, i);
      g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, 0);
      clock.now += 10 * G_USEC_PER_SEC;
    }
  g_assert_true (warden_lockout_record_failure (lockout, "admin"));
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, 5 * G_TIME_SPAN_MINUTE);

  clock.now += 4 * G_TIME_SPAN_MINUTE + 59 * G_TIME_SPAN_SECOND;
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, G_TIME_SPAN_SECOND);

  /* attempts while locked neither count nor extend the lock */
  g_assert_true (warden_lockout_record_failure (lockout, "admin"));
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, G_TIME_SPAN_SECOND);
  /* nor does a success end it early */
  warden_lockout_record_success (lockout, "admin");
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, G_TIME_SPAN_SECOND);

  clock.now += G_TIME_SPAN_SECOND;
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, 0);
  g_assert_cmpuint (warden_lockout_get_failures (lockout, "admin"), ==, 0);

  /* after the lock, five more failures are needed to lock again */
  for (int i = 1; i <= 4; i++)
    g_assert_false (warden_lockout_record_failure (lockout, "admin"));
  g_assert_true (warden_lockout_record_failure (lockout, "admin"));
}

static void
test_success_resets (void)
{
  FakeClock clock;
  g_autoptr (WardenLockout) lockout = new_lockout (&clock);

  for (int i = 0; i < 4; i++)
    g_assert_false (warden_lockout_record_failure (lockout, "admin"));
  warden_lockout_record_success (lockout, "admin");
  g_assert_cmpuint (warden_lockout_get_failures (lockout, "admin"), ==, 0);
  for (int i = 0; i < 4; i++)
    g_assert_false (warden_lockout_record_failure (lockout, "admin"));
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "admin"), ==, 0);
}

static void
test_accounts_apart (void)
{
  FakeClock clock;
  g_autoptr (WardenLockout) lockout = new_lockout (&clock);

  for (int i = 0; i < 5; i++)
    warden_lockout_record_failure (lockout, "Admin");
  /* names compare without case */
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "ADMIN"), >, 0);
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "operator"), ==, 0);
  g_assert_false (warden_lockout_record_failure (lockout, "operator"));
}

static void
test_restore (void)
{
  FakeClock clock;
  g_autoptr (WardenLockout) lockout = new_lockout (&clock);

  warden_lockout_restore (lockout, "a", 5, clock.now + 2 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "a"), ==, 2 * G_TIME_SPAN_MINUTE);

  /* a lock that ran out while Warden was closed */
  warden_lockout_restore (lockout, "b", 5, clock.now - G_TIME_SPAN_SECOND);
  g_assert_cmpint (warden_lockout_get_remaining (lockout, "b"), ==, 0);
  g_assert_cmpuint (warden_lockout_get_failures (lockout, "b"), ==, 0);

  /* failures carry over: one more locks */
  warden_lockout_restore (lockout, "c", 4, 0);
  g_assert_true (warden_lockout_record_failure (lockout, "c"));
}

static void
test_other_limits (void)
{
  FakeClock clock;
  g_autoptr (WardenLockout) lockout = warden_lockout_new (2, G_TIME_SPAN_SECOND);

  clock.now = 0;
  warden_lockout_set_clock (lockout, fake_clock, &clock);
  g_assert_false (warden_lockout_record_failure (lockout, "x"));
  g_assert_true (warden_lockout_record_failure (lockout, "x"));
  g_assert_cmpint (warden_lockout_get_locked_until (lockout, "x"), ==, G_TIME_SPAN_SECOND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/lockout/five-failures", test_five_failures_lock_for_five_minutes);
  g_test_add_func ("/core/lockout/success-resets", test_success_resets);
  g_test_add_func ("/core/lockout/accounts-apart", test_accounts_apart);
  g_test_add_func ("/core/lockout/restore", test_restore);
  g_test_add_func ("/core/lockout/other-limits", test_other_limits);

  return g_test_run ();
}
