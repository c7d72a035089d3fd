//! WAL tests against the real `sqlite3` (the shell and, for a live second process, Python's
//! `sqlite3` module on the same libsqlite3).

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use super::conn::suffixed;
use super::tests_util::{file_pages, sqlite, tmpdir, Peer};
use super::*;
use crate::error::codes;

fn open_rw(p: &Path) -> File {
    OpenOptions::new().read(true).write(true).open(p).unwrap()
}

/// Holds a SQLite SHARED lock on a database file, as a pager in WAL mode does for as long as
/// the connection is open (so another process's close does not think it is the last one).
fn shared_db_lock(db: &File) {
    // SAFETY: zeroed flock is valid; fcntl on an open descriptor.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_RDLCK as _;
    fl.l_whence = libc::SEEK_SET as _;
    fl.l_start = 0x4000_0002;
    fl.l_len = 510;
    // SAFETY: as above.
    let rc = unsafe { libc::fcntl(db.as_raw_fd(), libc::F_SETLK, &fl) };
    assert_eq!(rc, 0);
}

/// The pages of an open file. (Reading through a fresh descriptor and closing it would drop
/// this process's POSIX locks on the file.)
fn handle_pages(f: &File, ps: u32) -> Vec<Vec<u8>> {
    let n = f.metadata().unwrap().len() / ps as u64;
    (0..n)
        .map(|i| {
            let mut buf = vec![0u8; ps as usize];
            f.read_exact_at(&mut buf, i * ps as u64).unwrap();
            buf
        })
        .collect()
}

/// Every page of the database as this WAL connection's snapshot sees it.
fn snapshot_pages(wal: &Wal, db: &File, ps: u32) -> Vec<Vec<u8>> {
    let mut n = wal.db_size();
    if n == 0 {
        n = (db.metadata().unwrap().len() / ps as u64) as u32;
    }
    (1..=n)
        .map(|pgno| {
            let mut buf = vec![0u8; ps as usize];
            if !wal.read_page(pgno, &mut buf).unwrap() {
                db.read_exact_at(&mut buf, (pgno as u64 - 1) * ps as u64)
                    .unwrap();
            }
            buf
        })
        .collect()
}

/// Copies `src` and its `-wal` to `dst` (no `-shm`), as a crash would leave them.
fn copy_db_and_wal(src: &Path, dst: &Path) {
    std::fs::copy(src, dst).unwrap();
    std::fs::copy(suffixed(src, "-wal"), suffixed(dst, "-wal")).unwrap();
}

/// What real SQLite makes of a database + WAL pair: a copy checkpointed by `sqlite3`.
fn sqlite_checkpointed_pages(db: &Path, ps: u32) -> Vec<Vec<u8>> {
    let dir = db.parent().unwrap();
    let ck = dir.join("expected.db");
    let _ = std::fs::remove_file(suffixed(&ck, "-shm"));
    copy_db_and_wal(db, &ck);
    assert_eq!(sqlite(&ck, "PRAGMA wal_checkpoint(TRUNCATE);"), "0|0|0");
    let pages = file_pages(&ck, ps);
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(suffixed(&ck, s));
    }
    pages
}

/// A WAL-mode database with uncheckpointed frames from several transactions, made by a live
/// SQLite process that is still running (so `-wal` and `-shm` are SQLite's own).
fn sqlite_wal_db(dir: &Path, page_size: u32) -> (PathBuf, Peer) {
    let db = dir.join("s.db");
    let mut p = Peer::open(&db);
    p.q(&format!("PRAGMA page_size={page_size}"));
    assert_eq!(p.q("PRAGMA journal_mode=WAL"), "[('wal',)]");
    p.q("PRAGMA wal_autocheckpoint=0");
    p.q("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)");
    p.q("CREATE INDEX tb ON t(b)");
    for i in 0..6 {
        p.q(&format!(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<300) \
             INSERT INTO t(b) SELECT printf('row-%d-%d-%s', {i}, x, hex(randomblob(40))) FROM c"
        ));
        p.q(&format!("UPDATE t SET b = b || 'u' WHERE a % 7 = {i}"));
    }
    p.q("DELETE FROM t WHERE a % 5 = 0");
    (db, p)
}

#[test]
fn reads_newest_page_versions_from_sqlite_wal_after_recovery() {
    let dir = tmpdir("recover");
    let (db, _peer) = sqlite_wal_db(&dir, 1024);
    let copy = dir.join("copy.db");
    copy_db_and_wal(&db, &copy);
    let expected = sqlite_checkpointed_pages(&copy, 1024);

    let mut wal = Wal::open(&copy, 1024).unwrap();
    assert!(wal.begin_read().unwrap());
    assert!(wal.frame_count() > 100);
    let dbf = open_rw(&copy);
    let got = snapshot_pages(&wal, &dbf, 1024);
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "page contents differ from sqlite3's checkpoint"
    );
    assert!(wal.find_frame(1).unwrap().is_some());
    wal.end_read();
}

#[test]
fn reads_sqlite_live_wal_index_without_recovery() {
    let dir = tmpdir("live");
    let (db, mut peer) = sqlite_wal_db(&dir, 4096);
    let copy = dir.join("copy.db");
    copy_db_and_wal(&db, &copy);
    let expected = sqlite_checkpointed_pages(&copy, 4096);

    let mut wal = Wal::open(&db, 4096).unwrap();
    // SQLite's own index header is valid: we read its hash tables, no recovery.
    let hdr = index::read_hdr(&wal.shm)
        .unwrap()
        .expect("sqlite's index header");
    assert!(hdr.mx_frame > 0);
    wal.begin_read().unwrap();
    assert_eq!(wal.hdr.change, hdr.change);
    let dbf = open_rw(&db);
    assert!(snapshot_pages(&wal, &dbf, 4096) == expected);
    wal.end_read();
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(1440,)]");
}

#[test]
fn torn_or_garbage_log_tail_ends_the_log_like_sqlite() {
    let dir = tmpdir("torn");
    let (db, _peer) = sqlite_wal_db(&dir, 1024);
    let wal_len = std::fs::metadata(suffixed(&db, "-wal")).unwrap().len();
    let frame = 24 + 1024u64;
    // (name, edit of the copied log)
    type Edit = Box<dyn Fn(&mut Vec<u8>)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "cut mid-frame",
            Box::new(move |w| w.truncate((wal_len - frame / 2) as usize)),
        ),
        (
            "flipped byte",
            Box::new(|w| {
                let n = w.len();
                w[n / 2] ^= 0x40;
            }),
        ),
        (
            "garbage tail",
            Box::new(|w| w.extend(std::iter::repeat_n(0xa5, 5000))),
        ),
        ("bad header", Box::new(|w| w[9] ^= 1)),
    ];
    for (name, edit) in cases {
        let c = dir.join(format!("{}.db", name.replace(' ', "_")));
        copy_db_and_wal(&db, &c);
        let mut bytes = std::fs::read(suffixed(&c, "-wal")).unwrap();
        edit(&mut bytes);
        std::fs::write(suffixed(&c, "-wal"), &bytes).unwrap();
        let expected = sqlite_checkpointed_pages(&c, 1024);
        let mut wal = Wal::open(&c, 1024).unwrap();
        wal.begin_read().unwrap();
        let got = snapshot_pages(&wal, &open_rw(&c), 1024);
        assert!(got == expected, "{name}: differs from sqlite3");
    }
}

/// A WAL-mode database `a.db` made and closed by sqlite3, and `b.db`, the same database after
/// more writes. Returns (a, pages of b).
fn a_and_b(dir: &Path, ps: u32, more_rows: u32) -> (PathBuf, Vec<Vec<u8>>) {
    let a = dir.join("a.db");
    let b = dir.join("b.db");
    let out = sqlite(
        &a,
        &format!(
            "PRAGMA page_size={ps}; PRAGMA journal_mode=WAL; \
             CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); \
             INSERT INTO t(b) SELECT hex(randomblob(50)) FROM generate_series(1,100);"
        ),
    );
    assert_eq!(out, "wal");
    std::fs::copy(&a, &b).unwrap();
    sqlite(
        &b,
        &format!(
            "INSERT INTO t(b) SELECT hex(randomblob(60)) FROM generate_series(1,{more_rows}); \
             CREATE INDEX tb ON t(b);"
        ),
    );
    assert!(!suffixed(&b, "-wal").exists());
    (a, file_pages(&b, ps))
}

fn check_b(db: &Path, rows: u32) {
    assert_eq!(
        sqlite(db, "PRAGMA integrity_check; SELECT count(*) FROM t;"),
        format!("ok\n{}", 100 + rows)
    );
}

/// Our writer: appends every page of `b` (two spills, then a commit) to `a`'s log.
fn write_b_into(wal: &mut Wal, b: &[Vec<u8>]) {
    wal.begin_read().unwrap();
    wal.begin_write().unwrap();
    let pages: Vec<(u32, &[u8])> = b
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32 + 1, p.as_slice()))
        .collect();
    let third = pages.len() / 3;
    wal.append_frames(&pages[..third], None, false).unwrap();
    wal.append_frames(&pages[third..2 * third], None, false)
        .unwrap();
    wal.append_frames(&pages[2 * third..], Some(b.len() as u32), true)
        .unwrap();
    wal.end_write();
    wal.end_read();
}

#[test]
fn sqlite_reads_our_frames_through_our_live_index_then_our_checkpoint() {
    let dir = tmpdir("ours-live");
    // 1 KiB pages and enough rows to need more than 4062 frames: two index blocks.
    let rows = 30_000;
    let (a, b) = a_and_b(&dir, 1024, rows);
    assert!(b.len() > 4062, "want >1 hash block, got {} pages", b.len());
    let dbf = open_rw(&a);
    shared_db_lock(&dbf);
    let mut wal = Wal::open(&a, 1024).unwrap();
    write_b_into(&mut wal, &b);
    // sqlite3 attaches to our -shm (we hold DMS): it must use our index and our log.
    let ours = index::read_hdr(&wal.shm).unwrap().expect("our header");
    check_b(&a, rows);
    // It accepted our index as is: a recovery would have rewritten the header.
    assert_eq!(index::read_hdr(&wal.shm).unwrap(), Some(ours));
    assert_eq!(ours.change, 1);
    assert!(suffixed(&a, "-wal").exists());
    let r = wal
        .checkpoint(CheckpointMode::Truncate, &dbf, true)
        .unwrap();
    assert_eq!(
        r,
        CheckpointResult {
            busy: false,
            log: 0,
            checkpointed: 0
        }
    );
    assert_eq!(std::fs::metadata(suffixed(&a, "-wal")).unwrap().len(), 0);
    assert!(
        handle_pages(&dbf, 1024) == b,
        "checkpointed file differs from b.db"
    );
    check_b(&a, rows);
    assert!(wal.close(&dbf, true).unwrap());
    assert!(!suffixed(&a, "-wal").exists() && !suffixed(&a, "-shm").exists());
    check_b(&a, rows);
}

#[test]
fn sqlite_recovers_our_log_after_we_vanish() {
    let dir = tmpdir("ours-crash");
    let (a, b) = a_and_b(&dir, 4096, 2000);
    let mut wal = Wal::open(&a, 4096).unwrap();
    write_b_into(&mut wal, &b);
    drop(wal); // no checkpoint: as if the process died
    assert!(std::fs::metadata(suffixed(&a, "-wal")).unwrap().len() > 0);
    check_b(&a, 2000); // sqlite3 rebuilds the index from our -wal
    assert!(file_pages(&a, 4096) == b);
}

#[test]
fn sqlite_reader_keeps_its_snapshot_while_we_write_and_checkpoint() {
    let dir = tmpdir("snap-peer-reads");
    let (a, b) = a_and_b(&dir, 4096, 500);
    let dbf = open_rw(&a);
    shared_db_lock(&dbf);
    let mut peer = Peer::open(&a);
    assert_eq!(peer.q("BEGIN"), "[]");
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(100,)]");
    let mut wal = Wal::open(&a, 4096).unwrap();
    write_b_into(&mut wal, &b);
    // The peer's snapshot predates our commit.
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(100,)]");
    let r = wal.checkpoint(CheckpointMode::Passive, &dbf, true).unwrap();
    assert!(!r.busy && r.checkpointed < r.log, "{r:?}");
    let r = wal.checkpoint(CheckpointMode::Full, &dbf, true).unwrap();
    assert!(r.busy, "{r:?}");
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(100,)]");
    assert_eq!(peer.q("COMMIT"), "[]");
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(600,)]");
    let r = wal.checkpoint(CheckpointMode::Restart, &dbf, true).unwrap();
    assert_eq!((r.busy, r.checkpointed), (false, r.log));
    assert_eq!(peer.q("PRAGMA integrity_check"), "[('ok',)]");
    // A writer after RESTART starts the log over; both sides still agree.
    assert_eq!(peer.q("INSERT INTO t(b) VALUES ('after restart')"), "[]");
    assert_eq!(
        peer.q("PRAGMA wal_checkpoint"),
        "[(0, 2, 2)]",
        "log restarted from frame 1"
    );
}

#[test]
fn our_snapshot_is_stable_while_sqlite_writes() {
    let dir = tmpdir("snap-we-read");
    let (db, mut peer) = sqlite_wal_db(&dir, 4096);
    let dbf = open_rw(&db);
    let mut wal = Wal::open(&db, 4096).unwrap();
    wal.begin_read().unwrap();
    let before = snapshot_pages(&wal, &dbf, 4096);
    assert_eq!(
        peer.q(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<50) \
             INSERT INTO t(b) SELECT hex(randomblob(500)) FROM c"
        ),
        "[]"
    );
    assert!(snapshot_pages(&wal, &dbf, 4096) == before);
    let e = wal.begin_write().unwrap_err();
    assert_eq!(e.extended_code, codes::SQLITE_BUSY_SNAPSHOT);
    wal.end_read();
    assert!(wal.begin_read().unwrap(), "new snapshot reports a change");
    let after = snapshot_pages(&wal, &dbf, 4096);
    assert!(after.len() > before.len());
    let copy = dir.join("copy.db");
    copy_db_and_wal(&db, &copy);
    assert!(after == sqlite_checkpointed_pages(&copy, 4096));
    wal.end_read();
}

#[test]
fn writer_lock_excludes_sqlite_and_us() {
    let dir = tmpdir("writelock");
    let (db, mut peer) = sqlite_wal_db(&dir, 4096);
    let mut wal = Wal::open(&db, 4096).unwrap();
    assert_eq!(peer.q("BEGIN IMMEDIATE"), "[]");
    wal.begin_read().unwrap();
    assert_eq!(
        wal.begin_write().unwrap_err().extended_code,
        codes::SQLITE_BUSY
    );
    assert_eq!(peer.q("COMMIT"), "[]");
    wal.begin_write().unwrap();
    assert_eq!(
        peer.q("INSERT INTO t(b) VALUES (1)"),
        "ERR database is locked"
    );
    wal.end_write();
    wal.end_read();
    assert_eq!(peer.q("INSERT INTO t(b) VALUES (1)"), "[]");
}

/// Synthetic pages: byte 0..4 = pgno, 4..8 = version.
fn page(ps: usize, pgno: u32, version: u32) -> Vec<u8> {
    let mut p = vec![(version % 251) as u8; ps];
    p[0..4].copy_from_slice(&pgno.to_be_bytes());
    p[4..8].copy_from_slice(&version.to_be_bytes());
    p
}

fn version_of(wal: &Wal, pgno: u32) -> Option<u32> {
    let mut buf = vec![0u8; 512];
    if !wal.read_page(pgno, &mut buf).unwrap() {
        return None;
    }
    assert_eq!(&buf[0..4], &pgno.to_be_bytes());
    Some(u32::from_be_bytes([buf[4], buf[5], buf[6], buf[7]]))
}

#[test]
fn index_spans_blocks_rolls_back_and_recovers() {
    let dir = tmpdir("blocks");
    let db = dir.join("x.db");
    File::create(&db).unwrap();
    let mut w1 = Wal::open(&db, 512).unwrap();
    let mut w2 = Wal::open(&db, 512).unwrap();
    // 9000 frames in commits of 100: pages 1..=60 rewritten again and again.
    let mut version = 0u32;
    let mut newest = std::collections::HashMap::new();
    for _ in 0..90 {
        w1.begin_read().unwrap();
        w1.begin_write().unwrap();
        let pages: Vec<(u32, Vec<u8>)> = (0..100)
            .map(|_| {
                version += 1;
                let pgno = version * 7 % 60 + 1;
                newest.insert(pgno, version);
                (pgno, page(512, pgno, version))
            })
            .collect();
        let refs: Vec<(u32, &[u8])> = pages.iter().map(|(n, p)| (*n, p.as_slice())).collect();
        w1.append_frames(&refs, Some(60), false).unwrap();
        w1.end_write();
        w1.end_read();
    }
    assert!(w1.needs_checkpoint());
    // A rolled-back transaction and a savepoint rollback leave no trace.
    w1.begin_read().unwrap();
    w1.begin_write().unwrap();
    let mark = w1.mark();
    w1.append_frames(&[(3, &page(512, 3, 999_999))], None, false)
        .unwrap();
    assert_eq!(
        version_of(&w1, 3),
        Some(999_999),
        "writer reads its own spill"
    );
    w1.rollback_to(mark).unwrap();
    assert_eq!(version_of(&w1, 3), newest.get(&3).copied());
    w1.append_frames(&[(4, &page(512, 4, 888_888))], None, false)
        .unwrap();
    w1.end_write();
    w1.end_read();
    for w in [&mut w2, &mut w1] {
        w.begin_read().unwrap();
        assert_eq!(w.frame_count(), 9000);
        for pgno in 1..=60 {
            assert_eq!(
                version_of(w, pgno),
                newest.get(&pgno).copied(),
                "page {pgno}"
            );
        }
        w.end_read();
    }
    drop(w1);
    drop(w2);
    // A fresh attach truncates the -shm and recovers the same state from the log.
    let mut w3 = Wal::open(&db, 512).unwrap();
    assert!(index::read_hdr(&w3.shm).unwrap().is_none());
    w3.begin_read().unwrap();
    assert_eq!(w3.frame_count(), 9000);
    for pgno in 1..=60 {
        assert_eq!(version_of(&w3, pgno), newest.get(&pgno).copied());
    }
    w3.end_read();
    // Checkpoint copies the newest versions into the database file.
    let dbf = open_rw(&db);
    let r = w3
        .checkpoint(CheckpointMode::Truncate, &dbf, false)
        .unwrap();
    assert_eq!(
        r,
        CheckpointResult {
            busy: false,
            log: 0,
            checkpointed: 0
        }
    );
    assert_eq!(dbf.metadata().unwrap().len(), 60 * 512);
    for pgno in 1..=60u32 {
        let mut buf = vec![0u8; 512];
        dbf.read_exact_at(&mut buf, (pgno as u64 - 1) * 512)
            .unwrap();
        assert_eq!(buf, page(512, pgno, newest[&pgno]));
    }
    assert!(w3.close(&dbf, false).unwrap());
    assert!(!suffixed(&db, "-wal").exists() && !suffixed(&db, "-shm").exists());
}

#[test]
fn close_keeps_files_while_another_connection_uses_them() {
    let dir = tmpdir("close");
    let (db, mut peer) = sqlite_wal_db(&dir, 4096);
    let dbf = open_rw(&db);
    let wal = Wal::open(&db, 4096).unwrap();
    assert!(!wal.close(&dbf, true).unwrap());
    assert!(suffixed(&db, "-wal").exists() && suffixed(&db, "-shm").exists());
    assert_eq!(peer.q("SELECT count(*) FROM t"), "[(1440,)]");
}

/// Rewrites a log with the other checksum byte order (magic 0x377f0683 on this machine).
fn flip_checksum_order(wal: &[u8]) -> Vec<u8> {
    use super::format::{decode_frame, encode_frame, WalHeader};
    let h = WalHeader::decode(wal[..32].try_into().unwrap()).unwrap();
    let big = !h.big_endian;
    let mut nh = WalHeader::new(h.page_size, h.ckpt_seq, h.salt);
    nh.big_endian = big;
    nh.cksum = super::format::checksum(&nh.encode()[..24], big, [0, 0]);
    let mut out = nh.encode().to_vec();
    let fsz = 24 + h.page_size as usize;
    let (mut old_ck, mut new_ck) = (h.cksum, nh.cksum);
    for frame in wal[32..].chunks_exact(fsz) {
        let fh: &[u8; 24] = frame[..24].try_into().unwrap();
        let Some(f) = decode_frame(fh, &frame[24..], &h.salt, h.big_endian, old_ck) else {
            break;
        };
        old_ck = f.cksum;
        let (nfh, c) = encode_frame(f.pgno, f.commit, &h.salt, big, new_ck, &frame[24..]);
        new_ck = c;
        out.extend_from_slice(&nfh);
        out.extend_from_slice(&frame[24..]);
    }
    out
}

#[test]
fn reads_a_log_with_the_other_checksum_byte_order_like_sqlite() {
    let dir = tmpdir("byteorder");
    let (db, _peer) = sqlite_wal_db(&dir, 1024);
    let c = dir.join("flipped.db");
    copy_db_and_wal(&db, &c);
    let flipped = flip_checksum_order(&std::fs::read(suffixed(&c, "-wal")).unwrap());
    assert_eq!(
        flipped[3],
        0x82 ^ 1 ^ (super::format::NATIVE_BIG_ENDIAN as u8)
    );
    std::fs::write(suffixed(&c, "-wal"), &flipped).unwrap();
    let expected = sqlite_checkpointed_pages(&c, 1024);
    let mut wal = Wal::open(&c, 1024).unwrap();
    wal.begin_read().unwrap();
    assert!(wal.frame_count() > 100);
    assert!(snapshot_pages(&wal, &open_rw(&c), 1024) == expected);
    // Appending continues the log in its own byte order; sqlite3 accepts the result.
    wal.begin_write().unwrap();
    let p1 = expected[0].clone();
    wal.append_frames(&[(1, &p1)], Some(expected.len() as u32), true)
        .unwrap();
    wal.end_write();
    wal.end_read();
    drop(wal);
    assert_eq!(sqlite(&c, "PRAGMA integrity_check;"), "ok");
}

#[test]
fn uncommitted_frames_of_a_dead_writer_are_ignored() {
    let dir = tmpdir("dead-writer");
    let (a, b) = a_and_b(&dir, 4096, 1000);
    let mut wal = Wal::open(&a, 4096).unwrap();
    write_b_into(&mut wal, &b);
    // A second transaction spills garbage pages and dies before its commit frame.
    wal.begin_read().unwrap();
    wal.begin_write().unwrap();
    let junk = vec![0xeeu8; 4096];
    let pages: Vec<(u32, &[u8])> = (1..=5).map(|n| (n, junk.as_slice())).collect();
    wal.append_frames(&pages, None, false).unwrap();
    drop(wal);
    check_b(&a, 1000);
    assert!(file_pages(&a, 4096) == b);
}

#[test]
fn wal_and_shm_get_the_database_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmpdir("perms");
    let db = dir.join("p.db");
    File::create(&db).unwrap();
    for mode in [0o600, 0o664] {
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(mode)).unwrap();
        let wal = Wal::open(&db, 4096).unwrap();
        for s in ["-wal", "-shm"] {
            let m = std::fs::metadata(suffixed(&db, s))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(m & 0o777, mode, "{s}");
        }
        assert!(wal.close(&open_rw(&db), false).unwrap());
    }
}

#[test]
fn page_size_65536_round_trips_both_ways() {
    let dir = tmpdir("64k");
    // sqlite3's log and index, read by us (the index stores 65536 as 1).
    let (db, _peer) = sqlite_wal_db(&dir, 65536);
    let mut wal = Wal::open(&db, 65536).unwrap();
    let hdr = index::read_hdr(&wal.shm).unwrap().expect("sqlite's header");
    assert_eq!((hdr.page_size_code, hdr.page_size()), (1, 65536));
    wal.begin_read().unwrap();
    let copy = dir.join("copy.db");
    copy_db_and_wal(&db, &copy);
    assert!(snapshot_pages(&wal, &open_rw(&db), 65536) == sqlite_checkpointed_pages(&copy, 65536));
    wal.end_read();
    drop(wal);
    // Our log and index, read by sqlite3.
    let dir2 = tmpdir("64k-ours");
    let (a, b) = a_and_b(&dir2, 65536, 3000);
    let dbf = open_rw(&a);
    shared_db_lock(&dbf);
    let mut wal = Wal::open(&a, 65536).unwrap();
    write_b_into(&mut wal, &b);
    check_b(&a, 3000);
    assert!(wal.close(&dbf, true).unwrap());
    check_b(&a, 3000);
}

/// A `-wal` file that fails writes or syncs on demand.
struct Faulty {
    inner: File,
    fail_write: std::sync::atomic::AtomicBool,
    fail_sync: std::sync::atomic::AtomicBool,
}

impl WalFile for Faulty {
    fn read_at(&self, off: u64, buf: &mut [u8]) -> crate::Result<usize> {
        WalFile::read_at(&self.inner, off, buf)
    }
    fn write_at(&self, off: u64, buf: &[u8]) -> crate::Result<()> {
        if self.fail_write.load(std::sync::atomic::Ordering::SeqCst) {
            // A partial write, then the error.
            let _ = WalFile::write_at(&self.inner, off, &buf[..buf.len() / 2]);
            return Err(crate::Error::from_code(codes::SQLITE_IOERR_WRITE));
        }
        WalFile::write_at(&self.inner, off, buf)
    }
    fn sync(&self) -> crate::Result<()> {
        if self.fail_sync.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(crate::Error::from_code(codes::SQLITE_IOERR_FSYNC));
        }
        WalFile::sync(&self.inner)
    }
    fn file_size(&self) -> crate::Result<u64> {
        self.inner.file_size()
    }
    fn set_len(&self, len: u64) -> crate::Result<()> {
        WalFile::set_len(&self.inner, len)
    }
}

fn commit_versions(
    w: &mut Wal,
    pages: std::ops::RangeInclusive<u32>,
    version: u32,
) -> crate::Result<()> {
    w.begin_read()?;
    w.begin_write()?;
    let imgs: Vec<(u32, Vec<u8>)> = pages.map(|n| (n, page(512, n, version))).collect();
    let refs: Vec<(u32, &[u8])> = imgs.iter().map(|(n, p)| (*n, p.as_slice())).collect();
    let r = w.append_frames(&refs, Some(20), true);
    w.end_write();
    w.end_read();
    r
}

#[test]
fn failed_log_writes_and_syncs_leave_the_last_commit_intact() {
    let dir = tmpdir("faulty");
    let db = dir.join("f.db");
    File::create(&db).unwrap();
    let mut w = Wal::open(&db, 512).unwrap();
    w.file = Box::new(Faulty {
        inner: open_rw(&suffixed(&db, "-wal")),
        fail_write: false.into(),
        fail_sync: false.into(),
    });
    commit_versions(&mut w, 1..=20, 1).unwrap();
    let set = |w: &mut Wal, write: bool, sync: bool| {
        w.file = Box::new(Faulty {
            inner: open_rw(&suffixed(&db, "-wal")),
            fail_write: write.into(),
            fail_sync: sync.into(),
        });
    };
    set(&mut w, true, false);
    let e = commit_versions(&mut w, 1..=10, 2).unwrap_err();
    assert_eq!(e.extended_code, codes::SQLITE_IOERR_WRITE);
    set(&mut w, false, true);
    let e = commit_versions(&mut w, 1..=15, 3).unwrap_err();
    assert_eq!(e.extended_code, codes::SQLITE_IOERR_FSYNC);
    // Nobody sees versions 2 or 3.
    let mut other = Wal::open(&db, 512).unwrap();
    other.begin_read().unwrap();
    assert_eq!(other.frame_count(), 20);
    for n in 1..=20 {
        assert_eq!(version_of(&other, n), Some(1));
    }
    other.end_read();
    // The next commit reuses the frames; recovery agrees with the index.
    set(&mut w, false, false);
    commit_versions(&mut w, 5..=7, 4).unwrap();
    drop(other);
    drop(w);
    let mut fresh = Wal::open(&db, 512).unwrap();
    fresh.begin_read().unwrap();
    assert_eq!(fresh.frame_count(), 23);
    for n in 1..=20 {
        let want = if (5..=7).contains(&n) { 4 } else { 1 };
        assert_eq!(version_of(&fresh, n), Some(want), "page {n}");
    }
}
