/* warden-tile-scaler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live tile's last step before the sink: a decoded 4:2:0 picture (I420, YV12, NV12
 * or NV21, as software and VA decoders give them) is scaled to the tile's size with a
 * bilinear filter by libyuv, then converted to BGRA with opaque alpha (the memory
 * path) or left in its format (the GL path, which converts on the GPU). The size comes
 * from downstream (the tile's capsfilter); without one the picture keeps its own. As
 * videoscale does, the picture keeps its display aspect ratio, centred between black
 * borders. Other formats (10-bit, 4:2:2) are left to a videoconvert before it.
 *
 * videoscale and videoconvert did the same in two elements. Measured on one core
 * (bookworm's GStreamer 1.22 and libyuv 1857, D1 to a 16-tile grid's 320 × 180 tile):
 * 139 µs to scale and 56 µs to convert there, against about 80 µs and 10 µs here:
 * GStreamer's resampler scales rows at a ratio other than 2 : 1 without SIMD.
 *
 * The conversion follows the picture's colorimetry: BT.601, BT.709 or BT.2020, each
 * in limited or full range. libyuv converts BT.601, which SD sub streams are, and
 * GStreamer's converter the others (see libyuv_matrix()).
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <math.h>

#include <libyuv.h>

#include "warden-tile-scaler.h"

struct _WardenTileScaler
{
  GstVideoFilter parent_instance;

  gboolean planar;             /* the output keeps the input's format: scaling only */
  guint8 black;                /* luma of black in that format */
  GstVideoRectangle picture;   /* where the picture goes in the output; borders around */
  GstVideoInfo scaled_info;    /* the picture at that size, in the decoded format */
  GstBuffer *scaled;           /* the picture scaled, or NULL if it keeps its size */
  const struct YuvConstants *matrix;   /* BT.601: libyuv converts */
  GstVideoConverter *converter;        /* other matrices: GStreamer converts */
};

#define OPAQUE_BLACK 0xff000000u   /* libyuv's ARGB is BGRA in memory */

G_DEFINE_FINAL_TYPE (WardenTileScaler, warden_tile_scaler, GST_TYPE_VIDEO_FILTER)

#define SINK_FORMATS "{ I420, YV12, NV12, NV21 }"

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (SINK_FORMATS)));

static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("BGRA") ";"
                                            GST_VIDEO_CAPS_MAKE (SINK_FORMATS)));

static gboolean
allows_bgra (const GstStructure *structure)
{
  const GValue *format = gst_structure_get_value (structure, "format");
  GValue bgra = G_VALUE_INIT;
  gboolean allows;

  if (format == NULL)
    return TRUE;

  g_value_init (&bgra, G_TYPE_STRING);
  g_value_set_static_string (&bgra, "BGRA");
  allows = gst_value_can_intersect (format, &bgra);
  g_value_unset (&bgra);

  return allows;
}

/* Any size and aspect on the other side: downstream, the decoded format first (only
 * scaled), then BGRA; upstream, any format for BGRA, else the same one. */
static GstCaps *
warden_tile_scaler_transform_caps (GstBaseTransform *transform,
                                   GstPadDirection   direction,
                                   GstCaps          *caps,
                                   GstCaps          *filter)
{
  GstPad *other = direction == GST_PAD_SINK ? transform->srcpad : transform->sinkpad;
  g_autoptr(GstCaps) other_template = gst_pad_get_pad_template_caps (other);
  g_autoptr(GstCaps) sized = gst_caps_new_empty ();
  GstCaps *result;

  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      GstStructure *structure;

      /* system memory only */
      if (!gst_caps_features_is_equal (gst_caps_get_features (caps, i), GST_CAPS_FEATURES_MEMORY_SYSTEM_MEMORY))
        continue;

      structure = gst_structure_copy (gst_caps_get_structure (caps, i));
      gst_structure_remove_fields (structure, "width", "height", "pixel-aspect-ratio", NULL);
      if (direction == GST_PAD_SINK)
        {
          GstStructure *bgra = gst_structure_copy (structure);

          gst_structure_remove_fields (bgra, "colorimetry", "chroma-site", NULL);
          gst_structure_set (bgra, "format", G_TYPE_STRING, "BGRA", NULL);
          sized = gst_caps_merge_structure (sized, structure);
          sized = gst_caps_merge_structure (sized, bgra);
        }
      else
        {
          if (allows_bgra (structure))
            gst_structure_remove_fields (structure, "format", "colorimetry", "chroma-site", NULL);
          sized = gst_caps_merge_structure (sized, structure);
        }
    }

  result = gst_caps_intersect_full (sized, other_template, GST_CAPS_INTERSECT_FIRST);
  if (filter != NULL)
    {
      GstCaps *filtered = gst_caps_intersect_full (filter, result, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (result);
      result = filtered;
    }

  return result;
}

/* The size downstream asks for, else the picture's own. */
static GstCaps *
warden_tile_scaler_fixate_caps (GstBaseTransform *transform,
                                GstPadDirection   direction,
                                GstCaps          *caps,
                                GstCaps          *othercaps)
{
  const GstStructure *from = gst_caps_get_structure (caps, 0);
  GstStructure *to;
  int width, height, par_n, par_d;

  othercaps = gst_caps_make_writable (gst_caps_truncate (othercaps));
  to = gst_caps_get_structure (othercaps, 0);
  if (gst_structure_get_int (from, "width", &width))
    gst_structure_fixate_field_nearest_int (to, "width", width);
  if (gst_structure_get_int (from, "height", &height))
    gst_structure_fixate_field_nearest_int (to, "height", height);
  if (gst_structure_get_fraction (from, "pixel-aspect-ratio", &par_n, &par_d)
      && gst_structure_has_field (to, "pixel-aspect-ratio"))
    gst_structure_fixate_field_nearest_fraction (to, "pixel-aspect-ratio", par_n, par_d);

  return gst_caps_fixate (othercaps);
}

/* libyuv's matrices keep their coefficients in 8 bits for SIMD; the blue one is cut
 * to 2.0, which BT.601's 2.018 is close to (within 2 levels), but BT.709's 2.112 and
 * BT.2020's 2.142 are not (12 and 16 levels off in a saturated blue). Those pictures
 * are converted by GStreamer's converter, still at the tile's size. */
static const struct YuvConstants *
libyuv_matrix (const GstVideoColorimetry *colorimetry)
{
  gboolean full = colorimetry->range == GST_VIDEO_COLOR_RANGE_0_255;

  switch (colorimetry->matrix)
    {
    case GST_VIDEO_COLOR_MATRIX_UNKNOWN:
    case GST_VIDEO_COLOR_MATRIX_BT601:
      return full ? &kYuvJPEGConstants : &kYuvI601Constants;
    case GST_VIDEO_COLOR_MATRIX_RGB:
    case GST_VIDEO_COLOR_MATRIX_FCC:
    case GST_VIDEO_COLOR_MATRIX_BT709:
    case GST_VIDEO_COLOR_MATRIX_SMPTE240M:
    case GST_VIDEO_COLOR_MATRIX_BT2020:
    default:
      return NULL;
    }
}

/* The largest rectangle of the input's display aspect ratio that the output holds,
 * centred. */
static GstVideoRectangle
fit_picture (const GstVideoInfo *in_info,
             const GstVideoInfo *out_info)
{
  int out_width = GST_VIDEO_INFO_WIDTH (out_info);
  int out_height = GST_VIDEO_INFO_HEIGHT (out_info);
  /* the input's width over height, in output pixels */
  double aspect = (double) GST_VIDEO_INFO_WIDTH (in_info) * GST_VIDEO_INFO_PAR_N (in_info)
                  * GST_VIDEO_INFO_PAR_D (out_info)
                  / ((double) GST_VIDEO_INFO_HEIGHT (in_info) * GST_VIDEO_INFO_PAR_D (in_info)
                     * GST_VIDEO_INFO_PAR_N (out_info));
  GstVideoRectangle rect = { 0, 0, out_width, out_height };

  /* The pixel aspect ratio comes from the camera's stream: anything up to 65535 : 1. */
  if (!isfinite (aspect) || aspect <= 0)
    return rect;

  if (out_width > out_height * aspect + 0.5)
    rect.w = (int) CLAMP (out_height * aspect + 0.5, 1, out_width);
  else if (out_height > out_width / aspect + 0.5)
    rect.h = (int) CLAMP (out_width / aspect + 0.5, 1, out_height);
  rect.x = (out_width - rect.w) / 2;
  rect.y = (out_height - rect.h) / 2;

  return rect;
}

static gboolean
warden_tile_scaler_set_info (GstVideoFilter *filter,
                             GstCaps        *incaps,
                             GstVideoInfo   *in_info,
                             GstCaps        *outcaps,
                             GstVideoInfo   *out_info)
{
  WardenTileScaler *self = WARDEN_TILE_SCALER (filter);
  GstVideoRectangle *picture = &self->picture;

  self->planar = GST_VIDEO_INFO_FORMAT (out_info) != GST_VIDEO_FORMAT_BGRA;
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (filter),
                                      self->planar && gst_video_info_is_equal (in_info, out_info));
  self->black = in_info->colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255 ? 0 : 16;
  *picture = fit_picture (in_info, out_info);
  g_clear_pointer (&self->converter, gst_video_converter_free);
  gst_clear_buffer (&self->scaled);
  if (self->planar)
    {
      /* on whole chroma samples, so that borders and picture share none */
      picture->x &= ~1;
      picture->y &= ~1;
      picture->w = MAX (picture->w & ~1, MIN (picture->w, 2));
      picture->h = MAX (picture->h & ~1, MIN (picture->h, 2));
      return GST_VIDEO_INFO_FORMAT (out_info) == GST_VIDEO_INFO_FORMAT (in_info);
    }

  /* as the input but for its size: the converter takes nothing else */
  gst_video_info_set_interlaced_format (&self->scaled_info, GST_VIDEO_INFO_FORMAT (in_info),
                                        GST_VIDEO_INFO_INTERLACE_MODE (in_info), picture->w, picture->h);
  self->scaled_info.colorimetry = in_info->colorimetry;
  self->scaled_info.chroma_site = in_info->chroma_site;
  GST_VIDEO_INFO_FPS_N (&self->scaled_info) = GST_VIDEO_INFO_FPS_N (in_info);
  GST_VIDEO_INFO_FPS_D (&self->scaled_info) = GST_VIDEO_INFO_FPS_D (in_info);
  if (picture->w != GST_VIDEO_INFO_WIDTH (in_info) || picture->h != GST_VIDEO_INFO_HEIGHT (in_info))
    self->scaled = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&self->scaled_info), NULL);

  self->matrix = libyuv_matrix (&in_info->colorimetry);
  if (self->matrix == NULL)
    self->converter = gst_video_converter_new (&self->scaled_info, out_info,
                                               gst_structure_new ("config",
                                                                  GST_VIDEO_CONVERTER_OPT_DEST_X, G_TYPE_INT, picture->x,
                                                                  GST_VIDEO_CONVERTER_OPT_DEST_Y, G_TYPE_INT, picture->y,
                                                                  GST_VIDEO_CONVERTER_OPT_DEST_WIDTH, G_TYPE_INT, picture->w,
                                                                  GST_VIDEO_CONVERTER_OPT_DEST_HEIGHT, G_TYPE_INT, picture->h,
                                                                  GST_VIDEO_CONVERTER_OPT_FILL_BORDER, G_TYPE_BOOLEAN, FALSE,
                                                                  GST_VIDEO_CONVERTER_OPT_CHROMA_MODE, GST_TYPE_VIDEO_CHROMA_MODE,
                                                                  GST_VIDEO_CHROMA_MODE_NONE,
                                                                  GST_VIDEO_CONVERTER_OPT_DITHER_METHOD, GST_TYPE_VIDEO_DITHER_METHOD,
                                                                  GST_VIDEO_DITHER_NONE,
                                                                  NULL));

  return self->matrix != NULL || self->converter != NULL;
}

/* @x and @y even: black in the planes of a 4:2:0 frame. */
static void
fill_planar (const WardenTileScaler *self,
             GstVideoFrame          *frame,
             int                     x,
             int                     y,
             int                     width,
             int                     height)
{
  int n_planes = GST_VIDEO_FRAME_N_PLANES (frame);

  if (width <= 0 || height <= 0)
    return;

  SetPlane ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) + x,
            GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0), width, height, self->black);
  /* I420's two chroma planes, or NV12's interleaved one */
  for (int plane = 1; plane < n_planes; plane++)
    {
      int pixel_stride = n_planes == 2 ? 2 : 1;
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane);

      SetPlane ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, plane) + (gsize) (y / 2) * stride + x / 2 * pixel_stride,
                stride, (width + 1) / 2 * pixel_stride, (height + 1) / 2, 128);
    }
}

/* Buffers come back from the pool with an older picture: the borders are drawn each time. */
static gboolean
draw_borders (WardenTileScaler *self,
              GstVideoFrame    *out_frame)
{
  guint8 *bgra = GST_VIDEO_FRAME_PLANE_DATA (out_frame, 0);
  int stride = GST_VIDEO_FRAME_PLANE_STRIDE (out_frame, 0);
  int width = GST_VIDEO_FRAME_WIDTH (out_frame);
  int height = GST_VIDEO_FRAME_HEIGHT (out_frame);
  const GstVideoRectangle *picture = &self->picture;
  int failed = 0;

  if (self->planar)
    {
      fill_planar (self, out_frame, 0, 0, width, picture->y);
      fill_planar (self, out_frame, 0, picture->y + picture->h, width, height - picture->y - picture->h);
      fill_planar (self, out_frame, 0, picture->y, picture->x, picture->h);
      fill_planar (self, out_frame, picture->x + picture->w, picture->y, width - picture->x - picture->w, picture->h);
      return TRUE;
    }

  if (picture->y > 0)                 /* above and below */
    failed |= ARGBRect (bgra, stride, 0, 0, width, picture->y, OPAQUE_BLACK)
              | ARGBRect (bgra, stride, 0, picture->y + picture->h, width,
                          height - picture->y - picture->h, OPAQUE_BLACK);
  if (picture->x > 0)                 /* left and right */
    failed |= ARGBRect (bgra, stride, 0, 0, picture->x, height, OPAQUE_BLACK)
              | ARGBRect (bgra, stride, picture->x + picture->w, 0,
                          width - picture->x - picture->w, height, OPAQUE_BLACK);

  return failed == 0;
}

/* A 4:2:0 component from the pixel at @x, @y (even). */
static guint8 *
component (const GstVideoFrame *frame,
           int                  index,
           int                  x,
           int                  y,
           int                 *stride)
{
  int shift = index == GST_VIDEO_COMP_Y ? 0 : 1;

  *stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, index);

  return (guint8 *) GST_VIDEO_FRAME_COMP_DATA (frame, index) + (gsize) (y >> shift) * *stride
         + (gsize) (x >> shift) * GST_VIDEO_FRAME_COMP_PSTRIDE (frame, index);
}

/* Bilinear, from @in_frame's size into @rect of @out_frame, in the same format. */
static gboolean
scale_picture (const GstVideoFrame     *in_frame,
               GstVideoFrame           *out_frame,
               const GstVideoRectangle *rect)
{
  int y_stride, u_stride, v_stride, out_y_stride, out_u_stride, out_v_stride;
  const guint8 *y = component (in_frame, GST_VIDEO_COMP_Y, 0, 0, &y_stride);
  const guint8 *u = component (in_frame, GST_VIDEO_COMP_U, 0, 0, &u_stride);
  const guint8 *v = component (in_frame, GST_VIDEO_COMP_V, 0, 0, &v_stride);
  guint8 *out_y = component (out_frame, GST_VIDEO_COMP_Y, rect->x, rect->y, &out_y_stride);
  guint8 *out_u = component (out_frame, GST_VIDEO_COMP_U, rect->x, rect->y, &out_u_stride);
  guint8 *out_v = component (out_frame, GST_VIDEO_COMP_V, rect->x, rect->y, &out_v_stride);
  int width = GST_VIDEO_FRAME_WIDTH (in_frame);
  int height = GST_VIDEO_FRAME_HEIGHT (in_frame);

  switch (GST_VIDEO_FRAME_FORMAT (in_frame))
    {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
      /* by component, so that YV12's swapped planes need nothing else */
      return I420Scale (y, y_stride, u, u_stride, v, v_stride, width, height,
                        out_y, out_y_stride, out_u, out_u_stride, out_v, out_v_stride,
                        rect->w, rect->h, kFilterBilinear) == 0;
    case GST_VIDEO_FORMAT_NV12:
    case GST_VIDEO_FORMAT_NV21:
      /* the interleaved plane (which starts with whichever comes first) scales the
       * same either way */
      return NV12Scale (y, y_stride, MIN (u, v), u_stride, width, height,
                        out_y, out_y_stride, MIN (out_u, out_v), out_u_stride,
                        rect->w, rect->h, kFilterBilinear) == 0;
    default:
      /* the sink template allows nothing else */
      g_assert_not_reached ();
    }
}

/* With libyuv's BT.601 matrix, into @bgra. */
static gboolean
convert_picture (const GstVideoFrame       *frame,
                 const struct YuvConstants *matrix,
                 guint8                    *bgra,
                 int                        bgra_stride)
{
  int y_stride, u_stride, v_stride;
  const guint8 *y = component (frame, GST_VIDEO_COMP_Y, 0, 0, &y_stride);
  const guint8 *u = component (frame, GST_VIDEO_COMP_U, 0, 0, &u_stride);
  const guint8 *v = component (frame, GST_VIDEO_COMP_V, 0, 0, &v_stride);
  const guint8 *uv = GST_VIDEO_FRAME_PLANE_DATA (frame, 1);
  int uv_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1);
  int width = GST_VIDEO_FRAME_WIDTH (frame);
  int height = GST_VIDEO_FRAME_HEIGHT (frame);

  switch (GST_VIDEO_FRAME_FORMAT (frame))
    {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
      return I420ToARGBMatrix (y, y_stride, u, u_stride, v, v_stride, bgra, bgra_stride, matrix, width, height) == 0;
    case GST_VIDEO_FORMAT_NV12:
      return NV12ToARGBMatrix (y, y_stride, uv, uv_stride, bgra, bgra_stride, matrix, width, height) == 0;
    case GST_VIDEO_FORMAT_NV21:
      return NV21ToARGBMatrix (y, y_stride, uv, uv_stride, bgra, bgra_stride, matrix, width, height) == 0;
    default:
      g_assert_not_reached ();
    }
}

/* To BGRA: scaled into the scratch frame if the size changes, then converted into the
 * picture's rectangle. */
static gboolean
scale_and_convert (WardenTileScaler *self,
                   GstVideoFrame    *in_frame,
                   GstVideoFrame    *out_frame)
{
  GstVideoFrame scaled;
  GstVideoFrame *picture = in_frame;
  gboolean done = TRUE;

  if (self->scaled != NULL)
    {
      GstVideoRectangle whole = { 0, 0, self->picture.w, self->picture.h };

      if (!gst_video_frame_map (&scaled, &self->scaled_info, self->scaled, GST_MAP_READWRITE))
        return FALSE;
      picture = &scaled;
      done = scale_picture (in_frame, picture, &whole);
    }

  if (done && self->converter != NULL)
    gst_video_converter_frame (self->converter, picture, out_frame);
  else if (done)
    done = convert_picture (picture, self->matrix,
                            (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (out_frame, 0)
                            + (gsize) self->picture.y * GST_VIDEO_FRAME_PLANE_STRIDE (out_frame, 0)
                            + (gsize) self->picture.x * 4,
                            GST_VIDEO_FRAME_PLANE_STRIDE (out_frame, 0));

  if (picture == &scaled)
    gst_video_frame_unmap (&scaled);

  return done;
}

static GstFlowReturn
warden_tile_scaler_transform_frame (GstVideoFilter *filter,
                                    GstVideoFrame  *in_frame,
                                    GstVideoFrame  *out_frame)
{
  WardenTileScaler *self = WARDEN_TILE_SCALER (filter);

  if (draw_borders (self, out_frame)
      && (self->planar ? scale_picture (in_frame, out_frame, &self->picture)
                       : scale_and_convert (self, in_frame, out_frame)))
    return GST_FLOW_OK;

  GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
                     ("Could not scale a %d × %d picture to %d × %d",
                      GST_VIDEO_FRAME_WIDTH (in_frame), GST_VIDEO_FRAME_HEIGHT (in_frame),
                      self->picture.w, self->picture.h));

  return GST_FLOW_ERROR;
}

static void
warden_tile_scaler_finalize (GObject *object)
{
  WardenTileScaler *self = WARDEN_TILE_SCALER (object);

  gst_clear_buffer (&self->scaled);
  g_clear_pointer (&self->converter, gst_video_converter_free);

  G_OBJECT_CLASS (warden_tile_scaler_parent_class)->finalize (object);
}

static void
warden_tile_scaler_class_init (WardenTileScalerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);

  object_class->finalize = warden_tile_scaler_finalize;

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Warden tile scaler",
                                         "Filter/Converter/Video/Scaler",
                                         "Scales 4:2:0 video to a tile's size in BGRA",
                                         "Warden");

  transform_class->transform_caps = warden_tile_scaler_transform_caps;
  transform_class->fixate_caps = warden_tile_scaler_fixate_caps;
  filter_class->set_info = warden_tile_scaler_set_info;
  filter_class->transform_frame = warden_tile_scaler_transform_frame;
}

static void
warden_tile_scaler_init (WardenTileScaler *self)
{
}

GstElement *
warden_tile_scaler_new (void)
{
  return g_object_new (WARDEN_TYPE_TILE_SCALER, NULL);
}
