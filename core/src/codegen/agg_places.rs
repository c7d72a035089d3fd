//! Where a simple SELECT may hold aggregate calls, and sqlite3 3.40.1's errors when one is
//! elsewhere (pinned in `tests/difftest/tests/gaps.rs`).
//!
//! A SELECT is an aggregate query when it has a GROUP BY clause or an aggregate call in its
//! result columns; its HAVING clause and ORDER BY terms do not make it one. Checked in this
//! order:
//!
//! | case                                            | error                                       |
//! |-------------------------------------------------|---------------------------------------------|
//! | aggregate in GROUP BY                           | `aggregate functions are not allowed in the GROUP BY clause` |
//! | HAVING on a non-aggregate query                 | `HAVING clause on a non-aggregate query`    |
//! | aggregate in ON / WHERE of a non-aggregate query | `misuse of aggregate function X()`         |
//! | aggregate in WHERE / ON of an aggregate query   | `misuse of aggregate: X()`                  |
//! | aggregate in ORDER BY of a non-aggregate query  | `misuse of aggregate: X()`                  |
//!
//! With several such calls, X is the last one met: for a non-aggregate query in the ON
//! clauses then WHERE, for an aggregate query in WHERE then the ON clauses (sqlite3 reports
//! the first two while resolving names and the last two while generating code; in both a
//! later error replaces an earlier one). A name error in the same clauses (no such column
//! or function) is reported instead of a `misuse of aggregate:` error.

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};

use super::{Compiler, FuncKind};

impl Compiler<'_> {
    /// The checks of the module header for `core`, whose resolved GROUP BY terms, result
    /// columns and ORDER BY terms are `group_by`, `results` and `order`. Returns whether
    /// the query is an aggregate query.
    pub(crate) fn check_agg_places<'e>(
        &self,
        core: &'e ast::SelectClause,
        group_by: &'e [Expr],
        results: impl Iterator<Item = &'e Expr>,
        order: impl Iterator<Item = &'e Expr>,
    ) -> Result<bool> {
        if self.last_aggregate(group_by).is_some() {
            return Err(Error::sql(
                "aggregate functions are not allowed in the GROUP BY clause",
            ));
        }
        let is_agg =
            !group_by.is_empty() || results.into_iter().any(|e| self.contains_aggregate(e));
        if core.having.is_some() && !is_agg {
            return Err(Error::sql("HAVING clause on a non-aggregate query"));
        }
        let ons: Vec<&Expr> = core
            .from
            .iter()
            .flat_map(|f| f.joins.iter())
            .filter_map(|j| match &j.constraint {
                Some(ast::JoinConstraint::On(e)) => Some(e),
                _ => None,
            })
            .collect();
        let filters: Vec<&Expr> = if is_agg {
            core.where_.iter().chain(ons).collect()
        } else {
            ons.into_iter().chain(core.where_.iter()).collect()
        };
        if let Some(name) = self.last_aggregate(filters.iter().copied()) {
            // Resolving names comes first: its errors (and, outside an aggregate query, the
            // misuse) as `resolve_errors` orders them.
            if let Some(e) = self.resolve_errors(&filters, !is_agg) {
                return Err(e);
            }
            return Err(Error::sql(format!("misuse of aggregate: {name}()")));
        }
        if !is_agg {
            if let Some(name) = self.last_aggregate(order) {
                return Err(Error::sql(format!("misuse of aggregate: {name}()")));
            }
        }
        Ok(is_agg)
    }

    /// The error sqlite3's name resolution reports for `exprs`, walked in order: an unknown
    /// column stops the walk; an unknown function (and with `agg_misuse`, an aggregate
    /// call) is replaced by any later error.
    fn resolve_errors(&self, exprs: &[&Expr], agg_misuse: bool) -> Option<Error> {
        let mut err = None;
        let mut stopped = false;
        for e in exprs {
            super::select::walk_pub(e, &mut |x| {
                if stopped {
                    return false;
                }
                match &x.kind {
                    ExprKind::Column { table, column, .. } => {
                        let alias = table.is_none()
                            && self.aliases.last().is_some_and(|a| {
                                a.iter().any(|(n, _)| n.eq_ignore_ascii_case(&column.name))
                            });
                        if let (Err(e), false) = (self.resolve_column(x), alias) {
                            err = Some(e);
                            stopped = true;
                        }
                    }
                    ExprKind::Function(f) if f.over.is_none() => match self.function_kind(f) {
                        Err(e) => err = Some(e),
                        Ok(FuncKind::Aggregate) if agg_misuse => {
                            err = Some(Error::sql(format!(
                                "misuse of aggregate function {}()",
                                f.name.name
                            )))
                        }
                        _ => {}
                    },
                    _ => {}
                }
                !stopped
            });
        }
        err
    }

    /// The name (as written) of the last aggregate call of `exprs` (not in a subquery, not a
    /// window call), if any.
    pub(crate) fn last_aggregate<'e>(
        &self,
        exprs: impl IntoIterator<Item = &'e Expr>,
    ) -> Option<String> {
        let mut name = None;
        for e in exprs {
            super::select::walk_pub(e, &mut |x| {
                if let ExprKind::Function(f) = &x.kind {
                    if f.over.is_none() && matches!(self.function_kind(f), Ok(FuncKind::Aggregate))
                    {
                        name = Some(f.name.name.clone());
                        return false;
                    }
                }
                true
            });
        }
        name
    }
}

/// `SELECT count(*) FROM t` alone (one table, no WHERE, GROUP BY, HAVING or DISTINCT): the
/// shape sqlite3 answers from the b-tree's row count.
pub(crate) fn is_simple_count(
    core: &ast::SelectClause,
    results: &[(Expr, super::select::ColInfo, bool)],
) -> bool {
    let one_table = core.from.as_ref().is_some_and(|f| {
        f.joins.is_empty() && matches!(f.first, ast::TableOrSubquery::Table { .. })
    });
    let count_star = matches!(
        results,
        [(Expr { kind: ExprKind::Function(f), .. }, _, _)]
            if f.name.name.eq_ignore_ascii_case("count")
                && f.args == ast::FunctionArgs::Star
                && f.filter.is_none()
                && f.over.is_none()
    );
    one_table
        && count_star
        && core.where_.is_none()
        && core.group_by.is_empty()
        && core.having.is_none()
        && !core.distinct
}
