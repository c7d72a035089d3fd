//! Taking and dropping locks, the busy handler, and hot-journal recovery.

use super::journal;
use super::options::{JournalMode, LockingMode};
use super::state::{State, Txn};
use crate::error::{codes, Error, Result};
use crate::io::{FileKind, LockLevel, OpenOptions, VfsFile};

impl State {
    /// Raises the database lock to `level`. On `SQLITE_BUSY` the busy handler (if `use_busy`
    /// and one is set) decides whether to retry.
    pub(crate) fn lock_busy(&mut self, level: LockLevel, use_busy: bool) -> Result<()> {
        let mut count = 0;
        loop {
            match self.db.lock(level) {
                Ok(()) => return Ok(()),
                Err(e) if e.code() == codes::SQLITE_BUSY && use_busy => {
                    let retry = self.busy.as_ref().is_some_and(|h| h(count));
                    if !retry {
                        return Err(e);
                    }
                    count += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// NONE → SHARED: takes the lock, rolls back a hot journal, reloads the header and drops
    /// the cache if another connection changed the file. Leaves no lock on error.
    pub(crate) fn begin_read_locked(&mut self) -> Result<()> {
        self.lock_busy(LockLevel::Shared, true)?;
        let r = self
            .recover_if_hot()
            .and_then(|_| self.load_header())
            .and_then(|_| self.wal_begin_read());
        match r {
            Ok(()) => {
                self.txn = Txn::Read;
                Ok(())
            }
            Err(e) => {
                // With a WAL open, SHARED stays (see wal_mode.rs): dropping it would let a
                // closing process delete the -wal/-shm this connection still uses.
                self.drop_read_lock();
                self.txn = Txn::None;
                Err(e)
            }
        }
    }

    /// Ends a write (or read) transaction's lock: keeps SHARED when a read transaction is
    /// still wanted, else drops to NONE. In EXCLUSIVE locking mode keeps whatever it holds.
    pub(crate) fn release_lock(&mut self) {
        if let Some(w) = self.wal.as_mut() {
            w.end_write();
        }
        if self.locking_mode == LockingMode::Exclusive {
            self.txn = Txn::Read; // the lock (whatever it is) stays
        } else if self.reading {
            let _ = self.db.unlock(LockLevel::Shared);
            self.txn = Txn::Read;
        } else {
            self.drop_read_lock();
            self.txn = Txn::None;
        }
    }

    /// Under SHARED: if the journal is hot (exists, looks live, and no connection holds
    /// RESERVED), takes EXCLUSIVE, plays it back, syncs the database, retires the journal and
    /// returns to SHARED. The cache is dropped afterwards.
    fn recover_if_hot(&mut self) -> Result<()> {
        if self.in_memory || !self.vfs.exists(&self.journal_path)? {
            return Ok(());
        }
        if self.db.check_reserved_lock()? {
            return Ok(()); // a writer is at work: its journal is live, not hot
        }
        let Ok(j) = self.open_journal(false) else {
            return Ok(()); // deleted meanwhile
        };
        if !journal::looks_live(j.as_ref())? || self.db.size()? == 0 {
            return Ok(());
        }
        if self.read_only {
            return Err(Error::from_code(codes::SQLITE_READONLY_ROLLBACK));
        }
        self.lock_busy(LockLevel::Exclusive, true)?;
        let r = self.play_back_and_retire(j);
        let _ = self.db.unlock(LockLevel::Shared);
        self.cache.clear();
        self.seen = None;
        r
    }

    /// Plays `j` back into the database (the caller holds EXCLUSIVE), syncs, retires `j`.
    /// A journal of a multi-database commit whose super-journal is gone belongs to a
    /// committed transaction: it is retired without playback.
    pub(crate) fn play_back_and_retire(&mut self, j: Box<dyn VfsFile>) -> Result<()> {
        if !self.vfs.exists(&self.journal_path)? {
            return Ok(());
        }
        if let Some(ps) = journal::header_page_size(j.as_ref())? {
            if let Some(sj) = journal::super_journal(j.as_ref(), ps)? {
                if !self.vfs.exists(&sj)? {
                    return self.retire_journal(j);
                }
            }
        }
        journal::playback(j.as_ref(), self.db.as_ref())?;
        self.db.sync()?;
        self.retire_journal(j)
    }

    pub(crate) fn open_journal(&self, create: bool) -> Result<Box<dyn VfsFile>> {
        self.vfs.open(
            &self.journal_path,
            OpenOptions {
                kind: FileKind::MainJournal,
                read_only: false,
                create,
            },
        )
    }

    /// Makes a journal not hot, the way the journal mode says: delete it, truncate it, or zero
    /// its header. Syncs in FULL mode so a committed transaction cannot be rolled back later.
    pub(crate) fn retire_journal(&mut self, j: Box<dyn VfsFile>) -> Result<()> {
        let full = self.synchronous >= super::options::Synchronous::Full;
        match self.journal_mode {
            JournalMode::Truncate => {
                j.truncate(0)?;
                if full {
                    j.sync()?;
                }
            }
            JournalMode::Persist => {
                j.write_at(0, &[0u8; 28])?;
                if let Ok(limit) = u64::try_from(self.journal_size_limit) {
                    if j.size()? > limit {
                        j.truncate(limit)?;
                    }
                }
                if full {
                    j.sync()?;
                }
            }
            _ => {
                drop(j);
                self.vfs.delete(&self.journal_path)?;
                if self.synchronous >= super::options::Synchronous::Extra {
                    self.vfs.sync_directory(&self.journal_path)?;
                }
            }
        }
        Ok(())
    }
}
