//! Triggers (lang_createtrigger.html): bodies are compiled inline at each firing point, with
//! `OLD` and `NEW` as register-backed row sources. A trigger does not fire again while its own
//! body is being compiled (SQLite's default, `recursive_triggers` off). Changes made by a
//! trigger body do not count in `changes()`.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::parser::ast::{self, Expr, ExprKind, RaiseAction};
use crate::planner::resolve::{Scope, Source};
use crate::schema::Table;
use crate::vdbe::insn::{Insn, OnError, Reg};

use super::builder::Label;
use super::Compiler;

/// Which statement fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Insert,
    Update,
    Delete,
}

/// Whether trigger `def` on `t` is for `event` (an UPDATE OF trigger only when one of its
/// columns is in `changed`).
pub(crate) fn fires_for(
    t: &Table,
    def: &ast::CreateTrigger,
    event: Event,
    changed: &[usize],
) -> bool {
    match (&def.event, event) {
        (ast::TriggerEvent::Insert, Event::Insert) => true,
        (ast::TriggerEvent::Delete, Event::Delete) => true,
        (ast::TriggerEvent::Update(cols), Event::Update) => {
            cols.is_empty()
                || cols.iter().any(|c| {
                    t.column_index(&c.name)
                        .is_some_and(|i| changed.contains(&i))
                })
        }
        _ => false,
    }
}

impl Compiler<'_> {
    /// Emits the bodies of the `before` (or AFTER) triggers of `t` for `event`. `old`/`new`
    /// are (rowid register, first column register); `changed` the columns an UPDATE sets.
    /// RAISE(IGNORE) jumps to `skip` (the end of this row's processing).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fire_triggers(
        &mut self,
        t: &Arc<Table>,
        event: Event,
        before: bool,
        old: Option<(Reg, Reg)>,
        new: Option<(Reg, Reg)>,
        changed: &[usize],
        skip: Label,
    ) -> Result<()> {
        let when = |time: ast::TriggerTime| {
            let is_before = matches!(time, ast::TriggerTime::Before | ast::TriggerTime::Default);
            is_before == before && time != ast::TriggerTime::InsteadOf
        };
        self.fire_when(t, event, when, old, new, changed, skip)
    }

    /// Emits the bodies of `t`'s triggers whose time satisfies `when` and whose event is
    /// `event` (an UPDATE OF trigger only when one of its columns is in `changed`), in
    /// [`Self::triggers_of`]'s order, skipping a trigger already being compiled.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fire_when(
        &mut self,
        t: &Arc<Table>,
        event: Event,
        when: impl Fn(ast::TriggerTime) -> bool,
        old: Option<(Reg, Reg)>,
        new: Option<(Reg, Reg)>,
        changed: &[usize],
        skip: Label,
    ) -> Result<()> {
        for tr in self.triggers_of(t) {
            let def = &tr.def;
            if !when(def.time) {
                continue;
            }
            if !fires_for(t, def, event, changed)
                || self.trigger_stack.iter().any(|n| n == &tr.name)
            {
                continue;
            }
            self.trigger_stack.push(tr.name.clone());
            let id = self.trigger_key(&tr.name);
            // A program met again is reused: it starts nothing (fk_setnull.rs).
            let reused = self.programs.seen(&id).then(|| self.programs.last());
            self.programs.start(&id);
            let r = self.trigger_body(t, tr, old, new, skip);
            self.trigger_stack.pop();
            if let Some(last) = reused {
                self.programs.set_last(last);
            }
            r?;
        }
        Ok(())
    }

    pub(crate) fn trigger_body(
        &mut self,
        t: &Arc<Table>,
        tr: &crate::schema::Trigger,
        old: Option<(Reg, Reg)>,
        new: Option<(Reg, Reg)>,
        skip: Label,
    ) -> Result<()> {
        let mut scope = Scope::default();
        for (name, regs) in [("old", old), ("new", new)] {
            if let Some(r) = regs {
                // OLD.x / NEW.x compare without the column's affinity, bar the INTEGER
                // PRIMARY KEY's (tests/difftest/tests/counts.rs).
                let mut s = Source::from_table(t.clone(), Some(name), 0).in_registers(r, true);
                for c in &mut s.columns {
                    // OLD/NEW columns must be qualified.
                    c.using_dup = true;
                }
                scope.sources.push(s);
            }
        }
        // Statement-level state of the firing statement is put aside.
        let saved = (
            self.returning.take(),
            self.upsert.take(),
            self.autoinc.take(),
            std::mem::take(&mut self.ctes),
            self.insert_rowid_fresh,
        );
        let saved_sql = self.sql;
        self.sql = self.trigger_sql(&tr.name);
        let outer_schema = self.schema;
        self.schema = self.object_scope(tr.db);
        self.scopes.push(scope);
        self.agg.push(None);
        self.in_trigger += 1;
        // sqlite3's plan shows the statement, not its trigger programs.
        let plan_rows = self.query_plan.len();
        let done = self.b.label();
        let r = (|| {
            if let Some(w) = &tr.def.when {
                self.jump_if_false(w, done, true)?;
            }
            for stmt in &tr.def.body {
                self.raise_target = Some(skip);
                match stmt {
                    ast::Stmt::Insert(i) => self.counted_stmt(|c| c.insert(i))?,
                    ast::Stmt::Update(u) => self.counted_stmt(|c| c.update(u))?,
                    ast::Stmt::Delete(d) => self.counted_stmt(|c| c.delete(d))?,
                    ast::Stmt::Select(s) => {
                        // Rows of a SELECT in a trigger are discarded; RAISE() may fire.
                        let sink = self.b.alloc_cursor();
                        self.b.emit(Insn::OpenEphemeral {
                            cursor: sink,
                            n_columns: 0,
                            key_info: None,
                        });
                        self.select(s, &super::select::Dest::Table { cursor: sink }, 0)?;
                    }
                    _ => return Err(Error::sql("unsupported statement in trigger body")),
                }
            }
            Ok(())
        })();
        self.b.bind(done);
        self.query_plan.truncate(plan_rows);
        self.in_trigger -= 1;
        self.raise_target = None;
        self.scopes.pop();
        self.agg.pop();
        self.sql = saved_sql;
        self.schema = outer_schema;
        self.returning = saved.0;
        self.upsert = saved.1;
        self.autoinc = saved.2;
        self.ctes = saved.3;
        self.insert_rowid_fresh = saved.4;
        r
    }

    /// `RAISE(...)` inside a trigger body.
    pub(crate) fn raise(&mut self, e: &Expr, target: Reg) -> Result<()> {
        let ExprKind::Raise { action, message } = &e.kind else {
            return Ok(());
        };
        let Some(skip) = self.raise_target.filter(|_| self.in_trigger > 0) else {
            return Err(Error::sql(
                "RAISE() may only be used within a trigger-program",
            ));
        };
        let on_error = match action {
            RaiseAction::Ignore => {
                self.b.emit(Insn::Goto { target: skip });
                self.b.emit(Insn::Null {
                    dest: target,
                    dest_end: target,
                });
                return Ok(());
            }
            RaiseAction::Rollback => OnError::Rollback,
            RaiseAction::Abort => OnError::Abort,
            RaiseAction::Fail => OnError::Fail,
        };
        self.b.emit(Insn::Halt {
            code: codes::SQLITE_CONSTRAINT_TRIGGER,
            on_error,
            message: Some(message.clone().unwrap_or_default()),
        });
        self.b.emit(Insn::Null {
            dest: target,
            dest_end: target,
        });
        Ok(())
    }
}
