//! Foreign keys in the writes mode (issue 3, part "fkw"): SET NULL actions met while a
//! statement is compiled, UPDATE OR REPLACE and parent keys without an index, upserts into
//! child tables, SAVEPOINT/RELEASE with deferred violations, RESTRICT inside triggers. Each
//! statement's rows or error compared with the system sqlite3.

use ferrolite_difftest::assert_script_matches;

const PC: &str = "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a INT);
CREATE TABLE q(x);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE SET NULL, v INTEGER);
";

fn with_pc(body: &str) -> String {
    format!("{PC}\n{body}")
}

/// Seed 1255: the BEFORE trigger's DELETE FROM p starts the SET NULL action program last,
/// so the INSERT's own child check is left out (even when the trigger's WHEN is false).
#[test]
fn set_null_action_in_before_trigger_drops_the_insert_check() {
    assert_script_matches(&with_pc(
        "
CREATE TRIGGER tr0 BEFORE INSERT ON c WHEN NEW.v = 1 BEGIN DELETE FROM p WHERE id = NEW.id; END;
INSERT INTO c(pid, v) VALUES(X'01', 5), ('1', 0);
SELECT * FROM c;
INSERT INTO c(pid, v) VALUES(7, 5);
SELECT changes(), total_changes();
SELECT * FROM c;
",
    ));
}

/// An AFTER trigger is compiled after the check: the check stays.
#[test]
fn set_null_action_in_after_trigger_keeps_the_check() {
    assert_script_matches(&with_pc(
        "
CREATE TRIGGER tr0 AFTER INSERT ON c BEGIN DELETE FROM p WHERE id = NEW.id; END;
INSERT INTO c(pid, v) VALUES(7, 5);
SELECT * FROM c;
",
    ));
}

/// Inside one trigger body, order matters: the INSERT after the DELETE is unchecked, the
/// one before it is checked; another trigger started in between restores the check.
#[test]
fn set_null_action_order_inside_a_trigger_body() {
    assert_script_matches(&with_pc(
        "
CREATE TABLE r(x);
CREATE TABLE log(x);
CREATE TRIGGER tq AFTER INSERT ON q BEGIN DELETE FROM p WHERE 0; INSERT INTO c(pid, v) VALUES(9, 9); END;
CREATE TRIGGER tr AFTER INSERT ON r BEGIN INSERT INTO c(pid, v) VALUES(8, 8); DELETE FROM p WHERE 0; END;
CREATE TRIGGER tl AFTER INSERT ON log BEGIN SELECT 1; END;
CREATE TRIGGER tr2 AFTER UPDATE ON r BEGIN DELETE FROM p WHERE 0; INSERT INTO log VALUES(1); INSERT INTO c(pid, v) VALUES(6, 6); END;
INSERT INTO q VALUES(1);
SELECT * FROM c;
INSERT INTO r VALUES(1);
SELECT * FROM c;
INSERT INTO r VALUES(2);
UPDATE r SET x = 3;
SELECT * FROM c;
",
    ));
}

/// CASCADE and SET DEFAULT actions keep the check; ON UPDATE SET NULL drops it too.
#[test]
fn other_actions_keep_the_check() {
    assert_script_matches(
        "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a INT);
CREATE TABLE c1(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE);
CREATE TABLE c2(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE SET DEFAULT);
CREATE TABLE c3(id INTEGER PRIMARY KEY, pid REFERENCES p ON UPDATE SET NULL);
CREATE TRIGGER t1 BEFORE INSERT ON c1 BEGIN DELETE FROM p WHERE id = NEW.id; END;
CREATE TRIGGER t2 BEFORE INSERT ON c2 BEGIN DELETE FROM p WHERE id = NEW.id; END;
CREATE TRIGGER t3 BEFORE INSERT ON c3 BEGIN UPDATE p SET id = id + 1 WHERE id = NEW.id; END;
INSERT INTO c1(pid) VALUES(7);
INSERT INTO c2(pid) VALUES(7);
INSERT INTO c3(pid) VALUES(7);
SELECT * FROM c1;
SELECT * FROM c2;
SELECT * FROM c3;
",
    );
}

/// The same applies to an UPDATE of the child's key.
#[test]
fn set_null_action_in_before_update_trigger() {
    assert_script_matches(&with_pc(
        "
INSERT INTO p VALUES(1, 1);
INSERT INTO c(pid, v) VALUES(1, 1);
CREATE TRIGGER tu BEFORE UPDATE ON c BEGIN DELETE FROM p WHERE id = -5; END;
UPDATE c SET pid = 42;
SELECT * FROM c;
",
    ));
}

/// A SET NULL action in a DELETE trigger drops a later check; in an UPDATE trigger it does
/// not (the UPDATE trigger is the program started last).
#[test]
fn set_null_action_in_delete_and_update_triggers() {
    for (tr, stmt) in [
        ("BEFORE DELETE", "DELETE FROM c WHERE 0"),
        ("AFTER DELETE", "DELETE FROM c WHERE 0"),
        ("BEFORE UPDATE", "UPDATE c SET v = 1 WHERE 0"),
        ("AFTER UPDATE", "UPDATE c SET v = 1 WHERE 0"),
    ] {
        assert_script_matches(&with_pc(&format!(
            "
INSERT INTO p VALUES(1, 1);
INSERT INTO c VALUES(1, 1, 1);
CREATE TRIGGER tq AFTER INSERT ON q BEGIN {stmt}; INSERT INTO c VALUES(5, 42, 1); END;
CREATE TRIGGER td {tr} ON c BEGIN DELETE FROM p WHERE 0; END;
INSERT INTO q VALUES(1);
SELECT * FROM c;
"
        )));
    }
}

/// Seeds 1624, 2168, 2301, 2654: an UPDATE OR REPLACE that changes no unique column (nor
/// the rowid) checks no uniqueness, so it deletes nothing and a parent key without a
/// UNIQUE index is no error; changing a unique column or the rowid reports the mismatch.
#[test]
fn update_or_replace_reports_a_mismatch_only_when_it_may_delete() {
    assert_script_matches(
        "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a BLOB, b NUMERIC UNIQUE, c TEXT NOT NULL, d);
CREATE UNIQUE INDEX pd ON p(d) WHERE d > 0;
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(a));
INSERT INTO p VALUES(1, 1, 1, 'x', 1), (2, 2, 2, 'y', 2);
UPDATE OR REPLACE p SET c = '1';
SELECT changes(), total_changes();
UPDATE OR REPLACE p SET c = s.m FROM (SELECT 1 AS id, 'm' AS m) AS s WHERE s.id = p.id;
SELECT * FROM p;
UPDATE OR REPLACE p SET b = 5;
UPDATE OR REPLACE p SET id = 5;
UPDATE OR REPLACE p SET a = 5;
UPDATE OR REPLACE p SET d = 5;
UPDATE p SET b = 6 WHERE id = 1;
UPDATE p SET c = 6;
REPLACE INTO p VALUES(2, 1, 2, 'x', 3);
SELECT * FROM p;
",
    );
}

/// Seed 1767 (and 2159, 2995): without a statement journal, a failing multi-row INSERT in a
/// transaction keeps the rows it wrote. FKs call for a journal only through an immediate
/// FK of the table as child, or a REPLACE-resolved check on a table in any FK.
#[test]
fn which_fk_inserts_keep_rows_written_before_an_error() {
    let cases = [
        ("DEFERRABLE INITIALLY DEFERRED", "INSERT INTO c(x) VALUES(1),('abc')"),
        ("", "INSERT INTO c(x) VALUES(1),('abc')"),
        ("", "INSERT INTO p(x) VALUES(1),('abc')"),
        ("ON UPDATE CASCADE", "INSERT INTO p(x) VALUES(1),('abc')"),
        ("DEFERRABLE INITIALLY DEFERRED", "INSERT INTO p(x) VALUES(1),('abc')"),
        (
            "",
            "INSERT INTO p(id,x) VALUES(1,1),(1,'abc') ON CONFLICT(id) DO UPDATE SET y = 1, x = excluded.x",
        ),
        (
            "DEFERRABLE INITIALLY DEFERRED",
            "INSERT INTO c(id,x) VALUES(1,1),(1,'abc') ON CONFLICT(id) DO UPDATE SET pid = 1, x = excluded.x",
        ),
        (
            "",
            "INSERT INTO c(id,x) VALUES(1,1),(1,'abc') ON CONFLICT(id) DO UPDATE SET x = excluded.x",
        ),
        ("", "INSERT OR REPLACE INTO p(id,x) VALUES(1,1),(2,'abc')"),
        ("DEFERRABLE INITIALLY DEFERRED", "INSERT OR REPLACE INTO c(id,x) VALUES(1,1),(2,'abc')"),
        ("DEFERRABLE INITIALLY DEFERRED", "INSERT OR REPLACE INTO c(x) VALUES(1),('abc')"),
        ("", "INSERT OR REPLACE INTO p(x) VALUES(1),('abc')"),
        ("", "PRAGMA defer_foreign_keys=1; INSERT INTO c(x) VALUES(1),('abc')"),
    ];
    for (fk, stmt) in cases {
        eprintln!("case: {fk} / {stmt}");
        assert_script_matches(&format!(
            "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, x INT, y INT) STRICT;
CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p {fk}, x INT) STRICT;
BEGIN;
{stmt};
SELECT 'c', * FROM c;
SELECT 'p', * FROM p;
COMMIT;
SELECT count(*) FROM p;
"
        ));
    }
}

/// Seed 2995: only triggers that fire for the INSERT and whose bodies may abort call for a
/// statement journal.
#[test]
fn which_triggers_keep_rows_written_before_an_error() {
    let cases = [
        (
            "AFTER DELETE ON t BEGIN DELETE FROM log; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN SELECT 1; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER UPDATE ON t BEGIN SELECT 1; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER UPDATE ON t BEGIN SELECT 1; END",
            "INSERT INTO t(id,x) VALUES(1,1),(1,'abc') ON CONFLICT(id) DO UPDATE SET x=excluded.x",
        ),
        (
            "AFTER DELETE ON t BEGIN SELECT 1; END",
            "INSERT OR REPLACE INTO t(id,x) VALUES(1,1),(2,'abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN INSERT INTO log(x) VALUES(NEW.x); END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN UPDATE log SET x = 1 WHERE n = NEW.x; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN DELETE FROM log WHERE n = NEW.x; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN SELECT RAISE(ABORT, 'x') WHERE 0; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN SELECT RAISE(IGNORE) WHERE 0; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN SELECT RAISE(ROLLBACK, 'x') WHERE 0; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN INSERT INTO u VALUES(1, 2); END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN UPDATE u SET b = 1; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN UPDATE u SET a = 1; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN UPDATE t SET v = 1; END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN INSERT INTO log(n, x) VALUES(NEW.x, 1); END",
            "INSERT INTO t(x) VALUES(1),('abc')",
        ),
        (
            "AFTER INSERT ON t BEGIN UPDATE u SET b = 1; END",
            "INSERT OR IGNORE INTO t(x) VALUES(1),('abc')",
        ),
    ];
    for (tr, stmt) in cases {
        eprintln!("case: {tr} / {stmt}");
        assert_script_matches(&format!(
            "
CREATE TABLE t(id INTEGER PRIMARY KEY, x INT, v ANY) STRICT;
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, x ANY) STRICT;
CREATE TABLE u(a UNIQUE, b NOT NULL);
CREATE TRIGGER tr {tr};
BEGIN;
{stmt};
SELECT * FROM t;
COMMIT;
SELECT count(*) FROM t;
"
        ));
    }
}

/// Seed 2792: a trigger-body statement counts its rows in total_changes() only when it
/// ends; one stopped by an FK RESTRICT or by its own trigger's RAISE adds nothing, while the
/// statements it ran that ended stay counted.
#[test]
fn failed_trigger_statements_count_no_changes() {
    assert_script_matches(
        "
CREATE TABLE t(x NOT NULL);
CREATE TABLE log(y);
CREATE TABLE t2(x);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(1); INSERT INTO log VALUES(2); SELECT RAISE(ABORT, 'no') WHERE NEW.x = 5; END;
CREATE TRIGGER tr2 AFTER INSERT ON t2 BEGIN INSERT INTO t VALUES(NEW.x); END;
SELECT total_changes();
INSERT INTO t VALUES(5);
SELECT changes(), total_changes();
INSERT INTO t VALUES(1), (NULL);
SELECT changes(), total_changes();
INSERT INTO t2 VALUES(1), (5);
SELECT changes(), total_changes();
INSERT INTO t2 VALUES(5);
SELECT changes(), total_changes();
INSERT OR FAIL INTO t2 VALUES(1), (5);
SELECT changes(), total_changes();
",
    );
    assert_script_matches(
        "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, b);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE RESTRICT, v);
CREATE TABLE c2(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE CASCADE);
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y);
CREATE TRIGGER tr1 BEFORE DELETE ON p BEGIN UPDATE log SET y = 0 WHERE x = OLD.b; UPDATE c SET v = X'01' WHERE pid = OLD.id; END;
CREATE TRIGGER tr2 AFTER INSERT ON c FOR EACH ROW BEGIN INSERT INTO log(ev, x, y) VALUES('c2', NEW.id, NEW.pid); DELETE FROM p WHERE id = NEW.id; END;
INSERT INTO p VALUES(1, 1), (2, 2), (3, 3);
INSERT INTO c2(pid) VALUES(1), (1), (2);
SELECT changes(), total_changes();
INSERT INTO c(id, pid) VALUES('1', 1), ('b', 4) ON CONFLICT(id) DO UPDATE SET pid = '';
SELECT changes(), total_changes();
DELETE FROM p WHERE id = 2;
SELECT changes(), total_changes();
SELECT * FROM c2;
",
    );
}

/// Seeds 1055, 1058, 1136: function calls (in the rows, a CHECK, a generated column, a
/// trigger body) and CHECK / NOT NULL constraints under REPLACE or ROLLBACK decide whether a
/// failing INSERT keeps its first rows.
#[test]
fn function_calls_and_constraints_call_for_a_statement_journal() {
    let cases = [
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, abs(1)), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, coalesce(1, 2)), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 1 || 'x'), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 'a' LIKE 'b'), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) SELECT NULL, 1 UNION ALL SELECT 'abc', 2",
        ),
        (
            "id INTEGER PRIMARY KEY, a",
            "INSERT OR IGNORE INTO p(id, a) SELECT NULL, abs(1) UNION ALL SELECT 'abc', 2",
        ),
        (
            "id INTEGER PRIMARY KEY, a CHECK(abs(a) >= 0)",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a CHECK(a >= 0)",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a CHECK(a >= 0)",
            "INSERT OR ROLLBACK INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a, b AS (abs(a))",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a, b NOT NULL DEFAULT 1",
            "INSERT OR REPLACE INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
        (
            "id INTEGER PRIMARY KEY, a, b NOT NULL DEFAULT 1",
            "INSERT OR IGNORE INTO p(id, a) VALUES(NULL, 1), ('abc', 2)",
        ),
    ];
    for (cols, stmt) in cases {
        eprintln!("case: {cols} / {stmt}");
        assert_script_matches(&format!(
            "
CREATE TABLE p({cols});
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y);
BEGIN;
{stmt};
SELECT * FROM p;
COMMIT;
SELECT count(*) FROM p;
"
        ));
    }
    assert_script_matches(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, a REAL UNIQUE DEFAULT (-1), b INT UNIQUE, c TEXT, CHECK(length(c) < 3)) STRICT;
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y);
CREATE TRIGGER tr0 BEFORE INSERT ON p FOR EACH ROW BEGIN UPDATE log SET y = upper(NEW.c) WHERE x = NEW.id; END;
CREATE TABLE q(id INTEGER PRIMARY KEY, x INT) STRICT;
CREATE TRIGGER tq AFTER INSERT ON q BEGIN UPDATE log SET y = upper(NEW.x); END;
BEGIN;
INSERT OR ROLLBACK INTO p(a, c) VALUES(4, 0), ('A', 1) RETURNING a || 'r' AS r, quote(c);
SELECT * FROM p;
INSERT OR IGNORE INTO q(x) VALUES(1), ('abc');
SELECT * FROM q;
COMMIT;
",
    );
}

/// Seed 2637: an INSERT that fails without a statement journal keeps its rows, and with
/// them their deferred FK violations: RELEASE then fails and the transaction stays open.
#[test]
fn rows_kept_by_a_failed_insert_keep_their_deferred_violations() {
    assert_script_matches(
        "
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, v BLOB);
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y);
CREATE TRIGGER tr1 AFTER INSERT ON c FOR EACH ROW WHEN NEW.pid IS NOT 1.5 BEGIN INSERT INTO log(ev, x, y) VALUES('c1', NEW.pid, NEW.v); END;
SAVEPOINT outer_sp;
INSERT OR IGNORE INTO c(id, pid, v) VALUES(1, 4, 2.0), (X'01', 'abc', 4), (10, 'a ', 10);
SELECT * FROM c;
RELEASE outer_sp;
SELECT * FROM log;
ROLLBACK;
SELECT * FROM c;
BEGIN;
INSERT INTO c(id, pid) VALUES(1, 1), ('x', 2);
COMMIT;
ROLLBACK;
SELECT * FROM c;
",
    );
}
