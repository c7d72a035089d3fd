//! WHERE terms that read no table of their FROM clause run once, before the loops, as in
//! sqlite3 3.40.1: `SELECT * FROM empty WHERE abs(-9223372036854775808)` fails with
//! "integer overflow" although no row is visited. This holds for the top-level AND terms of
//! a WHERE clause (not ON terms), when they are deterministic and hold no subquery (sqlite3
//! runs those at the first row); a term inside OR, CASE or a comparison with a column is
//! part of a term that reads a table, so it runs per row as before.

use crate::parser::ast::{Expr, ExprKind, FunctionArgs};

use super::select::walk_pub;

/// Whether WHERE term `e`, which reads no table of its FROM clause (its mask is 0), runs
/// before the loops.
pub(crate) fn runs_before_loops(e: &Expr) -> bool {
    deterministic_without_subquery(e, true)
}

/// Whether `e` holds no subquery, RAISE, window, `f(*)` or non-deterministic function, and,
/// unless `columns_allowed`, no column: constant in sqlite3's sense (`in_list.rs` too).
pub(crate) fn deterministic_without_subquery(e: &Expr, columns_allowed: bool) -> bool {
    let mut yes = true;
    walk_pub(e, &mut |x| {
        match &x.kind {
            ExprKind::Column { .. } if !columns_allowed => yes = false,
            ExprKind::Subquery(_)
            | ExprKind::Exists(_)
            | ExprKind::InSelect { .. }
            | ExprKind::InTable { .. }
            | ExprKind::Raise { .. } => yes = false,
            ExprKind::Function(f) => {
                let name = f.name.name.to_ascii_lowercase();
                if super::generated::NON_DETERMINISTIC.contains(&name.as_str())
                    || f.over.is_some()
                    || matches!(f.args, FunctionArgs::Star)
                {
                    yes = false;
                }
            }
            _ => {}
        }
        yes
    });
    yes
}
