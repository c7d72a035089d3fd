//! Savepoints: nested marks inside a write transaction that can be rolled back to.
//!
//! A savepoint remembers the page count when it opened and, for every page changed after it
//! opened, the page's bytes at that moment (recorded by `make_writable`, the first time the page
//! is made writable under that savepoint). Rolling back to it writes those bytes back into the
//! cached pages and forgets pages allocated since; the freelist and header live in pages, so
//! they come back too.

use std::collections::HashMap;

use super::PageNo;

#[derive(Debug, Default)]
pub(crate) struct Savepoint {
    pub page_count: PageNo,
    pub images: HashMap<PageNo, Vec<u8>>,
}

impl Savepoint {
    pub(crate) fn new(page_count: PageNo) -> Savepoint {
        Savepoint {
            page_count,
            images: HashMap::new(),
        }
    }

    /// Records `pgno`'s bytes before its first change under this savepoint.
    pub(crate) fn record(&mut self, pgno: PageNo, bytes: &[u8]) {
        if pgno <= self.page_count && !self.images.contains_key(&pgno) {
            self.images.insert(pgno, bytes.to_vec());
        }
    }

    /// Whether `pgno` needs no image (already recorded, or allocated after the savepoint).
    pub(crate) fn covers(&self, pgno: PageNo) -> bool {
        pgno > self.page_count || self.images.contains_key(&pgno)
    }
}
