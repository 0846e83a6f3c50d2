/* devsim-test-util.h: small clients for the simulator's own tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hashes here are written from PROTOCOL.md with GChecksum, independently of
 * the simulator's OpenSSL code, so a mistake on one side shows up in the tests.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "devsim-fixture.h"

G_BEGIN_DECLS

char       *test_hash_default (const char *user,
                               const char *password,
                               const char *realm,
                               const char *random);
char       *test_hash_dvrip   (const char *user,
                               const char *password,
                               const char *random);
/* Runs argv, returns its stdout; *status is the exit status. */
char       *test_run          (const char * const *argv,
                               int                *status);
/* curl --digest on http://ADDRESS:PORT/cgi-bin/<cgi>; returns the body, *code the HTTP status. */
char       *test_curl_cgi     (const DevsimFixtureDevice *device,
                               const char                *password,
                               const char                *cgi,
                               int                       *code);
/* SoupMessage::authenticate handler answering as the device (user_data) administrator. */
gboolean    test_authenticate_cb (SoupMessage *msg,
                                  SoupAuth    *auth,
                                  gboolean     retrying,
                                  gpointer     user_data);
/* Parses one JSON object text. */
JsonObject *test_parse_object (const char *text,
                               gssize      len);

G_END_DECLS
