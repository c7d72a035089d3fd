#!/usr/bin/env bash
# Links libsqlite3.so.0 from the Rust staticlib (Rust code + the C shim), exporting SQLite's
# symbols only (libsqlite3.map), with SQLite's soname.
#   bindings/c/link-so.sh STATICLIB OUT_SO
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gcc -shared -o "$2" -Wl,-soname,libsqlite3.so.0 -Wl,--version-script="$here/libsqlite3.map" \
  -Wl,--whole-archive "$1" -Wl,--no-whole-archive -lpthread -ldl -lm -lgcc_s -lc
