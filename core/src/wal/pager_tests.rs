//! The pager in WAL mode, checked against the real `sqlite3`.

use std::path::Path;

use super::conn::suffixed;
use super::tests_util::{file_pages, sqlite, tmpdir, Peer};
use crate::error::codes;
use crate::pager::{JournalMode, Pager, PagerOptions};

fn open(db: &Path) -> Pager {
    Pager::open(Some(db.to_str().unwrap()), &PagerOptions::default()).unwrap()
}

/// Makes the pager's database equal to `target` (pages of another database with the same
/// page size) in one write transaction.
fn write_pages(p: &Pager, target: &[Vec<u8>]) {
    p.begin_write().unwrap();
    for (i, bytes) in target.iter().enumerate() {
        let pgno = i as u32 + 1;
        let page = if pgno <= p.page_count() {
            let pg = p.get(pgno).unwrap();
            p.make_writable(&pg).unwrap();
            pg
        } else {
            let pg = p.allocate().unwrap();
            assert_eq!(pg.pgno(), pgno);
            pg
        };
        let mut d = page.data_mut();
        let versions = [d[18], d[19]];
        d.copy_from_slice(bytes);
        if pgno == 1 {
            // Header bytes 18/19 (journal mode) belong to the pager, not to the content.
            d[18..20].copy_from_slice(&versions);
        }
    }
    p.commit().unwrap();
}

/// `a.db` (rollback mode, 100 rows) and the pages of `b.db` (a copy with more rows).
fn a_and_b(dir: &Path, rows: u32) -> (std::path::PathBuf, Vec<Vec<u8>>) {
    let a = dir.join("a.db");
    let b = dir.join("b.db");
    sqlite(
        &a,
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); \
         INSERT INTO t(b) SELECT hex(randomblob(50)) FROM generate_series(1,100);",
    );
    std::fs::copy(&a, &b).unwrap();
    sqlite(
        &b,
        &format!(
            "INSERT INTO t(b) SELECT hex(randomblob(60)) FROM generate_series(1,{rows}); \
             CREATE INDEX tb ON t(b);"
        ),
    );
    (a, file_pages(&b, 4096))
}

#[test]
fn journal_mode_wal_commits_frames_that_sqlite_reads() {
    let dir = tmpdir("pager-wal");
    let (a, b) = a_and_b(&dir, 3000);
    let p = open(&a);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    assert_eq!(sqlite(&a, "PRAGMA journal_mode;"), "wal");
    write_pages(&p, &b);
    // Committed to the log only; sqlite3 (another process) sees the new rows.
    assert!(std::fs::metadata(suffixed(&a, "-wal")).unwrap().len() > 0);
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n3100"
    );
    assert_eq!(
        p.wal_checkpoint(crate::wal::CheckpointMode::Passive)
            .unwrap()
            .0,
        0
    );
    drop(p);
    // The last connection checkpointed and removed the WAL files.
    assert!(!suffixed(&a, "-wal").exists() && !suffixed(&a, "-shm").exists());
    assert_eq!(
        sqlite(
            &a,
            "PRAGMA integrity_check; SELECT count(*) FROM t; PRAGMA journal_mode;"
        ),
        "ok\n3100\nwal"
    );
}

#[test]
fn pager_reads_and_writes_alongside_a_live_sqlite_connection() {
    let dir = tmpdir("pager-peer");
    let (a, b) = a_and_b(&dir, 500);
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("PRAGMA journal_mode=WAL"), "[('wal',)]");
    assert_eq!(peer.q("PRAGMA wal_autocheckpoint=0"), "[(0,)]");
    assert_eq!(peer.q("DELETE FROM t WHERE a > 50"), "[]");
    let p = open(&a);
    p.begin_read().unwrap();
    assert_eq!(p.journal_mode(), JournalMode::Wal, "opened from the header");
    // Page 1 comes from sqlite's frames: its change counter is newer than the file's.
    let file_counter = u32::from_be_bytes(std::fs::read(&a).unwrap()[24..28].try_into().unwrap());
    let p1 = p.get(1).unwrap();
    let counter = u32::from_be_bytes(p1.data()[24..28].try_into().unwrap());
    assert!(counter > file_counter);
    drop(p1);
    p.end_read();
    // Our write is a snapshot conflict for a peer reader; its next transaction sees it.
    assert_eq!(peer.q("BEGIN"), "[]");
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(50,)]");
    write_pages(&p, &b);
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(50,)]");
    assert_eq!(peer.q("COMMIT"), "[]");
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(600,)]");
    assert_eq!(peer.q("PRAGMA integrity_check"), "[('ok',)]");
    // The peer's write lock keeps us out; we see its commit afterwards.
    assert_eq!(peer.q("BEGIN IMMEDIATE"), "[]");
    let e = p.begin_write().unwrap_err();
    assert_eq!(e.code(), codes::SQLITE_BUSY);
    assert_eq!(peer.q("DELETE FROM t WHERE a > 10"), "[]");
    assert_eq!(peer.q("COMMIT"), "[]");
    p.begin_read().unwrap();
    let n = p.page_count();
    p.end_read();
    assert_eq!(peer.q("PRAGMA page_count"), format!("[({n},)]"));
    let (busy, log, ckpt) = p
        .wal_checkpoint(crate::wal::CheckpointMode::Truncate)
        .unwrap();
    assert_eq!((busy, log, ckpt), (0, 0, 0));
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(10,)]");
    drop(peer);
    drop(p);
    assert!(!suffixed(&a, "-wal").exists());
}

#[test]
fn leaving_wal_mode_checkpoints_and_restores_version_bytes() {
    let dir = tmpdir("pager-leave");
    let (a, b) = a_and_b(&dir, 200);
    let p = open(&a);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    write_pages(&p, &b);
    assert_eq!(p.set_journal_mode(JournalMode::Delete), JournalMode::Delete);
    assert!(!suffixed(&a, "-wal").exists() && !suffixed(&a, "-shm").exists());
    assert_eq!(
        sqlite(
            &a,
            "PRAGMA journal_mode; PRAGMA integrity_check; SELECT count(*) FROM t;"
        ),
        "delete\nok\n300"
    );
    // Not while another connection uses the WAL.
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(300,)]");
    assert_eq!(p.set_journal_mode(JournalMode::Delete), JournalMode::Wal);
}

#[test]
fn autocheckpoint_keeps_the_log_short() {
    let dir = tmpdir("pager-auto");
    let db = dir.join("auto.db");
    let p = open(&db);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    // 30 pages rewritten in 100 commits: 3000+ frames without checkpoints.
    for round in 0..100u32 {
        p.begin_write().unwrap();
        for pgno in 2..=31u32 {
            let pg = if pgno <= p.page_count() {
                let pg = p.get(pgno).unwrap();
                p.make_writable(&pg).unwrap();
                pg
            } else {
                p.allocate().unwrap()
            };
            pg.data_mut()[..4].copy_from_slice(&round.to_be_bytes());
        }
        p.commit().unwrap();
    }
    let (_, log, ckpt) = p
        .wal_checkpoint(crate::wal::CheckpointMode::Passive)
        .unwrap();
    assert!(log < 1100, "log restarted after auto-checkpoints: {log}");
    assert_eq!(log, ckpt);
    let wal_len = std::fs::metadata(suffixed(&db, "-wal")).unwrap().len();
    assert!(wal_len < 1100 * (4096 + 24) + 32, "{wal_len}");
    p.begin_read().unwrap();
    assert_eq!(&p.get(31).unwrap().data()[..4], &99u32.to_be_bytes());
    p.end_read();
    drop(p);
    assert_eq!(sqlite(&db, "PRAGMA page_count;"), "31");
}

#[test]
fn two_pagers_in_one_process_share_the_wal() {
    let dir = tmpdir("pager-two");
    let (a, b) = a_and_b(&dir, 400);
    let p1 = open(&a);
    assert_eq!(p1.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    let p2 = open(&a);
    p2.begin_read().unwrap();
    assert_eq!(p2.journal_mode(), JournalMode::Wal);
    let before = p2.get(2).unwrap().data().clone();
    let n_before = p2.page_count();
    write_pages(&p1, &b);
    // p2's snapshot is unchanged, and it may not write on top of it.
    assert_eq!(*p2.get(2).unwrap().data(), before);
    assert_eq!(p2.page_count(), n_before);
    assert_eq!(
        p2.begin_write().unwrap_err().extended_code,
        codes::SQLITE_BUSY_SNAPSHOT
    );
    p2.end_read();
    p2.begin_read().unwrap();
    assert_eq!(p2.page_count() as usize, b.len());
    assert_eq!(*p2.get(2).unwrap().data(), b[1]);
    // One writer at a time inside the process too.
    p2.begin_write().unwrap();
    assert_eq!(p1.begin_write().unwrap_err().code(), codes::SQLITE_BUSY);
    p2.rollback().unwrap();
    p2.end_read();
    p1.begin_write().unwrap();
    p1.rollback().unwrap();
    // Closing one keeps the files for the other.
    drop(p1);
    assert!(suffixed(&a, "-wal").exists());
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n500"
    );
    drop(p2);
    assert!(!suffixed(&a, "-wal").exists());
}

#[test]
fn a_leftover_log_is_used_even_if_the_header_says_rollback_mode() {
    let dir = tmpdir("pager-leftover");
    let (a, b) = a_and_b(&dir, 300);
    let p = open(&a);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    write_pages(&p, &b);
    // Simulate a crash while leaving WAL mode: the header went back to 1/1 (in the file),
    // the log with the committed frames is still there.
    let keep = dir.join("keep");
    std::fs::create_dir(&keep).unwrap();
    for s in ["", "-wal"] {
        std::fs::copy(suffixed(&a, s), suffixed(&keep.join("a.db"), s)).unwrap();
    }
    drop(p);
    let c = keep.join("a.db");
    let mut bytes = std::fs::read(&c).unwrap();
    bytes[18] = 1;
    bytes[19] = 1;
    std::fs::write(&c, &bytes).unwrap();
    let p = open(&c);
    p.begin_read().unwrap();
    assert_eq!(p.journal_mode(), JournalMode::Wal);
    assert_eq!(p.page_count() as usize, b.len());
    p.end_read();
    drop(p);
    assert_eq!(
        sqlite(&c, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n400"
    );
}

const STRESS_PY: &str = r#"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=20)
for i in range(int(sys.argv[2])):
    c.execute("BEGIN IMMEDIATE")
    c.execute("INSERT INTO t(b) VALUES (hex(randomblob(300)))")
    c.execute("COMMIT")
    if i % 50 == 25:
        c.execute("PRAGMA wal_checkpoint(%s)" % ["PASSIVE", "FULL", "RESTART", "TRUNCATE"][i // 50 % 4])
    if i % 7 == 0:
        n = c.execute("SELECT count(*) FROM t").fetchone()[0]
        assert n >= 100 + i + 1, n
print("done", flush=True)
"#;

#[test]
fn stress_with_a_concurrent_sqlite_writer() {
    use crate::wal::CheckpointMode::*;
    let dir = tmpdir("pager-stress");
    let (a, _) = a_and_b(&dir, 1);
    let p = open(&a);
    p.set_busy_timeout(20_000);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    let rounds = 300;
    let child = std::process::Command::new("python3")
        .args(["-c", STRESS_PY, a.to_str().unwrap(), &rounds.to_string()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let modes = [Passive, Full, Restart, Truncate];
    for i in 0..rounds {
        // A write transaction that rewrites page 1 (stamped by commit) and the last page.
        p.begin_write().unwrap();
        for pgno in [1, p.page_count()] {
            let pg = p.get(pgno).unwrap();
            p.make_writable(&pg).unwrap();
        }
        p.commit().unwrap();
        // A read transaction: page 1's size field matches the snapshot's size.
        p.begin_read().unwrap();
        let p1 = p.get(1).unwrap();
        let hdr_count = u32::from_be_bytes(p1.data()[28..32].try_into().unwrap());
        assert_eq!(hdr_count, p.page_count(), "round {i}");
        for pgno in 2..=p.page_count() {
            let pg = p.get(pgno).unwrap();
            let kind = pg.data()[0];
            assert!([2, 5, 10, 13, 0].contains(&kind), "page {pgno} type {kind}");
        }
        drop(p1);
        p.end_read();
        if i % 40 == 13 {
            let _ = p.wal_checkpoint(modes[i / 40 % 4]);
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "done");
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        format!("ok\n{}", 100 + rounds)
    );
    drop(p);
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        format!("ok\n{}", 100 + rounds)
    );
}

fn counter(p: &Pager) -> u64 {
    u64::from_be_bytes(p.get(2).unwrap().data()[..8].try_into().unwrap())
}

#[test]
fn threads_with_their_own_pagers_lose_no_update() {
    use crate::wal::CheckpointMode::*;
    let dir = tmpdir("pager-threads");
    let db = dir.join("threads.db");
    {
        let p = open(&db);
        assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
        p.begin_write().unwrap();
        p.allocate().unwrap();
        p.commit().unwrap();
    }
    let (threads, n) = (4, 150u64);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let db = db.clone();
            std::thread::spawn(move || {
                let p = open(&db);
                p.set_busy_timeout(30_000);
                let modes = [Passive, Full, Restart, Truncate];
                for i in 0..n {
                    p.begin_write().unwrap();
                    let pg = p.get(2).unwrap();
                    p.make_writable(&pg).unwrap();
                    let v = u64::from_be_bytes(pg.data()[..8].try_into().unwrap());
                    pg.data_mut()[..8].copy_from_slice(&(v + 1).to_be_bytes());
                    drop(pg);
                    p.commit().unwrap();
                    // A snapshot does not move while it is open.
                    p.begin_read().unwrap();
                    let a = counter(&p);
                    std::thread::yield_now();
                    assert_eq!(counter(&p), a);
                    p.end_read();
                    if i % 25 == t as u64 {
                        let _ = p.wal_checkpoint(modes[(i as usize / 25 + t) % 4]);
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let p = open(&db);
    p.begin_read().unwrap();
    assert_eq!(counter(&p), threads as u64 * n);
    p.end_read();
    drop(p);
    assert!(!suffixed(&db, "-wal").exists() && !suffixed(&db, "-shm").exists());
    let bytes = std::fs::read(&db).unwrap();
    assert_eq!(
        u64::from_be_bytes(bytes[4096..4104].try_into().unwrap()),
        threads as u64 * n
    );
}

/// Child side of `killed_writers_never_leave_a_torn_transaction`: commits forever, two
/// pages per transaction holding the same counter, printing each committed value.
#[test]
#[ignore]
fn crash_child_writer() {
    let Ok(db) = std::env::var("FERROLITE_CRASH_DB") else {
        return;
    };
    let p = open(Path::new(&db));
    p.set_busy_timeout(10_000);
    loop {
        p.begin_write().unwrap();
        let a = p.get(2).unwrap();
        let b = p.get(3).unwrap();
        p.make_writable(&a).unwrap();
        p.make_writable(&b).unwrap();
        let v = u64::from_be_bytes(a.data()[..8].try_into().unwrap()) + 1;
        a.data_mut()[..8].copy_from_slice(&v.to_be_bytes());
        // Fill the page so a frame is a real write, then the twin.
        a.data_mut()[8..].fill(v as u8);
        b.data_mut()[..8].copy_from_slice(&v.to_be_bytes());
        drop((a, b));
        p.commit().unwrap();
        println!("{v}");
    }
}

#[test]
fn killed_writers_never_leave_a_torn_transaction() {
    use std::io::BufRead;
    let dir = tmpdir("pager-kill");
    let db = dir.join("kill.db");
    {
        let p = open(&db);
        assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
        p.begin_write().unwrap();
        p.allocate().unwrap();
        p.allocate().unwrap();
        p.commit().unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let mut acked = 0u64;
    for round in 0..6 {
        // In odd rounds we stay attached, so the dead writer's -shm is reused, not rebuilt.
        let watcher = (round % 2 == 1).then(|| {
            let w = open(&db);
            w.begin_read().unwrap();
            w.end_read();
            w
        });
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "wal::pager_tests::crash_child_writer",
                "--ignored",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env("FERROLITE_CRASH_DB", &db)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let stop_after = 20 + round * 37;
        let mut seen = 0;
        while let Some(Ok(line)) = lines.next() {
            if let Ok(v) = line.trim().parse::<u64>() {
                acked = v;
                seen += 1;
                if seen == stop_after {
                    break;
                }
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let p = open(&db);
        p.begin_read().unwrap();
        let a = counter(&p);
        let b = u64::from_be_bytes(p.get(3).unwrap().data()[..8].try_into().unwrap());
        assert_eq!(a, b, "round {round}: torn transaction");
        assert!(
            a >= acked,
            "round {round}: lost committed {acked}, have {a}"
        );
        p.end_read();
        // And it can still write.
        p.begin_write().unwrap();
        p.rollback().unwrap();
        drop(p);
        drop(watcher);
    }
    assert!(acked > 100);
}

#[test]
fn big_transactions_spill_into_the_log_and_still_roll_back() {
    let dir = tmpdir("pager-spill");
    let (a, b) = a_and_b(&dir, 3000);
    let a_pages = file_pages(&a, 4096);
    let p = open(&a);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    p.set_cache_size(10);
    // Rolled back after spilling: nothing of it is visible, to us or to sqlite3.
    p.begin_write().unwrap();
    for (i, bytes) in b.iter().enumerate() {
        let pgno = i as u32 + 1;
        let pg = if pgno <= p.page_count() {
            let pg = p.get(pgno).unwrap();
            p.make_writable(&pg).unwrap();
            pg
        } else {
            p.allocate().unwrap()
        };
        if pgno > 1 {
            pg.data_mut().copy_from_slice(bytes);
        }
    }
    assert!(
        p.cached_pages() < b.len() / 2,
        "spilled: {}",
        p.cached_pages()
    );
    // Spilled pages read back from the log are this transaction's versions.
    assert_eq!(*p.get(2).unwrap().data(), b[1]);
    p.rollback().unwrap();
    p.begin_read().unwrap();
    assert_eq!(p.page_count() as usize, a_pages.len());
    for (i, bytes) in a_pages.iter().enumerate().skip(1) {
        assert_eq!(
            *p.get(i as u32 + 1).unwrap().data(),
            *bytes,
            "page {}",
            i + 1
        );
    }
    p.end_read();
    assert_eq!(sqlite(&a, "SELECT count(*) FROM t;"), "100");
    // Committed after spilling.
    write_pages(&p, &b);
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n3100"
    );
}

#[test]
fn journal_mode_switch_errors_match_sqlite() {
    let dir = tmpdir("pager-jm-errors");
    let (a, _) = a_and_b(&dir, 1);
    let p = open(&a);
    p.begin_write().unwrap();
    let e = p.try_set_journal_mode(JournalMode::Wal).unwrap_err();
    assert_eq!(
        (e.code(), e.message.as_str()),
        (
            codes::SQLITE_ERROR,
            "cannot change into wal mode from within a transaction"
        )
    );
    p.rollback().unwrap();
    assert_eq!(
        p.try_set_journal_mode(JournalMode::Wal).unwrap(),
        JournalMode::Wal
    );
    p.begin_write().unwrap();
    let e = p.try_set_journal_mode(JournalMode::Delete).unwrap_err();
    assert_eq!(
        e.message,
        "cannot change out of wal mode from within a transaction"
    );
    p.rollback().unwrap();
    // Another process uses the WAL: "database is locked", as sqlite3 reports.
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(100,)]");
    let e = p.try_set_journal_mode(JournalMode::Delete).unwrap_err();
    assert_eq!(
        (e.code(), e.message.as_str()),
        (codes::SQLITE_BUSY, "database is locked")
    );
    assert_eq!(p.journal_mode(), JournalMode::Wal);
    drop(peer);
    assert_eq!(
        p.try_set_journal_mode(JournalMode::Truncate).unwrap(),
        JournalMode::Truncate
    );
    assert_eq!(sqlite(&a, "PRAGMA journal_mode;"), "delete");
    // In-memory databases stay in MEMORY mode, without error.
    let m = Pager::open(None, &PagerOptions::default()).unwrap();
    assert_eq!(
        m.try_set_journal_mode(JournalMode::Wal).unwrap(),
        JournalMode::Memory
    );
}

#[test]
fn checkpoint_results_match_sqlite_with_a_reader_holding_a_snapshot() {
    use crate::wal::CheckpointMode::*;
    let dir = tmpdir("pager-ckpt-results");
    let db = dir.join("c.db");
    sqlite(&db, "PRAGMA journal_mode=wal; CREATE TABLE t(a);");
    let p = open(&db);
    let mut peer = Peer::open(&db);
    // Empty log, a reader in a transaction: everything 0|0|0 (sqlite3 says the same).
    peer.q("BEGIN");
    peer.q("SELECT * FROM t");
    for m in [Passive, Full, Restart, Truncate] {
        assert_eq!(p.wal_checkpoint(m).unwrap(), (0, 0, 0), "{m:?}");
    }
    peer.q("COMMIT");
    peer.q("INSERT INTO t VALUES (1)");
    // The reader's snapshot includes the one frame: copied, but RESTART/TRUNCATE are busy.
    peer.q("BEGIN");
    peer.q("SELECT * FROM t");
    let got: Vec<_> = [Passive, Full, Restart, Truncate]
        .iter()
        .map(|m| p.wal_checkpoint(*m).unwrap())
        .collect();
    assert_eq!(got, [(0, 1, 1), (0, 1, 1), (1, 1, 1), (1, 1, 1)]);
    peer.q("COMMIT");
    assert_eq!(p.wal_checkpoint(Restart).unwrap(), (0, 1, 1));
    assert_eq!(p.wal_checkpoint(Passive).unwrap(), (0, 1, 1));
    // The next writer restarts the log.
    peer.q("INSERT INTO t VALUES (2)");
    assert_eq!(p.wal_checkpoint(Passive).unwrap(), (0, 1, 1));
    assert_eq!(peer.q("PRAGMA wal_checkpoint(TRUNCATE)"), "[(0, 0, 0)]");
    assert_eq!(p.wal_checkpoint(Passive).unwrap(), (0, 0, 0));
}

#[test]
fn exclusive_locking_mode_wal_keeps_its_index_in_memory() {
    use crate::pager::LockingMode;
    let dir = tmpdir("pager-excl-wal");
    let (a, b) = a_and_b(&dir, 700);
    let p = open(&a);
    p.set_locking_mode(LockingMode::Exclusive);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    write_pages(&p, &b);
    assert!(suffixed(&a, "-wal").exists());
    assert!(
        !suffixed(&a, "-shm").exists(),
        "no shared memory in exclusive mode"
    );
    assert_eq!(
        p.set_locking_mode(LockingMode::Normal),
        LockingMode::Exclusive
    );
    assert!(sqlite(&a, "SELECT count(*) FROM t;").contains("database is locked"));
    // Reads see the committed frames through the heap index.
    p.begin_read().unwrap();
    assert_eq!(*p.get(2).unwrap().data(), b[1]);
    p.end_read();
    assert_eq!(
        p.wal_checkpoint(crate::wal::CheckpointMode::Passive)
            .unwrap()
            .0,
        0
    );
    // Auto-checkpoints keep the log short although the snapshot outlives transactions.
    for _ in 0..60 {
        p.begin_write().unwrap();
        for pgno in 2..=31 {
            let pg = p.get(pgno).unwrap();
            p.make_writable(&pg).unwrap();
        }
        p.commit().unwrap();
    }
    let (_, log, ckpt) = p
        .wal_checkpoint(crate::wal::CheckpointMode::Passive)
        .unwrap();
    assert!(log < 1100 && log == ckpt, "{log} {ckpt}");
    drop(p);
    assert!(!suffixed(&a, "-wal").exists());
    assert_eq!(
        sqlite(
            &a,
            "PRAGMA integrity_check; SELECT count(*) FROM t; PRAGMA journal_mode;"
        ),
        "ok\n800\nwal"
    );
}

/// All pages of the pager's current snapshot.
fn snapshot(p: &Pager) -> Vec<Vec<u8>> {
    p.begin_read().unwrap();
    let pages = (1..=p.page_count())
        .map(|n| p.get(n).unwrap().data().clone())
        .collect();
    p.end_read();
    pages
}

/// Regression: a checkpoint run between two read transactions must not make the second one
/// believe nothing changed (its cache would keep the first snapshot's pages).
#[test]
fn checkpoint_between_reads_does_not_hide_other_commits() {
    let dir = tmpdir("pager-ckpt-cache");
    let (a, _) = a_and_b(&dir, 1);
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("PRAGMA journal_mode=WAL"), "[('wal',)]");
    let p = open(&a);
    let before = snapshot(&p);
    assert_eq!(peer.q("UPDATE t SET b = 'changed' WHERE a = 1"), "[]");
    p.wal_checkpoint(crate::wal::CheckpointMode::Passive)
        .unwrap();
    let after = snapshot(&p);
    assert!(before != after, "stale pages from the cache");
    let copy = dir.join("copy.db");
    std::fs::copy(&a, &copy).unwrap();
    assert!(
        after == file_pages(&copy, 4096),
        "fully checkpointed: equals the file"
    );
    // The same after a TRUNCATE by us.
    assert_eq!(peer.q("UPDATE t SET b = 'again' WHERE a = 1"), "[]");
    p.wal_checkpoint(crate::wal::CheckpointMode::Truncate)
        .unwrap();
    let again = snapshot(&p);
    assert!(after != again, "stale pages after TRUNCATE");
}

#[test]
fn wal_checkpoint_inside_a_transaction_is_locked_like_sqlite() {
    let dir = tmpdir("pager-ckpt-locked");
    let (a, b) = a_and_b(&dir, 10);
    let p = open(&a);
    assert_eq!(
        p.wal_checkpoint(crate::wal::CheckpointMode::Passive)
            .unwrap(),
        (0, -1, -1)
    );
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    write_pages(&p, &b);
    p.begin_read().unwrap();
    let e = p
        .wal_checkpoint(crate::wal::CheckpointMode::Passive)
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message.as_str()),
        (codes::SQLITE_LOCKED, "database table is locked")
    );
    p.end_read();
    p.begin_write().unwrap();
    let e = p
        .wal_checkpoint(crate::wal::CheckpointMode::Full)
        .unwrap_err();
    assert_eq!(e.code(), codes::SQLITE_LOCKED);
    p.rollback().unwrap();
    // An implicit read (get without begin_read) does not count.
    let _ = p.get(1).unwrap();
    let (busy, log, ckpt) = p
        .wal_checkpoint(crate::wal::CheckpointMode::Passive)
        .unwrap();
    assert_eq!((busy, log), (0, ckpt));
    assert!(log > 0);
}

#[test]
fn journal_mode_is_reported_before_the_first_read_and_setting_it_twice_is_a_no_op() {
    let dir = tmpdir("pager-jm-report");
    let db = dir.join("r.db");
    sqlite(&db, "PRAGMA journal_mode=wal; CREATE TABLE t(a);");
    let p = open(&db);
    assert_eq!(
        p.journal_mode(),
        JournalMode::Wal,
        "from the header, as sqlite3 says"
    );
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    assert_eq!(
        p.try_set_journal_mode(JournalMode::Wal).unwrap(),
        JournalMode::Wal
    );
    // Leaving WAL mode before ever reading works too.
    let q = open(&db);
    drop(p);
    assert_eq!(q.set_journal_mode(JournalMode::Delete), JournalMode::Delete);
    assert_eq!(q.set_journal_mode(JournalMode::Delete), JournalMode::Delete);
    assert_eq!(sqlite(&db, "PRAGMA journal_mode;"), "delete");
}

/// Our long read transaction holds its read mark: sqlite3's checkpoints (even FULL and
/// TRUNCATE) never overwrite database pages that our snapshot still reads from the file.
#[test]
fn sqlite_checkpoints_respect_our_snapshot() {
    let dir = tmpdir("pager-our-snapshot");
    let (a, _) = a_and_b(&dir, 1500);
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("PRAGMA journal_mode=WAL"), "[('wal',)]");
    assert_eq!(peer.q("PRAGMA wal_autocheckpoint=0"), "[(0,)]");
    assert_eq!(peer.q("UPDATE t SET b = 'v1' || b"), "[]");
    let p = open(&a);
    p.set_cache_size(10); // pages are evicted and read again from the log or the file
    p.begin_read().unwrap();
    let n = p.page_count();
    let first: Vec<Vec<u8>> = (1..=n).map(|i| p.get(i).unwrap().data().clone()).collect();
    assert_eq!(peer.q("UPDATE t SET b = 'v2' || b"), "[]");
    assert_eq!(peer.q("DELETE FROM t WHERE a % 3 = 0"), "[]");
    let full = peer.q("PRAGMA wal_checkpoint(FULL)");
    assert!(
        full.starts_with("[(1, "),
        "FULL must be blocked by our reader: {full}"
    );
    let trunc = peer.q("PRAGMA wal_checkpoint(TRUNCATE)");
    assert!(trunc.starts_with("[(1, "), "{trunc}");
    let again: Vec<Vec<u8>> = (1..=n).map(|i| p.get(i).unwrap().data().clone()).collect();
    assert!(
        first == again,
        "our snapshot changed under a sqlite3 checkpoint"
    );
    p.end_read();
    assert_eq!(peer.q("PRAGMA wal_checkpoint(TRUNCATE)"), "[(0, 0, 0)]");
    p.begin_read().unwrap();
    let third: Vec<Vec<u8>> = (1..=p.page_count())
        .map(|i| p.get(i).unwrap().data().clone())
        .collect();
    p.end_read();
    assert!(
        third == file_pages(&a, 4096),
        "after the checkpoint we read the new state"
    );
}

#[test]
fn autocheckpoint_runs_when_an_explicit_read_transaction_ends() {
    let dir = tmpdir("pager-auto-read");
    let db = dir.join("auto.db");
    let p = open(&db);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    p.begin_read().unwrap(); // as a VM does around BEGIN ... COMMIT
    for _ in 0..40 {
        p.begin_write().unwrap();
        for _ in 0..30 {
            p.allocate().unwrap();
        }
        p.commit().unwrap();
    }
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        4096,
        "nothing copied yet"
    );
    p.end_read();
    // The database file grows only by a checkpoint: it ran at end_read.
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 1201 * 4096);
}

#[test]
fn replace_database_in_wal_mode_commits_the_image_as_frames() {
    let dir = tmpdir("pager-replace");
    let (a, b) = a_and_b(&dir, 900);
    let p = open(&a);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Wal);
    let dbf_len = std::fs::metadata(&a).unwrap().len();
    p.replace_database(&b.concat()).unwrap();
    // Only the log changed; sqlite3 reads the new database through it.
    assert_eq!(std::fs::metadata(&a).unwrap().len(), dbf_len);
    assert_eq!(
        sqlite(
            &a,
            "PRAGMA integrity_check; SELECT count(*) FROM t; PRAGMA journal_mode;"
        ),
        "ok\n1000\nwal"
    );
    p.begin_read().unwrap();
    assert_eq!(p.page_count() as usize, b.len());
    assert_eq!(*p.get(3).unwrap().data(), b[2]);
    p.end_read();
    // Another page size is refused in WAL mode, and changes nothing.
    let small = {
        let c = dir.join("small.db");
        sqlite(&c, "PRAGMA page_size=1024; CREATE TABLE x(y);");
        std::fs::read(&c).unwrap()
    };
    assert_eq!(
        p.replace_database(&small).unwrap_err().code(),
        codes::SQLITE_MISUSE
    );
    drop(p);
    assert_eq!(
        sqlite(&a, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        "ok\n1000"
    );
}
