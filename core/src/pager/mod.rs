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
//!   In a write transaction, the first [`Pager::get`]`(1)` or [`Pager::allocate`] creates
//!   page 1: the header exactly as `sqlite3` writes it (schema format and text encoding 0, as
//!   SQLite leaves them until the first `CREATE`) and an empty table-leaf page for
//!   `sqlite_schema`. A transaction that touches no page writes nothing, so the file stays
//!   empty, as with `sqlite3`.
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
//! ([`Pager::set_busy_timeout`]), except when a reader asks for RESERVED (it could deadlock).
//!
//! # What is on disk at each step of a commit (journal mode DELETE, synchronous FULL)
//!
//! 1. During the transaction: nothing. Changed pages live in the cache; their original bytes
//!    are kept in memory (`originals`) and per savepoint.
//! 2. Page 1 is stamped: change counter + 1, page count, version-valid-for, version number.
//! 3. EXCLUSIVE lock.
//! 4. `<db>-journal` written: header with record count 0, then one record per original
//!    page. fsync. A crash here leaves a journal that plays back nothing: the old state.
//! 5. Record count written into the header; fsync. From now on the journal can restore the
//!    old state.
//! 6. Dirty pages written to the database file; file truncated to the page count; fsync.
//!    A crash anywhere here leaves a hot journal: the next reader restores the old state.
//! 7. The journal is deleted (TRUNCATE: truncated to 0 bytes, PERSIST: header zeroed; both
//!    fsynced). This is the commit point: the new state.
//! 8. Lock back to SHARED (a reader remains) or NONE.
//!
//! NORMAL writes the record count in step 4 and skips step 5's fsync; OFF skips every
//! fsync. MEMORY and OFF journal modes skip steps 4-5 and 7 (a crash mid-commit may corrupt
//! the file, as in SQLite).
//!
//! # Invariants
//!
//! 1. Pages change only inside a write transaction, after `make_writable` (which puts the
//!    page in `dirty` and, the first time, its bytes in `originals` / the open savepoints).
//! 2. Dirty pages are never evicted; only clean pages that nobody else references are.
//! 3. `originals` holds exactly the pages `<= orig_count` changed in this transaction; pages
//!    above `orig_count` are new and need no journal record.
//! 4. The database file is written only while holding EXCLUSIVE, and only after the journal
//!    that can undo it is durable (step 5 before step 6).
//! 5. A journal is hot only if it exists, is non-empty with a non-zero first byte, the
//!    database is non-empty, and no connection holds RESERVED. A hot journal is played back
//!    under EXCLUSIVE before anything is read.
//! 6. The cache is valid while SHARED is held; across a NONE gap it is kept only if header
//!    bytes 24..40 (change counter, size, freelist) and the file size are unchanged.
//! 7. After an I/O error past step 5, the pager stays failed (every call returns the error)
//!    until `rollback` restores the file from the journal.
//! 8. The lock page (the one holding byte 0x40000000) is never allocated, read or written.

mod cache;
mod freelist;
mod header;
mod journal;
mod lock;
mod options;
mod page;
mod savepoint;
mod state;
mod txn;

#[cfg(test)]
mod tests;

pub use options::{BusyHandler, JournalMode, PagerOptions, Synchronous};
pub use page::{Page, PageNo, PageRef};
pub use state::Pager;
