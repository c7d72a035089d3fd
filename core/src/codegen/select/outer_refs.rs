//! Which sources of the current scope a subquery reads (its correlation), without compiling it.
//!
//! The planner places each WHERE/ON term at the first loop where every source it reads is
//! open. A term holding a subquery used to count as reading every source, so it ran in the
//! innermost loop, after terms that sqlite3 runs later; where one of them raises an error (an
//! overflowing `abs()`) or is expensive, that shows. SQLite resolves a name in the innermost
//! SELECT whose FROM clause has it, then outwards; this walk does the same over the
//! subquery's own FROM clauses (known tables by their columns) and looks the names it cannot
//! settle up in the current scope. A FROM item whose columns are unknown here (a subquery, a
//! CTE, a view, a table-valued function) settles only the names qualified with its name: an
//! unqualified name is then also looked up outside, which can only overstate what the term
//! reads (a later loop), never understate it.

use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::lookup;

use super::walk;
use crate::codegen::Compiler;

/// One FROM item of a SELECT inside the subquery.
struct Local {
    /// Its alias or table name, lower case.
    name: String,
    /// Its columns (lower case), `None` when unknown.
    columns: Option<Vec<String>>,
}

/// The names one SELECT core of the subquery settles.
#[derive(Default)]
struct Frame {
    sources: Vec<Local>,
    /// Result-column aliases (`SELECT x AS a ... WHERE a > 1`).
    aliases: Vec<String>,
}

enum Settled {
    Local,
    /// Not settled inside; `maybe_local` when an unknown FROM item might still have it.
    Outside {
        maybe_local: bool,
    },
}

impl Compiler<'_> {
    /// The sources of the innermost scope `sel` reads, as a bit mask (bit = source index,
    /// capped at 63; `u64::MAX` when a name cannot be told).
    pub(crate) fn subquery_sources(&self, sel: &ast::Select) -> u64 {
        let mut mask = 0u64;
        let mut stack: Vec<Frame> = Vec::new();
        let mut ctes: Vec<String> = Vec::new();
        self.corr_in_select(sel, &mut stack, &mut ctes, &mut mask);
        mask
    }

    fn corr_in_select(
        &self,
        sel: &ast::Select,
        stack: &mut Vec<Frame>,
        ctes: &mut Vec<String>,
        mask: &mut u64,
    ) {
        let ctes_before = ctes.len();
        if let Some(w) = &sel.with {
            for c in &w.ctes {
                ctes.push(c.name.name.to_ascii_lowercase());
            }
            for c in &w.ctes {
                self.corr_in_select(&c.select, stack, ctes, mask);
            }
        }
        let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|c| &c.1));
        let mut last_frame = Frame::default();
        for core in cores {
            match core {
                ast::SelectCore::Values { rows, .. } => {
                    for e in rows.iter().flatten() {
                        self.corr_in_expr(e, stack, ctes, mask);
                    }
                }
                ast::SelectCore::Select(c) => {
                    let mut frame = Frame::default();
                    if let Some(from) = &c.from {
                        self.frame_of_from(from, &mut frame, stack, ctes, mask);
                    }
                    for rc in &c.columns {
                        if let ast::ResultColumn::Expr { alias: Some(a), .. } = rc {
                            frame.aliases.push(a.name.to_ascii_lowercase());
                        }
                    }
                    stack.push(frame);
                    for rc in &c.columns {
                        if let ast::ResultColumn::Expr { expr, .. } = rc {
                            self.corr_in_expr(expr, stack, ctes, mask);
                        }
                    }
                    if let Some(from) = &c.from {
                        for j in &from.joins {
                            if let Some(ast::JoinConstraint::On(e)) = &j.constraint {
                                self.corr_in_expr(e, stack, ctes, mask);
                            }
                        }
                    }
                    let rest = c.where_.iter().chain(&c.group_by).chain(c.having.iter());
                    for e in rest {
                        self.corr_in_expr(e, stack, ctes, mask);
                    }
                    last_frame = stack.pop().unwrap_or_default();
                }
            }
        }
        // ORDER BY and LIMIT see the (last) core's FROM and its aliases.
        stack.push(last_frame);
        for o in &sel.order_by {
            self.corr_in_expr(&o.expr, stack, ctes, mask);
        }
        if let Some(l) = &sel.limit {
            self.corr_in_expr(&l.limit, stack, ctes, mask);
            if let Some(o) = &l.offset {
                self.corr_in_expr(o, stack, ctes, mask);
            }
        }
        stack.pop();
        ctes.truncate(ctes_before);
    }

    /// Adds `from`'s items to `frame`; walks the subqueries and function arguments inside it
    /// (which see the enclosing frames, not their siblings).
    fn frame_of_from(
        &self,
        from: &ast::FromClause,
        frame: &mut Frame,
        stack: &mut Vec<Frame>,
        ctes: &mut Vec<String>,
        mask: &mut u64,
    ) {
        let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
        for item in items {
            match item {
                ast::TableOrSubquery::Table { name, alias, .. } => {
                    let table_name = name.name.name.to_ascii_lowercase();
                    let columns = if ctes.contains(&table_name) || self.is_cte(&table_name) {
                        None
                    } else {
                        self.lookup_table(name).map(|t| {
                            t.columns
                                .iter()
                                .map(|c| c.name.to_ascii_lowercase())
                                .collect()
                        })
                    };
                    let shown = alias.as_ref().map(|a| a.name.to_ascii_lowercase());
                    frame.sources.push(Local {
                        name: shown.unwrap_or(table_name),
                        columns,
                    });
                }
                ast::TableOrSubquery::Function {
                    name, args, alias, ..
                } => {
                    for a in args {
                        self.corr_in_expr(a, stack, ctes, mask);
                    }
                    let shown = alias.as_ref().map(|a| &a.name).unwrap_or(&name.name.name);
                    frame.sources.push(Local {
                        name: shown.to_ascii_lowercase(),
                        columns: None,
                    });
                }
                ast::TableOrSubquery::Subquery { select, alias, .. } => {
                    self.corr_in_select(select, stack, ctes, mask);
                    frame.sources.push(Local {
                        name: alias
                            .as_ref()
                            .map(|a| a.name.to_ascii_lowercase())
                            .unwrap_or_default(),
                        columns: None,
                    });
                }
                ast::TableOrSubquery::Nested { from, .. } => {
                    self.frame_of_from(from, frame, stack, ctes, mask);
                }
            }
        }
    }

    fn is_cte(&self, name: &str) -> bool {
        self.ctes
            .iter()
            .any(|f| f.keys().any(|k| k.eq_ignore_ascii_case(name)))
    }

    fn corr_in_expr(
        &self,
        e: &Expr,
        stack: &mut Vec<Frame>,
        ctes: &mut Vec<String>,
        mask: &mut u64,
    ) {
        let mut nested: Vec<&Expr> = Vec::new();
        walk(e, &mut |x| {
            match &x.kind {
                ExprKind::Column { table, column, .. } => {
                    let qual = table.as_ref().map(|t| t.name.as_str());
                    match settle(stack, qual, &column.name) {
                        Settled::Local => {}
                        Settled::Outside { maybe_local } => {
                            *mask |= self.outer_bit(qual, &column.name, maybe_local)
                        }
                    }
                }
                ExprKind::Exists(_)
                | ExprKind::Subquery(_)
                | ExprKind::InSelect { .. }
                | ExprKind::InTable { .. } => nested.push(x),
                _ => {}
            }
            true
        });
        for x in nested {
            match &x.kind {
                ExprKind::Exists(s)
                | ExprKind::Subquery(s)
                | ExprKind::InSelect { select: s, .. } => self.corr_in_select(s, stack, ctes, mask),
                ExprKind::InTable {
                    args: Some(args), ..
                } => {
                    for a in args {
                        self.corr_in_expr(a, stack, ctes, mask);
                    }
                }
                _ => {}
            }
        }
    }

    /// The bit of the innermost-scope source `qual.name` names outside the subquery.
    fn outer_bit(&self, qual: Option<&str>, name: &str, maybe_local: bool) -> u64 {
        let depth = self.scopes.len().saturating_sub(1);
        match lookup(&self.scopes, qual, name) {
            Ok(Some(cr)) if cr.depth == depth => 1u64 << cr.src.min(63),
            Ok(_) => 0,
            // Ambiguous outside: unless an unknown FROM item inside may hold it, say "all".
            Err(_) if maybe_local => 0,
            Err(_) => u64::MAX,
        }
    }
}

/// Where the subquery's SELECTs (innermost last in `stack`) settle `qual.name`.
fn settle(stack: &[Frame], qual: Option<&str>, name: &str) -> Settled {
    let name = name.to_ascii_lowercase();
    let mut maybe_local = false;
    for frame in stack.iter().rev() {
        match qual {
            Some(q) => {
                if frame.sources.iter().any(|s| s.name.eq_ignore_ascii_case(q)) {
                    return Settled::Local;
                }
            }
            None => {
                let rowid = matches!(name.as_str(), "rowid" | "oid" | "_rowid_");
                let known = frame.sources.iter().any(|s| {
                    s.columns
                        .as_ref()
                        .is_some_and(|c| rowid || c.contains(&name))
                });
                if known || frame.aliases.contains(&name) {
                    return Settled::Local;
                }
                maybe_local |= frame.sources.iter().any(|s| s.columns.is_none());
            }
        }
    }
    Settled::Outside { maybe_local }
}
