//! The direction of an index scan that delivers a GROUP BY's groups when the ORDER BY lists
//! the same terms.
//!
//! Without an ORDER BY, sqlite3 reads an index on the GROUP BY terms forwards. With `GROUP
//! BY a ORDER BY a DESC` (or `ORDER BY a` over an index on `a DESC`) it reads the index
//! backwards, so the groups need no ORDER BY sort:
//! the rows within each group then arrive backwards too, which decides the group's bare
//! columns (sqlite3 3.40.1 takes them from the group's first row: with `a` holding 3 and 3.0,
//! `SELECT a FROM t GROUP BY a ORDER BY 1 DESC` shows whichever comes last in the index).

use crate::parser::ast::Expr;
use crate::planner::order::OrderWant;
use crate::planner::resolve::ColSel;
use crate::value::compare::Collation;

use super::super::Compiler;
use super::FromPlan;

impl Compiler<'_> {
    /// `want` (the GROUP BY as any-direction order) replaced by the ORDER BY's directions
    /// when `order` lists the GROUP BY terms (same order) and the single source's loop
    /// can deliver that order; else `want` as it is.
    pub(super) fn directed_group_want(
        &self,
        want: Option<OrderWant>,
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
        fplan: &FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<ColSel>>>,
    ) -> Option<OrderWant> {
        let want = want?;
        let single = self.scopes.last().is_some_and(|s| s.sources.len() == 1);
        // Under a window the aggregate's order is the window's (`group_dirs.rs`), not `order`.
        let windowed = self.window_group_dirs().is_some();
        if !single || windowed || !self.order_is_group(order, group_by) {
            return Some(want);
        }
        let mut directed = want.clone();
        directed.grouping = false;
        for (c, o) in directed.cols.iter_mut().zip(order) {
            c.desc = o.1;
        }
        let ordered = self
            .loop_plan(fplan, where_, used.clone(), Some(&directed))
            .ordered
            .is_some();
        Some(if ordered { directed } else { want })
    }
}
