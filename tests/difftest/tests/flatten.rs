//! The query flattener (codegen/select/flatten.rs): FROM subqueries and CTEs used once that
//! sqlite3 merges into the outer query give sqlite3's EXPLAIN QUERY PLAN (the subquery's
//! tables searched with the outer WHERE terms) and its rows; the shapes ours leaves
//! materialized keep sqlite3's rows. Plans and rows compared with the system SQLite.

use ferrolite::Connection;
use ferrolite_difftest::{assert_plans_match, assert_statements_match};

const SETUP: &str = "
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);
CREATE INDEX tb ON t(b);
CREATE TABLE u(x INT, y, a);
INSERT INTO t VALUES(1,3,5),(2,3,0),(3,4,7),(4,'3',2.0),(5,NULL,1);
INSERT INTO u VALUES(1,'a',9),(3,'b',8),(4,'3',1);
CREATE VIEW v1 AS SELECT a, b AS bb, c*2 FROM t WHERE c > 1;
CREATE VIEW v2(p, q) AS SELECT a, b FROM t;
";

#[test]
fn flattened_plans_and_rows() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM (SELECT a, b FROM t WHERE c > 1) WHERE b = 3 ORDER BY 1",
            "SELECT count(*) FROM (SELECT a, b FROM t, u WHERE c > 1) WHERE b = 3",
            "SELECT * FROM u JOIN (SELECT a, b FROM t) s ON s.a = u.x ORDER BY 1",
            "SELECT x, s.b + 1 FROM u, (SELECT a, b FROM t WHERE b IS NOT NULL) AS s \
             WHERE s.a = u.x ORDER BY 1",
            "WITH w AS (SELECT a, b FROM t WHERE c > 1) SELECT * FROM w WHERE b = 3 ORDER BY 1",
            "WITH w(p, q) AS (SELECT a, b FROM t) SELECT q, p FROM w WHERE q = 4",
            "SELECT * FROM (SELECT * FROM (SELECT a, b FROM t) WHERE b > 1) WHERE b = 3 \
             ORDER BY 1",
            "SELECT * FROM (SELECT t.*, 1 AS one FROM t) WHERE one = 1 AND a = 2",
            "SELECT z FROM (SELECT a + 1 AS z FROM t) WHERE z > 2 ORDER BY z DESC",
            "SELECT x FROM u, (SELECT a FROM t ORDER BY b) s WHERE a = x ORDER BY 1",
            "SELECT count(*) FROM u, (SELECT a FROM t ORDER BY b) s",
            "SELECT * FROM (SELECT a FROM t ORDER BY b) s ORDER BY a",
            "SELECT * FROM v1 WHERE bb = 3 ORDER BY 1",
            "SELECT * FROM u, v2 WHERE q = u.x ORDER BY 1, 3",
            "SELECT * FROM (SELECT a, b FROM t) s LEFT JOIN u ON s.a = u.x WHERE s.b = 4",
            "SELECT * FROM u LEFT JOIN (SELECT a, b FROM t) s ON s.a = u.x ORDER BY 1",
        ],
    );
}

#[test]
fn not_flattened_plans_and_rows() {
    assert_plans_match(
        SETUP,
        &[
            // A LIMIT keeps the subquery materialized.
            "SELECT * FROM u CROSS JOIN (SELECT a, b FROM t LIMIT 5) s ORDER BY 1, 3",
            "SELECT * FROM u CROSS JOIN (SELECT a FROM t ORDER BY b LIMIT 3) s ORDER BY 1, 3",
            // The first term followed by a CROSS or LEFT JOIN is a co-routine.
            "SELECT * FROM (SELECT DISTINCT c FROM t) s CROSS JOIN u ORDER BY 1, 2",
            "SELECT * FROM (SELECT b, count(*) FROM t GROUP BY b) s CROSS JOIN u ORDER BY 1, 3",
            "SELECT * FROM (SELECT a FROM t LIMIT 2) s LEFT JOIN u ON u.y = s.a ORDER BY 1",
        ],
    );
}

/// Comparisons keep the subquery column's affinity and collation once its expression
/// replaces it; outer names that were aliases, ambiguous or missing stay so.
#[test]
fn flattened_semantics() {
    let stmts: Vec<&str> = SETUP
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .chain([
            "CREATE TABLE v(a INTEGER PRIMARY KEY, b TEXT, c REAL)",
            "INSERT INTO v VALUES(1,'3',5),(2,'03',0),(3,4,7),(4,NULL,2.0)",
            "SELECT * FROM (SELECT b AS x FROM v) WHERE x = 3 ORDER BY 1",
            "SELECT * FROM (SELECT b + 0 AS x FROM v) WHERE x = '3' ORDER BY 1",
            "SELECT * FROM (SELECT CAST(b AS INT) AS x FROM v) WHERE x = '3' ORDER BY 1",
            "SELECT * FROM (SELECT c AS x FROM v) ORDER BY 1",
            "SELECT x, typeof(x) FROM (SELECT c AS x FROM v) WHERE x > 1 ORDER BY 1",
            "SELECT * FROM (SELECT b COLLATE nocase AS x FROM v) WHERE x = '03' COLLATE binary",
            "SELECT a FROM u, (SELECT a AS q FROM t) WHERE q = x ORDER BY 1",
            "SELECT a FROM u, (SELECT a FROM t) WHERE a = x",
            "SELECT a + 1 AS y FROM (SELECT a FROM t) WHERE y > 2 ORDER BY 1",
            "SELECT b AS x FROM (SELECT a AS x, b FROM t) ORDER BY x",
            "SELECT b AS x FROM (SELECT a AS x, b FROM t) ORDER BY x COLLATE nocase, 1",
            "SELECT (SELECT count(*) FROM (SELECT a FROM t WHERE a > u.x)) FROM u ORDER BY 1",
            "SELECT * FROM u WHERE x IN (SELECT q FROM (SELECT a AS q FROM t WHERE c > 1)) \
             ORDER BY 1",
            "SELECT sum(q), count(*) FROM (SELECT a AS q, c FROM t WHERE c > 1)",
            "SELECT nosuch FROM (SELECT a FROM t)",
            "SELECT t.a FROM (SELECT a FROM t)",
            "SELECT * FROM (SELECT a FROM t) AS t1, (SELECT a FROM t) AS t2 \
             WHERE t1.a = t2.a ORDER BY 1",
            "SELECT y, \"y\", 'y' FROM (SELECT a AS y FROM t) ORDER BY 1",
            "SELECT \"nope\" FROM (SELECT a AS y FROM t) LIMIT 1",
            "SELECT q, count(*) FROM (SELECT b AS q FROM t) GROUP BY q ORDER BY 1",
            "SELECT DISTINCT q FROM (SELECT b AS q FROM t WHERE a > 1) ORDER BY 1",
            "WITH w AS (SELECT a, b FROM t WHERE c > 1) SELECT * FROM w, w AS w2 \
             WHERE w.b = 3 ORDER BY 1, 3",
            "SELECT * FROM v1, v2 WHERE v1.a = v2.p ORDER BY 1",
            "SELECT * FROM (SELECT a, b FROM t WHERE b > 3) s LEFT JOIN u ON s.a = u.x \
             ORDER BY 1",
            "SELECT * FROM u LEFT JOIN (SELECT a, b FROM t WHERE b > 3) s ON s.a = u.x \
             ORDER BY 1",
            "SELECT s.a, u.y FROM (SELECT a FROM t) s LEFT JOIN u ON u.x = s.a \
             WHERE u.y IS NULL ORDER BY 1",
            "SELECT u.x, s.* FROM u LEFT JOIN (SELECT b, a FROM t WHERE a > 1) s \
             ON s.a = u.x WHERE s.b IS NULL OR s.b > 3 ORDER BY 1",
            "CREATE TEMP TABLE t(z)",
            "SELECT * FROM v1 WHERE bb = 3 ORDER BY 1",
            "SELECT a FROM (SELECT a, random() AS r FROM t) WHERE r = r ORDER BY 1",
        ])
        .collect();
    assert_statements_match(&stmts);
}

/// Result column names are those the subquery gave (sqlite3 3.40.1's, written down here).
#[test]
fn flattened_column_names() {
    let db = Connection::open(":memory:").unwrap();
    db.execute_batch(SETUP).unwrap();
    let cases: &[(&str, &[&str])] = &[
        (
            "SELECT * FROM (SELECT a AS x, b+1, B FROM t)",
            &["x", "b+1", "B"],
        ),
        (
            "SELECT x, s.a*2, s.b FROM u, (SELECT A, b FROM t) s",
            &["x", "s.a*2", "b"],
        ),
        (
            "SELECT s.* FROM (SELECT t.*, c+1 FROM t) s",
            &["a", "b", "c", "c+1"],
        ),
        (
            "WITH w(p, q) AS (SELECT a, b FROM t) SELECT * FROM w",
            &["p", "q"],
        ),
        ("SELECT q FROM (SELECT b AS q FROM t)", &["q"]),
    ];
    for (sql, want) in cases {
        let st = db.prepare(sql).unwrap();
        let got: Vec<&str> = (0..st.column_count()).map(|i| st.column_name(i)).collect();
        assert_eq!(&got, want, "{sql}");
    }
}

/// Push-down (codegen/select/flatten/push_down.rs): outer WHERE terms on a DISTINCT or
/// GROUP BY subquery's columns are copied into it, so its loop searches an index.
#[test]
fn pushed_down_plans_and_rows() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM (SELECT DISTINCT b, c FROM t) s WHERE b = 3 ORDER BY 2",
            "SELECT * FROM (SELECT b, count(*) n FROM t GROUP BY b) s WHERE b = 3",
            "SELECT * FROM (SELECT b, count(*) n FROM t GROUP BY b) s WHERE n = 2",
            "SELECT * FROM (SELECT b, max(c) FROM t GROUP BY b) s WHERE b > 3",
            "SELECT * FROM u CROSS JOIN (SELECT DISTINCT b, c FROM t) s \
             WHERE s.b = 3 AND u.x = s.c ORDER BY 1",
        ],
    );
}

#[test]
fn pushed_down_semantics() {
    let stmts: Vec<&str> = SETUP
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .chain([
            "CREATE TABLE v(a INTEGER PRIMARY KEY, b TEXT, c REAL)",
            "INSERT INTO v VALUES(1,'3',5),(2,'03',0),(3,4,7),(4,NULL,2.0),(5,'3',1)",
            "SELECT * FROM (SELECT DISTINCT b AS x FROM v) WHERE x = 3 ORDER BY 1",
            "SELECT * FROM (SELECT DISTINCT b + 0 AS x FROM v) WHERE x = '3' ORDER BY 1",
            "SELECT * FROM (SELECT b, count(*) AS n FROM v GROUP BY b) WHERE b = 3 AND n > 1",
            "SELECT * FROM (SELECT c, count(*) FROM v GROUP BY c) WHERE c < 3 ORDER BY 1",
            "SELECT * FROM (SELECT DISTINCT b COLLATE nocase AS x FROM v) WHERE x = '3'",
        ])
        .collect();
    assert_statements_match(&stmts);
}
