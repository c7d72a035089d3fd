//! Connection state: the databases a connection has open, its transaction state machine and
//! its counters. Owned by `api::Connection` behind a mutex; the VM borrows it mutably for the
//! duration of one `step`.
//!
//! Databases: index 0 is "main", 1 "temp" (an in-memory database, always present, empty
//! until a TEMP object is created), 2.. the attached ones (`attach.rs`). Every statement
//! starts its transaction on main first (reading at least), then on the other databases it
//! uses, each reading or writing as the statement needs; `txn` is `Write` once any pager
//! writes, else main's state. Commit, rollback and savepoints apply to every pager (a pager
//! without a transaction ignores them). Each file commits atomically on its
//! own: there is no super-journal, so a crash between two files' commits can leave one
//! committed and the other not (see docs/attach.md).
//!
//! Transaction state machine (per connection, for database 0 "main"):
//! ```text
//!            Transaction(read)            Transaction(write)
//!   None ─────────────────────▶ Read ─────────────────────▶ Write
//!    ▲                           │                           │
//!    └── end of last active statement in autocommit mode ────┘ (commit, or rollback on error)
//!    └── COMMIT / ROLLBACK (AutoCommit insn) when autocommit was off
//! ```
//! Invariants:
//! 1. `txn != None` only while a statement is active or `autocommit == false`.
//! 2. `autocommit == false` between BEGIN (or SAVEPOINT outside a transaction) and
//!    COMMIT/ROLLBACK/RELEASE of the outermost savepoint.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{codes, Error, Result};
use crate::func::FunctionRegistry;
use crate::pager::Pager;
use crate::schema::Schema;

mod attach;
pub(crate) mod hooks;
mod schema_load;

/// One attached database.
pub(crate) struct Db {
    /// "main" or "temp" or the ATTACH name.
    #[allow(dead_code)]
    pub name: String,
    pub pager: Arc<Pager>,
    /// The file path; `None` for in-memory databases.
    pub path: Option<String>,
}

/// Transaction state of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxnState {
    None,
    Read,
    Write,
}

/// A named savepoint (SAVEPOINT x).
#[derive(Debug, Clone)]
pub(crate) struct SavepointEntry {
    pub name: String,
    /// True when this SAVEPOINT began the transaction (RELEASE of it commits).
    pub began_txn: bool,
    /// The pager savepoint depth, once a write transaction exists (opened lazily: before the
    /// first write there is nothing to undo).
    pub depth: Option<usize>,
    /// The deferred foreign-key counter when the savepoint began (ROLLBACK TO restores it).
    pub fk_deferred: i64,
}

/// The mutable state of a connection.
pub(crate) struct ConnState {
    pub dbs: Vec<Db>,
    pub read_only: bool,
    pub changes: i64,
    pub total_changes: i64,
    pub last_insert_rowid: i64,
    pub autocommit: bool,
    pub txn: TxnState,
    /// Statements that have started (Transaction executed) and not yet halted.
    pub n_active: usize,
    /// Of those, the statements that opened a write transaction.
    pub n_write_active: usize,
    pub savepoints: Vec<SavepointEntry>,
    pub busy_timeout_ms: u32,
    pub interrupt: Arc<AtomicBool>,
    pub closed: bool,
    /// Deferred foreign key violations of the open transaction.
    pub fk_deferred: i64,
    pub foreign_keys: bool,
    pub case_sensitive_like: bool,
    /// Bumped whenever the in-memory schema changes; statements compiled under an older
    /// generation are re-prepared.
    pub schema_generation: u64,
    /// Bumped by ATTACH and DETACH: programs compiled before are re-prepared
    /// (`Program::dbs_epoch`).
    pub dbs_epoch: u64,
    /// A statement has used the temp database: from then on it is listed by `PRAGMA
    /// database_list` and DETACH calls it in use (SQLite opens it lazily).
    pub temp_used: bool,
    /// Set by a statement that changed the schema (ParseSchema, Drop*): reload is needed.
    pub schema_dirty: bool,
    /// Functions visible to this connection (built-ins and user functions).
    pub funcs: Arc<FunctionRegistry>,
    /// The merged schema of all databases (`schema::merge`): what statements compile
    /// against; each database's own schema is in `schema.dbs`.
    pub schema: Arc<Schema>,
    /// Simple integer/boolean pragma settings that differ from their defaults.
    pub settings: HashMap<String, i64>,
    /// `PRAGMA journal_mode` as reported.
    pub journal_mode: String,
    /// Commits made through this connection (for `PRAGMA data_version`).
    pub n_commits: i64,
    /// User collations by lower-cased name.
    pub collations: HashMap<String, Collator>,
    /// Application callbacks (progress, commit, rollback, authorizer).
    pub hooks: hooks::Hooks,
    /// `SQLITE_LIMIT_COLUMN` as set with `sqlite3_limit`.
    pub column_limit: usize,
}

/// A user collation function.
pub type Collator = Arc<dyn Fn(&str, &str) -> std::cmp::Ordering + Send + Sync>;

impl ConnState {
    pub fn new(main: Db, read_only: bool) -> ConnState {
        let journal_mode = if main.path.is_some() {
            "delete"
        } else {
            "memory"
        };
        let mut dbs = vec![main];
        // An in-memory pager opens without I/O; should it fail, TEMP objects are unavailable
        // (`pager(1)` reports no such database).
        if let Ok(p) = Pager::open(None, &crate::pager::PagerOptions::default()) {
            dbs.push(Db {
                name: "temp".into(),
                pager: Arc::new(p),
                path: None,
            });
        }
        let mut st = ConnState {
            dbs,
            read_only,
            changes: 0,
            total_changes: 0,
            last_insert_rowid: 0,
            autocommit: true,
            txn: TxnState::None,
            n_active: 0,
            n_write_active: 0,
            savepoints: Vec::new(),
            busy_timeout_ms: 0,
            interrupt: Arc::new(AtomicBool::new(false)),
            closed: false,
            fk_deferred: 0,
            foreign_keys: false,
            case_sensitive_like: false,
            schema_generation: 0,
            dbs_epoch: 0,
            temp_used: false,
            schema_dirty: false,
            collations: HashMap::new(),
            settings: HashMap::new(),
            journal_mode: String::new(),
            n_commits: 0,
            hooks: hooks::Hooks::default(),
            column_limit: crate::codegen::DEFAULT_COLUMN_LIMIT,
            schema: Arc::new(Schema::new(0)),
            funcs: Arc::new(FunctionRegistry::with_builtins()),
        };
        st.journal_mode = journal_mode.to_owned();
        st
    }

    /// `PRAGMA data_version`: changes when another connection commits, not when this one
    /// does (the file change counter less this connection's own commits).
    pub fn data_version(&self) -> i64 {
        let counter = self
            .pager(0)
            .ok()
            .filter(|p| p.page_count() > 0)
            .and_then(|p| p.get(1).ok())
            .map_or(0, |pg| {
                let d = pg.data();
                i64::from(u32::from_be_bytes([d[24], d[25], d[26], d[27]]))
            });
        counter - self.n_commits + 1
    }

    pub fn pager(&self, db: usize) -> Result<Arc<Pager>> {
        self.dbs
            .get(db)
            .map(|d| d.pager.clone())
            .ok_or_else(|| Error::sql("no such database"))
    }

    /// Compares two texts with the user collation `name`; `None` when no such collation.
    pub fn collate(&self, name: &str, a: &str, b: &str) -> Option<std::cmp::Ordering> {
        let f = self.collations.get(&name.to_ascii_lowercase())?;
        Some(f(a, b))
    }

    /// Opens the pager savepoint of the newest SAVEPOINT when a write transaction exists.
    pub fn savepoint_open(&mut self) -> Result<()> {
        if self.txn == TxnState::Write {
            let d = self.open_savepoints()?;
            if let Some(sp) = self.savepoints.last_mut() {
                sp.depth = Some(d);
            }
        }
        Ok(())
    }

    /// Releases the pager savepoint at `depth` (and those nested in it).
    pub fn savepoint_release(&mut self, depth: Option<usize>) -> Result<()> {
        match depth {
            Some(d) if self.txn == TxnState::Write => self.release_savepoints(d),
            _ => Ok(()),
        }
    }

    /// Whether the file's schema cookie differs from the loaded schema's.
    pub fn schema_changed(&mut self) -> Result<bool> {
        for i in 0..self.dbs.len() {
            let pager = self.pager(i)?;
            let started = self.txn == TxnState::None || !pager.in_txn();
            if started {
                pager.begin_read()?;
            }
            let cookie = schema_load::schema_cookie(&pager);
            if started {
                pager.end_read();
            }
            let loaded = self.schema.db_schema(i).map_or(0, |s| s.schema_cookie);
            if cookie? != loaded {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Undoes changes since the pager savepoint at `depth` (it stays open).
    pub fn savepoint_rollback(&mut self, depth: Option<usize>) -> Result<()> {
        match depth {
            Some(d) if self.txn == TxnState::Write => {
                self.rollback_savepoints(d)?;
                self.schema_dirty = true;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Loads the schema of every database from its `sqlite_schema` (called at open and when
    /// a schema cookie changed) and merges them for name resolution.
    pub fn load_schema(&mut self) -> Result<()> {
        let mut list = Vec::with_capacity(self.dbs.len());
        for i in 0..self.dbs.len() {
            let pager = self.pager(i)?;
            // A database attached (or first used) inside a transaction has no read
            // transaction yet.
            let started = self.txn == TxnState::None || !pager.in_txn();
            if started {
                pager.begin_read()?;
            }
            let r = schema_load::read_schema(&pager, i);
            if started {
                pager.end_read();
            }
            list.push(crate::schema::DbSchema {
                name: self.dbs[i].name.clone(),
                schema: Arc::new(r?),
            });
        }
        self.schema = Arc::new(crate::schema::merge(&list));
        self.schema_dirty = false;
        self.schema_generation += 1;
        Ok(())
    }

    /// `PRAGMA defer_foreign_keys`: immediate constraints count as deferred ones.
    pub fn defer_foreign_keys(&self) -> bool {
        self.settings
            .get("defer_foreign_keys")
            .is_some_and(|v| *v != 0)
    }

    /// A transaction ended: `defer_foreign_keys` turns itself off (as in SQLite) and no
    /// deferred violation remains.
    pub fn end_fk_txn(&mut self) {
        self.settings.remove("defer_foreign_keys");
        self.fk_deferred = 0;
    }

    /// Called between VM instructions: an interrupt is pending, or the progress handler
    /// asks to stop.
    pub fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed) || self.hooks.progress_interrupts()
    }

    /// Starts (or upgrades to) a read or write transaction.
    pub fn begin(&mut self, db: usize, write: bool) -> Result<()> {
        if db != 0 {
            return self.begin_other(db, write);
        }
        let pager = self.pager(db)?;
        let started_read = self.txn == TxnState::None;
        // A write transaction that starts from nothing goes straight to the pager's
        // begin_write, which waits for the lock holding nothing (retrying through the busy
        // handler); taking SHARED first would make it a reader that must fail at once.
        if started_read && (!write || self.read_only) {
            pager.begin_read()?;
            self.txn = TxnState::Read;
        }
        if write && !pager.in_write() {
            if self.read_only {
                return Err(Error::from_code(codes::SQLITE_READONLY));
            }
            if let Err(e) = pager.begin_write() {
                // As SQLite: a failed upgrade gives back the read lock it just took, so a
                // busy writer does not keep other connections from committing.
                if started_read && self.txn == TxnState::Read && self.n_active <= 1 {
                    pager.end_read();
                    self.txn = TxnState::None;
                }
                return Err(e);
            }
            self.txn = TxnState::Write;
            self.join_savepoints(&pager)?;
        }
        Ok(())
    }

    /// BEGIN EXCLUSIVE: the write transaction on `db` (already begun) also takes the
    /// EXCLUSIVE lock, so other connections can no longer read.
    pub fn lock_exclusive(&mut self, db: usize) -> Result<()> {
        self.pager(db)?.lock_exclusive()
    }

    /// Opens a statement savepoint when the statement's changes may have to be undone alone
    /// (inside an explicit transaction, or while other statements are active).
    pub fn statement_savepoint(&mut self) -> Result<Option<usize>> {
        if self.txn != TxnState::Write || (self.autocommit && self.n_active <= 1) {
            return Ok(None);
        }
        Ok(Some(self.open_savepoints()?))
    }

    /// Ends a statement savepoint: keeps (`undo == false`) or undoes its changes.
    pub fn end_statement_savepoint(&mut self, depth: usize, undo: bool) -> Result<()> {
        if self.txn != TxnState::Write {
            return Ok(());
        }
        if undo {
            self.rollback_savepoints(depth)?;
            self.schema_dirty = true;
        }
        self.release_savepoints(depth)
    }

    /// Commits (or ends the read of) the open transaction.
    pub fn commit(&mut self) -> Result<()> {
        match self.txn {
            TxnState::Write => {
                self.end_fk_txn();
                if self.hooks.commit_vetoed() {
                    self.rollback();
                    return Err(Error::new(
                        codes::SQLITE_CONSTRAINT_COMMITHOOK,
                        "constraint failed",
                    ));
                }
                self.n_commits += 1;
                let r = self.commit_all();
                self.end_read_all();
                self.txn = TxnState::None;
                r?;
            }
            TxnState::Read => {
                self.end_read_all();
                self.txn = TxnState::None;
            }
            TxnState::None => {}
        }
        Ok(())
    }

    /// Rolls back the open transaction (errors of the rollback itself are ignored: the pager
    /// enters its error state when it cannot restore the file).
    pub fn rollback(&mut self) {
        if self.txn == TxnState::Write {
            for d in &self.dbs {
                let _ = d.pager.rollback();
            }
            self.hooks.rolled_back();
        }
        if self.txn != TxnState::None {
            self.end_read_all();
        }
        self.end_fk_txn();
        self.txn = TxnState::None;
        self.savepoints.clear();
        self.schema_dirty = true;
    }

    /// Called when a statement finishes (`ok`) or fails. In autocommit mode the last active
    /// statement commits or rolls back the transaction.
    ///
    /// As in SQLite, a write transaction commits when the last *writing* statement ends, even
    /// while read statements are still running (they keep their SHARED lock and go on
    /// reading); the read transaction ends with the last active statement.
    pub fn statement_end(&mut self, ok: bool, wrote: bool) -> Result<()> {
        self.n_active = self.n_active.saturating_sub(1);
        if wrote {
            self.n_write_active = self.n_write_active.saturating_sub(1);
        }
        if !self.autocommit {
            return Ok(());
        }
        if self.n_active == 0 {
            if ok {
                if let Err(e) = self.commit() {
                    self.rollback();
                    return Err(e);
                }
            } else {
                self.rollback();
            }
        } else if self.txn == TxnState::Write && self.n_write_active == 0 {
            // Readers remain: commit the writes, keep reading. (A failed statement's own
            // changes were undone through its statement savepoint.)
            if let Err(e) = self.commit_keep_reading() {
                self.rollback_keep_reading();
                return Err(e);
            }
        }
        Ok(())
    }

    /// Commits the write transaction; the read transaction stays open.
    pub fn commit_keep_reading(&mut self) -> Result<()> {
        if self.hooks.commit_vetoed() {
            self.rollback_keep_reading();
            return Err(Error::new(
                codes::SQLITE_CONSTRAINT_COMMITHOOK,
                "constraint failed",
            ));
        }
        self.n_commits += 1;
        self.txn = TxnState::Read;
        self.commit_all()
    }

    /// Rolls back the write transaction; the read transaction stays open.
    fn rollback_keep_reading(&mut self) {
        if self.txn == TxnState::Write {
            for d in &self.dbs {
                let _ = d.pager.rollback();
            }
            self.hooks.rolled_back();
        }
        self.txn = TxnState::Read;
        self.schema_dirty = true;
    }
}

#[cfg(test)]
mod attach_tests;
