/* live-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "live-test-util.h"

gboolean
live_test_drop_at (GtkWidget  *widget,
                   double      x,
                   double      y,
                   const char *payload)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, payload);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, x, y, &accepted);
    }
  return accepted;
}

gboolean
live_test_drop_on (WardenLiveGrid *grid,
                   guint           index,
                   const char     *payload)
{
  GtkWidget *tile = GTK_WIDGET (warden_live_grid_get_tile (grid, index));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (tile, GTK_WIDGET (grid), &bounds));
  return live_test_drop_at (GTK_WIDGET (grid), bounds.origin.x + bounds.size.width / 2,
                            bounds.origin.y + bounds.size.height / 2, payload);
}

static GtkWidget *
find_below (GtkWidget *widget,
            GType      type,
            gboolean   in_popover,
            gboolean   below_popover)
{
  below_popover |= GTK_IS_POPOVER (widget);
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && below_popover == in_popover)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_below (child, type, in_popover, below_popover);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
live_test_find (GtkWidget *root,
                GType      type,
                gboolean   in_popover)
{
  return find_below (root, type, in_popover, FALSE);
}

guint64
live_test_frames_painted (WardenLiveGrid *grid,
                          guint           index)
{
  WardenVideoTile *tile = warden_live_grid_get_tile (grid, index);

  return warden_video_paintable_get_frames_painted (warden_video_tile_get_paintable (tile));
}

void
live_test_frames_mark (LiveTestFrames *frames,
                       WardenLiveGrid *grid,
                       int             only)
{
  frames->grid = grid;
  frames->only = only;
  for (guint i = 0; i < warden_live_grid_get_n_tiles (grid); i++)
    frames->before[i] = live_test_frames_painted (grid, i);
}

gboolean
live_test_frames_painting (gpointer data)
{
  LiveTestFrames *frames = data;

  for (guint i = 0; i < warden_live_grid_get_n_tiles (frames->grid); i++)
    if ((frames->only < 0 || frames->only == (int) i)
        && live_test_frames_painted (frames->grid, i) < frames->before[i] + 5)
      return FALSE;
  return TRUE;
}
