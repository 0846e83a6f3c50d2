/* warden-media-memory.c: how the process allocates the memory of video frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include "warden-media-memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Frames (a D1 picture is 600 KiB, a tile-size BGRA frame 100–900 KiB) are above glibc's
 * mmap threshold, so they are mapped and go back to the system when freed. But glibc
 * raises the threshold each time it unmaps such a block: after the first pipeline is torn
 * down (a device bounce, a layout change), frames come from the per-thread arenas and
 * their pages stay with the process. Measured with 16 streams and a bounce every 30 s:
 * RSS rose 15 MB at the first bounce and stayed there; with the threshold fixed, it did
 * not rise, and the steady state was 30 MB lower. */
#define FRAME_MMAP_THRESHOLD (128 * 1024)

/**
 * warden_media_memory_init:
 *
 * Fixes the allocator's mmap threshold at its default, which keeps glibc from moving it.
 * Call once at start-up, before pipelines run.
 */
void
warden_media_memory_init (void)
{
#ifdef __GLIBC__
  if (mallopt (M_MMAP_THRESHOLD, FRAME_MMAP_THRESHOLD) != 1)
    g_warning ("Could not set the allocator's mmap threshold");
#endif
}
