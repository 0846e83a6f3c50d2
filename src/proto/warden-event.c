/* warden-event.c: one event a device reported, from the CGI stream or a notification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-event.h"
#include "warden-json.h"
#include "warden-proto-error.h"

#include <string.h>

/* Longest code or action word accepted. */
#define MAX_WORD 128u

struct _WardenEvent
{
  GObject parent_instance;

  char *device;
  int channel;
  char *code;
  char *action;
  GDateTime *time;
  JsonNode *data;
};

G_DEFINE_FINAL_TYPE (WardenEvent, warden_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_CHANNEL,
  PROP_CODE,
  PROP_ACTION,
  PROP_TIME,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDateTime *
time_from_data (JsonNode *data)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  gint64 utc;

  /* UTC is seconds since the epoch; years past 9999 are not a time. */
  if (warden_json_get_int (object, "UTC", &utc) && utc > 0 && utc < G_GINT64_CONSTANT (253402300799))
    return g_date_time_new_from_unix_utc (utc);
  return g_date_time_new_now_utc ();
}

static void
warden_event_finalize (GObject *object)
{
  WardenEvent *self = (WardenEvent *) object;

  g_free (self->device);
  g_free (self->code);
  g_free (self->action);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->data, json_node_unref);

  G_OBJECT_CLASS (warden_event_parent_class)->finalize (object);
}

static void
warden_event_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WardenEvent *self = WARDEN_EVENT (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_event_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WardenEvent *self = WARDEN_EVENT (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_string (value);
      break;
    case PROP_CHANNEL:
      self->channel = g_value_get_int (value);
      break;
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_ACTION:
      self->action = g_value_dup_string (value);
      break;
    case PROP_TIME:
      self->time = g_value_dup_boxed (value);
      break;
    case PROP_DATA:
      self->data = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_event_class_init (WardenEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = warden_event_finalize;
  object_class->get_property = warden_event_get_property;
  object_class->set_property = warden_event_set_property;

  properties[PROP_DEVICE] = g_param_spec_string ("device", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_int ("channel", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DATA] = g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_event_init (WardenEvent *self)
{
  self->channel = -1;
}

/**
 * warden_event_new:
 * @device: the device that reported it
 * @channel: the 0-based channel or door, or -1 when the event has none
 * @time: (nullable): when it happened; %NULL takes the time from @data or now
 * @data: (nullable): the event's data
 */
WardenEvent *
warden_event_new (const char *device,
                  int         channel,
                  const char *code,
                  const char *action,
                  GDateTime  *time,
                  JsonNode   *data)
{
  g_autoptr(GDateTime) when = time != NULL ? g_date_time_ref (time) : time_from_data (data);

  g_return_val_if_fail (code != NULL, NULL);

  return g_object_new (WARDEN_TYPE_EVENT,
                       "device", device,
                       "channel", channel,
                       "code", code,
                       "action", action,
                       "time", when,
                       "data", data,
                       NULL);
}

gboolean
warden_event_text_is_heartbeat (const char *text,
                                gsize       len)
{
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  return len == 9 && memcmp (text, "Heartbeat", 9) == 0;
}

static char *
dup_word (const char *p,
          gsize       len)
{
  while (len > 0 && g_ascii_isspace (*p))
    {
      p++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (p[len - 1]))
    len--;
  if (len > MAX_WORD || memchr (p, '\0', len) != NULL)
    return NULL;
  return g_strndup (p, len);
}

/**
 * warden_event_new_from_text:
 *
 * Parses a CGI event part: `Code=X;action=Start;index=0;data={...}`. `data` runs to
 * its matching brace and may hold `;`, `=` and line ends. `index` is optional.
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
WardenEvent *
warden_event_new_from_text (const char *device,
                            const char *text,
                            gsize       len,
                            GError    **error)
{
  const char *p = text != NULL ? text : "";
  const char *end = p + len;
  g_autofree char *code = NULL;
  g_autofree char *action = NULL;
  g_autoptr(JsonNode) data = NULL;
  int channel = -1;

  if (len > WARDEN_EVENT_MAX_TEXT)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE,
                   "An event from %s is %" G_GSIZE_FORMAT " bytes; the limit is %u",
                   device, len, WARDEN_EVENT_MAX_TEXT);
      return NULL;
    }

  while (p < end)
    {
      const char *key = p;
      const char *stop;
      const char *eq;
      gsize key_len;

      while (key < end && (g_ascii_isspace (*key) || *key == ';'))
        key++;
      if (key == end)
        break;
      stop = memchr (key, ';', (gsize) (end - key));
      if (stop == NULL)
        stop = end;
      eq = memchr (key, '=', (gsize) (stop - key));
      if (eq == NULL)
        {
          p = stop;
          continue;
        }
      key_len = (gsize) (eq - key);

      if (key_len == 4 && g_ascii_strncasecmp (key, "data", 4) == 0)
        {
          const char *value = eq + 1;
          gssize json_end;

          while (value < end && g_ascii_isspace (*value))
            value++;
          json_end = warden_json_value_end (value, (gsize) (end - value), NULL);
          if (json_end < 0)
            {
              /* Not JSON, or cut short: the event still counts without its data. */
              p = stop;
              continue;
            }
          g_clear_pointer (&data, json_node_unref);
          data = warden_json_parse (value, (gsize) json_end, WARDEN_EVENT_MAX_TEXT, NULL);
          p = value + json_end;
          continue;
        }

      if (key_len == 4 && g_ascii_strncasecmp (key, "Code", 4) == 0)
        {
          g_free (code);
          code = dup_word (eq + 1, (gsize) (stop - eq - 1));
        }
      else if (key_len == 6 && g_ascii_strncasecmp (key, "action", 6) == 0)
        {
          g_free (action);
          action = dup_word (eq + 1, (gsize) (stop - eq - 1));
        }
      else if (key_len == 5 && g_ascii_strncasecmp (key, "index", 5) == 0)
        {
          g_autofree char *word = dup_word (eq + 1, (gsize) (stop - eq - 1));
          guint64 v;

          channel = word != NULL && g_ascii_string_to_unsigned (word, 10, 0, 65535, &v, NULL)
                      ? (int) v : -1;
        }
      p = stop;
    }

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "An event from %s has no Code", device);
      return NULL;
    }

  return warden_event_new (device, channel, code, action, NULL, data);
}

/**
 * warden_event_list_from_notification:
 * @params: the params of a `client.notifyEventStream` notification
 *
 * Returns: (transfer full) (element-type WardenEvent): the events of
 *   `params.eventList`, or %NULL with @error set when there is no such list
 */
GPtrArray *
warden_event_list_from_notification (const char *device,
                                     JsonObject *params,
                                     GError    **error)
{
  JsonArray *list = warden_json_get_array (params, "eventList");
  g_autoptr(GPtrArray) events = NULL;

  if (list == NULL)
    {
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED,
                   "An event notification from %s has no eventList", device);
      return NULL;
    }

  events = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonObject *object;
      g_autofree char *code = NULL;
      g_autofree char *action = NULL;
      JsonNode *data;
      gint64 index = -1;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      object = json_node_get_object (item);
      code = warden_json_dup_string (object, "Code");
      if (code == NULL || *code == '\0' || strlen (code) > MAX_WORD)
        continue;
      action = warden_json_dup_string (object, "Action");
      if (action != NULL && strlen (action) > MAX_WORD)
        g_clear_pointer (&action, g_free);
      if (!warden_json_get_int (object, "Index", &index) || index < 0 || index > 65535)
        index = -1;
      data = json_object_get_member (object, "Data");
      g_ptr_array_add (events, warden_event_new (device, (int) index, code, action, NULL, data));
    }

  return g_steal_pointer (&events);
}

const char *
warden_event_get_device (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);
  return self->device;
}

int
warden_event_get_channel (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), -1);
  return self->channel;
}

const char *
warden_event_get_code (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);
  return self->code;
}

/**
 * warden_event_get_action:
 *
 * Returns: (nullable): Start, Stop, Pulse or another word the device sent
 */
const char *
warden_event_get_action (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);
  return self->action;
}

GDateTime *
warden_event_get_time (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);
  return self->time;
}

/**
 * warden_event_get_data:
 *
 * Returns: (transfer none) (nullable): the event's data
 */
JsonNode *
warden_event_get_data (WardenEvent *self)
{
  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);
  return self->data;
}

/**
 * warden_event_to_json:
 *
 * Returns: (transfer full): the event as one line of JSON
 */
char *
warden_event_to_json (WardenEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *time = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (WARDEN_IS_EVENT (self), NULL);

  time = g_date_time_format_iso8601 (self->time);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, self->device);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_int_value (builder, self->channel);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, self->code);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, self->action);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "data");
  if (self->data != NULL)
    json_builder_add_value (builder, json_node_copy (self->data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return warden_json_node_to_string (root);
}
