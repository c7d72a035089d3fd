//! The virtual machine (VDBE): runs a [`Program`] of [`Insn`]s over registers and cursors.
//!
//! A program is a flat vector of instructions; `pc` indexes it. Registers hold [`Value`]s
//! (plus aggregate accumulators and row sets on the side); cursors point into b-trees,
//! ephemeral tables, sorters or pseudo-tables. `step` runs until `ResultRow` (a row is ready),
//! `Halt` (done or error) or an interrupt.

pub mod insn;

pub use insn::{Addr, CursorId, Insn, Program, Reg};
