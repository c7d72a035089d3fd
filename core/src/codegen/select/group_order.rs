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
//!
//! Such an ORDER BY needs no sorter of its own when the groups come out in its order
//! ([`Compiler::group_order_elides_sort`]): with LIMIT, the groups past it are never made
//! (select seeds 7659, 7950, 16817, 17649: no overflowing abs() of a later row is reached).

use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::order::OrderWant;
use crate::value::compare::Collation;

use super::super::Compiler;
use super::FromPlan;

impl Compiler<'_> {
    /// The order a GROUP BY loop should deliver when the ORDER BY `order` repeats
    /// `group_by` and the loop can deliver it exactly (a join through its outer loop);
    /// `None` otherwise
    /// (the GROUP BY then takes any direction, [`Self::group_want`]).
    pub(super) fn group_order_want(
        &self,
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
        fplan: &FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<crate::planner::resolve::ColSel>>>,
    ) -> Option<OrderWant> {
        let same = |(o, g): (&(Expr, bool, Option<Collation>), &Expr)| {
            self.same_term(split_collate(&o.0).0, split_collate(g).0)
        };
        if self.window_group_dirs().is_some()
            || order.len() != group_by.len()
            || !order.iter().zip(group_by).all(same)
        {
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

/// `e` without a top `COLLATE`, and that COLLATE's name (lower case).
fn split_collate(e: &Expr) -> (&Expr, Option<String>) {
    match &e.kind {
        ExprKind::Collate { expr, collation } => {
            (&**expr, Some(collation.name.to_ascii_lowercase()))
        }
        _ => (e, None),
    }
}

impl Compiler<'_> {
    /// Whether the ORDER BY is the GROUP BY written again, as sqlite3 compares them: the
    /// same expressions in the same order (a column however qualified), each with the same
    /// COLLATE or none, and no NULLS placement other than the direction's default (`order`
    /// then has one term per ORDER BY term). The directions play no part: the GROUP BY
    /// takes the ORDER BY's (`group_dirs`). `GROUP BY c ORDER BY c COLLATE NOCASE` and
    /// `GROUP BY c0, c1 ORDER BY c0` are other orders, sorted again.
    pub(crate) fn order_repeats_group(
        &self,
        order_by: &[ast::OrderingTerm],
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
    ) -> bool {
        order_by.len() == group_by.len()
            && order.len() == group_by.len()
            && order_by.iter().zip(order).zip(group_by).all(|((t, o), g)| {
                let written = split_collate(&t.expr).1;
                let (oe, inner) = split_collate(&o.0);
                let (ge, gcoll) = split_collate(g);
                written.or(inner) == gcoll && self.same_term(oe, ge)
            })
    }

    /// Whether `a` and `b` are the same expression, or name the same column.
    pub(crate) fn same_term(&self, a: &Expr, b: &Expr) -> bool {
        if self.same_expr(a, b) {
            return true;
        }
        let col = |e: &Expr| self.resolve_column(e).ok().flatten();
        matches!((col(a), col(b)), (Some(x), Some(y)) if x == y)
    }

    /// Whether a GROUP BY query needs no ORDER BY sorter: the ORDER BY repeats the GROUP BY
    /// ([`Self::order_repeats_group`]) and the groups come out in its order, either from a
    /// loop that delivers it exactly ([`Self::group_order_want`]) or from the GROUP BY
    /// sorter, which sorts in the ORDER BY's directions when the loop does not group the
    /// rows at all. A loop that groups them in other directions (`ORDER BY a DESC, b` on an
    /// index on `(a, b)`) leaves the ORDER BY to sort.
    pub(crate) fn group_order_elides_sort(
        &self,
        order_by: &[ast::OrderingTerm],
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
        fplan: &FromPlan,
        core: &ast::SelectClause,
        used: &Option<Vec<Vec<crate::planner::resolve::ColSel>>>,
    ) -> bool {
        let where_ = core.where_.as_ref();
        if group_by.is_empty() || !self.order_repeats_group(order_by, order, group_by) {
            return false;
        }
        if self
            .group_order_want(order, group_by, fplan, where_, used)
            .is_some()
        {
            return true;
        }
        let loop_groups = self.group_want(group_by, None).is_some_and(|w| {
            self.loop_plan(fplan, where_, used.clone(), Some(&w))
                .ordered
                .is_some()
        });
        !loop_groups && !self.join_index_groups(group_by, core.from.as_ref())
    }
}
