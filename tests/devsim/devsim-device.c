/* devsim-device.c: construction and identity of a simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-device.h"
#include "devsim-auth.h"

static const struct
{
  DevsimKind kind;
  const char *name;
} kind_names[] = {
  { DEVSIM_KIND_IPC, "ipc" },
  { DEVSIM_KIND_NVR, "nvr" },
  { DEVSIM_KIND_DOOR, "door" },
};

const char *
devsim_kind_to_string (DevsimKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (kind_names[i].kind == kind)
      return kind_names[i].name;
  g_assert_not_reached ();
}

gboolean
devsim_kind_from_string (const char *text,
                         DevsimKind *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i].name) == 0)
      {
        *kind = kind_names[i].kind;
        return TRUE;
      }
  return FALSE;
}

const char *
devsim_codec_to_string (DevsimCodec codec)
{
  return codec == DEVSIM_CODEC_H265 ? "H.265" : "H.264";
}

static void
devsim_user_free (gpointer data)
{
  DevsimUser *user = data;

  g_free (user->name);
  g_free (user->password);
  g_free (user);
}

static void
devsim_channel_free (gpointer data)
{
  DevsimChannel *channel = data;

  g_free (channel->name);
  for (int i = 0; i <= DEVSIM_MAX_PRESETS; i++)
    g_free (channel->presets[i].name);
  g_free (channel);
}

static DevsimChannel *
devsim_channel_new (int index)
{
  DevsimChannel *channel = g_new0 (DevsimChannel, 1);

  channel->name = g_strdup_printf ("Channel %d", index + 1);
  /* Main: 1080p; every second channel in H.265 so both codecs are served. */
  channel->stream[0] = (DevsimStreamConfig) {
    .codec = (index % 2) ? DEVSIM_CODEC_H265 : DEVSIM_CODEC_H264,
    .width = 1920, .height = 1080, .fps = 25, .bitrate_kbps = 4096, .gop = 50,
  };
  /* Sub: D1. */
  channel->stream[1] = (DevsimStreamConfig) {
    .codec = DEVSIM_CODEC_H264,
    .width = 704, .height = 576, .fps = 15, .bitrate_kbps = 512, .gop = 30,
  };
  channel->zoom = 1.0;
  channel->focus = 0.5;
  channel->iris = 0.5;
  return channel;
}

int
devsim_device_channel_count (const DevsimDevice *device)
{
  return (int) device->channels->len;
}

void
devsim_device_renew_identity (DevsimDevice *device)
{
  static const char *prefixes[] = { "7J0", "8F0", "6G0" };
  g_autofree char *digest = NULL;
  guint32 number;

  device->generation++;
  /* Deterministic per (index, generation) so a test can predict it. */
  number = (guint32) (device->index + 1) * 7919u + device->generation * 104729u;
  g_free (device->serial);
  device->serial = g_strdup_printf ("%sPAZ%c%07u", prefixes[device->kind],
                                    'A' + (int) (device->generation % 26), number % 10000000u);
  digest = devsim_md5_hex (device->serial, FALSE);
  g_free (device->realm);
  device->realm = g_strdup_printf ("Login to %s", digest);
  g_free (device->mac);
  device->mac = g_strdup_printf ("3c:ef:8c:%02x:%02x:%02x", device->generation & 0xff,
                                 (device->index >> 8) & 0xff, device->index & 0xff);
}

DevsimDevice *
devsim_device_new (DevsimKind  kind,
                   int         index,
                   const char *address,
                   int         count)
{
  DevsimDevice *device = g_new0 (DevsimDevice, 1);

  g_return_val_if_fail (address != NULL, NULL);

  g_mutex_init (&device->lock);
  device->kind = kind;
  device->index = index;
  device->address = g_strdup (address);
  device->users = g_ptr_array_new_with_free_func (devsim_user_free);
  device->channels = g_ptr_array_new_with_free_func (devsim_channel_free);
  device->initialised = TRUE;
  device->online = TRUE;
  device->ptz_channel_base = 1;
  device->event_interval_s = 0;
  device->generation = 0;
  device->history_end_utc = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;

  switch (kind)
    {
    case DEVSIM_KIND_IPC:
      device->model = g_strdup ("IPC-HDW5831R-ZE");
      device->hdd_capacity_bytes = G_GINT64_CONSTANT (256) * 1000 * 1000 * 1000;
      count = 1;
      break;
    case DEVSIM_KIND_NVR:
      device->model = g_strdup_printf ("DHI-NVR5%02dL-I", CLAMP (count, 4, 64));
      device->hdd_capacity_bytes = G_GINT64_CONSTANT (4000) * 1000 * 1000 * 1000;
      count = CLAMP (count, 4, 64);
      break;
    case DEVSIM_KIND_DOOR:
      device->model = g_strdup_printf ("ASC120%d", count == 4 ? 4 : count == 2 ? 2 : 1);
      device->door_count = (count == 4 || count == 2) ? count : 1;
      device->door_open = g_new0 (gboolean, device->door_count);
      count = 0;
      break;
    default:
      g_assert_not_reached ();
    }
  device->hdd_free_bytes = device->hdd_capacity_bytes / 3;
  device->version = g_strdup ("2.800.0000000.25.R,build:2024-03-18");
  device->machine_name = g_strdup_printf ("%s-%d", devsim_kind_to_string (kind), index + 1);
  for (int i = 0; i < count; i++)
    g_ptr_array_add (device->channels, devsim_channel_new (i));
  /* The counts discovery reports (devsim-discovery.c). */
  device->alarm_in_count = kind == DEVSIM_KIND_DOOR ? device->door_count : 2;
  device->alarm_out_count = kind == DEVSIM_KIND_DOOR ? device->door_count : 1;
  device->alarm_in = g_new0 (DevsimAlarmPort, device->alarm_in_count);
  device->alarm_out = g_new0 (DevsimAlarmPort, device->alarm_out_count);
  for (int i = 0; i < device->alarm_in_count; i++)
    {
      device->alarm_in[i].name = g_strdup_printf ("Alarm input %d", i + 1);
      device->alarm_in[i].enable = TRUE;
    }
  for (int i = 0; i < device->alarm_out_count; i++)
    device->alarm_out[i].name = g_strdup_printf ("Alarm output %d", i + 1);
  devsim_device_renew_identity (device);
  return device;
}

void
devsim_device_free (DevsimDevice *device)
{
  if (device == NULL)
    return;
  g_mutex_clear (&device->lock);
  g_free (device->address);
  g_free (device->serial);
  g_free (device->model);
  g_free (device->version);
  g_free (device->machine_name);
  g_free (device->mac);
  g_free (device->realm);
  g_free (device->email);
  g_ptr_array_unref (device->users);
  g_ptr_array_unref (device->channels);
  g_free (device->door_open);
  for (int i = 0; i < device->alarm_in_count; i++)
    g_free (device->alarm_in[i].name);
  for (int i = 0; i < device->alarm_out_count; i++)
    g_free (device->alarm_out[i].name);
  g_free (device->alarm_in);
  g_free (device->alarm_out);
  g_free (device);
}

DevsimUser *
devsim_device_add_user (DevsimDevice *device,
                        const char   *name,
                        const char   *password)
{
  DevsimUser *user = devsim_device_find_user (device, name);

  if (user == NULL)
    {
      user = g_new0 (DevsimUser, 1);
      user->name = g_strdup (name);
      g_ptr_array_add (device->users, user);
    }
  g_free (user->password);
  user->password = g_strdup (password);
  user->failed_logins = 0;
  user->locked_until_us = 0;
  return user;
}

DevsimUser *
devsim_device_find_user (DevsimDevice *device,
                         const char   *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < device->users->len; i++)
    {
      DevsimUser *user = g_ptr_array_index (device->users, i);

      if (g_strcmp0 (user->name, name) == 0)
        return user;
    }
  return NULL;
}
