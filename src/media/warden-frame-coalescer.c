/* warden-frame-coalescer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The video frames of a window's tiles arrive on their streaming threads. The first
 * frame after a cycle of the window's frame clock arms a short timer on the main
 * context; when it fires, the clock is asked for an update phase, and every tile swaps
 * in the frame it has then. The frames that arrive while the timer is armed cost
 * nothing on the main thread: a 16-tile grid at 25 fps wakes it about 25 times a
 * second, not 400.
 *
 * A frame waits COALESCE_MS for the frames of the other tiles of the same moment:
 * streams decoded on a busy machine finish their frames over 10–20 ms. Measured with
 * bench/live (16 tiles, llvmpipe): 27 paints a second instead of 46 and 1.1 cores
 * instead of 1.4, for 12 ms more from decoder to screen.
 *
 * The clock's update phase disarms the timer before the tiles swap their frames (the
 * coalescer connects to it before any tile does), so a frame is either swapped in by
 * that phase or arms the next timer.
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include "warden-frame-coalescer.h"

#define COALESCE_MS 12
#define COALESCER_KEY "warden-frame-coalescer"

struct _WardenFrameCoalescer
{
  gatomicrefcount ref_count;
  GMainContext *context;

  GMutex lock;                 /* protects everything below */
  GdkFrameClock *clock;        /* not a reference: cleared when the clock goes */
  GSource *timer;              /* armed: pending, or fired and the update has not run */
};

WardenFrameCoalescer *
warden_frame_coalescer_ref (WardenFrameCoalescer *self)
{
  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
warden_frame_coalescer_unref (WardenFrameCoalescer *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_assert (self->timer == NULL);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Drops a pending timer; the next frame arms a new one. */
static void
disarm (WardenFrameCoalescer *self)
{
  GSource *timer;

  g_mutex_lock (&self->lock);
  timer = g_steal_pointer (&self->timer);
  g_mutex_unlock (&self->lock);

  /* Outside the lock: destroying a source takes the context's (a no-op once fired). */
  if (timer != NULL)
    {
      g_source_destroy (timer);
      g_source_unref (timer);
    }
}

static gboolean
timer_cb (gpointer data)
{
  WardenFrameCoalescer *self = data;
  GdkFrameClock *clock;

  /* The timer stays armed until the update phase it asks for. */
  g_mutex_lock (&self->lock);
  clock = self->clock;
  g_mutex_unlock (&self->lock);

  /* The clock is only dropped on this thread, so it is still alive here. */
  if (clock != NULL)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);

  return G_SOURCE_REMOVE;
}

static void
update_cb (GdkFrameClock        *clock,
           WardenFrameCoalescer *self)
{
  disarm (self);
}

static void
clock_gone (gpointer data)
{
  WardenFrameCoalescer *self = data;

  g_mutex_lock (&self->lock);
  self->clock = NULL;
  g_mutex_unlock (&self->lock);

  disarm (self);
  warden_frame_coalescer_unref (self);
}

/**
 * warden_frame_coalescer_get_for_clock:
 *
 * Main thread. The coalescer of @clock, made on first use. Whoever swaps frames in on
 * @clock's update phase connects to it after this call.
 *
 * Returns: (transfer full): the coalescer
 */
WardenFrameCoalescer *
warden_frame_coalescer_get_for_clock (GdkFrameClock *clock)
{
  WardenFrameCoalescer *self;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (clock), NULL);

  self = g_object_get_data (G_OBJECT (clock), COALESCER_KEY);
  if (self != NULL)
    return warden_frame_coalescer_ref (self);

  self = g_new0 (WardenFrameCoalescer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->clock = clock;
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), self);
  g_object_set_data_full (G_OBJECT (clock), COALESCER_KEY, self, clock_gone);

  return warden_frame_coalescer_ref (self);
}

/**
 * warden_frame_coalescer_arm:
 *
 * Thread-safe. A frame is waiting to be swapped in: the clock will run an update
 * phase within COALESCE_MS, unless one is already on its way.
 */
void
warden_frame_coalescer_arm (WardenFrameCoalescer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (self->timer == NULL && self->clock != NULL)
    {
      self->timer = g_timeout_source_new (COALESCE_MS);
      g_source_set_callback (self->timer, timer_cb, warden_frame_coalescer_ref (self),
                             (GDestroyNotify) warden_frame_coalescer_unref);
      g_source_set_static_name (self->timer, "[warden] coalesce video frames");
      g_source_attach (self->timer, self->context);
    }
  g_mutex_unlock (&self->lock);
}
