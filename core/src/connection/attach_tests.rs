//! ATTACH/DETACH and TEMP through the Rust API: per-database C-API queries, DETACH of a
//! database an active statement reads, statements prepared before a DETACH. (The SQL
//! behaviour is compared with sqlite3 in tests/difftest/tests/attach.rs.)

use crate::api::{Connection, StepResult};
use crate::Value;

fn scratch(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ferrolite-attach-unit-{tag}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

#[test]
fn per_database_filename_readonly_and_txn_state() {
    let dir = scratch("api");
    let conn = Connection::open(":memory:").expect("open");
    let path = dir.join("aux.db");
    conn.execute_batch(&format!("ATTACH '{}' AS aux", path.display()))
        .expect("attach");
    let canon = std::fs::canonicalize(&path).expect("file created");
    assert_eq!(
        conn.db_filename("aux").as_deref(),
        Some(canon.to_string_lossy().as_ref())
    );
    assert_eq!(conn.db_filename("temp").as_deref(), Some(""));
    assert_eq!(conn.db_filename("nosuch"), None);
    assert_eq!(conn.db_readonly("aux"), Some(false));
    assert_eq!(conn.db_readonly("nosuch"), None);
    assert_eq!(conn.txn_state_of("aux"), Some(0));
    conn.execute_batch("CREATE TABLE aux.t(a); BEGIN; SELECT * FROM aux.t;")
        .expect("read aux");
    assert_eq!(conn.txn_state_of("aux"), Some(1));
    conn.execute_batch("INSERT INTO aux.t VALUES(1)")
        .expect("write aux");
    assert_eq!(conn.txn_state_of("aux"), Some(2));
    assert_eq!(conn.txn_state_of("AUX"), Some(2));
    conn.execute_batch("COMMIT").expect("commit");
    assert_eq!(conn.txn_state_of("aux"), Some(0));
    assert_eq!(conn.txn_state_of("main"), Some(0));
}

#[test]
fn detach_refuses_a_database_an_active_statement_reads() {
    let conn = Connection::open(":memory:").expect("open");
    conn.execute_batch(
        "ATTACH ':memory:' AS aux; CREATE TABLE aux.t(a); INSERT INTO aux.t VALUES(1),(2);",
    )
    .expect("setup");
    let mut reader = conn.prepare("SELECT a FROM aux.t").expect("prepare");
    assert_eq!(reader.step().expect("step"), StepResult::Row);
    let e = conn.execute_batch("DETACH aux").expect_err("locked");
    assert_eq!(e.message, "database aux is locked");
    drop(reader);
    conn.execute_batch("DETACH aux")
        .expect("detach once the reader is gone");
}

#[test]
fn statements_prepared_before_detach_see_the_change() {
    let conn = Connection::open(":memory:").expect("open");
    conn.execute_batch(
        "ATTACH ':memory:' AS aux; CREATE TABLE aux.t(a); INSERT INTO aux.t VALUES(7);",
    )
    .expect("setup");
    let mut q = conn.prepare("SELECT a FROM t").expect("prepare");
    assert_eq!(q.step().expect("step"), StepResult::Row);
    assert_eq!(q.column_value(0), &Value::Integer(7));
    q.reset();
    conn.execute_batch("DETACH aux").expect("detach");
    let e = q.step().expect_err("table gone");
    assert_eq!(e.message, "no such table: t");
}

#[test]
fn temp_tables_on_a_file_database_stay_out_of_the_file() {
    let dir = scratch("temp");
    let path = dir.join("main.db");
    let p = path.to_string_lossy().into_owned();
    {
        let conn = Connection::open(&p).expect("open");
        conn.execute_batch(
            "CREATE TABLE m(a); CREATE TEMP TABLE t(b); INSERT INTO t VALUES(1); \
             INSERT INTO m SELECT b FROM t;",
        )
        .expect("temp use");
    }
    let conn = Connection::open(&p).expect("reopen");
    let rows = conn
        .query_all("SELECT name FROM sqlite_master", &[])
        .expect("schema");
    assert_eq!(rows, vec![vec![Value::Text("m".into())]]);
    assert!(conn.query_all("SELECT * FROM t", &[]).is_err());
    let out = std::process::Command::new("sqlite3")
        .arg(&p)
        .arg("PRAGMA integrity_check; SELECT * FROM m;")
        .output();
    if let Ok(out) = out {
        assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n1\n");
    }
}

#[test]
fn a_read_only_connection_writes_temp_tables_and_leaves_main_unlocked() {
    let dir = scratch("ro");
    let path = dir.join("ro.db");
    let p = path.to_string_lossy().into_owned();
    Connection::open(&p)
        .expect("create")
        .execute_batch("CREATE TABLE m(a); INSERT INTO m VALUES(1);")
        .expect("fill");
    let ro = Connection::open_with_flags(
        &p,
        crate::api::OpenFlags {
            read_only: true,
            ..Default::default()
        },
    )
    .expect("open read-only");
    ro.execute_batch("CREATE TEMP TABLE t(b); INSERT INTO t SELECT a FROM m;")
        .expect("temp writes on a read-only connection");
    assert!(ro.execute_batch("INSERT INTO m VALUES(2)").is_err());
    // A temp write inside a transaction takes no RESERVED lock on main (only SHARED, as
    // every statement here reads main): another connection can start writing.
    ro.execute_batch("BEGIN; INSERT INTO t VALUES(5);")
        .expect("temp txn");
    let other = Connection::open(&p).expect("second connection");
    other
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO m VALUES(3);")
        .expect("main is not reserved by a temp-only transaction");
    ro.execute_batch("COMMIT").expect("commit");
    other
        .execute_batch("COMMIT")
        .expect("other commits once the reader is done");
    let rows = ro.query_all("SELECT count(*) FROM t", &[]).expect("count");
    assert_eq!(rows, vec![vec![Value::Integer(2)]]);
}
