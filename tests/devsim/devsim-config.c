/* devsim-config.c: configManager tables of a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-config.h"
#include "devsim-alarm.h"
#include "devsim-host.h"

#include <stdio.h>
#include <string.h>

#define MAX_PATH_STEPS 16

static JsonNode *
stream_node (const DevsimStreamConfig *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *resolution = g_strdup_printf ("%dx%d", s->width, s->height);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "VideoEnable");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "AudioEnable");
  json_builder_add_boolean_value (b, s->audio);
  json_builder_set_member_name (b, "Video");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Compression");
  json_builder_add_string_value (b, devsim_codec_to_string (s->codec));
  json_builder_set_member_name (b, "resolution");
  json_builder_add_string_value (b, resolution);
  json_builder_set_member_name (b, "Width");
  json_builder_add_int_value (b, s->width);
  json_builder_set_member_name (b, "Height");
  json_builder_add_int_value (b, s->height);
  json_builder_set_member_name (b, "FPS");
  json_builder_add_int_value (b, s->fps);
  json_builder_set_member_name (b, "BitRate");
  json_builder_add_int_value (b, s->bitrate_kbps);
  json_builder_set_member_name (b, "BitRateControl");
  json_builder_add_string_value (b, "CBR");
  json_builder_set_member_name (b, "GOP");
  json_builder_add_int_value (b, s->gop);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
add_int (JsonObject *o, const char *k, gint64 v)
{
  json_object_set_int_member (o, k, v);
}

static void
add_str (JsonObject *o, const char *k, const char *v)
{
  json_object_set_string_member (o, k, v);
}

/* A node that owns `o` / `a` (json_node_init_* would add a reference). */
static JsonNode *
take_object (JsonObject *o)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, o);
  return node;
}

static JsonNode *
take_array (JsonArray *a)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, a);
  return node;
}

JsonNode *
devsim_config_get (DevsimDevice *device,
                   const char   *name,
                   GError      **error)
{
  JsonObject *o;
  JsonArray *a;

  if (g_strcmp0 (name, "General") == 0)
    {
      o = json_object_new ();
      add_str (o, "MachineName", device->machine_name);
      add_int (o, "LocalNo", 8);
      json_object_set_boolean_member (o, "LockLoginEnable", TRUE);
      add_int (o, "LockLoginTimes", DEVSIM_LOCKOUT_ATTEMPTS);
      add_int (o, "LoginFailLockTime", DEVSIM_LOCKOUT_SECONDS);
      add_int (o, "UTCOffsetSeconds", device->utc_offset_s);
      return take_object (o);
    }
  if (g_strcmp0 (name, "Network") == 0)
    {
      JsonObject *eth = json_object_new ();

      add_str (eth, "IPAddress", device->address);
      add_str (eth, "SubnetMask", "255.0.0.0");
      add_str (eth, "DefaultGateway", "127.0.0.1");
      add_str (eth, "PhysicalAddress", device->mac);
      add_int (eth, "MTU", 1500);
      json_object_set_boolean_member (eth, "DhcpEnable", FALSE);
      o = json_object_new ();
      add_str (o, "DefaultInterface", "eth0");
      add_str (o, "Hostname", device->machine_name);
      add_int (o, "TCPPort", device->dvrip_port);
      add_int (o, "HttpPort", device->http_port);
      add_int (o, "RTSPPort", device->rtsp_port);
      add_int (o, "UDPPort", device->discovery_port);
      json_object_set_object_member (o, "eth0", eth);
      return take_object (o);
    }
  if (g_strcmp0 (name, "DVRIP") == 0)
    {
      o = json_object_new ();
      add_int (o, "TCPPort", device->dvrip_port);
      add_int (o, "UDPPort", device->discovery_port);
      add_int (o, "MaxConnections", 10);
      return take_object (o);
    }
  if (g_strcmp0 (name, "Web") == 0)
    {
      o = json_object_new ();
      json_object_set_boolean_member (o, "Enable", TRUE);
      add_int (o, "Port", device->http_port);
      return take_object (o);
    }
  if (g_strcmp0 (name, "RTSP") == 0)
    {
      JsonObject *rtp = json_object_new ();

      add_int (rtp, "StartPort", 20000);
      add_int (rtp, "EndPort", 40000);
      o = json_object_new ();
      json_object_set_boolean_member (o, "Enable", device->rtsp_port != 0);
      add_int (o, "Port", device->rtsp_port);
      json_object_set_object_member (o, "RTP", rtp);
      return take_object (o);
    }
  if (g_strcmp0 (name, "ChannelTitle") == 0)
    {
      a = json_array_new ();
      for (guint i = 0; i < device->channels->len; i++)
        {
          DevsimChannel *ch = g_ptr_array_index (device->channels, i);

          o = json_object_new ();
          add_str (o, "Name", ch->name);
          json_array_add_object_element (a, o);
        }
      return take_array (a);
    }
  if (g_strcmp0 (name, "Encode") == 0)
    {
      a = json_array_new ();
      for (guint i = 0; i < device->channels->len; i++)
        {
          DevsimChannel *ch = g_ptr_array_index (device->channels, i);
          JsonArray *main_a = json_array_new ();
          JsonArray *extra_a = json_array_new ();

          json_array_add_element (main_a, stream_node (&ch->stream[0]));
          json_array_add_element (extra_a, stream_node (&ch->stream[1]));
          o = json_object_new ();
          json_object_set_array_member (o, "MainFormat", main_a);
          json_object_set_array_member (o, "ExtraFormat", extra_a);
          json_array_add_object_element (a, o);
        }
      return take_array (a);
    }
  if (g_strcmp0 (name, "StorageDevice") == 0 || g_strcmp0 (name, "HDD") == 0)
    {
      a = json_array_new ();
      if (device->hdd_capacity_bytes > 0)
        {
          o = json_object_new ();
          add_str (o, "Name", "/dev/sda");
          add_str (o, "State", "Success");
          add_int (o, "TotalBytes", device->hdd_capacity_bytes);
          add_int (o, "FreeBytes", device->hdd_free_bytes);
          add_int (o, "UsedBytes", device->hdd_capacity_bytes - device->hdd_free_bytes);
          json_object_set_boolean_member (o, "IsError", FALSE);
          json_array_add_object_element (a, o);
        }
      return take_array (a);
    }
  if (g_strcmp0 (name, "AccessControl") == 0 && device->kind == DEVSIM_KIND_DOOR)
    {
      a = json_array_new ();
      for (int i = 0; i < device->door_count; i++)
        {
          g_autofree char *door = g_strdup_printf ("Door %d", i + 1);

          o = json_object_new ();
          add_str (o, "Name", door);
          add_str (o, "State", "Normal");
          add_int (o, "UnlockHoldInterval", 5000);
          json_array_add_object_element (a, o);
        }
      return take_array (a);
    }
  if (g_strcmp0 (name, "Alarm") == 0 || g_strcmp0 (name, "AlarmOut") == 0)
    return devsim_alarm_config (device, name[5] == 'O');
  g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No config named “%s”", name);
  return NULL;
}

JsonObject *
devsim_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
devsim_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
parse_codec (const char *text, DevsimCodec *codec)
{
  if (g_strcmp0 (text, "H.264") == 0 || g_strcmp0 (text, "H.264H") == 0)
    *codec = DEVSIM_CODEC_H264;
  else if (g_strcmp0 (text, "H.265") == 0)
    *codec = DEVSIM_CODEC_H265;
  else
    return FALSE;
  return TRUE;
}

static gint64
member_int (JsonObject *o, const char *k, gint64 fallback)
{
  JsonNode *n = o ? json_object_get_member (o, k) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (n), NULL, 10);
  return json_node_get_int (n);
}

static gboolean
set_stream (DevsimStreamConfig *s,
            JsonNode           *format_array,
            GError            **error)
{
  JsonObject *video;
  JsonNode *first;
  DevsimStreamConfig n = *s;
  const char *text;

  if (format_array == NULL || !JSON_NODE_HOLDS_ARRAY (format_array) ||
      json_array_get_length (json_node_get_array (format_array)) == 0)
    return TRUE;
  first = json_array_get_element (json_node_get_array (format_array), 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return TRUE;
  n.audio = json_object_get_boolean_member_with_default (json_node_get_object (first), "AudioEnable", n.audio);
  video = devsim_json_get_object (json_node_get_object (first), "Video");
  if (video == NULL)
    {
      *s = n;
      return TRUE;
    }
  text = json_object_get_string_member_with_default (video, "Compression", NULL);
  if (text != NULL && !parse_codec (text, &n.codec))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Compression “%s” is not supported; use H.264 or H.265", text);
      return FALSE;
    }
  text = json_object_get_string_member_with_default (video, "resolution", NULL);
  if (text != NULL && sscanf (text, "%dx%d", &n.width, &n.height) != 2)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Bad resolution “%s”", text);
      return FALSE;
    }
  if (text == NULL)
    {
      n.width = (int) member_int (video, "Width", n.width);
      n.height = (int) member_int (video, "Height", n.height);
    }
  n.fps = (int) member_int (video, "FPS", n.fps);
  n.bitrate_kbps = (int) member_int (video, "BitRate", n.bitrate_kbps);
  n.gop = (int) member_int (video, "GOP", n.gop);
  if (n.width < 160 || n.width > 3840 || n.height < 120 || n.height > 2160 ||
      n.width % 2 || n.height % 2 || n.fps < 1 || n.fps > 60 ||
      n.bitrate_kbps < 32 || n.bitrate_kbps > 16384 || n.gop < 1 || n.gop > 600)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Stream %dx%d at %d fps, %d kbit/s, GOP %d is out of range",
                   n.width, n.height, n.fps, n.bitrate_kbps, n.gop);
      return FALSE;
    }
  *s = n;
  return TRUE;
}

gboolean
devsim_config_set (DevsimDevice *device,
                   const char   *name,
                   JsonNode     *table,
                   GError      **error)
{
  if (table == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "setConfig without a table");
      return FALSE;
    }
  if (g_strcmp0 (name, "General") == 0 && JSON_NODE_HOLDS_OBJECT (table))
    {
      const char *machine = json_object_get_string_member_with_default (json_node_get_object (table),
                                                                        "MachineName", NULL);
      if (machine != NULL)
        {
          if (*machine == '\0' || strlen (machine) > 63)
            {
              g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                           "MachineName must be 1 to 63 bytes");
              return FALSE;
            }
          g_free (device->machine_name);
          device->machine_name = g_strdup (machine);
        }
      return TRUE;
    }
  if ((g_strcmp0 (name, "ChannelTitle") == 0 || g_strcmp0 (name, "Encode") == 0) &&
      JSON_NODE_HOLDS_ARRAY (table))
    {
      JsonArray *a = json_node_get_array (table);
      guint n = MIN (json_array_get_length (a), device->channels->len);
      gboolean title = g_strcmp0 (name, "ChannelTitle") == 0;
      /* Validate every channel first: a rejected write changes nothing. */
      g_autofree DevsimStreamConfig *streams = g_new0 (DevsimStreamConfig, 2 * (n + 1));

      for (guint i = 0; i < n; i++)
        {
          DevsimChannel *ch = g_ptr_array_index (device->channels, i);
          JsonNode *e = json_array_get_element (a, i);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;

          if (o == NULL)
            continue;
          if (title)
            {
              const char *t = json_object_get_string_member_with_default (o, "Name", NULL);

              if (t != NULL && strlen (t) > 63)
                {
                  g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                               "ChannelTitle[%u].Name is longer than 63 bytes", i);
                  return FALSE;
                }
              continue;
            }
          streams[2 * i] = ch->stream[0];
          streams[2 * i + 1] = ch->stream[1];
          if (!set_stream (&streams[2 * i], json_object_get_member (o, "MainFormat"), error) ||
              !set_stream (&streams[2 * i + 1], json_object_get_member (o, "ExtraFormat"), error))
            return FALSE;
        }
      g_mutex_lock (&device->lock);
      for (guint i = 0; i < n; i++)
        {
          DevsimChannel *ch = g_ptr_array_index (device->channels, i);
          JsonNode *e = json_array_get_element (a, i);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
          const char *t;

          if (o == NULL)
            continue;
          if (!title)
            {
              ch->stream[0] = streams[2 * i];
              ch->stream[1] = streams[2 * i + 1];
              continue;
            }
          t = json_object_get_string_member_with_default (o, "Name", NULL);
          if (t != NULL)
            {
              g_free (ch->name);
              ch->name = g_strdup (t);
            }
        }
      g_mutex_unlock (&device->lock);
      return TRUE;
    }
  if (g_strcmp0 (name, "Alarm") == 0 || g_strcmp0 (name, "AlarmOut") == 0)
    return devsim_alarm_config_set (device, name[5] == 'O', table, error);
  g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Config “%s” is read-only here", name);
  return FALSE;
}

void
devsim_config_flatten (GString    *out,
                       const char *prefix,
                       JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &child))
        {
          g_autofree char *p = g_strdup_printf ("%s.%s", prefix, key);

          devsim_config_flatten (out, p, child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *p = g_strdup_printf ("%s[%u]", prefix, i);

          devsim_config_flatten (out, p, json_array_get_element (a, i));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      g_string_append_printf (out, "%s=", prefix);
      if (t == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else if (t == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (node));
      else if (t == G_TYPE_DOUBLE)
        g_string_append_printf (out, "%g", json_node_get_double (node));
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      g_string_append (out, "\r\n");
    }
}

/* Splits "Encode[0].MainFormat[0].Video.FPS" after the table name into steps. */
JsonNode *
devsim_json_walk (JsonNode   *root,
                  const char *path)
{
  JsonNode *node = root;
  const char *p = path;
  int steps = 0;

  while (node != NULL && *p != '\0')
    {
      if (++steps > MAX_PATH_STEPS)
        return NULL;
      if (*p == '[')
        {
          char *end;
          guint64 i = g_ascii_strtoull (p + 1, &end, 10);

          if (*end != ']' || !JSON_NODE_HOLDS_ARRAY (node) ||
              i >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), (guint) i);
          p = end + 1;
        }
      else if (*p == '.')
        {
          gsize len = strcspn (p + 1, ".[");
          g_autofree char *key = g_strndup (p + 1, len);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), key);
          p += 1 + len;
        }
      else
        return NULL;
    }
  return node;
}

char *
devsim_config_get_cgi (DevsimDevice *device,
                       const char   *name,
                       GError      **error)
{
  gsize len = strcspn (name, ".[");
  g_autofree char *table = g_strndup (name, len);
  g_autoptr(JsonNode) root = devsim_config_get (device, table, error);
  g_autofree char *prefix = g_strdup_printf ("table.%s", name);
  GString *out;
  JsonNode *node;

  if (root == NULL)
    return NULL;
  node = devsim_json_walk (root, name + len);
  if (node == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND,
                   "Error -1 getting param in name=%s", name);
      return NULL;
    }
  out = g_string_new (NULL);
  devsim_config_flatten (out, prefix, node);
  return g_string_free (out, FALSE);
}

gboolean
devsim_config_set_cgi (DevsimDevice *device,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  gsize len = strcspn (key, ".[");
  g_autofree char *table = g_strndup (key, len);
  g_autoptr(JsonNode) root = devsim_config_get (device, table, error);
  const char *last_dot;
  g_autofree char *parent_path = NULL;
  JsonNode *parent;
  JsonNode *old;

  if (root == NULL)
    return FALSE;
  last_dot = strrchr (key + len, '.');
  if (last_dot == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Cannot set “%s” as a whole", key);
      return FALSE;
    }
  parent_path = g_strndup (key + len, last_dot - (key + len));
  parent = devsim_json_walk (root, parent_path);
  if (parent == NULL || !JSON_NODE_HOLDS_OBJECT (parent) ||
      (old = json_object_get_member (json_node_get_object (parent), last_dot + 1)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (old))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "No setting named “%s”", key);
      return FALSE;
    }
  /* Keep the type the table has for this key. */
  if (json_node_get_value_type (old) == G_TYPE_INT64)
    json_object_set_int_member (json_node_get_object (parent), last_dot + 1,
                                g_ascii_strtoll (value, NULL, 10));
  else if (json_node_get_value_type (old) == G_TYPE_BOOLEAN)
    json_object_set_boolean_member (json_node_get_object (parent), last_dot + 1,
                                    g_strcmp0 (value, "true") == 0);
  else
    json_object_set_string_member (json_node_get_object (parent), last_dot + 1, value);
  /* Width/Height writes win over the derived resolution string. */
  if (g_str_equal (last_dot + 1, "Width") || g_str_equal (last_dot + 1, "Height"))
    json_object_remove_member (json_node_get_object (parent), "resolution");
  return devsim_config_set (device, table, root, error);
}
