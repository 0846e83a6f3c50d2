/* warden-device-repo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device tree as stored: groups, devices and their channels. Every call
 * runs on the store's writer thread; results come back as new records the
 * caller owns.
 */

#pragma once

#include "warden-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  parent_id;      /* 0: top level */
  char   *name;
} WardenGroupRecord;

typedef struct
{
  gint64  id;             /* 0 before it is added */
  gint64  group_id;       /* 0: no group */
  char   *name;
  char   *address;
  guint   port;
  char   *username;
  gint64  secret_id;      /* the vault secret holding the password; 0: none */
  char   *kind;
  char   *model;
  char   *serial;
  char   *firmware;
  int     channel_count;
} WardenDeviceRecord;

typedef struct
{
  gint64  device_id;
  int     number;         /* 1-based, as the device numbers them */
  char   *name;           /* the device's title */
  char   *local_name;     /* the operator's name for it, or NULL */
} WardenChannelRecord;

#define WARDEN_TYPE_GROUP_RECORD (warden_group_record_get_type ())
#define WARDEN_TYPE_DEVICE_RECORD (warden_device_record_get_type ())
#define WARDEN_TYPE_CHANNEL_RECORD (warden_channel_record_get_type ())

GType               warden_group_record_get_type   (void) G_GNUC_CONST;
WardenGroupRecord  *warden_group_record_copy       (const WardenGroupRecord *record);
void                warden_group_record_free       (WardenGroupRecord       *record);
GType               warden_device_record_get_type  (void) G_GNUC_CONST;
WardenDeviceRecord *warden_device_record_new       (void);
WardenDeviceRecord *warden_device_record_copy      (const WardenDeviceRecord *record);
void                warden_device_record_free      (WardenDeviceRecord       *record);
GType               warden_channel_record_get_type (void) G_GNUC_CONST;
WardenChannelRecord *warden_channel_record_copy    (const WardenChannelRecord *record);
void                warden_channel_record_free     (WardenChannelRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenGroupRecord, warden_group_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenDeviceRecord, warden_device_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WardenChannelRecord, warden_channel_record_free)

/* Each _async pairs with the _finish below it. */
void       warden_device_repo_add_group_async     (WardenStore *store, gint64 parent_id,
                                                   const char *name, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_rename_group_async  (WardenStore *store, gint64 group_id,
                                                   const char *name, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_delete_group_async  (WardenStore *store, gint64 group_id,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_add_device_async    (WardenStore *store,
                                                   const WardenDeviceRecord *device,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_update_device_async (WardenStore *store,
                                                   const WardenDeviceRecord *device,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_delete_device_async (WardenStore *store, gint64 device_id,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
/* Replaces the device's channel list with @names (1-based order), keeping the
 * local names of channels that remain. */
void       warden_device_repo_set_channels_async  (WardenStore *store, gint64 device_id,
                                                   const char * const *names,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_rename_channel_async (WardenStore *store, gint64 device_id,
                                                    int number, const char *local_name,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
/* Returns the new row's id (groups, devices) or 1 (other writes); 0 on error. */
gint64     warden_device_repo_write_finish        (WardenStore *store, GAsyncResult *result,
                                                   GError **error);

void       warden_device_repo_list_groups_async   (WardenStore *store, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_list_devices_async  (WardenStore *store, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
void       warden_device_repo_list_channels_async (WardenStore *store, gint64 device_id,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
/* A GPtrArray of the records asked for, in name (groups, devices) or number order. */
GPtrArray *warden_device_repo_list_finish         (WardenStore *store, GAsyncResult *result,
                                                   GError **error);

G_END_DECLS
