/* fuzz-kv-table.c: CGI key=value replies, unflattening and flattening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-kv-table.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(WardenKvTable) table = warden_kv_table_parse ((const char *) data, size, "fuzz", NULL);
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(JsonNode) under_table = NULL;

  if (table == NULL)
    return 0;

  for (guint i = 0; i < warden_kv_table_get_n_items (table); i++)
    warden_kv_table_lookup (table, warden_kv_table_get_key (table, i));

  tree = warden_kv_table_to_json (table, NULL, NULL);
  under_table = warden_kv_table_to_json (table, "table", NULL);
  if (tree != NULL)
    warden_kv_table_free (warden_kv_table_new_from_json (tree, "x", NULL));
  return 0;
}
