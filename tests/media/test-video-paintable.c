/* test-video-paintable.c: frames pushed from a streaming thread, swapped on the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "warden-video-paintable.h"

#define WIDTH 64
#define HEIGHT 48
#define N_FRAMES 5

static GstSample *
make_sample (guint8 blue)
{
  GstVideoInfo info;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  GstMapInfo map;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRA, WIDTH, HEIGHT);
  caps = gst_video_info_to_caps (&info);
  buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&info), NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (gsize i = 0; i < map.size; i += 4)
    {
      map.data[i] = blue;
      map.data[i + 1] = 0x20;
      map.data[i + 2] = 0x10;
      map.data[i + 3] = 0xff;
    }
  gst_buffer_unmap (buffer, &map);

  return gst_sample_new (buffer, caps, NULL, NULL);
}

static gpointer
push_frames_thread (gpointer data)
{
  WardenVideoPaintable *paintable = data;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      g_autoptr(GstSample) sample = make_sample ((guint8) (0x40 + i));

      warden_video_paintable_push_sample (paintable, sample);
    }

  return NULL;
}

static void
count_cb (GdkPaintable *paintable,
          guint        *count)
{
  (*count)++;
}

static guint32
first_pixel (WardenVideoPaintable *paintable)
{
  g_autoptr(GdkPaintable) image = gdk_paintable_get_current_image (GDK_PAINTABLE (paintable));
  guint32 pixel[WIDTH * HEIGHT];

  g_assert_true (GDK_IS_TEXTURE (image));
  gdk_texture_download (GDK_TEXTURE (image), (guchar *) pixel, WIDTH * 4);

  return pixel[0];
}

static void
test_coalesce (void)
{
  g_autoptr(WardenVideoPaintable) paintable = warden_video_paintable_new ();
  GThread *thread;
  guint contents = 0, size = 0;

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_cb), &contents);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (count_cb), &size);
  g_assert_false (warden_video_paintable_has_frame (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 0);

  /* A burst of frames before the main context runs: only the newest is shown. */
  thread = g_thread_new ("streaming", push_frames_thread, paintable);
  g_thread_join (thread);
  g_assert_cmpuint (warden_video_paintable_get_frames_received (paintable), ==, N_FRAMES);
  g_assert_cmpuint (warden_video_paintable_get_frames_shown (paintable), ==, 0);

  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (warden_video_paintable_get_frames_shown (paintable), ==, 1);
  g_assert_cmpuint (contents, ==, 1);
  g_assert_cmpuint (size, ==, 1);
  g_assert_true (warden_video_paintable_has_frame (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (paintable)), ==, HEIGHT);
  /* B, G, R, A in memory: the last frame's blue */
  g_assert_cmphex (first_pixel (paintable) & 0xff, ==, 0x40 + N_FRAMES - 1);

  /* The next frame at the same size invalidates the contents only. */
  {
    g_autoptr(GstSample) sample = make_sample (0x80);

    warden_video_paintable_push_sample (paintable, sample);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (warden_video_paintable_get_frames_shown (paintable), ==, 2);
  g_assert_cmpuint (contents, ==, 2);
  g_assert_cmpuint (size, ==, 1);
  g_assert_cmphex (first_pixel (paintable) & 0xff, ==, 0x80);

  warden_video_paintable_clear (paintable);
  g_assert_false (warden_video_paintable_has_frame (paintable));
  g_assert_cmpuint (contents, ==, 3);

  g_assert_finalize_object (g_steal_pointer (&paintable));
}

static void
test_dispose_pending (void)
{
  g_autoptr(WardenVideoPaintable) paintable = warden_video_paintable_new ();
  g_autoptr(GstSample) sample = make_sample (0x10);

  /* Finalized with a swap still queued: the idle must go with it. */
  warden_video_paintable_push_sample (paintable, sample);
  g_assert_finalize_object (g_steal_pointer (&paintable));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  GdkFrameClock *clock;
  gboolean in_update;
  guint invalidations;
  gint64 counters[5];
} ClockRun;

static void
clock_update_cb (GdkFrameClock *clock,
                 ClockRun      *run)
{
  run->in_update = TRUE;
}

static void
clock_update_over_cb (GdkFrameClock *clock,
                      ClockRun      *run)
{
  run->in_update = FALSE;
}

static void
clock_invalidated_cb (GdkPaintable *paintable,
                      ClockRun     *run)
{
  /* Swapped in during the clock's update phase, not from an idle between cycles. */
  g_assert_true (run->in_update);
  g_assert_cmpuint (run->invalidations, <, G_N_ELEMENTS (run->counters));
  run->counters[run->invalidations++] = gdk_frame_clock_get_frame_counter (run->clock);
}

typedef struct
{
  WardenVideoPaintable **paintables;
  guint n_paintables;
  guint8 blue;
} ThreadPush;

/* One frame for each paintable, from a streaming thread. */
static gpointer
push_one_each_thread (gpointer data)
{
  ThreadPush *push = data;

  for (guint i = 0; i < push->n_paintables; i++)
    {
      g_autoptr(GstSample) sample = make_sample (push->blue);

      warden_video_paintable_push_sample (push->paintables[i], sample);
    }

  return NULL;
}

static void
push_from_thread (WardenVideoPaintable **paintables,
                  guint                  n_paintables,
                  guint8                 blue)
{
  ThreadPush push = { paintables, n_paintables, blue };

  g_thread_join (g_thread_new ("push", push_one_each_thread, &push));
}

static void
test_frame_clock (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  WardenVideoPaintable *paintables[2];
  ClockRun run = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), 2 * WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < G_N_ELEMENTS (paintables); i++)
    {
      paintables[i] = warden_video_paintable_new ();
      gtk_box_append (GTK_BOX (box), gtk_picture_new_for_paintable (GDK_PAINTABLE (paintables[i])));
    }
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  /* Connected before the paintables, so these run first in each phase. */
  run.clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (run.clock, "update", G_CALLBACK (clock_update_cb), &run);
  g_signal_connect (run.clock, "layout", G_CALLBACK (clock_update_over_cb), &run);
  g_signal_connect (run.clock, "after-paint", G_CALLBACK (clock_update_over_cb), &run);
  for (guint i = 0; i < G_N_ELEMENTS (paintables); i++)
    {
      g_autoptr(GstSample) sample = make_sample ((guint8) (0x20 * i));

      warden_video_paintable_set_frame_clock (paintables[i], run.clock);
      g_signal_connect (paintables[i], "invalidate-contents", G_CALLBACK (clock_invalidated_cb), &run);
      warden_video_paintable_push_sample (paintables[i], sample);
    }

  while (run.invalidations < G_N_ELEMENTS (paintables))
    g_main_context_iteration (NULL, TRUE);

  /* Both tiles changed in one cycle: the window paints once for the two. */
  g_assert_cmpint (run.counters[0], ==, run.counters[1]);

  /* Frames from streaming threads arm one cycle for the window, and both come in it. */
  push_from_thread (paintables, G_N_ELEMENTS (paintables), 0x60);
  while (run.invalidations < 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (run.counters[2], ==, run.counters[3]);
  g_assert_cmpint (run.counters[2], >, run.counters[1]);

  /* A frame after that cycle arms the next one. */
  push_from_thread (paintables, 1, 0x80);
  while (run.invalidations < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (run.counters[4], >, run.counters[3]);
  g_assert_cmpuint (warden_video_paintable_get_frames_shown (paintables[0]), ==, 3);
  g_assert_cmpuint (warden_video_paintable_get_frames_shown (paintables[1]), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (paintables); i++)
    {
      g_signal_handlers_disconnect_by_data (paintables[i], &run);
      warden_video_paintable_set_frame_clock (paintables[i], NULL);
    }
  g_signal_handlers_disconnect_by_data (run.clock, &run);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (paintables); i++)
    g_assert_finalize_object (paintables[i]);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/video-paintable/coalesce", test_coalesce);
  g_test_add_func ("/media/video-paintable/dispose-pending", test_dispose_pending);
  g_test_add_func ("/media/video-paintable/frame-clock", test_frame_clock);

  return g_test_run ();
}
