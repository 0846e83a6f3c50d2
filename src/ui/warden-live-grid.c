/* warden-live-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid lays its tiles out itself: a tile keeps its widget (and its stream)
 * when tiles swap or one is enlarged, so nothing reconnects. An enlarged tile
 * covers the grid and the others are made child-invisible, which unmaps them and
 * stops their decoding. Grids with more tiles than main-stream-max-tiles ask
 * for the sub stream; an enlarged tile asks for the main stream.
 *
 * Tiles stop decoding while unmapped (another page shown, the window hidden);
 * the grid also stops them while its window is minimised, and resumes them
 * when it is shown again. A tile's snapshot button can start a burst: the grid
 * takes the remaining snapshots of the stream at the burst's interval and
 * reports them together.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <string.h>

#include "warden-live-grid.h"

#define TILE_GAP 2
#define DRAG_PAYLOAD_MAX 64

typedef struct
{
  WardenVideoTile *tile;
  gint64 device_id;
  int channel;          /* 0: empty */
} Cell;

struct _WardenLiveGrid
{
  GtkWidget parent_instance;

  Cell cells[WARDEN_LIVE_GRID_MAX_TILES];
  guint n_tiles;
  guint rows;
  guint columns;
  guint large_span;
  int enlarged;
  int selected;

  guint max_fps;
  gboolean key_frames_only;
  WardenLatencyMode latency_mode;
  guint main_stream_max_tiles;
  gboolean enlarged_main_stream;
  GFile *files_directory;

  GdkSurface *surface;          /* the window's, while realized */
  gboolean minimized;
  guint snapshot_count;
  WardenSnapshotFormat snapshot_format;
  guint snapshot_interval_ms;
  GPtrArray *bursts;            /* Burst */
  GCancellable *cancellable;
};

/* The snapshots after the first of one press of a tile's snapshot button. */
typedef struct
{
  WardenLiveGrid *grid;
  WardenLiveStream *stream;
  GFile *last;
  guint left;
  guint saved;
  guint timeout_id;
} Burst;

G_DEFINE_FINAL_TYPE (WardenLiveGrid, warden_live_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_TILES,
  PROP_ENLARGED,
  PROP_SELECTED,
  PROP_MAX_FPS,
  PROP_KEY_FRAMES_ONLY,
  PROP_LATENCY_MODE,
  PROP_MAIN_STREAM_MAX_TILES,
  PROP_ENLARGED_MAIN_STREAM,
  N_PROPS
};

enum {
  CHANNEL_DROPPED,
  SNAPSHOTS_SAVED,
  RECORDING_SAVED,
  FAILED,
  CHANNELS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const guint standard_layouts[] = { 1, 4, 6, 8, 9, 16, 25, 36, 64 };

/* Where tile @index sits: the large tile first, then the column right of it,
 * then the rows under it. */
static void
cell_geometry (WardenLiveGrid *self,
               guint           index,
               guint          *column,
               guint          *row,
               guint          *span)
{
  guint big = self->large_span;
  guint j;

  *span = 1;
  if (big == 0)
    {
      *column = index % self->columns;
      *row = index / self->columns;
      return;
    }

  if (index == 0)
    {
      *column = 0;
      *row = 0;
      *span = big;
      return;
    }

  j = index - 1;
  if (j < big * (self->columns - big))
    {
      *row = j / (self->columns - big);
      *column = big + j % (self->columns - big);
      return;
    }

  j -= big * (self->columns - big);
  *row = big + j / self->columns;
  *column = j % self->columns;
}

static gboolean
tile_wants_main (WardenLiveGrid *self,
                 guint           index)
{
  if (self->enlarged == (int) index)
    return self->enlarged_main_stream;
  return self->n_tiles <= self->main_stream_max_tiles;
}

/* A tile decodes while it is mapped and its window is not minimised. */
static void
apply_decoding (WardenLiveGrid  *self,
                WardenVideoTile *tile)
{
  WardenLiveStream *stream = warden_video_tile_get_stream (tile);

  if (stream != NULL)
    warden_live_stream_set_visible (stream, !self->minimized && gtk_widget_get_mapped (GTK_WIDGET (tile)));
}

static void
apply_stream_settings (WardenLiveGrid *self,
                       guint           index)
{
  WardenVideoTile *tile = self->cells[index].tile;
  WardenLiveStream *stream;

  warden_video_tile_set_main_stream (tile, tile_wants_main (self, index));
  stream = warden_video_tile_get_stream (tile);
  if (stream != NULL)
    {
      warden_live_stream_set_max_fps (stream, self->max_fps);
      /* An enlarged tile is the only one decoding: it plays every frame. */
      warden_live_stream_set_key_frames_only (stream, self->key_frames_only
                                                      && self->enlarged != (int) index);
      warden_live_stream_set_latency_mode (stream, self->latency_mode);
    }
  apply_decoding (self, tile);
}

static void
apply_all_stream_settings (WardenLiveGrid *self)
{
  for (guint i = 0; i < self->n_tiles; i++)
    apply_stream_settings (self, i);
}

static int
index_of_tile (WardenLiveGrid  *self,
               WardenVideoTile *tile)
{
  for (guint i = 0; i < self->n_tiles; i++)
    if (self->cells[i].tile == tile)
      return i;
  return -1;
}

static int
index_at (WardenLiveGrid *self,
          double          x,
          double          y)
{
  for (guint i = 0; i < self->n_tiles; i++)
    {
      GtkWidget *tile = GTK_WIDGET (self->cells[i].tile);
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (tile)
          || !gtk_widget_compute_bounds (tile, GTK_WIDGET (self), &bounds))
        continue;
      if (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

static void
update_child_visibility (WardenLiveGrid *self)
{
  for (guint i = 0; i < self->n_tiles; i++)
    gtk_widget_set_child_visible (GTK_WIDGET (self->cells[i].tile),
                                  self->enlarged < 0 || self->enlarged == (int) i);
}

static void
burst_free (Burst *burst)
{
  g_clear_handle_id (&burst->timeout_id, g_source_remove);
  g_object_unref (burst->stream);
  g_clear_object (&burst->last);
  g_free (burst);
}

static void
burst_finish (Burst *burst)
{
  WardenLiveGrid *self = burst->grid;

  g_signal_emit (self, signals[SNAPSHOTS_SAVED], 0, burst->saved, burst->last);
  g_ptr_array_remove (self->bursts, burst);
}

static gboolean burst_tick_cb (gpointer data);

static void
burst_snapshot_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = warden_live_stream_snapshot_finish (WARDEN_LIVE_STREAM (source), result, &error);

  /* Cancelled: the grid went away and freed the burst. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (file == NULL)
    {
      g_signal_emit (burst->grid, signals[FAILED], 0, error->message);
      burst->left = 0;
    }
  else
    {
      g_set_object (&burst->last, file);
      burst->saved++;
      burst->left--;
    }

  if (burst->left == 0)
    burst_finish (burst);
  else
    burst->timeout_id = g_timeout_add (burst->grid->snapshot_interval_ms, burst_tick_cb, burst);
}

static gboolean
burst_tick_cb (gpointer data)
{
  Burst *burst = data;
  WardenLiveGrid *self = burst->grid;

  burst->timeout_id = 0;
  warden_live_stream_snapshot_async (burst->stream, self->files_directory, self->snapshot_format,
                                     self->cancellable, burst_snapshot_done_cb, burst);
  return G_SOURCE_REMOVE;
}

/* The tile saved the first snapshot; the rest of the burst follows from here. */
static void
tile_snapshot_taken_cb (WardenLiveGrid  *self,
                        GFile           *file,
                        WardenVideoTile *tile)
{
  WardenLiveStream *stream = warden_video_tile_get_stream (tile);
  Burst *burst;

  if (self->snapshot_count <= 1 || stream == NULL || self->files_directory == NULL)
    {
      g_signal_emit (self, signals[SNAPSHOTS_SAVED], 0, 1, file);
      return;
    }

  burst = g_new0 (Burst, 1);
  burst->grid = self;
  burst->stream = g_object_ref (stream);
  burst->last = g_object_ref (file);
  burst->saved = 1;
  burst->left = self->snapshot_count - 1;
  burst->timeout_id = g_timeout_add (self->snapshot_interval_ms, burst_tick_cb, burst);
  g_ptr_array_add (self->bursts, burst);
}

static void
tile_mapped_cb (WardenLiveGrid  *self,
                WardenVideoTile *tile)
{
  apply_decoding (self, tile);
}

static void
surface_state_cb (WardenLiveGrid *self)
{
  gboolean minimized = (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface))
                        & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  if (self->minimized == minimized)
    return;

  self->minimized = minimized;
  g_debug ("Window %s: %s decoding", minimized ? "minimised" : "restored", minimized ? "stop" : "resume");
  for (guint i = 0; i < self->n_tiles; i++)
    apply_decoding (self, self->cells[i].tile);
}

static void
tile_recording_saved_cb (WardenLiveGrid *self,
                         GFile          *file)
{
  g_signal_emit (self, signals[RECORDING_SAVED], 0, file);
}

static void
tile_failed_cb (WardenLiveGrid *self,
                const char     *message)
{
  g_signal_emit (self, signals[FAILED], 0, message);
}

static void
tile_close_requested_cb (WardenLiveGrid  *self,
                         WardenVideoTile *tile)
{
  int index = index_of_tile (self, tile);

  if (index >= 0)
    warden_live_grid_clear_tile (self, index);
}

/* The tile's PTZ button: the tile is selected (the PTZ panel drives the selected tile's
 * camera) and enlarged, where a drag on the picture steers it, and the grid takes the
 * keyboard for the arrow and + / − keys. */
static void
tile_ptz_requested_cb (WardenLiveGrid  *self,
                       WardenVideoTile *tile)
{
  int index = index_of_tile (self, tile);

  if (index < 0)
    return;

  warden_live_grid_set_selected (self, index);
  warden_live_grid_set_enlarged (self, index);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* One tile's sound at a time, as on a vendor's client: turning one on mutes the rest. */
static void
tile_audio_changed_cb (WardenLiveGrid  *self,
                       GParamSpec      *pspec,
                       WardenVideoTile *tile)
{
  if (!warden_video_tile_get_audio (tile))
    return;

  for (guint i = 0; i < self->n_tiles; i++)
    if (self->cells[i].tile != tile)
      warden_video_tile_set_audio (self->cells[i].tile, FALSE);
}

static WardenVideoTile *
tile_new (WardenLiveGrid *self)
{
  WardenVideoTile *tile = WARDEN_VIDEO_TILE (warden_video_tile_new ());

  warden_video_tile_set_files_directory (tile, self->files_directory);
  warden_video_tile_set_snapshot_format (tile, self->snapshot_format);
  g_signal_connect_swapped (tile, "snapshot-taken", G_CALLBACK (tile_snapshot_taken_cb), self);
  g_signal_connect_swapped (tile, "map", G_CALLBACK (tile_mapped_cb), self);
  g_signal_connect_swapped (tile, "recording-saved", G_CALLBACK (tile_recording_saved_cb), self);
  g_signal_connect_swapped (tile, "failed", G_CALLBACK (tile_failed_cb), self);
  g_signal_connect_swapped (tile, "close-requested", G_CALLBACK (tile_close_requested_cb), self);
  g_signal_connect_swapped (tile, "ptz-requested", G_CALLBACK (tile_ptz_requested_cb), self);
  g_signal_connect_swapped (tile, "notify::audio", G_CALLBACK (tile_audio_changed_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (tile), GTK_WIDGET (self));
  return tile;
}

/* Keeps the tiles below @n_tiles (and their channels), creates or drops the rest. */
static void
resize (WardenLiveGrid *self,
        guint           rows,
        guint           columns,
        guint           large_span)
{
  guint n_tiles = large_span > 0 ? rows * columns - large_span * large_span + 1 : rows * columns;

  g_assert (n_tiles >= 1 && n_tiles <= WARDEN_LIVE_GRID_MAX_TILES);

  for (guint i = n_tiles; i < self->n_tiles; i++)
    {
      warden_video_tile_clear (self->cells[i].tile);
      gtk_widget_unparent (GTK_WIDGET (self->cells[i].tile));
      self->cells[i] = (Cell) { 0 };
    }
  for (guint i = self->n_tiles; i < n_tiles; i++)
    self->cells[i].tile = tile_new (self);

  self->n_tiles = n_tiles;
  self->rows = rows;
  self->columns = columns;
  self->large_span = large_span;
  self->enlarged = -1;
  if (self->selected >= (int) n_tiles)
    self->selected = -1;
  update_child_visibility (self);
  apply_all_stream_settings (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TILES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENLARGED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0);
}

static void
pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   WardenLiveGrid  *self)
{
  int index = index_at (self, x, y);

  if (index < 0)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  warden_live_grid_set_selected (self, index);
  if (n_press != 2)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  warden_live_grid_set_enlarged (self, self->enlarged == index ? -1 : index);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource  *source,
                 double          x,
                 double          y,
                 WardenLiveGrid *self)
{
  int index = index_at (self, x, y);
  g_autofree char *payload = NULL;

  if (index < 0 || self->cells[index].channel == 0 || self->enlarged >= 0)
    return NULL;

  payload = g_strdup_printf ("warden-tile:%d", index);
  return gdk_content_provider_new_typed (G_TYPE_STRING, payload);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         WardenLiveGrid *self)
{
  WardenLiveDragKind kind;
  gint64 id;
  int channel;
  int index = index_at (self, x, y);

  if (index < 0 || !G_VALUE_HOLDS_STRING (value)
      || !warden_live_drag_payload_parse (g_value_get_string (value), &kind, &id, &channel))
    return FALSE;

  switch (kind)
    {
    case WARDEN_LIVE_DRAG_TILE:
      if (id >= self->n_tiles)
        return FALSE;
      warden_live_grid_swap (self, (guint) id, index);
      return TRUE;
    case WARDEN_LIVE_DRAG_CHANNEL:
    case WARDEN_LIVE_DRAG_DEVICE:
    default:
      g_signal_emit (self, signals[CHANNEL_DROPPED], 0, (guint) index, id, channel);
      return TRUE;
    }
}

static void
warden_live_grid_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (widget);
  guint cells = orientation == GTK_ORIENTATION_HORIZONTAL ? self->columns : self->rows;
  int tile_min = 0;

  for (guint i = 0; i < self->n_tiles; i++)
    {
      int child_min, child_nat;

      if (!gtk_widget_get_child_visible (GTK_WIDGET (self->cells[i].tile)))
        continue;
      gtk_widget_measure (GTK_WIDGET (self->cells[i].tile), orientation, -1,
                          &child_min, &child_nat, NULL, NULL);
      tile_min = MAX (tile_min, child_min);
    }

  if (self->enlarged >= 0)
    cells = 1;
  *minimum = tile_min * cells + TILE_GAP * (cells - 1);
  *natural = MAX (*minimum, 320);
}

static void
warden_live_grid_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (widget);

  for (guint i = 0; i < self->n_tiles; i++)
    {
      GtkWidget *tile = GTK_WIDGET (self->cells[i].tile);
      guint column, row, span;
      int x0, y0, x1, y1;

      if (!gtk_widget_get_child_visible (tile))
        continue;

      if (self->enlarged == (int) i)
        {
          gtk_widget_size_allocate (tile, &(GtkAllocation) { 0, 0, width, height }, -1);
          continue;
        }

      cell_geometry (self, i, &column, &row, &span);
      x0 = (int) ((gint64) width * column / self->columns);
      x1 = (int) ((gint64) width * (column + span) / self->columns);
      y0 = (int) ((gint64) height * row / self->rows);
      y1 = (int) ((gint64) height * (row + span) / self->rows);
      if (column + span < self->columns)
        x1 -= TILE_GAP;
      if (row + span < self->rows)
        y1 -= TILE_GAP;
      gtk_widget_size_allocate (tile, &(GtkAllocation) { x0, y0, MAX (x1 - x0, 0), MAX (y1 - y0, 0) }, -1);
    }
}

static void
warden_live_grid_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (widget);

  /* The gaps between tiles are black, as on a monitor wall; an empty tile is a
   * shade lighter, so the operator sees where channels can go. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  for (guint i = 0; i < self->n_tiles; i++)
    {
      GtkWidget *tile = GTK_WIDGET (self->cells[i].tile);
      graphene_rect_t bounds;

      if (self->cells[i].channel == 0 && gtk_widget_get_child_visible (tile)
          && gtk_widget_compute_bounds (tile, widget, &bounds))
        gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.09, 0.09, 0.09, 1 }, &bounds);
      gtk_widget_snapshot_child (widget, tile, snapshot);
    }
}

static void
warden_live_grid_realize (GtkWidget *widget)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (warden_live_grid_parent_class)->realize (widget);

  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->surface = surface;
      g_signal_connect_object (surface, "notify::state", G_CALLBACK (surface_state_cb), self,
                               G_CONNECT_SWAPPED);
      surface_state_cb (self);
    }
}

static void
warden_live_grid_unrealize (GtkWidget *widget)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (widget);

  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_data (self->surface, self);
  self->surface = NULL;
  self->minimized = FALSE;

  GTK_WIDGET_CLASS (warden_live_grid_parent_class)->unrealize (widget);
}

static void
warden_live_grid_dispose (GObject *object)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->bursts, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < self->n_tiles; i++)
    {
      g_signal_handlers_disconnect_by_data (self->cells[i].tile, self);
      gtk_widget_unparent (GTK_WIDGET (self->cells[i].tile));
      self->cells[i] = (Cell) { 0 };
    }
  self->n_tiles = 0;
  g_clear_object (&self->files_directory);

  G_OBJECT_CLASS (warden_live_grid_parent_class)->dispose (object);
}

static void
warden_live_grid_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (object);

  switch (prop_id)
    {
    case PROP_N_TILES:
      g_value_set_uint (value, self->n_tiles);
      break;
    case PROP_ENLARGED:
      g_value_set_int (value, self->enlarged);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_MAX_FPS:
      g_value_set_uint (value, self->max_fps);
      break;
    case PROP_KEY_FRAMES_ONLY:
      g_value_set_boolean (value, self->key_frames_only);
      break;
    case PROP_LATENCY_MODE:
      g_value_set_int (value, self->latency_mode);
      break;
    case PROP_MAIN_STREAM_MAX_TILES:
      g_value_set_uint (value, self->main_stream_max_tiles);
      break;
    case PROP_ENLARGED_MAIN_STREAM:
      g_value_set_boolean (value, self->enlarged_main_stream);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_live_grid_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WardenLiveGrid *self = WARDEN_LIVE_GRID (object);

  switch (prop_id)
    {
    case PROP_ENLARGED:
      warden_live_grid_set_enlarged (self, g_value_get_int (value));
      break;
    case PROP_SELECTED:
      warden_live_grid_set_selected (self, g_value_get_int (value));
      break;
    case PROP_MAX_FPS:
      warden_live_grid_set_max_fps (self, g_value_get_uint (value));
      break;
    case PROP_KEY_FRAMES_ONLY:
      warden_live_grid_set_key_frames_only (self, g_value_get_boolean (value));
      break;
    case PROP_LATENCY_MODE:
      warden_live_grid_set_latency_mode (self, g_value_get_int (value));
      break;
    case PROP_MAIN_STREAM_MAX_TILES:
      warden_live_grid_set_main_stream_max_tiles (self, g_value_get_uint (value));
      break;
    case PROP_ENLARGED_MAIN_STREAM:
      warden_live_grid_set_enlarged_main_stream (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_live_grid_class_init (WardenLiveGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_live_grid_dispose;
  object_class->get_property = warden_live_grid_get_property;
  object_class->set_property = warden_live_grid_set_property;

  widget_class->measure = warden_live_grid_measure;
  widget_class->size_allocate = warden_live_grid_size_allocate;
  widget_class->snapshot = warden_live_grid_snapshot;
  widget_class->realize = warden_live_grid_realize;
  widget_class->unrealize = warden_live_grid_unrealize;

  properties[PROP_N_TILES] =
    g_param_spec_uint ("n-tiles", NULL, NULL, 1, WARDEN_LIVE_GRID_MAX_TILES, 4,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENLARGED] =
    g_param_spec_int ("enlarged", NULL, NULL, -1, WARDEN_LIVE_GRID_MAX_TILES - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, WARDEN_LIVE_GRID_MAX_TILES - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_FPS] =
    g_param_spec_uint ("max-fps", NULL, NULL, 0, 120, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY_FRAMES_ONLY] =
    g_param_spec_boolean ("key-frames-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY_MODE] =
    g_param_spec_int ("latency-mode", NULL, NULL, WARDEN_LATENCY_REALTIME, WARDEN_LATENCY_AUTO,
                      WARDEN_LATENCY_REALTIME,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAIN_STREAM_MAX_TILES] =
    g_param_spec_uint ("main-stream-max-tiles", NULL, NULL, 0, WARDEN_LIVE_GRID_MAX_TILES, 4,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENLARGED_MAIN_STREAM] =
    g_param_spec_boolean ("enlarged-main-stream", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WardenLiveGrid::channel-dropped:
   * @index: the tile it was dropped on
   * @device_id: the device
   * @channel: the channel, or 0 for the whole device
   */
  signals[CHANNEL_DROPPED] =
    g_signal_new ("channel-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_INT);
  /**
   * WardenLiveGrid::snapshots-saved:
   * @n_saved: how many snapshots one press of a snapshot button saved
   * @last: the last of them
   */
  signals[SNAPSHOTS_SAVED] =
    g_signal_new ("snapshots-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_FILE);
  /**
   * WardenLiveGrid::recording-saved:
   * @file: a finished MP4 file of a tile's local recording
   */
  signals[RECORDING_SAVED] =
    g_signal_new ("recording-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * WardenLiveGrid::channels-changed:
   *
   * The layout, or a tile's channel or place, changed.
   */
  signals[CHANNELS_CHANGED] =
    g_signal_new ("channels-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "warden-live-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
warden_live_grid_init (WardenLiveGrid *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);

  self->enlarged = -1;
  self->selected = -1;
  self->latency_mode = WARDEN_LATENCY_REALTIME;
  self->main_stream_max_tiles = 4;
  self->enlarged_main_stream = TRUE;
  self->snapshot_count = 1;
  self->snapshot_format = WARDEN_SNAPSHOT_JPEG;
  self->snapshot_interval_ms = 1000;
  self->bursts = g_ptr_array_new_with_free_func ((GDestroyNotify) burst_free);
  self->cancellable = g_cancellable_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  resize (self, 2, 2, 0);
}

char *
warden_live_drag_payload_new (gint64 device_id,
                              int    channel)
{
  g_return_val_if_fail (device_id > 0 && channel >= 0, NULL);

  if (channel == 0)
    return g_strdup_printf ("warden-device:%" G_GINT64_FORMAT, device_id);
  return g_strdup_printf ("warden-channel:%" G_GINT64_FORMAT ":%d", device_id, channel);
}

static gboolean
parse_number (const char  *text,
              char         end,
              gint64       max,
              gint64      *number,
              const char **rest)
{
  char *stop = NULL;
  gint64 value;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoll (text, &stop, 10);
  if (*stop != end || value < 0 || value > max)
    return FALSE;
  *number = value;
  *rest = stop;
  return TRUE;
}

gboolean
warden_live_drag_payload_parse (const char         *payload,
                                WardenLiveDragKind *kind,
                                gint64             *id,
                                int                *channel)
{
  const char *rest;
  gint64 number;

  g_return_val_if_fail (kind != NULL && id != NULL && channel != NULL, FALSE);

  if (payload == NULL || strnlen (payload, DRAG_PAYLOAD_MAX + 1) > DRAG_PAYLOAD_MAX)
    return FALSE;

  *channel = 0;
  if (g_str_has_prefix (payload, "warden-tile:"))
    {
      *kind = WARDEN_LIVE_DRAG_TILE;
      return parse_number (payload + strlen ("warden-tile:"), '\0',
                           WARDEN_LIVE_GRID_MAX_TILES - 1, id, &rest);
    }
  if (g_str_has_prefix (payload, "warden-device:"))
    {
      *kind = WARDEN_LIVE_DRAG_DEVICE;
      return parse_number (payload + strlen ("warden-device:"), '\0', G_MAXINT64, id, &rest)
             && *id > 0;
    }
  if (g_str_has_prefix (payload, "warden-channel:"))
    {
      *kind = WARDEN_LIVE_DRAG_CHANNEL;
      if (!parse_number (payload + strlen ("warden-channel:"), ':', G_MAXINT64, id, &rest)
          || *id <= 0
          || !parse_number (rest + 1, '\0', 1024, &number, &rest)
          || number < 1)
        return FALSE;
      *channel = (int) number;
      return TRUE;
    }
  return FALSE;
}

gboolean
warden_live_grid_layout_is_standard (guint n_tiles)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_layouts); i++)
    if (standard_layouts[i] == n_tiles)
      return TRUE;
  return FALSE;
}

GtkWidget *
warden_live_grid_new (void)
{
  return g_object_new (WARDEN_TYPE_LIVE_GRID, NULL);
}

void
warden_live_grid_set_layout (WardenLiveGrid *self,
                             guint           n_tiles)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (warden_live_grid_layout_is_standard (n_tiles));

  if (n_tiles == 6)
    resize (self, 3, 3, 2);
  else if (n_tiles == 8)
    resize (self, 4, 4, 3);
  else
    {
      guint side = 1;

      while (side * side < n_tiles)
        side++;
      resize (self, side, side, 0);
    }
}

void
warden_live_grid_set_custom_layout (WardenLiveGrid *self,
                                    guint           rows,
                                    guint           columns)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (rows >= 1 && rows <= WARDEN_LIVE_GRID_MAX_SIDE);
  g_return_if_fail (columns >= 1 && columns <= WARDEN_LIVE_GRID_MAX_SIDE);

  resize (self, rows, columns, 0);
}

guint
warden_live_grid_get_n_tiles (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->n_tiles;
}

guint
warden_live_grid_get_rows (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->rows;
}

guint
warden_live_grid_get_columns (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->columns;
}

guint
warden_live_grid_get_large_span (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->large_span;
}

WardenVideoTile *
warden_live_grid_get_tile (WardenLiveGrid *self,
                           guint           index)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), NULL);
  g_return_val_if_fail (index < self->n_tiles, NULL);

  return self->cells[index].tile;
}

/**
 * warden_live_grid_set_channel:
 *
 * Shows a channel in tile @index, on the stream the grid's size asks for, with
 * the grid's refresh cap and latency mode.
 */
void
warden_live_grid_set_channel (WardenLiveGrid *self,
                              guint           index,
                              gint64          device_id,
                              int             channel,
                              const char     *name,
                              const char     *main_url,
                              const char     *sub_url)
{
  Cell *cell;

  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (index < self->n_tiles);
  g_return_if_fail (channel >= 1);
  g_return_if_fail (main_url != NULL || sub_url != NULL);

  cell = &self->cells[index];
  cell->device_id = device_id;
  cell->channel = channel;
  warden_video_tile_set_source (cell->tile, name, main_url, sub_url, self->latency_mode);
  apply_stream_settings (self, index);
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0);
}

gboolean
warden_live_grid_get_channel (WardenLiveGrid *self,
                              guint           index,
                              gint64         *device_id,
                              int            *channel)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), FALSE);
  g_return_val_if_fail (index < self->n_tiles, FALSE);

  if (device_id != NULL)
    *device_id = self->cells[index].device_id;
  if (channel != NULL)
    *channel = self->cells[index].channel;
  return self->cells[index].channel != 0;
}

int
warden_live_grid_get_next_free (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), -1);

  for (guint i = 0; i < self->n_tiles; i++)
    if (self->cells[i].channel == 0)
      return i;
  return -1;
}

void
warden_live_grid_clear_tile (WardenLiveGrid *self,
                             guint           index)
{
  Cell *cell;

  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (index < self->n_tiles);

  cell = &self->cells[index];
  warden_video_tile_clear (cell->tile);
  cell->device_id = 0;
  cell->channel = 0;
  if (self->enlarged == (int) index)
    warden_live_grid_set_enlarged (self, -1);
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0);
}

void
warden_live_grid_clear_all (WardenLiveGrid *self)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));

  warden_live_grid_set_enlarged (self, -1);
  for (guint i = 0; i < self->n_tiles; i++)
    {
      warden_video_tile_clear (self->cells[i].tile);
      self->cells[i].device_id = 0;
      self->cells[i].channel = 0;
    }
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0);
}

/**
 * warden_live_grid_swap:
 *
 * Exchanges the places of two tiles; both keep playing.
 */
void
warden_live_grid_swap (WardenLiveGrid *self,
                       guint           a,
                       guint           b)
{
  Cell cell;

  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (a < self->n_tiles && b < self->n_tiles);

  if (a == b)
    return;

  cell = self->cells[a];
  self->cells[a] = self->cells[b];
  self->cells[b] = cell;
  if (self->enlarged == (int) a)
    self->enlarged = b;
  else if (self->enlarged == (int) b)
    self->enlarged = a;
  if (self->selected == (int) a)
    self->selected = b;
  else if (self->selected == (int) b)
    self->selected = a;

  apply_stream_settings (self, a);
  apply_stream_settings (self, b);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0);
}

int
warden_live_grid_get_enlarged (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), -1);

  return self->enlarged;
}

/**
 * warden_live_grid_set_enlarged:
 * @index: a tile, or -1 to show the whole grid again
 *
 * Shows one tile over the whole grid; the hidden tiles stop decoding.
 */
void
warden_live_grid_set_enlarged (WardenLiveGrid *self,
                               int             index)
{
  int old;

  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (index >= -1 && index < (int) self->n_tiles);

  if (self->enlarged == index)
    return;

  old = self->enlarged;
  self->enlarged = index;
  update_child_visibility (self);
  if (old >= 0)
    apply_stream_settings (self, old);
  if (index >= 0)
    apply_stream_settings (self, index);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENLARGED]);
}

int
warden_live_grid_get_selected (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), -1);

  return self->selected;
}

/**
 * warden_live_grid_set_selected:
 * @index: a tile, or -1
 *
 * The tile that PTZ, keys and the toolbar act on; a click selects it.
 */
void
warden_live_grid_set_selected (WardenLiveGrid *self,
                               int             index)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (index >= -1 && index < (int) self->n_tiles);

  if (self->selected == index)
    return;

  self->selected = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
warden_live_grid_get_max_fps (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->max_fps;
}

/**
 * warden_live_grid_set_max_fps:
 * @max_fps: frames per second per tile, 0 for no cap
 */
void
warden_live_grid_set_max_fps (WardenLiveGrid *self,
                              guint           max_fps)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));

  if (self->max_fps == max_fps)
    return;

  self->max_fps = max_fps;
  apply_all_stream_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FPS]);
}

gboolean
warden_live_grid_get_key_frames_only (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), FALSE);

  return self->key_frames_only;
}

/**
 * warden_live_grid_set_key_frames_only:
 *
 * Tiles decode and show key frames only (about one picture a second), for walls with
 * more tiles than the computer can decode; an enlarged tile plays every frame.
 */
void
warden_live_grid_set_key_frames_only (WardenLiveGrid *self,
                                      gboolean        key_frames_only)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));

  key_frames_only = !!key_frames_only;
  if (self->key_frames_only == key_frames_only)
    return;

  self->key_frames_only = key_frames_only;
  apply_all_stream_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_FRAMES_ONLY]);
}

WardenLatencyMode
warden_live_grid_get_latency_mode (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), WARDEN_LATENCY_REALTIME);

  return self->latency_mode;
}

void
warden_live_grid_set_latency_mode (WardenLiveGrid    *self,
                                   WardenLatencyMode  mode)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (mode <= WARDEN_LATENCY_AUTO);

  if (self->latency_mode == mode)
    return;

  self->latency_mode = mode;
  apply_all_stream_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MODE]);
}

guint
warden_live_grid_get_main_stream_max_tiles (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->main_stream_max_tiles;
}

/**
 * warden_live_grid_set_main_stream_max_tiles:
 * @n_tiles: the largest grid whose tiles use the main stream (4 by default)
 */
void
warden_live_grid_set_main_stream_max_tiles (WardenLiveGrid *self,
                                            guint           n_tiles)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));

  if (self->main_stream_max_tiles == n_tiles)
    return;

  self->main_stream_max_tiles = n_tiles;
  apply_all_stream_settings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAIN_STREAM_MAX_TILES]);
}

gboolean
warden_live_grid_get_enlarged_main_stream (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), FALSE);

  return self->enlarged_main_stream;
}

void
warden_live_grid_set_enlarged_main_stream (WardenLiveGrid *self,
                                           gboolean        main_stream)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));

  main_stream = !!main_stream;
  if (self->enlarged_main_stream == main_stream)
    return;

  self->enlarged_main_stream = main_stream;
  if (self->enlarged >= 0)
    apply_stream_settings (self, self->enlarged);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENLARGED_MAIN_STREAM]);
}

/**
 * warden_live_grid_set_files_directory:
 *
 * Where the tiles write snapshots and recordings.
 */
void
warden_live_grid_set_files_directory (WardenLiveGrid *self,
                                      GFile          *directory)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (directory == NULL || G_IS_FILE (directory));

  if (!g_set_object (&self->files_directory, directory))
    return;

  for (guint i = 0; i < self->n_tiles; i++)
    warden_video_tile_set_files_directory (self->cells[i].tile, directory);
}

guint
warden_live_grid_get_snapshot_count (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 1);

  return self->snapshot_count;
}

guint
warden_live_grid_get_snapshot_interval (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), 0);

  return self->snapshot_interval_ms;
}

/**
 * warden_live_grid_set_snapshot_burst:
 * @count: snapshots per press of a tile's snapshot button, 1 to
 *   %WARDEN_LIVE_GRID_MAX_SNAPSHOTS
 * @interval_ms: milliseconds between them, 100 to 60000
 *
 * Bursts already running keep their count.
 */
void
warden_live_grid_set_snapshot_burst (WardenLiveGrid *self,
                                     guint           count,
                                     guint           interval_ms)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (count >= 1 && count <= WARDEN_LIVE_GRID_MAX_SNAPSHOTS);
  g_return_if_fail (interval_ms >= 100 && interval_ms <= 60000);

  self->snapshot_count = count;
  self->snapshot_interval_ms = interval_ms;
}

WardenSnapshotFormat
warden_live_grid_get_snapshot_format (WardenLiveGrid *self)
{
  g_return_val_if_fail (WARDEN_IS_LIVE_GRID (self), WARDEN_SNAPSHOT_JPEG);

  return self->snapshot_format;
}

/* The file format of the tiles' snapshots, continuous ones included. */
void
warden_live_grid_set_snapshot_format (WardenLiveGrid       *self,
                                      WardenSnapshotFormat  format)
{
  g_return_if_fail (WARDEN_IS_LIVE_GRID (self));
  g_return_if_fail (format <= WARDEN_SNAPSHOT_JPEG);

  self->snapshot_format = format;
  for (guint i = 0; i < self->n_tiles; i++)
    warden_video_tile_set_snapshot_format (self->cells[i].tile, format);
}
