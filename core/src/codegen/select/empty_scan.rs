//! Where a full table scan goes when its table is empty.
//!
//! An empty table read by a full scan (`Rewind`/`Last` on the table itself, not an index)
//! can produce no row for any row of the loops around it, so sqlite3 leaves the whole
//! join there: its `Rewind` jumps past the outermost loop, or past the innermost enclosing
//! loop that must still see the end of its rows, the right-hand table of a LEFT (or
//! RIGHT/FULL) JOIN, which then adds its NULL row. The outer loops' remaining rows, and the
//! WHERE terms they would test, are never read (select seed 44907:
//! `FROM t0 JOIN t1 ON t1.c0 IS NOT NULL WHERE abs(t1.c2)` scans t1 then the empty t0, so
//! after t1's first row the scan ends and the row whose abs() overflows is not reached).
//!
//! Index scans, seeks, co-routines and table-valued functions (refilled for each outer
//! row) end only their own loop.

use crate::codegen::builder::Label;

/// Tracks, loop by loop from the outermost, where an empty full scan jumps.
#[derive(Default)]
pub(super) struct EmptyScanExit {
    halt: Option<Label>,
}

impl EmptyScanExit {
    /// For the next loop inward, whose end is `tail`: the label its full scan of an empty
    /// table jumps to. `barrier` says the loop must see its own end (an outer join's
    /// right-hand table, whose NULL row comes there); the outermost loop is one too.
    pub(super) fn next_loop(&mut self, tail: Label, barrier: bool) -> Label {
        match self.halt {
            Some(halt) if !barrier => halt,
            _ => {
                self.halt = Some(tail);
                tail
            }
        }
    }
}
