/* media-test-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "media-test-probe.h"

/* ffprobe's report on one stream of @file (@stream: "v:0", "a:0"), which must read
 * without error; "" when there is no such stream. */
static char *
ffprobe (GFile      *file,
         const char *stream)
{
  g_autofree char *path = g_file_get_path (file);
  const char *argv[] = {
    "ffprobe", "-v", "error", "-count_frames", "-select_streams", stream,
    "-show_entries",
    "stream=codec_name,width,height,sample_rate,channels,nb_read_frames,duration:format=format_name",
    "-of", "default=noprint_wrappers=1", path, NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s %s:\n%s%s", path, stream, out, err);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "format_name=mov,mp4"));

  return g_steal_pointer (&out);
}

double
media_test_probe_video (GFile *file,
                        int    width,
                        int    height)
{
  g_autofree char *out = ffprobe (file, "v:0");
  g_autofree char *width_line = g_strdup_printf ("width=%d\n", width);
  g_autofree char *height_line = g_strdup_printf ("height=%d\n", height);
  const char *line = strstr (out, "duration=");
  double duration;

  g_assert_nonnull (strstr (out, "codec_name=h264\n"));
  g_assert_nonnull (strstr (out, width_line));
  g_assert_nonnull (strstr (out, height_line));
  g_assert_null (strstr (out, "nb_read_frames=0\n"));
  g_assert_nonnull (line);
  duration = g_ascii_strtod (line + strlen ("duration="), NULL);
  g_assert_cmpfloat (duration, >, 0.0);

  return duration;
}

guint
media_test_probe_sound_frames (GFile *file)
{
  g_autofree char *out = ffprobe (file, "a:0");
  const char *line = strstr (out, "nb_read_frames=");

  if (line == NULL || !g_ascii_isdigit (line[strlen ("nb_read_frames=")]))
    return 0;

  g_assert_nonnull (strstr (out, "codec_name=aac\n"));
  g_assert_nonnull (strstr (out, "sample_rate=8000\n"));
  g_assert_nonnull (strstr (out, "channels=1\n"));

  return (guint) g_ascii_strtoull (line + strlen ("nb_read_frames="), NULL, 10);
}
