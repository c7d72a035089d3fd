//! Part "joins" (session 9): differences of the joins mode, compared with the system sqlite3.

use ferrolite_difftest::assert_script_matches;

/// Joins seeds 9528, 12935, 14247: a scalar subquery reading a view's (or a FROM subquery's)
/// column has that column's affinity, as one reading the table does: `t1.c < (SELECT a FROM
/// v1)` with `v1.a` a BLOB column of t0 compares TEXT with BLOB affinity, so no conversion
/// ('-2.5' < 0 is false). The affinity was looked up only in tables named by the subquery's
/// FROM, so a view gave none and TEXT affinity turned 0 into '0'.
#[test]
fn scalar_subquery_over_a_view_has_the_view_column_affinity() {
    assert_script_matches(
        "CREATE TABLE t0(a BLOB, c TEXT, n INT);
INSERT INTO t0 VALUES(0, 1, '5');
CREATE TABLE t1(c TEXT, d TEXT);
INSERT INTO t1 VALUES(-2.5, 2);
CREATE TABLE t9(c TEXT);
INSERT INTO t9 VALUES(1);
CREATE VIEW v0 AS SELECT x.a AS a, y.c AS b FROM t0 AS x LEFT JOIN t9 AS y ON x.c = y.c;
CREATE VIEW v1 AS SELECT x.a AS a FROM t0 AS x;
CREATE VIEW v2(p, q) AS SELECT x.n, x.a FROM t0 AS x;
CREATE VIEW v3 AS SELECT CAST(a AS INT) AS k, a + 0 AS z FROM t0;
SELECT x0.c < s.a FROM t1 AS x0, v1 s;
SELECT x0.c < (SELECT s.a FROM v1 AS s) FROM t1 AS x0;
SELECT x0.c < (SELECT s.a FROM v0 AS s ORDER BY s.a, s.b LIMIT 1) FROM t1 AS x0;
SELECT x0.c FROM t1 AS x0 WHERE x0.c < (SELECT s.a FROM v0 AS s WHERE s.b = x0.d ORDER BY +s.a LIMIT 1);
SELECT x0.c < (SELECT s.a FROM (SELECT a FROM t0) AS s) FROM t1 AS x0;
SELECT x0.c < (SELECT s.a FROM (SELECT a FROM t0 LIMIT 5) AS s) FROM t1 AS x0;
SELECT x0.c < (SELECT q FROM (SELECT * FROM v2)) FROM t1 AS x0;
SELECT x0.c < (SELECT s.q FROM v2 AS s), x0.c < (SELECT s.p FROM v2 AS s) FROM t1 AS x0;
SELECT x0.c < (SELECT k FROM v3), x0.c < (SELECT z FROM v3) FROM t1 AS x0;
WITH v2 AS (SELECT 0 AS q) SELECT x0.c < (SELECT s.q FROM v2 AS s) FROM t1 AS x0;",
    );
}

/// Joins seeds 12848, 13729, 16477: in `L RIGHT JOIN R ON .. WHERE L.a IS R.b`, the WHERE
/// term drove an index lookup into R by L's value in the first pass, so an R row its ON
/// matched (for an L row the WHERE rejects) was never visited, never recorded as matched, and
/// came out again NULL-extended in the second pass, where `NULL IS R.b` held. A WHERE term
/// may drive a lookup into R only by values that read no source before R (sqlite3 scans R).
#[test]
fn right_join_where_term_reading_the_left_does_not_drive_a_lookup_into_the_right() {
    assert_script_matches(
        "CREATE TABLE t0(a INT, b BLOB, d BLOB);
CREATE INDEX t0b ON t0(b);
CREATE TABLE t1(a BLOB, d BLOB);
CREATE TABLE t2(a, b);
INSERT INTO t0 VALUES('b', NULL, 'b');
INSERT INTO t0 VALUES(1, 2, 3);
INSERT INTO t1 VALUES('b', 'b');
INSERT INTO t1 VALUES(2, 3);
INSERT INTO t2 VALUES(NULL, 1);
SELECT sq.q, x1.a FROM (SELECT a AS p, d AS q FROM t1 UNION ALL SELECT 5, 6) AS sq RIGHT JOIN t0 AS x1 ON x1.d = sq.q WHERE sq.p IS x1.b;
SELECT sq.d, x1.a FROM t1 AS sq RIGHT JOIN t0 AS x1 ON x1.d = sq.d WHERE sq.a IS x1.b;
SELECT sq.d, x1.a FROM t1 AS sq RIGHT JOIN t0 AS x1 ON x1.d = sq.d WHERE x1.b IS coalesce(sq.a, 2);
SELECT sq.d, x1.a FROM t1 AS sq RIGHT JOIN t0 AS x1 ON x1.d = sq.d WHERE x1.b IN (sq.a, NULL) OR x1.b IS NULL;
SELECT sq.d, x1.a FROM t2, t1 AS sq RIGHT JOIN t0 AS x1 ON x1.d = sq.d WHERE x1.b IS t2.a;
SELECT sq.d, x1.a FROM t1 AS sq FULL JOIN t0 AS x1 ON x1.d = sq.d WHERE sq.a IS x1.b;
SELECT x1.a FROM t0 AS x1 NATURAL RIGHT JOIN t1 AS x2 WHERE x2.a IS x1.b;",
    );
}
