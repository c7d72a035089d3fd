#!/usr/bin/env bash
# CPython's own sqlite3 test suite, unmodified, through the stock stdlib module, on our
# libsqlite3:   LD_LIBRARY_PATH=dist/lib python3 -m test -v test_sqlite3
# Prints the runner's summary and "cpython test_sqlite3: P passed, F failed, S skipped".
# Exits non-zero when fewer than MIN_PASSED (default 0) tests pass, so CI catches regressions
# below the recorded level.
#   tests/capi/cpython.sh [DIST_DIR]
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${1:-$root/dist}
min=${MIN_PASSED:-0}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! python3 -c 'import test.test_sqlite3' 2>/dev/null; then
  echo "python3 has no test.test_sqlite3 package; skipped"; exit 0
fi
# The stock module must really load our library.
LD_LIBRARY_PATH="$dist/lib" python3 - <<'PY' || exit 1
import sqlite3, ctypes.util, os
maps = open(f"/proc/{os.getpid()}/maps").read()
assert "dist/lib/libsqlite3.so.0" in maps, "the stdlib module did not load dist/lib/libsqlite3.so.0"
print("stdlib sqlite3 module on", sqlite3.sqlite_version, "(ferrolite's libsqlite3)")
PY
LD_LIBRARY_PATH="$dist/lib" timeout 900 python3 -m test -v test_sqlite3 >"$log" 2>&1
grep -E '^(Total tests|Result):' "$log" || tail -20 "$log"
# Count per-test outcomes from the verbose lines ("test_x (mod.Class...) ... ok").
passed=$(grep -cE ' \.\.\. ok$' "$log")
failed=$(grep -cE ' \.\.\. (FAIL|ERROR)$' "$log")
skipped=$(grep -cE ' \.\.\. skipped' "$log")
crashed=0
grep -qE 'Fatal Python error|Segmentation fault|core dumped' "$log" && crashed=1
echo "cpython test_sqlite3: $passed ok, $failed not ok, $skipped skipped"
[ "$crashed" = 0 ] || { echo "the interpreter crashed:"; grep -B5 -A20 'Fatal Python error' "$log" | head -60; exit 1; }
if [ "$passed" -lt "$min" ]; then
  echo "fewer than $min passed: regression"; grep -E ' \.\.\. (FAIL|ERROR)$' "$log" | head -40; exit 1
fi
