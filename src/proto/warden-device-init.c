/* warden-device-init.c: set up a device found on the LAN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Initialisation: `Security.initDevAccount{Name, Pwd[, Mail]}` posted to
 * /RPC2_Login without a session (PROTOCOL.md §3.2). `Mail` is left out when the
 * operator gives none, rather than sent empty.
 *
 * Address change: `DHDiscover.setConfig` (PROTOCOL.md §4.1, [U]) in a DHIP
 * datagram to the device's discovery port, in the form warden-devsim documents:
 *   {"method":"DHDiscover.setConfig","id":N,"params":{"mac":M,"userName":U,
 *    "password":P,"IPv4Address":{"IPAddress","SubnetMask","DefaultGateway",
 *    "DhcpEnable":false}}}
 * answered by a DHIP datagram carrying a JSON-RPC reply with the same id.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-device-init.h"
#include "warden-discovery.h"
#include "warden-http-client.h"
#include "warden-json.h"
#include "warden-login-hash.h"
#include "warden-packet.h"
#include "warden-proto-error.h"
#include "warden-rpc-message.h"

#include <string.h>

/* Seconds an initialisation request may take. */
#define INIT_TIMEOUT_S 10
/* A datagram can be lost: the request is sent this many times, one timeout apart. */
#define SET_ADDRESS_SENDS 3
/* Datagrams that are not the reply, read per send before sending again. */
#define SET_ADDRESS_MAX_OTHERS 64

static gboolean
check_text (const char  *what,
            const char  *value,
            gsize        max,
            GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL) || strlen (value) > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The %s is not valid text of at most %" G_GSIZE_FORMAT " bytes", what, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_ipv4 (const char  *what,
            const char  *value,
            GError     **error)
{
  guint32 ip;

  if (!warden_discovery_parse_ipv4 (value, &ip))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The %s \"%s\" is not an IPv4 address such as 192.168.1.108", what, value);
      return FALSE;
    }
  return TRUE;
}

static void
init_posted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenHttpClient *http = WARDEN_HTTP_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = warden_http_client_request_finish (http, result, NULL, &error);
  g_autoptr(WardenRpcReply) reply = NULL;
  gsize len = 0;
  const char *text;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = g_bytes_get_data (body, &len);
  reply = warden_rpc_reply_parse (text, len, &error);
  if (reply == NULL || !warden_rpc_reply_check (reply, warden_http_client_get_host (http), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * warden_device_init_account_async:
 * @host: the device's address
 * @http_port: its HTTP port (80 on most devices)
 * @user: the administrator's name (usually "admin")
 * @password: the new password; the caller applies the password rules
 * @email: (nullable): an address for password reset; %NULL or "" for none
 *
 * Gives an uninitialised device its administrator. The device refuses when it
 * is initialised already; the error then carries its message.
 */
void
warden_device_init_account_async (const char          *host,
                                  guint                http_port,
                                  const char          *user,
                                  const char          *password,
                                  const char          *email,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenHttpClient) http = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize len;

  g_return_if_fail (host != NULL && user != NULL && password != NULL);
  g_return_if_fail (http_port > 0 && http_port <= 65535);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_init_account_async);
  if (email != NULL && *email == '\0')
    email = NULL;
  if (*user == '\0' || !check_text ("user name", user, WARDEN_DEVICE_INIT_MAX_USER, &error) ||
      !check_text ("password", password, WARDEN_DEVICE_INIT_MAX_PASSWORD, &error) ||
      (email != NULL && !check_text ("email address", email, WARDEN_DEVICE_INIT_MAX_EMAIL, &error)))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Enter the user name");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "Pwd");
  json_builder_add_string_value (builder, password);
  if (email != NULL)
    {
      json_builder_set_member_name (builder, "Mail");
      json_builder_add_string_value (builder, email);
    }
  json_builder_end_object (builder);
  params = json_builder_get_root (builder);
  request = warden_rpc_request_build (1, "Security.initDevAccount", params, NULL, 0);
  len = strlen (request);
  body = g_bytes_new_take (g_steal_pointer (&request), len);
  http = warden_http_client_new (host, http_port, FALSE, INIT_TIMEOUT_S);
  g_task_set_task_data (task, g_object_ref (http), g_object_unref);
  warden_http_client_request_async (http, "POST", "/RPC2_Login", "application/json", body,
                                    WARDEN_JSON_MAX_SIZE, cancellable, init_posted_cb,
                                    g_steal_pointer (&task));
}

/**
 * warden_device_init_account_finish:
 *
 * Returns: %TRUE when the device took the administrator
 */
gboolean
warden_device_init_account_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == warden_device_init_account_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- address change ---------------------------------------------------------------- */

typedef struct
{
  char           *host;        /* the device's current address */
  GSocketAddress *to;
  gint64          id;          /* of the request in flight */
  char           *mac;
  char           *user;
  char           *password;
  char           *address;
  char           *netmask;
  char           *gateway;
} SetAddress;

static void
set_address_free (gpointer data)
{
  SetAddress *op = data;

  g_free (op->host);
  g_clear_object (&op->to);
  g_free (op->mac);
  g_free (op->user);
  g_clear_pointer (&op->password, g_free);
  g_free (op->address);
  g_free (op->netmask);
  g_free (op->gateway);
  g_free (op);
}

/* A DHDiscover.setConfig datagram with the next id; @proof is the hash that answers
 * the device's challenge, NULL to ask for one. */
static GBytes *
build_set_address (SetAddress *op,
                   const char *proof)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  op->id = op->id % G_MAXINT32 + 1;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "DHDiscover.setConfig");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, op->id);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mac");
  json_builder_add_string_value (builder, op->mac);
  json_builder_set_member_name (builder, "userName");
  json_builder_add_string_value (builder, op->user);
  if (proof != NULL)
    {
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, proof);
    }
  json_builder_set_member_name (builder, "IPv4Address");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IPAddress");
  json_builder_add_string_value (builder, op->address);
  json_builder_set_member_name (builder, "SubnetMask");
  json_builder_add_string_value (builder, op->netmask);
  json_builder_set_member_name (builder, "DefaultGateway");
  json_builder_add_string_value (builder, op->gateway);
  json_builder_set_member_name (builder, "DhcpEnable");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = warden_json_node_to_string (root);
  return warden_dhip_build (0, 0, text, strlen (text));
}

/* The reply to @op in @data, or NULL when the datagram is something else. */
static WardenRpcReply *
match_reply (SetAddress   *op,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;
  const guint8 *json = warden_discovery_find_json (data, len, &error);

  if (json != NULL)
    reply = warden_rpc_reply_parse ((const char *) json, len - (gsize) (json - data), &error);
  if (reply == NULL)
    {
      g_debug ("Ignoring a datagram while changing %s: %s", op->host, error->message);
      return NULL;
    }
  if (!reply->has_id || reply->id != op->id)
    return NULL;
  return g_steal_pointer (&reply);
}

/* Sends @request up to SET_ADDRESS_SENDS times and returns the device's reply to it;
 * NULL with an error when none came. */
static WardenRpcReply *
exchange (SetAddress    *op,
          GSocket       *socket,
          GBytes        *request,
          guint8        *buffer,
          GCancellable  *cancellable,
          GError       **error)
{
  for (guint send = 0; send < SET_ADDRESS_SENDS; send++)
    {
      if (g_socket_send_to (socket, op->to, g_bytes_get_data (request, NULL),
                            g_bytes_get_size (request), cancellable, error) < 0)
        return NULL;
      /* Other datagrams may arrive meanwhile; a bounded number of them is read. */
      for (guint seen = 0; seen < SET_ADDRESS_MAX_OTHERS; seen++)
        {
          g_autoptr(GError) local_error = NULL;
          WardenRpcReply *reply;
          gssize n = g_socket_receive (socket, (char *) buffer, WARDEN_DISCOVERY_MAX_REPLY,
                                       cancellable, &local_error);

          if (n < 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            break;
          if (n < 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          reply = match_reply (op, buffer, (gsize) n);
          if (reply != NULL)
            return reply;
        }
    }
  g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TIMEOUT,
               "Device %s did not answer the address change. Check that it is on "
               "this network segment and that nothing blocks UDP port %u.",
               op->host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (op->to)));
  return NULL;
}

/* The Default hash that answers the challenge in @reply, or NULL when @reply is
 * not a challenge. */
static char *
answer_challenge (SetAddress     *op,
                  WardenRpcReply *reply,
                  GError        **error)
{
  const char *realm, *random, *encryption;

  if (!reply->has_error || reply->error_code != WARDEN_RPC_CODE_LOGIN_CHALLENGE || reply->params == NULL)
    return NULL;
  realm = json_object_get_string_member_with_default (reply->params, "realm", NULL);
  random = json_object_get_string_member_with_default (reply->params, "random", NULL);
  encryption = json_object_get_string_member_with_default (reply->params, "encryption", "Default");
  if (realm == NULL || random == NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s sent a login challenge without realm and random", op->host);
      return NULL;
    }
  return warden_login_hash (encryption, op->user, op->password, realm, random, error);
}

static void
set_address_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SetAddress *op = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (any, 0);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, &error);
  g_autofree guint8 *buffer = g_malloc (WARDEN_DISCOVERY_MAX_REPLY);
  g_autoptr(GBytes) request = NULL;
  g_autoptr(WardenRpcReply) reply = NULL;
  g_autofree char *proof = NULL;

  if (socket == NULL || !g_socket_bind (socket, local, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_socket_set_timeout (socket, MAX (1u, WARDEN_DEVICE_SET_ADDRESS_TIMEOUT_MS / 1000 / SET_ADDRESS_SENDS));

  /* The password never travels: the device challenges, the hash answers. */
  request = build_set_address (op, NULL);
  reply = exchange (op, socket, request, buffer, cancellable, &error);
  if (reply != NULL)
    proof = answer_challenge (op, reply, &error);
  if (proof != NULL)
    {
      g_clear_pointer (&request, g_bytes_unref);
      g_clear_pointer (&reply, warden_rpc_reply_free);
      request = build_set_address (op, proof);
      reply = exchange (op, socket, request, buffer, cancellable, &error);
    }
  if (reply == NULL || error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!warden_rpc_reply_check (reply, op->host, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * warden_device_set_address_async:
 * @device: the device as a search found it (its address and MAC are used)
 * @discovery_port: the device's discovery port (37810)
 * @user: (not nullable): an administrator of the device
 * @password: that administrator's password
 * @address: the new IPv4 address
 * @netmask: the new subnet mask
 * @gateway: the new default gateway
 *
 * Sends `DHDiscover.setConfig` to the device's current address. The device
 * answers before it moves; search again to find it at @address.
 */
void
warden_device_set_address_async (const WardenDiscoveredDevice *device,
                                 guint                         discovery_port,
                                 const char                   *user,
                                 const char                   *password,
                                 const char                   *address,
                                 const char                   *netmask,
                                 const char                   *gateway,
                                 GCancellable                 *cancellable,
                                 GAsyncReadyCallback           callback,
                                 gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) target = NULL;
  SetAddress *op;

  g_return_if_fail (device != NULL && device->address != NULL);
  g_return_if_fail (discovery_port > 0 && discovery_port <= 65535);
  g_return_if_fail (user != NULL && password != NULL);
  g_return_if_fail (address != NULL && netmask != NULL && gateway != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_set_address_async);
  target = g_inet_address_new_from_string (device->address);
  if (target == NULL || !check_ipv4 ("address", address, &error) ||
      !check_ipv4 ("subnet mask", netmask, &error) || !check_ipv4 ("gateway", gateway, &error) ||
      !check_text ("user name", user, WARDEN_DEVICE_INIT_MAX_USER, &error) ||
      !check_text ("password", password, WARDEN_DEVICE_INIT_MAX_PASSWORD, &error))
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "The device's address %s is not an IP address", device->address);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  op = g_new0 (SetAddress, 1);
  op->host = g_strdup (device->address);
  op->to = g_inet_socket_address_new (target, (guint16) discovery_port);
  op->id = g_random_int_range (1, G_MAXINT32);
  op->mac = g_strdup (device->mac != NULL ? device->mac : "");
  op->user = g_strdup (user);
  op->password = g_strdup (password);
  op->address = g_strdup (address);
  op->netmask = g_strdup (netmask);
  op->gateway = g_strdup (gateway);

  g_task_set_task_data (task, op, set_address_free);
  g_task_run_in_thread (task, set_address_thread);
}

/**
 * warden_device_set_address_finish:
 *
 * Returns: %TRUE when the device accepted the new address
 */
gboolean
warden_device_set_address_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == warden_device_set_address_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
