//! [`Statement`]: one compiled SQL statement and its execution state.

use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::value::Value;
use crate::vdbe::exec::{RunState, StepOutcome, Vm};
use crate::vdbe::exec_io::{IoMode, IoWait};
use crate::vdbe::insn::{Insn, OnError};
use crate::vdbe::Program;

use super::connection::Shared;

/// What one call of [`Statement::step`] produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    /// A result row is ready: read it with `column_*`.
    Row,
    /// The statement has finished; `reset` runs it again.
    Done,
}

/// How a step may do I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepIo {
    /// The sync API: reads, writes and lock waits happen here.
    Blocking,
    /// The async API on the caller's thread: never block, report what to wait for.
    Async,
    /// The async API on the I/O worker: the next blocking instruction, a schema reload and
    /// the end of the run may block; page misses are still reported.
    Worker,
}

impl StepIo {
    fn mode(self) -> IoMode {
        match self {
            StepIo::Blocking => IoMode::Blocking,
            StepIo::Async => IoMode::Async {
                allow_blocking: false,
            },
            StepIo::Worker => IoMode::Async {
                allow_blocking: true,
            },
        }
    }
}

/// What [`Statement::step_with`] produced.
pub(crate) enum Stepped {
    Row,
    Done,
    /// Wait for this, then step again.
    Wait(IoWait),
}

impl From<StepResult> for Stepped {
    fn from(r: StepResult) -> Stepped {
        match r {
            StepResult::Row => Stepped::Row,
            StepResult::Done => Stepped::Done,
        }
    }
}

/// Work of a step that was left for a place where blocking is allowed.
enum Unfinished {
    /// The run ended (Done or error) and must still be committed or undone.
    End(Result<StepOutcome>),
    /// The schema changed (SQLITE_SCHEMA): reload, recompile and run again.
    Retry(Error),
}

/// A prepared statement (`sqlite3_stmt`). Keeps its connection alive.
pub struct Statement {
    conn: Arc<Shared>,
    prog: Arc<Program>,
    vm: Vm,
    sql: String,
    /// True when the program counts changes (INSERT/UPDATE/DELETE).
    counts_changes: bool,
    /// EXPLAIN: next instruction/plan row to output.
    explain_pos: usize,
    explain_row: Vec<Value>,
    /// Left for the worker by an async step (see [`StepIo`]).
    unfinished: Option<Unfinished>,
    /// A page load for this statement failed; the next step fails the run with it.
    io_error: Option<Error>,
}

const EXPLAIN_COLUMNS: [&str; 8] = ["addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"];
const EQP_COLUMNS: [&str; 4] = ["id", "parent", "notused", "detail"];

impl Statement {
    pub(crate) fn new(conn: Arc<Shared>, prog: Program, sql: String) -> Statement {
        let counts_changes = prog.insns.iter().any(|i| match i {
            Insn::Insert { flags, .. } | Insn::Delete { flags, .. } => {
                flags.nchange || flags.ntotal
            }
            Insn::CountChange { .. } => true,
            _ => false,
        });
        let prog = Arc::new(prog);
        Statement {
            vm: Vm::new(prog.clone()),
            conn,
            prog,
            sql,
            counts_changes,
            explain_pos: 0,
            explain_row: Vec::new(),
            unfinished: None,
            io_error: None,
        }
    }

    /// Runs to the next result row, or to the end.
    pub fn step(&mut self) -> Result<StepResult> {
        loop {
            match self.step_with(StepIo::Blocking)? {
                Stepped::Row => return Ok(StepResult::Row),
                Stepped::Done => return Ok(StepResult::Done),
                // Not produced in blocking mode (the pager reads inside the instruction);
                // handled for completeness: load, then resume.
                Stepped::Wait(IoWait::Page { pager, pgno }) => {
                    if let Err(e) = pager.load(pgno) {
                        self.io_failed(e);
                    }
                }
                Stepped::Wait(IoWait::Job) => {
                    return Err(Error::new(codes::SQLITE_INTERNAL, "unexpected I/O wait"))
                }
            }
        }
    }

    /// One step under an I/O policy (the sync API uses [`StepIo::Blocking`]; the async API,
    /// `api::asynchronous`, the other two). In [`StepIo::Async`] nothing here blocks: a page
    /// miss, a blocking instruction, a busy connection lock, a schema reload or the end of a
    /// run that must commit/roll back comes back as [`Stepped::Wait`], and the caller steps
    /// again after the wait (with [`StepIo::Worker`] for [`IoWait::Job`]).
    pub(crate) fn step_with(&mut self, io: StepIo) -> Result<Stepped> {
        if self.prog.explain != 0 {
            return self.step_explain().map(Stepped::from);
        }
        let conn = self.conn.clone();
        if let Some(u) = self.unfinished.take() {
            if io == StepIo::Async {
                self.unfinished = Some(u);
                return Ok(Stepped::Wait(IoWait::Job));
            }
            let mut st = conn.lock()?;
            return match u {
                Unfinished::End(end) => self.finish(&mut st, end),
                Unfinished::Retry(e) => self.run_vm(&mut st, io, Some(e)),
            };
        }
        if self.vm.state == RunState::Halted {
            // sqlite3_step after SQLITE_DONE or an error resets and runs again (autoreset).
            self.reset();
        }
        let mut st = if io == StepIo::Async {
            match conn.try_lock()? {
                Some(st) => st,
                // Another statement of this connection holds it (a job on the worker).
                None => return Ok(Stepped::Wait(IoWait::Job)),
            }
        } else {
            conn.lock()?
        };
        if self.vm.state == RunState::Ready {
            self.vm.status.run += 1;
        }
        if self.vm.state == RunState::Ready && st.n_active == 0 {
            st.interrupt
                .store(false, std::sync::atomic::Ordering::SeqCst);
        }
        let first = self.io_error.take();
        if first.is_some() {
            self.vm.state = RunState::Halted;
        }
        self.run_vm(&mut st, io, first)
    }

    /// Runs the VM (or starts from `failed`), with the SQLITE_SCHEMA retry and application
    /// function calls, and ends the run when it finished.
    fn run_vm(
        &mut self,
        st: &mut super::connection::StateGuard<'_>,
        io: StepIo,
        failed: Option<Error>,
    ) -> Result<Stepped> {
        self.vm.io = io.mode();
        if io != StepIo::Blocking {
            crate::pager::pending::take_miss(); // none should be left; never act on a stale one
        }
        let mut r = match failed {
            Some(e) => Err(e),
            None => self.vm.step(st),
        };
        let mut retries = 0;
        while let Err(e) = &r {
            if e.code() != codes::SQLITE_SCHEMA || retries >= 3 || !self.vm.row.is_empty() {
                break;
            }
            if io == StepIo::Async {
                // Reloading the schema reads pages and takes locks: on the worker.
                let Err(e) = r else { break };
                self.unfinished = Some(Unfinished::Retry(e));
                return Ok(Stepped::Wait(IoWait::Job));
            }
            retries += 1;
            // The schema changed under us: end this run, reload, recompile, run again.
            let _ = self.end_run(st, true);
            if let Err(e2) = self.recompile(st) {
                r = Err(e2);
                break;
            }
            self.vm.io = io.mode();
            r = self.vm.step(st);
        }
        // Application functions run with the connection unlocked, so they may use it.
        while let Ok(StepOutcome::Call) = r {
            let Some(call) = self.vm.pending_call.take() else {
                r = Err(Error::new(
                    codes::SQLITE_INTERNAL,
                    "lost a pending function call",
                ));
                break;
            };
            let done = super::connection::StateGuard::unlocked(st, || call.run())?;
            r = self.vm.finish_call(done).and_then(|()| self.vm.step(st));
        }
        match r {
            Ok(StepOutcome::Row) => Ok(Stepped::Row),
            Ok(StepOutcome::Call) => Err(Error::new(codes::SQLITE_INTERNAL, "unexpected call")),
            Ok(StepOutcome::Pending) => match self.vm.pending_io.take() {
                Some(w) => Ok(Stepped::Wait(w)),
                None => Err(Error::new(codes::SQLITE_INTERNAL, "lost an I/O wait")),
            },
            end => {
                if io == StepIo::Async && (self.vm.active || self.vm.stmt_savepoint.is_some()) {
                    // Ending the run commits, rolls back or unlocks: on the worker.
                    self.unfinished = Some(Unfinished::End(end));
                    return Ok(Stepped::Wait(IoWait::Job));
                }
                self.finish(st, end)
            }
        }
    }

    /// Ends a run that reached Done or failed: commit or undo, count changes.
    fn finish(
        &mut self,
        st: &mut crate::connection::ConnState,
        end: Result<StepOutcome>,
    ) -> Result<Stepped> {
        match end {
            Ok(_) => {
                self.vm.row.clear();
                self.end_run(st, true)?;
                if self.counts_changes {
                    st.changes = self.vm.n_change;
                    st.total_changes += self.vm.n_change + self.vm.n_total;
                }
                Ok(Stepped::Done)
            }
            Err(e) => {
                self.vm.row.clear();
                let e = self.fk_before_fail(st, e);
                self.fail(st, &e);
                Err(e)
            }
        }
    }

    /// A constraint failing under OR FAIL ends the statement, but SQLite still checks its
    /// foreign keys first: pending violations turn the failure into "FOREIGN KEY constraint
    /// failed", which undoes the statement (ABORT).
    fn fk_before_fail(&mut self, st: &crate::connection::ConnState, e: Error) -> Error {
        if e.code() != codes::SQLITE_CONSTRAINT || self.vm.fail_mode != OnError::Fail {
            return e;
        }
        match self.vm.check_fk_at_end(st) {
            Err(fk) => fk,
            Ok(()) => e,
        }
    }

    /// Instructions the VM completed in async mode (changes when the run made progress).
    pub(crate) fn io_progress(&self) -> u64 {
        self.vm.io_progress
    }

    /// A page load for this statement failed: the next step ends the run with `e`.
    pub(crate) fn io_failed(&mut self, e: Error) {
        self.io_error = Some(e);
    }

    /// Reloads the schema and compiles the statement again, keeping its bindings.
    fn recompile(&mut self, st: &mut crate::connection::ConnState) -> Result<()> {
        st.load_schema()?;
        let (prog, _) = super::prepare::compile_first(st, &self.sql)?;
        let prog = prog.ok_or_else(Error::misuse)?;
        let bindings = std::mem::take(&mut self.vm.bindings);
        let pointers = std::mem::take(&mut self.vm.bound_pointers);
        let prog = Arc::new(prog);
        let mut status = std::mem::take(&mut self.vm.status);
        // As SQLite: the recompiled statement starts a new run.
        status.reprepare += 1;
        status.run += 1;
        self.vm = Vm::new(prog.clone());
        self.vm.status = status;
        self.vm.bound_pointers = pointers;
        for (slot, v) in self.vm.bindings.iter_mut().zip(bindings) {
            *slot = v;
        }
        self.prog = prog;
        Ok(())
    }

    /// Ends a run: releases (or undoes) its statement savepoint and lets the connection
    /// commit or roll back in autocommit mode.
    fn end_run(&mut self, st: &mut crate::connection::ConnState, ok: bool) -> Result<()> {
        if let Some(d) = self.vm.stmt_savepoint.take() {
            let _ = st.end_statement_savepoint(d, !ok);
        }
        if self.vm.active {
            self.vm.active = false;
            let wrote = std::mem::take(&mut self.vm.writing);
            st.statement_end(ok, wrote)?;
        }
        Ok(())
    }

    /// Undoes a failed run as its error's conflict mode says.
    fn fail(&mut self, st: &mut crate::connection::ConnState, e: &Error) {
        let constraint = e.code() == codes::SQLITE_CONSTRAINT;
        if constraint && self.vm.fail_mode == OnError::Fail {
            let _ = self.end_run(st, true);
            if self.counts_changes {
                st.changes = self.vm.n_change;
                st.total_changes += self.vm.n_change + self.vm.n_total;
            }
            return;
        }
        if self.counts_changes {
            // An undone statement changed nothing (SQLite sets changes() to 0), but the rows
            // its trigger bodies and FK actions wrote stay counted in total_changes().
            st.changes = 0;
            st.total_changes += self.vm.n_total;
        }
        if !st.autocommit && !self.prog.no_stmt_journal {
            // The statement's deferred foreign-key violations are undone with it; without a
            // statement journal its rows stay, and so do their violations (seed 2637).
            st.fk_deferred = self.vm.fk_deferred_start;
        }
        if constraint && self.vm.fail_mode == OnError::Rollback && !st.autocommit {
            self.vm.stmt_savepoint = None;
            st.rollback();
            st.autocommit = true;
        }
        let _ = self.end_run(st, false);
    }

    fn step_explain(&mut self) -> Result<StepResult> {
        drop(self.conn.lock()?);
        if self.prog.explain == 2 {
            let Some((id, parent, detail)) = self.prog.query_plan.get(self.explain_pos) else {
                return Ok(StepResult::Done);
            };
            self.explain_row = vec![
                Value::Integer(*id),
                Value::Integer(*parent),
                Value::Integer(0),
                Value::Text(detail.clone()),
            ];
        } else {
            let Some(insn) = self.prog.insns.get(self.explain_pos) else {
                return Ok(StepResult::Done);
            };
            self.explain_row = crate::vdbe::explain::explain_row(self.explain_pos, insn);
        }
        self.explain_pos += 1;
        Ok(StepResult::Row)
    }

    /// Rewinds so the next `step` starts over; keeps bindings.
    pub fn reset(&mut self) {
        self.explain_pos = 0;
        if self.vm.state == RunState::Ready {
            return;
        }
        let conn = self.conn.clone();
        let Ok(mut st) = conn.lock_any() else {
            self.vm.reset_state();
            return;
        };
        self.io_error = None;
        match self.unfinished.take() {
            Some(Unfinished::End(end)) => {
                let _ = self.finish(&mut st, end);
            }
            Some(Unfinished::Retry(_)) | None => {}
        }
        let _ = self.end_run(&mut st, true);
        drop(st);
        self.vm.reset_state();
    }

    /// `sqlite3_stmt_status(op)`: the statement's counter `op` (SQLITE_STMTSTATUS_*
    /// numbering; see `vdbe::status`), set back to 0 afterwards when `reset`.
    pub fn status(&mut self, op: i32, reset: bool) -> u64 {
        if op == 99 {
            // SQLITE_STMTSTATUS_MEMUSED: an estimate of the program, registers and text.
            let insns = self.prog.insns.len() * std::mem::size_of::<Insn>();
            let regs = self.vm.regs.len() * std::mem::size_of::<Value>();
            return (insns + regs + self.sql.len() + std::mem::size_of::<Statement>()) as u64;
        }
        let v = self.vm.status.get(op);
        if reset {
            self.vm.status.reset(op);
        }
        v
    }

    /// Sets every parameter back to NULL.
    pub fn clear_bindings(&mut self) {
        for b in &mut self.vm.bindings {
            *b = Value::Null;
        }
        self.vm.unbind_pointer(0);
    }

    /// Binds parameter `index` to a pointer value (`sqlite3_bind_pointer`): SQL NULL that
    /// carries `p` for functions that ask for it by type.
    pub fn bind_pointer(&mut self, index: usize, p: crate::func::Pointer) -> Result<()> {
        self.bind(index, Value::Null)?;
        self.vm.bind_pointer(index, p);
        Ok(())
    }

    /// Binds parameter `index` (1-based, as `sqlite3_bind_*`). `SQLITE_RANGE` when out of range.
    pub fn bind(&mut self, index: usize, value: Value) -> Result<()> {
        if self.vm.state == RunState::Running {
            return Err(Error::misuse());
        }
        match index
            .checked_sub(1)
            .and_then(|i| self.vm.bindings.get_mut(i))
        {
            Some(slot) => {
                *slot = value;
                self.vm.unbind_pointer(index);
                Ok(())
            }
            None => Err(Error::from_code(codes::SQLITE_RANGE)),
        }
    }

    /// Number of parameters: the largest parameter index used.
    pub fn bind_parameter_count(&self) -> usize {
        self.prog.params.len()
    }

    /// The name of parameter `index` including its prefix (`:a`, `@a`, `$a`, `?5`), or None for
    /// a nameless `?`.
    pub fn bind_parameter_name(&self, index: usize) -> Option<&str> {
        self.prog
            .params
            .get(index.checked_sub(1)?)
            .and_then(|p| p.as_deref())
    }

    /// The index of the parameter called `name` (with its prefix), if any.
    pub fn bind_parameter_index(&self, name: &str) -> Option<usize> {
        self.prog
            .params
            .iter()
            .position(|p| p.as_deref() == Some(name))
            .map(|i| i + 1)
    }

    /// Columns in each result row (0 for statements that return none).
    pub fn column_count(&self) -> usize {
        match self.prog.explain {
            1 => EXPLAIN_COLUMNS.len(),
            2 => EQP_COLUMNS.len(),
            _ => self.prog.column_names.len(),
        }
    }

    /// The column's name as SQLite names it (alias, else the column name, else the expression
    /// text).
    pub fn column_name(&self, index: usize) -> &str {
        match self.prog.explain {
            1 => EXPLAIN_COLUMNS.get(index).copied().unwrap_or(""),
            2 => EQP_COLUMNS.get(index).copied().unwrap_or(""),
            _ => self.prog.column_names.get(index).map_or("", String::as_str),
        }
    }

    /// The declared type of a result column that is a table column, as written in CREATE TABLE.
    pub fn column_decltype(&self, index: usize) -> Option<&str> {
        if self.prog.explain != 0 {
            return None;
        }
        self.prog.column_decltypes.get(index)?.as_deref()
    }

    /// Origin of a result column that is a table column: (database, table, column).
    pub fn column_origin(&self, index: usize) -> Option<(&str, &str, &str)> {
        if self.prog.explain != 0 {
            return None;
        }
        let o = self.prog.column_origins.get(index)?.as_ref()?;
        Some((&o.database, &o.table, &o.column))
    }

    /// The value of column `index` in the current row; NULL when out of range or no row.
    pub fn column_value(&self, index: usize) -> &Value {
        let row = if self.prog.explain != 0 {
            &self.explain_row
        } else {
            &self.vm.row
        };
        row.get(index).unwrap_or(&Value::Null)
    }

    /// The statement's SQL text as prepared.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The SQL with parameters replaced by their bound values (`sqlite3_expanded_sql`).
    pub fn expanded_sql(&self) -> String {
        super::expand::expand_sql(&self.sql, &self.vm.bindings, &self.prog.params)
    }

    /// True when the statement makes no direct change to the database file.
    pub fn readonly(&self) -> bool {
        self.prog.readonly
    }

    /// 1 for `EXPLAIN`, 2 for `EXPLAIN QUERY PLAN`, else 0.
    pub fn is_explain(&self) -> u8 {
        self.prog.explain
    }

    /// True after `step` has been called and before the statement reached Done or was reset.
    pub fn busy(&self) -> bool {
        self.vm.state == RunState::Running
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        if self.vm.active || self.vm.stmt_savepoint.is_some() {
            let conn = self.conn.clone();
            if let Ok(mut st) = conn.lock_any() {
                if let Some(Unfinished::End(end)) = self.unfinished.take() {
                    let _ = self.finish(&mut st, end);
                }
                let _ = self.end_run(&mut st, true);
            };
        }
    }
}
