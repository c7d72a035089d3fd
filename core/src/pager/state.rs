//! The pager object: opening, page access, settings.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use parking_lot::Mutex;

use super::cache::{PageCache, DEFAULT_CACHE_SIZE};
use super::header::{self, valid_page_size, HEADER_SIZE};
use super::journal::JournalWriter;
use super::options::{
    timeout_handler, BusyHandler, JournalMode, LockingMode, PagerOptions, Synchronous,
};
use super::page::{Page, PageNo, PageRef};
use super::savepoint::Savepoint;
use crate::error::{codes, Error, Result};
use crate::io::PENDING_BYTE;
use crate::io::{read_zero_filled, FileKind, MemVfs, OpenOptions, UnixVfs, Vfs, VfsFile};

/// Transaction state of one pager (see the module comment's state diagram).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Txn {
    /// No lock.
    None,
    /// SHARED lock; the cache is valid.
    Read,
    /// RESERVED (or more) lock; pages may be changed.
    Write,
}

pub(crate) struct State {
    pub vfs: Arc<dyn Vfs>,
    pub db_path: String,
    pub journal_path: String,
    pub db: Box<dyn VfsFile>,
    pub in_memory: bool,
    pub read_only: bool,
    pub page_size: usize,
    /// `PRAGMA page_size` on a database that has pages: the size the next VACUUM gives it.
    pub pending_page_size: Option<usize>,
    pub reserved: usize,
    /// Pages in the database as this connection sees it (including pages the open write
    /// transaction added).
    pub page_count: PageNo,
    /// Page count when the write transaction began.
    pub orig_count: PageNo,
    /// Write version byte of the file's header (2 = WAL).
    pub write_version: u8,
    pub cache: PageCache,
    pub txn: Txn,
    /// A read transaction was asked for (by `begin_read` or an implicit read): after a commit
    /// the pager keeps SHARED instead of dropping to no lock.
    pub reading: bool,
    pub locking_mode: LockingMode,
    pub dirty: BTreeSet<PageNo>,
    /// Bytes of each page `<= orig_count` before its first change in this transaction: what
    /// the journal holds and what `rollback` restores.
    /// (`None`: the bytes are durable in the journal and were dropped from memory; rollback
    /// then takes them from the file, after playing the journal back if the file changed.)
    pub originals: BTreeMap<PageNo, Option<Vec<u8>>>,
    pub savepoints: Vec<Savepoint>,
    /// Every page made writable in this transaction. A spilled page read back into the
    /// cache becomes dirty again, so changes made to it without a new `make_writable` (the
    /// contract allows that within one transaction) still reach the file.
    pub writable: HashSet<PageNo>,
    /// The journal being written by this transaction (on-disk journal modes).
    pub journal: Option<JournalWriter>,
    /// Whether this transaction already wrote pages into the database file (cache spill).
    pub spilled: bool,
    /// Spill again only once this many pages are dirty (after a spill that freed little).
    pub spill_retry_at: usize,
    /// `PRAGMA cache_spill` (on by default).
    pub cache_spill: bool,
    /// `PRAGMA journal_size_limit` in bytes (-1: no limit).
    pub journal_size_limit: i64,
    pub journal_mode: JournalMode,
    pub synchronous: Synchronous,
    pub busy: Option<BusyHandler>,
    /// Header bytes 24..40 and the file size when the cache was last known valid.
    pub seen: Option<([u8; 16], u64)>,
    /// Bumped each time another connection's commit is noticed (`PRAGMA data_version`).
    pub data_version: u32,
    /// Set when an I/O error struck after the database file began to change: the cache and
    /// the file cannot be trusted until `rollback` replays the journal.
    pub failed: Option<Error>,
    pub rng: u64,
    /// The WAL, while the database is in WAL mode (see `wal_mode.rs`).
    pub wal: Option<crate::wal::Wal>,
    /// `PRAGMA wal_autocheckpoint`.
    pub wal_autocheckpoint: u32,
}

/// The pager of one connection to one database file (or `:memory:` when `path` is `None`).
pub struct Pager {
    pub(crate) state: Mutex<State>,
}

/// The page that holds the PENDING byte; never used for data.
pub(crate) fn lock_page(page_size: usize) -> PageNo {
    (PENDING_BYTE / page_size as u64 + 1) as PageNo
}

impl Pager {
    /// Opens `path` on the operating system's files; `None`, `""` or `":memory:"` opens a
    /// private in-memory database (journal mode MEMORY).
    /// Errors: `SQLITE_CANTOPEN`. A file that is not a database opens, like in SQLite; the
    /// first read transaction fails with `SQLITE_NOTADB`.
    pub fn open(path: Option<&str>, opts: &PagerOptions) -> Result<Pager> {
        match path {
            None | Some("") | Some(":memory:") => {
                Pager::open_with_vfs(Arc::new(MemVfs::new()), ":memory:", opts, true)
            }
            Some(p) => Pager::open_with_vfs(Arc::new(UnixVfs::new()), p, opts, false),
        }
    }

    /// Opens `path` through `vfs`. `in_memory` selects the `:memory:` behaviour (journal in
    /// memory, journal mode fixed to MEMORY or OFF).
    pub fn open_with_vfs(
        vfs: Arc<dyn Vfs>,
        path: &str,
        opts: &PagerOptions,
        in_memory: bool,
    ) -> Result<Pager> {
        if !valid_page_size(opts.page_size) {
            return Err(Error::misuse());
        }
        let kind = if in_memory {
            FileKind::TempDb
        } else {
            FileKind::MainDb
        };
        let db = vfs.open(
            path,
            OpenOptions {
                kind,
                read_only: opts.read_only,
                create: opts.create,
            },
        )?;
        let journal_path = format!("{path}-journal");
        let read_only = opts.read_only || db.is_read_only();
        let mut st = State {
            vfs,
            db_path: path.to_string(),
            journal_path,
            db,
            in_memory,
            read_only,
            page_size: opts.page_size,
            reserved: 0,
            pending_page_size: None,
            page_count: 0,
            orig_count: 0,
            write_version: 1,
            cache: PageCache::new(DEFAULT_CACHE_SIZE),
            txn: Txn::None,
            reading: false,
            locking_mode: LockingMode::Normal,
            dirty: BTreeSet::new(),
            originals: BTreeMap::new(),
            savepoints: Vec::new(),
            writable: HashSet::new(),
            journal: None,
            spilled: false,
            spill_retry_at: 0,
            cache_spill: true,
            journal_size_limit: -1,
            journal_mode: if in_memory {
                JournalMode::Memory
            } else {
                JournalMode::Delete
            },
            synchronous: Synchronous::Full,
            busy: None,
            seen: None,
            data_version: 1,
            failed: None,
            rng: seed(),
            wal: None,
            wal_autocheckpoint: crate::wal::DEFAULT_AUTOCHECKPOINT,
        };
        // A first look at the header, without a lock (page size and count for callers that
        // ask before reading). A bad header is reported by the first read transaction, under
        // SHARED and after any hot journal is rolled back, as SQLite reports it at the first
        // statement rather than at open.
        if !st.in_memory && st.load_header().is_err() {
            st.page_count = 0;
            st.seen = None;
            st.cache.clear();
        }
        Ok(Pager {
            state: Mutex::new(st),
        })
    }

    pub fn page_size(&self) -> usize {
        self.state.lock().page_size
    }

    /// Usable bytes per page (page size less the header's reserved bytes).
    pub fn usable_size(&self) -> usize {
        let st = self.state.lock();
        st.page_size - st.reserved
    }

    /// Pages in the database, 0 for a new empty file (which has no page 1 and no schema until
    /// the first write transaction creates them).
    pub fn page_count(&self) -> PageNo {
        self.state.lock().page_count
    }

    /// Sets the page size of a database that has no pages yet (`PRAGMA page_size`); on one
    /// that has pages the size waits for the next VACUUM, as in SQLite. Sizes that are not
    /// powers of two in 512..=65536 are ignored. Returns the page size in force.
    pub fn set_page_size(&self, n: usize) -> usize {
        let mut st = self.state.lock();
        if valid_page_size(n) {
            if st.page_count == 0 && st.txn != Txn::Write {
                st.page_size = n;
                st.cache.clear();
            } else {
                st.pending_page_size = Some(n);
            }
        }
        st.page_size
    }

    /// The page size the next VACUUM should give the database (`PRAGMA page_size` since the
    /// database got pages), consumed. In WAL mode the page size cannot change.
    pub fn take_pending_page_size(&self) -> Option<usize> {
        let mut st = self.state.lock();
        let n = st.pending_page_size.take();
        if st.wal.is_some() {
            None
        } else {
            n
        }
    }

    /// Sets the reserved bytes per page of a database that has no pages yet. Returns the
    /// value in force.
    pub fn set_reserved_bytes(&self, n: usize) -> usize {
        let mut st = self.state.lock();
        if st.page_count == 0 && n <= 255 && st.page_size - n >= 480 {
            st.reserved = n;
        }
        st.reserved
    }

    /// `PRAGMA cache_size` in pages (a negative argument is KiB, as in SQLite).
    pub fn set_cache_size(&self, n: i64) {
        let mut st = self.state.lock();
        let pages = if n >= 0 {
            usize::try_from(n).unwrap_or(usize::MAX)
        } else {
            usize::try_from(n.unsigned_abs().saturating_mul(1024)).unwrap_or(usize::MAX)
                / st.page_size
        };
        st.cache.set_capacity(pages.max(10));
        let st = &mut *st;
        st.cache.shrink(&st.dirty);
    }

    /// `PRAGMA cache_spill = on|off`: whether a write transaction may write dirty pages into
    /// the database before commit when the cache is full (see `spill.rs`).
    pub fn set_cache_spill(&self, on: bool) {
        self.state.lock().cache_spill = on;
    }

    /// `PRAGMA journal_size_limit = n`: a PERSIST journal is cut to `n` bytes when a
    /// transaction retires it (negative: no limit, the default). Returns the value in force.
    pub fn set_journal_size_limit(&self, n: i64) -> i64 {
        let mut st = self.state.lock();
        st.journal_size_limit = n.max(-1);
        st.journal_size_limit
    }

    pub fn cache_spill(&self) -> bool {
        self.state.lock().cache_spill
    }

    pub fn cache_size(&self) -> usize {
        self.state.lock().cache.capacity()
    }

    /// Pages held in the cache now (tests, `PRAGMA cache_spill` style diagnostics).
    pub fn cached_pages(&self) -> usize {
        self.state.lock().cache.len()
    }

    pub fn journal_mode(&self) -> JournalMode {
        self.state.lock().reported_journal_mode()
    }

    /// `PRAGMA journal_mode = mode`: returns the mode in force afterwards. In-memory databases
    /// accept only MEMORY and OFF; WAL is not a rollback-journal mode and leaves the mode as
    /// it was; no change during a write transaction.
    pub fn set_journal_mode(&self, mode: JournalMode) -> JournalMode {
        if mode == JournalMode::Wal || self.journal_mode() == JournalMode::Wal {
            return self.switch_wal(mode);
        }
        let mut st = self.state.lock();
        let allowed = match mode {
            JournalMode::Wal => false,
            JournalMode::Memory | JournalMode::Off => true,
            _ => !st.in_memory,
        };
        if allowed && st.txn != Txn::Write {
            if matches!(
                st.journal_mode,
                JournalMode::Persist | JournalMode::Truncate
            ) && mode == JournalMode::Delete
            {
                st.remove_retired_journal();
            }
            st.journal_mode = mode;
        }
        st.journal_mode
    }

    pub fn locking_mode(&self) -> LockingMode {
        self.state.lock().locking_mode
    }

    /// `PRAGMA locking_mode`. Going back to NORMAL releases a kept lock now (outside a write
    /// transaction). Returns the mode in force.
    pub fn set_locking_mode(&self, mode: LockingMode) -> LockingMode {
        let mut st = self.state.lock();
        if st.wal.as_ref().is_some_and(|w| w.is_exclusive()) {
            return LockingMode::Exclusive; // a heap-memory WAL index needs the lock to stay
        }
        st.locking_mode = mode;
        if mode == LockingMode::Normal && st.txn == Txn::Read {
            st.release_lock();
        }
        mode
    }

    pub fn synchronous(&self) -> Synchronous {
        self.state.lock().synchronous
    }

    pub fn set_synchronous(&self, s: Synchronous) {
        self.state.lock().synchronous = s;
    }

    /// `sqlite3_busy_timeout`: retry a lock for up to `ms` milliseconds (0 = fail at once).
    pub fn set_busy_timeout(&self, ms: u32) {
        self.state.lock().busy = (ms > 0).then(|| timeout_handler(ms));
    }

    /// `sqlite3_busy_handler`: `None` removes the handler.
    pub fn set_busy_handler(&self, handler: Option<BusyHandler>) {
        self.state.lock().busy = handler;
    }

    /// The database's file name as opened (`":memory:"` for an in-memory database).
    pub fn path(&self) -> String {
        self.state.lock().db_path.clone()
    }

    /// Whether this is an in-memory (or temp) database without a file.
    pub fn is_memory(&self) -> bool {
        self.state.lock().in_memory
    }

    /// `PRAGMA data_version`: changes whenever this pager notices that another connection
    /// committed (checked at the start of each read transaction).
    pub fn data_version(&self) -> u32 {
        self.state.lock().data_version
    }

    /// Shrinks the database to `n` pages inside the write transaction (VACUUM, auto-vacuum):
    /// pages above `n` are dropped, and the file is truncated at commit. Pages that existed
    /// before the transaction are journaled first, so rollback and crash recovery bring them
    /// back. The freelist and any b-tree pointers into the dropped pages are the caller's.
    /// Errors: `SQLITE_MISUSE` outside a write transaction or for `n` of 0 or above the
    /// current page count.
    pub fn truncate(&self, n: PageNo) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write || n == 0 || n > st.page_count {
            return Err(Error::misuse());
        }
        for pgno in n + 1..=st.page_count.min(st.orig_count) {
            if pgno == lock_page(st.page_size) {
                continue;
            }
            let page = st.get_page(pgno)?;
            st.make_writable(&page)?;
        }
        st.page_count = n;
        st.cache.truncate(n);
        st.dirty.retain(|p| *p <= n);
        Ok(())
    }

    /// Sets the database size to `n` pages inside the write transaction: shrinks as
    /// [`Pager::truncate`], or appends zeroed writable pages (never from the freelist) up to
    /// `n`. For whole-image copies (backup, deserialize): set the size, then `get` +
    /// `make_writable` + copy each page, page 1 included.
    /// Errors: `SQLITE_MISUSE` outside a write transaction or for `n` = 0.
    pub fn set_page_count(&self, n: PageNo) -> Result<()> {
        if n < self.page_count() {
            return self.truncate(n);
        }
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write || n == 0 {
            return Err(Error::misuse());
        }
        while st.page_count < n {
            st.append_page()?;
        }
        st.maybe_spill()
    }

    /// Number of pages on the freelist (header offset 36).
    pub fn freelist_count(&self) -> Result<u32> {
        if self.page_count() == 0 {
            return Ok(0);
        }
        let p1 = self.get(1)?;
        let n = header::get_u32(&p1.data(), header::OFF_FREELIST_COUNT);
        Ok(n)
    }

    /// Page `pgno`, from the cache or the file. Starts a read transaction if none is open.
    /// Errors: `SQLITE_CORRUPT` for page 0, a page past the end, or the lock page.
    pub fn get(&self, pgno: PageNo) -> Result<PageRef> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if super::pending::armed() {
            return st.get_cached(self, pgno);
        }
        if st.txn == Txn::None {
            st.begin_read_locked()?;
        }
        let page = st.get_page(pgno)?;
        st.maybe_spill()?;
        Ok(page)
    }

    /// The page if it is already in the cache, without any I/O: `Ok(None)` means "not
    /// cached" (DESIGN decision 5: the VM reports I/O pending, the driver calls [`Pager::load`]
    /// and the instruction runs again). Same errors as [`Pager::get`] otherwise.
    pub fn try_get(&self, pgno: PageNo) -> Result<Option<PageRef>> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn == Txn::None {
            st.begin_read_locked()?;
        }
        if pgno == 0 || pgno > st.page_count || pgno == lock_page(st.page_size) {
            return Err(Error::corrupt());
        }
        Ok(st.cache.get(pgno))
    }

    /// Reads page `pgno` into the cache (the I/O half of a [`Pager::try_get`] miss) and
    /// returns it; holding the returned page pins it in the cache. Never answers "pending"
    /// (it disarms the no-I/O mode of `pending.rs` for its own call).
    pub fn load(&self, pgno: PageNo) -> Result<PageRef> {
        let _io = super::pending::Disarmed::new();
        self.get(pgno)
    }

    /// Declares that `page` is about to change: records its current bytes for rollback (the
    /// journal) and for each open savepoint, and marks it dirty. Call before `data_mut()`.
    /// Errors: `SQLITE_MISUSE` outside a write transaction.
    pub fn make_writable(&self, page: &PageRef) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        st.make_writable(page)?;
        st.maybe_spill()
    }
}

impl State {
    /// `Pager::get` in the no-I/O mode (`pending.rs`): the cached page, the same errors for a
    /// bad page number, or a recorded miss when the page (or the read lock) needs I/O.
    fn get_cached(&mut self, pager: &Pager, pgno: PageNo) -> Result<PageRef> {
        if self.txn != Txn::None {
            if pgno == 0 || pgno > self.page_count || pgno == lock_page(self.page_size) {
                return Err(Error::corrupt());
            }
            if let Some(p) = self.cache.get(pgno) {
                return Ok(p);
            }
        }
        Err(super::pending::miss(pager as *const Pager as usize, pgno))
    }

    /// Leaving PERSIST/TRUNCATE for DELETE: removes the retired journal file, but only under
    /// SHARED (which first rolls back a hot journal) and while no writer is at work.
    fn remove_retired_journal(&mut self) {
        let had_lock = self.txn != Txn::None;
        if !had_lock && self.begin_read_locked().is_err() {
            return;
        }
        if !self.db.check_reserved_lock().unwrap_or(true) {
            let _ = self.vfs.delete(&self.journal_path);
        }
        if !had_lock {
            self.release_lock();
        }
    }

    pub(crate) fn check_failed(&self) -> Result<()> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    pub(crate) fn get_page(&mut self, pgno: PageNo) -> Result<PageRef> {
        if pgno == 0 || pgno > self.page_count || pgno == lock_page(self.page_size) {
            return Err(Error::corrupt());
        }
        if let Some(p) = self.cache.get(pgno) {
            return Ok(p);
        }
        let mut buf = vec![0u8; self.page_size];
        if !self.wal_read_page(pgno, &mut buf)? {
            read_zero_filled(
                self.db.as_ref(),
                (pgno as u64 - 1) * self.page_size as u64,
                &mut buf,
            )?;
        }
        let page = Page::new(pgno, buf);
        if self.txn == Txn::Write && self.writable.contains(&pgno) {
            self.dirty.insert(pgno); // spilled earlier in this transaction
        }
        self.cache.insert(page.clone(), &self.dirty);
        Ok(page)
    }

    /// Page 1 of a new database: the header as `sqlite3` writes it and an empty table leaf
    /// for `sqlite_schema`. Only at the start of a write transaction on a database with no
    /// pages.
    pub(crate) fn create_page1(&mut self) -> PageRef {
        let p1 = Page::new(1, header::new_page1(self.page_size, self.reserved));
        self.page_count = 1;
        self.dirty.insert(1);
        self.writable.insert(1);
        self.cache.insert(p1.clone(), &self.dirty);
        p1
    }

    pub(crate) fn make_writable(&mut self, page: &PageRef) -> Result<()> {
        if self.txn != Txn::Write {
            return Err(Error::misuse());
        }
        let pgno = page.pgno();
        if pgno == 0 || pgno > self.page_count {
            return Err(Error::corrupt());
        }
        match self.cache.peek(pgno) {
            Some(cached) if Arc::ptr_eq(cached, page) => {}
            // A PageRef kept across a cache reset (another connection's commit, a rollback)
            // is stale: changes to it would never be written. (A held page is never evicted.)
            _ => return Err(Error::misuse()),
        }
        let journal_needed = pgno <= self.orig_count && !self.originals.contains_key(&pgno);
        let sp_needed = self.savepoints.iter().any(|s| !s.covers(pgno));
        if journal_needed || sp_needed {
            let bytes = page.data().clone();
            for sp in &mut self.savepoints {
                sp.record(pgno, &bytes);
            }
            if journal_needed {
                self.originals.insert(pgno, Some(bytes));
            }
        }
        self.dirty.insert(pgno);
        self.writable.insert(pgno);
        Ok(())
    }

    /// Reads and checks the header (if the file has one) and sets page size, reserved bytes
    /// and page count from it. Errors: `SQLITE_NOTADB`, `SQLITE_CORRUPT` (header claims more
    /// pages than the file has).
    pub(crate) fn load_header(&mut self) -> Result<()> {
        let size = self.db.size()?;
        if size == 0 {
            self.page_count = 0;
            self.seen = None;
            self.cache.clear();
            return Ok(());
        }
        let mut hdr = [0u8; HEADER_SIZE];
        let n = self.db.read_at(0, &mut hdr)?;
        if n < HEADER_SIZE {
            return Err(Error::from_code(codes::SQLITE_NOTADB));
        }
        let info = header::parse(&hdr)?;
        if info.page_size != self.page_size || info.reserved != self.reserved {
            self.cache.clear();
        }
        self.page_size = info.page_size;
        self.reserved = info.reserved;
        self.write_version = info.write_version;
        let file_pages = size.div_ceil(self.page_size as u64) as PageNo;
        self.page_count = match info.page_count {
            // (In WAL mode the log, not the file, has the last word on the size.)
            Some(n) if n > file_pages && info.write_version < 2 => return Err(Error::corrupt()),
            Some(n) => n,
            None => file_pages,
        };
        let mut key = [0u8; 16];
        key.copy_from_slice(&hdr[24..40]);
        if self.seen != Some((key, size)) {
            self.cache.clear();
            if self.seen.is_some() {
                self.data_version = self.data_version.wrapping_add(1);
            }
        }
        self.seen = Some((key, size));
        Ok(())
    }

    pub(crate) fn next_nonce(&mut self) -> u32 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        (x >> 32) as u32
    }
}

fn seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    (t ^ (std::process::id() as u64).rotate_left(32)) | 1
}
