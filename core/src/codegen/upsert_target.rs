//! The names in an ON CONFLICT target (lang_upsert.html). sqlite3 resolves each clause's
//! target, its indexed columns and its WHERE, against the table being inserted into (under
//! its alias when the INSERT gives one) before it looks for the PRIMARY KEY or UNIQUE index
//! the target names, clause by clause: `ON CONFLICT(e0)` with no column `e0` fails with
//! `no such column: e0`, not "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE
//! constraint", unless an earlier clause already failed to match (sqlite3 3.40.1 and 3.54.1;
//! writes seed 52675). A double-quoted name that is no column is a string, as elsewhere.
//! Only column names are checked here: functions and subqueries in a target WHERE are not.

use crate::error::{Error, Result};
use crate::parser::ast::{self, ExprKind};
use crate::schema::Table;

/// The first unknown column named by `target` of an INSERT into `t` (aliased `alias`).
pub(crate) fn check_target_names(
    t: &Table,
    alias: Option<&ast::Ident>,
    target: &ast::UpsertTarget,
) -> Result<()> {
    let exprs = target.columns.iter().map(|ic| &ic.expr);
    for e in exprs.chain(target.where_.as_ref()) {
        if let Some(err) = unknown_column(t, alias, e) {
            return Err(err);
        }
    }
    Ok(())
}

/// "no such column" for the first column reference of `e` that `t` (aliased `alias`) does
/// not have.
fn unknown_column(t: &Table, alias: Option<&ast::Ident>, e: &ast::Expr) -> Option<Error> {
    let mut err = None;
    super::select::walk_pub(e, &mut |x| {
        if err.is_some() {
            return false;
        }
        if let ExprKind::Column { table, column, .. } = &x.kind {
            let name = alias.map_or(t.name.as_str(), |a| a.name.as_str());
            let ok_table = table
                .as_ref()
                .is_none_or(|q| q.name.eq_ignore_ascii_case(name));
            let known = ok_table
                && (t.column_index(&column.name).is_some() || t.is_rowid_name(&column.name));
            let string = table.is_none() && column.quote == ast::Quote::Double;
            if !known && !string {
                let full = match table {
                    Some(q) => format!("{}.{}", q.name, column.name),
                    None => column.name.clone(),
                };
                err = Some(Error::sql(format!("no such column: {full}")));
            }
        }
        err.is_none()
    });
    err
}
