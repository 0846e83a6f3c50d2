/* warden-device-supervisor.h: keeps one device connected and reports its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A supervisor logs in to its device through WardenDeviceSession, reads the
 * device's info and channel titles into the store, and reconnects with
 * exponential back-off when the device goes away. After a credentials error it
 * waits at least WARDEN_DEVICE_SUPERVISOR_CREDENTIALS_WAIT seconds (longer when
 * the device locked the account), so a wrong password never drives a device
 * into lock-out. Its state is a set of GObject properties the UI binds to.
 */

#pragma once

#include <gio/gio.h>

#include "warden-device-repo.h"
#include "warden-device-session.h"
#include "warden-store.h"

G_BEGIN_DECLS

/* Seconds between login attempts after the device refused the credentials. */
#define WARDEN_DEVICE_SUPERVISOR_CREDENTIALS_WAIT 30
/* Seconds to wait when a device locked the account without saying how long. */
#define WARDEN_DEVICE_SUPERVISOR_DEFAULT_LOCK     300

/**
 * WardenDeviceStatus:
 * @WARDEN_DEVICE_STATUS_CONNECTING: logging in, first time or after a wait
 * @WARDEN_DEVICE_STATUS_ONLINE: logged in; info and channels are read
 * @WARDEN_DEVICE_STATUS_OFFLINE: unreachable or dropped; see offline-since
 * @WARDEN_DEVICE_STATUS_WRONG_PASSWORD: the device refused the user name or password
 * @WARDEN_DEVICE_STATUS_LOCKED: the device locked the account; see locked-until
 * @WARDEN_DEVICE_STATUS_NOT_INITIALISED: the device has no admin password yet
 * @WARDEN_DEVICE_STATUS_TLS_MISMATCH: the certificate differs from the pinned one
 * @WARDEN_DEVICE_STATUS_NO_CREDENTIALS: the stored password cannot be read (sign in first)
 */
typedef enum
{
  WARDEN_DEVICE_STATUS_CONNECTING,
  WARDEN_DEVICE_STATUS_ONLINE,
  WARDEN_DEVICE_STATUS_OFFLINE,
  WARDEN_DEVICE_STATUS_WRONG_PASSWORD,
  WARDEN_DEVICE_STATUS_LOCKED,
  WARDEN_DEVICE_STATUS_NOT_INITIALISED,
  WARDEN_DEVICE_STATUS_TLS_MISMATCH,
  WARDEN_DEVICE_STATUS_NO_CREDENTIALS,
} WardenDeviceStatus;

#define WARDEN_TYPE_DEVICE_SUPERVISOR (warden_device_supervisor_get_type ())
G_DECLARE_FINAL_TYPE (WardenDeviceSupervisor, warden_device_supervisor, WARDEN, DEVICE_SUPERVISOR,
                      GObject)

/* @password NULL: the password could not be read; @why says so in the status. */
WardenDeviceSupervisor *warden_device_supervisor_new          (WardenStore              *store,
                                                               const WardenDeviceRecord *record,
                                                               const char               *password,
                                                               const GError             *why);
const WardenDeviceRecord *warden_device_supervisor_get_record (WardenDeviceSupervisor   *self);
gint64               warden_device_supervisor_get_id          (WardenDeviceSupervisor   *self);
/* Replaces address, port, user, name or group and logs in again at once.
 * @password NULL keeps the current one. */
void                 warden_device_supervisor_set_record      (WardenDeviceSupervisor   *self,
                                                               const WardenDeviceRecord *record,
                                                               const char               *password);
/* Back-off after a lost connection: @min_ms, doubling to @max_ms (default 1 s to 60 s).
 * The wait after a credentials error never drops below the 30 s above. */
void                 warden_device_supervisor_set_backoff     (WardenDeviceSupervisor   *self,
                                                               guint                     min_ms,
                                                               guint                     max_ms);
/* How long a lock-out lasts when the device does not report the time left
 * (default WARDEN_DEVICE_SUPERVISOR_DEFAULT_LOCK). */
void                 warden_device_supervisor_set_lock_wait   (WardenDeviceSupervisor   *self,
                                                               guint                     seconds);
void                 warden_device_supervisor_start           (WardenDeviceSupervisor   *self);
/* Logs out and stops trying. */
void                 warden_device_supervisor_stop            (WardenDeviceSupervisor   *self);

WardenDeviceStatus   warden_device_supervisor_get_status      (WardenDeviceSupervisor   *self);
/* What the status means for the operator: "Online", "Offline since 14:02", ... */
const char          *warden_device_supervisor_get_status_text (WardenDeviceSupervisor   *self);
/* The last error's message, or NULL when online. */
const char          *warden_device_supervisor_get_detail      (WardenDeviceSupervisor   *self);
/* Unix seconds; 0 unless offline / locked. */
gint64               warden_device_supervisor_get_offline_since (WardenDeviceSupervisor *self);
gint64               warden_device_supervisor_get_locked_until  (WardenDeviceSupervisor *self);
/* Monotonic time (µs) of the next login attempt, or 0 when none is scheduled. */
gint64               warden_device_supervisor_get_next_attempt  (WardenDeviceSupervisor *self);
/* The logged-in session, or NULL when not online. */
WardenDeviceSession *warden_device_supervisor_get_session     (WardenDeviceSupervisor   *self);
/* WardenDeviceChannel items, in number order. */
GListModel          *warden_device_supervisor_get_channels    (WardenDeviceSupervisor   *self);
void                 warden_device_supervisor_rename_channel_async  (WardenDeviceSupervisor *self,
                                                               int                       number,
                                                               const char               *local_name,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
gboolean             warden_device_supervisor_rename_channel_finish (WardenDeviceSupervisor *self,
                                                               GAsyncResult             *result,
                                                               GError                  **error);

G_END_DECLS
