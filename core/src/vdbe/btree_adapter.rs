//! Binds the VM's [`TreeCursor`] to the b-tree layer (`btree::Cursor`) of a database file.

use crate::connection::ConnState;
use crate::error::{Error, Result};

use super::cursor::TreeCursor;

/// Opens a cursor on b-tree `root` of database `db`.
pub(crate) fn open_cursor(
    conn: &ConnState,
    db: usize,
    root: u32,
    is_index: bool,
) -> Result<Box<dyn TreeCursor>> {
    let _ = (conn.pager(db)?, root, is_index);
    Err(Error::sql("b-tree layer not merged yet"))
}

/// Creates an empty b-tree in database `db`; returns its root page.
pub(crate) fn create_tree(
    conn: &ConnState,
    db: usize,
    kind: super::insn::BtreeKind,
) -> Result<u32> {
    let _ = (conn.pager(db)?, kind);
    Err(Error::sql("b-tree layer not merged yet"))
}

/// Frees every page of b-tree `root`.
pub(crate) fn drop_tree(conn: &ConnState, db: usize, root: u32) -> Result<()> {
    let _ = (conn.pager(db)?, root);
    Err(Error::sql("b-tree layer not merged yet"))
}

/// Deletes every row of b-tree `root`; returns how many.
pub(crate) fn clear_tree(conn: &ConnState, db: usize, root: u32) -> Result<u64> {
    let _ = (conn.pager(db)?, root);
    Err(Error::sql("b-tree layer not merged yet"))
}
