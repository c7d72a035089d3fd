//! ALTER TABLE's schema checks compared with the system SQLite: objects already broken
//! before a RENAME / DROP COLUMN (`error in trigger t: ...`), objects a RENAME COLUMN or DROP
//! COLUMN breaks (`error in view v after drop column: ...`), and ADD COLUMN (no check).

use ferrolite_difftest::assert_script_matches;

const DUMP: &str = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name";

#[test]
fn broken_before_rename_or_drop() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b)
CREATE TABLE log(ev, x, y)
CREATE TRIGGER tp AFTER INSERT ON log BEGIN INSERT INTO log VALUES(NEW.zz, 1, 2); END
ALTER TABLE p ADD COLUMN z
ALTER TABLE p RENAME COLUMN a TO a2
ALTER TABLE p RENAME TO p2
ALTER TABLE p DROP COLUMN b
{DUMP}
DROP TRIGGER tp
CREATE VIEW bad AS SELECT nope FROM p
ALTER TABLE p RENAME COLUMN a TO a2
ALTER TABLE p DROP COLUMN b
DROP VIEW bad
ALTER TABLE p RENAME TO p2
{DUMP}"
    ));
}

#[test]
fn drop_column_breaks_trigger_or_view() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b)
CREATE TABLE log(ev, x, y)
CREATE TRIGGER tp AFTER INSERT ON p BEGIN INSERT INTO log VALUES(NEW.b, 1, 2); END
CREATE VIEW v AS SELECT id, b FROM p
CREATE VIEW v2 AS SELECT p.id AS id, p.b AS bb FROM p
ALTER TABLE p DROP COLUMN b
DROP TRIGGER tp
ALTER TABLE p DROP COLUMN b
DROP VIEW v
ALTER TABLE p DROP COLUMN b
DROP VIEW v2
CREATE TRIGGER tl AFTER UPDATE OF x ON log WHEN OLD.y IS NOT 2 BEGIN DELETE FROM p WHERE a = OLD.x; END
ALTER TABLE p DROP COLUMN b
ALTER TABLE p DROP COLUMN a
{DUMP}"
    ));
}

#[test]
fn rename_column_breaks_instead_of_trigger() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b)
CREATE VIEW v AS SELECT id, a, b FROM p WHERE id > 1
CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO p(id, a, b) VALUES(NEW.id, NEW.a, NEW.b); END
ALTER TABLE p RENAME COLUMN id TO id_r
{DUMP}
ALTER TABLE p RENAME id_r TO id
ALTER TABLE p RENAME COLUMN b TO b_r
{DUMP}"
    ));
}

#[test]
fn set_targets_and_insert_columns_are_not_checked() {
    // sqlite3 resolves the values a trigger's UPDATE assigns, not the columns it assigns.
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b)
CREATE TABLE c(id INTEGER PRIMARY KEY, pid, v, w)
CREATE TRIGGER tr0 AFTER UPDATE OF a ON p BEGIN UPDATE c SET v = 'a', w = NEW.b WHERE pid = NEW.a; INSERT INTO c(v, pid) VALUES(1, 2); END
ALTER TABLE c DROP COLUMN v
{DUMP}
ALTER TABLE p DROP COLUMN b
ALTER TABLE c DROP COLUMN pid
{DUMP}"
    ));
}
