//! Foreign-key instructions (foreignkeys.html): the compile-mode guard, recursive FK action
//! programs, and the end-of-statement check of the violation counters.
//!
//! Counters: `Vm::fk_counter` counts the immediate violations of one statement run;
//! `ConnState::fk_deferred` the deferred ones of the open transaction (and, while
//! `PRAGMA defer_foreign_keys` is on, the immediate ones too). A statement whose own counter
//! is positive when it halts fails with SQLITE_CONSTRAINT_FOREIGNKEY; in autocommit mode the
//! deferred counter is checked there too, else at COMMIT.

use crate::connection::ConnState;
use crate::error::{codes, Error, Result};
use crate::vdbe::insn::{Insn, OnError};

use super::exec::{Flow, RunState, Vm};

/// The message SQLite gives every foreign key violation.
pub(crate) const FK_MESSAGE: &str = "FOREIGN KEY constraint failed";

pub(crate) fn fk_error() -> Error {
    Error::new(codes::SQLITE_CONSTRAINT_FOREIGNKEY, FK_MESSAGE)
}

impl Vm {
    /// Executes the foreign-key instructions; None for any other.
    pub(crate) fn exec_fkey(&mut self, insn: &Insn, conn: &mut ConnState) -> Result<Option<Flow>> {
        Ok(Some(match insn {
            Insn::FkMode { enabled, defer } => {
                if *enabled != conn.foreign_keys || *defer != conn.defer_foreign_keys() {
                    return Err(Error::from_code(codes::SQLITE_SCHEMA));
                }
                Flow::Next
            }
            Insn::ProgramByKey {
                key,
                params,
                target,
            } => {
                let prog = std::iter::once(&self.prog)
                    .chain(self.frames.iter().rev().map(|f| &f.prog))
                    .find(|p| p.sql == *key)
                    .cloned()
                    .ok_or_else(|| Error::new(codes::SQLITE_INTERNAL, "lost an FK action"))?;
                self.enter_subprogram(prog, *params, *target)?;
                Flow::Jump(0)
            }
            _ => return Ok(None),
        }))
    }

    /// At the top-level halt: immediate violations of this statement fail it; in autocommit
    /// mode so do the deferred ones of a writing statement (its transaction ends here).
    pub(crate) fn check_fk_at_end(&mut self, conn: &ConnState) -> Result<()> {
        let deferred_fail = conn.autocommit && self.writing && conn.fk_deferred > 0;
        if self.fk_counter > 0 || deferred_fail {
            self.state = RunState::Halted;
            self.fail_mode = OnError::Abort;
            return Err(fk_error());
        }
        Ok(())
    }
}
