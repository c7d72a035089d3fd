//! End to end: SQL through `Connection` on WAL-mode databases shared with real SQLite.

use super::tests_util::{sqlite, tmpdir, Peer};
use crate::{Connection, Value};

#[test]
#[ignore = "needs the SQL compiler (not merged yet): run with --ignored"]
fn sql_reads_and_writes_a_wal_database_shared_with_sqlite() {
    let dir = tmpdir("sql");
    let db = dir.join("s.db");
    let mut peer = Peer::open(&db);
    assert_eq!(peer.q("PRAGMA journal_mode=WAL"), "[('wal',)]");
    peer.q("PRAGMA wal_autocheckpoint=0");
    peer.q("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)");
    peer.q(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<500) \
         INSERT INTO t(b) SELECT 'row' || x FROM c",
    );
    let c = Connection::open(db.to_str().unwrap()).unwrap();
    let rows = c.query_all("SELECT count(*), max(b) FROM t", &[]).unwrap();
    assert_eq!(
        rows,
        vec![vec![Value::Integer(500), Value::Text("row99".into())]]
    );
    c.execute("INSERT INTO t(b) VALUES ('ours')", &[]).unwrap();
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(501,)]");
    assert_eq!(peer.q("SELECT a FROM t WHERE b = 'ours'"), "[(501,)]");
    peer.q("DELETE FROM t WHERE a <= 100");
    let rows = c.query_all("SELECT count(*) FROM t", &[]).unwrap();
    assert_eq!(rows, vec![vec![Value::Integer(401)]]);
    drop(peer);
    drop(c);
    assert_eq!(
        sqlite(&db, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n401"
    );
}

#[test]
#[ignore = "needs the SQL compiler (not merged yet): run with --ignored"]
fn pragma_journal_mode_wal_through_sql() {
    let dir = tmpdir("sql-pragma");
    let db = dir.join("p.db");
    let c = Connection::open(db.to_str().unwrap()).unwrap();
    for _ in 0..2 {
        let rows = c.query_all("PRAGMA journal_mode=WAL", &[]).unwrap();
        assert_eq!(rows, vec![vec![Value::Text("wal".into())]]);
    }
    c.execute_batch("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE); BEGIN;")
        .unwrap();
    for x in 0..3000 {
        c.execute(
            "INSERT INTO t(b) VALUES (?)",
            &[Value::Text(format!("{x:08}"))],
        )
        .unwrap();
    }
    c.execute_batch("COMMIT").unwrap();
    assert!(super::conn::suffixed(&db, "-wal").exists());
    // sqlite3 reads our uncheckpointed log through our -shm, and writes to it.
    assert_eq!(
        sqlite(
            &db,
            "PRAGMA journal_mode; SELECT count(*) FROM t; INSERT INTO t(b) VALUES ('x');"
        ),
        "wal\n3000"
    );
    let rows = c.query_all("SELECT count(*) FROM t", &[]).unwrap();
    assert_eq!(rows, vec![vec![Value::Integer(3001)]]);
    drop(c);
    assert!(!super::conn::suffixed(&db, "-wal").exists());
    let c = Connection::open(db.to_str().unwrap()).unwrap();
    let rows = c.query_all("PRAGMA journal_mode", &[]).unwrap();
    assert_eq!(rows, vec![vec![Value::Text("wal".into())]]);
    drop(c);
    assert_eq!(
        sqlite(&db, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n3001"
    );
}
