//! The EXPLAIN QUERY PLAN row sqlite3 puts over a FROM subquery it runs on its own
//! (eqp.html): `CO-ROUTINE sq` when the subquery is the only FROM term (its rows are handed
//! to the outer loop one by one), `MATERIALIZE sq` when it is joined (stored first), each
//! with the subquery's own plan nested under it, then the outer `SCAN sq`.
//!
//! Only subqueries sqlite3 never flattens into the outer query are wrapped: a single SELECT
//! with DISTINCT, GROUP BY or an aggregate (and no ORDER BY/LIMIT/WITH). Others keep their
//! plain rows (sqlite3 would flatten most of them; ours does not yet).

use crate::parser::ast;

use super::super::Compiler;

impl Compiler<'_> {
    /// The wrapper row for FROM item `item` (`alone`: the first FROM term, alone or followed
    /// by a LEFT or CROSS JOIN: the place of a co-routine; `joined`: the FROM has more than
    /// one term), if it gets one.
    pub(super) fn subquery_wrapper(
        &self,
        item: &ast::TableOrSubquery,
        alone: bool,
        joined: bool,
    ) -> Option<String> {
        let ast::TableOrSubquery::Subquery {
            select,
            alias: Some(alias),
            ..
        } = item
        else {
            return None;
        };
        if select.with.is_some() || !select.compounds.is_empty() {
            return None;
        }
        // A joined subquery with a LIMIT is never flattened (optoverview.html, flattener
        // restriction: a LIMIT subquery may not join); alone, it may be.
        if select.limit.is_some() && joined && matches!(select.first, ast::SelectCore::Select(_)) {
            let kind = if alone { "CO-ROUTINE" } else { "MATERIALIZE" };
            return Some(format!("{kind} {}", alias.name));
        }
        if !select.order_by.is_empty() || select.limit.is_some() {
            return None;
        }
        let ast::SelectCore::Select(core) = &select.first else {
            return None;
        };
        let aggregate = core.columns.iter().any(|c| match c {
            ast::ResultColumn::Expr { expr, .. } => self.contains_aggregate(expr),
            _ => false,
        });
        if !(core.distinct || !core.group_by.is_empty() || aggregate) {
            return None;
        }
        let kind = if alone { "CO-ROUTINE" } else { "MATERIALIZE" };
        Some(format!("{kind} {}", alias.name))
    }

    /// Opens FROM item `item` as a source, under its wrapper row when it has one.
    pub(super) fn wrapped_source(
        &mut self,
        item: &ast::TableOrSubquery,
        alone: bool,
        joined: bool,
    ) -> crate::error::Result<crate::planner::resolve::Source> {
        match self.subquery_wrapper(item, alone, joined) {
            Some(w) => Ok(self.plan_nested(w, |c| c.source_for_item(item))?.0),
            None => self.source_for_item(item),
        }
    }
}
