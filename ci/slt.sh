#!/usr/bin/env bash
# Runs sqllogictest files or folders on Ferrolite:  ci/slt.sh [slt options] PATH...
# Builds the runner in release (with the `reference` feature, so `--engine sqlite3` also
# works to check the runner on the system SQLite) and runs it. The last line of output is the
# runner's `N passed, N failed`. Environment: SLT_JOBS (default 2) files run in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
build=(cargo build --release -q -p ferrolite-slt --features reference)
# Ask cargo where it put the binary (the target dir may be remapped); on failure, build again
# without JSON so the errors show.
if ! json=$("${build[@]}" --message-format=json 2>/dev/null); then
  "${build[@]}" >&2 || true
  echo "ci/slt.sh: could not build the runner" >&2
  exit 2
fi
slt=$(printf '%s\n' "$json" | grep -o '"executable":"[^"]*/slt"' | tail -n 1 |
  sed 's/^"executable":"//; s/"$//')
if [ -z "$slt" ]; then
  echo "ci/slt.sh: no slt binary in cargo's output" >&2
  exit 2
fi
exec "$slt" -j "${SLT_JOBS:-2}" "$@"
