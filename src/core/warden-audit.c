/* warden-audit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-audit.h"

struct _WardenAuditEntry
{
  GObject  parent_instance;

  gint64   id;
  gint64   at;
  char    *operator_name;
  char    *action;
  char    *target;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (WardenAuditEntry, warden_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_OPERATOR,
  PROP_ACTION,
  PROP_ACTION_LABEL,
  PROP_TARGET,
  PROP_DETAIL,
  PROP_TIME_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  WardenAuditAction  action;
  const char        *name;
  const char        *label;
} actions[] = {
  { WARDEN_AUDIT_LOGIN, "login", N_("Signed in") },
  { WARDEN_AUDIT_LOGIN_FAILED, "login-failed", N_("Sign-in failed") },
  { WARDEN_AUDIT_LOCKED_OUT, "locked-out", N_("Account locked") },
  { WARDEN_AUDIT_LOGOUT, "logout", N_("Signed out") },
  { WARDEN_AUDIT_APP_LOCK, "app-lock", N_("App locked") },
  { WARDEN_AUDIT_APP_UNLOCK, "app-unlock", N_("App unlocked") },
  { WARDEN_AUDIT_DEVICE_ADD, "device-add", N_("Device added") },
  { WARDEN_AUDIT_DEVICE_EDIT, "device-edit", N_("Device changed") },
  { WARDEN_AUDIT_DEVICE_DELETE, "device-delete", N_("Device deleted") },
  { WARDEN_AUDIT_CONFIG_WRITE, "config-write", N_("Device configuration written") },
  { WARDEN_AUDIT_DOOR_COMMAND, "door-command", N_("Door command") },
  { WARDEN_AUDIT_PERSON_CHANGE, "person-change", N_("Person changed") },
  { WARDEN_AUDIT_EXPORT, "export", N_("Export") },
  { WARDEN_AUDIT_OPERATOR_ADD, "operator-add", N_("Operator added") },
  { WARDEN_AUDIT_OPERATOR_EDIT, "operator-edit", N_("Operator changed") },
  { WARDEN_AUDIT_OPERATOR_DELETE, "operator-delete", N_("Operator deleted") },
  { WARDEN_AUDIT_ROLE_CHANGE, "role-change", N_("Role changed") },
  { WARDEN_AUDIT_PASSWORD_CHANGE, "password-change", N_("Password changed") },
  { WARDEN_AUDIT_PASSWORD_RESET, "password-reset", N_("Password reset") },
  { WARDEN_AUDIT_SETTINGS_CHANGE, "settings-change", N_("Settings changed") },
  { WARDEN_AUDIT_ACCESS_DENIED, "access-denied", N_("Action refused") },
};

/**
 * warden_audit_action_get_name:
 *
 * Returns: the stable name stored in the log, such as "device-add".
 */
const char *
warden_audit_action_get_name (WardenAuditAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (actions[i].action == action)
        return actions[i].name;
    }
  g_return_val_if_reached (NULL);
}

/**
 * warden_audit_action_get_label:
 * @name: a stored action name
 *
 * Returns: the translated label, or @name itself if it is unknown.
 */
const char *
warden_audit_action_get_label (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (actions[i].name, name))
        return _(actions[i].label);
    }
  return name;
}

static void
warden_audit_entry_finalize (GObject *object)
{
  WardenAuditEntry *self = WARDEN_AUDIT_ENTRY (object);

  g_free (self->operator_name);
  g_free (self->action);
  g_free (self->target);
  g_free (self->detail);

  G_OBJECT_CLASS (warden_audit_entry_parent_class)->finalize (object);
}

static void
warden_audit_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WardenAuditEntry *self = WARDEN_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;
    case PROP_OPERATOR:
      g_value_set_string (value, self->operator_name);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_ACTION_LABEL:
      g_value_set_string (value, warden_audit_action_get_label (self->action));
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_TIME_TEXT:
      g_value_take_string (value, warden_audit_entry_format_time (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_audit_entry_class_init (WardenAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = warden_audit_entry_finalize;
  object_class->get_property = warden_audit_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPERATOR] =
    g_param_spec_string ("operator", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_LABEL] =
    g_param_spec_string ("action-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_TEXT] =
    g_param_spec_string ("time-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_audit_entry_init (WardenAuditEntry *self)
{
}

WardenAuditEntry *
warden_audit_entry_new (gint64      id,
                        gint64      at,
                        const char *operator_name,
                        const char *action,
                        const char *target,
                        const char *detail)
{
  WardenAuditEntry *self;

  g_return_val_if_fail (operator_name != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (WARDEN_TYPE_AUDIT_ENTRY, NULL);
  self->id = id;
  self->at = at;
  self->operator_name = g_strdup (operator_name);
  self->action = g_strdup (action);
  self->target = g_strdup (target != NULL ? target : "");
  self->detail = g_strdup (detail != NULL ? detail : "");
  return self;
}

gint64
warden_audit_entry_get_id (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

gint64
warden_audit_entry_get_at (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

const char *
warden_audit_entry_get_operator (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), NULL);
  return self->operator_name;
}

const char *
warden_audit_entry_get_action (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
warden_audit_entry_get_target (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), NULL);
  return self->target;
}

const char *
warden_audit_entry_get_detail (WardenAuditEntry *self)
{
  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), NULL);
  return self->detail;
}

/**
 * warden_audit_entry_format_time:
 *
 * Returns: (transfer full): the time in ISO 8601, UTC, to the second.
 */
char *
warden_audit_entry_format_time (WardenAuditEntry *self)
{
  g_autoptr (GDateTime) time = NULL;

  g_return_val_if_fail (WARDEN_IS_AUDIT_ENTRY (self), NULL);

  time = g_date_time_new_from_unix_utc (self->at / G_USEC_PER_SEC);
  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* RFC 4180 quoting. A field a spreadsheet would run as a formula gets a
 * leading apostrophe, so an exported log cannot carry an injected formula. */
static void
append_csv_field (GString    *line,
                  const char *field)
{
  g_string_append_c (line, '"');
  if (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
      field[0] == '\t' || field[0] == '\r')
    g_string_append_c (line, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/**
 * warden_audit_write_csv:
 * @entries: a list of #WardenAuditEntry
 *
 * Writes a header line, then one line per entry (time, operator, action,
 * target, detail), with CRLF line ends as RFC 4180 has them.
 */
gboolean
warden_audit_write_csv (GListModel     *entries,
                        GOutputStream  *stream,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr (GString) line = g_string_new ("time,operator,action,target,detail\r\n");
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (entries), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!g_output_stream_write_all (stream, line->str, line->len, NULL, cancellable, error))
    return FALSE;

  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WardenAuditEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *time = warden_audit_entry_format_time (entry);

      g_string_truncate (line, 0);
      append_csv_field (line, time);
      g_string_append_c (line, ',');
      append_csv_field (line, entry->operator_name);
      g_string_append_c (line, ',');
      append_csv_field (line, entry->action);
      g_string_append_c (line, ',');
      append_csv_field (line, entry->target);
      g_string_append_c (line, ',');
      append_csv_field (line, entry->detail);
      g_string_append (line, "\r\n");
      if (!g_output_stream_write_all (stream, line->str, line->len, NULL, cancellable, error))
        return FALSE;
    }
  return TRUE;
}
