/* bench-devsim-rtsp.c: CPU that warden-devsim spends per served RTSP stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves N streams of an NVR from cached loops to one gst-launch-1.0 client process
 * (rtspsrc ! fakesink per stream, so the client's CPU is not counted), and measures
 * this process's CPU time over a window. The baseline, measured in the same run, is
 * one stream of the same configuration encoded live (videotestsrc ! textoverlay !
 * x264enc, as a plain gst-rtsp-server pipeline would serve it). Prints the median
 * and the minimum of the runs, per stream, and their ratio. Never fails on a time.
 *
 *   bench-devsim-rtsp [--runs 5] [--seconds 10] [--sub-streams 16] [--main-streams 4]
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-loop.h"
#include "devsim-rtsp.h"

#include <gio/gio.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#define WARM_UP_MS 3000
#define MAX_TRIES  3

static int runs = 5;
static int seconds = 10;
static int sub_streams = 16;
static int main_streams = 4;

static const DevsimStreamConfig sub_config = { DEVSIM_CODEC_H264, 704, 576, 25, 1024, 50 };
static const DevsimStreamConfig main_config = { DEVSIM_CODEC_H264, 1920, 1080, 25, 4096, 50 };

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
serve_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* CPU per stream, in % of one core, with `count` clients pulling `subtype`. */
static double
measure (DevsimDevice *device,
         int           count,
         int           subtype)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GError) error = NULL;
  double cpu_start, cpu_end;
  gint64 wall_start, wall_end;
  gboolean pulled_throughout;

  g_ptr_array_add (args, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (args, g_strdup ("-q"));
  for (int i = 0; i < count; i++)
    {
      g_ptr_array_add (args, g_strdup ("rtspsrc"));
      g_ptr_array_add (args, g_strdup_printf ("location=rtsp://admin:admin123@%s:%u/cam/"
                                              "realmonitor?channel=%d&subtype=%d",
                                              device->address, device->rtsp_port, i + 1,
                                              subtype));
      g_ptr_array_add (args, g_strdup ("latency=0"));
      g_ptr_array_add (args, g_strdup ("!"));
      g_ptr_array_add (args, g_strdup ("fakesink"));
      g_ptr_array_add (args, g_strdup ("sync=false"));
    }
  g_ptr_array_add (args, NULL);
  client = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_NONE,
                              &error);
  if (client == NULL)
    g_error ("Cannot start gst-launch-1.0: %s", error->message);

  serve_for (WARM_UP_MS);
  cpu_start = cpu_seconds ();
  wall_start = g_get_monotonic_time ();
  serve_for ((guint) seconds * 1000);
  cpu_end = cpu_seconds ();
  wall_end = g_get_monotonic_time ();

  /* A client that gave up during the window (it prints why) makes the run void. */
  pulled_throughout = g_subprocess_get_identifier (client) != NULL;
  g_subprocess_send_signal (client, SIGINT);
  g_subprocess_wait (client, NULL, NULL);
  /* Let the server tear the sessions down before the next run. */
  serve_for (500);
  if (!pulled_throughout)
    return -1.0;
  return 100.0 * (cpu_end - cpu_start) / ((wall_end - wall_start) / 1e6) / count;
}

/* Measures until a run has clients pulling throughout, at most MAX_TRIES times. */
static double
measure_valid (DevsimDevice *device,
               int           count,
               int           subtype)
{
  for (int i = 0; i < MAX_TRIES; i++)
    {
      double cpu = measure (device, count, subtype);

      if (cpu >= 0.0)
        return cpu;
      g_print ("  (a client stopped during the run; measuring again)\n");
    }
  g_error ("The clients stopped during %d runs in a row", MAX_TRIES);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
bench_stream (DevsimDevice             *device,
              const char               *label,
              const DevsimStreamConfig *config,
              int                       subtype,
              int                       count)
{
  g_autofree double *loop = g_new0 (double, runs);
  g_autofree double *live = g_new0 (double, runs);

  for (guint i = 0; i < device->channels->len; i++)
    {
      DevsimChannel *ch = g_ptr_array_index (device->channels, i);
      g_autoptr(DevsimLoop) cached = NULL;
      g_autoptr(GError) error = NULL;

      g_mutex_lock (&device->lock);
      ch->stream[subtype] = *config;
      g_mutex_unlock (&device->lock);
      /* Encode the loops now, outside the measured window. */
      if ((int) i < count &&
          (cached = devsim_loop_get (config, devsim_loop_look_for_channel ((int) i), ch->name,
                                     &error)) == NULL)
        g_error ("%s", error->message);
    }

  for (int run = 0; run < runs; run++)
    {
      devsim_rtsp_set_live_encode (FALSE);
      loop[run] = measure_valid (device, count, subtype);
      devsim_rtsp_set_live_encode (TRUE);
      live[run] = measure_valid (device, 1, subtype);
      g_print ("  %s run %d: cached loop %.2f %%, live encode %.2f %% of a core per stream\n",
               label, run + 1, loop[run], live[run]);
    }
  devsim_rtsp_set_live_encode (FALSE);
  qsort (loop, (size_t) runs, sizeof (double), compare_doubles);
  qsort (live, (size_t) runs, sizeof (double), compare_doubles);
  g_print ("%s %dx%d %d fps %d kb/s, %d streams: %.2f %% of a core per stream (median), "
           "%.2f %% (min); live-encode baseline %.1f %% (median), %.1f %% (min); "
           "ratio %.3f (median), %.3f (min)\n",
           label, config->width, config->height, config->fps, config->bitrate_kbps, count,
           loop[runs / 2], loop[0], live[runs / 2], live[0],
           loop[runs / 2] / live[runs / 2], loop[0] / live[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = g_option_context_new ("- CPU per served RTSP stream");
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measure (>= 1)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Measured seconds per run", "S" },
    { "sub-streams", 0, 0, G_OPTION_ARG_INT, &sub_streams, "D1 sub streams (1-64)", "N" },
    { "main-streams", 0, 0, G_OPTION_ARG_INT, &main_streams, "1080p main streams (1-64)", "N" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DevsimDevice) device = NULL;
  g_autoptr(DevsimRtsp) rtsp = NULL;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  runs = CLAMP (runs, 1, 100);
  seconds = CLAMP (seconds, 1, 600);
  sub_streams = CLAMP (sub_streams, 1, 64);
  main_streams = CLAMP (main_streams, 1, 64);
  gst_init (&argc, &argv);

  device = devsim_device_new (DEVSIM_KIND_NVR, 0, "127.0.0.1",
                              MAX (4, MAX (sub_streams, main_streams)));
  devsim_device_add_user (device, "admin", "admin123");
  device->rtsp_port = 0;
  if ((rtsp = devsim_rtsp_new (device, &error)) == NULL)
    g_error ("%s", error->message);

  g_print ("warden-devsim RTSP: CPU of the serving process per stream, %d runs of %d s\n",
           runs, seconds);
  bench_stream (device, "sub", &sub_config, 1, sub_streams);
  bench_stream (device, "main", &main_config, 0, main_streams);
  return 0;
}
