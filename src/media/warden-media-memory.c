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

/* glibc maps blocks above its mmap threshold (128 KiB at start), and raises the threshold
 * to the size of each mapped block it frees, up to 32 MiB. Left alone, frame-sized
 * blocks (a D1 picture is 600 KiB) soon come from the per-thread arenas, and those keep
 * their pages: with 16 streams RSS rose 15–20 MB at the first reconnect (a device
 * bounce, a layout change) and stayed there, also with the threshold fixed at 16 MiB.
 * Fixed at its default, blocks this size are mapped and go back to the system when
 * freed: no step, and 30 MB less in the steady state. That is cheap only because
 * nothing allocates a frame-sized block per frame (the decoder runs without direct
 * rendering, see warden-live-stream.c): per frame, mapping and zeroing 600 KiB cost a
 * 64-tile grid more system time than its decoding. */
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
