/* devsim-rtsp-auth.c: RTSP authentication against the device's users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-rtsp-auth.h"

#include <string.h>

struct _DevsimRtspAuth
{
  GstRTSPAuth parent_instance;

  DevsimRtspLink *link;
  GstRTSPToken *token;

  GMutex sync_lock;              /* serialises authenticate () and the user tables */
  GString *installed;            /* "user\0password\0" of the installed users */
};

G_DEFINE_FINAL_TYPE (DevsimRtspAuth, devsim_rtsp_auth, GST_TYPE_RTSP_AUTH)

static void
collect_login_cb (const char *user,
                  const char *password,
                  gpointer    data)
{
  GString *logins = data;

  g_string_append_len (logins, user, (gssize) strlen (user) + 1);
  g_string_append_len (logins, password, (gssize) strlen (password) + 1);
}

/* Calls func for each (user, password) pair of a list built by collect_login_cb. */
static void
foreach_pair (GString  *logins,
              void    (*func) (GstRTSPAuth *auth,
                               const char  *user,
                               const char  *password),
              GstRTSPAuth *auth)
{
  for (gsize at = 0; at < logins->len;)
    {
      const char *user = logins->str + at;
      const char *password = user + strlen (user) + 1;

      func (auth, user, password);
      at = (gsize) (password + strlen (password) + 1 - logins->str);
    }
}

static void
remove_login (GstRTSPAuth *auth,
              const char  *user,
              const char  *password)
{
  g_autofree char *basic = gst_rtsp_auth_make_basic (user, password);

  gst_rtsp_auth_remove_digest (auth, user);
  gst_rtsp_auth_remove_basic (auth, basic);
}

static void
add_login (GstRTSPAuth *auth,
           const char  *user,
           const char  *password)
{
  DevsimRtspAuth *self = DEVSIM_RTSP_AUTH (auth);
  g_autofree char *basic = gst_rtsp_auth_make_basic (user, password);

  gst_rtsp_auth_add_digest (auth, user, password, self->token);
  gst_rtsp_auth_add_basic (auth, basic, self->token);
}

/* With sync_lock held: makes the user tables match the device's logins now. */
static void
sync_logins (DevsimRtspAuth *self)
{
  g_autoptr(GString) logins = g_string_new (NULL);

  devsim_rtsp_link_foreach_login (self->link, collect_login_cb, logins);
  if (logins->len == self->installed->len &&
      memcmp (logins->str, self->installed->str, logins->len) == 0)
    return;
  foreach_pair (self->installed, remove_login, GST_RTSP_AUTH (self));
  foreach_pair (logins, add_login, GST_RTSP_AUTH (self));
  g_string_free (self->installed, TRUE);
  self->installed = g_steal_pointer (&logins);
}

static gboolean
devsim_rtsp_auth_authenticate (GstRTSPAuth    *auth,
                               GstRTSPContext *ctx)
{
  DevsimRtspAuth *self = DEVSIM_RTSP_AUTH (auth);
  gboolean ret;

  g_mutex_lock (&self->sync_lock);
  sync_logins (self);
  ret = GST_RTSP_AUTH_CLASS (devsim_rtsp_auth_parent_class)->authenticate (auth, ctx);
  g_mutex_unlock (&self->sync_lock);
  return ret;
}

static gboolean
devsim_rtsp_auth_check (GstRTSPAuth    *auth,
                        GstRTSPContext *ctx,
                        const char     *check)
{
  DevsimRtspAuth *self = DEVSIM_RTSP_AUTH (auth);
  GstRTSPAuthClass *klass = GST_RTSP_AUTH_GET_CLASS (auth);

  if (g_str_equal (check, GST_RTSP_AUTH_CHECK_CONNECT))
    {
      DevsimRtspFaults faults;

      if (!devsim_rtsp_link_read_faults (self->link, &faults) || !faults.online)
        return FALSE;
    }
  else if (g_str_equal (check, GST_RTSP_AUTH_CHECK_URL) && ctx->method != GST_RTSP_OPTIONS)
    {
      /* Every request but OPTIONS needs a login, as on the devices. */
      if (ctx->token == NULL)
        klass->authenticate (auth, ctx);
      if (ctx->token == NULL)
        {
          gst_rtsp_message_init_response (ctx->response, GST_RTSP_STS_UNAUTHORIZED,
                                          gst_rtsp_status_as_text (GST_RTSP_STS_UNAUTHORIZED),
                                          ctx->request);
          klass->generate_authenticate_header (auth, ctx);
          gst_rtsp_client_send_message (ctx->client, ctx->session, ctx->response);
          return FALSE;
        }
    }
  return GST_RTSP_AUTH_CLASS (devsim_rtsp_auth_parent_class)->check (auth, ctx, check);
}

static void
devsim_rtsp_auth_finalize (GObject *object)
{
  DevsimRtspAuth *self = DEVSIM_RTSP_AUTH (object);

  g_clear_pointer (&self->link, devsim_rtsp_link_unref);
  g_clear_pointer (&self->token, gst_rtsp_token_unref);
  g_string_free (self->installed, TRUE);
  g_mutex_clear (&self->sync_lock);
  G_OBJECT_CLASS (devsim_rtsp_auth_parent_class)->finalize (object);
}

static void
devsim_rtsp_auth_class_init (DevsimRtspAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstRTSPAuthClass *auth_class = GST_RTSP_AUTH_CLASS (klass);

  object_class->finalize = devsim_rtsp_auth_finalize;
  auth_class->authenticate = devsim_rtsp_auth_authenticate;
  auth_class->check = devsim_rtsp_auth_check;
}

static void
devsim_rtsp_auth_init (DevsimRtspAuth *self)
{
  g_mutex_init (&self->sync_lock);
  self->installed = g_string_new (NULL);
  self->token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING,
                                    DEVSIM_RTSP_ROLE, NULL);
}

GstRTSPAuth *
devsim_rtsp_auth_new (DevsimRtspLink *link,
                      const char     *realm)
{
  DevsimRtspAuth *self;

  g_return_val_if_fail (link != NULL, NULL);

  self = g_object_new (DEVSIM_TYPE_RTSP_AUTH, NULL);
  self->link = devsim_rtsp_link_ref (link);
  if (realm != NULL)
    gst_rtsp_auth_set_realm (GST_RTSP_AUTH (self), realm);
  gst_rtsp_auth_set_supported_methods (GST_RTSP_AUTH (self),
                                       GST_RTSP_AUTH_DIGEST | GST_RTSP_AUTH_BASIC);
  return GST_RTSP_AUTH (self);
}
