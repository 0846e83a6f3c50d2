/* warden-password-entry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password field with a strength meter and, below it, the exact rules the
 * password still breaks.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WARDEN_TYPE_PASSWORD_ENTRY (warden_password_entry_get_type ())
G_DECLARE_FINAL_TYPE (WardenPasswordEntry, warden_password_entry, WARDEN, PASSWORD_ENTRY, AdwBin)

GtkWidget  *warden_password_entry_new            (void);
const char *warden_password_entry_get_text       (WardenPasswordEntry *self);
void        warden_password_entry_set_text       (WardenPasswordEntry *self,
                                                  const char          *text);
const char *warden_password_entry_get_username   (WardenPasswordEntry *self);
void        warden_password_entry_set_username   (WardenPasswordEntry *self,
                                                  const char          *username);
gboolean    warden_password_entry_get_acceptable (WardenPasswordEntry *self);

G_END_DECLS
