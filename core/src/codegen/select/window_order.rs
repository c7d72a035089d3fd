//! The order a window SELECT's loop is steered to deliver.
//!
//! sqlite3 runs a window SELECT's row source as a subquery ordered by the first window's
//! keys (PARTITION BY, then ORDER BY), planned like any ORDER BY: the loop delivers all of
//! them through an index (no sorter), or only the leading ones (`USE TEMP B-TREE FOR RIGHT
//! PART OF ORDER BY`), or none. The choice decides the join order, hence the order of the
//! rows within a partition that tie on its keys, which a running sum() adds in (select seed
//! 45577: `sum(t1.c2) OVER (PARTITION BY t0.c1 ORDER BY t0.c1 DESC) FROM t1, t0` with an
//! index on t0(c1, c0) scans t0 first, and meets a text value before the integer sum
//! overflows). Our first window pass sorts stably by the same keys, so steering the loop to
//! the same delivered prefix gives the same rows in the same order.

use crate::parser::ast::{self, Expr};
use crate::planner::order::OrderWant;
use crate::planner::resolve::ColSel;
use crate::value::compare::Collation;

use super::super::Compiler;
use super::{ColInfo, FromPlan};

/// What the first window pass's sorter does with the loop's rows (its plan line).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FirstSort {
    /// The loop delivers every key: no sorter line.
    Delivered,
    /// The loop delivers the leading keys.
    RightPart,
    /// The loop delivers none.
    Whole,
}

impl FirstSort {
    /// The EXPLAIN QUERY PLAN line of the sorter, if sqlite3 shows one.
    pub(crate) fn plan_line(self) -> Option<&'static str> {
        match self {
            FirstSort::Delivered => None,
            FirstSort::RightPart => Some("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"),
            FirstSort::Whole => Some("USE TEMP B-TREE FOR ORDER BY"),
        }
    }
}

impl Compiler<'_> {
    /// The order for the loops of a window SELECT without aggregates, and how much of the
    /// first window's keys it covers. A full order the loop cannot deliver is still
    /// returned (a join may read that source's index in its direction,
    /// `planner/order_inner.rs`) when no prefix can be delivered either.
    pub(crate) fn window_loop_want(
        &self,
        fplan: &FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<ColSel>>>,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
    ) -> (Option<OrderWant>, FirstSort) {
        let Some(terms) = self.window_order_terms(rcols, order) else {
            return (None, FirstSort::Whole);
        };
        let full = self.order_want(&terms, false);
        if let Some(w) = &full {
            let lp = self.loop_plan(fplan, where_, used.clone(), Some(w));
            if lp.ordered.is_some() {
                return (full, FirstSort::Delivered);
            }
        }
        // The longest run of leading column terms of one source, short of all of them.
        let lead = match &full {
            Some(w) => Some(w.clone()),
            None => (1..terms.len())
                .take_while(|&k| self.order_want(&terms[..k], false).is_some())
                .last()
                .filter(|&k| !self.lead_ends_at_rowid(&terms[..k]))
                .and_then(|k| self.order_want(&terms[..k], false)),
        };
        let partial = lead.as_ref().and_then(|w| {
            let max = w.cols.len().min(terms.len() - 1);
            self.partial_order(fplan, where_, used, w, max, false)
                .map(|k| (w, k))
        });
        match partial {
            Some((w, k)) => {
                let prefix = OrderWant {
                    cols: w.cols[..k].to_vec(),
                    ..w.clone()
                };
                (Some(prefix), FirstSort::RightPart)
            }
            None => (full, FirstSort::Whole),
        }
    }

    /// Whether the ORDER BY of a window SELECT is delivered by its last window pass (see
    /// the module header). An ORDER BY with a NULLS term against its direction's default
    /// (a key of its own) is left to sort, as is a window with one.
    pub(crate) fn window_order_elides_sort(
        &self,
        order_by: &[ast::OrderingTerm],
        order: &[(Expr, bool, Option<Collation>)],
        rcols: &[(Expr, ColInfo, bool)],
    ) -> bool {
        if order.is_empty() || order.len() != order_by.len() {
            return false;
        }
        let Some(keys) = self.window_output_terms(rcols, order) else {
            return false;
        };
        order.len() <= keys.len()
            && order.iter().zip(&keys).all(|(o, k)| {
                o.1 == k.1
                    && o.2.clone().unwrap_or_default() == k.2.clone().unwrap_or_default()
                    && self.same_term(&o.0, &k.0)
            })
    }
}
