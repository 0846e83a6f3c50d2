/* warden-lockout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account that fails max_failures times in a row is locked for duration.
 * While locked, attempts are refused before any password is checked and do
 * not extend the lock. When the lock ends the count starts again from zero.
 * Accounts are compared case-insensitively, the way sign-in names are.
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include "warden-lockout.h"

typedef struct
{
  guint  failures;
  gint64 locked_until;
} AccountState;

struct _WardenLockout
{
  GObject          parent_instance;

  guint            max_failures;
  GTimeSpan        duration;
  WardenClockFunc  clock;
  gpointer         clock_data;
  GMutex           mutex;
  GHashTable      *accounts;   /* casefolded name → AccountState */
};

G_DEFINE_FINAL_TYPE (WardenLockout, warden_lockout, G_TYPE_OBJECT)

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

/* Called with the mutex held. Drops a lock that has run out. */
static AccountState *
lookup_state (WardenLockout *self,
              const char    *account,
              gboolean       create)
{
  g_autofree char *key = g_utf8_casefold (account, -1);
  AccountState *state = g_hash_table_lookup (self->accounts, key);

  if (state == NULL && create)
    {
      state = g_new0 (AccountState, 1);
      g_hash_table_insert (self->accounts, g_steal_pointer (&key), state);
    }
  if (state != NULL && state->locked_until != 0 &&
      self->clock (self->clock_data) >= state->locked_until)
    {
      state->locked_until = 0;
      state->failures = 0;
    }
  return state;
}

static void
warden_lockout_finalize (GObject *object)
{
  WardenLockout *self = WARDEN_LOCKOUT (object);

  g_hash_table_unref (self->accounts);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (warden_lockout_parent_class)->finalize (object);
}

static void
warden_lockout_class_init (WardenLockoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_lockout_finalize;
}

static void
warden_lockout_init (WardenLockout *self)
{
  g_mutex_init (&self->mutex);
  self->clock = real_clock;
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * warden_lockout_new:
 * @max_failures: failures in a row that lock an account (at least 1)
 * @duration: how long the lock lasts
 */
WardenLockout *
warden_lockout_new (guint     max_failures,
                    GTimeSpan duration)
{
  WardenLockout *self;

  g_return_val_if_fail (max_failures > 0, NULL);
  g_return_val_if_fail (duration > 0, NULL);

  self = g_object_new (WARDEN_TYPE_LOCKOUT, NULL);
  self->max_failures = max_failures;
  self->duration = duration;
  return self;
}

/**
 * warden_lockout_set_clock:
 * @clock: (nullable): the time source; %NULL restores the real clock
 */
void
warden_lockout_set_clock (WardenLockout   *self,
                          WardenClockFunc  clock,
                          gpointer         user_data)
{
  g_return_if_fail (WARDEN_IS_LOCKOUT (self));

  g_mutex_lock (&self->mutex);
  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
  g_mutex_unlock (&self->mutex);
}

gint64
warden_lockout_now (WardenLockout *self)
{
  gint64 now;

  g_return_val_if_fail (WARDEN_IS_LOCKOUT (self), 0);

  g_mutex_lock (&self->mutex);
  now = self->clock (self->clock_data);
  g_mutex_unlock (&self->mutex);
  return now;
}

/**
 * warden_lockout_get_remaining:
 *
 * Returns: how long @account stays locked, or 0 if it is not locked.
 */
GTimeSpan
warden_lockout_get_remaining (WardenLockout *self,
                              const char    *account)
{
  AccountState *state;
  GTimeSpan remaining = 0;

  g_return_val_if_fail (WARDEN_IS_LOCKOUT (self), 0);
  g_return_val_if_fail (account != NULL, 0);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, FALSE);
  if (state != NULL && state->locked_until != 0)
    remaining = state->locked_until - self->clock (self->clock_data);
  g_mutex_unlock (&self->mutex);
  return remaining;
}

/**
 * warden_lockout_get_locked_until:
 *
 * Returns: the wall-clock time the lock of @account ends, or 0.
 */
gint64
warden_lockout_get_locked_until (WardenLockout *self,
                                 const char    *account)
{
  AccountState *state;
  gint64 until = 0;

  g_return_val_if_fail (WARDEN_IS_LOCKOUT (self), 0);
  g_return_val_if_fail (account != NULL, 0);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, FALSE);
  if (state != NULL)
    until = state->locked_until;
  g_mutex_unlock (&self->mutex);
  return until;
}

/**
 * warden_lockout_get_failures:
 *
 * Returns: failures in a row since the last success or the last lock.
 */
guint
warden_lockout_get_failures (WardenLockout *self,
                             const char    *account)
{
  AccountState *state;
  guint failures = 0;

  g_return_val_if_fail (WARDEN_IS_LOCKOUT (self), 0);
  g_return_val_if_fail (account != NULL, 0);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, FALSE);
  if (state != NULL)
    failures = state->failures;
  g_mutex_unlock (&self->mutex);
  return failures;
}

/**
 * warden_lockout_record_failure:
 *
 * Counts a failed attempt. A failure while locked changes nothing.
 *
 * Returns: %TRUE if @account is locked now.
 */
gboolean
warden_lockout_record_failure (WardenLockout *self,
                               const char    *account)
{
  AccountState *state;
  gboolean locked;

  g_return_val_if_fail (WARDEN_IS_LOCKOUT (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, TRUE);
  if (state->locked_until == 0)
    {
      state->failures++;
      if (state->failures >= self->max_failures)
        state->locked_until = self->clock (self->clock_data) + self->duration;
    }
  locked = state->locked_until != 0;
  g_mutex_unlock (&self->mutex);
  return locked;
}

/**
 * warden_lockout_record_success:
 *
 * Clears the failure count of @account. It never ends a lock early.
 */
void
warden_lockout_record_success (WardenLockout *self,
                               const char    *account)
{
  AccountState *state;

  g_return_if_fail (WARDEN_IS_LOCKOUT (self));
  g_return_if_fail (account != NULL);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, FALSE);
  if (state != NULL && state->locked_until == 0)
    state->failures = 0;
  g_mutex_unlock (&self->mutex);
}

/**
 * warden_lockout_restore:
 *
 * Seeds the state of @account from what was saved before a restart.
 */
void
warden_lockout_restore (WardenLockout *self,
                        const char    *account,
                        guint          failures,
                        gint64         locked_until)
{
  AccountState *state;

  g_return_if_fail (WARDEN_IS_LOCKOUT (self));
  g_return_if_fail (account != NULL);

  g_mutex_lock (&self->mutex);
  state = lookup_state (self, account, TRUE);
  state->locked_until = MAX (locked_until, 0);
  state->failures = state->locked_until != 0 ? self->max_failures
                                             : MIN (failures, self->max_failures - 1);
  /* a lock saved long ago may have run out already */
  lookup_state (self, account, FALSE);
  g_mutex_unlock (&self->mutex);
}
