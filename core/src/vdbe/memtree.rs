//! In-memory b-tree stand-in for ephemeral tables and indexes (`OpenEphemeral`): a sorted
//! vector of entries shared by every cursor opened on it (`OpenDup`).
//!
//! Table trees keep `(rowid, record)` sorted by rowid; index trees keep key records sorted by
//! the comparator the VM passes on each seek/insert. Invariant: entries are always sorted.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::Result;

use super::cursor::{KeyCmp, SeekOp, TreeCursor};

type Entry = (i64, Vec<u8>);

/// Entries kept sorted in chunks of at most `2 * CHUNK`, so an insert in the middle moves
/// at most a chunk, not the whole table. `starts[i]` is the global index of `chunks[i][0]`.
/// Invariant: no chunk is empty.
#[derive(Default)]
struct Rows {
    chunks: Vec<Vec<Entry>>,
    starts: Vec<usize>,
    len: usize,
}

const CHUNK: usize = 256;

impl Rows {
    fn len(&self) -> usize {
        self.len
    }

    fn clear(&mut self) {
        *self = Rows::default();
    }

    /// (chunk, offset) of global index `i < len`.
    fn locate(&self, i: usize) -> (usize, usize) {
        let c = self.starts.partition_point(|&s| s <= i).saturating_sub(1);
        (c, i - self.starts[c])
    }

    fn get(&self, i: usize) -> Option<&Entry> {
        if i >= self.len {
            return None;
        }
        let (c, o) = self.locate(i);
        self.chunks[c].get(o)
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut Entry> {
        if i >= self.len {
            return None;
        }
        let (c, o) = self.locate(i);
        self.chunks[c].get_mut(o)
    }

    fn last(&self) -> Option<&Entry> {
        self.chunks.last().and_then(|c| c.last())
    }

    fn reindex(&mut self) {
        self.starts.clear();
        let mut at = 0;
        for c in &self.chunks {
            self.starts.push(at);
            at += c.len();
        }
        self.len = at;
    }

    /// Inserts `e` so that it becomes entry `i` (`i <= len`).
    fn insert(&mut self, i: usize, e: Entry) {
        if self.chunks.is_empty() {
            self.chunks.push(vec![e]);
        } else if i >= self.len {
            let last = self.chunks.len() - 1;
            self.chunks[last].push(e);
            self.split(last);
        } else {
            let (c, o) = self.locate(i);
            self.chunks[c].insert(o, e);
            self.split(c);
        }
        self.reindex();
    }

    fn split(&mut self, c: usize) {
        if self.chunks[c].len() > 2 * CHUNK {
            let tail = self.chunks[c].split_off(CHUNK);
            self.chunks.insert(c + 1, tail);
        }
    }

    fn remove(&mut self, i: usize) {
        if i >= self.len {
            return;
        }
        let (c, o) = self.locate(i);
        self.chunks[c].remove(o);
        if self.chunks[c].is_empty() {
            self.chunks.remove(c);
        }
        self.reindex();
    }

    /// First index whose entry does not satisfy `pred` (entries must be partitioned).
    fn partition_point(&self, pred: impl Fn(&Entry) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.get(mid).is_some_and(&pred) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[derive(Default)]
struct Data {
    rows: Rows,
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
        let (lo, hi) = bounds(n, |i| Ok(d.rows.get(i).map_or(0, |r| r.0).cmp(&rowid)))?;
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
        let at = if d.rows.last().is_none_or(|r| r.0 < rowid) {
            n
        } else {
            d.rows.partition_point(|r| r.0 < rowid)
        };
        if at < n && d.rows.get(at).is_some_and(|r| r.0 == rowid) {
            if let Some(r) = d.rows.get_mut(at) {
                r.1 = payload.to_vec();
            }
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
        let (lo, hi) = bounds(n, |i| cmp(d.rows.get(i).map_or(&[][..], |r| &r.1)))?;
        drop(d);
        Ok(self.land(op, lo, hi, n, hi > lo))
    }
    fn insert_index(&mut self, key: &[u8], cmp: KeyCmp<'_>) -> Result<()> {
        self.hole = None;
        let data = self.tree.data.clone();
        let mut d = data.lock();
        let n = d.rows.len();
        let (lo, hi) = bounds(n, |i| cmp(d.rows.get(i).map_or(&[][..], |r| &r.1)))?;
        if hi > lo {
            if let Some(r) = d.rows.get_mut(lo) {
                r.1 = key.to_vec();
            }
        } else {
            d.rows.insert(lo, (0, key.to_vec()));
        }
        self.pos = Some(lo);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn matches_a_btreemap_model() {
        let tree = MemTree::new();
        let mut c = tree.cursor();
        let mut model = BTreeMap::new();
        let mut x: u64 = 12345;
        for step in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let k = (x % 5000) as i64;
            if step % 3 == 2 {
                if c.seek_rowid(SeekOp::EQ, k).unwrap() {
                    c.delete().unwrap();
                }
                model.remove(&k);
            } else {
                c.insert(k, &k.to_be_bytes()).unwrap();
                model.insert(k, k);
            }
        }
        let mut got = Vec::new();
        let mut more = c.first().unwrap();
        while more {
            got.push(c.rowid().unwrap());
            more = c.next().unwrap();
        }
        let want: Vec<i64> = model.keys().copied().collect();
        assert_eq!(got, want);
        assert_eq!(c.count().unwrap(), want.len() as u64);
        // Delete-while-scanning keeps the iteration order.
        let mut more = c.first().unwrap();
        let mut n = 0;
        while more {
            if c.rowid().unwrap() % 2 == 0 {
                c.delete().unwrap();
            }
            n += 1;
            more = c.next().unwrap();
        }
        assert_eq!(n, want.len());
        assert_eq!(
            c.count().unwrap() as usize,
            want.iter().filter(|k| *k % 2 != 0).count()
        );
        assert!(c.seek_rowid(SeekOp::LE, 1_000_000).unwrap());
        assert_eq!(
            c.rowid().unwrap(),
            *want.iter().rfind(|k| *k % 2 != 0).unwrap()
        );
    }
}
