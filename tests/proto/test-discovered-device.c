/* test-discovered-device.c: DHDiscover replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-discovered-device.h"
#include "warden-packet.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <string.h>

static GBytes *
datagram (const char *trailer)
{
  g_autoptr(GBytes) json = proto_test_load_fixture ("discovery-reply.json");
  gsize len;
  const char *text = g_bytes_get_data (json, &len);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) packet = warden_dhip_build (0, 0, text, len);

  g_byte_array_append (out, g_bytes_get_data (packet, NULL), (guint) g_bytes_get_size (packet));
  g_byte_array_append (out, (const guint8 *) trailer, (guint) strlen (trailer));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_reply (void)
{
  g_autoptr(GBytes) bytes = datagram ("\r\nXY");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(WardenDiscoveredDevice) device = warden_discovered_device_parse (data, len, "127.0.0.1", NULL);

  g_assert_nonnull (device);
  g_assert_cmpstr (device->address, ==, "192.168.1.108");
  g_assert_cmpstr (device->mac, ==, "3c:ef:8c:00:00:01");
  g_assert_cmpstr (device->serial, ==, "7G00AA1PAZ00001");
  g_assert_cmpstr (device->model, ==, "NVR5232-EI");
  g_assert_cmpstr (device->device_class, ==, "NVR");
  g_assert_cmpint (device->port, ==, 37777);
  g_assert_cmpint (device->http_port, ==, 80);
  g_assert_cmpint (device->video_inputs, ==, 32);
  g_assert_cmpstr (device->netmask, ==, "255.255.255.0");
  g_assert_cmpstr (device->gateway, ==, "192.168.1.1");
  g_assert_cmpint (device->init, ==, WARDEN_INIT_STATE_INITIALISED);
}

/* The device a reply with @init (a JSON value, or NULL for none) describes. */
static WardenDiscoveredDevice *
parse_with_init (const char *init)
{
  g_autofree char *body = g_strdup_printf ("{\"method\":\"client.notifyDevInfo\",\"params\":{\"deviceInfo\":"
                                           "{\"IPv4Address\":{\"IPAddress\":\"10.1.2.3\","
                                           "\"SubnetMask\":\"not-a-mask\"}%s%s}}}",
                                           init != NULL ? ",\"Init\":" : "", init != NULL ? init : "");
  g_autoptr(GBytes) packet = warden_dhip_build (0, 0, body, strlen (body));
  gsize len;
  const guint8 *data = g_bytes_get_data (packet, &len);
  g_autoptr(GError) error = NULL;
  WardenDiscoveredDevice *device = warden_discovered_device_parse (data, len, "127.0.0.1", &error);

  g_assert_no_error (error);
  return device;
}

static void
test_init_forms (void)
{
  static const struct { const char *init; WardenInitState state; } cases[] = {
    { NULL, WARDEN_INIT_STATE_UNKNOWN },
    { "150", WARDEN_INIT_STATE_INITIALISED },
    { "0", WARDEN_INIT_STATE_UNINITIALISED },
    { "\"0\"", WARDEN_INIT_STATE_UNINITIALISED },
    { "false", WARDEN_INIT_STATE_UNINITIALISED },
    { "true", WARDEN_INIT_STATE_INITIALISED },
    { "1", WARDEN_INIT_STATE_INITIALISED },
    { "2", WARDEN_INIT_STATE_INITIALISED },
    { "149", WARDEN_INIT_STATE_UNINITIALISED },
    { "151", WARDEN_INIT_STATE_UNKNOWN },
    { "-1", WARDEN_INIT_STATE_UNKNOWN },
    { "99999999", WARDEN_INIT_STATE_UNKNOWN },
    { "\"yes\"", WARDEN_INIT_STATE_UNKNOWN },
    { "{}", WARDEN_INIT_STATE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WardenDiscoveredDevice) device = parse_with_init (cases[i].init);
      g_autofree char *json = warden_discovered_device_to_json (device);

      g_test_message ("Init %s", cases[i].init != NULL ? cases[i].init : "(none)");
      g_assert_cmpint (device->init, ==, cases[i].state);
      /* A mask that is no address is dropped; the gateway was not sent. */
      g_assert_null (device->netmask);
      g_assert_null (device->gateway);
      g_assert_nonnull (strstr (json, cases[i].state == WARDEN_INIT_STATE_UNKNOWN ? "\"initialised\":null" :
                                      cases[i].state == WARDEN_INIT_STATE_INITIALISED ? "\"initialised\":true" :
                                      "\"initialised\":false"));
    }
}

static void
test_search_echo_ignored (void)
{
  g_autoptr(GBytes) search = warden_discovery_build_search ();
  gsize len;
  const guint8 *data = g_bytes_get_data (search, &len);
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDiscoveredDevice) device = warden_discovered_device_parse (data, len, "127.0.0.1", &error);

  g_assert_cmpmem (data + 4, 4, "DHIP", 4);
  g_assert_null (device);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
}

static void
test_bare_json_refused (void)
{
  static const char text[] = "{\"method\":\"client.notifyDevInfo\",\"params\":{\"deviceInfo\":{}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenDiscoveredDevice) device =
    warden_discovered_device_parse ((const guint8 *) text, strlen (text), "127.0.0.1", &error);

  g_assert_null (device);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/discovered-device/reply", test_reply);
  g_test_add_func ("/proto/discovered-device/init-forms", test_init_forms);
  g_test_add_func ("/proto/discovered-device/search-echo-ignored", test_search_echo_ignored);
  g_test_add_func ("/proto/discovered-device/bare-json-refused", test_bare_json_refused);

  return g_test_run ();
}
