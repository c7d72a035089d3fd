//! WAL mode in the pager: the glue between the pager's transactions and [`crate::wal::Wal`].
//!
//! A database whose header says write version 2 is in WAL mode: the pager opens the WAL at its
//! first read transaction. In WAL mode:
//! - the connection keeps a SHARED lock on the database file for as long as the WAL is open
//!   (another process closing its connection then knows it is not the last one and leaves
//!   `-wal`/`-shm` alone, as SQLite's protocol requires);
//! - a read transaction is a WAL snapshot; pages come from the log when it has them;
//! - a write transaction is the WAL's WRITE lock (no RESERVED/EXCLUSIVE on the database);
//! - commit appends the dirty pages as frames, the last one a commit frame; nothing is written
//!   to the database file until a checkpoint (automatic after `wal_autocheckpoint` frames);
//! - closing the last connection checkpoints and deletes `-wal` and `-shm`.
//!
//! `PRAGMA journal_mode=WAL` rewrites header bytes 18/19 to 2 through an ordinary
//! rollback-journal transaction, then opens the WAL; leaving WAL takes EXCLUSIVE, checkpoints,
//! closes the WAL and writes 1/1 back.

use super::header::{self, get_u32, put_u32};
use super::options::{JournalMode, Synchronous};
use super::state::{Pager, State, Txn};
use crate::error::{codes, Error, Result};
use crate::io::LockLevel;
use crate::wal::{CheckpointMode, CheckpointResult, VfsDbFile, Wal};

impl State {
    fn db_path(&self) -> &str {
        &self.db_path
    }

    /// Whether this database can use a WAL: a real file (the `-shm` must be mmapped).
    fn wal_possible(&self) -> bool {
        !self.in_memory && std::path::Path::new(self.db_path()).is_file()
    }

    /// Called under SHARED once the header is loaded: opens the WAL of a WAL-mode database and
    /// starts a snapshot; the page count and cache follow the snapshot.
    pub(crate) fn wal_begin_read(&mut self) -> Result<()> {
        if self.wal.is_none() {
            // WAL mode: the header says so, or a log survives from a WAL-mode session (a crash
            // while leaving WAL mode): its committed frames are part of the database.
            let log = crate::wal::wal_path(std::path::Path::new(self.db_path()));
            let log_present = std::fs::metadata(log).is_ok_and(|m| m.len() > 0);
            if (self.write_version < 2 && !log_present) || !self.wal_possible() {
                return Ok(());
            }
            self.wal = Some(Wal::open(
                std::path::Path::new(self.db_path()),
                self.page_size as u32,
            )?);
            self.journal_mode = JournalMode::Wal;
        }
        let Some(wal) = self.wal.as_mut() else {
            return Ok(());
        };
        if wal.begin_read()? {
            self.cache.clear();
        }
        let n = wal.db_size();
        if n > 0 {
            self.page_count = n;
        }
        Ok(())
    }

    /// Reads `pgno` from the WAL snapshot into `buf`; false when the log does not have it.
    pub(crate) fn wal_read_page(&self, pgno: u32, buf: &mut [u8]) -> Result<bool> {
        match &self.wal {
            Some(w) => w.read_page(pgno, buf),
            None => Ok(false),
        }
    }

    /// Drops the read lock: in WAL mode ends the snapshot but keeps SHARED on the file.
    pub(crate) fn drop_read_lock(&mut self) {
        match self.wal.as_mut() {
            Some(w) => {
                w.end_read();
                let _ = self.db.unlock(LockLevel::Shared);
            }
            None => {
                let _ = self.db.unlock(LockLevel::None);
            }
        }
    }

    /// WAL WRITE lock, retried through the busy handler when `use_busy` (the snapshot is
    /// renewed between tries, as a fresh transaction would).
    pub(crate) fn wal_begin_write(&mut self, use_busy: bool) -> Result<()> {
        let mut count = 0;
        loop {
            let Some(wal) = self.wal.as_mut() else {
                return Err(Error::misuse());
            };
            match wal.begin_write() {
                Err(e) if e.code() == codes::SQLITE_BUSY && use_busy => {
                    // Wait without a snapshot: a checkpointer holding WRITE may be waiting
                    // for this reader to go (as SQLite's busy loop ends the read first).
                    wal.end_read();
                    if !self.busy.as_ref().is_some_and(|h| h(count)) {
                        return Err(e);
                    }
                    count += 1;
                    self.wal_begin_read()?;
                }
                r => return r,
            }
        }
    }

    /// Commit in WAL mode: stamps page 1, appends the dirty pages (commit frame last), ends the
    /// write transaction and runs the automatic checkpoint when the log is long enough.
    pub(crate) fn wal_commit(&mut self) -> Result<()> {
        let p1 = self.get_page(1)?;
        self.make_writable(&p1)?;
        let base = self.originals.get(&1).map(|b| get_u32(b, 24));
        {
            let mut d = p1.data_mut();
            if let Some(c) = base {
                put_u32(&mut d, header::OFF_CHANGE_COUNTER, c);
            }
            header::stamp_commit(&mut d, self.page_count);
        }
        let mut images = Vec::with_capacity(self.dirty.len());
        for &pgno in &self.dirty {
            let Some(page) = self.cache.peek(pgno) else {
                return Err(Error::new(
                    codes::SQLITE_INTERNAL,
                    "dirty page left the cache",
                ));
            };
            images.push((pgno, page.data().clone()));
        }
        let frames: Vec<(u32, &[u8])> = images.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let sync = self.synchronous >= Synchronous::Full;
        let Some(wal) = self.wal.as_mut() else {
            return Err(Error::misuse());
        };
        if let Err(e) = wal.append_frames(&frames, Some(self.page_count), sync) {
            let _ = wal.rollback_write();
            return Err(e);
        }
        self.end_write();
        if !self.reading {
            self.wal_autocheckpoint();
        }
        Ok(())
    }

    /// The automatic PASSIVE checkpoint after a commit (errors are ignored, as SQLite's).
    fn wal_autocheckpoint(&mut self) {
        let sync = self.synchronous > Synchronous::Off;
        if let Some(w) = self.wal.as_mut() {
            if w.needs_checkpoint() {
                let _ = w.checkpoint(CheckpointMode::Passive, &VfsDbFile(self.db.as_ref()), sync);
            }
        }
    }

    /// Closes the WAL when the pager goes away: the last connection (EXCLUSIVE obtainable)
    /// checkpoints and deletes `-wal` and `-shm`.
    pub(crate) fn close_wal(&mut self) {
        let Some(wal) = self.wal.take() else {
            return;
        };
        let sync = self.synchronous > Synchronous::Off;
        if !self.read_only && self.db.lock(LockLevel::Exclusive).is_ok() {
            let _ = wal.close(&VfsDbFile(self.db.as_ref()), sync);
        } else {
            drop(wal);
        }
        let _ = self.db.unlock(LockLevel::None);
    }

    /// Leaves WAL mode under EXCLUSIVE: checkpoints and closes the WAL (it must be fully
    /// copied and deleted), then writes header bytes 18/19 = 1 in place and bumps the change
    /// counter so other connections drop their caches.
    fn leave_wal_locked(&mut self) -> Result<()> {
        if let Some(wal) = self.wal.take() {
            let sync = self.synchronous > Synchronous::Off;
            if !wal.close(&VfsDbFile(self.db.as_ref()), sync)? {
                return Err(Error::from_code(codes::SQLITE_BUSY));
            }
        }
        let mut hdr = [0u8; header::HEADER_SIZE];
        if self.db.read_at(0, &mut hdr)? == header::HEADER_SIZE {
            hdr[18] = 1;
            hdr[19] = 1;
            let counter = get_u32(&hdr, header::OFF_CHANGE_COUNTER).wrapping_add(1);
            put_u32(&mut hdr, header::OFF_CHANGE_COUNTER, counter);
            put_u32(&mut hdr, header::OFF_VERSION_VALID_FOR, counter);
            self.db.write_at(0, &hdr)?;
            if self.synchronous > Synchronous::Off {
                self.db.sync()?;
            }
        }
        self.cache.clear();
        self.seen = None;
        self.write_version = 1;
        Ok(())
    }
}

impl Pager {
    /// `PRAGMA wal_checkpoint(mode)`: `busy|log|checkpointed`, or `0|-1|-1` when the database
    /// is not in WAL mode. Errors: `SQLITE_LOCKED` inside a write transaction, `SQLITE_BUSY`
    /// when another checkpoint runs.
    pub fn wal_checkpoint(&self, mode: CheckpointMode) -> Result<(i64, i64, i64)> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn == Txn::Write {
            return Err(Error::from_code(codes::SQLITE_LOCKED));
        }
        if st.wal.is_none() && st.txn == Txn::None && !st.in_memory {
            // A WAL-mode database this connection has not read yet.
            st.begin_read_locked()?;
            st.drop_read_lock();
            st.txn = Txn::None;
        }
        let sync = st.synchronous > Synchronous::Off;
        let st = &mut *st;
        let Some(wal) = st.wal.as_mut() else {
            return Ok((0, -1, -1));
        };
        let CheckpointResult {
            busy,
            log,
            checkpointed,
        } = wal.checkpoint(mode, &VfsDbFile(st.db.as_ref()), sync)?;
        Ok((busy as i64, log as i64, checkpointed as i64))
    }

    /// `PRAGMA wal_autocheckpoint = n` (0 or negative turns it off). Returns the value in force.
    pub fn set_wal_autocheckpoint(&self, n: i64) -> i64 {
        let mut st = self.state.lock();
        let v = n.clamp(0, u32::MAX as i64) as u32;
        st.wal_autocheckpoint = v;
        if let Some(w) = st.wal.as_mut() {
            w.autocheckpoint = v;
        }
        v as i64
    }

    /// Switches into or out of WAL mode (`PRAGMA journal_mode`). Returns the mode in force;
    /// it is unchanged when the switch is not possible now (in-memory database, open write
    /// transaction, other connections using the WAL).
    pub(crate) fn switch_wal(&self, mode: JournalMode) -> JournalMode {
        let current = self.journal_mode();
        if current == mode {
            return current;
        }
        let ok = if mode == JournalMode::Wal {
            self.enter_wal()
        } else {
            self.leave_wal(mode)
        };
        match ok {
            Ok(()) => self.journal_mode(),
            Err(_) => current,
        }
    }

    fn enter_wal(&self) -> Result<()> {
        {
            let st = self.state.lock();
            if st.in_memory || st.txn == Txn::Write {
                return Err(Error::misuse());
            }
        }
        self.begin_read()?;
        let needs_header = {
            let st = self.state.lock();
            st.write_version < 2
        };
        if needs_header {
            self.set_file_versions(2)?;
        }
        let mut st = self.state.lock();
        if !st.wal_possible() {
            return Err(Error::misuse());
        }
        st.write_version = 2;
        if st.wal.is_none() {
            let w = Wal::open(std::path::Path::new(st.db_path()), st.page_size as u32)?;
            st.wal = Some(w);
        }
        let n = st.wal_autocheckpoint;
        if let Some(w) = st.wal.as_mut() {
            w.autocheckpoint = n;
        }
        st.journal_mode = JournalMode::Wal;
        drop(st);
        self.end_read();
        Ok(())
    }

    fn leave_wal(&self, mode: JournalMode) -> Result<()> {
        let mut st = self.state.lock();
        if st.txn != Txn::None {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        // No other connection may use the WAL: EXCLUSIVE on the database file.
        if let Err(e) = st.db.lock(LockLevel::Exclusive) {
            let _ = st.db.unlock(LockLevel::Shared);
            return Err(e);
        }
        let r = st.leave_wal_locked();
        if r.is_ok() {
            st.journal_mode = mode;
        }
        let _ = st.db.unlock(LockLevel::None);
        r
    }

    /// Writes header bytes 18/19 (write/read version) through a rollback-journal transaction.
    fn set_file_versions(&self, v: u8) -> Result<()> {
        self.begin_write()?;
        let p1 = self.get(1)?;
        let r = self.make_writable(&p1).and_then(|_| {
            {
                let mut d = p1.data_mut();
                d[18] = v;
                d[19] = v;
            }
            self.commit()
        });
        if r.is_err() {
            let _ = self.rollback();
        }
        r
    }
}
