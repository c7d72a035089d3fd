//! The virtual machine (VDBE): runs a [`Program`] of [`Insn`]s over registers and cursors.
//!
//! A program is a flat vector of instructions; `pc` indexes it. Registers hold [`Value`]s
//! (plus aggregate accumulators and row sets on the side); cursors point into b-trees,
//! ephemeral tables, sorters or pseudo-tables. `step` runs until `ResultRow` (a row is ready),
//! `Halt` (done or error) or an interrupt.

mod arith;
mod btree_adapter;
pub(crate) mod cursor;
pub(crate) mod exec;
mod exec_cursor;
mod exec_func;
pub(crate) mod exec_schema;
pub(crate) mod explain;
mod header;
pub mod insn;
pub(crate) mod memtree;
pub(crate) mod sorter;
#[cfg(test)]
mod tests;
mod vacuum;
mod window;

pub use insn::{Addr, CursorId, Insn, Program, Reg};

pub(crate) use header::ensure_header;
