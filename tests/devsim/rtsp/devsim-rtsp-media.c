/* devsim-rtsp-media.c: one served stream, with sender reports on capture time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp-media.h"

struct _DevsimRtspMedia
{
  GstRTSPMedia parent_instance;
};

G_DEFINE_FINAL_TYPE (DevsimRtspMedia, devsim_rtsp_media, GST_TYPE_RTSP_MEDIA)

static gboolean
devsim_rtsp_media_setup_rtpbin (GstRTSPMedia *media,
                                GstElement   *rtpbin)
{
  /* NTP from the real-time clock, paired with the buffers' capture time. */
  gst_util_set_object_arg (G_OBJECT (rtpbin), "ntp-time-source", "ntp");
  g_object_set (rtpbin, "rtcp-sync-send-time", FALSE, NULL);
  return TRUE;
}

static void
devsim_rtsp_media_class_init (DevsimRtspMediaClass *klass)
{
  GstRTSPMediaClass *media_class = GST_RTSP_MEDIA_CLASS (klass);

  media_class->setup_rtpbin = devsim_rtsp_media_setup_rtpbin;
}

static void
devsim_rtsp_media_init (DevsimRtspMedia *self)
{
}

GstRTSPMedia *
devsim_rtsp_media_new (GstElement *element)
{
  GstRTSPMedia *media;

  g_return_val_if_fail (GST_IS_BIN (element), NULL);

  media = g_object_new (DEVSIM_TYPE_RTSP_MEDIA,
                        "element", element,
                        "transport-mode", GST_RTSP_TRANSPORT_MODE_PLAY,
                        NULL);
  gst_rtsp_media_collect_streams (media);
  gst_rtsp_media_take_pipeline (media, GST_PIPELINE (gst_pipeline_new (NULL)));
  return media;
}
