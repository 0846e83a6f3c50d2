/* warden-playback-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Playback page: recordings on a timeline. Until playback lands it says what it will hold.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-playback-page.h"

struct _WardenPlaybackPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WardenPlaybackPage, warden_playback_page, ADW_TYPE_BIN)

static void
warden_playback_page_class_init (WardenPlaybackPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/warden/Warden/warden-playback-page.ui");
}

static void
warden_playback_page_init (WardenPlaybackPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
