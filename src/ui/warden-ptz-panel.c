/* warden-ptz-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Motion (directions, zoom, focus, iris) runs while a button, a key or a drag
 * is held: pressing sends the code, releasing sends it again with stop set.
 * Presets and tours are single commands. The channel's presets are read from
 * the device with their names whenever the target changes or one is saved or
 * cleared; saving under a preset's name replaces its position, and a new name
 * takes the first free number. Every reply is reported through
 * ::command-finished so the page can show errors.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "warden-ptz-panel.h"

/* Pixels a drag must travel before it steers, and per speed step after that. */
#define STEER_DEAD_ZONE 12.0
#define STEER_PER_SPEED 40.0
#define MAX_SPEED 8

struct _WardenPtzPanel
{
  AdwBin parent_instance;

  GtkWidget *box;
  GtkGrid *direction_grid;
  GtkGrid *lens_grid;
  GtkRange *speed_scale;
  GtkDropDown *preset_dropdown;
  GtkStringList *preset_names;
  GtkEntry *preset_name_entry;
  GtkSpinButton *tour_spin;

  WardenDeviceSession *session;
  int channel;
  GCancellable *cancellable;
  GCancellable *presets_cancellable;  /* the preset list being read */
  GPtrArray *presets;                 /* WardenPtzPreset, as shown */
  int select_index;                   /* the preset to choose once listed, or 0 */
  char *running;          /* the motion code started and not yet stopped */
  int running_speed;
};

G_DEFINE_FINAL_TYPE (WardenPtzPanel, warden_ptz_panel, ADW_TYPE_BIN)

enum {
  COMMAND_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *code;
  const char *label;
  const char *tooltip;
  int column;
  int row;
} Button;

static const Button directions[] = {
  { "LeftUp", "↖", N_("Up and left"), 0, 0 },
  { "Up", "↑", N_("Up"), 1, 0 },
  { "RightUp", "↗", N_("Up and right"), 2, 0 },
  { "Left", "←", N_("Left"), 0, 1 },
  { "Right", "→", N_("Right"), 2, 1 },
  { "LeftDown", "↙", N_("Down and left"), 0, 2 },
  { "Down", "↓", N_("Down"), 1, 2 },
  { "RightDown", "↘", N_("Down and right"), 2, 2 },
};

static const Button lens[] = {
  { "ZoomWide", "−", N_("Zoom out"), 1, 0 },
  { "ZoomTele", "+", N_("Zoom in"), 2, 0 },
  { "FocusNear", "−", N_("Focus near"), 1, 1 },
  { "FocusFar", "+", N_("Focus far"), 2, 1 },
  { "IrisSmall", "−", N_("Close the iris"), 1, 2 },
  { "IrisLarge", "+", N_("Open the iris"), 2, 2 },
};

/* In the order of the rows of lens[]. */
static const char * const lens_names[] = { N_("Zoom"), N_("Focus"), N_("Iris") };

typedef struct
{
  WardenPtzPanel *self;
  char *code;
} Command;

static void
command_free (Command *command)
{
  g_free (command->code);
  g_free (command);
}

static WardenPtzPreset *
selected_preset (WardenPtzPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->preset_dropdown);

  if (self->presets == NULL || selected >= self->presets->len)
    return NULL;
  return g_ptr_array_index (self->presets, selected);
}

static void
warden_ptz_panel_actions_update (WardenPtzPanel *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ptz.preset",
                                 self->session != NULL && selected_preset (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ptz.save-preset", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ptz.refresh-presets", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ptz.tour", self->session != NULL);
  gtk_widget_set_sensitive (self->box, self->session != NULL);
}

static void
show_presets (WardenPtzPanel *self,
              GPtrArray      *presets)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;
  WardenPtzPreset *current = selected_preset (self);
  int keep = self->select_index != 0 ? self->select_index
             : current != NULL ? warden_ptz_preset_get_index (current) : 0;

  for (guint i = 0; presets != NULL && i < presets->len; i++)
    {
      WardenPtzPreset *preset = g_ptr_array_index (presets, i);

      g_ptr_array_add (names, g_strdup_printf ("%d · %s", warden_ptz_preset_get_index (preset),
                                               warden_ptz_preset_get_name (preset)));
      if (warden_ptz_preset_get_index (preset) == keep || selected == GTK_INVALID_LIST_POSITION)
        selected = i;
    }
  g_ptr_array_add (names, NULL);

  g_clear_pointer (&self->presets, g_ptr_array_unref);
  self->presets = presets != NULL ? g_ptr_array_ref (presets) : NULL;
  self->select_index = 0;
  gtk_string_list_splice (self->preset_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->preset_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->preset_dropdown, selected);
  warden_ptz_panel_actions_update (self);
}

static void
presets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WardenPtzPanel *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets =
    warden_device_session_list_presets_finish (WARDEN_DEVICE_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  show_presets (self, presets);
  if (presets == NULL)
    g_signal_emit (self, signals[COMMAND_FINISHED], 0, "getPresets", error->message);
}

static void
refresh_presets (WardenPtzPanel *self)
{
  g_cancellable_cancel (self->presets_cancellable);
  g_clear_object (&self->presets_cancellable);
  if (self->session == NULL)
    {
      show_presets (self, NULL);
      return;
    }

  self->presets_cancellable = g_cancellable_new ();
  warden_device_session_list_presets_async (self->session, self->channel, self->presets_cancellable,
                                            presets_listed_cb, self);
}

static void
preset_selected_cb (WardenPtzPanel *self)
{
  warden_ptz_panel_actions_update (self);
}

static void
command_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Command *command = user_data;
  g_autoptr(GError) error = NULL;

  if (!warden_device_session_control_finish (WARDEN_DEVICE_SESSION (object), result, NULL, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      command_free (command);
      return;
    }

  g_signal_emit (command->self, signals[COMMAND_FINISHED], 0, command->code,
                 error != NULL ? error->message : NULL);
  if (error == NULL
      && (g_strcmp0 (command->code, "SetPreset") == 0 || g_strcmp0 (command->code, "ClearPreset") == 0))
    refresh_presets (command->self);
  command_free (command);
}

static Command *
command_new (WardenPtzPanel *self,
             const char     *code)
{
  Command *command = g_new0 (Command, 1);

  command->self = self;
  command->code = g_strdup (code);
  return command;
}

static void
send (WardenPtzPanel *self,
      const char     *code,
      int             arg1,
      int             arg2,
      gboolean        stop)
{
  Command *command;

  if (self->session == NULL)
    return;

  command = command_new (self, code);
  warden_device_session_ptz_async (self->session, self->channel, code, arg1, arg2, 0, stop,
                                   self->cancellable, command_done_cb, command);
}

/* Diagonals take the vertical speed in arg1 as well; straight moves take 0. */
static gboolean
is_diagonal (const char *code)
{
  return (g_str_has_prefix (code, "Left") || g_str_has_prefix (code, "Right"))
         && (g_str_has_suffix (code, "Up") || g_str_has_suffix (code, "Down"));
}

static void
start_at_speed (WardenPtzPanel *self,
                const char     *code,
                int             speed)
{
  if (g_strcmp0 (self->running, code) == 0 && self->running_speed == speed)
    return;

  warden_ptz_panel_stop (self);
  g_free (self->running);
  self->running = g_strdup (code);
  self->running_speed = speed;
  send (self, code, is_diagonal (code) ? speed : 0, speed, FALSE);
}

static void
hold_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 WardenPtzPanel  *self)
{
  const char *code = g_object_get_data (G_OBJECT (gesture), "ptz-code");

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  warden_ptz_panel_start (self, code);
}

static void
hold_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  WardenPtzPanel  *self)
{
  warden_ptz_panel_stop (self);
}

static void
hold_cancelled_cb (GtkGesture       *gesture,
                   GdkEventSequence *sequence,
                   WardenPtzPanel   *self)
{
  warden_ptz_panel_stop (self);
}

static GtkWidget *
hold_button_new (WardenPtzPanel *self,
                 const Button   *button)
{
  GtkWidget *widget = gtk_button_new_with_label (button->label);
  GtkGesture *hold = gtk_gesture_click_new ();

  gtk_widget_set_tooltip_text (widget, _(button->tooltip));
  gtk_widget_set_size_request (widget, 36, 32);
  g_object_set_data (G_OBJECT (hold), "ptz-code", (gpointer) button->code);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (hold), GTK_PHASE_CAPTURE);
  g_signal_connect (hold, "pressed", G_CALLBACK (hold_pressed_cb), self);
  g_signal_connect (hold, "released", G_CALLBACK (hold_released_cb), self);
  g_signal_connect (hold, "cancel", G_CALLBACK (hold_cancelled_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (hold));
  return widget;
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WardenPtzPanel *self = WARDEN_PTZ_PANEL (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  WardenPtzPreset *preset = selected_preset (self);

  if ((g_strcmp0 (code, "GotoPreset") != 0 && g_strcmp0 (code, "ClearPreset") != 0) || preset == NULL)
    return;
  send (self, code, 0, warden_ptz_preset_get_index (preset), FALSE);
}

/* The preset named @name, else the first free number; 0 when all are taken. */
static int
preset_index_for (WardenPtzPanel *self,
                  const char     *name)
{
  gboolean taken[WARDEN_PTZ_PRESET_MAX + 1] = { FALSE };

  for (guint i = 0; self->presets != NULL && i < self->presets->len; i++)
    {
      WardenPtzPreset *preset = g_ptr_array_index (self->presets, i);
      int index = warden_ptz_preset_get_index (preset);

      if (strcmp (warden_ptz_preset_get_name (preset), name) == 0)
        return index;
      if (index >= 1 && index <= WARDEN_PTZ_PRESET_MAX)
        taken[index] = TRUE;
    }
  for (int index = 1; index <= WARDEN_PTZ_PRESET_MAX; index++)
    if (!taken[index])
      return index;
  return 0;
}

static void
save_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WardenPtzPanel *self = WARDEN_PTZ_PANEL (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->preset_name_entry))));
  int index;

  if (self->session == NULL)
    return;
  if (*name == '\0')
    {
      g_signal_emit (self, signals[COMMAND_FINISHED], 0, "SetPreset",
                     _("Type a name for the preset, then save"));
      return;
    }
  index = preset_index_for (self, name);
  if (index == 0)
    {
      g_signal_emit (self, signals[COMMAND_FINISHED], 0, "SetPreset",
                     _("Every preset number is taken; clear one or save under an existing name"));
      return;
    }

  self->select_index = index;
  gtk_editable_set_text (GTK_EDITABLE (self->preset_name_entry), "");
  warden_device_session_set_preset_async (self->session, self->channel, index, name, self->cancellable,
                                          command_done_cb, command_new (self, "SetPreset"));
}

static void
refresh_presets_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  refresh_presets (WARDEN_PTZ_PANEL (widget));
}

static void
preset_name_activate_cb (WardenPtzPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "ptz.save-preset", NULL);
}

static void
tour_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WardenPtzPanel *self = WARDEN_PTZ_PANEL (widget);
  const char *code = g_variant_get_string (parameter, NULL);

  if (g_strcmp0 (code, "StartTour") != 0 && g_strcmp0 (code, "StopTour") != 0)
    return;
  /* Tours take their number in arg1. */
  send (self, code, gtk_spin_button_get_value_as_int (self->tour_spin), 0, FALSE);
}

static void
warden_ptz_panel_dispose (GObject *object)
{
  WardenPtzPanel *self = WARDEN_PTZ_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->presets_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->presets_cancellable);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->running, g_free);

  G_OBJECT_CLASS (warden_ptz_panel_parent_class)->dispose (object);
}

static void
warden_ptz_panel_class_init (WardenPtzPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_ptz_panel_dispose;

  /**
   * WardenPtzPanel::command-finished:
   * @code: the command sent
   * @error: what went wrong, or NULL when the device accepted it
   */
  signals[COMMAND_FINISHED] =
    g_signal_new ("command-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-ptz-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, box);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, direction_grid);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, lens_grid);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, speed_scale);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, preset_names);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, preset_name_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenPtzPanel, tour_spin);
  gtk_widget_class_bind_template_callback (widget_class, preset_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_name_activate_cb);

  gtk_widget_class_install_action (widget_class, "ptz.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "ptz.save-preset", NULL, save_preset_action);
  gtk_widget_class_install_action (widget_class, "ptz.refresh-presets", NULL, refresh_presets_action);
  gtk_widget_class_install_action (widget_class, "ptz.tour", "s", tour_action);
}

static void
warden_ptz_panel_init (WardenPtzPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    gtk_grid_attach (self->direction_grid, hold_button_new (self, &directions[i]),
                     directions[i].column, directions[i].row, 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (lens_names); i++)
    {
      GtkWidget *label = gtk_label_new (_(lens_names[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (self->lens_grid, label, 0, i, 1, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lens); i++)
    gtk_grid_attach (self->lens_grid, hold_button_new (self, &lens[i]), lens[i].column, lens[i].row, 1, 1);
  warden_ptz_panel_actions_update (self);
}

GtkWidget *
warden_ptz_panel_new (void)
{
  return g_object_new (WARDEN_TYPE_PTZ_PANEL, NULL);
}

void
warden_ptz_panel_set_target (WardenPtzPanel      *self,
                             WardenDeviceSession *session,
                             int                  channel)
{
  g_return_if_fail (WARDEN_IS_PTZ_PANEL (self));
  g_return_if_fail (session == NULL || WARDEN_IS_DEVICE_SESSION (session));
  g_return_if_fail (session == NULL || channel >= 1);

  if (self->session == session && self->channel == channel)
    return;

  warden_ptz_panel_stop (self);
  g_set_object (&self->session, session);
  self->channel = channel;
  self->select_index = 0;
  show_presets (self, NULL);
  refresh_presets (self);
}

int
warden_ptz_panel_get_speed (WardenPtzPanel *self)
{
  g_return_val_if_fail (WARDEN_IS_PTZ_PANEL (self), 0);

  return (int) gtk_range_get_value (self->speed_scale);
}

void
warden_ptz_panel_set_speed (WardenPtzPanel *self,
                            int             speed)
{
  g_return_if_fail (WARDEN_IS_PTZ_PANEL (self));

  gtk_range_set_value (self->speed_scale, CLAMP (speed, 1, MAX_SPEED));
}

void
warden_ptz_panel_start (WardenPtzPanel *self,
                        const char     *code)
{
  g_return_if_fail (WARDEN_IS_PTZ_PANEL (self));
  g_return_if_fail (code != NULL);

  start_at_speed (self, code, warden_ptz_panel_get_speed (self));
}

void
warden_ptz_panel_stop (WardenPtzPanel *self)
{
  g_autofree char *code = NULL;

  g_return_if_fail (WARDEN_IS_PTZ_PANEL (self));

  code = g_steal_pointer (&self->running);
  if (code != NULL)
    send (self, code, is_diagonal (code) ? self->running_speed : 0, self->running_speed, TRUE);
  self->running_speed = 0;
}

void
warden_ptz_panel_steer (WardenPtzPanel *self,
                        double          dx,
                        double          dy)
{
  /* tan (22.5°): within that angle of an axis the drag is straight, else diagonal. */
  const double straight = 0.41421356;
  double ax = ABS (dx), ay = ABS (dy);
  double length2 = dx * dx + dy * dy;
  const char *code;
  int speed = 1;

  g_return_if_fail (WARDEN_IS_PTZ_PANEL (self));

  if (length2 < STEER_DEAD_ZONE * STEER_DEAD_ZONE)
    {
      warden_ptz_panel_stop (self);
      return;
    }

  /* Screen y grows downwards. */
  if (ay < straight * ax)
    code = dx > 0 ? "Right" : "Left";
  else if (ax < straight * ay)
    code = dy < 0 ? "Up" : "Down";
  else if (dy < 0)
    code = dx > 0 ? "RightUp" : "LeftUp";
  else
    code = dx > 0 ? "RightDown" : "LeftDown";

  while (speed < MAX_SPEED)
    {
      double reach = STEER_DEAD_ZONE + speed * STEER_PER_SPEED;

      if (length2 < reach * reach)
        break;
      speed++;
    }
  start_at_speed (self, code, speed);
}

gboolean
warden_ptz_panel_key (WardenPtzPanel *self,
                      guint           keyval,
                      gboolean        pressed)
{
  const char *code;

  g_return_val_if_fail (WARDEN_IS_PTZ_PANEL (self), FALSE);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      code = "Up";
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      code = "Down";
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      code = "Left";
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      code = "Right";
      break;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      code = "ZoomTele";
      break;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      code = "ZoomWide";
      break;
    default:
      return FALSE;
    }

  if (self->session == NULL)
    return FALSE;

  if (pressed)
    warden_ptz_panel_start (self, code);
  else if (g_strcmp0 (self->running, code) == 0)
    warden_ptz_panel_stop (self);
  return TRUE;
}
