//! Differences the generator showed on fresh seeds (3000–4999, modes select and all), each
//! pinned by a script compared with the system sqlite3 3.40.1.

use ferrolite_difftest::assert_script_matches;

/// A VIRTUAL REAL generated column gives int-real values (`vdbe::regmeta` rule 7). sqlite3
/// hands `SET (a, b) = (SELECT ...)` values over in registers, and runs the SELECT of an
/// `INSERT ... SELECT` as a coroutine unless it reads the target table (or the target has
/// triggers): the flag survives, so a TEXT column gets '3.0'. Through an ephemeral table
/// (the SELECT reads the target) the record stores 3 and the column gets '3'. Seed 4856
/// (mode all).
#[test]
fn int_real_through_row_subquery_and_insert_select() {
    assert_script_matches(
        "
CREATE TABLE s(a INTEGER PRIMARY KEY, b REAL AS (a) VIRTUAL, c TEXT, g DOUBLE AS (quote(c)) VIRTUAL);
INSERT INTO s(a, c) VALUES(3, 1e10), (4, 'x');
CREATE TABLE t(x TEXT, y INT, z);
INSERT INTO t VALUES(1, 1, 1);
UPDATE t SET (x, y) = (SELECT b, b FROM s WHERE a = 3);
SELECT x, typeof(x), y, typeof(y) FROM t;
UPDATE t SET (y, x, z) = (SELECT 1, min(c, g), b FROM s WHERE a = 3);
SELECT x, typeof(x), z, typeof(z) FROM t;
UPDATE t SET (x, y) = (SELECT b, a FROM s WHERE a = 99);
SELECT x, y FROM t;
UPDATE t SET (x, y) = (SELECT b, a FROM s ORDER BY a DESC);
SELECT x, y FROM t;
DELETE FROM t;
INSERT INTO t SELECT b, b, b FROM s;
INSERT INTO t(x) VALUES((SELECT b FROM s WHERE a = 3));
INSERT INTO t(x, z) SELECT b, b FROM s ORDER BY 1 DESC;
INSERT INTO t(x, z) SELECT b, b FROM s UNION SELECT 7, 7;
INSERT INTO t(x, z) SELECT b, b FROM s WHERE a IN (SELECT y FROM t);
INSERT INTO t(x, z) SELECT b, (SELECT count(*) FROM t) FROM s;
SELECT x, typeof(x), y, typeof(y), z, typeof(z) FROM t;
CREATE TABLE log(v);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.x); END;
INSERT INTO t(x, z) SELECT b, b FROM s;
SELECT x, typeof(x), z, typeof(z) FROM t;
SELECT v, typeof(v) FROM log;
",
    );
}

/// INSERT ... SELECT as a coroutine still sees the rows it read before any insert when it
/// reads its own table, and reports errors, OR IGNORE and LIMIT as sqlite3 does.
#[test]
fn insert_select_rows_and_errors() {
    assert_script_matches(
        "
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c NOT NULL);
INSERT INTO t VALUES(1, 1, 1), (2, 2, 2);
INSERT INTO t(b, c) SELECT b + 10, c FROM t;
SELECT * FROM t;
CREATE TABLE u(a, b);
INSERT INTO u VALUES(1, 1), (5, 5), (1, NULL);
INSERT OR IGNORE INTO t(b, c) SELECT a, b FROM u;
SELECT * FROM t;
INSERT INTO t(b, c) SELECT a + 100, b FROM u;
SELECT * FROM t;
INSERT INTO t(b, c) SELECT a + 200, a FROM u ORDER BY a DESC LIMIT 2;
SELECT * FROM t;
INSERT INTO t(b, c) SELECT 1, 2, 3 FROM u;
INSERT INTO t(b) SELECT a FROM u WHERE 0;
SELECT changes(), total_changes(), last_insert_rowid();
WITH RECURSIVE w(x) AS (SELECT 300 UNION ALL SELECT x + 1 FROM w WHERE x < 303) INSERT INTO t(b, c) SELECT x, x FROM w;
SELECT * FROM t;
",
    );
}
