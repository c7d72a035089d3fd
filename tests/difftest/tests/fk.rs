//! Part "fk": foreign keys in the writes mode, compared with the system sqlite3 —
//! `PRAGMA foreign_key_check`, FK failures of DELETE and COMMIT, and the rows FK actions
//! leave behind.

use ferrolite_difftest::assert_script_matches;

/// Writes seeds 7128 and 9193: `PRAGMA foreign_key_check` compares a child value with the
/// parent key after applying the parent column's affinity (as FK lookups do), so the
/// integer 2 in an untyped child column finds the TEXT parent key '2'. The check's query
/// compared `parent.a = child.pid`, where a BLOB-affinity child column converts nothing.
#[test]
fn foreign_key_check_applies_the_parent_affinity() {
    assert_script_matches(
        r#"
CREATE TABLE p(id INTEGER PRIMARY KEY, a TEXT UNIQUE COLLATE RTRIM, r REAL UNIQUE, b UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(a), t TEXT REFERENCES p(r), x REFERENCES p(b), y TEXT REFERENCES p(id));
INSERT INTO p(a, r, b) VALUES('2', 2.0, '3');
INSERT INTO p(a, r, b) VALUES('x ', 2.5, 4);
INSERT INTO c(pid, t, x, y) VALUES(2, '2', 3, '1');
INSERT INTO c(pid, t, x, y) VALUES('x', '2.50', '4', '2.0');
INSERT INTO c(pid, t, x, y) VALUES(2.0, '2e0', 4, ' 1');
PRAGMA foreign_key_check;
PRAGMA foreign_key_check(c);
"#,
    );
}

/// Writes seed 18409 (and all 18409): an ON DELETE / ON UPDATE action finds the children
/// by `child.c = old.p` with OLD's columns carrying no affinity (as in a trigger, the
/// INTEGER PRIMARY KEY excepted), so the text '1' in an untyped child column is not
/// cascaded for the INT parent key 1; the parent-side count (which applies the parent's
/// affinity) still finds it, and the DELETE fails. The action compared with the parent
/// column's affinity and cascaded the child.
#[test]
fn fk_actions_compare_old_values_without_affinity() {
    assert_script_matches(
        r#"
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INT PRIMARY KEY, r INTEGER UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id) ON DELETE CASCADE, q TEXT REFERENCES p(id) ON DELETE CASCADE, pr REFERENCES p(r) ON DELETE CASCADE);
INSERT INTO p VALUES(1, 1), (2, 2), (3, 3), (4, 4), (5, 5);
INSERT INTO c(pid) VALUES('1');
INSERT INTO c(pid) VALUES(1);
INSERT INTO c(q) VALUES(2);
INSERT INTO c(q) VALUES('2.0');
INSERT INTO c(pid) VALUES(3.0);
INSERT INTO c(pr) VALUES('4');
INSERT INTO c(q) VALUES('5');
DELETE FROM p WHERE id = 1;
DELETE FROM p WHERE id = 2;
DELETE FROM p WHERE id = 3;
DELETE FROM p WHERE id = 4;
DELETE FROM p WHERE id = 5;
SELECT * FROM c;
CREATE TABLE s(id INTEGER PRIMARY KEY, u REAL UNIQUE, w NUMERIC UNIQUE);
CREATE TABLE d(id INTEGER PRIMARY KEY, su REFERENCES s(u) ON DELETE SET NULL ON UPDATE CASCADE, sw TEXT REFERENCES s(w) ON UPDATE CASCADE);
INSERT INTO s VALUES(1, 1.5, 10), (2, 2, '20'), (3, 3, 30);
INSERT INTO d(su) VALUES('2');
INSERT INTO d(su) VALUES(2);
INSERT INTO d(sw) VALUES(30);
UPDATE s SET u = 5 WHERE id = 2;
SELECT * FROM d;
DELETE FROM s WHERE id = 2;
SELECT * FROM d;
UPDATE s SET w = 31 WHERE id = 3;
SELECT * FROM d;
"#,
    );
}

/// Writes seed 8241: whether an `INSERT ... ON CONFLICT DO NOTHING` into a table whose
/// trigger deletes from an FK parent needs a statement journal. Deleting a parent row may
/// abort only through an immediate FK, a RESTRICT one or a deferred FK's action; a
/// deferred NO ACTION (or SET NULL) FK cannot, nor can setting a deferred FK's column, so
/// sqlite3 3.40.1 runs the INSERT without a journal and its first row survives the later
/// `datatype mismatch` (its deferred violation then fails the COMMIT). Every FK-referenced
/// parent, and every FK column set, counted as "may abort".
#[test]
fn deleting_a_deferred_fk_parent_in_a_trigger_cannot_abort() {
    assert_script_matches(
        r#"
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE q(id INTEGER PRIMARY KEY);
CREATE TABLE r(id INTEGER PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid DEFAULT 2 REFERENCES p DEFERRABLE INITIALLY DEFERRED, v REAL);
CREATE TABLE d(id INTEGER PRIMARY KEY, x REFERENCES q ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE e(id INTEGER PRIMARY KEY, x REFERENCES r ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED);
CREATE TRIGGER tr0 AFTER INSERT ON c BEGIN DELETE FROM p WHERE id = NEW.pid; DELETE FROM q; UPDATE d SET x = 7; END;
BEGIN;
INSERT INTO c(id, v) VALUES(NULL, -1), ('a', X'01') ON CONFLICT DO NOTHING;
SELECT * FROM c;
END;
ROLLBACK;
CREATE TRIGGER tr1 AFTER INSERT ON c BEGIN DELETE FROM r; END;
BEGIN;
INSERT INTO c(id, v) VALUES(NULL, -2), ('a', X'01') ON CONFLICT DO NOTHING;
SELECT * FROM c;
ROLLBACK;
"#,
    );
}

/// Writes seed 8559: a generated column makes an INSERT "may abort" (so it gets a
/// statement journal) only when its expression calls a function. sqlite3 3.40.1 keeps row
/// 1 of `BEGIN; INSERT OR ROLLBACK INTO p ... VALUES(1, ...), ('', ...)` (datatype
/// mismatch on row 2) when `e0 AS (id || 'g')`, and undoes it when `e1 AS (abs(a))`.
/// Every generated column counted.
#[test]
fn generated_column_without_a_call_needs_no_statement_journal() {
    assert_script_matches(
        r#"
CREATE TABLE p(id INTEGER PRIMARY KEY, a, e0 AS (id || 'g'), e1 AS (a || 'x') STORED);
CREATE TABLE q(id INTEGER PRIMARY KEY, a, e1 AS (abs(a)));
SAVEPOINT sp1;
INSERT OR ROLLBACK INTO p(id, a) VALUES(1, 'x'), ('', 'b');
SELECT * FROM p;
RELEASE sp1;
BEGIN;
INSERT OR IGNORE INTO p(id, a) VALUES(2, 'y'), ('', 'b');
INSERT OR IGNORE INTO q(id, a) VALUES(2, 'y'), ('', 'b');
SELECT * FROM p;
SELECT * FROM q;
COMMIT;
"#,
    );
}

/// Writes seed 7439: an UPDATE that sets a column of a UNIQUE index under REPLACE (its OR
/// clause or the index's ON CONFLICT) changes its rows in rowid order (sqlite3 takes two
/// passes: REPLACE may delete rows a one-pass scan has yet to meet), whatever index its
/// WHERE searches; so the row changed last keeps the value and the other is replaced. The
/// rows were changed in the order of the index on `id` (4 before 'b').
#[test]
fn update_or_replace_of_a_unique_column_goes_in_rowid_order() {
    assert_script_matches(
        r#"
CREATE TABLE p(id INT PRIMARY KEY, b INTEGER UNIQUE, c INT);
INSERT INTO p(id, b, c) VALUES('b', 2, 2), (4, 1, 1);
UPDATE OR REPLACE p SET b = 'a' WHERE id > 1.5;
SELECT rowid, * FROM p;
CREATE TABLE q(id INT PRIMARY KEY, b INTEGER UNIQUE ON CONFLICT REPLACE, c INT);
INSERT INTO q(id, b, c) VALUES('b', 2, 2), (4, 1, 1);
UPDATE q SET b = 'a' WHERE id > 1.5;
SELECT rowid, * FROM q;
CREATE TABLE w(id INT PRIMARY KEY, b INTEGER UNIQUE, c INT, k INT UNIQUE) WITHOUT ROWID;
INSERT INTO w(id, b, c, k) VALUES(5, 2, 2, 1), (4, 1, 1, 2);
UPDATE OR REPLACE w SET b = 'a' WHERE k > 0;
SELECT * FROM w;
CREATE TABLE r(id INT PRIMARY KEY, b INTEGER UNIQUE, c INT);
INSERT INTO r(id, b, c) VALUES('b', 2, 2), (4, 1, 1);
UPDATE OR IGNORE r SET b = 'a' WHERE id > 1.5;
SELECT rowid, * FROM r;
"#,
    );
}

/// Writes seed 30254: a row that `UPDATE OR IGNORE` skips (its new key conflicts, or a
/// CHECK fails) counts no FK violation. The parent-side count for the children of the old
/// key was made before the constraint checks and stayed when the checks skipped the row,
/// so the statement failed with "FOREIGN KEY constraint failed" where sqlite3 succeeds.
#[test]
fn update_or_ignore_skipped_row_counts_no_fk_violation() {
    assert_script_matches(
        r#"
PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, k UNIQUE, z CHECK(z IS NOT 5));
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(k), qid REFERENCES p(id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED);
INSERT INTO p(k) VALUES(1), (2);
INSERT INTO c(pid, qid) VALUES(1, 1);
UPDATE OR IGNORE p SET k = k + 1;
SELECT * FROM p;
UPDATE OR IGNORE p SET k = 7, z = 5 WHERE k = 1;
SELECT * FROM p;
UPDATE OR IGNORE p SET id = id + 1;
SELECT * FROM p;
SELECT * FROM c;
"#,
    );
}
