//! Pager settings: open options, journal modes, synchronous levels, the busy handler.

use std::sync::Arc;
use std::time::Duration;

/// Options fixed when a pager opens its file.
#[derive(Debug, Clone)]
pub struct PagerOptions {
    pub read_only: bool,
    pub create: bool,
    /// Page size for a new database.
    pub page_size: usize,
}

impl Default for PagerOptions {
    fn default() -> Self {
        PagerOptions {
            read_only: false,
            create: true,
            page_size: 4096,
        }
    }
}

/// `PRAGMA journal_mode` values of the rollback journal (WAL belongs to `wal/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalMode {
    /// Delete the journal at commit (the default).
    Delete,
    /// Truncate the journal to zero bytes at commit.
    Truncate,
    /// Zero the journal header at commit; keep the file.
    Persist,
    /// Keep the rollback images in memory only (the mode of `:memory:` databases).
    Memory,
    /// No rollback images on disk; a crash mid-commit may corrupt the database.
    Off,
    /// Write-ahead log (provided by the WAL layer; the rollback pager does not accept it).
    Wal,
}

impl JournalMode {
    /// The name `PRAGMA journal_mode` prints.
    pub fn name(self) -> &'static str {
        match self {
            JournalMode::Delete => "delete",
            JournalMode::Truncate => "truncate",
            JournalMode::Persist => "persist",
            JournalMode::Memory => "memory",
            JournalMode::Off => "off",
            JournalMode::Wal => "wal",
        }
    }

    /// Parses a `PRAGMA journal_mode` argument (case-insensitive).
    pub fn parse(s: &str) -> Option<JournalMode> {
        Some(match s.to_ascii_lowercase().as_str() {
            "delete" => JournalMode::Delete,
            "truncate" => JournalMode::Truncate,
            "persist" => JournalMode::Persist,
            "memory" => JournalMode::Memory,
            "off" => JournalMode::Off,
            "wal" => JournalMode::Wal,
            _ => return None,
        })
    }

    /// Whether the journal lives in a file.
    pub(crate) fn on_disk(self) -> bool {
        matches!(
            self,
            JournalMode::Delete | JournalMode::Truncate | JournalMode::Persist
        )
    }
}

/// `PRAGMA locking_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockingMode {
    /// Locks are released at the end of each transaction (the default).
    Normal,
    /// Locks are never released: SHARED from the first read, EXCLUSIVE from the first
    /// commit on, until the mode goes back to NORMAL or the pager closes.
    Exclusive,
}

impl LockingMode {
    /// The name `PRAGMA locking_mode` prints.
    pub fn name(self) -> &'static str {
        match self {
            LockingMode::Normal => "normal",
            LockingMode::Exclusive => "exclusive",
        }
    }
}

/// `PRAGMA synchronous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Synchronous {
    /// No fsync at all.
    Off = 0,
    /// fsync the journal once before writing the database, and the database before the
    /// journal is retired.
    Normal = 1,
    /// As NORMAL, plus a second journal fsync after its record count is written (the default).
    Full = 2,
    /// As FULL (directory syncs are not modelled).
    Extra = 3,
}

/// A busy handler: called with the number of previous calls for this lock attempt; returns
/// whether to retry.
pub type BusyHandler = Arc<dyn Fn(u32) -> bool + Send + Sync>;

/// The sleep schedule of `sqlite3_busy_timeout`: short sleeps first, then 100 ms.
pub(crate) fn timeout_handler(ms: u32) -> BusyHandler {
    const DELAYS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    Arc::new(move |count: u32| {
        let i = (count as usize).min(DELAYS.len() - 1);
        let slept: u64 = if (count as usize) < DELAYS.len() {
            DELAYS[..i].iter().sum()
        } else {
            DELAYS.iter().sum::<u64>() + 100 * (count as u64 - DELAYS.len() as u64)
        };
        if slept >= ms as u64 {
            return false;
        }
        let delay = DELAYS[i].min(ms as u64 - slept);
        std::thread::sleep(Duration::from_millis(delay));
        true
    })
}
