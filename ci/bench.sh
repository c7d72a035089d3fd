#!/usr/bin/env bash
# Benchmarks: the same SQL workloads through the system sqlite3 shell and through Ferrolite's
# shell, on the same machine in the same run; prints each time and the ratio
# (ferrolite / sqlite3: below 1 is faster than SQLite). Builds dist/ first if needed.
#   ci/bench.sh [ROWS]        (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
[ -x dist/bin/ferrolite ] || ci/build.sh >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name|setup (untimed)|workload (timed)
workloads=(
"insert ${rows} rows, one transaction||CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<${rows}) INSERT INTO t SELECT i, (i*7919)%${rows}, printf('value-%d', i) FROM n; COMMIT;"
"create index on ${rows} rows|CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<${rows}) INSERT INTO t SELECT i, (i*7919)%${rows}, printf('value-%d', i) FROM n;|CREATE INDEX tk ON t(k);"
"20000 indexed point lookups|CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<${rows}) INSERT INTO t SELECT i, (i*7919)%${rows}, printf('value-%d', i) FROM n; CREATE INDEX tk ON t(k);|WITH RECURSIVE q(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM q WHERE i<20000) SELECT count(*) FROM q JOIN t ON t.k = q.i * 3;"
"full scan with GROUP BY|CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<${rows}) INSERT INTO t SELECT i, (i*7919)%${rows}, printf('value-%d', i) FROM n;|SELECT k % 100, count(*), sum(length(v)) FROM t GROUP BY 1 ORDER BY 1 LIMIT 3;"
"update half the rows|CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<${rows}) INSERT INTO t SELECT i, (i*7919)%${rows}, printf('value-%d', i) FROM n;|UPDATE t SET v = v || '!' WHERE id % 2 = 0;"
"1000 autocommit inserts (fsync each)|CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);|$(for i in $(seq 1 1000); do printf "INSERT INTO t(v) VALUES('row %d');" "$i"; done)"
)

now() { date +%s.%N; }
run() { # engine db sql
  local start end
  start=$(now)
  if [ "$1" = sqlite3 ]; then sqlite3 "$2" <<<"$3" >/dev/null; else dist/bin/ferrolite "$2" <<<"$3" >/dev/null; fi
  end=$(now)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }' 
}

printf '%-40s %10s %10s %8s\n' workload "sqlite3 s" "ferrolite s" ratio
for w in "${workloads[@]}"; do
  IFS='|' read -r name setup work <<<"$w"
  for engine in sqlite3 ferrolite; do
    db="$tmp/$engine.db"; rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
    [ -n "$setup" ] && sqlite3 "$db" <<<"$setup" >/dev/null
    t=$(run "$engine" "$db" "$work")
    eval "t_$engine=$t"
  done
  ratio=$(awk -v a="$t_ferrolite" -v b="$t_sqlite3" 'BEGIN { printf "%.6f", a / b }')
  printf '%-40s %10.3f %10.3f %8.2f\n' "$name" "$t_sqlite3" "$t_ferrolite" "$ratio"
done
