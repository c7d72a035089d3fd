#!/usr/bin/env bash
# The Debian sqlite3 shell, unmodified, on our libsqlite3: for each script in
# tests/capi/shell/*.sql, stdout and stderr must be what the shell prints on the system
# SQLite.   tests/capi/shell.sh [DIST_DIR]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dist=${1:-$root/dist}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
for script in "$here"/shell/*.sql; do
  name=$(basename "$script" .sql)
  (cd "$tmp" && rm -f ref.db ours.db && sqlite3 ref.db <"$script" >"$name.ref" 2>&1; echo "exit $?" >>"$name.ref")
  (cd "$tmp" && LD_LIBRARY_PATH="$dist/lib" sqlite3 ours.db <"$script" >"$name.ours" 2>&1; echo "exit $?" >>"$name.ours")
  sed -i 's/ref\.db/DB/g' "$tmp/$name.ref"; sed -i 's/ours\.db/DB/g' "$tmp/$name.ours"
  if diff -u "$tmp/$name.ref" "$tmp/$name.ours" >"$tmp/$name.diff"; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name"; head -40 "$tmp/$name.diff"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
