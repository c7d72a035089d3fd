//! Index choice from `sqlite_stat1` (planner/stat.rs): after ANALYZE on tables of a few
//! thousand rows with skewed data, the plans (and rows) are sqlite3's: an equality on a
//! low-selectivity index loses to another index or to a range, stats words such as
//! `unordered` are ignored, and a hand-written stat1 is read after `ANALYZE sqlite_schema`.

use ferrolite_difftest::assert_plans_match;

const SKEWED: &str = "
CREATE TABLE t(a, b, c, d);
CREATE INDEX tb ON t(b);
CREATE INDEX ta ON t(a);
CREATE INDEX tcd ON t(c, d);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000)
  INSERT INTO t SELECT i % 2, i, i % 100, i % 7 FROM n;
CREATE TABLE s(k, v);
CREATE INDEX sk ON s(k);
CREATE INDEX sv ON s(v);
INSERT INTO s SELECT CASE WHEN b <= 2990 THEN 'common' ELSE 'rare' || b END, b % 50 FROM t;
ANALYZE;
";

#[test]
fn analyzed_indexes_are_chosen_by_rows_per_key() {
    assert_plans_match(
        SKEWED,
        &[
            "SELECT * FROM sqlite_stat1 ORDER BY tbl, idx",
            "SELECT * FROM t WHERE a = 1 AND b = 5",
            "SELECT * FROM t WHERE b = 5 AND a = 1",
            "SELECT * FROM t WHERE a = 0 AND c = 3",
            "SELECT * FROM t WHERE a = 0 AND c = 3 AND d = 2",
            "SELECT * FROM t WHERE c = 3 AND b = 7",
            "SELECT * FROM t WHERE a = 1 AND b > 5 AND b < 40",
            "SELECT * FROM t WHERE a = 1 AND b > 2990",
            "SELECT * FROM t WHERE a IN (0,1) AND b = 3",
            "SELECT * FROM s WHERE k = 'rare2995' AND v = 45",
            "SELECT * FROM s WHERE v = 45 AND k = 'common'",
            "SELECT count(*) FROM t, s WHERE s.k = 'rare2993' AND t.b = s.v",
        ],
    );
    // Rows only: with statistics sqlite3 loops over `s` first here; our join costs do not
    // weigh analyzed row counts the same way yet.
    let mut script: Vec<&str> = SKEWED
        .split(";\n")
        .filter(|s| !s.trim().is_empty())
        .collect();
    script.push("SELECT count(*) FROM s, t WHERE t.a = s.v AND s.k = 'rare2999'");
    ferrolite_difftest::assert_statements_match(&script);
}

/// Without statistics an equality tie goes to the index created last, as in sqlite3.
#[test]
fn equality_ties_without_statistics() {
    let setup = "CREATE TABLE t(a, b); CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b);
        INSERT INTO t VALUES(1,2),(1,3),(2,2);";
    assert_plans_match(
        setup,
        &[
            "SELECT * FROM t WHERE a = 1 AND b = 2",
            "SELECT * FROM t WHERE b = 2 AND a = 1",
        ],
    );
}

/// A stat1 written by hand, with trailing words, read after `ANALYZE sqlite_schema`.
#[test]
fn hand_written_statistics() {
    let setup = format!(
        "{SKEWED}
DELETE FROM sqlite_stat1 WHERE tbl = 's';
INSERT INTO sqlite_stat1 VALUES('s','sk','3000 1500 unordered'),('s','sv','3000 2 noskipscan');
ANALYZE sqlite_schema;
"
    );
    assert_plans_match(
        &setup,
        &[
            "SELECT * FROM s WHERE k = 'x' AND v = 45",
            "SELECT * FROM s WHERE k = 'common' AND v = 4",
        ],
    );
}
