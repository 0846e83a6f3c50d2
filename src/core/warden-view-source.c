/* warden-view-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device session gives RTSP URLs without credentials; the stream needs
 * them, so the password is read from the vault (as the registry does at load)
 * and put in the URL's user information, escaped.
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "warden-view-source.h"

G_DEFINE_QUARK (warden-view-error-quark, warden_view_error)

static char *
url_with_credentials (const char *url,
                      const char *user,
                      const char *password)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert (uri != NULL);
  return g_uri_join_with_user (G_URI_FLAGS_HAS_PASSWORD, g_uri_get_scheme (uri), user, password,
                               NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                               g_uri_get_path (uri), g_uri_get_query (uri), NULL);
}

/**
 * warden_view_source_resolve:
 *
 * Returns: (transfer full): the channel's name and stream URLs, or NULL with
 * an error in WARDEN_VIEW_ERROR (or the vault's) saying what to do.
 */
WardenViewSource *
warden_view_source_resolve (WardenDeviceRegistry  *registry,
                            gint64                 device_id,
                            int                    channel,
                            GError               **error)
{
  WardenDeviceSupervisor *supervisor;
  const WardenDeviceRecord *record;
  WardenDeviceSession *session;
  GListModel *channels;
  g_autoptr(WardenDeviceChannel) item = NULL;
  g_autofree char *password = NULL;
  g_autofree char *main_url = NULL;
  g_autofree char *sub_url = NULL;
  g_autoptr(GError) local_error = NULL;
  WardenViewSource *source;

  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (registry), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  supervisor = warden_device_registry_lookup (registry, device_id);
  if (supervisor == NULL)
    {
      g_set_error (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_NO_DEVICE,
                   _("The device was deleted; choose another channel"));
      return NULL;
    }

  record = warden_device_supervisor_get_record (supervisor);
  channels = warden_device_supervisor_get_channels (supervisor);
  if (channel < 1 || (guint) channel > g_list_model_get_n_items (channels))
    {
      g_set_error (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_NO_CHANNEL,
                   _("%s has no channel %d; refresh the device to read its channels"),
                   record->name, channel);
      return NULL;
    }
  item = g_list_model_get_item (channels, channel - 1);

  session = warden_device_supervisor_get_session (supervisor);
  if (session == NULL)
    {
      g_set_error (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_OFFLINE,
                   _("%s is not connected (%s); its video shows once it is online"),
                   record->name, warden_device_supervisor_get_status_text (supervisor));
      return NULL;
    }

  password = record->secret_id != 0
             ? warden_security_load_secret (warden_device_registry_get_security (registry),
                                            record->secret_id, &local_error)
             : NULL;
  if (password == NULL)
    {
      g_set_error (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_CREDENTIALS,
                   _("The password of %s cannot be read (%s); sign in again or edit the device"),
                   record->name,
                   local_error != NULL ? local_error->message : _("none is stored"));
      return NULL;
    }

  main_url = warden_device_session_get_live_url (session, channel, 0);
  sub_url = warden_device_session_get_live_url (session, channel, 1);

  source = g_new0 (WardenViewSource, 1);
  source->device_id = device_id;
  source->channel = channel;
  source->name = g_strdup_printf ("%s · %s", record->name,
                                  warden_device_channel_get_display_name (item));
  source->main_url = url_with_credentials (main_url, record->username, password);
  source->sub_url = url_with_credentials (sub_url, record->username, password);
  memset (password, 0, strlen (password));
  return source;
}

void
warden_view_source_free (WardenViewSource *source)
{
  if (source == NULL)
    return;

  g_free (source->name);
  g_free (source->main_url);
  g_free (source->sub_url);
  g_free (source);
}
