/* test-login-hash.c: the login hashes against values computed independently
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-login-hash.h"
#include "warden-proto-error.h"

#define REALM "Login to 421592117ae7e3d0347d203dc8e04774"
#define RANDOM "668077460"

static void
test_gen1 (void)
{
  g_autofree char *admin = warden_login_hash_gen1 ("admin");
  g_autofree char *other = warden_login_hash_gen1 ("admin123");
  g_autofree char *empty = warden_login_hash_gen1 ("");

  /* "admin" hashes to the value published for this scheme. */
  g_assert_cmpstr (admin, ==, "6QNMIQGe");
  g_assert_cmpstr (other, ==, "Ny2SRZzv");
  g_assert_cmpstr (empty, ==, "tlJwpbo6");
}

static void
test_default (void)
{
  g_autofree char *hash = warden_login_hash_default ("admin", "admin123", REALM, RANDOM);

  g_assert_cmpstr (hash, ==, "AEF677DF908D43034C20F918B1EAB3E8");
}

static void
test_dvrip (void)
{
  g_autofree char *hash = warden_login_hash_dvrip ("admin", "admin123", RANDOM);

  g_assert_cmpstr (hash, ==, "2DD12ED463EE6557DC86511B2004C3B3");
}

static void
test_dispatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *def = warden_login_hash ("Default", "admin", "admin123", REALM, RANDOM, NULL);
  g_autofree char *old = warden_login_hash ("OldDigest", "admin", "admin", REALM, RANDOM, NULL);
  g_autofree char *basic = warden_login_hash ("Basic", "admin", "admin", NULL, NULL, NULL);
  g_autofree char *plain = warden_login_hash ("Plain", "admin", "pw", NULL, NULL, NULL);
  g_autofree char *unknown = warden_login_hash ("WatchNet", "admin", "pw", REALM, RANDOM, &error);

  g_assert_cmpstr (def, ==, "AEF677DF908D43034C20F918B1EAB3E8");
  g_assert_cmpstr (old, ==, "6QNMIQGe");
  g_assert_cmpstr (basic, ==, "YWRtaW46YWRtaW4=");
  g_assert_cmpstr (plain, ==, "pw");
  g_assert_null (unknown);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/login-hash/gen1", test_gen1);
  g_test_add_func ("/proto/login-hash/default", test_default);
  g_test_add_func ("/proto/login-hash/dvrip", test_dvrip);
  g_test_add_func ("/proto/login-hash/dispatch", test_dispatch);

  return g_test_run ();
}
