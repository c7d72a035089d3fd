//! The order in which a SELECT's column names are checked (issue 3, lang_select.html).
//!
//! SQLite resolves the result columns (after `*` expansion) before the WHERE clause, so
//! when both hold an ambiguous name the error names the result column's (observed with
//! sqlite3 3.40.1: `SELECT c FROM t, w WHERE a` reports `c`). Our compiler emits WHERE
//! first; this pre-pass looks the result columns' names up beforehand and returns the
//! first error. It stops at the first name it cannot place (an alias, a string in double
//! quotes, a schema-qualified name) or at a subquery: from there the compiler's own order decides.

use crate::error::Result;
use crate::parser::ast::{Expr, ExprKind};
use crate::planner::resolve::{lookup, Scope};

/// Looks up, in order, the column names of `exprs` (not inside subqueries) in `scopes`:
/// the first lookup error, or `Ok` once all resolve or one cannot be placed.
pub(crate) fn check_result_names<'e>(
    scopes: &[Scope],
    exprs: impl Iterator<Item = &'e Expr>,
) -> Result<()> {
    let mut stop = false;
    for e in exprs {
        check(scopes, e, &mut stop)?;
        if stop {
            break;
        }
    }
    Ok(())
}

fn check(scopes: &[Scope], e: &Expr, stop: &mut bool) -> Result<()> {
    if *stop {
        return Ok(());
    }
    if let ExprKind::Column {
        schema,
        table,
        column,
    } = &e.kind
    {
        if schema.is_some() {
            *stop = true;
            return Ok(());
        }
        let t = table.as_ref().map(|t| t.name.as_str());
        if lookup(scopes, t, &column.name)?.is_none() {
            *stop = true;
        }
        return Ok(());
    }
    let mut r = Ok(());
    e.for_each_child(|c| {
        if r.is_ok() {
            r = check(scopes, c, stop);
        }
    });
    // A subquery's names are resolved in their turn, with its own scope: stop there.
    if matches!(
        e.kind,
        ExprKind::Subquery(_) | ExprKind::Exists(_) | ExprKind::InSelect { .. }
    ) {
        *stop = true;
    }
    r
}
