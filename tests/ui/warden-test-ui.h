/* warden-test-ui.h: helpers for UI tests under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A fresh, empty folder $WARDEN_TEST_DATA/ui/<name>. */
char *warden_test_ui_fresh_dir        (const char *name);
/* Runs the main context until @widget is mapped and has painted @frames more frames. */
void  warden_test_ui_wait_frames      (GtkWidget  *widget,
                                       int         frames);
/* The first descendant of @widget (depth first) that is a @type, or NULL. */
GtkWidget *warden_test_ui_find_descendant (GtkWidget *widget,
                                           GType      type);
/* Renders @widget in-process and saves $WARDEN_SCREENSHOTS/<name>.png; returns its path. */
char *warden_test_ui_save_screenshot  (GtkWidget  *widget,
                                       const char *name);

G_END_DECLS
