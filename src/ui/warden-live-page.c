/* warden-live-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Live View page: the video wall. Until live video lands it says what it will hold.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-live-page.h"

struct _WardenLivePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WardenLivePage, warden_live_page, ADW_TYPE_BIN)

static void
warden_live_page_class_init (WardenLivePageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/warden/Warden/warden-live-page.ui");
}

static void
warden_live_page_init (WardenLivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
