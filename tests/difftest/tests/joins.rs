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
