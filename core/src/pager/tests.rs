//! Pager tests on the in-memory and fault-injecting backends. Tests against the real `sqlite3`
//! live in `core/tests/pager_sqlite3.rs`.

use std::sync::Arc;

use super::*;
use crate::error::codes;
use crate::io::{FaultConfig, FaultVfs, MemVfs, Vfs};

fn opts(page_size: usize) -> PagerOptions {
    PagerOptions {
        page_size,
        ..PagerOptions::default()
    }
}

fn open_on(vfs: &Arc<dyn Vfs>, page_size: usize) -> Pager {
    Pager::open_with_vfs(vfs.clone(), "test.db", &opts(page_size), false).unwrap()
}

/// Appends `n` pages, each filled with `fill` after a 4-byte tag (its page number).
fn append_pages(p: &Pager, n: usize, fill: u8) -> Vec<PageNo> {
    if p.page_count() == 0 {
        p.get(1).unwrap(); // a new database: page 1 first
    }
    (0..n)
        .map(|_| {
            let page = p.allocate().unwrap();
            let mut d = page.data_mut();
            d.fill(fill);
            d[..4].copy_from_slice(&page.pgno().to_be_bytes());
            page.pgno()
        })
        .collect()
}

fn fill_page(p: &Pager, pgno: PageNo, fill: u8) {
    let page = p.get(pgno).unwrap();
    p.make_writable(&page).unwrap();
    page.data_mut()[4..].fill(fill);
}

fn page_fill(p: &Pager, pgno: PageNo) -> u8 {
    p.get(pgno).unwrap().data()[10]
}

/// Every page's bytes, read through a fresh pager.
fn snapshot(vfs: &Arc<dyn Vfs>, page_size: usize) -> Vec<Vec<u8>> {
    let p = open_on(vfs, page_size);
    p.begin_read().unwrap();
    let n = p.page_count();
    let pages = (1..=n).map(|i| p.get(i).unwrap().data().clone()).collect();
    p.end_read();
    pages
}

#[test]
fn first_commit_writes_sqlite3_page_one() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    let p = open_on(&vfs, 4096);
    assert_eq!(p.page_count(), 0);
    p.begin_write().unwrap();
    p.rollback().unwrap();
    assert_eq!(
        mem.contents("test.db").unwrap().len(),
        0,
        "rolled back: nothing written"
    );
    assert_eq!(p.page_count(), 0);
    // `sqlite3 x.db "begin immediate; commit"` writes page 1 of an empty database.
    p.begin_write().unwrap();
    assert_eq!(p.page_count(), 1);
    p.commit().unwrap();
    let bytes = mem.contents("test.db").unwrap();
    assert_eq!(bytes.len(), 4096);
    // Bytes 16..32 and 92..112 of a fresh `sqlite3` database with an empty schema.
    assert_eq!(&bytes[..16], b"SQLite format 3\0");
    assert_eq!(
        &bytes[16..32],
        &[0x10, 0, 1, 1, 0, 0x40, 0x20, 0x20, 0, 0, 0, 1, 0, 0, 0, 1]
    );
    assert_eq!(
        &bytes[92..112],
        &[0, 0, 0, 1, 0, 0x2e, 0x63, 1, 0x0d, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0]
    );
    assert!(mem.contents("test.db-journal").is_none(), "journal deleted");
}

#[test]
fn commit_then_reopen_reads_pages_and_counter_advances() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 1024);
    p.begin_write().unwrap();
    append_pages(&p, 5, 7);
    p.commit().unwrap();
    p.begin_write().unwrap();
    fill_page(&p, 3, 9);
    p.commit().unwrap();
    drop(p);
    let q = open_on(&vfs, 4096);
    q.begin_read().unwrap();
    assert_eq!(q.page_size(), 1024, "page size comes from the header");
    assert_eq!(q.page_count(), 6);
    assert_eq!(page_fill(&q, 2), 7);
    assert_eq!(page_fill(&q, 3), 9);
    let p1 = q.get(1).unwrap();
    assert_eq!(header::get_u32(&p1.data(), 24), 2, "two commits");
    assert_eq!(header::get_u32(&p1.data(), 92), 2);
    assert_eq!(header::get_u32(&p1.data(), 28), 6);
}

#[test]
fn rollback_restores_pages_and_size() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 3, 1);
    p.commit().unwrap();
    let before = snapshot(&vfs, 512);
    p.begin_write().unwrap();
    fill_page(&p, 2, 0xee);
    append_pages(&p, 4, 2);
    let held = p.get(3).unwrap();
    p.make_writable(&held).unwrap();
    held.data_mut()[100] = 0x55;
    p.rollback().unwrap();
    assert_eq!(p.page_count(), 4);
    assert_eq!(page_fill(&p, 2), 1);
    assert_eq!(
        held.data()[100],
        1,
        "a held PageRef sees the restored bytes"
    );
    assert_eq!(p.get(5).unwrap_err().code(), codes::SQLITE_CORRUPT);
    assert_eq!(snapshot(&vfs, 512), before);
}

#[test]
fn rollback_of_first_transaction_leaves_empty_database() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 2, 1);
    p.rollback().unwrap();
    assert_eq!(p.page_count(), 0);
    p.begin_write().unwrap();
    assert_eq!(&p.get(1).unwrap().data()[..16], b"SQLite format 3\0");
    assert_eq!(
        p.allocate().unwrap().pgno(),
        2,
        "page 1 exists from begin_write on"
    );
    p.commit().unwrap();
}

#[test]
fn savepoints_nest() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 3, 1); // pages 2..4
    assert_eq!(p.open_savepoint().unwrap(), 1);
    fill_page(&p, 2, 2);
    assert_eq!(p.open_savepoint().unwrap(), 2);
    fill_page(&p, 2, 3);
    fill_page(&p, 3, 3);
    append_pages(&p, 2, 3); // 5, 6
    assert_eq!(p.open_savepoint().unwrap(), 3);
    fill_page(&p, 4, 4);
    p.rollback_to_savepoint(2).unwrap();
    assert_eq!(p.savepoint_depth(), 2);
    assert_eq!(
        (page_fill(&p, 2), page_fill(&p, 3), page_fill(&p, 4)),
        (2, 1, 1)
    );
    assert_eq!(p.page_count(), 4);
    fill_page(&p, 3, 5);
    p.release_savepoint(2).unwrap();
    assert_eq!(p.savepoint_depth(), 1);
    assert_eq!(page_fill(&p, 3), 5, "release keeps changes");
    p.rollback_to_savepoint(1).unwrap();
    assert_eq!((page_fill(&p, 2), page_fill(&p, 3)), (1, 1));
    fill_page(&p, 4, 6);
    p.release_savepoint(1).unwrap();
    p.commit().unwrap();
    drop(p);
    let q = open_on(&vfs, 512);
    assert_eq!(
        (page_fill(&q, 2), page_fill(&q, 3), page_fill(&q, 4)),
        (1, 1, 6)
    );
    assert_eq!(q.page_count(), 4);
}

#[test]
fn savepoint_rollback_restores_freelist() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 4, 1);
    let sp = p.open_savepoint().unwrap();
    p.free(p.get(3).unwrap()).unwrap();
    p.free(p.get(4).unwrap()).unwrap();
    assert_eq!(p.freelist_count().unwrap(), 2);
    p.rollback_to_savepoint(sp).unwrap();
    assert_eq!(p.freelist_count().unwrap(), 0);
    assert_eq!(page_fill(&p, 4), 1);
    p.commit().unwrap();
}

#[test]
fn freelist_reuses_pages_trunks_and_leaves() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    let pages = append_pages(&p, 300, 1); // more than one trunk's worth (512/4 - 8 = 120)
    p.commit().unwrap();
    p.begin_write().unwrap();
    for pgno in &pages {
        p.free(p.get(*pgno).unwrap()).unwrap();
    }
    assert_eq!(p.freelist_count().unwrap(), 300);
    p.commit().unwrap();
    let count = p.page_count();
    p.begin_write().unwrap();
    let mut got = Vec::new();
    for _ in 0..300 {
        let page = p.allocate().unwrap();
        assert!(
            page.data().iter().all(|b| *b == 0),
            "allocated pages are zeroed"
        );
        got.push(page.pgno());
    }
    assert_eq!(
        p.page_count(),
        count,
        "no growth while the freelist has pages"
    );
    assert_eq!(p.freelist_count().unwrap(), 0);
    got.sort_unstable();
    assert_eq!(got, pages);
    assert_eq!(p.allocate().unwrap().pgno(), count + 1);
    p.commit().unwrap();
}

#[test]
fn cache_is_bounded_but_pins_held_pages() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 200, 3);
    p.commit().unwrap();
    p.set_cache_size(20);
    let held = p.get(2).unwrap();
    for i in 3..=201 {
        assert_eq!(page_fill(&p, i), 3);
    }
    assert!(p.cached_pages() <= 20, "{}", p.cached_pages());
    assert!(Arc::ptr_eq(&held, &p.get(2).unwrap()));
}

#[test]
fn two_connections_lock_like_sqlite() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let a = open_on(&vfs, 512);
    let b = open_on(&vfs, 512);
    a.begin_write().unwrap();
    append_pages(&a, 1, 1);
    a.commit().unwrap();
    a.end_read();

    b.begin_read().unwrap();
    assert_eq!(page_fill(&b, 2), 1);
    a.begin_write().unwrap();
    assert_eq!(
        b.begin_write().unwrap_err().code(),
        codes::SQLITE_BUSY,
        "one RESERVED"
    );
    fill_page(&a, 2, 2);
    assert_eq!(
        a.commit().unwrap_err().code(),
        codes::SQLITE_BUSY,
        "reader blocks EXCLUSIVE"
    );
    assert_eq!(page_fill(&b, 2), 1, "reader still sees the old page");
    b.end_read();
    // A is PENDING now: a new reader is kept out until A commits.
    assert_eq!(b.begin_read().unwrap_err().code(), codes::SQLITE_BUSY);
    a.commit().unwrap();
    a.end_read();
    b.begin_read().unwrap();
    assert_eq!(
        page_fill(&b, 2),
        2,
        "cache dropped after another connection's commit"
    );
}

#[test]
fn busy_timeout_waits_then_gives_up() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let a = open_on(&vfs, 512);
    let b = open_on(&vfs, 512);
    a.begin_write().unwrap();
    a.commit().unwrap();
    a.begin_write().unwrap();
    b.set_busy_timeout(60);
    let t = std::time::Instant::now();
    assert_eq!(b.begin_write().unwrap_err().code(), codes::SQLITE_BUSY);
    assert!(t.elapsed().as_millis() >= 55, "{:?}", t.elapsed());
    let calls = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let c2 = calls.clone();
    b.set_busy_handler(Some(Arc::new(move |n| {
        c2.store(n + 1, std::sync::atomic::Ordering::SeqCst);
        n < 3
    })));
    assert!(b.begin_write().is_err());
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 4);
}

#[test]
fn journal_modes_leave_the_right_journal() {
    for (mode, expect) in [
        (JournalMode::Delete, None),
        (JournalMode::Truncate, Some(0usize)),
        (JournalMode::Persist, Some(1)),
        (JournalMode::Memory, None),
        (JournalMode::Off, None),
    ] {
        let mem = MemVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
        let p = open_on(&vfs, 512);
        assert_eq!(p.set_journal_mode(mode), mode);
        p.begin_write().unwrap();
        append_pages(&p, 2, 1);
        p.commit().unwrap();
        p.begin_write().unwrap();
        fill_page(&p, 2, 2);
        p.commit().unwrap();
        let j = mem.contents("test.db-journal");
        match expect {
            None => assert!(j.is_none(), "{mode:?}"),
            Some(0) => assert_eq!(j.unwrap().len(), 0),
            Some(_) => {
                let j = j.unwrap();
                assert!(j.len() > 512 && j[..28].iter().all(|b| *b == 0), "{mode:?}");
            }
        }
        p.begin_write().unwrap();
        fill_page(&p, 2, 3);
        p.rollback().unwrap();
        assert_eq!(page_fill(&p, 2), 2, "{mode:?}");
    }
}

#[test]
fn memory_database_rejects_file_journal_modes() {
    let p = Pager::open(None, &PagerOptions::default()).unwrap();
    assert_eq!(p.journal_mode(), JournalMode::Memory);
    assert_eq!(p.set_journal_mode(JournalMode::Delete), JournalMode::Memory);
    assert_eq!(p.set_journal_mode(JournalMode::Wal), JournalMode::Memory);
    assert_eq!(p.set_journal_mode(JournalMode::Off), JournalMode::Off);
    p.begin_write().unwrap();
    append_pages(&p, 3, 4);
    p.commit().unwrap();
    p.begin_write().unwrap();
    fill_page(&p, 3, 5);
    p.rollback().unwrap();
    assert_eq!(page_fill(&p, 3), 4);
}

#[test]
fn page_size_is_settable_only_before_the_first_write() {
    let p = Pager::open(None, &PagerOptions::default()).unwrap();
    assert_eq!(p.set_page_size(1000), 4096, "not a power of two");
    assert_eq!(p.set_page_size(65536), 65536);
    p.begin_write().unwrap();
    p.get(1).unwrap();
    p.commit().unwrap();
    assert_eq!(p.set_page_size(1024), 65536);
    assert_eq!(&p.get(1).unwrap().data()[16..18], &[0, 1]);
}

#[test]
fn garbage_and_truncated_files_are_errors_not_panics() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    let f = vfs.open("test.db", io_opts()).unwrap();
    f.write_at(0, b"abc").unwrap();
    // Like sqlite3_open, opening succeeds; the first read says what the file is.
    let p = open_on(&vfs, 4096);
    let e = p.begin_read().unwrap_err();
    assert_eq!(e.code(), codes::SQLITE_NOTADB);
    assert_eq!(e.message, "file is not a database");
    assert_eq!(p.get(1).unwrap_err().code(), codes::SQLITE_NOTADB);
    assert_eq!(p.begin_write().unwrap_err().code(), codes::SQLITE_NOTADB);
    f.write_at(0, &[0u8; 4096]).unwrap();
    let p = open_on(&vfs, 4096);
    assert_eq!(p.begin_read().unwrap_err().code(), codes::SQLITE_NOTADB);

    // A valid database whose header claims more pages than the file has.
    f.truncate(0).unwrap();
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 3, 1);
    p.commit().unwrap();
    drop(p);
    f.truncate(1024).unwrap();
    let p = open_on(&vfs, 512);
    assert_eq!(p.begin_read().unwrap_err().code(), codes::SQLITE_CORRUPT);
    assert_eq!(p.get(2).unwrap_err().code(), codes::SQLITE_CORRUPT);
}

#[test]
fn page_numbers_out_of_range_are_corrupt() {
    let p = Pager::open(None, &PagerOptions::default()).unwrap();
    assert_eq!(
        p.get(1).unwrap_err().code(),
        codes::SQLITE_CORRUPT,
        "empty database"
    );
    p.begin_write().unwrap();
    p.get(1).unwrap();
    p.commit().unwrap();
    assert!(p.get(1).is_ok());
    assert_eq!(p.get(0).unwrap_err().code(), codes::SQLITE_CORRUPT);
    assert_eq!(p.get(2).unwrap_err().code(), codes::SQLITE_CORRUPT);
    assert_eq!(
        p.allocate().unwrap_err().code(),
        codes::SQLITE_MISUSE,
        "outside a write"
    );
}

#[test]
fn corrupt_freelist_is_reported() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 2, 0);
    let p1 = p.get(1).unwrap();
    p.make_writable(&p1).unwrap();
    header::put_u32(&mut p1.data_mut(), 32, 99); // trunk past the end
    header::put_u32(&mut p1.data_mut(), 36, 1);
    assert_eq!(p.allocate().unwrap_err().code(), codes::SQLITE_CORRUPT);
    header::put_u32(&mut p1.data_mut(), 32, 2); // trunk with an absurd leaf count
    let t = p.get(2).unwrap();
    p.make_writable(&t).unwrap();
    header::put_u32(&mut t.data_mut(), 4, 100_000);
    assert_eq!(p.allocate().unwrap_err().code(), codes::SQLITE_CORRUPT);
    p.rollback().unwrap();
}

fn io_opts() -> crate::io::OpenOptions {
    crate::io::OpenOptions {
        kind: crate::io::FileKind::MainDb,
        read_only: false,
        create: true,
    }
}

/// Rounds of a crash test: `default`, or `FERROLITE_CRASH_ROUNDS` for a longer soak.
fn crash_rounds(default: u64) -> u64 {
    std::env::var("FERROLITE_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Builds the "old" state of the crash tests: 12 pages of 512 bytes.
fn crash_base(vfs: &Arc<dyn Vfs>) {
    let p = open_on(vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 11, 1);
    p.commit().unwrap();
}

/// The transaction that crashes: changes pages, frees two, appends some.
fn crash_txn(p: &Pager, round: u64) -> Result<(), crate::Error> {
    p.begin_write()?;
    for pgno in [2, 5, 7, 12] {
        let page = p.get(pgno)?;
        p.make_writable(&page)?;
        page.data_mut()[4..].fill(0x40 + round as u8 % 64);
    }
    p.free(p.get(9)?)?;
    p.free(p.get(10)?)?;
    for _ in 0..(1 + round % 5) {
        let page = p.allocate()?;
        page.data_mut().fill(0x77);
    }
    p.commit()
}

#[test]
fn crash_at_any_point_of_a_commit_leaves_old_or_new_state() {
    let mut outcomes = [0usize; 2];
    for round in 0..crash_rounds(240) {
        let mode = [
            JournalMode::Delete,
            JournalMode::Truncate,
            JournalMode::Persist,
        ][round as usize % 3];
        let fault = FaultVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
        crash_base(&vfs);
        let old = snapshot(&vfs, 512);
        // Learn the new state and the number of I/O steps from a run without a crash.
        let probe = FaultVfs::new();
        let pvfs: Arc<dyn Vfs> = Arc::new(probe.clone());
        crash_base(&pvfs);
        let p = open_on(&pvfs, 512);
        p.set_journal_mode(mode);
        probe.configure(FaultConfig::default());
        crash_txn(&p, round).unwrap();
        let steps = probe.mutations();
        drop(p);
        let new = snapshot(&pvfs, 512);

        let p = open_on(&vfs, 512);
        p.set_journal_mode(mode);
        let crash_at = round * 7919 % (steps + 1);
        fault.configure(FaultConfig {
            crash_after: Some(crash_at),
            ..FaultConfig::default()
        });
        let r = crash_txn(&p, round);
        drop(p);
        fault.recover(round);
        let after = snapshot(&vfs, 512);
        if after == old {
            outcomes[0] += 1;
        } else if after == new {
            outcomes[1] += 1;
            assert!(
                crash_at >= steps - 3,
                "new state only after the commit point"
            );
        } else {
            panic!("round {round}: crash after {crash_at}/{steps} steps ({mode:?}, {r:?}) left a mixed state");
        }
    }
    assert!(outcomes[0] > 50 && outcomes[1] > 10, "{outcomes:?}");
}

#[test]
fn io_error_mid_commit_then_rollback_restores_the_file() {
    for fail_after in 0..12u64 {
        let fault = FaultVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
        crash_base(&vfs);
        let old = snapshot(&vfs, 512);
        let p = open_on(&vfs, 512);
        fault.configure(FaultConfig {
            fail_writes_after: Some(fail_after),
            ..FaultConfig::default()
        });
        let r = crash_txn(&p, 1);
        fault.configure(FaultConfig::default());
        if r.is_err() {
            if p.in_write() {
                assert!(p.get(2).is_err() || p.in_write());
            }
            p.rollback().unwrap();
            assert_eq!(snapshot(&vfs, 512), old, "fail after {fail_after} writes");
            // The pager works again.
            crash_txn(&p, 2).unwrap();
        }
    }
}

#[test]
fn read_errors_are_reported() {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.begin_read().unwrap();
    fault.configure(FaultConfig {
        fail_reads_after: Some(0),
        ..FaultConfig::default()
    });
    assert_eq!(
        p.get(3).unwrap_err().extended_code,
        codes::SQLITE_IOERR_READ
    );
}

#[test]
fn hot_journal_is_rolled_back_by_the_next_reader() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    crash_base(&vfs);
    let old = snapshot(&vfs, 512);
    // Hand-made crash: journal holding pages 2 and 3, then the database overwritten and grown.
    let db = vfs.open("test.db", io_opts()).unwrap();
    let j = vfs.open("test.db-journal", io_opts()).unwrap();
    let mut bytes = journal::encode_header(2, 77, 12, 512, 512);
    bytes.extend(journal::encode_record(2, &old[1], 77));
    bytes.extend(journal::encode_record(3, &old[2], 77));
    j.write_at(0, &bytes).unwrap();
    db.write_at(512, &[0xaa; 1024]).unwrap();
    db.write_at(512 * 14, &[0xbb; 512]).unwrap();
    drop((db, j));
    let p = open_on(&vfs, 512);
    p.begin_read().unwrap();
    assert_eq!(p.page_count(), 12);
    assert_eq!(page_fill(&p, 2), 1);
    assert!(mem.contents("test.db-journal").is_none());
    p.end_read();
    assert_eq!(snapshot(&vfs, 512), old);
}

#[test]
fn a_writers_live_journal_is_not_hot() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    crash_base(&vfs);
    let a = open_on(&vfs, 512);
    a.begin_write().unwrap();
    fill_page(&a, 2, 9);
    // A leftover journal while A holds RESERVED must not be played back by B.
    let j = vfs.open("test.db-journal", io_opts()).unwrap();
    j.write_at(0, &journal::encode_header(0, 1, 12, 512, 512))
        .unwrap();
    let b = open_on(&vfs, 512);
    b.begin_read().unwrap();
    assert_eq!(page_fill(&b, 2), 1);
    assert!(mem.contents("test.db-journal").is_some());
    b.end_read();
    a.commit().unwrap();
    assert!(mem.contents("test.db-journal").is_none());
}

#[test]
fn a_page_ref_kept_across_a_reset_cannot_be_written() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let a = open_on(&vfs, 512);
    let b = open_on(&vfs, 512);
    a.begin_write().unwrap();
    append_pages(&a, 2, 1);
    a.commit().unwrap();
    a.end_read();
    let stale = a.get(2).unwrap();
    a.end_read();
    b.begin_write().unwrap();
    fill_page(&b, 2, 2);
    b.commit().unwrap();
    b.end_read();
    a.begin_write().unwrap();
    assert_eq!(
        a.make_writable(&stale).unwrap_err().code(),
        codes::SQLITE_MISUSE
    );
    assert_eq!(
        page_fill(&a, 2),
        2,
        "a fresh get sees the other connection's commit"
    );
    a.rollback().unwrap();
}

#[test]
fn read_only_pager_refuses_writes() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    crash_base(&vfs);
    let ro = PagerOptions {
        read_only: true,
        ..opts(512)
    };
    let p = Pager::open_with_vfs(vfs.clone(), "test.db", &ro, false).unwrap();
    assert_eq!(page_fill(&p, 2), 1);
    assert_eq!(p.begin_write().unwrap_err().code(), codes::SQLITE_READONLY);
    let e = Pager::open_with_vfs(vfs.clone(), "missing.db", &ro, false)
        .err()
        .unwrap();
    assert_eq!(e.code(), codes::SQLITE_CANTOPEN);
}

/// The I/O of one commit, in order (DELETE mode): the atomic-commit sequence.
fn commit_log(sync: Synchronous, mode: JournalMode) -> Vec<String> {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.set_synchronous(sync);
    p.set_journal_mode(mode);
    p.begin_write().unwrap();
    fill_page(&p, 3, 9);
    append_pages(&p, 1, 9);
    fault.configure(FaultConfig::default());
    p.commit().unwrap();
    fault.log()
}

#[test]
fn commit_follows_the_atomic_commit_order() {
    // Journal: header (record count 0) + 2 records (pages 1 and 3); sync; count; sync;
    // database pages; sync; delete the journal.
    let rec = 512 + 8;
    assert_eq!(
        commit_log(Synchronous::Full, JournalMode::Delete),
        vec![
            format!("write test.db-journal 0 {}", 512 + 2 * rec),
            "sync test.db-journal".to_string(),
            "write test.db-journal 8 4".to_string(),
            "sync test.db-journal".to_string(),
            "write test.db 0 512".to_string(),
            "write test.db 1024 512".to_string(),
            "write test.db 6144 512".to_string(),
            "sync test.db".to_string(),
            "delete test.db-journal".to_string(),
        ]
    );
    let normal = commit_log(Synchronous::Normal, JournalMode::Truncate);
    assert_eq!(
        &normal[1..4],
        &[
            "write test.db-journal 8 4",
            "sync test.db-journal",
            "write test.db 0 512"
        ],
        "NORMAL writes the count before its single journal sync"
    );
    assert_eq!(
        &normal[normal.len() - 2..],
        &["sync test.db", "truncate test.db-journal 0"]
    );
    let full_persist = commit_log(Synchronous::Full, JournalMode::Persist);
    assert_eq!(
        &full_persist[full_persist.len() - 2..],
        &["write test.db-journal 0 28", "sync test.db-journal"]
    );
    let off = commit_log(Synchronous::Off, JournalMode::Delete);
    assert!(off.iter().all(|op| !op.starts_with("sync")), "{off:?}");
    let memory = commit_log(Synchronous::Full, JournalMode::Memory);
    assert!(
        memory.iter().all(|op| !op.contains("journal")),
        "{memory:?}"
    );
}

#[test]
fn normal_sync_journal_header_carries_the_record_count() {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.set_synchronous(Synchronous::Normal);
    p.begin_write().unwrap();
    fill_page(&p, 3, 9);
    // Stop right after the journal is synced: the journal is hot, with its count.
    fault.configure(FaultConfig {
        crash_after: Some(3),
        ..FaultConfig::default()
    });
    assert!(p.commit().is_err());
    let j = fault.contents("test.db-journal").unwrap();
    assert_eq!(&j[..8], &journal::MAGIC);
    assert_eq!(header::get_u32(&j, 8), 2);
    assert_eq!(header::get_u32(&j, 16), 12, "original page count");
    assert_eq!(header::get_u32(&j, 20), 512, "sector size");
    assert_eq!(header::get_u32(&j, 24), 512, "page size");
}

#[test]
fn large_transaction_over_a_small_cache_stays_fast() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.set_cache_size(10);
    let t = std::time::Instant::now();
    p.begin_write().unwrap();
    append_pages(&p, 20_000, 5);
    p.commit().unwrap();
    p.begin_write().unwrap();
    for pgno in (2..20_000).step_by(3) {
        fill_page(&p, pgno, 6);
    }
    p.commit().unwrap();
    assert!(p.cached_pages() <= 10, "{}", p.cached_pages());
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    assert_eq!(page_fill(&p, 5), 6);
    assert_eq!(page_fill(&p, 6), 5);
}

struct TestRng(u64);

impl TestRng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Runs every pager operation over a damaged file; any outcome but a panic is fine.
fn exercise(vfs: &Arc<dyn Vfs>) {
    let Ok(p) = Pager::open_with_vfs(vfs.clone(), "test.db", &opts(512), false) else {
        return;
    };
    if p.begin_read().is_err() {
        return;
    }
    let _ = p.freelist_count();
    for pgno in 0..=p.page_count() + 1 {
        let _ = p.get(pgno);
    }
    if p.begin_write().is_ok() {
        for _ in 0..5 {
            if let Ok(page) = p.allocate() {
                page.data_mut()[0] = 1;
            }
        }
        for pgno in 2..p.page_count().min(20) {
            if let Ok(page) = p.get(pgno) {
                let _ = p.free(page);
            }
        }
        if p.commit().is_err() {
            let _ = p.rollback();
        }
    }
}

#[test]
fn damaged_files_and_journals_never_panic() {
    let mut rng = TestRng(0x5eed);
    for round in 0..300 {
        let mem = MemVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
        crash_base(&vfs);
        {
            // Build a freelist so damage can hit trunk pages.
            let p = open_on(&vfs, 512);
            p.begin_write().unwrap();
            for pgno in [4, 6, 7, 9] {
                p.free(p.get(pgno).unwrap()).unwrap();
            }
            p.commit().unwrap();
        }
        let f = vfs.open("test.db", io_opts()).unwrap();
        for _ in 0..1 + rng.next() % 8 {
            let len = f.size().unwrap().max(1);
            let at = if rng.next().is_multiple_of(2) {
                rng.next() % 100
            } else {
                rng.next() % len
            };
            f.write_at(at, &[rng.next() as u8]).unwrap();
        }
        if round % 5 == 0 {
            f.truncate(rng.next() % (512 * 13)).unwrap();
        }
        if round % 3 == 0 {
            // A damaged hot journal too.
            let j = vfs.open("test.db-journal", io_opts()).unwrap();
            let mut bytes = journal::encode_header(3, 9, (rng.next() % 20) as u32, 512, 512);
            for pgno in 1..4u32 {
                bytes.extend(journal::encode_record(pgno, &[rng.next() as u8; 512], 9));
            }
            for _ in 0..rng.next() % 6 {
                let at = (rng.next() as usize) % bytes.len();
                bytes[at] = rng.next() as u8;
            }
            j.write_at(0, &bytes).unwrap();
        }
        drop(f);
        exercise(&vfs);
    }
}

/// 40 data pages of 512 bytes, committed; a pager with a 10-page cache on it.
fn spill_setup() -> (MemVfs, Arc<dyn Vfs>, Pager, Vec<Vec<u8>>) {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 40, 1);
    p.commit().unwrap();
    let old = snapshot(&vfs, 512);
    p.set_cache_size(10);
    (mem, vfs, p, old)
}

#[test]
fn spill_writes_early_and_commit_finishes() {
    let (mem, vfs, p, old) = spill_setup();
    p.begin_write().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 2);
    }
    append_pages(&p, 20, 3);
    assert!(p.cached_pages() <= 20, "{}", p.cached_pages());
    let file = mem.contents("test.db").unwrap();
    assert_ne!(file[512..1024], old[1][..], "page 2 spilled before commit");
    assert!(mem.contents("test.db-journal").is_some());
    p.commit().unwrap();
    drop(p);
    let q = open_on(&vfs, 512);
    assert_eq!(q.page_count(), 61);
    for pgno in 2..=41 {
        assert_eq!(page_fill(&q, pgno), 2, "page {pgno}");
    }
    assert_eq!(page_fill(&q, 61), 3);
}

#[test]
fn rollback_after_spill_restores_the_file() {
    let (mem, vfs, p, old) = spill_setup();
    p.begin_write().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 2);
    }
    append_pages(&p, 20, 3);
    p.rollback().unwrap();
    assert!(mem.contents("test.db-journal").is_none());
    assert_eq!(p.page_count(), 41);
    assert_eq!(page_fill(&p, 7), 1);
    drop(p);
    assert!(snapshot(&vfs, 512) == old);
}

#[test]
fn spilled_page_changed_again_without_make_writable_is_kept() {
    let (_mem, vfs, p, _old) = spill_setup();
    p.begin_write().unwrap();
    fill_page(&p, 2, 2); // made writable once in this transaction
    for pgno in 3..=41 {
        fill_page(&p, pgno, 2); // pushes page 2 out of the cache
    }
    let again = p.get(2).unwrap();
    again.data_mut()[100] = 0x99; // allowed: page 2 is writable in this transaction
    drop(again);
    p.commit().unwrap();
    drop(p);
    let q = open_on(&vfs, 512);
    assert_eq!(q.get(2).unwrap().data()[100], 0x99);
}

#[test]
fn savepoint_rollback_after_spill() {
    let (_mem, vfs, p, _old) = spill_setup();
    p.begin_write().unwrap();
    fill_page(&p, 2, 5);
    let sp = p.open_savepoint().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 6);
    }
    append_pages(&p, 10, 6);
    p.rollback_to_savepoint(sp).unwrap();
    assert_eq!(p.page_count(), 41);
    assert_eq!(page_fill(&p, 2), 5);
    assert_eq!(page_fill(&p, 30), 1);
    p.commit().unwrap();
    drop(p);
    let q = open_on(&vfs, 512);
    assert_eq!(q.page_count(), 41);
    assert_eq!((page_fill(&q, 2), page_fill(&q, 30)), (5, 1));
}

#[test]
fn no_spill_while_a_reader_holds_shared() {
    let (mem, vfs, p, old) = spill_setup();
    let reader = open_on(&vfs, 512);
    reader.begin_read().unwrap();
    p.begin_write().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 2);
    }
    assert!(
        mem.contents("test.db").unwrap() == old.concat(),
        "file untouched"
    );
    assert_eq!(page_fill(&reader, 9), 1);
    assert_eq!(p.commit().unwrap_err().code(), codes::SQLITE_BUSY);
    reader.end_read();
    p.commit().unwrap();
    assert_eq!(page_fill(&reader, 9), 2);
}

#[test]
fn crash_during_a_spilling_transaction_leaves_old_or_new_state() {
    let txn = |p: &Pager, round: u64| -> Result<(), crate::Error> {
        p.set_cache_size(10);
        p.begin_write()?;
        for pgno in (2..=30).rev() {
            let page = p.get(pgno)?;
            p.make_writable(&page)?;
            page.data_mut()[4..].fill(0x30 + (round % 50) as u8);
        }
        for _ in 0..8 {
            p.allocate()?.data_mut().fill(0x66);
        }
        p.commit()
    };
    let base = |vfs: &Arc<dyn Vfs>| {
        let p = open_on(vfs, 512);
        p.begin_write().unwrap();
        append_pages(&p, 30, 1);
        p.commit().unwrap();
    };
    let mut outcomes = [0usize; 2];
    for round in 0..crash_rounds(120) {
        let probe = FaultVfs::new();
        let pvfs: Arc<dyn Vfs> = Arc::new(probe.clone());
        base(&pvfs);
        let old = snapshot(&pvfs, 512);
        let p = open_on(&pvfs, 512);
        probe.configure(FaultConfig::default());
        txn(&p, round).unwrap();
        let steps = probe.mutations();
        drop(p);
        let new = snapshot(&pvfs, 512);
        assert!(
            probe
                .log()
                .iter()
                .filter(|op| op.starts_with("sync test.db-journal"))
                .count()
                > 2,
            "spills happened"
        );

        let fault = FaultVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
        base(&vfs);
        let p = open_on(&vfs, 512);
        // Half the crashes land among the last steps (commit), half anywhere (spills).
        let crash_at = if round % 2 == 0 {
            steps.saturating_sub(round % 14)
        } else {
            round * 7907 % (steps + 1)
        };
        fault.configure(FaultConfig {
            crash_after: Some(crash_at),
            ..FaultConfig::default()
        });
        let r = txn(&p, round);
        drop(p);
        fault.recover(round + 1000);
        let after = snapshot(&vfs, 512);
        if after == old {
            outcomes[0] += 1;
        } else if after == new {
            outcomes[1] += 1;
        } else {
            panic!("round {round}: crash after {crash_at}/{steps} ({r:?}) left a mixed state");
        }
    }
    assert!(outcomes[0] > 30 && outcomes[1] >= 5, "{outcomes:?}");
}

#[test]
fn leaving_persist_mode_rolls_back_a_hot_journal_before_deleting_it() {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let old = snapshot(&vfs, 512);
    let p = open_on(&vfs, 512);
    p.set_journal_mode(JournalMode::Persist);
    p.begin_write().unwrap();
    for pgno in 2..=8 {
        fill_page(&p, pgno, 0xcc);
    }
    // Crash after two database pages are written: a hot journal and a half-written file.
    fault.configure(FaultConfig {
        crash_after: Some(6),
        ..FaultConfig::default()
    });
    assert!(p.commit().is_err());
    drop(p);
    fault.recover(7);
    let q = open_on(&vfs, 512);
    assert_eq!(
        q.set_journal_mode(JournalMode::Persist),
        JournalMode::Persist
    );
    assert_eq!(q.set_journal_mode(JournalMode::Delete), JournalMode::Delete);
    assert!(fault.contents("test.db-journal").is_none());
    drop(q);
    assert!(snapshot(&vfs, 512) == old);
}

#[test]
fn truncate_shrinks_at_commit_and_rolls_back() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    crash_base(&vfs);
    let old = snapshot(&vfs, 512);
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    p.truncate(5).unwrap();
    assert_eq!(p.get(6).unwrap_err().code(), codes::SQLITE_CORRUPT);
    assert_eq!(p.truncate(6).unwrap_err().code(), codes::SQLITE_MISUSE);
    p.rollback().unwrap();
    assert_eq!(p.page_count(), 12);
    assert!(snapshot(&vfs, 512) == old);

    p.begin_write().unwrap();
    p.truncate(5).unwrap();
    p.commit().unwrap();
    assert_eq!(mem.contents("test.db").unwrap().len(), 5 * 512);
    drop(p);
    let q = open_on(&vfs, 512);
    assert_eq!(q.page_count(), 5);
    assert_eq!(header::get_u32(&q.get(1).unwrap().data(), 28), 5);
}

#[test]
fn crash_while_committing_a_truncation_leaves_old_or_new_state() {
    let mut seen_new = 0;
    for crash_at in 0..14u64 {
        let fault = FaultVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
        crash_base(&vfs);
        let old = snapshot(&vfs, 512);
        let p = open_on(&vfs, 512);
        p.begin_write().unwrap();
        fill_page(&p, 3, 4);
        p.truncate(4).unwrap();
        fault.configure(FaultConfig {
            crash_after: Some(crash_at),
            ..FaultConfig::default()
        });
        let r = p.commit();
        drop(p);
        fault.recover(crash_at);
        let after = snapshot(&vfs, 512);
        if r.is_ok() {
            seen_new += 1;
            assert_eq!(after.len(), 4);
            assert_eq!(after[2][10], 4);
        } else if after != old {
            // The commit point (journal deletion) may have passed before the crash.
            assert_eq!(
                after.len(),
                4,
                "crash after {crash_at}: neither old nor new"
            );
            assert_eq!(after[2][10], 4);
        }
    }
    assert!(seen_new > 0);
}

#[test]
fn data_version_changes_when_another_connection_commits() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    crash_base(&vfs);
    let a = open_on(&vfs, 512);
    let b = open_on(&vfs, 512);
    a.begin_read().unwrap();
    a.end_read();
    let v = a.data_version();
    b.begin_write().unwrap();
    fill_page(&b, 2, 3);
    b.commit().unwrap();
    b.end_read();
    a.begin_read().unwrap();
    assert_ne!(a.data_version(), v);
    let v2 = a.data_version();
    a.end_read();
    a.begin_write().unwrap();
    fill_page(&a, 2, 4);
    a.commit().unwrap();
    a.end_read();
    a.begin_read().unwrap();
    assert_eq!(a.data_version(), v2, "our own commits do not count");
}

/// Appends a super-journal record naming `name` to the journal bytes `j` (page size 512).
fn add_super_journal(j: &mut Vec<u8>, name: &str) {
    let lock_page = (0x4000_0000u32 / 512) + 1;
    j.extend_from_slice(&lock_page.to_be_bytes());
    j.extend_from_slice(name.as_bytes());
    j.extend_from_slice(&(name.len() as u32).to_be_bytes());
    let sum = name.bytes().fold(0u32, |a, b| a.wrapping_add(b as u32));
    j.extend_from_slice(&sum.to_be_bytes());
    j.extend_from_slice(&journal::MAGIC);
}

#[test]
fn journal_of_a_committed_multi_database_transaction_is_not_rolled_back() {
    for super_exists in [false, true] {
        let mem = MemVfs::new();
        let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
        crash_base(&vfs);
        let old = snapshot(&vfs, 512);
        let db = vfs.open("test.db", io_opts()).unwrap();
        let j = vfs.open("test.db-journal", io_opts()).unwrap();
        let mut bytes = journal::encode_header(1, 5, 12, 512, 512);
        bytes.extend(journal::encode_record(2, &old[1], 5));
        add_super_journal(&mut bytes, "test.db-mj01234567");
        j.write_at(0, &bytes).unwrap();
        db.write_at(512, &[0xab; 512]).unwrap(); // the committed change
        if super_exists {
            vfs.open("test.db-mj01234567", io_opts()).unwrap();
        }
        drop((db, j));
        let p = open_on(&vfs, 512);
        let want = if super_exists { 1 } else { 0xab };
        assert_eq!(
            page_fill(&p, 2),
            want,
            "super-journal exists: {super_exists}"
        );
        assert!(mem.contents("test.db-journal").is_none());
    }
}

#[test]
fn cache_spill_off_keeps_the_file_untouched_until_commit() {
    let (mem, _vfs, p, old) = spill_setup();
    p.set_cache_spill(false);
    p.begin_write().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 2);
    }
    assert!(mem.contents("test.db").unwrap() == old.concat());
    assert!(mem.contents("test.db-journal").is_none());
    p.commit().unwrap();
    assert_eq!(page_fill(&p, 20), 2);
}

#[test]
fn failed_rollback_after_spill_is_retried_from_the_journal() {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 40, 1);
    p.commit().unwrap();
    let old = snapshot(&vfs, 512);
    p.set_cache_size(10);
    p.begin_write().unwrap();
    for pgno in 2..=41 {
        fill_page(&p, pgno, 2);
    }
    fault.configure(FaultConfig {
        fail_writes_after: Some(2),
        ..FaultConfig::default()
    });
    assert!(p.rollback().is_err(), "writing the originals back fails");
    assert!(p.get(2).is_err(), "the pager is in the error state");
    fault.configure(FaultConfig::default());
    p.rollback().unwrap();
    assert_eq!(page_fill(&p, 2), 1);
    drop(p);
    assert!(snapshot(&vfs, 512) == old);
}

#[test]
fn set_page_count_grows_without_touching_the_freelist() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    p.free(p.get(5).unwrap()).unwrap();
    p.set_page_count(20).unwrap();
    assert_eq!(p.page_count(), 20);
    assert_eq!(p.freelist_count().unwrap(), 1, "freelist untouched");
    assert!(p.get(20).unwrap().data().iter().all(|b| *b == 0));
    p.set_page_count(8).unwrap();
    assert_eq!(p.page_count(), 8);
    p.commit().unwrap();
    drop(p);
    assert_eq!(snapshot(&vfs, 512).len(), 8);
}

#[test]
fn savepoint_opened_before_the_write_transaction() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    // SAVEPOINT a (deferred transaction); then writes; ROLLBACK TO a; RELEASE a.
    assert_eq!(p.open_savepoint().unwrap(), 1);
    p.begin_write().unwrap();
    fill_page(&p, 2, 7);
    append_pages(&p, 3, 7);
    assert_eq!(p.open_savepoint().unwrap(), 2);
    fill_page(&p, 3, 8);
    p.rollback_to_savepoint(1).unwrap();
    assert_eq!(
        (page_fill(&p, 2), page_fill(&p, 3), p.page_count()),
        (1, 1, 12)
    );
    fill_page(&p, 4, 9);
    p.release_savepoint(1).unwrap();
    p.commit().unwrap();
    assert_eq!(p.savepoint_depth(), 0);
    assert_eq!(page_fill(&p, 4), 9);
    // Without any write, rolling back to a savepoint is a no-op.
    p.open_savepoint().unwrap();
    p.rollback_to_savepoint(1).unwrap();
    p.release_savepoint(1).unwrap();
    assert_eq!(
        p.release_savepoint(1).unwrap_err().code(),
        codes::SQLITE_MISUSE
    );
}

#[test]
fn a_large_update_keeps_memory_bounded_by_the_cache() {
    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    let p = open_on(&vfs, 512);
    p.begin_write().unwrap();
    append_pages(&p, 2000, 1);
    p.commit().unwrap();
    let old = snapshot(&vfs, 512);
    p.set_cache_size(50);
    p.begin_write().unwrap();
    for pgno in 2..=2001 {
        fill_page(&p, pgno, 2);
    }
    {
        let st = p.state.lock();
        let held = st.originals.values().filter(|b| b.is_some()).count();
        assert!(held <= 100, "{held} original images in memory");
        assert!(st.cache.len() <= 100, "{} cached pages", st.cache.len());
    }
    let held = p.get(1500).unwrap();
    p.rollback().unwrap();
    assert_eq!(
        held.data()[10],
        1,
        "a held page sees its original bytes again"
    );
    assert_eq!(page_fill(&p, 700), 1);
    drop((held, p));
    assert!(snapshot(&vfs, 512) == old);
}

#[test]
fn playback_restores_a_file_that_a_crashed_commit_shrank() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    crash_base(&vfs);
    let old = snapshot(&vfs, 512);
    // The crashed transaction rewrote page 2 and cut the file to 6 pages; pages 7..12 were
    // not journaled (as freelist leaves need not be).
    let db = vfs.open("test.db", io_opts()).unwrap();
    let j = vfs.open("test.db-journal", io_opts()).unwrap();
    let mut bytes = journal::encode_header(1, 3, 12, 512, 512);
    bytes.extend(journal::encode_record(2, &old[1], 3));
    j.write_at(0, &bytes).unwrap();
    db.write_at(512, &[0xee; 512]).unwrap();
    db.truncate(6 * 512).unwrap();
    drop((db, j));
    let p = open_on(&vfs, 512);
    p.begin_read().unwrap();
    assert_eq!(p.page_count(), 12);
    assert_eq!(page_fill(&p, 2), 1);
    assert_eq!(mem.contents("test.db").unwrap().len(), 12 * 512);
}

#[test]
fn replace_database_in_memory_and_busy_with_a_reader() {
    // The image: a 1024-byte-page database of 3 pages.
    let src = Pager::open(None, &opts(1024)).unwrap();
    src.begin_write().unwrap();
    append_pages(&src, 2, 9);
    src.commit().unwrap();
    let image: Vec<u8> = (1..=3)
        .flat_map(|n| src.get(n).unwrap().data().clone())
        .collect();

    let p = Pager::open(None, &opts(512)).unwrap();
    p.begin_write().unwrap();
    append_pages(&p, 5, 1);
    p.commit().unwrap();
    p.end_read();
    p.replace_database(&image).unwrap();
    assert_eq!((p.page_size(), p.page_count()), (1024, 3));
    assert_eq!(page_fill(&p, 3), 9);

    let vfs: Arc<dyn Vfs> = Arc::new(MemVfs::new());
    crash_base(&vfs);
    let old = snapshot(&vfs, 512);
    let reader = open_on(&vfs, 512);
    reader.begin_read().unwrap();
    let w = open_on(&vfs, 512);
    assert_eq!(
        w.replace_database(&image).unwrap_err().code(),
        codes::SQLITE_BUSY
    );
    reader.end_read();
    assert!(snapshot(&vfs, 512) == old, "unchanged after BUSY");
    w.replace_database(&image).unwrap();
    assert_eq!(page_fill(&reader, 3), 9, "the reader sees the new database");
    assert_eq!(reader.page_size(), 1024);
}

#[test]
fn try_get_reports_uncached_pages_without_io() {
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.begin_read().unwrap();
    fault.configure(FaultConfig {
        fail_reads_after: Some(0),
        ..FaultConfig::default()
    });
    assert!(
        p.try_get(7).unwrap().is_none(),
        "not cached, and no read attempted"
    );
    fault.configure(FaultConfig::default());
    p.load(7).unwrap();
    assert_eq!(p.try_get(7).unwrap().unwrap().data()[10], 1);
    assert_eq!(p.try_get(99).unwrap_err().code(), codes::SQLITE_CORRUPT);
}

#[test]
fn journal_size_limit_cuts_a_persisted_journal() {
    let mem = MemVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(mem.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    p.set_journal_mode(JournalMode::Persist);
    assert_eq!(p.set_journal_size_limit(1000), 1000);
    p.begin_write().unwrap();
    for pgno in 2..=12 {
        fill_page(&p, pgno, 3);
    }
    p.commit().unwrap();
    let j = mem.contents("test.db-journal").unwrap();
    assert_eq!(j.len(), 1000);
    assert!(j[..28].iter().all(|b| *b == 0));
    assert_eq!(page_fill(&p, 12), 3);
}

/// The no-I/O mode of `pending.rs`: an armed `get` serves cached pages, records a miss
/// (which pager, which page) instead of reading, and asks for page 1 when even the read lock
/// is missing; `load` reads whatever the mode.
#[test]
fn armed_get_records_misses_without_io() {
    use super::pending;
    let fault = FaultVfs::new();
    let vfs: Arc<dyn Vfs> = Arc::new(fault.clone());
    crash_base(&vfs);
    let p = open_on(&vfs, 512);
    let me = &p as *const Pager as usize;
    fault.configure(FaultConfig {
        fail_reads_after: Some(0),
        ..FaultConfig::default()
    });
    {
        let _a = pending::Armed::new();
        assert!(p.begin_read().is_err(), "no lock taken in the no-I/O mode");
        assert_eq!(pending::take_miss(), Some((me, 1)));
        assert!(p.get(7).is_err());
        assert_eq!(pending::take_miss(), Some((me, 7)));
    }
    fault.configure(FaultConfig::default());
    let pinned = {
        let _a = pending::Armed::new();
        p.load(7).unwrap()
    };
    assert_eq!(pinned.data()[10], 1);
    {
        let _a = pending::Armed::new();
        assert_eq!(p.get(7).unwrap().data()[10], 1);
        assert!(p.get(8).is_err());
        assert_eq!(pending::take_miss(), Some((me, 8)));
        assert_eq!(p.get(99).unwrap_err().code(), codes::SQLITE_CORRUPT);
        assert_eq!(
            pending::take_miss(),
            None,
            "bad page numbers are errors, not misses"
        );
    }
    assert!(!pending::armed());
}
