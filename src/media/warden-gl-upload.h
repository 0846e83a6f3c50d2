/* warden-gl-upload.h: memory-path frames into reused GL textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_GL_UPLOAD (warden_gl_upload_get_type ())

G_DECLARE_FINAL_TYPE (WardenGlUpload, warden_gl_upload, WARDEN, GL_UPLOAD, GObject)

WardenGlUpload *warden_gl_upload_get_default (void);
GdkTexture     *warden_gl_upload_texture     (WardenGlUpload *self,
                                              int             width,
                                              int             height,
                                              const guint8   *bgra,
                                              gsize           stride);
guint           warden_gl_upload_get_n_free  (WardenGlUpload *self);

G_END_DECLS
