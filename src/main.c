/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "warden-application.h"
#include "warden-media-memory.h"

int
main (int argc, char *argv[])
{
  g_autoptr (WardenApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  warden_media_memory_init ();

  app = warden_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
