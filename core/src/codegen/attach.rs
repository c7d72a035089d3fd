//! ATTACH and DETACH (lang_attach.html, lang_detach.html): evaluate the file and schema-name
//! expressions into registers and let the VM open or close the database
//! (`connection/attach.rs`). A bare identifier names itself (`ATTACH 'x.db' AS aux`, as in
//! SQLite, where it would otherwise be an unknown column).

use crate::error::Result;
use crate::parser::ast;
use crate::vdbe::insn::{Insn, Reg};

use super::Compiler;

impl Compiler<'_> {
    pub(crate) fn attach(&mut self, file: &ast::Expr, name: &ast::Expr) -> Result<()> {
        let file = self.attach_operand(file)?;
        let name = self.attach_operand(name)?;
        self.b.emit(Insn::Attach { file, name });
        Ok(())
    }

    pub(crate) fn detach(&mut self, name: &ast::Expr) -> Result<()> {
        let name = self.attach_operand(name)?;
        self.b.emit(Insn::Detach { name });
        Ok(())
    }

    fn attach_operand(&mut self, e: &ast::Expr) -> Result<Reg> {
        let r = self.b.alloc_reg();
        if let Some(id) = bare_identifier(e) {
            self.b.emit(Insn::String8 {
                value: id.into(),
                dest: r,
            });
            return Ok(r);
        }
        self.expr(e, r)?;
        Ok(r)
    }
}

fn bare_identifier(e: &ast::Expr) -> Option<&str> {
    match &e.kind {
        ast::ExprKind::Column {
            table: None,
            column,
            ..
        } => Some(&column.name),
        _ => None,
    }
}
