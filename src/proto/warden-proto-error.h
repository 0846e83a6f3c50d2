/* warden-proto-error.h: the error domain of the device-protocol module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WARDEN_PROTO_ERROR (warden_proto_error_quark ())

/**
 * WardenProtoError:
 * @WARDEN_PROTO_ERROR_MALFORMED: the device sent bytes that break the protocol
 * @WARDEN_PROTO_ERROR_TOO_LARGE: the device announced or sent more than Warden accepts
 * @WARDEN_PROTO_ERROR_WRONG_CREDENTIALS: user name or password refused; never retried
 * @WARDEN_PROTO_ERROR_LOCKED: the device locked the account after failed logins
 * @WARDEN_PROTO_ERROR_NOT_INITIALISED: the device has no admin password set yet
 * @WARDEN_PROTO_ERROR_UNREACHABLE: no protocol of the device answered
 * @WARDEN_PROTO_ERROR_TIMEOUT: the device accepted the connection but did not answer in time
 * @WARDEN_PROTO_ERROR_TLS_MISMATCH: the device's certificate differs from the pinned one
 * @WARDEN_PROTO_ERROR_UNSUPPORTED: the device does not offer the function
 * @WARDEN_PROTO_ERROR_DEVICE: the device reported an error (its code and message are in the text)
 * @WARDEN_PROTO_ERROR_SESSION_EXPIRED: the device forgot the session; log in again
 * @WARDEN_PROTO_ERROR_CLOSED: the connection closed while a request was outstanding
 */
typedef enum
{
  WARDEN_PROTO_ERROR_MALFORMED,
  WARDEN_PROTO_ERROR_TOO_LARGE,
  WARDEN_PROTO_ERROR_WRONG_CREDENTIALS,
  WARDEN_PROTO_ERROR_LOCKED,
  WARDEN_PROTO_ERROR_NOT_INITIALISED,
  WARDEN_PROTO_ERROR_UNREACHABLE,
  WARDEN_PROTO_ERROR_TIMEOUT,
  WARDEN_PROTO_ERROR_TLS_MISMATCH,
  WARDEN_PROTO_ERROR_UNSUPPORTED,
  WARDEN_PROTO_ERROR_DEVICE,
  WARDEN_PROTO_ERROR_SESSION_EXPIRED,
  WARDEN_PROTO_ERROR_CLOSED,
} WardenProtoError;

/* RPC error codes devices send (PROTOCOL.md §3.2). */
#define WARDEN_RPC_CODE_LOGIN_CHALLENGE   268632079
#define WARDEN_RPC_CODE_BAD_CREDENTIALS   268632085
#define WARDEN_RPC_CODE_LOCKED            268632081
#define WARDEN_RPC_CODE_NOT_INITIALISED   268632086
#define WARDEN_RPC_CODE_INVALID_SESSION   287637504
#define WARDEN_RPC_CODE_INVALID_SESSION_2 287637505
#define WARDEN_RPC_CODE_INVALID_REQUEST   268894209
#define WARDEN_RPC_CODE_NO_METHOD         268894210
#define WARDEN_RPC_CODE_NO_INTERFACE      268632064
#define WARDEN_RPC_CODE_NO_DATA           285409284

GQuark warden_proto_error_quark (void);

void warden_proto_error_set_from_rpc (GError    **error,
                                      const char *host,
                                      gint64      code,
                                      const char *message,
                                      int         attempts_left,
                                      int         lock_seconds);

G_END_DECLS
