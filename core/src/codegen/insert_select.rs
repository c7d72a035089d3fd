//! `INSERT INTO t SELECT ...`: the SELECT runs as a coroutine that hands each row to the
//! insert loop in registers, as sqlite3 3.40.1 does (its EXPLAIN shows `InitCoroutine` /
//! `Yield`):
//!
//! ```text
//!     InitCoroutine co, after, body
//! body:
//!     ... the SELECT; each row: Copy into r[row..], Yield co
//!     EndCoroutine co
//! after:
//! top:                                  -- streamed: the rows straight from the coroutine
//!     Yield co, done
//!     ... place the values, check and insert the row ...
//!     Goto top
//! done:
//! ```
//!
//! When the SELECT reads the table being written (any OpenRead on the table or one of its
//! indexes, views and subqueries included) or the table has triggers, sqlite3 first runs the
//! coroutine to its end into an ephemeral table and inserts from that (the same rows, read
//! before the first insert). Registers keep a value's int-real flag (`vdbe::regmeta` rule 7)
//! and a record does not, so `INSERT INTO t(x TEXT) SELECT b FROM s` with `b REAL AS (a)
//! VIRTUAL` stores '3.0' streamed but '3' through the ephemeral table, in sqlite3 as here.

use std::sync::Arc;

use crate::error::Result;
use crate::parser::ast::{self, ConflictResolution};
use crate::schema::Table;
use crate::vdbe::insn::{Insn, Reg, Root};

use super::builder::Label;
use super::dml::WriteCursors;
use super::select::Dest;
use super::Compiler;

impl Compiler<'_> {
    /// Inserts the rows of `sel` into `t` (opened in `wc`), value `k` of a row going to
    /// `targets[k]` (None = the rowid).
    pub(super) fn insert_from_select(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        targets: &[Option<usize>],
        ins: &ast::Insert,
        sel: &ast::Select,
        or: Option<ConflictResolution>,
    ) -> Result<()> {
        let n = t.columns.len();
        let co = self.b.alloc_reg();
        let after = self.b.label();
        let body = self.b.label();
        let init = self.b.emit(Insn::InitCoroutine {
            reg: co,
            target: after,
            start: body,
        });
        self.b.bind(body);
        let row = self.b.alloc_regs(targets.len().max(1));
        let dest = Dest::Yield {
            co,
            reg: row,
            count: targets.len(),
        };
        let cols_info = self.select(sel, &dest, 0)?;
        if cols_info.len() != targets.len() {
            return Err(self.count_mismatch(t, ins, cols_info.len(), targets.len()));
        }
        self.b.emit(Insn::EndCoroutine { reg: co });
        let reads_target = self.reads_table(init, t);
        self.b.bind(after);
        let done = self.b.label();
        let (rowid, cols) = self.row_regs(n);
        let given = self.b.alloc_regs(targets.len());
        if reads_target || self.has_triggers(t) {
            let tmp = self.b.alloc_cursor();
            self.b.emit(Insn::OpenEphemeral {
                cursor: tmp,
                n_columns: targets.len(),
                key_info: None,
            });
            let fill = self.b.here();
            let filled = self.b.label();
            self.b.emit(Insn::Yield {
                reg: co,
                target: filled,
            });
            self.output(&Dest::Table { cursor: tmp }, row, targets.len());
            self.b.emit(Insn::Goto { target: fill });
            self.b.bind(filled);
            self.b.emit(Insn::Rewind {
                cursor: tmp,
                target: done,
            });
            let top = self.b.here();
            for i in 0..targets.len() {
                self.b.emit(Insn::Column {
                    cursor: tmp,
                    column: i,
                    dest: given + i,
                    default: None,
                });
            }
            let next = self.b.label();
            self.insert_one(t, wc, targets, (rowid, cols, given), or, next)?;
            self.b.bind(next);
            self.b.emit(Insn::Next {
                cursor: tmp,
                target: top,
            });
        } else {
            let top = self.b.here();
            self.b.emit(Insn::Yield {
                reg: co,
                target: done,
            });
            if !targets.is_empty() {
                self.b.emit(Insn::Copy {
                    src: row,
                    dest: given,
                    count: targets.len(),
                });
            }
            let next = self.b.label();
            self.insert_one(t, wc, targets, (rowid, cols, given), or, next)?;
            self.b.bind(next);
            self.b.emit(Insn::Goto { target: top });
        }
        self.b.bind(done);
        Ok(())
    }

    /// One row from r[given..]: placed into `t`'s row registers, checked and written; goes
    /// on at `next`.
    fn insert_one(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        targets: &[Option<usize>],
        (rowid, cols, given): (Reg, Reg, Reg),
        or: Option<ConflictResolution>,
        next: Label,
    ) -> Result<()> {
        self.place_values(t, wc.table, targets, given, rowid, cols)?;
        self.insert_row_to(t, wc, targets, rowid, cols, Some(given), or, next)
    }

    /// Whether the instructions from `from` on open a read cursor on `t` or one of its
    /// indexes.
    fn reads_table(&self, from: usize, t: &Table) -> bool {
        let mut roots = vec![(t.root_page, t.db)];
        roots.extend(self.indexes_of(t).iter().map(|ix| (ix.root_page, ix.db)));
        self.b.insns[from..].iter().any(|i| match i {
            Insn::OpenRead {
                root: Root::Page(p),
                db,
                ..
            } => roots.contains(&(*p, *db)),
            _ => false,
        })
    }
}
