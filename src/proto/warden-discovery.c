/* warden-discovery.c: DHDiscover search over UDP (PROTOCOL.md §4.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One search datagram (a DHIP header and DHDiscover.search) goes to the multicast
 * group and, for "search this segment", to port 37810 of every address of a range.
 * Replies are reported through "device-found" as they arrive, once per device.
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-discovery.h"
#include "warden-proto-error.h"

#include <string.h>

/* Datagrams sent per tick while probing a range, so a /16 does not flood the LAN. */
#define SEND_BATCH 64
#define SEND_TICK_MS 10

struct _WardenDiscovery
{
  GObject parent_instance;

  guint port;
  gboolean multicast;
  GArray *targets;       /* guint32 IPv4 addresses, host order */
  GSocket *socket;
  GSource *read_source;
  guint send_id;
  guint next_target;
  guint duration_id;
  GBytes *search;
  GHashTable *seen;
  GTask *task;
  gulong cancel_id;
  guint found;
};

G_DEFINE_FINAL_TYPE (WardenDiscovery, warden_discovery, G_TYPE_OBJECT)

enum {
  DEVICE_FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
stop (WardenDiscovery *self)
{
  g_clear_handle_id (&self->send_id, g_source_remove);
  g_clear_handle_id (&self->duration_id, g_source_remove);
  if (self->read_source != NULL)
    {
      g_source_destroy (self->read_source);
      g_clear_pointer (&self->read_source, g_source_unref);
    }
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
}

static void
complete (WardenDiscovery *self,
          GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop (self);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (self->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
  self->cancel_id = 0;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, self->found);
}

static void
send_to (WardenDiscovery *self,
         GInetAddress    *address)
{
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (address, (guint16) self->port);
  g_autoptr(GError) error = NULL;

  if (g_socket_send_to (self->socket, to, g_bytes_get_data (self->search, NULL),
                        g_bytes_get_size (self->search), NULL, &error) < 0)
    g_debug ("Discovery datagram not sent: %s", error->message);
}

static gboolean
send_tick_cb (gpointer user_data)
{
  WardenDiscovery *self = user_data;

  for (guint n = 0; n < SEND_BATCH && self->next_target < self->targets->len; n++)
    {
      guint32 ip = g_array_index (self->targets, guint32, self->next_target++);
      guint8 bytes[4] = { ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff };
      g_autoptr(GInetAddress) address = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);

      send_to (self, address);
    }
  if (self->next_target < self->targets->len)
    return G_SOURCE_CONTINUE;
  self->send_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  WardenDiscovery *self = user_data;
  guint8 buffer[WARDEN_DISCOVERY_MAX_REPLY];

  g_object_ref (self);
  while (self->socket != NULL)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(WardenDiscoveredDevice) device = NULL;
      g_autofree char *sender = NULL;
      g_autofree char *key = NULL;
      gssize n = g_socket_receive_from (socket, &from, (char *) buffer, sizeof buffer, NULL, &error);

      if (n < 0)
        break;
      if (G_IS_INET_SOCKET_ADDRESS (from))
        sender = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (from)));
      device = warden_discovered_device_parse (buffer, (gsize) n, sender, &error);
      if (device == NULL)
        {
          g_debug ("Ignoring a datagram from %s: %s", sender != NULL ? sender : "?", error->message);
          continue;
        }
      key = g_strdup_printf ("%s/%s", device->address, device->serial != NULL ? device->serial : "");
      if (g_hash_table_contains (self->seen, key))
        continue;
      g_hash_table_add (self->seen, g_steal_pointer (&key));
      self->found++;
      g_signal_emit (self, signals[DEVICE_FOUND], 0, device);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
duration_cb (gpointer user_data)
{
  WardenDiscovery *self = user_data;

  self->duration_id = 0;
  complete (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(WardenDiscovery) self = user_data;

  if (self->task != NULL)
    complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Discovery cancelled"));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* Not from here: g_cancellable_disconnect() would deadlock inside this handler. */
  g_idle_add (cancelled_idle_cb, g_object_ref (user_data));
}

static void
warden_discovery_dispose (GObject *object)
{
  WardenDiscovery *self = WARDEN_DISCOVERY (object);

  complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Discovery abandoned"));

  G_OBJECT_CLASS (warden_discovery_parent_class)->dispose (object);
}

static void
warden_discovery_finalize (GObject *object)
{
  WardenDiscovery *self = WARDEN_DISCOVERY (object);

  g_array_unref (self->targets);
  g_bytes_unref (self->search);
  g_hash_table_unref (self->seen);

  G_OBJECT_CLASS (warden_discovery_parent_class)->finalize (object);
}

static void
warden_discovery_class_init (WardenDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_discovery_dispose;
  object_class->finalize = warden_discovery_finalize;

  /**
   * WardenDiscovery::device-found:
   * @device: a device that answered, reported once per search
   */
  signals[DEVICE_FOUND] =
    g_signal_new ("device-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, WARDEN_TYPE_DISCOVERED_DEVICE);
}

static void
warden_discovery_init (WardenDiscovery *self)
{
  self->port = WARDEN_DISCOVERY_PORT;
  self->multicast = TRUE;
  self->targets = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->search = warden_discovery_build_search ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

WardenDiscovery *
warden_discovery_new (void)
{
  return g_object_new (WARDEN_TYPE_DISCOVERY, NULL);
}

void
warden_discovery_set_port (WardenDiscovery *self,
                           guint            port)
{
  g_return_if_fail (WARDEN_IS_DISCOVERY (self));
  g_return_if_fail (port > 0 && port <= 65535);

  self->port = port;
}

/**
 * warden_discovery_set_multicast:
 *
 * Whether the search also goes to the multicast group (default %TRUE).
 */
void
warden_discovery_set_multicast (WardenDiscovery *self,
                                gboolean         multicast)
{
  g_return_if_fail (WARDEN_IS_DISCOVERY (self));

  self->multicast = multicast;
}

/**
 * warden_discovery_parse_ipv4:
 * @text: dotted IPv4 text
 * @out: (out): the address in host byte order
 *
 * Returns: %TRUE when @text is an IPv4 address
 */
gboolean
warden_discovery_parse_ipv4 (const char *text,
                             guint32    *out)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);
  const guint8 *b;

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  b = g_inet_address_to_bytes (address);
  *out = ((guint32) b[0] << 24) | ((guint32) b[1] << 16) | ((guint32) b[2] << 8) | b[3];
  return TRUE;
}

/**
 * warden_discovery_add_range:
 * @range: `A.B.C.D-E.F.G.H`, `A.B.C.D-H` (same first three parts) or one address
 *
 * Adds every address of the range to the unicast search.
 */
gboolean
warden_discovery_add_range (WardenDiscovery *self,
                            const char      *range,
                            GError         **error)
{
  g_auto(GStrv) parts = NULL;
  guint32 first, last;

  g_return_val_if_fail (WARDEN_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (range != NULL, FALSE);

  parts = g_strsplit (range, "-", 2);
  if (!warden_discovery_parse_ipv4 (g_strstrip (parts[0]), &first))
    goto bad;
  if (parts[1] == NULL)
    last = first;
  else if (!warden_discovery_parse_ipv4 (g_strstrip (parts[1]), &last))
    {
      guint64 octet;

      if (!g_ascii_string_to_unsigned (parts[1], 10, 0, 255, &octet, NULL))
        goto bad;
      last = (first & 0xffffff00u) | (guint32) octet;
    }
  if (last < first || last - first >= WARDEN_DISCOVERY_MAX_TARGETS - self->targets->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The range %s is empty or has more than %u addresses", range,
                   WARDEN_DISCOVERY_MAX_TARGETS);
      return FALSE;
    }
  for (guint64 ip = first; ip <= last; ip++)
    {
      guint32 v = (guint32) ip;

      g_array_append_val (self->targets, v);
    }
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "\"%s\" is not an IPv4 range such as 192.168.1.1-192.168.1.254", range);
  return FALSE;
}

/**
 * warden_discovery_run_async:
 * @duration_ms: how long to listen for replies
 *
 * Searches; "device-found" fires for each device as it answers. Finishes after
 * @duration_ms or when @cancellable is cancelled.
 */
void
warden_discovery_run_async (WardenDiscovery     *self,
                            guint                duration_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (any, 0);

  g_return_if_fail (WARDEN_IS_DISCOVERY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_discovery_run_async);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A search is already running");
      return;
    }

  self->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  if (self->socket == NULL || !g_socket_bind (self->socket, local, FALSE, &error))
    {
      stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_socket_set_blocking (self->socket, FALSE);
  g_socket_set_multicast_ttl (self->socket, 1);
  g_socket_set_broadcast (self->socket, TRUE);

  self->task = g_steal_pointer (&task);
  self->found = 0;
  self->next_target = 0;
  g_hash_table_remove_all (self->seen);
  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  self->read_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->read_source, G_SOURCE_FUNC (readable_cb), self, NULL);
  g_source_attach (self->read_source, NULL);

  if (self->multicast)
    {
      g_autoptr(GInetAddress) group = g_inet_address_new_from_string (WARDEN_DISCOVERY_MULTICAST);

      send_to (self, group);
    }
  if (self->targets->len > 0)
    self->send_id = g_timeout_add (SEND_TICK_MS, send_tick_cb, self);
  self->duration_id = g_timeout_add (duration_ms, duration_cb, self);
}

/**
 * warden_discovery_run_finish:
 *
 * Returns: how many devices answered
 */
guint
warden_discovery_run_finish (WardenDiscovery  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}
