//! WITHOUT ROWID tables in the writes mode (issue 3): UPDATE/DELETE ... ORDER BY ... LIMIT on
//! a multi-column primary key (with RETURNING, OR conflict clauses and changes() after), and
//! what `PRAGMA index_list/index_info/index_xinfo` show of WITHOUT ROWID tables. Each
//! statement's rows or error compared with the system sqlite3.

use ferrolite_difftest::assert_script_matches;

const W: &str = "
CREATE TABLE w(k1 INT, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
INSERT INTO w VALUES(1,'a',1,1),(1,'B',2,2),(2,'c',3,3),(3,'D',4,4),(3,'e',5,NULL),(4,1.5,6,6);
";

fn with_w(body: &str) -> String {
    format!("{W}\n{body}")
}

#[test]
fn update_limit_multi_column_pk() {
    assert_script_matches(&with_w(
        "
UPDATE w SET v = v + 10 ORDER BY k1 DESC, k2 DESC LIMIT 2 RETURNING *;
SELECT changes();
SELECT * FROM w;
UPDATE w SET v = -v WHERE k1 < 3 ORDER BY k2 LIMIT 2 OFFSET 1;
SELECT changes(), total_changes();
SELECT * FROM w;
UPDATE w SET k2 = upper(k2) WHERE k1 > 0 ORDER BY v LIMIT 3 RETURNING k1, k2, v;
SELECT * FROM w ORDER BY v;
UPDATE w SET v = 0 LIMIT 0;
SELECT changes();
UPDATE w AS x SET v = x.k1 WHERE x.u IS NOT NULL ORDER BY x.u DESC LIMIT 1 RETURNING v;
SELECT * FROM w;
",
    ));
}

#[test]
fn update_limit_conflict_clauses() {
    assert_script_matches(&with_w(
        "
UPDATE OR FAIL w SET k1 = upper(u), u = -1 WHERE u = u RETURNING * ORDER BY k1 DESC, k2 DESC LIMIT 1;
UPDATE w SET u = 1 ORDER BY k1 DESC LIMIT 2;
SELECT * FROM w;
UPDATE OR IGNORE w SET u = 1 ORDER BY k1 DESC LIMIT 2 RETURNING *;
SELECT changes();
SELECT * FROM w;
UPDATE OR REPLACE w SET u = 2 ORDER BY k1 DESC, k2 LIMIT 2 RETURNING *;
SELECT changes();
SELECT * FROM w;
UPDATE OR REPLACE w SET k1 = 1, k2 = 'A' WHERE k1 > 1 ORDER BY v DESC LIMIT 1;
SELECT * FROM w;
UPDATE OR ABORT w SET v = NULL WHERE k2 = 1.5 RETURNING * ORDER BY k1 DESC, k2 DESC LIMIT 1;
SELECT * FROM w;
",
    ));
}

#[test]
fn delete_limit_multi_column_pk() {
    assert_script_matches(&with_w(
        "
DELETE FROM w WHERE k1 = k2 RETURNING *, k1 + 1 ORDER BY k1, k2 LIMIT 1;
DELETE FROM w WHERE k1 > 2 ORDER BY k1, k2 LIMIT 1 RETURNING *;
SELECT changes();
SELECT * FROM w;
DELETE FROM w ORDER BY v DESC LIMIT 2 OFFSET 1;
SELECT changes(), total_changes();
SELECT * FROM w;
DELETE FROM w ORDER BY k2 COLLATE BINARY LIMIT 1 RETURNING k2;
DELETE FROM w LIMIT 1;
SELECT * FROM w;
DELETE FROM w ORDER BY v;
",
    ));
}

#[test]
fn index_list_of_without_rowid_tables() {
    assert_script_matches(
        "
CREATE TABLE w(k1 INT, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX wi ON w(v DESC);
CREATE TABLE w2(a PRIMARY KEY, b UNIQUE, c) WITHOUT ROWID;
CREATE TABLE w3(a, b, c, PRIMARY KEY(c DESC, a), UNIQUE(b, a)) WITHOUT ROWID;
CREATE INDEX w3i ON w3(b, c);
CREATE TABLE w4(a UNIQUE PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
CREATE TABLE w5(a, b, PRIMARY KEY(a, b), UNIQUE(a, b), UNIQUE(b, a)) WITHOUT ROWID;
CREATE TABLE w6(a INTEGER PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
CREATE TABLE w7(a INTEGER, b UNIQUE, PRIMARY KEY(a)) WITHOUT ROWID;
CREATE TABLE w8(a INTEGER PRIMARY KEY DESC, b UNIQUE) WITHOUT ROWID;
CREATE TABLE r(a, b UNIQUE, c, PRIMARY KEY(a, c), UNIQUE(c));
PRAGMA index_list(w);
PRAGMA index_list(w2);
PRAGMA index_list(w3);
PRAGMA index_list(w4);
PRAGMA index_list(w5);
PRAGMA index_list(w6);
PRAGMA index_list(w7);
PRAGMA index_list(w8);
PRAGMA index_list(r);
",
    );
}

#[test]
fn index_info_of_without_rowid_tables() {
    assert_script_matches(
        "
CREATE TABLE w(k1 INT, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE INDEX wi ON w(v DESC);
CREATE TABLE w3(a, b, c, PRIMARY KEY(c DESC, a), UNIQUE(b, a)) WITHOUT ROWID;
CREATE INDEX w3i ON w3(b, c);
CREATE INDEX w3j ON w3(b);
CREATE TABLE w6(a INTEGER PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
CREATE TABLE g(a, b AS (a + 1), c AS (a * 2) STORED, d, PRIMARY KEY(a)) WITHOUT ROWID;
CREATE INDEX gd ON g(d);
CREATE TABLE r(a, b UNIQUE);
PRAGMA index_info(sqlite_autoindex_w_2);
PRAGMA index_xinfo(sqlite_autoindex_w_2);
PRAGMA index_info(sqlite_autoindex_w_1);
PRAGMA index_xinfo(sqlite_autoindex_w_1);
PRAGMA index_info(wi);
PRAGMA index_xinfo(wi);
PRAGMA index_info(w);
PRAGMA index_xinfo(w);
PRAGMA index_xinfo(sqlite_autoindex_w3_1);
PRAGMA index_xinfo(sqlite_autoindex_w3_2);
PRAGMA index_xinfo(w3i);
PRAGMA index_xinfo(w3j);
PRAGMA index_xinfo(sqlite_autoindex_w6_1);
PRAGMA index_xinfo(sqlite_autoindex_w6_2);
PRAGMA index_xinfo(g);
PRAGMA index_xinfo(gd);
PRAGMA index_list(g);
PRAGMA index_xinfo(sqlite_autoindex_r_1);
PRAGMA index_info(r);
PRAGMA index_xinfo(sqlite_autoindex_nosuch_1);
",
    );
}
