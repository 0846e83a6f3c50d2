/* warden-events-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Events page: door, alarm and video events. Until the event list lands it says what it will hold.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-events-page.h"

struct _WardenEventsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WardenEventsPage, warden_events_page, ADW_TYPE_BIN)

static void
warden_events_page_class_init (WardenEventsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/warden/Warden/warden-events-page.ui");
}

static void
warden_events_page_init (WardenEventsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
