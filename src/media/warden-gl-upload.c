/* warden-gl-upload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hands memory-path frames to GTK as GL textures that are reused, instead of a new
 * GdkMemoryTexture per frame. GTK 4.8 uploads each new memory texture into a new GL
 * texture and deletes it a frame later; on a software rasteriser (llvmpipe) each of
 * those allocates and clears the texture's storage, which is a fresh mapping for
 * anything above 128 KiB. Measured with bench/live (16 D1 tiles, llvmpipe, perf): page
 * faults, clearing and unmapping took a quarter of Warden's CPU. Here a frame goes
 * with glTexSubImage2D into a texture of the same size that GTK has let go of, in
 * GTK's own context shared with the renderer's, and GTK draws it without a copy.
 *
 * Main thread only, like GTK. Used on the memory path wherever GL is shared with
 * GTK's renderer (desktop GL); elsewhere frames stay GdkMemoryTexture.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>

#include "warden-gl-upload.h"
#include "warden-video-gl.h"

/* Free textures kept for reuse: a grid's tiles share a size, and a tile needs one
 * free texture for its next frame, so one per tile of a 64-tile grid; older ones (e.g.
 * of a size the grid no longer has, after a resize) are deleted, and so are the oldest
 * beyond MAX_FREE_BYTES (large tiles). */
#define MAX_FREE 64
#define MAX_FREE_BYTES (48 * 1024 * 1024)

/* A tile reuses a texture within a frame or two; one free for this long is left over
 * from a burst, a closed tile or a resize, and is deleted. */
#define MAX_IDLE_S 1

/* How long the upload may take before the frame is given up (a hung GPU). */
#define FENCE_TIMEOUT_NS (G_GUINT64_CONSTANT (250) * 1000 * 1000)

typedef struct
{
  WardenGlUpload *owner;
  GLuint id;
  int width;
  int height;
  gint64 released_us;
} UploadTexture;

struct _WardenGlUpload
{
  GObject parent_instance;

  GdkGLContext *context;
  GstGLContext *gst_context;   /* the same context; its vtable calls GL */

  GMutex lock;                 /* protects the free list: GTK may drop a texture anywhere */
  GQueue free;                 /* UploadTexture, most recently released first */
  gsize free_bytes;
  guint idle_id;               /* deletes textures left free, while there are any */

  gboolean failed;             /* GL failed once: memory textures from then on */
};

G_DEFINE_FINAL_TYPE (WardenGlUpload, warden_gl_upload, G_TYPE_OBJECT)

static void
delete_texture (WardenGlUpload *self,
                UploadTexture  *texture)
{
  self->gst_context->gl_vtable->DeleteTextures (1, &texture->id);
  g_free (texture);
}

static void
warden_gl_upload_finalize (GObject *object)
{
  WardenGlUpload *self = WARDEN_GL_UPLOAD (object);
  UploadTexture *texture;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gdk_gl_context_make_current (self->context);
  while ((texture = g_queue_pop_head (&self->free)) != NULL)
    delete_texture (self, texture);
  gdk_gl_context_clear_current ();

  gst_object_unref (self->gst_context);
  g_object_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (warden_gl_upload_parent_class)->finalize (object);
}

static void
warden_gl_upload_class_init (WardenGlUploadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_gl_upload_finalize;
}

static void
warden_gl_upload_init (WardenGlUpload *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->free);
}

/* GTK draws a shared GL texture itself only with its GL renderer. */
static gboolean
gtk_renders_with_gl (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");

  return renderer == NULL || g_strcmp0 (renderer, "gl") == 0
         || g_strcmp0 (renderer, "opengl") == 0 || g_strcmp0 (renderer, "ngl") == 0;
}

/**
 * warden_gl_upload_get_default:
 *
 * Main thread only.
 *
 * Returns: (transfer none) (nullable): the uploader for the default display, or %NULL
 *   where frames should stay memory textures (no GL shared with GTK, GLES, or a
 *   renderer other than GTK's GL one)
 */
WardenGlUpload *
warden_gl_upload_get_default (void)
{
  static gboolean tried;
  static WardenGlUpload *upload;
  WardenVideoGl *gl;

  if (tried)
    return upload;

  /* Nothing to share with before GTK has a display; look again next time. */
  if ((gl = warden_video_gl_get_default ()) == NULL)
    {
      if (gdk_display_get_default () != NULL)
        tried = TRUE;
      return NULL;
    }
  tried = TRUE;

  if (!gtk_renders_with_gl ())
    {
      g_debug ("Memory frames stay memory textures: GTK does not render with GL");
      return NULL;
    }
  /* GL_BGRA and GL_UNPACK_ROW_LENGTH are core in desktop GL only. */
  if (gdk_gl_context_get_use_es (warden_video_gl_get_gdk_context (gl)))
    {
      g_debug ("Memory frames stay memory textures: GTK renders with GLES");
      return NULL;
    }

  upload = g_object_new (WARDEN_TYPE_GL_UPLOAD, NULL);
  upload->context = g_object_ref (warden_video_gl_get_gdk_context (gl));
  upload->gst_context = gst_object_ref (warden_video_gl_get_gst_context (gl));

  return upload;
}

static gboolean idle_textures_cb (gpointer data);

static gsize
texture_bytes (const UploadTexture *texture)
{
  return (gsize) texture->width * (gsize) texture->height * 4;
}

static void
texture_released_cb (gpointer data)
{
  UploadTexture *texture = data;
  WardenGlUpload *self = texture->owner;

  g_mutex_lock (&self->lock);
  texture->released_us = g_get_monotonic_time ();
  g_queue_push_head (&self->free, texture);
  self->free_bytes += texture_bytes (texture);
  if (self->idle_id == 0)
    self->idle_id = g_timeout_add_seconds (MAX_IDLE_S, idle_textures_cb, self);
  g_mutex_unlock (&self->lock);
  g_object_unref (self);
}

/* Context current. A released texture of this size, or a new one. */
static UploadTexture *
take_texture (WardenGlUpload *self,
              int             width,
              int             height)
{
  const GstGLFuncs *gl = self->gst_context->gl_vtable;
  UploadTexture *texture = NULL;
  GList *link;

  g_mutex_lock (&self->lock);
  for (link = self->free.head; link != NULL; link = link->next)
    {
      UploadTexture *candidate = link->data;

      if (candidate->width == width && candidate->height == height)
        {
          texture = candidate;
          g_queue_delete_link (&self->free, link);
          self->free_bytes -= texture_bytes (texture);
          break;
        }
    }
  g_mutex_unlock (&self->lock);

  if (texture != NULL)
    {
      gl->BindTexture (GL_TEXTURE_2D, texture->id);
      return texture;
    }

  texture = g_new0 (UploadTexture, 1);
  texture->width = width;
  texture->height = height;
  gl->GenTextures (1, &texture->id);
  gl->BindTexture (GL_TEXTURE_2D, texture->id);
  /* GTK samples a foreign texture with the texture's own parameters. */
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  gl->TexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  /* Unsized, so that the driver may store the texture as the BGRA it is given: Mesa
   * then copies each frame in with memcpy, where for GL_RGBA8 it swapped every pixel's
   * bytes one by one (perf, bench/live: 4 % of Warden's CPU in that loop). */
  gl->TexImage2D (GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_BGRA, GL_UNSIGNED_BYTE, NULL);

  return texture;
}

/* Context current. Deletes the oldest free textures beyond MAX_FREE or MAX_FREE_BYTES,
 * and those released before @released_before_us. */
static void
trim_free (WardenGlUpload *self,
           gint64          released_before_us)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  UploadTexture *oldest;

  g_mutex_lock (&self->lock);
  while ((oldest = g_queue_peek_tail (&self->free)) != NULL
         && (self->free.length > MAX_FREE || self->free_bytes > MAX_FREE_BYTES
             || oldest->released_us < released_before_us))
    {
      g_queue_pop_tail (&self->free);
      self->free_bytes -= texture_bytes (oldest);
      g_ptr_array_add (doomed, oldest);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < doomed->len; i++)
    delete_texture (self, doomed->pdata[i]);
}

/* Runs every MAX_IDLE_S while any texture is free. */
static gboolean
idle_textures_cb (gpointer data)
{
  WardenGlUpload *self = data;
  gboolean again;

  gdk_gl_context_make_current (self->context);
  trim_free (self, g_get_monotonic_time () - MAX_IDLE_S * G_USEC_PER_SEC);

  g_mutex_lock (&self->lock);
  again = self->free.length > 0;
  if (!again)
    self->idle_id = 0;
  g_mutex_unlock (&self->lock);

  return again ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Context current. Waits until the upload is complete, so that the renderer's
 * context, which shares the texture, reads the new picture. */
static gboolean
wait_for_upload (WardenGlUpload *self)
{
  const GstGLFuncs *gl = self->gst_context->gl_vtable;
  GLsync sync;
  GLenum status;

  if (gl->FenceSync == NULL)
    {
      gl->Finish ();
      return TRUE;
    }

  sync = gl->FenceSync (GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
  status = gl->ClientWaitSync (sync, GL_SYNC_FLUSH_COMMANDS_BIT, FENCE_TIMEOUT_NS);
  gl->DeleteSync (sync);

  return status == GL_ALREADY_SIGNALED || status == GL_CONDITION_SATISFIED;
}

/**
 * warden_gl_upload_texture:
 * @bgra: the picture, premultiplied (or opaque) BGRA, @stride bytes a row
 *
 * Copies the picture into a GL texture that GTK draws directly. The texture goes
 * back to the uploader when GTK lets go of it.
 *
 * Returns: (transfer full) (nullable): the texture, or %NULL if GL failed, now or
 *   before (the caller then makes a memory texture)
 */
GdkTexture *
warden_gl_upload_texture (WardenGlUpload *self,
                          int             width,
                          int             height,
                          const guint8   *bgra,
                          gsize           stride)
{
  const GstGLFuncs *gl;
  UploadTexture *texture;
  GLenum error;
  gboolean complete;

  g_return_val_if_fail (WARDEN_IS_GL_UPLOAD (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0 && bgra != NULL, NULL);
  g_return_val_if_fail (stride >= (gsize) width * 4 && stride % 4 == 0, NULL);

  if (self->failed)
    return NULL;

  gl = self->gst_context->gl_vtable;
  gdk_gl_context_make_current (self->context);
  while (gl->GetError () != GL_NO_ERROR)
    ;

  texture = take_texture (self, width, height);
  gl->PixelStorei (GL_UNPACK_ALIGNMENT, 4);
  gl->PixelStorei (GL_UNPACK_ROW_LENGTH, (GLint) (stride / 4));
  gl->TexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, width, height, GL_BGRA, GL_UNSIGNED_BYTE, bgra);
  gl->PixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  gl->BindTexture (GL_TEXTURE_2D, 0);
  complete = wait_for_upload (self);
  error = gl->GetError ();
  trim_free (self, 0);

  if (!complete || error != GL_NO_ERROR)
    {
      g_warning ("Video frames go to GTK as memory textures from now on: uploading a "
                 "%d × %d frame failed (GL error 0x%x%s)", width, height, error,
                 complete ? "" : ", timed out");
      delete_texture (self, texture);
      self->failed = TRUE;
      return NULL;
    }

  texture->owner = g_object_ref (self);

  return gdk_gl_texture_new (self->context, texture->id, width, height,
                             texture_released_cb, texture);
}

/* Textures waiting to be reused (for tests). */
guint
warden_gl_upload_get_n_free (WardenGlUpload *self)
{
  guint n;

  g_return_val_if_fail (WARDEN_IS_GL_UPLOAD (self), 0);

  g_mutex_lock (&self->lock);
  n = self->free.length;
  g_mutex_unlock (&self->lock);

  return n;
}
