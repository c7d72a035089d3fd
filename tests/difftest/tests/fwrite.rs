//! Write statements on fresh seeds (part "fwrite"): which error a write raises first, and
//! the plan of UPDATE ... FROM. Each statement's rows or error compared with the system
//! sqlite3.

use ferrolite_difftest::{assert_plans_match, assert_script_matches};

/// Writes seed 3037: an upsert's DO UPDATE WHERE is tested before its SET values are
/// computed, so a skipped row raises neither "datatype mismatch" (a NULL rowid) nor an
/// overflow.
#[test]
fn upsert_where_runs_before_the_set_values() {
    assert_script_matches(
        "
CREATE TABLE c(id INTEGER PRIMARY KEY, pid, v TEXT);
INSERT INTO c VALUES(1, NULL, '3');
INSERT INTO c(id, pid) VALUES('1', 'A') ON CONFLICT(id) DO UPDATE SET id = id || excluded.v WHERE excluded.v IS NOT NULL;
INSERT INTO c(id, pid) VALUES(1, 'A') ON CONFLICT(id) DO UPDATE SET v = abs(-9223372036854775808) WHERE 0;
INSERT INTO c(id, pid) VALUES(1, 'A') ON CONFLICT(id) DO UPDATE SET id = 'x' WHERE pid IS NULL;
INSERT INTO c(id, pid) VALUES(1, 'A') ON CONFLICT(id) DO UPDATE SET id = '7' WHERE pid IS NULL;
SELECT * FROM c;
",
    );
}

/// Ddl seeds 4115, 5481: UPDATE ... FROM makes the new rowid an integer when its row is
/// written (pass 2), so an earlier row's UNIQUE failure wins over a later NULL rowid.
#[test]
fn update_from_checks_the_new_rowid_when_writing() {
    assert_script_matches(
        "
CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 INTEGER);
CREATE INDEX t0_i0 ON t0(c1);
INSERT INTO t0 VALUES(100, NULL), (5, 1), (10, 1);
CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 REAL);
INSERT INTO t1 VALUES(100, 5.0), (5, 1.5), (10, -5.0);
UPDATE t0 SET c0 = instr((0 & t1.c1), (-1 & t0.c1)) FROM t1 WHERE t1.rowid = t0.rowid;
SELECT * FROM t0;
UPDATE t0 SET c0 = '7' FROM t1 WHERE t1.rowid = t0.rowid AND t0.c0 = 5 RETURNING *;
UPDATE t0 SET c0 = 6.0, c1 = t1.c1 FROM t1 WHERE t1.rowid = 10 AND t0.c0 = 7 RETURNING *;
SELECT * FROM t0;
",
    );
}

const T0_T1: &str = "
CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1, c2, c3);
CREATE TABLE t1(c0, c1, c2);
CREATE INDEX t1_i0 ON t1(c1);
";

/// Ddl seed 6698: the join of UPDATE ... FROM reads only the target columns its SET values
/// and WHERE use, so a covering index of the FROM table (or of the target) can lead the
/// loops, as in a SELECT of those columns.
#[test]
fn update_from_plans_with_the_columns_it_reads() {
    assert_plans_match(
        T0_T1,
        &[
            "UPDATE t0 SET c1 = t1.c1 FROM t1 WHERE t1.rowid = t0.rowid",
            "UPDATE t0 SET c1 = 5 FROM t1 WHERE t1.rowid = t0.rowid",
            "UPDATE t0 SET c1 = t1.c2 FROM t1 WHERE t1.rowid = t0.rowid",
            "UPDATE t1 SET c1 = 5 FROM t0 WHERE t1.rowid = t0.rowid AND t1.c2 > 0",
            "UPDATE t1 SET c2 = t1.c1 FROM t0 WHERE t1.rowid = t0.rowid",
            "UPDATE t1 SET c2 = t1.c0 FROM t0 WHERE t1.rowid = t0.rowid",
        ],
    );
}

/// Ddl seed 6698: with the empty FROM table leading the loops, the WHERE's overflowing
/// subquery never runs; the rows written keep their unassigned columns.
#[test]
fn update_from_rows_with_a_covering_loop() {
    assert_script_matches(&format!(
        "{T0_T1}
INSERT INTO t0 VALUES(-9223372036854775808, 1, 2, 3), (-5, 2, 3, 4);
UPDATE t0 SET c1 = length(t1.c1) FROM t1 WHERE t1.rowid = t0.rowid AND (SELECT sum(c0) FROM t0 WHERE 100);
INSERT INTO t1 VALUES('a', 'b', 'c'), ('d', 'e', 'f');
UPDATE t1 SET c2 = t1.c1 || t0.c2 FROM t0 WHERE t1.rowid + 0 = t0.rowid + 0;
UPDATE t1 SET c2 = t1.c1 || t0.c2 FROM t0 WHERE t1.rowid = t0.rowid + 7 RETURNING *;
SELECT * FROM t1;
UPDATE t0 SET c3 = t1.c0 FROM t1 WHERE t1.rowid = 1 AND t0.c1 = 2 RETURNING *;
SELECT * FROM t0;
"
    ));
}

/// UPDATE ... FROM of a WITHOUT ROWID table keeps its unassigned columns (pass 2 takes them
/// from the row it rewrites).
#[test]
fn update_from_without_rowid_keeps_unassigned_columns() {
    assert_script_matches(
        "
CREATE TABLE w(a, b, c, d, PRIMARY KEY(b, a)) WITHOUT ROWID;
CREATE INDEX w_c ON w(c);
INSERT INTO w VALUES(1, 2, 3, 4), (5, 6, 7, 8);
CREATE TABLE s(x, y);
INSERT INTO s VALUES(1, 'one'), (5, 'five'), (5, 'FIVE');
UPDATE w SET d = s.y FROM s WHERE s.x = w.a;
SELECT * FROM w;
UPDATE w SET a = a + 10, c = s.y FROM s WHERE s.x = w.a - 0 AND w.c > 3;
SELECT * FROM w;
",
    );
}
