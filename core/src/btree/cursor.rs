//! Cursors: positioned walks over one b-tree, and the entry points for changing it.
//!
//! A cursor holds the path from the root to its position: one [`Level`] per page, each with the
//! index of the child it descended into (interior) or of the current cell (leaf). In an index
//! tree the position may also be an interior cell — those cells are entries too — and then the
//! last level is that interior page with `idx` = the cell.
//!
//! States: `Invalid` (no entry), `Valid` (on an entry), `Deleted` (the current entry was just
//! removed in place; the leaf slot now holds its successor, possibly one past the last cell),
//! `Reseek` (a delete rebalanced the tree; the position is re-found from the deleted key on the
//! next `next()`/`prev()`). After `delete`, `next()` yields the entry after the deleted one and
//! `prev()` the one before it.
//!
//! Any change through one cursor invalidates the positions of other cursors on the same tree;
//! they must seek again (their reads stay memory-safe and at worst report corruption).
//!
//! Async reads (DESIGN decision 5): every public move (`first`, `last`, `next`, `prev`, seeks)
//! is all or nothing with respect to a page miss in the pager's no-I/O mode: when a page it
//! needs is not cached, the move puts the cursor back where it was and returns the pager's
//! pending error, so the VM can re-run the instruction after the page is loaded. Reads of the
//! current entry (`rowid`, `payload`, overflow chains) change nothing and need no undo.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::pager::{PageNo, PageRef, Pager};

use super::balance::{
    balance, balance_append, find_path, needs_balance, read_node, write_node, PathStep,
};
use super::overflow::{build_leaf_cell, free_chain, read_payload};
use super::page::{drop_cell, insert_cell, CellInfo, Node, PageInfo, INDEX_LEAF, TABLE_LEAF};
use super::{SeekOp, TreeKind};

/// The error for using a position that another cursor's change invalidated.
fn position_lost() -> Error {
    Error::new(
        crate::error::codes::SQLITE_ABORT,
        "b-tree cursor position lost: the tree was changed through another cursor",
    )
}

/// Deepest tree a cursor walks (SQLite's limit); deeper means a cycle in a corrupt file.
const MAX_DEPTH: usize = 20;

/// Compares an index entry's key bytes with a saved key: `entry.cmp(saved)`. Set by the VM
/// (which owns record comparison) so that a cursor can re-find its place after a delete.
pub type KeyCompare = Box<dyn FnMut(&[u8], &[u8]) -> Result<Ordering> + Send>;

#[derive(Clone)]
struct Level {
    page: PageRef,
    info: PageInfo,
    idx: usize,
}

#[derive(Clone)]
enum Resume {
    /// Table: the entry with this rowid was deleted; resume at its neighbours.
    Rowid(i64),
    /// Table: the cursor was on this rowid when another cursor changed the tree.
    RowidAt(i64),
    /// Index: the cursor was on (or had just deleted) this key when another cursor changed
    /// the tree; re-found with the key comparator.
    KeyAt(Vec<u8>),
    /// The key of the deleted entry's successor; `None` when it was the last entry.
    Key(Option<Vec<u8>>),
}

#[derive(Clone)]
enum State {
    Invalid,
    Valid,
    Deleted,
    Reseek(Resume),
}

/// What a seek looks for.
enum Target<'a> {
    Rowid(i64),
    Key(&'a mut dyn FnMut(&[u8]) -> Result<Ordering>),
}

/// A cursor over the tree rooted at `root`.
pub struct Cursor {
    pager: Arc<Pager>,
    root: PageNo,
    kind: TreeKind,
    usable: usize,
    stack: Vec<Level>,
    state: State,
    key_cmp: Option<KeyCompare>,
    /// Change count of this tree, shared by all its cursors, and the value this cursor last
    /// saw: when they differ another cursor changed the tree under this one's position.
    generation: Arc<AtomicU64>,
    seen: u64,
    /// Table cursors: the rowid of the entry last landed on (to re-find it when stale).
    saved_rowid: i64,
    /// Index cursors with a key comparator, while other cursors share the tree: the key of
    /// the entry last landed on.
    saved_key: Option<Vec<u8>>,
    /// The database was found writable by this b-tree layer (not auto-vacuum).
    write_ok: bool,
}

impl Cursor {
    /// A cursor on the tree rooted at `root`; it points at nothing until a seek or `first`/`last`.
    pub fn new(pager: Arc<Pager>, root: PageNo, kind: TreeKind) -> Cursor {
        let usable = pager.usable_size();
        let generation = super::generation::tree_generation(&pager, root);
        let seen = generation.load(AtomicOrdering::Acquire);
        Cursor {
            pager,
            root,
            kind,
            usable,
            stack: Vec::new(),
            state: State::Invalid,
            key_cmp: None,
            generation,
            seen,
            saved_rowid: 0,
            saved_key: None,
            write_ok: false,
        }
    }

    /// Index trees: the key comparison used to re-find the cursor's place after a delete that
    /// rebalanced the tree. Without it the cursor re-finds its place by a scan.
    pub fn set_key_comparator(&mut self, cmp: KeyCompare) {
        self.key_cmp = Some(cmp);
    }

    pub fn root(&self) -> PageNo {
        self.root
    }

    pub fn kind(&self) -> TreeKind {
        self.kind
    }

    pub fn is_valid(&self) -> bool {
        matches!(self.state, State::Valid)
    }

    // ----- navigation -------------------------------------------------------------------

    /// Runs a move so that it is all or nothing with respect to a page miss in the pager's
    /// no-I/O mode (`pager::pending`, DESIGN decision 5): if the move stops at a page that is
    /// not cached, the cursor is put back exactly where it was, so the VM can re-run the
    /// instruction once the page is loaded. Costs nothing when the mode is off (sync API).
    fn atomic<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if !crate::pager::pending::armed() {
            return f(self);
        }
        let saved = (
            self.stack.clone(),
            self.state.clone(),
            self.seen,
            self.saved_rowid,
            self.saved_key.clone(),
        );
        let r = f(self);
        if r.is_err() && crate::pager::pending::has_miss() {
            (
                self.stack,
                self.state,
                self.seen,
                self.saved_rowid,
                self.saved_key,
            ) = saved;
        }
        r
    }

    fn load(&self, pgno: PageNo) -> Result<Level> {
        if pgno == 0 || (pgno == 1 && self.root != 1) {
            return Err(corrupt!());
        }
        let page = self.pager.get(pgno)?;
        let info = PageInfo::parse(&page.data(), pgno, self.usable)?;
        if info.intkey != (self.kind == TreeKind::Table) {
            return Err(corrupt!());
        }
        Ok(Level { page, info, idx: 0 })
    }

    fn top(&self) -> Result<&Level> {
        self.stack.last().ok_or_else(Error::misuse)
    }

    fn top_mut(&mut self) -> Result<&mut Level> {
        self.stack.last_mut().ok_or_else(Error::misuse)
    }

    fn move_to_root(&mut self) -> Result<()> {
        self.stack.clear();
        self.state = State::Invalid;
        let root = self.load(self.root)?;
        self.stack.push(root);
        Ok(())
    }

    /// Descends into child `idx` of the top (interior) level.
    fn push_child(&mut self) -> Result<()> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(corrupt!());
        }
        let t = self.top()?;
        let child = t.info.child(&t.page.data(), t.idx)?;
        if self.stack.iter().any(|l| l.info.pgno == child) {
            return Err(corrupt!());
        }
        let lvl = self.load(child)?;
        self.stack.push(lvl);
        Ok(())
    }

    /// From the top level's current child, down the left edge to a leaf (idx 0 there).
    fn leftmost(&mut self) -> Result<()> {
        while !self.top()?.info.leaf {
            self.push_child()?;
        }
        Ok(())
    }

    /// From the top level's current child, down the right edge; the leaf's idx is its ncells.
    fn rightmost(&mut self) -> Result<()> {
        loop {
            let t = self.top_mut()?;
            t.idx = t.info.ncells;
            if t.info.leaf {
                return Ok(());
            }
            self.push_child()?;
        }
    }

    /// Settles on the leaf just reached by `leftmost`: valid if it has cells, else moves on.
    fn settle_forward(&mut self) -> Result<bool> {
        if self.top()?.info.ncells > 0 {
            self.top_mut()?.idx = 0;
            self.state = State::Valid;
            return Ok(true);
        }
        self.ascend_forward()
    }

    /// Settles on the leaf just reached by `rightmost`.
    fn settle_backward(&mut self) -> Result<bool> {
        let t = self.top_mut()?;
        if t.info.ncells > 0 {
            t.idx = t.info.ncells - 1;
            self.state = State::Valid;
            return Ok(true);
        }
        self.ascend_backward()
    }

    /// The top leaf is exhausted: climb to the next entry.
    fn ascend_forward(&mut self) -> Result<bool> {
        loop {
            self.stack.pop();
            let is_index = self.kind == TreeKind::Index;
            let Some(t) = self.stack.last_mut() else {
                self.state = State::Invalid;
                return Ok(false);
            };
            if t.idx < t.info.ncells {
                if is_index {
                    self.state = State::Valid;
                    return Ok(true);
                }
                t.idx += 1;
                self.push_child()?;
                self.leftmost()?;
                if self.top()?.info.ncells > 0 {
                    self.state = State::Valid;
                    return Ok(true);
                }
            }
        }
    }

    /// The top leaf is exhausted going backwards: climb to the previous entry.
    fn ascend_backward(&mut self) -> Result<bool> {
        loop {
            self.stack.pop();
            let is_index = self.kind == TreeKind::Index;
            let Some(t) = self.stack.last_mut() else {
                self.state = State::Invalid;
                return Ok(false);
            };
            if t.idx > 0 {
                t.idx -= 1;
                if is_index {
                    self.state = State::Valid;
                    return Ok(true);
                }
                self.push_child()?;
                self.rightmost()?;
                let t = self.top_mut()?;
                if t.info.ncells > 0 {
                    t.idx = t.info.ncells - 1;
                    self.state = State::Valid;
                    return Ok(true);
                }
            }
        }
    }

    // ----- other cursors' changes ---------------------------------------------------------

    fn is_stale(&self) -> bool {
        self.generation.load(AtomicOrdering::Acquire) != self.seen
    }

    /// Records that this cursor is positioned against the tree as it is now.
    fn landed(&mut self) -> Result<()> {
        self.seen = self.generation.load(AtomicOrdering::Acquire);
        if self.kind == TreeKind::Table && self.is_valid() {
            self.saved_rowid = self.current()?.1.key;
        }
        if self.kind == TreeKind::Index {
            let shared = Arc::strong_count(&self.generation) > 1;
            self.saved_key = if shared && self.key_cmp.is_some() && self.is_valid() {
                Some(self.payload()?)
            } else {
                None
            };
        }
        Ok(())
    }

    /// Checked once per cursor, before its first change.
    fn check_writable(&mut self) -> Result<()> {
        if !self.write_ok {
            super::tree::check_writable(&self.pager)?;
            self.write_ok = true;
        }
        Ok(())
    }

    /// This cursor changed the tree: other cursors' positions are now stale.
    fn changed(&mut self) {
        self.seen = self.generation.fetch_add(1, AtomicOrdering::AcqRel) + 1;
    }

    /// Another cursor changed the tree since this one was positioned: a table cursor re-finds
    /// its rowid on the next move; an index cursor (whose key is not kept) loses its place.
    fn restore_if_stale(&mut self) -> Result<()> {
        if !self.is_stale() {
            return Ok(());
        }
        self.seen = self.generation.load(AtomicOrdering::Acquire);
        let table = self.kind == TreeKind::Table;
        match std::mem::replace(&mut self.state, State::Invalid) {
            State::Invalid => {}
            State::Reseek(r) => self.state = State::Reseek(r),
            State::Valid if table => self.state = State::Reseek(Resume::RowidAt(self.saved_rowid)),
            State::Deleted if table => self.state = State::Reseek(Resume::Rowid(self.saved_rowid)),
            State::Valid | State::Deleted if self.saved_key.is_some() && self.key_cmp.is_some() => {
                let key = self.saved_key.take().unwrap_or_default();
                self.state = State::Reseek(Resume::KeyAt(key));
            }
            State::Valid | State::Deleted => {
                self.stack.clear();
                return Err(position_lost());
            }
        }
        Ok(())
    }

    /// Moves to the first entry; false when the tree is empty.
    pub fn first(&mut self) -> Result<bool> {
        self.atomic(|c| {
            let r = c.first_inner()?;
            c.landed()?;
            Ok(r)
        })
    }

    /// Moves to the last entry; false when the tree is empty.
    pub fn last(&mut self) -> Result<bool> {
        self.atomic(|c| {
            let r = c.last_inner()?;
            c.landed()?;
            Ok(r)
        })
    }

    /// Moves to the next entry; false (and invalid) past the end.
    // The cursor API is SQLite's (first/next/prev/last), not an Iterator: next() can fail.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<bool> {
        self.atomic(|c| {
            c.restore_if_stale()?;
            let r = c.next_inner()?;
            c.landed()?;
            Ok(r)
        })
    }

    /// Moves to the previous entry; false (and invalid) before the start.
    pub fn prev(&mut self) -> Result<bool> {
        self.atomic(|c| {
            c.restore_if_stale()?;
            let r = c.prev_inner()?;
            c.landed()?;
            Ok(r)
        })
    }

    /// A read of `sqlite_schema` (root 1) in a database with no pages yet: an empty table.
    /// Page 1 only comes into being with the first write.
    fn in_empty_database(&mut self) -> bool {
        if self.root == 1 && self.pager.page_count() == 0 {
            self.stack.clear();
            self.state = State::Invalid;
            return true;
        }
        false
    }

    fn first_inner(&mut self) -> Result<bool> {
        if self.in_empty_database() {
            return Ok(false);
        }
        self.move_to_root()?;
        self.leftmost()?;
        self.settle_forward()
    }

    fn last_inner(&mut self) -> Result<bool> {
        if self.in_empty_database() {
            return Ok(false);
        }
        self.move_to_root()?;
        self.rightmost()?;
        self.settle_backward()
    }

    fn next_inner(&mut self) -> Result<bool> {
        match std::mem::replace(&mut self.state, State::Valid) {
            State::Invalid => {
                self.state = State::Invalid;
                return Ok(false);
            }
            State::Reseek(r) => return self.resume(r, true),
            State::Deleted => {
                let t = self.top()?;
                if !t.info.leaf || t.idx < t.info.ncells {
                    return Ok(true);
                }
                return self.ascend_forward();
            }
            State::Valid => {}
        }
        let t = self.top_mut()?;
        if t.info.leaf {
            if t.idx + 1 < t.info.ncells {
                t.idx += 1;
                return Ok(true);
            }
            return self.ascend_forward();
        }
        t.idx += 1;
        self.push_child()?;
        self.leftmost()?;
        self.settle_forward()
    }

    fn prev_inner(&mut self) -> Result<bool> {
        match std::mem::replace(&mut self.state, State::Valid) {
            State::Invalid => {
                self.state = State::Invalid;
                return Ok(false);
            }
            State::Reseek(r) => return self.resume(r, false),
            State::Deleted | State::Valid => {}
        }
        let t = self.top_mut()?;
        if t.info.leaf {
            if t.idx > 0 {
                t.idx -= 1;
                return Ok(true);
            }
            return self.ascend_backward();
        }
        self.push_child()?;
        self.rightmost()?;
        self.settle_backward()
    }

    // ----- reading the current entry ----------------------------------------------------

    fn current(&self) -> Result<(&Level, CellInfo)> {
        if !self.is_valid() {
            return Err(Error::misuse());
        }
        let t = self.top()?;
        let c = t.info.cell(&t.page.data(), t.idx)?;
        // Changed by another cursor: the slot is only trusted if it still holds our entry.
        if self.is_stale() {
            let same = match (&self.kind, &self.saved_key) {
                (TreeKind::Table, _) => c.key == self.saved_rowid,
                (TreeKind::Index, None) => false,
                (TreeKind::Index, Some(k)) => {
                    let local = t.page.data()[c.local_off..c.local_off + c.local_size].to_vec();
                    c.payload_size == k.len() as u64
                        && read_payload(&self.pager, &local, &c, usize::MAX)? == *k
                }
            };
            if !same {
                return Err(position_lost());
            }
        }
        Ok((t, c))
    }

    /// Table trees: the rowid of the current entry.
    pub fn rowid(&self) -> Result<i64> {
        if self.kind != TreeKind::Table {
            return Err(Error::misuse());
        }
        Ok(self.current()?.1.key)
    }

    /// Total payload bytes of the current entry.
    pub fn payload_size(&self) -> Result<u64> {
        Ok(self.current()?.1.payload_size)
    }

    /// The whole payload of the current entry (record for tables, key for indexes).
    pub fn payload(&self) -> Result<Vec<u8>> {
        self.payload_prefix(usize::MAX)
    }

    /// The first `n` bytes of the payload (fewer if the payload is shorter); reads overflow
    /// pages only as far as needed.
    pub fn payload_prefix(&self, n: usize) -> Result<Vec<u8>> {
        let (t, c) = self.current()?;
        let local = {
            let data = t.page.data();
            data[c.local_off..c.local_off + c.local_size].to_vec()
        };
        if n <= local.len() || c.overflow == 0 {
            let mut local = local;
            local.truncate(n);
            return Ok(local);
        }
        read_payload(&self.pager, &local, &c, n)
    }

    // ----- seeking ----------------------------------------------------------------------

    /// Compares cell `i` of stack level `l` with the target: `entry.cmp(target)`.
    fn cmp_at(&self, l: usize, i: usize, target: &mut Target) -> Result<Ordering> {
        let lvl = &self.stack[l];
        let data = lvl.page.data();
        let f = match target {
            Target::Rowid(r) => return Ok(lvl.info.cell_key(&data, i)?.cmp(r)),
            Target::Key(f) => f,
        };
        let c = lvl.info.cell(&data, i)?;
        let local = &data[c.local_off..c.local_off + c.local_size];
        if c.overflow == 0 {
            return f(local);
        }
        let local = local.to_vec();
        drop(data);
        let full = read_payload(&self.pager, &local, &c, usize::MAX)?;
        f(&full)
    }

    /// From the root down to a leaf, taking at each page the first cell for which `pred`
    /// holds (binary search). The leaf's idx is that first cell, possibly its ncells.
    fn descend(&mut self, pred: fn(Ordering) -> bool, target: &mut Target) -> Result<()> {
        self.move_to_root()?;
        loop {
            let l = self.stack.len() - 1;
            let (mut lo, mut hi) = (0, self.stack[l].info.ncells);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if pred(self.cmp_at(l, mid, target)?) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            self.stack[l].idx = lo;
            if self.stack[l].info.leaf {
                return Ok(());
            }
            self.push_child()?;
        }
    }

    fn seek(&mut self, op: SeekOp, target: &mut Target) -> Result<bool> {
        let pred: fn(Ordering) -> bool = match op {
            SeekOp::GE | SeekOp::EQ | SeekOp::LT => |o| o != Ordering::Less,
            SeekOp::GT | SeekOp::LE => |o| o == Ordering::Greater,
        };
        if self.in_empty_database() {
            return Ok(false);
        }
        self.descend(pred, target)?;
        let t = self.top()?;
        let forward = if t.idx < t.info.ncells {
            self.state = State::Valid;
            true
        } else {
            self.ascend_forward()?
        };
        match op {
            SeekOp::GE | SeekOp::GT | SeekOp::EQ => {
                if !forward {
                    self.last()?;
                    return Ok(false);
                }
                if op == SeekOp::EQ {
                    let l = self.stack.len() - 1;
                    let idx = self.stack[l].idx;
                    return Ok(self.cmp_at(l, idx, target)? == Ordering::Equal);
                }
                Ok(true)
            }
            SeekOp::LE | SeekOp::LT => {
                let ok = if forward { self.prev()? } else { self.last()? };
                if !ok {
                    self.first()?;
                }
                Ok(ok)
            }
        }
    }

    /// Table trees: positions the cursor per `op` relative to `rowid`. True when the entry it
    /// lands on satisfies `op`; otherwise it rests on the nearest entry (invalid if empty).
    pub fn seek_rowid(&mut self, op: SeekOp, rowid: i64) -> Result<bool> {
        if self.kind != TreeKind::Table {
            return Err(Error::misuse());
        }
        self.atomic(|c| {
            let r = c.seek(op, &mut Target::Rowid(rowid))?;
            c.landed()?;
            Ok(r)
        })
    }

    /// Index trees: like [`Cursor::seek_rowid`], with `cmp(entry_key)` = `entry.cmp(search)`.
    pub fn seek_index(
        &mut self,
        op: SeekOp,
        cmp: &mut dyn FnMut(&[u8]) -> Result<Ordering>,
    ) -> Result<bool> {
        if self.kind != TreeKind::Index {
            return Err(Error::misuse());
        }
        self.atomic(|c| {
            let r = c.seek(op, &mut Target::Key(cmp))?;
            c.landed()?;
            Ok(r)
        })
    }

    /// Table trees: the largest rowid, `None` when the tree is empty.
    pub fn max_rowid(&mut self) -> Result<Option<i64>> {
        if self.last()? {
            Ok(Some(self.rowid()?))
        } else {
            Ok(None)
        }
    }

    /// Number of entries in the tree (walks every page).
    pub fn count(&mut self) -> Result<u64> {
        super::tree::count_entries(&self.pager, self.root, self.kind)
    }

    // ----- changing the tree ------------------------------------------------------------

    /// The ancestors of the top level, as balance paths.
    fn path(&self, depth: usize) -> Vec<PathStep> {
        self.stack[..depth]
            .iter()
            .map(|l| (l.info.pgno, l.idx))
            .collect()
    }

    /// Puts `cell` at slot `idx` of the top (leaf) page, replacing the cell there when
    /// `replace`. Returns true when it fit in place (the cursor is then on it); false when the
    /// tree was rebalanced (the cursor is then invalid).
    fn put_leaf_cell(&mut self, idx: usize, cell: Vec<u8>, replace: bool) -> Result<bool> {
        let depth = self.stack.len() - 1;
        let lvl = self.top()?.clone();
        self.pager.make_writable(&lvl.page)?;
        let node = {
            let mut data = lvl.page.data_mut();
            let mut info = PageInfo::parse(&data, lvl.info.pgno, self.usable)?;
            if replace {
                drop_cell(&mut data, &mut info, idx)?;
            }
            if insert_cell(&mut data, &mut info, idx, &cell)? {
                let t = self.top_mut()?;
                t.info = info;
                t.idx = idx;
                self.state = State::Valid;
                return Ok(true);
            }
            let mut node = Node::read(&data, &info)?;
            node.cells.insert(idx, &cell);
            node
        };
        let path = self.path(depth);
        self.stack.clear();
        self.state = State::Invalid;
        let appended = idx + 1 == node.cells.len();
        let node = match appended {
            true => balance_append(&self.pager, &path, node)?,
            false => Some(node),
        };
        if let Some(node) = node {
            balance(&self.pager, &path, node)?;
        }
        Ok(false)
    }

    /// Table trees: inserts `payload` under `rowid`, replacing an existing entry. The cursor
    /// ends on the new entry.
    pub fn insert(&mut self, rowid: i64, payload: &[u8]) -> Result<()> {
        self.check_writable()?;
        let r = self.insert_inner(rowid, payload);
        self.changed();
        r?;
        self.landed()
    }

    fn insert_inner(&mut self, rowid: i64, payload: &[u8]) -> Result<()> {
        if self.kind != TreeKind::Table {
            return Err(Error::misuse());
        }
        self.descend(|o| o != Ordering::Less, &mut Target::Rowid(rowid))?;
        let t = self.top()?;
        let idx = t.idx;
        let mut replace = false;
        if idx < t.info.ncells {
            let old = t.info.cell(&t.page.data(), idx)?;
            if old.key == rowid {
                replace = true;
                free_chain(&self.pager, &old)?;
            }
        }
        let cell = build_leaf_cell(&self.pager, TABLE_LEAF, rowid, payload)?;
        if !self.put_leaf_cell(idx, cell, replace)? && !self.seek_rowid(SeekOp::EQ, rowid)? {
            return Err(corrupt!());
        }
        Ok(())
    }

    /// Index trees: inserts `key`; an entry comparing equal is replaced. The cursor ends on it.
    pub fn insert_index(
        &mut self,
        key: &[u8],
        cmp: &mut dyn FnMut(&[u8]) -> Result<Ordering>,
    ) -> Result<()> {
        self.check_writable()?;
        let r = self.insert_index_inner(key, cmp);
        self.changed();
        r?;
        self.landed()
    }

    fn insert_index_inner(
        &mut self,
        key: &[u8],
        cmp: &mut dyn FnMut(&[u8]) -> Result<Ordering>,
    ) -> Result<()> {
        if self.kind != TreeKind::Index {
            return Err(Error::misuse());
        }
        self.descend(|o| o != Ordering::Less, &mut Target::Key(&mut *cmp))?;
        // The entry at the insertion point: the leaf slot, or (past the leaf's end) the
        // nearest ancestor cell to the right.
        let leaf = self.stack.len() - 1;
        let mut at = None;
        if self.stack[leaf].idx < self.stack[leaf].info.ncells {
            at = Some(leaf);
        } else {
            at = (0..leaf)
                .rev()
                .find(|&l| self.stack[l].idx < self.stack[l].info.ncells)
                .or(at);
        }
        let equal = match at {
            Some(l) => {
                self.cmp_at(l, self.stack[l].idx, &mut Target::Key(&mut *cmp))? == Ordering::Equal
            }
            None => false,
        };
        if equal && at != Some(leaf) {
            let l = at.ok_or_else(|| corrupt!())?;
            self.replace_interior(l, key)?;
        } else {
            if equal {
                let t = self.top()?;
                let old = t.info.cell(&t.page.data(), t.idx)?;
                free_chain(&self.pager, &old)?;
            }
            let cell = build_leaf_cell(&self.pager, INDEX_LEAF, 0, key)?;
            let idx = self.stack[leaf].idx;
            if self.put_leaf_cell(idx, cell, equal)? {
                return Ok(());
            }
        }
        if !self.seek_index(SeekOp::EQ, cmp)? {
            return Err(corrupt!());
        }
        Ok(())
    }

    /// Replaces interior cell `stack[l].idx` of an index tree with an entry for `key`.
    fn replace_interior(&mut self, l: usize, key: &[u8]) -> Result<()> {
        let lvl = self.stack[l].clone();
        let mut node = read_node(&self.pager, lvl.info.pgno)?;
        let old = lvl.info.cell(&lvl.page.data(), lvl.idx)?;
        free_chain(&self.pager, &old)?;
        let mut cell = old.left_child.to_be_bytes().to_vec();
        cell.extend(build_leaf_cell(&self.pager, INDEX_LEAF, 0, key)?);
        if !node.cells.set(lvl.idx, &cell) {
            return Err(corrupt!());
        }
        let path = self.path(l);
        self.stack.clear();
        self.state = State::Invalid;
        balance(&self.pager, &path, node)
    }

    /// The key of the entry after the current one (index trees), without moving the cursor.
    fn successor_key(&mut self) -> Result<Option<Vec<u8>>> {
        let saved = self.stack.clone();
        let key = if self.next()? {
            Some(self.payload()?)
        } else {
            None
        };
        self.stack = saved;
        self.state = State::Valid;
        Ok(key)
    }

    /// Removes the current entry (and its overflow pages). Afterwards the cursor is between
    /// entries: `next()` moves to the entry after the deleted one, `prev()` to the one before.
    pub fn delete(&mut self) -> Result<()> {
        self.check_writable()?;
        if self.is_stale() {
            self.restore_if_stale()?;
            let found = match std::mem::replace(&mut self.state, State::Invalid) {
                State::Reseek(Resume::RowidAt(k)) => {
                    self.seek(SeekOp::EQ, &mut Target::Rowid(k))?
                }
                State::Reseek(Resume::KeyAt(k)) => self.find_key(&k).unwrap_or(false),
                other => {
                    self.state = other;
                    true
                }
            };
            if !found {
                self.stack.clear();
                self.state = State::Invalid;
                return Err(position_lost());
            }
        }
        let r = self.delete_inner();
        self.changed();
        r
    }

    fn delete_inner(&mut self) -> Result<()> {
        if !self.is_valid() {
            return Err(Error::misuse());
        }
        let depth = self.stack.len() - 1;
        let lvl = self.stack[depth].clone();
        if !lvl.info.leaf {
            return self.delete_interior();
        }
        let (cell, free) = {
            let data = lvl.page.data();
            (lvl.info.cell(&data, lvl.idx)?, lvl.info.free_bytes(&data)?)
        };
        // Bytes the page would use after the delete (header offset excluded), as Node counts.
        let used = self
            .usable
            .checked_sub(lvl.info.hdr + free + cell.size + 2)
            .ok_or_else(|| corrupt!())?;
        let rebalance = depth > 0 && (lvl.info.ncells == 1 || used < self.usable / 3);
        let resume = match self.kind {
            TreeKind::Table => Resume::Rowid(cell.key),
            TreeKind::Index if rebalance => Resume::Key(self.successor_key()?),
            TreeKind::Index => Resume::Key(None),
        };
        free_chain(&self.pager, &cell)?;
        if !rebalance {
            self.pager.make_writable(&lvl.page)?;
            let mut info = lvl.info;
            drop_cell(&mut lvl.page.data_mut(), &mut info, lvl.idx)?;
            self.stack[depth].info = info;
            self.state = State::Deleted;
            return Ok(());
        }
        let mut node = Node::read(&lvl.page.data(), &lvl.info)?;
        node.cells.remove(lvl.idx);
        debug_assert!(needs_balance(&node, false, self.usable));
        let path = self.path(depth);
        self.stack.clear();
        self.state = State::Reseek(resume);
        balance(&self.pager, &path, node)
    }

    /// Deletes the interior cell the cursor is on (index trees): the entry just before it (the
    /// last entry of its left subtree, always in a leaf) takes its place.
    fn delete_interior(&mut self) -> Result<()> {
        let succ = self.successor_key()?;
        let l = self.stack.len() - 1;
        let ilvl = self.stack[l].clone();
        let old = ilvl.info.cell(&ilvl.page.data(), ilvl.idx)?;
        self.push_child()?;
        self.rightmost()?;
        let leaf_depth = self.stack.len() - 1;
        let leaf_pg = self.stack[leaf_depth].info.pgno;
        let mut leaf = read_node(&self.pager, leaf_pg)?;
        let pred = leaf.cells.pop().ok_or_else(|| corrupt!())?;
        let leaf_path = self.path(leaf_depth);
        let interior_path = self.path(l);
        self.stack.clear();
        self.state = State::Reseek(Resume::Key(succ));

        free_chain(&self.pager, &old)?;
        let mut interior = read_node(&self.pager, ilvl.info.pgno)?;
        let mut cell = old.left_child.to_be_bytes().to_vec();
        cell.extend_from_slice(&pred);
        if !interior.cells.set(ilvl.idx, &cell) {
            return Err(corrupt!());
        }
        if interior.fits(self.usable) {
            write_node(&self.pager, &interior)?;
            return balance(&self.pager, &leaf_path, leaf);
        }
        // The interior page overflows: balance it first (this does not touch the leaf), then
        // find the leaf again and drop the predecessor's old copy.
        balance(&self.pager, &interior_path, interior)?;
        let path = find_path(&self.pager, self.root, leaf_pg)?.ok_or_else(|| corrupt!())?;
        let mut leaf = read_node(&self.pager, leaf_pg)?;
        if leaf.cells.pop().as_ref() != Some(&pred) {
            return Err(corrupt!());
        }
        balance(&self.pager, &path, leaf)
    }

    /// Re-finds the position after a rebalancing delete, then steps as `next` (forward) or
    /// `prev` would have.
    fn resume(&mut self, r: Resume, forward: bool) -> Result<bool> {
        self.state = State::Invalid;
        let found = match r {
            Resume::Rowid(k) => self.seek(SeekOp::GE, &mut Target::Rowid(k))?,
            Resume::KeyAt(k) => {
                let op = if forward { SeekOp::GT } else { SeekOp::LT };
                let Some(mut f) = self.key_cmp.take() else {
                    return Err(position_lost());
                };
                let r = self.seek(op, &mut Target::Key(&mut |e: &[u8]| f(e, &k)));
                self.key_cmp = Some(f);
                if r? {
                    return Ok(true);
                }
                self.stack.clear();
                self.state = State::Invalid;
                return Ok(false);
            }
            Resume::RowidAt(k) => {
                let op = if forward { SeekOp::GT } else { SeekOp::LT };
                if self.seek(op, &mut Target::Rowid(k))? {
                    return Ok(true);
                }
                self.stack.clear();
                self.state = State::Invalid;
                return Ok(false);
            }
            Resume::Key(None) => false,
            Resume::Key(Some(succ)) => self.find_key(&succ)?,
        };
        match (found, forward) {
            (true, true) => Ok(true),
            (true, false) => self.prev(),
            (false, true) => {
                self.stack.clear();
                self.state = State::Invalid;
                Ok(false)
            }
            (false, false) => self.last(),
        }
    }

    /// Positions on the entry whose key is `key` (index trees): by the VM's comparison when
    /// set, else by a scan.
    fn find_key(&mut self, key: &[u8]) -> Result<bool> {
        if let Some(mut f) = self.key_cmp.take() {
            let r = self.seek(SeekOp::EQ, &mut Target::Key(&mut |e: &[u8]| f(e, key)));
            self.key_cmp = Some(f);
            if r? {
                return Ok(true);
            }
            return Err(corrupt!());
        }
        let mut ok = self.first()?;
        while ok {
            if self.payload()? == key {
                return Ok(true);
            }
            ok = self.next()?;
        }
        Err(corrupt!())
    }
}
