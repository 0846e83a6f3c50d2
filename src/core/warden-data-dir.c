/* warden-data-dir.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The folder that holds one Warden installation's state: the database and the
 * default files area (snapshots, recordings, exports). It holds secrets, so it
 * is private to the operator's account (mode 0700).
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include "warden-data-dir.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct _WardenDataDir
{
  GObject  parent_instance;

  char    *path;
  char    *database_path;
  char    *files_path;
};

G_DEFINE_FINAL_TYPE (WardenDataDir, warden_data_dir, G_TYPE_OBJECT)

static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the data folder %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   "The data folder %s is not a folder", path);
      return FALSE;
    }

  if (st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The data folder %s belongs to another user; choose a folder of your own "
                   "with --data-dir",
                   path);
      return FALSE;
    }

  /* Tighten a folder that others can read: it will hold the database. */
  if ((st.st_mode & 0077) != 0 && g_chmod (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not make the data folder %s private: %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
warden_data_dir_finalize (GObject *object)
{
  WardenDataDir *self = WARDEN_DATA_DIR (object);

  g_free (self->path);
  g_free (self->database_path);
  g_free (self->files_path);

  G_OBJECT_CLASS (warden_data_dir_parent_class)->finalize (object);
}

static void
warden_data_dir_class_init (WardenDataDirClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = warden_data_dir_finalize;
}

static void
warden_data_dir_init (WardenDataDir *self)
{
}

/**
 * warden_data_dir_new:
 * @path: the folder; created (mode 0700) when missing
 */
WardenDataDir *
warden_data_dir_new (const char  *path,
                     GError     **error)
{
  g_autoptr (WardenDataDir) self = NULL;
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  self = g_object_new (WARDEN_TYPE_DATA_DIR, NULL);
  self->path = g_file_get_path (file);
  self->database_path = g_build_filename (self->path, "warden.db", NULL);
  self->files_path = g_build_filename (self->path, "files", NULL);

  if (!ensure_private_dir (self->path, error))
    return NULL;

  if (g_mkdir_with_parents (self->files_path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the files folder %s: %s", self->files_path,
                   g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* $XDG_DATA_HOME/warden */
char *
warden_data_dir_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
}

const char *
warden_data_dir_get_path (WardenDataDir *self)
{
  g_return_val_if_fail (WARDEN_IS_DATA_DIR (self), NULL);

  return self->path;
}

const char *
warden_data_dir_get_database_path (WardenDataDir *self)
{
  g_return_val_if_fail (WARDEN_IS_DATA_DIR (self), NULL);

  return self->database_path;
}

/* The default files area; the operator may choose another in Settings. */
const char *
warden_data_dir_get_files_path (WardenDataDir *self)
{
  g_return_val_if_fail (WARDEN_IS_DATA_DIR (self), NULL);

  return self->files_path;
}

/**
 * warden_data_dir_resolve_files_path:
 * @chosen: (nullable): the folder the operator chose, or "" for the default
 *
 * Returns: the folder where snapshots, recordings and exports go.
 */
char *
warden_data_dir_resolve_files_path (WardenDataDir *self,
                                    const char    *chosen)
{
  g_return_val_if_fail (WARDEN_IS_DATA_DIR (self), NULL);

  return g_strdup (chosen != NULL && *chosen != '\0' ? chosen : self->files_path);
}
