/* warden-live-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Live View page: the channels of every device in a tree on the left, the
 * live grid on the right. A channel goes into a tile by drag and drop or by a
 * double-click (the next free tile); a device fills consecutive tiles.
 * Favorites (named groups of channels) sit under the channels: dropping a
 * channel or a device on one adds it; opening one fills the smallest layout
 * that holds its channels. A tour shows the saved views in turn, or a
 * favorite's channels one at a time in the enlarged tile.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "warden-live-page.h"
#include "warden-live-window.h"
#include "warden-ptz-panel.h"
#include "warden-settings-repo.h"
#include "warden-stream-pool.h"
#include "warden-video-tile.h"
#include "warden-view-repo.h"
#include "warden-view-source.h"

#define MEMORY_PLAY_KEY "live.memory-play"
/* Continuous snapshots: "<count>,<seconds between them>". */
#define SNAPSHOTS_KEY "live.snapshots"
#define SNAPSHOTS_MAX_INTERVAL 60
/* Seconds between a change of the grid and saving it as the last layout. */
#define SAVE_LAST_DELAY 1
/* A tour opens its next view's streams this long before it shows them: time for the
 * cameras' next key frame at the usual GOPs of up to 2–3 s. The spare seconds keep them
 * open if the switch comes late. */
#define TOUR_PREPARE_S 4
#define TOUR_PREPARE_SPARE_S 6

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
  GtkEntry *view_name_entry;
  GtkListBox *views_list;
  GtkCheckButton *memory_play_check;
  GtkCheckButton *tour_check;
  GtkSpinButton *tour_interval;
  GtkDropDown *tour_source_dropdown;
  GtkStringList *tour_sources;
  GtkEntry *favorite_name_entry;
  GtkListBox *favorites_list;
  GtkSpinButton *snapshot_count_spin;
  GtkDropDown *snapshot_format_drop;
  GtkSpinButton *snapshot_interval_spin;
  GtkWidget *sidebar;
  GtkWidget *sidebar_separator;
  GtkWidget *toolbar;
  GtkDropDown *monitor_dropdown;
  GtkStringList *monitor_names;
  WardenPtzPanel *ptz_panel;

  WardenDataDir *data_dir;
  WardenDeviceRegistry *registry;
  gboolean forget_layout;
  GCancellable *cancellable;
  GPtrArray *views;             /* WardenViewRecord, as last listed */
  GPtrArray *favorites;         /* WardenFavoriteRecord, as last listed */
  GArray *pending;              /* WardenViewTile whose device is not online yet */
  guint save_last_id;
  guint tour_id;
  guint tour_prepare_id;
  guint tour_next;
  gint64 tour_favorite;         /* the favorite whose channels tour, or 0 */
  gboolean loading_setting;
  gboolean syncing_layout;
};

G_DEFINE_FINAL_TYPE (WardenLivePage, warden_live_page, ADW_TYPE_BIN)

/* In the order of the layout drop-down. */
static const guint layouts[] = { 1, 4, 6, 8, 9, 16, 25, 36, 64 };
/* In the order of the refresh cap drop-down; 0 is no cap. The entry after them is
 * "key frames only". */
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

static WardenStore *
store_of (WardenLivePage *self)
{
  return self->registry != NULL ? warden_device_registry_get_store (self->registry) : NULL;
}

static void
drop_pending_at (WardenLivePage *self,
                 int             index)
{
  for (guint i = self->pending->len; i > 0; i--)
    if (g_array_index (self->pending, WardenViewTile, i - 1).position == index)
      g_array_remove_index (self->pending, i - 1);
}

/* Shows one channel; a device that is not online yet gets the tile when it is. */
static gboolean
show_one (WardenLivePage  *self,
          guint            index,
          gint64           device_id,
          int              channel,
          GError         **error)
{
  g_autoptr(WardenViewSource) source =
    warden_view_source_resolve (self->registry, device_id, channel, error);

  drop_pending_at (self, index);
  if (source == NULL)
    {
      if (g_error_matches (*error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_OFFLINE))
        {
          WardenViewTile tile = { index, device_id, channel };

          g_array_append_val (self->pending, tile);
        }
      return FALSE;
    }

  warden_live_grid_set_channel (self->grid, index, device_id, source->channel,
                                source->name, source->main_url, source->sub_url);
  return TRUE;
}

/* The PTZ panel drives the selected tile's channel while its device is online. */
static void
update_ptz_target (WardenLivePage *self)
{
  int index = warden_live_grid_get_selected (self->grid);
  WardenDeviceSupervisor *supervisor = NULL;
  gint64 device_id = 0;
  int channel = 0;

  if (self->registry != NULL && index >= 0
      && warden_live_grid_get_channel (self->grid, index, &device_id, &channel))
    supervisor = warden_device_registry_lookup (self->registry, device_id);
  warden_ptz_panel_set_target (self->ptz_panel,
                               supervisor != NULL ? warden_device_supervisor_get_session (supervisor) : NULL,
                               channel);
}

static void
ptz_command_finished_cb (WardenLivePage *self,
                         const char     *code,
                         const char     *error)
{
  if (error != NULL)
    toast (self, error);
}

static gboolean
grid_key_pressed_cb (WardenLivePage        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  return warden_ptz_panel_key (self->ptz_panel, keyval, TRUE);
}

static void
grid_key_released_cb (WardenLivePage        *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  warden_ptz_panel_key (self->ptz_panel, keyval, FALSE);
}

/* Dragging the picture of an enlarged tile steers its camera (a grid's tiles
 * swap by drag instead). */
static void
grid_drag_update_cb (WardenLivePage *self,
                     double          dx,
                     double          dy)
{
  int enlarged = warden_live_grid_get_enlarged (self->grid);

  if (enlarged >= 0 && enlarged == warden_live_grid_get_selected (self->grid))
    warden_ptz_panel_steer (self->ptz_panel, dx, dy);
}

static void
grid_drag_end_cb (WardenLivePage *self)
{
  if (warden_live_grid_get_enlarged (self->grid) >= 0)
    warden_ptz_panel_stop (self->ptz_panel);
}

static void
retry_pending_cb (WardenLivePage *self)
{
  guint n_tiles = warden_live_grid_get_n_tiles (self->grid);

  update_ptz_target (self);

  for (guint i = self->pending->len; i > 0; i--)
    {
      WardenViewTile tile = g_array_index (self->pending, WardenViewTile, i - 1);
      WardenDeviceSupervisor *supervisor = warden_device_registry_lookup (self->registry, tile.device_id);
      g_autoptr(GError) error = NULL;

      if (supervisor != NULL && warden_device_supervisor_get_session (supervisor) == NULL)
        continue;
      g_array_remove_index (self->pending, i - 1);
      if ((guint) tile.position < n_tiles
          && !warden_live_grid_get_channel (self->grid, tile.position, NULL, NULL))
        show_one (self, tile.position, tile.device_id, tile.channel, &error);
    }
}

static void
watch_devices (WardenLivePage *self,
               guint           position,
               guint           n_items)
{
  GListModel *devices = warden_device_registry_get_devices (self->registry);

  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor = g_list_model_get_item (devices, i);

      g_signal_connect_object (supervisor, "notify::status", G_CALLBACK (retry_pending_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static WardenViewRecord *
record_from_grid (WardenLivePage *self,
                  const char     *name)
{
  WardenViewRecord *record = warden_view_record_new (name, warden_live_grid_get_rows (self->grid),
                                                     warden_live_grid_get_columns (self->grid),
                                                     warden_live_grid_get_large_span (self->grid));

  for (guint i = 0; i < warden_live_grid_get_n_tiles (self->grid); i++)
    {
      gint64 device_id;
      int channel;

      if (warden_live_grid_get_channel (self->grid, i, &device_id, &channel))
        warden_view_record_add_tile (record, i, device_id, channel);
    }
  for (guint i = 0; i < self->pending->len; i++)
    {
      const WardenViewTile *tile = &g_array_index (self->pending, WardenViewTile, i);

      if ((guint) tile->position < warden_live_grid_get_n_tiles (self->grid))
        warden_view_record_add_tile (record, tile->position, tile->device_id, tile->channel);
    }
  return record;
}

/* Empties the grid and shows @tiles (WardenViewTile) in it. */
static void
show_tiles (WardenLivePage *self,
            GArray         *tiles)
{
  g_autoptr(GError) first_error = NULL;

  g_array_set_size (self->pending, 0);
  warden_live_grid_clear_all (self->grid);
  for (guint i = 0; i < tiles->len; i++)
    {
      const WardenViewTile *tile = &g_array_index (tiles, WardenViewTile, i);
      g_autoptr(GError) error = NULL;

      if ((guint) tile->position >= warden_live_grid_get_n_tiles (self->grid))
        continue;
      if (!show_one (self, tile->position, tile->device_id, tile->channel, &error)
          && !g_error_matches (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_OFFLINE)
          && first_error == NULL)
        first_error = g_steal_pointer (&error);
    }

  if (first_error != NULL)
    toast (self, first_error->message);
}

static void
apply_view (WardenLivePage         *self,
            const WardenViewRecord *record)
{
  if (record->large_span == 2)
    warden_live_grid_set_layout (self->grid, 6);
  else if (record->large_span == 3)
    warden_live_grid_set_layout (self->grid, 8);
  else if (record->rows >= 1 && record->rows <= WARDEN_LIVE_GRID_MAX_SIDE
           && record->columns >= 1 && record->columns <= WARDEN_LIVE_GRID_MAX_SIDE)
    warden_live_grid_set_custom_layout (self->grid, record->rows, record->columns);
  else
    return;

  show_tiles (self, record->tiles);
}

static void
last_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (warden_view_repo_save_finish (WARDEN_STORE (object), result, &error) == 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save the last live layout: %s", error->message);
}

static gboolean
save_last_cb (gpointer data)
{
  WardenLivePage *self = data;
  g_autoptr(WardenViewRecord) record = record_from_grid (self, NULL);

  self->save_last_id = 0;
  warden_view_repo_save_async (store_of (self), record, self->cancellable, last_saved_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
grid_channels_changed_cb (WardenLivePage *self)
{
  warden_live_page_actions_update (self);
  update_ptz_target (self);
  if (store_of (self) != NULL && !self->forget_layout && self->save_last_id == 0)
    self->save_last_id = g_timeout_add_seconds (SAVE_LAST_DELAY, save_last_cb, self);
}

static void view_deleted_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
delete_view_clicked_cb (GtkButton      *button,
                        WardenLivePage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "view-id");

  warden_view_repo_delete_async (store_of (self), *id, self->cancellable, view_deleted_cb, self);
}

static GtkWidget *
view_row_new (WardenLivePage         *self,
              const WardenViewRecord *record)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (record->name);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Delete “%s”"), record->name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "view-id", g_memdup2 (&record->id, sizeof record->id),
                          g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (delete_view_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

static void update_tour_sources (WardenLivePage *self);
static GtkWidget *favorite_row_new (WardenLivePage *self,
                                    gconstpointer   favorite);

/* Shows the views (or favorites) the store listed, or says why it could not. */
static void
show_listed (gpointer    user_data,
             GPtrArray  *items,
             GError     *error,
             gboolean    favorites)
{
  WardenLivePage *self;
  GtkListBox *list;
  GPtrArray **shown;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (items == NULL)
    {
      toast (self, error->message);
      return;
    }

  list = favorites ? self->favorites_list : self->views_list;
  shown = favorites ? &self->favorites : &self->views;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (list, favorites ? favorite_row_new (self, g_ptr_array_index (items, i))
                                         : view_row_new (self, g_ptr_array_index (items, i)));
  g_clear_pointer (shown, g_ptr_array_unref);
  *shown = g_ptr_array_ref (items);
  if (favorites)
    update_tour_sources (self);
}

static void
views_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = warden_view_repo_list_finish (WARDEN_STORE (object), result, &error);

  show_listed (user_data, views, error, FALSE);
}

static void
refresh_views (WardenLivePage *self)
{
  if (store_of (self) != NULL)
    warden_view_repo_list_async (store_of (self), self->cancellable, views_listed_cb, self);
}

static void
view_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!warden_view_repo_delete_finish (WARDEN_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (user_data, error->message);
      return;
    }
  refresh_views (user_data);
}

static void
view_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WardenLivePage *self;
  g_autoptr(GError) error = NULL;
  gint64 id = warden_view_repo_save_finish (WARDEN_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (id == 0)
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("View saved"));
  gtk_editable_set_text (GTK_EDITABLE (self->view_name_entry), "");
  refresh_views (self);
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->view_name_entry))));
  g_autoptr(WardenViewRecord) record = NULL;

  if (store_of (self) == NULL)
    {
      toast (self, _("No devices are loaded yet; add them on the Devices page"));
      return;
    }
  if (*name == '\0' || g_utf8_strlen (name, -1) > 64)
    {
      toast (self, _("Type a name of 1 to 64 characters for the view"));
      return;
    }

  record = record_from_grid (self, name);
  warden_view_repo_save_async (store_of (self), record, self->cancellable, view_saved_cb, self);
}

static void
view_name_activate_cb (WardenLivePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "live.save-view", NULL);
}

static void
views_popover_shown_cb (WardenLivePage *self)
{
  refresh_views (self);
}

static void
view_row_activated_cb (WardenLivePage *self,
                       GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->views != NULL && index >= 0 && (guint) index < self->views->len)
    apply_view (self, g_ptr_array_index (self->views, index));
}

static void
setting_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!warden_settings_repo_set_finish (WARDEN_STORE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (user_data, error->message);
}

static void
memory_play_toggled_cb (WardenLivePage *self)
{
  gboolean active = gtk_check_button_get_active (self->memory_play_check);

  if (self->loading_setting || store_of (self) == NULL)
    return;
  warden_settings_repo_set_async (store_of (self), MEMORY_PLAY_KEY, active ? "1" : "0",
                                  self->cancellable, setting_saved_cb, self);
}

static void
last_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenViewRecord) record = warden_view_repo_get_last_finish (WARDEN_STORE (object),
                                                                         result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (record != NULL)
    apply_view (user_data, record);
  else if (error != NULL)
    toast (user_data, error->message);
}

static void
memory_play_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  WardenLivePage *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = warden_settings_repo_get_finish (WARDEN_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (g_strcmp0 (value, "1") != 0)
    return;

  self->loading_setting = TRUE;
  gtk_check_button_set_active (self->memory_play_check, TRUE);
  self->loading_setting = FALSE;
  warden_view_repo_get_last_async (store_of (self), self->cancellable, last_loaded_cb, self);
}

static WardenFavoriteRecord *
favorite_by_id (WardenLivePage *self,
                gint64          id)
{
  for (guint i = 0; self->favorites != NULL && i < self->favorites->len; i++)
    {
      WardenFavoriteRecord *favorite = g_ptr_array_index (self->favorites, i);

      if (favorite->id == id)
        return favorite;
    }
  return NULL;
}

/* The smallest standard layout with @n_channels tiles or more. */
static guint
layout_for (guint n_channels)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i] >= n_channels)
      return layouts[i];
  return layouts[G_N_ELEMENTS (layouts) - 1];
}

static void
open_favorite (WardenLivePage             *self,
               const WardenFavoriteRecord *favorite)
{
  if (favorite->channels->len == 0)
    {
      g_autofree char *text =
        g_strdup_printf (_("“%s” has no channels yet; drag channels or a device onto it"), favorite->name);

      toast (self, text);
      return;
    }
  warden_live_grid_set_layout (self->grid, layout_for (favorite->channels->len));
  show_tiles (self, favorite->channels);
}

static void refresh_favorites (WardenLivePage *self);

static void
favorite_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (warden_view_repo_save_favorite_finish (WARDEN_STORE (object), result, &error) == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          toast (user_data, error->message);
          refresh_favorites (user_data);
        }
      return;
    }
  refresh_favorites (user_data);
}

static void
save_favorite (WardenLivePage             *self,
               const WardenFavoriteRecord *favorite)
{
  warden_view_repo_save_favorite_async (store_of (self), favorite, self->cancellable,
                                        favorite_saved_cb, self);
}

/* A name of 1 to 64 characters, stripped; NULL (and a toast) otherwise. */
static char *
favorite_name_from (WardenLivePage *self,
                    GtkEditable    *editable)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (*name == '\0' || g_utf8_strlen (name, -1) > WARDEN_VIEW_REPO_MAX_NAME)
    {
      toast (self, _("Type a name of 1 to 64 characters for the favorite"));
      return NULL;
    }
  return g_steal_pointer (&name);
}

static void
add_favorite_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (widget);
  g_autofree char *name = NULL;
  g_autoptr(WardenViewRecord) view = NULL;
  g_autoptr(WardenFavoriteRecord) favorite = NULL;

  if (store_of (self) == NULL)
    {
      toast (self, _("No devices are loaded yet; add them on the Devices page"));
      return;
    }
  name = favorite_name_from (self, GTK_EDITABLE (self->favorite_name_entry));
  if (name == NULL)
    return;

  /* The grid's channels, in tile order. */
  view = record_from_grid (self, NULL);
  favorite = warden_favorite_record_new (name);
  for (guint position = 0; position < warden_live_grid_get_n_tiles (self->grid); position++)
    for (guint i = 0; i < view->tiles->len; i++)
      {
        const WardenViewTile *tile = &g_array_index (view->tiles, WardenViewTile, i);

        if ((guint) tile->position == position)
          warden_favorite_record_add_channel (favorite, tile->device_id, tile->channel);
      }

  gtk_editable_set_text (GTK_EDITABLE (self->favorite_name_entry), "");
  save_favorite (self, favorite);
}

static void
favorite_name_activate_cb (WardenLivePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "live.add-favorite", NULL);
}

static void
favorite_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!warden_view_repo_delete_favorite_finish (WARDEN_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (user_data, error->message);
      return;
    }
  refresh_favorites (user_data);
}

static void
delete_favorite_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (favorite_by_id (self, id) != NULL)
    warden_view_repo_delete_favorite_async (store_of (self), id, self->cancellable,
                                            favorite_deleted_cb, self);
}

static void
rename_favorite_cb (GtkEntry       *entry,
                    WardenLivePage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (entry), "favorite-id");
  WardenFavoriteRecord *favorite = favorite_by_id (self, *id);
  g_autoptr(WardenFavoriteRecord) renamed = NULL;
  g_autofree char *name = NULL;

  if (favorite == NULL)
    return;
  name = favorite_name_from (self, GTK_EDITABLE (entry));
  if (name == NULL || strcmp (name, favorite->name) == 0)
    return;

  renamed = warden_favorite_record_copy (favorite);
  g_free (renamed->name);
  renamed->name = g_steal_pointer (&name);
  save_favorite (self, renamed);
}

static gboolean
favorite_drop_cb (GtkDropTarget  *target,
                  const GValue   *value,
                  double          x,
                  double          y,
                  WardenLivePage *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  gint64 *id = g_object_get_data (G_OBJECT (row), "favorite-id");
  WardenFavoriteRecord *favorite = favorite_by_id (self, *id);
  g_autoptr(WardenFavoriteRecord) changed = NULL;
  WardenLiveDragKind kind;
  gint64 device_id;
  int channel;
  gboolean added = FALSE;

  if (favorite == NULL || !G_VALUE_HOLDS_STRING (value)
      || !warden_live_drag_payload_parse (g_value_get_string (value), &kind, &device_id, &channel)
      || kind == WARDEN_LIVE_DRAG_TILE)
    return FALSE;

  changed = warden_favorite_record_copy (favorite);
  if (kind == WARDEN_LIVE_DRAG_CHANNEL)
    added = warden_favorite_record_add_channel (changed, device_id, channel);
  else
    {
      WardenDeviceSupervisor *supervisor = warden_device_registry_lookup (self->registry, device_id);
      GListModel *channels = supervisor != NULL ? warden_device_supervisor_get_channels (supervisor) : NULL;

      for (guint i = 0; channels != NULL && i < g_list_model_get_n_items (channels); i++)
        {
          g_autoptr(WardenDeviceChannel) item = g_list_model_get_item (channels, i);

          added |= warden_favorite_record_add_channel (changed, device_id,
                                                       warden_device_channel_get_number (item));
        }
    }

  if (!added)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” holds these channels already, or 64 channels"),
                                               favorite->name);

      toast (self, text);
      return FALSE;
    }
  save_favorite (self, changed);
  return TRUE;
}

static GtkWidget *
favorite_row_new (WardenLivePage *self,
                  gconstpointer   data)
{
  const WardenFavoriteRecord *favorite = data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (favorite->name);
  g_autofree char *count_text = g_strdup_printf ("%u", favorite->channels->len);
  GtkWidget *count = gtk_label_new (count_text);
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_with_label (_("Delete"));
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_autofree char *tooltip =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u channel; drop channels or a device here to add them",
                                  "%u channels; drop channels or a device here to add them",
                                  favorite->channels->len),
                     favorite->channels->len);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_widget_add_css_class (count, "dim-label");

  gtk_editable_set_text (GTK_EDITABLE (entry), favorite->name);
  gtk_entry_set_max_length (GTK_ENTRY (entry), WARDEN_VIEW_REPO_MAX_NAME);
  gtk_widget_set_tooltip_text (entry, _("Type a new name and press Enter to rename"));
  g_object_set_data_full (G_OBJECT (entry), "favorite-id",
                          g_memdup2 (&favorite->id, sizeof favorite->id), g_free);
  g_signal_connect (entry, "activate", G_CALLBACK (rename_favorite_cb), self);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "live.delete-favorite");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", favorite->id);
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_box_append (GTK_BOX (popover_box), entry);
  gtk_box_append (GTK_BOX (popover_box), remove);
  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Rename or delete"));
  gtk_widget_add_css_class (menu, "flat");

  g_object_set_data_full (G_OBJECT (box), "favorite-id",
                          g_memdup2 (&favorite->id, sizeof favorite->id), g_free);
  g_signal_connect (drop, "drop", G_CALLBACK (favorite_drop_cb), self);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop));
  gtk_widget_set_margin_start (box, 8);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), menu);
  return box;
}

/* The tour drop-down offers the saved views, then each favorite by name. */
static void
update_tour_sources (WardenLivePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->tour_source_dropdown);
  g_autofree char *chosen = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tour_sources));

  if (selected >= 1 && selected < n)
    chosen = g_strdup (gtk_string_list_get_string (self->tour_sources, selected));
  selected = 0;
  for (guint i = 0; i < self->favorites->len; i++)
    {
      WardenFavoriteRecord *favorite = g_ptr_array_index (self->favorites, i);
      char *name = g_strdup_printf (_("the channels of “%s”"), favorite->name);

      if (g_strcmp0 (name, chosen) == 0)
        selected = i + 1;
      g_ptr_array_add (names, name);
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->tour_sources, 1, n - 1, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->tour_source_dropdown, selected);
}

static void
favorites_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) favorites = warden_view_repo_list_favorites_finish (WARDEN_STORE (object),
                                                                           result, &error);

  show_listed (user_data, favorites, error, TRUE);
}

static void
refresh_favorites (WardenLivePage *self)
{
  if (store_of (self) != NULL)
    warden_view_repo_list_favorites_async (store_of (self), self->cancellable, favorites_listed_cb, self);
}

static void
favorite_row_activated_cb (WardenLivePage *self,
                           GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->favorites != NULL && index >= 0 && (guint) index < self->favorites->len)
    open_favorite (self, g_ptr_array_index (self->favorites, index));
}

/* Enlarges the next tile that shows a channel. */
static void
tour_next_channel (WardenLivePage *self)
{
  guint n_tiles = warden_live_grid_get_n_tiles (self->grid);

  for (guint step = 0; step < n_tiles; step++)
    {
      guint index = (self->tour_next + step) % n_tiles;

      if (warden_live_grid_get_channel (self->grid, index, NULL, NULL))
        {
          warden_live_grid_set_enlarged (self->grid, index);
          self->tour_next = index + 1;
          return;
        }
    }
}

static guint
view_n_tiles (const WardenViewRecord *record)
{
  if (record->large_span == 2)
    return 6;
  if (record->large_span == 3)
    return 8;
  return (guint) MAX (record->rows, 0) * (guint) MAX (record->columns, 0);
}

/* Opens the streams of the tour's next view, hidden, so that it shows pictures as soon as
 * it comes up instead of each tile waiting for its camera's next key frame. */
static gboolean
tour_prepare_cb (gpointer data)
{
  WardenLivePage *self = data;
  const WardenViewRecord *record;
  gboolean main_stream;

  self->tour_prepare_id = 0;
  if (self->views == NULL || self->views->len == 0 || self->registry == NULL)
    return G_SOURCE_REMOVE;

  record = g_ptr_array_index (self->views, self->tour_next % self->views->len);
  main_stream = view_n_tiles (record) <= warden_live_grid_get_main_stream_max_tiles (self->grid);
  for (guint i = 0; i < record->tiles->len; i++)
    {
      const WardenViewTile *tile = &g_array_index (record->tiles, WardenViewTile, i);
      g_autoptr(WardenViewSource) source =
        warden_view_source_resolve (self->registry, tile->device_id, tile->channel, NULL);

      if (source != NULL && (guint) tile->position < view_n_tiles (record))
        warden_stream_pool_prepare (warden_stream_pool_get_default (),
                                    warden_video_tile_pick_url (main_stream, source->main_url,
                                                                source->sub_url),
                                    warden_live_grid_get_latency_mode (self->grid),
                                    TOUR_PREPARE_S + TOUR_PREPARE_SPARE_S);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
tour_tick_cb (gpointer data)
{
  WardenLivePage *self = data;
  guint interval = (guint) gtk_spin_button_get_value_as_int (self->tour_interval);

  if (self->tour_favorite != 0)
    {
      tour_next_channel (self);
      return G_SOURCE_CONTINUE;
    }
  if (self->views == NULL || self->views->len == 0)
    return G_SOURCE_CONTINUE;
  apply_view (self, g_ptr_array_index (self->views, self->tour_next % self->views->len));
  self->tour_next = (self->tour_next + 1) % self->views->len;

  g_clear_handle_id (&self->tour_prepare_id, g_source_remove);
  self->tour_prepare_id = g_timeout_add_seconds (interval > TOUR_PREPARE_S ? interval - TOUR_PREPARE_S : 0,
                                                 tour_prepare_cb, self);
  return G_SOURCE_CONTINUE;
}

static void
tour_toggled_cb (WardenLivePage *self)
{
  guint source = gtk_drop_down_get_selected (self->tour_source_dropdown);

  g_clear_handle_id (&self->tour_id, g_source_remove);
  g_clear_handle_id (&self->tour_prepare_id, g_source_remove);
  if (self->tour_favorite != 0)
    {
      self->tour_favorite = 0;
      warden_live_grid_set_enlarged (self->grid, -1);
    }
  if (!gtk_check_button_get_active (self->tour_check))
    return;

  if (source >= 1 && self->favorites != NULL && source <= self->favorites->len)
    {
      WardenFavoriteRecord *favorite = g_ptr_array_index (self->favorites, source - 1);

      if (favorite->channels->len < 2)
        {
          g_autofree char *text = g_strdup_printf (_("Add two or more channels to “%s” to tour through them"),
                                                   favorite->name);

          toast (self, text);
          gtk_check_button_set_active (self->tour_check, FALSE);
          return;
        }
      open_favorite (self, favorite);
      self->tour_favorite = favorite->id;
    }
  else if (self->views == NULL || self->views->len < 2)
    {
      toast (self, _("Save two or more views to tour through them"));
      gtk_check_button_set_active (self->tour_check, FALSE);
      return;
    }
  self->tour_next = 0;
  tour_tick_cb (self);
  self->tour_id = g_timeout_add_seconds (gtk_spin_button_get_value_as_int (self->tour_interval),
                                         tour_tick_cb, self);
}

static void
windows_popover_shown_cb (WardenLivePage *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  guint n = g_list_model_get_n_items (monitors);

  gtk_string_list_splice (self->monitor_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->monitor_names)), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;
      g_autofree char *name = NULL;

      gdk_monitor_get_geometry (monitor, &geometry);
      name = g_strdup_printf (_("Monitor %u (%d × %d)"), i + 1, geometry.width, geometry.height);
      gtk_string_list_append (self->monitor_names, name);
    }
  gtk_drop_down_set_selected (self->monitor_dropdown, n > 1 ? 1 : 0);
}

static void
open_window (WardenLivePage *self,
             GdkMonitor     *wall_monitor)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  g_autoptr(WardenViewRecord) view = warden_live_page_dup_view (self);
  WardenLiveWindow *window;

  if (self->data_dir == NULL)
    return;
  window = warden_live_window_new (application, self->data_dir, self->registry,
                                   wall_monitor != NULL ? view : NULL, wall_monitor);
  gtk_window_present (GTK_WINDOW (window));
}

static void
new_window_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_window (WARDEN_LIVE_PAGE (widget), NULL);
}

static void
open_wall_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (widget);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
  g_autoptr(GdkMonitor) monitor = NULL;
  guint selected;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->monitor_names)) == 0)
    windows_popover_shown_cb (self);
  selected = gtk_drop_down_get_selected (self->monitor_dropdown);
  if (selected >= g_list_model_get_n_items (monitors))
    selected = 0;
  monitor = g_list_model_get_item (monitors, selected);
  if (monitor == NULL)
    {
      toast (self, _("No monitor is connected"));
      return;
    }
  open_window (self, monitor);
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
snapshots_saved_cb (WardenLivePage *self,
                    guint           n_saved,
                    GFile          *last)
{
  g_autofree char *name = g_file_get_basename (last);
  g_autofree char *text = NULL;

  if (n_saved == 1)
    text = g_strdup_printf (_("Snapshot saved to Files as %s"), name);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u snapshot saved to Files, the last as %s",
                                         "%u snapshots saved to Files, the last as %s", n_saved),
                            n_saved, name);
  toast (self, text);
}

static void
recording_saved_cb (WardenLivePage *self,
                    GFile          *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = g_strdup_printf (_("Recording saved to Files as %s"), name);

  toast (self, text);
}

static void
snapshot_burst_changed_cb (WardenLivePage *self)
{
  guint count = gtk_spin_button_get_value_as_int (self->snapshot_count_spin);
  guint seconds = gtk_spin_button_get_value_as_int (self->snapshot_interval_spin);
  gboolean png = gtk_drop_down_get_selected (self->snapshot_format_drop) == 1;
  g_autofree char *value = NULL;

  warden_live_grid_set_snapshot_burst (self->grid, count, seconds * 1000);
  warden_live_grid_set_snapshot_format (self->grid, png ? WARDEN_SNAPSHOT_PNG : WARDEN_SNAPSHOT_JPEG);
  if (self->loading_setting || store_of (self) == NULL)
    return;
  value = g_strdup_printf ("%u,%u,%s", count, seconds, png ? "png" : "jpeg");
  warden_settings_repo_set_async (store_of (self), SNAPSHOTS_KEY, value, self->cancellable,
                                  setting_saved_cb, self);
}

static void
snapshots_setting_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  WardenLivePage *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = warden_settings_repo_get_finish (WARDEN_STORE (object), result, &error);
  g_auto(GStrv) parts = NULL;
  guint64 count, seconds;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || value == NULL)
    return;
  self = user_data;
  /* "N,S,F" with both numbers in range and F jpeg or png ("N,S" before formats were
   * offered: JPEG); anything else keeps the defaults. */
  if (strlen (value) > 13)
    return;
  parts = g_strsplit (value, ",", 4);
  if (g_strv_length (parts) < 2 || g_strv_length (parts) > 3
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, WARDEN_LIVE_GRID_MAX_SNAPSHOTS, &count, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, SNAPSHOTS_MAX_INTERVAL, &seconds, NULL)
      || (parts[2] != NULL && !g_str_equal (parts[2], "jpeg") && !g_str_equal (parts[2], "png")))
    return;

  self->loading_setting = TRUE;
  gtk_spin_button_set_value (self->snapshot_count_spin, count);
  gtk_spin_button_set_value (self->snapshot_interval_spin, seconds);
  gtk_drop_down_set_selected (self->snapshot_format_drop, g_strcmp0 (parts[2], "png") == 0 ? 1 : 0);
  self->loading_setting = FALSE;
  snapshot_burst_changed_cb (self);
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

  if (self->syncing_layout || selected >= G_N_ELEMENTS (layouts))
    return;
  warden_live_grid_set_layout (self->grid, layouts[selected]);
}

/* The drop-down shows the grid's layout, or nothing for a custom one. */
static void
grid_layout_changed_cb (WardenLivePage *self)
{
  guint rows = warden_live_grid_get_rows (self->grid);
  guint columns = warden_live_grid_get_columns (self->grid);
  guint span = warden_live_grid_get_large_span (self->grid);
  guint standard = span == 2 ? 6 : span == 3 ? 8 : rows == columns ? rows * columns : 0;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i] == standard)
      selected = i;

  self->syncing_layout = TRUE;
  gtk_drop_down_set_selected (self->layout_dropdown, selected);
  self->syncing_layout = FALSE;
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

  if (selected > G_N_ELEMENTS (fps_caps))
    return;
  warden_live_grid_set_key_frames_only (self->grid, selected == G_N_ELEMENTS (fps_caps));
  warden_live_grid_set_max_fps (self->grid, selected < G_N_ELEMENTS (fps_caps) ? fps_caps[selected] : 0);
}

static void
close_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (widget);

  g_array_set_size (self->pending, 0);
  warden_live_grid_clear_all (self->grid);
}

static void
devices_changed_cb (WardenLivePage *self,
                    guint           position,
                    guint           removed,
                    guint           added)
{
  GListModel *devices = warden_device_registry_get_devices (self->registry);

  gtk_widget_set_visible (self->no_devices_label, g_list_model_get_n_items (devices) == 0);
  watch_devices (self, position, added);
  /* A deleted device left every view and favorite in the store. */
  if (removed > 0)
    {
      refresh_views (self);
      refresh_favorites (self);
    }
}

static void
warden_live_page_dispose (GObject *object)
{
  WardenLivePage *self = WARDEN_LIVE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_last_id, g_source_remove);
  g_clear_handle_id (&self->tour_id, g_source_remove);
  g_clear_handle_id (&self->tour_prepare_id, g_source_remove);
  if (self->registry != NULL)
    g_signal_handlers_disconnect_by_data (warden_device_registry_get_devices (self->registry), self);
  g_clear_object (&self->registry);
  g_clear_object (&self->data_dir);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->favorites, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);

  G_OBJECT_CLASS (warden_live_page_parent_class)->dispose (object);
}

static void
warden_live_page_class_init (WardenLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_live_page_dispose;

  g_type_ensure (WARDEN_TYPE_LIVE_GRID);
  g_type_ensure (WARDEN_TYPE_PTZ_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, channel_list);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, no_devices_label);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, layout_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, fps_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, grid);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, view_name_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, views_list);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, memory_play_check);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, tour_check);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, tour_interval);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, tour_source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, tour_sources);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, favorite_name_entry);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, favorites_list);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, snapshot_count_spin);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, snapshot_format_drop);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, snapshot_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, monitor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, monitor_names);
  gtk_widget_class_bind_template_child (widget_class, WardenLivePage, ptz_panel);
  gtk_widget_class_bind_template_callback (widget_class, channel_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_dropped_cb);
  gtk_widget_class_bind_template_callback (widget_class, snapshots_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, recording_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, snapshot_burst_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, layout_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, fps_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, views_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, memory_play_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, tour_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, windows_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, ptz_command_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, favorite_name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, favorite_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "live.close-all", NULL, close_all_action);
  gtk_widget_class_install_action (widget_class, "live.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "live.new-window", NULL, new_window_action);
  gtk_widget_class_install_action (widget_class, "live.open-wall", NULL, open_wall_action);
  gtk_widget_class_install_action (widget_class, "live.add-favorite", NULL, add_favorite_action);
  gtk_widget_class_install_action (widget_class, "live.delete-favorite", "x", delete_favorite_action);
}

static void
warden_live_page_init (WardenLivePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *steer = gtk_gesture_drag_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending = g_array_new (FALSE, FALSE, sizeof (WardenViewTile));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->channel_list, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->grid, "channels-changed",
                           G_CALLBACK (grid_channels_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "notify::selected",
                           G_CALLBACK (update_ptz_target), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (grid_key_pressed_cb), self);
  g_signal_connect_swapped (keys, "key-released", G_CALLBACK (grid_key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->grid), keys);
  g_signal_connect_swapped (steer, "drag-update", G_CALLBACK (grid_drag_update_cb), self);
  g_signal_connect_swapped (steer, "drag-end", G_CALLBACK (grid_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->grid), GTK_EVENT_CONTROLLER (steer));
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

  g_set_object (&self->data_dir, data_dir);
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
  devices_changed_cb (self, 0, 0, g_list_model_get_n_items (warden_device_registry_get_devices (registry)));

  refresh_views (self);
  refresh_favorites (self);
  warden_settings_repo_get_async (store_of (self), SNAPSHOTS_KEY, self->cancellable,
                                  snapshots_setting_loaded_cb, self);
  if (!self->forget_layout)
    warden_settings_repo_get_async (store_of (self), MEMORY_PLAY_KEY, self->cancellable,
                                    memory_play_loaded_cb, self);
}

void
warden_live_page_set_remember_layout (WardenLivePage *self,
                                      gboolean        remember)
{
  g_return_if_fail (WARDEN_IS_LIVE_PAGE (self));

  self->forget_layout = !remember;
  gtk_widget_set_visible (GTK_WIDGET (self->memory_play_check), remember);
}

void
warden_live_page_set_chrome_visible (WardenLivePage *self,
                                     gboolean        visible)
{
  g_return_if_fail (WARDEN_IS_LIVE_PAGE (self));

  gtk_widget_set_visible (self->sidebar, visible);
  gtk_widget_set_visible (self->sidebar_separator, visible);
  gtk_widget_set_visible (self->toolbar, visible);
}

WardenViewRecord *
warden_live_page_dup_view (WardenLivePage *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_PAGE (self), NULL);

  return record_from_grid (self, NULL);
}

void
warden_live_page_open_view (WardenLivePage         *self,
                            const WardenViewRecord *view)
{
  g_return_if_fail (WARDEN_IS_LIVE_PAGE (self));
  g_return_if_fail (view != NULL);

  if (self->registry == NULL)
    {
      toast (self, _("No devices are loaded yet; add them on the Devices page"));
      return;
    }
  apply_view (self, view);
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
      g_autoptr(GError) local_error = NULL;

      if (show_one (self, index + i, device_id, channel > 0 ? channel : (int) i + 1, &local_error))
        shown = TRUE;
      else if (error == NULL)
        error = g_steal_pointer (&local_error);

      /* An offline device's tiles wait for it; any other error stops here. */
      if (error != NULL && !g_error_matches (error, WARDEN_VIEW_ERROR, WARDEN_VIEW_ERROR_OFFLINE))
        break;
    }

  if (error != NULL)
    toast (self, error->message);

  return shown;
}
