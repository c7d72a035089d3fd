//! The direction of an index-grouped GROUP BY loop when the ORDER BY repeats the GROUP BY.
//!
//! A GROUP BY read through an index arrives grouped in either direction, and sqlite3 3.40.1
//! reads forwards, except when the ORDER BY is the GROUP BY's terms in the same order (the
//! ORDER BY's NULLS placement the default one): then it reads the index the way that
//! delivers the ORDER BY exactly, when one does (backwards for `GROUP BY a ORDER BY a DESC`
//! on an index on `a`; forwards for `... ORDER BY a DESC, b ASC` on an index on `(a, b)`,
//! which neither direction delivers, the ORDER BY then sorting). The direction shows in the
//! bare columns: they come from the first row of each group as read (ddl seed 2139:
//! `SELECT c1 FROM t1 GROUP BY c1 ORDER BY 1 DESC`, c1 holding 0 then 0.0, gives 0.0).
//! A join does the same when its loops can deliver the order with the grouping source
//! outermost (select seeds 9635, 12733: `FROM t0, t2 GROUP BY t2.c3 ORDER BY 1 DESC`).

use crate::parser::ast::{Expr, ExprKind};
use crate::planner::order::OrderWant;
use crate::value::compare::Collation;

use super::super::Compiler;
use super::FromPlan;

impl Compiler<'_> {
    /// The order a GROUP BY loop should deliver when the ORDER BY `order` repeats
    /// `group_by` and the single source's loop can deliver it exactly; `None` otherwise
    /// (the GROUP BY then takes any direction, [`Self::group_want`]).
    pub(super) fn group_order_want(
        &self,
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
        fplan: &FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<crate::planner::resolve::ColSel>>>,
    ) -> Option<OrderWant> {
        if self.window_group_dirs().is_some() || !self.order_is_group(order, group_by) {
            return None;
        }
        let mut terms = Vec::with_capacity(group_by.len());
        for (g, o) in group_by.iter().zip(order) {
            let coll = self
                .explicit_collation(g)
                .or_else(|| self.expr_collation(g));
            // `GROUP BY a ORDER BY a COLLATE NOCASE DESC` is another order.
            if o.2.clone().unwrap_or_default() != coll.clone().unwrap_or_default() {
                return None;
            }
            let base = match &g.kind {
                ExprKind::Collate { expr, .. } => &**expr,
                _ => g,
            };
            terms.push((base.clone(), o.1, coll));
        }
        let exact = self.order_want(&terms, false)?;
        self.loop_plan(fplan, where_, used.clone(), Some(&exact))
            .ordered
            .is_some()
            .then_some(exact)
    }
}
