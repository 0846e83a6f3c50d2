/* devsim-device.h: the model of one simulated device, shared by every server of it
 * (DVRIP/DHIP on 37777, HTTP CGI/RPC2, RTSP, discovery).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All fields are read and written on the simulator's main context only. Servers
 * that run elsewhere (GStreamer streaming threads) copy what they need under
 * DevsimDevice.lock.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DEVSIM_KIND_IPC,
  DEVSIM_KIND_NVR,
  DEVSIM_KIND_DOOR,
} DevsimKind;

typedef enum
{
  DEVSIM_CODEC_H264,
  DEVSIM_CODEC_H265,
} DevsimCodec;

#define DEVSIM_MAX_PRESETS 255

typedef struct
{
  gboolean set;
  char *name;
  double pan, tilt, zoom;
} DevsimPreset;

/* subtype 0 = main, 1 = sub (the RTSP `subtype=` value) */
typedef struct
{
  DevsimCodec codec;
  int width;
  int height;
  int fps;
  int bitrate_kbps;
  int gop; /* frames between key frames */
  gboolean audio; /* AudioEnable: live RTSP carries a G.711 A-law track */
} DevsimStreamConfig;

typedef struct
{
  char *name;                    /* ChannelTitle[i].Name */
  DevsimStreamConfig stream[2];  /* [0] main, [1] sub */
  /* PTZ state, reflected by the position query */
  double pan, tilt, zoom;
  /* Added for PTZ motion, presets and tours (see devsim-ptz.c). */
  double focus, iris;
  int move_pan, move_tilt, move_zoom;   /* signed speed of the running move, 0 = still */
  gint64 move_since_us;                 /* g_get_monotonic_time () when the move started */
  DevsimPreset presets[DEVSIM_MAX_PRESETS + 1]; /* 1-based; [0] unused */
  int tour_running;                     /* tour number, 0 = none */
} DevsimChannel;

/* An alarm input (a contact) or output (a relay); see devsim-alarm.c. */
typedef struct
{
  char *name;
  gboolean enable;               /* input: report AlarmLocal events */
  int mode;                      /* output: AlarmOut Mode, 0 auto, 1 forced on, 2 forced off */
  gboolean active;               /* input: the contact is in alarm */
} DevsimAlarmPort;

typedef struct
{
  char *name;
  char *password;
  int failed_logins;
  gint64 locked_until_us;        /* g_get_real_time () units; 0 = not locked */
} DevsimUser;

typedef struct _DevsimDevice DevsimDevice;

struct _DevsimDevice
{
  GMutex lock;

  DevsimKind kind;
  char *address;                 /* 127.0.0.x */
  guint dvrip_port;              /* 37777 when it could bind it */
  guint http_port;               /* 80 when it could bind it */
  guint rtsp_port;               /* 554 when it could bind it */
  guint discovery_port;          /* 37810 */

  char *serial;
  char *model;                   /* magicBox getDeviceType */
  char *version;                 /* magicBox getSoftwareVersion */
  char *machine_name;
  char *mac;
  gboolean initialised;
  gboolean cgi_only;             /* --cgi-only: DVRIP closes connections, /RPC2* answer 404 */
  gboolean online;               /* false: every server refuses or drops connections */
  gboolean refuse_logins;        /* fault: every login fails as if the password were wrong */
  gboolean stall_streams;        /* fault: RTSP stops sending media */
  gboolean corrupt_streams;      /* fault: RTSP sends damaged payloads */
  int utc_offset_s;              /* device local time = UTC + offset */

  GPtrArray *users;              /* DevsimUser* */
  GPtrArray *channels;           /* DevsimChannel*; 1 for IPC, 4..64 for NVR, 0 for door */
  int door_count;                /* 1, 2 or 4 for a door controller */
  gboolean *door_open;           /* door_count entries */

  DevsimAlarmPort *alarm_in;      /* alarm_in_count entries: 2 on video devices, one per door */
  int alarm_in_count;
  DevsimAlarmPort *alarm_out;     /* alarm_out_count entries: 1 on video devices, one per door */
  int alarm_out_count;

  gint64 hdd_capacity_bytes;
  gint64 hdd_free_bytes;

  /* Added by the control plane. */
  int index;                     /* n-th device of the site, 0-based */
  unsigned generation;           /* bumped by every restart */
  char *realm;                   /* "Login to <32 hex>" */
  char *email;                   /* set by initialisation */
  gint64 history_end_utc;        /* recordings cover [end - 72 h, end) */
  int ptz_channel_base;          /* 0 or 1: the `channel=` base of ptz.cgi */
  guint event_interval_s;        /* scheduled events, 0 = only on command */
};

#define DEVSIM_LOCKOUT_ATTEMPTS 5
#define DEVSIM_LOCKOUT_SECONDS  (5 * 60)
#define DEVSIM_HISTORY_SECONDS  (72 * 3600)

const char   *devsim_kind_to_string     (DevsimKind kind);
gboolean      devsim_kind_from_string   (const char *text,
                                         DevsimKind *kind);
const char   *devsim_codec_to_string    (DevsimCodec codec);

/* `count` is channels for IPC (1) and NVR (4..64), doors for a door controller. */
DevsimDevice *devsim_device_new         (DevsimKind  kind,
                                         int         index,
                                         const char *address,
                                         int         count);
void          devsim_device_free        (DevsimDevice *device);
DevsimUser   *devsim_device_add_user    (DevsimDevice *device,
                                         const char   *name,
                                         const char   *password);
DevsimUser   *devsim_device_find_user   (DevsimDevice *device,
                                         const char   *name);
/* A new serial, realm and MAC, as after a board swap; bumps `generation`. */
void          devsim_device_renew_identity (DevsimDevice *device);
int           devsim_device_channel_count  (const DevsimDevice *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimDevice, devsim_device_free)

G_END_DECLS
