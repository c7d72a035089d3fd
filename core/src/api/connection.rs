//! [`Connection`]: one open database connection.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};

use crate::connection::{ConnState, Db};
use crate::error::{codes, Error, Result};
use crate::pager::{Pager, PagerOptions};
use crate::value::Value;

use super::statement::Statement;

/// How to open a database, as `sqlite3_open_v2()`'s flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFlags {
    pub read_only: bool,
    /// Create the file when missing (ignored when `read_only`).
    pub create: bool,
    /// Interpret the filename as a `file:` URI.
    pub uri: bool,
    /// Open an in-memory database whatever the name says.
    pub memory: bool,
}

impl Default for OpenFlags {
    /// `SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE`.
    fn default() -> Self {
        OpenFlags {
            read_only: false,
            create: true,
            uri: false,
            memory: false,
        }
    }
}

/// A database connection. Cloning gives another handle to the same connection.
#[derive(Clone)]
pub struct Connection {
    pub(crate) inner: Arc<Shared>,
}

/// What every handle and statement of one connection shares.
pub(crate) struct Shared {
    state: Mutex<ConnState>,
    /// The thread holding `state` (0: none), to turn re-entry from a callback running inside
    /// `step` (a user function calling back into its own connection) into an error instead of
    /// a deadlock.
    owner: AtomicU64,
    /// Counters copied out of the state each time the lock is released, so they can be read
    /// without it (also from inside a callback).
    changes: AtomicI64,
    total_changes: AtomicI64,
    last_rowid: AtomicI64,
    autocommit: AtomicBool,
    /// The interrupt flag (also in `ConnState`), readable without the lock.
    pub(crate) interrupt: Arc<AtomicBool>,
    pub(crate) filename: String,
    pub(crate) read_only: bool,
}

/// The locked connection state; dereferences to [`ConnState`].
pub(crate) struct StateGuard<'a> {
    guard: MutexGuard<'a, ConnState>,
    shared: &'a Shared,
}

impl std::ops::Deref for StateGuard<'_> {
    type Target = ConnState;
    fn deref(&self) -> &ConnState {
        &self.guard
    }
}

impl std::ops::DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut ConnState {
        &mut self.guard
    }
}

impl Drop for StateGuard<'_> {
    fn drop(&mut self) {
        self.publish();
    }
}

impl StateGuard<'_> {
    /// Copies the counters out and marks the state as held by no thread.
    fn publish(&self) {
        let (sh, st) = (self.shared, &*self.guard);
        sh.changes.store(st.changes, Ordering::Relaxed);
        sh.total_changes.store(st.total_changes, Ordering::Relaxed);
        sh.last_rowid.store(st.last_insert_rowid, Ordering::Relaxed);
        sh.autocommit.store(st.autocommit, Ordering::Relaxed);
        sh.owner.store(0, Ordering::Release);
    }

    /// Runs `f` with the state unlocked (an application function that may use the
    /// connection), then locks it again. `SQLITE_MISUSE` if `f` closed the connection.
    pub(crate) fn unlocked<T>(g: &mut Self, f: impl FnOnce() -> T) -> Result<T> {
        g.publish();
        let r = MutexGuard::unlocked(&mut g.guard, f);
        g.shared.owner.store(thread_id(), Ordering::Release);
        if g.closed {
            return Err(Error::misuse());
        }
        Ok(r)
    }
}

/// A process-unique id of the calling thread (never 0).
fn thread_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local!(static ID: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    ID.with(|id| *id)
}

impl Shared {
    pub(crate) fn new(
        state: ConnState,
        interrupt: Arc<AtomicBool>,
        filename: String,
        read_only: bool,
    ) -> Shared {
        Shared {
            state: Mutex::new(state),
            owner: AtomicU64::new(0),
            changes: AtomicI64::new(0),
            total_changes: AtomicI64::new(0),
            last_rowid: AtomicI64::new(0),
            autocommit: AtomicBool::new(true),
            interrupt,
            filename,
            read_only,
        }
    }

    /// Locks the connection state, closed or not. Re-entry from the thread that holds it
    /// fails with `SQLITE_MISUSE` (callbacks may not use their own connection).
    pub(crate) fn lock_any(&self) -> Result<StateGuard<'_>> {
        let me = thread_id();
        if self.owner.load(Ordering::Acquire) == me {
            return Err(Error::new(
                codes::SQLITE_MISUSE,
                "the connection is in use by the statement that called back into it",
            ));
        }
        let guard = self.state.lock();
        self.owner.store(me, Ordering::Release);
        Ok(StateGuard {
            guard,
            shared: self,
        })
    }

    /// Like [`Shared::lock`], without waiting: `None` while another thread holds the state.
    pub(crate) fn try_lock(&self) -> Result<Option<StateGuard<'_>>> {
        let me = thread_id();
        if self.owner.load(Ordering::Acquire) == me {
            return self.lock().map(Some); // the re-entry error
        }
        let Some(guard) = self.state.try_lock() else {
            return Ok(None);
        };
        self.owner.store(me, Ordering::Release);
        let g = StateGuard {
            guard,
            shared: self,
        };
        if g.closed {
            return Err(Error::misuse());
        }
        Ok(Some(g))
    }

    /// Locks the connection state; `SQLITE_MISUSE` after close.
    pub(crate) fn lock(&self) -> Result<StateGuard<'_>> {
        let g = self.lock_any()?;
        if g.closed {
            return Err(Error::misuse());
        }
        Ok(g)
    }
}

impl Connection {
    /// Opens (creating if needed) the database at `path`; `":memory:"` or `""` for a private
    /// in-memory/temporary database.
    pub fn open(path: &str) -> Result<Connection> {
        Connection::open_with_flags(path, OpenFlags::default())
    }

    pub fn open_with_flags(path: &str, flags: OpenFlags) -> Result<Connection> {
        let target = super::open::resolve(path, flags)?;
        if let Some(p) = &target.path {
            let exists = std::path::Path::new(p).exists();
            if !exists && !target.create {
                return Err(Error::from_code(codes::SQLITE_CANTOPEN));
            }
            if std::path::Path::new(p).is_dir() {
                return Err(Error::from_code(codes::SQLITE_CANTOPEN));
            }
        }
        let opts = PagerOptions {
            read_only: target.read_only,
            create: target.create,
            ..PagerOptions::default()
        };
        let pager = Pager::open(target.path.as_deref(), &opts)?;
        let filename = match &target.path {
            Some(p) => std::fs::canonicalize(p)
                .map(|c| c.to_string_lossy().into_owned())
                .unwrap_or_else(|_| p.clone()),
            None => String::new(),
        };
        let db = Db {
            name: "main".into(),
            pager: Arc::new(pager),
            path: target.path.clone(),
        };
        let state = ConnState::new(db, target.read_only);
        let interrupt = state.interrupt.clone();
        let conn = Connection {
            inner: Arc::new(Shared::new(state, interrupt, filename, target.read_only)),
        };
        {
            // As sqlite3_open: a file that is not a database (or is locked) opens; the error
            // comes with the first statement, which loads the schema again.
            let mut st = conn.inner.lock()?;
            if st.load_schema().is_err() {
                st.schema_dirty = true;
            }
        }
        Ok(conn)
    }

    /// Compiles the first SQL statement in `sql`. Returns the statement (None when `sql` holds
    /// only whitespace/comments) and the byte offset where the rest of `sql` starts
    /// (`sqlite3_prepare_v2`'s tail).
    pub fn prepare_first(&self, sql: &str) -> Result<(Option<Statement>, usize)> {
        let (prog, tail) = {
            let mut st = self.inner.lock()?;
            super::prepare::compile_first(&mut st, sql)?
        };
        Ok((
            prog.map(|p| {
                let text = p.sql.clone();
                Statement::new(self.inner.clone(), p, text)
            }),
            tail,
        ))
    }

    /// Compiles exactly one statement; trailing whitespace/comments allowed.
    /// Errors when `sql` is empty.
    pub fn prepare(&self, sql: &str) -> Result<Statement> {
        match self.prepare_first(sql)? {
            (Some(stmt), _) => Ok(stmt),
            (None, _) => Err(Error::misuse()),
        }
    }

    /// Runs every statement in `sql`, discarding rows (`sqlite3_exec` without a callback).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        let mut rest = sql;
        loop {
            let (stmt, tail) = self.prepare_first(rest)?;
            match stmt {
                Some(mut s) => while s.step()? == super::StepResult::Row {},
                None => return Ok(()),
            }
            rest = &rest[tail..];
        }
    }

    /// Runs one statement with positional parameters; returns `changes()`.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut stmt = self.prepare(sql)?;
        for (i, v) in params.iter().enumerate() {
            stmt.bind(i + 1, v.clone())?;
        }
        while stmt.step()? == super::StepResult::Row {}
        Ok(self.changes())
    }

    /// Runs a query and collects every row.
    pub fn query_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>> {
        let mut stmt = self.prepare(sql)?;
        for (i, v) in params.iter().enumerate() {
            stmt.bind(i + 1, v.clone())?;
        }
        let mut rows = Vec::new();
        while stmt.step()? == super::StepResult::Row {
            rows.push(
                (0..stmt.column_count())
                    .map(|i| stmt.column_value(i).clone())
                    .collect(),
            );
        }
        Ok(rows)
    }

    /// Rows changed by the most recent INSERT/UPDATE/DELETE (`sqlite3_changes64`).
    pub fn changes(&self) -> u64 {
        self.inner.changes.load(Ordering::Relaxed) as u64
    }

    /// Rows changed since the connection opened (`sqlite3_total_changes64`).
    pub fn total_changes(&self) -> u64 {
        self.inner.total_changes.load(Ordering::Relaxed) as u64
    }

    /// `sqlite3_last_insert_rowid`.
    pub fn last_insert_rowid(&self) -> i64 {
        self.inner.last_rowid.load(Ordering::Relaxed)
    }

    pub fn set_last_insert_rowid(&self, rowid: i64) {
        match self.inner.lock_any() {
            Ok(mut st) => st.last_insert_rowid = rowid,
            Err(_) => self.inner.last_rowid.store(rowid, Ordering::Relaxed),
        }
    }

    /// True outside an explicit transaction (`sqlite3_get_autocommit`).
    pub fn is_autocommit(&self) -> bool {
        self.inner.autocommit.load(Ordering::Relaxed)
    }

    /// `sqlite3_busy_timeout`: retry a locked database for up to `ms` milliseconds.
    pub fn busy_timeout(&self, ms: u32) {
        let Ok(mut st) = self.inner.lock_any() else {
            return;
        };
        st.busy_timeout_ms = ms;
        if let Ok(p) = st.pager(0) {
            p.set_busy_timeout(ms);
        }
    }

    /// `sqlite3_interrupt`: makes running statements stop with `SQLITE_INTERRUPT`.
    /// Safe to call from another thread.
    pub fn interrupt(&self) {
        self.inner.interrupt.store(true, Ordering::SeqCst);
    }

    /// The path of the main database file, or "" for an in-memory database.
    pub fn filename(&self) -> String {
        self.inner.filename.clone()
    }

    pub fn is_readonly(&self) -> bool {
        self.inner.read_only
    }

    /// Registers a user scalar function (`sqlite3_create_function`); replaces one with the same
    /// name and argument count.
    pub fn create_scalar_function(&self, f: crate::func::ScalarFunction) -> Result<()> {
        let mut st = self.inner.lock()?;
        Arc::make_mut(&mut st.funcs).register_scalar(f);
        Ok(())
    }

    /// Registers a user aggregate function.
    pub fn create_aggregate_function(&self, f: crate::func::AggregateFunction) -> Result<()> {
        let mut st = self.inner.lock()?;
        Arc::make_mut(&mut st.funcs).register_aggregate(f);
        Ok(())
    }

    /// Removes user function `name` with `n_args` arguments (-1 = variadic).
    pub fn remove_function(&self, name: &str, n_args: i32) -> Result<bool> {
        let mut st = self.inner.lock()?;
        Ok(Arc::make_mut(&mut st.funcs).remove(name, n_args))
    }

    /// Registers a user collation (`sqlite3_create_collation`); replaces one of the same name.
    pub fn create_collation(
        &self,
        name: &str,
        cmp: impl Fn(&str, &str) -> std::cmp::Ordering + Send + Sync + 'static,
    ) -> Result<()> {
        let mut st = self.inner.lock()?;
        st.collations
            .insert(name.to_ascii_lowercase(), Arc::new(cmp));
        Ok(())
    }

    /// Closes the connection; later calls on it or its statements give `SQLITE_MISUSE`.
    pub fn close(&self) -> Result<()> {
        let mut st = self.inner.lock_any()?;
        if st.closed {
            return Ok(());
        }
        if st.txn != crate::connection::TxnState::None {
            st.rollback();
        }
        st.closed = true;
        Ok(())
    }
}
