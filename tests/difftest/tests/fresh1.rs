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

/// `GROUP BY a ORDER BY a DESC` reads an index on `a` backwards (sqlite3 3.40.1 plan `SCAN
/// t0 USING INDEX`, no sort): each group's rows arrive backwards too, and the bare column
/// is the group's first row's, so the group of 3 and 3.0 shows 3.0 here. Seed 3785 (select).
#[test]
fn group_by_index_read_backwards_for_order_by_desc() {
    assert_script_matches(
        "
CREATE TABLE t0(c0, c1 BLOB, c2 BOOLEAN, c3 BLOB);
CREATE INDEX t0_i0 ON t0(c3, c2);
CREATE INDEX t0_i1 ON t0(c3, c2);
INSERT INTO t0 VALUES(7, X'41', 2, 3), (10, 3.0, -2.25, 1), (NULL, 1, 2147483648, 3.0), (3, 'x', 3, 3.0), (4, 'y', '10', 3.0), (5, 'z', 1, 1.0), (6, 'w', 0, 1);
SELECT c3, typeof(c3), c2 FROM t0 WHERE (c3 < c1) GROUP BY c3 ORDER BY 1;
SELECT c3, typeof(c3), c2 FROM t0 WHERE (c3 < c1) GROUP BY c3 ORDER BY 1 DESC;
SELECT c3, typeof(c3), c2 FROM t0 WHERE (c3 < c1) GROUP BY c3 ORDER BY 1 DESC LIMIT 3 OFFSET 1;
SELECT c3, typeof(c3), c2 FROM t0 GROUP BY c3;
SELECT c3, typeof(c3), c2, count(*) FROM t0 GROUP BY c3 ORDER BY c3 DESC;
SELECT c3, c2, typeof(c2), c0 FROM t0 GROUP BY c3, c2 ORDER BY 1 DESC, 2 DESC;
SELECT c3, c2, c0 FROM t0 GROUP BY c3, c2 ORDER BY 1 DESC, 2 ASC;
CREATE TABLE t1(a, b);
CREATE INDEX t1_a ON t1(a DESC);
INSERT INTO t1 VALUES(1, 'x'), (1.0, 'y'), (2, 'z'), (2.0, 'w');
SELECT a, typeof(a), b FROM t1 GROUP BY a;
SELECT a, typeof(a), b FROM t1 GROUP BY a ORDER BY a;
SELECT a, typeof(a), b FROM t1 GROUP BY a ORDER BY a DESC;
",
    );
}

/// `SELECT DISTINCT` without ORDER BY reads an index led by its result columns (covering or
/// not) where sqlite3 3.40.1 does, so the rows come out in the index's order. Seed 3760
/// (select).
#[test]
fn distinct_reads_an_index_on_its_columns() {
    assert_script_matches(
        "
CREATE TABLE t0(c0, c1 REAL, c2);
CREATE INDEX t0_i0 ON t0(c0, c1);
INSERT INTO t0 VALUES('b', 1, 1), (3, 2, 0), (NULL, 3, 1), (-2.25, 4, 1), (3.0, 5, 1), (X'41', 6, 1), ('a', 7, 1), (0, NULL, 1), (3, 8, 1);
SELECT DISTINCT c0 FROM t0 WHERE ifnull((c0 IS c0), CASE WHEN c0 THEN 1.5 ELSE c1 END);
SELECT DISTINCT c0 FROM t0;
SELECT DISTINCT c0 FROM t0 WHERE c2;
SELECT DISTINCT c0, c2 FROM t0;
SELECT DISTINCT c1, c0 FROM t0;
SELECT DISTINCT c0, c1 FROM t0 WHERE c1 > 2;
SELECT DISTINCT c0 FROM t0 WHERE c0 > 1;
SELECT DISTINCT c0 + 1 FROM t0;
SELECT DISTINCT c2 FROM t0;
SELECT DISTINCT c0 FROM t0 ORDER BY c1;
SELECT DISTINCT c0 FROM t0 LIMIT 3;
CREATE INDEX t0_i1 ON t0(c0);
SELECT DISTINCT c0 FROM t0;
SELECT DISTINCT c0 FROM t0 WHERE c1;
CREATE TABLE t1(a TEXT COLLATE NOCASE, b);
CREATE INDEX t1_a ON t1(a);
INSERT INTO t1 VALUES('b', 1), ('A', 2), ('a', 3), ('B', 4);
SELECT DISTINCT a FROM t1;
SELECT DISTINCT a COLLATE BINARY FROM t1;
SELECT DISTINCT b, a FROM t1;
",
    );
}

/// Of two indexes that deliver a GROUP BY's order equally well, sqlite3 reads the one
/// created last; the rows within each group (and so the bare column of the group of 3 and
/// 3.0) follow that index. Seed 4566 (select).
#[test]
fn ordering_index_ties_go_to_the_newest() {
    assert_script_matches(
        "
CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 BLOB, c2 BOOLEAN, c3 INTEGER);
CREATE INDEX t0_i0 ON t0(c1, c2);
CREATE INDEX t0_i1 ON t0(c1, c0);
INSERT INTO t0 VALUES(-4, 3.0, -2.25, 'ABC'), (8, 3.0, 'ABC', ' 5'), (17, 3, X'', 1.5), (32, 3, -9223372036854775808, -1), (5, 'a', 1, 1), (6, 'A', 0, 1);
SELECT c1, typeof(c1) FROM t0 GROUP BY c1;
SELECT c1, count(*) FROM t0 GROUP BY c1 ORDER BY 1 ASC, 2 DESC;
SELECT c1, typeof(c1) FROM t0 GROUP BY c1 ORDER BY 1 DESC;
SELECT DISTINCT c1, typeof(c1) FROM t0;
SELECT c1, c0 FROM t0 ORDER BY c1;
CREATE INDEX t0_i2 ON t0(c1, c2);
SELECT c1, typeof(c1) FROM t0 GROUP BY c1;
SELECT c1, c0, c2 FROM t0 ORDER BY c1;
",
    );
}

/// Under a window the GROUP BY's loop order is the window's, not the SELECT's ORDER BY: the
/// index stays read forwards (seed 2962 select, which the ORDER BY-directed scan broke).
#[test]
fn windowed_group_by_keeps_forward_scan() {
    assert_script_matches(
        "
CREATE TABLE t0(c0, c1);
CREATE INDEX t0_i0 ON t0(c0);
INSERT INTO t0 VALUES(3, 1), (3.0, 2), (1.5, 3), (1.5, 4), (0, 5), (NULL, 6), ('x', 7);
SELECT c0, min(count(*)) OVER (PARTITION BY sum(c0) ORDER BY min(c0) RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t0 GROUP BY c0 ORDER BY 1 DESC;
SELECT c0, typeof(c0), count(*) OVER () FROM t0 GROUP BY c0 ORDER BY 1 DESC;
",
    );
}
