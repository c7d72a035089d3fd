//! The pager against the real `sqlite3` (3.40.1): file format, journal format and locking
//! interoperate both ways. Each test skips (with a note) when `sqlite3` is not installed.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

use ferrolite::codes;
use ferrolite::io::{FaultConfig, FaultVfs, FileKind, OpenOptions, Vfs};
use ferrolite::pager::{JournalMode, Pager, PagerOptions};

fn have_sqlite3() -> bool {
    let ok = Command::new("sqlite3").arg("-version").output().is_ok();
    if !ok {
        eprintln!("sqlite3 not installed: test skipped");
    }
    ok
}

/// A fresh directory for one test, removed at the end unless the test failed.
struct TmpDir(PathBuf);

impl std::ops::Deref for TmpDir {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for TmpDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tmpdir(name: &str) -> TmpDir {
    let d = std::env::temp_dir().join(format!("ferrolite-pager-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TmpDir(d)
}

/// Runs `sqlite3 db sql`; returns (success, stdout, stderr).
fn sqlite3(db: &Path, sql: &str) -> (bool, String, String) {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

fn ok(db: &Path, sql: &str) -> String {
    let (success, out, err) = sqlite3(db, sql);
    assert!(success, "sqlite3 {sql:?} failed: {err}");
    out
}

fn open(db: &Path) -> Pager {
    Pager::open(Some(db.to_str().unwrap()), &PagerOptions::default()).unwrap()
}

/// An interactive `sqlite3` child: send statements, wait for them to finish.
struct Shell {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Shell {
    fn start(db: &Path) -> Shell {
        let mut child = Command::new("sqlite3")
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Shell {
            child,
            stdin,
            stdout,
        }
    }

    /// Runs `sql` and waits until the shell has executed it; returns its output lines.
    fn run(&mut self, sql: &str) -> Vec<String> {
        writeln!(self.stdin, "{sql}\n.print @@done").unwrap();
        self.stdin.flush().unwrap();
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "sqlite3 exited"
            );
            let line = line.trim_end().to_string();
            if line == "@@done" {
                return lines;
            }
            lines.push(line);
        }
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn make_sample(db: &Path) {
    ok(
        db,
        "create table t(a integer primary key, b text); create index tb on t(b);
         with recursive c(x) as (select 1 union all select x+1 from c where x<800)
         insert into t select x, hex(randomblob(60)) from c;
         delete from t where a % 3 = 0;",
    );
}

#[test]
fn reads_a_sqlite3_database_page_by_page() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("read");
    let db = dir.join("s.db");
    ok(&db, "pragma page_size=1024; create table z(q)");
    make_sample(&db);
    let bytes = std::fs::read(&db).unwrap();
    let p = open(&db);
    p.begin_read().unwrap();
    assert_eq!(p.page_size(), 1024);
    assert_eq!(p.page_count().to_string(), ok(&db, "pragma page_count"));
    assert_eq!(
        p.freelist_count().unwrap().to_string(),
        ok(&db, "pragma freelist_count")
    );
    for pgno in 1..=p.page_count() {
        let start = (pgno as usize - 1) * 1024;
        assert!(
            p.get(pgno).unwrap().data()[..] == bytes[start..start + 1024],
            "page {pgno}"
        );
    }
    assert_eq!(
        p.get(p.page_count() + 1).unwrap_err().code(),
        codes::SQLITE_CORRUPT
    );
}

#[test]
fn a_database_we_create_passes_sqlite3_integrity_check() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("create");
    for page_size in [512usize, 4096, 65536] {
        let db = dir.join(format!("ours{page_size}.db"));
        let p = Pager::open(
            Some(db.to_str().unwrap()),
            &PagerOptions {
                page_size,
                ..PagerOptions::default()
            },
        )
        .unwrap();
        p.begin_write().unwrap();
        p.get(1).unwrap(); // creates page 1
        p.commit().unwrap();
        drop(p);
        assert!(!dir.join(format!("ours{page_size}.db-journal")).exists());
        assert_eq!(ok(&db, "pragma integrity_check"), "ok");
        assert_eq!(ok(&db, "pragma page_size"), page_size.to_string());
        // A fresh empty database from sqlite3 has the same bytes.
        let theirs = dir.join(format!("theirs{page_size}.db"));
        ok(
            &theirs,
            &format!("pragma page_size={page_size}; pragma user_version=0"),
        );
        assert!(std::fs::read(&db).unwrap() == std::fs::read(&theirs).unwrap());
        ok(&db, "create table t(a); insert into t values(1),(2)");
        assert_eq!(
            ok(&db, "select sum(a) from t; pragma integrity_check"),
            "3\nok"
        );
    }
}

#[test]
fn our_freelist_is_valid_for_sqlite3_and_theirs_for_us() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("freelist");
    let db = dir.join("f.db");
    make_sample(&db);
    ok(&db, "create table big(x); insert into big select randomblob(3000) from t limit 100; drop table big;");
    let theirs: u32 = ok(&db, "pragma freelist_count").parse().unwrap();
    assert!(theirs > 100);
    let count: u32 = ok(&db, "pragma page_count").parse().unwrap();
    let p = open(&db);
    p.begin_write().unwrap();
    assert_eq!(p.freelist_count().unwrap(), theirs);
    // Take 30 pages from sqlite3's freelist, and add 40 new pages; give them all back.
    let mut pages = Vec::new();
    for _ in 0..(theirs + 40) {
        pages.push(p.allocate().unwrap());
    }
    assert_eq!(p.freelist_count().unwrap(), 0);
    assert_eq!(p.page_count(), count + 40);
    for page in pages {
        p.free(page).unwrap();
    }
    p.commit().unwrap();
    drop(p);
    assert_eq!(ok(&db, "pragma integrity_check"), "ok");
    assert_eq!(ok(&db, "pragma freelist_count"), (theirs + 40).to_string());
    assert_eq!(ok(&db, "select count(*) from t"), "534");
    ok(&db, "insert into t(b) select b from t");
    assert_eq!(ok(&db, "pragma integrity_check"), "ok");
}

#[test]
fn sqlite3_write_lock_makes_us_busy_and_ours_makes_it_busy() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("locks");
    let db = dir.join("l.db");
    make_sample(&db);
    let mut sh = Shell::start(&db);
    sh.run("begin immediate; insert into t(b) values('x');");
    let p = open(&db);
    assert_eq!(p.begin_write().unwrap_err().code(), codes::SQLITE_BUSY);
    p.begin_read().unwrap(); // RESERVED lets readers in
    p.end_read();
    // While our reader holds SHARED, sqlite3 cannot commit.
    p.begin_read().unwrap();
    let out = sh.run("commit;");
    assert!(out.is_empty());
    p.end_read();
    sh.run("commit;");
    assert_eq!(ok(&db, "select count(*) from t where b='x'"), "1");

    // Vice versa: our RESERVED makes sqlite3's BEGIN IMMEDIATE fail.
    p.begin_write().unwrap();
    let (success, _, err) = sqlite3(&db, "begin immediate");
    assert!(!success && err.contains("database is locked"), "{err}");
    // ... but sqlite3 can still read.
    assert_eq!(ok(&db, "select count(*) from t where b='x'"), "1");
    p.rollback().unwrap();
    p.end_read();
    ok(&db, "begin immediate; commit");

    // A reader in sqlite3 keeps our commit out (BUSY); the transaction survives for a retry.
    let mut reader = Shell::start(&db);
    reader.run("begin; select count(*) from t;");
    p.begin_write().unwrap();
    let page = p.get(2).unwrap();
    p.make_writable(&page).unwrap();
    assert_eq!(p.commit().unwrap_err().code(), codes::SQLITE_BUSY);
    reader.run("commit;");
    p.commit().unwrap();
    p.end_read();
    assert_eq!(ok(&db, "pragma integrity_check"), "ok");
}

#[test]
fn sqlite3_commit_fails_while_we_read_and_sqlite3_sees_our_busy_state() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("shared");
    let db = dir.join("s.db");
    make_sample(&db);
    let p = open(&db);
    p.begin_read().unwrap();
    let (success, _, err) = sqlite3(&db, "insert into t(b) values('y')");
    assert!(!success && err.contains("database is locked"), "{err}");
    p.end_read();
    ok(&db, "insert into t(b) values('y')");
    // Our cache notices sqlite3's commit.
    p.begin_read().unwrap();
    let bytes = std::fs::read(&db).unwrap();
    assert_eq!(&p.get(1).unwrap().data()[24..28], &bytes[24..28]);
}

#[test]
fn closing_a_second_connection_keeps_the_first_ones_locks() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("inode");
    let db = dir.join("i.db");
    make_sample(&db);
    let a = open(&db);
    a.begin_write().unwrap();
    let b = open(&db);
    b.begin_read().unwrap();
    assert_eq!(
        b.begin_write().unwrap_err().code(),
        codes::SQLITE_BUSY,
        "in-process RESERVED"
    );
    b.end_read();
    drop(b); // closes a descriptor of the same file: POSIX would drop A's locks
    let (success, _, err) = sqlite3(&db, "begin immediate");
    assert!(!success && err.contains("database is locked"), "{err}");
    a.rollback().unwrap();
    a.end_read();
    drop(a);
    ok(&db, "begin immediate; commit");
}

#[test]
fn busy_timeout_waits_for_sqlite3_to_finish() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("busywait");
    let db = dir.join("w.db");
    make_sample(&db);
    let mut sh = Shell::start(&db);
    sh.run("begin immediate;");
    let p = open(&db);
    p.set_busy_timeout(3000);
    let t = std::time::Instant::now();
    let handle = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        sh.run("commit;");
        sh
    });
    p.begin_write().unwrap();
    assert!(t.elapsed().as_millis() >= 250);
    p.rollback().unwrap();
    drop(handle.join().unwrap());
}

#[test]
fn we_roll_back_a_hot_journal_left_by_a_killed_sqlite3() {
    if !have_sqlite3() {
        return;
    }
    for mode in ["delete", "persist", "truncate"] {
        let dir = tmpdir(&format!("hot-{mode}"));
        let db = dir.join("h.db");
        make_sample(&db);
        ok(&db, &format!("pragma journal_mode={mode}"));
        let before = std::fs::read(&db).unwrap();
        let mut sh = Shell::start(&db);
        // A tiny cache forces sqlite3 to spill changed pages into the file mid-transaction.
        sh.run(&format!(
            "pragma journal_mode={mode}; pragma cache_size=2; begin; \
             update t set b = hex(randomblob(70)); insert into t(b) select b from t;"
        ));
        sh.child.kill().unwrap();
        sh.child.wait().unwrap();
        let journal = dir.join("h.db-journal");
        assert!(journal.exists());
        assert_ne!(
            std::fs::read(&db).unwrap(),
            before,
            "sqlite3 spilled pages ({mode})"
        );
        let p = open(&db);
        if mode != "delete" {
            p.set_journal_mode(JournalMode::parse(mode).unwrap());
        }
        p.begin_read().unwrap();
        match mode {
            "delete" => assert!(!journal.exists(), "journal deleted after playback"),
            "truncate" => assert_eq!(std::fs::metadata(&journal).unwrap().len(), 0),
            _ => assert_eq!(std::fs::read(&journal).unwrap()[..28], [0u8; 28]),
        }
        p.end_read();
        drop(p);
        // sqlite3 reuses freelist leaves without journaling them (their bytes mean nothing),
        // so those may differ; every other page must be restored exactly.
        let after = std::fs::read(&db).unwrap();
        assert_eq!(after.len(), before.len());
        let free = freelist_leaves(&before, 4096);
        for (i, (a, b)) in after.chunks(4096).zip(before.chunks(4096)).enumerate() {
            let pgno = i as u32 + 1;
            assert!(
                a == b || free.contains(&pgno),
                "page {pgno} not restored ({mode})"
            );
        }
        assert_eq!(ok(&db, "pragma integrity_check"), "ok");
    }
}

/// Leaf pages of the freelist of a database image.
fn freelist_leaves(db: &[u8], page_size: usize) -> Vec<u32> {
    let be = |off: usize| u32::from_be_bytes(db[off..off + 4].try_into().unwrap());
    let mut leaves = Vec::new();
    let mut trunk = be(32) as usize;
    while trunk != 0 {
        let base = (trunk - 1) * page_size;
        for i in 0..be(base + 4) as usize {
            leaves.push(be(base + 8 + 4 * i));
        }
        trunk = be(base) as usize;
    }
    leaves
}

/// Loads a real file into a fault-injecting backend (durably).
fn load(vfs: &FaultVfs, name: &str, bytes: &[u8]) {
    let f = vfs
        .open(
            name,
            OpenOptions {
                kind: FileKind::MainDb,
                read_only: false,
                create: true,
            },
        )
        .unwrap();
    f.write_at(0, bytes).unwrap();
    f.sync().unwrap();
}

#[test]
fn sqlite3_rolls_back_a_hot_journal_we_left() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("ourhot");
    let src = dir.join("src.db");
    make_sample(&src);
    let before = std::fs::read(&src).unwrap();
    let n_pages = before.len() / 4096;
    // Crash at points after the journal is durable and the database is partly overwritten.
    let scribble = |p: &Pager, small_cache: bool| -> ferrolite::Result<()> {
        if small_cache {
            p.set_cache_size(10); // spills: a journal of many segments, the file half-written
        }
        p.begin_write()?;
        for pgno in 2..=n_pages as u32 {
            let page = p.get(pgno)?;
            p.make_writable(&page)?;
            page.data_mut().fill(0xaa);
        }
        p.commit()
    };
    for (i, (back, small)) in [
        (2u64, false),
        (3, false),
        (4, false),
        (6, false),
        (2, true),
        (3, true),
        (30, true),
        (60, true),
    ]
    .into_iter()
    .enumerate()
    {
        let probe = FaultVfs::new();
        load(&probe, "x.db", &before);
        let pv: Arc<dyn Vfs> = Arc::new(probe.clone());
        let mode = [
            JournalMode::Delete,
            JournalMode::Persist,
            JournalMode::Truncate,
        ][i % 3];
        let p = Pager::open_with_vfs(pv, "x.db", &PagerOptions::default(), false).unwrap();
        p.set_journal_mode(mode);
        probe.configure(FaultConfig::default());
        scribble(&p, small).unwrap();
        let steps = probe.mutations();
        drop(p);
        let fault = FaultVfs::new();
        load(&fault, "x.db", &before);
        let fv: Arc<dyn Vfs> = Arc::new(fault.clone());
        let p = Pager::open_with_vfs(fv, "x.db", &PagerOptions::default(), false).unwrap();
        p.set_journal_mode(mode);
        fault.configure(FaultConfig {
            crash_after: Some(steps - back),
            ..FaultConfig::default()
        });
        assert!(scribble(&p, small).is_err());
        drop(p);
        fault.recover(i as u64);
        let db = dir.join(format!("crashed{i}.db"));
        std::fs::write(&db, fault.contents("x.db").unwrap()).unwrap();
        let j = fault.contents("x.db-journal").expect("hot journal left");
        std::fs::write(dir.join(format!("crashed{i}.db-journal")), j).unwrap();
        assert_eq!(
            ok(&db, "pragma integrity_check"),
            "ok",
            "crash {back} steps before the end"
        );
        assert_eq!(ok(&db, "select count(*) from t"), "534");
        assert!(std::fs::read(&db).unwrap() == before);
    }
}

#[test]
fn journal_modes_on_real_files_interoperate() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("modes");
    for mode in [
        JournalMode::Delete,
        JournalMode::Truncate,
        JournalMode::Persist,
    ] {
        let db = dir.join(format!("{}.db", mode.name()));
        make_sample(&db);
        let p = open(&db);
        p.set_journal_mode(mode);
        p.begin_write().unwrap();
        let page = p.allocate().unwrap();
        p.free(page).unwrap();
        p.commit().unwrap();
        drop(p);
        let journal = dir.join(format!("{}.db-journal", mode.name()));
        assert_eq!(journal.exists(), mode != JournalMode::Delete, "{mode:?}");
        assert_eq!(ok(&db, "pragma integrity_check"), "ok");
        assert_eq!(ok(&db, "select count(*) from t"), "534");
        // And sqlite3's retired journals are not hot for us.
        ok(
            &db,
            &format!(
                "pragma journal_mode={}; insert into t(b) values('z');",
                mode.name()
            ),
        );
        let p = open(&db);
        p.begin_read().unwrap();
        p.end_read();
        assert_eq!(ok(&db, "select count(*) from t"), "535");
    }
}

#[test]
fn garbage_files_are_not_databases() {
    let dir = tmpdir("garbage");
    let db = dir.join("g.db");
    std::fs::write(
        &db,
        b"this is not a database, just some text that is long enough to have a header........",
    )
    .unwrap();
    let p = Pager::open(Some(db.to_str().unwrap()), &PagerOptions::default()).unwrap();
    let e = p.begin_read().unwrap_err();
    assert_eq!(e.code(), codes::SQLITE_NOTADB);
    let e = Pager::open(Some(dir.to_str().unwrap()), &PagerOptions::default())
        .err()
        .unwrap();
    assert_eq!(e.code(), codes::SQLITE_CANTOPEN);
}

#[test]
fn a_wal_mode_database_opens_in_wal_mode() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("walmode");
    let db = dir.join("w.db");
    assert_eq!(
        ok(
            &db,
            "pragma journal_mode=wal; create table t(a); insert into t values(1);"
        ),
        "wal"
    );
    // A live sqlite3 connection keeps committed frames in the log.
    let mut sh = Shell::start(&db);
    sh.run("insert into t values(2);");
    assert!(dir.join("w.db-wal").exists());
    let p = open(&db);
    p.begin_read().unwrap();
    assert_eq!(p.journal_mode(), JournalMode::Wal);
    p.end_read();
    p.begin_write().unwrap();
    let page = p.get(2).unwrap();
    p.make_writable(&page).unwrap();
    drop(page);
    p.commit().unwrap();
    drop(p);
    drop(sh);
    assert_eq!(
        ok(&db, "select count(*) from t; pragma integrity_check"),
        "2\nok"
    );
}

#[test]
fn pager_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Pager>();
}

#[test]
fn exclusive_locking_mode_keeps_sqlite3_out_until_normal() {
    use ferrolite::pager::LockingMode;
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("exclusive");
    let db = dir.join("x.db");
    make_sample(&db);
    let p = open(&db);
    p.set_locking_mode(LockingMode::Exclusive);
    p.begin_read().unwrap();
    p.end_read();
    let (success, _, err) = sqlite3(&db, "insert into t(b) values('q')");
    assert!(
        !success && err.contains("database is locked"),
        "SHARED kept: {err}"
    );
    assert_eq!(
        ok(&db, "select count(*) from t"),
        "534",
        "but readers may read"
    );
    p.begin_write().unwrap();
    let page = p.get(2).unwrap();
    p.make_writable(&page).unwrap();
    p.commit().unwrap();
    let (success, _, err) = sqlite3(&db, "select count(*) from t");
    assert!(
        !success && err.contains("database is locked"),
        "EXCLUSIVE kept: {err}"
    );
    p.set_locking_mode(LockingMode::Normal);
    assert_eq!(
        ok(&db, "select count(*) from t; pragma integrity_check"),
        "534\nok"
    );
}

#[test]
fn pending_locks_keep_new_readers_out_both_ways() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("pending");
    let db = dir.join("p.db");
    make_sample(&db);
    // Ours: a sqlite3 reader blocks our commit, which leaves us at PENDING.
    let mut reader = Shell::start(&db);
    reader.run("begin; select count(*) from t;");
    let p = open(&db);
    p.begin_write().unwrap();
    let page = p.get(2).unwrap();
    p.make_writable(&page).unwrap();
    drop(page);
    assert_eq!(p.commit().unwrap_err().code(), codes::SQLITE_BUSY);
    let (success, _, err) = sqlite3(&db, "select count(*) from t");
    assert!(
        !success && err.contains("database is locked"),
        "new reader kept out: {err}"
    );
    reader.run("commit;");
    p.commit().unwrap();
    p.end_read();
    assert_eq!(ok(&db, "select count(*) from t"), "534");

    // Theirs: our reader blocks sqlite3's commit; sqlite3 then holds PENDING.
    let q = open(&db);
    q.begin_read().unwrap();
    let mut writer = Shell::start(&db);
    writer.run("begin immediate; insert into t(b) values('p');");
    writer.run("commit;"); // fails: our SHARED
    q.end_read();
    // (While q still read, a second pager of this process would share q's SHARED lock
    // without asking the kernel, as SQLite's own unix backend does.)
    let r = open(&db);
    assert_eq!(r.begin_read().unwrap_err().code(), codes::SQLITE_BUSY);
    writer.run("commit;");
    r.begin_read().unwrap();
    r.end_read();
    assert_eq!(ok(&db, "select count(*) from t"), "535");
}

#[test]
fn threads_with_their_own_pagers_lose_no_update() {
    let dir = tmpdir("threads");
    let db = dir.join("c.db");
    {
        let p = open(&db);
        p.begin_write().unwrap();
        let page = p.allocate().unwrap();
        assert_eq!(page.pgno(), 2);
        p.commit().unwrap();
    }
    let path = db.to_str().unwrap().to_string();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let p = Pager::open(Some(&path), &PagerOptions::default()).unwrap();
                p.set_busy_timeout(10_000);
                for _ in 0..40 {
                    p.begin_write().unwrap();
                    let page = p.get(2).unwrap();
                    p.make_writable(&page).unwrap();
                    {
                        let mut d = page.data_mut();
                        let n = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
                        d[..4].copy_from_slice(&(n + 1).to_be_bytes());
                    }
                    drop(page);
                    p.commit().unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let p = open(&db);
    let n = u32::from_be_bytes(p.get(2).unwrap().data()[..4].try_into().unwrap());
    assert_eq!(n, 160);
}

#[test]
fn replace_database_changes_page_size_atomically() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("replace");
    let a = dir.join("a.db");
    let b = dir.join("b.db");
    make_sample(&a); // 4096-byte pages
    ok(
        &b,
        "pragma page_size=1024; create table u(x); insert into u values('new');",
    );
    let image = std::fs::read(&b).unwrap();
    let p = open(&a);
    p.begin_read().unwrap();
    let before_counter = p.get(1).unwrap().data()[24..28].to_vec();
    p.end_read();
    p.replace_database(&image).unwrap();
    assert_eq!(p.page_size(), 1024);
    assert_eq!(p.page_count() as usize, image.len() / 1024);
    assert!(!dir.join("a.db-journal").exists());
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes.len(), image.len());
    assert!(bytes[100..] == image[100..], "pages copied");
    let counter = u32::from_be_bytes(bytes[24..28].try_into().unwrap());
    assert_eq!(
        counter,
        u32::from_be_bytes(before_counter.try_into().unwrap()) + 1
    );
    assert_eq!(
        ok(
            &a,
            "pragma page_size; select x from u; pragma integrity_check"
        ),
        "1024\nnew\nok"
    );
    // Not an image of a database: refused, nothing changed.
    assert_eq!(
        p.replace_database(b"garbage").unwrap_err().code(),
        codes::SQLITE_NOTADB
    );
    assert_eq!(ok(&a, "select count(*) from u"), "1");
}

#[test]
fn crash_while_replacing_the_database_leaves_old_or_new() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("replacecrash");
    let a = dir.join("a.db");
    let b = dir.join("b.db");
    make_sample(&a);
    ok(
        &b,
        "pragma page_size=1024; create table u(x); insert into u values('new');",
    );
    let old = std::fs::read(&a).unwrap();
    let image = std::fs::read(&b).unwrap();
    let probe = FaultVfs::new();
    load(&probe, "x.db", &old);
    let pv: Arc<dyn Vfs> = Arc::new(probe.clone());
    let p = Pager::open_with_vfs(pv, "x.db", &PagerOptions::default(), false).unwrap();
    probe.configure(FaultConfig::default());
    p.replace_database(&image).unwrap();
    let steps = probe.mutations();
    drop(p);
    let (mut olds, mut news) = (0, 0);
    for crash_at in 0..=steps {
        let fault = FaultVfs::new();
        load(&fault, "x.db", &old);
        let fv: Arc<dyn Vfs> = Arc::new(fault.clone());
        let p = Pager::open_with_vfs(fv, "x.db", &PagerOptions::default(), false).unwrap();
        fault.configure(FaultConfig {
            crash_after: Some(crash_at),
            ..FaultConfig::default()
        });
        let _ = p.replace_database(&image);
        drop(p);
        fault.recover(crash_at);
        let db = dir.join(format!("c{crash_at}.db"));
        std::fs::write(&db, fault.contents("x.db").unwrap()).unwrap();
        if let Some(j) = fault.contents("x.db-journal") {
            std::fs::write(dir.join(format!("c{crash_at}.db-journal")), j).unwrap();
        }
        // Our own recovery (on a copy of the crashed files) gives one state or the other...
        let ours = FaultVfs::new();
        load(&ours, "x.db", &fault.contents("x.db").unwrap());
        if let Some(j) = fault.contents("x.db-journal") {
            load(&ours, "x.db-journal", &j);
        }
        let ov: Arc<dyn Vfs> = Arc::new(ours.clone());
        let q = Pager::open_with_vfs(ov, "x.db", &PagerOptions::default(), false).unwrap();
        q.begin_read().unwrap();
        q.end_read();
        let mine = ours.contents("x.db").unwrap();
        assert!(
            mine == old || (mine.len() == image.len() && mine[100..] == image[100..]),
            "our recovery after crash {crash_at}/{steps}: a mixed file"
        );
        drop(q);
        // ... and so does sqlite3's.
        let out = ok(&db, "pragma integrity_check; pragma page_size");
        match out.as_str() {
            "ok\n4096" => {
                assert_eq!(ok(&db, "select count(*) from t"), "534");
                olds += 1;
            }
            "ok\n1024" => {
                assert_eq!(ok(&db, "select x from u"), "new");
                news += 1;
            }
            other => panic!("crash after {crash_at}/{steps}: {other}"),
        }
    }
    assert!(olds > 0 && news > 0, "{olds} old, {news} new");
}

#[test]
fn alternating_commits_with_sqlite3_never_read_a_stale_cache() {
    if !have_sqlite3() {
        return;
    }
    let dir = tmpdir("alternate");
    let db = dir.join("a.db");
    ok(&db, "create table t(a integer primary key, b)");
    let mut sh = Shell::start(&db);
    let p = open(&db);
    for i in 0..30 {
        // sqlite3 changes a row in place: same file size, new change counter.
        sh.run(&format!("insert or replace into t values(1, {i});"));
        p.begin_read().unwrap();
        let file = std::fs::read(&db).unwrap();
        for pgno in 1..=p.page_count() {
            let at = (pgno as usize - 1) * 4096;
            assert!(
                p.get(pgno).unwrap().data()[..] == file[at..at + 4096],
                "round {i} page {pgno}"
            );
        }
        p.end_read();
        // And we commit in between: bump a header field the schema layer does not use
        // (page 1 offset 60, user_version) through the pager.
        p.begin_write().unwrap();
        let p1 = p.get(1).unwrap();
        p.make_writable(&p1).unwrap();
        p1.data_mut()[60..64].copy_from_slice(&(i as u32).to_be_bytes());
        drop(p1);
        p.commit().unwrap();
        p.end_read();
        assert_eq!(sh.run("pragma user_version;"), vec![i.to_string()]);
    }
    drop(sh);
    assert_eq!(ok(&db, "select b from t; pragma integrity_check"), "29\nok");
}

#[test]
fn the_journal_gets_the_database_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmpdir("perms");
    let db = dir.join("p.db");
    let p = open(&db);
    p.begin_write().unwrap();
    p.commit().unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    p.set_journal_mode(JournalMode::Persist);
    p.begin_write().unwrap();
    let page = p.get(1).unwrap();
    p.make_writable(&page).unwrap();
    drop(page);
    p.commit().unwrap();
    let mode = std::fs::metadata(dir.join("p.db-journal"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
}
