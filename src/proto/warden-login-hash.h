/* warden-login-hash.h: the password hashes devices expect at login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *warden_login_hash_gen1    (const char *password);
char *warden_login_hash_default (const char *user,
                                 const char *password,
                                 const char *realm,
                                 const char *random);
char *warden_login_hash_dvrip   (const char *user,
                                 const char *password,
                                 const char *random);
char *warden_login_hash         (const char *encryption,
                                 const char *user,
                                 const char *password,
                                 const char *realm,
                                 const char *random,
                                 GError    **error);

G_END_DECLS
