//! The cross-database check of views and triggers (lang_createview.html, lang_attach.html).
//!
//! A view or trigger stored in database D (not `temp`) may only name tables of D: its body is
//! re-read later by connections that may have attached other files under other names. So a
//! schema qualifier other than D's name anywhere in the body (FROM items, subqueries, CTEs,
//! `x IN db.t`) makes sqlite3 refuse it with "view v cannot reference objects in database X"
//! ("trigger tr ..."), whether or not the object exists. TEMP views and triggers may name any
//! database. This walk finds the first such qualifier, in the order sqlite3 reports it.

use crate::parser::ast::{self, Expr, ExprKind};

use super::select::walk_pub;

/// The first schema qualifier in `sel` that is not `own` (case-insensitive).
pub(crate) fn foreign_db_in_select(sel: &ast::Select, own: &str) -> Option<String> {
    let mut found = None;
    select(sel, own, &mut found);
    found
}

/// Like [`foreign_db_in_select`], over a trigger's WHEN clause and body statements.
pub(crate) fn foreign_db_in_trigger(ct: &ast::CreateTrigger, own: &str) -> Option<String> {
    let mut found = None;
    if let Some(w) = &ct.when {
        expr(w, own, &mut found);
    }
    for stmt in &ct.body {
        match stmt {
            ast::Stmt::Select(s) => select(s, own, &mut found),
            ast::Stmt::Insert(i) => {
                with(&i.with, own, &mut found);
                if let ast::InsertSource::Select(s) = &i.source {
                    select(s, own, &mut found);
                }
                for u in &i.upsert {
                    if let ast::UpsertAction::Update { sets, where_ } = &u.action {
                        for a in sets {
                            expr(&a.expr, own, &mut found);
                        }
                        if let Some(w) = where_ {
                            expr(w, own, &mut found);
                        }
                    }
                }
            }
            ast::Stmt::Update(u) => {
                with(&u.with, own, &mut found);
                for a in &u.sets {
                    expr(&a.expr, own, &mut found);
                }
                if let Some(f) = &u.from {
                    from(f, own, &mut found);
                }
                if let Some(w) = &u.where_ {
                    expr(w, own, &mut found);
                }
            }
            ast::Stmt::Delete(d) => {
                with(&d.with, own, &mut found);
                if let Some(w) = &d.where_ {
                    expr(w, own, &mut found);
                }
            }
            _ => {}
        }
    }
    found
}

fn check(schema: &Option<ast::Ident>, own: &str, found: &mut Option<String>) {
    if let Some(s) = schema {
        if found.is_none() && !s.name.eq_ignore_ascii_case(own) {
            *found = Some(s.name.clone());
        }
    }
}

fn with(w: &Option<ast::With>, own: &str, found: &mut Option<String>) {
    if let Some(w) = w {
        for c in &w.ctes {
            select(&c.select, own, found);
        }
    }
}

fn select(sel: &ast::Select, own: &str, found: &mut Option<String>) {
    with(&sel.with, own, found);
    let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|c| &c.1));
    for core in cores {
        match core {
            ast::SelectCore::Values { rows, .. } => {
                for e in rows.iter().flatten() {
                    expr(e, own, found);
                }
            }
            ast::SelectCore::Select(c) => {
                if let Some(f) = &c.from {
                    from(f, own, found);
                }
                for rc in &c.columns {
                    if let ast::ResultColumn::Expr { expr: e, .. } = rc {
                        expr(e, own, found);
                    }
                }
                for e in c.where_.iter().chain(&c.group_by).chain(c.having.iter()) {
                    expr(e, own, found);
                }
            }
        }
    }
    for o in &sel.order_by {
        expr(&o.expr, own, found);
    }
}

fn from(f: &ast::FromClause, own: &str, found: &mut Option<String>) {
    let items = std::iter::once(&f.first).chain(f.joins.iter().map(|j| &j.table));
    for item in items {
        match item {
            ast::TableOrSubquery::Table { name, .. } => check(&name.schema, own, found),
            ast::TableOrSubquery::Function { name, args, .. } => {
                check(&name.schema, own, found);
                for a in args {
                    expr(a, own, found);
                }
            }
            ast::TableOrSubquery::Subquery { select: s, .. } => select(s, own, found),
            ast::TableOrSubquery::Nested { from: inner, .. } => from(inner, own, found),
        }
    }
    for j in &f.joins {
        if let Some(ast::JoinConstraint::On(e)) = &j.constraint {
            expr(e, own, found);
        }
    }
}

fn expr(e: &Expr, own: &str, found: &mut Option<String>) {
    let mut nested: Vec<&Expr> = Vec::new();
    walk_pub(e, &mut |x| {
        if matches!(
            x.kind,
            ExprKind::Exists(_)
                | ExprKind::Subquery(_)
                | ExprKind::InSelect { .. }
                | ExprKind::InTable { .. }
        ) {
            nested.push(x);
        }
        true
    });
    for x in nested {
        match &x.kind {
            ExprKind::Exists(s) | ExprKind::Subquery(s) | ExprKind::InSelect { select: s, .. } => {
                select(s, own, found)
            }
            ExprKind::InTable { table, args, .. } => {
                check(&table.schema, own, found);
                for a in args.iter().flatten() {
                    expr(a, own, found);
                }
            }
            _ => {}
        }
    }
}
