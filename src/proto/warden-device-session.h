/* warden-device-session.h: one logged-in connection to a camera, recorder or door controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "warden-cgi-transport.h"
#include "warden-ptz-preset.h"
#include "warden-rpc-transport.h"

G_BEGIN_DECLS

#define WARDEN_TYPE_DEVICE_SESSION (warden_device_session_get_type ())

G_DECLARE_FINAL_TYPE (WardenDeviceSession, warden_device_session, WARDEN, DEVICE_SESSION, GObject)

/**
 * WardenProtocol:
 * @WARDEN_PROTOCOL_NONE: not logged in
 * @WARDEN_PROTOCOL_DVRIP: JSON-RPC over DVRIP (TCP 37777)
 * @WARDEN_PROTOCOL_RPC2: JSON-RPC over HTTP
 * @WARDEN_PROTOCOL_CGI: the HTTP CGI API only
 */
typedef enum
{
  WARDEN_PROTOCOL_NONE,
  WARDEN_PROTOCOL_DVRIP,
  WARDEN_PROTOCOL_RPC2,
  WARDEN_PROTOCOL_CGI,
} WardenProtocol;

#define WARDEN_DEFAULT_DVRIP_PORT 37777
#define WARDEN_DEFAULT_HTTP_PORT  80
#define WARDEN_DEFAULT_RTSP_PORT  554

WardenDeviceSession *warden_device_session_new               (const char           *host,
                                                              guint                 port,
                                                              const char           *user,
                                                              const char           *password);
const char          *warden_device_session_get_host          (WardenDeviceSession  *self);
void                 warden_device_session_set_http_port     (WardenDeviceSession  *self,
                                                              guint                 port,
                                                              gboolean              tls);
void                 warden_device_session_set_tls_pin       (WardenDeviceSession  *self,
                                                              const char           *sha256);
const char          *warden_device_session_get_tls_fingerprint (WardenDeviceSession *self);
void                 warden_device_session_set_timeout       (WardenDeviceSession  *self,
                                                              guint                 timeout_ms);
WardenProtocol       warden_device_session_get_protocol      (WardenDeviceSession  *self);
void                 warden_device_session_get_login_limits  (WardenDeviceSession  *self,
                                                              int                  *attempts_left,
                                                              int                  *lock_seconds);
const char          *warden_device_session_get_protocol_name (WardenDeviceSession  *self);
WardenCgiTransport  *warden_device_session_get_cgi           (WardenDeviceSession  *self);
WardenRpcTransport  *warden_device_session_get_rpc           (WardenDeviceSession  *self);

void                 warden_device_session_connect_async     (WardenDeviceSession  *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             warden_device_session_connect_finish    (WardenDeviceSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                 warden_device_session_disconnect_async  (WardenDeviceSession  *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             warden_device_session_disconnect_finish (WardenDeviceSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                 warden_device_session_call_async        (WardenDeviceSession  *self,
                                                              const char           *method,
                                                              JsonNode             *params,
                                                              gint64                object,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
WardenRpcReply      *warden_device_session_call_finish       (WardenDeviceSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                 warden_device_session_get_info_async    (WardenDeviceSession  *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
void                 warden_device_session_get_config_async  (WardenDeviceSession  *self,
                                                              const char           *name,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
void                 warden_device_session_get_storage_async (WardenDeviceSession  *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
JsonNode            *warden_device_session_read_finish       (WardenDeviceSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                 warden_device_session_set_config_async  (WardenDeviceSession  *self,
                                                              const char           *name,
                                                              JsonNode             *table,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             warden_device_session_set_config_finish (WardenDeviceSession  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

guint                warden_device_session_get_rtsp_port     (WardenDeviceSession  *self);
int                  warden_device_session_get_utc_offset    (WardenDeviceSession  *self);
char                *warden_device_session_get_live_url      (WardenDeviceSession  *self,
                                                              int                   channel,
                                                              int                   subtype);
char                *warden_device_session_get_playback_url  (WardenDeviceSession  *self,
                                                              int                   channel,
                                                              GDateTime            *from,
                                                              GDateTime            *to);

/* warden-device-session-caps.c */

void      warden_device_session_get_capabilities_async (WardenDeviceSession *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);

/* warden-device-session-control.c */

typedef enum
{
  WARDEN_DOOR_OPEN,
  WARDEN_DOOR_CLOSE,
  WARDEN_DOOR_STATUS,
} WardenDoorAction;

void      warden_device_session_set_ptz_channel_base (WardenDeviceSession *self,
                                                      int                  base);
void      warden_device_session_ptz_async            (WardenDeviceSession *self,
                                                      int                  channel,
                                                      const char          *code,
                                                      int                  arg1,
                                                      int                  arg2,
                                                      int                  arg3,
                                                      gboolean             stop,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void      warden_device_session_list_presets_async   (WardenDeviceSession *self,
                                                      int                  channel,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray *warden_device_session_list_presets_finish (WardenDeviceSession *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void      warden_device_session_set_preset_async     (WardenDeviceSession *self,
                                                      int                  channel,
                                                      int                  index,
                                                      const char          *name,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void      warden_device_session_door_async           (WardenDeviceSession *self,
                                                      int                  door,
                                                      WardenDoorAction     action,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void      warden_device_session_reboot_async         (WardenDeviceSession *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean  warden_device_session_control_finish       (WardenDeviceSession *self,
                                                      GAsyncResult        *result,
                                                      char               **status,
                                                      GError             **error);
void      warden_device_session_snapshot_async       (WardenDeviceSession *self,
                                                      int                  channel,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes   *warden_device_session_snapshot_finish      (WardenDeviceSession *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
GBytes   *warden_jpeg_strip_trailer                  (GBytes              *jpeg);

/* warden-device-session-alarm.c */

/**
 * WardenAlarmOutMode:
 * @WARDEN_ALARM_OUT_AUTO: the device's own linkage drives the output
 * @WARDEN_ALARM_OUT_ON: forced on
 * @WARDEN_ALARM_OUT_OFF: forced off
 *
 * The values are the device's AlarmOut Mode.
 */
typedef enum
{
  WARDEN_ALARM_OUT_AUTO,
  WARDEN_ALARM_OUT_ON,
  WARDEN_ALARM_OUT_OFF,
} WardenAlarmOutMode;

void      warden_device_session_get_alarms_async       (WardenDeviceSession *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void      warden_device_session_set_alarm_output_async (WardenDeviceSession *self,
                                                        int                  output,
                                                        WardenAlarmOutMode   mode,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);

G_END_DECLS
