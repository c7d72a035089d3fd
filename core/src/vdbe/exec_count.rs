//! Counting the rows of trigger-body and FK-action statements in `total_changes()`.
//!
//! sqlite3 counts such a statement's rows when the statement ends: one that fails (its
//! trigger raised an error, an FK RESTRICT stopped it) adds nothing, while the statements
//! it ran that ended are counted (sqlite3 3.40.1: an AFTER INSERT trigger inserting two log
//! rows and then raising ABORT still adds 2 to `total_changes()`; the trigger-body INSERT
//! that fired it adds nothing). The VM keeps a stack of the running statements' counts:
//! `StmtCount { begin: true }` pushes one (its depth saved in a register, so a RAISE(IGNORE)
//! that leaves statements unended cannot unbalance it), `begin: false` pops it into
//! `n_total`. Rows written with no statement running count at once.

use crate::error::Result;
use crate::value::Value;
use crate::vdbe::insn::Reg;

use super::exec::Vm;

impl Vm {
    /// One row written by a trigger body or FK action.
    pub(crate) fn count_total(&mut self) {
        match self.n_pending.last_mut() {
            Some(n) => *n += 1,
            None => self.n_total += 1,
        }
    }

    /// `StmtCount`: a statement starts (`begin`) or ends.
    pub(crate) fn stmt_count(&mut self, slot: Reg, begin: bool) -> Result<()> {
        if begin {
            self.set(slot, Value::Integer(self.n_pending.len() as i64))?;
            self.n_pending.push(0);
            return Ok(());
        }
        let depth = usize::try_from(self.reg_i64(slot)).unwrap_or(0);
        // Statements left unended above this one (RAISE(IGNORE)) are dropped with it.
        let n: i64 = self
            .n_pending
            .drain(depth.min(self.n_pending.len())..)
            .take(1)
            .sum();
        self.n_total += n;
        Ok(())
    }
}
