//! Cache spill: when a write transaction has more dirty pages than the cache should hold,
//! journal their originals durably, take EXCLUSIVE and write the unreferenced dirty pages
//! into the database file early, so they become clean and evictable.
//!
//! The transaction is not committed by this: the journal can still restore the old state
//! (a crash leaves it hot), `rollback` writes the original images back, and `commit` writes
//! what is still dirty. A page spilled and read back in the same transaction is dirty again
//! (`State::writable`), so later changes reach the file without a new `make_writable`.

use super::state::{State, Txn};
use crate::error::{codes, Result};
use crate::io::LockLevel;

impl State {
    /// Spills if the cache is over capacity because of dirty pages. Skipped (the cache just
    /// grows) for in-memory databases, journal modes without a journal file, and when
    /// EXCLUSIVE is not available now. An I/O error puts the pager in the error state.
    pub(crate) fn maybe_spill(&mut self) -> Result<()> {
        if self.txn != Txn::Write
            || !self.cache_spill
            || self.cache.len() <= self.cache.capacity()
            || self.dirty.len() <= self.spill_retry_at
            || self.in_memory
            || (!self.journal_mode.on_disk() && self.wal.is_none())
        {
            return Ok(());
        }
        let victims: Vec<_> = self
            .dirty
            .iter()
            .filter_map(|pgno| self.cache.peek(*pgno))
            .filter(|page| std::sync::Arc::strong_count(page) == 1)
            .cloned()
            .collect();
        self.spill_retry_at = self.dirty.len() - victims.len() + self.cache.capacity() / 10 + 1;
        if victims.is_empty() {
            return Ok(());
        }
        if self.wal.is_some() {
            let r = self.wal_spill(&victims);
            drop(victims);
            self.cache.shrink(&self.dirty);
            return r;
        }
        match self.lock_busy(LockLevel::Exclusive, false) {
            Ok(()) => {}
            Err(e) if e.code() == codes::SQLITE_BUSY => {
                self.spill_retry_at = self.dirty.len() + self.cache.capacity() / 10 + 1;
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        let r = self.write_journal().and_then(|_| {
            self.spilled = true;
            let ps = self.page_size as u64;
            for page in &victims {
                self.db
                    .write_at((page.pgno() as u64 - 1) * ps, &page.data())?;
                self.dirty.remove(&page.pgno());
            }
            Ok(())
        });
        if let Err(e) = r {
            if self.spilled {
                self.failed = Some(e.clone());
            }
            return Err(e);
        }
        drop(victims);
        self.cache.shrink(&self.dirty);
        Ok(())
    }
}
