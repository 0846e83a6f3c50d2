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

/* glibc maps blocks above its mmap threshold (128 KiB at start) and raises the threshold
 * to the size of each mapped block it frees, up to 32 MiB; from then on such blocks come
 * from the per-thread arenas, which keep their pages. Frame-sized blocks are many:
 * decoded pictures (a D1 one is 600 KiB) and tile textures (320 × 180 BGRA is 230 KiB;
 * a software rasteriser allocates one per new GL texture, which is why
 * WardenGlUpload reuses them). Measured with 16 tiles and a
 * device bounce every 30 s: left alone, RSS rose 15–20 MB at the first bounce and stayed
 * there; with the threshold fixed at 256 KiB or 16 MiB, the same; fixed at 128 KiB, no
 * step, 20–30 MB less in the steady state, and 4.4 MB of growth over 10 minutes with a
 * bounce a minute. A mapped block costs a system call and cleared pages, so nothing of
 * ours allocates a frame-sized block per frame: the decoder runs without direct
 * rendering (see warden-live-stream.c). */
#define FRAME_MMAP_THRESHOLD (128 * 1024)

/* Fixing the mmap threshold also keeps glibc's trim threshold at 128 KiB: whenever
 * that much is free at the top of the main heap, it is given back, and the next frame's
 * allocations fault it in again. The main thread does that at every paint (GTK's render
 * nodes and vertex data). Measured with perf (bench/live, 16 tiles): returning the top
 * of the heap took 4 % of Warden's CPU. Each arena keeps up to this much instead. */
#define TRIM_THRESHOLD (4 * 1024 * 1024)

/* glibc gives threads up to 8 arenas per core. Each live stream runs about seven
 * threads, which come and go with every reconnect, and each new thread may land on an
 * arena that holds free memory nobody else reuses. With one arena per core the streaming
 * threads reuse each other's freed memory. Measured with 16 tiles and a device bounce
 * every minute for 10 minutes (bench/live, one run each): RSS trend +6.5 MB without the
 * limit, -1.7 MB with it. */
#define ARENAS_PER_CORE 1

/**
 * warden_media_memory_init:
 *
 * Fixes the allocator's mmap threshold at its default, which keeps glibc from moving it,
 * raises its trim threshold, and limits its arenas to one per core. Call once at
 * start-up, before any thread runs.
 */
void
warden_media_memory_init (void)
{
#ifdef __GLIBC__
  /* An allocator that replaces glibc's (AddressSanitizer's, for one) refuses it. */
  if (mallopt (M_MMAP_THRESHOLD, FRAME_MMAP_THRESHOLD) != 1)
    g_debug ("The allocator keeps its own mmap threshold");
  if (mallopt (M_TRIM_THRESHOLD, TRIM_THRESHOLD) != 1)
    g_debug ("The allocator keeps its own trim threshold");
  if (mallopt (M_ARENA_MAX, (int) g_get_num_processors () * ARENAS_PER_CORE) != 1)
    g_debug ("The allocator keeps its own number of arenas");
#endif
}
