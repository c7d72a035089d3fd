//! The VM's view of a b-tree cursor, and the cursor kinds the VM keeps.
//!
//! [`TreeCursor`] mirrors the b-tree layer's `Cursor` API (`btree/`), so the VM drives a
//! b-tree in a database file and an in-memory ephemeral tree ([`super::memtree`]) the same
//! way. A [`VCursor`] adds what the VM needs on top: the decoded current row (cached until the
//! cursor moves), the NULL-row flag, the sequence counter and the key description.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::value::compare::KeyInfo;
use crate::value::record::RecordHeader;
use crate::value::Value;

use super::sorter::Sorter;

/// Seek operations, as the b-tree layer defines them (`cmp` returns entry.cmp(search)):
/// GE = first entry not Less; GT = first Greater; LE = last not Greater; LT = last Less;
/// EQ = like GE but true only on Equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeekOp {
    GE,
    GT,
    LE,
    LT,
    EQ,
}

/// A comparison of an index entry's key bytes with the search key.
pub(crate) type KeyCmp<'a> = &'a mut dyn FnMut(&[u8]) -> Result<Ordering>;

/// The operations the VM needs from a b-tree cursor (table or index).
pub(crate) trait TreeCursor: Send {
    fn first(&mut self) -> Result<bool>;
    fn last(&mut self) -> Result<bool>;
    fn next(&mut self) -> Result<bool>;
    fn prev(&mut self) -> Result<bool>;
    fn is_valid(&self) -> bool;
    fn seek_rowid(&mut self, op: SeekOp, rowid: i64) -> Result<bool>;
    fn rowid(&self) -> Result<i64>;
    fn insert(&mut self, rowid: i64, payload: &[u8]) -> Result<()>;
    fn max_rowid(&mut self) -> Result<Option<i64>>;
    fn payload(&self) -> Result<Vec<u8>>;
    fn delete(&mut self) -> Result<()>;
    fn count(&mut self) -> Result<u64>;
    fn seek_index(&mut self, op: SeekOp, cmp: KeyCmp<'_>) -> Result<bool>;
    fn insert_index(&mut self, key: &[u8], cmp: KeyCmp<'_>) -> Result<()>;
}

/// What a VM cursor reads from.
pub(crate) enum Source {
    /// A table or index b-tree (file or ephemeral).
    Tree(Box<dyn TreeCursor>),
    /// A single row: the record held in a register.
    Pseudo(usize),
    /// A sorter.
    Sorter(Sorter),
}

/// One open VM cursor.
pub(crate) struct VCursor {
    pub source: Source,
    /// True for index b-trees (key-only entries).
    pub is_index: bool,
    pub key_info: Option<Arc<KeyInfo>>,
    /// Set by NullRow: columns read NULL until the cursor moves.
    pub null_row: bool,
    /// Counter for `Sequence`.
    pub seq: i64,
    /// The current entry's payload and parsed header, cached until the cursor moves.
    row: Option<(Vec<u8>, RecordHeader)>,
    /// The ephemeral tree this cursor was opened on, for OpenDup.
    pub mem: Option<super::memtree::MemTree>,
    /// An error to raise when the cursor moves past its last row (a `WindowEval` result
    /// whose evaluation failed at the row after it).
    pub deferred: Option<Error>,
}

impl VCursor {
    pub fn new(source: Source, is_index: bool, key_info: Option<Arc<KeyInfo>>) -> VCursor {
        VCursor {
            source,
            is_index,
            key_info,
            null_row: false,
            seq: 0,
            row: None,
            mem: None,
            deferred: None,
        }
    }

    /// Forget the cached row (call after every move or write).
    pub fn invalidate(&mut self) {
        self.row = None;
    }

    pub fn tree(&mut self) -> Result<&mut dyn TreeCursor> {
        self.row = None;
        match &mut self.source {
            Source::Tree(t) => Ok(t.as_mut()),
            _ => Err(Error::new(
                crate::error::codes::SQLITE_INTERNAL,
                "cursor is not a b-tree",
            )),
        }
    }

    /// The current row's payload and header, loading them when needed. `regs` supplies a
    /// pseudo cursor's record. `None` when the cursor is not on a row.
    pub fn current_row(&mut self, regs: &[Value]) -> Result<Option<&(Vec<u8>, RecordHeader)>> {
        if self.null_row {
            return Ok(None);
        }
        if self.row.is_none() {
            let payload = match &self.source {
                Source::Tree(t) => {
                    if !t.is_valid() {
                        return Ok(None);
                    }
                    t.payload()?
                }
                Source::Pseudo(reg) => match regs.get(*reg) {
                    Some(Value::Blob(b)) => b.clone(),
                    _ => return Ok(None),
                },
                Source::Sorter(s) => match s.current() {
                    Some(rec) => rec.to_vec(),
                    None => return Ok(None),
                },
            };
            let hdr = RecordHeader::parse(&payload)?;
            self.row = Some((payload, hdr));
        }
        Ok(self.row.as_ref())
    }

    /// Column `i` of the current row: `None` when there is no row (NULL), `Some(None)` when
    /// the record is shorter than `i`.
    pub fn column(&mut self, regs: &[Value], i: usize) -> Result<Option<Option<Value>>> {
        match self.current_row(regs)? {
            None => Ok(None),
            Some((payload, hdr)) => Ok(Some(hdr.column(payload, i)?)),
        }
    }
}
