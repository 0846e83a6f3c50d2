/* warden-device-details-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a device reports about itself: model, serial and firmware, its service
 * ports, its disks with state and capacity, and each channel's main and sub
 * stream (codec, resolution, fps, bitrate), which can be changed here and
 * written back to the device.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-details-dialog.h"
#include "warden-device-ui.h"
#include "warden-json.h"

#define MAX_CHANNELS 1024
#define MAX_DISKS    64

static const char * const codecs[] = { "H.264", "H.265", "MJPG", NULL };
static const char * const stream_members[] = { "MainFormat", "ExtraFormat" };

/* The fields of one stream of one channel. */
typedef struct
{
  GtkDropDown   *codec;
  GtkEditable   *resolution;
  GtkSpinButton *fps;
  GtkSpinButton *bitrate;
} StreamFields;

struct _WardenDeviceDetailsDialog
{
  AdwWindow               parent_instance;

  AdwWindowTitle         *title;
  AdwPreferencesGroup    *info_group;
  AdwPreferencesGroup    *ports_group;
  AdwPreferencesGroup    *storage_group;
  AdwPreferencesGroup    *channels_group;
  GtkLabel               *outcome_label;

  WardenDeviceSupervisor *supervisor;
  WardenDeviceSession    *session;
  GCancellable           *cancellable;
  JsonNode               *encode;     /* the Encode table as read, then as written */
  JsonNode               *pending;    /* the table being written */
  GArray                 *fields;     /* StreamFields, 2 per channel: main, sub */
  guint                   port_step;
};

G_DEFINE_FINAL_TYPE (WardenDeviceDetailsDialog, warden_device_details_dialog, ADW_TYPE_WINDOW)

static const struct
{
  const char *config;
  const char *member;
  const char *title;
} port_steps[] = {
  { "DVRIP", "TCPPort", N_("Device port (TCP)") },
  { "Web", "Port", N_("Web port (HTTP)") },
  { "RTSP", "Port", N_("RTSP port") },
};

static void read_ports (WardenDeviceDetailsDialog *self);

static void
add_value_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && value[0] != '\0' ? value : "—");
  adw_preferences_group_add (group, row);
}

/* The Video object of @channel's main (0) or sub (1) stream in @table, or NULL. */
static JsonObject *
stream_video (JsonNode *table,
              guint     channel,
              int       stream)
{
  JsonArray *channels = JSON_NODE_HOLDS_ARRAY (table) ? json_node_get_array (table) : NULL;
  JsonNode *element;
  JsonArray *formats;
  JsonNode *first;

  if (channels == NULL || channel >= json_array_get_length (channels))
    return NULL;
  element = json_array_get_element (channels, channel);
  if (!JSON_NODE_HOLDS_OBJECT (element))
    return NULL;
  formats = warden_json_get_array (json_node_get_object (element), stream_members[stream]);
  if (formats == NULL || json_array_get_length (formats) == 0)
    return NULL;
  first = json_array_get_element (formats, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return warden_json_get_object (json_node_get_object (first), "Video");
}

/* Names @widget "ch<N>-<main|sub>-<field>" (1-based N) so it can be found again. */
static GtkWidget *
named (GtkWidget  *widget,
       guint       channel,
       int         stream,
       const char *field)
{
  g_autofree char *name = g_strdup_printf ("ch%u-%s-%s", channel + 1, stream == 0 ? "main" : "sub",
                                           field);

  gtk_widget_set_name (widget, name);
  return widget;
}

static GtkWidget *
stream_row (guint         channel,
            int           stream,
            JsonObject   *video,
            StreamFields *out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *codec = named (gtk_drop_down_new_from_strings (codecs), channel, stream, "codec");
  GtkWidget *resolution = named (gtk_entry_new (), channel, stream, "resolution");
  GtkWidget *fps = named (gtk_spin_button_new_with_range (1, 60, 1), channel, stream, "fps");
  GtkWidget *bitrate = named (gtk_spin_button_new_with_range (32, 20480, 32), channel, stream,
                              "bitrate");
  GtkWidget *fields[] = { codec, resolution, fps, bitrate };
  g_autofree char *compression = warden_json_dup_string (video, "Compression");
  g_autofree char *size = warden_json_dup_string (video, "resolution");
  gint64 value;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 stream == 0 ? _("Main stream") : _("Sub stream"));
  for (guint i = 0; codecs[i] != NULL; i++)
    if (g_strcmp0 (codecs[i], compression) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (codec), i);
  gtk_editable_set_text (GTK_EDITABLE (resolution), size != NULL ? size : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (resolution), 9);
  gtk_entry_set_max_length (GTK_ENTRY (resolution), 11);
  if (warden_json_get_int (video, "FPS", &value))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (fps), (double) value);
  if (warden_json_get_int (video, "BitRate", &value))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (bitrate), (double) value);
  gtk_widget_set_tooltip_text (fps, _("Frames per second"));
  gtk_widget_set_tooltip_text (bitrate, _("Bitrate in kbit/s"));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gtk_widget_set_valign (fields[i], GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), fields[i]);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  out->codec = GTK_DROP_DOWN (codec);
  out->resolution = GTK_EDITABLE (resolution);
  out->fps = GTK_SPIN_BUTTON (fps);
  out->bitrate = GTK_SPIN_BUTTON (bitrate);
  return row;
}

/* Copies the widgets of @channel's @stream into @video; FALSE with the reason shown. */
static gboolean
read_stream (WardenDeviceDetailsDialog *self,
             guint                      channel,
             int                        stream,
             JsonObject                *video)
{
  const StreamFields *fields = &g_array_index (self->fields, StreamFields, channel * 2 + (guint) stream);
  const char *resolution = gtk_editable_get_text (fields->resolution);
  g_auto(GStrv) size = g_strsplit (resolution, "x", 3);
  guint64 width = 0, height = 0;

  if (g_strv_length (size) != 2 ||
      !g_ascii_string_to_unsigned (size[0], 10, 16, 8192, &width, NULL) ||
      !g_ascii_string_to_unsigned (size[1], 10, 16, 8192, &height, NULL))
    {
      g_autofree char *text = g_strdup_printf (_("Channel %u: enter the resolution as width×height, such as 1920x1080."),
                                               channel + 1);

      warden_device_ui_show_outcome (self->outcome_label, text, TRUE);
      return FALSE;
    }
  json_object_set_string_member (video, "Compression",
                                 codecs[MIN (gtk_drop_down_get_selected (fields->codec),
                                             G_N_ELEMENTS (codecs) - 2)]);
  json_object_set_string_member (video, "resolution", resolution);
  json_object_set_int_member (video, "Width", (gint64) width);
  json_object_set_int_member (video, "Height", (gint64) height);
  json_object_set_int_member (video, "FPS", gtk_spin_button_get_value_as_int (fields->fps));
  json_object_set_int_member (video, "BitRate", gtk_spin_button_get_value_as_int (fields->bitrate));
  return TRUE;
}

static void
encode_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceDetailsDialog *self;

  if (!warden_device_session_set_config_finish (WARDEN_DEVICE_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  gtk_widget_set_sensitive (GTK_WIDGET (self->channels_group), TRUE);
  if (error != NULL)
    {
      warden_device_ui_show_outcome (self->outcome_label, error->message, TRUE);
      g_clear_pointer (&self->pending, json_node_unref);
      return;
    }
  g_clear_pointer (&self->encode, json_node_unref);
  self->encode = g_steal_pointer (&self->pending);
  warden_device_ui_show_outcome (self->outcome_label, _("The device accepted the new encoding."), FALSE);
}

static void
apply_clicked_cb (GtkButton                 *button,
                  WardenDeviceDetailsDialog *self)
{
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "channel"));
  g_autoptr(JsonNode) table = json_node_copy (self->encode);

  for (int stream = 0; stream < 2; stream++)
    {
      JsonObject *video = stream_video (table, channel, stream);

      if (video != NULL && !read_stream (self, channel, stream, video))
        return;
    }
  if (self->session == NULL)
    return;
  self->pending = g_steal_pointer (&table);
  gtk_widget_set_sensitive (GTK_WIDGET (self->channels_group), FALSE);
  warden_device_ui_show_outcome (self->outcome_label, _("Writing…"), FALSE);
  warden_device_session_set_config_async (self->session, "Encode", self->pending,
                                          self->cancellable, encode_written_cb, self);
}

static void
encode_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) table = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                 result, &error);
  WardenDeviceDetailsDialog *self;
  GListModel *channels;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (table == NULL || !JSON_NODE_HOLDS_ARRAY (table))
    {
      warden_device_ui_show_outcome (self->outcome_label, error != NULL ? error->message : _("The device sent no encoding table."),
                    TRUE);
      return;
    }
  self->encode = g_steal_pointer (&table);
  channels = warden_device_supervisor_get_channels (self->supervisor);
  n = MIN (json_array_get_length (json_node_get_array (self->encode)), MAX_CHANNELS);
  g_array_set_size (self->fields, n * 2);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *apply_row = adw_action_row_new ();
      GtkWidget *apply = named (gtk_button_new_with_mnemonic (_("_Apply")), i, 0, "apply");
      g_autoptr(WardenDeviceChannel) channel = g_list_model_get_item (channels, i);
      g_autofree char *title = g_strdup_printf (_("Channel %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      if (channel != NULL)
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                       warden_device_channel_get_display_name (channel));
      for (int stream = 0; stream < 2; stream++)
        {
          JsonObject *video = stream_video (self->encode, i, stream);
          StreamFields *fields = &g_array_index (self->fields, StreamFields, i * 2 + (guint) stream);

          if (video != NULL)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                      stream_row (i, stream, video, fields));
        }
      gtk_widget_set_valign (apply, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (apply, "suggested-action");
      g_object_set_data (G_OBJECT (apply), "channel", GUINT_TO_POINTER (i));
      g_signal_connect (apply, "clicked", G_CALLBACK (apply_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (apply_row), apply);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), apply_row);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), i == 0);
      adw_preferences_group_add (self->channels_group, expander);
    }
  warden_device_ui_show_outcome (self->outcome_label, "", FALSE);
}

static void
storage_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) disks = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                 result, &error);
  WardenDeviceDetailsDialog *self;
  guint n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (disks != NULL && JSON_NODE_HOLDS_ARRAY (disks))
    n = MIN (json_array_get_length (json_node_get_array (disks)), MAX_DISKS);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (disks), i);
      JsonObject *disk = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonArray *parts = disk != NULL ? warden_json_get_array (disk, "Detail") : NULL;
      g_autofree char *name = disk != NULL ? warden_json_dup_string (disk, "Name") : NULL;
      g_autofree char *state = disk != NULL ? warden_json_dup_string (disk, "State") : NULL;
      g_autofree char *total_text = NULL;
      g_autofree char *free_text = NULL;
      g_autofree char *value = NULL;
      gint64 total = 0, used = 0;

      for (guint j = 0; parts != NULL && j < MIN (json_array_get_length (parts), MAX_DISKS); j++)
        {
          JsonNode *part = json_array_get_element (parts, j);
          gint64 bytes;

          if (!JSON_NODE_HOLDS_OBJECT (part))
            continue;
          if (warden_json_get_int (json_node_get_object (part), "TotalBytes", &bytes) && bytes > 0)
            total += bytes;
          if (warden_json_get_int (json_node_get_object (part), "UsedBytes", &bytes) && bytes > 0)
            used += bytes;
        }
      total_text = g_format_size ((guint64) total);
      free_text = g_format_size ((guint64) MAX (0, total - used));
      value = g_strdup_printf (_("%s; %s, %s free"), state != NULL ? state : _("unknown state"),
                               total_text, free_text);
      add_value_row (self->storage_group, name != NULL ? name : _("Disk"), value);
    }
  if (n == 0)
    add_value_row (self->storage_group, _("Disks"),
                   error != NULL ? error->message : _("No disk installed"));
  warden_device_session_get_config_async (self->session, "Encode", self->cancellable,
                                          encode_read_cb, self);
}

static void
port_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) table = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                 result, &error);
  WardenDeviceDetailsDialog *self;
  g_autofree char *value = NULL;
  gint64 port;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (table != NULL && JSON_NODE_HOLDS_OBJECT (table) &&
      warden_json_get_int (json_node_get_object (table), port_steps[self->port_step].member, &port))
    /* A device reports port 0 for a service it does not run. */
    value = port > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, port) : g_strdup (_("not offered"));
  add_value_row (self->ports_group, _(port_steps[self->port_step].title),
                 value != NULL ? value : _("not reported"));
  self->port_step++;
  read_ports (self);
}

static void
read_ports (WardenDeviceDetailsDialog *self)
{
  if (self->port_step < G_N_ELEMENTS (port_steps))
    warden_device_session_get_config_async (self->session, port_steps[self->port_step].config,
                                            self->cancellable, port_read_cb, self);
  else
    warden_device_session_get_storage_async (self->session, self->cancellable, storage_read_cb,
                                             self);
}

static void
warden_device_details_dialog_dispose (GObject *object)
{
  WardenDeviceDetailsDialog *self = WARDEN_DEVICE_DETAILS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (warden_device_details_dialog_parent_class)->dispose (object);
}

static void
warden_device_details_dialog_finalize (GObject *object)
{
  WardenDeviceDetailsDialog *self = WARDEN_DEVICE_DETAILS_DIALOG (object);

  g_clear_object (&self->supervisor);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->encode, json_node_unref);
  g_clear_pointer (&self->pending, json_node_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  G_OBJECT_CLASS (warden_device_details_dialog_parent_class)->finalize (object);
}

static void
warden_device_details_dialog_class_init (WardenDeviceDetailsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_device_details_dialog_dispose;
  object_class->finalize = warden_device_details_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/warden/Warden/warden-device-details-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, title);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, info_group);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, ports_group);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, storage_group);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, channels_group);
  gtk_widget_class_bind_template_child (widget_class, WardenDeviceDetailsDialog, outcome_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
warden_device_details_dialog_init (WardenDeviceDetailsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_array_new (FALSE, TRUE, sizeof (StreamFields));
}

GtkWidget *
warden_device_details_dialog_new (WardenDeviceSupervisor *supervisor)
{
  WardenDeviceDetailsDialog *self;
  const WardenDeviceRecord *record;
  g_autofree char *address = NULL;
  g_autofree char *kind_model = NULL;
  WardenDeviceSession *session;

  g_return_val_if_fail (WARDEN_IS_DEVICE_SUPERVISOR (supervisor), NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_DETAILS_DIALOG, NULL);
  self->supervisor = g_object_ref (supervisor);
  record = warden_device_supervisor_get_record (supervisor);
  address = g_strdup_printf ("%s:%u", record->address, record->port);
  g_object_get (supervisor, "kind-model", &kind_model, NULL);
  adw_window_title_set_title (self->title, record->name);
  adw_window_title_set_subtitle (self->title, address);
  add_value_row (self->info_group, _("Kind and model"), kind_model);
  add_value_row (self->info_group, _("Serial number"), record->serial);
  add_value_row (self->info_group, _("Firmware"), record->firmware);
  add_value_row (self->info_group, _("Status"), warden_device_supervisor_get_status_text (supervisor));

  session = warden_device_supervisor_get_session (supervisor);
  if (session == NULL)
    {
      warden_device_ui_show_outcome (self->outcome_label, _("The device is not online; ports, disks and encoding are read from it once it is."),
                    TRUE);
      return GTK_WIDGET (self);
    }
  self->session = g_object_ref (session);
  warden_device_ui_show_outcome (self->outcome_label, _("Reading from the device…"), FALSE);
  read_ports (self);
  return GTK_WIDGET (self);
}
