//! Connection controls that exist for SQLite's C API (`bindings/c`): transaction state,
//! the interrupt flag, function existence and collation removal.

use std::sync::atomic::Ordering;

use crate::connection::TxnState;
use crate::error::Result;

use super::Connection;

impl Connection {
    /// `sqlite3_txn_state`: 0 = none, 1 = read, 2 = write.
    pub fn txn_state(&self) -> i32 {
        match self.inner.lock().map(|st| st.txn) {
            Ok(TxnState::Read) => 1,
            Ok(TxnState::Write) => 2,
            _ => 0,
        }
    }

    /// `sqlite3_txn_state(db, schema)` for one database (`main`, `temp` or an attached
    /// name): 0 none, 1 read, 2 write; `None` for an unknown name.
    pub fn txn_state_of(&self, schema: &str) -> Option<i32> {
        let st = self.inner.lock().ok()?;
        let db = st.schema.db_index(schema)?;
        if db == 0 {
            drop(st);
            return Some(self.txn_state());
        }
        let pager = st.pager(db).ok()?;
        Some(if pager.in_write() {
            2
        } else if pager.in_txn() {
            1
        } else {
            0
        })
    }

    /// `sqlite3_db_filename`: the absolute file name of database `schema` ('' for an
    /// in-memory or temp database); `None` for an unknown name.
    pub fn db_filename(&self, schema: &str) -> Option<String> {
        let st = self.inner.lock().ok()?;
        let db = st.schema.db_index(schema)?;
        st.db_filename(db)
    }

    /// `sqlite3_db_readonly`: whether database `schema` is read-only; `None` for an unknown
    /// name.
    pub fn db_readonly(&self, schema: &str) -> Option<bool> {
        let st = self.inner.lock().ok()?;
        st.schema.db_index(schema)?;
        Some(st.read_only)
    }

    /// `sqlite3_is_interrupted`: an interrupt is pending.
    pub fn is_interrupted(&self) -> bool {
        self.inner.interrupt.load(Ordering::Relaxed)
    }

    /// True when a function `name` taking `n_args` arguments (-1: any) is defined.
    pub fn has_function(&self, name: &str, n_args: i32) -> bool {
        let Ok(st) = self.inner.lock() else {
            return false;
        };
        if n_args < 0 {
            return st.funcs.exists(name);
        }
        let n = n_args as usize;
        st.funcs.find_scalar(name, n).is_some() || st.funcs.find_aggregate(name, n).is_some()
    }

    /// Removes a user collation (`sqlite3_create_collation` with a NULL comparison).
    pub fn remove_collation(&self, name: &str) -> Result<()> {
        let mut st = self.inner.lock()?;
        st.collations.remove(&name.to_ascii_lowercase());
        Ok(())
    }
}

impl Connection {
    /// `sqlite3_busy_handler`: `handler(n)` is asked whether to retry the n-th time a lock is
    /// busy (None removes it). Replaces any busy timeout, as SQLite does.
    pub fn set_busy_handler(&self, handler: Option<crate::pager::BusyHandler>) -> Result<()> {
        let st = self.inner.lock()?;
        for db in &st.dbs {
            db.pager.set_busy_handler(handler.clone());
        }
        Ok(())
    }
}

pub use crate::connection::hooks::{AuthResult, Authorizer, UpdateHook};

impl Connection {
    /// `sqlite3_progress_handler`: `handler` runs every `every` VM instructions; returning
    /// true interrupts the statement (`SQLITE_INTERRUPT`). `every` < 1 or None removes it.
    pub fn set_progress_handler(
        &self,
        every: i32,
        handler: Option<std::sync::Arc<dyn Fn() -> bool + Send + Sync>>,
    ) -> Result<()> {
        let mut st = self.inner.lock()?;
        st.hooks.progress = match handler {
            Some(h) if every > 0 => Some(crate::connection::hooks::ProgressHandler {
                every: every as u64,
                counter: std::sync::atomic::AtomicU64::new(0),
                handler: h,
            }),
            _ => None,
        };
        Ok(())
    }

    /// `sqlite3_commit_hook`: returning true turns the commit into a rollback.
    pub fn set_commit_hook(
        &self,
        hook: Option<std::sync::Arc<dyn Fn() -> bool + Send + Sync>>,
    ) -> Result<()> {
        self.inner.lock()?.hooks.commit = hook;
        Ok(())
    }

    /// `sqlite3_rollback_hook`.
    pub fn set_rollback_hook(
        &self,
        hook: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    ) -> Result<()> {
        self.inner.lock()?.hooks.rollback = hook;
        Ok(())
    }

    /// `sqlite3_limit(db, SQLITE_LIMIT_COLUMN, n)`: statements prepared from now on may not
    /// have more than `n` columns in a table, index, result set, SET list, GROUP BY or
    /// ORDER BY.
    pub fn set_column_limit(&self, n: usize) -> Result<()> {
        self.inner.lock()?.column_limit = n;
        Ok(())
    }

    /// `sqlite3_set_authorizer`: consulted while statements are compiled.
    pub fn set_authorizer(&self, auth: Option<Authorizer>) -> Result<()> {
        self.inner.lock()?.hooks.authorizer = auth;
        Ok(())
    }
}

impl Connection {
    /// `sqlite3_update_hook`.
    pub fn set_update_hook(&self, hook: Option<UpdateHook>) -> Result<()> {
        self.inner.lock()?.hooks.update = hook;
        Ok(())
    }
}
