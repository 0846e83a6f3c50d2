/* devsim-loop.c: short encoded video loops, encoded once and served many times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-devsim-rtsp"

#include "config.h"

#include "devsim-loop.h"
#include "devsim-rtsp.h"

#include <gst/app/gstappsink.h>

#include <string.h>

/* About two seconds of video, in whole GOPs. */
#define LOOP_SECONDS      2
#define LOOP_MAX_FRAMES   300
/* An encode that makes no progress for this long has failed. */
#define ENCODE_STALL_US   (30 * G_USEC_PER_SEC)

typedef struct
{
  DevsimLoop *loop;              /* NULL while encoding */
  gint64 last_used;
} CacheEntry;

static GMutex cache_lock;
static GCond cache_cond;
static GHashTable *cache;        /* key string -> CacheEntry */
static gsize cache_bytes;
static GMutex encode_lock;       /* one encode at a time: the machine has two cores */

static const struct
{
  const char *pattern;
  guint32 foreground;            /* ARGB */
  guint32 background;
} looks[] = {
  { "smpte", 0xffffffff, 0xff000000 },
  { "ball", 0xffffd040, 0xff203060 },
  { "pinwheel", 0xff40c0ff, 0xff402010 },
  { "spokes", 0xffff6060, 0xff102030 },
  { "colors", 0xffffffff, 0xff000000 },
  { "smpte75", 0xffffffff, 0xff000000 },
  { "circular", 0xffffffff, 0xff000000 },
  { "bar", 0xff80ff80, 0xff301030 },
};

char *
devsim_loop_display_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "",
                                              (gssize) strnlen (name != NULL ? name : "",
                                                                4 * DEVSIM_LOOP_MAX_NAME));

  return g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), DEVSIM_LOOP_MAX_NAME));
}

int
devsim_loop_look_for_channel (int channel)
{
  return ABS (channel) % (int) G_N_ELEMENTS (looks);
}

gboolean
devsim_loop_check_config (const DevsimStreamConfig *config,
                          GError                  **error)
{
  if (config->width < 16 || config->width > DEVSIM_LOOP_MAX_WIDTH || config->width % 2 != 0 ||
      config->height < 16 || config->height > DEVSIM_LOOP_MAX_HEIGHT || config->height % 2 != 0 ||
      config->fps < 1 || config->fps > DEVSIM_LOOP_MAX_FPS ||
      config->gop < 1 || config->gop > DEVSIM_LOOP_MAX_GOP ||
      config->bitrate_kbps < 16 || config->bitrate_kbps > DEVSIM_LOOP_MAX_KBPS)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "Cannot encode %dx%d at %d fps, GOP %d, %d kb/s: set an even size up to "
                   "%dx%d, 1-%d fps, a GOP of 1-%d and 16-%d kb/s",
                   config->width, config->height, config->fps, config->gop,
                   config->bitrate_kbps, DEVSIM_LOOP_MAX_WIDTH, DEVSIM_LOOP_MAX_HEIGHT,
                   DEVSIM_LOOP_MAX_FPS, DEVSIM_LOOP_MAX_GOP, DEVSIM_LOOP_MAX_KBPS);
      return FALSE;
    }
  return TRUE;
}

static void
loop_free (DevsimLoop *loop)
{
  for (guint i = 0; i < loop->n_frames; i++)
    gst_buffer_unref (loop->frames[i]);
  g_free (loop->frames);
  gst_clear_caps (&loop->caps);
  g_free (loop);
}

DevsimLoop *
devsim_loop_ref (DevsimLoop *loop)
{
  g_atomic_ref_count_inc (&loop->ref);
  return loop;
}

void
devsim_loop_unref (DevsimLoop *loop)
{
  if (g_atomic_ref_count_dec (&loop->ref))
    loop_free (loop);
}

static gboolean
bus_error (GstElement *pipeline,
           GError    **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;

  if (message == NULL)
    return FALSE;
  gst_message_parse_error (message, &gst_error, NULL);
  g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
               "Encoding the video loop failed: %s", gst_error->message);
  return TRUE;
}

static GstElement *
add_element (GstBin     *bin,
             const char *factory,
             const char *package,
             GError    **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "The GStreamer element %s is missing; install %s", factory, package);
      return NULL;
    }
  gst_bin_add (bin, element);
  return element;
}

gboolean
devsim_loop_build_chain (GstBin                   *bin,
                         const DevsimStreamConfig *config,
                         int                       look,
                         const char               *name,
                         DevsimLoopChain          *chain,
                         GError                  **error)
{
  gboolean h265 = config->codec == DEVSIM_CODEC_H265;
  g_autoptr(GstCaps) raw_caps = NULL;
  g_autoptr(GstCaps) coded_caps = NULL;
  g_autofree char *display_name = devsim_loop_display_name (name);
  GstElement *raw_filter, *encoder, *parser;

  memset (chain, 0, sizeof *chain);
  if (!devsim_loop_check_config (config, error))
    return FALSE;
  if ((chain->src = add_element (bin, "videotestsrc", "gstreamer1.0-plugins-base", error)) == NULL ||
      (raw_filter = add_element (bin, "capsfilter", "gstreamer1.0-plugins-base", error)) == NULL ||
      (chain->overlay = add_element (bin, "textoverlay", "gstreamer1.0-x", error)) == NULL ||
      (encoder = add_element (bin, h265 ? "x265enc" : "x264enc",
                              h265 ? "gstreamer1.0-plugins-bad" : "gstreamer1.0-plugins-ugly",
                              error)) == NULL ||
      (parser = add_element (bin, h265 ? "h265parse" : "h264parse",
                             "gstreamer1.0-plugins-bad", error)) == NULL ||
      (chain->last = add_element (bin, "capsfilter", "gstreamer1.0-plugins-base", error)) == NULL)
    return FALSE;

  look = devsim_loop_look_for_channel (look);
  gst_util_set_object_arg (G_OBJECT (chain->src), "pattern", looks[look].pattern);
  g_object_set (chain->src,
                "foreground-color", looks[look].foreground,
                "background-color", looks[look].background,
                "horizontal-speed", 4,
                NULL);
  g_object_set (chain->overlay,
                "text", display_name,
                "font-desc", "Sans Bold 20",
                "valignment", 2 /* top */,
                "halignment", 0 /* left */,
                "shaded-background", TRUE,
                NULL);

  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "ultrafast");
  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
  g_object_set (encoder,
                "key-int-max", config->gop,
                "bitrate", config->bitrate_kbps,
                /* Key frames exactly every GOP, each with its parameter sets. */
                "option-string", h265 ? "scenecut=0:open-gop=0:repeat-headers=1" : "scenecut=0",
                NULL);
  if (h265)
    g_object_set (encoder, "log-level", 0 /* none */, NULL);

  raw_caps = gst_caps_new_simple ("video/x-raw",
                                  "format", G_TYPE_STRING, "I420",
                                  "width", G_TYPE_INT, config->width,
                                  "height", G_TYPE_INT, config->height,
                                  "framerate", GST_TYPE_FRACTION, config->fps, 1,
                                  "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                  NULL);
  coded_caps = gst_caps_new_simple (h265 ? "video/x-h265" : "video/x-h264",
                                    "stream-format", G_TYPE_STRING, h265 ? "hvc1" : "avc",
                                    "alignment", G_TYPE_STRING, "au",
                                    NULL);
  g_object_set (raw_filter, "caps", raw_caps, NULL);
  g_object_set (chain->last, "caps", coded_caps, NULL);
  if (!gst_element_link_many (chain->src, raw_filter, chain->overlay, encoder, parser,
                              chain->last, NULL))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "Cannot build an encoder for %s %dx%d",
                   devsim_codec_to_string (config->codec), config->width, config->height);
      return FALSE;
    }
  return TRUE;
}

static DevsimLoop *
loop_encode (const DevsimStreamConfig *config,
             int                       look,
             const char               *name,
             GError                  **error)
{
  guint gop = (guint) config->gop;
  guint n_frames = gop * MAX (1u, ((guint) (LOOP_SECONDS * config->fps) + gop - 1) / gop);
  g_autoptr(GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new ("devsim-loop-encode"));
  g_autoptr(DevsimLoop) loop = NULL;
  DevsimLoopChain chain;
  GstElement *sink;
  gint64 last_progress;

  while (n_frames > LOOP_MAX_FRAMES && n_frames > gop)
    n_frames -= gop;

  if (!devsim_loop_build_chain (GST_BIN (pipeline), config, look, name, &chain, error) ||
      (sink = add_element (GST_BIN (pipeline), "appsink", "gstreamer1.0-plugins-base",
                           error)) == NULL)
    return NULL;
  g_object_set (chain.src, "num-buffers", (int) n_frames, NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  if (!gst_element_link (chain.last, sink))
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "Cannot collect the encoded loop");
      return NULL;
    }
  loop = g_new0 (DevsimLoop, 1);
  g_atomic_ref_count_init (&loop->ref);
  loop->frames = g_new0 (GstBuffer *, n_frames);
  loop->codec = config->codec;
  loop->gop = gop;
  loop->fps = config->fps;
  loop->frame_duration = gst_util_uint64_scale_int (GST_SECOND, 1, config->fps);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  last_progress = g_get_monotonic_time ();
  while (!gst_app_sink_is_eos (GST_APP_SINK (sink)))
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                                                                  GST_SECOND / 4);
      GstBuffer *buffer;

      if (bus_error (pipeline, error))
        break;
      if (sample == NULL)
        {
          if (g_get_monotonic_time () - last_progress > ENCODE_STALL_US)
            {
              g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                           "Encoding the video loop made no progress for %d s",
                           (int) (ENCODE_STALL_US / G_USEC_PER_SEC));
              break;
            }
          continue;
        }
      last_progress = g_get_monotonic_time ();
      buffer = gst_sample_get_buffer (sample);
      if (loop->n_frames == n_frames || buffer == NULL)
        continue;
      if (loop->caps == NULL)
        loop->caps = gst_caps_copy (gst_sample_get_caps (sample));
      loop->frames[loop->n_frames++] = gst_buffer_ref (buffer);
      loop->bytes += gst_buffer_get_size (buffer);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (error != NULL && *error != NULL)
    return NULL;

  if (loop->n_frames != n_frames || loop->caps == NULL)
    {
      g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                   "The encoder gave %u of %u frames", loop->n_frames, n_frames);
      return NULL;
    }
  for (guint i = 0; i < n_frames; i++)
    {
      gboolean key = !GST_BUFFER_FLAG_IS_SET (loop->frames[i], GST_BUFFER_FLAG_DELTA_UNIT);

      if (key != (i % gop == 0))
        {
          g_set_error (error, DEVSIM_RTSP_ERROR, DEVSIM_RTSP_ERROR_ENCODE,
                       "The encoder did not keep a constant GOP of %u (frame %u)", gop, i);
          return NULL;
        }
    }
  g_debug ("Encoded a %u-frame %s %dx%d loop of look %d: %zu bytes", n_frames,
           devsim_codec_to_string (config->codec), config->width, config->height, look,
           loop->bytes);
  return g_steal_pointer (&loop);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_pointer (&entry->loop, devsim_loop_unref);
  g_free (entry);
}

/* With cache_lock held. */
static void
cache_evict (void)
{
  while (cache_bytes > DEVSIM_LOOP_CACHE_BYTES)
    {
      GHashTableIter iter;
      gpointer key, value;
      const char *oldest_key = NULL;
      CacheEntry *oldest = NULL;

      g_hash_table_iter_init (&iter, cache);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          CacheEntry *entry = value;

          if (entry->loop != NULL && (oldest == NULL || entry->last_used < oldest->last_used))
            {
              oldest = entry;
              oldest_key = key;
            }
        }
      if (oldest == NULL)
        return;
      cache_bytes -= oldest->loop->bytes;
      g_hash_table_remove (cache, oldest_key);
    }
}

DevsimLoop *
devsim_loop_get (const DevsimStreamConfig *config,
                 int                       look,
                 const char               *name,
                 GError                  **error)
{
  g_autofree char *short_name = devsim_loop_display_name (name);
  g_autofree char *key = NULL;
  CacheEntry *entry;
  DevsimLoop *loop;

  if (!devsim_loop_check_config (config, error))
    return NULL;
  look = devsim_loop_look_for_channel (look);
  key = g_strdup_printf ("%d/%dx%d/%d/%d/%d/%d/%s", config->codec, config->width,
                         config->height, config->fps, config->bitrate_kbps, config->gop,
                         look, short_name);

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  while ((entry = g_hash_table_lookup (cache, key)) != NULL && entry->loop == NULL)
    g_cond_wait (&cache_cond, &cache_lock);
  if (entry != NULL)
    {
      entry->last_used = g_get_monotonic_time ();
      loop = devsim_loop_ref (entry->loop);
      g_mutex_unlock (&cache_lock);
      return loop;
    }
  entry = g_new0 (CacheEntry, 1);
  g_hash_table_insert (cache, g_strdup (key), entry);
  g_mutex_unlock (&cache_lock);

  g_mutex_lock (&encode_lock);
  loop = loop_encode (config, look, short_name, error);
  g_mutex_unlock (&encode_lock);

  g_mutex_lock (&cache_lock);
  if (loop == NULL)
    g_hash_table_remove (cache, key);
  else
    {
      entry->loop = devsim_loop_ref (loop);
      entry->last_used = g_get_monotonic_time ();
      cache_bytes += loop->bytes;
      cache_evict ();
    }
  g_cond_broadcast (&cache_cond);
  g_mutex_unlock (&cache_lock);
  return loop;
}

void
devsim_loop_cache_clear (void)
{
  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      /* Entries still being encoded stay; their encoder fills them in. */
      g_hash_table_iter_init (&iter, cache);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((CacheEntry *) value)->loop != NULL)
          {
            cache_bytes -= ((CacheEntry *) value)->loop->bytes;
            g_hash_table_iter_remove (&iter);
          }
    }
  g_mutex_unlock (&cache_lock);
}
