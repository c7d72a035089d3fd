//! The omit-LEFT-JOIN optimization (optoverview.html, "The omit LEFT JOIN optimization"): in
//! a DISTINCT query that is not an aggregate, a LEFT JOIN whose right-hand table is read
//! nowhere but in its own ON or USING clause cannot change the result (each left row comes
//! out once whatever the right side matches), so sqlite3 drops the join. Its ON clause is
//! then never evaluated, which shows: an error the ON would raise (an integer overflow) does
//! not happen, and EXPLAIN QUERY PLAN lists no loop for the table.
//!
//! ```text
//! SELECT DISTINCT t0.a FROM t0 LEFT JOIN t1 ON abs(t1.c)   -- sqlite3 and ours: SCAN t0
//! ```
//!
//! Asked of sqlite3 3.40.1 (difftest select seed 42000, ddl seed 8730): every such join of
//! the FROM is dropped, and a table that another join's ON reads stays even when that other
//! join is dropped (`t0 LEFT JOIN t1 ON t1.a = t0.a LEFT JOIN t2 ON t2.a = t1.a` keeps t1;
//! 3.54.1 drops both). Not in an aggregate (GROUP BY, HAVING or an aggregate call) or window
//! query, nor in an arm of UNION, INTERSECT or EXCEPT (whose DISTINCT is dropped first).
//!
//! Ours is narrower where a name could be misread: the right-hand table is a plain schema
//! table (no view, CTE, subquery or INDEXED BY), and it counts as read by any `name.x` and
//! by any unqualified column name it has (other than its own USING columns), anywhere
//! outside its ON, subqueries included; a `*`, a later NATURAL join or a later USING of one
//! of its columns reads it too. A USING or NATURAL join is dropped only where it cannot
//! fail (see [`Compiler::joins_without_error`]), and one whose ON surely resolves
//! (`on_names.rs`). No authorizer (it sees the reads as
//! written).

use crate::parser::ast::{self, Expr, ExprKind, OrderingTerm, ResultColumn, SelectClause};

use super::super::Compiler;
use super::{select_exprs_pub, walk_pub};

mod on_names;

/// The right-hand table of a LEFT JOIN: the name it is known by and its column names.
struct Right {
    name: String,
    cols: Vec<String>,
    /// The join's own USING columns (an unqualified one reads the left copy).
    using: Vec<String>,
}

impl Right {
    /// Whether column reference `e` may read this table.
    fn read_by(&self, e: &Expr) -> bool {
        let ExprKind::Column { table, column, .. } = &e.kind else {
            return false;
        };
        let c = &column.name;
        match table {
            Some(t) => t.name.eq_ignore_ascii_case(&self.name),
            None => {
                let has = self.cols.iter().any(|x| x.eq_ignore_ascii_case(c))
                    || ["rowid", "oid", "_rowid_"]
                        .iter()
                        .any(|r| r.eq_ignore_ascii_case(c));
                has && !self.using.iter().any(|u| u.eq_ignore_ascii_case(c))
            }
        }
    }
}

impl Compiler<'_> {
    /// `core` without the LEFT JOINs sqlite3 omits (see the module header), or None when
    /// it omits none.
    pub(super) fn omit_left_joins(
        &self,
        core: &SelectClause,
        order_by: &[OrderingTerm],
    ) -> Option<SelectClause> {
        let from = core.from.as_ref()?;
        if !core.distinct
            || self.auth.is_some()
            || !core.windows.is_empty()
            || !core.group_by.is_empty()
            || core.having.is_some()
        {
            return None;
        }
        let outputs = core.columns.iter().filter_map(|c| match c {
            ResultColumn::Expr { expr, .. } => Some(expr),
            _ => None,
        });
        let mut top = outputs.chain(order_by.iter().map(|o| &o.expr));
        if top.any(|e| self.contains_aggregate(e) || has_window(e)) {
            return None;
        }
        let omit: Vec<usize> = (0..from.joins.len())
            .filter(|&k| self.omittable(core, order_by, k))
            .collect();
        if omit.is_empty() {
            return None;
        }
        let mut out = core.clone();
        let f = out.from.as_mut()?;
        for &k in omit.iter().rev() {
            f.joins.remove(k);
        }
        Some(out)
    }

    /// Whether join `k` of `core`'s FROM is a LEFT JOIN of a plain table read nowhere
    /// outside its own constraint.
    fn omittable(&self, core: &SelectClause, order_by: &[OrderingTerm], k: usize) -> bool {
        let Some(from) = &core.from else {
            return false;
        };
        let Some(right) = self.left_right(&from.joins[k]) else {
            return false;
        };
        if !self.joins_without_error(from, k, &right) || !self.on_resolves(from, k) {
            return false;
        }
        let mut read = false;
        let mut see = |e: &Expr| read |= right.read_by(e);
        for c in &core.columns {
            match c {
                ResultColumn::Expr { expr, .. } => deep(expr, &mut see),
                ResultColumn::Star { .. } => return false,
                ResultColumn::TableStar { table, .. } => {
                    if table.name.eq_ignore_ascii_case(&right.name) {
                        return false;
                    }
                }
            }
        }
        for e in core.where_.iter().chain(order_by.iter().map(|o| &o.expr)) {
            deep(e, &mut see);
        }
        let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
        for item in items {
            match item {
                ast::TableOrSubquery::Function { args, .. } => {
                    args.iter().for_each(|a| deep(a, &mut see));
                }
                ast::TableOrSubquery::Subquery { select, .. } => select_exprs_pub(select, &mut see),
                ast::TableOrSubquery::Nested { .. } => return false,
                ast::TableOrSubquery::Table { .. } => {}
            }
        }
        for (m, j) in from.joins.iter().enumerate().filter(|(m, _)| *m != k) {
            match &j.constraint {
                Some(ast::JoinConstraint::On(e)) => deep(e, &mut see),
                Some(ast::JoinConstraint::Using(cols)) if m > k => {
                    let name =
                        |c: &ast::Ident| right.cols.iter().any(|x| x.eq_ignore_ascii_case(&c.name));
                    if cols.iter().any(name) {
                        return false;
                    }
                }
                _ => {}
            }
            if j.op.natural && m > k {
                return false;
            }
        }
        !read
    }

    /// Whether join `k` (of `right`) is sure to raise no error of its USING or NATURAL
    /// columns, which sqlite3 reports though it drops the join: no RIGHT or FULL JOIN in the
    /// FROM (its ambiguous USING columns fail, `ambiguous reference to d in USING()`), and
    /// each USING column a column of the table and of a plain table before it.
    fn joins_without_error(&self, from: &ast::FromClause, k: usize, right: &Right) -> bool {
        let j = &from.joins[k];
        if !j.op.natural && right.using.is_empty() {
            return true;
        }
        let outer_right =
            |j: &ast::Join| matches!(j.op.kind, ast::JoinKind::Right | ast::JoinKind::Full);
        if from.joins.iter().any(outer_right) {
            return false;
        }
        let items = std::iter::once(&from.first).chain(from.joins[..k].iter().map(|j| &j.table));
        let mut before = Vec::new();
        for item in items {
            let ast::TableOrSubquery::Table { name, .. } = item else {
                return false;
            };
            let Some(t) = self.lookup_table(name) else {
                return false;
            };
            before.extend(t.columns.iter().map(|c| c.name.clone()));
        }
        let has = |cols: &[String], c: &str| cols.iter().any(|x| x.eq_ignore_ascii_case(c));
        right
            .using
            .iter()
            .all(|c| has(&right.cols, c) && has(&before, c))
    }

    /// The right-hand table of `j` when `j` is a LEFT JOIN of a plain schema table.
    fn left_right(&self, j: &ast::Join) -> Option<Right> {
        if j.op.kind != ast::JoinKind::Left {
            return None;
        }
        let ast::TableOrSubquery::Table {
            name,
            alias,
            indexed: None,
            ..
        } = &j.table
        else {
            return None;
        };
        let t = self.schema_table_named(name)?;
        let using = match &j.constraint {
            Some(ast::JoinConstraint::Using(cols)) => cols.iter().map(|c| c.name.clone()).collect(),
            _ => Vec::new(),
        };
        Some(Right {
            name: alias.as_ref().unwrap_or(&name.name).name.clone(),
            cols: t.columns.iter().map(|c| c.name.clone()).collect(),
            using,
        })
    }
}

/// Calls `f` on `e` and every expression below it, inside subqueries too.
fn deep(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    walk_pub(e, &mut |x| {
        f(x);
        match &x.kind {
            ExprKind::Exists(s) | ExprKind::Subquery(s) | ExprKind::InSelect { select: s, .. } => {
                select_exprs_pub(s, f)
            }
            _ => {}
        }
        true
    });
}

/// Whether `e` holds a window function call (outside subqueries).
fn has_window(e: &Expr) -> bool {
    let mut found = false;
    walk_pub(e, &mut |x| {
        found |= matches!(&x.kind, ExprKind::Function(fc) if fc.over.is_some());
        !found
    });
    found
}
