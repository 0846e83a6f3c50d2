/* devsim-rtsp.c: the RTSP server of one simulated device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp.h"
#include "devsim-rtsp-auth.h"
#include "devsim-rtsp-factory.h"
#include "devsim-rtsp-link.h"
#include "devsim-rtsp-target.h"

#include <gst/rtsp-server/rtsp-server.h>

/* Client connections get threads of their own, so a slow DESCRIBE (the first one
 * for a stream configuration encodes its loop) never holds up the others. */
#define CLIENT_THREADS      16
/* How often the device's online state is looked at to drop clients. */
#define ONLINE_POLL_MS      250

struct _DevsimRtsp
{
  DevsimRtspLink *link;
  GstRTSPServer *server;
  GSource *server_source;
  GSource *session_source;
  GSource *online_source;
  gboolean was_online;
};

G_DEFINE_QUARK (devsim-rtsp-error-quark, devsim_rtsp_error)

static GstRTSPFilterResult
remove_client_cb (GstRTSPServer *server,
                  GstRTSPClient *client,
                  gpointer       data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static GstRTSPStatusCode
pre_describe_cb (GstRTSPClient  *client,
                 GstRTSPContext *ctx,
                 gpointer        data)
{
  DevsimRtspLink *link = data;
  g_auto(DevsimRtspTarget) target = { 0 };
  g_autoptr(GError) error = NULL;

  if (ctx->uri == NULL)
    return GST_RTSP_STS_BAD_REQUEST;
  if (devsim_rtsp_target_resolve (link, ctx->uri, &target, &error))
    return GST_RTSP_STS_OK;
  g_info ("Refusing DESCRIBE %s: %s", ctx->uri->abspath, error->message);
  return g_error_matches (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_NOT_FOUND)
         ? GST_RTSP_STS_NOT_FOUND : GST_RTSP_STS_BAD_REQUEST;
}

static void
client_connected_cb (GstRTSPServer *server,
                     GstRTSPClient *client,
                     gpointer       data)
{
  DevsimRtsp *self = data;

  g_signal_connect_data (client, "pre-describe-request", G_CALLBACK (pre_describe_cb),
                         devsim_rtsp_link_ref (self->link),
                         (GClosureNotify) (void (*) (void)) devsim_rtsp_link_unref, 0);
}

static gboolean
online_poll_cb (gpointer data)
{
  DevsimRtsp *self = data;
  DevsimRtspFaults faults;

  if (!devsim_rtsp_link_read_faults (self->link, &faults))
    return G_SOURCE_CONTINUE;
  if (self->was_online && !faults.online)
    devsim_rtsp_drop_sessions (self);
  self->was_online = faults.online;
  return G_SOURCE_CONTINUE;
}

DevsimRtsp *
devsim_rtsp_new (DevsimDevice *device,
                 GError      **error)
{
  g_autoptr(DevsimRtsp) self = NULL;
  g_autoptr(GstRTSPAuth) auth = NULL;
  g_autoptr(GstRTSPMountPoints) mounts = NULL;
  g_autoptr(GstRTSPMediaFactory) factory = NULL;
  g_autoptr(GstRTSPThreadPool) threads = NULL;
  g_autoptr(GstRTSPSessionPool) sessions = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *service = NULL;
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gst_init (NULL, NULL);

  self = g_new0 (DevsimRtsp, 1);
  self->link = devsim_rtsp_link_new (device);
  self->was_online = device->online;
  self->server = gst_rtsp_server_new ();
  service = g_strdup_printf ("%u", device->rtsp_port);
  gst_rtsp_server_set_address (self->server, device->address);
  gst_rtsp_server_set_service (self->server, service);

  auth = devsim_rtsp_auth_new (self->link, device->realm);
  gst_rtsp_server_set_auth (self->server, auth);

  factory = devsim_rtsp_factory_new (self->link);
  mounts = gst_rtsp_server_get_mount_points (self->server);
  gst_rtsp_mount_points_add_factory (mounts, "/cam/realmonitor", g_object_ref (factory));
  gst_rtsp_mount_points_add_factory (mounts, "/cam/playback", g_object_ref (factory));

  threads = gst_rtsp_server_get_thread_pool (self->server);
  gst_rtsp_thread_pool_set_max_threads (threads, CLIENT_THREADS);

  g_signal_connect (self->server, "client-connected", G_CALLBACK (client_connected_cb), self);

  self->server_source = gst_rtsp_server_create_source (self->server, NULL, &local_error);
  if (self->server_source == NULL)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_BIND,
                   "Cannot serve RTSP on %s port %u: %s", device->address, device->rtsp_port,
                   local_error->message);
      return NULL;
    }
  g_source_attach (self->server_source, context);
  device->rtsp_port = (guint) gst_rtsp_server_get_bound_port (self->server);

  /* Sessions of clients that went away without TEARDOWN expire. */
  sessions = gst_rtsp_server_get_session_pool (self->server);
  self->session_source = gst_rtsp_session_pool_create_watch (sessions);
  g_source_attach (self->session_source, context);

  self->online_source = g_timeout_source_new (ONLINE_POLL_MS);
  g_source_set_callback (self->online_source, online_poll_cb, self, NULL);
  g_source_attach (self->online_source, context);

  return g_steal_pointer (&self);
}

void
devsim_rtsp_drop_sessions (DevsimRtsp *self)
{
  g_return_if_fail (self != NULL);

  g_list_free_full (gst_rtsp_server_client_filter (self->server, remove_client_cb, NULL),
                    g_object_unref);
}

/* Clients connected now, including those whose connection is closing. */
guint
devsim_rtsp_count_clients (DevsimRtsp *self)
{
  GList *clients;
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  clients = gst_rtsp_server_client_filter (self->server, NULL, NULL);
  n = g_list_length (clients);
  g_list_free_full (clients, g_object_unref);
  return n;
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
devsim_rtsp_free (DevsimRtsp *self)
{
  if (self == NULL)
    return;
  destroy_source (&self->server_source);
  destroy_source (&self->session_source);
  destroy_source (&self->online_source);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      devsim_rtsp_drop_sessions (self);
      g_clear_object (&self->server);
    }
  devsim_rtsp_link_detach (self->link);
  devsim_rtsp_link_unref (self->link);
  g_free (self);
}
