/* warden-security-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include "warden-security-error.h"

G_DEFINE_QUARK (warden-security-error-quark, warden_security_error)
