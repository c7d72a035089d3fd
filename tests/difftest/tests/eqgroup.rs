//! Part "eqgroup": which of several equal values (3 vs 3.0) a GROUP BY key or a bare column
//! shows — which row of a group supplies it — and the order of rows that tie under ORDER BY,
//! compared with the system sqlite3.

use ferrolite_difftest::assert_script_matches;

/// Select seeds 14619, 17730, 12124, 8652: a DISTINCT min()/max() skips the step of a
/// duplicate value, and the duplicate row then follows the previous step's verdict: it loads
/// the bare columns (and the GROUP BY key shown) only if that step took a new extremum. The
/// verdict was cleared once read, so a duplicate after a row min() did not take loaded them.
#[test]
fn distinct_minmax_duplicate_follows_the_previous_verdict() {
    assert_script_matches(
        "CREATE TABLE t0(a, b);
INSERT INTO t0 VALUES(5, 'y');
INSERT INTO t0 VALUES(9, 'w');
INSERT INTO t0 VALUES(9, 'z');
SELECT min(DISTINCT a), b FROM t0;
SELECT max(DISTINCT a), b FROM t0;
SELECT min(DISTINCT a) FILTER (WHERE b < 'z'), b FROM t0;
SELECT b, min(DISTINCT a), b FROM t0 GROUP BY a > 0;
CREATE TABLE t1(c0 DOUBLE, c1 REAL, c3 BLOB);
CREATE INDEX t1_i0 ON t1(c3, c1);
INSERT INTO t1 VALUES(1, 1e10, 3);
INSERT INTO t1 VALUES(X'00', 10, 3.0);
INSERT INTO t1 VALUES(NULL, -5, 3.0);
SELECT c3, min(DISTINCT (c0 NOTNULL)), rowid FROM t1 GROUP BY c3;
SELECT c3, max(DISTINCT (c0 NOTNULL)), rowid FROM t1 GROUP BY c3;
SELECT c3, min(DISTINCT (c0 NOTNULL)), rowid FROM t1 GROUP BY +c3;",
    );
}
