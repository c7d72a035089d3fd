//! A writer for the crash tests: `crash_writer DB JOURNAL_MODE FIRST_TXN`.
//!
//! Commits transactions FIRST_TXN, FIRST_TXN+1, ... forever; each inserts ROWS_PER_TXN rows
//! tagged with its number (plus a blob that spans pages and an update of a shared counter row),
//! and after COMMIT returns prints `committed N` and flushes. The test kills it with SIGKILL
//! at a random moment, then checks that exactly the transactions it saw committed (and at most
//! the one in flight) are in the file, whole.

use std::io::Write;

use ferrolite::{Connection, Value};

pub const ROWS_PER_TXN: i64 = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: crash_writer DB JOURNAL_MODE FIRST_TXN");
        std::process::exit(2);
    }
    let conn = Connection::open(&args[1]).expect("open");
    conn.query_all(&format!("PRAGMA journal_mode={}", args[2]), &[])
        .expect("journal mode");
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS log(txn INTEGER, seq INTEGER, payload BLOB, PRIMARY KEY(txn, seq));
         CREATE TABLE IF NOT EXISTS counter(id INTEGER PRIMARY KEY, n INTEGER);
         INSERT OR IGNORE INTO counter VALUES(1, 0);",
    )
    .expect("schema");
    let mut txn: i64 = args[3].parse().expect("FIRST_TXN");
    let stdout = std::io::stdout();
    loop {
        conn.execute_batch("BEGIN").expect("begin");
        for seq in 0..ROWS_PER_TXN {
            let payload = vec![(txn % 251) as u8; 300 + (seq as usize * 97) % 5000];
            conn.execute(
                "INSERT INTO log VALUES(?, ?, ?)",
                &[
                    Value::Integer(txn),
                    Value::Integer(seq),
                    Value::Blob(payload),
                ],
            )
            .expect("insert");
        }
        conn.execute(
            "UPDATE counter SET n = ? WHERE id = 1",
            &[Value::Integer(txn)],
        )
        .expect("update");
        if txn % 5 == 0 {
            conn.execute("DELETE FROM log WHERE txn = ?", &[Value::Integer(txn - 4)])
                .expect("delete");
        }
        conn.execute_batch("COMMIT").expect("commit");
        let mut out = stdout.lock();
        writeln!(out, "committed {txn}").expect("stdout");
        out.flush().expect("flush");
        txn += 1;
    }
}
