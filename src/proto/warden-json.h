/* warden-json.h: bounded JSON parsing and type-checked member access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every JSON text from a device goes through warden_json_parse(): it refuses texts
 * longer than a limit and nesting deeper than WARDEN_JSON_MAX_DEPTH before json-glib
 * (which recurses) sees them. The getters never warn on a member of the wrong type.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WARDEN_JSON_MAX_DEPTH 64
/* Largest JSON document Warden accepts from a device. */
#define WARDEN_JSON_MAX_SIZE (4u * 1024u * 1024u)

JsonNode   *warden_json_parse          (const char *text,
                                        gsize       len,
                                        gsize       max_len,
                                        GError    **error);
gssize      warden_json_value_end      (const char *text,
                                        gsize       len,
                                        GError    **error);
char       *warden_json_dup_string     (JsonObject *object,
                                        const char *member);
gboolean    warden_json_get_int        (JsonObject *object,
                                        const char *member,
                                        gint64     *out);
gboolean    warden_json_get_bool       (JsonObject *object,
                                        const char *member,
                                        gboolean   *out);
JsonObject *warden_json_get_object     (JsonObject *object,
                                        const char *member);
JsonArray  *warden_json_get_array      (JsonObject *object,
                                        const char *member);
char       *warden_json_node_to_string (JsonNode   *node);

G_END_DECLS
