-- Security: roles and their rights, operator accounts, security questions,
-- wrapped data keys, vault secrets and the audit log.

-- rights is a bit set (WardenRight in src/core/warden-roles.h). A role with
-- all_devices = 0 holds its device rights only where role_device_rights says.
CREATE TABLE roles (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length (name) BETWEEN 1 AND 64),
  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  rights      INTEGER NOT NULL CHECK (rights >= 0),
  all_devices INTEGER NOT NULL DEFAULT 1 CHECK (all_devices IN (0, 1))
) STRICT;

-- channel 0: the whole device
CREATE TABLE role_device_rights (
  role_id   INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  channel   INTEGER NOT NULL DEFAULT 0 CHECK (channel BETWEEN 0 AND 1024),
  rights    INTEGER NOT NULL CHECK (rights >= 0),
  PRIMARY KEY (role_id, device_id, channel)
) STRICT;

CREATE TABLE operators (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length (username) BETWEEN 1 AND 64),
  role_id       INTEGER NOT NULL REFERENCES roles (id),
  -- $scrypt$ln=..,r=..,p=..$salt$hash
  password_hash TEXT NOT NULL CHECK (length (password_hash) <= 256),
  enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
) STRICT;

-- three per operator; the answers are scrypt hashes, and the data key is also
-- wrapped under the three answers together (wrapped_keys.kind = 'recovery')
CREATE TABLE security_answers (
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 2),
  question    INTEGER NOT NULL CHECK (question >= 0),
  answer_hash TEXT NOT NULL CHECK (length (answer_hash) <= 256),
  PRIMARY KEY (operator_id, position)
) STRICT;

CREATE TABLE wrapped_keys (
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('password', 'recovery')),
  blob        BLOB NOT NULL CHECK (length (blob) <= 1024),
  PRIMARY KEY (operator_id, kind)
) STRICT;

-- AES-256-GCM under the data key, bound to its id; devices.secret_id points here
CREATE TABLE secrets (
  id         INTEGER PRIMARY KEY,
  ciphertext BLOB NOT NULL CHECK (length (ciphertext) <= 65600),
  updated_at INTEGER NOT NULL
) STRICT;

-- a device's password goes with the device
CREATE TRIGGER devices_drop_secret AFTER DELETE ON devices
WHEN OLD.secret_id IS NOT NULL
BEGIN
  DELETE FROM secrets WHERE id = OLD.secret_id;
END;

CREATE TRIGGER devices_replace_secret AFTER UPDATE OF secret_id ON devices
WHEN OLD.secret_id IS NOT NULL AND OLD.secret_id IS NOT NEW.secret_id
BEGIN
  DELETE FROM secrets WHERE id = OLD.secret_id;
END;

-- operator is the name at the time, kept when the account is deleted
CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  operator TEXT NOT NULL,
  action   TEXT NOT NULL,
  target   TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

-- live 1, playback 2, export 4, PTZ 8, talk 16, door 32, personnel edit 64,
-- device edit 128, settings 256, operators 512, audit 1024
INSERT INTO roles (id, name, builtin, rights, all_devices) VALUES
  (1, 'Administrator', 1, 2047, 1),
  (2, 'Operator',      1, 63,   1),
  (3, 'Guest',         1, 1,    1);
