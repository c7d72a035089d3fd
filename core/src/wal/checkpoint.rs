//! Checkpoint: copying the log's newest page versions back into the database file, and
//! closing (the last connection checkpoints and deletes `-wal` and `-shm`).
//!
//! Under CKPT (exclusive): `mxSafe` starts at the log's `mxFrame` and drops to the read mark
//! of every reader still using an older snapshot (a READn lock that cannot be taken
//! exclusively); idle read marks are reset. Then, holding READ0 exclusively (no reader may
//! start ignoring the log meanwhile), frames `nBackfill+1..=mxSafe` are copied, newest
//! version per page, pages beyond the database size skipped, the database is synced and
//! `nBackfill = mxSafe`. RESTART and TRUNCATE also take WRITE and wait for every reader to
//! leave the log; TRUNCATE then starts a new log generation and truncates the file to zero.

use std::collections::BTreeMap;

use super::conn::Wal;
use super::file::{read_exact, WalFile};
use super::format::{frame_offset, FRAME_HDR_SIZE};
use super::index::{self, IndexHdr, NREADER, READMARK_NOT_USED};
use super::shm::{lock_read, LOCK_CKPT, LOCK_WRITE};
use crate::error::{codes, Error, Result};

/// `sqlite3_wal_checkpoint_v2` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CheckpointMode {
    /// Copy what can be copied without waiting for anyone.
    Passive,
    /// Also take the writer lock, and report busy unless every frame was copied.
    Full,
    /// As Full, and wait for readers so the next writer restarts the log.
    Restart,
    /// As Restart, and truncate the `-wal` file to zero bytes.
    Truncate,
}

/// What `PRAGMA wal_checkpoint` reports: `busy|log|checkpointed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointResult {
    /// The mode could not complete (another connection held a needed lock).
    pub busy: bool,
    /// Frames in the log.
    pub log: u32,
    /// Frames of the log already copied into the database.
    pub checkpointed: u32,
}

impl Wal {
    /// Runs a checkpoint into `db` (the pager's database file). `sync` fsyncs the log before
    /// copying and the database after. `SQLITE_BUSY` if another checkpoint runs. Must not be
    /// called inside this connection's write transaction.
    pub fn checkpoint(
        &mut self,
        mode: CheckpointMode,
        db: &dyn WalFile,
        sync: bool,
    ) -> Result<CheckpointResult> {
        if self.write_lock {
            return Err(Error::from_code(codes::SQLITE_LOCKED));
        }
        if !self.shm.lock_exclusive(LOCK_CKPT)? {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        let mut busy = false;
        let mut have_write = false;
        if mode != CheckpointMode::Passive {
            have_write = self.shm.lock_exclusive(LOCK_WRITE)?;
            busy = !have_write;
        }
        let r = self.checkpoint_locked(mode, have_write, db, sync);
        if have_write {
            self.shm.unlock(LOCK_WRITE);
        }
        self.shm.unlock(LOCK_CKPT);
        let mut res = r?;
        res.busy |= busy;
        self.ckpt_due = false;
        Ok(res)
    }

    fn checkpoint_locked(
        &mut self,
        mode: CheckpointMode,
        have_write: bool,
        db: &dyn WalFile,
        sync: bool,
    ) -> Result<CheckpointResult> {
        let mut hdr = match index::read_hdr(&self.shm)? {
            Some(h) => h,
            None => {
                let took = !have_write && self.shm.lock_exclusive(LOCK_WRITE)?;
                if !have_write && !took {
                    return Err(Error::from_code(codes::SQLITE_BUSY));
                }
                let ok = self.recover();
                if took {
                    self.shm.unlock(LOCK_WRITE);
                }
                if !ok? {
                    return Err(Error::from_code(codes::SQLITE_BUSY));
                }
                index::read_hdr(&self.shm)?.ok_or_else(Error::corrupt)?
            }
        };
        let complete = self.backfill(&hdr, db, sync)?;
        let mut busy = mode != CheckpointMode::Passive && !complete;
        if mode >= CheckpointMode::Restart && complete && have_write {
            if self
                .shm
                .lock_exclusive_range(lock_read(1)..lock_read(NREADER))?
            {
                let r = if mode == CheckpointMode::Truncate {
                    self.restart_hdr(&mut hdr)
                        .and_then(|_| self.file.set_len(0))
                } else {
                    Ok(())
                };
                self.shm.unlock_range(lock_read(1)..lock_read(NREADER));
                r?;
            } else {
                busy = true;
            }
        }
        // (self.hdr stays the last snapshot this connection read: it is what tells the next
        // begin_read whether the pager's cache is still valid.)
        Ok(CheckpointResult {
            busy,
            log: hdr.mx_frame,
            checkpointed: index::n_backfill(&self.shm)?,
        })
    }

    /// Copies what readers allow into `db`. Returns true when the whole log is backfilled.
    fn backfill(&mut self, hdr: &IndexHdr, db: &dyn WalFile, sync: bool) -> Result<bool> {
        let mx = hdr.mx_frame;
        let done = index::n_backfill(&self.shm)?;
        if done >= mx {
            return Ok(true);
        }
        let mut safe = mx;
        for i in 1..NREADER {
            let y = index::read_mark(&self.shm, i)?;
            if safe > y {
                if self.shm.lock_exclusive(lock_read(i))? {
                    let m = if i == 1 { safe } else { READMARK_NOT_USED };
                    index::set_read_mark(&self.shm, i, m)?;
                    self.shm.unlock(lock_read(i));
                } else {
                    safe = y;
                }
            }
        }
        if done >= safe {
            return Ok(false);
        }
        if !self.shm.lock_exclusive(lock_read(0))? {
            return Ok(false);
        }
        let r = self.copy_frames(hdr, done, safe, db, sync);
        self.shm.unlock(lock_read(0));
        r?;
        Ok(safe == mx)
    }

    fn copy_frames(
        &mut self,
        hdr: &IndexHdr,
        done: u32,
        safe: u32,
        db: &dyn WalFile,
        sync: bool,
    ) -> Result<()> {
        self.shm.store(index::OFF_NBACKFILL_ATTEMPTED, safe)?;
        if sync {
            self.file.sync()?;
        }
        let mut newest = BTreeMap::new();
        for f in done + 1..=safe {
            newest.insert(index::frame_pgno(&self.shm, f)?, f);
        }
        let ps = hdr.page_size();
        let mut page = vec![0u8; ps as usize];
        for (&pgno, &f) in &newest {
            if pgno == 0 || pgno > hdr.n_page {
                continue;
            }
            read_exact(&*self.file, frame_offset(f, ps) + FRAME_HDR_SIZE, &mut page)?;
            db.write_at((pgno as u64 - 1) * ps as u64, &page)?;
        }
        if safe == hdr.mx_frame {
            db.set_len(hdr.n_page as u64 * ps as u64)?;
        }
        if sync {
            db.sync()?;
        }
        index::set_n_backfill(&self.shm, safe)
    }

    /// Closes the connection's WAL. When no other connection (in any process) uses the
    /// database, checkpoints everything into `db` and deletes `-wal` and `-shm`, as SQLite
    /// does. `db` is the pager's database file. Returns true when the files were deleted.
    pub fn close(mut self, db: &dyn WalFile, sync: bool) -> Result<bool> {
        self.end_read();
        if !self.shm.try_become_sole_user()? {
            return Ok(false);
        }
        let r = self.checkpoint(CheckpointMode::Passive, db, sync)?;
        if r.checkpointed == r.log {
            match std::fs::remove_file(&self.wal_path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::from_code(codes::SQLITE_IOERR_DELETE))
                }
                _ => {}
            }
            self.shm.delete_on_close();
            return Ok(true);
        }
        Ok(false)
    }
}
