/* test-video-gl.c: the GL texture path under Xvfb, fed over loopback RTSP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Xvfb renders GL with llvmpipe, where Warden picks the memory path by itself; the
 * test asks for the GL path (WARDEN_VIDEO_PATH=gl) and checks what reaches the tile:
 * a GL texture with the camera's colour bars the right way up and in the right colours.
 */

#include "config.h"

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "media-test-server.h"
#include "warden-stream-pool.h"
#include "warden-test-ui.h"
#include "warden-video-gl.h"
#include "warden-video-tile.h"

/* The /main stream is videotestsrc's SMPTE pattern at 640×360. */
#define SOURCE_WIDTH 640
#define SOURCE_HEIGHT 360

typedef struct
{
  guint8 red, green, blue;
} Colour;

static gboolean
painted_frames (gpointer data)
{
  WardenVideoTile *tile = data;

  return warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (tile)) >= 20;
}

/* The colour at (@x, @y), fractions of the picture, which the tile scaled into
 * @width × @height with borders that keep its aspect. */
static Colour
colour_at (const guint8 *pixels,
           int           width,
           int           height,
           double        x,
           double        y)
{
  double scale = MIN ((double) width / SOURCE_WIDTH, (double) height / SOURCE_HEIGHT);
  double picture_width = SOURCE_WIDTH * scale;
  double picture_height = SOURCE_HEIGHT * scale;
  int px = (int) ((width - picture_width) / 2 + x * picture_width);
  int py = (int) ((height - picture_height) / 2 + y * picture_height);
  const guint8 *pixel = pixels + (gsize) py * width * 4 + (gsize) px * 4;

  /* gdk_texture_download() writes cairo's ARGB32: B, G, R, A in memory here */
  return (Colour) { pixel[2], pixel[1], pixel[0] };
}

static void
assert_colour (Colour      colour,
               int         red,
               int         green,
               int         blue,
               const char *what)
{
  if (ABS (colour.red - red) > 40 || ABS (colour.green - green) > 40 || ABS (colour.blue - blue) > 40)
    g_error ("%s is (%d, %d, %d), expected about (%d, %d, %d)", what,
             colour.red, colour.green, colour.blue, red, green, blue);
}

static void
test_texture (void)
{
  g_autoptr(MediaTestServer) server = media_test_server_new ();
  g_autofree char *main_url = media_test_server_get_url (server, "/main");
  g_autoptr(GdkPaintable) image = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree char *shot = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *tile = g_object_ref_sink (warden_video_tile_new ());
  GdkTexture *texture;
  WardenVideoGl *gl;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 300);
  gtk_window_set_child (GTK_WINDOW (window), tile);
  warden_video_tile_set_source (WARDEN_VIDEO_TILE (tile), "Gate 1", main_url, NULL,
                                WARDEN_LATENCY_REALTIME);
  gtk_window_present (GTK_WINDOW (window));

  /* GTK's GL context is shared with GStreamer's. */
  gl = warden_video_gl_get_default ();
  g_assert_nonnull (gl);
  g_assert_true (warden_video_gl_get_enabled (gl));

  media_test_wait_until (painted_frames, tile, 90);
  warden_test_ui_wait_frames (tile, 3);
  shot = warden_test_ui_save_screenshot (tile, "video-gl");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));

  /* The tile shows GStreamer's texture itself, at the tile's size, and no pipeline
   * fell back to the memory path. */
  image = gdk_paintable_get_current_image (GDK_PAINTABLE (warden_video_tile_get_paintable (WARDEN_VIDEO_TILE (tile))));
  g_assert_true (GDK_IS_GL_TEXTURE (image));
  g_assert_true (warden_video_gl_get_enabled (gl));
  texture = GDK_TEXTURE (image);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, gtk_widget_get_width (tile) * gtk_widget_get_scale_factor (tile));
  g_assert_cmpint (height, ==, gtk_widget_get_height (tile) * gtk_widget_get_scale_factor (tile));

  /* Bars in RGB order (red is not blue), and the right way up: the pattern's top
   * rows are the seven bars (full level from this source), its bottom rows start
   * with -I, then white under the yellow bar's right half. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  assert_colour (colour_at (pixels, width, height, 0.5 / 7, 0.3), 255, 255, 255, "the white bar");
  assert_colour (colour_at (pixels, width, height, 1.5 / 7, 0.3), 255, 255, 0, "the yellow bar");
  assert_colour (colour_at (pixels, width, height, 5.5 / 7, 0.3), 255, 0, 0, "the red bar");
  assert_colour (colour_at (pixels, width, height, 6.5 / 7, 0.3), 0, 0, 255, "the blue bar");
  assert_colour (colour_at (pixels, width, height, 1.8 / 7, 0.9), 255, 255, 255, "the bottom white");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&image);
  g_assert_finalize_object (tile);
  warden_stream_pool_clear (warden_stream_pool_get_default ());
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("WARDEN_VIDEO_PATH", "gl", TRUE);
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/video-gl/texture", test_texture);

  return g_test_run ();
}
