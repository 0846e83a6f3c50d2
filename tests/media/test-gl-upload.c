/* test-gl-upload.c: memory-path frames into reused GL textures, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "warden-gl-upload.h"
#include "warden-video-paintable.h"

/* Odd sizes and a padded stride, as videoconvertscale hands out. */
#define WIDTH 37
#define HEIGHT 21
#define STRIDE ((WIDTH + 3) * 4)

/* Every pixel differs from its neighbours and from the other @seed's. */
static guint8 *
make_picture (guint8 seed)
{
  guint8 *bgra = g_malloc0 ((gsize) STRIDE * HEIGHT);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint8 *pixel = bgra + (gsize) y * STRIDE + (gsize) x * 4;

        pixel[0] = (guint8) (x * 6 + seed);
        pixel[1] = (guint8) (y * 11 + seed);
        pixel[2] = (guint8) (x + y * 3 + seed * 2);
        pixel[3] = 0xff;
      }

  return bgra;
}

/* gdk_texture_download() writes premultiplied B, G, R, A here: opaque pixels come back
 * as they went in, row 0 first. */
static void
assert_texture_is (GdkTexture   *texture,
                   const guint8 *bgra)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) WIDTH * HEIGHT * 4);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  gdk_texture_download (texture, pixels, (gsize) WIDTH * 4);
  for (int y = 0; y < HEIGHT; y++)
    g_assert_cmpmem (pixels + (gsize) y * WIDTH * 4, WIDTH * 4, bgra + (gsize) y * STRIDE, WIDTH * 4);
}

static void
test_reuse (void)
{
  WardenGlUpload *upload = warden_gl_upload_get_default ();
  g_autofree guint8 *first = make_picture (1);
  g_autofree guint8 *second = make_picture (90);
  GdkTexture *texture, *other;
  guint n_free;

  g_assert_nonnull (upload);
  n_free = warden_gl_upload_get_n_free (upload);

  texture = warden_gl_upload_texture (upload, WIDTH, HEIGHT, first, STRIDE);
  g_assert_true (GDK_IS_GL_TEXTURE (texture));
  assert_texture_is (texture, first);

  /* GTK lets go of it: it waits for the next frame of that size, which takes it. */
  g_object_unref (texture);
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, n_free + 1);
  texture = warden_gl_upload_texture (upload, WIDTH, HEIGHT, second, STRIDE);
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, n_free);
  assert_texture_is (texture, second);

  /* One in use is never written again. */
  other = warden_gl_upload_texture (upload, WIDTH, HEIGHT, first, STRIDE);
  assert_texture_is (other, first);
  assert_texture_is (texture, second);
  g_object_unref (texture);
  g_object_unref (other);
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, n_free + 2);

  /* Nor is a free one of another size taken. */
  other = warden_gl_upload_texture (upload, WIDTH - 1, HEIGHT, first, STRIDE);
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, n_free + 2);
  g_assert_cmpint (gdk_texture_get_width (other), ==, WIDTH - 1);
  g_object_unref (other);
}

/* No more than a grid's worth of unused textures is kept, and not too many bytes. */
static void
test_trim (void)
{
  WardenGlUpload *upload = warden_gl_upload_get_default ();
  g_autofree guint8 *picture = make_picture (7);
  g_autofree guint8 *large = g_malloc0 ((gsize) 1920 * 1080 * 4);
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_free;

  for (int i = 0; i < 80; i++)
    g_ptr_array_add (textures, warden_gl_upload_texture (upload, WIDTH, HEIGHT, picture, STRIDE));
  n_free = warden_gl_upload_get_n_free (upload);
  g_ptr_array_set_size (textures, 0);
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, n_free + 80);

  /* The next upload reuses one and deletes the oldest beyond 64. */
  g_ptr_array_add (textures, warden_gl_upload_texture (upload, WIDTH, HEIGHT, picture, STRIDE));
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, 64);
  assert_texture_is (textures->pdata[0], picture);
  g_ptr_array_set_size (textures, 0);

  /* Ten full-HD textures are 79 MiB: the six most recent (47.5 MiB) wait, and the
   * older small ones go too. */
  for (int i = 0; i < 10; i++)
    g_ptr_array_add (textures, warden_gl_upload_texture (upload, 1920, 1080, large, 1920 * 4));
  g_ptr_array_set_size (textures, 0);
  g_ptr_array_add (textures, warden_gl_upload_texture (upload, WIDTH, HEIGHT, picture, STRIDE));
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), ==, 6);
}

/* Textures left free for a second (a closed tile, a resize) are deleted. */
static void
test_idle (void)
{
  WardenGlUpload *upload = warden_gl_upload_get_default ();
  g_autofree guint8 *picture = make_picture (5);

  g_object_unref (warden_gl_upload_texture (upload, WIDTH, HEIGHT, picture, STRIDE));
  g_assert_cmpuint (warden_gl_upload_get_n_free (upload), >, 0);
  while (warden_gl_upload_get_n_free (upload) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Uploads go on as before. */
  {
    g_autoptr(GdkTexture) texture = warden_gl_upload_texture (upload, WIDTH, HEIGHT, picture, STRIDE);

    assert_texture_is (texture, picture);
  }
}

/* The paintable hands the memory path's frames to GTK through the uploader. */
static void
test_paintable (void)
{
  g_autoptr(WardenVideoPaintable) paintable = warden_video_paintable_new ();
  g_autofree guint8 *picture = make_picture (33);
  g_autoptr(GdkPaintable) image = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstCaps) caps = NULL;
  gsize offsets[GST_VIDEO_MAX_PLANES] = { 0 };
  gint strides[GST_VIDEO_MAX_PLANES] = { STRIDE };
  GstVideoInfo info;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRA, WIDTH, HEIGHT);
  caps = gst_video_info_to_caps (&info);
  buffer = gst_buffer_new_memdup (picture, (gsize) STRIDE * HEIGHT);
  gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_BGRA,
                                  WIDTH, HEIGHT, 1, offsets, strides);
  sample = gst_sample_new (buffer, caps, NULL, NULL);

  warden_video_paintable_push_sample (paintable, sample);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  image = gdk_paintable_get_current_image (GDK_PAINTABLE (paintable));
  g_assert_true (GDK_IS_GL_TEXTURE (image));
  assert_texture_is (GDK_TEXTURE (image), picture);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/gl-upload/reuse", test_reuse);
  g_test_add_func ("/media/gl-upload/trim", test_trim);
  g_test_add_func ("/media/gl-upload/idle", test_idle);
  g_test_add_func ("/media/gl-upload/paintable", test_paintable);

  return g_test_run ();
}
