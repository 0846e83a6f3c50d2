/* warden-media-memory.h: how the process allocates the memory of video frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void warden_media_memory_init (void);

G_END_DECLS
