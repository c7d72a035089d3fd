//! The order in which an UPDATE's (or an upsert's DO UPDATE's) SET clauses are checked
//! (lang_update.html, lang_upsert.html).
//!
//! sqlite3 resolves the SET items in turn, each value before its target columns, and the
//! WHERE clause after all of them; a SET value is resolved even when a later item assigns
//! the same column (and so it is never evaluated). Observed with sqlite3 3.40.1:
//! `UPDATE p SET e0 = zz` and `UPDATE p SET a = zz WHERE yy` report `zz`,
//! `... DO UPDATE SET e0 = excluded.e0` reports `excluded.e0`, `SET (e0, a) = (1, zz)`
//! reports `e0`, and `SET a = zz, a = 1` reports `zz`.
//!
//! Our compiler looks all targets up first and compiles the WHERE clause before the SET
//! values, so on those errors it asks [`Compiler::first_set_error`] which error comes
//! first in sqlite3's order; the statement then fails to prepare, so the code emitted for
//! that is never run.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast;
use crate::planner::resolve::{Scope, Source};
use crate::schema::Table;
use crate::vdbe::insn::Insn;

use super::update::{resolve_sets, SetClause, SetValue};
use super::Compiler;

impl Compiler<'_> {
    /// The error sqlite3 reports for SET list `sets` of table `t` when our compiler failed
    /// with `later` (a target column that does not resolve, or an error in the WHERE
    /// clause): the first error among the items' values and targets, in order, else
    /// `later`. The SET scope (the target row, `excluded` for an upsert) must be pushed.
    pub(crate) fn first_set_error(
        &mut self,
        t: &Table,
        sets: &[ast::Assignment],
        later: Error,
    ) -> Error {
        for a in sets {
            for item in split_row(a) {
                let clause = SetClause {
                    columns: vec![None; item.columns.len()],
                    expr: &item.expr,
                };
                if let Err(e) = self.resolve_set_value(&clause) {
                    return e;
                }
                if let Err(e) = resolve_sets(t, std::slice::from_ref(&item)) {
                    return e;
                }
            }
        }
        later
    }

    /// [`Self::first_set_error`] for UPDATE `u` of `t` (no FROM clause), with its target
    /// row in scope. `depth` is the number of scopes before the failed compile began
    /// (scopes it left behind are dropped).
    pub(crate) fn first_update_error(
        &mut self,
        t: &Arc<Table>,
        u: &ast::Update,
        depth: usize,
        later: Error,
    ) -> Error {
        self.scopes.truncate(depth);
        self.agg.truncate(depth);
        let alias = u.alias.as_ref().map(|a| a.name.as_str());
        let src = Source::from_table(t.clone(), alias, 0);
        self.scopes.push(Scope { sources: vec![src] });
        self.agg.push(None);
        let e = self.first_set_error(t, &u.sets, later);
        self.pop_scope();
        e
    }

    /// Compiles the value(s) of SET clause `s` where they are never run, so that their
    /// names and functions are checked.
    fn resolve_set_value(&mut self, s: &SetClause<'_>) -> Result<()> {
        self.compile_unrun(|c| {
            for v in c.set_values(s)? {
                if let SetValue::Expr(e) = v {
                    c.expr_reg(e)?;
                }
            }
            Ok(())
        })
    }

    /// Runs `f`, which emits code, behind a jump over that code: for an assignment a later
    /// one overrides (checked, never evaluated) and for [`Self::first_set_error`].
    pub(crate) fn compile_unrun(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let past = self.b.label();
        self.b.emit(Insn::Goto { target: past });
        let r = f(self);
        self.b.bind(past);
        r
    }
}

/// `SET (a, b) = (x, y)` as sqlite3 resolves it: `a = x`, then `b = y`. Any other clause
/// (one column, or a row subquery, resolved as a whole first) stays as it is.
fn split_row(a: &ast::Assignment) -> Vec<ast::Assignment> {
    match &a.expr.kind {
        ast::ExprKind::Row(list) if a.columns.len() > 1 && list.len() == a.columns.len() => a
            .columns
            .iter()
            .zip(list)
            .map(|(c, e)| ast::Assignment {
                columns: vec![c.clone()],
                expr: e.clone(),
                span: a.span,
            })
            .collect(),
        _ => vec![a.clone()],
    }
}
