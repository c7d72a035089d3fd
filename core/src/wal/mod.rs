//! WAL mode: the write-ahead log (`<db>-wal`) and its shared index (`<db>-shm`), compatible
//! byte for byte with SQLite's, so Ferrolite and real SQLite processes share one database.
//!
//! # Files
//! - `<db>-wal` (`format.rs`): a 32-byte header (magic, version 3007000, page size, checkpoint
//!   sequence, salts, checksum) and frames of `24 + page_size` bytes (page number, database
//!   size for commit frames, salts, cumulative checksum). A transaction is committed when its
//!   commit frame is in the log; the log's valid end is the last commit frame that checksums.
//! - `<db>-shm` (`index.rs`, `shm.rs`): the wal-index, an mmapped hash of page -> newest frame,
//!   two copies of the index header, the checkpoint info with five read marks, and the lock
//!   bytes 120..=128 locked with POSIX `fcntl`.
//!
//! # State of one connection ([`Wal`])
//! ```text
//!  idle --begin_read--> reading(snapshot = index header, READn shared)
//!  reading --begin_write--> writing(WRITE exclusive)   BUSY / BUSY_SNAPSHOT if not possible
//!  writing --append_frames(.., Some(db_size), ..)--> writing (commit published)
//!  writing --end_write / rollback_write--> reading;  reading --end_read--> idle
//!  idle --checkpoint(mode, db)--> idle;               idle --close(db)--> gone
//! ```
//! Invariants:
//! 1. A reader sees frames `min_frame..=hdr.mx_frame` of its snapshot only; READ0 readers
//!    see none (the log was fully copied into the database when they started).
//! 2. While a reader holds READn with mark `m`, no checkpoint copies frames after `m` into the
//!    database, and no writer restarts the log.
//! 3. Only the WRITE holder appends frames or publishes the index header; frames past
//!    the header's `mx_frame` are invisible to everyone else.
//! 4. A bad index header (copies differ, checksum, not initialised) is rebuilt from the log
//!    (`recover.rs`) under WRITE+CKPT+RECOVER; damaged log bytes end the log, never panic.
//!
//! # API (what `pager/wal_mode.rs` calls)
//! ```text
//! let mut wal = Wal::open(db_path, page_size)?;   // creates <db>-wal / <db>-shm if missing
//! let changed = wal.begin_read()?;             // snapshot; drop the page cache when true
//! let n = wal.db_size();                       // pages, 0 = use the database file's size
//! if !wal.read_page(pgno, &mut buf)? { /* read pgno from the database file */ }
//! wal.begin_write()?;                          // BUSY, BUSY_SNAPSHOT
//! wal.append_frames(&[(pgno, &page)], None, false)?;          // cache spill
//! wal.append_frames(&[(pgno, &page)], Some(db_pages), sync)?; // commit
//! wal.end_write(); wal.end_read();             // end_write drops uncommitted frames
//! if wal.needs_checkpoint() { wal.checkpoint(CheckpointMode::Passive, &VfsDbFile(db), sync)?; }
//! wal.close(&VfsDbFile(db), sync)?;            // last connection: checkpoint + delete files
//! ```
//! The database file is always the pager's own handle (through [`VfsDbFile`]): a second
//! descriptor would drop the pager's POSIX locks when closed.
//!
//! # In the pager (`pager/wal_mode.rs`)
//! A database whose header says write version 2 (or that has a non-empty `-wal`) is opened in
//! WAL mode at the first read (`Pager::journal_mode` reports WAL even before). The pager keeps
//! SHARED on the database file while the WAL is open (so another process's close does not
//! delete our `-wal`), reads pages through the snapshot, takes WRITE instead of RESERVED,
//! commits by appending frames (the last a commit frame carrying the page count), spills into
//! uncommitted frames, and commits `replace_database` images as frames. A commit that leaves
//! `wal_autocheckpoint` (1000) frames or more makes a PASSIVE checkpoint due on that
//! connection; it runs when its read transaction ends. On drop the pager checkpoints and
//! deletes the files if it can take EXCLUSIVE. In EXCLUSIVE locking mode (set before the WAL
//! opens) the index lives in heap memory, no `-shm` exists, and the database stays EXCLUSIVE.
//!
//! Public entry points for the SQL layer:
//! - `PRAGMA journal_mode=X`: `Pager::try_set_journal_mode(mode) -> Result<JournalMode>`
//!   (SQLite's errors) or `Pager::set_journal_mode(mode) -> JournalMode` (no errors);
//! - `PRAGMA wal_checkpoint(M)`: `Pager::wal_checkpoint(CheckpointMode::M) -> (busy, log,
//!   checkpointed)`, `(0, -1, -1)` outside WAL mode, `SQLITE_LOCKED` inside a transaction;
//! - `PRAGMA wal_autocheckpoint=N`: `Pager::set_wal_autocheckpoint(n)`,
//!   `Pager::wal_autocheckpoint()`.

mod checkpoint;
mod conn;
mod file;
mod format;
mod index;
mod recover;
mod shm;

#[cfg(test)]
mod pager_tests;
#[cfg(test)]
mod sql_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_util;

pub use checkpoint::{CheckpointMode, CheckpointResult};
pub use conn::{wal_path, Wal, WalMark, DEFAULT_AUTOCHECKPOINT};
pub use file::{VfsDbFile, WalFile};
