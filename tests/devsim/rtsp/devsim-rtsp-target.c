/* devsim-rtsp-target.c: what an RTSP URL asks for, checked against the device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp-target.h"
#include "devsim-rtsp.h"

#include <string.h>

static gboolean
parse_int (const char *key,
           const char *value,
           int         min,
           int         max,
           int        *out,
           GError    **error)
{
  gint64 number;

  if (!g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                   "“%s=%s” is not a number from %d to %d", key, value, min, max);
      return FALSE;
    }
  *out = (int) number;
  return TRUE;
}

static gboolean
parse_time (DevsimRtspLink *link,
            const char     *key,
            const char     *value,
            gint64         *utc,
            GError        **error)
{
  if (value == NULL)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                   "Playback needs “%s=YYYY_MM_DD_HH_MM_SS” in device local time", key);
      return FALSE;
    }
  if (!devsim_rtsp_link_parse_local_time (link, value, utc))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                   "“%s=%s” is not a time of the form YYYY_MM_DD_HH_MM_SS", key, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
devsim_rtsp_target_resolve (DevsimRtspLink    *link,
                            const GstRTSPUrl  *url,
                            DevsimRtspTarget  *target,
                            GError           **error)
{
  g_auto(GStrv) params = NULL;
  const char *starttime = NULL, *endtime = NULL;
  const char *path = url->abspath != NULL ? url->abspath : "";
  int channel = 1;

  memset (target, 0, sizeof *target);
  if (g_str_equal (path, "/cam/playback"))
    target->playback = TRUE;
  else if (!g_str_equal (path, "/cam/realmonitor"))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_NOT_FOUND,
                   "No stream at “%s”; use /cam/realmonitor or /cam/playback", path);
      return FALSE;
    }
  if (url->query != NULL && strlen (url->query) > DEVSIM_RTSP_MAX_QUERY)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                   "The query is longer than %d bytes", DEVSIM_RTSP_MAX_QUERY);
      return FALSE;
    }

  params = g_strsplit (url->query != NULL ? url->query : "", "&", -1);
  for (int i = 0; params[i] != NULL; i++)
    {
      char *value = strchr (params[i], '=');

      if (params[i][0] == '\0')
        continue;
      if (value == NULL || strlen (value + 1) > DEVSIM_RTSP_MAX_VALUE)
        {
          g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                       "Malformed query parameter “%.*s”", DEVSIM_RTSP_MAX_VALUE, params[i]);
          return FALSE;
        }
      *value++ = '\0';
      if (g_str_equal (params[i], "channel"))
        {
          if (!parse_int ("channel", value, 1, 64, &channel, error))
            return FALSE;
        }
      else if (g_str_equal (params[i], "subtype"))
        {
          if (!parse_int ("subtype", value, 0, 2, &target->subtype, error))
            return FALSE;
        }
      else if (g_str_equal (params[i], "starttime"))
        starttime = value;
      else if (g_str_equal (params[i], "endtime"))
        endtime = value;
      /* unicast=true&proto=Onvif and anything else a client adds are accepted. */
    }
  target->channel = channel - 1;

  if (!devsim_rtsp_link_read_stream (link, target->channel, target->subtype, &target->stream))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_NOT_FOUND,
                   "The device has no channel %d with subtype %d", channel, target->subtype);
      return FALSE;
    }
  if (!target->playback)
    return TRUE;

  if (!parse_time (link, "starttime", starttime, &target->start_utc, error) ||
      !parse_time (link, "endtime", endtime, &target->end_utc, error))
    return FALSE;
  if (target->end_utc <= target->start_utc ||
      target->end_utc - target->start_utc > DEVSIM_RTSP_MAX_PLAYBACK_S)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BAD_REQUEST,
                   "The playback range %s to %s must be forward and at most 7 days long",
                   starttime, endtime);
      return FALSE;
    }
  if (!devsim_rtsp_link_has_recordings (link, target->channel, target->start_utc,
                                        target->end_utc))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_NOT_FOUND,
                   "Channel %d has no recording from %s to %s (device local time)",
                   channel, starttime, endtime);
      return FALSE;
    }
  return TRUE;
}

void
devsim_rtsp_target_clear (DevsimRtspTarget *target)
{
  devsim_rtsp_stream_info_clear (&target->stream);
}
