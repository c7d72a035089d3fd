//! Transactions: begin, commit (the atomic-commit sequence), rollback, savepoints.

use super::header::{self, get_u32};
use super::journal;
use super::page::Page;
use super::savepoint::Savepoint;
use super::state::{Pager, State, Txn};
use super::PageNo;
use crate::error::{codes, Error, Result};
use crate::io::LockLevel;

impl Pager {
    /// Starts a read transaction: SHARED lock, hot-journal recovery, cache validation.
    /// Idempotent. Errors: `SQLITE_BUSY` (after the busy handler gives up), `SQLITE_NOTADB`,
    /// `SQLITE_CORRUPT`, I/O errors.
    pub fn begin_read(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
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
            let _ = st.db.unlock(LockLevel::None);
            st.txn = Txn::None;
        }
    }

    /// Starts a write transaction: RESERVED lock (SHARED first if needed). Idempotent.
    /// On a database with no pages, page 1 (header and empty `sqlite_schema` leaf) comes into
    /// being at the first `get(1)` or `allocate()` of the transaction.
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
            st.lock_busy(LockLevel::Reserved, false)?;
        } else {
            let mut count = 0;
            loop {
                st.begin_read_locked()?;
                match st.db.lock(LockLevel::Reserved) {
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
        if st.write_version > 1 {
            st.release_lock();
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        st.txn = Txn::Write;
        st.orig_count = st.page_count;
        Ok(())
    }

    /// Whether a write transaction is open.
    pub fn in_write(&self) -> bool {
        self.state.lock().txn == Txn::Write
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
        if st.dirty.is_empty() {
            st.end_write();
            return Ok(());
        }
        let p1 = st.get_page(1)?;
        st.make_writable(&p1)?;
        st.lock_busy(LockLevel::Exclusive, true)?;
        let base = st.originals.get(&1).map(|b| get_u32(b, 24));
        {
            let mut d = p1.data_mut();
            if let Some(c) = base {
                header::put_u32(&mut d, header::OFF_CHANGE_COUNTER, c);
            }
            header::stamp_commit(&mut d, st.page_count);
        }
        let journal = if st.journal_mode.on_disk() && !st.in_memory {
            Some(st.write_journal()?)
        } else {
            None
        };
        if let Err(e) = st.write_database(journal) {
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
        st.restore_originals();
        if st.journal_mode.on_disk() && !st.in_memory && st.vfs.exists(&st.journal_path)? {
            if let Ok(j) = st.open_journal(false) {
                st.retire_journal(j)?;
            }
        }
        st.end_write();
        Ok(())
    }

    /// Opens a savepoint inside the write transaction; returns its depth (1 for the
    /// outermost). Errors: `SQLITE_MISUSE` outside a write transaction.
    pub fn open_savepoint(&self) -> Result<usize> {
        let mut st = self.state.lock();
        if st.txn != Txn::Write {
            return Err(Error::misuse());
        }
        let n = st.page_count;
        st.savepoints.push(Savepoint::new(n));
        Ok(st.savepoints.len())
    }

    /// Releases savepoint `depth` and every savepoint inside it (their changes stay).
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
    pub fn rollback_to_savepoint(&self, depth: usize) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if depth == 0 || depth > st.savepoints.len() {
            return Err(Error::misuse());
        }
        st.savepoints.truncate(depth);
        let Some(sp) = st.savepoints.last_mut() else {
            return Err(Error::misuse());
        };
        let images = std::mem::take(&mut sp.images);
        let count = sp.page_count;
        for (pgno, bytes) in images {
            st.put_image(pgno, bytes);
        }
        st.shrink_to(count);
        Ok(())
    }

    /// Number of open savepoints.
    pub fn savepoint_depth(&self) -> usize {
        self.state.lock().savepoints.len()
    }
}

impl State {
    /// Writes the journal (header and the original image of every changed page that existed
    /// before the transaction) and syncs it as `synchronous` says. Returns the open journal.
    pub(crate) fn write_journal(&mut self) -> Result<Box<dyn crate::io::VfsFile>> {
        let j = self.open_journal(true)?;
        let nonce = self.next_nonce();
        let sector = self.db.sector_size();
        let n = self.originals.len() as u32;
        let full = self.synchronous >= super::options::Synchronous::Full;
        let hdr = journal::encode_header(
            if full { 0 } else { n },
            nonce,
            self.orig_count,
            sector,
            self.page_size,
        );
        let mut buf = hdr;
        for (pgno, bytes) in &self.originals {
            buf.extend_from_slice(&journal::encode_record(*pgno, bytes, nonce));
        }
        j.write_at(0, &buf)?;
        if self.synchronous > super::options::Synchronous::Off {
            j.sync()?;
            // The journal's directory entry must be durable before the database changes.
            self.vfs.sync_directory(&self.journal_path)?;
        }
        if full {
            j.write_at(8, &n.to_be_bytes())?;
            j.sync()?;
        }
        Ok(j)
    }

    /// Writes the dirty pages, truncates/syncs the database, retires the journal.
    fn write_database(&mut self, journal: Option<Box<dyn crate::io::VfsFile>>) -> Result<()> {
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
        if self.synchronous > super::options::Synchronous::Off {
            self.db.sync()?;
        }
        if let Some(j) = journal {
            self.retire_journal(j)?;
        }
        Ok(())
    }

    /// Clears the transaction's bookkeeping and drops to SHARED or NONE.
    pub(crate) fn end_write(&mut self) {
        self.dirty.clear();
        self.originals.clear();
        self.savepoints.clear();
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

    /// Writes each page's pre-transaction bytes back into the cache; drops added pages.
    pub(crate) fn restore_originals(&mut self) {
        let originals = std::mem::take(&mut self.originals);
        for (pgno, bytes) in originals {
            self.put_image(pgno, bytes);
        }
        let n = self.orig_count;
        self.shrink_to(n);
        if n == 0 {
            self.cache.clear();
        }
    }

    /// Replaces the cached bytes of `pgno` (in place, so held `PageRef`s see them).
    fn put_image(&mut self, pgno: PageNo, bytes: Vec<u8>) {
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
        if self.journal_mode.on_disk() && !self.in_memory && self.vfs.exists(&self.journal_path)? {
            let j = self.open_journal(false)?;
            self.play_back_and_retire(j)?;
        } else {
            let ps = self.page_size as u64;
            for (pgno, bytes) in &self.originals {
                self.db.write_at((*pgno as u64 - 1) * ps, bytes)?;
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
    }
}
