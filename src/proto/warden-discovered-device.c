/* warden-discovered-device.c: one answer to a DHDiscover search (PROTOCOL.md §4.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-discovered-device.h"
#include "warden-json.h"
#include "warden-packet.h"
#include "warden-proto-error.h"

#include <string.h>

/* Longest text field accepted from a discovery reply. */
#define MAX_FIELD 256u

G_DEFINE_BOXED_TYPE (WardenDiscoveredDevice, warden_discovered_device,
                     warden_discovered_device_copy, warden_discovered_device_free)

WardenDiscoveredDevice *
warden_discovered_device_copy (const WardenDiscoveredDevice *device)
{
  WardenDiscoveredDevice *copy = g_new0 (WardenDiscoveredDevice, 1);

  *copy = *device;
  copy->address = g_strdup (device->address);
  copy->mac = g_strdup (device->mac);
  copy->serial = g_strdup (device->serial);
  copy->model = g_strdup (device->model);
  copy->device_class = g_strdup (device->device_class);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->version = g_strdup (device->version);
  copy->netmask = g_strdup (device->netmask);
  copy->gateway = g_strdup (device->gateway);
  return copy;
}

void
warden_discovered_device_free (WardenDiscoveredDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->address);
  g_free (device->mac);
  g_free (device->serial);
  g_free (device->model);
  g_free (device->device_class);
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->version);
  g_free (device->netmask);
  g_free (device->gateway);
  g_free (device);
}

static char *
field (JsonObject *object,
       const char *member)
{
  char *value = warden_json_dup_string (object, member);

  if (value != NULL && (strlen (value) > MAX_FIELD || !g_utf8_validate (value, -1, NULL)))
    g_clear_pointer (&value, g_free);
  return value;
}

/* A small non-negative integer (a port, a channel count), or -1. */
static int
port_field (JsonObject *object,
            const char *member)
{
  gint64 v;

  if (!warden_json_get_int (object, member, &v) || v < 0 || v > 65535)
    return -1;
  return (int) v;
}

/* An IPv4 address field, or NULL. */
static char *
ipv4_field (JsonObject *object,
            const char *member)
{
  char *value = field (object, member);
  g_autoptr(GInetAddress) address = value != NULL ? g_inet_address_new_from_string (value) : NULL;

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    g_clear_pointer (&value, g_free);
  return value;
}

/* What `Init` says; see #WardenInitState for the forms accepted. */
static WardenInitState
parse_init (JsonObject *info)
{
  gint64 v;

  if (!warden_json_get_int (info, "Init", &v) || v < 0 || v > 0xffff)
    return WARDEN_INIT_STATE_UNKNOWN;
  if (v == 0)
    return WARDEN_INIT_STATE_UNINITIALISED;
  if (v == 1)
    return WARDEN_INIT_STATE_INITIALISED;
  switch (v & 3)
    {
    case 1:
      return WARDEN_INIT_STATE_UNINITIALISED;
    case 2:
      return WARDEN_INIT_STATE_INITIALISED;
    default:
      return WARDEN_INIT_STATE_UNKNOWN;
    }
}

/**
 * warden_discovery_find_json:
 * @data: a datagram on the discovery port: a DHIP header and JSON
 *
 * Checks the size and the header. Some firmwares put bytes between the header
 * and the JSON, so the JSON starts at the first `{` after the header.
 *
 * Returns: (transfer none): where the JSON starts in @data, or %NULL with @error set
 */
const guint8 *
warden_discovery_find_json (const guint8 *data,
                            gsize         len,
                            GError      **error)
{
  const guint8 *json;

  if (len > WARDEN_DISCOVERY_MAX_REPLY)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "A discovery datagram is %" G_GSIZE_FORMAT " bytes; the limit is %u",
                   len, WARDEN_DISCOVERY_MAX_REPLY);
      return NULL;
    }
  if (len < WARDEN_PACKET_HEADER_SIZE || memcmp (data + 4, "DHIP", 4) != 0)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "A discovery datagram lacks the DHIP header");
      return NULL;
    }
  json = memchr (data + WARDEN_PACKET_HEADER_SIZE, '{', len - WARDEN_PACKET_HEADER_SIZE);
  if (json == NULL)
    g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                 "A discovery datagram carries no JSON");
  return json;
}

/**
 * warden_discovered_device_parse:
 * @data: the datagram: a DHIP header and JSON, possibly with bytes after the JSON
 * @sender: (nullable): the address the datagram came from
 *
 * Returns: (transfer full): the device, or %NULL with @error set when the datagram
 *   is not a `client.notifyDevInfo` (our own search request, echoed by multicast
 *   loopback, is not one)
 */
WardenDiscoveredDevice *
warden_discovered_device_parse (const guint8 *data,
                                gsize         len,
                                const char   *sender,
                                GError      **error)
{
  g_autoptr(WardenDiscoveredDevice) device = NULL;
  g_autoptr(JsonNode) root = NULL;
  const guint8 *json;
  JsonObject *object;
  JsonObject *info;
  JsonObject *ipv4;
  g_autofree char *method = NULL;

  json = warden_discovery_find_json (data, len, error);
  if (json == NULL)
    return NULL;
  root = warden_json_parse ((const char *) json, len - (gsize) (json - data),
                            WARDEN_DISCOVERY_MAX_REPLY, error);
  if (root == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  method = warden_json_dup_string (object, "method");
  info = warden_json_get_object (warden_json_get_object (object, "params"), "deviceInfo");
  if (method == NULL || strcmp (method, "client.notifyDevInfo") != 0 || info == NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "A discovery datagram is not a client.notifyDevInfo reply");
      return NULL;
    }

  device = g_new0 (WardenDiscoveredDevice, 1);
  ipv4 = warden_json_get_object (info, "IPv4Address");
  device->address = field (ipv4, "IPAddress");
  if (device->address == NULL || !g_hostname_is_ip_address (device->address) ||
      strcmp (device->address, "0.0.0.0") == 0)
    {
      g_free (device->address);
      device->address = g_strdup (sender);
    }
  device->netmask = ipv4_field (ipv4, "SubnetMask");
  device->gateway = ipv4_field (ipv4, "DefaultGateway");
  device->init = parse_init (info);
  device->mac = field (object, "mac");
  if (device->mac == NULL)
    device->mac = field (info, "Mac");
  device->serial = field (info, "SerialNo");
  device->model = field (info, "DeviceType");
  device->device_class = field (info, "DeviceClass");
  device->name = field (info, "MachineName");
  device->vendor = field (info, "Vendor");
  device->version = field (info, "Version");
  device->port = port_field (info, "Port");
  device->http_port = port_field (info, "HttpPort");
  device->video_inputs = port_field (info, "VideoInputChannels");

  if (device->address == NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "A discovery reply gives no address");
      return NULL;
    }
  return g_steal_pointer (&device);
}

/**
 * warden_discovered_device_to_json:
 *
 * Returns: (transfer full): the device as one line of JSON
 */
char *
warden_discovered_device_to_json (const WardenDiscoveredDevice *device)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; const char *value; } strings[] = {
    { "address", device->address }, { "mac", device->mac }, { "serial", device->serial },
    { "model", device->model }, { "class", device->device_class }, { "name", device->name },
    { "vendor", device->vendor }, { "version", device->version },
    { "netmask", device->netmask }, { "gateway", device->gateway },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      json_builder_set_member_name (builder, strings[i].name);
      if (strings[i].value != NULL)
        json_builder_add_string_value (builder, strings[i].value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, device->port);
  json_builder_set_member_name (builder, "http_port");
  json_builder_add_int_value (builder, device->http_port);
  json_builder_set_member_name (builder, "video_inputs");
  json_builder_add_int_value (builder, device->video_inputs);
  json_builder_set_member_name (builder, "initialised");
  if (device->init == WARDEN_INIT_STATE_UNKNOWN)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, device->init == WARDEN_INIT_STATE_INITIALISED);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return warden_json_node_to_string (root);
}

/**
 * warden_discovery_build_search:
 *
 * Returns: (transfer full): the DHDiscover.search datagram, DHIP header included
 *   (devices ignore bare JSON)
 */
GBytes *
warden_discovery_build_search (void)
{
  static const char body[] = "{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}\n";

  return warden_dhip_build (0, 0, body, sizeof body - 1);
}
