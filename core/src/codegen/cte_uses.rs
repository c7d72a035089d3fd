//! Which CTEs sqlite3 materializes because the statement uses them more than once
//! (lang_with.html "Materialization Hints": a CTE used more than once is materialized
//! unless it is NOT MATERIALIZED).
//!
//! Materialized rows are stored with the CTE's column affinities (`in_affinity.rs`), so the
//! count decides whether `WITH c1 AS (SELECT x INTEGER ... UNION SELECT y TEXT ...)` reads
//! '2' or 2 back. sqlite3 3.40.1 counts a use each time a FROM clause names the CTE while
//! the statement is expanded: uses inside another CTE's body count once per use of that CTE,
//! and a CTE nobody uses adds nothing:
//!
//! ```text
//! WITH c1 AS (..UNION..), c2 AS (SELECT p FROM c1) SELECT typeof(p) FROM c2 a, c2 b;  -- c1: 2
//! WITH c1 AS (..UNION..), c2 AS (SELECT p FROM c1) SELECT typeof(p) FROM c1;         -- c1: 1
//! ```

use std::collections::HashMap;

use super::select::walk_pub;
use crate::parser::ast::{self, ExprKind};

/// The names (lowercase) of the CTEs of `with`, attached to `sel`, that `sel` uses two or
/// more times, counting uses through the other CTEs of the same WITH.
pub(crate) fn multi_use(sel: &ast::Select, with: &ast::With) -> Vec<String> {
    let mut main = HashMap::new();
    refs_in_select(sel, &mut main);
    let bodies: Vec<HashMap<String, usize>> = with
        .ctes
        .iter()
        .map(|c| {
            let mut m = HashMap::new();
            refs_in_select(&c.select, &mut m);
            m
        })
        .collect();
    let names: Vec<String> = with
        .ctes
        .iter()
        .map(|c| c.name.name.to_ascii_lowercase())
        .collect();
    // A CTE names only those before it (or itself, when recursive): count from the last.
    let mut uses = vec![0usize; names.len()];
    for i in (0..names.len()).rev() {
        let mut n = main.get(&names[i]).copied().unwrap_or(0);
        for j in i + 1..names.len() {
            let inner = bodies[j].get(&names[i]).copied().unwrap_or(0);
            n = n.saturating_add(uses[j].saturating_mul(inner));
        }
        uses[i] = n;
    }
    names
        .into_iter()
        .zip(uses)
        .filter(|(_, n)| *n >= 2)
        .map(|(k, _)| k)
        .collect()
}

/// Whether the body `sel` of CTE `name` (lowercase) reads that name in a FROM clause at any
/// depth (a WITH inside the body that defines the name again hides it).
pub(crate) fn reads_itself(sel: &ast::Select, name: &str) -> bool {
    let shadowed = sel.with.as_ref().is_some_and(|w| {
        w.ctes
            .iter()
            .any(|c| c.name.name.eq_ignore_ascii_case(name))
    });
    let mut m = HashMap::new();
    refs_in_select(sel, &mut m);
    !shadowed && m.contains_key(name)
}

/// Adds to `out` every unqualified table name a FROM clause of `sel` (at any depth, its
/// own WITH excluded) names.
fn refs_in_select(sel: &ast::Select, out: &mut HashMap<String, usize>) {
    let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|c| &c.1));
    for core in cores {
        match core {
            ast::SelectCore::Values { rows, .. } => {
                for e in rows.iter().flatten() {
                    refs_in_expr(e, out);
                }
            }
            ast::SelectCore::Select(c) => {
                for rc in &c.columns {
                    if let ast::ResultColumn::Expr { expr, .. } = rc {
                        refs_in_expr(expr, out);
                    }
                }
                if let Some(from) = &c.from {
                    refs_in_from(from, out);
                }
                for e in c.where_.iter().chain(&c.group_by).chain(&c.having) {
                    refs_in_expr(e, out);
                }
            }
        }
    }
    for o in &sel.order_by {
        refs_in_expr(&o.expr, out);
    }
    if let Some(l) = &sel.limit {
        refs_in_expr(&l.limit, out);
        if let Some(o) = &l.offset {
            refs_in_expr(o, out);
        }
    }
}

fn refs_in_from(from: &ast::FromClause, out: &mut HashMap<String, usize>) {
    let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
    for t in items {
        match t {
            ast::TableOrSubquery::Table { name, .. } if name.schema.is_none() => {
                *out.entry(name.name.name.to_ascii_lowercase()).or_default() += 1;
            }
            ast::TableOrSubquery::Table { .. } => {}
            ast::TableOrSubquery::Subquery { select, .. } => refs_in_select(select, out),
            ast::TableOrSubquery::Nested { from, .. } => refs_in_from(from, out),
            ast::TableOrSubquery::Function { args, .. } => {
                for a in args {
                    refs_in_expr(a, out);
                }
            }
        }
    }
    for j in &from.joins {
        if let Some(ast::JoinConstraint::On(e)) = &j.constraint {
            refs_in_expr(e, out);
        }
    }
}

fn refs_in_expr(e: &ast::Expr, out: &mut HashMap<String, usize>) {
    walk_pub(e, &mut |x| {
        match &x.kind {
            ExprKind::Exists(s) | ExprKind::Subquery(s) | ExprKind::InSelect { select: s, .. } => {
                refs_in_select(s, out)
            }
            ExprKind::InTable { table, .. } if table.schema.is_none() => {
                *out.entry(table.name.name.to_ascii_lowercase()).or_default() += 1;
            }
            _ => {}
        }
        true
    });
}
