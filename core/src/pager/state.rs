//! The pager object: opening, page access, settings.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use parking_lot::Mutex;

use super::cache::{PageCache, DEFAULT_CACHE_SIZE};
use super::header::{self, valid_page_size, HEADER_SIZE};
use super::options::{timeout_handler, BusyHandler, JournalMode, PagerOptions, Synchronous};
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
    pub dirty: BTreeSet<PageNo>,
    /// Bytes of each page `<= orig_count` before its first change in this transaction: what
    /// the journal holds and what `rollback` restores.
    pub originals: BTreeMap<PageNo, Vec<u8>>,
    pub savepoints: Vec<Savepoint>,
    pub journal_mode: JournalMode,
    pub synchronous: Synchronous,
    pub busy: Option<BusyHandler>,
    /// Header bytes 24..40 and the file size when the cache was last known valid.
    pub seen: Option<([u8; 16], u64)>,
    /// Set when an I/O error struck after the database file began to change: the cache and
    /// the file cannot be trusted until `rollback` replays the journal.
    pub failed: Option<Error>,
    pub rng: u64,
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
    /// Errors: `SQLITE_CANTOPEN`; `SQLITE_NOTADB` when the file has a header that is not
    /// SQLite's (checked again, under a lock, at every read transaction).
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
            page_count: 0,
            orig_count: 0,
            write_version: 1,
            cache: PageCache::new(DEFAULT_CACHE_SIZE),
            txn: Txn::None,
            reading: false,
            dirty: BTreeSet::new(),
            originals: BTreeMap::new(),
            savepoints: Vec::new(),
            journal_mode: if in_memory {
                JournalMode::Memory
            } else {
                JournalMode::Delete
            },
            synchronous: Synchronous::Full,
            busy: None,
            seen: None,
            failed: None,
            rng: seed(),
        };
        // Early NOTADB for an obviously foreign file, unless a journal may still repair it.
        // (A header/size mismatch is reported at the first read, as SQLite does.)
        if !st.in_memory && !st.vfs.exists(&st.journal_path)? {
            match st.load_header() {
                Err(e) if e.code() == codes::SQLITE_CORRUPT => st.seen = None,
                r => r?,
            }
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

    /// Sets the page size of a database that has no pages yet (`PRAGMA page_size`). Ignored,
    /// like SQLite, once the database has pages or for sizes that are not powers of two in
    /// 512..=65536. Returns the page size in force.
    pub fn set_page_size(&self, n: usize) -> usize {
        let mut st = self.state.lock();
        if st.page_count == 0 && st.txn != Txn::Write && valid_page_size(n) {
            st.page_size = n;
            st.cache.clear();
        }
        st.page_size
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

    pub fn cache_size(&self) -> usize {
        self.state.lock().cache.capacity()
    }

    /// Pages held in the cache now (tests, `PRAGMA cache_spill` style diagnostics).
    pub fn cached_pages(&self) -> usize {
        self.state.lock().cache.len()
    }

    pub fn journal_mode(&self) -> JournalMode {
        self.state.lock().journal_mode
    }

    /// `PRAGMA journal_mode = mode`: returns the mode in force afterwards. In-memory databases
    /// accept only MEMORY and OFF; WAL is not a rollback-journal mode and leaves the mode as
    /// it was; no change during a write transaction.
    pub fn set_journal_mode(&self, mode: JournalMode) -> JournalMode {
        let mut st = self.state.lock();
        let allowed = match mode {
            JournalMode::Wal => false,
            JournalMode::Memory | JournalMode::Off => true,
            _ => !st.in_memory,
        };
        if allowed && st.txn != Txn::Write {
            if st.journal_mode.on_disk() && mode == JournalMode::Delete {
                // Leaving PERSIST/TRUNCATE: the retired journal file is removed.
                let _ = st.vfs.delete(&st.journal_path);
            }
            st.journal_mode = mode;
        }
        st.journal_mode
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
        if st.txn == Txn::None {
            st.begin_read_locked()?;
        }
        st.get_page(pgno)
    }

    /// Declares that `page` is about to change: records its current bytes for rollback (the
    /// journal) and for each open savepoint, and marks it dirty. Call before `data_mut()`.
    /// Errors: `SQLITE_MISUSE` outside a write transaction.
    pub fn make_writable(&self, page: &PageRef) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        st.make_writable(page)
    }
}

impl State {
    pub(crate) fn check_failed(&self) -> Result<()> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    pub(crate) fn get_page(&mut self, pgno: PageNo) -> Result<PageRef> {
        if pgno == 1 && self.page_count == 0 && self.txn == Txn::Write {
            return Ok(self.create_page1());
        }
        if pgno == 0 || pgno > self.page_count || pgno == lock_page(self.page_size) {
            return Err(Error::corrupt());
        }
        if let Some(p) = self.cache.get(pgno) {
            return Ok(p);
        }
        let mut buf = vec![0u8; self.page_size];
        read_zero_filled(
            self.db.as_ref(),
            (pgno as u64 - 1) * self.page_size as u64,
            &mut buf,
        )?;
        let page = Page::new(pgno, buf);
        self.cache.insert(page.clone(), &self.dirty);
        Ok(page)
    }

    /// Page 1 of a new database: the header as `sqlite3` writes it and an empty table leaf
    /// for `sqlite_schema`. Only in a write transaction on a database with no pages.
    pub(crate) fn create_page1(&mut self) -> PageRef {
        let p1 = Page::new(1, header::new_page1(self.page_size, self.reserved));
        self.page_count = 1;
        self.dirty.insert(1);
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
                self.originals.insert(pgno, bytes);
            }
        }
        self.dirty.insert(pgno);
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
            Some(n) if n > file_pages => return Err(Error::corrupt()),
            Some(n) => n,
            None => file_pages,
        };
        let mut key = [0u8; 16];
        key.copy_from_slice(&hdr[24..40]);
        if self.seen != Some((key, size)) {
            self.cache.clear();
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
