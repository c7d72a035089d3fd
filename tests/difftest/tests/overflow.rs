//! Part "overflow": where an "integer overflow" error arises depends on which rows and
//! expressions an engine evaluates; compared with the system sqlite3 (rows, errors and
//! EXPLAIN QUERY PLAN details).

use ferrolite_difftest::{assert_plans_match, assert_script_matches};

/// Select seeds 7659, 7950, 16817, 17649: a GROUP BY whose loop delivers the groups (an
/// index, the rowid, a join's outer loop) walks the rows as the loop reads them, and an
/// ORDER BY that repeats the GROUP BY has no sorter, so LIMIT stops the loop: the WHERE (or
/// ON) of the rows past the limit, whose abs() overflows, is never evaluated. We used to
/// sort both the rows (GROUP BY) and the groups (ORDER BY) first.
const GROUP_LIMIT: &str = r#"
CREATE TABLE t0(c0, c1);
CREATE INDEX t0_i0 ON t0(c0);
INSERT INTO t0 VALUES(1, -9223372036854775808);
INSERT INTO t0 VALUES(2, 5);
INSERT INTO t0 VALUES(3, 6);
INSERT INTO t0 VALUES(3, 7);
INSERT INTO t0 VALUES(4, 8);
CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1);
INSERT INTO t1 VALUES(1, 5);
INSERT INTO t1 VALUES(2, 6);
INSERT INTO t1 VALUES(3, -9223372036854775808);
CREATE TABLE t2(c0);
INSERT INTO t2 VALUES(1);
CREATE TABLE t3(c0, c1);
INSERT INTO t3 VALUES(2, 5);
INSERT INTO t3 VALUES(1, 6);
INSERT INTO t3 VALUES(1, 7);
INSERT INTO t3 VALUES(3, -9223372036854775808);
SELECT c0 FROM t0 WHERE abs(c1) GROUP BY c0 ORDER BY 1 DESC LIMIT 2;
SELECT c0, count(*) FROM t0 WHERE abs(c1) GROUP BY c0 ORDER BY c0 DESC LIMIT 2;
SELECT c0, count(*) FROM t0 WHERE abs(c1) GROUP BY c0 ORDER BY c0 DESC LIMIT 2 OFFSET 2;
SELECT c0 FROM t0 WHERE abs(c1) GROUP BY c0 ORDER BY 1 LIMIT 1;
SELECT t1.c0 FROM t1 WHERE abs(c1) GROUP BY c0 ORDER BY 1 ASC LIMIT 2;
SELECT t1.c0 FROM t1 WHERE abs(c1) GROUP BY c0 LIMIT 1;
SELECT t1.c0 FROM t1 WHERE abs(c1) GROUP BY c0 ORDER BY 1 ASC LIMIT 1 OFFSET 1;
SELECT t1.c0 FROM t1 LEFT JOIN t2 ON abs(t1.c1) GROUP BY t1.c0 ORDER BY 1 ASC LIMIT 1;
SELECT t0.c0 FROM t0 LEFT JOIN t2 ON abs(t0.c1) GROUP BY t0.c0 ORDER BY 1 DESC LIMIT 2;
SELECT t0.c0 FROM t0 JOIN t2 ON abs(t0.c1) GROUP BY t0.c0 ORDER BY 1 DESC LIMIT 3;
SELECT c0, sum(abs(c1)) FROM t3 GROUP BY c0 ORDER BY c0 LIMIT 2;
SELECT c0, sum(abs(c1)) FROM t3 GROUP BY c0 ORDER BY c0 DESC LIMIT 1;
SELECT DISTINCT c0, sum(abs(c1)) FROM t3 GROUP BY c0 ORDER BY c0 LIMIT 1;
SELECT c0, sum(abs(c1)) FROM t3 GROUP BY c0 ORDER BY c0 LIMIT 2 OFFSET 1;
"#;

#[test]
fn group_by_ordered_by_itself_stops_at_limit() {
    assert_script_matches(GROUP_LIMIT);
}

const GROUP_PLANS: &str = "
CREATE TABLE g(a, b, c, d TEXT COLLATE NOCASE);
CREATE INDEX g_ab ON g(a, b);
CREATE TABLE h(a, b, d TEXT COLLATE NOCASE);
CREATE TABLE j(x, y);
INSERT INTO g VALUES(1, 2, 3, 'x'), (1, 2, 4, 'X'), (2, NULL, 5, 'y'), (NULL, 1, 6, 'z');
INSERT INTO h VALUES(1, 2, 'x'), (1, 3, 'X'), (2, NULL, 'y'), (NULL, 1, 'z');
INSERT INTO j VALUES(1, 1), (2, 2);
";

/// When the ORDER BY repeats the GROUP BY (as sqlite3 compares them: same expressions, a
/// column however qualified, same COLLATE, default NULLS placement) and the groups come out
/// in its order, there is no ORDER BY sorter; an index grouping them in other directions
/// leaves the ORDER BY to sort.
#[test]
fn order_by_repeating_group_by_has_no_sorter() {
    assert_plans_match(
        GROUP_PLANS,
        &[
            "SELECT a FROM g GROUP BY a ORDER BY a",
            "SELECT a FROM g GROUP BY a ORDER BY g.a DESC",
            "SELECT a, b FROM g GROUP BY a, b ORDER BY a DESC, b DESC",
            "SELECT a, b FROM g GROUP BY a, b ORDER BY a DESC, b ASC",
            "SELECT a, b FROM g GROUP BY a COLLATE NOCASE, b ORDER BY a COLLATE NOCASE, b",
            "SELECT a FROM g GROUP BY a ORDER BY a NULLS LAST",
            "SELECT a, count(*) FROM g GROUP BY a HAVING count(*) > 1 ORDER BY a DESC",
            "SELECT g.a, count(*) FROM g, j GROUP BY g.a ORDER BY 1 DESC",
            "SELECT a, b FROM h GROUP BY a, b ORDER BY a DESC, b ASC",
            "SELECT a, b FROM h GROUP BY a, b ORDER BY b, a",
            "SELECT a FROM h GROUP BY a ORDER BY a DESC NULLS LAST",
            "SELECT a FROM h GROUP BY a ORDER BY a DESC NULLS FIRST",
            "SELECT d FROM h GROUP BY d ORDER BY d COLLATE NOCASE",
            "SELECT d FROM h GROUP BY d COLLATE NOCASE ORDER BY d",
            "SELECT b FROM h GROUP BY b COLLATE NOCASE ORDER BY b COLLATE NOCASE",
            "SELECT b COLLATE NOCASE FROM h GROUP BY 1 ORDER BY 1",
            "SELECT a + 1 AS x FROM h GROUP BY x ORDER BY x",
            "SELECT a FROM h GROUP BY (a) ORDER BY +a",
            "SELECT a, b FROM h GROUP BY a, b ORDER BY a",
            "SELECT a, count(*) FROM h GROUP BY a ORDER BY a, a",
        ],
    );
}

/// Select seeds 14603, 16524: `x BETWEEN col AND y` bounds `col` from above (`col <= x`),
/// `x BETWEEN y AND col` from below, so sqlite3 reads an index on `col` as a range
/// (`SEARCH t0 USING INDEX i (c0<?)`); we scanned the table, so `sum()` added the same rows
/// in another order and met a non-integer before the overflow that sqlite3 reports.
const BETWEEN_COL: &str = "
CREATE TABLE b(c0 TEXT, c1 TEXT);
CREATE INDEX b_c0 ON b(c0);
INSERT INTO b VALUES(3, 'A'), (0, 9223372036854775807), (0.5, 'ABC'), (-1, 9223372036854775807);
INSERT INTO b VALUES(2147483648, 'abc'), ('x', 5);
CREATE TABLE b2(c0, c1);
CREATE INDEX b2_c0 ON b2(c0);
CREATE INDEX b2_c1 ON b2(c1);
INSERT INTO b2 VALUES(1, 9), (5, 2), (3, 4);
";

#[test]
fn between_bounds_a_column_operand() {
    assert_script_matches(&format!(
        "{BETWEEN_COL}
SELECT (SELECT sum(c1) FROM b WHERE 3.0 BETWEEN c0 AND c1);
SELECT sum(c1) FROM b WHERE 3.0 BETWEEN c0 AND c1;
SELECT c0, c1 FROM b WHERE 3.0 BETWEEN c0 AND c1;
SELECT c0 FROM b2 WHERE 3 BETWEEN c0 AND 10;
SELECT c0 FROM b2 WHERE 3 BETWEEN -1 AND c1;
"
    ));
    assert_plans_match(
        BETWEEN_COL,
        &[
            "SELECT sum(c1) FROM b WHERE 3.0 BETWEEN c0 AND c1",
            "SELECT * FROM b2 WHERE 3 BETWEEN c0 AND 10",
            "SELECT * FROM b2 WHERE 3 BETWEEN -1 AND c1",
            "SELECT * FROM b2 WHERE c0 BETWEEN c1 AND 5",
            "SELECT * FROM b2 WHERE 3 NOT BETWEEN c0 AND c1",
        ],
    );
}

/// Select seed 44907: a full scan of an empty table leaves the whole join (or, inside the
/// right-hand table of a LEFT JOIN, that table's loop, which then adds its NULL row), as
/// sqlite3's `Rewind` does, so the outer loops' later rows and their WHERE terms are never
/// read. We ended only the empty table's loop and went on to the outer table's row whose
/// abs() overflows.
const EMPTY_SCAN: &str = "
CREATE TABLE a(x, y);
CREATE TABLE b(x, y);
CREATE TABLE c(x, y);
CREATE TABLE e(x, y);
INSERT INTO a VALUES(1, 1), (2, -9223372036854775808), (3, 3);
INSERT INTO c VALUES(1, 5), (2, 0), (3, -9223372036854775808);
INSERT INTO e VALUES(NULL, 1), (2, -9223372036854775808);
SELECT e.y, count(*) FROM b JOIN e ON e.x IS NULL WHERE abs(e.y) GROUP BY e.y;
SELECT * FROM a CROSS JOIN b WHERE abs(a.y);
SELECT * FROM a CROSS JOIN c CROSS JOIN b WHERE abs(c.y);
SELECT * FROM a CROSS JOIN c CROSS JOIN b ORDER BY a.rowid DESC;
SELECT * FROM a LEFT JOIN c ON c.y > a.y CROSS JOIN b WHERE abs(c.y);
SELECT * FROM a LEFT JOIN c ON c.x > 5 CROSS JOIN b WHERE abs(a.y);
SELECT * FROM a LEFT JOIN b ON 1 CROSS JOIN c WHERE abs(c.y);
SELECT * FROM a LEFT JOIN b ON abs(a.y) CROSS JOIN c;
SELECT * FROM a CROSS JOIN c LEFT JOIN b ON abs(c.y);
SELECT * FROM c RIGHT JOIN a ON abs(a.y) CROSS JOIN b;
SELECT * FROM a, json_each(CASE WHEN a.x = 1 THEN '[]' ELSE '[1]' END) WHERE abs(a.y);
";

#[test]
fn empty_full_scan_leaves_the_join() {
    assert_script_matches(EMPTY_SCAN);
}

/// Select seed 45577: a window SELECT's loop delivers the first window's leading keys when
/// an index gives them (`USE TEMP B-TREE FOR RIGHT PART OF ORDER BY`, or no sorter when it
/// gives them all), as sqlite3 plans the subquery ordered by them: t0 by its index first,
/// so sum() meets 'a' before the two -9223372036854775808 of a partition. We planned the
/// join as if unordered (t1 first) and the sum overflowed.
const WINDOW_PREFIX: &str = "
CREATE TABLE t0(c0, c1 VARCHAR(10));
CREATE INDEX t0_i0 ON t0(c1, c0);
CREATE TABLE t1(c2 VARCHAR(10), c3);
INSERT INTO t0 VALUES(1, 1), (2, 1), (3, 2);
INSERT INTO t1 VALUES(-9223372036854775808, 1), ('a', 2), (9223372036854775807, 3);
";

#[test]
fn window_loop_delivers_leading_keys() {
    assert_script_matches(&format!(
        "{WINDOW_PREFIX}
SELECT t0.c0, sum(t1.c2) OVER (PARTITION BY t0.c1 ORDER BY t0.c1 DESC) FROM t1, t0;
SELECT t0.c0, t1.c3, row_number() OVER (PARTITION BY t0.c1 ORDER BY t0.c1 DESC) FROM t1, t0;
SELECT t0.c0, t1.c3, row_number() OVER (PARTITION BY t0.c1 ORDER BY t1.c3) FROM t1, t0;
"
    ));
    assert_plans_match(
        WINDOW_PREFIX,
        &[
            "SELECT t0.c0, sum(t1.c2) OVER (PARTITION BY t0.c1) FROM t1, t0",
            "SELECT t0.c0, sum(t1.c2) OVER (PARTITION BY t0.c1 ORDER BY t0.c1 DESC) FROM t1, t0",
            "SELECT t0.c0, sum(t1.c2) OVER (PARTITION BY t0.c1 ORDER BY t0.c0) FROM t1, t0",
            "SELECT t0.c0, sum(t1.c2) OVER (PARTITION BY t0.c1 ORDER BY t1.c3) FROM t1, t0",
            "SELECT t0.c0, sum(t1.c2) OVER (ORDER BY t1.c3) FROM t1, t0",
            "SELECT c0, sum(c1) OVER (PARTITION BY c1 ORDER BY c0 DESC) FROM t0",
        ],
    );
}

/// Select seed 40214: `col IS NOT NULL` (or `col NOTNULL`) bounds an index from below as
/// `col > NULL` (`SEARCH t USING COVERING INDEX i (c>?)`): alone only on a covering index,
/// after an equality prefix on any, never on the rowid, a NOT NULL column or an outer
/// join's ON; it cuts no row estimate. avg() then adds the values in index order, where
/// -9223372036854775808 and 9223372036854775807 cancel before the small values are lost
/// (0.0); we scanned another index and summed them in rowid order (0.208...).
const NOT_NULL_BOUND: &str = "
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT COLLATE NOCASE, d REAL NOT NULL DEFAULT 0);
CREATE INDEX t_b ON t(b, a);
CREATE INDEX t_ab ON t(a, b);
CREATE INDEX t_cd ON t(c DESC, d);
CREATE TABLE s(a INTEGER PRIMARY KEY, b, c);
CREATE INDEX s_b ON s(b);
CREATE TABLE w(x, y, z, PRIMARY KEY(x, y)) WITHOUT ROWID;
CREATE INDEX w_z ON w(z);
INSERT INTO t VALUES(1, 5, 'a', 1), (2, 100, NULL, 2.5), (3, 9223372036854775807, 'B', 0);
INSERT INTO t VALUES(4, 1.5, 'b', 3), (5, NULL, NULL, 0), (6, -9223372036854775808, 'A', -1);
INSERT INTO t VALUES(7, 'x', 'c', 1), (8, 1, 'a', 2);
INSERT INTO s VALUES(1, NULL, 1), (2, 3, 2), (3, 'x', 3);
INSERT INTO w VALUES(1, 1, NULL), (1, 2, 5), (2, 1, 'a'), (3, 3, 2.5);
";

#[test]
fn is_not_null_bounds_an_index() {
    assert_script_matches(&format!(
        "{NOT_NULL_BOUND}
SELECT avg(b), sum(b) FROM t WHERE b IS NOT NULL;
SELECT (SELECT avg(b) FROM t WHERE b NOTNULL), s.b FROM s;
SELECT b FROM t WHERE b NOT NULL ORDER BY b DESC;
SELECT b FROM t WHERE b IS NOT NULL AND b < 'a';
SELECT c, d FROM t WHERE c IS NOT NULL;
SELECT * FROM t WHERE c = 'b' AND d IS NOT NULL;
SELECT min(b), max(b), count(b) FROM t WHERE b IS NOT NULL;
SELECT t.b, s.b FROM t, s WHERE s.b IS NOT NULL;
"
    ));
    assert_plans_match(
        NOT_NULL_BOUND,
        &[
            "SELECT avg(b) FROM t WHERE b IS NOT NULL",
            "SELECT avg(b) FROM t WHERE NOT b IS NULL",
            "SELECT * FROM t WHERE b IS NOT NULL",
            "SELECT b FROM t WHERE b IS NOT NULL AND b > 2",
            "SELECT b FROM t WHERE b IS NOT NULL AND b < 'a'",
            "SELECT c, d FROM t WHERE c IS NOT NULL ORDER BY c DESC",
            "SELECT * FROM t WHERE c = 'b' AND d IS NOT NULL",
            "SELECT * FROM t WHERE a = 1 AND b IS NOT NULL",
            "SELECT a FROM t WHERE a IS NOT NULL",
            "SELECT x FROM w WHERE x IS NOT NULL",
            "SELECT z FROM w WHERE z IS NOT NULL",
            "SELECT b FROM t WHERE b IS NOT NULL OR b = 3",
            "SELECT t.b, s.b FROM t, s WHERE s.b IS NOT NULL",
            "SELECT t.b, s.c FROM t, s WHERE t.b IS NOT NULL",
            "SELECT t.a, w.z FROM t LEFT JOIN w ON w.z IS NOT NULL AND w.x = t.a",
            "SELECT max(b) FROM t WHERE b IS NOT NULL",
        ],
    );
}

/// Select seed 52572: a WHERE term that keeps a LEFT JOIN outer (`'5x' BETWEEN t0.c3 AND
/// t1.c2` is not NULL-rejecting for t1 in sqlite3's eyes) does not bound the right-hand
/// table's index: sqlite3 bounds it by ON terms only, and scans. We read t1 through the
/// range, so total() added the same rows in index order and rounded otherwise.
const OUTER_WHERE_RANGE: &str = "
CREATE TABLE t0(c0, c3);
CREATE TABLE t1(c0, c1, c2 NUMERIC);
CREATE INDEX t1_i1 ON t1(c2);
INSERT INTO t0 VALUES(1, 1), (2, 'a');
INSERT INTO t1 VALUES(1, 1, X'4142'), (2, -9223372036854775808, 'ABC');
INSERT INTO t1 VALUES(3, 9223372036854775807, 'b'), (4, 5, 0);
";

#[test]
fn where_term_does_not_bound_an_outer_joined_table() {
    assert_script_matches(&format!(
        "{OUTER_WHERE_RANGE}
SELECT t0.c0, total(-t1.c1) FROM t0 LEFT JOIN t1 ON 1 WHERE '5x' BETWEEN t0.c3 AND t1.c2
  GROUP BY t0.c0;
"
    ));
    assert_plans_match(
        OUTER_WHERE_RANGE,
        &[
            "SELECT * FROM t0 LEFT JOIN t1 ON 1 WHERE '5x' BETWEEN t0.c3 AND t1.c2",
            "SELECT * FROM t0 LEFT JOIN t1 ON 1 WHERE '5x' BETWEEN t1.c2 AND t0.c3",
            "SELECT * FROM t0 LEFT JOIN t1 ON t1.c0 = t0.c0 WHERE '5x' BETWEEN t1.c2 AND 'z'",
            "SELECT * FROM t0 LEFT JOIN t1 ON t1.c2 > t0.c0",
            "SELECT * FROM t0 LEFT JOIN t1 ON 1 WHERE t1.c2 BETWEEN 1 AND 5",
        ],
    );
}
