/* devsim-test-util.c: small clients for the simulator's own tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-test-util.h"

#include <stdlib.h>
#include <string.h>

static char *
md5_upper (const char *text)
{
  g_autofree char *lower = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  return g_ascii_strup (lower, -1);
}

char *
test_hash_default (const char *user,
                   const char *password,
                   const char *realm,
                   const char *random)
{
  g_autofree char *first = g_strjoin (":", user, realm, password, NULL);
  g_autofree char *ha1 = md5_upper (first);
  g_autofree char *second = g_strjoin (":", user, random, ha1, NULL);

  return md5_upper (second);
}

char *
test_hash_dvrip (const char *user,
                 const char *password,
                 const char *random)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;
  char gen1[9] = { 0 };
  g_autofree char *text = NULL;

  g_checksum_update (md5, (const guchar *) password, (gssize) strlen (password));
  g_checksum_get_digest (md5, digest, &len);
  for (int i = 0; i < 8; i++)
    {
      int v = (digest[2 * i] + digest[2 * i + 1]) % 62;

      gen1[i] = (char) (v < 10 ? '0' + v : v < 36 ? 'A' + v - 10 : 'a' + v - 36);
    }
  text = g_strjoin (":", user, random, gen1, NULL);
  return md5_upper (text);
}

char *
test_run (const char * const *argv,
          int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  char *out = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return out;
}

char *
test_curl_cgi (const DevsimFixtureDevice *device,
               const char                *password,
               const char                *cgi,
               int                       *code)
{
  g_autofree char *url = g_strdup_printf ("http://%s:%u/cgi-bin/%s", device->address, device->http_port, cgi);
  g_autofree char *cred = g_strdup_printf ("%s:%s", device->user, password);
  const char *argv[] = { "curl", "--silent", "--digest", "--user", cred, "--globoff",
                         "--max-time", "30", "--write-out", "\n%{http_code}", url, NULL };
  int status = 0;
  g_autofree char *out = test_run (argv, &status);
  char *last = out ? strrchr (out, '\n') : NULL;

  g_assert_cmpint (status, ==, 0);
  if (last == NULL)
    g_error ("curl printed no status code for %s", url);
  *code = atoi (last + 1);
  *last = '\0';
  return g_steal_pointer (&out);
}

gboolean
test_authenticate_cb (SoupMessage *msg,
                      SoupAuth    *auth,
                      gboolean     retrying,
                      gpointer     user_data)
{
  const DevsimFixtureDevice *device = user_data;

  if (!retrying)
    soup_auth_authenticate (auth, device->user, device->password);
  return FALSE;
}

JsonObject *
test_parse_object (const char *text,
                   gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, len, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}
