//! Cursor instructions: open/close, positioning, seeks, column access, writes.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::connection::ConnState;
use crate::error::{codes, Error, Result};
use crate::value::affinity::{apply_affinity, Affinity as Aff};
use crate::value::compare::KeyInfo;
use crate::value::convert::{to_numeric, NumVal};
use crate::value::record::{compare_record, decode_record, encode_record, RecordHeader};
use crate::value::Value;

use super::cursor::{SeekOp, Source, VCursor};
use super::exec::{internal, jump_if, Flow, Vm};
use super::insn::{Addr, CursorId, Insn, Reg, Root};
use super::memtree::MemTree;
use super::sorter::Sorter;

impl Vm {
    /// `sqlite3_stmt_status` bookkeeping of a Rewind/Last: a sorter sort counts as SORT; a
    /// b-tree cursor (`scan`: not ephemeral) starts a full scan whose steps count.
    fn count_rewind(&mut self, c: CursorId, sorted: bool, scan: bool) {
        if sorted {
            self.status.sort += 1;
        }
        if scan {
            self.status.scan_started(c);
        } else {
            self.status.scan_ended(c);
        }
    }

    pub(crate) fn cursor(&mut self, c: CursorId) -> Result<&mut VCursor> {
        self.cursors
            .get_mut(c)
            .and_then(|c| c.as_mut())
            .ok_or_else(|| internal("cursor not open"))
    }

    fn put_cursor(&mut self, c: CursorId, cur: VCursor) {
        if c >= self.cursors.len() {
            self.cursors.resize_with(c + 1, || None);
        }
        self.cursors[c] = Some(cur);
    }

    /// Registers r[start..start+n] as a key.
    fn key_regs(&self, start: Reg, n: usize) -> Vec<Value> {
        (0..n).map(|i| self.reg(start + i).clone()).collect()
    }

    /// The unpacked search key of Found/NotFound/NoConflict: registers, or a record when n = 0.
    fn search_key(&self, key: Reg, n_key: usize) -> Result<Vec<Value>> {
        if n_key == 0 {
            match self.reg(key) {
                Value::Blob(b) => decode_record(b),
                _ => Ok(Vec::new()),
            }
        } else {
            Ok(self.key_regs(key, n_key))
        }
    }

    /// Seeks index cursor `c` with `op` on the prefix key `key`; returns whether it landed.
    fn seek_index_key(
        &mut self,
        c: CursorId,
        op: SeekOp,
        key: &[Value],
        conn: &ConnState,
    ) -> Result<bool> {
        let cur = self.cursor(c)?;
        let ki = cur
            .key_info
            .clone()
            .unwrap_or_else(|| Arc::new(KeyInfo::default()));
        let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
        let mut cmp = |entry: &[u8]| compare_record(entry, key, &ki, Some(&resolver));
        cur.null_row = false;
        cur.tree()?.seek_index(op, &mut cmp)
    }

    /// Compares the current index entry of `c` (prefix of key.len() fields) with `key`.
    fn index_cmp(&mut self, c: CursorId, key: &[Value], conn: &ConnState) -> Result<Ordering> {
        let regs = std::mem::take(&mut self.regs);
        let r = (|| {
            let cur = self.cursor(c)?;
            let ki = cur
                .key_info
                .clone()
                .unwrap_or_else(|| Arc::new(KeyInfo::default()));
            let Some((payload, _)) = cur.current_row(&regs)? else {
                return Ok(Ordering::Less);
            };
            let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
            compare_record(payload, key, &ki, Some(&resolver))
        })();
        self.regs = regs;
        r
    }

    pub(crate) fn exec_cursor(
        &mut self,
        insn: &Insn,
        conn: &mut ConnState,
    ) -> Result<Option<Flow>> {
        use Insn::*;
        Ok(Some(match insn {
            OpenRead {
                cursor,
                root,
                db,
                key_info,
                ..
            }
            | OpenWrite {
                cursor,
                root,
                db,
                key_info,
                ..
            } => {
                let root = match root {
                    Root::Page(p) => *p,
                    Root::Reg(r) => self.reg_i64(*r) as u32,
                };
                let is_index = key_info.is_some();
                let tree = super::btree_adapter::open_cursor(conn, *db, root, key_info.clone())?;
                let cur = VCursor::new(Source::Tree(tree), is_index, key_info.clone());
                self.put_cursor(*cursor, cur);
                self.status.scan_ended(*cursor);
                Flow::Next
            }
            OpenEphemeral {
                cursor, key_info, ..
            } => {
                let mem = MemTree::new();
                let mut cur = VCursor::new(
                    Source::Tree(Box::new(mem.cursor())),
                    key_info.is_some(),
                    key_info.clone(),
                );
                cur.mem = Some(mem);
                self.put_cursor(*cursor, cur);
                Flow::Next
            }
            OpenDup { cursor, orig } => {
                let o = self.cursor(*orig)?;
                let mem = o
                    .mem
                    .clone()
                    .ok_or_else(|| internal("OpenDup of a non-ephemeral cursor"))?;
                let mut cur = VCursor::new(
                    Source::Tree(Box::new(mem.cursor())),
                    o.is_index,
                    o.key_info.clone(),
                );
                cur.mem = Some(mem);
                self.put_cursor(*cursor, cur);
                Flow::Next
            }
            OpenPseudo { cursor, reg, .. } => {
                self.put_cursor(*cursor, VCursor::new(Source::Pseudo(*reg), false, None));
                Flow::Next
            }
            SorterOpen {
                cursor, key_info, ..
            } => {
                let s = Sorter::new(key_info.clone());
                self.put_cursor(
                    *cursor,
                    VCursor::new(Source::Sorter(s), true, Some(key_info.clone())),
                );
                Flow::Next
            }
            Close { cursor } => {
                if let Some(c) = self.cursors.get_mut(*cursor) {
                    *c = None;
                }
                Flow::Next
            }
            SorterInsert { cursor, record } => {
                let rec = match self.reg(*record) {
                    Value::Blob(b) => b.clone(),
                    _ => return Err(internal("SorterInsert needs a record")),
                };
                match &mut self.cursor(*cursor)?.source {
                    Source::Sorter(s) => s.insert(rec)?,
                    Source::Tree(t) => {
                        let n = t.max_rowid()?.unwrap_or(0);
                        t.insert(n + 1, &rec)?;
                    }
                    _ => return Err(internal("SorterInsert on a non-sorter")),
                }
                Flow::Next
            }
            SorterSort { cursor, target } => {
                self.status.sort += 1;
                let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
                let cur = self.cursor(*cursor)?;
                cur.invalidate();
                cur.null_row = false;
                let any = match &mut cur.source {
                    Source::Sorter(s) => s.sort(Some(&resolver)),
                    Source::Tree(t) => t.first()?,
                    _ => false,
                };
                jump_if(!any, *target)
            }
            SorterNext { cursor, target } => {
                let cur = self.cursor(*cursor)?;
                cur.invalidate();
                let more = match &mut cur.source {
                    Source::Sorter(s) => s.next(),
                    Source::Tree(t) => t.next()?,
                    _ => false,
                };
                jump_if(more, *target)
            }
            SorterData {
                cursor,
                dest,
                pseudo_cursor,
            } => {
                let rec = match &self.cursor(*cursor)?.source {
                    Source::Sorter(s) => s.current().map(<[u8]>::to_vec),
                    Source::Tree(t) => Some(t.payload()?),
                    _ => None,
                };
                self.set(*dest, rec.map_or(Value::Null, Value::Blob))?;
                if let Some(Some(p)) = self.cursors.get_mut(*pseudo_cursor) {
                    p.invalidate();
                    p.null_row = false;
                }
                Flow::Next
            }
            SorterCompare {
                cursor,
                target,
                record,
                n_key,
            } => {
                let other = match self.reg(*record) {
                    Value::Blob(b) => decode_record(b)?,
                    _ => Vec::new(),
                };
                let cur = self.cursor(*cursor)?;
                let (key, ki) = match &cur.source {
                    Source::Sorter(s) => {
                        (s.current_key().map(<[Value]>::to_vec), s.key_info().clone())
                    }
                    _ => (None, KeyInfo::default()),
                };
                let key = key.unwrap_or_default();
                let n = (*n_key).min(key.len()).min(other.len());
                let o = crate::value::compare::compare_keys(&key[..n], &other[..n], &ki, None);
                jump_if(o != Ordering::Equal, *target)
            }
            ResetSorter { cursor } => {
                let cur = self.cursor(*cursor)?;
                cur.invalidate();
                match &mut cur.source {
                    Source::Sorter(s) => s.reset(),
                    Source::Tree(_) => {
                        if let Some(m) = &cur.mem {
                            m.clear();
                        }
                    }
                    _ => {}
                }
                Flow::Next
            }
            Rewind { cursor, target } => {
                let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
                let cur = self.cursor(*cursor)?;
                cur.null_row = false;
                cur.invalidate();
                let (any, sorted, scan) = match &mut cur.source {
                    Source::Sorter(s) => (s.sort(Some(&resolver)), true, false),
                    _ => (cur.tree()?.first()?, false, cur.mem.is_none()),
                };
                if !any {
                    if let Some(e) = cur.deferred.take() {
                        return Err(e);
                    }
                }
                self.count_rewind(*cursor, sorted, scan);
                jump_if(!any, *target)
            }
            Last { cursor, target } => {
                let cur = self.cursor(*cursor)?;
                cur.null_row = false;
                let scan = cur.mem.is_none();
                let any = cur.tree()?.last()?;
                self.count_rewind(*cursor, false, scan);
                jump_if(!any, *target)
            }
            Next { cursor, target } => {
                let cur = self.cursor(*cursor)?;
                cur.null_row = false;
                cur.invalidate();
                let more = match &mut cur.source {
                    Source::Sorter(s) => s.next(),
                    _ => cur.tree()?.next()?,
                };
                if !more {
                    if let Some(e) = cur.deferred.take() {
                        return Err(e);
                    }
                }
                if more {
                    self.status.stepped(*cursor);
                }
                jump_if(more, *target)
            }
            Prev { cursor, target } => {
                let cur = self.cursor(*cursor)?;
                cur.null_row = false;
                let more = cur.tree()?.prev()?;
                if more {
                    self.status.stepped(*cursor);
                }
                jump_if(more, *target)
            }
            SeekGE {
                cursor,
                target,
                key,
                n_key,
            } => self.seek(*cursor, SeekOp::GE, *target, *key, *n_key, conn)?,
            SeekGT {
                cursor,
                target,
                key,
                n_key,
            } => self.seek(*cursor, SeekOp::GT, *target, *key, *n_key, conn)?,
            SeekLE {
                cursor,
                target,
                key,
                n_key,
            } => self.seek(*cursor, SeekOp::LE, *target, *key, *n_key, conn)?,
            SeekLT {
                cursor,
                target,
                key,
                n_key,
            } => self.seek(*cursor, SeekOp::LT, *target, *key, *n_key, conn)?,
            SeekRowid {
                cursor,
                target,
                rowid,
            }
            | NotExists {
                cursor,
                target,
                rowid,
            } => {
                let v = self.reg(*rowid).clone();
                let id = match v {
                    Value::Integer(i) => Some(i),
                    Value::Null => None,
                    other => match apply_affinity(other, Aff::Numeric) {
                        Value::Integer(i) => Some(i),
                        _ => None,
                    },
                };
                let cur = self.cursor(*cursor)?;
                cur.null_row = false;
                let found = match id {
                    Some(i) => cur.tree()?.seek_rowid(SeekOp::EQ, i)?,
                    None => false,
                };
                jump_if(!found, *target)
            }
            Found {
                cursor,
                target,
                key,
                n_key,
            } => {
                let k = self.search_key(*key, *n_key)?;
                let found = self.seek_index_key(*cursor, SeekOp::EQ, &k, conn)?;
                jump_if(found, *target)
            }
            NotFound {
                cursor,
                target,
                key,
                n_key,
            } => {
                let k = self.search_key(*key, *n_key)?;
                let found = self.seek_index_key(*cursor, SeekOp::EQ, &k, conn)?;
                jump_if(!found, *target)
            }
            NoConflict {
                cursor,
                target,
                key,
                n_key,
            } => {
                let k = self.search_key(*key, *n_key)?;
                if k.iter().any(Value::is_null) {
                    Flow::Jump(*target)
                } else {
                    let found = self.seek_index_key(*cursor, SeekOp::EQ, &k, conn)?;
                    jump_if(!found, *target)
                }
            }
            IdxGE {
                cursor,
                target,
                key,
                n_key,
            } => self.idx_cmp_jump(*cursor, *target, *key, *n_key, conn, |o| {
                o != Ordering::Less
            })?,
            IdxGT {
                cursor,
                target,
                key,
                n_key,
            } => self.idx_cmp_jump(*cursor, *target, *key, *n_key, conn, |o| {
                o == Ordering::Greater
            })?,
            IdxLE {
                cursor,
                target,
                key,
                n_key,
            } => self.idx_cmp_jump(*cursor, *target, *key, *n_key, conn, |o| {
                o != Ordering::Greater
            })?,
            IdxLT {
                cursor,
                target,
                key,
                n_key,
            } => self.idx_cmp_jump(*cursor, *target, *key, *n_key, conn, |o| {
                o == Ordering::Less
            })?,
            IdxRowid { cursor, dest } => {
                let v = self.idx_rowid(*cursor)?;
                self.set(*dest, v.map_or(Value::Null, Value::Integer))?;
                Flow::Next
            }
            DeferredSeek {
                index_cursor,
                table_cursor,
            } => {
                let rowid = self.idx_rowid(*index_cursor)?;
                let cur = self.cursor(*table_cursor)?;
                match rowid {
                    Some(r) => {
                        cur.null_row = false;
                        if !cur.tree()?.seek_rowid(SeekOp::EQ, r)? {
                            return Err(Error::new(
                                codes::SQLITE_CORRUPT_INDEX,
                                "database disk image is malformed",
                            ));
                        }
                    }
                    None => cur.null_row = true,
                }
                Flow::Next
            }
            Column {
                cursor,
                column,
                dest,
                default,
            } => {
                let regs = std::mem::take(&mut self.regs);
                let r = self.cursor(*cursor).and_then(|c| c.column(&regs, *column));
                self.regs = regs;
                let v = match r? {
                    None => Value::Null,
                    Some(Some(v)) => v,
                    Some(None) => default.clone().unwrap_or(Value::Null),
                };
                self.set(*dest, v)?;
                Flow::Next
            }
            Rowid { cursor, dest } => {
                let cur = self.cursor(*cursor)?;
                let v = if cur.null_row {
                    Value::Null
                } else {
                    match &cur.source {
                        Source::Tree(t) if t.is_valid() => Value::Integer(t.rowid()?),
                        _ => Value::Null,
                    }
                };
                self.set(*dest, v)?;
                Flow::Next
            }
            MakeRecord {
                start,
                count,
                dest,
                affinities,
            } => {
                let flagged = self.meta.int_real_flags(*start, *count);
                if let Some(affs) = affinities {
                    for (i, a) in affs.iter().enumerate().take(*count) {
                        let v = apply_affinity(self.reg(start + i).clone(), *a);
                        self.set(start + i, v)?;
                    }
                    // Affinity is applied in place: a value still a whole REAL stays
                    // int-real (regmeta rule 7).
                    for (i, _) in flagged.iter().enumerate().filter(|(_, f)| **f) {
                        if crate::value::real_store::is_int_real(self.reg(start + i)) {
                            self.meta.mark_int_real(start + i);
                        }
                    }
                }
                let int_real = self.meta.int_real_flags(*start, *count);
                let mut vals = self.key_regs(*start, *count);
                if !int_real.is_empty() {
                    crate::value::real_store::store_int_reals(&mut vals, &int_real);
                }
                let rec = encode_record(&vals);
                if rec.len() > 1_000_000_000 {
                    return Err(Error::from_code(codes::SQLITE_TOOBIG));
                }
                self.set(*dest, Value::Blob(rec))?;
                Flow::Next
            }
            NewRowid {
                cursor,
                dest,
                prev_max,
            } => {
                let floor = prev_max.map(|r| self.reg_i64(r));
                let cur = self.cursor(*cursor)?;
                let t = cur.tree()?;
                let max = t.max_rowid()?.unwrap_or(0);
                let max = floor.map_or(max, |f| f.max(max));
                let id = match max.checked_add(1) {
                    Some(id) => id,
                    None if prev_max.is_some() => return Err(Error::from_code(codes::SQLITE_FULL)),
                    None => random_free_rowid(t)?,
                };
                if let Some(r) = prev_max {
                    self.set(*r, Value::Integer(id))?;
                }
                self.set(*dest, Value::Integer(id))?;
                Flow::Next
            }
            Insert {
                cursor,
                record,
                rowid,
                flags,
                table,
            } => {
                let id = self.reg_i64(*rowid);
                let rec = match self.reg(*record) {
                    Value::Blob(b) => b.clone(),
                    Value::Null => encode_record(&[]),
                    _ => return Err(internal("Insert needs a record")),
                };
                let cur = self.cursor(*cursor)?;
                cur.tree()?.insert(id, &rec)?;
                if flags.ntotal {
                    self.count_total();
                }
                if flags.nchange {
                    self.n_change += 1;
                    if let Some(t) = table {
                        let op = if flags.is_update { 23 } else { 18 };
                        conn.hooks.row_changed(op, "main", t, id);
                    }
                }
                if flags.last_rowid && self.frames.is_empty() {
                    conn.last_insert_rowid = id;
                }
                Flow::Next
            }
            Delete {
                cursor,
                flags,
                table,
            } => {
                let cur = self.cursor(*cursor)?;
                let is_index = cur.is_index;
                let t = cur.tree()?;
                if t.is_valid() {
                    let rowid = if is_index { 0 } else { t.rowid()? };
                    t.delete()?;
                    if flags.ntotal {
                        self.count_total();
                    }
                    if flags.nchange {
                        self.n_change += 1;
                        if let (Some(tn), false) = (table, flags.is_update) {
                            conn.hooks.row_changed(9, "main", tn, rowid);
                        }
                    }
                }
                Flow::Next
            }
            IdxInsert { cursor, key, .. } => {
                let rec = match self.reg(*key) {
                    Value::Blob(b) => b.clone(),
                    _ => return Err(internal("IdxInsert needs a record")),
                };
                let k = decode_record(&rec)?;
                let cur = self.cursor(*cursor)?;
                let ki = cur
                    .key_info
                    .clone()
                    .unwrap_or_else(|| Arc::new(KeyInfo::default()));
                let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
                let mut cmp = |entry: &[u8]| full_key_cmp(entry, &k, &ki, &resolver);
                cur.tree()?.insert_index(&rec, &mut cmp)?;
                Flow::Next
            }
            IdxDelete { cursor, key, n_key } => {
                let k = self.key_regs(*key, *n_key);
                if self.seek_index_key(*cursor, SeekOp::EQ, &k, conn)? {
                    self.cursor(*cursor)?.tree()?.delete()?;
                }
                Flow::Next
            }
            Count { cursor, dest } => {
                let n = self.cursor(*cursor)?.tree()?.count()?;
                self.set(*dest, Value::Integer(n as i64))?;
                Flow::Next
            }
            NullRow { cursor } => {
                // As SQLite's OP_NullRow: a cursor not open yet (an automatic index never
                // built, a loop never entered) becomes a pseudo-cursor of NULLs.
                if self.cursor(*cursor).is_err() {
                    self.put_cursor(
                        *cursor,
                        VCursor::new(Source::Pseudo(usize::MAX), false, None),
                    );
                }
                let cur = self.cursor(*cursor)?;
                cur.null_row = true;
                cur.invalidate();
                Flow::Next
            }
            IfNullRow {
                cursor,
                target,
                dest,
            } => {
                if self.cursor(*cursor)?.null_row {
                    self.set(*dest, Value::Null)?;
                    Flow::Jump(*target)
                } else {
                    Flow::Next
                }
            }
            Sequence { cursor, dest } => {
                let cur = self.cursor(*cursor)?;
                let v = cur.seq;
                cur.seq += 1;
                self.set(*dest, Value::Integer(v))?;
                Flow::Next
            }
            IfEmpty { cursor, target } => {
                let t = self.cursor(*cursor)?.tree()?;
                let any = t.first()?;
                jump_if(!any, *target)
            }
            _ => return Ok(None),
        }))
    }

    fn seek(
        &mut self,
        c: CursorId,
        op: SeekOp,
        target: Addr,
        key: Reg,
        n_key: usize,
        conn: &ConnState,
    ) -> Result<Flow> {
        self.status.scan_ended(c);
        let is_index = self.cursor(c)?.is_index;
        let found = if is_index {
            let k = self.key_regs(key, n_key.max(1));
            self.seek_index_key(c, op, &k, conn)?
        } else {
            let Some((op, id)) = rowid_seek_target(op, self.reg(key)) else {
                return Ok(Flow::Jump(target));
            };
            let cur = self.cursor(c)?;
            cur.null_row = false;
            let t = cur.tree()?;
            match id {
                Some(id) => t.seek_rowid(op, id)?,
                None => t.last()?,
            }
        };
        Ok(jump_if(!found, target))
    }

    fn idx_cmp_jump(
        &mut self,
        c: CursorId,
        target: Addr,
        key: Reg,
        n_key: usize,
        conn: &ConnState,
        pred: impl Fn(Ordering) -> bool,
    ) -> Result<Flow> {
        let k = self.key_regs(key, n_key);
        let o = self.index_cmp(c, &k, conn)?;
        Ok(jump_if(pred(o), target))
    }

    /// The rowid at the end of the current index entry of `c`.
    fn idx_rowid(&mut self, c: CursorId) -> Result<Option<i64>> {
        let regs = std::mem::take(&mut self.regs);
        let r = (|| {
            let cur = self.cursor(c)?;
            let Some((payload, hdr)) = cur.current_row(&regs)? else {
                return Ok(None);
            };
            let hdr: &RecordHeader = hdr;
            if hdr.is_empty() {
                return Err(Error::corrupt());
            }
            match hdr.column(payload, hdr.len() - 1)? {
                Some(Value::Integer(i)) => Ok(Some(i)),
                _ => Err(Error::corrupt()),
            }
        })();
        self.regs = regs;
        r
    }
}

/// Compares an index entry with a full key (every field, so the rowid breaks ties).
fn full_key_cmp(
    entry: &[u8],
    key: &[Value],
    ki: &KeyInfo,
    resolver: &dyn Fn(&str, &str, &str) -> Option<Ordering>,
) -> Result<Ordering> {
    let o = compare_record(entry, key, ki, Some(resolver))?;
    if o != Ordering::Equal {
        return Ok(o);
    }
    let n = RecordHeader::parse(entry)?.len();
    Ok(n.cmp(&key.len()))
}

/// Maps a seek on a table cursor with a possibly non-integer key to an integer seek.
/// `None` = nothing can match (jump); `Some((op, None))` = position on the last row.
fn rowid_seek_target(op: SeekOp, key: &Value) -> Option<(SeekOp, Option<i64>)> {
    let n = match key {
        Value::Null => return None,
        Value::Integer(i) => NumVal::Int(*i),
        Value::Real(r) => NumVal::Real(*r),
        Value::Text(_) | Value::Blob(_) => match apply_affinity(key.clone(), Aff::Numeric) {
            Value::Integer(i) => NumVal::Int(i),
            Value::Real(r) => NumVal::Real(r),
            _ => {
                // Text sorts after every number.
                return match op {
                    SeekOp::LE | SeekOp::LT => Some((SeekOp::LE, None)),
                    _ => None,
                };
            }
        },
    };
    let _ = to_numeric;
    match n {
        NumVal::Int(i) => Some((op, Some(i))),
        NumVal::Real(r) => {
            if r.is_nan() {
                return None;
            }
            let clamp = |x: f64| x.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
            Some(match op {
                SeekOp::GE | SeekOp::EQ => (SeekOp::GE, Some(clamp(r.ceil()))),
                SeekOp::GT => (SeekOp::GT, Some(clamp(r.floor()))),
                SeekOp::LE => (SeekOp::LE, Some(clamp(r.floor()))),
                SeekOp::LT => (SeekOp::LT, Some(clamp(r.ceil()))),
            })
        }
    }
}

/// A rowid not in use, chosen at random (when the largest rowid is i64::MAX).
fn random_free_rowid(t: &mut dyn super::cursor::TreeCursor) -> Result<i64> {
    let mut x: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    for _ in 0..100 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let cand = (x >> 1) as i64;
        if cand > 0 && !t.seek_rowid(SeekOp::EQ, cand)? {
            return Ok(cand);
        }
    }
    Err(Error::from_code(codes::SQLITE_FULL))
}
