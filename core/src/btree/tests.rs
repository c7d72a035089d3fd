//! B-tree tests: model-checked random workloads and file round trips with the system sqlite3.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::Result;
use crate::pager::{Pager, PagerOptions};

use super::varint::put_varint;
use super::*;

/// xorshift64*: a small seeded PRNG so that failures replay.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Test-only record values and encoder (the VM owns the real one).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

pub(crate) fn record(vals: &[Val]) -> Vec<u8> {
    let mut types = Vec::new();
    let mut body = Vec::new();
    for v in vals {
        match v {
            Val::Null => {
                put_varint(&mut types, 0);
            }
            Val::Int(i) => {
                put_varint(&mut types, 6);
                body.extend_from_slice(&i.to_be_bytes());
            }
            Val::Text(s) => {
                put_varint(&mut types, 13 + 2 * s.len() as u64);
                body.extend_from_slice(s.as_bytes());
            }
            Val::Blob(b) => {
                put_varint(&mut types, 12 + 2 * b.len() as u64);
                body.extend_from_slice(b);
            }
        }
    }
    let mut hdr_len = types.len() + 1;
    if hdr_len > 127 {
        hdr_len += 1;
    }
    let mut out = Vec::new();
    put_varint(&mut out, hdr_len as u64);
    out.extend(types);
    out.extend(body);
    out
}

/// Decodes the records `record` produces (serial types 0, 6, text, blob) — test use only.
pub(crate) fn decode(rec: &[u8]) -> Vec<Val> {
    use super::varint::get_varint;
    let (hlen, mut p) = get_varint(rec).unwrap();
    let mut types = Vec::new();
    while p < hlen as usize {
        let (t, n) = get_varint(&rec[p..]).unwrap();
        types.push(t);
        p += n;
    }
    let mut body = hlen as usize;
    let mut out = Vec::new();
    for t in types {
        let (v, len) = match t {
            0 => (Val::Null, 0),
            1 => (Val::Int(rec[body] as i8 as i64), 1),
            2 => (
                Val::Int(i16::from_be_bytes([rec[body], rec[body + 1]]) as i64),
                2,
            ),
            3 => {
                let v = ((rec[body] as i8 as i64) << 16)
                    | ((rec[body + 1] as i64) << 8)
                    | rec[body + 2] as i64;
                (Val::Int(v), 3)
            }
            4 => (
                Val::Int(i32::from_be_bytes(rec[body..body + 4].try_into().unwrap()) as i64),
                4,
            ),
            6 => (
                Val::Int(i64::from_be_bytes(rec[body..body + 8].try_into().unwrap())),
                8,
            ),
            8 => (Val::Int(0), 0),
            9 => (Val::Int(1), 0),
            t if t >= 12 && t % 2 == 0 => {
                let n = ((t - 12) / 2) as usize;
                (Val::Blob(rec[body..body + n].to_vec()), n)
            }
            t if t >= 13 => {
                let n = ((t - 13) / 2) as usize;
                (
                    Val::Text(String::from_utf8(rec[body..body + n].to_vec()).unwrap()),
                    n,
                )
            }
            t => panic!("serial type {t} not supported by the test decoder"),
        };
        out.push(v);
        body += len;
    }
    out
}

/// Index-key order for the test records: integers before text before blobs, memcmp within.
pub(crate) fn cmp_records(a: &[u8], b: &[u8]) -> Ordering {
    fn rank(v: &Val) -> u8 {
        match v {
            Val::Null => 0,
            Val::Int(_) => 1,
            Val::Text(_) => 3,
            Val::Blob(_) => 4,
        }
    }
    let (x, y) = (decode(a), decode(b));
    for (u, v) in x.iter().zip(y.iter()) {
        let o = match (u, v) {
            (Val::Int(p), Val::Int(q)) => p.cmp(q),
            (Val::Text(p), Val::Text(q)) => p.as_bytes().cmp(q.as_bytes()),
            (Val::Blob(p), Val::Blob(q)) => p.cmp(q),
            _ => rank(u).cmp(&rank(v)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}

/// A fresh database (in memory when `path` is None) with page 1 holding an empty
/// `sqlite_schema`; a write transaction is open.
pub(crate) fn new_db(path: Option<&str>, page_size: usize) -> Arc<Pager> {
    if let Some(p) = path {
        let _ = std::fs::remove_file(p);
    }
    let opts = PagerOptions {
        page_size,
        ..PagerOptions::default()
    };
    let pager = Arc::new(Pager::open(path, &opts).unwrap());
    pager.begin_write().unwrap();
    let p1 = pager.allocate().unwrap();
    assert_eq!(p1.pgno(), 1);
    init_root(&pager, 1, TreeKind::Table).unwrap();
    pager
}

/// Writes the 100-byte database header (page count from the pager) and commits.
pub(crate) fn finish_db(pager: &Pager) {
    let page = pager.get(1).unwrap();
    pager.make_writable(&page).unwrap();
    let ps = pager.page_size();
    let n = pager.page_count();
    {
        let mut d = page.data_mut();
        d[..16].copy_from_slice(b"SQLite format 3\0");
        let ps16 = if ps == 65536 { 1u16 } else { ps as u16 };
        d[16..18].copy_from_slice(&ps16.to_be_bytes());
        d[18] = 1;
        d[19] = 1;
        d[20] = 0;
        d[21] = 64;
        d[22] = 32;
        d[23] = 32;
        d[24..28].copy_from_slice(&1u32.to_be_bytes());
        d[28..32].copy_from_slice(&n.to_be_bytes());
        d[40..44].copy_from_slice(&1u32.to_be_bytes()); // schema cookie
        d[44..48].copy_from_slice(&4u32.to_be_bytes()); // schema format
        d[56..60].copy_from_slice(&1u32.to_be_bytes()); // UTF-8
        d[92..96].copy_from_slice(&1u32.to_be_bytes());
        d[96..100].copy_from_slice(&3040001u32.to_be_bytes());
    }
    pager.commit().unwrap();
}

/// Adds a row to sqlite_schema.
pub(crate) fn schema_row(
    pager: &Arc<Pager>,
    rowid: i64,
    typ: &str,
    name: &str,
    tbl: &str,
    root: u32,
    sql: &str,
) {
    let rec = record(&[
        Val::Text(typ.into()),
        Val::Text(name.into()),
        Val::Text(tbl.into()),
        Val::Int(root as i64),
        Val::Text(sql.into()),
    ]);
    let mut c = Cursor::new(pager.clone(), 1, TreeKind::Table);
    c.insert(rowid, &rec).unwrap();
}

/// All (rowid, payload) pairs of a table tree, in order, checked against walking backwards.
pub(crate) fn table_entries(c: &mut Cursor) -> Vec<(i64, Vec<u8>)> {
    let mut out = Vec::new();
    let mut ok = c.first().unwrap();
    while ok {
        out.push((c.rowid().unwrap(), c.payload().unwrap()));
        ok = c.next().unwrap();
    }
    out
}

fn table_rowids_backwards(c: &mut Cursor) -> Vec<i64> {
    let mut out = Vec::new();
    let mut ok = c.last().unwrap();
    while ok {
        out.push(c.rowid().unwrap());
        ok = c.prev().unwrap();
    }
    out.reverse();
    out
}

fn payload_for(rowid: i64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (rowid as usize).wrapping_mul(31).wrapping_add(i * 7) as u8)
        .collect()
}

#[test]
fn empty_tree() {
    let pager = new_db(None, 4096);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    assert!(!c.first().unwrap());
    assert!(!c.last().unwrap());
    assert!(!c.is_valid());
    assert!(!c.seek_rowid(SeekOp::GE, 5).unwrap());
    assert_eq!(c.max_rowid().unwrap(), None);
    assert_eq!(c.count().unwrap(), 0);
}

#[test]
fn sequential_inserts_split_and_iterate() {
    let pager = new_db(None, 1024);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    for i in 1..=20_000i64 {
        if let Err(e) = c.insert(i, &payload_for(i, (i % 50) as usize)) {
            panic!("at {i}: {e}");
        }
        assert_eq!(c.rowid().unwrap(), i);
    }
    let all = table_entries(&mut c);
    assert_eq!(all.len(), 20_000);
    for (k, (r, p)) in all.iter().enumerate() {
        assert_eq!(*r, k as i64 + 1);
        assert_eq!(*p, payload_for(*r, (*r % 50) as usize));
    }
    assert_eq!(table_rowids_backwards(&mut c).len(), 20_000);
    assert_eq!(c.count().unwrap(), 20_000);
    assert_eq!(c.max_rowid().unwrap(), Some(20_000));
    assert!(check_tree(&pager, root, TreeKind::Table).is_empty());
}

#[test]
fn seek_ops_on_table() {
    let pager = new_db(None, 512);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    for i in (10..=5000i64).step_by(10) {
        c.insert(i, &payload_for(i, 20)).unwrap();
    }
    for probe in [5i64, 10, 15, 2500, 2505, 5000, 5001] {
        let ge = (10..=5000).step_by(10).find(|&k| k >= probe);
        let gt = (10..=5000).step_by(10).find(|&k| k > probe);
        let le = (1..=500i64).rev().map(|k| k * 10).find(|&k| k <= probe);
        let lt = (1..=500i64).rev().map(|k| k * 10).find(|&k| k < probe);
        for (op, want) in [
            (SeekOp::GE, ge),
            (SeekOp::GT, gt),
            (SeekOp::LE, le),
            (SeekOp::LT, lt),
        ] {
            let hit = c.seek_rowid(op, probe).unwrap();
            assert_eq!(hit, want.is_some(), "{op:?} {probe}");
            if let Some(w) = want {
                assert_eq!(c.rowid().unwrap(), w, "{op:?} {probe}");
            } else {
                assert!(c.is_valid(), "stays on the nearest entry");
            }
        }
        assert_eq!(
            c.seek_rowid(SeekOp::EQ, probe).unwrap(),
            probe % 10 == 0 && probe <= 5000
        );
    }
}

#[test]
fn random_table_workload_matches_model() {
    for (seed, page_size) in [(1u64, 512usize), (2, 1024), (3, 4096)] {
        let pager = new_db(None, page_size);
        let root = create_tree(&pager, TreeKind::Table).unwrap();
        let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
        let mut model: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
        let mut rng = Rng::new(seed);
        for step in 0..6000 {
            let r = rng.below(100);
            if r < 60 {
                let k = rng.below(3000) as i64 - 100;
                let len = match rng.below(10) {
                    0 => rng.below(page_size as u64 * 5) as usize,
                    1 => 0,
                    _ => rng.below(120) as usize,
                };
                let p = payload_for(k ^ step, len);
                c.insert(k, &p).unwrap();
                model.insert(k, p);
            } else {
                let k = rng.below(3000) as i64 - 100;
                let hit = c.seek_rowid(SeekOp::EQ, k).unwrap();
                assert_eq!(hit, model.contains_key(&k));
                if hit {
                    c.delete().unwrap();
                    model.remove(&k);
                    // next() must give the successor
                    let succ = model.range(k..).next().map(|(k, _)| *k);
                    assert_eq!(c.next().unwrap(), succ.is_some());
                    if let Some(s) = succ {
                        assert_eq!(c.rowid().unwrap(), s);
                    }
                }
            }
            if step % 1000 == 999 {
                let got = table_entries(&mut c);
                let want: Vec<(i64, Vec<u8>)> =
                    model.iter().map(|(k, v)| (*k, v.clone())).collect();
                assert!(got == want, "seed {seed} step {step}");
                let errs = check_tree(&pager, root, TreeKind::Table);
                assert!(errs.is_empty(), "{errs:?}");
            }
        }
        // Delete everything by walking forward.
        let mut ok = c.first().unwrap();
        while ok {
            c.delete().unwrap();
            ok = c.next().unwrap();
        }
        assert_eq!(c.count().unwrap(), 0);
        assert!(!c.first().unwrap());
    }
}

fn idx_key(v: u64, rowid: i64, big: bool) -> Vec<u8> {
    let s = if big {
        format!("{v:08}-{}", "x".repeat((v % 3000) as usize))
    } else {
        format!("{v:08}")
    };
    record(&[Val::Text(s), Val::Int(rowid)])
}

#[test]
fn random_index_workload_matches_model() {
    for (seed, page_size, big) in [(7u64, 512usize, false), (8, 1024, true), (9, 4096, true)] {
        let pager = new_db(None, page_size);
        let root = create_tree(&pager, TreeKind::Index).unwrap();
        let mut c = Cursor::new(pager.clone(), root, TreeKind::Index);
        let mut model: Vec<Vec<u8>> = Vec::new();
        let mut rng = Rng::new(seed);
        for step in 0..4000 {
            let v = rng.below(2000);
            let key = idx_key(v, v as i64 * 3, big);
            if rng.below(100) < 65 {
                c.insert_index(&key, &mut |e| Ok(cmp_records(e, &key)))
                    .unwrap();
                assert_eq!(c.payload().unwrap(), key);
                if let Err(pos) = model.binary_search_by(|m| cmp_records(m, &key)) {
                    model.insert(pos, key);
                }
            } else {
                let hit = c
                    .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &key)))
                    .unwrap();
                let pos = model.binary_search_by(|m| cmp_records(m, &key));
                assert_eq!(hit, pos.is_ok());
                if let Ok(pos) = pos {
                    c.delete().unwrap();
                    model.remove(pos);
                    if step % 2 == 0 {
                        assert_eq!(c.next().unwrap(), pos < model.len());
                        if pos < model.len() {
                            assert_eq!(c.payload().unwrap(), model[pos]);
                        }
                    } else {
                        assert_eq!(c.prev().unwrap(), pos > 0);
                        if pos > 0 {
                            assert_eq!(c.payload().unwrap(), model[pos - 1]);
                        }
                    }
                }
            }
            if step % 500 == 499 {
                let mut got = Vec::new();
                let mut ok = c.first().unwrap();
                while ok {
                    got.push(c.payload().unwrap());
                    ok = c.next().unwrap();
                }
                assert!(
                    got == model,
                    "seed {seed} step {step}: {} vs {}",
                    got.len(),
                    model.len()
                );
                let errs = check_tree(&pager, root, TreeKind::Index);
                assert!(errs.is_empty(), "{errs:?}");
            }
        }
        // seeks of every kind against the model
        for probe in 0..300u64 {
            let key = idx_key(probe * 7, probe as i64 * 21, big);
            let mut f = |e: &[u8]| -> Result<Ordering> { Ok(cmp_records(e, &key)) };
            let ge = model
                .iter()
                .position(|m| cmp_records(m, &key) != Ordering::Less);
            let hit = c.seek_index(SeekOp::GE, &mut f).unwrap();
            assert_eq!(hit, ge.is_some());
            if let Some(p) = ge {
                assert_eq!(c.payload().unwrap(), model[p]);
            }
            let lt = model
                .iter()
                .rposition(|m| cmp_records(m, &key) == Ordering::Less);
            assert_eq!(c.seek_index(SeekOp::LT, &mut f).unwrap(), lt.is_some());
            if let Some(p) = lt {
                assert_eq!(c.payload().unwrap(), model[p]);
            }
        }
        let n = model.len() as u64;
        assert_eq!(c.count().unwrap(), n);
        assert_eq!(clear_tree(&pager, root).unwrap(), n);
        assert!(!c.first().unwrap());
    }
}
