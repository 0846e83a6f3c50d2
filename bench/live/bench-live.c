/* bench-live.c: CPU, frame delivery, time to first frame and latency of live tiles,
 * against references measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-live [--tiles N] [--seconds S] [--runs R] [--max-fps F] [--key-frames-only]
 *              [--video-path gl|memory] [--soak-seconds S] [--bounce-seconds B]
 *
 * The program re-runs itself in several roles, each in its own process so that its CPU
 * time can be read from wait4():
 *   serve    an RTSP server with one shared live D1 25 fps H.264 stream (1 s GOP);
 *            the wall-clock time of capture is drawn into the top rows of each
 *            picture as 44 black or white 32 px blocks in two bands (milliseconds, binary)
 *   warden   a 1280×720 window with a grid of WardenVideoTiles on that stream
 *   decode   the decode reference: per tile `rtspsrc latency=0 ! rtph264depay !
 *            h264parse ! avdec_h264 max-threads=1 ! fakesink sync=false`
 *   render   the render reference: the same window and grid of GtkPictures showing
 *            pre-made textures of tile size, changed at the same rate
 *   render-upload (with --upload-reference) the same, but with a new texture for
 *            every tile and frame, which GTK uploads as it does video frames
 * For the two GTK roles the X server's CPU over the run is added (Xvfb, found from
 * $DISPLAY). Latency is capture (the drawn time) to the end of the paint that drew
 * the frame (Warden; also to its sink) or to the sink (reference); time to first frame
 * is from the request to the first painted (Warden) or decoded (reference) frame, and
 * to the reference's first frame the decoder did not mark corrupted (a clean frame,
 * which is what Warden waits for). The serve role keeps a client of its own on the
 * stream, and both roles start their tiles one after the other across a GOP, so the
 * tiles join it at points spread over the GOP. After its run, Warden's window is
 * hidden for two GOPs and shown again: the time until each tile paints a new frame
 * is the time to first frame of a grid shown again. Then every tile is closed for two
 * GOPs and shows the stream again, as when the operator switches to another view and
 * back: the tiles take the streams kept open (WardenStreamPool). The UI frame time is the main
 * thread's time from before-paint to after-paint of each cycle.
 * After the runs, a soak run (--soak-seconds, 10 min by default) keeps Warden's grid
 * playing while the server is stopped for 3 s every --bounce-seconds, and reports
 * the RSS growth: the trend of the readings taken while the grid plays steadily (the
 * 30 s before each bounce after the first, and before the end), and the differences
 * from just before the first bounce, and from just before the second one (after the
 * first reconnect), to the end, with a sample line before every bounce.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gst/gl/gl.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "warden-media-memory.h"
#include "warden-stream-pool.h"
#include "warden-video-gl.h"
#include "warden-video-tile.h"

#define SOURCE_WIDTH 704
#define SOURCE_HEIGHT 576
#define SOURCE_FPS 25
#define GOP_FRAMES SOURCE_FPS         /* a key frame a second */
#define STAMP_BITS 44
#define STAMP_COLUMNS 22
#define STAMP_BLOCK 32          /* 22 × 32 = 704: two bands of blocks across the picture */
#define STAMP_ROWS (2 * STAMP_BLOCK)
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 720
#define MAX_TILES 64
#define MAX_SAMPLES 200000
#define BOUNCE_DOWN_S 3
#define SOAK_SAMPLE_MS 2000
#define STEADY_S 30             /* the soak's trend reads RSS in this long before each bounce */

static int opt_tiles = 16;
static int opt_seconds = 60;
static int opt_runs = 5;
static int opt_max_fps = 0;
static gboolean opt_key_frames_only = FALSE;
static int opt_soak_seconds = 600;
static int opt_bounce_seconds = 60;
static int opt_port = 0;
static char *opt_video_path = NULL;
static gboolean opt_upload_reference = FALSE;
static char *opt_role = NULL;
static char *opt_url = NULL;

static GOptionEntry entries[] = {
  { "tiles", 0, 0, G_OPTION_ARG_INT, &opt_tiles, "Tiles (streams) in the grid", "N" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Length of each measured run", "S" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each side (median and min reported)", "R" },
  { "max-fps", 0, 0, G_OPTION_ARG_INT, &opt_max_fps, "Refresh cap per tile, 0 for none", "F" },
  { "key-frames-only", 0, 0, G_OPTION_ARG_NONE, &opt_key_frames_only,
    "Warden's tiles decode key frames only (the render reference shows one frame a second)", NULL },
  { "soak-seconds", 0, 0, G_OPTION_ARG_INT, &opt_soak_seconds,
    "Length of the RSS growth run with device bounces, 0 to skip it", "S" },
  { "bounce-seconds", 0, 0, G_OPTION_ARG_INT, &opt_bounce_seconds,
    "Time between two device bounces in the RSS growth run", "S" },
  { "video-path", 0, 0, G_OPTION_ARG_STRING, &opt_video_path,
    "Warden's video path: gl or memory (default: what Warden picks)", "PATH" },
  { "upload-reference", 0, 0, G_OPTION_ARG_NONE, &opt_upload_reference,
    "Also run a render reference that shows a new texture per tile and frame", NULL },
  { "port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_port, NULL, NULL },
  { "role", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_role, NULL, NULL },
  { "url", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_url, NULL, NULL },
  { NULL }
};

/* ---- samples ---------------------------------------------------------------- */

typedef struct
{
  GMutex lock;
  double *values;
  guint len;
} Samples;

static void
samples_init (Samples *samples)
{
  g_mutex_init (&samples->lock);
  samples->values = g_new (double, MAX_SAMPLES);
  samples->len = 0;
  /* Touch every page now: filling the array must not show as RSS growth in the soak. */
  for (guint i = 0; i < MAX_SAMPLES; i++)
    samples->values[i] = NAN;
}

static void
samples_add (Samples *samples,
             double   value)
{
  g_mutex_lock (&samples->lock);
  if (samples->len < MAX_SAMPLES)
    samples->values[samples->len++] = value;
  g_mutex_unlock (&samples->lock);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values, dropping the NaNs (missing figures) to the end. */
static double
percentile (double *values,
            guint   len,
            double  p)
{
  guint valid = 0;

  for (guint i = 0; i < len; i++)
    if (!isnan (values[i]))
      {
        double value = values[i];

        values[i] = values[valid];
        values[valid++] = value;
      }
  len = valid;
  if (len == 0)
    return NAN;

  qsort (values, len, sizeof (double), (int (*)(const void *, const void *)) compare_doubles);

  return values[MIN ((guint) (p * (len - 1) + 0.5), len - 1)];
}

/* ---- the window's frames ------------------------------------------------------ */

/* Counts a window's frame-clock cycles and times each one on the main thread, from
 * before-paint to after-paint (update, layout and paint): the UI frame time. */
typedef struct
{
  GdkFrameClock *clock;
  gint64 first_frame;
  gint64 cycle_start_us;
  Samples cycle_ms;
} FrameStats;

static void
before_paint_cb (GdkFrameClock *clock,
                 FrameStats    *stats)
{
  stats->cycle_start_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameStats    *stats)
{
  if (stats->cycle_start_us > 0)
    samples_add (&stats->cycle_ms, (g_get_monotonic_time () - stats->cycle_start_us) / 1000.0);
}

static void
frame_stats_start (FrameStats *stats,
                   GtkWidget  *window)
{
  samples_init (&stats->cycle_ms);
  stats->cycle_start_us = 0;
  stats->clock = gtk_widget_get_frame_clock (window);
  stats->first_frame = gdk_frame_clock_get_frame_counter (stats->clock);
  g_signal_connect (stats->clock, "before-paint", G_CALLBACK (before_paint_cb), stats);
  g_signal_connect (stats->clock, "after-paint", G_CALLBACK (after_paint_cb), stats);
}

static void
frame_stats_print (FrameStats *stats)
{
  g_signal_handlers_disconnect_by_data (stats->clock, stats);
  printf ("window_paints_per_s %.1f\n",
          (double) (gdk_frame_clock_get_frame_counter (stats->clock) - stats->first_frame) / opt_seconds);
  printf ("ui_frame_p95_ms %.1f\n", percentile (stats->cycle_ms.values, stats->cycle_ms.len, 0.95));
  g_free (stats->cycle_ms.values);
}

/* ---- the capture-time stamp -------------------------------------------------- */

static GstPadProbeReturn
stamp_probe_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  GstVideoInfo *video_info = user_data;
  GstBuffer *buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  guint64 now_ms = (guint64) (g_get_real_time () / 1000);
  GstVideoFrame frame;

  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, video_info, buffer, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;

  for (int row = 0; row < STAMP_ROWS; row++)
    {
      guint8 *line = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                     + row * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

      for (int column = 0; column < STAMP_COLUMNS; column++)
        {
          int bit = row / STAMP_BLOCK * STAMP_COLUMNS + column;

          memset (line + column * STAMP_BLOCK, (now_ms >> (STAMP_BITS - 1 - bit)) & 1 ? 235 : 16,
                  STAMP_BLOCK);
        }
    }
  gst_video_frame_unmap (&frame);

  return GST_PAD_PROBE_OK;
}

/* Reads the stamp from a frame scaled (with centring borders) to width × height;
 * @luma gives the brightness of a pixel. Returns 0 when the picture holds none. */
static guint64
read_stamp (int      width,
            int      height,
            int    (*luma) (gconstpointer frame, int x, int y),
            gconstpointer frame)
{
  double scale = MIN ((double) width / SOURCE_WIDTH, (double) height / SOURCE_HEIGHT);
  double x0 = (width - SOURCE_WIDTH * scale) / 2;
  double y0 = (height - SOURCE_HEIGHT * scale) / 2;
  guint64 stamp = 0;

  /* Block centres: at a 64-tile grid's 160 × 90 a block is 5 px wide, so a scaler that
   * puts the picture a pixel off (borders aligned for 4:2:0) still reads right. */
  for (int bit = 0; bit < STAMP_BITS; bit++)
    {
      int x = (int) (x0 + (bit % STAMP_COLUMNS * STAMP_BLOCK + STAMP_BLOCK / 2) * scale);
      int y = (int) (y0 + (bit / STAMP_COLUMNS * STAMP_BLOCK + STAMP_BLOCK / 2) * scale);

      stamp = (stamp << 1) | (luma (frame, x, y) > 128);
    }

  return stamp;
}

static double
stamp_latency_ms (guint64 stamp)
{
  double latency = (double) (g_get_real_time () / 1000) - (double) stamp;

  /* A misread stamp gives nonsense; keep what can be a real delay. */
  return latency >= 0 && latency < 10000 ? latency : NAN;
}

/* ---- role: serve ------------------------------------------------------------- */

static void
media_configure_cb (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    gpointer             user_data)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) stamp = gst_bin_get_by_name (GST_BIN (bin), "stamp");
  g_autoptr(GstPad) pad = gst_element_get_static_pad (stamp, "src");
  GstVideoInfo *info = g_new (GstVideoInfo, 1);

  gst_video_info_set_format (info, GST_VIDEO_FORMAT_I420, SOURCE_WIDTH, SOURCE_HEIGHT);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, stamp_probe_cb, info, g_free);
}

static int
run_serve (void)
{
  g_autoptr(GstRTSPServer) server = gst_rtsp_server_new ();
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (server);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree char *service = NULL;
  g_autofree char *url = NULL;
  g_autofree char *keeper_launch = NULL;
  g_autoptr(GstElement) keeper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *launch =
    g_strdup_printf ("( videotestsrc is-live=true pattern=ball background-color=0xff404040 "
                     "! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 "
                     "! identity name=stamp ! x264enc tune=zerolatency speed-preset=ultrafast "
                     "key-int-max=%d bitrate=1024 ! rtph264pay name=pay0 pt=96 config-interval=-1 )",
                     SOURCE_WIDTH, SOURCE_HEIGHT, SOURCE_FPS, GOP_FRAMES);

  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  g_signal_connect (factory, "media-configure", G_CALLBACK (media_configure_cb), NULL);
  gst_rtsp_mount_points_add_factory (mounts, "/live", factory);
  gst_rtsp_server_set_address (server, "127.0.0.1");
  service = g_strdup_printf ("%d", opt_port);
  gst_rtsp_server_set_service (server, service);
  if (gst_rtsp_server_attach (server, NULL) == 0)
    g_error ("Could not start the RTSP server on 127.0.0.1");

  /* A client of our own keeps the stream running between the roles, as a camera's
   * does: each role's tiles join it at a random point of the GOP. */
  url = g_strdup_printf ("rtsp://127.0.0.1:%d/live", gst_rtsp_server_get_bound_port (server));
  keeper_launch = g_strdup_printf ("rtspsrc location=%s latency=0 ! fakesink sync=false", url);
  keeper = gst_parse_launch (keeper_launch, &error);
  g_assert_no_error (error);
  gst_element_set_state (keeper, GST_STATE_PLAYING);

  printf ("url %s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);

  return 0;
}

/* ---- role: warden ----------------------------------------------------------- */

/* CPU time of this process, and below of the X server, in seconds. */
static double
self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
x_server_cpu_s (void)
{
  const char *display = g_getenv ("DISPLAY");
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  g_autofree char *wanted = NULL;

  if (display == NULL || proc == NULL)
    return 0;

  wanted = g_strndup (display, strcspn (display, "."));
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline = NULL;
      g_autofree char *stat = NULL;
      gsize length;
      gboolean is_x = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
        continue;
      if (length == 0 || !g_str_has_suffix (cmdline, "Xvfb"))
        continue;
      /* the arguments are NUL-separated: find the display among them */
      for (gsize i = 0; i < length; i += strlen (cmdline + i) + 1)
        is_x |= g_str_equal (cmdline + i, wanted);

      if (is_x && g_file_get_contents (stat_path, &stat, NULL, NULL))
        {
          g_auto(GStrv) fields = g_strsplit (strrchr (stat, ')') + 2, " ", 0);

          /* utime and stime are fields 14 and 15, i.e. 11 and 12 after the name */
          return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
                 / sysconf (_SC_CLK_TCK);
        }
    }

  return 0;
}

typedef struct
{
  WardenVideoTile *tile;
  gint64 start_us;
  double ttff_ms;
  double ttff_sink_ms;         /* first frame at the sink; under latency->lock */
  guint64 frames;              /* under latency->lock */
  guint64 pushed_stamp;        /* capture time of the newest frame handed on, 0 if not read; under latency->lock */
  guint64 swapped_stamp;       /* main thread: of the frame swapped in last */
  guint64 shown_seen;
  guint64 painted_seen;
  Samples *latency;            /* capture to sink */
  Samples *paint_latency;      /* capture to the end of the paint that drew it */
} Tile;

/* Reading the time code of a GL texture downloads it, which the memory path does not
 * pay for; there, one frame in this many is read. */
#define GL_LATENCY_EVERY 8

static int
bgra_luma (gconstpointer data,
           int           x,
           int           y)
{
  const GstVideoFrame *frame = data;
  const guint8 *pixel = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0)
                        + y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) + x * 4;

  return pixel[1];
}

static void
warden_frame_cb (GstSample *sample,
                 gpointer   user_data)
{
  Tile *tile = user_data;
  GstCaps *caps = gst_sample_get_caps (sample);
  gboolean texture = gst_caps_features_contains (gst_caps_get_features (caps, 0),
                                                 GST_CAPS_FEATURE_MEMORY_GL_MEMORY);
  guint64 frames;
  guint64 stamp = 0;           /* 0: not read */
  GstVideoInfo info;
  GstVideoFrame frame;

  g_mutex_lock (&tile->latency->lock);
  if (tile->ttff_sink_ms < 0)
    tile->ttff_sink_ms = (g_get_monotonic_time () - tile->start_us) / 1000.0;
  frames = tile->frames++;
  g_mutex_unlock (&tile->latency->lock);

  if ((!texture || frames % GL_LATENCY_EVERY == 0)
      && gst_video_info_from_caps (&info, caps)
      && gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      double latency;

      stamp = read_stamp (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                          bgra_luma, &frame);
      latency = stamp_latency_ms (stamp);
      gst_video_frame_unmap (&frame);
      if (isnan (latency))
        stamp = 0;
      else
        samples_add (tile->latency, latency);
    }
  g_mutex_lock (&tile->latency->lock);
  tile->pushed_stamp = stamp;
  g_mutex_unlock (&tile->latency->lock);

  warden_video_paintable_push_sample (warden_video_tile_get_paintable (tile->tile), sample);
}

/* After the tiles' own update handlers swapped their frames in: which frame each shows. */
static void
swapped_cb (GdkFrameClock *clock,
            gpointer       user_data)
{
  Tile *tiles = user_data;

  for (int i = 0; i < opt_tiles; i++)
    {
      guint64 shown = warden_video_paintable_get_frames_shown (warden_video_tile_get_paintable (tiles[i].tile));

      if (shown == tiles[i].shown_seen)
        continue;
      tiles[i].shown_seen = shown;
      g_mutex_lock (&tiles[i].latency->lock);
      tiles[i].swapped_stamp = tiles[i].pushed_stamp;
      g_mutex_unlock (&tiles[i].latency->lock);
    }
}

/* Capture to paint, for every tile whose new frame this paint drew. */
static void
painted_cb (GdkFrameClock *clock,
            gpointer       user_data)
{
  Tile *tiles = user_data;

  for (int i = 0; i < opt_tiles; i++)
    {
      guint64 painted = warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (tiles[i].tile));
      double latency;

      if (painted == tiles[i].painted_seen)
        continue;
      tiles[i].painted_seen = painted;
      if (tiles[i].swapped_stamp != 0 && !isnan (latency = stamp_latency_ms (tiles[i].swapped_stamp)))
        samples_add (tiles[i].paint_latency, latency);
    }
}

/* Right after the paint that drew a tile's first frame (a tick callback would see it
 * one frame-clock cycle later). */
static void
first_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  Tile *tiles = user_data;
  gboolean waiting = FALSE;

  for (int i = 0; i < opt_tiles; i++)
    {
      if (tiles[i].ttff_ms >= 0)
        continue;
      if (warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (tiles[i].tile)) > 0)
        tiles[i].ttff_ms = (g_get_monotonic_time () - tiles[i].start_us) / 1000.0;
      else
        waiting = TRUE;
    }

  if (!waiting)
    g_signal_handlers_disconnect_by_func (clock, first_paint_cb, user_data);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms. */
static void
run_loop_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

/* Tiles start one after the other across a GOP, so each run samples the time to first
 * frame at every point of the GOP, not at one point for all. */
static guint
stagger_ms (void)
{
  return (guint) (GOP_FRAMES * 1000 / SOURCE_FPS / opt_tiles);
}

typedef struct
{
  Tile *tiles;
  guint64 *painted_before;
  double *resume_ms;
  gint64 shown_us;
} Resume;

/* After each paint once the window is shown again: which tiles painted a new frame. */
static void
resume_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  Resume *resume = user_data;

  for (int i = 0; i < opt_tiles; i++)
    if (isnan (resume->resume_ms[i])
        && warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (resume->tiles[i].tile))
           > resume->painted_before[i])
      resume->resume_ms[i] = (g_get_monotonic_time () - resume->shown_us) / 1000.0;
}

/* Shows the stream in @tile, with the bench's frame callback. */
static void
start_tile (Tile *tile)
{
  WardenLiveStream *stream;

  tile->start_us = g_get_monotonic_time ();
  warden_video_tile_set_source (tile->tile, "Camera", NULL, opt_url, WARDEN_LATENCY_REALTIME);
  stream = warden_video_tile_get_stream (tile->tile);
  warden_live_stream_set_max_fps (stream, (guint) opt_max_fps);
  warden_live_stream_set_key_frames_only (stream, opt_key_frames_only);
  warden_live_stream_set_frame_func (stream, warden_frame_cb, tile, NULL);
}

typedef void (*GridStep) (GtkWidget *window,
                          Tile      *tiles);

/* The operator looks at another page: the tiles stop decoding. */
static void
hide_grid (GtkWidget *window,
           Tile      *tiles)
{
  gtk_widget_set_visible (window, FALSE);
}

static void
show_grid (GtkWidget *window,
           Tile      *tiles)
{
  gtk_window_present (GTK_WINDOW (window));
}

/* The operator opens another view: the tiles let their streams go. */
static void
close_tiles (GtkWidget *window,
             Tile      *tiles)
{
  for (int i = 0; i < opt_tiles; i++)
    warden_video_tile_clear (tiles[i].tile);
}

static void
reopen_tiles (GtkWidget *window,
              Tile      *tiles)
{
  for (int i = 0; i < opt_tiles; i++)
    start_tile (&tiles[i]);
}

/* @leave for two GOPs, then @come_back: p50 of the time until each tile paints a new
 * frame. */
static double
measure_return (GtkWidget *window,
                Tile      *tiles,
                GridStep   leave,
                GridStep   come_back)
{
  g_autofree guint64 *painted_before = g_new (guint64, opt_tiles);
  g_autofree double *resume_ms = g_new (double, opt_tiles);
  Resume resume = { tiles, painted_before, resume_ms, 0 };
  gulong handler;

  leave (window, tiles);
  run_loop_for (2 * GOP_FRAMES * 1000 / SOURCE_FPS);

  for (int i = 0; i < opt_tiles; i++)
    {
      painted_before[i] = warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (tiles[i].tile));
      resume_ms[i] = NAN;
    }
  resume.shown_us = g_get_monotonic_time ();
  come_back (window, tiles);
  handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                              G_CALLBACK (resume_paint_cb), &resume);
  run_loop_for (3 * GOP_FRAMES * 1000 / SOURCE_FPS);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), handler);

  return percentile (resume_ms, (guint) opt_tiles, 0.5);
}

static GtkWidget *
grid_window (GtkWidget **children)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  int columns = (int) ceil (sqrt (opt_tiles));

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (int i = 0; i < opt_tiles; i++)
    {
      gtk_widget_set_hexpand (children[i], TRUE);
      gtk_widget_set_vexpand (children[i], TRUE);
      gtk_grid_attach (GTK_GRID (grid), children[i], i % columns, i / columns, 1, 1);
    }
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);

  return window;
}

static int
run_warden (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GtkWidget *children[MAX_TILES];
  Tile tiles[MAX_TILES];
  Samples latency;
  Samples paint_latency;
  GtkWidget *window;
  double ratio_min = 1.0;
  g_autofree double *ttff = g_new (double, opt_tiles);
  g_autofree double *ttff_sink = g_new (double, opt_tiles);
  FrameStats frames;
  double resume_p50, reopen_p50, app_cpu_before, x_cpu_before;
  int playing = 0;

  samples_init (&latency);
  samples_init (&paint_latency);
  for (int i = 0; i < opt_tiles; i++)
    {
      children[i] = warden_video_tile_new ();
      tiles[i].tile = WARDEN_VIDEO_TILE (children[i]);
      tiles[i].ttff_ms = -1;
      tiles[i].ttff_sink_ms = -1;
      tiles[i].frames = 0;
      tiles[i].pushed_stamp = tiles[i].swapped_stamp = 0;
      tiles[i].shown_seen = tiles[i].painted_seen = 0;
      tiles[i].latency = &latency;
      tiles[i].paint_latency = &paint_latency;
    }
  window = grid_window (children);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (children[opt_tiles - 1]) || gtk_widget_get_width (children[opt_tiles - 1]) == 0)
    g_main_context_iteration (NULL, TRUE);

  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_paint_cb), tiles);
  g_signal_connect (gtk_widget_get_frame_clock (window), "update", G_CALLBACK (swapped_cb), tiles);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted_cb), tiles);
  for (int i = 0; i < opt_tiles; i++)
    {
      if (i > 0)
        run_loop_for (stagger_ms ());
      start_tile (&tiles[i]);
    }

  g_timeout_add_seconds ((guint) opt_seconds, quit_cb, loop);
  frame_stats_start (&frames, window);
  g_main_loop_run (loop);
  frame_stats_print (&frames);

  for (int i = 0; i < opt_tiles; i++)
    {
      WardenVideoPaintable *paintable = warden_video_tile_get_paintable (tiles[i].tile);
      guint64 received = warden_video_paintable_get_frames_received (paintable);
      guint64 painted = warden_video_paintable_get_frames_painted (paintable);

      if (warden_live_stream_get_state (warden_video_tile_get_stream (tiles[i].tile)) == WARDEN_LIVE_STATE_PLAYING)
        playing++;

      ratio_min = MIN (ratio_min, received > 0 ? (double) painted / received : 0.0);
      ttff[i] = tiles[i].ttff_ms >= 0 ? tiles[i].ttff_ms : NAN;
    }
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window), first_paint_cb, tiles);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window), swapped_cb, tiles);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window), painted_cb, tiles);
  /* Not part of the measured run: its CPU is taken out of the role's. */
  app_cpu_before = self_cpu_s ();
  x_cpu_before = x_server_cpu_s ();
  resume_p50 = measure_return (window, tiles, hide_grid, show_grid);
  reopen_p50 = measure_return (window, tiles, close_tiles, reopen_tiles);
  printf ("excluded_app_cpu_s %.3f\n", self_cpu_s () - app_cpu_before);
  printf ("excluded_x_cpu_s %.3f\n", x_server_cpu_s () - x_cpu_before);

  close_tiles (window, tiles);
  /* as the application does at shutdown: no streaming thread is left */
  warden_stream_pool_clear (warden_stream_pool_get_default ());
  for (int i = 0; i < opt_tiles; i++)
    {
      ttff_sink[i] = tiles[i].ttff_sink_ms >= 0 ? tiles[i].ttff_sink_ms : NAN;
    }

  printf ("tiles_playing %d\n", playing);
  printf ("video_path_gl %d\n", warden_video_gl_get_default () != NULL
                                 && warden_video_gl_get_enabled (warden_video_gl_get_default ()));
  printf ("ttff_resume_p50_ms %.0f\n", resume_p50);
  printf ("ttff_reopen_p50_ms %.0f\n", reopen_p50);
  printf ("shown_over_received_min %.3f\n", ratio_min);
  printf ("ttff_p50_ms %.0f\n", percentile (ttff, (guint) opt_tiles, 0.5));
  printf ("ttff_sink_p50_ms %.0f\n", percentile (ttff_sink, (guint) opt_tiles, 0.5));
  printf ("latency_p50_ms %.1f\n", percentile (paint_latency.values, paint_latency.len, 0.5));
  printf ("latency_p95_ms %.1f\n", percentile (paint_latency.values, paint_latency.len, 0.95));
  printf ("latency_samples %u\n", paint_latency.len);
  printf ("latency_sink_p50_ms %.1f\n", percentile (latency.values, latency.len, 0.5));
  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}

/* ---- role: decode (the reference) --------------------------------------------- */

typedef struct
{
  gint64 start_us;
  double ttff_ms;
  double ttff_clean_ms;        /* the first frame the decoder did not mark corrupted */
  Samples *latency;
} Decode;

typedef struct
{
  const guint8 *data;
  gsize offset;
  int stride;
} Plane;

static int
plane_luma (gconstpointer data,
            int           x,
            int           y)
{
  const Plane *plane = data;

  return plane->data[plane->offset + (gsize) y * plane->stride + x];
}

static void
handoff_cb (GstElement *fakesink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  Decode *decode = user_data;
  GstMapInfo map;

  if (decode->ttff_ms < 0)
    decode->ttff_ms = (g_get_monotonic_time () - decode->start_us) / 1000.0;
  if (decode->ttff_clean_ms < 0 && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_CORRUPTED))
    decode->ttff_clean_ms = (g_get_monotonic_time () - decode->start_us) / 1000.0;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);
      Plane plane = {
        .data = map.data,
        .offset = meta != NULL ? meta->offset[0] : 0,
        .stride = meta != NULL ? meta->stride[0] : GST_ROUND_UP_4 (SOURCE_WIDTH),
      };
      double latency = stamp_latency_ms (read_stamp (SOURCE_WIDTH, SOURCE_HEIGHT, plane_luma, &plane));

      gst_buffer_unmap (buffer, &map);
      if (!isnan (latency))
        samples_add (decode->latency, latency);
    }
}

static int
run_decode (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GstElement *pipelines[MAX_TILES];
  Decode decodes[MAX_TILES];
  g_autofree double *ttff = g_new (double, opt_tiles);
  g_autofree double *ttff_clean = g_new (double, opt_tiles);
  Samples latency;

  samples_init (&latency);
  for (int i = 0; i < opt_tiles; i++)
    {
      g_autofree char *launch =
        g_strdup_printf ("rtspsrc location=%s latency=0 ! rtph264depay ! h264parse "
                         "! avdec_h264 max-threads=1 ! fakesink name=sink sync=false "
                         "signal-handoffs=true", opt_url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GstElement) sink = NULL;

      pipelines[i] = gst_parse_launch (launch, &error);
      g_assert_no_error (error);
      decodes[i].ttff_ms = -1;
      decodes[i].ttff_clean_ms = -1;
      decodes[i].latency = &latency;
      sink = gst_bin_get_by_name (GST_BIN (pipelines[i]), "sink");
      g_signal_connect (sink, "handoff", G_CALLBACK (handoff_cb), &decodes[i]);
      if (i > 0)
        run_loop_for (stagger_ms ());
      decodes[i].start_us = g_get_monotonic_time ();
      gst_element_set_state (pipelines[i], GST_STATE_PLAYING);
    }

  g_timeout_add_seconds ((guint) opt_seconds, quit_cb, loop);
  g_main_loop_run (loop);

  for (int i = 0; i < opt_tiles; i++)
    {
      gst_element_set_state (pipelines[i], GST_STATE_NULL);
      gst_object_unref (pipelines[i]);
      ttff[i] = decodes[i].ttff_ms >= 0 ? decodes[i].ttff_ms : NAN;
      ttff_clean[i] = decodes[i].ttff_clean_ms >= 0 ? decodes[i].ttff_clean_ms : NAN;
    }

  printf ("ttff_p50_ms %.0f\n", percentile (ttff, (guint) opt_tiles, 0.5));
  printf ("ttff_clean_p50_ms %.0f\n", percentile (ttff_clean, (guint) opt_tiles, 0.5));
  printf ("latency_p50_ms %.1f\n", percentile (latency.values, latency.len, 0.5));
  printf ("latency_samples %u\n", latency.len);

  return 0;
}

/* ---- role: render (the reference) --------------------------------------------- */

typedef struct
{
  GtkPicture *pictures[MAX_TILES];
  GBytes *pixels[2];
  GdkTexture *textures[2];
  int width;
  int height;
  gboolean upload;             /* a new texture per tile and frame, as video needs */
  guint frame;
} Render;

static gboolean
render_frame_cb (gpointer user_data)
{
  Render *render = user_data;

  render->frame++;
  for (int i = 0; i < opt_tiles; i++)
    {
      guint which = (render->frame + i) % 2;
      g_autoptr(GdkTexture) texture = NULL;

      if (render->upload)
        texture = gdk_memory_texture_new (render->width, render->height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                          render->pixels[which], (gsize) render->width * 4);
      else
        texture = g_object_ref (render->textures[which]);
      gtk_picture_set_paintable (render->pictures[i], GDK_PAINTABLE (texture));
    }

  return G_SOURCE_CONTINUE;
}

static GBytes *
make_pixels (int    width,
             int    height,
             guint8 shade)
{
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *pixels = g_malloc (stride * height);

  for (gsize i = 0; i < stride * height; i += 4)
    {
      pixels[i] = (guint8) (shade + i / 4 % 64);
      pixels[i + 1] = shade;
      pixels[i + 2] = (guint8) (shade / 2);
      pixels[i + 3] = 0xff;
    }

  return g_bytes_new_take (g_steal_pointer (&pixels), stride * height);
}

/* @upload: a new texture for every tile and frame, which GTK uploads again, as it
 * does for video; otherwise two pre-made textures that GTK uploads once. */
static int
run_render (gboolean upload)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GtkWidget *children[MAX_TILES];
  Render render = { .upload = upload };
  GtkWidget *window;
  int width, height;
  int fps = opt_key_frames_only ? SOURCE_FPS / GOP_FRAMES
            : opt_max_fps > 0 ? MIN (opt_max_fps, SOURCE_FPS) : SOURCE_FPS;
  FrameStats frames;

  for (int i = 0; i < opt_tiles; i++)
    {
      children[i] = gtk_picture_new ();
      gtk_picture_set_can_shrink (GTK_PICTURE (children[i]), TRUE);
      render.pictures[i] = GTK_PICTURE (children[i]);
    }
  window = grid_window (children);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (children[0]) || gtk_widget_get_width (children[0]) == 0)
    g_main_context_iteration (NULL, TRUE);

  width = gtk_widget_get_width (children[0]) * gtk_widget_get_scale_factor (children[0]);
  height = gtk_widget_get_height (children[0]) * gtk_widget_get_scale_factor (children[0]);
  render.width = width;
  render.height = height;
  for (int i = 0; i < 2; i++)
    {
      render.pixels[i] = make_pixels (width, height, i == 0 ? 0x40 : 0x80);
      render.textures[i] = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                                   render.pixels[i], (gsize) width * 4);
    }

  g_timeout_add (1000 / fps, render_frame_cb, &render);
  g_timeout_add_seconds ((guint) opt_seconds, quit_cb, loop);
  frame_stats_start (&frames, window);
  g_main_loop_run (loop);
  frame_stats_print (&frames);

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 2; i++)
    {
      g_object_unref (render.textures[i]);
      g_bytes_unref (render.pixels[i]);
    }

  return 0;
}

/* ---- the driver ------------------------------------------------------------- */

typedef struct
{
  double cpu_s;                /* the role's process, plus the X server for GTK roles */
  double app_cpu_s;
  long max_rss_kb;
  GHashTable *figures;         /* name → value printed by the role */
} Result;

/* Reads a role's "name value" lines until it closes its output. */
static void
read_figures (int         out_fd,
              GHashTable *figures)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (out_fd);
  char *line;

  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (line), " ", 2);

      if (g_strv_length (parts) == 2)
        g_hash_table_insert (figures, g_strdup (parts[0]), g_strdup (parts[1]));
      g_free (line);
    }
}

static double
figure (Result     *result,
        const char *name)
{
  const char *value = g_hash_table_lookup (result->figures, name);

  return value != NULL ? g_ascii_strtod (value, NULL) : NAN;
}

static Result
run_role (const char *self_path,
          const char *role,
          const char *url)
{
  g_autofree char *tiles = g_strdup_printf ("--tiles=%d", opt_tiles);
  g_autofree char *seconds = g_strdup_printf ("--seconds=%d", opt_seconds);
  g_autofree char *max_fps = g_strdup_printf ("--max-fps=%d", opt_max_fps);
  g_autofree char *role_arg = g_strdup_printf ("--role=%s", role);
  g_autofree char *url_arg = g_strdup_printf ("--url=%s", url);
  const char *argv[] = { self_path, role_arg, url_arg, tiles, seconds, max_fps,
                         opt_key_frames_only ? "--key-frames-only" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd;
  int status;
  struct rusage usage;
  double x_before = x_server_cpu_s ();
  Result result = { 0 };

  result.figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("Could not run the %s role: %s", role, error->message);

  read_figures (out_fd, result.figures);

  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("The %s role failed", role);

  result.app_cpu_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
                     + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  result.cpu_s = result.app_cpu_s;
  if (!g_str_equal (role, "decode"))
    result.cpu_s += x_server_cpu_s () - x_before;
  /* what the role did after its measured run */
  if (g_hash_table_contains (result.figures, "excluded_app_cpu_s"))
    {
      double app = figure (&result, "excluded_app_cpu_s");

      result.app_cpu_s -= app;
      result.cpu_s -= app + figure (&result, "excluded_x_cpu_s");
    }
  result.max_rss_kb = usage.ru_maxrss;

  return result;
}

static void
print_ratio (const char *name,
             double     *ratios,
             guint       n)
{
  double median = percentile (ratios, n, 0.5);
  double min = ratios[0];   /* sorted by percentile() */

  printf ("%s: %.2f\n", name, median);
  printf ("%s_min: %.2f\n", name, min);
}

/* Starts the serve role on @port (0: any) and returns its URL. */
static GPid
start_server (const char  *self_path,
              int          port,
              char       **url)
{
  g_autofree char *port_arg = g_strdup_printf ("--port=%d", port);
  const char *argv[] = { self_path, "--role=serve", port_arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  GPid server;
  int out_fd;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &server, NULL, &out_fd, NULL, &error))
    g_error ("Could not start the RTSP server: %s", error->message);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL
      || !g_str_has_prefix (line, "url "))
    g_error ("The RTSP server did not start");
  *url = g_strdup (g_strstrip (line + strlen ("url ")));

  return server;
}

static void
stop_server (GPid server)
{
  kill (server, SIGTERM);
  waitpid (server, NULL, 0);
  g_spawn_close_pid (server);
}

/* A "Key: value" line of /proc/@pid/@file, as a number (kB for sizes); NAN if absent. */
static double
proc_value (GPid        pid,
            const char *file,
            const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, file);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, key)) == NULL)
    return NAN;

  return g_ascii_strtod (line + strlen (key), NULL);
}

static double
rss_mb (GPid pid)
{
  return proc_value (pid, "status", "\nVmRSS:") / 1024.0;
}

/* RSS swings by a few frames' worth (each decoded D1 picture is its own 600 KiB
 * mapping) from one moment to the next: the median of 11 readings over a second. */
static double
steady_rss_mb (GPid pid)
{
  double readings[11];

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      if (i > 0)
        g_usleep (G_USEC_PER_SEC / 10);
      readings[i] = rss_mb (pid);
    }

  return percentile (readings, G_N_ELEMENTS (readings), 0.5);
}

/* One line per sample of the soak, to tell growth per bounce from a plateau. */
static void
print_soak_sample (GPid        pid,
                   const char *when,
                   double      rss)
{
  printf ("# soak %s: rss %.1f MB, anonymous %.1f MB, threads %.0f\n", when, rss,
          proc_value (pid, "smaps_rollup", "\nAnonymous:") / 1024.0,
          proc_value (pid, "status", "\nThreads:"));
  fflush (stdout);
}

/* A least-squares line through RSS readings over time. */
typedef struct
{
  double n, t, rss, tt, t_rss;
} Trend;

static void
trend_add (Trend  *trend,
           double  t,
           double  rss)
{
  trend->n++;
  trend->t += t;
  trend->rss += rss;
  trend->tt += t * t;
  trend->t_rss += t * rss;
}

/* MB per second; NAN with fewer than two readings. */
static double
trend_slope (const Trend *trend)
{
  double d = trend->n * trend->tt - trend->t * trend->t;

  return trend->n < 2 || d == 0 ? NAN : (trend->n * trend->t_rss - trend->t * trend->rss) / d;
}

/* Sleeps until @seconds after @start_us, reading @pid's RSS every SOAK_SAMPLE_MS into
 * @trend unless it is %NULL. */
static void
sample_until (GPid    pid,
              gint64  start_us,
              double  seconds,
              Trend  *trend)
{
  for (;;)
    {
      gint64 wait_us = start_us + (gint64) (seconds * G_USEC_PER_SEC) - g_get_monotonic_time ();

      if (wait_us <= 0)
        break;
      if (trend != NULL)
        trend_add (trend, (g_get_monotonic_time () - start_us) / (double) G_USEC_PER_SEC, rss_mb (pid));
      g_usleep ((gulong) MIN (wait_us, SOAK_SAMPLE_MS * 1000));
    }
}

/* Warden's grid for --soak-seconds while the device (the server) goes away for
 * BOUNCE_DOWN_S every --bounce-seconds. RSS swings by several MB from one minute to the
 * next without a trend (frames in flight, the allocators' caches), so the growth is the
 * slope of a line through a reading every SOAK_SAMPLE_MS, over 10 minutes. The readings
 * are those of the grid playing steadily: the last STEADY_S before each bounce after the
 * first (the allocators' caches fill at the first one) and before the end. While the
 * device is down and the tiles reconnect, RSS is some 55 MB lower; those dips, one at
 * the start of every period, would tilt the line upwards (by about 6·D·d / T² per second
 * for dips of D MB lasting d s in a window of T s: 4 MB in 10 minutes here) although
 * nothing grew. The difference of the two ends, each the median of a second's readings,
 * is printed too. Returns the server now running. */
static GPid
run_soak (const char *self_path,
          GPid        server,
          const char *url)
{
  g_autofree char *tiles = g_strdup_printf ("--tiles=%d", opt_tiles);
  g_autofree char *seconds = g_strdup_printf ("--seconds=%d", opt_soak_seconds);
  g_autofree char *max_fps = g_strdup_printf ("--max-fps=%d", opt_max_fps);
  g_autofree char *url_arg = g_strdup_printf ("--url=%s", url);
  const char *argv[] = { self_path, "--role=warden", url_arg, tiles, seconds, max_fps,
                         opt_key_frames_only ? "--key-frames-only" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  const char *port_colon = strrchr (url, ':');
  int port, out_fd, bounces = 0;
  double before = NAN, after_first = NAN, after;
  Trend trend = { 0 };
  int steady_s = MIN (STEADY_S, opt_bounce_seconds / 2);
  const char *playing = NULL;
  g_autoptr(GHashTable) figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 start_us;
  GPid pid;

  /* rtsp://127.0.0.1:PORT/live: the server comes back on the same port */
  port = port_colon != NULL ? atoi (port_colon + 1) : 0;
  if (port <= 0)
    g_error ("Bad server URL %s", url);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("Could not run the soak: %s", error->message);
  start_us = g_get_monotonic_time ();

  for (int at = opt_bounce_seconds; at + BOUNCE_DOWN_S < opt_soak_seconds - 5; at += opt_bounce_seconds)
    {
      g_autofree char *new_url = NULL;
      g_autofree char *when = NULL;
      double rss;

      sample_until (pid, start_us, at - steady_s, NULL);
      sample_until (pid, start_us, at, bounces > 0 ? &trend : NULL);
      rss = steady_rss_mb (pid);
      if (++bounces == 1)
        before = rss;
      else if (bounces == 2)
        after_first = rss;
      when = g_strdup_printf ("before bounce %d (%d s)", bounces, at);
      print_soak_sample (pid, when, rss);
      stop_server (server);
      sample_until (pid, start_us, (g_get_monotonic_time () - start_us) / (double) G_USEC_PER_SEC
                                   + BOUNCE_DOWN_S, NULL);
      server = start_server (self_path, port, &new_url);
    }
  sample_until (pid, start_us, opt_soak_seconds - 4 - steady_s, NULL);
  sample_until (pid, start_us, opt_soak_seconds - 4, &trend);
  after = steady_rss_mb (pid);
  print_soak_sample (pid, "at the end", after);

  read_figures (out_fd, figures);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  playing = g_hash_table_lookup (figures, "tiles_playing");
  printf ("# soak: %d s, %d device bounces (%d s down each), %s of %d tiles playing at the end\n",
          opt_soak_seconds, bounces, BOUNCE_DOWN_S, playing != NULL ? playing : "?", opt_tiles);
  printf ("# soak: %.0f RSS readings for the trend, in the last %d s before each bounce after the first and before the end\n",
          trend.n, steady_s);
  printf ("rss_growth_10min_mb: %.1f\n", trend_slope (&trend) * 600);
  printf ("rss_growth_ends_mb: %.1f\n", after - before);
  /* The allocators' caches fill at the first bounce; this tells a plateau from a leak. */
  printf ("rss_growth_after_first_bounce_mb: %.1f\n", after - after_first);

  return server;
}

static int
run_driver (const char *self_path)
{
  g_autofree char *url = NULL;
  g_autofree double *ratio = g_new0 (double, opt_runs);
  g_autofree double *ratio_decode = g_new0 (double, opt_runs);
  g_autofree double *shown = g_new0 (double, opt_runs);
  g_autofree double *ttff = g_new0 (double, opt_runs);
  g_autofree double *ttff_ref = g_new0 (double, opt_runs);
  g_autofree double *ttff_ref_clean = g_new0 (double, opt_runs);
  g_autofree double *ttff_sink = g_new0 (double, opt_runs);
  g_autofree double *ttff_resume = g_new0 (double, opt_runs);
  g_autofree double *ttff_reopen = g_new0 (double, opt_runs);
  g_autofree double *ui_frame = g_new0 (double, opt_runs);
  g_autofree double *ui_frame_ref = g_new0 (double, opt_runs);
  g_autofree double *lat50 = g_new0 (double, opt_runs);
  g_autofree double *lat95 = g_new0 (double, opt_runs);
  g_autofree double *lat_ref = g_new0 (double, opt_runs);
  g_autofree double *lat_sink = g_new0 (double, opt_runs);
  g_autofree double *rss = g_new0 (double, opt_runs);
  g_autofree double *paints = g_new0 (double, opt_runs);
  g_autofree double *paints_ref = g_new0 (double, opt_runs);
  g_autofree double *cpu_warden = g_new0 (double, opt_runs);
  g_autofree double *cpu_decode = g_new0 (double, opt_runs);
  g_autofree double *cpu_render = g_new0 (double, opt_runs);
  g_autofree double *cpu_upload = g_new0 (double, opt_runs);
  g_autofree double *ratio_upload = g_new0 (double, opt_runs);
  GPid server;

  server = start_server (self_path, 0, &url);

  printf ("# %d tiles of D1 H.264 at %d fps in a %dx%d window, %d s per run, %d runs%s\n",
          opt_tiles, SOURCE_FPS, WINDOW_WIDTH, WINDOW_HEIGHT, opt_seconds, opt_runs,
          opt_key_frames_only ? ", key frames only" : opt_max_fps > 0 ? ", refresh cap on" : "");
  for (int run = 0; run < opt_runs; run++)
    {
      Result warden = run_role (self_path, "warden", url);
      Result decode = run_role (self_path, "decode", url);
      Result render = run_role (self_path, "render", url);

      ratio[run] = warden.cpu_s / (decode.cpu_s + render.cpu_s);
      ratio_decode[run] = warden.cpu_s / decode.cpu_s;
      shown[run] = figure (&warden, "shown_over_received_min");
      ttff[run] = figure (&warden, "ttff_p50_ms");
      ttff_ref[run] = figure (&decode, "ttff_p50_ms");
      ttff_ref_clean[run] = figure (&decode, "ttff_clean_p50_ms");
      ttff_sink[run] = figure (&warden, "ttff_sink_p50_ms");
      ttff_resume[run] = figure (&warden, "ttff_resume_p50_ms");
      ttff_reopen[run] = figure (&warden, "ttff_reopen_p50_ms");
      ui_frame[run] = figure (&warden, "ui_frame_p95_ms");
      ui_frame_ref[run] = figure (&render, "ui_frame_p95_ms");
      lat50[run] = figure (&warden, "latency_p50_ms");
      lat95[run] = figure (&warden, "latency_p95_ms");
      lat_ref[run] = figure (&decode, "latency_p50_ms");
      lat_sink[run] = figure (&warden, "latency_sink_p50_ms");
      paints[run] = figure (&warden, "window_paints_per_s");
      paints_ref[run] = figure (&render, "window_paints_per_s");
      rss[run] = (double) (warden.max_rss_kb - render.max_rss_kb) / 1024.0 / opt_tiles;
      cpu_warden[run] = warden.cpu_s / opt_seconds;
      cpu_decode[run] = decode.cpu_s / opt_seconds;
      cpu_render[run] = render.cpu_s / opt_seconds;
      if (opt_upload_reference)
        {
          Result upload = run_role (self_path, "render-upload", url);

          cpu_upload[run] = upload.cpu_s / opt_seconds;
          ratio_upload[run] = warden.cpu_s / (decode.cpu_s + upload.cpu_s);
          g_hash_table_unref (upload.figures);
        }
      printf ("# run %d: cores warden %.2f (app %.2f, %s path), decode %.2f, render %.2f (app %.2f); "
              "latency p50 %.0f ms (%s samples), reference %.0f ms\n",
              run + 1, cpu_warden[run], warden.app_cpu_s / opt_seconds,
              figure (&warden, "video_path_gl") > 0 ? "GL" : "memory", cpu_decode[run],
              cpu_render[run], render.app_cpu_s / opt_seconds, lat50[run],
              (char *) g_hash_table_lookup (warden.figures, "latency_samples"), lat_ref[run]);
      fflush (stdout);
      g_hash_table_unref (warden.figures);
      g_hash_table_unref (decode.figures);
      g_hash_table_unref (render.figures);
    }

  print_ratio ("cpu_ratio_vs_reference", ratio, (guint) opt_runs);
  print_ratio ("cpu_ratio_vs_decode_only", ratio_decode, (guint) opt_runs);
  printf ("cores_warden: %.2f\n", percentile (cpu_warden, (guint) opt_runs, 0.5));
  printf ("cores_decode_reference: %.2f\n", percentile (cpu_decode, (guint) opt_runs, 0.5));
  printf ("cores_render_reference: %.2f\n", percentile (cpu_render, (guint) opt_runs, 0.5));
  if (opt_upload_reference)
    {
      printf ("cores_render_upload_reference: %.2f\n", percentile (cpu_upload, (guint) opt_runs, 0.5));
      print_ratio ("cpu_ratio_vs_upload_reference", ratio_upload, (guint) opt_runs);
    }
  printf ("shown_over_received_min: %.3f\n", percentile (shown, (guint) opt_runs, 0.0));
  printf ("ttff_p50_ms: %.0f\n", percentile (ttff, (guint) opt_runs, 0.5));
  printf ("ttff_reference_p50_ms: %.0f\n", percentile (ttff_ref, (guint) opt_runs, 0.5));
  printf ("ttff_reference_clean_p50_ms: %.0f\n", percentile (ttff_ref_clean, (guint) opt_runs, 0.5));
  printf ("ttff_sink_p50_ms: %.0f\n", percentile (ttff_sink, (guint) opt_runs, 0.5));
  printf ("ttff_resume_p50_ms: %.0f\n", percentile (ttff_resume, (guint) opt_runs, 0.5));
  printf ("ttff_reopen_p50_ms: %.0f\n", percentile (ttff_reopen, (guint) opt_runs, 0.5));
  printf ("latency_p50_ms: %.1f\n", percentile (lat50, (guint) opt_runs, 0.5));
  printf ("latency_p95_ms: %.1f\n", percentile (lat95, (guint) opt_runs, 0.5));
  printf ("latency_reference_p50_ms: %.1f\n", percentile (lat_ref, (guint) opt_runs, 0.5));
  printf ("latency_sink_p50_ms: %.1f\n", percentile (lat_sink, (guint) opt_runs, 0.5));
  printf ("rss_per_stream_mb: %.1f\n", percentile (rss, (guint) opt_runs, 0.5));
  printf ("window_paints_per_s: %.1f\n", percentile (paints, (guint) opt_runs, 0.5));
  printf ("window_paints_per_s_render_reference: %.1f\n", percentile (paints_ref, (guint) opt_runs, 0.5));
  printf ("ui_frame_p95_ms: %.1f\n", percentile (ui_frame, (guint) opt_runs, 0.5));
  printf ("ui_frame_reference_p95_ms: %.1f\n", percentile (ui_frame_ref, (guint) opt_runs, 0.5));
  fflush (stdout);

  if (opt_soak_seconds > 0)
    server = run_soak (self_path, server, url);
  stop_server (server);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— live tiles against the references");
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_tiles = CLAMP (opt_tiles, 1, MAX_TILES);
  opt_runs = MAX (opt_runs, 1);
  opt_seconds = MAX (opt_seconds, 1);
  /* The roles inherit it. */
  if (opt_video_path != NULL)
    g_setenv ("WARDEN_VIDEO_PATH", opt_video_path, TRUE);

  if (opt_role == NULL)
    {
      self_path = g_file_read_link ("/proc/self/exe", &error);
      g_assert_no_error (error);
      return run_driver (self_path);
    }
  if (g_str_equal (opt_role, "serve"))
    return run_serve ();
  if (g_str_equal (opt_role, "decode"))
    return run_decode ();

  if (g_str_equal (opt_role, "warden"))
    warden_media_memory_init ();       /* as the application does at start-up */
  gtk_init ();
  if (g_str_equal (opt_role, "warden"))
    return run_warden ();
  if (g_str_equal (opt_role, "render"))
    return run_render (FALSE);
  if (g_str_equal (opt_role, "render-upload"))
    return run_render (TRUE);

  g_printerr ("Unknown role %s\n", opt_role);
  return 2;
}
