//! Window definitions: resolves `OVER name` and `OVER (base ...)` against the SELECT's
//! `WINDOW` clause, so that every window call of the result columns and ORDER BY carries its
//! complete definition inline (`Over::Spec` without a base). Later passes (aggregate
//! collection, column usage, window codegen) then only look at the expression tree.
//!
//! SQLite's rules (windowfunctions.html, "Window chaining"): a window that names a base may
//! add ORDER BY (only when the base has none) and a frame, never PARTITION BY; the base may
//! not have a frame. When a name is defined twice, the last definition wins.

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};

/// Finds the definition of window `name` (the last one, as SQLite does), fully resolved.
fn named(windows: &[ast::NamedWindow], name: &str, depth: usize) -> Result<ast::WindowSpec> {
    let w = windows
        .iter()
        .rev()
        .find(|w| w.name.matches(name))
        .ok_or_else(|| Error::sql(format!("no such window: {name}")))?;
    if depth > windows.len() {
        return Err(Error::sql(format!("no such window: {name}")));
    }
    merge(windows, &w.spec, depth + 1)
}

/// `spec` with its base window (if any) merged in.
fn merge(
    windows: &[ast::NamedWindow],
    spec: &ast::WindowSpec,
    depth: usize,
) -> Result<ast::WindowSpec> {
    let Some(base_name) = &spec.base else {
        return Ok(spec.clone());
    };
    let base = named(windows, &base_name.name, depth)?;
    let name = &base_name.name;
    if !spec.partition_by.is_empty() {
        return Err(Error::sql(format!(
            "cannot override PARTITION clause of window: {name}"
        )));
    }
    if !spec.order_by.is_empty() && !base.order_by.is_empty() {
        return Err(Error::sql(format!(
            "cannot override ORDER BY clause of window: {name}"
        )));
    }
    if base.frame.is_some() {
        return Err(Error::sql(format!(
            "cannot override frame specification of window: {name}"
        )));
    }
    let mut out = base;
    if !spec.order_by.is_empty() {
        out.order_by = spec.order_by.clone();
    }
    out.frame = spec.frame.clone();
    out.base = None;
    out.span = spec.span;
    Ok(out)
}

/// The complete definition of one `OVER` clause.
pub(crate) fn resolve_over(
    windows: &[ast::NamedWindow],
    over: &ast::Over,
) -> Result<ast::WindowSpec> {
    match over {
        ast::Over::Name(n) => named(windows, &n.name, 0),
        ast::Over::Spec(s) => merge(windows, s, 0),
    }
}

/// Rewrites every window call in `e` (not inside subqueries, which have their own WINDOW
/// clauses) to carry its resolved definition inline.
pub(crate) fn resolve_in_expr(windows: &[ast::NamedWindow], e: &mut Expr) -> Result<()> {
    if let ExprKind::Function(f) = &mut e.kind {
        if let Some(over) = &f.over {
            let spec = resolve_over(windows, over)?;
            f.over = Some(ast::Over::Spec(spec));
        }
    }
    children_mut(e, &mut |c| resolve_in_expr(windows, c))
}

/// Calls `f` on each direct sub-expression of `e` and, for a window function, on the
/// expressions of its inline window definition (not subqueries).
fn children_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr) -> Result<()>) -> Result<()> {
    e.try_for_each_child_mut(f)?;
    if let ExprKind::Function(call) = &mut e.kind {
        if let Some(ast::Over::Spec(s)) = &mut call.over {
            s.partition_by.iter_mut().try_for_each(&mut *f)?;
            for o in &mut s.order_by {
                f(&mut o.expr)?;
            }
        }
    }
    Ok(())
}
