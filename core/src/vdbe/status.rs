//! Per-statement counters behind `sqlite3_stmt_status` (c3ref/c_stmtstatus_counter.html).
//!
//! | counter (op)          | counted here                                                      |
//! |-----------------------|-------------------------------------------------------------------|
//! | FULLSCAN_STEP (1)     | `Next`/`Prev` moving on a b-tree cursor whose loop began with `Rewind`/`Last` |
//! | SORT (2)              | sorter sorts (`SorterSort`, `Rewind` of a sorter)                 |
//! | AUTOINDEX (3)         | not counted (reads 0)                                             |
//! | VM_STEP (4)           | instructions executed                                             |
//! | REPREPARE (5)         | recompilations after a schema change                              |
//! | RUN (6)               | runs started (first `step` after prepare or reset)                |
//! | FILTER_MISS/HIT (7/8) | not counted (no Bloom filters here; reads 0)                      |
//! | MEMUSED (99)          | not counted here (the C layer estimates it)                       |
//!
//! Ferrolite's programs are not SQLite's instruction for instruction, so VM_STEP and
//! FULLSCAN_STEP have SQLite's meaning, not its exact figures.

use std::collections::HashSet;

use super::insn::CursorId;

/// The counters of one prepared statement; they survive resets and recompilation.
#[derive(Debug, Default, Clone)]
pub struct StmtStatus {
    pub fullscan_step: u64,
    pub sort: u64,
    pub autoindex: u64,
    pub vm_step: u64,
    pub reprepare: u64,
    pub run: u64,
    /// Cursors currently in a full scan (positioned by Rewind/Last, not by a seek).
    scanning: HashSet<CursorId>,
}

impl StmtStatus {
    /// Cursor `c` began a full scan.
    pub(crate) fn scan_started(&mut self, c: CursorId) {
        self.scanning.insert(c);
    }

    /// Cursor `c` was (re)opened or positioned by a seek: not a full scan.
    pub(crate) fn scan_ended(&mut self, c: CursorId) {
        self.scanning.remove(&c);
    }

    /// Cursor `c` stepped (`Next`/`Prev`).
    pub(crate) fn stepped(&mut self, c: CursorId) {
        if self.scanning.contains(&c) {
            self.fullscan_step += 1;
        }
    }

    /// The value of counter `op` (SQLite's SQLITE_STMTSTATUS_* numbers); 0 for others.
    pub fn get(&self, op: i32) -> u64 {
        match op {
            1 => self.fullscan_step,
            2 => self.sort,
            3 => self.autoindex,
            4 => self.vm_step,
            5 => self.reprepare,
            6 => self.run,
            _ => 0,
        }
    }

    /// Sets counter `op` to 0 (`sqlite3_stmt_status` with reset).
    pub fn reset(&mut self, op: i32) {
        match op {
            1 => self.fullscan_step = 0,
            2 => self.sort = 0,
            3 => self.autoindex = 0,
            4 => self.vm_step = 0,
            5 => self.reprepare = 0,
            6 => self.run = 0,
            _ => {}
        }
    }
}
