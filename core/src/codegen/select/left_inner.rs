//! A LEFT JOIN that the WHERE clause turns into an inner join, as far as sqlite3 3.40.1's
//! choice between running the first FROM subquery as a co-routine and materializing it goes.
//!
//! sqlite3 runs the first FROM item as a co-routine when the first join is a LEFT JOIN, so a
//! compound's values keep their types; but when a WHERE term rejects the NULL row of that
//! join's right-hand table (`x1.a IS NOT NULL`, `x1.b = x0.a`...), 3.40.1 makes the join an
//! inner one and materializes the first item, applying the compound's column affinities to
//! the stored values (3.54.1 no longer does). With `t0(c INTEGER)` holding 1, `t1(b TEXT)`
//! holding '1' and `o(z)` holding 1:
//!
//! ```text
//! SELECT typeof(s.c) FROM (SELECT c FROM t0 UNION SELECT b FROM t1) s
//!   LEFT JOIN o ON o.z = s.c;                          -- integer, text
//! ... LEFT JOIN o ON o.z = s.c WHERE o.z IS NOT NULL;  -- integer, integer (3.40.1)
//! ```
//!
//! (difftest joins seed 1358). The test for "rejects the NULL row" is a conservative one:
//! an AND term of the WHERE that is a comparison, BETWEEN or NOT NULL test that is NULL
//! whenever every column of the table is NULL. Asked of 3.40.1: `IN (list)`, OR (even of
//! equalities), `NOT x IS NULL` and LIKE do not count.

use crate::parser::ast::{self, Expr, ExprKind};

/// True when `core`'s first join is a LEFT JOIN whose right-hand table's NULL row some AND
/// term of the WHERE clause rejects.
pub(crate) fn first_left_made_inner(core: &ast::SelectClause) -> bool {
    let Some(from) = &core.from else {
        return false;
    };
    let Some(j) = from.joins.first() else {
        return false;
    };
    if j.op.kind != ast::JoinKind::Left {
        return false;
    }
    let name = match &j.table {
        ast::TableOrSubquery::Table { name, alias, .. } => {
            alias.as_ref().map_or(&name.name.name, |a| &a.name)
        }
        ast::TableOrSubquery::Subquery { alias: Some(a), .. }
        | ast::TableOrSubquery::Function { alias: Some(a), .. } => &a.name,
        _ => return false,
    };
    // A later inner join's ON term counts as a WHERE term (joins seed 1963), CROSS JOIN's
    // and a comma's `ON` included.
    let later_on = from.joins[1..].iter().any(|j| {
        matches!(
            j.op.kind,
            ast::JoinKind::Inner | ast::JoinKind::Cross | ast::JoinKind::Comma
        )
            && matches!(&j.constraint, Some(ast::JoinConstraint::On(e)) if rejects_null_row(e, name))
    });
    later_on
        || core
            .where_
            .as_ref()
            .is_some_and(|w| rejects_null_row(w, name))
}

/// True when `e` is false or NULL whenever the columns of table `t` are all NULL.
fn rejects_null_row(e: &Expr, t: &str) -> bool {
    match &e.kind {
        ExprKind::Binary { left, op, right } => match op {
            ast::BinaryOp::And => rejects_null_row(left, t) || rejects_null_row(right, t),
            ast::BinaryOp::Eq
            | ast::BinaryOp::Ne
            | ast::BinaryOp::Lt
            | ast::BinaryOp::Le
            | ast::BinaryOp::Gt
            | ast::BinaryOp::Ge => null_if_null(left, t) || null_if_null(right, t),
            _ => false,
        },
        ExprKind::NotNull(x) => null_if_null(x, t),
        ExprKind::Between {
            expr, not: false, ..
        } => null_if_null(expr, t),
        _ => false,
    }
}

/// True when `e` is NULL whenever the columns of table `t` are all NULL.
fn null_if_null(e: &Expr, t: &str) -> bool {
    match &e.kind {
        ExprKind::Column {
            table: Some(tab), ..
        } => tab.name.eq_ignore_ascii_case(t),
        ExprKind::Unary { expr, .. } | ExprKind::Collate { expr, .. } => null_if_null(expr, t),
        ExprKind::Binary { left, op, right } => {
            matches!(
                op,
                ast::BinaryOp::Add
                    | ast::BinaryOp::Sub
                    | ast::BinaryOp::Mul
                    | ast::BinaryOp::Div
                    | ast::BinaryOp::Mod
                    | ast::BinaryOp::Concat
            ) && (null_if_null(left, t) || null_if_null(right, t))
        }
        _ => false,
    }
}
