#!/usr/bin/env bash
# C tests of the C ABI. Each tests/c/*.c program prints what it observes. Programs named
# diff_*.c / api_*.c run twice — linked with the system libsqlite3 and with ours — and their
# outputs must match. Programs named misuse_*.c run only on ours (the same misuse is undefined
# behaviour in SQLite) and must print "ok" lines only. Everything runs under valgrind when it is
# installed (FERROLITE_NO_VALGRIND=1 to skip), which must report no errors and no leaks.
#
# usage: tests/c/run.sh [DIST_DIR]      (default: dist, as built by ci/build.sh)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dist=${1:-$root/dist}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

header_dir="$dist/include"
[ -f "$header_dir/sqlite3.h" ] || header_dir="$root/include"
vg=()
if command -v valgrind >/dev/null 2>&1 && [ -z "${FERROLITE_NO_VALGRIND:-}" ]; then
  vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
fi

passed=0
failed=0
for src in "$here"/*.c; do
  name=$(basename "$src" .c)
  if ! gcc -std=c11 -Wall -Werror -g -I"$header_dir" "$src" -o "$out/$name.ours" \
      -L"$dist/lib" -Wl,-rpath,"$dist/lib" -lsqlite3 -lpthread 2>"$out/$name.cc"; then
    echo "FAIL $name: does not compile against our sqlite3.h"; cat "$out/$name.cc"
    failed=$((failed + 1)); continue
  fi
  LD_LIBRARY_PATH="$dist/lib" "${vg[@]}" "$out/$name.ours" >"$out/$name.got" 2>"$out/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exit $rc"; head -c 3000 "$out/$name.err"; failed=$((failed + 1)); continue
  fi
  case "$name" in
    misuse_*)
      if grep -qv '^ok' "$out/$name.got"; then
        echo "FAIL $name:"; grep -v '^ok' "$out/$name.got"; failed=$((failed + 1)); continue
      fi ;;
    *)
      gcc -std=c11 -w -g -I/usr/include "$src" -o "$out/$name.ref" \
        /usr/lib/x86_64-linux-gnu/libsqlite3.so -lpthread
      "$out/$name.ref" >"$out/$name.want" 2>&1
      if ! diff -u "$out/$name.want" "$out/$name.got" >"$out/$name.diff"; then
        echo "FAIL $name: differs from SQLite"; head -60 "$out/$name.diff"; failed=$((failed + 1)); continue
      fi ;;
  esac
  echo "ok   $name"
  passed=$((passed + 1))
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
