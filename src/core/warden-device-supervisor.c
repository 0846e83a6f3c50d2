/* warden-device-supervisor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-supervisor.h"
#include "warden-device-channel.h"
#include "warden-json.h"
#include "warden-proto-error.h"

/* A device has at most this many channels (the store's limit). */
#define MAX_CHANNELS 1024
/* A channel title longer than this is cut. */
#define MAX_TITLE 128
/* Longest lock-out believed from a device or set as the default: a day. */
#define MAX_LOCK_S (24 * 3600)

struct _WardenDeviceSupervisor
{
  GObject              parent_instance;

  WardenStore         *store;
  WardenDeviceRecord  *record;
  char                *password;
  GListStore          *channels;

  WardenDeviceSession *session;
  GCancellable        *cancellable;
  gulong               disconnected_id;
  guint                retry_id;
  gint64               next_attempt;
  guint                backoff_min_ms;
  guint                backoff_max_ms;
  guint                backoff_ms;
  guint                lock_wait_s;
  gboolean             running;

  WardenDeviceStatus   status;
  char                *status_text;
  char                *detail;
  gint64               offline_since;
  gint64               locked_until;
};

G_DEFINE_FINAL_TYPE (WardenDeviceSupervisor, warden_device_supervisor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ADDRESS_TEXT,
  PROP_KIND_MODEL,
  PROP_CHANNEL_COUNT,
  PROP_FIRMWARE,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_DETAIL,
  PROP_OFFLINE_SINCE,
  PROP_LOCKED_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void attempt (WardenDeviceSupervisor *self);

static char *
format_status (WardenDeviceSupervisor *self)
{
  switch (self->status)
    {
    case WARDEN_DEVICE_STATUS_CONNECTING:
      return g_strdup (_("Connecting…"));
    case WARDEN_DEVICE_STATUS_ONLINE:
      return g_strdup (_("Online"));
    case WARDEN_DEVICE_STATUS_OFFLINE:
      {
        g_autoptr(GDateTime) since = g_date_time_new_from_unix_local (self->offline_since);
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *when = NULL;

        if (since == NULL)
          return g_strdup (_("Offline"));
        if (g_date_time_get_day_of_year (since) == g_date_time_get_day_of_year (now) &&
            g_date_time_get_year (since) == g_date_time_get_year (now))
          when = g_date_time_format (since, "%H:%M");
        else
          when = g_date_time_format (since, "%Y-%m-%d %H:%M");
        return g_strdup_printf (_("Offline since %s"), when);
      }
    case WARDEN_DEVICE_STATUS_WRONG_PASSWORD:
      return g_strdup (_("Wrong password"));
    case WARDEN_DEVICE_STATUS_LOCKED:
      {
        gint64 left = self->locked_until - g_get_real_time () / G_USEC_PER_SEC;

        return g_strdup_printf (_("Locked for %d min"), (int) MAX (1, (left + 59) / 60));
      }
    case WARDEN_DEVICE_STATUS_NOT_INITIALISED:
      return g_strdup (_("Not initialised"));
    case WARDEN_DEVICE_STATUS_TLS_MISMATCH:
      return g_strdup (_("TLS certificate mismatch"));
    case WARDEN_DEVICE_STATUS_NO_CREDENTIALS:
      return g_strdup (_("Password unavailable"));
    default:
      g_assert_not_reached ();
    }
}

static void
set_status (WardenDeviceSupervisor *self,
            WardenDeviceStatus      status,
            const char             *detail)
{
  g_autofree char *text = NULL;
  gboolean was_offline = self->status == WARDEN_DEVICE_STATUS_OFFLINE;

  g_object_freeze_notify (G_OBJECT (self));
  if (status == WARDEN_DEVICE_STATUS_OFFLINE && !was_offline)
    {
      self->offline_since = g_get_real_time () / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }
  else if (status != WARDEN_DEVICE_STATUS_OFFLINE && self->offline_since != 0)
    {
      self->offline_since = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
    }
  if (status != WARDEN_DEVICE_STATUS_LOCKED && self->locked_until != 0)
    {
      self->locked_until = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_UNTIL]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (self->detail, detail) != 0)
    {
      g_free (self->detail);
      self->detail = g_strdup (detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
    }
  text = format_status (self);
  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
drop_session (WardenDeviceSupervisor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->disconnected_id, self->session);
  g_clear_object (&self->session);
}

static gboolean
retry_cb (gpointer user_data)
{
  WardenDeviceSupervisor *self = user_data;

  self->retry_id = 0;
  self->next_attempt = 0;
  attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (WardenDeviceSupervisor *self,
          guint                   delay_ms)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->next_attempt = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  self->retry_id = g_timeout_add (delay_ms, retry_cb, self);
}

static guint
next_backoff (WardenDeviceSupervisor *self)
{
  guint delay = self->backoff_ms;

  self->backoff_ms = MIN (self->backoff_max_ms, MAX (self->backoff_min_ms, self->backoff_ms * 2));
  return delay;
}

/* Sets the status that @error means and schedules the next attempt. */
static void
handle_failure (WardenDeviceSupervisor *self,
                const GError           *error)
{
  const guint credentials_ms = WARDEN_DEVICE_SUPERVISOR_CREDENTIALS_WAIT * 1000;
  int attempts_left = -1;
  int lock_seconds = -1;

  /* What the device said about its lock-out, read before the session goes. */
  if (self->session != NULL)
    warden_device_session_get_login_limits (self->session, &attempts_left, &lock_seconds);
  drop_session (self);
  if (error->domain != WARDEN_PROTO_ERROR)
    {
      set_status (self, WARDEN_DEVICE_STATUS_OFFLINE, error->message);
      schedule (self, next_backoff (self));
      return;
    }

  switch (error->code)
    {
    case WARDEN_PROTO_ERROR_WRONG_CREDENTIALS:
      set_status (self, WARDEN_DEVICE_STATUS_WRONG_PASSWORD, error->message);
      schedule (self, MAX (credentials_ms, next_backoff (self)));
      break;
    case WARDEN_PROTO_ERROR_LOCKED:
      /* The time left the device reported, else the default; a lock of 0 s is over. */
      if (lock_seconds <= 0 || lock_seconds > MAX_LOCK_S)
        lock_seconds = (int) self->lock_wait_s;
      self->locked_until = g_get_real_time () / G_USEC_PER_SEC + lock_seconds;
      set_status (self, WARDEN_DEVICE_STATUS_LOCKED, error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED_UNTIL]);
      /* One second more, so the retry never lands just before the device unlocks. */
      schedule (self, MAX (credentials_ms, ((guint) lock_seconds + 1) * 1000));
      break;
    case WARDEN_PROTO_ERROR_NOT_INITIALISED:
      set_status (self, WARDEN_DEVICE_STATUS_NOT_INITIALISED, error->message);
      schedule (self, MAX (credentials_ms, next_backoff (self)));
      break;
    case WARDEN_PROTO_ERROR_TLS_MISMATCH:
      set_status (self, WARDEN_DEVICE_STATUS_TLS_MISMATCH, error->message);
      schedule (self, MAX (credentials_ms, next_backoff (self)));
      break;
    default:
      set_status (self, WARDEN_DEVICE_STATUS_OFFLINE, error->message);
      schedule (self, next_backoff (self));
      break;
    }
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (warden_device_repo_write_finish (WARDEN_STORE (object), result, &error) == 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save what the device reported: %s", error->message);
}

static void
session_disconnected_cb (WardenDeviceSupervisor *self,
                         const GError           *error,
                         WardenDeviceSession    *session)
{
  g_autoptr(GError) closed = NULL;
  /* Dropping the session below must not finalize it while it emits. */
  g_autoptr(WardenDeviceSession) alive = g_object_ref (session);

  if (error == NULL)
    error = closed = g_error_new_literal (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_CLOSED,
                                          _("The device closed the connection"));
  g_debug ("%s disconnected: %s", self->record->address, error->message);
  self->backoff_ms = self->backoff_min_ms;
  handle_failure (self, error);
}

static void
replace_channels (WardenDeviceSupervisor *self,
                  const char * const     *names)
{
  guint n = g_strv_length ((char **) names);
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->channels));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      const char *local_name = NULL;

      if (i < old)
        {
          g_autoptr(WardenDeviceChannel) prev = g_list_model_get_item (G_LIST_MODEL (self->channels), i);

          local_name = warden_device_channel_get_local_name (prev);
          g_ptr_array_add (items, warden_device_channel_new (self->record->id, (int) i + 1, names[i],
                                                             local_name));
        }
      else
        g_ptr_array_add (items, warden_device_channel_new (self->record->id, (int) i + 1, names[i],
                                                           NULL));
    }
  g_list_store_splice (self->channels, 0, old, items->pdata, items->len);
}

static void
titles_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  WardenDeviceSupervisor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                result, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = MIN (json_array_get_length (array), MAX_CHANNELS);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *title = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            title = warden_json_dup_string (json_node_get_object (element), "Name");
          if (title != NULL && strlen (title) > MAX_TITLE)
            title[MAX_TITLE] = '\0';
          if (title != NULL && !g_utf8_validate (title, -1, NULL))
            g_clear_pointer (&title, g_free);
          g_strv_builder_add (builder, title != NULL ? title : "");
        }
    }
  else if (error != NULL && !g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED) &&
           !g_error_matches (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE))
    {
      handle_failure (self, error);
      return;
    }
  names = g_strv_builder_end (builder);

  self->record->channel_count = (int) g_strv_length (names);
  replace_channels (self, (const char * const *) names);
  warden_device_repo_update_device_async (self->store, self->record, NULL, write_done_cb, NULL);
  warden_device_repo_set_channels_async (self->store, self->record->id,
                                         (const char * const *) names, NULL, write_done_cb, NULL);

  self->backoff_ms = self->backoff_min_ms;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRMWARE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_COUNT]);
  set_status (self, WARDEN_DEVICE_STATUS_ONLINE, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
take_member (char       **field,
             JsonObject  *info,
             const char  *member)
{
  g_autofree char *value = warden_json_dup_string (info, member);

  if (value == NULL || !g_utf8_validate (value, -1, NULL) || strlen (value) > MAX_TITLE)
    return;
  g_free (*field);
  *field = g_steal_pointer (&value);
}

static void
info_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  WardenDeviceSupervisor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                result, &error);
  JsonObject *info;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        error = g_error_new_literal (WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                                     _("The device sent no device information"));
      handle_failure (self, error);
      return;
    }
  info = json_node_get_object (node);
  take_member (&self->record->model, info, "model");
  take_member (&self->record->serial, info, "serial");
  take_member (&self->record->firmware, info, "version");
  take_member (&self->record->kind, info, "class");

  warden_device_session_get_config_async (self->session, "ChannelTitle", self->cancellable,
                                          titles_cb, self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WardenDeviceSupervisor *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!warden_device_session_connect_finish (WARDEN_DEVICE_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("%s: %s", self->record->address, error->message);
      handle_failure (self, error);
      return;
    }
  self->disconnected_id = g_signal_connect_object (self->session, "disconnected",
                                                   G_CALLBACK (session_disconnected_cb), self,
                                                   G_CONNECT_SWAPPED);
  warden_device_session_get_info_async (self->session, self->cancellable, info_cb, self);
}

static void
attempt (WardenDeviceSupervisor *self)
{
  drop_session (self);
  if (self->password == NULL)
    return;
  if (self->status == WARDEN_DEVICE_STATUS_LOCKED)
    set_status (self, WARDEN_DEVICE_STATUS_CONNECTING, NULL);
  self->cancellable = g_cancellable_new ();
  self->session = warden_device_session_new (self->record->address, self->record->port,
                                             self->record->username, self->password);
  warden_device_session_connect_async (self->session, self->cancellable, connect_cb, self);
}

static void
channels_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WardenDeviceSupervisor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = warden_device_repo_list_finish (WARDEN_STORE (object), result,
                                                                 &error);
  g_autoptr(GPtrArray) items = NULL;

  if (records == NULL)
    {
      g_warning ("Could not read the channels of %s: %s", self->record->name, error->message);
      return;
    }
  /* Channels read from the device meanwhile are newer. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->channels)) > 0)
    return;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      WardenChannelRecord *channel = g_ptr_array_index (records, i);

      g_ptr_array_add (items, warden_device_channel_new (channel->device_id, channel->number,
                                                         channel->name, channel->local_name));
    }
  g_list_store_splice (self->channels, 0, 0, items->pdata, items->len);
}

static void
rename_channel_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (warden_device_repo_write_finish (WARDEN_STORE (object), result, &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
warden_device_supervisor_dispose (GObject *object)
{
  WardenDeviceSupervisor *self = WARDEN_DEVICE_SUPERVISOR (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_session (self);
  G_OBJECT_CLASS (warden_device_supervisor_parent_class)->dispose (object);
}

static void
warden_device_supervisor_finalize (GObject *object)
{
  WardenDeviceSupervisor *self = WARDEN_DEVICE_SUPERVISOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->channels);
  warden_device_record_free (self->record);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->status_text);
  g_free (self->detail);
  G_OBJECT_CLASS (warden_device_supervisor_parent_class)->finalize (object);
}

static void
warden_device_supervisor_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  WardenDeviceSupervisor *self = WARDEN_DEVICE_SUPERVISOR (object);
  const WardenDeviceRecord *r = self->record;

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, r->name);
      break;
    case PROP_ADDRESS_TEXT:
      g_value_take_string (value, g_strdup_printf ("%s:%u", r->address, r->port));
      break;
    case PROP_KIND_MODEL:
      g_value_take_string (value, g_strstrip (g_strjoin (" ", r->kind != NULL ? r->kind : "",
                                                         r->model != NULL ? r->model : "", NULL)));
      break;
    case PROP_CHANNEL_COUNT:
      g_value_set_int (value, r->channel_count);
      break;
    case PROP_FIRMWARE:
      g_value_set_string (value, r->firmware);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_int64 (value, self->offline_since);
      break;
    case PROP_LOCKED_UNTIL:
      g_value_set_int64 (value, self->locked_until);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_device_supervisor_class_init (WardenDeviceSupervisorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = warden_device_supervisor_dispose;
  object_class->finalize = warden_device_supervisor_finalize;
  object_class->get_property = warden_device_supervisor_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /* "address:port" */
  properties[PROP_ADDRESS_TEXT] = g_param_spec_string ("address-text", NULL, NULL, NULL, flags);
  /* The device class and model, as the device reports them. */
  properties[PROP_KIND_MODEL] = g_param_spec_string ("kind-model", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL_COUNT] =
    g_param_spec_int ("channel-count", NULL, NULL, 0, MAX_CHANNELS, 0, flags);
  properties[PROP_FIRMWARE] = g_param_spec_string ("firmware", NULL, NULL, NULL, flags);
  /* A WardenDeviceStatus. */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, WARDEN_DEVICE_STATUS_CONNECTING,
                      WARDEN_DEVICE_STATUS_NO_CREDENTIALS, WARDEN_DEVICE_STATUS_CONNECTING, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_int64 ("offline-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOCKED_UNTIL] =
    g_param_spec_int64 ("locked-until", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_device_supervisor_init (WardenDeviceSupervisor *self)
{
  self->channels = g_list_store_new (WARDEN_TYPE_DEVICE_CHANNEL);
  self->backoff_min_ms = 1000;
  self->backoff_max_ms = 60000;
  self->backoff_ms = self->backoff_min_ms;
  self->lock_wait_s = WARDEN_DEVICE_SUPERVISOR_DEFAULT_LOCK;
  self->status = WARDEN_DEVICE_STATUS_CONNECTING;
  self->status_text = format_status (self);
}

WardenDeviceSupervisor *
warden_device_supervisor_new (WardenStore              *store,
                              const WardenDeviceRecord *record,
                              const char               *password,
                              const GError             *why)
{
  WardenDeviceSupervisor *self;

  g_return_val_if_fail (WARDEN_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL && record->id > 0, NULL);
  g_return_val_if_fail (password != NULL || why != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_SUPERVISOR, NULL);
  self->store = g_object_ref (store);
  self->record = warden_device_record_copy (record);
  self->password = g_strdup (password);
  if (password == NULL)
    set_status (self, WARDEN_DEVICE_STATUS_NO_CREDENTIALS, why->message);
  warden_device_repo_list_channels_async (store, record->id, NULL, channels_loaded_cb,
                                          g_object_ref (self));
  return self;
}

const WardenDeviceRecord *
warden_device_supervisor_get_record (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), NULL);
  return self->record;
}

gint64
warden_device_supervisor_get_id (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), 0);
  return self->record->id;
}

void
warden_device_supervisor_set_record (WardenDeviceSupervisor   *self,
                                     const WardenDeviceRecord *record,
                                     const char               *password)
{
  WardenDeviceRecord *copy;
  gboolean relogin;

  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));
  g_return_if_fail (record != NULL && record->id == self->record->id);

  relogin = password != NULL || g_strcmp0 (record->address, self->record->address) != 0 ||
            record->port != self->record->port ||
            g_strcmp0 (record->username, self->record->username) != 0;
  copy = warden_device_record_copy (record);
  warden_device_record_free (self->record);
  self->record = copy;
  if (password != NULL)
    {
      if (self->password != NULL)
        memset (self->password, 0, strlen (self->password));
      g_free (self->password);
      self->password = g_strdup (password);
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->running && relogin)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->next_attempt = 0;
      self->backoff_ms = self->backoff_min_ms;
      set_status (self, WARDEN_DEVICE_STATUS_CONNECTING, NULL);
      attempt (self);
    }
}

void
warden_device_supervisor_set_backoff (WardenDeviceSupervisor *self,
                                      guint                   min_ms,
                                      guint                   max_ms)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->backoff_min_ms = min_ms;
  self->backoff_max_ms = max_ms;
  self->backoff_ms = min_ms;
}

/**
 * warden_device_supervisor_set_lock_wait:
 * @seconds: how long a lock-out lasts when the device does not say
 *
 * The default is %WARDEN_DEVICE_SUPERVISOR_DEFAULT_LOCK. A device that reports
 * the time left (`remainLockSecond`) is believed instead.
 */
void
warden_device_supervisor_set_lock_wait (WardenDeviceSupervisor *self,
                                        guint                   seconds)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));
  g_return_if_fail (seconds > 0 && seconds <= MAX_LOCK_S);

  self->lock_wait_s = seconds;
}

void
warden_device_supervisor_start (WardenDeviceSupervisor *self)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));

  if (self->running)
    return;
  self->running = TRUE;
  attempt (self);
}

void
warden_device_supervisor_stop (WardenDeviceSupervisor *self)
{
  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->next_attempt = 0;
  drop_session (self);
}

WardenDeviceStatus
warden_device_supervisor_get_status (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), WARDEN_DEVICE_STATUS_OFFLINE);
  return self->status;
}

const char *
warden_device_supervisor_get_status_text (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), NULL);
  return self->status_text;
}

const char *
warden_device_supervisor_get_detail (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), NULL);
  return self->detail;
}

gint64
warden_device_supervisor_get_offline_since (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), 0);
  return self->offline_since;
}

gint64
warden_device_supervisor_get_locked_until (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), 0);
  return self->locked_until;
}

gint64
warden_device_supervisor_get_next_attempt (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), 0);
  return self->next_attempt;
}

WardenDeviceSession *
warden_device_supervisor_get_session (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), NULL);
  return self->status == WARDEN_DEVICE_STATUS_ONLINE ? self->session : NULL;
}

GListModel *
warden_device_supervisor_get_channels (WardenDeviceSupervisor *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self), NULL);
  return G_LIST_MODEL (self->channels);
}

void
warden_device_supervisor_rename_channel_async (WardenDeviceSupervisor *self,
                                               int                     number,
                                               const char             *local_name,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n;

  g_return_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, warden_device_supervisor_rename_channel_async);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->channels));
  if (number < 1 || (guint) number > n)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("%s has no channel %d"), self->record->name, number);
      return;
    }
  {
    g_autoptr(WardenDeviceChannel) channel = g_list_model_get_item (G_LIST_MODEL (self->channels),
                                                                    (guint) number - 1);

    warden_device_channel_set_local_name (channel, local_name);
  }
  warden_device_repo_rename_channel_async (self->store, self->record->id, number,
                                           local_name != NULL && local_name[0] != '\0' ? local_name : NULL,
                                           cancellable, rename_channel_cb, g_steal_pointer (&task));
}

gboolean
warden_device_supervisor_rename_channel_finish (WardenDeviceSupervisor  *self,
                                                GAsyncResult            *result,
                                                GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
