//! RETURNING rows are buffered until the statement's changes are all made; SQLite then
//! checks the statement's immediate foreign-key violations *before* it returns any row, so
//! a statement that fails them returns no rows (observed in sqlite3 3.40.1; pinned by
//! `tests/difftest/tests/counts.rs`). Deferred violations are still checked at COMMIT, after
//! the rows were returned.

use super::Compiler;

impl Compiler<'_> {
    /// Before the buffered RETURNING rows are returned: fails the statement when it left
    /// immediate FK violations.
    pub(crate) fn returning_fk_check(&mut self) {
        // With defer_foreign_keys on every violation counts as deferred (checked at COMMIT).
        if !self.fk.enabled || self.fk.defer {
            return;
        }
        self.fk_fail_if_pending();
    }
}
