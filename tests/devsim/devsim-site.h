/* devsim-site.h: the simulated site: its devices and the control socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "devsim-host.h"

G_BEGIN_DECLS

#define DEVSIM_DEFAULT_FIRST_ADDRESS "127.0.0.10"

typedef struct
{
  char *site_file;
  char *first_address;           /* NULL: the site file's, else DEVSIM_DEFAULT_FIRST_ADDRESS */
  int ipc_count;
  int nvr_count;
  int nvr_channels;
  int door_count;
  int doors_per_controller;
  char *user;
  char *password;
  gboolean uninitialised;
  gboolean audio;                /* every channel's main stream carries sound */
  int events_every_s;
  int http_port;
  int dvrip_port;
  int rtsp_port;
  gboolean no_rtsp;
  gboolean cgi_only;
  int keepalive_s;
} DevsimSiteOptions;

typedef struct
{
  GPtrArray *hosts;              /* DevsimHost* */
  GSocketService *control;
  char *control_path;
} DevsimSite;

/* Builds the devices from the site file and the flags (flags add devices). */
DevsimSite *devsim_site_new           (const DevsimSiteOptions *options,
                                       GError                 **error);
void        devsim_site_free          (DevsimSite              *site);
/* Starts every device's servers and listens on the control socket. */
gboolean    devsim_site_start         (DevsimSite              *site,
                                       const char              *control_path,
                                       GError                 **error);
/* Runs one control command line; returns the JSON reply line (no newline). */
char       *devsim_site_execute       (DevsimSite              *site,
                                       const char              *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevsimSite, devsim_site_free)

G_END_DECLS
