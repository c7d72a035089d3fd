//! Direction of the GROUP BY sorter when the groups are not delivered in order by the loop.
//!
//! SQLite sorts the GROUP BY key in the directions of the query's ORDER BY when both have
//! the same number of terms: term i of the GROUP BY takes the ASC/DESC of ORDER BY term i,
//! whatever the expressions (NULLS FIRST/LAST is not copied). The groups then come out in
//! that order, and the (stable) ORDER BY sort keeps it among tied rows: `GROUP BY a ORDER BY
//! count(*) DESC` lists groups of equal count by `a` descending.
//!
//! In a window SELECT over an aggregate, the ORDER BY that counts is the one SQLite's window
//! rewrite gives the aggregate subquery: PARTITION BY then ORDER BY of the window evaluated
//! first (the last distinct window of the SELECT; PARTITION BY terms are ASC). The outer
//! ORDER BY plays no part.

use crate::parser::ast;

use super::Compiler;

/// ASC/DESC flags of `order_by`, one per term, when it has exactly `nk` terms.
pub(crate) fn copy_dirs(order_by: &[ast::OrderingTerm], nk: usize) -> Option<Vec<bool>> {
    (order_by.len() == nk).then(|| {
        order_by
            .iter()
            .map(|o| o.order == Some(ast::SortOrder::Desc))
            .collect()
    })
}

/// The window's subquery ORDER BY directions: partition terms ASC, then the ORDER BY's.
pub(crate) fn window_dirs(spec: &ast::WindowSpec) -> Vec<bool> {
    let part = spec.partition_by.iter().map(|_| false);
    let ord = spec
        .order_by
        .iter()
        .map(|o| o.order == Some(ast::SortOrder::Desc));
    part.chain(ord).collect()
}

impl Compiler<'_> {
    /// Directions for a GROUP BY sorter of `nk` keys whose input is not already grouped by
    /// the loop, given the SELECT's own ORDER BY; `None` leaves every key ASC.
    pub(crate) fn group_sort_dirs(
        &self,
        order_by: &[ast::OrderingTerm],
        nk: usize,
    ) -> Option<Vec<bool>> {
        match self.window_group_dirs() {
            Some(d) => (d.len() == nk).then_some(d),
            None => copy_dirs(order_by, nk),
        }
    }
}
