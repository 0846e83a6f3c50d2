/* devsim-host.h: one running simulated device: its model, sessions, event
 * subscribers and the servers that expose it (HTTP, DVRIP, discovery, RTSP).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on the simulator's main context.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "devsim-device.h"
#include "devsim-recordings.h"

G_BEGIN_DECLS

#define DEVSIM_ERROR (devsim_error_quark ())

typedef enum
{
  DEVSIM_ERROR_INVALID,          /* a request the device rejects (bad parameter) */
  DEVSIM_ERROR_NOT_FOUND,        /* no such method, config, object or file */
  DEVSIM_ERROR_BIND,             /* a server could not bind its address */
} DevsimError;

GQuark devsim_error_quark (void);

typedef struct _DevsimHost DevsimHost;
typedef struct _DevsimSession DevsimSession;
typedef struct _DevsimSubscriber DevsimSubscriber;

/* A fault that applies to the next emitted event (ctl malformed-event / oversized-event). */
typedef enum
{
  DEVSIM_EVENT_NORMAL,
  DEVSIM_EVENT_MALFORMED,        /* the part or notification is cut off mid-JSON */
  DEVSIM_EVENT_OVERSIZED,        /* the data carries DEVSIM_OVERSIZED_EVENT_BYTES of padding */
} DevsimEventShape;

#define DEVSIM_OVERSIZED_EVENT_BYTES (2 * 1024 * 1024)

typedef struct
{
  const char *code;
  const char *action;            /* Start, Stop or Pulse */
  int index;                     /* 0-based channel or door */
  JsonObject *data;              /* owned by the emitter */
  gint64 utc;
  DevsimEventShape shape;
} DevsimEvent;

typedef void (*DevsimEventFunc) (DevsimSubscriber  *subscriber,
                                 const DevsimEvent *event);

struct _DevsimSubscriber
{
  char **codes;                  /* NULL or containing "All": every code */
  DevsimEventFunc deliver;
  gpointer data;
};

/* A login over RPC2 (HTTP) or DVRIP. */
struct _DevsimSession
{
  DevsimHost *host;
  guint32 id;
  char *user;
  char *random;                  /* the challenge of the first login step */
  gboolean logged_in;
  gint64 last_seen_us;
  /* DVRIP only: where notifications go */
  void (*notify) (DevsimSession *session, const char *message, gpointer data);
  gpointer notify_data;
  guint32 attach_id;             /* request id of eventManager.attach, 0 = none */
  DevsimSubscriber *subscriber;
};

#define DEVSIM_KEEPALIVE_INTERVAL_S 60

struct _DevsimHost
{
  DevsimDevice *device;
  char *name;
  GHashTable *sessions;          /* id -> DevsimSession */
  GHashTable *finders;           /* object id -> DevsimFinder (devsim-rpc.c) */
  guint32 next_object;
  GPtrArray *subscribers;        /* DevsimSubscriber*, not owned */
  DevsimEventShape next_shape;
  guint flood_per_s;
  guint flood_credit;            /* tenths of an event carried to the next tick */
  guint flood_source;
  guint schedule_source;
  guint tour_source;
  guint expiry_source;
  guint keepalive_s;             /* keepAliveInterval told to clients */
  guint64 event_counter;

  /* servers; NULL while offline */
  SoupServer *http;
  GPtrArray *http_streams;       /* attached CGI event streams (devsim-http.c) */
  GSocketService *dvrip;
  GPtrArray *dvrip_connections;  /* DevsimDvripConnection* (devsim-dvrip.c) */
  GSocket *discovery;
  GSource *discovery_source;
  GSocket *multicast;            /* NULL where the interface refuses multicast */
  GSource *multicast_source;
  gpointer rtsp;                 /* DevsimRtsp*, NULL with --no-rtsp */
  gboolean with_rtsp;
  GHashTable *snapshots;         /* channel name -> GBytes JPEG */
  char *discovery_random;        /* the open DHDiscover.setConfig challenge, or NULL */
};

DevsimHost    *devsim_host_new             (DevsimDevice  *device,
                                            const char    *name,
                                            gboolean       with_rtsp);
/* Sessions unused for two intervals are closed (DVRIP: with their connection). */
void           devsim_host_set_keepalive   (DevsimHost    *host,
                                            guint          interval_s);
void           devsim_host_free            (DevsimHost    *host);
/* Binds every server (real default ports first); FALSE and an error if one fails. */
gboolean       devsim_host_start           (DevsimHost    *host,
                                            GError       **error);
/* Closes every server and session (offline). */
void           devsim_host_stop            (DevsimHost    *host);
void           devsim_host_drop_sessions   (DevsimHost    *host);
/* The JSON line printed at start and by `ctl list`. */
JsonNode      *devsim_host_describe        (DevsimHost    *host);

DevsimSession *devsim_host_new_session     (DevsimHost    *host,
                                            const char    *user);
DevsimSession *devsim_host_lookup_session  (DevsimHost    *host,
                                            guint32        id);
void           devsim_host_close_session   (DevsimHost    *host,
                                            guint32        id);

void           devsim_host_subscribe       (DevsimHost        *host,
                                            DevsimSubscriber  *subscriber);
void           devsim_host_unsubscribe     (DevsimHost        *host,
                                            DevsimSubscriber  *subscriber);
gboolean       devsim_host_wants_code      (DevsimSubscriber  *subscriber,
                                            const char        *code);
/* Emits an event to every subscriber; `data` may be NULL (a default is made). */
void           devsim_host_emit            (DevsimHost    *host,
                                            const char    *code,
                                            const char    *action,
                                            int            index,
                                            JsonObject    *data);
void           devsim_host_set_flood       (DevsimHost    *host,
                                            guint          per_second);
void           devsim_host_set_schedule    (DevsimHost    *host,
                                            guint          interval_s);

/* The JPEG of a channel's current picture. */
GBytes        *devsim_host_snapshot        (DevsimHost    *host,
                                            int            channel,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimHost, devsim_host_free)

G_END_DECLS
