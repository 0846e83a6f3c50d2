/* warden-audit-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit log: who did what, to which target, when. Searchable, paged from
 * the store, exported as CSV. Read-only: nothing here changes the log.
 */

#pragma once

#include <adwaita.h>

#include "warden-security.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_AUDIT_PAGE (warden_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (WardenAuditPage, warden_audit_page, WARDEN, AUDIT_PAGE, AdwBin)

GtkWidget  *warden_audit_page_new        (WardenSecurity  *security);
void        warden_audit_page_reload     (WardenAuditPage *self);
GListModel *warden_audit_page_get_model  (WardenAuditPage *self);
gboolean    warden_audit_page_export_csv (WardenAuditPage *self,
                                          GFile           *file,
                                          GError         **error);

G_END_DECLS
