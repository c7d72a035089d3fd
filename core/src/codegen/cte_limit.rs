//! How many rows an outer SELECT needs from a recursive CTE it reads.
//!
//! A recursive CTE is computed into a table before the outer query scans it, so an endless
//! one (`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c
//! LIMIT 5`) would never finish. When the outer SELECT only reads the CTE's rows in order —
//! one FROM term naming the CTE, no WHERE, GROUP BY, DISTINCT, ORDER BY, aggregate or window
//! function, and a constant LIMIT — it needs only the first LIMIT + OFFSET rows, so the
//! recursion stops there (`Compiler::cte_cap`, read by `recursive_cte`). Rows reach the outer
//! query in the order the queue produced them, as in SQLite (lang_with.html).
//!
//! Most such CTEs now stream through a coroutine (`cte_stream.rs`), which the outer LIMIT stops
//! by itself; the cap still bounds a CTE that is materialized, and is harmless otherwise.

use crate::parser::ast::{self, Expr, ExprKind, Literal};

use super::{Compiler, FuncKind};

impl Compiler<'_> {
    /// The (lower-case CTE name, row count) the outer `sel` needs, when the shape allows it.
    pub(crate) fn recursive_cte_cap(&self, sel: &ast::Select) -> Option<(String, i64)> {
        if !sel.compounds.is_empty() || !sel.order_by.is_empty() {
            return None;
        }
        let limit = sel.limit.as_ref()?;
        let n = non_negative(&limit.limit)?;
        let off = match &limit.offset {
            Some(o) => non_negative(o)?,
            None => 0,
        };
        let ast::SelectCore::Select(core) = &sel.first else {
            return None;
        };
        if core.distinct
            || core.where_.is_some()
            || !core.group_by.is_empty()
            || core.having.is_some()
            || !core.windows.is_empty()
        {
            return None;
        }
        let from = core.from.as_ref()?;
        if !from.joins.is_empty() {
            return None;
        }
        let ast::TableOrSubquery::Table { name, .. } = &from.first else {
            return None;
        };
        if name.schema.is_some() {
            return None;
        }
        let scalar_only = core.columns.iter().all(|c| match c {
            ast::ResultColumn::Expr { expr, .. } => self.only_scalar_calls(expr),
            _ => true,
        });
        if !scalar_only {
            return None;
        }
        Some((name.name.name.to_ascii_lowercase(), n.saturating_add(off)))
    }

    /// Whether every function called in `e` is a plain scalar one (no aggregate or window).
    fn only_scalar_calls(&self, e: &Expr) -> bool {
        let mut ok = true;
        super::select::walk_pub(e, &mut |x| {
            if let ExprKind::Function(f) = &x.kind {
                if f.over.is_some() || !matches!(self.function_kind(f), Ok(FuncKind::Scalar)) {
                    ok = false;
                }
            }
            ok
        });
        ok
    }
}

/// The value of an integer literal that is not negative.
fn non_negative(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Literal(Literal::Integer(i)) if *i >= 0 => Some(*i),
        _ => None,
    }
}
