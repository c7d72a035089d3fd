#!/usr/bin/env bash
# Builds release artifacts into dist/:
#   dist/bin/ferrolite            the shell
#   dist/lib/libsqlite3.so.0      the drop-in C library (+ libsqlite3.so link, libsqlite3.a)
#   dist/include/sqlite3.h        its header
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

cargo build --release --workspace
mkdir -p dist/bin dist/lib dist/include
cp "$CARGO_TARGET_DIR/release/ferrolite" dist/bin/ferrolite
cp "$CARGO_TARGET_DIR/release/libsqlite3.a" dist/lib/libsqlite3.a
bindings/c/link-so.sh dist/lib/libsqlite3.a dist/lib/libsqlite3.so.0
ln -sf libsqlite3.so.0 dist/lib/libsqlite3.so
if [ -f include/sqlite3.h ]; then
  cp include/sqlite3.h dist/include/sqlite3.h
fi
echo "built: $(ls dist/bin dist/lib dist/include | tr '\n' ' ')"
