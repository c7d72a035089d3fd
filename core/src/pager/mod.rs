//! Pager: the pages of one database file, the page cache, transactions, the rollback journal
//! and the file locks. Below it: [`crate::io`]. Above it: `btree/` (and `wal/` plugs in here).
//!
//! # API contract (used by `btree/` and `vdbe/`)
//! - Page numbers are 1-based ([`PageNo`]); page 1 starts with the 100-byte database header.
//! - [`Pager::get`] returns a shared [`PageRef`]; read its bytes with `page.data()`. Holding
//!   a `PageRef` pins the page in the cache.
//! - Before changing a page, call [`Pager::make_writable`]; then `page.data_mut()`.
//! - [`Pager::allocate`] returns a zeroed, writable page (from the freelist or the end of
//!   file); [`Pager::free`] puts a page on the freelist. The freelist, the change counter and
//!   the header's page count belong to the pager; every other header field is the caller's
//!   (schema cookie, schema format, text encoding, user version...).
//! - A database with no pages ([`Pager::page_count`] = 0, e.g. a new file) has no schema:
//!   readers must treat it as an empty `sqlite_schema` (reading page 1 is `SQLITE_CORRUPT`).
//!   [`Pager::begin_write`] on it creates page 1: the header exactly as `sqlite3` writes it
//!   (schema format and text encoding 0, as SQLite leaves them until the first `CREATE`) and
//!   an empty table-leaf page for `sqlite_schema`; like `sqlite3`, committing writes it even
//!   if nothing else changed (a rollback leaves the file empty).
//! - Writes happen only between [`Pager::begin_write`] and [`Pager::commit`] /
//!   [`Pager::rollback`]; [`Pager::open_savepoint`] / [`Pager::rollback_to_savepoint`] /
//!   [`Pager::release_savepoint`] nest inside.
//!
//! # Lock states (lockingv3.html)
//!
//! ```text
//!             begin_read                    begin_write
//!   NONE ───────────────────▶ SHARED ──────────────────────▶ RESERVED
//!    ▲   (hot journal? take       ▲  ▲                          │ commit
//!    │    EXCLUSIVE, play back,   │  │                          ▼
//!    │    back to SHARED)         │  │ commit done,          PENDING ──▶ EXCLUSIVE
//!    │                            │  │ reader stays            (new readers     │
//!    └── end_read / commit done ──┘  └──────────────────────── kept out) ──────┘
//!        (no reader left)                     rollback: back to SHARED or NONE
//! ```
//!
//! Transaction states of the pager (`state::Txn`): `None` (no lock), `Read` (SHARED), `Write`
//! (RESERVED, EXCLUSIVE during commit). A failed EXCLUSIVE leaves PENDING and the transaction
//! open: commit may be retried. `SQLITE_BUSY` goes through the busy handler
//! ([`Pager::set_busy_timeout`]), except when a reader asks for RESERVED (it could deadlock);
//! `begin_write` from no lock waits holding no lock. `get` outside a transaction starts a
//! read transaction that lasts until `end_read` or the end of the next write transaction.
//! In `PRAGMA locking_mode=EXCLUSIVE` ([`Pager::set_locking_mode`]) no lock is ever released.
//!
//! # Files
//!
//! | file | owns |
//! |---|---|
//! | `state.rs` | the `Pager` object, open, page access, settings |
//! | `lock.rs` | locking with the busy handler, hot-journal recovery |
//! | `txn.rs` | begin/commit/rollback, savepoints |
//! | `spill.rs` | cache spill inside a write transaction |
//! | `replace.rs` | replacing the whole database (VACUUM, deserialize, backup) |
//! | `freelist.rs` | allocate/free over the freelist trunk/leaf pages |
//! | `journal.rs` | the rollback journal format, writer and playback |
//! | `header.rs` | the 100-byte database header |
//! | `cache.rs`, `page.rs`, `savepoint.rs`, `options.rs` | the cache, pages, savepoint images, settings |
//! | `wal_mode.rs` | WAL mode (with `crate::wal`) |
//!
//! # What is on disk at each step of a commit (journal mode DELETE, synchronous FULL)
//!
//! 1. During the transaction: changed pages live in the cache; their original bytes are kept
//!    in memory (`originals`, and per savepoint) until they are durable in the journal.
//!    Nothing is on disk yet, unless the cache overflows (see *Spill* below).
//! 2. EXCLUSIVE lock (through the busy handler; `SQLITE_BUSY` leaves PENDING and the
//!    transaction open).
//! 3. Page 1 is stamped: change counter + 1, page count, version-valid-for, version number.
//! 4. `<db>-journal` written: a segment header with record count 0, then one record per
//!    original page not journaled yet. fsync (and, the first time, fsync the directory).
//!    A crash here leaves a journal that plays back nothing: the old state.
//! 5. The segment's record count written; fsync. From now on the journal can restore the old
//!    state.
//! 6. Dirty pages written to the database file; file truncated to the page count; fsync.
//!    A crash anywhere here leaves a hot journal: the next reader restores the old state.
//! 7. The journal is deleted (TRUNCATE: truncated to 0 bytes, PERSIST: header zeroed; both
//!    fsynced). This is the commit point: the new state.
//! 8. Lock back to SHARED (a reader remains) or NONE.
//!
//! NORMAL writes the count and fsyncs once in steps 4-5; OFF never fsyncs. MEMORY and OFF
//! journal modes skip steps 4-5 and 7 (a crash mid-commit may corrupt the file, as in SQLite).
//!
//! *Spill.* When dirty pages push the cache over `cache_size`, steps 3-5 run early (records
//! of the pages changed so far, in a new journal segment at the next sector boundary), then
//! the unreferenced dirty pages are written into the file and become clean. Original images
//! that are durable in the journal are dropped from memory, so a transaction of any size
//! needs memory for about `cache_size` pages (plus savepoint images). The transaction is still
//! open: a crash leaves a hot journal; `rollback` plays the journal back into the file and
//! re-reads the changed pages. If EXCLUSIVE is not available (readers), nothing spills and
//! the cache grows.
//!
//! # Invariants
//!
//! 1. Pages change only inside a write transaction, after `make_writable` (which puts the
//!    page in `dirty` and `writable` and, the first time, its bytes in `originals` / the open
//!    savepoints). A page stays writable until the transaction ends; if it was spilled and is
//!    read back, it is dirty again.
//! 2. Dirty pages are never evicted; only clean pages that nobody else references are. A
//!    dirty page becomes clean only by being written to the file (spill or commit).
//! 3. `originals` has exactly the pages `<= orig_count` changed in this transaction; pages
//!    above `orig_count` are new and need no journal record. An entry's bytes are dropped
//!    (`None`) only once they are durable in the journal (page 1's are always kept).
//! 4. The database file is written only while holding EXCLUSIVE, and only after the journal
//!    records that can undo the write are durable (step 5 before step 6, also when spilling).
//! 5. A journal is hot only if it exists, is non-empty with a non-zero first byte, the
//!    database is non-empty, and no connection holds RESERVED. A hot journal is played back
//!    under EXCLUSIVE before anything is read.
//! 6. The cache is valid while SHARED is held; across a NONE gap it is kept only if header
//!    bytes 24..40 (change counter, size, freelist) and the file size are unchanged.
//! 7. After an I/O error once the database file began to change, the pager stays failed
//!    (every call returns the error) until `rollback` restores the file from the journal.
//! 8. The lock page (the one holding byte 0x40000000) is never allocated, read or written.
//! 9. A `PageRef` is valid within one transaction; one kept across a cache reset is refused
//!    by `make_writable` (`SQLITE_MISUSE`) rather than silently lost.
//!
//! # WAL mode
//!
//! `wal_mode.rs` (written with the WAL layer, `crate::wal`) plugs the write-ahead log in at
//! four points: the read transaction opens a WAL snapshot (`wal_begin_read`), a cache miss
//! looks in the log first (`wal_read_page`), the write transaction takes the WAL's WRITE lock
//! instead of RESERVED (`lock_for_write`), and commit appends the dirty pages as frames
//! (`wal_commit`) instead of steps 2-8 above. No rollback journal in WAL mode; a cache spill
//! appends uncommitted frames (`wal_spill`).
//!
//! Async I/O (DESIGN decision 5): [`Pager::try_get`] reports a page that is not cached
//! without doing I/O and [`Pager::load`] reads it, so a VM can suspend between the two. The
//! VM uses the same seam through `pending.rs`: while a thread is *armed* (an async step runs
//! one resumable instruction), [`Pager::get`] serves only cached pages and turns a miss, or a
//! first read that would need a lock, into a recorded "pending (pager, page)" instead of a
//! read; the driver then calls [`Pager::load`] on the I/O worker (`crate::io::worker`) and the
//! instruction runs again. Everything else in the pager (locks, journal, commit, spill) is
//! synchronous and runs, for the async API, as a whole job on that worker. The
//! [`crate::io`] backends themselves are synchronous.

mod cache;
mod freelist;
pub(crate) mod header;
mod journal;
mod lock;
mod options;
mod page;
pub(crate) mod pending;
mod replace;
mod savepoint;
mod spill;
mod state;
mod txn;
mod wal_mode;

#[cfg(test)]
mod tests;

pub use options::{BusyHandler, JournalMode, LockingMode, PagerOptions, Synchronous};
pub use page::{Page, PageNo, PageRef};
pub use state::Pager;
