#!/usr/bin/env bash
# The demo seed is idempotent: a second run signs in again and adds nothing new,
# and every device row ends up in the database exactly once.
set -euo pipefail
seed="$1" dir="$2"
rm -rf "$dir"
mkdir -p "$dir"
cat >"$dir/devices.csv" <<CSV
name,address,port,user,password,group
Lobby camera,127.0.3.10,37777,admin,admin123,Demo site
Main recorder,127.0.3.11,37777,admin,admin123,Demo site
CSV

"$seed" --data-dir "$dir/data" --config-dir "$dir/config" --csv "$dir/devices.csv" | tee "$dir/first.txt"
grep -q "2 device(s) added, 0 row(s)" "$dir/first.txt"
"$seed" --data-dir "$dir/data" --config-dir "$dir/config" --csv "$dir/devices.csv" | tee "$dir/second.txt"
grep -q "0 device(s) added, 2 row(s)" "$dir/second.txt"
test -f "$dir/config/warden/auto-login"
test "$(sqlite3 "$dir/data/warden.db" 'SELECT count(*) FROM devices')" = 2
# The device password is not in the database in plain text.
! grep -a -q admin123 "$dir/data/warden.db"
echo "ok"
