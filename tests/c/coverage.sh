#!/usr/bin/env bash
# Which exported sqlite3_* functions of DIST/lib/libsqlite3.so.0 no C test in tests/c calls.
#   tests/c/coverage.sh [--list] [--strict] [DIST_DIR]
# Prints "C ABI coverage: N of M exported functions called by tests/c"; with --list also the
# names no test calls yet; with --strict it fails (exit 1, naming them) unless every exported
# function is called (ci/test.sh runs it that way).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
list=0
strict=0
while [ $# -gt 0 ]; do
  case "$1" in
    --list) list=1; shift ;;
    --strict) strict=1; shift ;;
    *) break ;;
  esac
done
dist=${1:-$here/../../dist}
exported=$(nm -D --defined-only "$dist/lib/libsqlite3.so.0" | awk '$2 == "T" {print $3}' | grep '^sqlite3' | sort -u)
used=$(cat "$here"/*.c | grep -oE '\bsqlite3[a-z0-9_]*\b' | sort -u)
missing=$(comm -23 <(echo "$exported") <(echo "$used"))
total=$(echo "$exported" | wc -l)
n_missing=$(echo "$missing" | grep -c . || true)
echo "C ABI coverage: $((total - n_missing)) of $total exported functions called by tests/c"
if [ "$list" = 1 ] && [ "$n_missing" -gt 0 ]; then
  echo "not called yet: $(echo "$missing" | tr '\n' ' ')"
fi
if [ "$strict" = 1 ] && [ "$n_missing" -gt 0 ]; then
  echo "FAIL: exported but called by no test in tests/c: $(echo "$missing" | tr '\n' ' ')"
  exit 1
fi
exit 0
