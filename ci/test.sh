#!/usr/bin/env bash
# The one test command: installs what a fresh machine lacks, builds, and runs every test.
#   ci/test.sh
# Gating suites (any failure fails the run): formatting and lints, the header check, cargo's
# tests (unit, file-format round trips with sqlite3, crash, concurrency, bad input,
# differential sample), the C ABI's C tests under valgrind, the Debian sqlite3 shell on our
# library, and CPython's test_sqlite3 on our library (at least $CPYTHON_MIN_PASSED passing).
# Measured, not gated: the sqllogictest pass rate over $SLT_CORPUS (../shared/sqllogictest).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never
CPYTHON_MIN_PASSED=${CPYTHON_MIN_PASSED:-430}

section() { printf '\n=== %s ===\n' "$*"; }
suites_passed=0
suite_ok() { suites_passed=$((suites_passed + 1)); echo "suite ok: $*"; }

# --- What a fresh machine lacks ----------------------------------------------------------
section "prerequisites"
need_apt=()
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
[ -e /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo is required (rustup)"; exit 1; }
command -v cbindgen >/dev/null 2>&1 || cargo install cbindgen --locked --version 0.29.4 -q
echo "reference: sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# --- Formatting, lints, generated header ---------------------------------------------------
section "cargo fmt / clippy / sqlite3.h"
cargo fmt --all --check
cargo clippy --workspace --all-targets -q -- -D warnings
ci/gen-header.sh --check
bindings/c/gen-api-routines.sh --check
suite_ok "fmt, clippy, header"

# --- Release artifacts, then every Rust test against the same optimized build ---------------
section "release build"
ci/build.sh

section "cargo test (release profile: the same build the artifacts come from)"
cargo test --release --workspace -q
suite_ok "cargo test"

section "C tests against include/sqlite3.h and dist/lib (valgrind)"
tests/c/run.sh dist
tests/c/coverage.sh --strict dist
suite_ok "C tests"

section "Debian sqlite3 shell on dist/lib"
tests/capi/shell.sh dist
suite_ok "sqlite3 shell"

section "CPython test_sqlite3 on dist/lib"
MIN_PASSED=$CPYTHON_MIN_PASSED tests/capi/cpython.sh dist
suite_ok "CPython test_sqlite3"

# --- sqllogictest: a measurement -----------------------------------------------------------------
section "sqllogictest"
corpus="${SLT_CORPUS:-$root/../shared/sqllogictest}"
if [ -d "$corpus" ]; then
  ci/slt.sh "$corpus" >"$CARGO_TARGET_DIR/slt.log" 2>&1 || true
  tail -n 1 "$CARGO_TARGET_DIR/slt.log" |
    sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/sqllogictest records: \1 pass, \2 fail (not gated)/'
else
  echo "no corpus at $corpus; skipped"
fi

section "summary"
echo "ci: $suites_passed passed, 0 failed"
