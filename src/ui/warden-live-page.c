/* warden-live-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Live View page: the channels of every device in a tree on the left, the
 * live grid on the right. A channel goes into a tile by drag and drop or by a
 * double-click (the next free tile); a device fills consecutive tiles.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-live-page.h"
#include "warden-view-source.h"

struct _WardenLivePage
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListView *channel_list;
  GtkWidget *no_devices_label;
  GtkDropDown *layout_dropdown;
  GtkDropDown *mode_dropdown;
  GtkDropDown *fps_dropdown;
  WardenLiveGrid *grid;

  WardenDeviceRegistry *registry;
};

G_DEFINE_FINAL_TYPE (WardenLivePage, warden_live_page, ADW_TYPE_BIN)

/* In the order of the layout drop-down. */
static const guint layouts[] = { 1, 4, 6, 8, 9, 16, 25, 36, 64 };
/* In the order of the refresh cap drop-down; 0 is no cap. */
static const guint fps_caps[] = { 0, 15, 10, 5 };

static void
toast (WardenLivePage *self,
       const char     *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
warden_live_page_actions_update (WardenLivePage *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < warden_live_grid_get_n_tiles (self->grid); i++)
    any |= warden_live_grid_get_channel (self->grid, i, NULL, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "live.close-all", any);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  if (WARDEN_IS_DEVICE_SUPERVISOR (item))
    return g_object_ref (warden_device_supervisor_get_channels (WARDEN_DEVICE_SUPERVISOR (item)));
  return NULL;
}

/* The device id and channel (0: the whole device) of a row of the channel list. */
static gboolean
row_target (GtkTreeListRow *row,
            gint64         *device_id,
            int            *channel)
{
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

  if (WARDEN_IS_DEVICE_SUPERVISOR (item))
    {
      *device_id = warden_device_supervisor_get_id (WARDEN_DEVICE_SUPERVISOR (item));
      *channel = 0;
      return TRUE;
    }
  if (WARDEN_IS_DEVICE_CHANNEL (item))
    {
      *device_id = warden_device_channel_get_device_id (WARDEN_DEVICE_CHANNEL (item));
      *channel = warden_device_channel_get_number (WARDEN_DEVICE_CHANNEL (item));
      return TRUE;
    }
  return FALSE;
}

static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     GtkListItem   *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autofree char *payload = NULL;
  gint64 device_id;
  int channel;

  if (row == NULL || !row_target (row, &device_id, &channel))
    return NULL;

  payload = warden_live_drag_payload_new (device_id, channel);
  return gdk_content_provider_new_typed (G_TYPE_STRING, payload);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (row_drag_prepare_cb), list_item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkLabel *label = GTK_LABEL (gtk_tree_expander_get_child (expander));
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (expander, row);
  if (WARDEN_IS_DEVICE_SUPERVISOR (item))
    {
      WardenDeviceSupervisor *supervisor = WARDEN_DEVICE_SUPERVISOR (item);
      g_autofree char *text =
        g_strdup_printf ("%s — %s", warden_device_supervisor_get_record (supervisor)->name,
                         warden_device_supervisor_get_status_text (supervisor));

      gtk_label_set_text (label, text);
    }
  else if (WARDEN_IS_DEVICE_CHANNEL (item))
    {
      gtk_label_set_text (label, warden_device_channel_get_display_name (WARDEN_DEVICE_CHANNEL (item)));
    }
}

static void
channel_activated_cb (WardenLivePage *self,
                      guint           position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (self->channel_list)),
                                                         position);
  gint64 device_id;
  int channel;
  int index;

  if (row == NULL || !row_target (row, &device_id, &channel))
    return;

  index = warden_live_grid_get_next_free (self->grid);
  if (index < 0)
    {
      toast (self, _("Every tile shows a channel; close one or choose a larger layout"));
      return;
    }
  warden_live_page_show_channel (self, index, device_id, channel);
}

static void
channel_dropped_cb (WardenLivePage *self,
                    guint           index,
                    gint64          device_id,
                    int             channel)
{
  warden_live_page_show_channel (self, index, device_id, channel);
}

static void
snapshot_taken_cb (WardenLivePage *self,
                   GFile          *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = g_strdup_printf (_("Snapshot saved to Files as %s"), name);

  toast (self, text);
}

static void
failed_cb (WardenLivePage *self,
           const char     *message)
{
  toast (self, message);
}

static void
layout_selected_cb (WardenLivePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->layout_dropdown);

  if (selected >= G_N_ELEMENTS (layouts))
    return;
  if (warden_live_grid_get_n_tiles (self->grid) == layouts[selected]
      && warden_live_grid_layout_is_standard (layouts[selected]))
    return;
  warden_live_grid_set_layout (self->grid, layouts[selected]);
}

static void
grid_layout_changed_cb (WardenLivePage *self)
{
  guint n_tiles = warden_live_grid_get_n_tiles (self->grid);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i] == n_tiles)
      gtk_drop_down_set_selected (self->layout_dropdown, i);
}

static void
mode_selected_cb (WardenLivePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->mode_dropdown);

  if (selected <= WARDEN_LATENCY_AUTO)
    warden_live_grid_set_latency_mode (self->grid, selected);
}

static void
fps_selected_cb (WardenLivePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->fps_dropdown);

  if (selected < G_N_ELEMENTS (fps_caps))
    warden_live_grid_set_max_fps (self->grid, fps_caps[selected]);
}

static void
close_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  warden_live_grid_clear_all (WARDEN_LIVE_PAGE (widget)->grid);
}

static void
devices_changed_cb (WardenLivePage *self)
{
  GListModel *devices = warden_device_registry_get_devices (self->registry);

  gtk_widget_set_visible (self->no_devices_label, g_list_model_get_n_items (devices) == 0);
}

static void
warden_live_page_dispose (GObject *object)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (object);

  if (self->registry != NULL)
    g_signal_handlers_disconnect_by_data (warden_device_registry_get_devices (self->registry), self);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (warden_live_page_parent_class)->dispose (object);
}

static void
warden_live_page_class_init (WardenLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_live_page_dispose;

  g_type_ensure (WARDEN_TYPE_LIVE_GRID);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, channel_list);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, no_devices_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, layout_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, fps_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, grid);
  gtk_widget_class_bind_template_callback (widget_class, channel_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_dropped_cb);
  gtk_widget_class_bind_template_callback (widget_class, snapshot_taken_cb);
  gtk_widget_class_bind_template_callback (widget_class, failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, layout_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, fps_selected_cb);

  gtk_widget_class_install_action (widget_class, "live.close-all", NULL, close_all_action);
}

static void
warden_live_page_init (WardenLivePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->channel_list, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->grid, "channels-changed",
                           G_CALLBACK (warden_live_page_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "notify::n-tiles",
                           G_CALLBACK (grid_layout_changed_cb), self, G_CONNECT_SWAPPED);
  warden_live_page_actions_update (self);
}

void
warden_live_page_set_context (WardenLivePage       *self,
                              WardenDataDir        *data_dir,
                              WardenDeviceRegistry *registry)
{
  g_autoptr(GFile) files = NULL;
  GtkTreeListModel *tree;

  g_return_if_fail (WARDEN_IS_LIVE_PAGE (self));
  g_return_if_fail (WARDEN_IS_DATA_DIR (data_dir));
  g_return_if_fail (registry == NULL || WARDEN_IS_DEVICE_REGISTRY (registry));

  files = g_file_new_for_path (warden_data_dir_get_files_path (data_dir));
  warden_live_grid_set_files_directory (self->grid, files);

  if (self->registry != NULL)
    g_signal_handlers_disconnect_by_data (warden_device_registry_get_devices (self->registry), self);
  g_set_object (&self->registry, registry);
  if (registry == NULL)
    {
      gtk_list_view_set_model (self->channel_list, NULL);
      gtk_widget_set_visible (self->no_devices_label, TRUE);
      return;
    }

  tree = gtk_tree_list_model_new (g_object_ref (warden_device_registry_get_devices (registry)),
                                  FALSE, FALSE, create_children_cb, NULL, NULL);
  gtk_list_view_set_model (self->channel_list,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (tree))));
  g_signal_connect_swapped (warden_device_registry_get_devices (registry), "items-changed",
                            G_CALLBACK (devices_changed_cb), self);
  devices_changed_cb (self);
}

WardenLiveGrid *
warden_live_page_get_grid (WardenLivePage *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_PAGE (self), NULL);

  return self->grid;
}

gboolean
warden_live_page_show_channel (WardenLivePage *self,
                               guint           index,
                               gint64          device_id,
                               int             channel)
{
  g_autoptr(GError) error = NULL;
  guint n_channels;
  guint n_tiles;
  gboolean shown = FALSE;

  g_return_val_if_fail (WARDEN_IS_LIVE_PAGE (self), FALSE);
  g_return_val_if_fail (channel >= 0, FALSE);

  n_tiles = warden_live_grid_get_n_tiles (self->grid);
  g_return_val_if_fail (index < n_tiles, FALSE);

  if (self->registry == NULL)
    {
      toast (self, _("No devices are loaded yet; add them on the Devices page"));
      return FALSE;
    }

  if (channel > 0)
    n_channels = 1;
  else
    {
      WardenDeviceSupervisor *supervisor = warden_device_registry_lookup (self->registry, device_id);

      /* No channels (or no device): resolving the first one says why. */
      n_channels = supervisor != NULL
                   ? MAX (g_list_model_get_n_items (warden_device_supervisor_get_channels (supervisor)), 1)
                   : 1;
    }

  for (guint i = 0; i < n_channels && index + i < n_tiles; i++)
    {
      g_autoptr(WardenViewSource) source =
        warden_view_source_resolve (self->registry, device_id, channel > 0 ? channel : (int) i + 1,
                                    &error);

      if (source == NULL)
        {
          toast (self, error->message);
          return shown;
        }

      warden_live_grid_set_channel (self->grid, index + i, device_id, source->channel,
                                    source->name, source->main_url, source->sub_url);
      shown = TRUE;
    }

  return shown;
}
