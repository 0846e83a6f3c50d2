/* warden-stream-pool.c: live streams kept open a little after a tile lets them go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new live stream shows nothing until the device's next key frame, up to a whole
 * GOP (seconds on many cameras). A stream that is already open keeps the GOP so far
 * and shows a picture as soon as it is visible again. So a tile that lets its stream
 * go hands it here: it stays connected, hidden and not decoding, for keep-seconds
 * (10 by default), and a tile that asks for the same URL in that time takes it back.
 * Views switched back and forth, a channel closed and dropped on the grid again, and
 * a tour coming round again start at once. A tour also prepares its next view's
 * streams a few seconds before it shows them, and a tile that wants a channel's main
 * stream starts from its kept sub stream (see WardenVideoTile).
 *
 * A kept stream still costs its bandwidth, one of the device's connections and its
 * decoder's memory, so at most MAX_KEPT (a 4×4 view) are kept, the oldest stopped
 * first, and keep-seconds 0 keeps none.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include "warden-stream-pool.h"

#define MAX_KEPT 16
#define DEFAULT_KEEP_S 10

typedef struct
{
  WardenStreamPool *pool;      /* not owned: entries go before the pool */
  WardenLiveStream *stream;
  guint timeout_id;
  gint64 expires_us;
} Kept;

struct _WardenStreamPool
{
  GObject parent_instance;

  GPtrArray *kept;             /* Kept*, oldest first */
  guint keep_seconds;
};

G_DEFINE_FINAL_TYPE (WardenStreamPool, warden_stream_pool, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KEEP_SECONDS,
  PROP_N_KEPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kept_free (Kept *kept)
{
  g_clear_handle_id (&kept->timeout_id, g_source_remove);
  warden_live_stream_stop (kept->stream);
  g_object_unref (kept->stream);
  g_free (kept);
}

static gboolean
expired_cb (gpointer data)
{
  Kept *kept = data;
  WardenStreamPool *self = kept->pool;

  kept->timeout_id = 0;
  g_ptr_array_remove (self->kept, kept);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEPT]);

  return G_SOURCE_REMOVE;
}

static void
keep_until (Kept   *kept,
            guint   seconds)
{
  g_clear_handle_id (&kept->timeout_id, g_source_remove);
  kept->expires_us = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  kept->timeout_id = g_timeout_add_seconds (seconds, expired_cb, kept);
}

/* The newest kept stream of @url, or -1. */
static int
find (WardenStreamPool *self,
      const char       *url)
{
  for (guint i = self->kept->len; i > 0; i--)
    {
      Kept *kept = g_ptr_array_index (self->kept, i - 1);

      if (g_strcmp0 (warden_live_stream_get_url (kept->stream), url) == 0)
        return (int) i - 1;
    }

  return -1;
}

/* Takes @stream, hidden, for @seconds; stops the oldest beyond MAX_KEPT. */
static void
add (WardenStreamPool *self,
     WardenLiveStream *stream,
     guint             seconds)
{
  Kept *kept = g_new0 (Kept, 1);

  kept->pool = self;
  kept->stream = stream;
  warden_live_stream_set_visible (stream, FALSE);
  keep_until (kept, seconds);
  g_ptr_array_add (self->kept, kept);
  while (self->kept->len > MAX_KEPT)
    g_ptr_array_remove_index (self->kept, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEPT]);
}

static void
warden_stream_pool_dispose (GObject *object)
{
  WardenStreamPool *self = WARDEN_STREAM_POOL (object);

  if (self->kept != NULL)
    g_ptr_array_set_size (self->kept, 0);

  G_OBJECT_CLASS (warden_stream_pool_parent_class)->dispose (object);
}

static void
warden_stream_pool_finalize (GObject *object)
{
  WardenStreamPool *self = WARDEN_STREAM_POOL (object);

  g_ptr_array_unref (self->kept);

  G_OBJECT_CLASS (warden_stream_pool_parent_class)->finalize (object);
}

static void
warden_stream_pool_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WardenStreamPool *self = WARDEN_STREAM_POOL (object);

  switch (prop_id)
    {
    case PROP_KEEP_SECONDS:
      g_value_set_uint (value, self->keep_seconds);
      break;
    case PROP_N_KEPT:
      g_value_set_uint (value, self->kept->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_stream_pool_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WardenStreamPool *self = WARDEN_STREAM_POOL (object);

  switch (prop_id)
    {
    case PROP_KEEP_SECONDS:
      warden_stream_pool_set_keep_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
warden_stream_pool_class_init (WardenStreamPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_stream_pool_dispose;
  object_class->finalize = warden_stream_pool_finalize;
  object_class->get_property = warden_stream_pool_get_property;
  object_class->set_property = warden_stream_pool_set_property;

  properties[PROP_KEEP_SECONDS] =
    g_param_spec_uint ("keep-seconds", NULL, NULL, 0, 300, DEFAULT_KEEP_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_KEPT] =
    g_param_spec_uint ("n-kept", NULL, NULL, 0, MAX_KEPT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
warden_stream_pool_init (WardenStreamPool *self)
{
  self->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_free);
  self->keep_seconds = DEFAULT_KEEP_S;
}

/**
 * warden_stream_pool_get_default:
 *
 * The process's pool, for the main thread. The application clears it at shutdown.
 *
 * Returns: (transfer none): the pool
 */
WardenStreamPool *
warden_stream_pool_get_default (void)
{
  static WardenStreamPool *pool;

  if (pool == NULL)
    pool = warden_stream_pool_new ();

  return pool;
}

WardenStreamPool *
warden_stream_pool_new (void)
{
  return g_object_new (WARDEN_TYPE_STREAM_POOL, NULL);
}

/**
 * warden_stream_pool_take:
 *
 * A stream of @url in @mode: the kept one if there is one (connected, still hidden,
 * with the GOP so far), or a new one. Either way the caller starts it
 * (warden_live_stream_start() does nothing to a running stream) and shows it.
 *
 * Returns: (transfer full): the stream
 */
WardenLiveStream *
warden_stream_pool_take (WardenStreamPool  *self,
                         const char        *url,
                         WardenLatencyMode  mode)
{
  int index;

  g_return_val_if_fail (WARDEN_IS_STREAM_POOL (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  index = find (self, url);
  if (index >= 0)
    {
      Kept *kept = g_ptr_array_steal_index (self->kept, (guint) index);
      WardenLiveStream *stream = g_steal_pointer (&kept->stream);

      g_clear_handle_id (&kept->timeout_id, g_source_remove);
      g_free (kept);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEPT]);
      warden_live_stream_set_latency_mode (stream, mode);

      return stream;
    }

  return warden_live_stream_new (url, mode);
}

/* Whether a stream of @url is kept (a tile let it go, or it is being prepared). */
gboolean
warden_stream_pool_has (WardenStreamPool *self,
                        const char       *url)
{
  g_return_val_if_fail (WARDEN_IS_STREAM_POOL (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  return find (self, url) >= 0;
}

/**
 * warden_stream_pool_give:
 * @stream: (transfer full): a stream its tile no longer shows
 *
 * Keeps @stream open, hidden, for keep-seconds, or stops it at once if it is not
 * running or nothing is kept. Its frame and encoded-data callbacks are dropped.
 */
void
warden_stream_pool_give (WardenStreamPool *self,
                         WardenLiveStream *stream)
{
  WardenLiveState state;

  g_return_if_fail (WARDEN_IS_STREAM_POOL (self));
  g_return_if_fail (WARDEN_IS_LIVE_STREAM (stream));

  warden_live_stream_set_frame_func (stream, NULL, NULL, NULL);
  warden_live_stream_set_encoded_func (stream, NULL, NULL, NULL);
  state = warden_live_stream_get_state (stream);
  if (self->keep_seconds == 0 || state == WARDEN_LIVE_STATE_IDLE || state == WARDEN_LIVE_STATE_ERROR)
    {
      warden_live_stream_stop (stream);
      g_object_unref (stream);
      return;
    }

  add (self, stream, self->keep_seconds);
}

/**
 * warden_stream_pool_prepare:
 * @seconds: how long to keep it if nobody takes it
 *
 * Opens a stream of @url ahead of its tile (a tour's next view), hidden, so that it has
 * a GOP to show when warden_stream_pool_take() asks for it. A stream of @url already
 * kept is kept at least @seconds from now.
 */
void
warden_stream_pool_prepare (WardenStreamPool  *self,
                            const char        *url,
                            WardenLatencyMode  mode,
                            guint              seconds)
{
  WardenLiveStream *stream;
  int index;

  g_return_if_fail (WARDEN_IS_STREAM_POOL (self));
  g_return_if_fail (url != NULL);

  if (seconds == 0)
    return;

  index = find (self, url);
  if (index >= 0)
    {
      Kept *kept = g_ptr_array_index (self->kept, (guint) index);

      if (kept->expires_us < g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC)
        keep_until (kept, seconds);
      return;
    }

  stream = warden_live_stream_new (url, mode);
  warden_live_stream_set_visible (stream, FALSE);
  warden_live_stream_start (stream);
  add (self, stream, seconds);
}

guint
warden_stream_pool_get_keep_seconds (WardenStreamPool *self)
{
  g_return_val_if_fail (WARDEN_IS_STREAM_POOL (self), 0);

  return self->keep_seconds;
}

/**
 * warden_stream_pool_set_keep_seconds:
 *
 * How long a stream its tile let go stays open; 0 stops such streams at once, and
 * stops the ones kept now.
 */
void
warden_stream_pool_set_keep_seconds (WardenStreamPool *self,
                                     guint             seconds)
{
  g_return_if_fail (WARDEN_IS_STREAM_POOL (self));

  if (self->keep_seconds == seconds)
    return;

  self->keep_seconds = seconds;
  if (seconds == 0)
    warden_stream_pool_clear (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_SECONDS]);
}

guint
warden_stream_pool_get_n_kept (WardenStreamPool *self)
{
  g_return_val_if_fail (WARDEN_IS_STREAM_POOL (self), 0);

  return self->kept->len;
}

/**
 * warden_stream_pool_clear:
 *
 * Stops every kept stream.
 */
void
warden_stream_pool_clear (WardenStreamPool *self)
{
  g_return_if_fail (WARDEN_IS_STREAM_POOL (self));

  if (self->kept->len == 0)
    return;

  g_ptr_array_set_size (self->kept, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEPT]);
}
