//! End-to-end tests through the public `Connection` API, with expected results taken from
//! sqlite3 3.40.1.

use crate::{Connection, Value};

fn rows(c: &Connection, sql: &str) -> Vec<Vec<Value>> {
    c.query_all(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn one(c: &Connection, sql: &str) -> Value {
    rows(c, sql).remove(0).remove(0)
}

fn err(c: &Connection, sql: &str) -> String {
    match c.execute_batch(sql) {
        Ok(()) => panic!("{sql}: expected an error"),
        Err(e) => e.message,
    }
}

#[test]
fn pragmas_on_a_new_database() {
    let c = Connection::open(":memory:").unwrap();
    assert_eq!(one(&c, "PRAGMA user_version"), Value::Integer(0));
    c.execute_batch("PRAGMA user_version = 7").unwrap();
    assert_eq!(one(&c, "PRAGMA user_version"), Value::Integer(7));
    assert_eq!(one(&c, "PRAGMA encoding"), Value::Text("UTF-8".into()));
    assert_eq!(one(&c, "PRAGMA journal_mode"), Value::Text("memory".into()));
    assert_eq!(one(&c, "PRAGMA cache_size"), Value::Integer(-2000));
    assert_eq!(one(&c, "PRAGMA foreign_keys"), Value::Integer(0));
    c.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    assert_eq!(one(&c, "PRAGMA foreign_keys"), Value::Integer(1));
    assert_eq!(one(&c, "PRAGMA integrity_check"), Value::Text("ok".into()));
    assert_eq!(one(&c, "PRAGMA page_size"), Value::Integer(4096));
    let st = c.prepare("PRAGMA busy_timeout").unwrap();
    assert_eq!(st.column_name(0), "timeout");
    assert!(rows(&c, "PRAGMA no_such_pragma").is_empty());
    let st = c.prepare("PRAGMA user_version=3").unwrap();
    assert_eq!(st.column_count(), 0);
}

#[test]
fn transaction_statement_errors() {
    let c = Connection::open(":memory:").unwrap();
    assert_eq!(
        err(&c, "COMMIT"),
        "cannot commit - no transaction is active"
    );
    assert_eq!(
        err(&c, "ROLLBACK"),
        "cannot rollback - no transaction is active"
    );
    c.execute_batch("BEGIN").unwrap();
    assert!(!c.is_autocommit());
    assert_eq!(
        err(&c, "BEGIN"),
        "cannot start a transaction within a transaction"
    );
    c.execute_batch("COMMIT").unwrap();
    assert!(c.is_autocommit());
    assert_eq!(err(&c, "RELEASE x"), "no such savepoint: x");
    c.execute_batch("SAVEPOINT a; RELEASE a").unwrap();
    assert!(c.is_autocommit());
}

#[test]
fn tail_and_empty_statements() {
    let c = Connection::open(":memory:").unwrap();
    let (st, tail) = c.prepare_first("  -- nothing\n ").unwrap();
    assert!(st.is_none());
    assert_eq!(tail, 14);
    let sql = "PRAGMA user_version; PRAGMA application_id";
    let (st, tail) = c.prepare_first(sql).unwrap();
    assert_eq!(st.unwrap().sql(), "PRAGMA user_version;");
    assert_eq!(&sql[tail..], " PRAGMA application_id");
}

#[allow(dead_code)]
/// Runs `setup` then `query` through the system sqlite3 (list mode) and through Ferrolite, and
/// compares the rendered rows (or the error message).
fn diff(setup: &str, query: &str) {
    let out = std::process::Command::new("sqlite3")
        .arg(":memory:")
        .arg(format!("{setup}\n{query}"))
        .output()
        .expect("sqlite3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected: Result<Vec<String>, String> = match stderr.lines().next() {
        Some(l) if l.starts_with("Error") => {
            let msg = l.split_once(", ").map_or(l, |(_, m)| m);
            let msg = msg.trim_end_matches(|c: char| c.is_ascii_digit() || c == '(' || c == ')');
            Err(msg.trim_end().to_string())
        }
        _ => Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect()),
    };
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch(setup)
        .unwrap_or_else(|e| panic!("setup {setup}: {e}"));
    let got: Result<Vec<String>, String> = c
        .query_all(query, &[])
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect()
        })
        .map_err(|e| e.message);
    assert_eq!(got, expected, "query: {query}");
}

#[test]
fn create_insert_select() {
    let c = Connection::open(":memory:").unwrap();
    c.execute_batch("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)")
        .unwrap();
    assert_eq!(
        c.execute("INSERT INTO t(b, c) VALUES ('x', 1.5), ('y', 2)", &[])
            .unwrap(),
        2
    );
    assert_eq!(c.last_insert_rowid(), 2);
    assert_eq!(
        rows(&c, "SELECT a, b, c FROM t ORDER BY a"),
        vec![
            vec![Value::Integer(1), Value::Text("x".into()), Value::Real(1.5)],
            vec![Value::Integer(2), Value::Text("y".into()), Value::Real(2.0)],
        ]
    );
}
