-- Live View: saved views (a layout and the channel in each tile) and the last
-- layout shown, which "memory play" reopens at start-up (kind 1, at most one).

CREATE TABLE live_views (
  id         INTEGER PRIMARY KEY,
  kind       INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),
  name       TEXT UNIQUE COLLATE NOCASE
             CHECK ((kind = 1 AND name IS NULL) OR length (name) BETWEEN 1 AND 64),
  rows       INTEGER NOT NULL CHECK (rows BETWEEN 1 AND 8),
  columns    INTEGER NOT NULL CHECK (columns BETWEEN 1 AND 8),
  large_span INTEGER NOT NULL DEFAULT 0 CHECK (large_span BETWEEN 0 AND 7)
) STRICT;

CREATE UNIQUE INDEX live_views_last ON live_views (kind) WHERE kind = 1;

CREATE TABLE live_view_tiles (
  view_id   INTEGER NOT NULL REFERENCES live_views (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position BETWEEN 0 AND 63),
  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  channel   INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 1024),
  PRIMARY KEY (view_id, position)
) STRICT;
