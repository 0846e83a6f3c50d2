/* warden-access-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Access Control page: people, cards, fingerprints and doors. Until access control lands it says what it will hold.
 */

#define G_LOG_DOMAIN "warden-ui"

#include "config.h"

#include "warden-access-page.h"

struct _WardenAccessPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WardenAccessPage, warden_access_page, ADW_TYPE_BIN)

static void
warden_access_page_class_init (WardenAccessPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/warden/Warden/warden-access-page.ui");
}

static void
warden_access_page_init (WardenAccessPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
