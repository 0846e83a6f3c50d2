/* devsim-rtsp-link.c: how RTSP threads reach the device they serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp-link.h"

#include <string.h>

struct _DevsimRtspLink
{
  gatomicrefcount ref;
  GMutex lock;                   /* guards device; taken before device->lock */
  DevsimDevice *device;
};

DevsimRtspLink *
devsim_rtsp_link_new (DevsimDevice *device)
{
  DevsimRtspLink *link = g_new0 (DevsimRtspLink, 1);

  g_atomic_ref_count_init (&link->ref);
  g_mutex_init (&link->lock);
  link->device = device;
  return link;
}

DevsimRtspLink *
devsim_rtsp_link_ref (DevsimRtspLink *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

void
devsim_rtsp_link_unref (DevsimRtspLink *link)
{
  if (!g_atomic_ref_count_dec (&link->ref))
    return;
  g_mutex_clear (&link->lock);
  g_free (link);
}

void
devsim_rtsp_link_detach (DevsimRtspLink *link)
{
  g_mutex_lock (&link->lock);
  link->device = NULL;
  g_mutex_unlock (&link->lock);
}

/* Returns the device locked (both locks held), or NULL when detached. */
static DevsimDevice *
link_lock (DevsimRtspLink *link)
{
  g_mutex_lock (&link->lock);
  if (link->device == NULL)
    {
      g_mutex_unlock (&link->lock);
      return NULL;
    }
  g_mutex_lock (&link->device->lock);
  return link->device;
}

static void
link_unlock (DevsimRtspLink *link,
             DevsimDevice   *device)
{
  g_mutex_unlock (&device->lock);
  g_mutex_unlock (&link->lock);
}

gboolean
devsim_rtsp_link_read_faults (DevsimRtspLink   *link,
                              DevsimRtspFaults *faults)
{
  DevsimDevice *device = link_lock (link);

  if (device == NULL)
    return FALSE;
  faults->online = device->online;
  faults->stall = device->stall_streams;
  faults->corrupt = device->corrupt_streams;
  link_unlock (link, device);
  return TRUE;
}

gboolean
devsim_rtsp_link_read_stream (DevsimRtspLink       *link,
                              int                   channel,
                              int                   subtype,
                              DevsimRtspStreamInfo *info)
{
  DevsimDevice *device;
  gboolean found = FALSE;

  memset (info, 0, sizeof *info);
  if (subtype < 0 || subtype > 1 || channel < 0)
    return FALSE;
  device = link_lock (link);
  if (device == NULL)
    return FALSE;
  if (channel < (int) device->channels->len)
    {
      const DevsimChannel *ch = g_ptr_array_index (device->channels, channel);

      info->config = ch->stream[subtype];
      info->channel_name = g_strdup (ch->name != NULL ? ch->name : "");
      found = TRUE;
    }
  link_unlock (link, device);
  return found;
}

void
devsim_rtsp_stream_info_clear (DevsimRtspStreamInfo *info)
{
  g_clear_pointer (&info->channel_name, g_free);
}

gboolean
devsim_rtsp_link_has_recordings (DevsimRtspLink *link,
                                 int             channel,
                                 gint64          from_utc,
                                 gint64          to_utc)
{
  DevsimDevice *device = link_lock (link);
  g_autoptr(GArray) found = NULL;

  if (device == NULL)
    return FALSE;
  found = devsim_recordings_find (device, channel, from_utc, to_utc, FALSE);
  link_unlock (link, device);
  return found->len > 0;
}

gboolean
devsim_rtsp_link_parse_local_time (DevsimRtspLink *link,
                                   const char     *text,
                                   gint64         *utc)
{
  DevsimDevice *device = link_lock (link);
  gboolean ok;

  if (device == NULL)
    return FALSE;
  ok = devsim_parse_local_time (device, text, utc);
  link_unlock (link, device);
  return ok;
}

void
devsim_rtsp_link_foreach_login (DevsimRtspLink *link,
                                void          (*func) (const char *user,
                                                       const char *password,
                                                       gpointer    data),
                                gpointer        data)
{
  DevsimDevice *device = link_lock (link);
  gint64 now = g_get_real_time ();

  if (device == NULL)
    return;
  if (device->online && !device->refuse_logins)
    for (guint i = 0; i < device->users->len; i++)
      {
        const DevsimUser *user = g_ptr_array_index (device->users, i);

        if (user->name != NULL && user->password != NULL && user->locked_until_us <= now)
          func (user->name, user->password, data);
      }
  link_unlock (link, device);
}
