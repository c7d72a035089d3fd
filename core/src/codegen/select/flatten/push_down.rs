//! The push-down optimization (optoverview.html, "The push-down optimization"): a WHERE term
//! of the outer query that reads only columns of a FROM subquery sqlite3 does not flatten
//! (one SELECT with DISTINCT or GROUP BY) is copied into that subquery's WHERE, so the
//! subquery's own loop can use an index for it:
//!
//! ```text
//! SELECT * FROM (SELECT b, count(*) n FROM t GROUP BY b) s WHERE b = 3
//!   sqlite3 and ours:  CO-ROUTINE s / SEARCH t USING COVERING INDEX tb (b=?) / SCAN s
//! ```
//!
//! The outer term stays where it was. Into a GROUP BY subquery only terms on its GROUP BY
//! columns (bare column names) are copied, as sqlite3 does (`WHERE n = 3` is not). The copy
//! compares with the same affinity and collation as the outer term: a subquery column's
//! affinity is its expression's, and a subquery with COLLATE in its columns is skipped. As
//! in the flattener, the outer FROM is plain tables and the subquery (not on the right of a
//! LEFT JOIN), and nothing in the query holds a subquery expression.

use crate::parser::ast::{self, Expr, ExprKind, ResultColumn, SelectClause, SelectCore};

use super::super::super::Compiler;
use super::{and, inner_items, is_inner, map_columns, Fate, Sub};

/// Whether `a` and `b` are the same bare column name (unqualified or equally qualified).
fn same_column(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (
            ExprKind::Column {
                schema: None,
                table: ta,
                column: ca,
            },
            ExprKind::Column {
                schema: None,
                table: tb,
                column: cb,
            },
        ) => {
            ca.name.eq_ignore_ascii_case(&cb.name)
                && match (ta, tb) {
                    (None, None) => true,
                    (Some(x), Some(y)) => x.name.eq_ignore_ascii_case(&y.name),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// Whether anything in `core`, its FROM subqueries included, is a subquery expression (the
/// rewritten core is a copy, and those are planned by address).
fn holds_subquery(core: &SelectClause) -> bool {
    let sel = ast::Select {
        with: None,
        first: SelectCore::Select(Box::new(core.clone())),
        compounds: Vec::new(),
        order_by: Vec::new(),
        limit: None,
        span: core.span,
    };
    let mut found = false;
    super::super::select_exprs_pub(&sel, &mut |e| {
        found |= matches!(
            e.kind,
            ExprKind::Subquery(_)
                | ExprKind::Exists(_)
                | ExprKind::InSelect { .. }
                | ExprKind::InTable { .. }
        )
    });
    found
}

impl Compiler<'_> {
    /// `core` with outer WHERE terms copied into its DISTINCT / GROUP BY FROM subquery, or
    /// None when nothing is copied (see the module header).
    pub(in super::super) fn push_down(&self, core: &SelectClause) -> Option<SelectClause> {
        let where_ = core.where_.as_ref()?;
        let from = core.from.as_ref()?;
        if self.auth.is_some() || !core.windows.is_empty() || holds_subquery(core) {
            return None;
        }
        let items = inner_items(from, true)?;
        let mut target = None;
        let mut tables = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match self.plain_table(item) {
                Some(t) => tables.push((i, t)),
                None if target.is_none() => target = Some(i),
                None => return None,
            }
        }
        let k = target?;
        if k > 0 && !is_inner(&from.joins[k - 1]) {
            return None;
        }
        let ast::TableOrSubquery::Subquery { select, alias, .. } = items[k] else {
            return None;
        };
        if select.with.is_some() || !select.compounds.is_empty() || select.limit.is_some() {
            return None;
        }
        let SelectCore::Select(sc) = &select.first else {
            return None;
        };
        let grouped = !sc.group_by.is_empty();
        if !(sc.distinct || grouped) || !sc.windows.is_empty() || sc.from.is_none() {
            return None;
        }
        let mut names = Vec::new();
        let mut exprs = Vec::new();
        for rc in &sc.columns {
            let ResultColumn::Expr { expr, alias, .. } = rc else {
                return None;
            };
            if !self.sub_expr_ok(expr, false) {
                return None;
            }
            names.push(match (alias, &expr.kind) {
                (Some(a), _) => a.name.clone(),
                (None, ExprKind::Column { column, .. }) => column.name.clone(),
                (None, _) => expr.span.text(self.sql).to_string(),
            });
            exprs.push(expr.clone());
        }
        // Columns a copied term may read: any of a DISTINCT subquery's (without aggregates),
        // a GROUP BY subquery's bare GROUP BY columns.
        let readable: Vec<bool> = exprs
            .iter()
            .map(|e| match grouped {
                true => sc.group_by.iter().any(|g| same_column(g, e)),
                false => !self.contains_aggregate(e),
            })
            .collect();
        let sub = Sub {
            alias: alias.as_ref().map_or("\u{1}", |a| &a.name).to_string(),
            names,
            exprs,
            from: sc.from.clone()?,
            where_: None,
            tables: Vec::new(),
            ordered: false,
        };
        let mut terms = Vec::new();
        super::super::split_and(where_, &mut terms);
        let mut pushed = None;
        for t in terms {
            if !crate::codegen::const_terms::deterministic_without_subquery(t, true) {
                continue;
            }
            let mut reads = false;
            let mut copy = t.clone();
            let ok = map_columns(&mut copy, &mut |e| match Self::fate(&tables, &sub, e)? {
                Fate::Sub(i) if readable[i] => {
                    reads = true;
                    Some(Some(sub.exprs[i].clone()))
                }
                _ => None,
            });
            if ok.is_some() && reads {
                pushed = and(pushed, Some(copy));
            }
        }
        let pushed = pushed?;
        let mut new_sc = (**sc).clone();
        new_sc.where_ = and(new_sc.where_.take(), Some(pushed));
        let mut new_sel = (**select).clone();
        new_sel.first = SelectCore::Select(Box::new(new_sc));
        let mut out = core.clone();
        let f = out.from.as_mut()?;
        let slot = match k {
            0 => &mut f.first,
            _ => &mut f.joins.get_mut(k - 1)?.table,
        };
        if let ast::TableOrSubquery::Subquery { select, .. } = slot {
            **select = new_sel;
        }
        Some(out)
    }
}
