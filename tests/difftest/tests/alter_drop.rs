//! ALTER TABLE DROP COLUMN compared with the system SQLite: the rows and the file afterwards
//! (`PRAGMA integrity_check`), for rowid and WITHOUT ROWID tables.

use ferrolite_difftest::assert_script_matches;

#[test]
fn drop_column_without_rowid() {
    // The records of a WITHOUT ROWID table hold the PRIMARY KEY first: the rewrite keeps
    // that order and replaces each row under its unchanged key (this was "database disk
    // image is malformed").
    assert_script_matches(
        "
CREATE TABLE w(k1 REAL, k2, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID
INSERT INTO w VALUES(1, 'a', 'x', 1), (2.5, 'b', NULL, 2), (-1, X'00', 3, NULL)
ALTER TABLE w ADD COLUMN e0 TEXT NOT NULL DEFAULT 'x'
INSERT INTO w VALUES(7, 'z', 'y', 9, 'q')
ALTER TABLE w DROP COLUMN v
SELECT * FROM w
PRAGMA integrity_check
ALTER TABLE w DROP COLUMN e0
SELECT * FROM w
SELECT * FROM w WHERE k1 = 2.5 AND k2 = 'b'
INSERT INTO w VALUES(1, 'a', 5)
PRAGMA integrity_check
SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name
CREATE TABLE w2(a, b, c, PRIMARY KEY(c, a)) WITHOUT ROWID
INSERT INTO w2 VALUES(1, 2, 3), (4, 5, 6)
ALTER TABLE w2 DROP COLUMN b
SELECT * FROM w2
PRAGMA integrity_check",
    );
}

#[test]
fn drop_column_rowid_table_with_defaults() {
    assert_script_matches(
        "
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c)
INSERT INTO t VALUES(1, 2, 3, 4), (5, 6, 7, 8)
ALTER TABLE t ADD COLUMN d DEFAULT 9
ALTER TABLE t DROP COLUMN b
SELECT * FROM t
PRAGMA integrity_check",
    );
}

#[test]
fn drop_column_still_referenced() {
    assert_script_matches(
        "
CREATE TABLE p(id, a, b, CHECK(a > 0))
CREATE UNIQUE INDEX pi ON p(b)
ALTER TABLE p DROP COLUMN b
DROP INDEX pi
CREATE UNIQUE INDEX pi ON p(id) WHERE b > 0
ALTER TABLE p DROP COLUMN b
CREATE INDEX pj ON p(id, b COLLATE nocase)
DROP INDEX pi
ALTER TABLE p DROP COLUMN b
ALTER TABLE p DROP COLUMN a
CREATE TABLE q(id, a AS (b+1), b)
ALTER TABLE q DROP COLUMN b
CREATE TABLE r(id, a CHECK(b>1), b, c CHECK(\"zz\" <> c))
ALTER TABLE r DROP COLUMN b
ALTER TABLE r DROP COLUMN c
CREATE TABLE s(id INTEGER PRIMARY KEY, a UNIQUE, b)
CREATE UNIQUE INDEX s_i ON s(a)
ALTER TABLE s DROP COLUMN a
CREATE TABLE one(x)
CREATE INDEX one_i ON one(x)
ALTER TABLE one DROP COLUMN x
SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
    );
}

#[test]
fn drop_column_and_foreign_keys() {
    assert_script_matches(
        "
PRAGMA foreign_keys=ON
CREATE TABLE p(id INTEGER PRIMARY KEY, a UNIQUE, b)
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), x REFERENCES p(a), v)
INSERT INTO p VALUES(1, 2, 3)
INSERT INTO c VALUES(1, 1, 2, 'v')
ALTER TABLE c DROP COLUMN pid
ALTER TABLE p DROP COLUMN b
CREATE TABLE d(id, e, FOREIGN KEY(e) REFERENCES p(b))
ALTER TABLE d DROP COLUMN e
SELECT * FROM c
PRAGMA foreign_key_check
SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
    );
}
