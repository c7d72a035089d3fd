//! Causes found by the `writes` generator mode, each pinned statement by statement against
//! the system SQLite (fresh in-memory databases; rows and error messages must match).

use ferrolite_difftest::assert_script_matches as check;

/// changes() counts the statement's own rows (WITHOUT ROWID tables too); total_changes()
/// also counts rows written by trigger bodies and FK actions, even when the statement
/// then fails; a trigger's inserts leave last_insert_rowid() alone.
#[test]
fn change_counters_with_triggers_fk_actions_and_without_rowid() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY, a);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL);
CREATE TABLE log(n INTEGER PRIMARY KEY, x);
CREATE TRIGGER t AFTER INSERT ON c BEGIN INSERT INTO log VALUES(100+NEW.id, NEW.id); END;
INSERT INTO p VALUES(1,1),(2,2);
SELECT changes(), total_changes(), last_insert_rowid();
INSERT INTO c VALUES(5,1),(6,1),(7,2);
SELECT changes(), total_changes(), last_insert_rowid();
DELETE FROM p WHERE id=1;
SELECT changes(), total_changes(), last_insert_rowid();
UPDATE p SET id=3;
SELECT changes(), total_changes(), last_insert_rowid();
INSERT OR REPLACE INTO log VALUES(105, 0);
SELECT changes(), total_changes(), last_insert_rowid();
CREATE TABLE w(a PRIMARY KEY, b) WITHOUT ROWID;
INSERT INTO w VALUES(1,1),(2,2);
SELECT changes(), total_changes(), last_insert_rowid();
UPDATE w SET b=5;
SELECT changes(), total_changes(), last_insert_rowid();
INSERT OR REPLACE INTO w VALUES(1,3);
SELECT changes(), total_changes(), last_insert_rowid();
DELETE FROM w;
SELECT changes(), total_changes(), last_insert_rowid();
CREATE TABLE v(id INTEGER PRIMARY KEY, x);
CREATE TRIGGER tv BEFORE INSERT ON v BEGIN INSERT INTO log(x) VALUES(NEW.x); END;
INSERT INTO v(id, x) VALUES(3, -1), ('x', 2);
SELECT changes(), total_changes(), last_insert_rowid();
SELECT * FROM log;",
    );
}

/// An AUTOINCREMENT table gets its sqlite_sequence row (seq 0) from any INSERT statement
/// that completes, even one that inserts nothing.
#[test]
fn sqlite_sequence_row_from_an_insert_of_nothing() {
    check(
        "CREATE TABLE a(n INTEGER PRIMARY KEY AUTOINCREMENT, x UNIQUE);
INSERT INTO a(x) SELECT 1 WHERE 0;
SELECT * FROM sqlite_sequence;
CREATE TABLE b(n INTEGER PRIMARY KEY AUTOINCREMENT, x NOT NULL);
INSERT INTO b(x) VALUES(NULL);
SELECT * FROM sqlite_sequence;
INSERT OR IGNORE INTO b(x) VALUES(NULL);
SELECT * FROM sqlite_sequence;
CREATE TABLE e(n INTEGER PRIMARY KEY AUTOINCREMENT, x);
INSERT INTO e(n) VALUES(-5);
SELECT * FROM sqlite_sequence;",
    );
}

/// A one-row INSERT (no RETURNING, triggers, UPSERT or REPLACE) fails an immediate FK
/// before writing the row, so last_insert_rowid() keeps its value; with RETURNING the row
/// is written first.
#[test]
fn one_row_insert_fails_fk_before_writing() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p);
INSERT INTO c VALUES(5, 1) RETURNING id;
SELECT last_insert_rowid();
INSERT INTO c VALUES(7, 1);
SELECT last_insert_rowid();
INSERT OR ROLLBACK INTO c VALUES(8, 1);
SELECT last_insert_rowid();
INSERT OR FAIL INTO c VALUES(9, 1);
SELECT last_insert_rowid();
INSERT INTO c VALUES(10, 1), (11, NULL);
SELECT last_insert_rowid(), changes(), total_changes();
CREATE TABLE s(id INTEGER PRIMARY KEY, up REFERENCES s);
INSERT INTO s VALUES(1, 1);
INSERT INTO s VALUES(2, 3);
SELECT last_insert_rowid(), * FROM s;",
    );
}

/// With several ON CONFLICT clauses the error names the one that matches no key.
#[test]
fn upsert_target_error_names_the_clause() {
    check(
        "CREATE TABLE t(a UNIQUE, b);
INSERT INTO t VALUES(1,2) ON CONFLICT(b) DO NOTHING;
INSERT INTO t VALUES(1,2) ON CONFLICT(b) DO NOTHING ON CONFLICT DO NOTHING;
INSERT INTO t VALUES(1,2) ON CONFLICT(a) DO NOTHING ON CONFLICT(b) DO NOTHING;
INSERT INTO t VALUES(1,2) ON CONFLICT(a) DO NOTHING ON CONFLICT(a) DO NOTHING ON CONFLICT(b) DO NOTHING;",
    );
}

/// ADD COLUMN goes after the last column definition (before table constraints); its
/// refusals (NOT NULL without default, STORED, non-constant default, REFERENCES with a
/// default) hold only when the table has rows.
#[test]
fn add_column_text_and_refusals() {
    check(
        "CREATE TABLE w(k1, k2, v, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
ALTER TABLE w ADD COLUMN e0 TEXT NOT NULL DEFAULT 'x';
CREATE TABLE t(a, b , CHECK(a>0) , UNIQUE(a,b) );
ALTER TABLE t ADD e  DEFAULT -1;
CREATE TABLE u(a /*x*/ );
ALTER TABLE u ADD b;
SELECT name, sql FROM sqlite_schema ORDER BY name;",
    );
    for def in [
        "AS (1) STORED",
        "DEFAULT (1+1)",
        "DEFAULT ('x'||'y')",
        "DEFAULT CURRENT_TIME",
        "NOT NULL",
        "NOT NULL DEFAULT NULL",
        "DEFAULT (1)",
        "DEFAULT (-1)",
        "DEFAULT +1",
        "REFERENCES p(id) DEFAULT 1",
        "REFERENCES p(id) DEFAULT NULL",
    ] {
        for rows in [0, 1] {
            for fk in ["ON", "OFF"] {
                check(&format!(
                    "PRAGMA foreign_keys={fk};
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE t(a INT, UNIQUE(a));
INSERT INTO t SELECT 1 WHERE {rows};
ALTER TABLE t ADD COLUMN e {def};
SELECT sql FROM sqlite_schema WHERE name = 't';
SELECT * FROM t;"
                ));
            }
        }
    }
}

/// A statement whose triggers may insert into an AUTOINCREMENT table gives it its
/// sqlite_sequence row even when the trigger does not fire.
#[test]
fn sqlite_sequence_row_from_a_trigger_that_did_not_fire() {
    check(
        "CREATE TABLE c(n INTEGER PRIMARY KEY AUTOINCREMENT, x);
CREATE TABLE d(y);
CREATE TRIGGER tr AFTER INSERT ON d WHEN NEW.y = 5 BEGIN INSERT INTO c(x) VALUES(1); END;
INSERT INTO d VALUES(1);
SELECT * FROM sqlite_sequence;
INSERT INTO d VALUES(5);
SELECT * FROM sqlite_sequence;
SELECT * FROM c;",
    );
}

/// DROP COLUMN of a column in a table-level UNIQUE fails on the new definition; a
/// column-level UNIQUE is refused up front.
#[test]
fn drop_column_in_a_table_unique() {
    for def in [
        "a, b UNIQUE, c",
        "a, b, c, UNIQUE(a, b)",
        "a, b, c, CONSTRAINT u UNIQUE(b)",
        "a, b, c, UNIQUE(a), UNIQUE(c)",
        "a, b, c, PRIMARY KEY(a, b)",
    ] {
        check(&format!(
            "CREATE TABLE t({def});
ALTER TABLE t DROP COLUMN b;
SELECT sql FROM sqlite_schema;"
        ));
    }
}

/// VACUUM copies views and triggers into the rebuilt schema table with an INSERT, which
/// leaves last_insert_rowid() at the number of schema rows.
#[test]
fn vacuum_sets_last_insert_rowid_when_it_copies_views() {
    check(
        "CREATE TABLE a(x); CREATE TABLE b(x); CREATE INDEX ai ON a(x);
INSERT INTO a VALUES(1),(2),(3);
VACUUM;
SELECT last_insert_rowid();
CREATE VIEW v1 AS SELECT 1;
CREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END;
DROP TABLE b;
INSERT INTO a VALUES(4);
VACUUM;
SELECT last_insert_rowid();",
    );
}

/// A column's `CONSTRAINT name` names its later unnamed CHECKs, and an unnamed CHECK that
/// directly follows the column as the first table constraint.
#[test]
fn check_constraint_names_carry_over() {
    check(
        "CREATE TABLE p4(c CONSTRAINT ck_c CHECK(c<100), CHECK(c>1000));
INSERT INTO p4 VALUES(50);
CREATE TABLE p5(a CONSTRAINT n1 CHECK(a<100), b CHECK(b<0));
INSERT INTO p5 VALUES(1, 1);
CREATE TABLE p7(a CONSTRAINT n1 CHECK(a<100) NOT NULL, b, CHECK(b<0));
INSERT INTO p7 VALUES(1, 1);
CREATE TABLE p8(a CONSTRAINT n1 CHECK(a<100), b, UNIQUE(a), CHECK(b<0));
INSERT INTO p8 VALUES(1, 1);
CREATE TABLE t1(a, CONSTRAINT x CHECK(a>0), CHECK(a>5));
INSERT INTO t1 VALUES(3);
CREATE TABLE t2(a, CONSTRAINT x UNIQUE(a), CHECK(a>5));
INSERT INTO t2 VALUES(3);
CREATE TABLE t3(a CONSTRAINT x UNIQUE CHECK(a>5));
INSERT INTO t3 VALUES(3);
CREATE TABLE t4(a CONSTRAINT x NOT NULL, CHECK(a>5));
INSERT INTO t4 VALUES(3);
CREATE TABLE t5(a CONSTRAINT x CHECK(a>0) CHECK(a>5));
INSERT INTO t5 VALUES(3);
CREATE TABLE t6(a CONSTRAINT x NOT NULL, UNIQUE(a), CHECK(a>5));
INSERT INTO t6 VALUES(3);",
    );
}

/// Writes seeds 8181, 12042: DROP COLUMN of a column several indexes use names the index
/// created first (sqlite3 checks the schema rows in their order), not the first by name.
#[test]
fn drop_column_names_the_oldest_index_using_it() {
    check(
        "CREATE TABLE w(k1 INTEGER NOT NULL, k2 NOT NULL, v, u UNIQUE, PRIMARY KEY(k1, k2));
CREATE INDEX w_v ON w(v, u);
CREATE UNIQUE INDEX w_i ON w(v COLLATE NOCASE);
ALTER TABLE w DROP COLUMN v;
CREATE TABLE x(a, v, u);
CREATE INDEX x_z ON x(v, u);
CREATE INDEX x_a ON x(u) WHERE v > 0;
CREATE INDEX x_m ON x(v);
ALTER TABLE x DROP COLUMN v;
DROP INDEX x_z;
ALTER TABLE x DROP COLUMN v;",
    );
}

/// Writes seed 14294 (and all 14294): sqlite3 resolves each SET item's value before its
/// target column, and all of them before the WHERE clause, so the first unknown name in that
/// order is the one reported (`excluded.e0` in `DO UPDATE SET e0 = excluded.e0`); a value a
/// later assignment overrides is resolved too.
#[test]
fn set_values_resolved_before_targets_and_where() {
    check(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, a, b, c);
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET e0 = excluded.e0;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET e0 = coalesce(excluded.e0, c, 0) + 1 ON CONFLICT DO UPDATE SET b = b || excluded.e0;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET e0 = 1 ON CONFLICT DO UPDATE SET b = b || excluded.e0;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET a = e7, e0 = 1;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET e0 = 1 WHERE e7;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET a = zz WHERE yy;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET a = zz, a = 1;
INSERT INTO p(id, a) VALUES(-1, 'A') ON CONFLICT(id) DO UPDATE SET (e0, a) = (1, zz);
UPDATE p SET e0 = zz;
UPDATE p SET a = zz, e0 = 1 WHERE yy;
UPDATE p SET e0 = 1 WHERE yy;
UPDATE p SET a = zz WHERE yy;
UPDATE p SET a = zz, a = 1;
UPDATE p SET (a, e0) = (zz, 1);
UPDATE p SET (e0, a) = (1, zz);
UPDATE p SET (e0, a) = (SELECT 1, zz);
UPDATE p SET e0 = (SELECT zz);
UPDATE p SET a = nofunc(1), e0 = 1;
UPDATE p AS q SET e0 = q.zz;
UPDATE p SET a = \"zz\", e0 = 1;
UPDATE p SET e0 = 1 FROM (SELECT zz) q;
INSERT INTO p VALUES(1, 2, 3, 4);
UPDATE p SET a = abs(-9223372036854775808), a = 5;
SELECT * FROM p;",
    );
}

/// Writes seed 40161: `excluded.x` compares without its column's affinity, the INTEGER
/// PRIMARY KEY's included (`excluded.id = '1'` is false for 1), as OLD/NEW in triggers do.
#[test]
fn excluded_compares_without_affinity() {
    check(
        "CREATE TABLE c(id INTEGER PRIMARY KEY, v INT, w TEXT);
INSERT INTO c VALUES(1, 1, 1);
INSERT INTO c(id, v, w) VALUES(1, 1, 1) ON CONFLICT(id) DO UPDATE SET w = (excluded.id = '1') || (excluded.v = '1') || (excluded.w = 1) || (c.id = '1') || typeof(excluded.id);
SELECT * FROM c;
INSERT INTO c(id, v) VALUES(1, '1') ON CONFLICT(id) DO UPDATE SET v = 7 WHERE excluded.id IS NOT '1';
SELECT * FROM c;
CREATE TABLE d(id INTEGER PRIMARY KEY, k UNIQUE, w);
INSERT INTO d VALUES(1, 5, 0);
INSERT INTO d VALUES(2, 5, 0) ON CONFLICT(k) DO UPDATE SET w = (excluded.id = '2') || (excluded.k = '5');
SELECT * FROM d;",
    );
}

/// Writes seed 41306: `ON CONFLICT(id)` names the INTEGER PRIMARY KEY's check even when a
/// UNIQUE index on `id` exists too; an INSERT that does not give `id` makes no rowid check,
/// so its DO UPDATE (which sets an FK column) does not make it multi-write, and an
/// immediate FK failure leaves last_insert_rowid() as it was.
#[test]
fn upsert_target_on_the_rowid_alias_is_the_rowid_check() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE p(id INT PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id), v);
CREATE UNIQUE INDEX c_i ON c(id);
BEGIN;
INSERT INTO c(pid) VALUES(2.0) ON CONFLICT(id) DO UPDATE SET pid = 2.0;
SELECT last_insert_rowid(), changes();
COMMIT;
INSERT INTO c(id, pid) VALUES(4, NULL);
INSERT INTO c(id, pid, v) VALUES(4, NULL, 'x') ON CONFLICT(id) DO UPDATE SET v = excluded.v || 'u';
INSERT INTO c(id, pid, v) VALUES('4', NULL, 'y') ON CONFLICT(id) DO UPDATE SET v = v || excluded.v;
SELECT * FROM c;
SELECT last_insert_rowid(), changes(), total_changes();",
    );
}

/// Writes seeds 10018, 17021: `excluded.*` reads a REAL column with REAL affinity, as a
/// stored row's read does, even when the row's affinities come after the rowid check:
/// `excluded.v` of 10 into `v REAL` is 10.0 (and '12' stays TEXT).
#[test]
fn excluded_real_column_reads_as_real() {
    check(
        "CREATE TABLE c(id INTEGER PRIMARY KEY, pid, v REAL, w INT, x TEXT, y NUMERIC);
INSERT INTO c VALUES(5, 'A', 1, 1, 1, 1);
INSERT INTO c(id, pid, v, w, x, y) VALUES(5, 'x', 10, '7', 1.5, '8') ON CONFLICT(id) DO UPDATE SET pid = pid || excluded.v || typeof(excluded.v) || excluded.w || typeof(excluded.w) || typeof(excluded.x) || typeof(excluded.y);
SELECT * FROM c;
INSERT INTO c(id, pid, v) VALUES(5, 'x', '12') ON CONFLICT(id) DO UPDATE SET pid = excluded.v || typeof(excluded.v);
SELECT * FROM c;
INSERT INTO c(id, pid, v) VALUES(5, 'x', 12) ON CONFLICT(id) DO UPDATE SET pid = excluded.v || typeof(excluded.v), v = excluded.v;
SELECT *, typeof(v) FROM c;
CREATE TABLE u(id INTEGER PRIMARY KEY, k UNIQUE, v REAL);
INSERT INTO u VALUES(1, 1, 2);
INSERT INTO u VALUES(2, 1, 3) ON CONFLICT(k) DO UPDATE SET k = excluded.v || typeof(excluded.v);
SELECT * FROM u;",
    );
}

/// Writes seed 7233: an INSERT applies the column affinities after the rowid's uniqueness
/// check (when no CHECK, generated column or WITHOUT ROWID puts them first), so an upsert
/// of an INTEGER PRIMARY KEY conflict sees `excluded.*` as given: `excluded.v` of 1.5 into
/// `v TEXT` is the REAL 1.5. A conflict found by a UNIQUE index sees them applied.
#[test]
fn excluded_values_of_a_rowid_conflict_have_no_affinity() {
    check(
        "CREATE TABLE c(id INTEGER PRIMARY KEY, pid, v TEXT, w INTEGER);
INSERT INTO c VALUES(2, 0, 'a', 1);
INSERT INTO c(v, pid, id, w) VALUES(1.5, 3, 2, '7') ON CONFLICT(id) DO UPDATE SET pid = excluded.v, v = typeof(excluded.v) || typeof(excluded.w), w = excluded.w;
SELECT id, pid, typeof(pid), v, w, typeof(w) FROM c;
CREATE TABLE c2(id INTEGER PRIMARY KEY, pid UNIQUE, v TEXT, w INTEGER);
INSERT INTO c2 VALUES(2, 0, 'a', 1);
INSERT INTO c2(v, pid, id, w) VALUES(1.5, 3, 2, '7') ON CONFLICT DO UPDATE SET v = typeof(excluded.v) || typeof(excluded.w);
INSERT INTO c2(v, pid, id, w) VALUES(1.5, 0, 3, '7') ON CONFLICT(pid) DO UPDATE SET w = typeof(excluded.v) || typeof(excluded.w);
SELECT * FROM c2;
CREATE TABLE c3(id INTEGER PRIMARY KEY, v TEXT, w INTEGER CHECK(w IS NOT 'zz'));
INSERT INTO c3 VALUES(2, 'a', 1);
INSERT INTO c3(v, id, w) VALUES(1.5, 2, '7') ON CONFLICT(id) DO UPDATE SET v = typeof(excluded.v) || typeof(excluded.w);
SELECT * FROM c3;
CREATE TABLE c4(id PRIMARY KEY, v TEXT, w INTEGER) WITHOUT ROWID;
INSERT INTO c4 VALUES(2, 'a', 1);
INSERT INTO c4(v, id, w) VALUES(1.5, 2, '7') ON CONFLICT(id) DO UPDATE SET v = typeof(excluded.v) || typeof(excluded.w);
SELECT * FROM c4;
CREATE TABLE s(id INTEGER PRIMARY KEY, v TEXT, w INTEGER) STRICT;
INSERT INTO s VALUES(2, 'a', 1);
INSERT INTO s(v, id, w) VALUES(1.5, 2, '7') ON CONFLICT(id) DO UPDATE SET v = typeof(excluded.v) || typeof(excluded.w);
INSERT INTO s(v, id, w) VALUES(1.5, 3, '7');
INSERT INTO s(v, id, w) VALUES(1.5, 4, 'x');
SELECT id, v, typeof(v), w, typeof(w) FROM s;",
    );
}

/// Writes seed 14162: the default a NOT NULL column's REPLACE puts in place of a NULL is
/// stored with the column's affinity (`b TEXT NOT NULL DEFAULT 4` stores '4'), in INSERT
/// and UPDATE, also where the affinities were applied before the NOT NULL check.
#[test]
fn not_null_replace_default_takes_the_column_affinity() {
    check(
        "CREATE TABLE p(id INT PRIMARY KEY, b TEXT NOT NULL DEFAULT 4, c INT NOT NULL DEFAULT '7');
INSERT OR REPLACE INTO p(id, b, c) VALUES(3, NULL, NULL);
SELECT id, b, typeof(b), c, typeof(c) FROM p;
CREATE TABLE q(id INTEGER PRIMARY KEY, b TEXT NOT NULL ON CONFLICT REPLACE DEFAULT 4);
INSERT INTO q(id, b) VALUES(3, 'x');
UPDATE OR REPLACE q SET b = NULL;
SELECT id, b, typeof(b) FROM q;
CREATE TABLE r(id INTEGER PRIMARY KEY, b TEXT NOT NULL ON CONFLICT REPLACE DEFAULT 4, CHECK(typeof(b) = 'text'));
INSERT INTO r(id, b) VALUES(3, NULL);
SELECT id, b, typeof(b) FROM r;",
    );
}

/// Writes seed 9805: in an INSTEAD OF trigger, OLD.x and NEW.x of a view compare with the
/// view column's collation (`a TEXT COLLATE NOCASE` under the view: `NEW.a IS NOT OLD.a` is
/// false for 'a' and 'A').
#[test]
fn instead_of_old_and_new_take_the_view_collations() {
    check(
        "CREATE TABLE p(id INT PRIMARY KEY, a TEXT COLLATE NOCASE, b);
CREATE VIEW v AS SELECT id, a, b FROM p WHERE id > 1;
CREATE TABLE log(x);
CREATE TRIGGER v_upd INSTEAD OF UPDATE OF a ON v WHEN NEW.a IS NOT OLD.a BEGIN UPDATE p SET a = NEW.a WHERE id = OLD.id; END;
CREATE TRIGGER v_upd2 INSTEAD OF UPDATE OF a ON v BEGIN INSERT INTO log VALUES(NEW.a = OLD.a); INSERT INTO log VALUES(NEW.a = 'A'); INSERT INTO log VALUES(OLD.a = 'a'); INSERT INTO log VALUES(NEW.b = 'X'); END;
INSERT INTO p VALUES(5, 'A', 'x');
UPDATE v SET a = 'a' WHERE id > 2;
SELECT * FROM p;
SELECT * FROM log;",
    );
}

/// Ddl seed 17366: an ORDER BY term after the rowid that reads no column of the table and
/// is not constant (an uncorrelated subquery, `random()`) keeps sqlite3's sorter for the
/// whole ORDER BY, so a VIRTUAL REAL column's whole value comes back from it an INTEGER
/// (`intreal.rs`); a correlated subquery or a constant leaves the order to the rowid scan.
/// (Plans of a subquery in both the result and the ORDER BY are compared elsewhere: we
/// compile it twice, sqlite3 once.)
const ORDER_SETUP: &str = "CREATE TABLE t0(a);
INSERT INTO t0 VALUES(1);
CREATE TABLE t1(c0 INTEGER PRIMARY KEY, b, c, g1 DOUBLE AS (ltrim(c0)) VIRTUAL);
CREATE INDEX t1b ON t1(b);
INSERT INTO t1(c0, b, c) VALUES(0, 1, 'x'), (100, 1, 'y'), (7, 2, 'z');
";

#[test]
fn order_by_term_with_subquery_after_rowid_keeps_the_sorter() {
    check(&format!(
        "{ORDER_SETUP}
SELECT c0, hex(EXISTS (SELECT 1 FROM t0 WHERE -9223372036854775808)), g1 FROM t1 ORDER BY 1, 2 DESC, 3 DESC;
SELECT c0, g1, typeof(g1) FROM t1 ORDER BY c0, random();"
    ));
    ferrolite_difftest::assert_plans_match(
        ORDER_SETUP,
        &[
            "SELECT c0, g1 FROM t1 ORDER BY c0, (SELECT 1)",
            "SELECT c0, g1 FROM t1 ORDER BY c0 DESC, (SELECT a FROM t0)",
            "SELECT c0, g1 FROM t1 ORDER BY c0, c, (SELECT 1)",
            "SELECT c0, g1 FROM t1 ORDER BY c0, (SELECT 1), c",
            "SELECT c0, g1 FROM t1 ORDER BY b, (SELECT 1)",
            "SELECT c0, g1 FROM t1 ORDER BY c0, (SELECT t1.c)",
            "SELECT c0, g1 FROM t1 ORDER BY c0, c0 IN (SELECT a FROM t0)",
            "SELECT c0, g1 FROM t1 ORDER BY c0, (SELECT 1) + c",
            "SELECT c0, g1 FROM t1 ORDER BY c0, abs(1)",
            "SELECT c0, g1 FROM t1 WHERE c0 > 5 ORDER BY c0, (SELECT a FROM t0)",
        ],
    );
}

/// A trigger's UPDATE counts as "may abort" through a CHECK only when the CHECK reads a
/// column it sets, under ABORT or REPLACE: otherwise the firing INSERT has no statement
/// journal and the rows it wrote before a `datatype mismatch` stay (writes seed 44625).
#[test]
fn trigger_update_check_aborts_only_on_a_set_column() {
    check(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, a);
CREATE TABLE q(a INTEGER) STRICT;
CREATE TABLE c(pid, v CHECK(v IS NOT 'x'));
CREATE TRIGGER tp BEFORE INSERT ON p BEGIN UPDATE c SET v = 1; END;
CREATE TRIGGER tq BEFORE INSERT ON q BEGIN UPDATE c SET pid = 1; END;
BEGIN;
INSERT OR IGNORE INTO p(id, a) VALUES(0, 5), ('A', 1);
INSERT OR FAIL INTO p(id, a) VALUES(1, 5), ('A', 1);
INSERT INTO q(a) VALUES(5), ('A');
SELECT * FROM p;
SELECT * FROM q;
DROP TRIGGER tq;
CREATE TRIGGER tq BEFORE INSERT ON q BEGIN UPDATE c SET v = 1; END;
INSERT INTO q(a) VALUES(6), ('A');
SELECT * FROM q;
DROP TRIGGER tq;
CREATE TRIGGER tq BEFORE INSERT ON q BEGIN UPDATE OR REPLACE c SET v = 1; END;
INSERT INTO q(a) VALUES(7), ('A');
SELECT * FROM q;
COMMIT;",
    );
}

/// An UPDATE that needs foreign-key work looks up the parent key of every FK referencing
/// its table, so one without a UNIQUE index fails the UPDATE with "foreign key mismatch"
/// even when the UPDATE does not set it (writes seed 40747).
#[test]
fn update_with_fk_work_finds_every_parent_key() {
    check(
        "PRAGMA foreign_keys=ON;
CREATE TABLE q(id INTEGER PRIMARY KEY);
CREATE TABLE p(id INTEGER PRIMARY KEY, a, b UNIQUE, x REFERENCES q);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(a) ON UPDATE SET DEFAULT);
INSERT INTO p VALUES(1, 1, 1, NULL);
UPDATE p SET id = 2;
UPDATE p SET b = 2;
SELECT * FROM p;
CREATE TABLE d(y REFERENCES p(id));
UPDATE p SET id = 3 WHERE 0;
UPDATE OR FAIL p SET id = 3, b = 'a';
UPDATE p SET b = 3;
UPDATE p SET x = NULL;
SELECT * FROM p;
DROP TABLE d;
CREATE TABLE d(y REFERENCES p(b) DEFERRABLE INITIALLY DEFERRED);
UPDATE p SET id = 4;
UPDATE p SET b = 4;
SELECT * FROM p;
PRAGMA foreign_keys=OFF;
UPDATE p SET b = 5;
SELECT * FROM p;",
    );
}

/// A WITHOUT ROWID table's primary key is checked among its UNIQUE indexes by creation
/// order, newest first: after CREATE INDEX indexes and automatic indexes declared after it
/// (writes seed 29618: `UNIQUE constraint failed: w.k2` from a later index, not the key).
#[test]
fn without_rowid_pk_checked_in_creation_order() {
    check(
        "CREATE TABLE w(k1 REAL, k2, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
CREATE UNIQUE INDEX w_i ON w(k2 COLLATE NOCASE);
INSERT INTO w(k1, k2, u) VALUES(2.0, X'01', 'a '), (2, X'01', '');
INSERT INTO w(k1, k2, u) VALUES(NULL, 'q', 1), (NULL, 'q', 2);
INSERT INTO w(k1, k2, u) VALUES(1, 'q', 1), (1, 'Q', 1);
CREATE TABLE a(a PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
INSERT INTO a VALUES(1, 1), (1, 1);
CREATE TABLE b(a, b UNIQUE, PRIMARY KEY(a)) WITHOUT ROWID;
INSERT INTO b VALUES(1, 1), (1, 1);
CREATE TABLE c(c UNIQUE, a PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
INSERT INTO c VALUES(1, 1, 1), (1, 1, 1);
INSERT INTO c VALUES(1, 1, 1), (1, 1, 2);
CREATE TABLE d(a INTEGER PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
INSERT INTO d VALUES(1, 1), (1, 1);
INSERT INTO d VALUES(2, 2);
UPDATE d SET a = 1, b = 1;
INSERT OR REPLACE INTO a VALUES(1, 1), (2, 1), (1, 2);
SELECT * FROM a;",
    );
}

const IS_NULL_SETUP: &str =
    "CREATE TABLE p(id INT PRIMARY KEY, a COLLATE NOCASE, b INT UNIQUE COLLATE RTRIM, c);
INSERT INTO p(a) VALUES('1'), (''), (2);
CREATE TABLE t(a, b);
CREATE INDEX i ON t(b COLLATE NOCASE);
CREATE TABLE u(a, b COLLATE RTRIM, c);
CREATE INDEX ui ON u(b, c);
";

/// `col IS NULL` looks up an index on `col` whatever the index's collation (no collation
/// applies to NULL), as sqlite3 does; it decides which rows an UPDATE with ORDER BY and
/// LIMIT takes among ties (writes seed 50469: `b INT UNIQUE COLLATE RTRIM`).
#[test]
fn is_null_uses_an_index_of_any_collation() {
    check(&format!(
        "{IS_NULL_SETUP}
UPDATE p SET a = a + 1 WHERE b IS NULL ORDER BY id DESC LIMIT 2;
SELECT rowid, * FROM p;"
    ));
    ferrolite_difftest::assert_plans_match(
        IS_NULL_SETUP,
        &[
            "SELECT * FROM p WHERE b IS NULL",
            "SELECT * FROM p WHERE b IS NULL ORDER BY id",
            "SELECT * FROM t WHERE b IS NULL",
            "SELECT * FROM t WHERE b ISNULL AND a = 1",
            "SELECT * FROM u WHERE b IS NULL AND c = 1",
            "SELECT * FROM u WHERE b = 'x' AND c IS NULL",
        ],
    );
}

/// Each ON CONFLICT target's column names are resolved against the table (its alias when
/// given) before the target is matched to a key, clause by clause (writes seed 52675:
/// `ON CONFLICT(e0)` fails with `no such column: e0`).
#[test]
fn upsert_target_names_resolved_before_matching() {
    check(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, a UNIQUE, b);
INSERT INTO p(a) VALUES(1) ON CONFLICT(e0) DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(e0) DO NOTHING ON CONFLICT DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(e0) DO UPDATE SET a = 1;
INSERT INTO p(a) VALUES(1) ON CONFLICT(a) DO NOTHING ON CONFLICT(e0) DO NOTHING ON CONFLICT DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(b) DO NOTHING ON CONFLICT(e0) DO NOTHING ON CONFLICT DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(e0) DO NOTHING ON CONFLICT(b) DO NOTHING ON CONFLICT DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(a) WHERE zz DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(b) WHERE zz DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(e0 + 1) DO NOTHING;
INSERT INTO p AS x(a) VALUES(1) ON CONFLICT(a) WHERE p.b DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(zz.a) DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(a) WHERE excluded.a DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(\"e0\") DO NOTHING;
INSERT INTO p(a) VALUES(1) ON CONFLICT(a) WHERE \"e0\" AND rowid AND b DO NOTHING;
INSERT INTO p AS x(a) VALUES(1) ON CONFLICT(a) WHERE x.b IS NULL DO NOTHING;
SELECT * FROM p;",
    );
}
