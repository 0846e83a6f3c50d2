/* devsim-discovery.c: DHIP-framed DHDiscover.search on UDP 37810 (PROTOCOL.md §3.3, §4.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-auth.h"
#include "devsim-servers.h"

#include <string.h>

#define DHIP_HEADER_LEN 32
#define MAX_DATAGRAM 8192
#define DISCOVERY_PORT 37810
#define MULTICAST_GROUP "239.255.255.251"

JsonObject *
devsim_discovery_device_info (DevsimHost *host)
{
  DevsimDevice *device = host->device;
  JsonObject *info = json_object_new ();
  JsonObject *ipv4 = json_object_new ();

  json_object_set_string_member (ipv4, "IPAddress", device->address);
  json_object_set_string_member (ipv4, "SubnetMask", "255.0.0.0");
  json_object_set_string_member (ipv4, "DefaultGateway", "127.0.0.1");
  json_object_set_boolean_member (ipv4, "DhcpEnable", FALSE);
  json_object_set_int_member (info, "AlarmInputChannels", device->alarm_in_count);
  json_object_set_int_member (info, "AlarmOutputChannels", device->alarm_out_count);
  json_object_set_string_member (info, "DeviceClass", device->kind == DEVSIM_KIND_NVR ? "NVR" :
                                                      device->kind == DEVSIM_KIND_IPC ? "IPC" : "ASC");
  json_object_set_string_member (info, "DeviceType", device->model);
  json_object_set_int_member (info, "Find", 0);
  json_object_set_int_member (info, "HttpPort", device->http_port);
  /* [U] Init: 150 seen on an initialised device; 0 = waiting for initialisation. */
  json_object_set_int_member (info, "Init", device->initialised ? 150 : 0);
  json_object_set_object_member (info, "IPv4Address", ipv4);
  json_object_set_string_member (info, "MachineName", device->machine_name);
  json_object_set_string_member (info, "Manufacturer", "Warden Simulated");
  json_object_set_int_member (info, "Port", device->dvrip_port);
  json_object_set_int_member (info, "RemoteVideoInputChannels",
                              device->kind == DEVSIM_KIND_NVR ? device->channels->len : 0);
  json_object_set_string_member (info, "SerialNo", device->serial);
  json_object_set_string_member (info, "Vendor", "Warden Simulated");
  json_object_set_string_member (info, "Version", device->version);
  json_object_set_int_member (info, "VideoInputChannels", device->channels->len);
  json_object_set_int_member (info, "VideoOutputChannels", device->kind == DEVSIM_KIND_NVR ? 1 : 0);
  return info;
}

/* Sends @message in a DHIP datagram. */
static void
send_message (DevsimHost     *host,
              GSocketAddress *to,
              JsonObject     *message)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree guint8 *packet = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  node = json_node_init_object (json_node_alloc (), message);
  body = json_to_string (node, FALSE);
  len = strlen (body);
  packet = g_malloc0 (DHIP_HEADER_LEN + len);
  devsim_put_le32 (packet, DHIP_HEADER_LEN);
  memcpy (packet + 4, "DHIP", 4);
  devsim_put_le32 (packet + 16, (guint32) len);
  devsim_put_le32 (packet + 24, (guint32) len);
  memcpy (packet + DHIP_HEADER_LEN, body, len);
  if (g_socket_send_to (host->discovery, to, (const char *) packet, DHIP_HEADER_LEN + len,
                        NULL, &error) < 0)
    g_debug ("Discovery reply from %s failed: %s", host->device->address, error->message);
}

static void
answer (DevsimHost     *host,
        GSocketAddress *to)
{
  g_autoptr(JsonObject) message = json_object_new ();
  g_autoptr(JsonObject) params = json_object_new ();

  json_object_set_object_member (params, "deviceInfo", devsim_discovery_device_info (host));
  json_object_set_string_member (message, "mac", host->device->mac);
  json_object_set_string_member (message, "method", "client.notifyDevInfo");
  json_object_set_object_member (message, "params", json_object_ref (params));
  send_message (host, to, message);
}

typedef struct
{
  DevsimHost *host;
  char       *address;
} Move;

static void
move_free (gpointer data)
{
  Move *move = data;

  g_free (move->address);
  g_free (move);
}

/* After the answer went out: every server closes and binds again at the new address
 * (the ports stay); where that fails the device goes back to the old one. */
static gboolean
move_cb (gpointer user_data)
{
  Move *move = user_data;
  DevsimDevice *device = move->host->device;
  g_autofree char *old = NULL;
  g_autoptr(GError) error = NULL;

  devsim_host_stop (move->host);
  g_mutex_lock (&device->lock);
  old = g_steal_pointer (&device->address);
  device->address = g_strdup (move->address);
  g_mutex_unlock (&device->lock);
  if (devsim_host_start (move->host, &error))
    return G_SOURCE_REMOVE;
  g_warning ("Device %s cannot move to %s (%s); it stays", old, move->address, error->message);
  g_clear_error (&error);
  g_mutex_lock (&device->lock);
  g_free (device->address);
  device->address = g_steal_pointer (&old);
  g_mutex_unlock (&device->lock);
  if (!devsim_host_start (move->host, &error))
    g_warning ("Device %s cannot serve again: %s", device->address, error->message);
  return G_SOURCE_REMOVE;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_ipv4 (const char *text,
         gboolean    loopback)
{
  g_autoptr(GInetAddress) inet = text != NULL ? g_inet_address_new_from_string (text) : NULL;

  return inet != NULL && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4 &&
         (!loopback || g_inet_address_get_is_loopback (inet));
}

/* DHDiscover.setConfig{mac, userName, [password], IPv4Address{IPAddress, SubnetMask,
 * DefaultGateway}}: a device whose MAC matches answers a request without a password
 * with a login challenge (realm, random); a request with the Default hash of that
 * challenge is checked as a login would be (lockout included), answered, and the
 * device then moves to the new loopback address. Each challenge serves one proof. */
static void
set_config (DevsimHost     *host,
            GSocketAddress *to,
            JsonObject     *request)
{
  DevsimDevice *device = host->device;
  JsonObject *params = member_object (request, "params");
  JsonObject *ipv4 = member_object (params, "IPv4Address");
  const char *user = member_string (params, "userName");
  const char *password = member_string (params, "password");
  const char *address = member_string (ipv4, "IPAddress");
  g_autoptr(JsonObject) reply = json_object_new ();
  int code = 0;
  const char *text = NULL;
  int attempts = 0, lock_left = 0;
  DevsimLoginStatus status = DEVSIM_LOGIN_OK;
  Move *move;

  /* Over multicast every device hears it: only the one with that MAC answers. */
  if (g_strcmp0 (member_string (params, "mac"), device->mac) != 0)
    return;
  json_object_set_string_member (reply, "method", "DHDiscover.setConfig");
  if (json_object_has_member (request, "id"))
    json_object_set_member (reply, "id", json_node_copy (json_object_get_member (request, "id")));
  if (user == NULL)
    {
      code = DEVSIM_RPC_INVALID_REQUEST;
      text = "Changing the address needs userName";
    }
  else if (password == NULL || host->discovery_random == NULL)
    {
      g_free (host->discovery_random);
      host->discovery_random = devsim_new_random ();
      code = DEVSIM_RPC_LOGIN_CHALLENGE;
      text = "Login challenge";
    }
  else
    {
      g_autofree char *random = g_steal_pointer (&host->discovery_random);
      DevsimDefaultProof proof = { user, device->realm, random, password };

      status = devsim_auth_login (device, user, devsim_auth_check_default, &proof, &attempts, &lock_left);
    }
  if (code == 0)
    switch (status)
      {
      case DEVSIM_LOGIN_OK:
        break;
      case DEVSIM_LOGIN_LOCKED:
        code = DEVSIM_RPC_LOCKED;
        text = "User locked";
        break;
      case DEVSIM_LOGIN_NOT_INITIALISED:
        code = DEVSIM_RPC_NOT_INITIALISED;
        text = "Device is not initialised; set a password first";
        break;
      case DEVSIM_LOGIN_BAD_PASSWORD:
      case DEVSIM_LOGIN_BAD_USER:
      default:
        code = DEVSIM_RPC_BAD_PASSWORD;
        text = "User or password not valid";
        break;
      }
  if (code == 0 && (!is_ipv4 (address, TRUE) || !is_ipv4 (member_string (ipv4, "SubnetMask"), FALSE) ||
                    !is_ipv4 (member_string (ipv4, "DefaultGateway"), FALSE)))
    {
      code = DEVSIM_RPC_INVALID_REQUEST;
      text = "IPv4Address needs IPAddress (a 127.x.y.z loopback address here), SubnetMask and DefaultGateway";
    }
  if (code != 0)
    {
      JsonObject *error = json_object_new ();
      JsonObject *reply_params = json_object_new ();

      json_object_set_int_member (error, "code", code);
      json_object_set_string_member (error, "message", text);
      json_object_set_boolean_member (reply, "result", FALSE);
      json_object_set_object_member (reply, "error", error);
      if (code == DEVSIM_RPC_BAD_PASSWORD)
        json_object_set_int_member (reply_params, "remainLoginTimes", attempts);
      if (code == DEVSIM_RPC_LOCKED)
        json_object_set_int_member (reply_params, "remainLockSecond", lock_left);
      if (code == DEVSIM_RPC_LOGIN_CHALLENGE)
        {
          json_object_set_string_member (reply_params, "realm", device->realm);
          json_object_set_string_member (reply_params, "random", host->discovery_random);
          json_object_set_string_member (reply_params, "encryption", "Default");
        }
      json_object_set_object_member (reply, "params", reply_params);
      send_message (host, to, reply);
      return;
    }
  json_object_set_boolean_member (reply, "result", TRUE);
  send_message (host, to, reply);
  if (g_str_equal (address, device->address))
    return;
  move = g_new0 (Move, 1);
  move->host = host;
  move->address = g_strdup (address);
  g_idle_add_full (G_PRIORITY_DEFAULT, move_cb, move, move_free);
}

static gboolean
receive_cb (GSocket      *socket,
            GIOCondition  condition,
            gpointer      user_data)
{
  DevsimHost *host = user_data;
  guint8 buffer[MAX_DATAGRAM];
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gssize n;
  guint32 body_len;
  const char *method;

  n = g_socket_receive_from (socket, &from, (char *) buffer, sizeof buffer, NULL, NULL);
  if (n < DHIP_HEADER_LEN || !host->device->online)
    return G_SOURCE_CONTINUE;
  /* Bare JSON, or a header with the wrong magic, gets no answer, as on devices. */
  if (devsim_get_le32 (buffer) != DHIP_HEADER_LEN || memcmp (buffer + 4, "DHIP", 4) != 0)
    return G_SOURCE_CONTINUE;
  body_len = devsim_get_le32 (buffer + 16);
  if (body_len == 0 || body_len > (guint32) (n - DHIP_HEADER_LEN))
    return G_SOURCE_CONTINUE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) buffer + DHIP_HEADER_LEN, body_len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return G_SOURCE_CONTINUE;
  method = json_object_get_string_member_with_default (json_node_get_object (root), "method", "");
  if (g_str_equal (method, "DHDiscover.search"))
    answer (host, from);
  else if (g_str_equal (method, "DHDiscover.setConfig"))
    set_config (host, from, json_node_get_object (root));
  return G_SOURCE_CONTINUE;
}

static GSocket *
bind_udp (const char *address,
          guint       port,
          GError    **error)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, error);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) sa = NULL;

  if (socket == NULL)
    return NULL;
  sa = g_inet_socket_address_new (inet, (guint16) port);
  if (!g_socket_bind (socket, sa, TRUE, error))
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  return g_steal_pointer (&socket);
}

static GSource *
watch (GSocket    *socket,
       DevsimHost *host)
{
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) receive_cb, host, NULL);
  g_source_attach (source, NULL);
  return source;
}

gboolean
devsim_discovery_start (DevsimHost  *host,
                        GError     **error)
{
  DevsimDevice *device = host->device;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GInetAddress) group = NULL;
  GSocket *multicast;

  host->discovery = bind_udp (device->address, device->discovery_port ? device->discovery_port
                                                                      : DISCOVERY_PORT, &local_error);
  if (host->discovery == NULL && device->discovery_port == 0)
    {
      g_debug ("UDP %s:%u is taken: %s", device->address, DISCOVERY_PORT, local_error->message);
      g_clear_error (&local_error);
      host->discovery = bind_udp (device->address, 0, &local_error);
    }
  if (host->discovery == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_BIND, "Cannot bind UDP discovery on %s: %s",
                   device->address, local_error->message);
      return FALSE;
    }
  local = g_socket_get_local_address (host->discovery, NULL);
  device->discovery_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  host->discovery_source = watch (host->discovery, host);

  /* Multicast where the loopback interface allows it; replies go out unicast. */
  if (device->discovery_port != DISCOVERY_PORT)
    return TRUE;
  multicast = bind_udp (MULTICAST_GROUP, DISCOVERY_PORT, &local_error);
  group = g_inet_address_new_from_string (MULTICAST_GROUP);
  if (multicast == NULL || !g_socket_join_multicast_group (multicast, group, FALSE, "lo", &local_error))
    {
      g_debug ("No multicast discovery on %s: %s", device->address,
               local_error ? local_error->message : "unknown");
      g_clear_object (&multicast);
      return TRUE;
    }
  host->multicast = multicast;
  host->multicast_source = watch (multicast, host);
  return TRUE;
}

void
devsim_discovery_stop (DevsimHost *host)
{
  if (host->discovery == NULL)
    return;
  if (host->multicast != NULL)
    {
      g_source_destroy (host->multicast_source);
      g_clear_pointer (&host->multicast_source, g_source_unref);
      g_socket_close (host->multicast, NULL);
      g_clear_object (&host->multicast);
    }
  g_source_destroy (host->discovery_source);
  g_clear_pointer (&host->discovery_source, g_source_unref);
  g_socket_close (host->discovery, NULL);
  g_clear_object (&host->discovery);
}
