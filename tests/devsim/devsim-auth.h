/* devsim-auth.h: password hashes and the login policy (lockout) of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "devsim-device.h"

G_BEGIN_DECLS

typedef enum
{
  DEVSIM_LOGIN_OK,
  DEVSIM_LOGIN_BAD_PASSWORD,
  DEVSIM_LOGIN_BAD_USER,
  DEVSIM_LOGIN_LOCKED,
  DEVSIM_LOGIN_NOT_INITIALISED,
} DevsimLoginStatus;

/* RPC error codes (PROTOCOL.md §3.2). */
#define DEVSIM_RPC_LOGIN_CHALLENGE   268632079
#define DEVSIM_RPC_BAD_PASSWORD      268632085
#define DEVSIM_RPC_LOCKED            268632081
#define DEVSIM_RPC_NOT_INITIALISED   268632086
#define DEVSIM_RPC_INVALID_SESSION   287637505
#define DEVSIM_RPC_INVALID_REQUEST   268894209
#define DEVSIM_RPC_METHOD_NOT_FOUND  268894210
#define DEVSIM_RPC_NO_DATA           285409284

char              *devsim_md5_hex           (const char *text,
                                             gboolean    upper);
/* Default: UPPER(MD5(U:random:UPPER(MD5(U:realm:P)))) */
char              *devsim_hash_default      (const char *user,
                                             const char *password,
                                             const char *realm,
                                             const char *random);
/* The 8-character "gen1" (OldDigest) hash of a password. */
char              *devsim_hash_gen1         (const char *password);
/* DVRIP: UPPER(MD5(U:random:gen1(P))) */
char              *devsim_hash_dvrip        (const char *user,
                                             const char *password,
                                             const char *random);
/* A fresh login challenge, decimal digits. */
char              *devsim_new_random        (void);

typedef gboolean (*DevsimPasswordCheck) (const char *password,
                                         gpointer    user_data);

/* Applies the device's login policy: initialisation, the refuse-logins fault,
 * lockout after DEVSIM_LOCKOUT_ATTEMPTS failures for DEVSIM_LOCKOUT_SECONDS.
 * `check` says whether the client's proof matches the stored password.
 * `attempts_left` and `lock_left_s` may be NULL. */
DevsimLoginStatus  devsim_auth_login        (DevsimDevice        *device,
                                             const char          *user_name,
                                             DevsimPasswordCheck  check,
                                             gpointer             user_data,
                                             int                 *attempts_left,
                                             int                 *lock_left_s);
/* A client's Default-hash proof of a password (PROTOCOL.md §3.2). */
typedef struct
{
  const char *user;
  const char *realm;
  const char *random;
  const char *proof;
} DevsimDefaultProof;

/* A DevsimPasswordCheck: `user_data` is a DevsimDefaultProof. */
gboolean           devsim_auth_check_default (const char *stored,
                                              gpointer    user_data);
/* Counts a failed login that was detected elsewhere (HTTP Digest). */
void               devsim_auth_note_failure (DevsimDevice *device,
                                             const char   *user_name);
/* TRUE when the user is locked now; `lock_left_s` may be NULL. */
gboolean           devsim_auth_is_locked    (DevsimDevice *device,
                                             const char   *user_name,
                                             int          *lock_left_s);

G_END_DECLS
