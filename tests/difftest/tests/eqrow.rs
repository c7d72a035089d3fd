//! Part "eqrow": which of several equal rows or values comes out first, compared with the
//! system sqlite3 — the loop order of a join (which decides the order in which each group's
//! rows are accumulated: REAL sums, min()/max() ties, bare columns) and which aggregate call
//! decides the bare columns.

use ferrolite_difftest::assert_script_matches;

fn script(setup: &str, queries: &str) -> String {
    format!("{setup}\n{queries}")
}

/// Select seed 3441: `FROM t0, t2 GROUP BY t0.c1` loops t0 first, through its index on c1,
/// as sqlite3 does to skip the GROUP BY sort, so each group's REAL sum adds its rows in
/// that order.
const S3441: &str = r#"
CREATE TABLE t0(c0 INT, c1 VARCHAR(10), c2 BLOB);
CREATE INDEX t0_i0 ON t0(c2);
CREATE INDEX t0_i1 ON t0(c1, c0);
INSERT INTO t0 VALUES(X'4142', 3, 3.0);
INSERT INTO t0 VALUES(-9223372036854775808, 1.5, '5x');
INSERT INTO t0 VALUES(' 5', '', NULL);
INSERT INTO t0 VALUES(1.5, X'41', NULL);
INSERT INTO t0 VALUES(X'', X'4142', 1.5);
INSERT INTO t0 VALUES('5x', '1.5', '1.5');
INSERT INTO t0 VALUES(' 5', 2, 7);
INSERT INTO t0 VALUES('ABC', 'b', 3.0);
INSERT INTO t0 VALUES('ABC', 2, 2);
INSERT INTO t0 VALUES('b', 'a', -2.25);
CREATE TABLE t1(c0 NUMERIC, c1 INT, c2 BLOB);
INSERT INTO t1 VALUES(2147483648, X'00', X'');
INSERT INTO t1 VALUES('', '1.5', X'00');
INSERT INTO t1 VALUES(X'00', X'4142', 2147483648);
INSERT INTO t1 VALUES(10, 2147483648, 0.5);
INSERT INTO t1 VALUES(0.5, -5, X'4142');
INSERT INTO t1 VALUES('1.5', 1.5, X'');
INSERT INTO t1 VALUES(1, 'a', 7);
INSERT INTO t1 VALUES('ABC', 2147483648, 1e10);
CREATE TABLE t2(c0 BOOLEAN, c1 VARCHAR(10));
INSERT INTO t2 VALUES('5x', 3);
INSERT INTO t2 VALUES(3, '5x');
INSERT INTO t2 VALUES(X'41', 3);
INSERT INTO t2 VALUES(-2.25, 'b');
INSERT INTO t2 VALUES('abc', 'ABC');
INSERT INTO t2 VALUES('abc', -9223372036854775808);
INSERT INTO t2 VALUES(1.5, ' 5');
INSERT INTO t2 VALUES(1.5, -2.25);
INSERT INTO t2 VALUES(X'4142', 'a');
INSERT INTO t2 VALUES(1e10, 7);
INSERT INTO t2 VALUES('x%', '5x');
INSERT INTO t2 VALUES(-5, 9223372036854775807);
INSERT INTO t2 VALUES(7, X'00');
INSERT INTO t2 VALUES(X'', '1.5');
SELECT 1e10, c2 FROM t0 WHERE (CAST(c0 AS BLOB) IN ('abc', 1, CASE WHEN c0 THEN c0 ELSE c2 END)) ORDER BY 1 ASC, 2 ASC LIMIT 2;
SELECT t0.c1, sum(CAST(t2.c1 AS REAL)), min(ltrim(-1)) FROM t0 , t2 GROUP BY t0.c1 ORDER BY 1 DESC, 2 ASC, 3;
SELECT t0.c0, sum((t2.c0 + t0.c2)), cume_dist() OVER (ORDER BY count(*)) FROM t0 LEFT JOIN t2 ON (t0.c1 BETWEEN t0.c0 AND 'b') WHERE (CAST(t2.c0 AS BLOB) ISNULL) GROUP BY t0.c0;
"#;

#[test]
fn join_group_by_loops_the_grouping_source_first() {
    assert_script_matches(&script(
        S3441,
        "SELECT t0.c1, sum(CAST(t2.c1 AS REAL)), min(ltrim(-1)) FROM t0 , t2 GROUP BY t0.c1 ORDER BY 1 DESC, 2 ASC, 3;
SELECT t0.c1, sum(CAST(t2.c1 AS REAL)) FROM t2, t0 GROUP BY t0.c1;
SELECT t0.c1, sum(CAST(t2.c1 AS REAL)) FROM t2 JOIN t0 GROUP BY t0.c1 ORDER BY 1;
SELECT t0.c1, group_concat(t2.c0) FROM t2, t0 GROUP BY t0.c1;",
    ));
}

/// Select seed 4137: a non-covering index on the GROUP BY column is read first in a join;
/// `min()` of an integer sum overflowing to REAL keeps the first of equal values.
const S4137: &str = r#"
CREATE TABLE t0(c0 BOOLEAN, c1 DOUBLE, c2 INT, c3 TEXT);
CREATE INDEX t0_i0 ON t0(c0);
CREATE INDEX t0_i1 ON t0(c2, c1);
INSERT INTO t0 VALUES(3.0, 3, -1, -1);
INSERT INTO t0 VALUES(-1, 2147483648, -2.25, '1.5');
INSERT INTO t0 VALUES(X'', '', '10', X'41');
INSERT INTO t0 VALUES('ABC', 1.5, -9223372036854775808, '5x');
INSERT INTO t0 VALUES('ABC', NULL, 'a', '5x');
INSERT INTO t0 VALUES(X'', 'x%', 7, X'');
INSERT INTO t0 VALUES(X'4142', -2.25, 'ABC', X'00');
INSERT INTO t0 VALUES(10, 2, '10', '');
INSERT INTO t0 VALUES(0, -9223372036854775808, 0.5, 1.5);
INSERT INTO t0 VALUES(-2.25, 'abc', 0, 100);
INSERT INTO t0 VALUES(-5, 1e10, X'00', 3.0);
INSERT INTO t0 VALUES(-5, 'x%', 0.5, X'4142');
INSERT INTO t0 VALUES('10', 0.5, X'41', 3.0);
INSERT INTO t0 VALUES(X'', 7, 'x%', 1.5);
INSERT INTO t0 VALUES(3.0, 'b', '', 'abc');
INSERT INTO t0 VALUES(2147483648, NULL, '10', 0.5);
INSERT INTO t0 VALUES('abc', 'ABC', X'41', 9223372036854775807);
INSERT INTO t0 VALUES('ABC', X'4142', 3, -5);
INSERT INTO t0 VALUES(0, 1, NULL, 7);
INSERT INTO t0 VALUES(0.5, -1, '1.5', 7);
INSERT INTO t0 VALUES(0, 1e10, 2147483648, 1);
INSERT INTO t0 VALUES(-5, 7, -9223372036854775808, '5x');
INSERT INTO t0 VALUES(-5, '10', X'00', 2147483648);
INSERT INTO t0 VALUES(7, '5x', -1, 'abc');
CREATE TABLE t1(c0, c1 TEXT, c2 BOOLEAN, c3 VARCHAR(10), c4 BLOB);
CREATE INDEX t1_i0 ON t1(c3, c2);
INSERT INTO t1 VALUES(NULL, 2, 'b', '1.5', 0.5);
INSERT INTO t1 VALUES('b', '', -9223372036854775808, 2, '10');
INSERT INTO t1 VALUES(-5, 'x%', ' 5', 'b', '');
INSERT INTO t1 VALUES(-1, 1e10, 1e10, -9223372036854775808, 0);
INSERT INTO t1 VALUES(2, -2.25, -5, 3.0, -5);
INSERT INTO t1 VALUES(3.0, '10', 0, 10, -1);
INSERT INTO t1 VALUES(1e10, -9223372036854775808, 9223372036854775807, -2.25, 'ABC');
INSERT INTO t1 VALUES(-1, '5x', 10, ' 5', 'x%');
INSERT INTO t1 VALUES(9223372036854775807, '10', 0, X'41', 2147483648);
INSERT INTO t1 VALUES(NULL, X'41', X'4142', X'4142', ' 5');
INSERT INTO t1 VALUES(X'4142', 'ABC', -1, 7, 'x%');
INSERT INTO t1 VALUES(-1, 'x%', X'00', X'00', 2);
INSERT INTO t1 VALUES('b', '5x', 'b', 1e10, X'00');
INSERT INTO t1 VALUES(7, 2, '', NULL, 'ABC');
INSERT INTO t1 VALUES('ABC', 9223372036854775807, NULL, 7, 0.5);
CREATE TABLE t2(c0 VARCHAR(10), c1 DOUBLE, c2 BOOLEAN, c3 INTEGER, c4 BLOB);
CREATE INDEX t2_i0 ON t2(c2);
CREATE INDEX t2_i1 ON t2(c1);
INSERT INTO t2 VALUES(9223372036854775807, 10, 10, X'4142', -1);
INSERT INTO t2 VALUES(X'4142', '1.5', 3, 7, 10);
INSERT INTO t2 VALUES(1, 'b', 2147483648, X'4142', '1.5');
INSERT INTO t2 VALUES(-1, 0, -5, '', 9223372036854775807);
INSERT INTO t2 VALUES('abc', X'', 1, 2, X'4142');
INSERT INTO t2 VALUES(1, '10', 'b', 3, 'x%');
INSERT INTO t2 VALUES(' 5', 'ABC', X'4142', X'00', 'abc');
INSERT INTO t2 VALUES(3.0, 3, 1e10, 9223372036854775807, 0.5);
INSERT INTO t2 VALUES('', 10, -5, 0.5, -9223372036854775808);
INSERT INTO t2 VALUES(-9223372036854775808, 10, -9223372036854775808, -5, 'b');
INSERT INTO t2 VALUES(-1, 1e10, X'', 0.5, ' 5');
INSERT INTO t2 VALUES('x%', X'4142', 0, 1.5, '1.5');
INSERT INTO t2 VALUES(X'41', X'00', -9223372036854775808, '', X'4142');
INSERT INTO t2 VALUES('5x', 'b', '1.5', 1.5, -1);
INSERT INTO t2 VALUES(X'4142', -2.25, 2, -5, 9223372036854775807);
INSERT INTO t2 VALUES(X'4142', 0, '5x', 0, 10);
INSERT INTO t2 VALUES(X'', 7, 9223372036854775807, 2, 9223372036854775807);
INSERT INTO t2 VALUES(9223372036854775807, 2, 7, 3, 'ABC');
INSERT INTO t2 VALUES(-2.25, ' 5', -1, 10, 1.5);
INSERT INTO t2 VALUES(1.5, NULL, X'00', 100, 'a');
INSERT INTO t2 VALUES(NULL, 'abc', 1, X'41', 1.5);
INSERT INTO t2 VALUES(0.5, 'x%', 1, 'ABC', -5);
"#;

#[test]
fn join_group_by_reads_an_ordering_index_outer() {
    assert_script_matches(&script(
        S4137,
        "SELECT t0.c2, min((t1.c1 + t0.c3)), count(*) FROM t1 JOIN t0 ON instr(t0.c2, t0.c2) GROUP BY t0.c2;
SELECT t0.c2, group_concat(t1.rowid), group_concat(t0.rowid) FROM t1, t0 GROUP BY t0.c2;",
    ));
}

/// A repeated aggregate call is one call (one accumulator): the bare columns come from the
/// row chosen by the last *distinct* min()/max() call, so a repeat of an earlier call in
/// HAVING or ORDER BY does not make that one decide again.
#[test]
fn repeated_min_max_calls_are_one_call() {
    assert_script_matches(
        "CREATE TABLE t(a, b, c);
INSERT INTO t VALUES(1, 3.0, NULL);
INSERT INTO t VALUES(2, 3, NULL);
INSERT INTO t VALUES(3, 3, 5);
INSERT INTO t VALUES(4, 3, 1);
SELECT a, max(b), max(c), max(b) FROM t GROUP BY b;
SELECT a, max(b), max(c), max( b ) FROM t GROUP BY b;
SELECT a, max(b), max(c) FROM t GROUP BY b HAVING max(b) > 0;
SELECT a, max(b), max(c) FROM t GROUP BY b ORDER BY max(b);
SELECT a, max(b), max(c) FROM t GROUP BY b ORDER BY 2;
SELECT a, max(b), max(c) FROM t GROUP BY b HAVING max(b) FILTER (WHERE 1) > 0;
SELECT a, max(b), max(c) FROM t HAVING max(b) > 0;
SELECT a, max(b), max(c), max(b) FROM t;
SELECT a, max(b) OVER (), max(c) FROM t GROUP BY b HAVING max(b) > 0;
SELECT b, max(c), count(*) OVER (ORDER BY max(b) DESC) FROM t GROUP BY b ORDER BY 1, 2;
SELECT a, min(c), sum(a), min(c) FROM t GROUP BY b;",
    );
}

/// Select seed 5581: `ORDER BY 2` names `max(t1.c0 != NULL)` again after the window's
/// `max(t0.c2)`; sqlite3 merges the two, so `max(t0.c2)` (the last distinct call) decides the
/// bare `t0.c2`: 3.0, the first of the group's equal 3.0 and 3.
const S5581: &str = r#"
CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 VARCHAR(10), c2, c3 VARCHAR(10));
INSERT INTO t0 VALUES(-10, 3, 1e10, 'ABC');
INSERT INTO t0 VALUES(-7, 'a', '', 3);
INSERT INTO t0 VALUES(-4, -2.25, X'', X'');
INSERT INTO t0 VALUES(-1, X'00', -1, 1);
INSERT INTO t0 VALUES(2, 10, X'', 0);
INSERT INTO t0 VALUES(5, 1, 'abc', '1.5');
INSERT INTO t0 VALUES(8, 3, 'abc', 1.5);
INSERT INTO t0 VALUES(11, '10', 7, X'4142');
INSERT INTO t0 VALUES(14, 'a', 'abc', 2147483648);
INSERT INTO t0 VALUES(17, 0.5, 2, 1.5);
INSERT INTO t0 VALUES(20, 1e10, 3.0, '');
INSERT INTO t0 VALUES(23, 1e10, 0, NULL);
INSERT INTO t0 VALUES(26, 9223372036854775807, NULL, 9223372036854775807);
INSERT INTO t0 VALUES(29, 'ABC', 2, '1.5');
INSERT INTO t0 VALUES(32, -9223372036854775808, -2.25, '1.5');
INSERT INTO t0 VALUES(35, 1.5, X'', -2.25);
INSERT INTO t0 VALUES(38, '', 3, '1.5');
INSERT INTO t0 VALUES(41, '1.5', 'b', 3);
INSERT INTO t0 VALUES(44, 0.5, 'a', '5x');
INSERT INTO t0 VALUES(47, -1, 9223372036854775807, '1.5');
INSERT INTO t0 VALUES(50, -5, '', '5x');
INSERT INTO t0 VALUES(53, X'', -2.25, '5x');
INSERT INTO t0 VALUES(56, 3.0, 'abc', 1.5);
INSERT INTO t0 VALUES(59, '10', 'b', NULL);
CREATE TABLE t1(c0 DOUBLE, c1 INT, c2 VARCHAR(10), c3 BOOLEAN, c4 REAL);
CREATE INDEX t1_i0 ON t1(c4, c0);
CREATE INDEX t1_i1 ON t1(c4);
INSERT INTO t1 VALUES(0, '', X'41', X'4142', 10);
CREATE TABLE t2(c0 DOUBLE, c1);
CREATE INDEX t2_i0 ON t2(c1);
INSERT INTO t2 VALUES('x%', 100);
INSERT INTO t2 VALUES('10', 'abc');
INSERT INTO t2 VALUES(100, 3);
INSERT INTO t2 VALUES('1.5', 'a');
INSERT INTO t2 VALUES(NULL, NULL);
INSERT INTO t2 VALUES(' 5', 'x%');
INSERT INTO t2 VALUES('a', 9223372036854775807);
INSERT INTO t2 VALUES(NULL, 3.0);
INSERT INTO t2 VALUES(X'4142', X'41');
INSERT INTO t2 VALUES(1, X'4142');
"#;

#[test]
fn order_by_number_repeats_a_call_without_deciding() {
    assert_script_matches(&script(
        S5581,
        "SELECT t0.c2, max((t1.c0 != NULL)), cume_dist() OVER (ORDER BY max(t0.c2) DESC) FROM t1 , t0 GROUP BY t0.c2 ORDER BY 1 ASC, 2 ASC;",
    ));
}

/// An automatic index orders equal keys by the query's other columns in table order, or by
/// every column when the query reads a generated one (ddl seed 3664).
#[test]
fn automatic_index_orders_equal_keys_like_sqlite() {
    assert_script_matches(
        "CREATE TABLE a(x);
INSERT INTO a VALUES(1);
CREATE TABLE b(k, c0, c1);
INSERT INTO b VALUES(1, 2, 'z');
INSERT INTO b VALUES(1, 1, 'y');
INSERT INTO b VALUES(1, 3, 'x');
SELECT b.c1, b.c0 FROM a CROSS JOIN b WHERE a.x = b.k;
SELECT b.c0, b.c1 FROM a CROSS JOIN b WHERE a.x = b.k;
SELECT b.c1 FROM a CROSS JOIN b WHERE a.x = b.k;
CREATE TABLE g(k, c0, c1, v AS (c0 + 0));
INSERT INTO g VALUES(1, 2, 'z');
INSERT INTO g VALUES(1, 1, 'y');
INSERT INTO g VALUES(1, 3, 'x');
SELECT g.c1 FROM a CROSS JOIN g WHERE a.x = g.k;
SELECT g.c1, g.c0 FROM a CROSS JOIN g WHERE a.x = g.k;
SELECT g.v, g.c1 FROM a CROSS JOIN g WHERE a.x = g.k;
CREATE TABLE g2(k, c1, c0, v AS (k + 0) STORED);
INSERT INTO g2 VALUES(1, 'z', 2);
INSERT INTO g2 VALUES(1, 'y', 1);
INSERT INTO g2 VALUES(1, 'x', 3);
SELECT g2.c0 FROM a CROSS JOIN g2 WHERE a.x = g2.k;
SELECT g2.c0 FROM a CROSS JOIN g2 WHERE a.x = g2.v;
SELECT g2.c0, g2.v FROM a CROSS JOIN g2 WHERE a.x = g2.k;
CREATE TABLE t(c0, c1 BLOB, g0 AS (CASE WHEN c0 > c0 THEN c0 ELSE 0 END));
INSERT INTO t(c0, c1) VALUES(X'4142', 3);
INSERT INTO t(c0, c1) VALUES('', 3.0);
CREATE TABLE u(c0 NUMERIC);
INSERT INTO u VALUES(0);
INSERT INTO u VALUES(0);
SELECT t.c1 FROM u CROSS JOIN t WHERE u.c0 == t.g0 GROUP BY t.c1;",
    );
}

/// ORDER BY terms after the INTEGER PRIMARY KEY cannot reorder anything, even when they are
/// expressions: the loop delivers the ORDER BY and no sorter turns the VIRTUAL REAL column
/// into an INTEGER (ddl seed 3184).
#[test]
fn order_by_through_the_rowid_needs_no_sorter() {
    assert_script_matches(
        "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 INTEGER, g2 DOUBLE AS (hex(c1)) VIRTUAL);
INSERT INTO t0(c0, c1) VALUES(1, 3), (2, 51), (-5, 3);
SELECT c0, g2, c1 + 1 FROM t0 ORDER BY 1 DESC, 2, 3 LIMIT 4;
SELECT c0, g2, c1 + 1 FROM t0 ORDER BY 1 DESC, 3, 2 LIMIT 2 OFFSET 1;
SELECT c0, g2 FROM t0 ORDER BY c0, g2 + 0;
SELECT c0, g2 FROM t0 ORDER BY rowid, g2 + 0;
SELECT c0, g2 FROM t0 WHERE c1 > 0 ORDER BY c0 DESC, g2 + 0 LIMIT 1;",
    );
}

/// Join order without useful indexes: a scan through a narrower covering index goes inside,
/// unless the other table's terms filter more than the index saves; a term that is not an
/// equality (range, IN, LIKE, OR, bare column) is only a weak filter (select seed 3667, where
/// the REAL `avg() OVER ()` adds the rows in the join's order).
#[test]
fn weak_filters_keep_the_covering_scan_inside() {
    let mut s = String::from(
        "CREATE TABLE a(x, y, z);
CREATE TABLE b(x, y, z);
CREATE INDEX bi ON b(x, y);
INSERT INTO a VALUES(1, 2, 3), (4, 5, 6), (7, 8, 9);
INSERT INTO b VALUES(3, 2, 1), (6, 5, 4), (9, 8, 7), (0, 1, 1);\n",
    );
    for from in ["a, b", "b, a"] {
        for w in [
            "b.x",
            "b.x OR b.y",
            "b.x AND b.y",
            "b.x AND b.y AND b.z",
            "b.y > 1",
            "b.y > 1 AND b.y < 9",
            "b.y BETWEEN 1 AND 8",
            "b.y IN (1, 2, 5)",
            "b.y LIKE '%'",
            "a.x",
            "a.x > 0",
        ] {
            s.push_str(&format!("SELECT a.x, b.x FROM {from} WHERE {w};\n"));
        }
    }
    s.push_str("SELECT b.x, avg(a.y * 1e18 + b.x) OVER () FROM b, a WHERE b.x OR b.y;\n");
    assert_script_matches(&s);
}

/// `SELECT DISTINCT ... ORDER BY` the result list becomes a GROUP BY in sqlite3 (plain REAL
/// rows) only when no result column holds a subquery; otherwise the DISTINCT b-tree and the
/// sorter give a VIRTUAL REAL column's int-real value back as an INTEGER (ddl seed 3801).
#[test]
fn distinct_with_a_subquery_stays_distinct() {
    assert_script_matches(
        "CREATE TABLE t0(c0 NUMERIC, c1 REAL, g0 DOUBLE AS (CASE WHEN c1 > c0 THEN c1 ELSE '1.5' END));
CREATE INDEX t0_i0 ON t0(g0);
INSERT INTO t0(c0, c1) VALUES(-1, 0), (1, 3), (0, 3), (2, 5);
SELECT DISTINCT g0, (SELECT 1) FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0, EXISTS (SELECT 1) FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0, (SELECT 1) + c0 FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0, c0 IN (SELECT 1) FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0, (SELECT max(c0) FROM t0) FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0 FROM t0 WHERE EXISTS (SELECT 1) ORDER BY 1;
SELECT DISTINCT g0, c0 FROM t0 ORDER BY 1, 2;
SELECT DISTINCT g0, c0 + 1, c1 FROM t0 ORDER BY 1, 2, 3;",
    );
}

/// An aggregate read by a window keeps an int-real result (a VIRTUAL REAL column chosen by
/// min()/max()) when no GROUP BY sorter came first: sqlite3 stores it in the window's row as
/// an integer and reads back an INTEGER; column references read back REAL (ddl seed 6472).
#[test]
fn window_over_aggregate_reads_back_its_int_real_result() {
    assert_script_matches(
        "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c2 ANY, g1 REAL AS (coalesce(c0, c2)) VIRTUAL) STRICT;
INSERT INTO t0(c0, c2) VALUES(5, 1), (10000000000, 2);
SELECT max(g1), count(*) OVER () FROM t0;
SELECT min(g1), count(*) OVER (), max(g1) FROM t0;
SELECT max(g1), count(*) OVER () FROM t0 GROUP BY c2;
SELECT c0, max(g1), count(*) OVER () FROM t0 GROUP BY c0;
SELECT c0, max(CASE WHEN c2 THEN g1 ELSE 'abc' END), rank() OVER (ORDER BY count(*)) FROM t0 GROUP BY c0;
SELECT g1, count(*) OVER () FROM t0;
SELECT g1, max(g1), count(*) OVER () FROM t0 GROUP BY c2;
SELECT CASE WHEN 1 THEN g1 END, count(*) OVER () FROM t0;
SELECT max(g1, 0), count(*) OVER () FROM t0;
SELECT g1, count(*) OVER (ORDER BY g1) FROM t0;",
    );
}
