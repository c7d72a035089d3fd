//! One cached page: its number and its bytes, shared between the cache and the cursors.

use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::sync::Arc;

/// A 1-based page number; page 1 starts with the database header.
pub type PageNo = u32;

/// One page's bytes. A cursor that holds a [`PageRef`] pins the page in the cache.
#[derive(Debug)]
pub struct Page {
    pgno: PageNo,
    data: RwLock<Vec<u8>>,
}

pub type PageRef = Arc<Page>;

impl Page {
    pub(crate) fn new(pgno: PageNo, data: Vec<u8>) -> PageRef {
        Arc::new(Page {
            pgno,
            data: RwLock::new(data),
        })
    }

    pub fn pgno(&self) -> PageNo {
        self.pgno
    }

    pub fn data(&self) -> RwLockReadGuard<'_, Vec<u8>> {
        self.data.read()
    }

    /// Mutable bytes. The caller must have called [`super::Pager::make_writable`] on this page
    /// in the current write transaction (or savepoint); otherwise the change is neither
    /// journaled nor written.
    pub fn data_mut(&self) -> RwLockWriteGuard<'_, Vec<u8>> {
        self.data.write()
    }
}
