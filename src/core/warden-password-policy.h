/* warden-password-policy.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password rules Warden applies wherever a password is set: operator
 * accounts, and device passwords when Warden initialises a device.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WARDEN_PASSWORD_MIN_LENGTH 8
#define WARDEN_PASSWORD_MAX_LENGTH 128   /* characters; longer input is refused unread */
#define WARDEN_PASSWORD_MIN_KINDS  2

typedef enum
{
  WARDEN_PASSWORD_FLAW_NONE              = 0,
  WARDEN_PASSWORD_FLAW_TOO_SHORT         = 1 << 0,
  WARDEN_PASSWORD_FLAW_TOO_LONG          = 1 << 1,
  WARDEN_PASSWORD_FLAW_FEW_KINDS         = 1 << 2,
  WARDEN_PASSWORD_FLAW_HAS_USER          = 1 << 3,
  WARDEN_PASSWORD_FLAW_HAS_USER_REVERSED = 1 << 4,
  WARDEN_PASSWORD_FLAW_SEQUENCE          = 1 << 5,
  WARDEN_PASSWORD_FLAW_REPEAT            = 1 << 6,
  WARDEN_PASSWORD_FLAW_NOT_UTF8          = 1 << 7,
} WardenPasswordFlaws;

typedef enum
{
  WARDEN_PASSWORD_STRENGTH_EMPTY,
  WARDEN_PASSWORD_STRENGTH_WEAK,     /* breaks a rule */
  WARDEN_PASSWORD_STRENGTH_FAIR,     /* passes the rules, nothing more */
  WARDEN_PASSWORD_STRENGTH_GOOD,
  WARDEN_PASSWORD_STRENGTH_STRONG,
} WardenPasswordStrength;

WardenPasswordFlaws    warden_password_policy_check    (const char          *username,
                                                        const char          *password);
char                 **warden_password_policy_describe (WardenPasswordFlaws  flaws);
WardenPasswordStrength warden_password_policy_strength (const char          *username,
                                                        const char          *password);
gboolean               warden_password_policy_validate (const char          *username,
                                                        const char          *password,
                                                        GError             **error);

G_END_DECLS
