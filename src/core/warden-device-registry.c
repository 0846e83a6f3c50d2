/* warden-device-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-core"

#include "config.h"

#include <glib/gi18n.h>

#include "warden-device-registry.h"

struct _WardenDeviceRegistry
{
  GObject         parent_instance;

  WardenSecurity *security;
  WardenStore    *store;
  GListStore     *groups;
  GListStore     *devices;
  guint           backoff_min_ms;
  guint           backoff_max_ms;
  guint           lock_wait_s;
};

G_DEFINE_FINAL_TYPE (WardenDeviceRegistry, warden_device_registry, G_TYPE_OBJECT)

/* One change in flight. */
typedef struct
{
  WardenDeviceRecord *record;
  char               *password;
  gint64              id;
  char               *name;
  GPtrArray          *groups;
} Op;

static void
op_free (Op *op)
{
  g_clear_pointer (&op->record, warden_device_record_free);
  if (op->password != NULL)
    memset (op->password, 0, strlen (op->password));
  g_free (op->password);
  g_free (op->name);
  g_clear_pointer (&op->groups, g_ptr_array_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  WardenDeviceGroup *ga = (gpointer) a;
  WardenDeviceGroup *gb = (gpointer) b;

  /* The devices in no group come first. */
  if (warden_device_group_get_id (ga) == 0 || warden_device_group_get_id (gb) == 0)
    return (warden_device_group_get_id (ga) != 0) - (warden_device_group_get_id (gb) != 0);
  return g_utf8_collate (warden_device_group_get_name (ga), warden_device_group_get_name (gb));
}

static GTask *
new_task (WardenDeviceRegistry *self,
          GCancellable         *cancellable,
          GAsyncReadyCallback   callback,
          gpointer              user_data,
          gpointer              source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

/* The group a device of @group_id belongs in; devices whose group is gone go in no group. */
static WardenDeviceGroup *
group_for (WardenDeviceRegistry *self,
           gint64                group_id)
{
  WardenDeviceGroup *group = warden_device_registry_lookup_group (self, group_id);

  return group != NULL ? group : warden_device_registry_lookup_group (self, 0);
}

static WardenDeviceSupervisor *
adopt (WardenDeviceRegistry     *self,
       const WardenDeviceRecord *record,
       const char               *password,
       const GError             *why)
{
  WardenDeviceSupervisor *supervisor = warden_device_supervisor_new (self->store, record, password,
                                                                     why);

  warden_device_supervisor_set_backoff (supervisor, self->backoff_min_ms, self->backoff_max_ms);
  warden_device_supervisor_set_lock_wait (supervisor, self->lock_wait_s);
  g_list_store_append (self->devices, supervisor);
  warden_device_group_add (group_for (self, record->group_id), supervisor);
  warden_device_supervisor_start (supervisor);
  return supervisor;
}

static gboolean
may_edit (WardenDeviceRegistry *self,
          gint64                device_id,
          GTask                *task)
{
  GError *error = NULL;

  if (warden_security_check_right (self->security, WARDEN_RIGHT_DEVICE_EDIT, device_id, 0, &error))
    return TRUE;
  g_task_return_error (task, error);
  return FALSE;
}

/* Top-level groups have no parent, which SQLite's UNIQUE lets repeat. */
static gboolean
name_free (WardenDeviceRegistry *self,
           const char           *name,
           GTask                *task)
{
  if (warden_device_registry_find_group (self, name) == NULL)
    return TRUE;
  g_task_return_new_error (task, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT,
                           _("A group named “%s” exists already"), name);
  return FALSE;
}

static void
devices_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceRegistry *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) devices = warden_device_repo_list_finish (WARDEN_STORE (object), result,
                                                                 &error);
  g_autoptr(GPtrArray) items = NULL;

  if (devices == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (items, warden_device_group_new (0, _("Devices")));
  for (guint i = 0; i < op->groups->len; i++)
    {
      WardenGroupRecord *group = g_ptr_array_index (op->groups, i);

      g_ptr_array_add (items, warden_device_group_new (group->id, group->name));
    }
  g_list_store_remove_all (self->devices);
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       items->pdata, items->len);
  g_list_store_sort (self->groups, compare_groups, NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      WardenDeviceRecord *record = g_ptr_array_index (devices, i);
      g_autoptr(GError) why = NULL;
      g_autofree char *password = NULL;
      g_autoptr(WardenDeviceSupervisor) supervisor = NULL;

      if (record->secret_id != 0)
        password = warden_security_load_secret (self->security, record->secret_id, &why);
      else
        why = g_error_new (WARDEN_SECURITY_ERROR, WARDEN_SECURITY_ERROR_NOT_FOUND,
                           _("No password is stored for %s; edit the device to enter it"),
                           record->name);
      supervisor = adopt (self, record, password, why);
      if (password != NULL)
        memset (password, 0, strlen (password));
    }
  g_task_return_boolean (task, TRUE);
}

static void
groups_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  op->groups = warden_device_repo_list_finish (WARDEN_STORE (object), result, &error);
  if (op->groups == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  warden_device_repo_list_devices_async (WARDEN_STORE (object), cancellable,
                                         devices_listed_cb, g_steal_pointer (&task));
}

static void
device_added_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceRegistry *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id = warden_device_repo_write_finish (WARDEN_STORE (object), result, &error);
  g_autofree char *target = NULL;

  if (id == 0)
    {
      warden_security_delete_secret (self->security, op->record->secret_id, NULL);
      if (g_error_matches (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (&error);
          error = g_error_new (WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT,
                               _("%s:%u is already in the device list"),
                               op->record->address, op->record->port);
        }
      g_task_return_error (task, error);
      return;
    }
  op->record->id = id;
  target = g_strdup_printf ("%s (%s:%u)", op->record->name, op->record->address, op->record->port);
  warden_security_audit (self->security, WARDEN_AUDIT_DEVICE_ADD, target, NULL);
  g_task_return_pointer (task, adopt (self, op->record, op->password, NULL),
                         g_object_unref);
}

static void
device_updated_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceRegistry *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  WardenDeviceSupervisor *supervisor;
  gint64 old_group;

  if (warden_device_repo_write_finish (WARDEN_STORE (object), result, &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  supervisor = warden_device_registry_lookup (self, op->record->id);
  if (supervisor != NULL)
    {
      g_autoptr(WardenDeviceSupervisor) keep = g_object_ref (supervisor);

      old_group = warden_device_supervisor_get_record (supervisor)->group_id;
      warden_device_group_remove (group_for (self, old_group), supervisor);
      warden_device_supervisor_set_record (supervisor, op->record, op->password);
      warden_device_group_add (group_for (self, op->record->group_id), supervisor);
    }
  warden_security_audit (self->security, WARDEN_AUDIT_DEVICE_EDIT, op->record->name, NULL);
  g_task_return_int (task, 1);
}

static void
device_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceRegistry *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  WardenDeviceSupervisor *supervisor;
  guint position;

  supervisor = warden_device_registry_lookup (self, op->id);
  if (warden_device_repo_write_finish (WARDEN_STORE (object), result, &error) == 0)
    {
      /* The device stays: watch it again. */
      if (supervisor != NULL)
        warden_device_supervisor_start (supervisor);
      g_task_return_error (task, error);
      return;
    }
  if (supervisor != NULL)
    {
      const WardenDeviceRecord *record = warden_device_supervisor_get_record (supervisor);

      /* The store dropped the device's secret with its row. */
      warden_security_audit (self->security, WARDEN_AUDIT_DEVICE_DELETE, record->name, NULL);
      warden_device_group_remove (group_for (self, record->group_id), supervisor);
      if (g_list_store_find (self->devices, supervisor, &position))
        g_list_store_remove (self->devices, position);
    }
  g_task_return_int (task, 1);
}

static void
group_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WardenDeviceRegistry *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id = warden_device_repo_write_finish (WARDEN_STORE (object), result, &error);
  gpointer tag = g_task_get_source_tag (task);
  WardenDeviceGroup *group;

  if (id == 0)
    {
      if (g_error_matches (error, WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (&error);
          error = g_error_new (WARDEN_STORE_ERROR, WARDEN_STORE_ERROR_CONSTRAINT,
                               _("A group named “%s” exists already"), op->name);
        }
      g_task_return_error (task, error);
      return;
    }

  if (tag == warden_device_registry_add_group_async)
    {
      g_autoptr(WardenDeviceGroup) added = warden_device_group_new (id, op->name);

      g_list_store_insert_sorted (self->groups, added, compare_groups, NULL);
      g_task_return_int (task, id);
      return;
    }

  group = warden_device_registry_lookup_group (self, op->id);
  if (group != NULL && tag == warden_device_registry_rename_group_async)
    {
      guint position;

      warden_device_group_set_name (group, op->name);
      if (g_list_store_find (self->groups, group, &position))
        {
          g_autoptr(WardenDeviceGroup) keep = g_object_ref (group);

          g_list_store_remove (self->groups, position);
          g_list_store_insert_sorted (self->groups, keep, compare_groups, NULL);
        }
    }
  else if (group != NULL)
    {
      g_autoptr(WardenDeviceGroup) keep = g_object_ref (group);
      GListModel *devices = warden_device_group_get_devices (group);
      guint position;

      /* The store set their group to none. */
      while (g_list_model_get_n_items (devices) > 0)
        {
          g_autoptr(WardenDeviceSupervisor) supervisor = g_list_model_get_item (devices, 0);
          g_autoptr(WardenDeviceRecord) record =
            warden_device_record_copy (warden_device_supervisor_get_record (supervisor));

          record->group_id = 0;
          warden_device_group_remove (group, supervisor);
          warden_device_supervisor_set_record (supervisor, record, NULL);
          warden_device_group_add (group_for (self, 0), supervisor);
        }
      if (g_list_store_find (self->groups, group, &position))
        g_list_store_remove (self->groups, position);
    }
  g_task_return_int (task, 1);
}

static void
warden_device_registry_dispose (GObject *object)
{
  WardenDeviceRegistry *self = WARDEN_DEVICE_REGISTRY (object);

  if (self->devices != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->devices)); i++)
      {
        g_autoptr(WardenDeviceSupervisor) supervisor =
          g_list_model_get_item (G_LIST_MODEL (self->devices), i);

        warden_device_supervisor_stop (supervisor);
      }
  G_OBJECT_CLASS (warden_device_registry_parent_class)->dispose (object);
}

static void
warden_device_registry_finalize (GObject *object)
{
  WardenDeviceRegistry *self = WARDEN_DEVICE_REGISTRY (object);

  g_clear_object (&self->groups);
  g_clear_object (&self->devices);
  g_clear_object (&self->store);
  g_clear_object (&self->security);
  G_OBJECT_CLASS (warden_device_registry_parent_class)->finalize (object);
}

static void
warden_device_registry_class_init (WardenDeviceRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = warden_device_registry_dispose;
  object_class->finalize = warden_device_registry_finalize;
}

static void
warden_device_registry_init (WardenDeviceRegistry *self)
{
  g_autoptr(WardenDeviceGroup) ungrouped = warden_device_group_new (0, _("Devices"));

  self->groups = g_list_store_new (WARDEN_TYPE_DEVICE_GROUP);
  self->devices = g_list_store_new (WARDEN_TYPE_DEVICE_SUPERVISOR);
  self->backoff_min_ms = 1000;
  self->backoff_max_ms = 60000;
  self->lock_wait_s = WARDEN_DEVICE_SUPERVISOR_DEFAULT_LOCK;
  g_list_store_append (self->groups, ungrouped);
}

gboolean
warden_device_address_is_valid (const char *address,
                                gboolean    allow_domain)
{
  g_autoptr(GInetAddress) ip = NULL;
  gboolean named = FALSE;
  size_t length;

  g_return_val_if_fail (address != NULL, FALSE);

  ip = g_inet_address_new_from_string (address);
  if (ip != NULL)
    return TRUE;
  length = strlen (address);
  if (!allow_domain || length == 0 || length > 253 || address[0] == '-' || address[0] == '.')
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        return FALSE;
      named |= g_ascii_isalpha (*p) || *p == '-';
    }
  /* Digits and dots alone are a mistyped IP address, not a name. */
  return named;
}

WardenDeviceRegistry *
warden_device_registry_new (WardenSecurity *security)
{
  WardenDeviceRegistry *self;

  g_return_val_if_fail (WARDEN_IS_SECURITY (security), NULL);

  self = g_object_new (WARDEN_TYPE_DEVICE_REGISTRY, NULL);
  self->security = g_object_ref (security);
  self->store = g_object_ref (warden_security_get_store (security));
  return self;
}

WardenSecurity *
warden_device_registry_get_security (WardenDeviceRegistry *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);
  return self->security;
}

WardenStore *
warden_device_registry_get_store (WardenDeviceRegistry *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);
  return self->store;
}

void
warden_device_registry_set_backoff (WardenDeviceRegistry *self,
                                    guint                 min_ms,
                                    guint                 max_ms)
{
  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->backoff_min_ms = min_ms;
  self->backoff_max_ms = max_ms;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->devices)); i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor =
        g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      warden_device_supervisor_set_backoff (supervisor, min_ms, max_ms);
    }
}

void
warden_device_registry_set_lock_wait (WardenDeviceRegistry *self,
                                      guint                 seconds)
{
  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (seconds > 0);

  self->lock_wait_s = seconds;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->devices)); i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor =
        g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      warden_device_supervisor_set_lock_wait (supervisor, seconds);
    }
}

GListModel *
warden_device_registry_get_groups (WardenDeviceRegistry *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->groups);
}

GListModel *
warden_device_registry_get_devices (WardenDeviceRegistry *self)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->devices);
}

WardenDeviceSupervisor *
warden_device_registry_lookup (WardenDeviceRegistry *self,
                               gint64                device_id)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->devices)); i++)
    {
      g_autoptr(WardenDeviceSupervisor) supervisor =
        g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      if (warden_device_supervisor_get_id (supervisor) == device_id)
        return supervisor;
    }
  return NULL;
}

WardenDeviceGroup *
warden_device_registry_lookup_group (WardenDeviceRegistry *self,
                                     gint64                group_id)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i++)
    {
      g_autoptr(WardenDeviceGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (warden_device_group_get_id (group) == group_id)
        return group;
    }
  return NULL;
}

WardenDeviceGroup *
warden_device_registry_find_group (WardenDeviceRegistry *self,
                                   const char           *name)
{
  g_return_val_if_fail (WARDEN_IS_DEVICE_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i++)
    {
      g_autoptr(WardenDeviceGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (g_strcmp0 (warden_device_group_get_name (group), name) == 0)
        return group;
    }
  return NULL;
}

void
warden_device_registry_load_async (WardenDeviceRegistry *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));

  task = new_task (self, cancellable, callback, user_data, warden_device_registry_load_async);
  warden_device_repo_list_groups_async (self->store, cancellable, groups_listed_cb, task);
}

gboolean
warden_device_registry_load_finish (WardenDeviceRegistry  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
warden_device_registry_add_device_async (WardenDeviceRegistry     *self,
                                         const WardenDeviceRecord *record,
                                         const char               *password,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Op *op;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (record != NULL && record->name != NULL && record->address != NULL);
  g_return_if_fail (password != NULL);

  task = new_task (self, cancellable, callback, user_data, warden_device_registry_add_device_async);
  if (!may_edit (self, 0, task))
    return;
  op = g_task_get_task_data (task);
  op->record = warden_device_record_copy (record);
  op->record->id = 0;
  op->password = g_strdup (password);
  op->record->secret_id = warden_security_store_secret (self->security, password, &error);
  if (op->record->secret_id == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  warden_device_repo_add_device_async (self->store, op->record, cancellable, device_added_cb,
                                       g_steal_pointer (&task));
}

WardenDeviceSupervisor *
warden_device_registry_add_device_finish (WardenDeviceRegistry  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
warden_device_registry_update_device_async (WardenDeviceRegistry     *self,
                                            const WardenDeviceRecord *record,
                                            const char               *password,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Op *op;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (record != NULL && record->id > 0);

  task = new_task (self, cancellable, callback, user_data,
                   warden_device_registry_update_device_async);
  if (!may_edit (self, record->id, task))
    return;
  op = g_task_get_task_data (task);
  op->record = warden_device_record_copy (record);
  op->password = g_strdup (password);
  if (password != NULL && op->record->secret_id != 0)
    {
      if (!warden_security_update_secret (self->security, op->record->secret_id, password, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (password != NULL)
    {
      op->record->secret_id = warden_security_store_secret (self->security, password, &error);
      if (op->record->secret_id == 0)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  warden_device_repo_update_device_async (self->store, op->record, cancellable, device_updated_cb,
                                          g_steal_pointer (&task));
}

void
warden_device_registry_delete_device_async (WardenDeviceRegistry *self,
                                            gint64                device_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  WardenDeviceSupervisor *supervisor;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));

  task = new_task (self, cancellable, callback, user_data,
                   warden_device_registry_delete_device_async);
  if (!may_edit (self, device_id, task))
    return;
  ((Op *) g_task_get_task_data (task))->id = device_id;
  /* Stopped first, so that nothing the device reports is written after its row is gone. */
  supervisor = warden_device_registry_lookup (self, device_id);
  if (supervisor != NULL)
    warden_device_supervisor_stop (supervisor);
  warden_device_repo_delete_device_async (self->store, device_id, cancellable, device_deleted_cb,
                                          g_steal_pointer (&task));
}

void
warden_device_registry_add_group_async (WardenDeviceRegistry *self,
                                        const char           *name,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (name != NULL);

  task = new_task (self, cancellable, callback, user_data, warden_device_registry_add_group_async);
  if (!may_edit (self, 0, task) || !name_free (self, name, task))
    return;
  ((Op *) g_task_get_task_data (task))->name = g_strdup (name);
  warden_device_repo_add_group_async (self->store, 0, name, cancellable, group_written_cb,
                                      g_steal_pointer (&task));
}

void
warden_device_registry_rename_group_async (WardenDeviceRegistry *self,
                                           gint64                group_id,
                                           const char           *name,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (group_id > 0 && name != NULL);

  task = new_task (self, cancellable, callback, user_data,
                   warden_device_registry_rename_group_async);
  if (!may_edit (self, 0, task) || !name_free (self, name, task))
    return;
  op = g_task_get_task_data (task);
  op->id = group_id;
  op->name = g_strdup (name);
  warden_device_repo_rename_group_async (self->store, group_id, name, cancellable,
                                         group_written_cb, g_steal_pointer (&task));
}

void
warden_device_registry_delete_group_async (WardenDeviceRegistry *self,
                                           gint64                group_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WARDEN_IS_DEVICE_REGISTRY (self));
  g_return_if_fail (group_id > 0);

  task = new_task (self, cancellable, callback, user_data,
                   warden_device_registry_delete_group_async);
  if (!may_edit (self, 0, task))
    return;
  ((Op *) g_task_get_task_data (task))->id = group_id;
  warden_device_repo_delete_group_async (self->store, group_id, cancellable, group_written_cb,
                                         g_steal_pointer (&task));
}

gint64
warden_device_registry_write_finish (WardenDeviceRegistry  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  value = g_task_propagate_int (G_TASK (result), error);
  return value > 0 ? (gint64) value : 0;
}
