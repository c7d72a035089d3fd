//! Transactions: begin, commit (the atomic-commit sequence), rollback, savepoints.

use super::header::{self, get_u32};
use super::journal::JournalWriter;
use super::options::Synchronous;
use super::page::Page;
use super::savepoint::Savepoint;
use super::state::{Pager, State, Txn};
use super::PageNo;
use crate::error::{codes, Error, Result};
use crate::io::{read_zero_filled, LockLevel};

impl Pager {
    /// Starts a read transaction: SHARED lock, hot-journal recovery, cache validation.
    /// Idempotent. Errors: `SQLITE_BUSY` (after the busy handler gives up), `SQLITE_NOTADB`,
    /// `SQLITE_CORRUPT`, I/O errors.
    pub fn begin_read(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn == Txn::None && super::pending::armed() {
            // Taking the lock is I/O: in the no-I/O mode, report it as a pending page 1.
            return Err(super::pending::miss(self as *const Pager as usize, 1));
        }
        if st.txn == Txn::None {
            st.begin_read_locked()?;
        }
        st.reading = true;
        Ok(())
    }

    /// Ends the read transaction: drops the SHARED lock unless a write transaction is open
    /// (then the lock goes when it ends).
    pub fn end_read(&self) {
        let mut st = self.state.lock();
        st.reading = false;
        if st.txn == Txn::Read {
            st.release_lock();
        }
    }

    /// BEGIN EXCLUSIVE: during a write transaction in a rollback-journal mode, escalates to
    /// the EXCLUSIVE lock (waiting through the busy handler), keeping new readers out until
    /// the transaction ends. A no-op in WAL mode, for in-memory databases and outside a write
    /// transaction. Errors: `SQLITE_BUSY` when readers stay.
    pub fn lock_exclusive(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write || st.wal.is_some() || st.in_memory {
            return Ok(());
        }
        st.lock_busy(LockLevel::Exclusive, true)
    }

    /// Refuses every later write transaction with `SQLITE_READONLY` (a database image
    /// deserialized with `SQLITE_DESERIALIZE_READONLY`).
    pub fn set_read_only(&self) {
        self.state.lock().read_only = true;
    }

    /// Starts a write transaction: RESERVED lock (SHARED first if needed). Idempotent.
    /// On a database with no pages, creates page 1 (header and empty `sqlite_schema` leaf),
    /// as SQLite does at the start of a write transaction.
    /// Errors: `SQLITE_READONLY`, `SQLITE_BUSY`.
    pub fn begin_write(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.read_only {
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        if st.txn == Txn::Write {
            return Ok(());
        }
        // A connection that already reads must not wait for RESERVED: the writer it waits for
        // may be waiting for this reader to leave (deadlock); SQLite fails at once too. One
        // that starts from no lock waits holding nothing: it drops SHARED before each retry.
        if st.txn == Txn::Read {
            st.lock_for_write(false)?;
        } else {
            let mut count = 0;
            loop {
                st.begin_read_locked()?;
                match st.lock_for_write(false) {
                    Ok(()) => break,
                    Err(e) if e.code() == codes::SQLITE_BUSY => {
                        st.release_lock();
                        if !st.busy.as_ref().is_some_and(|h| h(count)) {
                            return Err(e);
                        }
                        count += 1;
                    }
                    Err(e) => {
                        st.release_lock();
                        return Err(e);
                    }
                }
            }
        }
        if st.write_version > 1 && st.wal.is_none() {
            st.release_lock();
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        st.txn = Txn::Write;
        st.orig_count = st.page_count;
        // Savepoints opened before this write transaction mark its starting state.
        let n = st.page_count;
        for sp in &mut st.savepoints {
            sp.page_count = n;
            sp.images.clear();
        }
        if st.page_count == 0 {
            st.create_page1(); // as sqlite3: `BEGIN IMMEDIATE; COMMIT` writes page 1
        }
        Ok(())
    }

    /// Whether a write transaction is open.
    pub fn in_write(&self) -> bool {
        self.state.lock().txn == Txn::Write
    }

    /// Whether a read or write transaction is open (DETACH refuses such a database).
    pub fn in_txn(&self) -> bool {
        self.state.lock().txn != Txn::None
    }

    /// Commits the write transaction (no-op without one). See the module comment for the
    /// steps. On `SQLITE_BUSY` (readers still hold SHARED) the transaction stays open and
    /// commit may be retried. On an I/O error after the database file began to change, the
    /// pager enters the error state: every call fails until `rollback`.
    pub fn commit(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write {
            return Ok(());
        }
        if st.dirty.is_empty() && st.page_count == st.orig_count && !st.spilled {
            st.end_write();
            return Ok(());
        }
        if st.wal.is_some() {
            return st.wal_commit();
        }
        let p1 = st.get_page(1)?;
        st.make_writable(&p1)?;
        st.lock_busy(LockLevel::Exclusive, true)?;
        let base = st.original_change_counter();
        {
            let mut d = p1.data_mut();
            if let Some(c) = base {
                header::put_u32(&mut d, header::OFF_CHANGE_COUNTER, c);
            }
            header::stamp_commit(&mut d, st.page_count);
        }
        if st.journal_mode.on_disk() && !st.in_memory {
            if let Err(e) = st.write_journal() {
                if st.spilled {
                    st.failed = Some(e.clone()); // the file already holds spilled pages
                }
                return Err(e);
            }
        }
        if let Err(e) = st.write_database() {
            st.failed = Some(e.clone());
            return Err(e);
        }
        st.end_write();
        Ok(())
    }

    /// Abandons the write transaction: restores every changed page, forgets added pages and
    /// retires any journal. After a failed commit, replays the journal into the file first.
    pub fn rollback(&self) -> Result<()> {
        let mut st = self.state.lock();
        if st.failed.is_some() {
            st.recover_after_failure()?;
            st.failed = None;
            st.end_write();
            return Ok(());
        }
        if st.txn != Txn::Write {
            return Ok(());
        }
        if st.spilled {
            // Spilled pages are in the file: put their original bytes back first.
            if let Err(e) = st.write_back_originals() {
                st.failed = Some(e.clone());
                return Err(e);
            }
        }
        if let Err(e) = st.restore_originals() {
            st.failed = Some(e.clone());
            return Err(e);
        }
        if let Some(j) = st.journal.take() {
            st.retire_journal(j.file)?;
        }
        st.end_write();
        Ok(())
    }

    /// Opens a savepoint; returns its depth (1 for the outermost). May be called before the
    /// write transaction begins (SQL `SAVEPOINT` starts a deferred transaction): such a
    /// savepoint marks the state at `begin_write`. Savepoints end with the write transaction
    /// (commit or rollback).
    pub fn open_savepoint(&self) -> Result<usize> {
        let mut st = self.state.lock();
        st.check_failed()?;
        let n = st.page_count;
        st.savepoints.push(Savepoint::new(n));
        Ok(st.savepoints.len())
    }

    /// Releases savepoint `depth` and every savepoint inside it (their changes stay).
    /// Errors: `SQLITE_MISUSE` for a depth that is not open.
    pub fn release_savepoint(&self, depth: usize) -> Result<()> {
        let mut st = self.state.lock();
        if depth == 0 || depth > st.savepoints.len() {
            return Err(Error::misuse());
        }
        st.savepoints.truncate(depth - 1);
        Ok(())
    }

    /// Undoes every change made since savepoint `depth` opened; savepoints inside it are
    /// released, savepoint `depth` stays open (as after SQL `ROLLBACK TO`).
    /// Errors: `SQLITE_MISUSE` for a depth that is not open.
    pub fn rollback_to_savepoint(&self, depth: usize) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if depth == 0 || depth > st.savepoints.len() {
            return Err(Error::misuse());
        }
        st.savepoints.truncate(depth);
        let in_write = st.txn == Txn::Write;
        let Some(sp) = st.savepoints.last_mut() else {
            return Err(Error::misuse());
        };
        let images = std::mem::take(&mut sp.images);
        let count = sp.page_count;
        if in_write {
            for (pgno, bytes) in images {
                st.put_image(pgno, bytes);
            }
            st.shrink_to(count);
        }
        Ok(())
    }

    /// Number of open savepoints.
    pub fn savepoint_depth(&self) -> usize {
        self.state.lock().savepoints.len()
    }
}

impl State {
    /// Journals every original page image not journaled yet and makes the journal durable
    /// as `synchronous` says (opening the journal on first use).
    pub(crate) fn write_journal(&mut self) -> Result<()> {
        if self.journal.is_none() {
            let file = self.open_journal(true)?;
            let nonce = self.next_nonce();
            let sector = self.db.sector_size();
            self.journal = Some(JournalWriter::new(
                file,
                nonce,
                sector,
                self.page_size,
                self.orig_count,
            ));
        }
        let State {
            journal,
            originals,
            synchronous,
            vfs,
            journal_path,
            ..
        } = self;
        let Some(j) = journal.as_mut() else {
            return Ok(());
        };
        let pending: Vec<(PageNo, &[u8])> = originals
            .iter()
            .filter(|(pgno, _)| !j.has(**pgno))
            .filter_map(|(pgno, bytes)| bytes.as_deref().map(|b| (*pgno, b)))
            .collect();
        j.append(pending.into_iter())?;
        j.sync(*synchronous, || vfs.sync_directory(journal_path))?;
        // Durable in the journal now: keep only page 1's bytes (its change counter) in memory.
        for (pgno, bytes) in originals.iter_mut() {
            if *pgno != 1 {
                *bytes = None;
            }
        }
        Ok(())
    }

    /// The change counter page 1 had when the transaction began (`None` for a new database).
    pub(crate) fn original_change_counter(&self) -> Option<u32> {
        match self.originals.get(&1) {
            Some(Some(b)) => Some(get_u32(b, 24)),
            _ => None,
        }
    }

    /// Writes the dirty pages, truncates/syncs the database, retires the journal.
    fn write_database(&mut self) -> Result<()> {
        let ps = self.page_size as u64;
        for &pgno in &self.dirty {
            let Some(page) = self.cache.peek(pgno) else {
                return Err(Error::new(
                    codes::SQLITE_INTERNAL,
                    "dirty page left the cache",
                ));
            };
            self.db.write_at((pgno as u64 - 1) * ps, &page.data())?;
        }
        let want = self.page_count as u64 * ps;
        if self.db.size()? > want {
            self.db.truncate(want)?;
        }
        if self.synchronous > Synchronous::Off {
            self.db.sync()?;
        }
        if let Some(j) = self.journal.take() {
            self.retire_journal(j.file)?;
        }
        Ok(())
    }

    /// Puts the database file back to its state before the transaction (rollback of a
    /// transaction that spilled): plays the journal back (its synced records cover every
    /// spilled page), writes the images still held in memory, truncates to the original size.
    fn write_back_originals(&mut self) -> Result<()> {
        let ps = self.page_size as u64;
        if let Some(j) = &self.journal {
            super::journal::playback(j.file.as_ref(), self.db.as_ref())?;
        }
        for (pgno, bytes) in &self.originals {
            if let Some(bytes) = bytes {
                self.db.write_at((*pgno as u64 - 1) * ps, bytes)?;
            }
        }
        if self.db.size()? > self.orig_count as u64 * ps {
            self.db.truncate(self.orig_count as u64 * ps)?;
        }
        if self.synchronous > Synchronous::Off {
            self.db.sync()?;
        }
        Ok(())
    }

    /// Clears the transaction's bookkeeping and drops to SHARED or NONE.
    pub(crate) fn end_write(&mut self) {
        self.dirty.clear();
        self.originals.clear();
        self.savepoints.clear();
        self.writable.clear();
        self.journal = None;
        self.spilled = false;
        self.spill_retry_at = 0;
        self.orig_count = self.page_count;
        self.cache.shrink(&self.dirty);
        if self.page_count > 0 {
            if let (Some(p1), Ok(size)) = (self.cache.peek(1).cloned(), self.db.size()) {
                let mut key = [0u8; 16];
                key.copy_from_slice(&p1.data()[24..40]);
                self.seen = Some((key, size));
            }
        }
        self.release_lock();
    }

    /// Writes each page's pre-transaction bytes back into the cache (from memory, or from
    /// the file, which holds them again: never spilled, or written back); drops added pages.
    pub(crate) fn restore_originals(&mut self) -> Result<()> {
        let originals = std::mem::take(&mut self.originals);
        let ps = self.page_size as u64;
        for (pgno, bytes) in originals {
            let bytes = match bytes {
                Some(b) => b,
                None => {
                    let mut buf = vec![0u8; self.page_size];
                    read_zero_filled(self.db.as_ref(), (pgno as u64 - 1) * ps, &mut buf)?;
                    buf
                }
            };
            self.put_image(pgno, bytes);
        }
        let n = self.orig_count;
        self.shrink_to(n);
        if n == 0 {
            self.cache.clear();
        }
        Ok(())
    }

    /// Replaces the cached bytes of `pgno` (in place, so held `PageRef`s see them) and marks
    /// it dirty (its copy in the file may be a spilled, newer one).
    fn put_image(&mut self, pgno: PageNo, bytes: Vec<u8>) {
        self.dirty.insert(pgno);
        match self.cache.peek(pgno) {
            Some(p) => *p.data_mut() = bytes,
            None => {
                self.cache.insert(Page::new(pgno, bytes), &self.dirty);
            }
        }
    }

    /// Forgets pages numbered above `n`.
    fn shrink_to(&mut self, n: PageNo) {
        self.page_count = n;
        self.cache.truncate(n);
        self.dirty.retain(|p| *p <= n);
    }

    /// After an I/O error mid-commit: puts the file back to its pre-transaction state from
    /// the journal (or, without a journal file, from the in-memory originals).
    fn recover_after_failure(&mut self) -> Result<()> {
        self.journal = None;
        if self.journal_mode.on_disk() && !self.in_memory && self.vfs.exists(&self.journal_path)? {
            let j = self.open_journal(false)?;
            self.play_back_and_retire(j)?;
        } else {
            let ps = self.page_size as u64;
            for (pgno, bytes) in &self.originals {
                if let Some(bytes) = bytes {
                    self.db.write_at((*pgno as u64 - 1) * ps, bytes)?;
                }
            }
            self.db.truncate(self.orig_count as u64 * ps)?;
            self.db.sync()?;
        }
        self.originals.clear();
        self.dirty.clear();
        self.cache.clear();
        self.page_count = self.orig_count;
        self.seen = None;
        Ok(())
    }
}

impl Drop for Pager {
    fn drop(&mut self) {
        let open = {
            let st = self.state.get_mut();
            st.txn == Txn::Write && st.failed.is_none()
        };
        if open {
            let _ = self.rollback();
        }
        self.state.get_mut().close_wal();
    }
}
