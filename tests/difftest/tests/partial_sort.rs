//! ORDER BY whose leading terms an index or the rowid delivers (`USE TEMP B-TREE FOR RIGHT
//! PART OF ORDER BY`, sorted block by block so LIMIT stops the scan), ORDER BY terms after the
//! rowid, and DISTINCT over a result holding the rowid: plans and rows compared with sqlite3.
//! Not done: sqlite3's DISTINCT without a b-tree when an index delivers the distinct columns
//! in order, and DISTINCT run as a GROUP BY whose sort also serves the ORDER BY (`SELECT
//! DISTINCT b FROM t ORDER BY b` sorts twice here): same rows, other plans.

use ferrolite_difftest::assert_plans_match;

const SETUP: &str = "
CREATE TABLE t(a, b, c, d, e INTEGER PRIMARY KEY);
CREATE INDEX ta ON t(a);
CREATE INDEX tc ON t(c);
CREATE INDEX tdb ON t(d, c);
INSERT INTO t(a,b,c,d) VALUES(1,2,3,4),(1,1,2,2),(2,5,1,1),(2,3,3,3),(NULL,1,1,1),(1,NULL,NULL,NULL),
  (3,3,3,3),(2,2,2,2),(1,9,9,9),('x',1,'y',2),(2.0,-1,0,0),(X'00',7,7,7);
CREATE TABLE o(c0 INTEGER PRIMARY KEY, c1 INTEGER, c2);
CREATE INDEX o1 ON o(c1, c0);
INSERT INTO o VALUES(-10,X'',''),(20,X'41',1),(23,X'00',2),(14,X'',3),(5,-9223372036854775808,4),(8,3,5);
";

#[test]
fn leading_order_by_terms_come_from_the_loop() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM t ORDER BY a, b",
            "SELECT * FROM t ORDER BY a DESC, b",
            "SELECT a, c FROM t ORDER BY a, c",
            "SELECT * FROM t WHERE c = 1 ORDER BY a, b",
            "SELECT * FROM t WHERE a > 1 ORDER BY a, b",
            "SELECT * FROM t ORDER BY a, b LIMIT 3",
            "SELECT * FROM t ORDER BY a, b LIMIT 2",
            "SELECT * FROM t ORDER BY a, b LIMIT 2 OFFSET 1",
            "SELECT * FROM t ORDER BY a, b LIMIT 3 OFFSET 2",
            "SELECT * FROM t ORDER BY a DESC, b DESC LIMIT 4 OFFSET 1",
            "SELECT * FROM t ORDER BY a, b, c",
            "SELECT * FROM t ORDER BY d, b",
            "SELECT a, b FROM t ORDER BY a, b COLLATE NOCASE LIMIT 5",
            "SELECT * FROM t ORDER BY a, b + 1",
            "SELECT * FROM t ORDER BY a, b + 1 LIMIT 2",
            "SELECT a, b FROM t ORDER BY a DESC, abs(b) LIMIT 3 OFFSET 1",
            "SELECT * FROM t ORDER BY d, c, b * 2 LIMIT 4",
            "SELECT * FROM t ORDER BY b + 1, a",
            "SELECT a FROM t ORDER BY a, b",
            "SELECT a, e FROM t ORDER BY a, abs(e) LIMIT 1",
            "SELECT * FROM t WHERE a > 1 ORDER BY a, b LIMIT 1",
            "SELECT * FROM t ORDER BY a LIMIT 1",
            // The scan stops after the first blocks: the overflowing abs() of a later row is
            // never computed (difftest seed 1805).
            "SELECT DISTINCT c1, c0, abs(c1) FROM o ORDER BY 1 DESC, 2, 3 ASC LIMIT 4",
            "SELECT c1, c0, abs(c1) FROM o ORDER BY 1 DESC, 2, 3 LIMIT 4",
        ],
    );
}

#[test]
fn terms_after_the_rowid_and_distinct_over_the_rowid() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM t ORDER BY rowid, b",
            "SELECT * FROM t ORDER BY e DESC, a",
            "SELECT DISTINCT e, a FROM t",
            "SELECT DISTINCT a, rowid FROM t",
            "SELECT DISTINCT a + e FROM t",
            "SELECT DISTINCT e, a FROM t ORDER BY a",
            "SELECT DISTINCT a, b FROM t ORDER BY a",
            "SELECT DISTINCT a, b FROM t WHERE a > 1 ORDER BY a, b DESC",
        ],
    );
}

/// A join's ORDER BY on one source's columns comes from the outer loop when every loop is a
/// plain scan: that source goes outermost (difftest seed 2099, where the sort made us compute
/// an overflowing abs() in rows sqlite3 never reaches). A RIGHT/FULL JOIN's second pass keeps
/// the sort (checked by the joins difftest mode; its plans differ: we build an automatic
/// index for `FULL JOIN ... ON j1.b = j0.b` where sqlite3 scans).
#[test]
fn join_order_by_comes_from_the_outer_loop() {
    assert_plans_match(
        "CREATE TABLE j0(a INTEGER PRIMARY KEY, b, c);
CREATE TABLE j1(a INTEGER PRIMARY KEY, b, c);
CREATE INDEX j0b ON j0(b);
INSERT INTO j0 VALUES(1,2,3),(2,1,1),(3,NULL,2),(5,2,2),(-10,-9223372036854775808,0);
INSERT INTO j1 VALUES(1,5,6),(4,4,4),(7,1,-9223372036854775808);",
        &[
            "SELECT j0.a FROM j1, j0 ORDER BY 1",
            "SELECT j0.a FROM j1, j0 ORDER BY j0.rowid",
            "SELECT j1.a FROM j1, j0 ORDER BY j1.rowid",
            "SELECT j0.a FROM j1, j0 ORDER BY j0.b",
            "SELECT j0.a FROM j1 LEFT JOIN j0 ORDER BY j0.rowid",
            "SELECT j0.a FROM j1 CROSS JOIN j0 ORDER BY j0.rowid",
            "SELECT j0.a, j1.b FROM j1, j0 ORDER BY j0.a DESC LIMIT 3",
            "SELECT j0.b, j1.a FROM j1, j0 ORDER BY j0.b, j1.a",
            "SELECT j0.b, j1.a FROM j1, j0 ORDER BY j0.b, j1.a LIMIT 4",
            "SELECT j0.a FROM j1, j0 WHERE abs(min(j0.a, j1.c)) ORDER BY 1 LIMIT 3",
        ],
    );
}
