/* warden-media-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-media"

#include "config.h"

#include "warden-media-error.h"

G_DEFINE_QUARK (warden-media-error-quark, warden_media_error)
