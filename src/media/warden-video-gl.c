/* warden-video-gl.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GL texture path. GTK's GL context is wrapped as GStreamer's application
 * context, and every live pipeline gets it with the display. GStreamer's GL elements
 * then create one context of their own, shared with GTK's (all pipelines on the same
 * GstGLDisplay find and reuse it), upload the tile-size picture and convert it to RGBA
 * there. The texture reaches GTK as a GdkGLTexture: no copy through system memory, and
 * the colour conversion runs on the GPU.
 *
 * This and the paintable are the module's only GTK touch points. Pipelines take the
 * memory path without a display, with WARDEN_VIDEO_PATH=memory, when GL cannot be set
 * up (or a pipeline's GL elements later fail), and by default when GL renders on the
 * CPU (llvmpipe); WARDEN_VIDEO_PATH=gl takes the GL path there too.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include <string.h>

#include <gdk/gdk.h>
#include <gst/gl/gl.h>
#include <gst/gl/gstglfuncs.h>
#if GST_GL_HAVE_PLATFORM_EGL
#include <gst/gl/egl/gstgldisplay_egl.h>
#endif
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#if GST_GL_HAVE_WINDOW_X11
#include <gst/gl/x11/gstgldisplay_x11.h>
#endif
#endif
#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/wayland/gdkwayland.h>
#endif

#include "warden-video-gl.h"

struct _WardenVideoGl
{
  GObject parent_instance;

  GdkGLContext *gdk_context;
  GstGLDisplay *display;
  GstGLContext *app_context;
  char *renderer;
  gboolean enabled;
};

G_DEFINE_FINAL_TYPE (WardenVideoGl, warden_video_gl, G_TYPE_OBJECT)

static void
warden_video_gl_finalize (GObject *object)
{
  WardenVideoGl *self = WARDEN_VIDEO_GL (object);

  gst_clear_object (&self->app_context);
  gst_clear_object (&self->display);
  g_clear_object (&self->gdk_context);
  g_free (self->renderer);

  G_OBJECT_CLASS (warden_video_gl_parent_class)->finalize (object);
}

static void
warden_video_gl_class_init (WardenVideoGlClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_video_gl_finalize;
}

static void
warden_video_gl_init (WardenVideoGl *self)
{
}

/* With GTK's context current: GStreamer's view of the display GTK draws on. */
static GstGLDisplay *
gst_display_for (GdkDisplay      *display,
                 GstGLPlatform   *platform)
{
#if GST_GL_HAVE_PLATFORM_EGL
  gpointer egl_display = NULL;

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    egl_display = gdk_x11_display_get_egl_display (display);
#endif
#ifdef GDK_WINDOWING_WAYLAND
  if (GDK_IS_WAYLAND_DISPLAY (display))
    egl_display = gdk_wayland_display_get_egl_display (display);
#endif
  if (egl_display != NULL)
    {
      *platform = GST_GL_PLATFORM_EGL;
      return GST_GL_DISPLAY (gst_gl_display_egl_new_with_egl_display (egl_display));
    }
#endif

#if defined(GDK_WINDOWING_X11) && GST_GL_HAVE_WINDOW_X11 && GST_GL_HAVE_PLATFORM_GLX
  if (GDK_IS_X11_DISPLAY (display))
    {
      *platform = GST_GL_PLATFORM_GLX;
      return GST_GL_DISPLAY (gst_gl_display_x11_new_with_display (gdk_x11_display_get_xdisplay (display)));
    }
#endif

  return NULL;
}

static WardenVideoGl *
warden_video_gl_new (GdkDisplay  *display,
                     GError     **error)
{
  g_autoptr(WardenVideoGl) self = g_object_new (WARDEN_TYPE_VIDEO_GL, NULL);
  GstGLPlatform platform = GST_GL_PLATFORM_NONE;
  GstGLAPI api;
  guintptr handle;
  gboolean filled;

  self->gdk_context = gdk_display_create_gl_context (display, error);
  if (self->gdk_context == NULL || !gdk_gl_context_realize (self->gdk_context, error))
    return NULL;

  gdk_gl_context_make_current (self->gdk_context);
  self->display = gst_display_for (display, &platform);
  if (self->display == NULL)
    {
      gdk_gl_context_clear_current ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "GStreamer has no GL support for this kind of display");
      return NULL;
    }

  api = gst_gl_context_get_current_gl_api (platform, NULL, NULL);
  handle = gst_gl_context_get_current_gl_context (platform);
  if (handle == 0 || api == GST_GL_API_NONE)
    {
      gdk_gl_context_clear_current ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "GStreamer cannot see GTK's GL context");
      return NULL;
    }

  self->app_context = gst_gl_context_new_wrapped (self->display, handle, platform, api);
  gst_gl_context_activate (self->app_context, TRUE);
  filled = gst_gl_context_fill_info (self->app_context, error);
  if (filled)
    self->renderer = g_strdup ((const char *) self->app_context->gl_vtable->GetString (GL_RENDERER));
  gst_gl_context_activate (self->app_context, FALSE);
  gdk_gl_context_clear_current ();
  if (!filled)
    return NULL;

  self->enabled = TRUE;

  return g_steal_pointer (&self);
}

/* Mesa's and other drivers' rasterisers that run on the CPU. */
static gboolean
is_software (const char *renderer)
{
  static const char *const names[] = { "llvmpipe", "softpipe", "swrast", "SWR", "Software Rasterizer" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (renderer != NULL && strstr (renderer, names[i]) != NULL)
      return TRUE;

  return FALSE;
}

/**
 * warden_video_gl_get_default:
 *
 * Main thread only. Sets up the GL context shared with GTK for the default display
 * the first time it is called. Pipelines take the GL texture path only while
 * warden_video_gl_get_enabled() says so.
 *
 * Returns: (transfer none) (nullable): the shared context, or %NULL where GL cannot
 *   be shared with GStreamer
 */
WardenVideoGl *
warden_video_gl_get_default (void)
{
  static gboolean tried;
  static WardenVideoGl *gl;
  GdkDisplay *display;
  const char *path;
  g_autoptr(GError) error = NULL;

  if (tried)
    return gl;

  /* Before the GTK main loop exists (media tests, the bench's decode role) there is
   * nothing to share with; look again next time. */
  if ((display = gdk_display_get_default ()) == NULL)
    return NULL;
  tried = TRUE;

  path = g_getenv ("WARDEN_VIDEO_PATH");
  if (path != NULL && g_strcmp0 (path, "gl") != 0 && g_strcmp0 (path, "memory") != 0)
    g_warning ("WARDEN_VIDEO_PATH is “%s”; the choices are “gl” and “memory”", path);

  gl = warden_video_gl_new (display, &error);
  if (gl == NULL)
    {
      g_message ("Video path: memory, because GL could not be shared with GStreamer: %s",
                 error->message);
    }
  else if (g_strcmp0 (path, "memory") == 0)
    {
      g_debug ("Video path: memory (WARDEN_VIDEO_PATH)");
      gl->enabled = FALSE;
    }
  else if (path == NULL && is_software (gl->renderer))
    {
      /* Measured with bench/live (16 D1 tiles on llvmpipe): 1.60 cores and 36 % of the
       * frames shown on the GL path, 1.05 cores and 97 % on the memory path.
       * Rasterising on the CPU, a second context's upload, conversion and fences cost
       * more than the memory textures GTK uploads itself. The context stays for
       * WardenGlUpload. */
      g_debug ("Video path: memory, because %s renders GL on the CPU", gl->renderer);
      gl->enabled = FALSE;
    }
  else
    {
      g_debug ("Video path: GL on %s", gl->renderer);
    }

  return gl;
}

/* Pipelines built from now on take the GL path; FALSE after warden_video_gl_disable(). */
gboolean
warden_video_gl_get_enabled (WardenVideoGl *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_GL (self), FALSE);

  return self->enabled;
}

/**
 * warden_video_gl_disable:
 * @reason: what failed, for the log
 *
 * Sends the pipelines built from now on down the memory path, e.g. after GStreamer's
 * GL elements failed where GTK's GL works.
 */
void
warden_video_gl_disable (WardenVideoGl *self,
                         const char    *reason)
{
  g_return_if_fail (WARDEN_IS_VIDEO_GL (self));

  if (!self->enabled)
    return;

  self->enabled = FALSE;
  g_warning ("Video path: memory from now on, because GStreamer's GL failed: %s", reason);
}

/* The context that textures of the GL path belong to, for GdkGLTexture. */
GdkGLContext *
warden_video_gl_get_gdk_context (WardenVideoGl *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_GL (self), NULL);

  return self->gdk_context;
}

/* The same context as GStreamer sees it; its gl_vtable calls GL. */
GstGLContext *
warden_video_gl_get_gst_context (WardenVideoGl *self)
{
  g_return_val_if_fail (WARDEN_IS_VIDEO_GL (self), NULL);

  return self->app_context;
}

/**
 * warden_video_gl_share:
 * @element: a pipeline, or any bin or element
 *
 * Gives @element (and, for a bin, every element in it now or later) the GL display and
 * GTK's context as the application context.
 */
void
warden_video_gl_share (WardenVideoGl *self,
                       GstElement    *element)
{
  g_autoptr(GstContext) display_context = gst_context_new (GST_GL_DISPLAY_CONTEXT_TYPE, TRUE);
  g_autoptr(GstContext) app_context = gst_context_new ("gst.gl.app_context", TRUE);

  g_return_if_fail (WARDEN_IS_VIDEO_GL (self));
  g_return_if_fail (GST_IS_ELEMENT (element));

  gst_context_set_gl_display (display_context, self->display);
  gst_structure_set (gst_context_writable_structure (app_context),
                     "context", GST_TYPE_GL_CONTEXT, self->app_context, NULL);
  gst_element_set_context (element, display_context);
  gst_element_set_context (element, app_context);
}
