//! RETURNING rows are buffered until the statement's changes are all made; SQLite then
//! checks the statement's immediate foreign-key violations *before* it returns any row, so
//! a statement that fails them returns no rows (observed in sqlite3 3.40.1; pinned by
//! `tests/difftest/tests/counts.rs`). Deferred violations are still checked at COMMIT, after
//! the rows were returned.

use crate::error::codes;
use crate::vdbe::insn::{Insn, OnError};

use super::Compiler;

impl Compiler<'_> {
    /// Before the buffered RETURNING rows are returned: fails the statement when it left
    /// immediate FK violations.
    pub(crate) fn returning_fk_check(&mut self) {
        // With defer_foreign_keys on every violation counts as deferred (checked at COMMIT).
        if !self.fk.enabled || self.fk.defer {
            return;
        }
        let ok = self.b.label();
        self.b.emit(Insn::FkIfZero {
            deferred: false,
            target: ok,
        });
        self.b.emit(Insn::Halt {
            code: codes::SQLITE_CONSTRAINT_FOREIGNKEY,
            on_error: OnError::Abort,
            message: Some("FOREIGN KEY constraint failed".into()),
        });
        self.b.bind(ok);
    }
}
