/* warden-proto-error.c: the error domain of the device-protocol module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "warden-proto"

#include "config.h"

#include "warden-proto-error.h"

G_DEFINE_QUARK (warden-proto-error-quark, warden_proto_error)

/**
 * warden_proto_error_set_from_rpc:
 * @host: the device, as the user typed it
 * @code: the device's error code
 * @message: (nullable): the device's error text
 * @attempts_left: logins left before a lock-out, or -1 when the device did not say
 * @lock_seconds: seconds the lock-out lasts, or -1 when the device did not say
 *
 * Maps a device error code onto a #WardenProtoError a caller can act on, with a
 * message that says what to do.
 */
void
warden_proto_error_set_from_rpc (GError    **error,
                                 const char *host,
                                 gint64      code,
                                 const char *message,
                                 int         attempts_left,
                                 int         lock_seconds)
{
  const char *text = message != NULL && *message != '\0' ? message : "no message";

  switch (code)
    {
    case WARDEN_RPC_CODE_BAD_CREDENTIALS:
      if (attempts_left >= 0)
        g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS,
                     "Device %s refused the user name or password; %d attempts left "
                     "before it locks the account. Check the credentials.",
                     host, attempts_left);
      else
        g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_WRONG_CREDENTIALS,
                     "Device %s refused the user name or password. Check the credentials.",
                     host);
      break;

    case WARDEN_RPC_CODE_LOCKED:
      if (lock_seconds >= 0)
        g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED,
                     "Device %s locked the account after failed logins; try again in %d min %d s.",
                     host, lock_seconds / 60, lock_seconds % 60);
      else
        g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_LOCKED,
                     "Device %s locked the account after failed logins; try again later.",
                     host);
      break;

    case WARDEN_RPC_CODE_NOT_INITIALISED:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_NOT_INITIALISED,
                   "Device %s is not initialised; set its admin password first.", host);
      break;

    case WARDEN_RPC_CODE_INVALID_SESSION:
    case WARDEN_RPC_CODE_INVALID_SESSION_2:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_SESSION_EXPIRED,
                   "Device %s no longer knows this session (%" G_GINT64_FORMAT "); log in again.",
                   host, code);
      break;

    case WARDEN_RPC_CODE_NO_METHOD:
    case WARDEN_RPC_CODE_NO_INTERFACE:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_UNSUPPORTED,
                   "Device %s does not support this function (error %" G_GINT64_FORMAT ": %s).",
                   host, code, text);
      break;

    default:
      g_set_error (error, WARDEN_PROTO_ERROR, WARDEN_PROTO_ERROR_DEVICE,
                   "Device %s reported error %" G_GINT64_FORMAT ": %s", host, code, text);
      break;
    }
}
