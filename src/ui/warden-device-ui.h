/* warden-device-ui.h: pieces the device dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "warden-device-registry.h"

G_BEGIN_DECLS

/* Shows @text in @label, styled as an error when @failed. */
void warden_device_ui_show_outcome  (GtkLabel             *label,
                                     const char           *text,
                                     gboolean              failed);
/* Lists @registry's groups in @row by name. */
void warden_device_ui_choose_group  (AdwComboRow          *row,
                                     WardenDeviceRegistry *registry);

G_END_DECLS
