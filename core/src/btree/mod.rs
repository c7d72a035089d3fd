//! B-trees: SQLite's table and index b-trees over the pager's pages, byte-compatible with
//! SQLite 3 (fileformat2 §1.6).
//!
//! A database file holds many b-trees, each named by its root page number (which never changes
//! for the life of the tree). Two kinds:
//!
//! | kind  | key                      | leaf cell            | interior cell                  |
//! |-------|--------------------------|----------------------|--------------------------------|
//! | table | 64-bit rowid             | rowid + record       | left child + largest rowid in it |
//! | index | the record (whole entry) | key record           | left child + key record (an entry) |
//!
//! All leaves are at the same depth. In a table tree every entry is in a leaf and interior cells
//! only route; in an index tree interior cells are entries too. Payloads too large for a cell
//! spill into overflow chains (`overflow`). Page layout and cell formats: `page`.
//!
//! Module map: [`varint`] (integers), `page` (one page's bytes), `overflow` (chains),
//! `balance` (splits and merges), `cursor` (navigation and changes), `tree`
//! (create/drop/clear), `check` (integrity checking).
//!
//! Contract with the layers around it: pages come from the [`Pager`](crate::pager::Pager),
//! writes happen inside the pager's write transaction, freed pages go to `pager.free`. The VM
//! owns record encoding and comparison; index cursors receive comparisons as closures.
//!
//! # Using cursors (for the VM)
//! - Seeks: [`SeekOp`] semantics are SQLite's; the result says whether the entry landed on
//!   satisfies the op, and the cursor otherwise rests on the nearest entry (invalid only when
//!   the tree is empty). Index seeks take `cmp(entry_key) = entry.cmp(search_key)`.
//! - `insert`/`insert_index` leave the cursor on the new entry; an equal key is replaced.
//! - `delete` leaves the cursor between entries: `next()` gives the entry after the deleted one,
//!   `prev()` the one before; `rowid()`/`payload()` are errors until then. Index cursors re-find
//!   their place after a rebalancing delete with [`Cursor::set_key_comparator`] (record
//!   comparison of two keys); without it, by a scan of the tree.
//! - Several cursors may be open on one tree. A change through one makes the others stale: a
//!   stale table cursor re-finds its rowid on its next move (and `rowid()`/`payload()` still
//!   work while its entry is in place); a stale index cursor reports `SQLITE_ABORT` until it is
//!   re-positioned by a seek, `first` or `last`.
//! - `PRAGMA integrity_check`: [`check_database`] (freelist, all trees, unused pages) or
//!   [`check_tree`] per tree, with sqlite3's messages; the caller adds the
//!   `*** in database main ***` heading and the row-level checks (indexes vs tables).
//! - Corrupt pages give `SQLITE_CORRUPT` errors; set `FERROLITE_CORRUPT_TRACE=1` (debug builds)
//!   to print where each was detected.

/// `Error::corrupt()`, noting where it was detected: with `FERROLITE_CORRUPT_TRACE` set (debug
/// builds), the file and line go to stderr — the b-tree's answer to SQLite's CORRUPT_BKPT.
macro_rules! corrupt {
    () => {{
        #[cfg(debug_assertions)]
        if std::env::var_os("FERROLITE_CORRUPT_TRACE").is_some() {
            eprintln!("corruption detected at {}:{}", file!(), line!());
        }
        $crate::error::Error::corrupt()
    }};
}

mod balance;
mod check;
mod cursor;
mod generation;
mod overflow;
mod page;
mod tree;
pub mod varint;

pub use check::{check_database, check_tree, check_tree_refs, PageRefs};
pub use cursor::{Cursor, KeyCompare};
pub use tree::{clear_tree, create_tree, drop_tree, init_root, tree_kind};

#[cfg(test)]
mod tests;

/// Which kind of b-tree: table (rowid keys, record payloads) or index (key-only payloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeKind {
    Table,
    Index,
}

/// How a seek positions the cursor relative to the search key.
///
/// GE: first entry ≥ key; GT: first entry > key; LE: last entry ≤ key; LT: last entry < key;
/// EQ: like GE but reports success only on an equal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekOp {
    GE,
    GT,
    LE,
    LT,
    EQ,
}
