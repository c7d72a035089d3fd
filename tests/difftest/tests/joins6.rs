//! Causes of `joins` difftest differences (session 6), each pinned against the system
//! SQLite 3.40.1.

use ferrolite_difftest::assert_statements_match;

/// Window frames `n FOLLOWING AND m FOLLOWING` (ROWS, GROUPS): sqlite3 slides a frame of the
/// first frame's width from the partition's first row, so rows before the first frame go
/// through step() and inverse(): sum() turns REAL after a REAL row went by, and total()
/// rounds as if they had been added (seed 1655: `sum(a) OVER (... ROWS BETWEEN 1 FOLLOWING
/// AND 1 FOLLOWING)` gave 2, sqlite3 2.0).
#[test]
fn following_frames_step_rows_before_the_first_frame() {
    let mut qs = vec![
        "CREATE TABLE t(a, b)",
        "INSERT INTO t VALUES(-2.5,1),(0,2),(2,3),(2,4),(0.5,5),(3,6),(4,7)",
        "CREATE TABLE u(a, b)",
        "INSERT INTO u VALUES(1e16,1),(1,2),(-1e16,3),(1,4),(0.5,5),(3,6),(1e16,7),(1,8)",
    ];
    let mut owned = Vec::new();
    for units in ["ROWS", "GROUPS", "RANGE"] {
        for fr in [
            "1 FOLLOWING AND 1 FOLLOWING",
            "2 FOLLOWING AND 3 FOLLOWING",
            "1 FOLLOWING AND 3 FOLLOWING",
            "3 FOLLOWING AND 5 FOLLOWING",
            "0 FOLLOWING AND 2 FOLLOWING",
            "1 PRECEDING AND 1 FOLLOWING",
            "2 PRECEDING AND 1 PRECEDING",
        ] {
            for (f, t) in [("sum", "t"), ("total", "u"), ("sum", "u")] {
                owned.push(format!(
                    "SELECT b, {f}(a) OVER (ORDER BY b {units} BETWEEN {fr}) FROM {t} ORDER BY b"
                ));
            }
        }
    }
    qs.extend(owned.iter().map(String::as_str));
    assert_statements_match(&qs);
}

/// `x IS col` in the WHERE clause, `col` on the right of a LEFT JOIN: the term must not
/// drive `col`'s lookup, or the NULL-extended row is made for rows that have a match
/// (seed 2298).
#[test]
fn where_is_term_does_not_drive_a_left_join_lookup() {
    assert_statements_match(&[
        "CREATE TABLE a(x)",
        "CREATE TABLE b(y)",
        "CREATE TABLE c(z)",
        "INSERT INTO a VALUES(NULL),(1),(5)",
        "INSERT INTO b VALUES(5),(6)",
        "INSERT INTO c VALUES(5)",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE a.x IS c.z",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE c.z IS a.x",
        "SELECT * FROM a, b LEFT JOIN c ON c.z = b.y WHERE a.x IS c.z",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE a.x IS NOT c.z",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y AND a.x IS c.z",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE a.x = c.z",
        "CREATE INDEX cz ON c(z)",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE a.x IS c.z",
        "SELECT * FROM a CROSS JOIN b LEFT JOIN c ON c.z = b.y WHERE c.z IS a.x",
    ]);
}

/// The WHERE terms over a UNION ALL subquery in FROM are also checked in each arm, with the
/// arm's column affinities, and still in the outer query with the compound's (seed 1701:
/// `sq.p <> sq.q` kept a row whose arm compares a TEXT '0' with an INT 0).
#[test]
fn where_over_union_all_subquery_is_checked_in_each_arm() {
    assert_statements_match(&[
        "CREATE TABLE t0(a, c)",
        "INSERT INTO t0 VALUES(1, 1), ('0', 0)",
        "CREATE TABLE t3(a TEXT, b INT)",
        "INSERT INTO t3 VALUES(0, 0), (5, 6), (1, 1)",
        "CREATE TABLE o(z)",
        "INSERT INTO o VALUES(1),(2)",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE sq.p = sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE p <> q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION SELECT a, b FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 EXCEPT SELECT a, b FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq, o WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq JOIN o ON o.z = 1 WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3 LIMIT 9) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, max(b) FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3 ORDER BY 1) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL VALUES(0, '0')) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT DISTINCT a AS p, c AS q FROM t0 UNION ALL SELECT DISTINCT a, b FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT count(*) FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE sq.p <> sq.q",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3 UNION ALL SELECT b, a FROM t3) AS sq WHERE p <> q AND p IS NOT NULL",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE coalesce(sq.p, 1) IN (sq.q, 7)",
        "SELECT * FROM (SELECT a AS p, c AS q FROM t0 UNION ALL SELECT a, b FROM t3) AS sq WHERE sq.p BETWEEN sq.q AND sq.q",
    ]);
}

/// A first LEFT JOIN that the WHERE clause makes inner: sqlite3 3.40.1 then materializes
/// the first FROM subquery like an inner join's, with the compound's column affinities
/// applied to the stored values (seed 1358: `typeof(sq.p)` was text, sqlite3 integer).
#[test]
fn left_join_made_inner_materializes_the_first_subquery() {
    assert_statements_match(&[
        "CREATE TABLE t0(a INTEGER, c INTEGER)",
        "INSERT INTO t0 VALUES(1.5, 1)",
        "CREATE TABLE t1(a BLOB, b TEXT)",
        "INSERT INTO t1 VALUES(1, 3), ('A', 1), ('ab', 1)",
        "CREATE TABLE o(z)",
        "INSERT INTO o VALUES(1)",
        "CREATE VIEW v0 AS SELECT a, c FROM t0 UNION SELECT a, b FROM t1",
        "SELECT typeof(c), c FROM v0",
        "SELECT typeof(s.c), s.c FROM v0 s, o",
        "SELECT typeof(s.c), s.c FROM v0 s LEFT JOIN o ON o.z = s.c",
        "SELECT typeof(s.c), s.c FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z IS NOT NULL",
        "SELECT typeof(s.c), s.c FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z + 1 > 0",
        "SELECT typeof(s.c), s.c FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z IS NULL",
        "SELECT typeof(s.c), s.c FROM v0 s LEFT JOIN o ON o.z = s.c WHERE coalesce(o.z, 1)",
        "SELECT typeof(s.c), s.c FROM (SELECT a, c FROM t0 UNION SELECT a, b FROM t1) s \
         LEFT JOIN o ON o.z = s.c WHERE o.z IS NOT NULL",
        "SELECT typeof(s.c), s.c FROM (SELECT a, c FROM t0 UNION ALL SELECT a, b FROM t1) s \
         LEFT JOIN o ON o.z = s.c WHERE o.z = s.c",
        "SELECT typeof(s.c), s.c FROM (SELECT a, c FROM t0 UNION SELECT a, b FROM t1) s \
         LEFT JOIN o ON o.z = s.c WHERE o.z IN (1, 2) OR o.z BETWEEN 0 AND 5",
        "SELECT typeof(s.c) FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z IN (1, 2)",
        "SELECT typeof(s.c) FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z BETWEEN 0 AND 5",
        "SELECT typeof(s.c) FROM v0 s LEFT JOIN o ON o.z = s.c WHERE o.z = 1 OR o.z = 2",
        "SELECT typeof(s.c) FROM v0 s LEFT JOIN o ON o.z = s.c WHERE -o.z < 5",
    ]);
}
