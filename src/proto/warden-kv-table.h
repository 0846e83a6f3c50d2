/* warden-kv-table.h: CGI `key=value` replies and their JSON form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CGI replies are one `key=value` per line (PROTOCOL.md §1.2). Keys address nested
 * tables as `Encode[0].MainFormat[0].Video.Compression` or `Lighting_V2[0][1][2]`;
 * warden_kv_table_to_json() rebuilds the tree, warden_kv_table_new_from_json()
 * flattens a tree back to keys for a setConfig request.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Limits on a CGI text reply. */
#define WARDEN_KV_MAX_SIZE   (4u * 1024u * 1024u)
#define WARDEN_KV_MAX_LINES  65536u
#define WARDEN_KV_MAX_KEY    512u
#define WARDEN_KV_MAX_INDEX  1023u
#define WARDEN_KV_MAX_DEPTH  16u

typedef struct _WardenKvTable WardenKvTable;

WardenKvTable *warden_kv_table_new            (void);
WardenKvTable *warden_kv_table_parse          (const char    *text,
                                               gsize          len,
                                               const char    *host,
                                               GError       **error);
WardenKvTable *warden_kv_table_new_from_json  (JsonNode      *node,
                                               const char    *prefix,
                                               GError       **error);
void           warden_kv_table_free           (WardenKvTable *table);
void           warden_kv_table_add            (WardenKvTable *table,
                                               const char    *key,
                                               const char    *value);
guint          warden_kv_table_get_n_items    (WardenKvTable *table);
const char    *warden_kv_table_get_key        (WardenKvTable *table,
                                               guint          i);
const char    *warden_kv_table_get_value      (WardenKvTable *table,
                                               guint          i);
const char    *warden_kv_table_lookup         (WardenKvTable *table,
                                               const char    *key);
JsonNode      *warden_kv_table_to_json        (WardenKvTable *table,
                                               const char    *prefix,
                                               GError       **error);

gboolean       warden_cgi_reply_check         (const char    *text,
                                               gsize          len,
                                               const char    *host,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenKvTable, warden_kv_table_free)

G_END_DECLS
