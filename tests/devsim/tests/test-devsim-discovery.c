/* test-devsim-discovery.c: DHIP-framed DHDiscover.search over UDP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-fixture.h"
#include "devsim-test-util.h"

#include <string.h>

static void
test_unicast_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimFixture) sim = devsim_fixture_start ("devsim-discovery",
                                                       (const char *[]) { "--ipc", "1", "--nvr", "1", "--no-rtsp", NULL },
                                                       &error);
  const char *body = "{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}";
  gsize len = strlen (body);

  g_assert_no_error (error);
  for (guint i = 0; i < devsim_fixture_get_n_devices (sim); i++)
    {
      const DevsimFixtureDevice *device = devsim_fixture_get_device (sim, i);
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                                G_SOCKET_PROTOCOL_UDP, &error);
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (device->address);
      g_autoptr(GSocketAddress) to = g_inet_socket_address_new (inet, (guint16) device->discovery_port);
      g_autofree guint8 *packet = g_malloc0 (32 + len);
      guint8 reply[8192];
      g_autoptr(JsonObject) message = NULL;
      JsonObject *info;
      gssize n;

      g_assert_no_error (error);
      g_socket_set_timeout (socket, 30);
      memcpy (packet, "\x20\x00\x00\x00" "DHIP", 8);
      packet[16] = len & 0xff;
      packet[17] = (len >> 8) & 0xff;
      packet[24] = len & 0xff;
      packet[25] = (len >> 8) & 0xff;
      memcpy (packet + 32, body, len);
      g_socket_send_to (socket, to, (const char *) packet, 32 + len, NULL, &error);
      g_assert_no_error (error);
      n = g_socket_receive (socket, (char *) reply, sizeof reply, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 32);
      g_assert_cmpmem (reply + 4, 4, "DHIP", 4);
      message = test_parse_object ((const char *) reply + 32, n - 32);
      g_assert_cmpstr (json_object_get_string_member (message, "method"), ==, "client.notifyDevInfo");
      info = json_object_get_object_member (json_object_get_object_member (message, "params"), "deviceInfo");
      g_assert_cmpstr (json_object_get_string_member (info, "SerialNo"), ==, device->serial);
      g_assert_cmpint (json_object_get_int_member (info, "Port"), ==, device->dvrip_port);
      g_assert_cmpint (json_object_get_int_member (info, "HttpPort"), ==, device->http_port);
      g_assert_cmpint (json_object_get_int_member (info, "VideoInputChannels"), ==, device->channels);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (info, "IPv4Address"), "IPAddress"),
                       ==, device->address);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/discovery/unicast-search", test_unicast_search);
  return g_test_run ();
}
