/* devsim-rtsp-factory.c: builds the pipeline for a live or playback URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp-factory.h"
#include "devsim-loop.h"
#include "devsim-loop-src.h"
#include "devsim-rtsp.h"
#include "devsim-rtsp-auth.h"
#include "devsim-rtsp-media.h"
#include "devsim-rtsp-target.h"

struct _DevsimRtspFactory
{
  GstRTSPMediaFactory parent_instance;

  DevsimRtspLink *link;
};

G_DEFINE_FINAL_TYPE (DevsimRtspFactory, devsim_rtsp_factory, GST_TYPE_RTSP_MEDIA_FACTORY)

static gboolean live_encode;     /* atomic */

/* What a live-encoded stream draws into each picture. */
typedef struct
{
  char *channel_name;
  DevsimRtspLink *link;
  DevsimCodec codec;
} LiveEncodeData;

static void
live_encode_data_free (gpointer data)
{
  LiveEncodeData *live = data;

  g_free (live->channel_name);
  devsim_rtsp_link_unref (live->link);
  g_free (live);
}

static GstPadProbeReturn
draw_clock_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         data)
{
  LiveEncodeData *live = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *text = g_strdup_printf ("%s\n%s.%03d", live->channel_name, clock,
                                           g_date_time_get_microsecond (now) / 1000);
  g_autoptr(GstElement) overlay = gst_pad_get_parent_element (pad);

  g_object_set (overlay, "text", text, NULL);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
apply_faults_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         data)
{
  LiveEncodeData *live = data;
  DevsimRtspFaults faults;
  GstBuffer *buffer;

  if (!devsim_rtsp_link_read_faults (live->link, &faults) || !faults.online || faults.stall)
    return GST_PAD_PROBE_DROP;
  if (faults.corrupt)
    {
      buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GST_PAD_PROBE_INFO_DATA (info) = devsim_loop_src_damage (buffer, live->codec);
      gst_buffer_unref (buffer);
    }
  return GST_PAD_PROBE_OK;
}

/* The channel's picture with its name and the wall clock, encoded live. */
static GstElement *
make_live_encoder (DevsimRtspFactory      *self,
                   const DevsimRtspTarget *target,
                   GstBin                 *bin,
                   GError                **error)
{
  g_autoptr(GstPad) overlay_sink = NULL;
  g_autoptr(GstPad) coded_src = NULL;
  DevsimLoopChain chain;
  LiveEncodeData *live;

  if (!devsim_loop_build_chain (bin, &target->stream.config,
                                devsim_loop_look_for_channel (target->channel),
                                target->stream.channel_name, &chain, error))
    return NULL;
  g_object_set (chain.src, "is-live", TRUE, NULL);

  live = g_new0 (LiveEncodeData, 1);
  live->channel_name = devsim_loop_display_name (target->stream.channel_name);
  live->link = devsim_rtsp_link_ref (self->link);
  live->codec = target->stream.config.codec;
  overlay_sink = gst_element_get_static_pad (chain.overlay, "video_sink");
  gst_pad_add_probe (overlay_sink, GST_PAD_PROBE_TYPE_BUFFER, draw_clock_cb, live,
                     live_encode_data_free);

  live = g_new0 (LiveEncodeData, 1);
  live->link = devsim_rtsp_link_ref (self->link);
  live->codec = target->stream.config.codec;
  coded_src = gst_element_get_static_pad (chain.last, "src");
  gst_pad_add_probe (coded_src, GST_PAD_PROBE_TYPE_BUFFER, apply_faults_cb, live,
                     live_encode_data_free);
  return chain.last;
}

/* The cached loop of the target's stream, live or as a playback of its range. */
static GstElement *
make_loop_source (DevsimRtspFactory      *self,
                  const DevsimRtspTarget *target,
                  GstBin                 *bin,
                  GError                **error)
{
  g_autoptr(DevsimLoop) loop = devsim_loop_get (&target->stream.config,
                                                devsim_loop_look_for_channel (target->channel),
                                                target->stream.channel_name, error);
  GstElement *src;

  if (loop == NULL)
    return NULL;
  if (target->playback)
    src = devsim_loop_src_new_playback (loop, self->link,
                                        (GstClockTime) (target->end_utc - target->start_utc) *
                                        GST_SECOND);
  else
    src = devsim_loop_src_new_live (loop, self->link);
  gst_bin_add (bin, src);
  return src;
}

/* A camera's microphone cannot seek either: audiotestsrc would say it can, and then
 * the server seeks the whole media on PLAY, which the live video refuses. */
static GstPadProbeReturn
refuse_seeking_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         data)
{
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
  GstFormat format;

  if (GST_QUERY_TYPE (query) != GST_QUERY_SEEKING)
    return GST_PAD_PROBE_OK;
  gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
  gst_query_set_seeking (query, format, FALSE, 0, -1);
  return GST_PAD_PROBE_HANDLED;
}

/* The microphone of a stream with AudioEnable: a quiet 440 Hz tone, G.711 A-law at
 * 8 kHz (payload type 8), the codec Dahua devices use by default. */
static gboolean
add_audio (GstBin  *bin,
           GError **error)
{
  GstElement *src = gst_element_factory_make ("audiotestsrc", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *encode = gst_element_factory_make ("alawenc", NULL);
  GstElement *pay = gst_element_factory_make ("rtppcmapay", "pay1");
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/x-raw,rate=8000,channels=1");
  g_autoptr(GstPad) src_pad = NULL;

  if (src == NULL || filter == NULL || encode == NULL || pay == NULL)
    {
      GstElement *made[] = { src, filter, encode, pay };

      for (gsize i = 0; i < G_N_ELEMENTS (made); i++)
        if (made[i] != NULL)
          gst_object_unref (gst_object_ref_sink (made[i]));
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "The G.711 elements are missing; install gstreamer1.0-plugins-good");
      return FALSE;
    }
  g_object_set (src, "is-live", TRUE, "freq", 440.0, "volume", 0.1, NULL);
  src_pad = gst_element_get_static_pad (src, "src");
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_QUERY_UPSTREAM, refuse_seeking_cb, NULL, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (pay, "pt", 8, NULL);
  gst_bin_add_many (bin, src, filter, encode, pay, NULL);
  if (!gst_element_link_many (src, filter, encode, pay, NULL))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE, "Cannot link the G.711 encoder");
      return FALSE;
    }
  return TRUE;
}

static GstElement *
build_bin (DevsimRtspFactory      *self,
           const DevsimRtspTarget *target,
           GError                **error)
{
  gboolean h265 = target->stream.config.codec == DEVSIM_CODEC_H265;
  g_autoptr(GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *last, *pay;

  if (!target->playback && g_atomic_int_get (&live_encode))
    last = make_live_encoder (self, target, GST_BIN (bin), error);
  else
    last = make_loop_source (self, target, GST_BIN (bin), error);
  if (last == NULL)
    return NULL;

  pay = gst_element_factory_make (h265 ? "rtph265pay" : "rtph264pay", "pay0");
  if (pay == NULL)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "The RTP payloader for %s is missing; install gstreamer1.0-plugins-good",
                   devsim_codec_to_string (target->stream.config.codec));
      return NULL;
    }
  /* Parameter sets before every key frame, so a client can join at any of them. */
  g_object_set (pay, "pt", 96, "config-interval", -1, NULL);
  gst_bin_add (GST_BIN (bin), pay);
  if (!gst_element_link (last, pay))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "Cannot link the %s payloader", devsim_codec_to_string (target->stream.config.codec));
      return NULL;
    }
  if (!target->playback && target->stream.config.audio && !add_audio (GST_BIN (bin), error))
    return NULL;
  return g_steal_pointer (&bin);
}

static GstRTSPMedia *
devsim_rtsp_factory_construct (GstRTSPMediaFactory *factory,
                               const GstRTSPUrl    *url)
{
  DevsimRtspFactory *self = DEVSIM_RTSP_FACTORY (factory);
  g_auto(DevsimRtspTarget) target = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autofree char *text = gst_rtsp_url_get_request_uri (url);

  if (!devsim_rtsp_target_resolve (self->link, url, &target, &error) ||
      (bin = build_bin (self, &target, &error)) == NULL)
    {
      g_message ("Refusing %s: %s", text, error->message);
      return NULL;
    }
  g_debug ("Serving %s", text);
  return devsim_rtsp_media_new (bin);
}

static void
devsim_rtsp_factory_finalize (GObject *object)
{
  DevsimRtspFactory *self = DEVSIM_RTSP_FACTORY (object);

  g_clear_pointer (&self->link, devsim_rtsp_link_unref);
  G_OBJECT_CLASS (devsim_rtsp_factory_parent_class)->finalize (object);
}

static void
devsim_rtsp_factory_class_init (DevsimRtspFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstRTSPMediaFactoryClass *factory_class = GST_RTSP_MEDIA_FACTORY_CLASS (klass);

  object_class->finalize = devsim_rtsp_factory_finalize;
  factory_class->construct = devsim_rtsp_factory_construct;
}

static void
devsim_rtsp_factory_init (DevsimRtspFactory *self)
{
  GstRTSPMediaFactory *factory = GST_RTSP_MEDIA_FACTORY (self);

  gst_rtsp_media_factory_add_role (factory, DEVSIM_RTSP_ROLE,
                                   GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
                                   GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE,
                                   NULL);
  /* Every client gets its own pipeline (and the configuration of that moment). */
  gst_rtsp_media_factory_set_shared (factory, FALSE);
}

GstRTSPMediaFactory *
devsim_rtsp_factory_new (DevsimRtspLink *link)
{
  DevsimRtspFactory *self;

  g_return_val_if_fail (link != NULL, NULL);

  self = g_object_new (DEVSIM_TYPE_RTSP_FACTORY, NULL);
  self->link = devsim_rtsp_link_ref (link);
  return GST_RTSP_MEDIA_FACTORY (self);
}

void
devsim_rtsp_set_live_encode (gboolean enable)
{
  g_atomic_int_set (&live_encode, enable);
}
