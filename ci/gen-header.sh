#!/usr/bin/env bash
# Generates include/sqlite3.h: the hand-kept prelude (constants, types, variadic functions),
# the prototypes cbindgen derives from bindings/c/src, and the epilogue.
#   ci/gen-header.sh           write include/sqlite3.h
#   ci/gen-header.sh --check   fail when include/sqlite3.h is stale
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cbindgen >/dev/null 2>&1; then
  cargo install cbindgen --locked --version 0.29.4 >/dev/null
fi
gen=$(mktemp)
trap 'rm -f "$gen" "$gen.h"' EXIT
(cd bindings/c && cbindgen --quiet --config cbindgen.toml --crate ferrolite-c -o "$gen" .)
{
  cat bindings/c/include/prelude.h
  cat "$gen"
  cat bindings/c/include/epilogue.h
} >"$gen.h"
if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$gen.h" include/sqlite3.h; then
    echo "include/sqlite3.h is stale: run ci/gen-header.sh and commit it"
    diff -u include/sqlite3.h "$gen.h" | head -40 || true
    exit 1
  fi
  echo "include/sqlite3.h is up to date"
else
  mkdir -p include
  mv "$gen.h" include/sqlite3.h
  echo "wrote include/sqlite3.h"
fi
