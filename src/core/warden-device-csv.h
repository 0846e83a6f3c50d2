/* warden-device-csv.h: the device list as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is UTF-8, comma-separated, RFC 4180 quoting ("a, b" and "say ""hi"""),
 * LF or CRLF line ends. Its first line is the header, exactly:
 *
 *   name,address,port,user,password,group
 *
 *   name      1 to 128 characters; empty: the address
 *   address   an IPv4/IPv6 address or a host name (required)
 *   port      1 to 65535; empty: 37777
 *   user      empty: admin
 *   password  the device password (required on import; never written on export)
 *   group     a group name, created when missing; empty: no group
 *
 * Limits: 1 MiB per file, 4096 devices, 2048 bytes per line. A bad row is
 * reported by line and field and skipped; the good rows still go in.
 */

#pragma once

#include "warden-device-registry.h"

G_BEGIN_DECLS

#define WARDEN_DEVICE_CSV_HEADER   "name,address,port,user,password,group"
#define WARDEN_DEVICE_CSV_MAX_SIZE (1024 * 1024)
#define WARDEN_DEVICE_CSV_MAX_ROWS 4096
#define WARDEN_DEVICE_CSV_MAX_LINE 2048

typedef struct
{
  guint  line;      /* 1-based, the header is line 1 */
  char  *field;     /* a header name, or NULL for the whole row */
  char  *message;
} WardenCsvProblem;

void warden_csv_problem_free (WardenCsvProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenCsvProblem, warden_csv_problem_free)

/* Bytes of a CSV file listing every device (without passwords). */
GBytes    *warden_device_csv_export        (WardenDeviceRegistry  *registry);

/* Adds every good row of @data through @registry, one after the other.
 * Fails only when the whole file is unusable (too large, wrong header). */
void       warden_device_csv_import_async  (WardenDeviceRegistry  *registry,
                                            GBytes                *data,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
/* Returns the WardenCsvProblem list (empty when every row went in); @n_added
 * gets the number of devices added. */
GPtrArray *warden_device_csv_import_finish (WardenDeviceRegistry  *registry,
                                            GAsyncResult          *result,
                                            guint                 *n_added,
                                            GError               **error);

G_END_DECLS
