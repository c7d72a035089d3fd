//! The async Rust API (DESIGN decision 5): [`AsyncConnection`] and [`AsyncStatement`], built
//! on the same resumable VM as the sync API, not on a thread that runs the sync API.
//!
//! Runtime-agnostic: only `std::future::Future` and `Waker`; any executor (tokio, async-std,
//! smol, a hand-written `block_on`) can drive these futures. The futures are `Send`.
//!
//! ```no_run
//! # async fn demo() -> ferrolite::Result<()> {
//! use ferrolite::{AsyncConnection, StepResult, Value};
//! let db = AsyncConnection::open("app.db").await?;
//! db.execute("CREATE TABLE IF NOT EXISTS t(x)", &[]).await?;
//! db.execute("INSERT INTO t VALUES(?1)", &[Value::Integer(1)]).await?;
//! let mut stmt = db.prepare("SELECT x FROM t").await?;
//! while stmt.step().await? == StepResult::Row {
//!     let x = stmt.column_value(0);
//!     # let _ = x;
//! }
//! let rows = db.query("SELECT count(*) FROM t", &[]).await?;
//! # let _ = rows;
//! # Ok(()) }
//! ```
//!
//! Entry points: [`AsyncConnection::open`] (also `Connection::open_async`),
//! [`AsyncConnection::open_with_vfs`], `Connection::to_async` (an async handle on an open
//! connection), [`AsyncConnection::prepare`] / `Connection::prepare_async`,
//! `Statement::into_async`, then [`AsyncStatement::step`], [`AsyncStatement::query_all`],
//! [`AsyncStatement::reset`], and the conveniences [`AsyncConnection::execute`],
//! [`AsyncConnection::execute_batch`], [`AsyncConnection::query`].
//!
//! # How a step runs
//!
//! ```text
//!  step().await ─▶ Statement::step_with(Async)   (on the caller's thread, connection locked)
//!                   │ VM runs instructions; the pager serves cached pages only
//!                   ├─ Row / Done ─────────────────────────────────────────▶ Ready
//!                   ├─ Wait(Page p) ─▶ worker: Pager::load(p) ─▶ waker ─▶ step again (the
//!                   │                   instruction that missed runs again, from its start)
//!                   └─ Wait(Job) ───▶ worker: step_with(Worker) (that one instruction may
//!                                      block; the rest still suspends on misses) ─▶ waker
//! ```
//!
//! # What is resumable at page granularity, and what runs as a whole job on the worker
//!
//! *Page granularity* (the executor thread never reads; a miss suspends and the instruction
//! re-runs after the page is in): every read instruction of a statement — opening a read
//! cursor, `Rewind`/`Next`/`Prev`/`Last`, rowid and index seeks, `Found`/`NotFound`,
//! index comparisons, `Column` (including overflow chains), `Rowid`, `IdxRowid`,
//! `DeferredSeek`, `IfEmpty` — and all pure instructions (expressions, sorters, ephemeral
//! tables, aggregates). See `vdbe::exec_io` for the table and its invariants.
//!
//! *Whole job on the worker* (the executor thread never blocks; the job runs exactly one
//! instruction, or one of these steps, with blocking allowed):
//! - `Transaction` (SHARED/RESERVED locks, hot-journal recovery, busy-handler waits under
//!   `busy_timeout`), `AutoCommit`, `Savepoint`;
//! - writes: `OpenWrite`, `NewRowid`, `Insert`, `Delete`, `IdxInsert`, `IdxDelete` (balancing,
//!   cache spill), DDL (`CreateBtree`, `Destroy`, `Clear`, schema/cookie instructions),
//!   `Count`, `Vacuum`, `PragmaRows`, window evaluation, and any opcode not yet reviewed;
//! - ending a run: commit (journal, fsync), rollback, statement savepoints, unlocking;
//! - reloading the schema (at prepare when it is stale, and the `SQLITE_SCHEMA` retry);
//! - opening a connection ([`AsyncConnection::open`]).
//!
//! Application functions (`create_scalar_function`...) run on whichever thread steps: mostly
//! the caller's. A busy connection lock (another statement of the same connection running a
//! job on the worker) is never waited for on the caller's thread either: the step becomes a job.
//!
//! # Cancellation
//!
//! Dropping a `step()` future is safe at any await point. Work already handed to the worker
//! finishes there; the next `step()` on the statement first collects it, so the statement
//! continues exactly where the dropped step was (no row is lost or repeated). `reset()` after
//! a dropped step waits for that work, then rewinds as usual.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::connection::{ConnState, Db};
use crate::error::{Error, Result};
use crate::io::worker::{self, Completion};
use crate::io::Vfs;
use crate::pager::{pending, PageRef, Pager, PagerOptions};
use crate::value::Value;
use crate::vdbe::exec_io::IoWait;

use super::connection::{Connection, OpenFlags, Shared};
use super::statement::{StepIo, Stepped};
use super::{Statement, StepResult};

/// An async handle on a database connection. Cheap to clone; wraps a [`Connection`], which
/// stays usable through [`AsyncConnection::connection`] for the sync API.
#[derive(Clone)]
pub struct AsyncConnection {
    conn: Connection,
}

impl From<Connection> for AsyncConnection {
    fn from(conn: Connection) -> Self {
        AsyncConnection { conn }
    }
}

impl AsyncConnection {
    /// Opens (creating if needed) the database at `path`, as [`Connection::open`]; the open
    /// (file, locks, schema) runs on the I/O worker.
    pub async fn open(path: &str) -> Result<AsyncConnection> {
        AsyncConnection::open_with_flags(path, OpenFlags::default()).await
    }

    /// As [`Connection::open_with_flags`], on the I/O worker.
    pub async fn open_with_flags(path: &str, flags: OpenFlags) -> Result<AsyncConnection> {
        let path = path.to_owned();
        worker::submit(move || Connection::open_with_flags(&path, flags))
            .await
            .map(AsyncConnection::from)
    }

    /// Opens database `path` in the file namespace `vfs` (e.g. a [`crate::io::MemVfs`], or a
    /// test VFS with injected latency), creating it if needed; on the I/O worker.
    pub async fn open_with_vfs(vfs: Arc<dyn Vfs>, path: &str) -> Result<AsyncConnection> {
        let path = path.to_owned();
        worker::submit(move || open_vfs(vfs, &path))
            .await
            .map(AsyncConnection::from)
    }

    /// The sync handle on the same connection.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Compiles exactly one statement (trailing whitespace/comments allowed). Compiling
    /// needs no I/O unless the schema must be (re)loaded; then the whole prepare runs on the
    /// I/O worker.
    pub async fn prepare(&self, sql: &str) -> Result<AsyncStatement> {
        match self.prepare_first(sql).await? {
            (Some(stmt), _) => Ok(stmt),
            (None, _) => Err(Error::misuse()),
        }
    }

    /// Compiles the first statement of `sql`; returns it (None when `sql` holds only
    /// whitespace/comments) and the byte offset where the rest starts.
    pub async fn prepare_first(&self, sql: &str) -> Result<(Option<AsyncStatement>, usize)> {
        let inline = self.try_prepare_inline(sql)?;
        let (stmt, tail) = match inline {
            Some(r) => r?,
            None => {
                let conn = self.conn.clone();
                let sql = sql.to_owned();
                worker::submit(move || conn.prepare_first(&sql)).await?
            }
        };
        Ok((stmt.map(AsyncStatement::new), tail))
    }

    /// Compiles on this thread with the pager in no-I/O mode. `Ok(None)`: it needs I/O (a
    /// schema load) or the connection is busy; prepare on the worker instead.
    #[allow(clippy::type_complexity)]
    fn try_prepare_inline(&self, sql: &str) -> Result<Option<Result<(Option<Statement>, usize)>>> {
        let Some(mut st) = self.conn.inner.try_lock()? else {
            return Ok(None);
        };
        pending::take_miss();
        let r = {
            let _armed = pending::Armed::new();
            super::prepare::compile_first(&mut st, sql)
        };
        drop(st);
        if pending::take_miss().is_some() {
            return Ok(None);
        }
        Ok(Some(r.map(|(prog, tail)| {
            let stmt = prog.map(|p| {
                let text = p.sql.clone();
                Statement::new(self.conn.inner.clone(), p, text)
            });
            (stmt, tail)
        })))
    }

    /// Runs one statement with positional parameters; returns `changes()`.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut stmt = self.prepare(sql).await?;
        for (i, v) in params.iter().enumerate() {
            stmt.bind(i + 1, v.clone())?;
        }
        while stmt.step().await? == StepResult::Row {}
        Ok(self.conn.changes())
    }

    /// Runs every statement in `sql`, discarding rows.
    pub async fn execute_batch(&self, sql: &str) -> Result<()> {
        let mut rest = sql;
        loop {
            let (stmt, tail) = self.prepare_first(rest).await?;
            match stmt {
                Some(mut s) => while s.step().await? == StepResult::Row {},
                None => return Ok(()),
            }
            rest = &rest[tail..];
        }
    }

    /// Runs a query and collects every row.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>> {
        let mut stmt = self.prepare(sql).await?;
        for (i, v) in params.iter().enumerate() {
            stmt.bind(i + 1, v.clone())?;
        }
        stmt.query_all().await
    }

    /// Rows changed by the most recent INSERT/UPDATE/DELETE.
    pub fn changes(&self) -> u64 {
        self.conn.changes()
    }

    /// Rows changed since the connection opened.
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// `sqlite3_last_insert_rowid`.
    pub fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }

    /// True outside an explicit transaction.
    pub fn is_autocommit(&self) -> bool {
        self.conn.is_autocommit()
    }
}

impl Connection {
    /// Opens `path` for the async API ([`AsyncConnection::open`]).
    pub async fn open_async(path: &str) -> Result<AsyncConnection> {
        AsyncConnection::open(path).await
    }

    /// An async handle on this same connection.
    pub fn to_async(&self) -> AsyncConnection {
        AsyncConnection::from(self.clone())
    }

    /// [`AsyncConnection::prepare`] on this connection.
    pub async fn prepare_async(&self, sql: &str) -> Result<AsyncStatement> {
        self.to_async().prepare(sql).await
    }
}

impl Statement {
    /// This statement, stepped asynchronously from now on.
    pub fn into_async(self) -> AsyncStatement {
        AsyncStatement::new(self)
    }
}

/// Opens a connection on `path` in `vfs` (blocking: call it on the worker).
fn open_vfs(vfs: Arc<dyn Vfs>, path: &str) -> Result<Connection> {
    let opts = PagerOptions {
        create: true,
        ..PagerOptions::default()
    };
    let pager = Pager::open_with_vfs(vfs, path, &opts, false)?;
    let db = Db {
        name: "main".into(),
        pager: Arc::new(pager),
        path: Some(path.to_owned()),
    };
    let state = ConnState::new(db, false);
    let interrupt = state.interrupt.clone();
    let conn = Connection {
        inner: Arc::new(Shared::new(state, interrupt, path.to_owned(), false)),
    };
    {
        let mut st = conn.inner.lock()?;
        if st.load_schema().is_err() {
            st.schema_dirty = true;
        }
    }
    Ok(conn)
}

/// Counts of the waits of an [`AsyncStatement`] since it was prepared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IoStats {
    /// Page reads handed to the worker (each one a `Poll::Pending` round trip).
    pub page_loads: u64,
    /// Blocking instructions (and run endings, schema reloads) run as jobs on the worker.
    pub jobs: u64,
}

/// Work handed to the worker and not yet collected.
enum Inflight {
    Load(Completion<PageRef>),
    Job(Completion<Stepped>),
}

/// An async prepared statement. Read the current row with [`AsyncStatement::row`] or
/// [`AsyncStatement::column_value`] after `step()` gave [`StepResult::Row`].
pub struct AsyncStatement {
    stmt: Arc<Mutex<Statement>>,
    inflight: Option<Inflight>,
    /// Pages loaded for the instruction now being retried: pinned so that its re-run finds
    /// them even in a tiny cache (progress is guaranteed). Dropped once it made progress.
    pins: Vec<PageRef>,
    /// The VM's progress count when the pins were taken.
    pin_mark: u64,
    stats: IoStats,
}

impl AsyncStatement {
    fn new(stmt: Statement) -> AsyncStatement {
        AsyncStatement {
            stmt: Arc::new(Mutex::new(stmt)),
            inflight: None,
            pins: Vec::new(),
            pin_mark: 0,
            stats: IoStats::default(),
        }
    }

    /// Runs to the next row or to the end, suspending (not blocking) on I/O.
    /// Errors are the sync API's, with the same codes and messages.
    pub async fn step(&mut self) -> Result<StepResult> {
        loop {
            let collected = self.collect().await.inspect_err(|_| self.pins.clear());
            if let Some(stepped) = collected? {
                match stepped {
                    Stepped::Row => return Ok(self.settled(StepResult::Row)),
                    Stepped::Done => return Ok(self.settled(StepResult::Done)),
                    Stepped::Wait(w) => {
                        self.start(w);
                        continue;
                    }
                }
            }
            let r = self.stmt.lock().step_with(StepIo::Async);
            match r {
                Ok(Stepped::Row) => return Ok(self.settled(StepResult::Row)),
                Ok(Stepped::Done) => return Ok(self.settled(StepResult::Done)),
                Ok(Stepped::Wait(w)) => self.start(w),
                Err(e) => {
                    self.pins.clear();
                    return Err(e);
                }
            }
        }
    }

    fn settled(&mut self, r: StepResult) -> StepResult {
        self.pins.clear();
        r
    }

    /// Hands a wait to the worker.
    fn start(&mut self, w: IoWait) {
        match w {
            IoWait::Page { pager, pgno } => {
                let progress = self.stmt.lock().io_progress();
                if progress != self.pin_mark {
                    self.pins.clear();
                    self.pin_mark = progress;
                }
                self.stats.page_loads += 1;
                self.inflight = Some(Inflight::Load(worker::submit(move || pager.load(pgno))));
            }
            IoWait::Job => {
                self.stats.jobs += 1;
                let stmt = self.stmt.clone();
                self.inflight = Some(Inflight::Job(worker::submit(move || {
                    stmt.lock().step_with(StepIo::Worker)
                })));
            }
        }
    }

    /// Waits for work handed to the worker (by this step or a dropped one). A job's result
    /// is returned; a loaded page is pinned (a failed load fails the run at the next step).
    async fn collect(&mut self) -> Result<Option<Stepped>> {
        let Some(inflight) = self.inflight.as_mut() else {
            return Ok(None);
        };
        match inflight {
            Inflight::Load(c) => {
                let r = c.await;
                self.inflight = None;
                match r {
                    Ok(page) => self.pins.push(page),
                    Err(e) => self.stmt.lock().io_failed(e),
                }
                Ok(None)
            }
            Inflight::Job(c) => {
                let r = c.await;
                self.inflight = None;
                r.map(Some)
            }
        }
    }

    /// Steps to the end, collecting every row.
    pub async fn query_all(&mut self) -> Result<Vec<Vec<Value>>> {
        let mut rows = Vec::new();
        while self.step().await? == StepResult::Row {
            rows.push(self.row());
        }
        Ok(rows)
    }

    /// Rewinds so the next `step` starts over; keeps bindings. Waits for work a dropped step
    /// left on the worker; ending the run (commit, rollback, unlock) runs on the worker.
    pub async fn reset(&mut self) {
        let _ = self.collect().await;
        self.pins.clear();
        let stmt = self.stmt.clone();
        let job = worker::submit(move || {
            stmt.lock().reset();
            Ok(())
        });
        self.stats.jobs += 1;
        let _ = job.await;
    }

    /// Binds parameter `index` (1-based). `SQLITE_MISUSE` while a step is in flight.
    pub fn bind(&mut self, index: usize, value: Value) -> Result<()> {
        self.idle()?.bind(index, value)
    }

    /// Sets every parameter back to NULL.
    pub fn clear_bindings(&mut self) -> Result<()> {
        self.idle()?.clear_bindings();
        Ok(())
    }

    /// The statement, when no work is in flight.
    fn idle(&self) -> Result<parking_lot::MutexGuard<'_, Statement>> {
        if self.inflight.is_some() {
            return Err(Error::misuse());
        }
        Ok(self.stmt.lock())
    }

    /// The current row's values (empty when there is no row).
    pub fn row(&self) -> Vec<Value> {
        match self.idle() {
            Ok(s) => (0..s.column_count())
                .map(|i| s.column_value(i).clone())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Column `index` of the current row (NULL when out of range or no row).
    pub fn column_value(&self, index: usize) -> Value {
        match self.idle() {
            Ok(s) => s.column_value(index).clone(),
            Err(_) => Value::Null,
        }
    }

    /// Number of result columns.
    pub fn column_count(&self) -> usize {
        self.stmt.lock().column_count()
    }

    /// The name of result column `index`.
    pub fn column_name(&self, index: usize) -> String {
        self.stmt.lock().column_name(index).to_owned()
    }

    /// The SQL text of the statement.
    pub fn sql(&self) -> String {
        self.stmt.lock().sql().to_owned()
    }

    /// How many times this statement waited for the worker, by kind.
    pub fn io_stats(&self) -> IoStats {
        self.stats
    }
}
