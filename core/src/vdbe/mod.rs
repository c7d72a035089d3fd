//! The virtual machine (VDBE): runs a [`Program`] of [`Insn`]s over registers and cursors.
//!
//! A program is a flat vector of instructions (`insn.rs`: SQLite's opcodes, typed); `pc`
//! indexes it. Registers `r[0..=n_regs]` hold [`Value`](crate::Value)s; aggregate
//! accumulators (keyed by their register), row sets and `Once` flags live beside them.
//!
//! # One run of a statement
//!
//! ```text
//!   Ready ──step──▶ Running ──ResultRow──▶ (Row returned; Running)
//!                      │  ├─Halt(0) / end of program──▶ Halted ── Done
//!                      │  └─Halt(code) / error / interrupt──▶ Halted ── Err
//!   reset (or step after Halted: autoreset) ──▶ Ready
//! ```
//! In async mode (`exec_io.rs`, DESIGN decision 5) a run can also stop with `Pending`: `pc`
//! stays on the instruction that met an uncached page (or that must block), the run stays
//! `Running`, and the next `step` runs that instruction again from its start.
//! The first `Transaction` instruction counts the statement as active in the connection
//! (`ConnState::n_active`, and `n_write_active` for writers) and begins the read or write
//! transaction. When the run ends, `api::Statement` ends it: in autocommit mode the last
//! writing statement commits (readers keep their SHARED lock), the last active statement
//! ends the read; a failed statement is undone alone through its statement savepoint
//! (opened when other statements are active or a transaction is explicit), else with the
//! whole transaction. `OnError::Fail` keeps the changes, `OnError::Rollback` drops the
//! transaction.
//!
//! # Cursors (`cursor.rs`)
//!
//! | kind        | opened by                     | backed by                                  |
//! |-------------|-------------------------------|--------------------------------------------|
//! | b-tree      | OpenRead / OpenWrite          | `btree::Cursor` (`btree_adapter.rs`)         |
//! | ephemeral   | OpenEphemeral / OpenDup       | `memtree::MemTree` (sorted vector, shared)   |
//! | sorter      | SorterOpen                    | `sorter::Sorter` (records sorted at Sort)    |
//! | pseudo      | OpenPseudo                    | the record in one register                   |
//!
//! Every kind answers the same `TreeCursor` calls, so seeks, `Column`, `Next` work alike. The
//! current row's payload and parsed header are cached until the cursor moves. Index keys
//! compare through `value::record::compare_record` with the cursor's `KeyInfo` (collations,
//! DESC, prefix keys); user collations resolve through the connection.
//!
//! # Invariants
//!
//! 1. A register or cursor number outside the program's range is an `SQLITE_INTERNAL`
//!    error, never a panic; so is an instruction applied to the wrong cursor kind.
//! 2. Bytes read from the file (records, rowids in index entries) are checked:
//!    damage gives `SQLITE_CORRUPT`.
//! 3. The interrupt flag and the progress handler are checked before every instruction.
//! 4. Trigger sub-programs (`Program`) run in frames; `Param` reads the parent's registers.

mod arith;
mod btree_adapter;
pub(crate) mod cursor;
pub(crate) mod exec;
mod exec_count;
mod exec_cursor;
pub(crate) mod exec_fkey;
mod exec_func;
pub(crate) mod exec_io;
pub(crate) mod exec_schema;
pub(crate) mod explain;
mod header;
pub mod insn;
pub(crate) mod memtree;
mod regmeta;
pub(crate) mod sorter;
pub mod status;
#[cfg(test)]
mod tests;
pub(crate) mod tvf;
pub mod typecheck;
mod vacuum;
mod window;

pub use insn::{Addr, CursorId, Insn, Program, Reg};

pub(crate) use header::ensure_header;
