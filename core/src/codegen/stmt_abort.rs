//! The parts of "may this INSERT abort part-way" (`stmt_journal.rs`) that come from outside
//! the target table's own constraints: function calls, triggers, foreign keys.
//!
//! Observed with sqlite3 3.40.1 (`BEGIN; INSERT OR IGNORE INTO t(id, x) VALUES(4, ...),
//! ('x', 1);` then whether row 4 survived the `datatype mismatch`; pinned by
//! `tests/difftest/tests/wrorder.rs`):
//!
//! - A call of an SQL function anywhere in the statement (VALUES, the SELECT, RETURNING,
//!   an upsert's SET or WHERE, a subquery; LIKE and GLOB count as calls) or in the schema
//!   expressions it evaluates (CHECK, DEFAULT, indexed expressions, partial-index WHERE)
//!   makes the statement able to abort. Functions sqlite3 codes inline (`coalesce`, `ifnull`, `iif`, `likely`,
//!   `unlikely`, `likelihood`) and aggregates do not.
//! - A trigger that does not fire for the INSERT does not count (a REPLACE fires no DELETE
//!   trigger: `recursive_triggers` is off). Under OR IGNORE, OR FAIL, OR ROLLBACK and OR
//!   REPLACE (which override the conflict handling of the trigger bodies) a fired
//!   trigger counts only when its WHEN or body calls a function, raises ABORT, writes a
//!   table with triggers or foreign keys, or holds an upsert DO UPDATE (RAISE(ROLLBACK) and
//!   DO NOTHING do not count).
//! - With foreign keys on, a table with foreign keys counts; a table that is only a parent
//!   counts only when a REPLACE may delete one of its rows.

use crate::parser::ast::{self, ConflictResolution as Cr, ExprKind, RaiseAction, Stmt};
use crate::schema::Table;

use super::functions::FuncKind;
use super::select::{select_exprs_pub, walk_pub};
use super::trigger::{fires_for, Event};
use super::Compiler;

/// Functions sqlite3 codes inline rather than as a call.
const INLINE: &[&str] = &[
    "coalesce",
    "ifnull",
    "iif",
    "likely",
    "unlikely",
    "likelihood",
];

impl Compiler<'_> {
    /// Whether an expression of INSERT `ins` calls an SQL function.
    pub(crate) fn insert_calls_function(&self, t: &Table, ins: &ast::Insert) -> bool {
        let mut found = false;
        let mut check = |e: &ast::Expr| found |= self.expr_calls_function(e);
        if let ast::InsertSource::Select(sel) = &ins.source {
            select_exprs_pub(sel, &mut check);
        }
        for rc in &ins.returning {
            if let ast::ResultColumn::Expr { expr, .. } = rc {
                check(expr);
            }
        }
        for up in &ins.upsert {
            if let ast::UpsertAction::Update { sets, where_ } = &up.action {
                sets.iter().for_each(|s| check(&s.expr));
                where_.iter().for_each(&mut check);
            }
        }
        found || self.table_calls_function(t, ins)
    }

    /// Whether the schema expressions an INSERT into `t` evaluates call an SQL function:
    /// CHECK constraints, DEFAULTs of columns it does not name, indexed expressions and
    /// partial-index WHEREs.
    fn table_calls_function(&self, t: &Table, ins: &ast::Insert) -> bool {
        let named = |i: usize| {
            !matches!(ins.source, ast::InsertSource::DefaultValues)
                && (ins.columns.is_empty()
                    || ins
                        .columns
                        .iter()
                        .any(|c| c.name.eq_ignore_ascii_case(&t.columns[i].name)))
        };
        let defaults = t.columns.iter().enumerate().any(|(i, c)| {
            !named(i)
                && c.default
                    .as_ref()
                    .is_some_and(|d| self.expr_calls_function(d))
        });
        let checks = t.checks.iter().any(|c| self.expr_calls_function(&c.expr));
        let indexes = self.indexes_of(t).iter().any(|ix| {
            ix.partial
                .as_ref()
                .is_some_and(|w| self.expr_calls_function(w))
                || ix.columns.iter().any(|ic| match &ic.expr {
                    crate::schema::IndexedExpr::Expr(e) => self.expr_calls_function(e),
                    crate::schema::IndexedExpr::Column(_) => false,
                })
        });
        defaults || checks || indexes
    }

    /// Whether `e` (subqueries included) calls an SQL function.
    fn expr_calls_function(&self, e: &ast::Expr) -> bool {
        let mut found = false;
        walk_pub(e, &mut |x| {
            match &x.kind {
                ExprKind::Like { .. } => found = true,
                ExprKind::Function(f) => {
                    let name = f.name.name.to_ascii_lowercase();
                    let aggregate = f.over.is_none()
                        && matches!(self.function_kind(f), Ok(FuncKind::Aggregate));
                    if !aggregate && !INLINE.contains(&name.as_str()) {
                        found = true;
                    }
                }
                ExprKind::Exists(s)
                | ExprKind::Subquery(s)
                | ExprKind::InSelect { select: s, .. } => {
                    select_exprs_pub(s, &mut |y| found |= self.expr_calls_function(y));
                }
                _ => {}
            }
            !found
        });
        found
    }

    /// Whether the triggers INSERT `ins` into `t` fires may abort it part-way.
    pub(crate) fn insert_triggers_may_abort(&self, t: &Table, ins: &ast::Insert) -> bool {
        let triggers = self.triggers_of(t);
        if !matches!(
            ins.or_conflict,
            Some(Cr::Ignore | Cr::Fail | Cr::Rollback | Cr::Replace)
        ) {
            return !triggers.is_empty();
        }
        triggers
            .iter()
            .filter(|tr| fires_for(t, &tr.def, Event::Insert, &[]))
            .any(|tr| self.trigger_may_abort(&tr.def))
    }

    /// Whether a fired trigger's WHEN or body may abort, its conflicts being overridden by
    /// a non-aborting resolution.
    fn trigger_may_abort(&self, def: &ast::CreateTrigger) -> bool {
        let raises = |e: &ast::Expr| {
            let mut found = false;
            walk_pub(e, &mut |x| {
                if let ExprKind::Raise { action, .. } = &x.kind {
                    found |= *action == RaiseAction::Abort;
                }
                !found
            });
            found
        };
        let risky = |e: &ast::Expr| raises(e) || self.expr_calls_function(e);
        if def.when.as_ref().is_some_and(risky) {
            return true;
        }
        def.body.iter().any(|st| {
            let mut found = false;
            let mut check = |e: &ast::Expr| found |= risky(e);
            let target = match st {
                Stmt::Select(sel) => {
                    select_exprs_pub(sel, &mut check);
                    None
                }
                Stmt::Insert(ins) => {
                    if ins
                        .upsert
                        .iter()
                        .any(|u| matches!(u.action, ast::UpsertAction::Update { .. }))
                    {
                        return true;
                    }
                    if let ast::InsertSource::Select(sel) = &ins.source {
                        select_exprs_pub(sel, &mut check);
                    }
                    Some(&ins.table)
                }
                Stmt::Update(u) => {
                    u.sets.iter().for_each(|s| check(&s.expr));
                    u.where_.iter().for_each(&mut check);
                    if u.from.is_some() {
                        return true;
                    }
                    Some(&u.table)
                }
                Stmt::Delete(d) => {
                    d.where_.iter().for_each(&mut check);
                    Some(&d.table)
                }
                _ => return true,
            };
            found || target.is_some_and(|name| self.target_may_abort(name))
        })
    }

    /// Whether writing table `name` from a trigger body may abort through its own triggers
    /// or foreign keys (an unknown table counts).
    fn target_may_abort(&self, name: &ast::QualifiedName) -> bool {
        let Some(t) = self.lookup_table(name) else {
            return true;
        };
        let all: Vec<usize> = (0..t.columns.len()).collect();
        !self.triggers_of(&t).is_empty()
            || (self.fk.enabled && self.fk_update_touches(&t, &all, true))
    }

    /// Whether foreign-key work of INSERT `ins` into `t` may abort it part-way.
    pub(crate) fn insert_fk_may_abort(&self, t: &Table, ins: &ast::Insert) -> bool {
        if !self.fk.enabled {
            return false;
        }
        if !t.foreign_keys.is_empty() {
            return true;
        }
        let replaces = match ins.or_conflict {
            Some(or) => or == Cr::Replace,
            None => self
                .unique_checks_of(t, ins)
                .iter()
                .any(|(_, declared)| *declared == Some(Cr::Replace)),
        };
        let all: Vec<usize> = (0..t.columns.len()).collect();
        replaces && self.fk_update_touches(t, &all, true)
    }
}
