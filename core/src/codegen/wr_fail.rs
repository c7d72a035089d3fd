//! UPDATE OR FAIL on a WITHOUT ROWID table: the old row is back before the error.
//!
//! A WITHOUT ROWID UPDATE removes the row's old entries (table and indexes) before it checks
//! the new row, so that the row cannot conflict with itself. A check that fails with FAIL
//! ends the statement but keeps its changes so far (lang_conflict.html), so without care the
//! current row would stay deleted. Each FAIL halt of the checks is therefore rewritten into a
//! jump to an out-of-line block that writes the old row back, then halts:
//!
//! ```text
//!   checks ... Halt(FAIL)          ─▶   checks ... Goto L
//!   checks ... HaltIfNull(r, FAIL) ─▶   checks ... IsNull r, L
//!                                       Goto done
//!                                   L:  write old row (table + index entries); Halt(FAIL)
//!                                  done:
//! ```
//!
//! ABORT and ROLLBACK undo the statement anyway; IGNORE has its own restore path, which
//! also uses [`Compiler::write_row_back`]. Writing the row back counts no change.

use std::sync::Arc;

use crate::schema::Table;
use crate::vdbe::insn::{Addr, Insn, OnError, Reg};

use super::dml::WriteCursors;
use super::Compiler;

impl Compiler<'_> {
    /// Rewrites the FAIL halts emitted from `start` on so that they first write the old row
    /// (r[old_rowid], r[old..]) back.
    pub(super) fn restore_before_fail(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        start: Addr,
        old_rowid: Reg,
        old: Reg,
    ) {
        let mut halts = Vec::new();
        for at in start..self.b.here() {
            let halt = match &self.b.insns[at] {
                Insn::Halt {
                    on_error: OnError::Fail,
                    ..
                } => self.b.insns[at].clone(),
                Insn::HaltIfNull {
                    reg,
                    code,
                    on_error: OnError::Fail,
                    message,
                } => {
                    let halt = Insn::Halt {
                        code: *code,
                        on_error: OnError::Fail,
                        message: Some(message.clone()),
                    };
                    let reg = *reg;
                    let label = self.b.label();
                    self.b.insns[at] = Insn::IsNull { reg, target: label };
                    halts.push((label, halt));
                    continue;
                }
                _ => continue,
            };
            let label = self.b.label();
            self.b.insns[at] = Insn::Goto { target: label };
            halts.push((label, halt));
        }
        if halts.is_empty() {
            return;
        }
        let done = self.b.label();
        self.b.emit(Insn::Goto { target: done });
        for (label, halt) in halts {
            self.b.bind(label);
            self.write_row_back(t, wc, old_rowid, old);
            self.b.emit(halt);
        }
        self.b.bind(done);
    }

    /// Writes the old row (r[old_rowid], r[old..]) of a WITHOUT ROWID UPDATE back, as it
    /// was: no row change is counted (an ignored or failed row changes nothing).
    pub(super) fn write_row_back(
        &mut self,
        t: &Arc<Table>,
        wc: &WriteCursors,
        old_rowid: Reg,
        old: Reg,
    ) {
        self.write_row(t, wc, old_rowid, old, false);
        if matches!(self.b.insns.last(), Some(Insn::CountChange { .. })) {
            self.b.insns.pop();
        }
    }
}
