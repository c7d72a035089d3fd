//! The names in an ON CONFLICT target (lang_upsert.html). sqlite3 resolves each clause's
//! target, its indexed columns and its WHERE, against the table being inserted into (under
//! its alias when the INSERT gives one) before it looks for the PRIMARY KEY or UNIQUE index
//! the target names, clause by clause: `ON CONFLICT(e0)` with no column `e0` fails with
//! `no such column: e0`, not "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE
//! constraint", unless an earlier clause already failed to match (sqlite3 3.40.1 and 3.54.1;
//! writes seed 52675). A double-quoted name that is no column is a string, as elsewhere.
//!
//! Names may be qualified as in a query: `p.a`, `main.p.a`, or `x.a` under `INSERT INTO p
//! AS x` (the alias replaces the table's name). The rowid's names are the rowid, so
//! `ON CONFLICT(rowid)` is the rowid's check, whether or not an INTEGER PRIMARY KEY names it.
//!
//! Each expression (the indexed columns in order, then the WHERE) is resolved as sqlite3's
//! resolver does: pre-order, a column that does not resolve ends the walk with its error;
//! a function's error (unknown name, arity, an aggregate or window function) is reported
//! unless a later error in the same expression replaces it. Subqueries are not resolved.

use crate::error::{Error, Result};
use crate::parser::ast::{self, ExprKind};
use crate::schema::Table;

use super::{Compiler, FuncKind};

impl Compiler<'_> {
    /// The first error sqlite3 reports while resolving `target` of an INSERT into `t`
    /// (aliased `alias`), expression by expression.
    pub(crate) fn check_target_names(
        &self,
        t: &Table,
        alias: Option<&ast::Ident>,
        target: &ast::UpsertTarget,
    ) -> Result<()> {
        let exprs = target.columns.iter().map(|ic| &ic.expr);
        for e in exprs.chain(target.where_.as_ref()) {
            if let Some(err) = self.target_expr_error(t, alias, e) {
                return Err(err);
            }
        }
        Ok(())
    }

    /// The error of one target expression `e`: the last function error, or a column that
    /// does not resolve (which ends the walk).
    fn target_expr_error(
        &self,
        t: &Table,
        alias: Option<&ast::Ident>,
        e: &ast::Expr,
    ) -> Option<Error> {
        let mut err = None;
        let mut fatal = false;
        super::select::walk_pub(e, &mut |x| {
            if fatal {
                return false;
            }
            match &x.kind {
                ExprKind::Column {
                    schema,
                    table,
                    column,
                } => {
                    if let Some(e) =
                        unknown_column(t, alias, schema.as_ref(), table.as_ref(), column)
                    {
                        err = Some(e);
                        fatal = true;
                    }
                }
                ExprKind::Function(fc) => {
                    if let Some(e) = self.function_error(fc) {
                        err = Some(e);
                    }
                }
                _ => {}
            }
            !fatal
        });
        err
    }

    /// A call's own error in an ON CONFLICT target: unknown, wrong arity, or an aggregate
    /// or window function where a row's value is wanted.
    fn function_error(&self, fc: &ast::FunctionCall) -> Option<Error> {
        let name = &fc.name.name;
        match self.function_kind(fc) {
            Err(e) => Some(e),
            Ok(FuncKind::Scalar) => None,
            Ok(FuncKind::Aggregate) if fc.over.is_none() => {
                Some(Error::sql(format!("misuse of aggregate function {name}()")))
            }
            Ok(_) => Some(Error::sql(format!("misuse of window function {name}()"))),
        }
    }
}

/// "no such column" when `[schema.][table.]column` is not a column (or the rowid) of `t`
/// under its name `alias` (or its own name).
fn unknown_column(
    t: &Table,
    alias: Option<&ast::Ident>,
    schema: Option<&ast::Ident>,
    table: Option<&ast::Ident>,
    column: &ast::Ident,
) -> Option<Error> {
    let name = alias.map_or(t.name.as_str(), |a| a.name.as_str());
    let ok_table = table.is_none_or(|q| q.name.eq_ignore_ascii_case(name))
        && schema.is_none_or(|s| s.name.eq_ignore_ascii_case("main"));
    let known =
        ok_table && (t.column_index(&column.name).is_some() || t.is_rowid_name(&column.name));
    let string = table.is_none() && column.quote == ast::Quote::Double;
    if known || string {
        return None;
    }
    let full = [schema, table, Some(column)]
        .into_iter()
        .flatten()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(".");
    Some(Error::sql(format!("no such column: {full}")))
}

/// The column a target's indexed column names, qualified or not (its names already
/// resolved by `check_target_names`); the INTEGER PRIMARY KEY for a rowid name.
fn target_column(t: &Table, ic: &ast::IndexedColumn) -> Option<usize> {
    let mut e = &ic.expr;
    if let ExprKind::Collate { expr, .. } = &e.kind {
        e = expr;
    }
    match &e.kind {
        ExprKind::Column { column, .. } if t.is_rowid_name(&column.name) => t.rowid_alias,
        ExprKind::Column { column, .. } => t.column_index(&column.name),
        _ => crate::schema::indexed_column_name_pub(ic).and_then(|n| t.column_index(n)),
    }
}

/// The columns `target` names, in its order (`None` for what names no column).
pub(crate) fn target_columns(t: &Table, target: &ast::UpsertTarget) -> Vec<Option<usize>> {
    target
        .columns
        .iter()
        .map(|ic| target_column(t, ic))
        .collect()
}

/// Whether `target` names the rowid alone: one of its names, or the INTEGER PRIMARY KEY.
pub(crate) fn names_rowid(t: &Table, target: &ast::UpsertTarget) -> bool {
    let [ic] = target.columns.as_slice() else {
        return false;
    };
    let mut e = &ic.expr;
    if let ExprKind::Collate { expr, .. } = &e.kind {
        e = expr;
    }
    let rowid_name =
        matches!(&e.kind, ExprKind::Column { column, .. } if t.is_rowid_name(&column.name));
    rowid_name || (t.rowid_alias.is_some() && target_column(t, ic) == t.rowid_alias)
}
