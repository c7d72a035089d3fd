//! One script per cause of a difference the generator found, statement by statement against
//! the system SQLite (fresh in-memory databases; rows or error messages must be the same).

use ferrolite::{Connection, Value};
use ferrolite_difftest::reference::Reference;
use ferrolite_difftest::{assert_script_matches as check, ours_run};

/// Bit operators read text and blobs like CAST AS INTEGER (the integer prefix), not as
/// numbers: `'1e3' | 0` is 1 (difftest seeds 1474, 2307, 2600).
#[test]
fn bit_operators_take_the_integer_prefix_of_text() {
    check(
        "SELECT '-9.2e18' | 0, '1e3' | 0, '12.9' | 0, ' 12x' | 0, 'abc' | 0, '3130' >> 0
SELECT '99999999999999999999' | 0, '-99999999999999999999' | 0, '2D39' & 7
SELECT ~'1e3', ~'-9.2e18', ~X'3132', X'3132' | 0, ~1.9, 1.9 | 0, 'x1' | 1
SELECT abs('39984' >> 2), '1e3' << 1, 5 >> '1e1', 5 >> '2.5', 1 << '3.9e2'
SELECT hex(-1.5) & 255, hex(2.5e10) | 0, lower(-9.5e18) >> 1",
    );
}

/// A full scan reads a covering index only when it has fewer columns than the table has
/// besides its rowid alias, the alias counting when the index names it; the scan order
/// shows in float sums (difftest seed 1600).
#[test]
fn covering_index_scans_count_a_named_rowid_alias() {
    check(
        "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 REAL, c2 INTEGER)
CREATE INDEX t0_i0 ON t0(c1, c0)
INSERT INTO t0 VALUES(-10,7,1),(-7,3,2),(-4,3,3),(5,-9223372036854775808,4),(8,2147483648,5),(11,9223372036854775807,6),(14,3,7),(26,-1,8)
SELECT sum(c1), total(c1), avg(c1) FROM t0
SELECT (SELECT sum(c1) FROM t0 WHERE c0) FROM t0 LIMIT 1
SELECT group_concat(c1) FROM t0
CREATE TABLE t1(a INTEGER PRIMARY KEY, b, c, d)
CREATE INDEX t1_i ON t1(b, c, a)
INSERT INTO t1 VALUES(1,9,1,1),(2,8,2,2),(3,7,3,3)
SELECT group_concat(b) FROM t1",
    );
}

/// Endless recursive CTEs stop when the outer query has what it needs (cte_stream.rs).
#[test]
fn recursive_ctes_stream_to_the_outer_query() {
    check(
        "CREATE TABLE t(a INTEGER, b TEXT)
INSERT INTO t VALUES(3,'x'),(5,'y'),(1,'z')
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x%2=0 LIMIT 5
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT a, (SELECT x FROM c WHERE x>t.a LIMIT 1) FROM t
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x, b FROM c LEFT JOIN t ON a=x LIMIT 4
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT a, x FROM t CROSS JOIN c WHERE x=a+1
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x%3+1 FROM c) SELECT x FROM c
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 4 OFFSET 1) SELECT x FROM c
WITH RECURSIVE c(x,y) AS (SELECT 1,2 UNION ALL SELECT x+1,y*2 FROM c ORDER BY 1 DESC LIMIT 6) SELECT * FROM c
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x%2, count(*), sum(x) FROM c GROUP BY 1
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM (SELECT x FROM c LIMIT 9)",
    );
}

/// A name inside a subquery binds to the subquery's own FROM first, so it does not stop an
/// index from covering the outer query; the scan order shows in sums that overflow or lose
/// precision (difftest seeds 2414, 1308, 2348...).
#[test]
fn subquery_names_do_not_make_outer_columns_used() {
    check(
        "CREATE TABLE t0(c0 NUMERIC, c1 NUMERIC, c2 BOOLEAN, c3 VARCHAR(10))
CREATE INDEX t0_i0 ON t0(c1, c3)
INSERT INTO t0 VALUES(NULL, -9223372036854775808, 'x%', 10),(100, -9223372036854775808, 'abc', 9223372036854775807),(1, 7, 1e10, 'x'),(2, 'b', 3, 1e10),(3, 0.5, 2, 2147483648)
SELECT EXISTS (SELECT 1 FROM t0 WHERE c0), (-(1.5 BETWEEN c1 AND c3)), sum(c3) OVER () FROM t0 ORDER BY 1 ASC, 2 DESC LIMIT 1
SELECT (SELECT count(*) FROM t0 AS x WHERE x.c1 = t0.c1), c1, c3 FROM t0
SELECT (SELECT t0.c0 FROM t0 AS x WHERE x.c1 = t0.c1 LIMIT 1), c1 FROM t0
SELECT (SELECT c0 FROM (SELECT 1 AS c9) WHERE c9 LIMIT 1), c1 FROM t0
SELECT group_concat(c3), (SELECT total(c1) FROM t0 WHERE c0) FROM t0
SELECT c1 FROM t0 WHERE c1 IN (SELECT c1 FROM t0 WHERE c0 > 1)",
    );
}

/// min()/max() over a frame whose start moves keep the last of equal extremes (`0` vs
/// `0.0`); over a growing frame, or one recomputed for EXCLUDE, the first (seeds 1936, 1739,
/// 2503).
#[test]
fn sliding_min_max_keep_the_last_of_equal_extremes() {
    check(
        "CREATE TABLE v(x, k)
INSERT INTO v VALUES(0,1),(0.0,2),(0,3),(5,0),(0.0,4),(-1,5),(-1.0,6)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE NO OTHERS)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
SELECT k, min(x) OVER w, max(x) OVER w FROM v WINDOW w AS (ORDER BY k GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW)
CREATE TABLE t0(c2, c3)
INSERT INTO t0 VALUES(1,0),(2,'b'),(3,'x%'),(4,X''),(5,1.5),(6,-5),(7,NULL)
SELECT c3, min(sum(c3)) OVER (ORDER BY sum(c3) RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t0 GROUP BY c3
CREATE TABLE w(k, x)
INSERT INTO w VALUES(1,3.0),(2,3),(3,5),(4,5.0)
SELECT k, max(x) OVER (PARTITION BY x ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w
SELECT k, min(x) OVER (PARTITION BY x > 4 ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w
SELECT k, max(x) OVER (PARTITION BY x ORDER BY k RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w
SELECT k, max(x) OVER (PARTITION BY x ORDER BY x GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w
SELECT k, max(x) OVER (PARTITION BY x ORDER BY x) FROM w",
    );
}

/// `PRAGMA automatic_index=OFF`: a join on an unindexed column scans instead of building an
/// automatic index (the plan's details and the rows as sqlite3's).
#[test]
fn automatic_index_can_be_turned_off() {
    let setup = "CREATE TABLE a(x); CREATE TABLE b(y);
        INSERT INTO a VALUES(1),(2),(2); INSERT INTO b VALUES(2),(3),(2);";
    let join = "SELECT * FROM a, b WHERE a.x=b.y ORDER BY 1, 2";
    check(&format!(
        "{}\nPRAGMA automatic_index=OFF\nPRAGMA automatic_index\n{join}\nPRAGMA automatic_index=ON\nPRAGMA automatic_index\n{join}",
        setup.replace('\n', " ")
    ));
    let details = |rows: Result<Vec<Vec<Value>>, String>| -> Vec<String> {
        rows.expect("plan")
            .into_iter()
            .map(|r| format!("{:?}", r.last()))
            .collect()
    };
    let theirs = Reference::open_memory();
    let ours = Connection::open(":memory:").expect("open :memory:");
    for sql in [setup, "PRAGMA automatic_index=OFF"] {
        theirs.run(sql).expect("sqlite3");
        ours_run(&ours, sql).expect("ferrolite");
    }
    let eqp = format!("EXPLAIN QUERY PLAN {join}");
    let got = details(ours_run(&ours, &eqp));
    assert_eq!(got, details(theirs.run(&eqp)));
    assert!(got.iter().all(|d| !d.contains("AUTOMATIC")), "{got:?}");
}

/// A GROUP BY sorter takes the ASC/DESC of the ORDER BY when both have as many terms, so
/// groups tied on the ORDER BY come out by the GROUP BY key in that direction; in a window
/// SELECT the ORDER BY is the first-evaluated window's PARTITION BY + ORDER BY (difftest
/// seeds 1739, 1924).
#[test]
fn group_by_sorts_in_the_order_by_directions() {
    check(
        "CREATE TABLE t(a, b)
INSERT INTO t VALUES(1,0),(2,0),(3,0),(4,1),(5,1),(5,1),(NULL,2),('x',0),(X'00',1)
SELECT a, count(*) FROM t GROUP BY a ORDER BY count(*) DESC
SELECT a, count(*) FROM t GROUP BY a ORDER BY count(*) DESC NULLS LAST
SELECT a, count(*) FROM t GROUP BY a ORDER BY count(*), max(b) DESC
SELECT a, b FROM t GROUP BY a, b ORDER BY count(*) DESC, max(b)
SELECT a, b FROM t GROUP BY a, b ORDER BY count(*), max(b) DESC
SELECT a, row_number() OVER (ORDER BY count(*) DESC) FROM t GROUP BY a
SELECT a, row_number() OVER (ORDER BY max(b) DESC) FROM t GROUP BY a ORDER BY count(*)
SELECT a, rank() OVER (ORDER BY max(b)), row_number() OVER (ORDER BY count(*) DESC) FROM t GROUP BY a
SELECT a, row_number() OVER (ORDER BY count(*) DESC), rank() OVER (ORDER BY max(b)) FROM t GROUP BY a
SELECT a, rank() OVER (), row_number() OVER (ORDER BY count(*) DESC) FROM t GROUP BY a
SELECT a, b, row_number() OVER (PARTITION BY max(b) ORDER BY count(*) DESC) FROM t GROUP BY a, b
SELECT a, total(sum(a)) OVER (ORDER BY count(*) DESC) FROM t GROUP BY a
CREATE INDEX ta ON t(a)
SELECT a, count(*) FROM t GROUP BY a ORDER BY count(*) DESC
SELECT a, row_number() OVER (ORDER BY count(*) DESC) FROM t GROUP BY a",
    );
}

/// The loop delivers the first-evaluated window's PARTITION BY + ORDER BY through an index
/// when it can (scanning it backwards for DESC), so rows tied on the window keys come in
/// index order, which DISTINCT then keeps (difftest seed 1673).
#[test]
fn window_keys_are_delivered_by_an_index() {
    check(
        "CREATE TABLE t(a, b, c)
CREATE INDEX tb ON t(b, c)
INSERT INTO t VALUES(1,3.0,0.5),(2,3,'AB'),(3,1,2),(4,1,1),(5,NULL,0),(6,3,-1)
SELECT DISTINCT b, count(a) OVER (ORDER BY b DESC GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t
SELECT b, c, row_number() OVER (ORDER BY b DESC) FROM t
SELECT b, c, row_number() OVER (ORDER BY b) FROM t
SELECT b, c, row_number() OVER (PARTITION BY b) FROM t
SELECT b, c, row_number() OVER (PARTITION BY b ORDER BY c DESC) FROM t
SELECT b, c, row_number() OVER (ORDER BY b NULLS LAST) FROM t
SELECT b, c, row_number() OVER (ORDER BY b DESC), rank() OVER (ORDER BY a) FROM t",
    );
}

/// As a condition (WHERE, HAVING, CASE WHEN, FILTER) `x BETWEEN lo AND hi` is `x>=lo AND
/// x<=hi` short-circuited, and FILTER is tested before its call's arguments: an overflowing
/// `abs()` that sqlite3 never reaches is not evaluated either (difftest seed 2839). As a value
/// every operand is evaluated.
#[test]
fn between_and_filter_short_circuit_as_conditions() {
    check(
        "CREATE TABLE t(a, b)
INSERT INTO t VALUES(5,-9223372036854775808),(NULL,1),(3,NULL),(12,4)
SELECT a FROM t WHERE a BETWEEN 10 AND abs(b)
SELECT a FROM t WHERE a NOT BETWEEN 10 AND abs(b)
SELECT a FROM t WHERE a NOT BETWEEN 1 AND abs(b)
SELECT a FROM t WHERE NOT (a BETWEEN b AND 10)
SELECT a FROM t WHERE (a BETWEEN b AND 10) OR a IS NULL
SELECT a FROM t WHERE a NOT BETWEEN b AND 10 OR a IS NULL
SELECT a FROM t WHERE a BETWEEN 4 AND 12 AND b NOT BETWEEN 1 AND 2
SELECT a BETWEEN 10 AND abs(b) FROM t
SELECT CASE WHEN a BETWEEN 10 AND abs(b) THEN 1 ELSE 2 END FROM t
SELECT iif(a BETWEEN 10 AND abs(b), 1, 2) FROM t
SELECT a FROM t GROUP BY a HAVING a BETWEEN 10 AND abs(b)
SELECT count(*) FILTER (WHERE a BETWEEN 10 AND abs(b)) FROM t
SELECT count(abs(b)) FILTER (WHERE b > 0) FROM t
SELECT a, count(abs(b)) FILTER (WHERE b > 0), sum(a) FILTER (WHERE b BETWEEN 1 AND abs(b)) FROM t GROUP BY a ORDER BY 1
SELECT a % 2, group_concat(a, b) FILTER (WHERE b NOT NULL), count(DISTINCT a) FILTER (WHERE a > 3) FROM t GROUP BY 1
SELECT count(abs(b)) FILTER (WHERE b > 0) OVER () FROM t",
    );
}

/// A WHERE term holding a subquery runs at the loop of the sources its correlation reads (names
/// the subquery's own FROM does not settle), not always the innermost: here the term reads
/// only t1, so it raises sqlite3's overflow before the ON term of t0 could reject the row
/// (difftest seed 2285). The correlated shapes must keep their rows.
#[test]
fn subquery_terms_run_at_the_loop_of_their_correlation() {
    check(
        "CREATE TABLE t0(c0, c1, c3)
CREATE TABLE t1(c0, c1 INT, c2, c3 REAL)
INSERT INTO t0 VALUES(1,2,3),(0,5,NULL),(2,2,7)
INSERT INTO t1 VALUES(1,'1.5',10,0.5),(2,3,-9223372036854775808,1.5),(3,2,4,2.5)
SELECT t1.c3 FROM t1 JOIN t0 ON (t1.c1 >= 9223372036854775807) WHERE CASE (abs(t1.c2) LIKE '') WHEN 3.0 THEN coalesce(NULL, (SELECT sum(c3) FROM t0 WHERE c0)) END
SELECT t1.c0, t0.c0 FROM t1, t0 WHERE (SELECT count(*) FROM t0 AS x WHERE x.c1 = t1.c1) > 0 ORDER BY 1, 2
SELECT t1.c0, t0.c0 FROM t1, t0 WHERE EXISTS (SELECT 1 FROM t1 AS y WHERE y.c0 = t0.c0 AND c1 > 2) ORDER BY 1, 2
SELECT t1.c0, t0.c0 FROM t1, t0 WHERE t0.c1 IN (SELECT c1 FROM t1 AS z WHERE z.c0 <= t1.c0) ORDER BY 1, 2
SELECT t1.c0, t0.c0 FROM t1, t0 WHERE (SELECT max(c0) FROM (SELECT c0 FROM t0 WHERE c0 < t1.c0)) = t0.c0 ORDER BY 1, 2
SELECT t1.c0, t0.c0 FROM t1 LEFT JOIN t0 ON t0.c1 = (SELECT min(c1) FROM t1 AS w WHERE w.c0 > t1.c0) ORDER BY 1, 2
SELECT t1.c0 FROM t1 WHERE (WITH c(v) AS (SELECT c1 FROM t0 WHERE c0 = t1.c0) SELECT v FROM c) IS NOT NULL ORDER BY 1
SELECT t1.c0, t0.c0 FROM t1, t0 WHERE (SELECT t1.c0 + c0 FROM t0 AS q WHERE q.c0 = 1) = t0.c0 + 1 ORDER BY 1, 2",
    );
}
