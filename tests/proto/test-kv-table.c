/* test-kv-table.c: CGI key=value replies and their JSON form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "warden-json.h"
#include "warden-kv-table.h"
#include "warden-proto-error.h"
#include "proto-test-util.h"

#include <string.h>

static WardenKvTable *
parse_fixture (const char *name,
               GError    **error)
{
  g_autoptr(GBytes) bytes = proto_test_load_fixture (name);
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);

  return warden_kv_table_parse (text, len, "10.0.0.5", error);
}

static void
test_system_info (void)
{
  g_autoptr(WardenKvTable) table = parse_fixture ("cgi-system-info.txt", NULL);

  g_assert_nonnull (table);
  g_assert_cmpuint (warden_kv_table_get_n_items (table), ==, 7);
  g_assert_cmpstr (warden_kv_table_lookup (table, "deviceType"), ==, "IPC-HDW5831R-ZE");
  g_assert_cmpstr (warden_kv_table_lookup (table, "serialNumber"), ==, "4X00AA1PAZ00000");
  g_assert_null (warden_kv_table_lookup (table, "missing"));
}

static void
test_first_equals_only (void)
{
  g_autoptr(WardenKvTable) table = parse_fixture ("cgi-encode-config.txt", NULL);

  g_assert_cmpstr (warden_kv_table_lookup (table, "Encode[0].MainFormat[0].Video.CustomData"),
                   ==, "YWJjZA==");
}

static void
test_bare_tokens_and_line_ends (void)
{
  static const char text[] = "OK\nname=Front Door\r\n\r\nempty=\n";
  g_autoptr(WardenKvTable) table = warden_kv_table_parse (text, strlen (text), "h", NULL);

  g_assert_cmpuint (warden_kv_table_get_n_items (table), ==, 3);
  g_assert_cmpstr (warden_kv_table_get_key (table, 0), ==, "OK");
  g_assert_null (warden_kv_table_get_value (table, 0));
  g_assert_cmpstr (warden_kv_table_lookup (table, "name"), ==, "Front Door");
  g_assert_cmpstr (warden_kv_table_lookup (table, "empty"), ==, "");
}

static void
test_error_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WardenKvTable) table = parse_fixture ("cgi-error.txt", &error);
  static const char ok[] = "OK\r\n";
  static const char inline_error[] = "Error: Error -1 getting param in name=VideoInOptions[4]";

  g_assert_null (table);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE);
  g_assert_nonnull (strstr (error->message, "Invalid Request!"));
  g_clear_error (&error);

  g_assert_true (warden_cgi_reply_check (ok, strlen (ok), "h", NULL));
  g_assert_false (warden_cgi_reply_check (inline_error, strlen (inline_error), "h", &error));
  g_assert_nonnull (strstr (error->message, "getting param"));
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_key = g_strnfill (WARDEN_KV_MAX_KEY + 1, 'k');
  g_autofree char *text = g_strconcat (long_key, "=1\n", NULL);
  g_autoptr(WardenKvTable) table = warden_kv_table_parse (text, strlen (text), "h", &error);

  g_assert_null (table);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_TOO_LARGE);
}

static void
test_to_json (void)
{
  g_autoptr(WardenKvTable) table = parse_fixture ("cgi-encode-config.txt", NULL);
  g_autoptr(JsonNode) node = warden_kv_table_to_json (table, "table.Encode", NULL);
  g_autofree char *json = warden_json_node_to_string (node);
  JsonObject *video;
  JsonArray *channels;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  channels = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (channels), ==, 1);
  video = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_array_get_object_element (channels, 0), "MainFormat"), 0),
    "Video");
  g_assert_cmpstr (json_object_get_string_member (video, "Compression"), ==, "H.265");
  g_assert_cmpint (json_object_get_int_member (video, "FPS"), ==, 25);
  g_assert_nonnull (strstr (json, "\"AudioEnable\":true"));
}

static void
test_nested_indexes (void)
{
  static const char text[] =
    "table.Lighting_V2[0][1][2].Mode=Auto\r\n"
    "table.Lighting_V2[0][0][0].Mode=Off\r\n"
    "table.Serial=0123\r\n";
  g_autoptr(WardenKvTable) table = warden_kv_table_parse (text, strlen (text), "h", NULL);
  g_autoptr(JsonNode) node = warden_kv_table_to_json (table, "table", NULL);
  g_autofree char *json = warden_json_node_to_string (node);

  g_assert_cmpstr (json, ==,
                   "{\"Lighting_V2\":[[[{\"Mode\":\"Off\"}],[null,null,{\"Mode\":\"Auto\"}]]],"
                   "\"Serial\":\"0123\"}");
}

static void
test_conflict_and_index_limit (void)
{
  static const char conflict[] = "a=1\na.b=2\n";
  static const char huge_index[] = "a[99999999]=1\nb=2\n";
  g_autoptr(WardenKvTable) t1 = warden_kv_table_parse (conflict, strlen (conflict), "h", NULL);
  g_autoptr(WardenKvTable) t2 = warden_kv_table_parse (huge_index, strlen (huge_index), "h", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) n1 = warden_kv_table_to_json (t1, NULL, &error);
  g_autoptr(JsonNode) n2 = NULL;
  g_autofree char *json = NULL;

  g_assert_null (n1);
  g_assert_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_MALFORMED);

  /* An index past the limit is not a path: the key is skipped, not allocated. */
  n2 = warden_kv_table_to_json (t2, NULL, NULL);
  json = warden_json_node_to_string (n2);
  g_assert_cmpstr (json, ==, "{\"b\":2}");
}

static void
test_flatten_roundtrip (void)
{
  static const char json[] =
    "[{\"MainFormat\":[{\"Video\":{\"FPS\":25,\"Compression\":\"H.265\"},\"AudioEnable\":false}]}]";
  g_autoptr(JsonNode) node = warden_json_parse (json, strlen (json), 4096, NULL);
  g_autoptr(WardenKvTable) flat = warden_kv_table_new_from_json (node, "Encode", NULL);
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (warden_kv_table_get_n_items (flat), ==, 3);
  g_assert_cmpstr (warden_kv_table_get_key (flat, 0), ==, "Encode[0].MainFormat[0].Video.FPS");
  g_assert_cmpstr (warden_kv_table_get_value (flat, 0), ==, "25");
  g_assert_cmpstr (warden_kv_table_lookup (flat, "Encode[0].MainFormat[0].AudioEnable"), ==, "false");

  back = warden_kv_table_to_json (flat, "Encode", NULL);
  text = warden_json_node_to_string (back);
  g_assert_cmpstr (text, ==, json);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proto/kv-table/system-info", test_system_info);
  g_test_add_func ("/proto/kv-table/first-equals-only", test_first_equals_only);
  g_test_add_func ("/proto/kv-table/bare-tokens-and-line-ends", test_bare_tokens_and_line_ends);
  g_test_add_func ("/proto/kv-table/error-body", test_error_body);
  g_test_add_func ("/proto/kv-table/limits", test_limits);
  g_test_add_func ("/proto/kv-table/to-json", test_to_json);
  g_test_add_func ("/proto/kv-table/nested-indexes", test_nested_indexes);
  g_test_add_func ("/proto/kv-table/conflict-and-index-limit", test_conflict_and_index_limit);
  g_test_add_func ("/proto/kv-table/flatten-roundtrip", test_flatten_roundtrip);

  return g_test_run ();
}
