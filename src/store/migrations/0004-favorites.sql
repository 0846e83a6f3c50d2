-- Live View: favorites, named groups of channels in the operator's order.
-- Deleting a device removes its channels from every favorite.

CREATE TABLE live_favorites (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length (name) BETWEEN 1 AND 64)
) STRICT;

CREATE TABLE live_favorite_channels (
  favorite_id INTEGER NOT NULL REFERENCES live_favorites (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 63),
  device_id   INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  channel     INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 1024),
  PRIMARY KEY (favorite_id, position),
  UNIQUE (favorite_id, device_id, channel)
) STRICT;
