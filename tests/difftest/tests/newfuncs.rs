//! Small 3.40.1 differences found by the "newfuncs" part, each statement compared with the
//! system sqlite3.

use ferrolite_difftest::assert_script_matches;

/// A view or trigger of an attached database may name that database's own tables with its
/// qualifier (`aux.t`, `aux.t.a1`): the body is compiled against that database's schema
/// alone, where ferrolite used to answer "no such table: aux.t".
#[test]
fn attached_view_names_its_own_database() {
    assert_script_matches(
        "ATTACH ':memory:' AS aux
CREATE TABLE aux.t(a1, b1)
INSERT INTO aux.t VALUES(1, 2)
CREATE VIEW aux.v AS SELECT aux.t.a1, t.b1, a1+1 FROM aux.t
CREATE VIEW aux.v2 AS SELECT * FROM aux.v WHERE aux.v.a1 > 0
CREATE VIEW aux.v3 AS SELECT x.a1 FROM aux.t AS x JOIN aux.v ON aux.v.a1 = x.a1
CREATE TABLE aux.log(m)
CREATE TRIGGER aux.tr AFTER INSERT ON t BEGIN INSERT INTO log SELECT count(*) FROM aux.t; END
INSERT INTO aux.t VALUES(5, 6)
SELECT * FROM aux.v
SELECT aux.v.a1 FROM aux.v
SELECT * FROM aux.v2
SELECT * FROM v3
SELECT * FROM aux.log
CREATE VIEW aux.bad AS SELECT * FROM main.nosuch
CREATE VIEW aux.bad2 AS SELECT * FROM aux.nosuch
SELECT * FROM aux.bad2
SELECT aux.t.a1, main.t2.x FROM aux.t, (SELECT 1 AS x) AS t2",
    );
}

/// `db.t.c` matches only a source of database `db`: a table or view (whatever its alias) or
/// a table-valued function (main); never a subquery or CTE. Ferrolite used to ignore `db`.
#[test]
fn three_part_column_names_check_the_database() {
    assert_script_matches(
        "ATTACH ':memory:' AS aux
CREATE TABLE aux.t(a1)
CREATE TABLE main.m(a)
CREATE TABLE main.t(z)
CREATE TEMP TABLE tt(q)
INSERT INTO aux.t VALUES(1)
INSERT INTO m VALUES(2)
INSERT INTO main.t VALUES(3)
INSERT INTO tt VALUES(9)
SELECT main.t.a1 FROM aux.t
SELECT aux.t.a1 FROM aux.t
SELECT nosuch.t.a1 FROM aux.t
SELECT aux.x.a1 FROM aux.t AS x
SELECT main.x.a1 FROM aux.t AS x
SELECT aux.t.a1 FROM aux.t AS x
SELECT main.m.a FROM m
SELECT temp.m.a FROM m
SELECT MAIN.m.a FROM m
SELECT main.s.a FROM (SELECT 1 AS a) AS s
SELECT main.m.a FROM m, aux.t
SELECT aux.t.z FROM main.t, aux.t
SELECT main.t.a1 FROM main.t, aux.t
SELECT main.t.z, aux.t.a1 FROM main.t, aux.t
SELECT aux.t.a1, main.t.z FROM main.t, aux.t
SELECT * FROM aux.t WHERE main.t.a1 = 1
SELECT main.t.rowid FROM aux.t
SELECT aux.t.rowid FROM aux.t
WITH c AS (SELECT 1 AS q) SELECT main.c.q FROM c
CREATE VIEW main.vv AS SELECT 7 AS w
SELECT main.vv.w FROM vv
SELECT aux.vv.w FROM vv
SELECT temp.tt.q FROM tt
SELECT main.tt.q FROM tt
SELECT main.sqlite_master.name FROM sqlite_master
UPDATE aux.t SET a1 = aux.t.a1 + 1 WHERE aux.t.a1 = 1
DELETE FROM aux.t WHERE main.t.a1 = 2
SELECT * FROM aux.t
SELECT (SELECT aux.t.a1 FROM aux.t WHERE aux.t.a1 = main.m.a) FROM m
SELECT main.m.a FROM m WHERE EXISTS (SELECT 1 FROM aux.t WHERE aux.t.a1 >= main.m.a)
SELECT * FROM m JOIN aux.t ON main.m.a <= aux.t.a1
SELECT main.j.key FROM json_each('[1]') AS j
SELECT temp.j.key FROM json_each('[1]') AS j",
    );
}

/// UPDATE and DELETE of a table shadowed by a TEMP or main table of the same name write the
/// named table: ferrolite's rowid scan used to name the table unqualified, and so read the
/// shadowing one ("no such column", or nothing updated).
#[test]
fn update_and_delete_of_a_shadowed_table() {
    assert_script_matches(
        "ATTACH ':memory:' AS aux
CREATE TABLE aux.t(a1)
INSERT INTO aux.t VALUES(1), (2)
CREATE TABLE main.t(z)
INSERT INTO main.t VALUES(7)
UPDATE aux.t SET a1 = 5 WHERE a1 = 1
UPDATE aux.t SET a1 = a1 + 1
UPDATE aux.t SET a1 = aux.t.a1 + 1 WHERE aux.t.a1 = 7
SELECT * FROM aux.t
DELETE FROM aux.t WHERE a1 = 4
SELECT * FROM aux.t
CREATE TEMP TABLE t(y)
INSERT INTO temp.t VALUES(3)
UPDATE main.t SET z = z + 1 WHERE z = 7
SELECT * FROM main.t
DELETE FROM main.t WHERE z = 8
SELECT * FROM main.t
SELECT * FROM temp.t
SELECT * FROM t",
    );
}

/// `DELETE FROM t` that sqlite3 turns into a truncate prints no EXPLAIN QUERY PLAN rows;
/// a WHERE, RETURNING, a DELETE trigger or (foreign_keys on) a foreign key brings the scan
/// back.
#[test]
fn truncate_style_delete_has_no_plan_rows() {
    use ferrolite_difftest::assert_plans_match;
    assert_plans_match(
        "CREATE TABLE w(a, b);
CREATE TABLE v(a PRIMARY KEY, b) WITHOUT ROWID;
CREATE TABLE x(a); CREATE INDEX xi ON x(a);
CREATE TABLE y(a); CREATE TRIGGER ty AFTER DELETE ON y BEGIN SELECT 1; END;
CREATE TABLE u(a); CREATE TRIGGER tu BEFORE INSERT ON u BEGIN SELECT 1; END;
INSERT INTO w VALUES(1, 2), (3, 4);
INSERT INTO x VALUES(1), (2);",
        &[
            "DELETE FROM w",
            "DELETE FROM v",
            "DELETE FROM x",
            "DELETE FROM y",
            "DELETE FROM u",
            "DELETE FROM w WHERE 1",
            "DELETE FROM w WHERE a = 1",
            "DELETE FROM main.w",
            "DELETE FROM w RETURNING a",
        ],
    );
    assert_plans_match(
        "PRAGMA foreign_keys = 1;
CREATE TABLE p(a PRIMARY KEY);
CREATE TABLE c(a REFERENCES p(a));
CREATE TABLE w(a);",
        &["DELETE FROM p", "DELETE FROM c", "DELETE FROM w"],
    );
    assert_plans_match(
        "CREATE TABLE p(a PRIMARY KEY);
CREATE TABLE c(a REFERENCES p(a));",
        &["DELETE FROM p", "DELETE FROM c"],
    );
}

/// A STRICT datatype error comes before a rowid conflict resolved by REPLACE: the old row
/// is not deleted (visible inside a transaction, where no statement journal undoes it).
/// IGNORE and ABORT rowid conflicts still win over the datatype error.
///
/// sqlite3 3.40.1 deletes the old row's UNIQUE index entries before failing (after
/// `BEGIN; INSERT OR REPLACE INTO s VALUES(2, 'bad', 'z')`, `PRAGMA integrity_check` says
/// "row 2 missing from index sqlite_autoindex_s_1"; 3.54.1 says "ok"), a bug fixed later:
/// so each failing REPLACE here is followed only by a table scan, then ROLLBACK.
#[test]
fn strict_type_error_before_rowid_replace() {
    assert_script_matches(
        "CREATE TABLE s(a INTEGER PRIMARY KEY, b INT, c TEXT UNIQUE) STRICT
INSERT INTO s VALUES(1, 10, 'x'), (2, 20, 'y')
BEGIN
INSERT OR REPLACE INTO s VALUES(2, 'bad', 'z')
SELECT changes(), total_changes()
SELECT * FROM s
ROLLBACK
BEGIN
INSERT OR REPLACE INTO s VALUES(10, 1, 'q'), (2, 'bad', 'z')
SELECT * FROM s
ROLLBACK
BEGIN
INSERT OR REPLACE INTO s VALUES(11, 1, 'r'), (12, 'bad', 'x')
SELECT * FROM s
ROLLBACK
BEGIN
REPLACE INTO s VALUES(1, 'bad', 'q')
SELECT * FROM s
ROLLBACK
BEGIN
UPDATE OR REPLACE s SET a = 1, b = 'bad' WHERE a = 2
SELECT * FROM s
ROLLBACK
BEGIN
INSERT OR IGNORE INTO s VALUES(2, 'bad', 'z')
INSERT OR ABORT INTO s VALUES(2, 'bad', 'z')
INSERT INTO s VALUES(2, 'bad', 'z') ON CONFLICT(a) DO UPDATE SET b = 5
SELECT * FROM s
COMMIT
PRAGMA integrity_check
CREATE TABLE s6(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b INT) STRICT
INSERT INTO s6 VALUES(1, 1)
BEGIN
INSERT INTO s6 VALUES(5, 5), (1, 'bad')
SELECT * FROM s6
ROLLBACK
CREATE TABLE n(a INTEGER PRIMARY KEY, b INT NOT NULL, c TEXT UNIQUE) STRICT
INSERT INTO n VALUES(1, 10, 'x'), (2, 20, 'y')
BEGIN
INSERT OR REPLACE INTO n VALUES(10, 1, 'q'), (2, 'bad', 'z')
SELECT * FROM n
ROLLBACK",
    );
}

/// ALTER TABLE errors sqlite3 3.40.1 gives: ADD COLUMN whose CHECK fails on an existing row
/// or names an unknown column, a view as the target, a `sqlite_` new name, the unqualified
/// `sqlite_master` being main's.
#[test]
fn alter_table_refusals() {
    assert_script_matches(
        "CREATE TABLE t(a, b, CHECK (a < 100))
INSERT INTO t VALUES(1, 2), (5, 6)
ALTER TABLE t ADD COLUMN c DEFAULT 3 CHECK (c > a)
ALTER TABLE t ADD COLUMN c2 DEFAULT 3 CONSTRAINT named CHECK (c2 > 0) CHECK (c2 < 0)
ALTER TABLE t ADD COLUMN c3 DEFAULT 3 CHECK (t.c3 > 5)
ALTER TABLE t ADD COLUMN c4 DEFAULT 3 CHECK (c4 > b - 10)
ALTER TABLE t ADD COLUMN c5 DEFAULT 3 CHECK (nosuch > 0)
ALTER TABLE t ADD COLUMN c6 CHECK (c6 > 0)
ALTER TABLE t ADD COLUMN c7 DEFAULT 'x' CHECK (c7 > 0)
ALTER TABLE t ADD COLUMN c8 DEFAULT 3 CHECK (main.t.c8 > 5)
ALTER TABLE t ADD COLUMN c9 DEFAULT 3 CHECK (c9 IN (SELECT 1))
ALTER TABLE t ADD COLUMN c10 DEFAULT 3 CHECK (abs(c10) = 3)
SELECT * FROM t
CREATE TABLE e(a)
ALTER TABLE e ADD COLUMN c DEFAULT 3 CHECK (c < 0)
ALTER TABLE e ADD COLUMN d DEFAULT 3 CHECK (nosuch < 0)
SELECT * FROM e
ALTER TABLE t RENAME TO sqlite_x
ALTER TABLE t RENAME TO SQLITE_y
ALTER TABLE t RENAME TO sqlite_master
CREATE TEMP TABLE tt(x)
ALTER TABLE sqlite_master RENAME TO m
ALTER TABLE sqlite_schema ADD COLUMN m
ALTER TABLE sqlite_temp_master RENAME TO m
ALTER TABLE temp.sqlite_master RENAME TO m
CREATE VIEW vv AS SELECT 1 AS q
CREATE TEMP VIEW tv AS SELECT 1 AS q
ALTER TABLE vv RENAME TO vv2
ALTER TABLE VV ADD COLUMN q
ALTER TABLE vv DROP COLUMN q
ALTER TABLE vv RENAME COLUMN q TO r
ALTER TABLE tv RENAME TO x
ALTER TABLE temp.tv ADD COLUMN x",
    );
}

/// sqlite3 reports ALTER TABLE's schema checks when the statement runs: prepare succeeds
/// and the first step fails (asked through the C API of sqlite3 3.40.1; the messages are
/// compared with sqlite3 by `alter_table_refusals`-style scripts elsewhere).
#[test]
fn alter_table_schema_errors_come_at_step_time() {
    use ferrolite::{Connection, StepResult};
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch(
        "CREATE TABLE x(a); CREATE TABLE y(b, c); CREATE VIEW v AS SELECT a FROM x;
         DROP TABLE x; CREATE TABLE u(x PRIMARY KEY, z); CREATE INDEX uz ON u(z);
         CREATE TABLE p(a, b); CREATE TRIGGER tp AFTER INSERT ON p BEGIN SELECT new.b; END;
         CREATE TABLE t(a); INSERT INTO t VALUES(1);",
    )
    .unwrap();
    let cases = [
        (
            "ALTER TABLE y RENAME COLUMN b TO d",
            "error in view v: no such table: main.x",
        ),
        (
            "ALTER TABLE y RENAME TO z",
            "error in view v: no such table: main.x",
        ),
        (
            "ALTER TABLE y DROP COLUMN c",
            "error in view v: no such table: main.x",
        ),
        ("DROP VIEW v", ""),
        (
            "ALTER TABLE u DROP COLUMN z",
            "error in index uz after drop column: no such column: z",
        ),
        (
            "ALTER TABLE p DROP COLUMN b",
            "error in trigger tp after drop column: no such column: new.b",
        ),
        (
            "ALTER TABLE p RENAME COLUMN b TO a",
            "error in table p after rename: duplicate column name: a",
        ),
        (
            "ALTER TABLE t ADD COLUMN c DEFAULT 3 CHECK (c < 0)",
            "CHECK constraint failed",
        ),
        (
            "ALTER TABLE t ADD COLUMN c NOT NULL",
            "Cannot add a NOT NULL column with default value NULL",
        ),
    ];
    for (sql, want) in cases {
        let mut st = c
            .prepare(sql)
            .unwrap_or_else(|e| panic!("{sql}: prepare failed: {}", e.message));
        let mut r = st.step();
        while let Ok(StepResult::Row) = r {
            r = st.step();
        }
        match r {
            Ok(_) => assert_eq!(want, "", "{sql}: step succeeded"),
            Err(e) => assert_eq!(e.message, want, "{sql}"),
        }
    }
}
