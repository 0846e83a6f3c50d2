/* test-tile-scaler.c: scaling to the tile, and conversion to BGRA on the memory path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gst/check/gstharness.h>

#include "warden-tile-scaler.h"

typedef struct
{
  guint8 r, g, b;
} Rgb;

/* Y′CbCr of @rgb by the matrix's Kr and Kb, in limited or full range. */
static void
rgb_to_yuv (Rgb     rgb,
            double  kr,
            double  kb,
            gboolean full,
            guint8  yuv[3])
{
  double r = rgb.r / 255.0, g = rgb.g / 255.0, b = rgb.b / 255.0;
  double y = kr * r + (1 - kr - kb) * g + kb * b;
  double pb = (b - y) / (2 * (1 - kb));
  double pr = (r - y) / (2 * (1 - kr));

  yuv[0] = (guint8) CLAMP (lround (full ? 255 * y : 16 + 219 * y), 0, 255);
  yuv[1] = (guint8) CLAMP (lround (full ? 128 + 255 * pb : 128 + 224 * pb), 0, 255);
  yuv[2] = (guint8) CLAMP (lround (full ? 128 + 255 * pr : 128 + 224 * pr), 0, 255);
}

/* A frame of @info where @colour_at gives each pixel's Y′CbCr (chroma at the top left
 * of each 2 × 2 block). */
static GstBuffer *
make_frame (const GstVideoInfo *info,
            void              (*colour_at) (int x, int y, gpointer data, guint8 yuv[3]),
            gpointer            data)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  GstVideoFrame frame;
  gboolean interleaved = GST_VIDEO_INFO_N_PLANES (info) == 2;

  g_assert_true (gst_video_frame_map (&frame, (GstVideoInfo *) info, buffer, GST_MAP_WRITE));
  for (int y = 0; y < GST_VIDEO_INFO_HEIGHT (info); y++)
    for (int x = 0; x < GST_VIDEO_INFO_WIDTH (info); x++)
      {
        guint8 yuv[3];

        colour_at (x, y, data, yuv);
        ((guint8 *) GST_VIDEO_FRAME_COMP_DATA (&frame, 0))[y * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 0) + x] = yuv[0];
        if (x % 2 != 0 || y % 2 != 0)
          continue;
        for (int c = 1; c <= 2; c++)
          {
            guint8 *plane = GST_VIDEO_FRAME_COMP_DATA (&frame, c);
            int stride = GST_VIDEO_FRAME_COMP_STRIDE (&frame, c);

            /* COMP_DATA points at the component's first sample in its plane */
            plane[y / 2 * stride + x / 2 * (interleaved ? 2 : 1)] = yuv[c];
          }
      }
  gst_video_frame_unmap (&frame);

  return buffer;
}

static void
solid_colour (int      x,
              int      y,
              gpointer data,
              guint8   yuv[3])
{
  memcpy (yuv, data, 3);
}

static GstHarness *
harness_new (const GstVideoInfo *in_info,
             const char         *out_caps)
{
  g_autoptr(GstElement) scaler = gst_object_ref_sink (warden_tile_scaler_new ());
  GstHarness *harness = gst_harness_new_with_element (scaler, "sink", "src");
  g_autoptr(GstCaps) caps = gst_video_info_to_caps (in_info);

  gst_harness_set_src_caps (harness, g_steal_pointer (&caps));
  gst_harness_set_sink_caps_str (harness, out_caps);

  return harness;
}

/* Pushes @buffer and maps what comes out, with its caps' info. */
static GstBuffer *
push_pull (GstHarness   *harness,
           GstBuffer    *buffer,
           GstVideoInfo *out_info)
{
  GstBuffer *out;
  g_autoptr(GstCaps) caps = NULL;

  g_assert_cmpint (gst_harness_push (harness, buffer), ==, GST_FLOW_OK);
  out = gst_harness_pull (harness);
  g_assert_nonnull (out);
  caps = gst_pad_get_current_caps (harness->sinkpad);
  g_assert_true (gst_video_info_from_caps (out_info, caps));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (out_info), ==, GST_VIDEO_FORMAT_BGRA);

  return out;
}

static void
assert_pixel (const GstVideoFrame *frame,
              int                  x,
              int                  y,
              Rgb                  expected,
              int                  tolerance)
{
  const guint8 *pixel = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0)
                        + y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) + x * 4;

  if (ABS (pixel[2] - expected.r) > tolerance || ABS (pixel[1] - expected.g) > tolerance
      || ABS (pixel[0] - expected.b) > tolerance || pixel[3] != 0xff)
    g_error ("Pixel %d,%d is BGRA %u,%u,%u,%u; expected %u,%u,%u,255", x, y,
             pixel[0], pixel[1], pixel[2], pixel[3], expected.b, expected.g, expected.r);
}

/* Every 4:2:0 layout and every matrix and range gives the colours back, scaled or not. */
static void
test_colours (void)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_YV12, GST_VIDEO_FORMAT_NV12, GST_VIDEO_FORMAT_NV21,
  };
  static const struct
  {
    GstVideoColorMatrix matrix;
    double kr, kb;
  } matrices[] = {
    { GST_VIDEO_COLOR_MATRIX_BT601, 0.299, 0.114 },
    { GST_VIDEO_COLOR_MATRIX_BT709, 0.2126, 0.0722 },
    { GST_VIDEO_COLOR_MATRIX_BT2020, 0.2627, 0.0593 },
  };
  static const Rgb colours[] = {
    { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 255 }, { 0, 0, 0 }, { 200, 120, 40 },
  };
  static const char *sizes[] = { "64x48", "32x24" };   /* as it came; scaled to half */

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint m = 0; m < G_N_ELEMENTS (matrices); m++)
      for (int full = 0; full <= 1; full++)
        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
          {
            GstVideoInfo in_info;
            g_autofree char *out_caps = NULL;
            GstHarness *harness;
            g_auto(GStrv) size = g_strsplit (sizes[s], "x", 2);

            gst_video_info_set_format (&in_info, formats[f], 64, 48);
            GST_VIDEO_INFO_FPS_N (&in_info) = 25;
            in_info.colorimetry.matrix = matrices[m].matrix;
            in_info.colorimetry.range = full ? GST_VIDEO_COLOR_RANGE_0_255 : GST_VIDEO_COLOR_RANGE_16_235;
            out_caps = g_strdup_printf ("video/x-raw, format=BGRA, width=%s, height=%s, pixel-aspect-ratio=1/1",
                                        size[0], size[1]);
            harness = harness_new (&in_info, out_caps);

            for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
              {
                guint8 yuv[3];
                GstVideoInfo out_info;
                GstVideoFrame frame;
                g_autoptr(GstBuffer) out = NULL;

                rgb_to_yuv (colours[c], matrices[m].kr, matrices[m].kb, full, yuv);
                out = push_pull (harness, make_frame (&in_info, solid_colour, yuv), &out_info);
                g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&out_info), ==, atoi (size[0]));
                g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&out_info), ==, atoi (size[1]));
                g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
                /* libyuv's fixed-point matrices are within a few levels */
                for (int y = 0; y < GST_VIDEO_INFO_HEIGHT (&out_info); y += 7)
                  for (int x = 0; x < GST_VIDEO_INFO_WIDTH (&out_info); x += 5)
                    assert_pixel (&frame, x, y, colours[c], 4);
                gst_video_frame_unmap (&frame);
              }
            gst_harness_teardown (harness);
          }
}

typedef struct
{
  guint8 white[3];
  guint8 black[3];
  int split_x;                 /* white left of this column, */
  int split_y;                 /* and above this row (a quarter) */
} Quarter;

static void
quarter_colour (int      x,
                int      y,
                gpointer data,
                guint8   yuv[3])
{
  Quarter *quarter = data;

  memcpy (yuv, x < quarter->split_x && y < quarter->split_y ? quarter->white : quarter->black, 3);
}

/* The picture lands where it belongs: not flipped, shifted or squeezed. */
static void
test_geometry (void)
{
  static const Rgb white = { 255, 255, 255 }, black = { 0, 0, 0 };
  static const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12 };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      Quarter quarter = { .split_x = 320, .split_y = 180 };
      GstVideoInfo in_info, out_info;
      GstVideoFrame frame;
      GstHarness *harness;
      g_autoptr(GstBuffer) out = NULL;

      gst_video_info_set_format (&in_info, formats[f], 640, 360);
      rgb_to_yuv (white, 0.2126, 0.0722, FALSE, quarter.white);
      rgb_to_yuv (black, 0.2126, 0.0722, FALSE, quarter.black);
      harness = harness_new (&in_info, "video/x-raw, format=BGRA, width=320, height=180, pixel-aspect-ratio=1/1");
      out = push_pull (harness, make_frame (&in_info, quarter_colour, &quarter), &out_info);
      g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
      /* the top-left quarter, scaled by half, with a pixel's blur at its edges */
      for (int y = 0; y < 180; y += 3)
        for (int x = 0; x < 320; x += 3)
          {
            if ((x == 159 || x == 160) && y < 91)
              continue;
            if ((y == 89 || y == 90) && x < 161)
              continue;
            assert_pixel (&frame, x, y, x < 160 && y < 90 ? white : black, 6);
          }
      gst_video_frame_unmap (&frame);
      gst_harness_teardown (harness);
    }
}

static gboolean
in_rect (const GstVideoRectangle *rect,
         int                      x,
         int                      y)
{
  return x >= rect->x && x < rect->x + rect->w && y >= rect->y && y < rect->y + rect->h;
}

/* A picture of another shape keeps its display aspect ratio between black borders,
 * as videoscale gives it: a D1 camera in a 16:9 tile, a 16:9 one in a 4:3 tile. */
static void
test_borders (void)
{
  static const Rgb grey = { 128, 128, 128 }, black = { 0, 0, 0 };
  static const struct
  {
    int width, height, par_n, par_d;
    int out_width, out_height;
    GstVideoRectangle picture;
  } cases[] = {
    { 704, 576, 1, 1, 320, 180, { 50, 0, 220, 180 } },   /* 1.22 : 1 */
    { 704, 576, 12, 11, 320, 180, { 40, 0, 240, 180 } }, /* 4 : 3 by its pixel aspect */
    { 1280, 720, 1, 1, 320, 240, { 0, 30, 320, 180 } },
    { 640, 360, 1, 1, 321, 181, { 0, 0, 321, 181 } },    /* within half a pixel: none */
    /* the extremes of a stream's pixel aspect ratio: a line */
    { 704, 576, 65535, 1, 320, 180, { 0, 89, 320, 1 } },
    { 704, 576, 1, 65535, 320, 180, { 159, 0, 1, 180 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 yuv[3];
      GstVideoInfo in_info, out_info;
      GstVideoFrame frame;
      g_autofree char *out_caps = g_strdup_printf ("video/x-raw, format=BGRA, width=%d, height=%d, "
                                                   "pixel-aspect-ratio=1/1",
                                                   cases[i].out_width, cases[i].out_height);
      const GstVideoRectangle *picture = &cases[i].picture;
      GstHarness *harness;

      gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_I420, cases[i].width, cases[i].height);
      GST_VIDEO_INFO_PAR_N (&in_info) = cases[i].par_n;
      GST_VIDEO_INFO_PAR_D (&in_info) = cases[i].par_d;
      rgb_to_yuv (grey, 0.299, 0.114, FALSE, yuv);
      harness = harness_new (&in_info, out_caps);

      /* twice: a buffer the pool gives back holds the older frame, borders included */
      for (int round = 0; round < 2; round++)
        {
          g_autoptr(GstBuffer) out = push_pull (harness, make_frame (&in_info, solid_colour, yuv), &out_info);

          g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
          for (int y = 0; y < cases[i].out_height; y++)
            for (int x = 0; x < cases[i].out_width; x++)
              {
                assert_pixel (&frame, x, y, in_rect (picture, x, y) ? grey : black, 3);
              }
          gst_video_frame_unmap (&frame);
        }
      gst_harness_teardown (harness);
    }
}

/* Luma and chroma of the pixel at @x, @y of a 4:2:0 frame. */
static void
planar_pixel (const GstVideoFrame *frame,
              int                  x,
              int                  y,
              guint8               yuv[3])
{
  for (int c = 0; c < 3; c++)
    {
      int shift = c == 0 ? 0 : 1;

      yuv[c] = ((const guint8 *) GST_VIDEO_FRAME_COMP_DATA (frame, c))
               [(y >> shift) * GST_VIDEO_FRAME_COMP_STRIDE (frame, c)
                + (x >> shift) * GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c)];
    }
}

/* Where downstream takes the decoded format (the GL path uploads it), the picture is
 * only scaled, between black borders; at its own size it passes through. */
static void
test_planar (void)
{
  static const struct
  {
    GstVideoFormat format;
    int width, height;
    const char *out_caps;
    GstVideoRectangle picture;
  } cases[] = {
    { GST_VIDEO_FORMAT_I420, 704, 576, "video/x-raw, width=320, height=180, pixel-aspect-ratio=1/1", { 50, 0, 220, 180 } },
    { GST_VIDEO_FORMAT_YV12, 704, 576, "video/x-raw, width=320, height=180, pixel-aspect-ratio=1/1", { 50, 0, 220, 180 } },
    { GST_VIDEO_FORMAT_NV12, 1280, 720, "video/x-raw, width=320, height=240, pixel-aspect-ratio=1/1", { 0, 30, 320, 180 } },
    { GST_VIDEO_FORMAT_NV21, 1280, 720, "video/x-raw, width=320, height=240, pixel-aspect-ratio=1/1", { 0, 30, 320, 180 } },
    { GST_VIDEO_FORMAT_I420, 176, 144, "video/x-raw, width=176, height=144", { 0, 0, 176, 144 } },
  };
  guint8 yuv[3] = { 81, 90, 240 };
  const guint8 black[3] = { 16, 128, 128 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GstVideoInfo in_info, out_info;
      GstVideoFrame frame;
      g_autoptr(GstCaps) caps = NULL;
      g_autoptr(GstBuffer) out = NULL;
      const GstVideoRectangle *picture = &cases[i].picture;
      GstHarness *harness;

      gst_video_info_set_format (&in_info, cases[i].format, cases[i].width, cases[i].height);
      harness = harness_new (&in_info, cases[i].out_caps);
      g_assert_cmpint (gst_harness_push (harness, make_frame (&in_info, solid_colour, yuv)), ==, GST_FLOW_OK);
      out = gst_harness_pull (harness);
      caps = gst_pad_get_current_caps (harness->sinkpad);
      g_assert_true (gst_video_info_from_caps (&out_info, caps));
      g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&out_info), ==, cases[i].format);

      g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
      for (int y = 0; y < GST_VIDEO_INFO_HEIGHT (&out_info); y++)
        for (int x = 0; x < GST_VIDEO_INFO_WIDTH (&out_info); x++)
          {
            const guint8 *expected = in_rect (picture, x, y) ? yuv : black;
            guint8 got[3];

            planar_pixel (&frame, x, y, got);
            for (int c = 0; c < 3; c++)
              if (ABS (got[c] - expected[c]) > 1)
                g_error ("Case %u, pixel %d,%d: component %d is %u, expected %u", i, x, y, c, got[c], expected[c]);
          }
      gst_video_frame_unmap (&frame);
      gst_harness_teardown (harness);
    }
}

/* Odd sizes both ways, and a tile that is resized while the stream plays. */
static void
test_resize (void)
{
  static const Rgb colour = { 40, 160, 220 };
  static const struct
  {
    int width, height;
  } sizes[] = { { 321, 181 }, { 160, 90 }, { 703, 575 }, { 1, 1 }, { 1920, 1080 } };
  GstVideoInfo in_info;
  GstHarness *harness;
  guint8 yuv[3];

  gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_I420, 703, 575);
  rgb_to_yuv (colour, 0.299, 0.114, FALSE, yuv);
  harness = harness_new (&in_info, "video/x-raw, format=BGRA");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *out_caps = g_strdup_printf ("video/x-raw, format=BGRA, width=%d, height=%d",
                                                   sizes[i].width, sizes[i].height);
      g_autoptr(GstBuffer) out = NULL;
      GstVideoInfo out_info;
      GstVideoFrame frame;

      gst_harness_set_sink_caps_str (harness, out_caps);
      g_assert_true (gst_harness_push_upstream_event (harness, gst_event_new_reconfigure ()));
      out = push_pull (harness, make_frame (&in_info, solid_colour, yuv), &out_info);
      g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&out_info), ==, sizes[i].width);
      g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&out_info), ==, sizes[i].height);
      g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
      assert_pixel (&frame, sizes[i].width / 2, sizes[i].height / 2, colour, 6);
      gst_video_frame_unmap (&frame);
    }
  gst_harness_teardown (harness);
}

/* Without a size from downstream the picture keeps its own. */
static void
test_own_size (void)
{
  GstVideoInfo in_info, out_info;
  GstHarness *harness;
  g_autoptr(GstBuffer) out = NULL;
  guint8 yuv[3] = { 128, 128, 128 };

  gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_NV12, 176, 144);
  harness = harness_new (&in_info, "video/x-raw, format=BGRA");
  out = push_pull (harness, make_frame (&in_info, solid_colour, yuv), &out_info);
  g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&out_info), ==, 176);
  g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&out_info), ==, 144);
  gst_harness_teardown (harness);
}

/* Formats it does not take are refused, so that a videoconvert in front takes them. */
static void
test_other_formats (void)
{
  g_autoptr(GstElement) scaler = gst_object_ref_sink (warden_tile_scaler_new ());
  GstHarness *harness = gst_harness_new_with_element (scaler, "sink", "src");
  GstHarness *converted;
  GstVideoInfo in_info, out_info;
  GstElement *bin;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBuffer) out = NULL;
  GstVideoFrame frame;
  GstVideoFrame in_frame;
  GstBuffer *in;

  gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_Y444, 64, 48);
  caps = gst_video_info_to_caps (&in_info);
  g_assert_false (gst_pad_peer_query_accept_caps (harness->srcpad, caps));
  gst_harness_teardown (harness);

  /* the live stream's memory path: videoconvert → tile scaler */
  bin = gst_object_ref_sink (gst_bin_new (NULL));
  {
    GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
    GstElement *inner = warden_tile_scaler_new ();
    g_autoptr(GstPad) sink = NULL;
    g_autoptr(GstPad) src = NULL;

    gst_bin_add_many (GST_BIN (bin), convert, inner, NULL);
    g_assert_true (gst_element_link (convert, inner));
    sink = gst_element_get_static_pad (convert, "sink");
    src = gst_element_get_static_pad (inner, "src");
    gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink));
    gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));
  }
  converted = gst_harness_new_with_element (bin, "sink", "src");
  gst_object_unref (bin);
  gst_harness_set_src_caps (converted, gst_caps_ref (caps));
  gst_harness_set_sink_caps_str (converted, "video/x-raw, format=BGRA, width=32, height=24");
  in = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&in_info), NULL);
  g_assert_true (gst_video_frame_map (&in_frame, &in_info, in, GST_MAP_WRITE));
  for (int c = 0; c < 3; c++)
    memset (GST_VIDEO_FRAME_COMP_DATA (&in_frame, c), c == 0 ? 235 : 128,
            (gsize) GST_VIDEO_FRAME_COMP_STRIDE (&in_frame, c) * 48);
  gst_video_frame_unmap (&in_frame);
  out = push_pull (converted, in, &out_info);
  g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&out_info), ==, 32);
  g_assert_true (gst_video_frame_map (&frame, &out_info, out, GST_MAP_READ));
  assert_pixel (&frame, 16, 12, (Rgb) { 255, 255, 255 }, 3);
  gst_video_frame_unmap (&frame);
  gst_harness_teardown (converted);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/tile-scaler/colours", test_colours);
  g_test_add_func ("/media/tile-scaler/geometry", test_geometry);
  g_test_add_func ("/media/tile-scaler/borders", test_borders);
  g_test_add_func ("/media/tile-scaler/planar", test_planar);
  g_test_add_func ("/media/tile-scaler/resize", test_resize);
  g_test_add_func ("/media/tile-scaler/own-size", test_own_size);
  g_test_add_func ("/media/tile-scaler/other-formats", test_other_formats);

  return g_test_run ();
}
