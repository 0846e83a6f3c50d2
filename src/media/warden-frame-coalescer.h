/* warden-frame-coalescer.h: one frame-clock cycle for the video frames of a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _WardenFrameCoalescer WardenFrameCoalescer;

WardenFrameCoalescer *warden_frame_coalescer_get_for_clock (GdkFrameClock        *clock);
WardenFrameCoalescer *warden_frame_coalescer_ref           (WardenFrameCoalescer *self);
void                  warden_frame_coalescer_unref         (WardenFrameCoalescer *self);
void                  warden_frame_coalescer_arm           (WardenFrameCoalescer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenFrameCoalescer, warden_frame_coalescer_unref)

G_END_DECLS
