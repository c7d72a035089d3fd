#!/usr/bin/env bash
# The one test command: installs what a fresh machine lacks, builds, and runs every test.
#   ci/test.sh            everything
# Environment: SLT_CORPUS (default ../shared/sqllogictest) is the sqllogictest corpus to run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never

section() { printf '\n=== %s ===\n' "$*"; }

# --- 1. What a fresh machine lacks -------------------------------------------------------
section "prerequisites"
need_apt=()
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
[ -e /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
command -v xxd >/dev/null 2>&1 || need_apt+=(xxd)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is required (rustup)"; exit 1
fi
echo "reference: sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# --- 2. Format and lints -------------------------------------------------------------------
section "cargo fmt / clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets -q -- -D warnings

# --- 3. Release build and artifacts --------------------------------------------------------
section "release build"
ci/build.sh

# --- 4. sqllogictest corpus (a measurement: the pass rate is reported, not gated) -----------
section "sqllogictest"
corpus="${SLT_CORPUS:-$root/../shared/sqllogictest}"
if [ -d "$corpus" ]; then
  ci/slt.sh "$corpus" > "$CARGO_TARGET_DIR/slt.log" 2>&1 || true
  tail -n 1 "$CARGO_TARGET_DIR/slt.log" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/sqllogictest records: \1 pass, \2 fail/'
else
  echo "no corpus at $corpus; skipped"
fi

# --- 5. Rust tests (unit, integration, differential against sqlite3); gating, runs last ----
section "cargo test"
cargo test --workspace

section "done"
