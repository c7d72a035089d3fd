//! Foreign-key enforcement through the public API; expected results from sqlite3 3.40.1.

use crate::error::codes;
use crate::{Connection, StepResult, Value};

fn open() -> Connection {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    c
}

fn rows(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.query_all(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn int(c: &Connection, sql: &str) -> i64 {
    match rows(c, sql).remove(0).remove(0) {
        Value::Integer(i) => i,
        v => panic!("{sql}: {v:?}"),
    }
}

fn fails(c: &Connection, sql: &str) -> crate::Error {
    match c.execute_batch(sql) {
        Ok(()) => panic!("{sql}: expected an error"),
        Err(e) => e,
    }
}

#[test]
fn immediate_violation_has_the_foreignkey_code() {
    let c = open();
    c.execute_batch("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p);")
        .unwrap();
    let e = fails(&c, "INSERT INTO c VALUES(5)");
    assert_eq!(e.extended_code, codes::SQLITE_CONSTRAINT_FOREIGNKEY);
    assert_eq!(e.extended_code, 787);
    assert_eq!(e.message, "FOREIGN KEY constraint failed");
    assert_eq!(int(&c, "SELECT count(*) FROM c"), 0);
    c.execute_batch("INSERT INTO c VALUES(NULL)").unwrap();
    assert_eq!(int(&c, "SELECT count(*) FROM c"), 1);
}

#[test]
fn failed_commit_leaves_the_transaction_open() {
    let c = open();
    c.execute_batch(
        "CREATE TABLE p(id INTEGER PRIMARY KEY);
         CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED);
         BEGIN; INSERT INTO c VALUES(1);",
    )
    .unwrap();
    let e = fails(&c, "COMMIT");
    assert_eq!(e.extended_code, 787);
    assert!(!c.is_autocommit());
    c.execute_batch("INSERT INTO p VALUES(1); COMMIT").unwrap();
    assert!(c.is_autocommit());
    assert_eq!(int(&c, "SELECT count(*) FROM c"), 1);
}

#[test]
fn a_statement_prepared_before_the_pragma_follows_it() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p);")
        .unwrap();
    let mut st = c.prepare("INSERT INTO c VALUES(9)").unwrap();
    assert_eq!(st.step().unwrap(), StepResult::Done);
    c.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    st.reset();
    let e = st.step().unwrap_err();
    assert_eq!(e.extended_code, 787);
    c.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
    st.reset();
    assert_eq!(st.step().unwrap(), StepResult::Done);
    assert_eq!(int(&c, "SELECT count(*) FROM c"), 2);
}

#[test]
fn foreign_keys_pragma_is_a_no_op_inside_a_transaction() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("BEGIN; PRAGMA foreign_keys=ON").unwrap();
    assert_eq!(int(&c, "PRAGMA foreign_keys"), 0);
    c.execute_batch("COMMIT; PRAGMA foreign_keys=ON").unwrap();
    assert_eq!(int(&c, "PRAGMA foreign_keys"), 1);
}

#[test]
fn deep_self_referencing_cascade() {
    let c = open();
    c.execute_batch(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, up REFERENCES t ON DELETE CASCADE);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
         INSERT INTO t SELECT i, CASE WHEN i > 1 THEN i - 1 END FROM n;",
    )
    .unwrap();
    assert_eq!(int(&c, "SELECT count(*) FROM t"), 300);
    c.execute_batch("DELETE FROM t WHERE id = 1").unwrap();
    assert_eq!(int(&c, "SELECT count(*) FROM t"), 0);
    assert_eq!(c.changes(), 1);
}

#[test]
fn cascade_runs_as_a_sub_program() {
    let c = open();
    c.execute_batch(
        "CREATE TABLE p(id INTEGER PRIMARY KEY);
         CREATE TABLE c(x REFERENCES p ON DELETE CASCADE);",
    )
    .unwrap();
    let ops: Vec<String> = rows(&c, "EXPLAIN DELETE FROM p")
        .into_iter()
        .map(|r| match &r[1] {
            Value::Text(s) => s.clone(),
            _ => String::new(),
        })
        .collect();
    assert!(ops.iter().any(|o| o == "Program"), "{ops:?}");
    assert!(ops.iter().any(|o| o == "FkCounter"), "{ops:?}");
}

#[test]
fn foreign_key_check_rows() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch(
        "CREATE TABLE p(id INTEGER PRIMARY KEY);
         CREATE TABLE c(a REFERENCES p, b REFERENCES p);
         INSERT INTO p VALUES(1);
         INSERT INTO c VALUES(1, 2), (3, NULL);",
    )
    .unwrap();
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(
        rows(&c, "PRAGMA foreign_key_check(c)"),
        vec![
            vec![t("c"), Value::Integer(1), t("p"), Value::Integer(0)],
            vec![t("c"), Value::Integer(2), t("p"), Value::Integer(1)],
        ]
    );
    let st = c.prepare("PRAGMA foreign_key_check").unwrap();
    let names: Vec<&str> = (0..st.column_count()).map(|i| st.column_name(i)).collect();
    assert_eq!(names, ["table", "rowid", "parent", "fkid"]);
}

#[test]
fn mismatch_is_reported_at_prepare() {
    let c = open();
    c.execute_batch("CREATE TABLE p(a, b); CREATE TABLE c(x REFERENCES p(b));")
        .unwrap();
    let e = c.prepare("INSERT INTO c VALUES(1)").err().unwrap();
    assert_eq!(e.message, "foreign key mismatch - \"c\" referencing \"p\"");
    // Writing the parent without touching its key is allowed.
    c.execute_batch("INSERT INTO p VALUES(1, 2)").unwrap();
}

#[test]
fn query_plan_shows_the_child_scans() {
    let c = open();
    c.execute_batch(
        "CREATE TABLE p(id INTEGER PRIMARY KEY, u UNIQUE);
         CREATE TABLE c(x REFERENCES p ON DELETE CASCADE, y REFERENCES p(u));
         CREATE INDEX cy ON c(y);",
    )
    .unwrap();
    let details: Vec<Value> = rows(&c, "EXPLAIN QUERY PLAN DELETE FROM p WHERE id=1")
        .into_iter()
        .map(|mut r| r.remove(3))
        .collect();
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(
        details,
        [
            t("SEARCH p USING INTEGER PRIMARY KEY (rowid=?)"),
            t("SEARCH c USING COVERING INDEX cy (y=?)"),
            t("SCAN c"),
        ]
    );
}

#[test]
fn a_statement_that_failed_inside_an_action_runs_again() {
    let c = open();
    c.execute_batch(
        "CREATE TABLE a(id INTEGER PRIMARY KEY);
         CREATE TABLE b(id INTEGER PRIMARY KEY, a REFERENCES a ON DELETE CASCADE);
         CREATE TABLE g(b REFERENCES b ON DELETE RESTRICT);
         INSERT INTO a VALUES(1); INSERT INTO b VALUES(10, 1); INSERT INTO g VALUES(10);",
    )
    .unwrap();
    let mut st = c.prepare("DELETE FROM a").unwrap();
    let e = st.step().unwrap_err();
    assert_eq!(e.extended_code, 787);
    c.execute_batch("DELETE FROM g").unwrap();
    st.reset();
    assert_eq!(st.step().unwrap(), StepResult::Done);
    assert_eq!(int(&c, "SELECT count(*) FROM b"), 0);
}
