//! A GROUP BY whose loop delivers the rows grouped (an index or the rowid on the GROUP BY
//! terms) walks each row as the loop reads it, with no sorter in between, as SQLite's
//! index-grouped aggregate loop does: a group is finished and output when the first row of
//! the next group arrives, so a LIMIT reached there ends the loop, and the WHERE, the group
//! keys and the arguments of later rows are never evaluated (select seeds 7659, 7950:
//! `... WHERE abs(c) GROUP BY a ORDER BY a DESC LIMIT 3` does not reach the row whose
//! abs() overflows).
//!
//! The row still goes through the same record as a sorted one (built in the loop, read
//! back through a pseudo cursor), so the values the group walk sees are those it sees after
//! a sorter. Layout:
//!
//! ```text
//!   loop { ...; MakeRecord -> rec; OpenPseudo(pseudo, rec); Gosub(ret, row) }
//!   if have: Gosub(out_group)      -- the last group
//!   Goto done
//! row: per-row group walk; Return(ret)
//! ```

use crate::codegen::builder::{Builder, Label};
use crate::vdbe::insn::{CursorId, Insn, Reg};

/// The streaming walk's pseudo cursor and per-row subroutine.
pub(super) struct GroupWalk {
    /// Reads the fields of the row being walked.
    pub pseudo: CursorId,
    /// Return address of the per-row subroutine.
    ret: Reg,
    /// The per-row subroutine.
    row: Label,
    width: usize,
}

impl GroupWalk {
    /// A streaming walk of rows of `width` fields when `stream`; `None` (a sorter walks
    /// the rows) otherwise.
    pub fn new(b: &mut Builder, stream: bool, width: usize) -> Option<Self> {
        stream.then(|| Self {
            pseudo: b.alloc_cursor(),
            ret: b.alloc_reg(),
            row: b.label(),
            width,
        })
    }

    /// Inside the loop: walks the row whose record is in r[rec].
    pub fn send(&self, b: &mut Builder, rec: Reg) {
        b.emit(Insn::OpenPseudo {
            cursor: self.pseudo,
            reg: rec,
            n_columns: self.width,
        });
        b.emit(Insn::Gosub {
            return_reg: self.ret,
            target: self.row,
        });
    }

    /// After the loop: outputs the last group (if any row came) through the subroutine at
    /// `out_group` (returning through `out_ret`), jumps to `done`, then starts the per-row
    /// subroutine.
    pub fn finish_loop(
        &self,
        b: &mut Builder,
        have: Reg,
        out_ret: Reg,
        out_group: Label,
        done: Label,
    ) {
        b.emit(Insn::IfNot {
            reg: have,
            target: done,
            jump_if_null: true,
        });
        b.emit(Insn::Gosub {
            return_reg: out_ret,
            target: out_group,
        });
        b.emit(Insn::Goto { target: done });
        b.bind(self.row);
    }

    /// Ends the per-row subroutine.
    pub fn end_row(&self, b: &mut Builder) {
        b.emit(Insn::Return { reg: self.ret });
    }
}
