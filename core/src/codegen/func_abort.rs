//! Function calls make a statement "may abort" (for `stmt_journal.rs`).
//!
//! A function may fail at run time, so sqlite3 gives a statement that calls one a statement
//! journal: observed in sqlite3 3.40.1, `BEGIN; INSERT OR IGNORE INTO p(id, a) VALUES(NULL,
//! abs(1)), ('abc', 2)` undoes row 1 on the datatype mismatch, while `VALUES(NULL, 1)`,
//! `coalesce(1, 2)`, `1 || 'x'` or `CAST(1 AS TEXT)` keep it; so do CHECK constraints and
//! generated columns that call a function (whatever the conflict mode). The functions
//! sqlite3 compiles inline (coalesce, ifnull, iif, likely, ...) do not count; LIKE/GLOB and
//! CURRENT_TIME-style literals are function calls; built-in aggregates are not.

use crate::parser::ast::{self, Expr, ExprKind, Literal};

/// Functions sqlite3 compiles inline (no run-time call).
const INLINE: &[&str] = &[
    "coalesce",
    "ifnull",
    "iif",
    "if",
    "likely",
    "unlikely",
    "likelihood",
    "affinity",
    "expr_compare",
    "expr_implies_expr",
    "implies_nonnull_row",
    "sqlite_offset",
];

/// Whether the expression node `e` itself is a run-time function call.
fn is_call(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Function(f) => {
            !INLINE.iter().any(|n| n.eq_ignore_ascii_case(&f.name.name)) && !is_aggregate(f)
        }
        ExprKind::Like { .. } => true,
        ExprKind::Literal(
            Literal::CurrentDate | Literal::CurrentTime | Literal::CurrentTimestamp,
        ) => true,
        _ => false,
    }
}

/// Whether `f` is a built-in aggregate call (no OVER): sqlite3 does not count those
/// (`INSERT ... SELECT 'x', max(1)`; `tests/difftest/tests/wrorder.rs`).
fn is_aggregate(f: &ast::FunctionCall) -> bool {
    const AGGREGATES: &[&str] = &["avg", "count", "group_concat", "string_agg", "sum", "total"];
    let name = f.name.name.to_ascii_lowercase();
    let n_args = match &f.args {
        ast::FunctionArgs::Star => 0,
        ast::FunctionArgs::List(a) => a.len(),
    };
    f.over.is_none()
        && (AGGREGATES.contains(&name.as_str())
            || (matches!(name.as_str(), "min" | "max") && n_args == 1))
}

/// Whether `e` (subqueries included) calls a function.
pub(crate) fn expr_calls(e: &Expr) -> bool {
    let mut found = false;
    super::select::walk_pub(e, &mut |x| {
        if is_call(x) {
            found = true;
        }
        match &x.kind {
            ExprKind::Exists(s) | ExprKind::Subquery(s) => found |= select_calls(s),
            ExprKind::InSelect { select, .. } => found |= select_calls(select),
            _ => {}
        }
        !found
    });
    found
}

/// Whether any expression of `sel` calls a function.
pub(crate) fn select_calls(sel: &ast::Select) -> bool {
    let mut found = false;
    super::select::select_exprs_pub(sel, &mut |x| found |= is_call(x));
    found
}

/// Whether `stmt` (a trigger-body statement) calls a function anywhere.
pub(crate) fn stmt_calls(stmt: &ast::Stmt) -> bool {
    match stmt {
        ast::Stmt::Select(s) => select_calls(s),
        ast::Stmt::Insert(i) => insert_calls(i),
        ast::Stmt::Update(u) => {
            u.sets.iter().any(|a| expr_calls(&a.expr))
                || u.where_.as_ref().is_some_and(expr_calls)
                || u.from.is_some()
        }
        ast::Stmt::Delete(d) => d.where_.as_ref().is_some_and(expr_calls),
        _ => true,
    }
}

/// Whether INSERT `ins` calls a function in its rows, upsert clauses or RETURNING.
pub(crate) fn insert_calls(ins: &ast::Insert) -> bool {
    let source = match &ins.source {
        ast::InsertSource::Select(s) => select_calls(s),
        ast::InsertSource::DefaultValues => false,
    };
    let upsert = ins.upsert.iter().any(|u| match &u.action {
        ast::UpsertAction::Nothing => false,
        ast::UpsertAction::Update { sets, where_ } => {
            sets.iter().any(|a| expr_calls(&a.expr)) || where_.as_ref().is_some_and(expr_calls)
        }
    });
    let returning = ins.returning.iter().any(|rc| match rc {
        ast::ResultColumn::Expr { expr, .. } => expr_calls(expr),
        _ => false,
    });
    source || upsert || returning
}
