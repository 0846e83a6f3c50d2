/* devsim-host.c: one running simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-host.h"
#include "devsim-ptz.h"
#include "devsim-rpc.h"
#include "devsim-servers.h"
#include "devsim-rtsp.h"

#include <gst/gst.h>
#include <gst/app/app.h>
#include <string.h>

G_DEFINE_QUARK (devsim-error-quark, devsim_error)

#define TOUR_STEP_S 5

static void
session_free (gpointer data)
{
  DevsimSession *session = data;

  if (session->subscriber != NULL)
    {
      devsim_host_unsubscribe (session->host, session->subscriber);
      g_strfreev (session->subscriber->codes);
      g_free (session->subscriber);
    }
  g_free (session->user);
  g_free (session->random);
  g_free (session);
}

static gboolean
tour_cb (gpointer data)
{
  DevsimHost *host = data;

  devsim_ptz_tour_step (host->device);
  return G_SOURCE_CONTINUE;
}

static gboolean
expiry_cb (gpointer data)
{
  DevsimHost *host = data;
  gint64 limit = g_get_monotonic_time () - 2 * (gint64) host->keepalive_s * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  /* A DVRIP session goes with its connection. */
  devsim_dvrip_expire (host, limit);
  g_hash_table_iter_init (&iter, host->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DevsimSession *session = value;

      if (session->notify == NULL && session->last_seen_us < limit)
        g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_CONTINUE;
}

DevsimHost *
devsim_host_new (DevsimDevice *device,
                 const char   *name,
                 gboolean      with_rtsp)
{
  DevsimHost *host = g_new0 (DevsimHost, 1);

  host->device = device;
  host->name = g_strdup (name);
  host->with_rtsp = with_rtsp;
  /* Without an RTSP server the device reports RTSP as disabled, port 0. */
  if (!with_rtsp)
    device->rtsp_port = 0;
  host->sessions = g_hash_table_new_full (NULL, NULL, NULL, session_free);
  host->finders = g_hash_table_new_full (NULL, NULL, NULL, devsim_finder_free);
  host->subscribers = g_ptr_array_new ();
  host->http_streams = g_ptr_array_new ();
  host->dvrip_connections = g_ptr_array_new ();
  host->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_bytes_unref);
  devsim_host_set_keepalive (host, DEVSIM_KEEPALIVE_INTERVAL_S);
  if (device->channels->len > 0)
    host->tour_source = g_timeout_add_seconds (TOUR_STEP_S, tour_cb, host);
  return host;
}

void
devsim_host_free (DevsimHost *host)
{
  if (host == NULL)
    return;
  devsim_host_stop (host);
  g_clear_handle_id (&host->flood_source, g_source_remove);
  g_clear_handle_id (&host->schedule_source, g_source_remove);
  g_clear_handle_id (&host->tour_source, g_source_remove);
  g_clear_handle_id (&host->expiry_source, g_source_remove);
  g_hash_table_unref (host->sessions);
  g_hash_table_unref (host->finders);
  g_ptr_array_unref (host->subscribers);
  g_ptr_array_unref (host->http_streams);
  g_ptr_array_unref (host->dvrip_connections);
  g_hash_table_unref (host->snapshots);
  devsim_device_free (host->device);
  g_free (host->name);
  g_free (host->discovery_random);
  g_free (host);
}

void
devsim_host_set_keepalive (DevsimHost *host,
                           guint       interval_s)
{
  host->keepalive_s = MAX (interval_s, 1);
  g_clear_handle_id (&host->expiry_source, g_source_remove);
  /* Checked twice per interval: a session goes 2 to 2.5 intervals after its last use. */
  host->expiry_source = g_timeout_add (host->keepalive_s * 500, expiry_cb, host);
}

gboolean
devsim_host_start (DevsimHost  *host,
                   GError     **error)
{
  DevsimDevice *device = host->device;

  if (!devsim_http_start (host, error) ||
      !devsim_dvrip_start (host, error) ||
      !devsim_discovery_start (host, error))
    {
      devsim_host_stop (host);
      return FALSE;
    }
  if (host->with_rtsp)
    {
      g_autoptr(GError) local_error = NULL;

      host->rtsp = devsim_rtsp_new (device, &local_error);
      if (host->rtsp == NULL && device->rtsp_port == 554 &&
          g_error_matches (local_error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BIND))
        {
          g_clear_error (&local_error);
          device->rtsp_port = 0;
          host->rtsp = devsim_rtsp_new (device, &local_error);
        }
      if (host->rtsp == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          devsim_host_stop (host);
          return FALSE;
        }
    }
  device->online = TRUE;
  return TRUE;
}

void
devsim_host_drop_sessions (DevsimHost *host)
{
  devsim_http_drop_streams (host);
  devsim_dvrip_drop (host);
  g_hash_table_remove_all (host->sessions);
  g_hash_table_remove_all (host->finders);
  if (host->rtsp != NULL)
    devsim_rtsp_drop_sessions (host->rtsp);
}

void
devsim_host_stop (DevsimHost *host)
{
  host->device->online = FALSE;
  devsim_host_drop_sessions (host);
  devsim_http_stop (host);
  devsim_dvrip_stop (host);
  devsim_discovery_stop (host);
  g_clear_pointer ((DevsimRtsp **) &host->rtsp, devsim_rtsp_free);
}

JsonNode *
devsim_host_describe (DevsimHost *host)
{
  DevsimDevice *device = host->device;
  DevsimUser *user = device->users->len ? g_ptr_array_index (device->users, 0) : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, devsim_kind_to_string (device->kind));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, host->name);
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, device->address);
  json_builder_set_member_name (b, "ports");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dvrip");
  json_builder_add_int_value (b, device->dvrip_port);
  json_builder_set_member_name (b, "http");
  json_builder_add_int_value (b, device->http_port);
  json_builder_set_member_name (b, "rtsp");
  json_builder_add_int_value (b, device->rtsp_port);
  json_builder_set_member_name (b, "discovery");
  json_builder_add_int_value (b, device->discovery_port);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user ? user->name : "");
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, user ? user->password : "");
  json_builder_set_member_name (b, "serial");
  json_builder_add_string_value (b, device->serial);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, device->model);
  json_builder_set_member_name (b, "channels");
  json_builder_add_int_value (b, device->channels->len);
  json_builder_set_member_name (b, "doors");
  json_builder_add_int_value (b, device->door_count);
  json_builder_set_member_name (b, "initialised");
  json_builder_add_boolean_value (b, device->initialised);
  json_builder_set_member_name (b, "online");
  json_builder_add_boolean_value (b, device->online);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

DevsimSession *
devsim_host_new_session (DevsimHost *host,
                         const char *user)
{
  DevsimSession *session = g_new0 (DevsimSession, 1);

  /* A device keeps a bounded number of sessions: the oldest go first. */
  if (g_hash_table_size (host->sessions) >= 256)
    {
      GHashTableIter iter;
      gpointer key, value;
      guint32 oldest = 0;
      gint64 oldest_seen = G_MAXINT64;

      g_hash_table_iter_init (&iter, host->sessions);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((DevsimSession *) value)->notify == NULL &&
            ((DevsimSession *) value)->last_seen_us < oldest_seen)
          {
            oldest = GPOINTER_TO_UINT (key);
            oldest_seen = ((DevsimSession *) value)->last_seen_us;
          }
      if (oldest != 0)
        g_hash_table_remove (host->sessions, GUINT_TO_POINTER (oldest));
    }
  do
    session->id = (guint32) g_random_int_range (0x1000, G_MAXINT32);
  while (g_hash_table_contains (host->sessions, GUINT_TO_POINTER (session->id)));
  session->host = host;
  session->user = g_strdup (user);
  session->last_seen_us = g_get_monotonic_time ();
  g_hash_table_insert (host->sessions, GUINT_TO_POINTER (session->id), session);
  return session;
}

DevsimSession *
devsim_host_lookup_session (DevsimHost *host,
                            guint32     id)
{
  return g_hash_table_lookup (host->sessions, GUINT_TO_POINTER (id));
}

void
devsim_host_close_session (DevsimHost *host,
                           guint32     id)
{
  g_hash_table_remove (host->sessions, GUINT_TO_POINTER (id));
}

void
devsim_host_subscribe (DevsimHost       *host,
                       DevsimSubscriber *subscriber)
{
  g_ptr_array_add (host->subscribers, subscriber);
}

void
devsim_host_unsubscribe (DevsimHost       *host,
                         DevsimSubscriber *subscriber)
{
  g_ptr_array_remove (host->subscribers, subscriber);
}

gboolean
devsim_host_wants_code (DevsimSubscriber *subscriber,
                        const char       *code)
{
  if (subscriber->codes == NULL)
    return TRUE;
  for (char **c = subscriber->codes; *c; c++)
    if (g_strcmp0 (*c, "All") == 0 || g_strcmp0 (*c, code) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
default_data (const char *code,
              int         index)
{
  JsonObject *data = json_object_new ();

  if (g_str_equal (code, "VideoMotion"))
    {
      JsonArray *id = json_array_new ();
      JsonArray *region = json_array_new ();

      json_array_add_int_element (id, 0);
      json_array_add_string_element (region, "Region1");
      json_object_set_array_member (data, "Id", id);
      json_object_set_array_member (data, "RegionName", region);
      json_object_set_boolean_member (data, "SmartMotionEnable", FALSE);
    }
  else if (g_str_equal (code, "CrossLineDetection"))
    {
      JsonObject *object = json_object_new ();
      JsonArray *box = json_array_new ();

      json_array_add_int_element (box, 2048);
      json_array_add_int_element (box, 1024);
      json_array_add_int_element (box, 4096);
      json_array_add_int_element (box, 6144);
      json_object_set_string_member (object, "ObjectType", "Human");
      json_object_set_array_member (object, "BoundingBox", box);
      json_object_set_object_member (data, "Object", object);
      json_object_set_string_member (data, "Direction", "LeftToRight");
      json_object_set_int_member (data, "RuleId", 1);
    }
  else if (g_str_equal (code, "DoorStatus"))
    json_object_set_string_member (data, "Status", "Open");
  else if (g_str_equal (code, "AccessControl"))
    {
      json_object_set_string_member (data, "Name", "OpenDoor");
      json_object_set_string_member (data, "CardNo", "");
      json_object_set_int_member (data, "Method", 4);
      json_object_set_int_member (data, "Status", 1);
      json_object_set_string_member (data, "Type", "Entry");
      json_object_set_string_member (data, "UserID", "");
      json_object_set_int_member (data, "Door", index);
    }
  return data;
}

void
devsim_host_emit (DevsimHost *host,
                  const char *code,
                  const char *action,
                  int         index,
                  JsonObject *data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *local = NULL;
  DevsimEvent event;

  event.code = code;
  event.action = action;
  event.index = index;
  event.utc = g_get_real_time () / G_USEC_PER_SEC;
  event.data = data ? data : default_data (code, index);
  event.shape = host->next_shape;
  host->next_shape = DEVSIM_EVENT_NORMAL;
  host->event_counter++;
  local = devsim_format_local_time (host->device, event.utc);
  json_object_set_int_member (event.data, "UTC", event.utc);
  json_object_set_string_member (event.data, "LocaleTime", local);
  json_object_set_int_member (event.data, "EventSeq", (gint64) host->event_counter);
  if (event.shape == DEVSIM_EVENT_OVERSIZED)
    {
      g_autofree char *padding = g_malloc (DEVSIM_OVERSIZED_EVENT_BYTES + 1);

      memset (padding, 'x', DEVSIM_OVERSIZED_EVENT_BYTES);
      padding[DEVSIM_OVERSIZED_EVENT_BYTES] = '\0';
      json_object_set_string_member (event.data, "Padding", padding);
    }

  /* A subscriber may go away while it is served (write failure). */
  targets = g_ptr_array_copy (host->subscribers, NULL, NULL);
  for (guint i = 0; i < targets->len; i++)
    {
      DevsimSubscriber *sub = g_ptr_array_index (targets, i);

      if (g_ptr_array_find (host->subscribers, sub, NULL) && devsim_host_wants_code (sub, code))
        sub->deliver (sub, &event);
    }
  json_object_unref (event.data);
}

static gboolean
flood_cb (gpointer data)
{
  DevsimHost *host = data;
  int channels = MAX (devsim_device_channel_count (host->device), 1);
  guint per_tick;

  /* Ten ticks a second: N/10 events per tick, the remainder carried over. */
  host->flood_credit += host->flood_per_s >= 10 ? host->flood_per_s : 10;
  per_tick = host->flood_credit / 10;
  host->flood_credit %= 10;
  for (guint i = 0; i < per_tick; i++)
    devsim_host_emit (host, "VideoMotion", "Pulse", (int) (host->event_counter % channels), NULL);
  return G_SOURCE_CONTINUE;
}

void
devsim_host_set_flood (DevsimHost *host,
                       guint       per_second)
{
  g_clear_handle_id (&host->flood_source, g_source_remove);
  host->flood_per_s = per_second;
  host->flood_credit = 0;
  if (per_second == 0)
    return;
  /* Ten ticks a second above 10/s; one event per tick below. */
  host->flood_source = g_timeout_add (per_second >= 10 ? 100 : 1000 / per_second, flood_cb, host);
}

static const struct
{
  const char *code;
  const char *action;
} video_schedule[] = {
  { "VideoMotion", "Start" }, { "VideoMotion", "Stop" },
  { "CrossLineDetection", "Pulse" },
  { "AlarmLocal", "Start" }, { "AlarmLocal", "Stop" },
  { "VideoBlind", "Start" }, { "VideoBlind", "Stop" },
  { "VideoMotion", "Start" }, { "VideoMotion", "Stop" },
  { "VideoLoss", "Start" }, { "VideoLoss", "Stop" },
  { "StorageFailure", "Pulse" },
}, door_schedule[] = {
  { "AccessControl", "Pulse" }, { "DoorStatus", "Pulse" }, { "DoorStatus", "Pulse" },
};

static gboolean
schedule_cb (gpointer data)
{
  DevsimHost *host = data;
  DevsimDevice *device = host->device;
  guint64 n = host->event_counter;

  if (device->kind == DEVSIM_KIND_DOOR)
    {
      gsize i = n % G_N_ELEMENTS (door_schedule);
      int door = (int) ((n / G_N_ELEMENTS (door_schedule)) % device->door_count);
      JsonObject *d = default_data (door_schedule[i].code, door);

      if (i == 2)
        json_object_set_string_member (d, "Status", "Close");
      devsim_host_emit (host, door_schedule[i].code, door_schedule[i].action, door, d);
    }
  else
    {
      gsize i = n % G_N_ELEMENTS (video_schedule);
      int channel = (int) ((n / G_N_ELEMENTS (video_schedule)) % device->channels->len);

      devsim_host_emit (host, video_schedule[i].code, video_schedule[i].action, channel, NULL);
    }
  return G_SOURCE_CONTINUE;
}

void
devsim_host_set_schedule (DevsimHost *host,
                          guint       interval_s)
{
  g_clear_handle_id (&host->schedule_source, g_source_remove);
  host->device->event_interval_s = interval_s;
  if (interval_s > 0)
    host->schedule_source = g_timeout_add_seconds (interval_s, schedule_cb, host);
}

GBytes *
devsim_host_snapshot (DevsimHost  *host,
                      int          channel,
                      GError     **error)
{
  static const int patterns[] = { 0, 11, 13, 14, 18, 19, 21, 22, 23, 24 };
  DevsimChannel *ch;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *jpeg;

  if (channel < 0 || channel >= devsim_device_channel_count (host->device))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Channel %d does not exist; this device has %d", channel + 1,
                   devsim_device_channel_count (host->device));
      return NULL;
    }
  ch = g_ptr_array_index (host->device->channels, channel);
  jpeg = g_hash_table_lookup (host->snapshots, ch->name);
  if (jpeg != NULL)
    return g_bytes_ref (jpeg);

  description = g_strdup_printf ("videotestsrc pattern=%d num-buffers=1 ! "
                                 "video/x-raw,width=704,height=576 ! "
                                 "textoverlay name=overlay font-desc=\"Sans 36\" ! "
                                 "jpegenc ! appsink name=sink sync=false",
                                 patterns[channel % G_N_ELEMENTS (patterns)]);
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return NULL;
  overlay = gst_bin_get_by_name (GST_BIN (pipeline), "overlay");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (overlay, "text", ch->name, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL || (buffer = gst_sample_get_buffer (sample)) == NULL ||
      !gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Could not encode the snapshot of channel %d", channel + 1);
      return NULL;
    }
  jpeg = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  g_hash_table_insert (host->snapshots, g_strdup (ch->name), g_bytes_ref (jpeg));
  return jpeg;
}
