/* warden-lockout.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts failed sign-ins per account and locks an account for a while after
 * too many. The clock is injectable so tests can move time.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WARDEN_LOCKOUT_DEFAULT_MAX_FAILURES 5
#define WARDEN_LOCKOUT_DEFAULT_DURATION     (5 * G_TIME_SPAN_MINUTE)

/* Returns the wall-clock time in microseconds, like g_get_real_time(). */
typedef gint64 (*WardenClockFunc) (gpointer user_data);

#define WARDEN_TYPE_LOCKOUT (warden_lockout_get_type ())
G_DECLARE_FINAL_TYPE (WardenLockout, warden_lockout, WARDEN, LOCKOUT, GObject)

WardenLockout *warden_lockout_new            (guint            max_failures,
                                              GTimeSpan        duration);
void           warden_lockout_set_clock      (WardenLockout   *self,
                                              WardenClockFunc  clock,
                                              gpointer         user_data);
gint64         warden_lockout_now            (WardenLockout   *self);
GTimeSpan      warden_lockout_get_remaining  (WardenLockout   *self,
                                              const char      *account);
guint          warden_lockout_get_failures   (WardenLockout   *self,
                                              const char      *account);
gboolean       warden_lockout_record_failure (WardenLockout   *self,
                                              const char      *account);
void           warden_lockout_record_success (WardenLockout   *self,
                                              const char      *account);
void           warden_lockout_restore        (WardenLockout   *self,
                                              const char      *account,
                                              guint            failures,
                                              gint64           locked_until);
gint64         warden_lockout_get_locked_until (WardenLockout *self,
                                              const char      *account);

G_END_DECLS
