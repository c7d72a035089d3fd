//! Part "eqgroup": which of several equal values (3 vs 3.0) a GROUP BY key or a bare column
//! shows — which row of a group supplies it — and the order of rows that tie under ORDER BY,
//! compared with the system sqlite3.

use ferrolite_difftest::{assert_plans_match, assert_script_matches};

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

/// Select seed 8317: a join whose loops do not deliver the order (t1 is the inner loop of a
/// CROSS JOIN) still reads t1's index backwards when the ORDER BY, or the GROUP BY in the
/// directions it takes from the ORDER BY (here the window's `count(*) DESC`), wants its terms
/// that way; rows tied under the stable sort keep that order, so max() of 3 and 3.0 is 3.0.
#[test]
fn join_inner_index_reads_backwards_for_a_desc_order() {
    assert_plans_match(
        "CREATE TABLE t0(c0, c1);
INSERT INTO t0 VALUES(1, 1), (2, 2);
CREATE TABLE t1(c0 INTEGER, c1 BLOB, c2);
CREATE INDEX t1_i0 ON t1(c1, c0);
INSERT INTO t1 VALUES(3, 3.0, 0);
INSERT INTO t1 VALUES(2, 3, 0);
INSERT INTO t1 VALUES(5, 3, 1);
INSERT INTO t1 VALUES(2, 3, 1);
INSERT INTO t1 VALUES(4, 1, 0);
",
        &[
            "SELECT t1.c1, sum(max(t1.c1)) OVER (ORDER BY count(*) DESC) FROM t0 CROSS JOIN t1 GROUP BY t1.c1",
            "SELECT t1.c1, group_concat(t0.rowid || '.' || t1.rowid) FROM t0 CROSS JOIN t1 GROUP BY t1.c1 ORDER BY count(*) DESC",
            "SELECT t1.c0, group_concat(t0.rowid || '.' || t1.rowid) FROM t0 CROSS JOIN t1 GROUP BY t1.c1 ORDER BY t1.c0 DESC",
            "SELECT t1.c1, group_concat(t0.rowid || '.' || t1.rowid) FROM t0 CROSS JOIN t1 GROUP BY t1.c1 ORDER BY count(*) ASC",
            "SELECT t1.c1, t0.rowid, t1.rowid FROM t0 CROSS JOIN t1 ORDER BY 1 DESC",
            "SELECT t1.c1, t0.rowid, t1.rowid FROM t0 CROSS JOIN t1 ORDER BY t1.c1 DESC, t1.c0 DESC",
            "SELECT t1.c1, t0.rowid, t1.rowid FROM t0 CROSS JOIN t1 ORDER BY 1 DESC, t1.c0 ASC",
            "SELECT t1.c1, t0.rowid, t1.rowid FROM t0 CROSS JOIN t1 ORDER BY t0.c0, 1 DESC",
            "SELECT t1.c0, t0.rowid, t1.rowid FROM t0 CROSS JOIN t1 ON t1.c1 = 3 ORDER BY t1.c0 DESC",
        ],
    );
}

/// Select seeds 9635, 12733: a join's GROUP BY repeated by its ORDER BY (`GROUP BY t2.c3
/// ORDER BY 1 DESC`) reads the grouping source's index backwards as the outer loop, with no
/// sorter at all, as for a single table; each group's key then comes from its first row in
/// that order (3 rather than 3.0). (Our EXPLAIN QUERY PLAN still shows a `USE TEMP B-TREE
/// FOR ORDER BY` line there, single table or join, that sqlite3 does not: the extra stable
/// sort changes no row.)
#[test]
fn join_group_by_repeated_by_order_by_reads_backwards() {
    assert_script_matches(
        "CREATE TABLE t0(c0 BOOLEAN, c1);
CREATE INDEX t0_i0 ON t0(c1, c0);
INSERT INTO t0 VALUES(' 5', 3);
INSERT INTO t0 VALUES('1.5', 3.0);
CREATE TABLE t1(c0 NUMERIC, c1 INTEGER);
INSERT INTO t1 VALUES(NULL, -9223372036854775808);
CREATE TABLE t2(c0 NUMERIC, c1, c2 DOUBLE, c3 BLOB, c4);
CREATE INDEX t2_i1 ON t2(c3, c2);
INSERT INTO t2 VALUES(X'41', 100, 0.5, 3.0, 10);
INSERT INTO t2 VALUES(-2.25, 'ABC', 10, 3, 2);
SELECT t0.c1 FROM t0, t1 WHERE ((CAST(t1.c0 AS INTEGER) | (-t1.c0)) ISNULL) GROUP BY t0.c1 ORDER BY 1 DESC;
SELECT t2.c3 FROM t1, t2 GROUP BY t2.c3 HAVING count(*) >= 1 ORDER BY 1 DESC;
SELECT t2.c3, count(*) FROM t1, t2 GROUP BY t2.c3 ORDER BY 1 ASC;
SELECT t2.c3, group_concat(t2.rowid) FROM t2 CROSS JOIN t1 GROUP BY t2.c3 ORDER BY 1 DESC;",
    );
}
