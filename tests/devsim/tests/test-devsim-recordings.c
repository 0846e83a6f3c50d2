/* test-devsim-recordings.c: the synthetic recording history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-test"

#include "config.h"

#include "devsim-device.h"
#include "devsim-recordings.h"

static DevsimDevice *
make_nvr (void)
{
  DevsimDevice *device = devsim_device_new (DEVSIM_KIND_NVR, 3, "127.0.0.10", 4);

  /* A fixed end makes the history independent of the clock. */
  device->history_end_utc = 1767225600; /* 2026-01-01 00:00:00 UTC */
  return device;
}

static void
test_history_shape (void)
{
  g_autoptr(DevsimDevice) device = make_nvr ();
  gint64 end = device->history_end_utc;
  g_autoptr(GArray) all = devsim_recordings_find (device, 0, end - 100 * 3600, end + 3600, FALSE);
  guint regular = 0, motion = 0, alarm = 0, gaps = 0;
  gint64 last_regular_end = 0;

  g_assert_cmpuint (all->len, >, 100);
  for (guint i = 0; i < all->len; i++)
    {
      DevsimRecording *rec = &g_array_index (all, DevsimRecording, i);

      /* Only the 72 hours before the end exist, and they come sorted. */
      g_assert_cmpint (rec->start_utc, >=, end - DEVSIM_HISTORY_SECONDS);
      g_assert_cmpint (rec->end_utc, <=, end);
      g_assert_cmpint (rec->start_utc, <, rec->end_utc);
      g_assert_false (rec->picture);
      g_assert_cmpint (rec->channel, ==, 0);
      g_assert_cmpint (rec->length_bytes, >, 0);
      g_assert_true (g_str_has_prefix (rec->path, "/mnt/dvr/"));
      g_assert_true (g_str_has_suffix (rec->path, ".dav"));
      if (i > 0)
        g_assert_cmpint (g_array_index (all, DevsimRecording, i - 1).start_utc, <=, rec->start_utc);
      if (rec->flags == DEVSIM_REC_REGULAR)
        {
          if (last_regular_end && rec->start_utc > last_regular_end)
            gaps++;
          last_regular_end = rec->end_utc;
          regular++;
        }
      else
        {
          /* Event files lie inside the regular file that precedes them. */
          g_assert_cmpint (rec->end_utc, <=, last_regular_end);
          if (rec->flags == DEVSIM_REC_MOTION)
            motion++;
          else
            {
              g_assert_cmpint (rec->flags, ==, DEVSIM_REC_ALARM);
              alarm++;
            }
        }
    }
  g_assert_cmpuint (regular, >, 72 * 2 * 3 / 4);
  g_assert_cmpuint (regular, <, 72 * 2);
  g_assert_cmpuint (motion, >, 0);
  g_assert_cmpuint (alarm, >, 0);
  g_assert_cmpuint (gaps, >, 0);
}

static void
test_deterministic (void)
{
  g_autoptr(DevsimDevice) a = make_nvr ();
  g_autoptr(DevsimDevice) b = make_nvr ();
  gint64 end = a->history_end_utc;
  g_autoptr(GArray) ra = devsim_recordings_find (a, 2, end - 24 * 3600, end, FALSE);
  g_autoptr(GArray) rb = devsim_recordings_find (b, 2, end - 24 * 3600, end, FALSE);
  g_autoptr(GArray) other = devsim_recordings_find (a, 3, end - 24 * 3600, end, FALSE);
  gboolean differs = ra->len != other->len;

  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    g_assert_cmpstr (g_array_index (ra, DevsimRecording, i).path, ==,
                     g_array_index (rb, DevsimRecording, i).path);
  for (guint i = 0; !differs && i < ra->len; i++)
    differs = g_array_index (ra, DevsimRecording, i).start_utc !=
              g_array_index (other, DevsimRecording, i).start_utc;
  /* Channels do not share one history. */
  g_assert_true (differs);
}

static void
test_window_and_pictures (void)
{
  g_autoptr(DevsimDevice) device = make_nvr ();
  gint64 end = device->history_end_utc;
  gint64 from = end - 10 * 3600 + 600, to = end - 8 * 3600;
  g_autoptr(GArray) window = devsim_recordings_find (device, 1, from, to, FALSE);
  g_autoptr(GArray) pictures = devsim_recordings_find (device, 1, end - 72 * 3600, end, TRUE);
  g_autoptr(GArray) none = devsim_recordings_find (device, 9, from, to, FALSE);
  g_autoptr(GArray) before = devsim_recordings_find (device, 1, end - 80 * 3600, end - 73 * 3600, FALSE);
  DevsimRecording found;

  for (guint i = 0; i < window->len; i++)
    {
      DevsimRecording *rec = &g_array_index (window, DevsimRecording, i);

      g_assert_cmpint (rec->end_utc, >, from);
      g_assert_cmpint (rec->start_utc, <, to);
    }
  g_assert_cmpuint (pictures->len, >, 0);
  for (guint i = 0; i < pictures->len; i++)
    {
      DevsimRecording *rec = &g_array_index (pictures, DevsimRecording, i);

      g_assert_true (rec->picture);
      g_assert_true (g_str_has_suffix (rec->path, ".jpg"));
      g_assert_cmpint (rec->flags & DEVSIM_REC_REGULAR, ==, 0);
    }
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (before->len, ==, 0);

  /* A path found by search leads back to the same file. */
  g_assert_cmpuint (window->len, >, 0);
  g_assert_true (devsim_recordings_lookup_path (device, g_array_index (window, DevsimRecording, 0).path, &found));
  g_assert_cmpint (found.start_utc, ==, g_array_index (window, DevsimRecording, 0).start_utc);
  g_assert_cmpint (found.length_bytes, ==, g_array_index (window, DevsimRecording, 0).length_bytes);
  g_assert_true (devsim_recordings_lookup_path (device, g_array_index (pictures, DevsimRecording, 0).path, &found));
  g_assert_true (found.picture);
  g_assert_false (devsim_recordings_lookup_path (device, "/mnt/dvr/2020-01-01/001/dav/00/00.00.00-00.30.00[R][0@0][0].dav", &found));
  g_assert_false (devsim_recordings_lookup_path (device, "/etc/passwd", &found));
}

static void
test_local_time (void)
{
  g_autoptr(DevsimDevice) device = make_nvr ();
  g_autofree char *text = NULL;
  gint64 utc = 0;

  device->utc_offset_s = 3600;
  text = devsim_format_local_time (device, 1767225600);
  g_assert_cmpstr (text, ==, "2026-01-01 01:00:00");
  g_assert_true (devsim_parse_local_time (device, "2026-1-1 1:00:00", &utc));
  g_assert_cmpint (utc, ==, 1767225600);
  g_assert_true (devsim_parse_local_time (device, "2026_01_01_01_00_00", &utc));
  g_assert_cmpint (utc, ==, 1767225600);
  g_assert_false (devsim_parse_local_time (device, "2026-13-01 00:00:00", &utc));
  g_assert_false (devsim_parse_local_time (device, "yesterday", &utc));
  g_assert_false (devsim_parse_local_time (device, "2026-01-01 00:00:00 and more text", &utc));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/recordings/shape", test_history_shape);
  g_test_add_func ("/devsim/recordings/deterministic", test_deterministic);
  g_test_add_func ("/devsim/recordings/window-and-pictures", test_window_and_pictures);
  g_test_add_func ("/devsim/recordings/local-time", test_local_time);
  return g_test_run ();
}
