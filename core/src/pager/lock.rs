//! Taking and dropping locks, the busy handler, and hot-journal recovery.

use super::journal;
use super::options::JournalMode;
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
            .and_then(|_| self.check_no_live_wal());
        match r {
            Ok(()) => {
                self.txn = Txn::Read;
                Ok(())
            }
            Err(e) => {
                let _ = self.db.unlock(LockLevel::None);
                self.txn = Txn::None;
                Err(e)
            }
        }
    }

    /// A WAL-mode database (header write version 2) is readable here only while it has no
    /// `-wal` log with content: the rollback pager cannot see frames in a log (the WAL layer
    /// takes such files over). Errors: `SQLITE_CANTOPEN`.
    fn check_no_live_wal(&self) -> Result<()> {
        if self.write_version < 2 || self.in_memory {
            return Ok(());
        }
        let wal = format!("{}-wal", self.db_path);
        if !self.vfs.exists(&wal)? {
            return Ok(());
        }
        let f = self.vfs.open(
            &wal,
            OpenOptions {
                kind: FileKind::Wal,
                read_only: true,
                create: false,
            },
        );
        match f {
            Ok(f) if f.size()? == 0 => Ok(()),
            Err(_) => Ok(()),
            Ok(_) => Err(Error::from_code(codes::SQLITE_CANTOPEN)),
        }
    }

    /// Ends a write (or read) transaction's lock: keeps SHARED when a read transaction is
    /// still wanted, else drops to NONE.
    pub(crate) fn release_lock(&mut self) {
        if self.reading {
            let _ = self.db.unlock(LockLevel::Shared);
            self.txn = Txn::Read;
        } else {
            let _ = self.db.unlock(LockLevel::None);
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
    pub(crate) fn play_back_and_retire(&mut self, j: Box<dyn VfsFile>) -> Result<()> {
        if !self.vfs.exists(&self.journal_path)? {
            return Ok(());
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
