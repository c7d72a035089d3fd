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

/// sqlite3 applies affinities and the STRICT datatype check to the new row before BEFORE
/// triggers fire, so a datatype error wins over NOT NULL then (seed 1051); without a BEFORE
/// trigger NOT NULL is checked first.
#[test]
fn strict_type_check_before_before_triggers() {
    assert_script_matches(
        "
CREATE TABLE log(x, y);
CREATE TABLE p(id INTEGER PRIMARY KEY, a REAL NOT NULL, b INT DEFAULT X'01', c INTEGER CHECK(c <> 'x'), CHECK(length(c) < 3)) STRICT;
CREATE TABLE s(id INTEGER PRIMARY KEY, a REAL NOT NULL, b INT, c INTEGER CHECK(c <> 'x'), d TEXT UNIQUE) STRICT;
INSERT INTO s VALUES(1, 1, 1, 1, 'u');
INSERT INTO s(id, a, c) VALUES(2, NULL, 'x');
INSERT INTO s(id, a, b) VALUES(2, NULL, 'b');
INSERT INTO s(id, a, d, b) VALUES(2, 1, 'u', 'zz');
UPDATE s SET a = NULL, b = 'zz';
CREATE TRIGGER tr0 BEFORE INSERT ON p BEGIN INSERT INTO log VALUES(NEW.id, typeof(NEW.a) || typeof(NEW.b) || typeof(NEW.c)); END;
INSERT INTO p(id, b, c) VALUES(1, NULL, 'b');
INSERT INTO p(id, a, c) VALUES(1, 1, 'b');
INSERT INTO p(id, c) VALUES(-1, '1');
INSERT OR IGNORE INTO p(id, c) VALUES(-1, '1'), (X'01', 2);
INSERT INTO p(id, a, c) VALUES(X'01', 1, 'zz');
INSERT INTO p(id, a, b, c) VALUES(2, '1', '1', '2');
SELECT * FROM log;
SELECT * FROM p;
CREATE TABLE q(id INTEGER PRIMARY KEY, a REAL NOT NULL, b INT, c ANY) STRICT;
INSERT INTO q VALUES(1, 1, 1, 1);
CREATE TRIGGER trq BEFORE UPDATE OF c ON q BEGIN INSERT INTO log VALUES(NEW.b, typeof(NEW.b)); END;
UPDATE q SET a = NULL, b = X'01';
UPDATE q SET a = NULL, b = X'01', c = 1;
UPDATE q SET b = '7', c = 2;
CREATE TRIGGER tri BEFORE INSERT ON q WHEN 0 BEGIN SELECT 1; END;
INSERT INTO q(id, b) VALUES(5, 'x');
CREATE TRIGGER tra AFTER INSERT ON s BEGIN SELECT 1; END;
INSERT INTO s(id, b) VALUES(5, 'x');
CREATE TABLE w(k INT, a REAL NOT NULL, b INT, PRIMARY KEY(k)) STRICT, WITHOUT ROWID;
CREATE TRIGGER trw BEFORE INSERT ON w BEGIN SELECT 1; END;
INSERT INTO w(k, b) VALUES(5, 'x');
INSERT INTO w(k, b) VALUES('x', 1);
INSERT INTO w(k, a, b) VALUES(NULL, 1, 'x');
SELECT * FROM log;
SELECT * FROM q;
",
    );
}

/// Ordinary tables: BEFORE triggers see NEW with the column affinities applied.
#[test]
fn before_triggers_see_affinity_applied() {
    assert_script_matches(
        "
CREATE TABLE log(x, y);
CREATE TABLE n(id INTEGER PRIMARY KEY, a REAL, b INT, c TEXT, d NUMERIC, e);
CREATE TRIGGER trn BEFORE INSERT ON n BEGIN INSERT INTO log VALUES(typeof(NEW.a) || typeof(NEW.b) || typeof(NEW.c) || typeof(NEW.d) || typeof(NEW.e), NEW.d); END;
CREATE TRIGGER tru BEFORE UPDATE ON n BEGIN INSERT INTO log VALUES(typeof(NEW.a) || typeof(NEW.b) || typeof(NEW.c) || typeof(NEW.d) || typeof(NEW.e), OLD.d); END;
INSERT INTO n VALUES(1, '1', '5', 5, '7.0', '8');
INSERT INTO n VALUES(2, 'x', 5.0, 5.5, '1e2', 1);
UPDATE n SET b = '8', a = 3, c = 4, d = ' 12 ';
SELECT * FROM log;
SELECT *, typeof(d) FROM n;
",
    );
}

/// Without BEFORE triggers, a rowid table's STRICT datatype check comes after the rowid's
/// uniqueness check and before the UNIQUE indexes' (seeds 1304, 1497, 1741), unless the table
/// has a CHECK constraint or a generated column (then right after NOT NULL).
#[test]
fn strict_type_check_after_rowid_check() {
    assert_script_matches(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a INTEGER, b BLOB, c REAL) STRICT;
INSERT INTO p VALUES(1, 1, NULL, 1);
INSERT INTO p(c, a, id) VALUES('a', -1, '1');
INSERT INTO p(c, a, id) VALUES(1, 'a', 1);
INSERT OR IGNORE INTO p(c, a, id) VALUES(1, 'a', 1);
INSERT OR REPLACE INTO p(c, a, id) VALUES(1, 'a', 1);
INSERT INTO p VALUES(2, 2, NULL, 2);
UPDATE p SET a = 'x', id = 1 WHERE id = 2;
UPDATE OR IGNORE p SET a = 'x', id = 1 WHERE id = 2;
UPDATE p SET a = 'x' WHERE id = 2;
SELECT * FROM p;
CREATE TABLE t1(id INTEGER PRIMARY KEY, a INTEGER NOT NULL) STRICT;
INSERT INTO t1 VALUES(1, 1);
INSERT INTO t1 VALUES(1, 'a');
INSERT INTO t1 VALUES(1, NULL);
CREATE TABLE t2(id INTEGER PRIMARY KEY, a INTEGER CHECK(a IS NOT 5)) STRICT;
INSERT INTO t2 VALUES(1, 1);
INSERT INTO t2 VALUES(1, 'a');
CREATE TABLE t3(id INTEGER PRIMARY KEY, a INTEGER, b ANY UNIQUE) STRICT;
INSERT INTO t3 VALUES(1, 1, 1);
INSERT INTO t3 VALUES(1, 'a', 2);
INSERT INTO t3 VALUES(2, 'a', 1);
INSERT OR IGNORE INTO t3 VALUES(2, 'a', 1);
INSERT INTO t3 VALUES(1, 'a', 5) ON CONFLICT(b) DO NOTHING;
INSERT INTO t3 VALUES(1, 'a', 5) ON CONFLICT(id) DO NOTHING;
INSERT INTO t3 VALUES(1, 'a', 5) ON CONFLICT DO NOTHING;
INSERT INTO t3 VALUES(2, 'a', 1) ON CONFLICT(id) DO NOTHING;
INSERT INTO t3 VALUES(1, 'a', 5) ON CONFLICT(b) DO UPDATE SET a = 7;
SELECT * FROM t3;
CREATE TABLE t4(id INTEGER PRIMARY KEY, a INTEGER, b ANY) STRICT;
CREATE INDEX t4b ON t4(b);
INSERT INTO t4 VALUES(1, 1, 1);
INSERT INTO t4 VALUES(1, 'a', 2);
CREATE TABLE f(id INTEGER PRIMARY KEY, a INT REFERENCES t1) STRICT;
INSERT INTO f(id, a) VALUES(1, 1);
INSERT INTO f(id, a) VALUES(1, 'x');
CREATE TABLE g(id INTEGER PRIMARY KEY, a INT, g INT AS (a * 2) STORED) STRICT;
INSERT INTO g(id, a) VALUES(1, 1);
INSERT INTO g(id, a) VALUES(1, 'x');
CREATE TABLE v(id INTEGER PRIMARY KEY, a INT, g ANY AS (a + 1)) STRICT;
INSERT INTO v(id, a) VALUES(1, 1);
INSERT INTO v(id, a) VALUES(1, 'x');
CREATE TABLE r(k INT PRIMARY KEY, a INT) STRICT;
INSERT INTO r VALUES(1, 1);
INSERT INTO r VALUES(1, 'a');
CREATE TABLE w(k INT, a INT, b ANY UNIQUE, PRIMARY KEY(k)) STRICT, WITHOUT ROWID;
INSERT INTO w VALUES(1, 1, 1);
INSERT INTO w VALUES(1, 'a', 2);
INSERT INTO w VALUES(2, 'a', 1);
INSERT OR IGNORE INTO w VALUES(1, 'a', 2);
",
    );
}

/// An INSERT's automatic rowid is chosen after its BEFORE triggers, which see it as -1
/// (seeds 1101, 1265, 1286, ... log `NEW.id`).
#[test]
fn before_insert_triggers_see_rowid_minus_one() {
    assert_script_matches(
        "
CREATE TABLE log(ev, x, y);
CREATE TABLE p(id INTEGER PRIMARY KEY, a);
CREATE TRIGGER tb BEFORE INSERT ON p BEGIN INSERT INTO log VALUES('b', NEW.id, NEW.rowid); END;
CREATE TRIGGER ta AFTER INSERT ON p BEGIN INSERT INTO log VALUES('a', NEW.id, NEW.rowid); END;
INSERT INTO p(a) VALUES(1);
INSERT INTO p VALUES(NULL, 2);
INSERT INTO p VALUES(10, 3);
INSERT INTO p VALUES('12', 3);
INSERT INTO p VALUES('x', 3);
INSERT INTO p DEFAULT VALUES;
INSERT INTO p(a) SELECT a FROM p WHERE id < 3;
SELECT last_insert_rowid();
CREATE TABLE q(a, b);
CREATE TRIGGER qb BEFORE INSERT ON q BEGIN INSERT INTO log VALUES('qb', NEW.rowid, NEW.a); END;
INSERT INTO q VALUES(1, 2);
INSERT INTO q(rowid, a) VALUES(7, 2);
INSERT INTO q(rowid, a) VALUES(NULL, 3);
CREATE TABLE r(id INTEGER PRIMARY KEY AUTOINCREMENT, a);
CREATE TRIGGER rb BEFORE INSERT ON r BEGIN INSERT INTO log VALUES('rb', NEW.id, NEW.a); END;
INSERT INTO r(a) VALUES(1), (2);
INSERT INTO r DEFAULT VALUES;
SELECT * FROM sqlite_sequence;
CREATE TABLE s(id INTEGER PRIMARY KEY, a);
CREATE TRIGGER sb BEFORE INSERT ON s WHEN NEW.a > 0 BEGIN INSERT INTO s(a) VALUES(-NEW.a); END;
INSERT INTO s(a) VALUES(5);
INSERT INTO s(a) VALUES(6) RETURNING *;
SELECT * FROM s;
SELECT * FROM log;
SELECT * FROM p;
SELECT rowid, * FROM q;
SELECT * FROM r;
",
    );
}

/// ALTER TABLE DROP COLUMN rewrites a WITHOUT ROWID table's records in place (seeds 1017,
/// 1263, 1324, 2059, 2110 reported a malformed database).
#[test]
fn drop_column_of_without_rowid_table() {
    assert_script_matches(
        "
CREATE TABLE w(k1 BLOB, k2 COLLATE NOCASE, v, u, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
INSERT INTO w VALUES(1, 'a', 2, 3), (2, 'b', NULL, 4), (1, 'B', 'x', NULL);
CREATE INDEX wu ON w(u);
ALTER TABLE w DROP COLUMN v;
SELECT * FROM w;
SELECT * FROM w WHERE u = 4;
PRAGMA integrity_check;
CREATE TABLE w2(k1, v, k2, u, PRIMARY KEY(k2 DESC, k1)) WITHOUT ROWID;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO w2 SELECT i, randomblob(60), i % 7, hex(i) FROM n;
ALTER TABLE w2 DROP COLUMN v;
SELECT count(*), sum(k1), min(u), max(u) FROM w2;
SELECT * FROM w2 LIMIT 5;
ALTER TABLE w2 DROP COLUMN u;
SELECT * FROM w2 WHERE k2 = 3 LIMIT 3;
PRAGMA integrity_check;
INSERT INTO w2 VALUES(1000, 1);
SELECT * FROM w2 WHERE k1 = 1000;
",
    );
}

/// A FAIL conflict after an immediate foreign key violation of the same statement: sqlite3
/// reports the FK error and rolls the statement back (seeds 1549, 2246).
#[test]
fn or_fail_after_fk_violation() {
    assert_script_matches(
        "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY);
INSERT INTO p VALUES(1);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), v);
INSERT INTO c VALUES(2, 1, 0);
INSERT OR FAIL INTO c(id, pid, v) VALUES(3, 9, 'x'), (2, 1, 2.0);
SELECT * FROM c;
INSERT OR FAIL INTO c(id, pid, v) VALUES(4, 1, 'x'), (2, 1, 2.0);
SELECT * FROM c;
UPDATE OR FAIL c SET pid = 9, id = 2 WHERE id = 4;
SELECT * FROM c;
INSERT OR ABORT INTO c(id, pid, v) VALUES(5, 9, 'x'), (2, 1, 2.0);
INSERT INTO c(id, pid, v) VALUES(6, 9, 'x'), (7, 1, 2.0);
SELECT * FROM c;
",
    );
}
