/* media-test-server.h: an RTSP server inside a test, on its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves live H.264 at 25 fps with a key frame every 12 frames:
 *   /sub   320×240, a moving ball
 *   /main  640×360, colour bars
 *   /main-audio  /main with a microphone: G.711 A-law, 8 kHz
 * on 127.0.0.1 and an ephemeral port, over real RTSP sockets.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MediaTestServer MediaTestServer;

MediaTestServer *media_test_server_new            (void);
/* rtsp://127.0.0.1:PORT/path */
char            *media_test_server_get_url        (MediaTestServer *self,
                                                   const char      *path);
/* Fault: every stream stops sending media (the sessions stay open). */
void             media_test_server_set_stalled    (MediaTestServer *self,
                                                   gboolean         stalled);
/* Fault: the microphone of /main-audio stops sending (its video goes on). */
void             media_test_server_set_muted      (MediaTestServer *self,
                                                   gboolean         muted);
/* Fault: closes every client connection. */
void             media_test_server_drop_sessions  (MediaTestServer *self);
void             media_test_server_free           (MediaTestServer *self);

/* Iterates the thread-default main context until @done returns TRUE; fails the
 * test after @timeout_s seconds (a guard against hangs, not a measurement). */
void             media_test_wait_until_impl       (gboolean       (*done) (gpointer data),
                                                   const char      *what,
                                                   gpointer         data,
                                                   guint            timeout_s);
#define media_test_wait_until(done, data, timeout_s) \
  media_test_wait_until_impl ((done), #done, (data), (timeout_s))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MediaTestServer, media_test_server_free)

G_END_DECLS
