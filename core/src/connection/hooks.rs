//! Application callbacks a connection calls while it works (SQLite's C API hooks):
//! the progress handler (every N VM instructions; `true` interrupts the statement), the
//! commit hook (`true` turns the COMMIT into a rollback), the rollback hook, the update hook
//! (each changed row of a rowid table), and the
//! authorizer the compiler consults for each table and column a statement touches.
//!
//! Each callback is an `Arc<dyn Fn>` so statements can run it without holding a borrow of
//! the registration.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The authorizer's answer (`SQLITE_OK`, `SQLITE_DENY`, `SQLITE_IGNORE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthResult {
    Ok,
    Deny,
    Ignore,
    /// Any other answer: the statement fails with "authorizer malfunction".
    Malfunction,
}

/// `authorizer(action, arg1, arg2, database, trigger_or_view)`, action codes as SQLite's
/// (`SQLITE_READ` = 20, `SQLITE_SELECT` = 21, ...).
pub type Authorizer = Arc<
    dyn Fn(i32, Option<&str>, Option<&str>, Option<&str>, Option<&str>) -> AuthResult + Send + Sync,
>;

pub struct ProgressHandler {
    pub every: u64,
    pub counter: AtomicU64,
    pub handler: Arc<dyn Fn() -> bool + Send + Sync>,
}

#[derive(Default)]
pub struct Hooks {
    pub progress: Option<ProgressHandler>,
    pub commit: Option<Arc<dyn Fn() -> bool + Send + Sync>>,
    pub rollback: Option<Arc<dyn Fn() + Send + Sync>>,
    pub authorizer: Option<Authorizer>,
    /// `update(op, database, table, rowid)` after each row a statement inserts, updates or
    /// deletes in a rowid table (op: SQLITE_INSERT 18, SQLITE_UPDATE 23, SQLITE_DELETE 9).
    pub update: Option<UpdateHook>,
}

pub type UpdateHook = Arc<dyn Fn(i32, &str, &str, i64) + Send + Sync>;

impl Hooks {
    /// Counts one VM instruction; true when the progress handler asks to interrupt.
    pub fn progress_interrupts(&self) -> bool {
        let Some(p) = &self.progress else {
            return false;
        };
        let n = p.counter.fetch_add(1, Ordering::Relaxed) + 1;
        n % p.every.max(1) == 0 && (p.handler)()
    }

    /// True when the commit hook turns this commit into a rollback.
    pub fn commit_vetoed(&self) -> bool {
        self.commit.as_ref().is_some_and(|h| h())
    }

    /// Reports a changed row to the update hook.
    pub fn row_changed(&self, op: i32, db: &str, table: &str, rowid: i64) {
        if let Some(h) = &self.update {
            h(op, db, table, rowid);
        }
    }

    pub fn rolled_back(&self) {
        if let Some(h) = &self.rollback {
            h();
        }
    }
}
