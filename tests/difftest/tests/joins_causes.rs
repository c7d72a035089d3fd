//! Causes found by the `joins` difftest mode, each pinned against the system SQLite.

use ferrolite_difftest::assert_statements_match;

const SETUP: &[&str] = &[
    "CREATE TABLE t0(a, b)",
    "CREATE TABLE t1(a, c)",
    "CREATE TABLE t2(a, d)",
    "INSERT INTO t0 VALUES(5, 6), (3, 7), (NULL, 1)",
    "INSERT INTO t1 VALUES(1, 2), (3, 4), (NULL, 8)",
    "INSERT INTO t2 VALUES(9, 9), (1, 1)",
    "CREATE VIEW v0 AS SELECT a, b FROM t0 UNION SELECT a, c FROM t1",
];

fn check(queries: &[&str]) {
    let all: Vec<&str> = SETUP.iter().chain(queries).copied().collect();
    assert_statements_match(&all);
}

/// A compound's ORDER BY kept NULLS FIRST / NULLS LAST out of its sort keys.
#[test]
fn compound_order_by_nulls_first_last() {
    check(&[
        "SELECT a FROM t0 UNION ALL SELECT c FROM t1 ORDER BY 1 NULLS LAST",
        "SELECT a FROM t0 UNION ALL SELECT c FROM t1 ORDER BY 1 DESC NULLS FIRST",
        "SELECT a, b FROM t0 UNION SELECT c, a FROM t1 ORDER BY 2 NULLS LAST, 1 DESC NULLS FIRST",
        "SELECT a FROM t0 EXCEPT SELECT c FROM t1 ORDER BY 1 ASC NULLS LAST LIMIT 2",
        "SELECT a FROM t0 INTERSECT SELECT a FROM t1 ORDER BY a NULLS LAST",
        "WITH RECURSIVE c(x) AS (SELECT NULL UNION ALL SELECT 1 UNION ALL SELECT 2 ORDER BY 1 NULLS LAST) SELECT x FROM c",
    ]);
}

/// RIGHT/FULL JOIN onto a CTE, subquery or view (an ephemeral table) recorded the matched
/// rows by a NULL rowid, so every right-hand row came out again NULL-extended.
#[test]
fn full_join_onto_materialized_source() {
    check(&[
        "WITH c1 AS MATERIALIZED (SELECT a p, count(*) q FROM t0 GROUP BY a), c2(r, s) AS (SELECT p, q FROM c1 WHERE p >= q) SELECT c1.q, c2.r FROM c1 FULL JOIN c2 ON c1.p = c2.r ORDER BY 1, 2",
        "WITH c1 AS (SELECT DISTINCT a p, b q FROM t0) SELECT * FROM t1 FULL JOIN c1 ON c1.p = t1.a ORDER BY 1, 2, 3, 4",
        "SELECT * FROM (SELECT DISTINCT a p, b q FROM t0) sq RIGHT JOIN t1 ON t1.a = sq.p ORDER BY 1, 2, 3, 4",
        "SELECT * FROM t1 FULL JOIN v0 ON v0.a = t1.a ORDER BY 1, 2, 3, 4",
        "SELECT * FROM t1 FULL JOIN (SELECT a, b FROM t0 UNION ALL SELECT a, c FROM t1) s ON s.a = t1.a ORDER BY 1, 2, 3, 4",
    ]);
}

/// Under RIGHT/FULL JOIN a USING column is coalesce(left, right); `*` names it unqualified;
/// its left copy must be in one left table.
#[test]
fn using_columns_under_right_and_full_join() {
    check(&[
        "SELECT * FROM t0 RIGHT JOIN t1 USING(a) ORDER BY 1, 2, 3",
        "SELECT a, t0.a, t1.a FROM t0 RIGHT JOIN t1 USING(a) ORDER BY 1, 2, 3",
        "SELECT * FROM t0 FULL JOIN t1 USING(a) ORDER BY 1, 2, 3",
        "SELECT a FROM t0 FULL JOIN t1 USING(a) ORDER BY 1",
        "SELECT * FROM t0 NATURAL FULL JOIN t1 ORDER BY a, b, c",
        "SELECT * FROM t0 NATURAL FULL JOIN v0 ORDER BY 1, 2",
        "SELECT a, count(*) FROM t0 FULL JOIN t1 USING(a) GROUP BY a ORDER BY 1",
        "SELECT count(a), sum(a) FROM t0 FULL JOIN t1 USING(a)",
        "SELECT DISTINCT a FROM t0 FULL JOIN t1 USING(a) ORDER BY 1",
        "SELECT * FROM t0 FULL JOIN t1 USING(a) WHERE a > 2 ORDER BY 1",
        "SELECT * FROM t0 x0 LEFT JOIN t1 x1 USING(a) RIGHT JOIN t2 x2 USING(a) ORDER BY 1, 2, 3, 4",
        "SELECT * FROM t0 JOIN t1 USING(a) RIGHT JOIN t2 USING(a) ORDER BY 1, 2, 3, 4",
        "SELECT * FROM t0, t1 LEFT JOIN t2 USING(a) ORDER BY 1, 2, 3, 4, 5",
        "SELECT * FROM t0, t1 RIGHT JOIN t2 USING(a)",
        "SELECT * FROM t0, t1 NATURAL RIGHT JOIN t2",
        "SELECT * FROM t0 x0 JOIN t1 x1 USING(a) RIGHT JOIN t1 x2 ON 1",
        "SELECT * FROM t0 x0 JOIN t0 x1 USING(a) RIGHT JOIN t0 x2 ON 1",
        "SELECT x0.a FROM t0 x0 JOIN t1 x1 USING(a) RIGHT JOIN t2 x2 ON 1 ORDER BY 1",
    ]);
}
