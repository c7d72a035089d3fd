//! ATTACH/DETACH, TEMP objects and schema-qualified names, statement by statement against
//! the system SQLite. Each engine gets its own scratch directory: `{dir}` in a statement is
//! replaced by it, and in results the directory is written back as `{dir}`, so file names
//! (PRAGMA database_list) compare equal.

use ferrolite::{Connection, Value};
use ferrolite_difftest::reference::Reference;
use ferrolite_difftest::{ours_run, same_value};

fn scratch(tag: &str) -> String {
    let d = std::env::temp_dir().join(format!(
        "ferrolite-attach-{tag}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch directory");
    // Canonical, as PRAGMA database_list reports it.
    std::fs::canonicalize(&d)
        .expect("canonical scratch directory")
        .to_string_lossy()
        .into_owned()
}

fn unplace(r: Result<Vec<Vec<Value>>, String>, dir: &str) -> Result<Vec<Vec<Value>>, String> {
    let fix = |s: &str| s.replace(dir, "{dir}");
    match r {
        Ok(rows) => Ok(rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|v| match v {
                        Value::Text(s) => Value::Text(fix(&s)),
                        v => v,
                    })
                    .collect()
            })
            .collect()),
        Err(e) => Err(fix(&e)),
    }
}

/// Runs `script` (one statement or statement group per line) on both engines; returns the
/// scratch directories (ours, theirs) for later checks.
fn check(script: &str) -> (String, String) {
    let ours_dir = scratch("ours");
    let theirs_dir = scratch("theirs");
    let ours = Connection::open(":memory:").expect("ferrolite :memory:");
    let theirs = Reference::open_memory();
    let mut bad = 0;
    for line in script.lines().filter(|l| !l.trim().is_empty()) {
        let a = unplace(
            ours_run(&ours, &line.replace("{dir}", &ours_dir)),
            &ours_dir,
        );
        let b = unplace(theirs.run(&line.replace("{dir}", &theirs_dir)), &theirs_dir);
        let same = match (&a, &b) {
            (Ok(x), Ok(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).all(|(r, s)| {
                        r.len() == s.len() && r.iter().zip(s).all(|(u, v)| same_value(u, v))
                    })
            }
            (Err(x), Err(y)) => x == y,
            _ => false,
        };
        if !same {
            bad += 1;
            eprintln!("{line}\n  ferrolite: {a:?}\n  sqlite:    {b:?}");
        }
    }
    assert_eq!(bad, 0, "{bad} statements differ from SQLite");
    (ours_dir, theirs_dir)
}

/// The system sqlite3's `PRAGMA integrity_check` of a file Ferrolite wrote.
fn sqlite_integrity(path: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(path)
        .arg("PRAGMA integrity_check;")
        .output()
        .expect("the system sqlite3 runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

const TEMP: &str = r#"
CREATE TABLE t(a);
INSERT INTO t VALUES(1);
CREATE TEMP TABLE t(b);
INSERT INTO t VALUES(5);
SELECT * FROM t;
SELECT * FROM main.t;
SELECT * FROM temp.t;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_temp_master;
SELECT type, name FROM sqlite_temp_schema;
SELECT type, name FROM temp.sqlite_master;
SELECT type, name FROM main.sqlite_master;
CREATE TABLE temp.t2(x UNIQUE);
CREATE TEMP TABLE t2(y);
CREATE TEMP TABLE IF NOT EXISTS t2(y);
INSERT INTO t2 VALUES(1),(2);
INSERT INTO t2 VALUES(1);
CREATE INDEX t2x ON t2(x);
SELECT type, name, tbl_name FROM sqlite_temp_master ORDER BY name;
SELECT x FROM t2 WHERE x=2;
CREATE TEMP VIEW v AS SELECT a FROM main.t;
SELECT * FROM v;
CREATE TEMP TRIGGER tr AFTER INSERT ON main.t BEGIN INSERT INTO t2 VALUES(new.a*10); END;
INSERT INTO main.t VALUES(7);
SELECT * FROM t2;
CREATE TABLE x.y(a);
CREATE TEMP TABLE main.y(a);
DROP TABLE t;
SELECT * FROM t;
DROP TABLE temp.nosuch;
DROP TABLE IF EXISTS temp.nosuch;
DROP VIEW v;
DROP TRIGGER tr;
SELECT type, name FROM sqlite_temp_master ORDER BY name;
PRAGMA temp.table_info(t2);
PRAGMA main.table_info(t);
PRAGMA table_info(t2);
PRAGMA temp.index_list(t2);
PRAGMA nosuch.table_info(t2);
PRAGMA integrity_check;
PRAGMA temp.integrity_check;
BEGIN; INSERT INTO t2 VALUES(100); INSERT INTO main.t VALUES(100); ROLLBACK;
SELECT count(*) FROM t2; SELECT count(*) FROM main.t;
SAVEPOINT a; INSERT INTO t2 VALUES(200); SAVEPOINT b; INSERT INTO t2 VALUES(300); ROLLBACK TO b; RELEASE a;
SELECT x FROM t2 ORDER BY x;
"#;

#[test]
fn temp_objects_shadow_and_resolve() {
    check(TEMP);
}

const ATTACH: &str = r#"
SELECT count(*) FROM sqlite_temp_master;
SELECT * FROM temp.sqlite_schema;
PRAGMA temp.page_count;
ATTACH ':memory:' AS aux;
ATTACH ':memory:' AS aux;
ATTACH ':memory:' AS main;
ATTACH ':memory:' AS TEMP;
DETACH main;
DETACH temp;
DETACH nosuch;
PRAGMA database_list;
CREATE TABLE aux.u(x INTEGER PRIMARY KEY, y UNIQUE);
INSERT INTO aux.u VALUES(1,'a'),(2,'b');
SELECT * FROM u;
SELECT * FROM aux.u WHERE y='b';
SELECT * FROM AUX.u WHERE x=1;
SELECT * FROM aux.nosuch;
SELECT * FROM nosuch.t;
INSERT INTO nosuch.t VALUES(1);
CREATE TABLE nosuch.t(a);
CREATE INDEX nosuch.i ON t(a);
CREATE TABLE t(a);
CREATE INDEX aux.i ON t(a);
CREATE INDEX ui ON u(y);
CREATE INDEX aux.ui ON u(y, x);
SELECT type, name, tbl_name FROM aux.sqlite_master ORDER BY name;
CREATE TABLE aux.t(b, c);
INSERT INTO aux.t VALUES(1, 2);
INSERT INTO t VALUES(9);
SELECT * FROM t;
SELECT * FROM aux.t;
UPDATE aux.t SET b = b + 1;
DELETE FROM main.t;
SELECT * FROM aux.t; SELECT count(*) FROM main.t;
CREATE VIEW aux.v AS SELECT b FROM t;
SELECT * FROM aux.v;
CREATE TRIGGER aux.tr AFTER INSERT ON t BEGIN SELECT 1; END;
CREATE TRIGGER tr3 AFTER INSERT ON aux.u BEGIN SELECT 1; END;
PRAGMA aux.table_info(u);
PRAGMA aux.index_list(u);
PRAGMA aux.user_version;
PRAGMA aux.user_version = 7;
PRAGMA aux.user_version;
PRAGMA user_version;
PRAGMA aux.page_count;
PRAGMA aux.integrity_check;
BEGIN; INSERT INTO aux.u VALUES(3,'c'); INSERT INTO main.t VALUES(2); ROLLBACK;
SELECT count(*) FROM u; SELECT count(*) FROM main.t;
BEGIN; INSERT INTO aux.u VALUES(3,'c'); INSERT INTO main.t VALUES(2); COMMIT;
SELECT count(*) FROM u; SELECT count(*) FROM main.t;
BEGIN; SAVEPOINT s; INSERT INTO aux.u VALUES(4,'d'); ROLLBACK TO s; INSERT INTO aux.u VALUES(5,'e'); COMMIT;
SELECT * FROM aux.u;
SAVEPOINT a; INSERT INTO main.t VALUES(50); SAVEPOINT b; INSERT INTO aux.u VALUES(50,'late'); INSERT INTO temp_t VALUES(1); ROLLBACK TO b; INSERT INTO aux.u VALUES(51,'x'); ROLLBACK TO a; INSERT INTO aux.u VALUES(52,'y'); RELEASE a;
SELECT * FROM aux.u; SELECT count(*) FROM main.t;
CREATE TEMP TABLE temp_t(a);
SAVEPOINT a; INSERT INTO main.t VALUES(60); SAVEPOINT b; INSERT INTO aux.u VALUES(60,'late'); INSERT INTO temp_t VALUES(1); ROLLBACK TO b; INSERT INTO temp_t VALUES(2); RELEASE a;
SELECT * FROM aux.u; SELECT * FROM main.t; SELECT * FROM temp_t;
BEGIN; INSERT INTO aux.u VALUES(6,'f');
DETACH aux;
COMMIT;
DROP TABLE aux.nosuch;
DROP TABLE aux.t;
SELECT * FROM t;
DETACH aux;
SELECT * FROM aux.u;
SELECT * FROM u;
PRAGMA database_list;
"#;

#[test]
fn attach_memory_databases() {
    check(ATTACH);
}

const FILES: &str = r#"
ATTACH '{dir}/a.db' AS a;
ATTACH DATABASE '{dir}/b.db' AS b;
PRAGMA database_list;
CREATE TABLE a.t(x INTEGER PRIMARY KEY, y TEXT UNIQUE, z);
CREATE TABLE b.t(x, y);
CREATE INDEX b.ty ON t(y);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<300) INSERT INTO a.t SELECT i, 'k'||i, randomblob(200) FROM c;
BEGIN; INSERT INTO b.t SELECT x, y FROM a.t WHERE x % 3 = 0; DELETE FROM a.t WHERE x % 5 = 0; COMMIT;
SELECT count(*), sum(x) FROM a.t; SELECT count(*), sum(x) FROM b.t;
SELECT count(*) FROM a.t JOIN b.t USING(x);
BEGIN; DELETE FROM b.t; UPDATE a.t SET y = y || '!'; ROLLBACK;
SELECT count(*) FROM b.t; SELECT count(*) FROM a.t WHERE y LIKE '%!';
ATTACH '{dir}/c.db' AS c1; ATTACH '{dir}/d.db' AS c2; ATTACH '{dir}/e.db' AS c3; ATTACH '{dir}/f.db' AS c4; ATTACH '{dir}/g.db' AS c5; ATTACH '{dir}/h.db' AS c6; ATTACH '{dir}/i.db' AS c7; ATTACH '{dir}/j.db' AS c8;
ATTACH '{dir}/k.db' AS c9;
PRAGMA database_list;
DETACH c8; DETACH c7;
ATTACH '{dir}/a.db' AS a2;
SELECT count(*) FROM a2.t;
ATTACH '{dir}/nodir/x.db' AS bad;
ATTACH '' AS anon;
CREATE TABLE anon.q(a); INSERT INTO anon.q VALUES(1); SELECT * FROM anon.q;
DETACH anon; DETACH a2; DETACH c1;
ATTACH 'file:{dir}/u.db?mode=rwc' AS u;
CREATE TABLE u.k(v); INSERT INTO u.k VALUES('uri');
ATTACH 'file:{dir}/u.db?mode=ro' AS uro;
SELECT * FROM uro.k;
INSERT INTO uro.k VALUES(1);
ATTACH 'file:{dir}/missing.db?mode=ro' AS r;
ATTACH 'file:{dir}/missing.db?mode=rw' AS r;
ATTACH 'file:memdb1?mode=memory' AS mm;
PRAGMA database_list;
"#;

#[test]
fn attach_files_commit_atomically_each_and_pass_sqlite_integrity_check() {
    let (ours, _) = check(FILES);
    for f in ["a.db", "b.db"] {
        assert_eq!(sqlite_integrity(&format!("{ours}/{f}")), "ok", "{f}");
    }
    let out = std::process::Command::new("sqlite3")
        .arg(format!("{ours}/b.db"))
        .arg("SELECT count(*), sum(x) FROM t;")
        .output()
        .expect("sqlite3 runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "100|15150");
}

const IN_TXN: &str = r#"
CREATE TABLE m(a);
BEGIN;
INSERT INTO m VALUES(1);
ATTACH '{dir}/t.db' AS t;
CREATE TABLE t.x(b);
INSERT INTO t.x SELECT a FROM m;
SELECT * FROM t.x;
ROLLBACK;
SELECT count(*) FROM m;
SELECT * FROM t.x;
BEGIN; CREATE TABLE t.x(b); INSERT INTO t.x VALUES(2); COMMIT;
SELECT * FROM t.x;
DETACH t;
ATTACH '{dir}/t.db' AS t;
SELECT * FROM t.x;
PRAGMA t.integrity_check;
"#;

#[test]
fn attach_inside_a_transaction() {
    let (ours, _) = check(IN_TXN);
    assert_eq!(sqlite_integrity(&format!("{ours}/t.db")), "ok");
}

const ALTER: &str = r#"
ATTACH ':memory:' AS aux;
CREATE TABLE aux.t(a INTEGER PRIMARY KEY AUTOINCREMENT, b);
INSERT INTO aux.t(b) VALUES('x');
CREATE TABLE t(z);
CREATE TEMP TABLE tt(b);
ALTER TABLE aux.t ADD COLUMN c DEFAULT 5;
SELECT * FROM aux.t;
SELECT * FROM t;
ALTER TABLE aux.t RENAME TO t2;
SELECT name FROM aux.sqlite_master ORDER BY name;
SELECT * FROM aux.sqlite_sequence;
ALTER TABLE tt RENAME COLUMN b TO bb;
SELECT sql FROM sqlite_temp_master;
ALTER TABLE nosuch.t ADD COLUMN x;
ALTER TABLE aux.nosuch ADD COLUMN x;
ALTER TABLE temp.tt DROP COLUMN bb;
ALTER TABLE temp.tt ADD COLUMN q;
ALTER TABLE temp.tt DROP COLUMN bb;
SELECT sql FROM sqlite_temp_master;
SELECT sql FROM main.sqlite_master;
CREATE INDEX aux.tb ON t2(b);
CREATE INDEX tq ON tt(q);
INSERT INTO tt VALUES(3),(1),(2);
REINDEX;
REINDEX aux.tb;
REINDEX temp.tq;
SELECT q FROM tt WHERE q > 1 ORDER BY q;
PRAGMA integrity_check;
PRAGMA aux.integrity_check;
"#;

#[test]
fn alter_table_in_temp_and_attached_databases() {
    check(ALTER);
}

/// Writes to TEMP tables only: main is not written, savepoints and statement rollback
/// still cover the temp database.
const TEMP_ONLY_WRITES: &str = r#"
CREATE TEMP TABLE t(a UNIQUE);
INSERT INTO t VALUES(1),(2);
BEGIN; INSERT INTO t VALUES(3),(1); SELECT * FROM t; COMMIT;
SELECT * FROM t;
SAVEPOINT s; INSERT INTO t VALUES(10); SAVEPOINT s2; INSERT INTO t VALUES(11); ROLLBACK TO s2; RELEASE s;
SELECT * FROM t;
SAVEPOINT s; INSERT INTO t VALUES(20); CREATE TABLE m(x); INSERT INTO m VALUES(1); ROLLBACK TO s; INSERT INTO t VALUES(21); RELEASE s;
SELECT * FROM t; SELECT name FROM sqlite_master;
BEGIN; CREATE TABLE m(x); INSERT INTO t VALUES(30); SAVEPOINT a; INSERT INTO m VALUES(5); INSERT INTO t VALUES(31); ROLLBACK TO a; COMMIT;
SELECT * FROM t; SELECT * FROM m;
CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO m VALUES(new.a); END;
INSERT INTO t VALUES(40);
SELECT * FROM m;
BEGIN; INSERT INTO t VALUES(50); INSERT INTO t VALUES(40); COMMIT;
SELECT * FROM t; SELECT * FROM m;
"#;

#[test]
fn writes_to_temp_tables_only() {
    check(TEMP_ONLY_WRITES);
}

/// A view or trigger stored in main or an attached database may name only its own database;
/// TEMP ones may name any (sqlite3's "cannot reference objects in database X").
const CROSS_DB: &str = r#"
ATTACH '{dir}/x.db' AS aux;
CREATE TABLE m(x); CREATE TEMP TABLE tt(x); CREATE TABLE aux.a(x);
CREATE VIEW v1 AS SELECT * FROM temp.nothing;
CREATE VIEW v2 AS SELECT * FROM aux.a;
CREATE TEMP VIEW v3 AS SELECT * FROM aux.a;
CREATE VIEW aux.v4 AS SELECT * FROM main.m;
CREATE VIEW aux.v5 AS SELECT * FROM a;
CREATE VIEW v6 AS SELECT * FROM m WHERE x IN (SELECT x FROM temp.tt);
CREATE VIEW v7 AS SELECT (SELECT x FROM aux.a);
CREATE VIEW v8 AS WITH c AS (SELECT * FROM temp.tt) SELECT * FROM c;
CREATE VIEW v9 AS SELECT * FROM main.m, aux.a;
CREATE VIEW v10 AS SELECT * FROM m WHERE x IN temp.tt;
CREATE VIEW main.v11 AS SELECT * FROM MAIN.m;
CREATE TRIGGER r1 AFTER INSERT ON m BEGIN SELECT * FROM aux.a; END;
CREATE TRIGGER r2 AFTER INSERT ON m BEGIN SELECT * FROM tt; END;
CREATE TRIGGER r3 AFTER INSERT ON m WHEN (SELECT 1 FROM temp.tt) BEGIN SELECT 1; END;
CREATE TRIGGER aux.r4 AFTER INSERT ON a BEGIN SELECT * FROM main.m; END;
CREATE TRIGGER r5 AFTER INSERT ON m BEGIN DELETE FROM m WHERE x IN (SELECT x FROM aux.a); END;
CREATE TEMP TRIGGER r6 AFTER INSERT ON m BEGIN INSERT INTO tt SELECT x FROM aux.a; END;
SELECT type, name FROM sqlite_schema ORDER BY name;
SELECT type, name FROM aux.sqlite_schema ORDER BY name;
SELECT type, name FROM sqlite_temp_schema ORDER BY name;
"#;

#[test]
fn views_and_triggers_name_only_their_own_database() {
    check(CROSS_DB);
}

/// `PRAGMA [db.]foreign_key_check[(t)]` checks the named database (main when unqualified),
/// an unqualified table where names resolve, parents in the child's own database.
const FK_CHECK: &str = r#"
ATTACH '{dir}/f.db' AS aux;
CREATE TABLE aux.p(id INTEGER PRIMARY KEY); CREATE TABLE aux.c(p REFERENCES p); INSERT INTO aux.c VALUES(5); INSERT INTO aux.c VALUES(6);
CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p REFERENCES p); INSERT INTO c VALUES(7);
CREATE TABLE aux.d(q REFERENCES p); INSERT INTO aux.d VALUES(1);
CREATE TEMP TABLE tp(id INTEGER PRIMARY KEY); CREATE TEMP TABLE tc(p REFERENCES tp); INSERT INTO tc VALUES(3);
PRAGMA foreign_key_check;
PRAGMA aux.foreign_key_check;
PRAGMA main.foreign_key_check;
PRAGMA foreign_key_check(c);
PRAGMA foreign_key_check(d);
PRAGMA aux.foreign_key_check(c);
PRAGMA temp.foreign_key_check;
PRAGMA foreign_key_check(tc);
SELECT * FROM pragma_foreign_key_check('c', 'aux');
SELECT * FROM pragma_foreign_key_check('d');
SELECT * FROM aux.pragma_foreign_key_check;
INSERT INTO aux.p VALUES(5), (6); PRAGMA aux.foreign_key_check;
"#;

#[test]
fn foreign_key_check_reads_the_named_database() {
    check(FK_CHECK);
}
