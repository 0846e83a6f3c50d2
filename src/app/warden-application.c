/* warden-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-app"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <sqlite3.h>

#include "warden-application.h"
#include "warden-log.h"
#include "warden-stream-pool.h"
#include "warden-window.h"

struct _WardenApplication
{
  AdwApplication  parent_instance;

  char           *data_dir_path;
  WardenDataDir  *data_dir;
  WardenStore    *store;
  WardenSecurity *security;
  GSettings      *settings;
  GCancellable   *cancellable;
  gboolean        opening;
};

G_DEFINE_FINAL_TYPE (WardenApplication, warden_application, ADW_TYPE_APPLICATION)

static char *
versions_text (void)
{
  g_autofree char *gst = gst_version_string ();

  return g_strdup_printf ("Warden %s\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\nGLib %u.%u.%u\n%s\n"
                          "SQLite %s\n",
                          PACKAGE_VERSION, gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (), adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version (), glib_major_version,
                          glib_minor_version, glib_micro_version, gst, sqlite3_libversion ());
}

static void
apply_color_scheme (WardenApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  int scheme = g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[CLAMP (scheme, 0, (int) G_N_ELEMENTS (schemes) - 1)]);
}

static void
show_fatal_error (WardenApplication *self,
                  const char        *heading,
                  const GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, heading, error->message);

  g_warning ("%s: %s", heading, error->message);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
present_window (WardenApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (warden_window_new (self));
  gtk_window_present (window);
}

/* Signs in by itself only where an administrator enabled it on this computer. */
static void
try_auto_login (WardenApplication *self)
{
  g_autoptr (GFile) file = warden_security_get_default_auto_login_file ();
  g_autoptr (GError) error = NULL;

  if (g_file_query_exists (file, NULL) &&
      !warden_security_auto_login (self->security, file, &error))
    g_message ("No automatic sign-in: %s", error->message);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (WardenApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  self->opening = FALSE;
  self->store = warden_store_open_finish (result, &error);
  if (self->store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_fatal_error (self, _("Could Not Open the Database"), error);
    }
  else
    {
      g_debug ("Opened %s at schema %d", warden_store_get_path (self->store),
               warden_store_get_schema_version (self->store));
      self->security = warden_security_new (self->store);
      try_auto_login (self);
      present_window (self);
    }
  g_application_release (G_APPLICATION (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  WardenApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing (not destroying) lets each window save its state. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  WardenApplication *self = user_data;
  static const char *developers[] = { "The Warden developers", NULL };
  g_autofree char *debug_info = versions_text ();
  GtkWidget *about;

  if (self->data_dir != NULL)
    {
      char *with_dir = g_strdup_printf ("%s\nData folder: %s\n", debug_info,
                                        warden_data_dir_get_path (self->data_dir));

      g_free (debug_info);
      debug_info = with_dir;
    }

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Warden"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Warden developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Video surveillance and access control"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "debug-info", debug_info,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static int
warden_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  WardenApplication *self = WARDEN_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_autofree char *text = versions_text ();

      g_print ("%s", text);
      return 0;
    }

  if (g_variant_dict_contains (options, "debug"))
    warden_log_enable_debug ();

  /* Another data folder is another installation: let it run beside the usual one. */
  if (g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir_path))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
warden_application_startup (GApplication *app)
{
  WardenApplication *self = WARDEN_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "win.lock", { "<Control>l", NULL } },
    { "win.show-page('devices')", { "<Control>1", NULL } },
    { "win.show-page('live')", { "<Control>2", NULL } },
    { "win.show-page('playback')", { "<Control>3", NULL } },
    { "win.show-page('access')", { "<Control>4", NULL } },
    { "win.show-page('events')", { "<Control>5", NULL } },
    { "win.show-page('files')", { "<Control>6", NULL } },
    { "win.show-page('settings')", { "<Control>comma", NULL } },
  };

  G_APPLICATION_CLASS (warden_application_parent_class)->startup (app);

  gst_init (NULL, NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
  g_settings_bind (self->settings, "keep-streams-seconds", warden_stream_pool_get_default (),
                   "keep-seconds", G_SETTINGS_BIND_GET);
}

static void
warden_application_activate (GApplication *app)
{
  WardenApplication *self = WARDEN_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->store != NULL)
    {
      present_window (self);
      return;
    }
  if (self->opening)
    return;

  path = self->data_dir_path != NULL ? g_strdup (self->data_dir_path)
                                     : warden_data_dir_get_default_path ();
  self->data_dir = warden_data_dir_new (path, &error);
  if (self->data_dir == NULL)
    {
      show_fatal_error (self, _("Could Not Use the Data Folder"), error);
      return;
    }

  self->opening = TRUE;
  g_application_hold (app);
  warden_store_open_async (warden_data_dir_get_database_path (self->data_dir), self->cancellable,
                           store_opened_cb, g_object_ref (self));
}

static void
warden_application_shutdown (GApplication *app)
{
  WardenApplication *self = WARDEN_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->security);
  g_clear_object (&self->store);

  G_APPLICATION_CLASS (warden_application_parent_class)->shutdown (app);

  /* After the windows: the streams their tiles let go close now, not a few seconds on. */
  g_settings_unbind (warden_stream_pool_get_default (), "keep-seconds");
  warden_stream_pool_set_keep_seconds (warden_stream_pool_get_default (), 0);
}

static void
warden_application_finalize (GObject *object)
{
  WardenApplication *self = WARDEN_APPLICATION (object);

  g_clear_object (&self->security);
  g_clear_object (&self->store);
  g_clear_object (&self->data_dir);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_free (self->data_dir_path);

  G_OBJECT_CLASS (warden_application_parent_class)->finalize (object);
}

static void
warden_application_class_init (WardenApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = warden_application_finalize;
  app_class->handle_local_options = warden_application_handle_local_options;
  app_class->startup = warden_application_startup;
  app_class->activate = warden_application_activate;
  app_class->shutdown = warden_application_shutdown;
}

static void
warden_application_init (WardenApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the database and files in DIR (default: $XDG_DATA_HOME/warden)"), N_("DIR") },
    { "debug", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Write detailed logs (logfmt) to standard error"),
      NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Video surveillance and access control"));
}

WardenApplication *
warden_application_new (void)
{
  return g_object_new (WARDEN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/warden/Warden",
                       NULL);
}

WardenDataDir *
warden_application_get_data_dir (WardenApplication *self)
{
  g_return_val_if_fail (WARDEN_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

/* NULL until the database is open (before the first window shows). */
WardenStore *
warden_application_get_store (WardenApplication *self)
{
  g_return_val_if_fail (WARDEN_IS_APPLICATION (self), NULL);

  return self->store;
}

/* NULL until the database is open: the signed-in session, rights checks,
 * the vault of device passwords and the audit log. */
WardenSecurity *
warden_application_get_security (WardenApplication *self)
{
  g_return_val_if_fail (WARDEN_IS_APPLICATION (self), NULL);

  return self->security;
}
