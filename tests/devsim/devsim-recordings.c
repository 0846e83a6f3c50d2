/* devsim-recordings.c: the deterministic synthetic recording history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-recordings.h"

#include <stdio.h>
#include <string.h>

/* splitmix64: a small, well-mixed hash of (seed, slot, salt). */
static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static guint64
slot_random (const DevsimDevice *device,
             int                 channel,
             gint64              slot,
             guint               salt)
{
  guint64 seed = g_str_hash (device->serial);

  return mix (mix (seed ^ ((guint64) channel << 40)) ^ (guint64) slot ^ ((guint64) salt << 56));
}

char *
devsim_format_local_time (const DevsimDevice *device,
                          gint64              utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc + device->utc_offset_s);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

gboolean
devsim_parse_local_time (const DevsimDevice *device,
                         const char         *text,
                         gint64             *utc)
{
  int y, mo, d, h, mi, s;
  char tail;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > 32)
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6 &&
      sscanf (text, "%4d_%2d_%2d_%2d_%2d_%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6)
    return FALSE;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *utc = g_date_time_to_unix (dt) - device->utc_offset_s;
  return TRUE;
}

static void
fill_path (const DevsimDevice *device,
           DevsimRecording    *rec)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (rec->start_utc + device->utc_offset_s);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (rec->end_utc + device->utc_offset_s);
  g_autofree char *day = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *from = g_date_time_format (start, "%H.%M.%S");
  g_autofree char *to = g_date_time_format (end, "%H.%M.%S");
  char tag = (rec->flags & DEVSIM_REC_ALARM) ? 'A' : (rec->flags & DEVSIM_REC_MOTION) ? 'M' : 'R';

  if (rec->picture)
    g_snprintf (rec->path, sizeof rec->path, "/mnt/dvr/%s/%03d/jpg/%02d/%s[%c][0@0][0].jpg",
                day, rec->channel + 1, g_date_time_get_hour (start), from, tag);
  else
    g_snprintf (rec->path, sizeof rec->path, "/mnt/dvr/%s/%03d/dav/%02d/%s-%s[%c][0@0][0].dav",
                day, rec->channel + 1, g_date_time_get_hour (start), from, to, tag);
}

static void
add (const DevsimDevice *device,
     GArray             *out,
     int                 channel,
     gint64              start,
     gint64              end,
     DevsimRecFlags      flags,
     gboolean            picture)
{
  const DevsimChannel *ch = g_ptr_array_index (device->channels, channel);
  DevsimRecording rec = { 0 };

  rec.start_utc = start;
  rec.end_utc = end;
  rec.channel = channel;
  rec.flags = flags;
  rec.picture = picture;
  rec.length_bytes = picture ? 48 * 1024 + (start % 4096)
                             : (end - start) * (gint64) ch->stream[0].bitrate_kbps * 1000 / 8;
  fill_path (device, &rec);
  g_array_append_val (out, rec);
}

/* The records of one slot, in start order. */
static void
generate_slot (const DevsimDevice *device,
               int                 channel,
               gint64              slot,
               gboolean            pictures,
               GArray             *out)
{
  gint64 slot_start = slot * DEVSIM_REC_SLOT_SECONDS;
  guint64 r = slot_random (device, channel, slot, 0);
  gint64 end = slot_start + DEVSIM_REC_SLOT_SECONDS;
  int events;

  /* 1 slot in 12 is a gap (recorder off, disk full, ...). */
  if (r % 12 == 0)
    return;
  /* 1 in 6 of the others stops early. */
  if ((r >> 8) % 6 == 0)
    end = slot_start + 300 + (gint64) ((r >> 16) % (DEVSIM_REC_SLOT_SECONDS - 600));
  if (!pictures)
    add (device, out, channel, slot_start, end, DEVSIM_REC_REGULAR, FALSE);

  /* 0..3 event files inside the regular file, in time order, never overlapping. */
  events = (int) ((r >> 24) % 4);
  for (int i = 0; i < events; i++)
    {
      guint64 e = slot_random (device, channel, slot, 1 + i);
      gint64 window = (end - slot_start) / events;
      gint64 start = slot_start + i * window + (gint64) (e % (guint64) MAX (window / 2, 1));
      gint64 length = 20 + (gint64) ((e >> 20) % 160);
      DevsimRecFlags flags = ((e >> 40) % 5 == 0) ? DEVSIM_REC_ALARM : DEVSIM_REC_MOTION;

      if (start + length > slot_start + (i + 1) * window)
        length = slot_start + (i + 1) * window - start;
      if (length <= 0)
        continue;
      add (device, out, channel, start, pictures ? start : start + length, flags, pictures);
    }
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const DevsimRecording *ra = a, *rb = b;

  if (ra->start_utc != rb->start_utc)
    return ra->start_utc < rb->start_utc ? -1 : 1;
  return (int) ra->flags - (int) rb->flags;
}

GArray *
devsim_recordings_find (const DevsimDevice *device,
                        int                 channel,
                        gint64              from_utc,
                        gint64              to_utc,
                        gboolean            pictures)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (DevsimRecording));
  GArray *all;
  gint64 first, last;

  g_return_val_if_fail (device != NULL, out);

  if (channel < 0 || channel >= (int) device->channels->len || to_utc <= from_utc)
    return out;
  from_utc = MAX (from_utc, device->history_end_utc - DEVSIM_HISTORY_SECONDS);
  to_utc = MIN (to_utc, device->history_end_utc);
  if (to_utc <= from_utc)
    return out;

  first = from_utc / DEVSIM_REC_SLOT_SECONDS;
  last = (to_utc - 1) / DEVSIM_REC_SLOT_SECONDS;
  all = g_array_new (FALSE, TRUE, sizeof (DevsimRecording));
  for (gint64 slot = first; slot <= last; slot++)
    generate_slot (device, channel, slot, pictures, all);
  for (guint i = 0; i < all->len; i++)
    {
      DevsimRecording *rec = &g_array_index (all, DevsimRecording, i);
      gboolean overlaps = rec->picture ? (rec->start_utc >= from_utc && rec->start_utc < to_utc)
                                       : (rec->end_utc > from_utc && rec->start_utc < to_utc);

      if (overlaps)
        g_array_append_val (out, *rec);
    }
  g_array_unref (all);
  g_array_sort (out, compare_start);
  return out;
}

gboolean
devsim_recordings_lookup_path (const DevsimDevice *device,
                               const char         *path,
                               DevsimRecording    *out)
{
  int y, mo, d, ch, h, mi, s;
  g_autoptr(GDateTime) dt = NULL;
  gint64 start;
  gboolean picture;
  g_autoptr(GArray) found = NULL;

  if (path == NULL || strlen (path) >= sizeof out->path)
    return FALSE;
  if (sscanf (path, "/mnt/dvr/%4d-%2d-%2d/%3d/%*3[davjpg]/%*2d/%2d.%2d.%2d",
              &y, &mo, &d, &ch, &h, &mi, &s) != 7)
    return FALSE;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  start = g_date_time_to_unix (dt) - device->utc_offset_s;
  picture = g_str_has_suffix (path, ".jpg");
  found = devsim_recordings_find (device, ch - 1, start, start + 1, picture);
  for (guint i = 0; i < found->len; i++)
    {
      DevsimRecording *rec = &g_array_index (found, DevsimRecording, i);

      if (strcmp (rec->path, path) == 0)
        {
          *out = *rec;
          return TRUE;
        }
    }
  return FALSE;
}
