/* test-http-tls.c: the CGI-only path with Digest auth, over HTTP and HTTPS with pinning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This program, run with `--serve plain|tls`, plays a device that has neither DVRIP
 * nor JSON-RPC, only CGI behind Digest (a SoupServer; for TLS a self-signed
 * certificate made at run time). It prints "PORT FINGERPRINT", then one line "auth"
 * per request that answered the Digest challenge, and exits when its stdin closes.
 * The tests start it as a child, so the client under test is alone in its process.
 */

#include "config.h"

#include "warden-device-session.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <libsoup/soup.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#define USER "admin"
#define PASSWORD "tls-secret"
#define REALM "Login to 0123456789abcdef"

/* --- the device (child process) ---------------------------------------------------- */

static GTlsCertificate *
make_certificate (void)
{
  g_autoptr(GError) error = NULL;
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *x509 = X509_new ();
  X509_NAME *name;
  BIO *bio = BIO_new (BIO_s_mem ());
  char *pem = NULL;
  long len;
  GTlsCertificate *certificate;

  g_assert_nonnull (key);
  X509_set_version (x509, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (x509), g_random_int_range (1, G_MAXINT32));
  X509_gmtime_adj (X509_getm_notBefore (x509), -60);
  X509_gmtime_adj (X509_getm_notAfter (x509), 3600);
  X509_set_pubkey (x509, key);
  name = X509_get_subject_name (x509);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const unsigned char *) "127.0.0.1", -1, -1, 0);
  X509_set_issuer_name (x509, name);
  g_assert_cmpint (X509_sign (x509, key, EVP_sha256 ()), >, 0);
  g_assert_cmpint (PEM_write_bio_X509 (bio, x509), ==, 1);
  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
  len = BIO_get_mem_data (bio, &pem);

  certificate = g_tls_certificate_new_from_pem (pem, len, &error);
  g_assert_no_error (error);
  BIO_free (bio);
  X509_free (x509);
  EVP_PKEY_free (key);
  return certificate;
}

static char *
digest_cb (SoupAuthDomain    *domain,
           SoupServerMessage *msg,
           const char        *username,
           gpointer           user_data)
{
  if (strcmp (username, USER) != 0)
    return NULL;
  return soup_auth_domain_digest_encode_password (username, REALM, PASSWORD);
}

static void
magic_box_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char *action = query != NULL ? g_hash_table_lookup (query, "action") : NULL;
  const char *body = NULL;

  if (g_strcmp0 (action, "getDeviceType") == 0)
    body = "type=TLS-TEST\r\n";
  else if (g_strcmp0 (action, "getSerialNo") == 0)
    body = "sn=TLS0001\r\n";
  else if (g_strcmp0 (action, "getMachineName") == 0)
    body = "Error\r\nBad Request!\r\n";   /* some devices fail with 200 and an Error body */

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, body, strlen (body));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
    {
      g_print ("auth\n");
      fflush (stdout);
    }
}

static gboolean
stdin_closed_cb (GIOChannel   *channel,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (gboolean tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(SoupAuthDomain) domain = NULL;
  g_autoptr(GTlsCertificate) certificate = tls ? make_certificate () : NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GIOChannel) input = g_io_channel_unix_new (0);
  GSList *listeners;

  if (certificate != NULL)
    {
      g_object_get (certificate, "certificate", &der, NULL);
      fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
    }

  server = soup_server_new ("tls-certificate", certificate, NULL);
  domain = soup_auth_domain_digest_new ("realm", REALM, "auth-callback", digest_cb, NULL);
  soup_auth_domain_add_path (domain, "/cgi-bin");
  soup_server_add_auth_domain (server, domain);
  soup_server_add_handler (server, "/cgi-bin/magicBox.cgi", magic_box_cb, NULL, NULL);
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), NULL);
  if (!soup_server_listen (server, address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    g_error ("%s", error->message);

  listeners = soup_server_get_listeners (server);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);
  g_print ("%u %s\n", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
           fingerprint != NULL ? fingerprint : "-");
  fflush (stdout);

  g_io_add_watch (input, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

/* --- the tests --------------------------------------------------------------------- */

/* This program's path, to start it as the device. */
static const char *program;

typedef struct
{
  GSubprocess *process;
  GDataInputStream *output;
  guint port;
  char *fingerprint;     /* NULL over plain HTTP */
} Device;

static void
device_start (Device  *device,
              gboolean tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;

  /* The child is the test's fake device: its own leaks are not under test. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  device->process = g_subprocess_launcher_spawn (launcher, &error, program,
                                                 "--serve", tls ? "tls" : "plain", NULL);
  g_assert_no_error (error);
  device->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (device->process));
  line = g_data_input_stream_read_line (device->output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  fields = g_strsplit (line, " ", 2);
  device->port = (guint) g_ascii_strtoull (fields[0], NULL, 10);
  g_assert_cmpuint (device->port, >, 0);
  device->fingerprint = strcmp (fields[1], "-") != 0 ? g_strdup (fields[1]) : NULL;
}

/* Stops the device; returns how many requests answered the Digest challenge. */
static guint
device_stop (Device *device)
{
  g_autoptr(GError) error = NULL;
  guint answered = 0;
  char *line;

  g_output_stream_close (g_subprocess_get_stdin_pipe (device->process), NULL, NULL);
  while ((line = g_data_input_stream_read_line (device->output, NULL, NULL, &error)) != NULL)
    {
      answered += strcmp (line, "auth") == 0;
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (device->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&device->output);
  g_clear_object (&device->process);
  g_free (device->fingerprint);
  return answered;
}

static WardenDeviceSession *
session_new (Device     *device,
             const char *password,
             const char *pin)
{
  /* Port 9 refuses DVRIP; /RPC2_Login is missing: the session falls back to CGI. */
  WardenDeviceSession *session = warden_device_session_new ("127.0.0.1", 9, USER, password);

  warden_device_session_set_http_port (session, device->port, device->fingerprint != NULL);
  warden_device_session_set_tls_pin (session, pin);
  /* TLS handshakes are slow under the sanitizers. */
  warden_device_session_set_timeout (session, 60000);
  return session;
}

static void
test_cgi_only (void)
{
  Device device = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSession) session = NULL;
  g_autoptr(JsonNode) info = NULL;
  GAsyncResult *result = NULL;
  JsonObject *object;

  device_start (&device, FALSE);
  session = session_new (&device, PASSWORD, NULL);
  proto_test_connect (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (warden_device_session_get_protocol (session), ==, WARDEN_PROTOCOL_CGI);

  warden_device_session_get_info_async (session, NULL, proto_test_result_cb, &result);
  info = warden_device_session_read_finish (session, proto_test_wait (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  object = json_node_get_object (info);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "TLS-TEST");
  g_assert_cmpstr (json_object_get_string_member (object, "serial"), ==, "TLS0001");
  /* The Error body sent with HTTP 200 did not become a name. */
  g_assert_false (json_object_has_member (object, "name"));

  g_clear_object (&session);
  g_assert_cmpuint (device_stop (&device), >, 0);
}

static void
test_wrong_password_once (void)
{
  Device device = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSession) session = NULL;

  device_start (&device, FALSE);
  session = session_new (&device, "wrong", NULL);
  g_assert_false (proto_test_connect (session, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS);
  g_clear_object (&session);
  /* The challenge was answered once: the refused password was not sent again. */
  g_assert_cmpuint (device_stop (&device), ==, 1);
}

static void
test_pin_on_first_use (void)
{
  Device device = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDeviceSession) first = NULL;
  g_autoptr(WardenDeviceSession) pinned = NULL;
  g_autoptr(WardenDeviceSession) other = NULL;

  device_start (&device, TRUE);
  first = session_new (&device, PASSWORD, NULL);
  proto_test_connect (first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (warden_device_session_get_protocol (first), ==, WARDEN_PROTOCOL_CGI);
  g_assert_cmpstr (warden_device_session_get_tls_fingerprint (first), ==, device.fingerprint);

  pinned = session_new (&device, PASSWORD, device.fingerprint);
  proto_test_connect (pinned, &error);
  g_assert_no_error (error);

  other = session_new (&device, PASSWORD, "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_false (proto_test_connect (other, &error));
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TLS_MISMATCH);
  g_assert_nonnull (strstr (error->message, device.fingerprint));
  g_assert_nonnull (strstr (error->message, "0000000000000000"));

  g_clear_object (&first);
  g_clear_object (&pinned);
  g_clear_object (&other);
  device_stop (&device);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--serve") == 0)
    return serve (strcmp (argv[2], "tls") == 0);

  program = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/http-tls/cgi-only", test_cgi_only);
  g_test_add_func ("/proto/http-tls/wrong-password-once", test_wrong_password_once);
  g_test_add_func ("/proto/http-tls/pin-on-first-use", test_pin_on_first_use);

  return g_test_run ();
}
