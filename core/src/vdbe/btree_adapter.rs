//! Binds the VM's [`TreeCursor`] to the b-tree layer (`btree::Cursor`) of a database file.

use std::sync::Arc;

use crate::btree::{self, Cursor, TreeKind};
use crate::connection::ConnState;
use crate::error::Result;
use crate::value::compare::KeyInfo;
use crate::value::record::{compare_record, decode_record, RecordHeader};

use super::cursor::{KeyCmp, SeekOp, TreeCursor};
use super::insn::BtreeKind;

fn op(o: SeekOp) -> btree::SeekOp {
    match o {
        SeekOp::GE => btree::SeekOp::GE,
        SeekOp::GT => btree::SeekOp::GT,
        SeekOp::LE => btree::SeekOp::LE,
        SeekOp::LT => btree::SeekOp::LT,
        SeekOp::EQ => btree::SeekOp::EQ,
    }
}

impl TreeCursor for Cursor {
    fn first(&mut self) -> Result<bool> {
        Cursor::first(self)
    }
    fn last(&mut self) -> Result<bool> {
        Cursor::last(self)
    }
    fn next(&mut self) -> Result<bool> {
        Cursor::next(self)
    }
    fn prev(&mut self) -> Result<bool> {
        Cursor::prev(self)
    }
    fn is_valid(&self) -> bool {
        Cursor::is_valid(self)
    }
    fn seek_rowid(&mut self, o: SeekOp, rowid: i64) -> Result<bool> {
        Cursor::seek_rowid(self, op(o), rowid)
    }
    fn rowid(&self) -> Result<i64> {
        Cursor::rowid(self)
    }
    fn insert(&mut self, rowid: i64, payload: &[u8]) -> Result<()> {
        Cursor::insert(self, rowid, payload)
    }
    fn max_rowid(&mut self) -> Result<Option<i64>> {
        Cursor::max_rowid(self)
    }
    fn payload(&self) -> Result<Vec<u8>> {
        Cursor::payload(self)
    }
    fn delete(&mut self) -> Result<()> {
        Cursor::delete(self)
    }
    fn count(&mut self) -> Result<u64> {
        Cursor::count(self)
    }
    fn seek_index(&mut self, o: SeekOp, cmp: KeyCmp<'_>) -> Result<bool> {
        Cursor::seek_index(self, op(o), cmp)
    }
    fn insert_index(&mut self, key: &[u8], cmp: KeyCmp<'_>) -> Result<()> {
        Cursor::insert_index(self, key, cmp)
    }
}

/// Opens a cursor on b-tree `root` of database `db`.
pub(crate) fn open_cursor(
    conn: &ConnState,
    db: usize,
    root: u32,
    key_info: Option<Arc<KeyInfo>>,
) -> Result<Box<dyn TreeCursor>> {
    let pager = conn.pager(db)?;
    let kind = if key_info.is_some() {
        TreeKind::Index
    } else {
        TreeKind::Table
    };
    let mut c = Cursor::new(pager, root, kind);
    if let Some(ki) = key_info {
        c.set_key_comparator(Box::new(move |a: &[u8], b: &[u8]| {
            let bk = decode_record(b)?;
            let o = compare_record(a, &bk, &ki, None)?;
            if o != std::cmp::Ordering::Equal {
                return Ok(o);
            }
            Ok(RecordHeader::parse(a)?.len().cmp(&bk.len()))
        }));
    }
    Ok(Box::new(c))
}

/// Creates an empty b-tree in database `db`; returns its root page.
pub(crate) fn create_tree(conn: &ConnState, db: usize, kind: BtreeKind) -> Result<u32> {
    let kind = match kind {
        BtreeKind::Table => TreeKind::Table,
        BtreeKind::Index => TreeKind::Index,
    };
    btree::create_tree(&*conn.pager(db)?, kind)
}

/// Frees every page of b-tree `root`.
pub(crate) fn drop_tree(conn: &ConnState, db: usize, root: u32) -> Result<()> {
    btree::drop_tree(&*conn.pager(db)?, root)
}

/// Deletes every row of b-tree `root`; returns how many.
pub(crate) fn clear_tree(conn: &ConnState, db: usize, root: u32) -> Result<u64> {
    btree::clear_tree(&*conn.pager(db)?, root)
}
