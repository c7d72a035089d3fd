//! Trigger-body and FK-action statements count their rows in `total_changes()` when they
//! end (`Insn::StmtCount`, see `vdbe/exec_count.rs`): one that fails adds nothing.

use crate::error::Result;
use crate::vdbe::insn::Insn;

use super::Compiler;

impl Compiler<'_> {
    /// Compiles one trigger-body or FK-action statement with `f`, bracketed by
    /// `StmtCount`.
    pub(crate) fn counted_stmt(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let slot = self.b.alloc_reg();
        self.b.emit(Insn::StmtCount { slot, begin: true });
        f(self)?;
        self.b.emit(Insn::StmtCount { slot, begin: false });
        Ok(())
    }
}
