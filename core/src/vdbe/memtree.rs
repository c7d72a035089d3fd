//! In-memory b-tree stand-in for ephemeral tables and indexes (`OpenEphemeral`): a sorted
//! vector of entries shared by every cursor opened on it (`OpenDup`).
//!
//! Table trees keep `(rowid, record)` sorted by rowid; index trees keep key records sorted by
//! the comparator the VM passes on each seek/insert. Invariant: entries are always sorted.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::Result;

use super::cursor::{KeyCmp, SeekOp, TreeCursor};

#[derive(Default)]
struct Data {
    rows: Vec<(i64, Vec<u8>)>,
}

/// A shared in-memory tree.
#[derive(Clone, Default)]
pub(crate) struct MemTree {
    data: Arc<Mutex<Data>>,
}

impl MemTree {
    pub fn new() -> MemTree {
        MemTree::default()
    }

    pub fn cursor(&self) -> MemCursor {
        MemCursor {
            tree: self.clone(),
            pos: None,
            hole: None,
        }
    }

    pub fn clear(&self) {
        self.data.lock().rows.clear();
    }
}

/// A cursor over a [`MemTree`].
pub(crate) struct MemCursor {
    tree: MemTree,
    pos: Option<usize>,
    /// After a delete: the index the deleted entry had (the cursor sits just before it).
    hole: Option<usize>,
}

/// (first index with cmp != Less, first index with cmp == Greater).
fn bounds(
    n: usize,
    mut cmp_at: impl FnMut(usize) -> Result<std::cmp::Ordering>,
) -> Result<(usize, usize)> {
    use std::cmp::Ordering::*;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if cmp_at(mid)? == Less {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let lower = lo;
    let mut hi = n;
    while lo < hi {
        let mid = (lo + hi) / 2;
        if cmp_at(mid)? == Greater {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok((lower, lo))
}

impl MemCursor {
    fn len(&self) -> usize {
        self.tree.data.lock().rows.len()
    }

    fn land(&mut self, op: SeekOp, lower: usize, upper: usize, n: usize, eq: bool) -> bool {
        let target = match op {
            SeekOp::GE | SeekOp::EQ => lower as isize,
            SeekOp::GT => upper as isize,
            SeekOp::LE => upper as isize - 1,
            SeekOp::LT => lower as isize - 1,
        };
        if target >= 0 && (target as usize) < n {
            self.pos = Some(target as usize);
            op != SeekOp::EQ || eq
        } else {
            self.pos = if n == 0 {
                None
            } else {
                Some((target.max(0) as usize).min(n - 1))
            };
            false
        }
    }
}

impl TreeCursor for MemCursor {
    fn first(&mut self) -> Result<bool> {
        self.hole = None;
        self.pos = if self.len() > 0 { Some(0) } else { None };
        Ok(self.pos.is_some())
    }
    fn last(&mut self) -> Result<bool> {
        self.hole = None;
        let n = self.len();
        self.pos = if n > 0 { Some(n - 1) } else { None };
        Ok(self.pos.is_some())
    }
    fn next(&mut self) -> Result<bool> {
        let n = self.len();
        if let Some(h) = self.hole.take() {
            self.pos = (h < n).then_some(h);
            return Ok(self.pos.is_some());
        }
        self.pos = match self.pos {
            Some(p) if p + 1 < n => Some(p + 1),
            _ => None,
        };
        Ok(self.pos.is_some())
    }
    fn prev(&mut self) -> Result<bool> {
        if let Some(h) = self.hole.take() {
            self.pos = h.checked_sub(1);
            return Ok(self.pos.is_some());
        }
        self.pos = match self.pos {
            Some(p) if p > 0 => Some(p - 1),
            _ => None,
        };
        Ok(self.pos.is_some())
    }
    fn is_valid(&self) -> bool {
        self.pos.is_some_and(|p| p < self.len())
    }
    fn seek_rowid(&mut self, op: SeekOp, rowid: i64) -> Result<bool> {
        self.hole = None;
        let data = self.tree.data.clone();
        let d = data.lock();
        let n = d.rows.len();
        let (lo, hi) = bounds(n, |i| Ok(d.rows[i].0.cmp(&rowid)))?;
        drop(d);
        Ok(self.land(op, lo, hi, n, hi > lo))
    }
    fn rowid(&self) -> Result<i64> {
        let d = self.tree.data.lock();
        Ok(self.pos.and_then(|p| d.rows.get(p)).map_or(0, |r| r.0))
    }
    fn insert(&mut self, rowid: i64, payload: &[u8]) -> Result<()> {
        self.hole = None;
        let mut d = self.tree.data.lock();
        let n = d.rows.len();
        let at = if n == 0 || d.rows[n - 1].0 < rowid {
            n
        } else {
            d.rows.partition_point(|r| r.0 < rowid)
        };
        if at < n && d.rows[at].0 == rowid {
            d.rows[at].1 = payload.to_vec();
        } else {
            d.rows.insert(at, (rowid, payload.to_vec()));
        }
        self.pos = Some(at);
        Ok(())
    }
    fn max_rowid(&mut self) -> Result<Option<i64>> {
        Ok(self.tree.data.lock().rows.last().map(|r| r.0))
    }
    fn payload(&self) -> Result<Vec<u8>> {
        let d = self.tree.data.lock();
        Ok(self
            .pos
            .and_then(|p| d.rows.get(p))
            .map(|r| r.1.clone())
            .unwrap_or_default())
    }
    fn delete(&mut self) -> Result<()> {
        let mut d = self.tree.data.lock();
        if let Some(p) = self.pos {
            if p < d.rows.len() {
                d.rows.remove(p);
                // Afterwards next() gives the entry after the deleted one, prev() the one before.
                self.pos = None;
                self.hole = Some(p);
            }
        }
        Ok(())
    }
    fn count(&mut self) -> Result<u64> {
        Ok(self.len() as u64)
    }
    fn seek_index(&mut self, op: SeekOp, cmp: KeyCmp<'_>) -> Result<bool> {
        self.hole = None;
        let data = self.tree.data.clone();
        let d = data.lock();
        let n = d.rows.len();
        let (lo, hi) = bounds(n, |i| cmp(&d.rows[i].1))?;
        drop(d);
        Ok(self.land(op, lo, hi, n, hi > lo))
    }
    fn insert_index(&mut self, key: &[u8], cmp: KeyCmp<'_>) -> Result<()> {
        self.hole = None;
        let data = self.tree.data.clone();
        let mut d = data.lock();
        let n = d.rows.len();
        let (lo, hi) = bounds(n, |i| cmp(&d.rows[i].1))?;
        if hi > lo {
            d.rows[lo].1 = key.to_vec();
        } else {
            d.rows.insert(lo, (0, key.to_vec()));
        }
        self.pos = Some(lo);
        Ok(())
    }
}
