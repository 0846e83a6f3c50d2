/* test-devices-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Devices page under Xvfb against warden-devsim, with screenshots: add a
 * simulated device by IP through the dialog; search a segment and add the 8
 * devices found at once; import a CSV with one bad row;
 * watch a device's status change when the simulator takes it offline and back;
 * initialise a device from the search and add it; move a found device to
 * another address and find it there.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "devices-test-util.h"
#include "devsim-fixture.h"
#include "warden-device-add-dialog.h"
#include "warden-device-details-dialog.h"
#include "warden-device-search-dialog.h"
#include "warden-devices-page-private.h"
#include "warden-found-device.h"
#include "warden-password-entry.h"
#include "warden-test-ui.h"

static const char * const default_site[] = {
  "--ipc", "2", "--nvr", "1", "--nvr-channels", "4", "--no-rtsp", NULL
};
static const char * const eight_cameras[] = { "--ipc", "8", "--no-rtsp", NULL };
static const char * const uninitialised_camera[] = { "--ipc", "1", "--uninitialised", "--no-rtsp", NULL };
static const char * const two_cameras[] = { "--ipc", "2", "--no-rtsp", NULL };

typedef struct
{
  DevicesFixture     base;
  GtkWindow         *window;
  WardenDevicesPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  devices_test_fixture_set_up (&fixture->base, data != NULL ? data : default_site);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 560);
  fixture->page = g_object_new (WARDEN_TYPE_DEVICES_PAGE, NULL);
  warden_devices_page_set_registry (fixture->page, fixture->base.registry);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  warden_test_ui_wait_frames (GTK_WIDGET (fixture->window), 2);
}

static void
close_window (gpointer window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  devices_test_finalize (window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture->window);
  devices_test_fixture_tear_down (&fixture->base);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label under @widget whose text starts with @prefix. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The column view, not the status filter whose items say "Online" too. */
static GtkWidget *
tree (Fixture *fixture)
{
  return find_named (GTK_WIDGET (fixture->page), "device-tree");
}

static GtkWindow *
wait_toplevel (GType       type,
               const char *name)
{
  for (;;)
    {
      g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
              (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0) &&
              gtk_widget_get_visible (GTK_WIDGET (window)))
            return window;
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_label (GtkWidget  *widget,
            const char *prefix)
{
  while (find_label (widget, prefix) == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
set_row (GtkWidget  *dialog,
         const char *name,
         const char *text)
{
  GtkWidget *row = find_named (dialog, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Paints @widget and saves it as $WARDEN_SCREENSHOTS/@name.png. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = NULL;

  warden_test_ui_wait_frames (widget, 2);
  path = warden_test_ui_save_screenshot (widget, name);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_add_by_ip (Fixture       *fixture,
                gconstpointer  data)
{
  const DevsimFixtureDevice *nvr = devsim_fixture_find_device (fixture->base.sim, "nvr");
  g_autofree char *port = g_strdup_printf ("%u", nvr->dvrip_port);
  GtkWindow *dialog;
  GtkWidget *outcome;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "devices.add", NULL));
  dialog = wait_toplevel (WARDEN_TYPE_DEVICE_ADD_DIALOG, NULL);
  set_row (GTK_WIDGET (dialog), "name", "Recorder");
  set_row (GTK_WIDGET (dialog), "address", nvr->address);
  set_row (GTK_WIDGET (dialog), "port", port);
  set_row (GTK_WIDGET (dialog), "user", nvr->user);
  set_row (GTK_WIDGET (dialog), "password", nvr->password);

  /* A port out of range is refused before anything is stored. */
  set_row (GTK_WIDGET (dialog), "port", "70000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add-continue", NULL));
  outcome = find_named (GTK_WIDGET (dialog), "outcome");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (outcome)), "The port is"));
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (fixture->base.registry)),
                    ==, 0);

  set_row (GTK_WIDGET (dialog), "port", port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add-continue", NULL));
  wait_label (GTK_WIDGET (dialog), "Added Recorder: online, 4 channels.");
  /* Add and Continue cleared the device fields and kept the user. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "address"))),
                   ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "user"))),
                   ==, nvr->user);
  screenshot (GTK_WIDGET (dialog), "devices-add-dialog");
  close_window (dialog);

  wait_label (GTK_WIDGET (fixture->page), "Recorder");
  wait_label (GTK_WIDGET (fixture->page), "Online");
  screenshot (GTK_WIDGET (fixture->window), "devices-added");
}

static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  const DevsimFixtureDevice *a = devsim_fixture_get_device (fixture->base.sim, 0);
  const DevsimFixtureDevice *b = devsim_fixture_get_device (fixture->base.sim, 1);
  g_autofree char *csv = g_strdup_printf ("name,address,port,user,password,group\n"
                                          "Gate,%s,%u,%s,%s,Outside\n"
                                          "Dock,%s,99999,%s,%s,Outside\n"
                                          "\"Yard, north\",%s,%u,%s,%s,\n",
                                          a->address, a->dvrip_port, a->user, a->password,
                                          b->address, b->user, b->password,
                                          b->address, b->dvrip_port, b->user, b->password);
  g_autofree char *path = g_build_filename (fixture->base.dir, "devices.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *report;
  const char *body;

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  _warden_devices_page_import_file (fixture->page, file);
  report = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "csv-report");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (report));
  g_assert_nonnull (strstr (body, "Added 2 devices."));
  g_assert_nonnull (strstr (body, "Line 3, port: "));
  g_assert_null (strstr (body, "Line 2"));
  g_assert_null (strstr (body, "Line 4"));
  g_assert_nonnull (warden_device_registry_find_group (fixture->base.registry, "Outside"));
  screenshot (GTK_WIDGET (report), "devices-import-report");
  close_window (report);

  wait_label (GTK_WIDGET (fixture->page), "Yard, north");
  wait_label (GTK_WIDGET (fixture->page), "Outside");
  screenshot (GTK_WIDGET (fixture->window), "devices-imported");
}

static void
test_search_segment (Fixture       *fixture,
                     gconstpointer  data)
{
  guint n = devsim_fixture_get_n_devices (fixture->base.sim);
  const DevsimFixtureDevice *first = devsim_fixture_get_device (fixture->base.sim, 0);
  const DevsimFixtureDevice *last = devsim_fixture_get_device (fixture->base.sim, n - 1);
  g_autofree char *segment = g_strdup_printf ("%s-%s", first->address, last->address);
  g_autofree char *port = g_strdup_printf ("%u", first->discovery_port);
  GtkWindow *dialog;

  g_assert_cmpuint (n, ==, 8);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "devices.search", NULL));
  dialog = wait_toplevel (WARDEN_TYPE_DEVICE_SEARCH_DIALOG, NULL);
  set_row (GTK_WIDGET (dialog), "segment", segment);
  set_row (GTK_WIDGET (dialog), "discovery-port", port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.search", NULL));
  wait_label (GTK_WIDGET (dialog), "Found 8 devices.");
  /* Every simulated serial is listed. */
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (find_label (GTK_WIDGET (dialog), devsim_fixture_get_device (fixture->base.sim, i)->serial));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Initialised"));
  g_assert_null (find_label (GTK_WIDGET (dialog), "Not initialised"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.select-all", NULL));
  set_row (GTK_WIDGET (dialog), "user", first->user);
  set_row (GTK_WIDGET (dialog), "password", first->password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add-selected", NULL));
  wait_label (GTK_WIDGET (dialog), "Added ");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (GTK_WIDGET (dialog), "outcome"))),
                   ==, "Added 8 devices.");
  screenshot (GTK_WIDGET (dialog), "devices-search-segment");
  close_window (dialog);

  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (fixture->base.registry)),
                    ==, 8);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor =
        g_list_model_get_item (warden_device_registry_get_devices (fixture->base.registry), i);

      devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
    }
  screenshot (GTK_WIDGET (fixture->window), "devices-eight-online");
}

/* Opens the search dialog and searches @segment; returns the dialog once @found shows. */
static GtkWindow *
search (Fixture    *fixture,
        const char *segment,
        const char *found)
{
  const DevsimFixtureDevice *first = devsim_fixture_get_device (fixture->base.sim, 0);
  g_autofree char *port = g_strdup_printf ("%u", first->discovery_port);
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "devices.search", NULL));
  dialog = wait_toplevel (WARDEN_TYPE_DEVICE_SEARCH_DIALOG, NULL);
  set_row (GTK_WIDGET (dialog), "segment", segment);
  set_row (GTK_WIDGET (dialog), "discovery-port", port);
  set_row (GTK_WIDGET (dialog), "user", first->user);
  set_row (GTK_WIDGET (dialog), "password", first->password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.search", NULL));
  wait_label (GTK_WIDGET (dialog), found);
  return dialog;
}

/* Selects the found device at @address alone. */
static void
select_found (GtkWindow  *dialog,
              const char *address)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (warden_test_ui_find_descendant (GTK_WIDGET (dialog),
                                                                         GTK_TYPE_COLUMN_VIEW));
  GtkSelectionModel *model = gtk_column_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(WardenFoundDevice) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (warden_found_device_get (item)->address, address) == 0)
        {
          gtk_selection_model_select_item (model, i, TRUE);
          return;
        }
    }
  g_assert_not_reached ();
}

static const char *
outcome_of (GtkWidget  *window,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (find_named (window, name)));
}

static void
click (GtkWidget  *window,
       const char *name)
{
  GtkWidget *button = find_named (window, name);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
test_initialise (Fixture       *fixture,
                 gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (fixture->base.sim, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;
  GtkWindow *dialog = search (fixture, cam->address, "Found 1 device.");
  GtkWidget *init;
  GtkWidget *rules;
  WardenPasswordEntry *password;

  /* The search says the device waits for initialisation. */
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Not initialised"));
  screenshot (GTK_WIDGET (dialog), "devices-search-not-initialised");

  select_found (dialog, cam->address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.initialise", NULL));
  init = GTK_WIDGET (wait_toplevel (ADW_TYPE_WINDOW, "device-init"));
  password = WARDEN_PASSWORD_ENTRY (find_named (init, "init-password"));

  /* The rule that fails shows as the operator types; nothing can be sent yet. */
  warden_password_entry_set_text (password, "admin12");
  set_row (init, "init-confirm", "admin12");
  rules = find_label (init, "• Use at least 8 characters.");
  g_assert_nonnull (rules);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (rules)), "• Do not include the user name."));
  g_assert_cmpstr (outcome_of (init, "init-outcome"), ==, "");
  g_assert_false (gtk_widget_get_sensitive (find_named (init, "init-apply")));
  screenshot (init, "devices-init-rules");

  warden_password_entry_set_text (password, "Sh1ny-Lake-9");
  g_assert_cmpstr (outcome_of (init, "init-outcome"), ==, "The two passwords differ.");
  set_row (init, "init-email", "guard");
  set_row (init, "init-confirm", "Sh1ny-Lake-9");
  g_assert_true (g_str_has_prefix (outcome_of (init, "init-outcome"), "The email address is not valid"));
  set_row (init, "init-email", "");
  g_assert_cmpstr (outcome_of (init, "init-outcome"), ==, "");

  /* A device that does not answer: the error shows in the dialog. */
  reply = devsim_fixture_ctl (fixture->base.sim, &error, "offline %s", cam->address);
  g_assert_no_error (error);
  click (init, "init-apply");
  while (!gtk_widget_has_css_class (find_named (init, "init-outcome"), "error"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (outcome_of (init, "init-outcome"), cam->address));
  g_clear_pointer (&reply, g_free);
  reply = devsim_fixture_ctl (fixture->base.sim, &error, "online %s", cam->address);
  g_assert_no_error (error);

  click (init, "init-apply");
  while (!gtk_widget_get_visible (find_named (init, "init-add")))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (outcome_of (init, "init-outcome"), "is initialised."));
  screenshot (init, "devices-init-done");

  /* Added with the administrator just set, it comes online. */
  click (init, "init-add");
  wait_label (init, "Added ");
  g_assert_false (gtk_widget_get_visible (find_named (init, "init-add")));
  g_assert_cmpuint (g_list_model_get_n_items (warden_device_registry_get_devices (fixture->base.registry)),
                    ==, 1);
  supervisor = g_list_model_get_item (warden_device_registry_get_devices (fixture->base.registry), 0);
  g_assert_cmpstr (warden_device_supervisor_get_record (supervisor)->username, ==, "admin");
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);
  gtk_widget_set_visible (init, FALSE);

  /* The list says so too, and a second initialisation is not offered. */
  g_assert_null (find_label (GTK_WIDGET (dialog), "Not initialised"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Initialised"));
  select_found (dialog, cam->address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.initialise", NULL));
  g_assert_true (strstr (outcome_of (GTK_WIDGET (dialog), "outcome"), "initialised already") != NULL);
  close_window (dialog);

  wait_label (tree (fixture), "Online");
  screenshot (GTK_WIDGET (fixture->window), "devices-initialised-online");
}

static void
test_change_address (Fixture       *fixture,
                     gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_get_device (fixture->base.sim, 0);
  const DevsimFixtureDevice *other = devsim_fixture_get_device (fixture->base.sim, 1);
  g_auto(GStrv) octets = g_strsplit (cam->address, ".", 4);
  g_autofree char *target = g_strdup_printf ("%s.%s.%s.200", octets[0], octets[1], octets[2]);
  g_autofree char *segment = g_strdup_printf ("%s-200", cam->address);
  GtkWindow *dialog = search (fixture, segment, "Found 2 devices.");
  GtkWidget *window;

  select_found (dialog, cam->address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.change-address", NULL));
  window = GTK_WIDGET (wait_toplevel (ADW_TYPE_WINDOW, "device-address"));
  /* The form starts from what the device reported. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "new-address"))), ==, cam->address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "netmask"))), ==, "255.0.0.0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "address-user"))), ==, cam->user);

  /* Input is checked as it is typed, naming the field. */
  set_row (window, "new-address", "127.0.300.1");
  g_assert_true (g_str_has_prefix (outcome_of (window, "address-outcome"), "IP address: enter four numbers"));
  g_assert_false (gtk_widget_get_sensitive (find_named (window, "address-apply")));
  set_row (window, "new-address", target);
  set_row (window, "netmask", "255.0.255.0");
  g_assert_true (g_str_has_prefix (outcome_of (window, "address-outcome"), "Subnet mask:"));
  set_row (window, "netmask", "255.0.0.0");
  set_row (window, "gateway", "10.0.0.1");
  g_assert_true (g_str_has_prefix (outcome_of (window, "address-outcome"), "Default gateway:"));
  screenshot (window, "devices-change-address-check");
  set_row (window, "gateway", "127.0.0.1");
  g_assert_cmpstr (outcome_of (window, "address-outcome"), ==, "");

  /* A wrong password: the device's refusal shows in the window. */
  set_row (window, "address-password", "not-it-1");
  click (window, "address-apply");
  while (!gtk_widget_has_css_class (find_named (window, "address-outcome"), "error"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (outcome_of (window, "address-outcome"), "password"));

  set_row (window, "address-password", cam->password);
  screenshot (window, "devices-change-address");
  click (window, "address-apply");
  while (gtk_widget_get_visible (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (outcome_of (GTK_WIDGET (dialog), "outcome"), target));

  /* The next search finds it at the new address, and no longer at the old one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.search", NULL));
  wait_label (GTK_WIDGET (dialog), "Found ");
  while (find_label (GTK_WIDGET (find_named (GTK_WIDGET (dialog), "found")), "Found 2 devices.") == NULL)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.search", NULL));
      wait_label (GTK_WIDGET (dialog), "Found ");
    }
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), target));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), other->address));
  g_assert_null (find_label (GTK_WIDGET (dialog), cam->address));
  screenshot (GTK_WIDGET (dialog), "devices-moved");
  close_window (dialog);
}

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  WardenDeviceSupervisor **slot = user_data;

  *slot = warden_device_registry_add_device_finish (WARDEN_DEVICE_REGISTRY (object), result, &error);
  g_assert_no_error (error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(JsonNode **) user_data = warden_device_session_read_finish (WARDEN_DEVICE_SESSION (object),
                                                                result, &error);
  g_assert_no_error (error);
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  const DevsimFixtureDevice *nvr = devsim_fixture_find_device (fixture->base.sim, "nvr");
  g_autoptr(WardenDeviceRecord) record = devices_test_record ("Recorder", nvr->address,
                                                              nvr->dvrip_port, nvr->user);
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;
  g_autoptr(JsonNode) encode = NULL;
  GtkWidget *dialog;
  JsonNode *channel;
  JsonObject *video;

  warden_device_registry_add_device_async (fixture->base.registry, record, nvr->password, NULL, add_cb,
                                           &supervisor);
  while (supervisor == NULL)
    g_main_context_iteration (NULL, TRUE);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);

  dialog = warden_device_details_dialog_new (supervisor);
  gtk_window_present (GTK_WINDOW (dialog));
  while (find_named (dialog, "ch4-sub-fps") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (find_label (dialog, "Device port (TCP)"));
  g_assert_nonnull (find_label (dialog, "/dev/sda"));
  g_assert_null (find_named (dialog, "ch5-main-fps"));

  /* Change channel 1's main stream and write it to the device. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, "ch1-main-fps")), 12);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, "ch1-main-bitrate")), 1536);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "ch1-main-resolution")), "1280x720");
  g_signal_emit_by_name (find_named (dialog, "ch1-main-apply"), "clicked");
  wait_label (dialog, "The device accepted the new encoding.");
  screenshot (dialog, "devices-details");

  warden_device_session_get_config_async (warden_device_supervisor_get_session (supervisor),
                                          "Encode", NULL, read_cb, &encode);
  while (encode == NULL)
    g_main_context_iteration (NULL, TRUE);
  channel = json_array_get_element (json_node_get_array (encode), 0);
  video = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (channel),
                                                                 "MainFormat"), 0), "Video");
  g_assert_cmpint (json_object_get_int_member (video, "FPS"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (video, "BitRate"), ==, 1536);
  g_assert_cmpint (json_object_get_int_member (video, "Width"), ==, 1280);

  /* A resolution that is no width×height is refused before anything is written. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "ch2-sub-resolution")), "wide");
  g_signal_emit_by_name (find_named (dialog, "ch2-main-apply"), "clicked");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (find_named (dialog, "outcome"))),
                                   "Channel 2: enter the resolution"));
  close_window (dialog);
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->base.sim, "ipc");
  g_autoptr(WardenDeviceRecord) record = devices_test_record ("Lobby", cam->address,
                                                              cam->dvrip_port, cam->user);
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;
  GListModel *rows = warden_devices_page_get_rows (fixture->page);
  GtkWindow *dialog;

  warden_device_registry_add_device_async (fixture->base.registry, record, "not-it-1", NULL, add_cb,
                                           &supervisor);
  while (supervisor == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_label (tree (fixture), "Wrong password");

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (item == G_OBJECT (supervisor))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), i, TRUE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "devices.edit", NULL));
  dialog = wait_toplevel (WARDEN_TYPE_DEVICE_ADD_DIALOG, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "address"))),
                   ==, cam->address);
  set_row (GTK_WIDGET (dialog), "name", "Lobby east");
  set_row (GTK_WIDGET (dialog), "password", cam->password);
  g_object_ref (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.add", NULL));
  /* Saved and online: the dialog closes itself. */
  while (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    g_main_context_iteration (NULL, TRUE);
  devices_test_finalize (dialog);
  g_assert_cmpint (warden_device_supervisor_get_status (supervisor), ==, WARDEN_DEVICE_STATUS_ONLINE);
  g_assert_cmpint (warden_device_supervisor_get_record (supervisor)->id, ==,
                   warden_device_supervisor_get_id (supervisor));
  wait_label (tree (fixture), "Lobby east");
  g_assert_nonnull (find_label (tree (fixture), "Online"));
}

/* A page given the security service loads the stored devices and connects them. */
static void
test_load_at_start (Fixture       *fixture,
                    gconstpointer  data)
{
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->base.sim, "ipc");
  g_autoptr(WardenDeviceRecord) record = devices_test_record ("Stored", cam->address,
                                                              cam->dvrip_port, cam->user);
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;
  GtkWindow *window;
  WardenDevicesPage *page;

  warden_device_registry_add_device_async (fixture->base.registry, record, cam->password, NULL,
                                           add_cb, &supervisor);
  while (supervisor == NULL)
    g_main_context_iteration (NULL, TRUE);
  devices_test_wait_status (supervisor, WARDEN_DEVICE_STATUS_ONLINE);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1100, 400);
  page = g_object_new (WARDEN_TYPE_DEVICES_PAGE, NULL);
  warden_devices_page_set_security (page, fixture->base.security);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  wait_label (find_named (GTK_WIDGET (page), "device-tree"), "Stored");
  wait_label (find_named (GTK_WIDGET (page), "device-tree"), "Online");
  g_assert_cmpuint (g_list_model_get_n_items (
                      warden_device_registry_get_devices (warden_devices_page_get_registry (page))),
                    ==, 1);
  close_window (window);
}

static void
test_status_change (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DevsimFixtureDevice *cam = devsim_fixture_find_device (fixture->base.sim, "ipc");
  g_autoptr(WardenDeviceRecord) record = devices_test_record ("Lobby", cam->address,
                                                              cam->dvrip_port, cam->user);
  g_autoptr(WardenDeviceSupervisor) supervisor = NULL;
  g_autofree char *reply = NULL;

  warden_device_registry_add_device_async (fixture->base.registry, record, cam->password, NULL, add_cb,
                                           &supervisor);
  while (supervisor == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_label (tree (fixture), "Online");

  reply = devsim_fixture_ctl (fixture->base.sim, &error, "offline %s", cam->address);
  g_assert_no_error (error);
  wait_label (tree (fixture), "Offline since ");
  g_assert_null (find_label (tree (fixture), "Online"));
  screenshot (GTK_WIDGET (fixture->window), "devices-offline");

  /* The filter for devices not online shows it; the one for online devices hides it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (fixture->page), "status-filter")), 1);
  while (find_label (tree (fixture), "Lobby") != NULL)
    g_main_context_iteration (NULL, TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (fixture->page), "status-filter")), 0);

  g_clear_pointer (&reply, g_free);
  reply = devsim_fixture_ctl (fixture->base.sim, &error, "online %s", cam->address);
  g_assert_no_error (error);
  wait_label (tree (fixture), "Online");
  g_assert_null (find_label (tree (fixture), "Offline since "));
  screenshot (GTK_WIDGET (fixture->window), "devices-back-online");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/devices/ui/add-by-ip", test_add_by_ip);
  g_test_add ("/devices/ui/search-segment", Fixture, eight_cameras, fixture_set_up,
              test_search_segment, fixture_tear_down);
  g_test_add ("/devices/ui/initialise", Fixture, uninitialised_camera, fixture_set_up,
              test_initialise, fixture_tear_down);
  g_test_add ("/devices/ui/change-address", Fixture, two_cameras, fixture_set_up,
              test_change_address, fixture_tear_down);
  ADD ("/devices/ui/import-csv", test_import_csv);
  ADD ("/devices/ui/details", test_details);
  ADD ("/devices/ui/edit", test_edit);
  ADD ("/devices/ui/load-at-start", test_load_at_start);
  ADD ("/devices/ui/status-change", test_status_change);
#undef ADD

  return g_test_run ();
}
