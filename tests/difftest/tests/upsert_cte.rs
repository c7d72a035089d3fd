//! UPSERT constraint-check order and recursive CTEs, statement by statement against the
//! system SQLite (each script runs on fresh in-memory databases; every statement's rows or
//! error message must be the same).

use ferrolite_difftest::assert_script_matches as check;

/// Each case starts from the same four rows; every row conflicts on id, w, z and v with a
/// different existing row, so the row that gets updated shows which check ran first.
const SETUP: &str = "CREATE TABLE c(id INTEGER PRIMARY KEY, w UNIQUE, z UNIQUE, v);
CREATE UNIQUE INDEX cv ON c(v);
INSERT INTO c VALUES(1,1,1,1),(2,2,2,2),(3,3,3,3),(4,4,4,4);";

const UPSERT_CASES: &[&str] = &[
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(w) DO UPDATE SET w=-w",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(v) DO UPDATE SET w=-w",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(z) DO UPDATE SET w=-w ON CONFLICT(w) DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(w) DO UPDATE SET w=-w ON CONFLICT(z) DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(w) DO UPDATE SET w=-w ON CONFLICT DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(id) DO UPDATE SET w=-w ON CONFLICT DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(v) DO UPDATE SET w=-w ON CONFLICT(id) DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT DO UPDATE SET w=w*10",
    "INSERT INTO c VALUES(1,2,3,4) ON CONFLICT(v) DO NOTHING",
    "INSERT INTO c VALUES(9,9,3,4) ON CONFLICT(w) DO NOTHING",
    "INSERT INTO c VALUES(1,9,3,4) ON CONFLICT(w) DO NOTHING",
    "INSERT INTO c VALUES(9,2,9,9) ON CONFLICT(z) DO NOTHING",
    "INSERT INTO c VALUES(9,2,3,9)",
    "INSERT INTO c VALUES(1,2,3,9)",
    "INSERT OR REPLACE INTO c VALUES(1,2,3,4) ON CONFLICT(v) DO UPDATE SET w=-w",
    "INSERT OR IGNORE INTO c VALUES(1,2,3,9) ON CONFLICT(v) DO UPDATE SET w=-w",
    "INSERT INTO c VALUES(6,2,30,40) ON CONFLICT(w) DO UPDATE SET z=excluded.z",
    "INSERT INTO c VALUES(1,2,3,4),(7,4,3,2) ON CONFLICT(w) DO UPDATE SET w=w+100",
];

#[test]
fn upsert_checks_target_constraint_first() {
    for case in UPSERT_CASES {
        check(&format!(
            "{SETUP}\n{case};\nSELECT * FROM c;\nPRAGMA integrity_check;"
        ));
    }
}

/// The shape: the ON CONFLICT target is a UNIQUE column and the INTEGER PRIMARY KEY
/// conflicts too; WITHOUT ROWID tables with a composite key.
#[test]
fn upsert_rowid_and_without_rowid() {
    check(
        "CREATE TABLE c(id INTEGER PRIMARY KEY, w UNIQUE, n);
INSERT INTO c VALUES(1,1,0),(6,2,0);
INSERT INTO c VALUES(6,1,5) ON CONFLICT(w) DO UPDATE SET n=n+excluded.n;
SELECT * FROM c;
INSERT INTO c VALUES(6,1,5) ON CONFLICT(id) DO UPDATE SET n=n+100;
SELECT * FROM c;",
    );
    check(
        "CREATE TABLE k(a, b, u UNIQUE, n, PRIMARY KEY(a,b)) WITHOUT ROWID;
INSERT INTO k VALUES(1,1,1,0),(2,2,2,0);
INSERT INTO k VALUES(1,1,2,5) ON CONFLICT(u) DO UPDATE SET n=n+1;
SELECT * FROM k;
INSERT INTO k VALUES(1,1,2,5) ON CONFLICT(b,a) DO UPDATE SET n=n+10;
SELECT * FROM k;
INSERT INTO k VALUES(1,1,2,5) ON CONFLICT DO UPDATE SET n=n+100;
SELECT * FROM k;
INSERT INTO k VALUES(1,1,2,5) ON CONFLICT(u) DO NOTHING;
INSERT INTO k VALUES(1,1,9,5) ON CONFLICT(u) DO NOTHING;
SELECT * FROM k;",
    );
}

/// Plain uniqueness checks: newest index first, REPLACE constraints last.
#[test]
fn unique_check_order_without_upsert() {
    check(
        "CREATE TABLE t(a, b, c UNIQUE);
CREATE UNIQUE INDEX ta ON t(a);
CREATE UNIQUE INDEX tb ON t(b);
INSERT INTO t VALUES(1,1,1),(2,2,2);
INSERT INTO t VALUES(1,2,3);
INSERT INTO t VALUES(9,2,2);
INSERT INTO t VALUES(1,9,2);",
    );
    check(
        "CREATE TABLE t(a UNIQUE ON CONFLICT IGNORE, b UNIQUE ON CONFLICT REPLACE, c UNIQUE);
INSERT INTO t VALUES(1,1,1),(2,2,2);
INSERT INTO t VALUES(1,2,3);
SELECT * FROM t;
INSERT INTO t VALUES(5,2,1);
SELECT * FROM t;",
    );
    check(
        "CREATE TABLE t(id INTEGER PRIMARY KEY ON CONFLICT REPLACE, a UNIQUE ON CONFLICT IGNORE);
INSERT INTO t VALUES(1,1),(2,2);
INSERT INTO t VALUES(1,2);
SELECT * FROM t;
CREATE TABLE u(id INTEGER PRIMARY KEY ON CONFLICT REPLACE, a UNIQUE);
INSERT INTO u VALUES(1,1),(2,2);
INSERT INTO u VALUES(1,2);
SELECT * FROM u;
INSERT OR REPLACE INTO u VALUES(1,2);
SELECT * FROM u;",
    );
}

/// Endless recursive CTEs stop at the outer LIMIT or at their own LIMIT; bounded ones,
/// UNION (distinct) and OFFSET behave as in SQLite.
#[test]
fn recursive_cte_limits() {
    check(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c LIMIT 5;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x*10, 'a' FROM c LIMIT 3 OFFSET 2;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT * FROM c LIMIT 0;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 4) SELECT x FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 4 OFFSET 2) SELECT x FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 10) SELECT sum(x) FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 10) SELECT x FROM c WHERE x%3=0 LIMIT 2;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x FROM c ORDER BY x DESC LIMIT 2;
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x%4+1 FROM c) SELECT x FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x%4+1 FROM c) SELECT x FROM c LIMIT 2;
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x%4+1 FROM c LIMIT 3) SELECT x FROM c;
WITH RECURSIVE c(x, y) AS (SELECT 1, 1 UNION ALL SELECT y, x+y FROM c) SELECT x FROM c LIMIT 10;
WITH RECURSIVE c(x) AS (VALUES(1),(2) UNION ALL SELECT x+10 FROM c) SELECT x FROM c LIMIT 7;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x, upper(x) FROM c LIMIT 1 OFFSET 4;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT -1 OFFSET 3) SELECT x FROM c LIMIT 3;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3) SELECT a.x, b.x FROM c a, c b LIMIT 4;",
    );
}

/// ORDER BY in a recursive CTE: the queue is a priority queue (depth-first or breadth-first
/// walks), with ties leaving in arrival order.
#[test]
fn recursive_cte_order_by() {
    check(
        "CREATE TABLE org(name TEXT PRIMARY KEY, boss TEXT);
INSERT INTO org VALUES('A',NULL),('B','A'),('C','A'),('D','B'),('E','B'),('F','C'),('G','a');
WITH RECURSIVE u(name,level) AS (VALUES('A',0) UNION ALL SELECT org.name, u.level+1 FROM org JOIN u ON org.boss=u.name ORDER BY 2 DESC) SELECT substr('..........',1,level*3)||name FROM u;
WITH RECURSIVE u(name,level) AS (VALUES('A',0) UNION ALL SELECT org.name, u.level+1 FROM org JOIN u ON org.boss=u.name ORDER BY 2) SELECT name, level FROM u;
WITH RECURSIVE u(name,level) AS (VALUES('A',0) UNION ALL SELECT org.name, u.level+1 FROM org JOIN u ON org.boss=u.name ORDER BY level DESC, name DESC) SELECT name FROM u;
WITH RECURSIVE u(name,level) AS (VALUES('A',0) UNION ALL SELECT org.name, u.level+1 FROM org JOIN u ON org.boss=u.name ORDER BY name COLLATE NOCASE DESC LIMIT 4) SELECT name FROM u;
WITH RECURSIVE c(x) AS (VALUES(5),(1),(3) UNION ALL SELECT x+10 FROM c WHERE x<20 ORDER BY x) SELECT x FROM c;
WITH RECURSIVE c(x) AS (VALUES(5),(1),(3) UNION SELECT x%7+1 FROM c ORDER BY 1 DESC) SELECT x FROM c;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c ORDER BY x) SELECT x FROM c LIMIT 4;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c ORDER BY y) SELECT x FROM c LIMIT 4;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c ORDER BY 2) SELECT x FROM c LIMIT 4;",
    );
}
