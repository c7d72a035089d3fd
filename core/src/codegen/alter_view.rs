//! ALTER TABLE errors as sqlite3 3.40.1 gives them: the schema checks' "error in ..."
//! failures at step time, not prepare time; and refusals before looking at a table: a view named as
//! the target ("view v may not be altered", "Cannot add a column to a view", ...), a new
//! name in the reserved `sqlite_` namespace, and which database's `sqlite_master` an
//! unqualified name means (main's: `ALTER TABLE sqlite_master ...` is "table sqlite_master
//! may not be altered" even with a TEMP schema).

use crate::error::{Error, Result};
use crate::parser::ast;

use super::Compiler;

/// Whether `name` is main's schema table as an unqualified ALTER TABLE target.
pub(crate) fn is_main_master(name: &str) -> bool {
    name.eq_ignore_ascii_case("sqlite_master") || name.eq_ignore_ascii_case("sqlite_schema")
}

/// "object name reserved for internal use: sqlite_x" for a RENAME TO into `sqlite_`.
pub(crate) fn check_reserved_name(new: &str) -> Result<()> {
    if new.len() >= 7 && new[..7].eq_ignore_ascii_case("sqlite_") {
        return Err(Error::sql(format!(
            "object name reserved for internal use: {new}"
        )));
    }
    Ok(())
}

impl Compiler<'_> {
    /// sqlite3 reports the schema checks of ALTER TABLE ("error in view v: ...", "error in
    /// trigger t after drop column: ...", "error in table t after rename: ...") when the
    /// statement runs, not when it is prepared: such an error becomes a Halt.
    pub(crate) fn step_time_alter_error(&mut self, r: Result<()>) -> Result<()> {
        match r {
            Err(e) if e.message.starts_with("error in ") => {
                self.b.emit(crate::vdbe::insn::Insn::Halt {
                    code: crate::error::codes::SQLITE_ERROR,
                    on_error: Default::default(),
                    message: Some(e.message),
                });
                Ok(())
            }
            r => r,
        }
    }

    /// sqlite3's error when the ALTER TABLE target `a` names a view (of the database the
    /// statement was routed to) rather than a table.
    pub(crate) fn alter_view_refusal(&self, a: &ast::AlterTable) -> Result<()> {
        let name = &a.name.name.name;
        if self.schema.table(name).is_some() {
            return Ok(());
        }
        let Some(v) = self.schema.view(name) else {
            return Ok(());
        };
        let msg = match &a.action {
            ast::AlterAction::RenameTo(_) => format!("view {} may not be altered", v.name),
            ast::AlterAction::AddColumn(_) => "Cannot add a column to a view".to_owned(),
            ast::AlterAction::DropColumn(_) => {
                format!("cannot drop column from view \"{}\"", v.name)
            }
            ast::AlterAction::RenameColumn { .. } => {
                format!("cannot rename columns of view \"{}\"", v.name)
            }
        };
        Err(Error::sql(msg))
    }
}
