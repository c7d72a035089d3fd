//! ALTER TABLE RENAME COLUMN / RENAME TO compared with the system SQLite: the stored text of
//! tables, views and triggers afterwards (byte for byte), and the errors.

use ferrolite_difftest::assert_script_matches;

const DUMP: &str = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name";

const SCHEMA: &str = "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b, c)
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), v)
CREATE TABLE log(n INTEGER PRIMARY KEY AUTOINCREMENT, ev TEXT, x, y)
CREATE VIEW v AS SELECT p.id AS id, p.a AS a, p.b AS b, count(c.id) AS n FROM p LEFT JOIN c ON c.pid = p.id GROUP BY p.id
CREATE TRIGGER tr0 AFTER UPDATE OF id ON p WHEN NEW.id IS NOT 3 BEGIN INSERT INTO log(ev, x, y) VALUES('p0', NEW.id, OLD.a); UPDATE c SET v = 1 WHERE pid = NEW.id; END
CREATE TRIGGER tr1 BEFORE DELETE ON c FOR EACH ROW BEGIN DELETE FROM p WHERE id = OLD.id; SELECT RAISE(IGNORE) WHERE OLD.id = 2; UPDATE log SET y = 1 WHERE x = OLD.id; END
CREATE TRIGGER tr2 AFTER INSERT ON p BEGIN UPDATE c SET v = 1 WHERE id = NEW.id; DELETE FROM p WHERE id = NEW.id; END
";

#[test]
fn rename_column_only_where_it_refers_to_the_table() {
    assert_script_matches(&format!(
        "{SCHEMA}
ALTER TABLE p RENAME COLUMN id TO id_r
{DUMP}
ALTER TABLE p RENAME COLUMN id_r TO id
ALTER TABLE c RENAME COLUMN id TO \"x y\"
{DUMP}
ALTER TABLE c RENAME \"x y\" TO id
ALTER TABLE log RENAME COLUMN x TO x_r
{DUMP}
ALTER TABLE p RENAME COLUMN a TO a_r
{DUMP}
ALTER TABLE p RENAME COLUMN nope TO a
ALTER TABLE p RENAME COLUMN b TO c"
    ));
}

#[test]
fn rename_column_with_aliases_and_upsert() {
    assert_script_matches(&format!(
        "
CREATE TABLE t(k PRIMARY KEY, x, y)
CREATE TABLE u(k, x)
CREATE VIEW vt AS SELECT q.x, u.x AS ux FROM t AS q JOIN u ON u.k = q.k WHERE x > 1
CREATE TRIGGER tu AFTER INSERT ON u BEGIN INSERT INTO t(k, x) VALUES(NEW.k, NEW.x) ON CONFLICT(k) DO UPDATE SET x = excluded.x; END
ALTER TABLE t RENAME COLUMN x TO x2
{DUMP}
ALTER TABLE u RENAME COLUMN x TO ux2
{DUMP}"
    ));
}

#[test]
fn rename_column_breaks_view_columns() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b)
CREATE VIEW v AS SELECT id, a, b FROM p WHERE id > 1
CREATE TRIGGER v_upd INSTEAD OF UPDATE OF a ON v WHEN NEW.a IS NOT OLD.a BEGIN UPDATE p SET a = NEW.a WHERE id = OLD.id; END
CREATE TRIGGER v_del INSTEAD OF DELETE ON v FOR EACH ROW BEGIN DELETE FROM p WHERE id = OLD.id; END
ALTER TABLE p RENAME COLUMN id TO id_r
ALTER TABLE p RENAME COLUMN a TO a_r
{DUMP}
DROP TRIGGER v_upd
DROP TRIGGER v_del
ALTER TABLE p RENAME COLUMN a TO a_r
{DUMP}"
    ));
}

#[test]
fn rename_table_rewrites_other_objects() {
    assert_script_matches(&format!(
        "{SCHEMA}
CREATE VIEW v2 AS SELECT x.a, (SELECT count(*) FROM p WHERE p.id > x.id) AS k FROM p AS x WHERE x.b IN (SELECT v FROM c)
CREATE TRIGGER tr3 AFTER INSERT ON log BEGIN UPDATE p SET a = NEW.x WHERE p.id = NEW.y; INSERT INTO p(a) SELECT v FROM c WHERE c.pid = NEW.x; END
CREATE INDEX p_ab ON p(a, b)
ALTER TABLE p RENAME TO p_new
{DUMP}
ALTER TABLE p_new RENAME TO p
{DUMP}
ALTER TABLE c RENAME TO \"c c\"
{DUMP}
ALTER TABLE log RENAME TO p
ALTER TABLE nope RENAME TO q
ALTER TABLE sqlite_sequence RENAME TO q"
    ));
}

#[test]
fn rename_column_in_subqueries_and_checks() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a CHECK(a <> 'x'), b, CHECK(length(a) < 9), UNIQUE(a, b))
CREATE TABLE log(x, y)
CREATE INDEX p_a ON p(a) WHERE a > 0
CREATE INDEX p_e ON p(a + b)
CREATE VIEW v AS SELECT id, a FROM p WHERE a IN (SELECT y FROM log) ORDER BY a
CREATE TRIGGER t1 AFTER INSERT ON log WHEN NEW.x IN (SELECT a FROM p) BEGIN DELETE FROM log WHERE y IN (SELECT a FROM p WHERE p.b = NEW.y); END
CREATE TRIGGER t2 BEFORE UPDATE OF b, a ON p FOR EACH ROW BEGIN INSERT INTO log VALUES(OLD.a, NEW.a); END
ALTER TABLE p RENAME COLUMN a TO \"A 2\"
{DUMP}
ALTER TABLE p RENAME COLUMN \"a 2\" TO a
{DUMP}
ALTER TABLE p RENAME COLUMN b TO select
ALTER TABLE p RENAME COLUMN b TO [k]
{DUMP}"
    ));
}

#[test]
fn rename_keeps_schema_row_order() {
    // sqlite3 updates the rows of sqlite_schema in place: their order (rowids) stays, and
    // with it the order triggers fire in.
    assert_script_matches(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a UNIQUE, b)
CREATE TABLE log(x)
CREATE TRIGGER t1 AFTER INSERT ON p BEGIN INSERT INTO log VALUES('t1 ' || NEW.a); END
CREATE INDEX p_b ON p(b)
CREATE TRIGGER t2 AFTER INSERT ON p BEGIN INSERT INTO log VALUES('t2 ' || NEW.b); END
CREATE TRIGGER t3 AFTER INSERT ON p BEGIN INSERT INTO log VALUES('t3'); END
ALTER TABLE p RENAME COLUMN a TO a2
SELECT rowid, type, name FROM sqlite_schema
ALTER TABLE p RENAME TO q
SELECT rowid, type, name, tbl_name FROM sqlite_schema
ALTER TABLE q ADD COLUMN c
ALTER TABLE q DROP COLUMN b
SELECT rowid, type, name, tbl_name FROM sqlite_schema
INSERT INTO q(a2) VALUES(1)
SELECT * FROM log",
    );
}

#[test]
fn rename_column_and_foreign_keys() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id INTEGER PRIMARY KEY, a UNIQUE, b)
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), x, up REFERENCES c(id), FOREIGN KEY(x) REFERENCES p(a))
CREATE TABLE d(id REFERENCES p, a REFERENCES p(a))
ALTER TABLE c RENAME COLUMN pid TO q
ALTER TABLE c RENAME COLUMN x TO y
ALTER TABLE c RENAME COLUMN id TO cid
ALTER TABLE p RENAME COLUMN a TO a2
ALTER TABLE p RENAME COLUMN id TO pk
{DUMP}"
    ));
}

#[test]
fn rename_column_case_and_duplicates() {
    assert_script_matches(&format!(
        "
CREATE TABLE p(id, a, b)
CREATE VIEW v AS SELECT a FROM p UNION SELECT b FROM p
ALTER TABLE p RENAME COLUMN a TO A
ALTER TABLE p RENAME COLUMN b TO id
ALTER TABLE p RENAME COLUMN b TO rowid
{DUMP}
SELECT * FROM v"
    ));
}
