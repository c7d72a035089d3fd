//! AUTOINCREMENT inside trigger bodies. SQLite keeps the sequence of every AUTOINCREMENT
//! table a statement's triggers insert into in the statement itself: it is loaded from
//! `sqlite_sequence`, advanced by each row the triggers insert, and written back once, when
//! the statement ends normally. So a statement that fails part-way (OR FAIL, RAISE(FAIL))
//! keeps the rows its triggers wrote but leaves their sequence as it was, and a statement
//! whose triggers could insert gives the table its `sqlite_sequence` row (seq 0) even when
//! they did not fire (observed in sqlite3 3.40.1; pinned by `tests/difftest/tests/counts.rs`).
//!
//! Here trigger bodies are compiled inline, so each table gets one statement-wide register
//! with the largest rowid its triggers inserted ("shared max", NULL until one did). A trigger
//! body's INSERT still loads the stored sequence, takes the larger of it and the shared max,
//! and after the insert raises the shared max instead of writing `sqlite_sequence`; the
//! statement's end ([`Compiler::autoinc_for_triggers`]) writes it back. Sub-programs (FK
//! actions) have registers of their own and keep writing the sequence at once.

use std::sync::Arc;

use crate::schema::Table;
use crate::vdbe::insn::{Insn, Reg};

use super::Compiler;

impl Compiler<'_> {
    /// The statement-wide register for `t`'s sequence when an INSERT into it is being
    /// compiled inline in a trigger body of the top-level program; `None` otherwise.
    fn autoinc_shared_reg(&mut self, t: &Table) -> Option<Reg> {
        if self.in_trigger == 0 || !self.fk_action_stack.is_empty() {
            return None;
        }
        if let Some((_, r)) = self.autoinc_shared.iter().find(|(n, _)| *n == t.name) {
            return Some(*r);
        }
        let r = self.b.alloc_reg();
        self.prologue.push(Insn::Null {
            dest: r,
            dest_end: r,
        });
        self.autoinc_shared.push((t.name.clone(), r));
        Some(r)
    }

    /// After `autoinc_begin` of an INSERT into `t`: inside a trigger body, the sequence
    /// continues from the rows this statement's triggers already inserted.
    pub(crate) fn autoinc_trigger_enter(&mut self, t: &Table) {
        let (Some(shared), Some((_, maxr, _))) = (self.autoinc_shared_reg(t), self.autoinc) else {
            return;
        };
        self.emit_max(maxr, shared);
    }

    /// Ends an INSERT into `t`: writes `sqlite_sequence` back, or inside a trigger body only
    /// raises the statement-wide max (written back when the statement ends).
    pub(crate) fn autoinc_finish(&mut self, t: &Arc<Table>) {
        match (self.autoinc_shared_reg(t), self.autoinc) {
            (Some(shared), Some((_, maxr, _))) => {
                self.autoinc = None;
                self.emit_max(shared, maxr);
            }
            (None, Some(state)) if self.in_trigger == 0 && self.fk_action_stack.is_empty() => {
                // The top-level table's sequence is written after its triggers' ones.
                self.autoinc = None;
                self.autoinc_top = Some((t.clone(), state));
            }
            _ => self.autoinc_end(t),
        }
    }

    /// At the end of a statement: the AUTOINCREMENT tables its trigger bodies insert into get
    /// their sequence written back (a row with seq 0 if they had none, even when no trigger
    /// fired).
    pub(crate) fn autoinc_for_triggers(&mut self) -> crate::error::Result<()> {
        let shared = std::mem::take(&mut self.autoinc_shared);
        let top = self.autoinc_top.take();
        let shared_of = |name: &str| shared.iter().find(|(n, _)| n == name).map(|s| s.1);
        // Last registered first, as SQLite writes them (the order of new sqlite_sequence rows).
        for t in std::mem::take(&mut self.autoinc_in_triggers)
            .into_iter()
            .rev()
        {
            if top.as_ref().is_some_and(|(tt, _)| tt.name == t.name) {
                continue;
            }
            self.autoinc_begin(&t)?;
            if let (Some(r), Some((_, maxr, _))) = (shared_of(&t.name), self.autoinc) {
                self.emit_max(maxr, r);
            }
            self.autoinc_end(&t);
        }
        if let Some((t, state)) = top {
            if let Some(r) = shared_of(&t.name) {
                self.emit_max(state.1, r);
            }
            self.autoinc = Some(state);
            self.autoinc_end(&t);
        }
        Ok(())
    }

    /// r[dest] = max(r[dest], r[src]), NULL being smaller than any number.
    fn emit_max(&mut self, dest: Reg, src: Reg) {
        let skip = self.b.label();
        let take = self.b.label();
        self.b.emit(Insn::IsNull {
            reg: src,
            target: skip,
        });
        self.b.emit(Insn::IsNull {
            reg: dest,
            target: take,
        });
        self.b.emit(Insn::Le {
            lhs: src,
            rhs: dest,
            target: skip,
            flags: Default::default(),
        });
        self.b.bind(take);
        self.b.emit(Insn::SCopy { src, dest });
        self.b.bind(skip);
    }
}
