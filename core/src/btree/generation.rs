//! Change counts per tree, shared by every cursor on it, so that a cursor notices when another
//! cursor changed the tree under its position (SQLite saves all cursors' positions before a
//! change; here each cursor checks the count before it moves).
//!
//! Keyed by (pager address, root page). Entries are weak: they go away with the last cursor.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::pager::{PageNo, Pager};

type Registry = HashMap<(usize, PageNo), Weak<AtomicU64>>;

fn registry() -> &'static Mutex<Registry> {
    static REG: OnceLock<Mutex<Registry>> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The shared change counter of tree `root` in `pager`.
pub(crate) fn tree_generation(pager: &Pager, root: PageNo) -> Arc<AtomicU64> {
    let key = (pager as *const Pager as usize, root);
    let mut reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(g) = reg.get(&key).and_then(Weak::upgrade) {
        return g;
    }
    if reg.len() > 64 {
        reg.retain(|_, w| w.strong_count() > 0);
    }
    let g = Arc::new(AtomicU64::new(0));
    reg.insert(key, Arc::downgrade(&g));
    g
}

/// Marks tree `root` changed outside any cursor (clear, drop).
pub(crate) fn bump(pager: &Pager, root: PageNo) {
    let key = (pager as *const Pager as usize, root);
    let reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(g) = reg.get(&key).and_then(Weak::upgrade) {
        g.fetch_add(1, Ordering::AcqRel);
    }
}
