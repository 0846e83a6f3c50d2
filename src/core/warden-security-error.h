/* warden-security-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WARDEN_SECURITY_ERROR (warden_security_error_quark ())

typedef enum
{
  WARDEN_SECURITY_ERROR_WEAK_PASSWORD,   /* the password breaks a rule; the message lists which */
  WARDEN_SECURITY_ERROR_BAD_CREDENTIALS, /* unknown account or wrong password */
  WARDEN_SECURITY_ERROR_LOCKED_OUT,      /* too many failures; wait for the time in the message */
  WARDEN_SECURITY_ERROR_DISABLED,        /* the account was disabled by an administrator */
  WARDEN_SECURITY_ERROR_NOT_SIGNED_IN,   /* the action needs a signed-in operator */
  WARDEN_SECURITY_ERROR_APP_LOCKED,      /* the app is locked; enter the password to go on */
  WARDEN_SECURITY_ERROR_DENIED,          /* the operator's role lacks the right */
  WARDEN_SECURITY_ERROR_TAMPERED,        /* encrypted data failed authentication */
  WARDEN_SECURITY_ERROR_INVALID,         /* malformed input (size, format, version) */
  WARDEN_SECURITY_ERROR_EXISTS,          /* the name is taken */
  WARDEN_SECURITY_ERROR_NOT_FOUND,       /* no such account, role or secret */
  WARDEN_SECURITY_ERROR_CRYPTO,          /* the crypto library failed */
} WardenSecurityError;

GQuark warden_security_error_quark (void);

G_END_DECLS
