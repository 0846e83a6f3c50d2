/* warden-video-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is a GtkPicture showing a WardenVideoPaintable; the channel name, REC,
 * status and figures are GTK widgets over it, never drawn into the frames. The tile
 * tells its stream its size in device pixels, so frames arrive ready to draw, and
 * stops decoding while it is unmapped.
 *
 * Digital zoom (the toolbar's magnifier) enlarges part of the picture: the scroll wheel
 * zooms about the pointer, a drag moves the view. While zoomed, frames come larger, up to
 * the stream's own size, so the enlarged part keeps the detail the camera sends.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "warden-recorder.h"
#include "warden-stream-pool.h"
#include "warden-video-tile.h"

#define RECORD_FILE_DURATION (15 * 60 * GST_SECOND)
#define RECORD_FILE_BYTES (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
#define ZOOM_STEP 1.25            /* per notch of the scroll wheel */
#define COMPACT_WIDTH 252         /* the whole toolbar and its margin; narrower tiles fold four
                                   * of its buttons into a menu */
#define TINY_WIDTH 144            /* the folded toolbar and its margin; narrower tiles (a 64-tile
                                   * grid) fold snapshot and recording too */

/* How much of the hover toolbar a tile of some width folds into the ⋯ menu. */
typedef enum
{
  TOOLBAR_FULL,
  TOOLBAR_FOLDED,
  TOOLBAR_TINY,
} ToolbarFold;

struct _WardenVideoTile
{
  GtkWidget parent_instance;

  GtkWidget *overlay;
  GtkPicture *picture;
  GtkLabel *name_label;
  GtkLabel *rec_label;
  GtkLabel *status_label;
  GtkLabel *stats_label;
  GtkLabel *zoom_label;
  GtkRevealer *toolbar_revealer;
  GtkWidget *primary_box;
  GtkWidget *secondary_box;
  GtkWidget *more_button;
  GMenuModel *primary_menu;    /* snapshot, recording */
  GMenuModel *more_menu;       /* sound, main stream, PTZ, digital zoom */
  GMenu *tiny_menu;            /* both */

  WardenVideoPaintable *paintable;
  WardenLiveStream *stream;
  WardenRecorder *recorder;
  GCancellable *cancellable;
  GFile *files_directory;
  char *main_url;
  char *sub_url;
  gboolean main_stream;
  gboolean show_stats;
  gboolean digital_zoom;
  guint compact_idle;
  WardenSnapshotFormat snapshot_format;
  double pointer_x;
  double pointer_y;
  double pan_center_x;         /* the view's centre when the drag began */
  double pan_center_y;
};

G_DEFINE_FINAL_TYPE (WardenVideoTile, warden_video_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAIN_STREAM,
  PROP_RECORDING,
  PROP_SHOW_STATS,
  PROP_FILES_DIRECTORY,
  PROP_DIGITAL_ZOOM,
  PROP_AUDIO,
  N_PROPS
};

enum {
  SNAPSHOT_TAKEN,
  RECORDING_SAVED,
  FAILED,
  CLOSE_REQUESTED,
  PTZ_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
warden_video_tile_actions_update (WardenVideoTile *self)
{
  gboolean has_stream = self->stream != NULL;
  gboolean playing = has_stream
                     && warden_live_stream_get_state (self->stream) == WARDEN_LIVE_STATE_PLAYING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.snapshot",
                                 playing && self->files_directory != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.record",
                                 has_stream && self->files_directory != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.main-stream",
                                 has_stream && self->main_url != NULL && self->sub_url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.digital-zoom", has_stream);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.ptz", has_stream);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.audio",
                                 has_stream && warden_live_stream_get_has_audio (self->stream));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.close", has_stream);
}

/* Frames come scaled to the tile, so GTK draws them without resampling; while zoomed,
 * larger by the zoom but never larger than the stream itself. */
static void
apply_stream_size (WardenVideoTile *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double width = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  double height = gtk_widget_get_height (GTK_WIDGET (self)) * scale;
  double zoom = warden_video_paintable_get_zoom (self->paintable);
  int stream_width, stream_height;

  if (self->stream == NULL)
    return;

  stream_width = warden_live_stream_get_width (self->stream);
  stream_height = warden_live_stream_get_height (self->stream);
  if (zoom > 1.0 && width > 0 && height > 0)
    {
      /* Until the stream's size is known, the tile's size. */
      double room = stream_width > 0 && stream_height > 0
                    ? MAX (stream_width / width, stream_height / height) : 1.0;

      zoom = CLAMP (room, 1.0, zoom);
    }
  warden_live_stream_set_size (self->stream, (int) round (width * zoom), (int) round (height * zoom));
}

static void
set_zoom (WardenVideoTile *self,
          double           zoom,
          double           center_x,
          double           center_y)
{
  g_autofree char *text = NULL;

  warden_video_paintable_set_zoom (self->paintable, zoom, center_x, center_y);
  zoom = warden_video_paintable_get_zoom (self->paintable);

  /* Translators: the digital zoom factor on a video tile, e.g. 2.4× */
  text = g_strdup_printf (_("%.1f×"), zoom);
  gtk_label_set_text (self->zoom_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_label), zoom > 1.0);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), zoom > 1.0 ? "move" : NULL);
  apply_stream_size (self);
}

static void
pointer_motion_cb (WardenVideoTile *self,
                   double           x,
                   double           y)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

/* Zooms about the point under the pointer, which stays where it is. */
static gboolean
zoom_scroll_cb (WardenVideoTile *self,
                double           dx,
                double           dy)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom = warden_video_paintable_get_zoom (self->paintable);
  double new_zoom = zoom * pow (ZOOM_STEP, -CLAMP (dy, -3.0, 3.0));
  double center_x, center_y, u, v;

  if (!self->digital_zoom || width <= 0 || height <= 0)
    return FALSE;

  warden_video_paintable_get_zoom_center (self->paintable, &center_x, &center_y);
  u = CLAMP (self->pointer_x / width, 0.0, 1.0) - 0.5;
  v = CLAMP (self->pointer_y / height, 0.0, 1.0) - 0.5;
  set_zoom (self, new_zoom,
            center_x + u / zoom - u / new_zoom,
            center_y + v / zoom - v / new_zoom);

  return TRUE;
}

static void
pan_begin_cb (WardenVideoTile *self,
              double           x,
              double           y,
              GtkGesture      *gesture)
{
  if (!self->digital_zoom || warden_video_paintable_get_zoom (self->paintable) <= 1.0)
    {
      gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* A zoomed picture's drag moves the view, not the tile or the camera. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  warden_video_paintable_get_zoom_center (self->paintable, &self->pan_center_x, &self->pan_center_y);
}

static void
pan_update_cb (WardenVideoTile *self,
               double           dx,
               double           dy)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom = warden_video_paintable_get_zoom (self->paintable);

  if (width <= 0 || height <= 0)
    return;

  set_zoom (self, zoom,
            self->pan_center_x - dx / width / zoom,
            self->pan_center_y - dy / height / zoom);
}

static void
update_status (WardenVideoTile *self)
{
  g_autofree char *text = NULL;
  const char *error;

  if (self->stream == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }

  error = warden_live_stream_get_error_message (self->stream);
  switch (warden_live_stream_get_state (self->stream))
    {
    case WARDEN_LIVE_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      break;
    case WARDEN_LIVE_STATE_RECONNECTING:
      {
        guint seconds = warden_live_stream_get_retry_seconds (self->stream);
        g_autofree char *countdown =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reconnecting in %u s", "Reconnecting in %u s", seconds),
                           seconds);

        text = error != NULL ? g_strdup_printf ("%s\n%s", countdown, error) : g_steal_pointer (&countdown);
      }
      break;
    case WARDEN_LIVE_STATE_ERROR:
      text = g_strdup (error != NULL ? error : _("The video failed"));
      break;
    case WARDEN_LIVE_STATE_IDLE:
    case WARDEN_LIVE_STATE_PLAYING:
    default:
      break;
    }

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
update_stats (WardenVideoTile *self)
{
  g_autofree char *text = NULL;

  if (self->stream == NULL || !self->show_stats
      || warden_live_stream_get_state (self->stream) != WARDEN_LIVE_STATE_PLAYING)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->stats_label), FALSE);
      return;
    }

  /* Translators: frames per second · bit rate · resolution, on a video tile */
  text = g_strdup_printf (_("%.0f fps · %u kb/s · %d×%d"),
                          warden_live_stream_get_fps (self->stream),
                          warden_live_stream_get_bitrate_kbps (self->stream),
                          warden_live_stream_get_width (self->stream),
                          warden_live_stream_get_height (self->stream));
  gtk_label_set_text (self->stats_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->stats_label), TRUE);
}

static void
stream_state_changed_cb (WardenVideoTile *self)
{
  update_status (self);
  update_stats (self);
  warden_video_tile_actions_update (self);
}

static void
audio_changed_cb (WardenVideoTile *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
}

static void
recording_changed_cb (WardenVideoTile *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->rec_label), warden_video_tile_get_recording (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
recording_file_closed_cb (WardenVideoTile *self,
                          GFile           *file)
{
  g_signal_emit (self, signals[RECORDING_SAVED], 0, file);
}

static void
push_frame_cb (GstSample *sample,
               gpointer   user_data)
{
  warden_video_paintable_push_sample (WARDEN_VIDEO_PAINTABLE (user_data), sample);
}

static void
pointer_enter_cb (WardenVideoTile *self,
                  double           x,
                  double           y)
{
  pointer_motion_cb (self, x, y);
  gtk_revealer_set_reveal_child (self->toolbar_revealer, self->stream != NULL);
}

static void
pointer_leave_cb (WardenVideoTile *self)
{
  gtk_revealer_set_reveal_child (self->toolbar_revealer, FALSE);
}

static void
snapshot_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WardenVideoTile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = warden_live_stream_snapshot_finish (WARDEN_LIVE_STREAM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (file != NULL)
    g_signal_emit (self, signals[SNAPSHOT_TAKEN], 0, file);
  else
    g_signal_emit (self, signals[FAILED], 0, error->message);
}

static void
snapshot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  g_return_if_fail (self->stream != NULL && self->files_directory != NULL);

  warden_live_stream_snapshot_async (self->stream, self->files_directory, self->snapshot_format,
                                     self->cancellable, snapshot_done_cb, g_object_ref (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  warden_video_tile_clear (self);
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static void
ptz_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  g_signal_emit (widget, signals[PTZ_REQUESTED], 0);
}

static void
drop_stream (WardenVideoTile *self)
{
  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      /* Finalising the recorder writes out its file. */
      g_clear_object (&self->recorder);
      recording_changed_cb (self);
    }

  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      warden_live_stream_set_audio (self->stream, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
      /* Kept open a few seconds: the channel shown again starts at once. */
      warden_stream_pool_give (warden_stream_pool_get_default (), g_steal_pointer (&self->stream));
    }
}

static void
warden_video_tile_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  gtk_widget_measure (self->overlay, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static ToolbarFold
fold_for_width (int width)
{
  return width < TINY_WIDTH ? TOOLBAR_TINY : width < COMPACT_WIDTH ? TOOLBAR_FOLDED : TOOLBAR_FULL;
}

/* What the toolbar shows now. */
static ToolbarFold
current_fold (WardenVideoTile *self)
{
  if (!gtk_widget_get_visible (self->more_button))
    return TOOLBAR_FULL;

  return gtk_widget_get_visible (self->primary_box) ? TOOLBAR_FOLDED : TOOLBAR_TINY;
}

/* Idle after an allocation that crossed COMPACT_WIDTH or TINY_WIDTH: showing and
 * hiding widgets while allocating would ask for another layout. */
static gboolean
apply_compact_cb (gpointer data)
{
  WardenVideoTile *self = data;
  ToolbarFold fold = fold_for_width (gtk_widget_get_width (GTK_WIDGET (self)));

  self->compact_idle = 0;
  gtk_widget_set_visible (self->primary_box, fold != TOOLBAR_TINY);
  gtk_widget_set_visible (self->secondary_box, fold == TOOLBAR_FULL);
  gtk_widget_set_visible (self->more_button, fold != TOOLBAR_FULL);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->more_button),
                                  fold == TOOLBAR_TINY ? G_MENU_MODEL (self->tiny_menu) : self->more_menu);

  return G_SOURCE_REMOVE;
}

static void
warden_video_tile_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  gtk_widget_allocate (self->overlay, width, height, baseline, NULL);
  apply_stream_size (self);
  if (fold_for_width (width) != current_fold (self) && self->compact_idle == 0)
    self->compact_idle = g_idle_add (apply_compact_cb, self);
}

static void
warden_video_tile_realize (GtkWidget *widget)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  GTK_WIDGET_CLASS (warden_video_tile_parent_class)->realize (widget);

  /* Frames are swapped in on the window's frame clock, all tiles in the same cycle. */
  warden_video_paintable_set_frame_clock (self->paintable, gtk_widget_get_frame_clock (widget));
}

static void
warden_video_tile_unrealize (GtkWidget *widget)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  warden_video_paintable_set_frame_clock (self->paintable, NULL);

  GTK_WIDGET_CLASS (warden_video_tile_parent_class)->unrealize (widget);
}

static void
warden_video_tile_map (GtkWidget *widget)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  GTK_WIDGET_CLASS (warden_video_tile_parent_class)->map (widget);

  if (self->stream != NULL)
    warden_live_stream_set_visible (self->stream, TRUE);
}

static void
warden_video_tile_unmap (GtkWidget *widget)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (widget);

  /* A hidden tile decodes nothing; its session stays open for a quick return. */
  if (self->stream != NULL)
    warden_live_stream_set_visible (self->stream, FALSE);

  GTK_WIDGET_CLASS (warden_video_tile_parent_class)->unmap (widget);
}

static void
warden_video_tile_dispose (GObject *object)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->compact_idle, g_source_remove);
  drop_stream (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WARDEN_TYPE_VIDEO_TILE);

  G_OBJECT_CLASS (warden_video_tile_parent_class)->dispose (object);
}

static void
warden_video_tile_finalize (GObject *object)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (object);

  g_clear_object (&self->paintable);
  g_clear_object (&self->tiny_menu);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->files_directory);
  g_free (self->main_url);
  g_free (self->sub_url);

  G_OBJECT_CLASS (warden_video_tile_parent_class)->finalize (object);
}

static void
warden_video_tile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (object);

  switch (prop_id)
    {
    case PROP_MAIN_STREAM:
      g_value_set_boolean (value, self->main_stream);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, warden_video_tile_get_recording (self));
      break;
    case PROP_SHOW_STATS:
      g_value_set_boolean (value, self->show_stats);
      break;
    case PROP_FILES_DIRECTORY:
      g_value_set_object (value, self->files_directory);
      break;
    case PROP_DIGITAL_ZOOM:
      g_value_set_boolean (value, self->digital_zoom);
      break;
    case PROP_AUDIO:
      g_value_set_boolean (value, warden_video_tile_get_audio (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_video_tile_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WardenVideoTile *self = WARDEN_VIDEO_TILE (object);

  switch (prop_id)
    {
    case PROP_MAIN_STREAM:
      warden_video_tile_set_main_stream (self, g_value_get_boolean (value));
      break;
    case PROP_RECORDING:
      warden_video_tile_set_recording (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_STATS:
      warden_video_tile_set_show_stats (self, g_value_get_boolean (value));
      break;
    case PROP_FILES_DIRECTORY:
      warden_video_tile_set_files_directory (self, g_value_get_object (value));
      break;
    case PROP_DIGITAL_ZOOM:
      warden_video_tile_set_digital_zoom (self, g_value_get_boolean (value));
      break;
    case PROP_AUDIO:
      warden_video_tile_set_audio (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_video_tile_class_init (WardenVideoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = warden_video_tile_dispose;
  object_class->finalize = warden_video_tile_finalize;
  object_class->get_property = warden_video_tile_get_property;
  object_class->set_property = warden_video_tile_set_property;

  widget_class->measure = warden_video_tile_measure;
  widget_class->size_allocate = warden_video_tile_size_allocate;
  widget_class->realize = warden_video_tile_realize;
  widget_class->unrealize = warden_video_tile_unrealize;
  widget_class->map = warden_video_tile_map;
  widget_class->unmap = warden_video_tile_unmap;

  properties[PROP_MAIN_STREAM] =
    g_param_spec_boolean ("main-stream", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_STATS] =
    g_param_spec_boolean ("show-stats", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILES_DIRECTORY] =
    g_param_spec_object ("files-directory", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO] =
    g_param_spec_boolean ("audio", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIGITAL_ZOOM] =
    g_param_spec_boolean ("digital-zoom", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WardenVideoTile::snapshot-taken:
   * @file: the JPEG written to the files directory
   */
  signals[SNAPSHOT_TAKEN] =
    g_signal_new ("snapshot-taken", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  /**
   * WardenVideoTile::recording-saved:
   * @file: an MP4 file of the local recording, finished and playable
   *
   * Emitted as each file closes: at a split, a stop, or an interruption.
   */
  signals[RECORDING_SAVED] =
    g_signal_new ("recording-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  /**
   * WardenVideoTile::failed:
   * @message: what went wrong with a snapshot or a recording, for a toast
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * WardenVideoTile::close-requested:
   *
   * The operator closed the tile; it is already empty.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * WardenVideoTile::ptz-requested:
   *
   * The operator wants to steer this tile's camera.
   */
  signals[PTZ_REQUESTED] =
    g_signal_new ("ptz-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/warden/Warden/warden-video-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, overlay);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, picture);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, rec_label);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, stats_label);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, toolbar_revealer);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, primary_box);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, secondary_box);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, more_button);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, WardenVideoTile, more_menu);
  gtk_widget_class_bind_template_callback (widget_class, pointer_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, pointer_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, pointer_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_scroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, pan_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, pan_update_cb);

  gtk_widget_class_install_action (widget_class, "tile.snapshot", NULL, snapshot_action);
  gtk_widget_class_install_property_action (widget_class, "tile.record", "recording");
  gtk_widget_class_install_property_action (widget_class, "tile.main-stream", "main-stream");
  gtk_widget_class_install_property_action (widget_class, "tile.digital-zoom", "digital-zoom");
  gtk_widget_class_install_property_action (widget_class, "tile.audio", "audio");
  gtk_widget_class_install_action (widget_class, "tile.ptz", NULL, ptz_action);
  gtk_widget_class_install_action (widget_class, "tile.close", NULL, close_action);

  gtk_widget_class_set_css_name (widget_class, "warden-video-tile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
warden_video_tile_init (WardenVideoTile *self)
{
  g_autoptr(GMenuModel) primary_section = NULL;
  g_autoptr(GMenuModel) more_section = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  primary_section = g_menu_model_get_item_link (self->primary_menu, 0, G_MENU_LINK_SECTION);
  more_section = g_menu_model_get_item_link (self->more_menu, 0, G_MENU_LINK_SECTION);
  self->tiny_menu = g_menu_new ();
  g_menu_append_section (self->tiny_menu, NULL, primary_section);
  g_menu_append_section (self->tiny_menu, NULL, more_section);

  self->cancellable = g_cancellable_new ();
  self->snapshot_format = WARDEN_SNAPSHOT_JPEG;
  self->paintable = warden_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  warden_video_tile_actions_update (self);
}

GtkWidget *
warden_video_tile_new (void)
{
  return g_object_new (WARDEN_TYPE_VIDEO_TILE, NULL);
}

/**
 * warden_video_tile_set_source:
 * @channel_name: shown in the corner
 * @main_url: (nullable): the main stream's RTSP URL
 * @sub_url: (nullable): the sub stream's RTSP URL
 *
 * Starts showing a channel, on the sub stream unless main-stream is set (or
 * there is no sub stream). The previous channel's picture stays until the new one's
 * first frame. A main stream that the stream pool does not keep, where it keeps the
 * sub stream, starts from the sub stream and switches at its first key frame.
 */
void
warden_video_tile_set_source (WardenVideoTile   *self,
                              const char        *channel_name,
                              const char        *main_url,
                              const char        *sub_url,
                              WardenLatencyMode  mode)
{
  WardenStreamPool *pool = warden_stream_pool_get_default ();
  const char *url;
  const char *switch_to = NULL;

  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));
  g_return_if_fail (main_url != NULL || sub_url != NULL);

  drop_stream (self);
  g_free (self->main_url);
  g_free (self->sub_url);
  self->main_url = g_strdup (main_url);
  self->sub_url = g_strdup (sub_url);
  gtk_label_set_text (self->name_label, channel_name != NULL ? channel_name : "");

  url = warden_video_tile_pick_url (self->main_stream, main_url, sub_url);
  if (url != sub_url && sub_url != NULL
      && !warden_stream_pool_has (pool, url) && warden_stream_pool_has (pool, sub_url))
    {
      /* The channel's sub stream is kept (the tile came from a larger grid): it shows
       * a picture at once, and the main stream takes over at its first key frame. */
      switch_to = url;
      url = sub_url;
    }
  self->stream = warden_stream_pool_take (pool, url, mode);
  warden_live_stream_set_title (self->stream, channel_name);
  /* Another channel starts unzoomed. */
  set_zoom (self, 1.0, 0.5, 0.5);
  warden_live_stream_set_visible (self->stream, gtk_widget_get_mapped (GTK_WIDGET (self)));
  warden_live_stream_set_frame_func (self->stream, push_frame_cb,
                                     g_object_ref (self->paintable), g_object_unref);
  g_signal_connect_swapped (self->stream, "notify::state", G_CALLBACK (stream_state_changed_cb), self);
  g_signal_connect_swapped (self->stream, "notify::retry-seconds", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->stream, "notify::error-message", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->stream, "notify::fps", G_CALLBACK (update_stats), self);
  g_signal_connect_swapped (self->stream, "notify::bitrate-kbps", G_CALLBACK (update_stats), self);
  g_signal_connect_swapped (self->stream, "notify::has-audio",
                            G_CALLBACK (warden_video_tile_actions_update), self);
  g_signal_connect_swapped (self->stream, "notify::audio", G_CALLBACK (audio_changed_cb), self);
  g_signal_connect_swapped (self->stream, "notify::width", G_CALLBACK (apply_stream_size), self);
  g_signal_connect_swapped (self->stream, "notify::height", G_CALLBACK (apply_stream_size), self);

  warden_live_stream_start (self->stream);
  if (switch_to != NULL)
    warden_live_stream_set_url (self->stream, switch_to);
  stream_state_changed_cb (self);
}

/**
 * warden_video_tile_pick_url:
 *
 * The stream a tile shows: the main one when @main_stream is set or the channel has no
 * sub stream, the sub one otherwise.
 */
const char *
warden_video_tile_pick_url (gboolean    main_stream,
                            const char *main_url,
                            const char *sub_url)
{
  return (main_stream && main_url != NULL) || sub_url == NULL ? main_url : sub_url;
}

/**
 * warden_video_tile_clear:
 *
 * Stops any recording, hands the stream to the stream pool (which keeps it open a few
 * seconds for a quick return) and empties the tile.
 */
void
warden_video_tile_clear (WardenVideoTile *self)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  drop_stream (self);
  g_clear_pointer (&self->main_url, g_free);
  g_clear_pointer (&self->sub_url, g_free);
  gtk_label_set_text (self->name_label, "");
  gtk_revealer_set_reveal_child (self->toolbar_revealer, FALSE);
  warden_video_paintable_clear (self->paintable);
  warden_video_tile_set_digital_zoom (self, FALSE);
  stream_state_changed_cb (self);
}

WardenLiveStream *
warden_video_tile_get_stream (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), NULL);

  return self->stream;
}

WardenVideoPaintable *
warden_video_tile_get_paintable (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), NULL);

  return self->paintable;
}

gboolean
warden_video_tile_get_main_stream (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), FALSE);

  return self->main_stream;
}

/**
 * warden_video_tile_set_main_stream:
 *
 * Switches between main and sub stream; the current picture stays until the other
 * stream's first key frame.
 */
void
warden_video_tile_set_main_stream (WardenVideoTile *self,
                                   gboolean         main_stream)
{
  const char *url;

  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  main_stream = !!main_stream;
  if (self->main_stream == main_stream)
    return;

  self->main_stream = main_stream;
  url = main_stream ? self->main_url : self->sub_url;
  if (self->stream != NULL && url != NULL)
    warden_live_stream_set_url (self->stream, url);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAIN_STREAM]);
}

gboolean
warden_video_tile_get_recording (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), FALSE);

  return self->recorder != NULL && warden_recorder_get_recording (self->recorder);
}

/**
 * warden_video_tile_set_recording:
 *
 * Starts or stops local recording to MP4 files in the files directory, split
 * every 15 min or 1 GiB. An interrupted stream ends the recording.
 */
void
warden_video_tile_set_recording (WardenVideoTile *self,
                                 gboolean         recording)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  if (warden_video_tile_get_recording (self) == !!recording)
    return;

  if (!recording)
    {
      warden_recorder_stop_async (self->recorder, NULL, NULL, NULL);
      return;
    }

  if (self->stream == NULL || self->files_directory == NULL)
    {
      g_signal_emit (self, signals[FAILED], 0, _("Choose a channel and a files folder before recording"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
      return;
    }

  if (self->recorder == NULL)
    {
      self->recorder = warden_recorder_new (self->stream);
      g_signal_connect_swapped (self->recorder, "notify::recording", G_CALLBACK (recording_changed_cb), self);
      g_signal_connect_swapped (self->recorder, "file-closed", G_CALLBACK (recording_file_closed_cb), self);
    }

  if (!warden_recorder_start (self->recorder, self->files_directory,
                              RECORD_FILE_BYTES, RECORD_FILE_DURATION, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    }
}

gboolean
warden_video_tile_get_show_stats (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), FALSE);

  return self->show_stats;
}

/* Shows frame rate, bit rate and resolution over the picture. */
void
warden_video_tile_set_show_stats (WardenVideoTile *self,
                                  gboolean         show_stats)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  show_stats = !!show_stats;
  if (self->show_stats == show_stats)
    return;

  self->show_stats = show_stats;
  update_stats (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_STATS]);
}

GFile *
warden_video_tile_get_files_directory (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), NULL);

  return self->files_directory;
}

/* Where snapshots and recordings go (the Files area). */
void
warden_video_tile_set_files_directory (WardenVideoTile *self,
                                       GFile           *directory)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));
  g_return_if_fail (directory == NULL || G_IS_FILE (directory));

  if (g_set_object (&self->files_directory, directory))
    {
      warden_video_tile_actions_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILES_DIRECTORY]);
    }
}

gboolean
warden_video_tile_get_digital_zoom (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), FALSE);

  return self->digital_zoom;
}

/**
 * warden_video_tile_set_digital_zoom:
 *
 * While set, the scroll wheel zooms the picture about the pointer (up to
 * %WARDEN_VIDEO_PAINTABLE_MAX_ZOOM times) and a drag moves the zoomed view. Unsetting it
 * shows the whole picture again.
 */
void
warden_video_tile_set_digital_zoom (WardenVideoTile *self,
                                    gboolean         digital_zoom)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  digital_zoom = !!digital_zoom;
  if (self->digital_zoom == digital_zoom)
    return;

  self->digital_zoom = digital_zoom;
  if (!digital_zoom)
    set_zoom (self, 1.0, 0.5, 0.5);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITAL_ZOOM]);
}

gboolean
warden_video_tile_get_audio (WardenVideoTile *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_TILE (self), FALSE);

  return self->stream != NULL && warden_live_stream_get_audio (self->stream);
}

/**
 * warden_video_tile_set_audio:
 *
 * Plays the channel's sound, where its stream has any. Off for every new channel; a
 * stream the tile lets go stops its sound.
 */
void
warden_video_tile_set_audio (WardenVideoTile *self,
                             gboolean         audio)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));

  if (self->stream != NULL && (!audio || warden_live_stream_get_has_audio (self->stream)))
    warden_live_stream_set_audio (self->stream, audio);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
}

/* The file format of the snapshot button's pictures (JPEG by default). */
void
warden_video_tile_set_snapshot_format (WardenVideoTile      *self,
                                       WardenSnapshotFormat  format)
{
  g_return_if_fail (WARDEN_IS_VIDEO_TILE (self));
  g_return_if_fail (format <= WARDEN_SNAPSHOT_JPEG);

  self->snapshot_format = format;
}
