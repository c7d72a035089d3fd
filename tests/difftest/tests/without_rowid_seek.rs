//! WITHOUT ROWID tables searched through their primary key (`SEARCH w USING PRIMARY KEY
//! (a=? AND b>?)`, planner/pk.rs) and through secondary indexes that do not cover the query
//! (the row is then found by the key the index entry ends with). Rows in the plan's order and
//! EXPLAIN QUERY PLAN details compared with the system SQLite.

use ferrolite_difftest::{assert_plans_match, assert_statements_match};

const SETUP: &str = "
CREATE TABLE w(a TEXT, b INT, c, d, PRIMARY KEY(a, b DESC)) WITHOUT ROWID;
CREATE INDEX wc ON w(c);
CREATE INDEX wda ON w(d, a);
INSERT INTO w VALUES('x',1,1,1),('x',2,2,2),('y',1,1,3),('y',5,NULL,4),('z',0,2,1),('X',3,1,2),
  ('x',-1,'q',NULL),('1',1,1,1);
CREATE TABLE k(id INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE, n, UNIQUE(v, n)) WITHOUT ROWID;
INSERT INTO k VALUES(1,'a',1),(2,'A',2),(3,'b',1),(10,'c',NULL),(-4,NULL,3);
CREATE TABLE u(x, y);
INSERT INTO u VALUES(1,'x'),(2,'y'),(10,'z');
";

#[test]
fn primary_key_seeks() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM w WHERE a='x'",
            "SELECT * FROM w WHERE a='x' AND b>1",
            "SELECT * FROM w WHERE a='x' AND b<2",
            "SELECT * FROM w WHERE a='x' AND b BETWEEN 0 AND 2",
            "SELECT * FROM w WHERE a='x' AND b=2",
            "SELECT * FROM w WHERE a='x' AND b='2'",
            "SELECT * FROM w WHERE a>'x'",
            "SELECT * FROM w WHERE a>='x' AND a<'z'",
            "SELECT * FROM w WHERE a=1",
            "SELECT * FROM w WHERE a IN ('x','z')",
            "SELECT * FROM w WHERE a='x' OR a='y'",
            "SELECT * FROM w WHERE a='x' ORDER BY b",
            "SELECT * FROM w WHERE a='x' ORDER BY b DESC",
            "SELECT * FROM w ORDER BY a",
            "SELECT * FROM w WHERE a='x' LIMIT 1",
            "SELECT * FROM k WHERE id=3",
            "SELECT * FROM k WHERE id>1",
            "SELECT * FROM k WHERE id='10'",
            "SELECT u.x, k.v FROM u, k WHERE k.id = u.x",
            "SELECT u.y, w.b FROM u, w WHERE w.a = u.y",
            "SELECT count(*) FROM w WHERE a='y'",
        ],
    );
}

#[test]
fn secondary_indexes_that_do_not_cover() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM w WHERE c=1",
            "SELECT * FROM w WHERE c=1 ORDER BY a",
            "SELECT * FROM w WHERE c>1",
            "SELECT * FROM w WHERE d IN (1,2)",
            "SELECT a, b FROM w WHERE c=1",
            "SELECT * FROM k WHERE v='a'",
            "SELECT * FROM k WHERE v='A' AND n=2",
            "SELECT id FROM k WHERE v='b'",
        ],
    );
    // Rows only: sqlite3 prefers the primary key to wda here (no statistics).
    let mut script: Vec<&str> = SETUP
        .split(";\n")
        .filter(|s| !s.trim().is_empty())
        .collect();
    script.extend([
        "SELECT * FROM w WHERE d=2 AND a='x' ORDER BY b",
        "DELETE FROM w WHERE c=1",
        "SELECT * FROM w",
        "UPDATE w SET d=9 WHERE a='y'",
        "UPDATE w SET c=7 WHERE d=9",
        "SELECT * FROM w",
        "DELETE FROM k WHERE v='a'",
        "SELECT * FROM k",
    ]);
    assert_statements_match(&script);
}

/// A WITHOUT ROWID table's INTEGER PRIMARY KEY takes no `sqlite_autoindex_T_N` number (the
/// UNIQUE constraint after it is `_1`), as in sqlite3: the names are in the file.
#[test]
fn autoindex_numbers_skip_an_integer_primary_key() {
    assert_statements_match(&[
        "CREATE TABLE k1(a INTEGER, b, PRIMARY KEY(a), UNIQUE(b)) WITHOUT ROWID",
        "CREATE TABLE k2(a INTEGER PRIMARY KEY ASC, b UNIQUE) WITHOUT ROWID",
        "CREATE TABLE k3(a INTEGER, b, PRIMARY KEY(a DESC), UNIQUE(b)) WITHOUT ROWID",
        "CREATE TABLE k4(a INTEGER PRIMARY KEY DESC, b UNIQUE) WITHOUT ROWID",
        "CREATE TABLE k5(a INT PRIMARY KEY, b UNIQUE) WITHOUT ROWID",
        "CREATE TABLE k6(a INTEGER, b, PRIMARY KEY(a, b), UNIQUE(b)) WITHOUT ROWID",
        "CREATE TABLE k7(a INTEGER PRIMARY KEY, b UNIQUE)",
        "SELECT name, tbl_name FROM sqlite_schema ORDER BY name",
    ]);
}
