-- Foundation: settings, device groups, devices and their channels.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE device_groups (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES device_groups (id) ON DELETE CASCADE,
  name      TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 128),
  position  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (parent_id, name)
) STRICT;

CREATE TABLE devices (
  id            INTEGER PRIMARY KEY,
  group_id      INTEGER REFERENCES device_groups (id) ON DELETE SET NULL,
  name          TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 128),
  address       TEXT NOT NULL CHECK (length (address) BETWEEN 1 AND 253),
  port          INTEGER NOT NULL DEFAULT 37777 CHECK (port BETWEEN 1 AND 65535),
  username      TEXT NOT NULL DEFAULT 'admin',
  -- the device password never lives here in plain text: it is a vault secret id
  secret_id     INTEGER,
  kind          TEXT NOT NULL DEFAULT '',
  model         TEXT NOT NULL DEFAULT '',
  serial        TEXT NOT NULL DEFAULT '',
  firmware      TEXT NOT NULL DEFAULT '',
  channel_count INTEGER NOT NULL DEFAULT 0 CHECK (channel_count BETWEEN 0 AND 1024),
  created_at    INTEGER NOT NULL,
  UNIQUE (address, port)
) STRICT;

CREATE INDEX devices_group ON devices (group_id);

CREATE TABLE channels (
  device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  number     INTEGER NOT NULL CHECK (number BETWEEN 1 AND 1024),
  name       TEXT NOT NULL DEFAULT '',
  -- a name the operator gave locally; shown instead of the device's title when set
  local_name TEXT,
  PRIMARY KEY (device_id, number)
) STRICT;
