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
//! an AND term of the WHERE that is a comparison, BETWEEN or NOT NULL test, or a bare
//! expression, that is NULL whenever every column of the table is NULL (through arithmetic,
//! `||`, bit operators, comparisons, unary operators, CAST and COLLATE). Asked of 3.40.1
//! (which table its EXPLAIN QUERY PLAN scans first): `IN (list)`, OR (even of equalities),
//! IS, IS NOT, `NOT x IS NULL`, row-value comparisons, functions, LIKE and GLOB do not count.
//!
//! The same test tells the planner which LEFT JOINs to plan as inner joins
//! ([`left_joins_made_inner`]).

use crate::parser::ast::{self, Expr, ExprKind};

/// For each join of `core`'s FROM clause (as `from.joins`): true when it is a LEFT JOIN whose
/// right-hand table's NULL row an AND term of the WHERE clause, or of a later inner join's
/// ON, rejects. sqlite3 then plans it as an inner join, free to loop outside the tables
/// before it (`t0 LEFT JOIN t1 ON 1 WHERE t1.c1 IS NOT NULL` can scan t1 first; `all` seed
/// 3135, where the loop order decided which of the equal values 5 and 5.0 a UNION kept).
pub(crate) fn left_joins_made_inner(core: &ast::SelectClause) -> Vec<bool> {
    let Some(from) = &core.from else {
        return Vec::new();
    };
    let virt = virtual_names(from);
    let rejects_null_row = |e: &Expr, t: &str| rejects_null_row(e, t, &virt);
    let rejected = |k: usize, j: &ast::Join| {
        if j.op.kind != ast::JoinKind::Left {
            return false;
        }
        let Some(name) = item_name(&j.table) else {
            return false;
        };
        // A later inner join's ON term counts as a WHERE term (joins seed 1963), CROSS
        // JOIN's and a comma's `ON` included.
        let later_on = from.joins[k + 1..].iter().any(|j| {
            matches!(
                j.op.kind,
                ast::JoinKind::Inner | ast::JoinKind::Cross | ast::JoinKind::Comma
            ) && matches!(&j.constraint, Some(ast::JoinConstraint::On(e)) if rejects_null_row(e, name))
        });
        later_on
            || core
                .where_
                .as_ref()
                .is_some_and(|w| rejects_null_row(w, name))
    };
    from.joins
        .iter()
        .enumerate()
        .map(|(k, j)| rejected(k, j))
        .collect()
}

/// The name a FROM item's columns are qualified with, when it has one.
fn item_name(item: &ast::TableOrSubquery) -> Option<&str> {
    match item {
        ast::TableOrSubquery::Table { name, alias, .. } => {
            Some(alias.as_ref().map_or(&name.name.name, |a| &a.name))
        }
        ast::TableOrSubquery::Subquery { alias: Some(a), .. }
        | ast::TableOrSubquery::Function { alias: Some(a), .. } => Some(&a.name),
        _ => None,
    }
}

/// The names (lower-case) that qualify the columns of the table-valued functions among
/// `from`'s items (`json_each(x)`, `json_each AS j`).
fn virtual_names(from: &ast::FromClause) -> Vec<String> {
    std::iter::once(&from.first)
        .chain(from.joins.iter().map(|j| &j.table))
        .filter_map(|item| match item {
            ast::TableOrSubquery::Function { name, alias, .. } => {
                Some(alias.as_ref().map_or(&name.name.name, |a| &a.name))
            }
            ast::TableOrSubquery::Table { name, alias, .. }
                if crate::vdbe::tvf::lookup(&name.name.name.to_ascii_lowercase()).is_some() =>
            {
                Some(alias.as_ref().map_or(&name.name.name, |a| &a.name))
            }
            _ => None,
        })
        .map(|n| n.to_ascii_lowercase())
        .collect()
}

/// True when `e` is a column that may belong to a table-valued function: sqlite3 does not
/// count a comparison with such a column (`json_each j LEFT JOIN t ON 1 WHERE j.json =
/// t.doc` keeps its LEFT JOIN).
fn virtual_column(e: &Expr, virt: &[String]) -> bool {
    match &e.kind {
        ExprKind::Column {
            table: Some(tab), ..
        } => virt.iter().any(|v| tab.name.eq_ignore_ascii_case(v)),
        ExprKind::Column { table: None, .. } => !virt.is_empty(),
        _ => false,
    }
}

const COMPARISONS: [ast::BinaryOp; 6] = [
    ast::BinaryOp::Eq,
    ast::BinaryOp::Ne,
    ast::BinaryOp::Lt,
    ast::BinaryOp::Le,
    ast::BinaryOp::Gt,
    ast::BinaryOp::Ge,
];

/// True when `e` is false or NULL whenever the columns of table `t` are all NULL; `virt` as
/// [`virtual_names`].
fn rejects_null_row(e: &Expr, t: &str, virt: &[String]) -> bool {
    match &e.kind {
        ExprKind::Binary { left, op, right } if *op == ast::BinaryOp::And => {
            rejects_null_row(left, t, virt) || rejects_null_row(right, t, virt)
        }
        ExprKind::Binary { left, op, right } if COMPARISONS.contains(op) => {
            !virtual_column(left, virt)
                && !virtual_column(right, virt)
                && (null_if_null(left, t, virt) || null_if_null(right, t, virt))
        }
        ExprKind::NotNull(x) => null_if_null(x, t, virt),
        ExprKind::Between { expr, .. } => null_if_null(expr, t, virt),
        // A term that is NULL itself (`WHERE t1.c1`, `WHERE t1.c1 || t0.c2`, `NOT t1.c1`).
        _ => null_if_null(e, t, virt),
    }
}

/// True when `e` is NULL whenever the columns of table `t` are all NULL.
fn null_if_null(e: &Expr, t: &str, virt: &[String]) -> bool {
    match &e.kind {
        ExprKind::Column {
            table: Some(tab), ..
        } => tab.name.eq_ignore_ascii_case(t),
        ExprKind::Unary { expr, .. }
        | ExprKind::Collate { expr, .. }
        | ExprKind::Cast { expr, .. } => null_if_null(expr, t, virt),
        ExprKind::Binary { left, op, right } if COMPARISONS.contains(op) => {
            !virtual_column(left, virt)
                && !virtual_column(right, virt)
                && (null_if_null(left, t, virt) || null_if_null(right, t, virt))
        }
        ExprKind::Binary { left, op, right } => {
            matches!(
                op,
                ast::BinaryOp::BitAnd
                    | ast::BinaryOp::BitOr
                    | ast::BinaryOp::ShiftLeft
                    | ast::BinaryOp::ShiftRight
                    | ast::BinaryOp::Add
                    | ast::BinaryOp::Sub
                    | ast::BinaryOp::Mul
                    | ast::BinaryOp::Div
                    | ast::BinaryOp::Mod
                    | ast::BinaryOp::Concat
            ) && (null_if_null(left, t, virt) || null_if_null(right, t, virt))
        }
        _ => false,
    }
}
