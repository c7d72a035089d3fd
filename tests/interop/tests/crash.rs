//! Crash safety: a writer process killed with SIGKILL at random points while committing,
//! 200 times per journal mode. After each kill, reopening must show exactly the committed
//! transactions (the last one acknowledged, or the one in flight if its commit completed),
//! each whole, and the system sqlite3's integrity_check must say ok.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferrolite::{Connection, Value};
use ferrolite_interop::{integrity, Rng, TempDir};

const ROWS_PER_TXN: i64 = 20;
const KILLS: usize = 200;

/// What the database says: (last transaction in the counter, for each surviving transaction
/// its row count).
fn survey(db: &str) -> (i64, Vec<(i64, i64)>) {
    let conn = Connection::open(db).expect("reopen after crash");
    let n = match conn.query_all("SELECT n FROM counter WHERE id = 1", &[]) {
        Ok(rows) if !rows.is_empty() => match rows[0][0] {
            Value::Integer(n) => n,
            _ => panic!("counter is not an integer"),
        },
        Ok(_) => 0,
        Err(e) if e.message.contains("no such table") => 0,
        Err(e) => panic!("reading after crash failed: {e}"),
    };
    let groups = conn
        .query_all(
            "SELECT txn, count(*) FROM log GROUP BY txn ORDER BY txn",
            &[],
        )
        .unwrap_or_default()
        .into_iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::Integer(t), Value::Integer(c)) => (*t, *c),
            other => panic!("unexpected row {other:?}"),
        })
        .collect();
    conn.close().unwrap();
    (n, groups)
}

fn crash_loop(journal_mode: &str, seed: u64) {
    let dir = TempDir::new(&format!("crash-{journal_mode}"));
    let db = dir.path("crash.db");
    let db_s = db.to_str().unwrap().to_owned();
    let mut rng = Rng::new(seed);
    let mut acknowledged: i64 = 0;
    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .args([&db_s, journal_mode, &(acknowledged + 1).to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("committed ") {
                    let _ = tx.send(n.parse::<i64>().unwrap());
                }
            }
        });
        // Let the writer get going (its first commit, or 5 s), then kill it after a random
        // delay: most kills land inside a transaction or a commit.
        let mut seen: Vec<i64> = Vec::new();
        if let Ok(n) = rx.recv_timeout(Duration::from_secs(5)) {
            seen.push(n);
        }
        let delay = Duration::from_micros(rng.below(40_000));
        let start = Instant::now();
        while start.elapsed() < delay {
            std::thread::sleep(Duration::from_micros(200));
        }
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        reader.join().unwrap();
        seen.extend(rx.try_iter());
        if let Some(&n) = seen.iter().max() {
            acknowledged = acknowledged.max(n);
        }
        let (counter, groups) = survey(&db_s);
        assert!(
            counter == acknowledged || counter == acknowledged + 1,
            "round {round}: counter {counter}, acknowledged {acknowledged}"
        );
        acknowledged = counter;
        for (txn, count) in &groups {
            assert!(
                *txn <= counter,
                "round {round}: uncommitted txn {txn} visible"
            );
            assert_eq!(
                *count, ROWS_PER_TXN,
                "round {round}: txn {txn} partly present"
            );
        }
        if round % 20 == 19 || round == KILLS - 1 {
            assert_eq!(integrity(&db), "ok", "round {round}");
        }
    }
    assert!(acknowledged > 0, "the writer never committed anything");
}

#[test]
fn sigkill_during_commits_rollback_journal() {
    crash_loop("delete", 1);
}

#[test]
fn sigkill_during_commits_wal() {
    crash_loop("wal", 2);
}
