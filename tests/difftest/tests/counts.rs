//! Causes of the `writes` mode's differences in changes() / total_changes() /
//! last_insert_rowid(), trigger-visible rows and sqlite_sequence, each pinned statement by
//! statement against the system SQLite (fresh in-memory databases).

use ferrolite_difftest::assert_script_matches as check;

/// A one-row INSERT fails at once on an immediate FK violation (last_insert_rowid() keeps
/// its value) unless it is "multi-write": REPLACE counts only when a uniqueness check it
/// resolves is made (the INTEGER PRIMARY KEY only when named), an upsert DO UPDATE only when
/// it handles a check that is made and fires UPDATE triggers or needs FK work (seeds 1148,
/// 1157, 1159, 1227, 1288, 1298, 1353, 1359, 1420).
#[test]
fn one_row_insert_multi_write_rules() {
    let setup = "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, k UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), u UNIQUE, w);
CREATE TABLE d(id INTEGER PRIMARY KEY, pk REFERENCES p(k));
INSERT INTO p VALUES(50,50);";
    for stmt in [
        "INSERT INTO c(id,pid) VALUES(13, 99)",
        "INSERT INTO c(id,pid) VALUES(13, 99) ON CONFLICT DO NOTHING",
        "INSERT INTO c(pid) VALUES(99) ON CONFLICT DO NOTHING",
        "INSERT INTO c(id,pid) VALUES(13, 99) ON CONFLICT(id) DO UPDATE SET pid=50",
        "INSERT INTO c(pid) VALUES(99) ON CONFLICT(id) DO UPDATE SET pid=50",
        "INSERT INTO c(id,pid) VALUES(13, 99) ON CONFLICT(id) DO UPDATE SET u=50",
        "INSERT INTO c(pid) VALUES(99) ON CONFLICT(u) DO UPDATE SET pid=50",
        "INSERT INTO c(pid) VALUES(99) ON CONFLICT(u) DO NOTHING ON CONFLICT DO UPDATE SET pid=1",
        "REPLACE INTO c(id,pid) VALUES(13, 99)",
        "REPLACE INTO c(pid) VALUES(99)",
        "REPLACE INTO d(pk) VALUES(99)",
        "REPLACE INTO c(rowid,pid) VALUES(7,99)",
        "INSERT INTO c(id,pid) VALUES(10, 99) RETURNING id",
    ] {
        check(&format!(
            "{setup}\n{stmt};\nSELECT changes(), total_changes(), last_insert_rowid();"
        ));
    }
    check(&format!(
        "{setup}
CREATE TRIGGER tu AFTER UPDATE OF w ON c BEGIN SELECT 1; END;
INSERT INTO c(pid) VALUES(99) ON CONFLICT(u) DO UPDATE SET u=50;
SELECT last_insert_rowid();
CREATE TRIGGER tu2 AFTER UPDATE ON c BEGIN SELECT 1; END;
INSERT INTO c(pid) VALUES(99) ON CONFLICT(u) DO UPDATE SET u=50;
SELECT last_insert_rowid();"
    ));
}

/// Before BEFORE INSERT/UPDATE triggers fire, NEW gets its column affinities (a STRICT
/// table's type check runs there, ahead of NOT NULL, and stops the triggers); an automatic
/// rowid shows as -1 (seeds 1087, 1094, 1101, 1105, 1194, 1265, 1280, 1286, 1290, 1348,
/// 1421, 1431).
#[test]
fn new_row_seen_by_before_triggers() {
    check(
        "CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, x, y);
CREATE TABLE n(id INTEGER PRIMARY KEY, a INT NOT NULL, r REAL);
CREATE TRIGGER tn BEFORE INSERT ON n BEGIN INSERT INTO log(x, y) VALUES(NEW.id, NEW.rowid); INSERT INTO log(x, y) VALUES(NEW.a, NEW.r); END;
INSERT INTO n VALUES(NULL, '5', 1);
INSERT INTO n(a, r) VALUES(2.0, '3');
INSERT INTO n VALUES('17', '5', 2);
INSERT INTO n VALUES('x', '5', 2);
INSERT INTO n VALUES(2.5, '5', 2);
INSERT INTO n(rowid, a) VALUES(NULL, 1);
INSERT INTO n(a) SELECT 7 UNION ALL SELECT 8;
INSERT INTO n DEFAULT VALUES;
SELECT * FROM log;
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM n;
CREATE TRIGGER tu BEFORE UPDATE ON n BEGIN INSERT INTO log(x, y) VALUES(typeof(NEW.a), typeof(NEW.r)); END;
UPDATE n SET a = '9', r = 4 WHERE id = 1;
SELECT * FROM log WHERE n > 12;
CREATE TABLE s(id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER CHECK(b > 0)) STRICT;
CREATE TRIGGER ts BEFORE INSERT ON s BEGIN INSERT INTO log(x) VALUES(NEW.b); END;
INSERT INTO s VALUES(2, NULL, 'x');
INSERT INTO s VALUES(2, 1, '3'), (3, 1, 'y');
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM s;
CREATE TRIGGER tsu BEFORE UPDATE ON s BEGIN INSERT INTO log(x) VALUES(NEW.b); END;
UPDATE s SET a = NULL, b = 'x';
SELECT changes(), total_changes(), last_insert_rowid();
SELECT count(*) FROM log;",
    );
}

/// RETURNING rows are returned only after the statement's immediate FK violations were
/// checked: a statement that fails them returns none (seeds 1035, 1194, 1442).
#[test]
fn returning_rows_withheld_on_immediate_fk_failure() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id));
CREATE TABLE d(id INTEGER PRIMARY KEY, pid REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO p VALUES(1);
INSERT INTO c(id, pid) VALUES(10, 99) RETURNING id;
INSERT OR FAIL INTO c(pid) VALUES(1), (99) RETURNING id, pid;
INSERT INTO c(pid) VALUES(1) RETURNING id, pid;
UPDATE c SET pid = 98 RETURNING *;
DELETE FROM p RETURNING *;
INSERT INTO d(pid) VALUES(99) RETURNING *;
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM c;",
    );
}

/// An upsert's DO UPDATE fires the table's UPDATE triggers (seeds 1154, 1308).
#[test]
fn upsert_do_update_fires_update_triggers() {
    check(
        "CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, a UNIQUE, b);
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, x, y);
CREATE TRIGGER tb BEFORE UPDATE ON p BEGIN INSERT INTO log(x, y) VALUES('b', NEW.b); END;
CREATE TRIGGER ta AFTER UPDATE OF b ON p BEGIN INSERT INTO log(x, y) VALUES('a', NEW.b); END;
INSERT INTO p(a) VALUES(1) ON CONFLICT(a) DO UPDATE SET b = 5;
SELECT * FROM sqlite_sequence;
INSERT INTO p(a) VALUES(1), (2) ON CONFLICT(a) DO UPDATE SET b = 6 RETURNING *;
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM log;
SELECT * FROM sqlite_sequence;",
    );
}

/// The sequences of the AUTOINCREMENT tables trigger bodies insert into are written back
/// when the statement ends normally only (a failed OR FAIL statement keeps its triggers'
/// rows but not their sequence), trigger tables before the statement's own, last
/// registered first; FK actions' triggers count too (seeds 1070, 1280, 1389).
#[test]
fn sqlite_sequence_of_trigger_inserts() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, a UNIQUE);
CREATE TABLE l1(n INTEGER PRIMARY KEY AUTOINCREMENT, x);
CREATE TABLE l2(n INTEGER PRIMARY KEY AUTOINCREMENT, x);
CREATE TRIGGER tr1 AFTER INSERT ON p BEGIN INSERT INTO l1(x) VALUES(NEW.a); INSERT INTO l2(x) VALUES(NEW.a); END;
INSERT INTO p(a) VALUES(1);
SELECT rowid, * FROM sqlite_sequence;
INSERT OR FAIL INTO p(a) VALUES(2), (3), (1);
SELECT rowid, * FROM sqlite_sequence;
SELECT * FROM l1;
INSERT INTO p(a) VALUES(4);
SELECT * FROM l1;
SELECT rowid, * FROM sqlite_sequence;
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE CASCADE);
CREATE TABLE l3(n INTEGER PRIMARY KEY AUTOINCREMENT, x);
CREATE TRIGGER tc BEFORE DELETE ON c BEGIN INSERT INTO l3(x) VALUES(OLD.id); END;
DELETE FROM p WHERE a = 99;
SELECT rowid, * FROM sqlite_sequence;",
    );
}

/// An INSERT that cannot abort part-way (OR IGNORE, DO NOTHING, OR ROLLBACK...) runs
/// without a statement journal: inside a transaction, a later row's error leaves the rows
/// it wrote (seeds 1236, 1261, 1277, 1437, 1767). `INSERT OR REPLACE ... DEFAULT VALUES`
/// checks no rowid (seed 1726).
#[test]
fn inserts_without_a_statement_journal() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INT, c UNIQUE);
CREATE TABLE q(id INTEGER PRIMARY KEY, a, b INT, c INTEGER);
CREATE TABLE s(a INTEGER) STRICT;
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES q(b));
BEGIN;
INSERT OR IGNORE INTO p(id, a, b, c) VALUES(3, 2.0, 4, 1.5), (10, NULL, 1, 3), ('a ', 'a ', 3, 'b');
SELECT * FROM p;
INSERT INTO p(id, a) VALUES(20, 1), ('x', 2);
SELECT * FROM p;
INSERT INTO q(id, a, b, c) VALUES(-1, 2, 1.5, 1), ('b', 0, 3, 5) ON CONFLICT(id) DO UPDATE SET c = 2;
SELECT * FROM q;
INSERT INTO q(id) VALUES(NULL), ('abc') ON CONFLICT(id) DO NOTHING;
SELECT * FROM q;
INSERT OR ROLLBACK INTO s VALUES(2), ('x'), (3);
SELECT * FROM s;
INSERT OR FAIL INTO s VALUES(4), ('x');
SELECT * FROM s;
INSERT OR IGNORE INTO p(id, a, c) VALUES(30, 1, 7), ('y', 1, 8);
SELECT * FROM p;
COMMIT;
SELECT changes(), total_changes(), last_insert_rowid();
INSERT OR REPLACE INTO q DEFAULT VALUES;
SELECT * FROM q;",
    );
}

/// OLD.x / NEW.x compare without their column's affinity (seeds 1957, 1971).
#[test]
fn old_new_compare_without_affinity() {
    check(
        "CREATE TABLE c(id INTEGER PRIMARY KEY, v TEXT, r REAL);
CREATE TABLE log(x, y);
CREATE TRIGGER tr0 AFTER INSERT ON c WHEN NEW.v IS NOT 5 BEGIN INSERT INTO log VALUES(NEW.v = 5, NEW.r = '3'); INSERT INTO log SELECT 'w', 1 WHERE NEW.v = 5; UPDATE log SET y = -1 WHERE x = NEW.r; END;
CREATE TRIGGER tr1 BEFORE INSERT ON c BEGIN INSERT INTO log VALUES(NEW.v = 5, NEW.r = '3'); END;
CREATE TRIGGER tr2 AFTER UPDATE ON c BEGIN INSERT INTO log VALUES(OLD.v = 5, OLD.r = '3'); INSERT INTO log VALUES(NEW.v = 5, NEW.r IN ('3')); END;
INSERT INTO c(v, r) VALUES(5, 3), ('3', '3');
SELECT changes(), total_changes(), last_insert_rowid();
UPDATE c SET id = id + 10;
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM log;
CREATE TABLE q(id INTEGER PRIMARY KEY, b);
CREATE TRIGGER tq AFTER INSERT ON q BEGIN INSERT INTO log VALUES(NEW.b, 0); UPDATE log SET y = 1 WHERE x = NEW.id; END;
CREATE TRIGGER tq2 BEFORE INSERT ON q BEGIN UPDATE log SET y = 2 WHERE x = NEW.rowid; END;
INSERT INTO q(b) VALUES('1'), ('b');
INSERT INTO q(id, b) VALUES('7', '7');
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM log;",
    );
}

/// A constraint failing under OR FAIL while immediate FK violations are pending reports the
/// FK failure and undoes the statement (seed 2246).
#[test]
fn or_fail_with_pending_fk_violations() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p, v);
INSERT INTO p VALUES(1);
INSERT OR FAIL INTO c(id, pid) VALUES(2, 99), (3, 1), (2, 1);
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM c;
INSERT OR FAIL INTO c(id, pid) VALUES(2, 1), (3, 1), (2, 1);
SELECT changes(), total_changes(), last_insert_rowid();
BEGIN;
INSERT OR FAIL INTO c(id, pid) VALUES(4, 99), (5, 1), (2, 1);
SELECT changes(), total_changes(), last_insert_rowid();
UPDATE OR FAIL c SET pid = CASE id WHEN 2 THEN 98 ELSE pid END, id = CASE id WHEN 3 THEN 2 ELSE id END;
SELECT * FROM c;
COMMIT;
SELECT * FROM c;",
    );
}
