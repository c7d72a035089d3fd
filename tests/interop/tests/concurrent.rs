//! Ferrolite and the system sqlite3 writing one file at the same time, with busy timeouts, in
//! both journal modes: no lost writes, no corruption.

use std::io::Write;
use std::process::{Command, Stdio};

use ferrolite::{Connection, Value};
use ferrolite_interop::{integrity, sqlite3_ok, TempDir};

const EACH: i64 = 300;

fn both_write(journal_mode: &str) {
    let dir = TempDir::new(&format!("conc-{journal_mode}"));
    let db = dir.path("shared.db");
    sqlite3_ok(
        &db,
        &format!("PRAGMA journal_mode={journal_mode}; CREATE TABLE t(who TEXT, n INTEGER);"),
    );
    // sqlite3 inserts EACH rows, one transaction each, retrying on a lock for up to 20 s.
    let mut script = String::from(".timeout 20000\n");
    for n in 0..EACH {
        script.push_str(&format!("INSERT INTO t VALUES('sqlite', {n});\n"));
    }
    let mut child = Command::new("sqlite3")
        .arg("-batch")
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sqlite3");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));

    let conn = Connection::open(db.to_str().unwrap()).unwrap();
    conn.busy_timeout(20_000);
    for n in 0..EACH {
        conn.execute("INSERT INTO t VALUES('ferrolite', ?)", &[Value::Integer(n)])
            .unwrap_or_else(|e| panic!("ferrolite insert {n}: {e}"));
    }
    writer.join().unwrap().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = conn
        .query_all(
            "SELECT who, count(*), count(DISTINCT n) FROM t GROUP BY who ORDER BY who",
            &[],
        )
        .unwrap();
    assert_eq!(
        counts,
        vec![
            vec![
                Value::Text("ferrolite".into()),
                Value::Integer(EACH),
                Value::Integer(EACH)
            ],
            vec![
                Value::Text("sqlite".into()),
                Value::Integer(EACH),
                Value::Integer(EACH)
            ],
        ]
    );
    conn.close().unwrap();
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn ferrolite_and_sqlite3_write_together_rollback_journal() {
    both_write("delete");
}

#[test]
fn ferrolite_and_sqlite3_write_together_wal() {
    both_write("wal");
}
