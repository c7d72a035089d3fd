//! ADD COLUMN with CHECK constraints (sqlite3 3.40.1, asked through the C API): the new
//! definition's CHECK expressions must name columns of the table (else the statement fails
//! when it runs, rows or not: "error in table t after add column: no such column: x";
//! subqueries and parameters are refused the same way), and every existing row, with the
//! new column at its default, must pass them: else "CHECK constraint failed" (SQLITE_ERROR)
//! when the statement runs, and the table is left unchanged. A NULL result passes.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::parser::ast::{self, ExprKind};
use crate::planner::resolve::{Scope, Source};
use crate::schema::Table;
use crate::vdbe::insn::Insn;

use super::Compiler;

/// The first name error in CHECK expression `e` of table `t`.
fn check_names(t: &Table, e: &ast::Expr) -> Option<Error> {
    let mut err = None;
    super::select::walk_pub(e, &mut |x| {
        if err.is_some() {
            return false;
        }
        err = match &x.kind {
            ExprKind::Column { table, column, .. } => {
                let ok_table = table
                    .as_ref()
                    .is_none_or(|q| q.name.eq_ignore_ascii_case(&t.name));
                let known = ok_table
                    && (t.column_index(&column.name).is_some() || t.is_rowid_name(&column.name));
                let string = table.is_none() && column.quote == ast::Quote::Double;
                (!known && !string).then(|| {
                    let full = match table {
                        Some(q) => format!("{}.{}", q.name, column.name),
                        None => column.name.clone(),
                    };
                    Error::sql(format!("no such column: {full}"))
                })
            }
            ExprKind::Variable { .. } => {
                Some(Error::sql("parameters prohibited in CHECK constraints"))
            }
            ExprKind::Exists(_)
            | ExprKind::Subquery(_)
            | ExprKind::InSelect { .. }
            | ExprKind::InTable { .. } => {
                Some(Error::sql("subqueries prohibited in CHECK constraints"))
            }
            _ => None,
        };
        err.is_none()
    });
    err
}

impl Compiler<'_> {
    /// Emits the checks of ADD COLUMN `cd` on table `t` whose new definition is `new_sql`
    /// (see the module header). Returns true when the statement always fails (a name
    /// error, already emitted as a Halt): the caller then stores nothing.
    pub(crate) fn add_column_checks(
        &mut self,
        t: &Arc<Table>,
        cd: &ast::ColumnDef,
        new_sql: &str,
    ) -> Result<bool> {
        let checks: Vec<&ast::Expr> = cd
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ast::ColumnConstraintKind::Check(e) => Some(e),
                _ => None,
            })
            .collect();
        if checks.is_empty() {
            return Ok(false);
        }
        let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(new_sql)? else {
            return Ok(false);
        };
        let mut nt = Table::from_create(&ct, new_sql, t.root_page)?;
        nt.db = t.db;
        let nt = Arc::new(nt);
        if let Some(e) = checks.iter().find_map(|e| check_names(&nt, e)) {
            self.b.emit(Insn::Halt {
                code: codes::SQLITE_ERROR,
                on_error: Default::default(),
                message: Some(format!(
                    "error in table {} after add column: {}",
                    t.name, e.message
                )),
            });
            return Ok(true);
        }
        self.check_existing_rows(t, &nt, &checks)?;
        Ok(false)
    }

    /// For each row of `t` (read as `nt`, the table with its new column): fails the
    /// statement with "CHECK constraint failed" when one of `checks` is false.
    fn check_existing_rows(
        &mut self,
        t: &Table,
        nt: &Arc<Table>,
        checks: &[&ast::Expr],
    ) -> Result<()> {
        let c = self.open_table_read(t);
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: c,
            target: done,
        });
        let top = self.b.here();
        self.scopes.push(Scope {
            sources: vec![Source::from_table(nt.clone(), None, c)],
        });
        self.agg.push(None);
        let saved = self.sql;
        self.sql = "";
        let mut r = Ok(());
        for e in checks {
            let ok = self.b.label();
            if let Err(err) = self.jump_if_true(e, ok, true) {
                r = Err(err);
                break;
            }
            self.b.emit(Insn::Halt {
                code: codes::SQLITE_ERROR,
                on_error: Default::default(),
                message: Some("CHECK constraint failed".to_owned()),
            });
            self.b.bind(ok);
        }
        self.sql = saved;
        self.pop_scope();
        r?;
        self.b.emit(Insn::Next {
            cursor: c,
            target: top,
        });
        self.b.bind(done);
        self.b.emit(Insn::Close { cursor: c });
        Ok(())
    }
}
