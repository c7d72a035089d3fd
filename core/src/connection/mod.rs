//! Connection state: the databases a connection has open, its transaction state machine and
//! its counters. Owned by `api::Connection` behind a mutex; the VM borrows it mutably for the
//! duration of one `step`.
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
use crate::pager::Pager;

/// One attached database.
pub(crate) struct Db {
    /// "main" or "temp" or the ATTACH name.
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
    /// Set by a statement that changed the schema (ParseSchema, Drop*): reload is needed.
    pub schema_dirty: bool,
    /// User collations by lower-cased name.
    pub collations: HashMap<String, Collator>,
}

/// A user collation function.
pub type Collator = Arc<dyn Fn(&str, &str) -> std::cmp::Ordering + Send + Sync>;

impl ConnState {
    pub fn new(main: Db, read_only: bool) -> ConnState {
        ConnState {
            dbs: vec![main],
            read_only,
            changes: 0,
            total_changes: 0,
            last_insert_rowid: 0,
            autocommit: true,
            txn: TxnState::None,
            n_active: 0,
            savepoints: Vec::new(),
            busy_timeout_ms: 0,
            interrupt: Arc::new(AtomicBool::new(false)),
            closed: false,
            fk_deferred: 0,
            foreign_keys: false,
            case_sensitive_like: false,
            schema_generation: 0,
            schema_dirty: false,
            collations: HashMap::new(),
        }
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

    /// Opens a pager savepoint for SAVEPOINT (provisional pager: no-op).
    pub fn savepoint_open(&mut self) -> Result<()> {
        Ok(())
    }

    /// Releases savepoint number `idx` and those nested in it.
    pub fn savepoint_release(&mut self, idx: usize) -> Result<()> {
        let _ = idx;
        Ok(())
    }

    /// Rolls back to savepoint number `idx` (keeps it open).
    pub fn savepoint_rollback(&mut self, idx: usize) -> Result<()> {
        let _ = idx;
        Ok(())
    }

    /// Loads the schema of the main database from `sqlite_schema` (called at open and when
    /// the schema cookie changed).
    pub fn load_schema(&mut self) -> Result<()> {
        self.schema_dirty = false;
        self.schema_generation += 1;
        Ok(())
    }

    /// Undoes the current statement's changes inside an explicit transaction.
    pub fn statement_rollback(&mut self) -> Result<()> {
        Ok(())
    }

    pub fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed)
    }

    /// Starts (or upgrades to) a read or write transaction.
    pub fn begin(&mut self, db: usize, write: bool) -> Result<()> {
        let pager = self.pager(db)?;
        if self.txn == TxnState::None {
            pager.begin_read()?;
            self.txn = TxnState::Read;
        }
        if write && self.txn != TxnState::Write {
            if self.read_only {
                return Err(Error::from_code(codes::SQLITE_READONLY));
            }
            pager.begin_write()?;
            self.txn = TxnState::Write;
        }
        Ok(())
    }

    /// Commits (or ends the read of) the open transaction.
    pub fn commit(&mut self) -> Result<()> {
        let pager = self.pager(0)?;
        match self.txn {
            TxnState::Write => {
                let r = pager.commit();
                pager.end_read();
                self.txn = TxnState::None;
                r?;
            }
            TxnState::Read => {
                pager.end_read();
                self.txn = TxnState::None;
            }
            TxnState::None => {}
        }
        Ok(())
    }

    /// Rolls back the open transaction (errors of the rollback itself are ignored: the pager
    /// enters its error state when it cannot restore the file).
    pub fn rollback(&mut self) {
        if let Ok(pager) = self.pager(0) {
            if self.txn == TxnState::Write {
                let _ = pager.rollback();
            }
            if self.txn != TxnState::None {
                pager.end_read();
            }
        }
        self.txn = TxnState::None;
        self.savepoints.clear();
        self.fk_deferred = 0;
        self.schema_dirty = true;
    }

    /// Called when a statement finishes (`ok`) or fails. In autocommit mode the last active
    /// statement commits or rolls back the transaction.
    pub fn statement_end(&mut self, ok: bool) -> Result<()> {
        self.n_active = self.n_active.saturating_sub(1);
        if self.autocommit && self.n_active == 0 {
            if ok {
                if let Err(e) = self.commit() {
                    self.rollback();
                    return Err(e);
                }
            } else {
                self.rollback();
            }
        }
        Ok(())
    }
}
