//! Causes of `joins` difftest differences (session 5), each pinned against the system
//! SQLite: the affinity of a compound's column where it is compared (IN, a materialized
//! FROM item or CTE).

use ferrolite_difftest::assert_statements_match;

const SETUP: &[&str] = &[
    "CREATE TABLE ti(x INTEGER)",
    "CREATE TABLE tt(y TEXT)",
    "CREATE TABLE tb(z)",
    "CREATE TABLE tbl(w BLOB)",
    "INSERT INTO ti VALUES(1)",
    "INSERT INTO tt VALUES('1'), ('2')",
    "INSERT INTO tb VALUES(1), ('1')",
    "INSERT INTO tbl VALUES(1)",
    "CREATE VIEW vc AS SELECT x AS p FROM ti UNION SELECT y FROM tt",
];

fn check(queries: &[&str]) {
    let all: Vec<&str> = SETUP.iter().chain(queries).copied().collect();
    assert_statements_match(&all);
}

/// `x IN (compound)` compares with the affinity of the compound's LAST select's column
/// (ours took the first's): seeds 1269, 1476, 1479, 1551, 1704, 2041.
#[test]
fn in_compound_takes_last_select_affinity() {
    let arms = [
        "SELECT x FROM ti",
        "SELECT y FROM tt",
        "SELECT 1",
        "SELECT '1'",
        "SELECT w FROM tbl",
    ];
    let mut qs = Vec::new();
    for (l, t) in [("z", "tb"), ("x", "ti"), ("y", "tt")] {
        for a in arms {
            for b in arms {
                for op in ["UNION ALL", "UNION", "EXCEPT", "INTERSECT"] {
                    if a != b {
                        qs.push(format!(
                            "SELECT count(*) FROM {t} WHERE {l} IN ({a} {op} {b})"
                        ));
                    }
                }
            }
        }
    }
    qs.push(
        "SELECT count(*) FROM tb WHERE (z, 1) IN (SELECT x, 1 FROM ti UNION ALL SELECT 1, 1)"
            .into(),
    );
    qs.push(
        "SELECT count(*) FROM tb WHERE (z, 1) IN (SELECT 1, 1 UNION ALL SELECT x, 1 FROM ti)"
            .into(),
    );
    qs.push("SELECT count(*) FROM tb WHERE z NOT IN (SELECT 1 UNION ALL SELECT x FROM ti)".into());
    qs.push("SELECT count(*) FROM tb WHERE z IN (VALUES(1),(2) UNION ALL SELECT x FROM ti)".into());
    qs.push("SELECT count(*) FROM tb WHERE z IN (SELECT x FROM ti UNION ALL VALUES(1),(2))".into());
    let refs: Vec<&str> = qs.iter().map(String::as_str).collect();
    check(&refs);
}

/// A CTE the statement uses twice is materialized, so its rows take its column
/// affinities at every use, inside other CTEs too (seeds 1277, 1522, 1789, 1818...).
#[test]
fn multi_use_cte_is_materialized_with_affinity() {
    let c1 = "c1 AS (SELECT x AS p FROM ti UNION SELECT y FROM tt)";
    check(&[
        &format!("WITH {c1} SELECT p, typeof(p) FROM c1 ORDER BY 1"),
        &format!("WITH {c1} SELECT a.p, typeof(a.p), typeof(b.p) FROM c1 a, c1 b ORDER BY 1, 2, 3"),
        &format!("WITH {c1}, c2 AS (SELECT p FROM c1) SELECT a.p, typeof(a.p) FROM c2 a, c2 b ORDER BY 1, 2"),
        &format!("WITH {c1}, c2 AS (SELECT p FROM c1) SELECT p, typeof(p) FROM c2 ORDER BY 1, 2"),
        &format!("WITH {c1}, c2 AS (SELECT p FROM c1) SELECT p, typeof(p) FROM c2 WHERE EXISTS (SELECT 1 FROM c1) ORDER BY 1, 2"),
        &format!("WITH {c1}, c2 AS (SELECT p FROM c1) SELECT p, typeof(p) FROM c1 ORDER BY 1, 2"),
        &format!("WITH {c1} SELECT p, typeof(p) FROM c1 WHERE p IN (SELECT p FROM c1) ORDER BY 1, 2"),
        &format!("WITH {c1} SELECT (SELECT typeof(p) FROM c1 ORDER BY p LIMIT 1 OFFSET 1), (SELECT typeof(p) FROM c1 ORDER BY p LIMIT 1 OFFSET 1)"),
        "WITH c1 AS NOT MATERIALIZED (SELECT x AS p FROM ti UNION SELECT y FROM tt) SELECT typeof(p) FROM c1 WHERE EXISTS (SELECT 1 FROM c1) ORDER BY 1",
        "WITH c1 AS (SELECT x AS p FROM ti UNION ALL SELECT y FROM tt) SELECT typeof(p) FROM c1 WHERE EXISTS (SELECT 1 FROM c1) ORDER BY 1",
        &format!("WITH {c1}, c2(r) AS (SELECT p FROM c1 WHERE p >= 2) SELECT c1.p, c2.r FROM c1 FULL JOIN c2 ON c1.p = c2.r ORDER BY 1, 2"),
    ]);
}

/// Any materialized subquery (not only a compound) stores its rows with its columns'
/// affinities: a column read from a co-routine compound below it comes back converted
/// (seed 2002).
#[test]
fn materialized_subquery_applies_column_affinity() {
    check(&[
        "SELECT typeof(a.p) FROM ti, (SELECT p FROM vc) a ORDER BY 1",
        "SELECT typeof(a.p) FROM ti, (SELECT p FROM vc LIMIT 4) a ORDER BY 1",
        "SELECT typeof(a.p) FROM ti, (SELECT DISTINCT p FROM vc) a ORDER BY 1",
        "SELECT typeof(a.t) FROM ti, (SELECT +p AS t FROM vc LIMIT 4) a ORDER BY 1",
        "SELECT a.t FROM ti, (SELECT typeof(p) AS t FROM vc LIMIT 4) a ORDER BY 1",
        "SELECT typeof(a.p) FROM (SELECT p FROM (SELECT x AS p FROM ti UNION SELECT y FROM tt)) a, ti b ORDER BY 1",
        "WITH c1 AS MATERIALIZED (SELECT p, count(*) AS q FROM vc GROUP BY p) SELECT typeof(p) FROM c1 ORDER BY 1",
    ]);
}

/// A WHERE term on a source left of a FULL/RIGHT JOIN drove an index seek into it, which
/// hid the left rows the right-hand rows matched: those came out again NULL-extended in
/// the second pass (seeds 2777, 1372, 1143).
#[test]
fn where_term_does_not_seek_left_of_right_join() {
    check(&[
        "CREATE TABLE j2(a INTEGER, b INTEGER)",
        "CREATE INDEX j2_b ON j2(b)",
        "INSERT INTO j2 VALUES(NULL, 'ab'), (1.5, -2.5), (NULL, 1), (0, 'ab'), (X'01', 3), (1, NULL)",
        "SELECT * FROM j2 AS x0 FULL OUTER JOIN j2 AS x1 ON x1.a = x0.a WHERE x0.b IS NOT x1.a AND x0.b IS NULL ORDER BY 1, 2, 3, 4",
        "SELECT * FROM j2 AS x0 RIGHT JOIN j2 AS x1 ON x1.a = x0.a WHERE x0.b = 3 ORDER BY 1, 2, 3, 4",
        "SELECT * FROM j2 AS x0 FULL JOIN j2 AS x1 ON x1.a = x0.a WHERE x0.b IN (1, 3) OR x0.b IS NULL ORDER BY 1, 2, 3, 4",
        "SELECT count(*) FROM j2 AS x0 FULL JOIN j2 AS x1 ON x1.b = x0.a WHERE x0.b > 0",
    ]);
}

/// Two numeric operands compare as NUMERIC, which converts a compound co-routine's text
/// value in the outermost query (seed 2590), but not a compound source's value inside a
/// nested query (seed 1472).
#[test]
fn numeric_operands_compare_as_numeric() {
    check(&[
        "CREATE TABLE tn(n NUMERIC)",
        "CREATE TABLE tj(j INT)",
        "INSERT INTO tn VALUES(1.5)",
        "INSERT INTO tj VALUES(1.5)",
        "INSERT INTO tt VALUES('1.5')",
        "SELECT * FROM (SELECT x AS p FROM ti UNION SELECT y FROM tt) sq LEFT JOIN tn ON tn.n = sq.p ORDER BY 1, 2",
        "SELECT * FROM (SELECT x AS p FROM ti UNION SELECT y FROM tt) sq LEFT JOIN tj ON tj.j = sq.p ORDER BY 1, 2",
        "SELECT * FROM vc sq LEFT JOIN tn ON sq.p = tn.n ORDER BY 1, 2",
        "SELECT * FROM tn JOIN vc sq ON tn.n = sq.p ORDER BY 1, 2",
        "SELECT n, (SELECT count(*) FROM vc WHERE vc.p = tn.n) FROM tn",
        "SELECT j, (SELECT count(*) FROM vc WHERE vc.p = tj.j) FROM tj",
        "SELECT n FROM tn WHERE EXISTS (SELECT 1 FROM tj WHERE tj.j = tn.n)",
        "SELECT p FROM vc WHERE EXISTS (SELECT 1 FROM tn WHERE tn.n = vc.p) ORDER BY 1",
    ]);
}
