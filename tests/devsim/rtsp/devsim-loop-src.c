/* devsim-loop-src.c: a source element that serves a cached loop as a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-loop-src.h"

/* How often a stalled playback source looks at the fault again. */
#define STALL_POLL_US     (40 * 1000)
/* A live source that falls further behind than this skips ahead. */
#define MAX_LATE          GST_SECOND
/* Damage: the bytes of each NAL unit kept intact (header, start of the slice
 * header), and the distance between scrambled bytes after them. */
#define DAMAGE_KEEP       16
#define DAMAGE_STRIDE     23
/* Above this rate playback sends key frames only, as recorders do. */
#define KEY_ONLY_RATE     2.0

struct _DevsimLoopSrc
{
  GstPushSrc parent_instance;

  DevsimLoop *loop;
  DevsimRtspLink *link;
  gboolean live;
  GstClockTime duration;         /* playback only */

  /* streaming thread */
  gboolean started;
  guint64 index;                 /* live: next frame of the loop */
  GstClockTime next_pts;         /* live: running time; playback: stream time */
  gboolean discont;
  gboolean key_only;

  /* object lock */
  GstClockID clock_id;
  gboolean flushing;
  GCond cond;
};

G_DEFINE_FINAL_TYPE (DevsimLoopSrc, devsim_loop_src, GST_TYPE_PUSH_SRC)

static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS ("video/x-h264, stream-format=avc, alignment=au; "
                                            "video/x-h265, stream-format=hvc1, alignment=au"));

GstBuffer *
devsim_loop_src_damage (GstBuffer  *buffer,
                        DevsimCodec codec)
{
  GstBuffer *damaged = gst_buffer_copy_deep (buffer);
  GstMapInfo map;
  gsize at = 0;

  if (!gst_buffer_map (damaged, &map, GST_MAP_READWRITE))
    return damaged;
  /* Walk the 4-byte length-prefixed NAL units; never trust a length past the end. */
  while (map.size - at >= 4 + DAMAGE_KEEP)
    {
      const guint8 *prefix = map.data + at;
      guint32 length = (guint32) prefix[0] << 24 | (guint32) prefix[1] << 16 |
                       (guint32) prefix[2] << 8 | prefix[3];
      guint8 *nal = map.data + at + 4;
      gboolean parameter_set;

      if (length > map.size - at - 4)
        break;
      parameter_set = codec == DEVSIM_CODEC_H265 ? ((nal[0] >> 1) & 0x3f) >= 32 &&
                                                   ((nal[0] >> 1) & 0x3f) <= 34
                                                 : (nal[0] & 0x1f) == 7 || (nal[0] & 0x1f) == 8;
      if (!parameter_set)
        for (gsize i = DAMAGE_KEEP; i < length; i += DAMAGE_STRIDE)
          nal[i] ^= 0xa5;
      at += 4 + (gsize) length;
    }
  gst_buffer_unmap (damaged, &map);
  return damaged;
}

static GstBuffer *
make_output (DevsimLoopSrc *self,
             GstBuffer     *frame,
             GstClockTime   pts,
             GstClockTime   duration,
             gboolean       corrupt)
{
  GstBuffer *out = corrupt ? devsim_loop_src_damage (frame, self->loop->codec)
                            : gst_buffer_copy (frame);

  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DTS (out) = pts;
  GST_BUFFER_DURATION (out) = duration;
  GST_BUFFER_OFFSET (out) = GST_BUFFER_OFFSET_NONE;
  GST_BUFFER_OFFSET_END (out) = GST_BUFFER_OFFSET_NONE;
  if (self->discont)
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
  else
    GST_BUFFER_FLAG_UNSET (out, GST_BUFFER_FLAG_DISCONT);
  self->discont = FALSE;
  return out;
}

static GstClockTime
running_time_now (DevsimLoopSrc *self)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime base = gst_element_get_base_time (GST_ELEMENT (self));
  GstClockTime now;

  if (clock == NULL)
    return GST_CLOCK_TIME_NONE;
  now = gst_clock_get_time (clock);
  return now > base ? now - base : 0;
}

/* Waits until running time `rt` on the pipeline clock, or until unlocked. */
static GstFlowReturn
wait_until (DevsimLoopSrc *self,
            GstClockTime   rt)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockID id;
  GstClockReturn ret;

  if (clock == NULL)
    return GST_FLOW_FLUSHING;
  id = gst_clock_new_single_shot_id (clock, gst_element_get_base_time (GST_ELEMENT (self)) + rt);
  GST_OBJECT_LOCK (self);
  if (self->flushing)
    {
      GST_OBJECT_UNLOCK (self);
      gst_clock_id_unref (id);
      return GST_FLOW_FLUSHING;
    }
  self->clock_id = id;
  GST_OBJECT_UNLOCK (self);

  ret = gst_clock_id_wait (id, NULL);

  GST_OBJECT_LOCK (self);
  self->clock_id = NULL;
  GST_OBJECT_UNLOCK (self);
  gst_clock_id_unref (id);
  return ret == GST_CLOCK_UNSCHEDULED ? GST_FLOW_FLUSHING : GST_FLOW_OK;
}

/* Sleeps a little, or until unlocked. */
static GstFlowReturn
wait_a_little (DevsimLoopSrc *self)
{
  gint64 end = g_get_monotonic_time () + STALL_POLL_US;
  gboolean flushing;

  GST_OBJECT_LOCK (self);
  while (!self->flushing && g_cond_wait_until (&self->cond, GST_OBJECT_GET_LOCK (self), end))
    ;
  flushing = self->flushing;
  GST_OBJECT_UNLOCK (self);
  return flushing ? GST_FLOW_FLUSHING : GST_FLOW_OK;
}

static GstFlowReturn
create_live (DevsimLoopSrc *self,
             GstBuffer    **out)
{
  DevsimLoop *loop = self->loop;

  for (;;)
    {
      DevsimRtspFaults faults;
      GstClockTime now, pts;
      GstFlowReturn ret;
      GstBuffer *frame;

      now = running_time_now (self);
      if (!GST_CLOCK_TIME_IS_VALID (now))
        return GST_FLOW_FLUSHING;
      if (!self->started || now > self->next_pts + MAX_LATE)
        {
          /* Join the loop where the wall clock is, as if it had been running. */
          if (!self->started)
            self->index = (guint64) g_get_real_time () * GST_USECOND / loop->frame_duration;
          self->next_pts = now;
          self->started = TRUE;
          self->discont = TRUE;
        }
      if ((ret = wait_until (self, self->next_pts)) != GST_FLOW_OK)
        return ret;
      if (!devsim_rtsp_link_read_faults (self->link, &faults))
        return GST_FLOW_EOS;

      frame = loop->frames[self->index % loop->n_frames];
      self->index++;
      pts = self->next_pts;
      self->next_pts += loop->frame_duration;
      if (!faults.online || faults.stall)
        {
          self->discont = TRUE;
          continue;
        }
      *out = make_output (self, frame, pts, loop->frame_duration, faults.corrupt);
      return GST_FLOW_OK;
    }
}

static GstFlowReturn
create_playback (DevsimLoopSrc *self,
                 GstBuffer    **out)
{
  DevsimLoop *loop = self->loop;

  for (;;)
    {
      DevsimRtspFaults faults;
      GstClockTime stop, pts, duration;
      guint64 frame;
      guint step;
      GstFlowReturn ret;

      GST_OBJECT_LOCK (self);
      stop = GST_BASE_SRC (self)->segment.stop;
      GST_OBJECT_UNLOCK (self);
      if (self->next_pts >= self->duration ||
          (GST_CLOCK_TIME_IS_VALID (stop) && self->next_pts >= stop))
        return GST_FLOW_EOS;
      if (!devsim_rtsp_link_read_faults (self->link, &faults))
        return GST_FLOW_EOS;
      if (!faults.online || faults.stall)
        {
          if ((ret = wait_a_little (self)) != GST_FLOW_OK)
            return ret;
          continue;
        }

      frame = (self->next_pts + loop->frame_duration / 2) / loop->frame_duration;
      step = self->key_only ? loop->gop : 1;
      if (self->key_only)
        frame -= frame % loop->gop;
      pts = self->next_pts;
      duration = step * loop->frame_duration;
      self->next_pts += duration;
      *out = make_output (self, loop->frames[frame % loop->n_frames], pts,
                          MIN (duration, self->duration - pts), faults.corrupt);
      return GST_FLOW_OK;
    }
}

static GstFlowReturn
devsim_loop_src_create (GstPushSrc *src,
                        GstBuffer **out)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  return self->live ? create_live (self, out) : create_playback (self, out);
}

static GstCaps *
devsim_loop_src_get_caps (GstBaseSrc *src,
                          GstCaps    *filter)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  if (filter != NULL)
    return gst_caps_intersect_full (filter, self->loop->caps, GST_CAPS_INTERSECT_FIRST);
  return gst_caps_ref (self->loop->caps);
}

static gboolean
devsim_loop_src_start (GstBaseSrc *src)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  self->started = FALSE;
  self->next_pts = 0;
  self->discont = TRUE;
  self->key_only = FALSE;
  return TRUE;
}

static gboolean
devsim_loop_src_is_seekable (GstBaseSrc *src)
{
  return !DEVSIM_LOOP_SRC (src)->live;
}

static gboolean
devsim_loop_src_do_seek (GstBaseSrc *src,
                         GstSegment *segment)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);
  GstClockTime gop_duration = self->loop->gop * self->loop->frame_duration;
  GstClockTime start;

  if (self->live)
    return TRUE;                 /* the initial segment; live streams cannot seek */
  if (segment->format != GST_FORMAT_TIME || segment->rate <= 0.0)
    return FALSE;
  /* Every segment starts on a key frame, so a client can decode at once. */
  start = MIN (segment->start, self->duration);
  start -= start % gop_duration;
  segment->start = start;
  segment->time = start;
  segment->position = start;
  self->next_pts = start;
  self->discont = TRUE;
  self->key_only = segment->rate > KEY_ONLY_RATE ||
                   (segment->flags & GST_SEGMENT_FLAG_TRICKMODE_KEY_UNITS) != 0;
  return TRUE;
}

static gboolean
devsim_loop_src_query (GstBaseSrc *src,
                       GstQuery   *query)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION && !self->live)
    {
      GstFormat format;

      gst_query_parse_duration (query, &format, NULL);
      if (format == GST_FORMAT_TIME)
        {
          gst_query_set_duration (query, GST_FORMAT_TIME, (gint64) self->duration);
          return TRUE;
        }
    }
  return GST_BASE_SRC_CLASS (devsim_loop_src_parent_class)->query (src, query);
}

static gboolean
devsim_loop_src_unlock (GstBaseSrc *src)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  GST_OBJECT_LOCK (self);
  self->flushing = TRUE;
  if (self->clock_id != NULL)
    gst_clock_id_unschedule (self->clock_id);
  g_cond_broadcast (&self->cond);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
devsim_loop_src_unlock_stop (GstBaseSrc *src)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (src);

  GST_OBJECT_LOCK (self);
  self->flushing = FALSE;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static void
devsim_loop_src_finalize (GObject *object)
{
  DevsimLoopSrc *self = DEVSIM_LOOP_SRC (object);

  g_clear_pointer (&self->loop, devsim_loop_unref);
  g_clear_pointer (&self->link, devsim_rtsp_link_unref);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (devsim_loop_src_parent_class)->finalize (object);
}

static void
devsim_loop_src_class_init (DevsimLoopSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  object_class->finalize = devsim_loop_src_finalize;

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Device simulator loop source",
                                         "Source/Video", "Serves a cached encoded loop",
                                         "Warden");

  base_src_class->get_caps = devsim_loop_src_get_caps;
  base_src_class->start = devsim_loop_src_start;
  base_src_class->is_seekable = devsim_loop_src_is_seekable;
  base_src_class->do_seek = devsim_loop_src_do_seek;
  base_src_class->query = devsim_loop_src_query;
  base_src_class->unlock = devsim_loop_src_unlock;
  base_src_class->unlock_stop = devsim_loop_src_unlock_stop;

  push_src_class->create = devsim_loop_src_create;
}

static void
devsim_loop_src_init (DevsimLoopSrc *self)
{
  g_cond_init (&self->cond);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}

static DevsimLoopSrc *
loop_src_new (DevsimLoop     *loop,
              DevsimRtspLink *link,
              gboolean        live)
{
  DevsimLoopSrc *self = g_object_new (DEVSIM_TYPE_LOOP_SRC, NULL);

  self->loop = devsim_loop_ref (loop);
  self->link = devsim_rtsp_link_ref (link);
  self->live = live;
  gst_base_src_set_live (GST_BASE_SRC (self), live);
  return self;
}

GstElement *
devsim_loop_src_new_live (DevsimLoop     *loop,
                          DevsimRtspLink *link)
{
  g_return_val_if_fail (loop != NULL && link != NULL, NULL);

  return GST_ELEMENT (loop_src_new (loop, link, TRUE));
}

GstElement *
devsim_loop_src_new_playback (DevsimLoop     *loop,
                              DevsimRtspLink *link,
                              GstClockTime    duration)
{
  DevsimLoopSrc *self;

  g_return_val_if_fail (loop != NULL && link != NULL, NULL);
  g_return_val_if_fail (GST_CLOCK_TIME_IS_VALID (duration), NULL);

  self = loop_src_new (loop, link, FALSE);
  self->duration = duration;
  return GST_ELEMENT (self);
}
