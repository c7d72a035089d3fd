//! The column references of an expression that can belong to the current FROM scope.
//!
//! `used_columns` (select.rs) decides whether an index covers a query from the columns the
//! query reads. A name inside a subquery binds to the subquery's own FROM first (innermost
//! scope first, as in SQLite), so `SELECT (SELECT sum(b) FROM t0 WHERE a) FROM t0` reads no
//! column of the outer `t0`. [`Compiler::outer_column_refs`] visits the column expressions of
//! an expression, descending into subqueries but skipping the names a subquery's FROM binds.
//! It may visit too many (a name beside a view, CTE or subquery in FROM, whose columns it does
//! not look up, counts as outer) but never too few: an extra column only makes an index look
//! non-covering.

use crate::parser::ast::{self, Expr, ExprKind};

use super::Compiler;

/// What one FROM clause of an enclosing subquery binds.
#[derive(Default)]
struct Bindings {
    /// Lower-case qualifiers (alias or table name) of every FROM item that has one.
    qualifiers: Vec<String>,
    /// Lower-case column names of the schema tables among the items.
    columns: Vec<String>,
    /// Some item's columns are unknown (a view, CTE, subquery or table-valued function).
    opaque: bool,
}

impl Compiler<'_> {
    /// Calls `f` on every column expression of `e` that may refer to an enclosing scope of
    /// the subqueries it sits in (all of them outside subqueries).
    pub(crate) fn outer_column_refs<'e>(&self, e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
        let mut stack = Vec::new();
        self.refs_in_expr(e, &mut stack, f);
    }

    fn refs_in_expr<'e>(
        &self,
        e: &'e Expr,
        stack: &mut Vec<Bindings>,
        f: &mut dyn FnMut(&'e Expr),
    ) {
        super::select::walk_pub(e, &mut |x| {
            match &x.kind {
                ExprKind::Column { table, column, .. } if !bound(stack, table, column) => f(x),
                ExprKind::Exists(s)
                | ExprKind::Subquery(s)
                | ExprKind::InSelect { select: s, .. } => self.refs_in_select(s, stack, f),
                _ => {}
            }
            true
        });
    }

    fn refs_in_select<'e>(
        &self,
        sel: &'e ast::Select,
        stack: &mut Vec<Bindings>,
        f: &mut dyn FnMut(&'e Expr),
    ) {
        let ctes: Vec<String> = sel
            .with
            .iter()
            .flat_map(|w| w.ctes.iter().map(|c| c.name.name.to_ascii_lowercase()))
            .collect();
        if let Some(w) = &sel.with {
            for c in &w.ctes {
                self.refs_in_select(&c.select, stack, f);
            }
        }
        let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|c| &c.1));
        for (i, core) in cores.enumerate() {
            let b = match core {
                ast::SelectCore::Select(c) => self.bindings(c.from.as_ref(), &ctes),
                ast::SelectCore::Values { .. } => Bindings::default(),
            };
            stack.push(b);
            self.refs_in_core(core, stack, f);
            if i == 0 {
                // ORDER BY and LIMIT see the first core's FROM.
                for o in &sel.order_by {
                    self.refs_in_expr(&o.expr, stack, f);
                }
                if let Some(l) = &sel.limit {
                    self.refs_in_expr(&l.limit, stack, f);
                    if let Some(o) = &l.offset {
                        self.refs_in_expr(o, stack, f);
                    }
                }
            }
            stack.pop();
        }
    }

    fn refs_in_core<'e>(
        &self,
        core: &'e ast::SelectCore,
        stack: &mut Vec<Bindings>,
        f: &mut dyn FnMut(&'e Expr),
    ) {
        match core {
            ast::SelectCore::Values { rows, .. } => {
                for e in rows.iter().flatten() {
                    self.refs_in_expr(e, stack, f);
                }
            }
            ast::SelectCore::Select(c) => {
                for rc in &c.columns {
                    if let ast::ResultColumn::Expr { expr, .. } = rc {
                        self.refs_in_expr(expr, stack, f);
                    }
                }
                if let Some(from) = &c.from {
                    self.refs_in_from(from, stack, f);
                }
                let rest = c
                    .where_
                    .iter()
                    .chain(c.group_by.iter())
                    .chain(c.having.iter());
                for e in rest {
                    self.refs_in_expr(e, stack, f);
                }
            }
        }
    }

    fn refs_in_from<'e>(
        &self,
        from: &'e ast::FromClause,
        stack: &mut Vec<Bindings>,
        f: &mut dyn FnMut(&'e Expr),
    ) {
        let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
        for t in items {
            match t {
                // A FROM subquery cannot see its siblings: only the enclosing levels.
                ast::TableOrSubquery::Subquery { select, .. } => {
                    let saved = stack.pop();
                    self.refs_in_select(select, stack, f);
                    stack.extend(saved);
                }
                ast::TableOrSubquery::Nested { from, .. } => self.refs_in_from(from, stack, f),
                ast::TableOrSubquery::Function { args, .. } => {
                    for a in args {
                        self.refs_in_expr(a, stack, f);
                    }
                }
                ast::TableOrSubquery::Table { .. } => {}
            }
        }
        for j in &from.joins {
            if let Some(ast::JoinConstraint::On(e)) = &j.constraint {
                self.refs_in_expr(e, stack, f);
            }
        }
    }

    /// What `from` binds; `ctes` are the names of the subquery's own WITH.
    fn bindings(&self, from: Option<&ast::FromClause>, ctes: &[String]) -> Bindings {
        let mut b = Bindings::default();
        let Some(from) = from else { return b };
        self.bind_from(from, ctes, &mut b);
        b
    }

    fn bind_from(&self, from: &ast::FromClause, ctes: &[String], b: &mut Bindings) {
        let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
        for t in items {
            match t {
                ast::TableOrSubquery::Table { name, alias, .. } => {
                    let k = name.name.name.to_ascii_lowercase();
                    let q = alias
                        .as_ref()
                        .map_or(k.clone(), |a| a.name.to_ascii_lowercase());
                    b.qualifiers.push(q);
                    let table = (name.schema.is_none()
                        && !ctes.contains(&k)
                        && self.ctes.iter().all(|f| !f.contains_key(&k))
                        && self.recursive_current.iter().all(|r| r.0 != k))
                    .then(|| self.schema.table(&name.name.name))
                    .flatten();
                    match table {
                        Some(t) => {
                            b.columns
                                .extend(t.columns.iter().map(|c| c.name.to_ascii_lowercase()));
                            if !t.without_rowid {
                                b.columns.extend(
                                    ["rowid", "oid", "_rowid_"].iter().map(|s| s.to_string()),
                                );
                            }
                        }
                        None => b.opaque = true,
                    }
                }
                ast::TableOrSubquery::Nested { from, alias, .. } => {
                    b.qualifiers
                        .extend(alias.iter().map(|a| a.name.to_ascii_lowercase()));
                    self.bind_from(from, ctes, b);
                }
                ast::TableOrSubquery::Subquery { alias, .. }
                | ast::TableOrSubquery::Function { alias, .. } => {
                    b.qualifiers
                        .extend(alias.iter().map(|a| a.name.to_ascii_lowercase()));
                    b.opaque = true;
                }
            }
        }
    }
}

/// Whether an enclosing subquery's FROM surely binds `[table.]column`.
fn bound(stack: &[Bindings], table: &Option<ast::Ident>, column: &ast::Ident) -> bool {
    match table {
        Some(t) => {
            let t = t.name.to_ascii_lowercase();
            stack.iter().any(|b| b.qualifiers.contains(&t))
        }
        None => {
            let c = column.name.to_ascii_lowercase();
            // Innermost first: an opaque level may bind the name before a known one does.
            for b in stack.iter().rev() {
                if b.columns.contains(&c) {
                    return true;
                }
                if b.opaque {
                    return false;
                }
            }
            false
        }
    }
}
