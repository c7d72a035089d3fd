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
use super::options::{JournalMode, LockingMode, Synchronous};
use super::state::{Pager, State, Txn};
use crate::error::{codes, Error, Result};
use crate::io::LockLevel;
use crate::wal::{CheckpointMode, CheckpointResult, VfsDbFile, Wal};

impl State {
    /// The journal mode to report before the WAL is opened: WAL when the file's header says
    /// so (write version 2) or a non-empty `-wal` exists, as `PRAGMA journal_mode` on a fresh
    /// connection reports. Reads two header bytes without a lock: only for reporting.
    pub(crate) fn reported_journal_mode(&self) -> JournalMode {
        if self.wal.is_some() || self.in_memory || self.journal_mode != JournalMode::Delete {
            return self.journal_mode;
        }
        let mut v = [0u8; 2];
        let says_wal = self
            .db
            .read_at(18, &mut v)
            .is_ok_and(|n| n == 2 && v[0] == 2);
        let log = crate::wal::wal_path(std::path::Path::new(self.db_path.as_str()));
        let log_present = std::fs::metadata(log).is_ok_and(|m| m.len() > 0);
        if (says_wal || log_present) && self.wal_possible() {
            JournalMode::Wal
        } else {
            self.journal_mode
        }
    }

    /// Whether this database can use a WAL: a real file (the `-shm` must be mmapped).
    fn wal_possible(&self) -> bool {
        !self.in_memory && std::path::Path::new(self.db_path.as_str()).is_file()
    }

    /// Called under SHARED once the header is loaded: opens the WAL of a WAL-mode database and
    /// starts a snapshot; the page count and cache follow the snapshot.
    pub(crate) fn wal_begin_read(&mut self) -> Result<()> {
        if self.wal.is_none() {
            // WAL mode: the header says so, or a log survives from a WAL-mode session (a crash
            // while leaving WAL mode): its committed frames are part of the database.
            let log = crate::wal::wal_path(std::path::Path::new(self.db_path.as_str()));
            let log_present = std::fs::metadata(log).is_ok_and(|m| m.len() > 0);
            if (self.write_version < 2 && !log_present) || !self.wal_possible() {
                return Ok(());
            }
            self.open_wal()?;
        }
        if self.locking_mode == LockingMode::Exclusive {
            // EXCLUSIVE locking mode keeps the snapshot across transactions: nobody else may
            // write meanwhile.
            self.lock_busy(LockLevel::Exclusive, true)?;
        }
        let Some(wal) = self.wal.as_mut() else {
            return Ok(());
        };
        // BUSY here means recovery or a checkpoint keeps the read locks: the busy handler
        // decides how long to wait, as for the database file's locks.
        let mut count = 0;
        let changed = loop {
            match wal.begin_read() {
                Err(e) if e.code() == codes::SQLITE_BUSY => {
                    if !self.busy.as_ref().is_some_and(|h| h(count)) {
                        return Err(e);
                    }
                    count += 1;
                }
                r => break r?,
            }
        };
        if changed {
            self.cache.clear();
        }
        let n = wal.db_size();
        if n > 0 {
            self.page_count = n;
        }
        Ok(())
    }

    /// Opens the WAL. In EXCLUSIVE locking mode, as SQLite, takes EXCLUSIVE on the database
    /// file for good and keeps the index in heap memory (no `-shm`); the locking mode then
    /// stays EXCLUSIVE until the database leaves WAL mode.
    pub(crate) fn open_wal(&mut self) -> Result<()> {
        let path = std::path::PathBuf::from(self.db_path.as_str());
        let path = path.as_path();
        let ps = self.page_size as u32;
        let mut w = if self.locking_mode == LockingMode::Exclusive {
            self.lock_busy(LockLevel::Exclusive, true)?;
            Wal::open_exclusive(path, ps)?
        } else {
            Wal::open(path, ps)?
        };
        w.autocheckpoint = self.wal_autocheckpoint;
        if self.txn != Txn::None {
            // Opened inside a read transaction (switching modes): it reads from now on.
            w.begin_read()?;
        }
        self.wal = Some(w);
        self.journal_mode = JournalMode::Wal;
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
    /// A commit made inside an explicit read transaction runs its due auto-checkpoint here.
    pub(crate) fn drop_read_lock(&mut self) {
        match self.wal.as_mut() {
            Some(w) => {
                w.end_read();
                let _ = self.db.unlock(LockLevel::Shared);
                if w.needs_checkpoint() {
                    self.wal_autocheckpoint();
                }
            }
            None => {
                let _ = self.db.unlock(LockLevel::None);
            }
        }
    }

    /// The write lock of a write transaction: the WAL's WRITE lock in WAL mode (`SQLITE_BUSY`,
    /// `SQLITE_BUSY_SNAPSHOT`), else RESERVED on the database file (through the busy handler
    /// when `use_busy`).
    pub(crate) fn lock_for_write(&mut self, use_busy: bool) -> Result<()> {
        match self.wal.as_mut() {
            Some(w) if self.locking_mode == LockingMode::Exclusive => {
                // The snapshot kept across transactions is current (nobody else can write)
                // but its read mark is old: renew it, so checkpoints can reach our frames.
                w.end_read();
                w.begin_read()?;
                w.begin_write()
            }
            Some(w) => w.begin_write(),
            None => self.lock_busy(LockLevel::Reserved, use_busy),
        }
    }

    /// Cache spill in WAL mode: the victims (dirty, unreferenced) become uncommitted frames
    /// of this transaction and clean in the cache; a later read finds them in the log. Page 1
    /// stays dirty so that commit always writes a commit frame.
    pub(crate) fn wal_spill(&mut self, victims: &[super::page::PageRef]) -> Result<()> {
        let p1 = self.get_page(1)?;
        self.make_writable(&p1)?;
        let images: Vec<(u32, Vec<u8>)> = victims
            .iter()
            .filter(|p| p.pgno() != 1)
            .map(|p| (p.pgno(), p.data().clone()))
            .collect();
        if images.is_empty() {
            return Ok(());
        }
        let frames: Vec<(u32, &[u8])> = images.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let Some(wal) = self.wal.as_mut() else {
            return Err(Error::misuse());
        };
        wal.append_frames(&frames, None, false)?;
        for (pgno, _) in &images {
            self.dirty.remove(pgno);
        }
        Ok(())
    }

    /// Commit in WAL mode: stamps page 1, appends the dirty pages (commit frame last), ends the
    /// write transaction and runs the automatic checkpoint when the log is long enough.
    pub(crate) fn wal_commit(&mut self) -> Result<()> {
        let p1 = self.get_page(1)?;
        self.make_writable(&p1)?;
        let base = self.original_change_counter();
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

    /// `replace_database` in WAL mode (inside the write transaction): every page of `image`
    /// becomes a frame, the last one committing the new size; page 1 is stamped like any
    /// commit. The page size cannot change in WAL mode (as in SQLite).
    pub(crate) fn wal_replace(&mut self, image: &[u8], page_size: usize) -> Result<()> {
        if page_size != self.page_size {
            return Err(Error::misuse());
        }
        let new_count = (image.len() / page_size) as u32;
        let counter = self.original_change_counter().unwrap_or(0).wrapping_add(1);
        let mut p1 = image[..page_size].to_vec();
        p1[18] = 2;
        p1[19] = 2;
        header::stamp_commit(&mut p1, new_count);
        put_u32(&mut p1, header::OFF_CHANGE_COUNTER, counter);
        put_u32(&mut p1, header::OFF_VERSION_VALID_FOR, counter);
        let mut frames: Vec<(u32, &[u8])> = vec![(1, &p1)];
        let lock_pg = super::state::lock_page(page_size);
        for (i, page) in image.chunks_exact(page_size).enumerate().skip(1) {
            if i as u32 + 1 != lock_pg {
                frames.push((i as u32 + 1, page));
            }
        }
        let sync = self.synchronous >= Synchronous::Full;
        let Some(wal) = self.wal.as_mut() else {
            return Err(Error::misuse());
        };
        wal.append_frames(&frames, Some(new_count), sync)?;
        self.page_count = new_count;
        self.dirty.clear();
        self.originals.clear();
        self.cache.clear();
        self.end_write();
        if !self.reading {
            self.wal_autocheckpoint();
        }
        Ok(())
    }

    /// The automatic PASSIVE checkpoint after a commit (errors are ignored, as SQLite's).
    /// A snapshot kept across transactions (EXCLUSIVE locking mode) is set aside meanwhile,
    /// or its read mark would hold the checkpoint back forever.
    fn wal_autocheckpoint(&mut self) {
        let sync = self.synchronous > Synchronous::Off;
        if let Some(w) = self.wal.as_mut() {
            if w.needs_checkpoint() {
                let reading = w.in_read();
                w.end_read();
                let _ = w.checkpoint(CheckpointMode::Passive, &VfsDbFile(self.db.as_ref()), sync);
                if reading {
                    let _ = w.begin_read();
                }
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
        let log = crate::wal::wal_path(std::path::Path::new(self.db_path.as_str()));
        let log_present = std::fs::metadata(&log).is_ok_and(|m| m.len() > 0);
        let wal = match self.wal.take() {
            Some(w) => Some(w),
            // A log this connection never opened may still hold committed frames.
            None if log_present && self.wal_possible() => Some(Wal::open(
                std::path::Path::new(self.db_path.as_str()),
                self.page_size as u32,
            )?),
            None => None,
        };
        if let Some(wal) = wal {
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
    /// is not in WAL mode, `1|-1|-1` when another connection is checkpointing (or recovering).
    /// Errors: `SQLITE_LOCKED` ("database table is locked") inside a read or write
    /// transaction, as SQLite. An implicit read (a `get` without `begin_read`) is ended first.
    pub fn wal_checkpoint(&self, mode: CheckpointMode) -> Result<(i64, i64, i64)> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn == Txn::Write || st.reading {
            return Err(Error::from_code(codes::SQLITE_LOCKED));
        }
        if st.txn == Txn::Read && st.locking_mode != LockingMode::Exclusive {
            st.drop_read_lock();
            st.txn = Txn::None;
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
        // EXCLUSIVE locking mode keeps a snapshot across transactions: set it aside so that
        // the checkpoint can use every frame.
        let reading = wal.in_read();
        wal.end_read();
        let r = wal.checkpoint(mode, &VfsDbFile(st.db.as_ref()), sync);
        if reading {
            wal.begin_read()?;
        }
        match r {
            Ok(CheckpointResult {
                busy,
                log,
                checkpointed,
            }) => Ok((busy as i64, log as i64, checkpointed as i64)),
            Err(e) if e.code() == codes::SQLITE_BUSY => Ok((1, -1, -1)),
            Err(e) => Err(e),
        }
    }

    /// `PRAGMA wal_autocheckpoint`: frames after which a commit checkpoints (0 = off).
    pub fn wal_autocheckpoint(&self) -> i64 {
        self.state.lock().wal_autocheckpoint as i64
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
    /// it is unchanged when the switch is not possible now (see [`Pager::try_set_journal_mode`]
    /// for the reason).
    pub(crate) fn switch_wal(&self, mode: JournalMode) -> JournalMode {
        let current = self.journal_mode();
        self.try_set_journal_mode(mode).unwrap_or(current)
    }

    /// `PRAGMA journal_mode = mode` with SQLite's errors: entering or leaving WAL inside a
    /// transaction is `SQLITE_ERROR` "cannot change into/out of wal mode from within a
    /// transaction"; leaving WAL while another connection uses it is `SQLITE_BUSY`. Databases
    /// that cannot have a WAL (in-memory ones) keep their mode, without error.
    pub fn try_set_journal_mode(&self, mode: JournalMode) -> Result<JournalMode> {
        let current = self.journal_mode();
        if mode == current {
            return Ok(current);
        }
        if mode != JournalMode::Wal && current != JournalMode::Wal {
            return Ok(self.set_journal_mode(mode)); // rollback modes only: no recursion
        }
        if self.state.lock().txn == Txn::Write {
            let dir = if mode == JournalMode::Wal {
                "into"
            } else {
                "out of"
            };
            return Err(Error::sql(format!(
                "cannot change {dir} wal mode from within a transaction"
            )));
        }
        if mode == JournalMode::Wal {
            self.enter_wal()?;
        } else {
            self.leave_wal(mode)?;
        }
        Ok(self.journal_mode())
    }

    fn enter_wal(&self) -> Result<()> {
        {
            let st = self.state.lock();
            if st.in_memory || st.read_only {
                return Ok(());
            }
        }
        let was_reading = self.state.lock().reading;
        self.begin_read()?;
        let r = self.enter_wal_reading();
        if !was_reading {
            self.end_read();
        }
        r
    }

    fn enter_wal_reading(&self) -> Result<()> {
        let needs_header = {
            let st = self.state.lock();
            if !st.wal_possible() {
                return Ok(());
            }
            st.write_version < 2
        };
        if needs_header {
            self.set_file_versions(2)?;
        }
        let mut st = self.state.lock();
        st.write_version = 2;
        if st.wal.is_none() {
            st.open_wal()?;
        }
        st.journal_mode = JournalMode::Wal;
        Ok(())
    }

    fn leave_wal(&self, mode: JournalMode) -> Result<()> {
        let mut st = self.state.lock();
        if st.txn == Txn::Write {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        if let Some(w) = st.wal.as_mut() {
            w.end_read();
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
        st.txn = Txn::None;
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
