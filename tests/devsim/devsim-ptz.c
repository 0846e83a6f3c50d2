/* devsim-ptz.c: pan/tilt/zoom state of a channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim"

#include "config.h"

#include "devsim-ptz.h"
#include "devsim-host.h"

#include <math.h>

/* Degrees per second per speed step, and zoom factor per second per step. */
#define PAN_RATE  5.0
#define ZOOM_RATE 0.5
#define ZOOM_MAX  32.0

void
devsim_ptz_settle (DevsimChannel *channel)
{
  gint64 now = g_get_monotonic_time ();
  double dt = (now - channel->move_since_us) / (double) G_USEC_PER_SEC;

  if (channel->move_pan == 0 && channel->move_tilt == 0 && channel->move_zoom == 0)
    return;
  channel->pan = fmod (channel->pan + channel->move_pan * PAN_RATE * dt + 360.0, 360.0);
  channel->tilt = CLAMP (channel->tilt + channel->move_tilt * PAN_RATE * dt, -15.0, 90.0);
  channel->zoom = CLAMP (channel->zoom + channel->move_zoom * ZOOM_RATE * dt, 1.0, ZOOM_MAX);
  channel->move_since_us = now;
}

static void
stop_moving (DevsimChannel *channel)
{
  devsim_ptz_settle (channel);
  channel->move_pan = channel->move_tilt = channel->move_zoom = 0;
}

static gboolean
check_speed (int speed,
             GError **error)
{
  if (speed < 1 || speed > 8)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "PTZ speed %d is not in 1..8", speed);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_preset (int index,
              GError **error)
{
  if (index < 1 || index > DEVSIM_MAX_PRESETS)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                   "Preset %d is not in 1..%d", index, DEVSIM_MAX_PRESETS);
      return FALSE;
    }
  return TRUE;
}

static const struct
{
  const char *code;
  int pan, tilt;
  gboolean diagonal;
} directions[] = {
  { "Up", 0, 1, FALSE }, { "Down", 0, -1, FALSE },
  { "Left", -1, 0, FALSE }, { "Right", 1, 0, FALSE },
  { "LeftUp", -1, 1, TRUE }, { "RightUp", 1, 1, TRUE },
  { "LeftDown", -1, -1, TRUE }, { "RightDown", 1, -1, TRUE },
};

gboolean
devsim_ptz_command (DevsimChannel *channel,
                    gboolean       start,
                    const char    *code,
                    int            arg1,
                    int            arg2,
                    int            arg3,
                    const char    *name,
                    GError       **error)
{
  if (code == NULL)
    {
      g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "PTZ request without a code");
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      int vspeed = directions[i].diagonal ? arg1 : arg2;
      int hspeed = arg2;

      if (g_strcmp0 (code, directions[i].code) != 0)
        continue;
      stop_moving (channel);
      if (!start)
        return TRUE;
      if ((directions[i].pan && !check_speed (hspeed, error)) ||
          (directions[i].tilt && !check_speed (vspeed, error)))
        return FALSE;
      channel->move_pan = directions[i].pan * hspeed;
      channel->move_tilt = directions[i].tilt * vspeed;
      channel->move_since_us = g_get_monotonic_time ();
      channel->tour_running = 0;
      return TRUE;
    }
  if (g_strcmp0 (code, "ZoomTele") == 0 || g_strcmp0 (code, "ZoomWide") == 0)
    {
      int speed = arg2 ? arg2 : 4;

      stop_moving (channel);
      if (!start)
        return TRUE;
      if (!check_speed (speed, error))
        return FALSE;
      channel->move_zoom = (code[4] == 'T' ? 1 : -1) * speed;
      channel->move_since_us = g_get_monotonic_time ();
      return TRUE;
    }
  if (g_str_has_prefix (code, "Focus") || g_str_has_prefix (code, "Iris"))
    {
      gboolean up = g_strcmp0 (code, "FocusFar") == 0 || g_strcmp0 (code, "IrisLarge") == 0;
      double *value = g_str_has_prefix (code, "Focus") ? &channel->focus : &channel->iris;

      if (g_strcmp0 (code, "FocusNear") && g_strcmp0 (code, "FocusFar") &&
          g_strcmp0 (code, "IrisLarge") && g_strcmp0 (code, "IrisSmall"))
        goto unknown;
      if (start)
        *value = CLAMP (*value + (up ? 0.05 : -0.05), 0.0, 1.0);
      return TRUE;
    }
  if (!start)
    return TRUE;
  if (g_strcmp0 (code, "SetPreset") == 0 || g_strcmp0 (code, "GotoPreset") == 0 ||
      g_strcmp0 (code, "ClearPreset") == 0)
    {
      DevsimPreset *p;

      if (!check_preset (arg2, error))
        return FALSE;
      p = &channel->presets[arg2];
      stop_moving (channel);
      if (code[0] == 'S')
        {
          p->set = TRUE;
          p->pan = channel->pan;
          p->tilt = channel->tilt;
          p->zoom = channel->zoom;
          g_free (p->name);
          p->name = name && *name ? g_strndup (name, 63) : g_strdup_printf ("Preset %d", arg2);
        }
      else if (code[0] == 'C')
        {
          p->set = FALSE;
          g_clear_pointer (&p->name, g_free);
        }
      else
        {
          if (!p->set)
            {
              g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_NOT_FOUND, "Preset %d is not set", arg2);
              return FALSE;
            }
          channel->pan = p->pan;
          channel->tilt = p->tilt;
          channel->zoom = p->zoom;
        }
      return TRUE;
    }
  if (g_strcmp0 (code, "StartTour") == 0)
    {
      if (arg1 < 1 || arg1 > 8)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Tour %d is not in 1..8", arg1);
          return FALSE;
        }
      stop_moving (channel);
      channel->tour_running = arg1;
      return TRUE;
    }
  if (g_strcmp0 (code, "StopTour") == 0)
    {
      channel->tour_running = 0;
      return TRUE;
    }
  if (g_strcmp0 (code, "PositionABS") == 0)
    {
      if (arg1 < 0 || arg1 >= 360 || arg2 < -15 || arg2 > 90 || arg3 < 1 || arg3 > ZOOM_MAX)
        {
          g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID,
                       "PositionABS %d,%d,%d is outside pan 0..359, tilt -15..90, zoom 1..32",
                       arg1, arg2, arg3);
          return FALSE;
        }
      stop_moving (channel);
      channel->pan = arg1;
      channel->tilt = arg2;
      channel->zoom = arg3;
      return TRUE;
    }
unknown:
  g_set_error (error, DEVSIM_ERROR, DEVSIM_ERROR_INVALID, "Unknown PTZ code “%s”", code);
  return FALSE;
}

JsonObject *
devsim_ptz_status (DevsimChannel *channel)
{
  JsonObject *o = json_object_new ();
  JsonArray *pos = json_array_new ();
  gboolean moving = channel->move_pan || channel->move_tilt || channel->move_zoom;

  devsim_ptz_settle (channel);
  json_array_add_double_element (pos, round (channel->pan * 10) / 10);
  json_array_add_double_element (pos, round (channel->tilt * 10) / 10);
  json_array_add_double_element (pos, round (channel->zoom * 10) / 10);
  json_object_set_array_member (o, "Postion", pos);
  json_object_set_string_member (o, "MoveStatus", moving ? "Moving" : "Idle");
  json_object_set_double_member (o, "Focus", channel->focus);
  json_object_set_double_member (o, "Iris", channel->iris);
  json_object_set_int_member (o, "TourID", channel->tour_running);
  return o;
}

JsonArray *
devsim_ptz_presets (DevsimChannel *channel)
{
  JsonArray *a = json_array_new ();

  for (int i = 1; i <= DEVSIM_MAX_PRESETS; i++)
    {
      JsonObject *o;

      if (!channel->presets[i].set)
        continue;
      o = json_object_new ();
      json_object_set_int_member (o, "Index", i);
      json_object_set_string_member (o, "Name", channel->presets[i].name);
      json_array_add_object_element (a, o);
    }
  return a;
}

void
devsim_ptz_tour_step (DevsimDevice *device)
{
  for (guint c = 0; c < device->channels->len; c++)
    {
      DevsimChannel *ch = g_ptr_array_index (device->channels, c);
      int current = -1;

      if (ch->tour_running == 0)
        continue;
      /* The next set preset after the one the camera sits on, wrapping. */
      for (int i = 1; i <= DEVSIM_MAX_PRESETS; i++)
        if (ch->presets[i].set && ch->presets[i].pan == ch->pan &&
            ch->presets[i].tilt == ch->tilt && ch->presets[i].zoom == ch->zoom)
          current = i;
      for (int step = 1; step <= DEVSIM_MAX_PRESETS; step++)
        {
          int i = ((MAX (current, 0) - 1 + step) % DEVSIM_MAX_PRESETS) + 1;

          if (ch->presets[i].set)
            {
              ch->pan = ch->presets[i].pan;
              ch->tilt = ch->presets[i].tilt;
              ch->zoom = ch->presets[i].zoom;
              break;
            }
        }
    }
}
