//! The "no I/O" mode of the page cache: how a page miss becomes *I/O pending* (DESIGN
//! decision 5) instead of a read.
//!
//! While a thread holds an [`Armed`] guard, [`Pager::get`](super::Pager::get) answers only
//! from the cache. A miss (or a first read that would need a lock) does no I/O: it records
//! which pager and page were wanted in a thread-local slot and returns an internal error whose
//! only job is to unwind the caller. The VM, which armed the guard around one instruction,
//! sees the recorded miss ([`take_miss`]), undoes or repeats nothing it changed (b-tree
//! cursors restore their position, see `btree::cursor`), reports `StepOutcome::Pending`, and
//! re-runs the instruction after [`Pager::load`](super::Pager::load) brought the page in.
//!
//! The recorded miss, not the error value, is the source of truth: code between the pager and
//! the VM may wrap or replace the error, and the VM still knows the instruction was cut short
//! by a miss. The error never reaches a user (the VM turns it into `Pending`).
//!
//! | state | `Pager::get` on a cached page | on a miss |
//! |---|---|---|
//! | not armed (sync API, worker jobs) | the page | reads it (blocking) |
//! | armed (async step, one instruction) | the page | records `(pager, pgno)`, returns the pending error |

use std::cell::Cell;

use crate::error::{codes, Error};

use super::PageNo;

thread_local! {
    static ARMED: Cell<bool> = const { Cell::new(false) };
    /// The first miss since the slot was last taken: the pager's address (identity only,
    /// never dereferenced) and the page.
    static MISS: Cell<Option<(usize, PageNo)>> = const { Cell::new(None) };
}

/// Arms the no-I/O mode on this thread until dropped (restoring the previous mode).
pub(crate) struct Armed {
    prev: bool,
}

impl Armed {
    pub(crate) fn new() -> Armed {
        Armed {
            prev: ARMED.with(|a| a.replace(true)),
        }
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.with(|a| a.set(self.prev));
    }
}

/// Disarms the no-I/O mode on this thread until dropped (for work that may block, such as a
/// whole job on the I/O worker).
pub(crate) struct Disarmed {
    prev: bool,
}

impl Disarmed {
    pub(crate) fn new() -> Disarmed {
        Disarmed {
            prev: ARMED.with(|a| a.replace(false)),
        }
    }
}

impl Drop for Disarmed {
    fn drop(&mut self) {
        ARMED.with(|a| a.set(self.prev));
    }
}

/// Whether page reads on this thread must not do I/O.
#[inline]
pub(crate) fn armed() -> bool {
    ARMED.with(Cell::get)
}

/// Records a miss of page `pgno` of the pager at `pager` (its address) and returns the error
/// that unwinds the caller. The first miss wins until [`take_miss`].
pub(crate) fn miss(pager: usize, pgno: PageNo) -> Error {
    MISS.with(|m| {
        if m.get().is_none() {
            m.set(Some((pager, pgno)));
        }
    });
    Error::new(codes::SQLITE_IOERR, "I/O pending (internal)")
}

/// Takes the recorded miss, if any.
pub(crate) fn take_miss() -> Option<(usize, PageNo)> {
    MISS.with(Cell::take)
}

/// Whether a miss is recorded (without taking it).
pub(crate) fn has_miss() -> bool {
    MISS.with(|m| m.get().is_some())
}
