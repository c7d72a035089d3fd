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

/// One field of a test record, borrowed: (class rank, integer value, bytes).
fn fields(rec: &[u8]) -> impl Iterator<Item = (u8, i64, &[u8])> {
    use super::varint::get_varint;
    let (hlen, mut p) = get_varint(rec).unwrap();
    let mut body = hlen as usize;
    std::iter::from_fn(move || {
        if p >= hlen as usize {
            return None;
        }
        let (t, n) = get_varint(&rec[p..]).unwrap();
        p += n;
        let (rank, len) = match t {
            0 => (0, 0),
            1..=4 => (1, t as usize),
            6 => (1, 8),
            8 | 9 => (1, 0),
            t if t >= 12 && t % 2 == 0 => (4, ((t - 12) / 2) as usize),
            t => (3, ((t - 13) / 2) as usize),
        };
        let bytes = &rec[body..body + len];
        body += len;
        let int = match t {
            6 => i64::from_be_bytes(bytes.try_into().unwrap()),
            1..=4 => bytes
                .iter()
                .fold(if bytes[0] & 0x80 != 0 { -1i64 } else { 0 }, |v, &b| {
                    (v << 8) | b as i64
                }),
            9 => 1,
            _ => 0,
        };
        Some((rank, int, bytes))
    })
}

/// Index-key order for the test records: NULL, integers, text, blobs; memcmp within text and
/// blobs (SQLite's BINARY collation); a shorter record first when it is a prefix.
pub(crate) fn cmp_records(a: &[u8], b: &[u8]) -> Ordering {
    let (mut x, mut y) = (fields(a), fields(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(u), Some(v)) => {
                let o = u.0.cmp(&v.0).then_with(|| {
                    if u.0 == 1 {
                        u.1.cmp(&v.1)
                    } else {
                        u.2.cmp(v.2)
                    }
                });
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
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
    // The pager creates page 1 (header and empty sqlite_schema) when first asked for it.
    assert_eq!(pager.get(1).unwrap().pgno(), 1);
    init_root(&pager, 1, TreeKind::Table).unwrap();
    pager
}

fn collect_roots(pager: &Pager, pgno: u32, out: &mut Vec<(u32, TreeKind)>) {
    use super::page::PageInfo;
    let page = pager.get(pgno).unwrap();
    let data = page.data().clone();
    let info = PageInfo::parse(&data, pgno, pager.usable_size()).unwrap();
    for i in 0..=info.ncells {
        if !info.leaf {
            collect_roots(pager, info.child(&data, i).unwrap(), out);
        } else if i < info.ncells {
            let c = info.cell(&data, i).unwrap();
            let rec = &data[c.local_off..c.local_off + c.local_size];
            let row = decode(rec);
            if let (Val::Text(t), Val::Int(root)) = (&row[0], &row[3]) {
                let kind = if t == "index" {
                    TreeKind::Index
                } else {
                    TreeKind::Table
                };
                out.push((*root as u32, kind));
            }
        }
    }
}

/// Sets the header fields that belong to the schema layer (cookie, format, UTF-8) and commits;
/// the pager stamps the rest (change counter, page count, freelist).
pub(crate) fn finish_db(pager: &Pager) {
    let page = pager.get(1).unwrap();
    pager.make_writable(&page).unwrap();
    {
        let mut d = page.data_mut();
        d[40..44].copy_from_slice(&1u32.to_be_bytes()); // schema cookie
        d[44..48].copy_from_slice(&4u32.to_be_bytes()); // schema format
        d[56..60].copy_from_slice(&1u32.to_be_bytes()); // UTF-8
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
        if seed != 8 {
            // Re-find positions after deletes with the comparison (seed 8: by scanning).
            c.set_key_comparator(Box::new(|a, b| Ok(cmp_records(a, b))));
        }
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

// ----- round trips with the system sqlite3 ------------------------------------------------

fn temp_path(name: &str) -> String {
    let dir = std::env::temp_dir();
    format!(
        "{}/ferrolite-btree-{}-{}.db",
        dir.display(),
        name,
        std::process::id()
    )
}

fn have_sqlite3() -> bool {
    std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok()
}

fn sqlite3(path: &str, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(path)
        .arg(sql)
        .output()
        .expect("run sqlite3");
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    s
}

fn blob_len(i: i64) -> usize {
    match i {
        50_000 => 3_000_000,
        _ if i % 997 == 0 => 4000 + (i as usize % 9000),
        _ => (i % 40) as usize,
    }
}

fn text_for(i: i64) -> String {
    let mut s = format!("k{:06}", (i * 7919) % 100_003);
    if i % 13 == 0 {
        s.push_str(&"y".repeat(1500 + (i % 3000) as usize)); // index keys that overflow
    }
    s
}

/// Builds t(a,b,c) with 100k rows and indexes on a and c through the b-tree API only; the
/// system sqlite3 must find the file intact and read the same rows.
#[test]
fn sqlite3_reads_trees_we_write() {
    if !have_sqlite3() {
        return;
    }
    let path = temp_path("write");
    let pager = new_db(Some(&path), 4096);
    let troot = create_tree(&pager, TreeKind::Table).unwrap();
    let iroot = create_tree(&pager, TreeKind::Index).unwrap();
    let jroot = create_tree(&pager, TreeKind::Index).unwrap();
    schema_row(&pager, 1, "table", "t", "t", troot, "CREATE TABLE t(a,b,c)");
    schema_row(
        &pager,
        2,
        "index",
        "i",
        "t",
        iroot,
        "CREATE INDEX i ON t(a)",
    );
    schema_row(
        &pager,
        3,
        "index",
        "j",
        "t",
        jroot,
        "CREATE INDEX j ON t(c)",
    );
    let mut t = Cursor::new(pager.clone(), troot, TreeKind::Table);
    let mut ix = Cursor::new(pager.clone(), iroot, TreeKind::Index);
    let mut jx = Cursor::new(pager.clone(), jroot, TreeKind::Index);
    let mut rng = Rng::new(42);
    let mut order: Vec<i64> = (1..=100_000).collect();
    for k in (1..order.len()).rev() {
        order.swap(k, rng.below(k as u64 + 1) as usize);
    }
    let row = |i: i64| (i * 3 - 7, payload_for(i, blob_len(i)), text_for(i));
    // Commit now and then, as a real workload would (and to exercise commits mid-build).
    let checkpoint = |n: usize| {
        if n % 50_000 == 49_999 {
            pager.commit().unwrap();
            pager.begin_write().unwrap();
        }
    };
    for (n, &i) in order.iter().enumerate() {
        checkpoint(n);
        let (a, b, c) = row(i);
        t.insert(
            i,
            &record(&[Val::Int(a), Val::Blob(b), Val::Text(c.clone())]),
        )
        .unwrap();
        let ik = record(&[Val::Int(a), Val::Int(i)]);
        ix.insert_index(&ik, &mut |e| Ok(cmp_records(e, &ik)))
            .unwrap();
        let jk = record(&[Val::Text(c), Val::Int(i)]);
        jx.insert_index(&jk, &mut |e| Ok(cmp_records(e, &jk)))
            .unwrap();
    }
    // Delete a fifth of the rows (and a solid range) with their index entries; rewrite others.
    let gone = |i: i64| i % 5 == 0 || (60_000..62_000).contains(&i);
    for (n, &i) in order.iter().enumerate() {
        checkpoint(n);
        let (a, _, c) = row(i);
        if gone(i) {
            assert!(t.seek_rowid(SeekOp::EQ, i).unwrap());
            t.delete().unwrap();
            let ik = record(&[Val::Int(a), Val::Int(i)]);
            assert!(ix
                .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &ik)))
                .unwrap());
            ix.delete().unwrap();
            let jk = record(&[Val::Text(c), Val::Int(i)]);
            assert!(jx
                .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &jk)))
                .unwrap());
            jx.delete().unwrap();
        } else if i % 11 == 0 {
            // same values, but the blob moves between local and overflow storage
            let b = payload_for(i, if blob_len(i) > 100 { 10 } else { 5000 });
            t.insert(i, &record(&[Val::Int(a), Val::Blob(b), Val::Text(c)]))
                .unwrap();
        }
    }
    let live: Vec<i64> = (1..=100_000).filter(|&i| !gone(i)).collect();
    let new_len = |i: i64| match (i % 11 == 0, blob_len(i) > 100) {
        (false, _) => blob_len(i),
        (true, true) => 10,
        (true, false) => 5000,
    };
    let sum_a: i64 = live.iter().map(|&i| row(i).0).sum();
    let sum_len: usize = live.iter().map(|&i| new_len(i)).sum();
    for root in [troot, iroot, jroot] {
        let kind = tree_kind(&pager, root).unwrap();
        assert!(check_tree(&pager, root, kind).is_empty());
    }
    finish_db(&pager);
    let out = sqlite3(
        &path,
        "PRAGMA integrity_check; SELECT count(*), sum(a), sum(length(b)) FROM t; \
         SELECT a, length(b), hex(substr(b, 1, 3)) FROM t WHERE rowid = 50003; \
         SELECT count(*) FROM t WHERE c > 'k05'; SELECT rowid FROM t WHERE a = 29996;",
    );
    let b = payload_for(50_003, 3);
    let want = format!(
        "ok\n{}|{sum_a}|{sum_len}\n150002|{}|{:02X}{:02X}{:02X}\n{}\n10001\n",
        live.len(),
        new_len(50_003),
        b[0],
        b[1],
        b[2],
        live.iter()
            .filter(|&&i| text_for(i).as_str() > "k05")
            .count(),
    );
    assert_eq!(out, want);
    let _ = std::fs::remove_file(&path);
}

/// The reverse: trees that sqlite3 wrote (100k rows, blobs larger than a page, after deletes)
/// read back entry for entry.
#[test]
fn we_read_trees_sqlite3_wrote() {
    if !have_sqlite3() {
        return;
    }
    let path = temp_path("read");
    let _ = std::fs::remove_file(&path);
    let setup = "PRAGMA page_size=1024; CREATE TABLE t(a INTEGER, b BLOB); \
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100000) \
        INSERT INTO t SELECT i*5, CASE WHEN i % 500 = 0 THEN randomblob(3000 + i % 5000) \
        ELSE randomblob(i % 30) END FROM n; \
        CREATE INDEX ia ON t(a, b); DELETE FROM t WHERE rowid % 7 = 3 OR rowid BETWEEN 20000 AND 30000;";
    assert_eq!(sqlite3(&path, setup), "");
    let expected = sqlite3(
        &path,
        "SELECT rowid, a, length(b), hex(substr(b, 1, 4)), hex(substr(b, -4, 4)) FROM t ORDER BY rowid;",
    );
    let big = sqlite3(
        &path,
        "SELECT rowid, hex(b) FROM t WHERE length(b) > 1000 ORDER BY rowid;",
    );

    let pager = Arc::new(
        Pager::open(
            Some(&path),
            &PagerOptions {
                read_only: true,
                ..PagerOptions::default()
            },
        )
        .unwrap(),
    );
    // Find the roots in sqlite_schema.
    let mut schema = Cursor::new(pager.clone(), 1, TreeKind::Table);
    let mut roots = BTreeMap::new();
    let mut ok = schema.first().unwrap();
    while ok {
        let row = decode(&schema.payload().unwrap());
        if let (Val::Text(name), Val::Int(root)) = (&row[1], &row[3]) {
            roots.insert(name.clone(), *root as u32);
        }
        ok = schema.next().unwrap();
    }
    let mut t = Cursor::new(pager.clone(), roots["t"], TreeKind::Table);
    let (mut got, mut got_big) = (String::new(), String::new());
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let rows = table_entries(&mut t);
    for (rowid, rec) in &rows {
        let v = decode(rec);
        let (Val::Int(a), Val::Blob(b)) = (&v[0], &v[1]) else {
            panic!("unexpected row {v:?}")
        };
        let tail = &b[b.len().saturating_sub(4)..];
        got.push_str(&format!(
            "{rowid}|{a}|{}|{}|{}\n",
            b.len(),
            hex(&b[..b.len().min(4)]),
            hex(tail)
        ));
        if b.len() > 1000 {
            got_big.push_str(&format!("{rowid}|{}\n", hex(b)));
        }
    }
    assert!(got == expected, "table rows differ");
    assert!(got_big == big, "large blobs differ");
    // The index holds (a, b, rowid) for every row, in order.
    let mut ix = Cursor::new(pager.clone(), roots["ia"], TreeKind::Index);
    assert_eq!(ix.count().unwrap(), rows.len() as u64);
    let mut ok = ix.first().unwrap();
    let mut n = 0;
    while ok {
        let v = decode(&ix.payload().unwrap());
        let Val::Int(rowid) = v[2] else { panic!() };
        assert_eq!(rows[n].0, rowid, "index entries follow a = rowid*5");
        n += 1;
        ok = ix.next().unwrap();
    }
    assert_eq!(n, rows.len());
    // Seeks on the index agree with the table.
    let probe = record(&[Val::Int(5 * 40_002)]);
    let mut f = |e: &[u8]| -> Result<Ordering> {
        let o = cmp_records(e, &probe);
        Ok(
            if o == Ordering::Greater && decode(e)[0] == decode(&probe)[0] {
                Ordering::Equal
            } else {
                o
            },
        )
    };
    assert!(ix.seek_index(SeekOp::GE, &mut f).unwrap());
    assert_eq!(decode(&ix.payload().unwrap())[0], Val::Int(5 * 40_002));
    let _ = std::fs::remove_file(&path);
}

// ----- corrupt pages ----------------------------------------------------------------------

/// Runs every cursor operation over a damaged tree; errors are fine, panics and hangs are not.
fn exercise(pager: &Arc<Pager>, root: u32, kind: TreeKind, rng: &mut Rng) {
    let mut c = Cursor::new(pager.clone(), root, kind);
    let mut steps = 0;
    if let Ok(mut ok) = c.first() {
        while ok && steps < 100_000 {
            let _ = c.payload();
            let _ = c.rowid();
            steps += 1;
            ok = c.next().unwrap_or(false);
        }
    }
    if let Ok(mut ok) = c.last() {
        while ok && steps < 200_000 {
            steps += 1;
            ok = c.prev().unwrap_or(false);
        }
    }
    let _ = c.count();
    let _ = check_tree(pager, root, kind);
    for _ in 0..20 {
        let k = rng.below(3000) as i64;
        let len = rng.below(1500) as usize;
        match kind {
            TreeKind::Table => {
                let _ = c.seek_rowid(SeekOp::LE, k);
                let _ = c.insert(k, &payload_for(k, len));
                if c.seek_rowid(SeekOp::GE, k).unwrap_or(false) {
                    let _ = c.delete();
                    let _ = c.next();
                }
            }
            TreeKind::Index => {
                let key = idx_key(k as u64, k, len > 700);
                let mut f = |e: &[u8]| -> Result<Ordering> {
                    // Garbage records must not panic the comparator either.
                    Ok(std::panic::catch_unwind(|| cmp_records(e, &key)).unwrap_or(Ordering::Less))
                };
                let _ = c.seek_index(SeekOp::GT, &mut f);
                let _ = c.insert_index(&key, &mut f);
                if c.seek_index(SeekOp::GE, &mut f).unwrap_or(false) {
                    let _ = c.delete();
                    let _ = c.prev();
                }
            }
        }
    }
    let _ = clear_tree(pager, root);
}

#[test]
fn corrupt_pages_give_errors_not_panics() {
    let pager = new_db(None, 512);
    let troot = create_tree(&pager, TreeKind::Table).unwrap();
    let iroot = create_tree(&pager, TreeKind::Index).unwrap();
    let mut t = Cursor::new(pager.clone(), troot, TreeKind::Table);
    let mut ix = Cursor::new(pager.clone(), iroot, TreeKind::Index);
    let mut rng = Rng::new(99);
    for i in 0..1200i64 {
        let len = if i % 50 == 0 {
            2000
        } else {
            rng.below(60) as usize
        };
        t.insert(rng.below(3000) as i64, &payload_for(i, len))
            .unwrap();
        let key = idx_key(rng.below(3000), i, i % 9 == 0);
        ix.insert_index(&key, &mut |e| Ok(cmp_records(e, &key)))
            .unwrap();
    }
    let count = pager.page_count();
    let snapshot: Vec<Vec<u8>> = (1..=count)
        .map(|p| pager.get(p).unwrap().data().clone())
        .collect();
    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    let mut detected = 0;
    for trial in 0..300u64 {
        for (p, bytes) in snapshot.iter().enumerate() {
            pager
                .get(p as u32 + 1)
                .unwrap()
                .data_mut()
                .copy_from_slice(bytes);
        }
        let mut rng = Rng::new(1000 + trial);
        for _ in 0..1 + rng.below(3) {
            let pg = 2 + rng.below(count as u64 - 1) as u32;
            let off = match rng.below(3) {
                0 => rng.below(16) as usize,
                1 => 8 + rng.below(64) as usize,
                _ => rng.below(512) as usize,
            };
            let v = rng.next() as u8;
            pager.get(pg).unwrap().data_mut()[off] = v;
        }
        let (root, kind) = if trial % 2 == 0 {
            (troot, TreeKind::Table)
        } else {
            (iroot, TreeKind::Index)
        };
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if !check_tree(&pager, root, kind).is_empty() {
                detected += 1;
            }
            exercise(&pager, root, kind, &mut rng)
        }));
        if r.is_err() {
            failures.push(trial);
        }
    }
    std::panic::set_hook(prev_hook);
    assert!(failures.is_empty(), "panics in trials {failures:?}");
    eprintln!("{detected} of 300 damaged trees flagged by check_tree");
    assert!(
        detected > 20,
        "the checker should flag damage to tree structure"
    );
}

#[test]
fn sequential_appends_pack_pages_like_sqlite() {
    // sqlite3: 10000 rows of 100-byte blobs in 4096-byte pages take 260 leaf pages (+ root).
    let pager = new_db(None, 4096);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    let before = pager.page_count();
    for i in 1..=10_000i64 {
        c.insert(i, &record(&[Val::Blob(payload_for(i, 100))]))
            .unwrap();
    }
    let pages = pager.page_count() - before;
    assert!(pages <= 272, "{pages} pages"); // sqlite3: 273 pages including page 1
    assert!(check_tree(&pager, root, TreeKind::Table).is_empty());
}

/// A deterministic stand-in for `randomblob(i%50 + (i%300=0)*3000)` so that damage tests
/// replay exactly: printable bytes varying with i.
const DET_BLOB: &str = "CAST(substr(printf('%.*c', i%50 + (i%300=0)*3000, char(33 + i % 90))     || (i*7919), 1, i%50 + (i%300=0)*3000) AS BLOB)";

/// Opens `path` read-only and runs our whole-file check over the trees listed in its schema.
fn our_integrity_check(path: &str) -> String {
    let opts = PagerOptions {
        read_only: true,
        ..PagerOptions::default()
    };
    let pager = Pager::open(Some(path), &opts).unwrap();
    // sqlite3's order: schema entries newest first, sqlite_schema last.
    let mut trees = Vec::new();
    collect_roots(&pager, 1, &mut trees);
    trees.reverse();
    trees.push((1u32, TreeKind::Table));
    let errs = check_database(&pager, &trees);
    if errs.is_empty() {
        "ok\n".to_string()
    } else {
        format!("*** in database main ***\n{}\n", errs.join("\n"))
    }
}

/// Damaged files: our checker's report must be sqlite3's, message for message.
#[test]
fn integrity_messages_match_sqlite3() {
    if !have_sqlite3() {
        return;
    }
    let base = temp_path("chk");
    let _ = std::fs::remove_file(&base);
    let setup = "PRAGMA page_size=1024; CREATE TABLE t(a,b); WITH RECURSIVE n(i) AS (SELECT 1 \
        UNION ALL SELECT i+1 FROM n WHERE i<2000) INSERT INTO t SELECT i, {BLOB} FROM n; DELETE FROM t WHERE a%3=0;";
    assert_eq!(sqlite3(&base, &setup.replace("{BLOB}", DET_BLOB)), "");
    let orig = std::fs::read(&base).unwrap();
    let ps = 1024;
    let p2 = &orig[ps..2 * ps];
    let first_cell = ps + u16::from_be_bytes([p2[12], p2[13]]) as usize;
    let leaf = u32::from_be_bytes(orig[first_cell..first_cell + 4].try_into().unwrap()) as usize;
    let c = (leaf - 1) * ps;
    let ptr = |k: usize| orig[c + 8 + 2 * k..c + 10 + 2 * k].to_vec();
    type Patch = Vec<(usize, Vec<u8>)>;
    let cases: Vec<(&str, Patch)> = vec![
        ("intact", vec![]),
        ("fragment count", vec![(c + 7, vec![9])]),
        ("page type", vec![(c, vec![7])]),
        ("cell count", vec![(c + 3, vec![0x7f, 0xff])]),
        ("shared cell", vec![(c + 8, ptr(1))]),
        ("rowid order", vec![(c + 8, ptr(1)), (c + 10, ptr(0))]),
        ("child is page 1", vec![(first_cell, vec![0, 0, 0, 1])]),
        ("freelist count", vec![(36, vec![0, 0, 0, 99])]),
        ("freelist trunk", vec![(32, vec![0, 0, 0x7f, 0])]),
    ];
    let path = temp_path("chk2");
    for (name, patch) in cases {
        let mut bytes = orig.clone();
        for (off, val) in patch {
            bytes[off..off + val.len()].copy_from_slice(&val);
        }
        std::fs::write(&path, &bytes).unwrap();
        let theirs = sqlite3(&path, "PRAGMA integrity_check;").replace(
            "Error: stepping, database disk image is malformed (11)\n",
            "",
        );
        assert_eq!(our_integrity_check(&path), theirs, "case {name}");
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&base);
}

/// Random damage to b-tree structure bytes of a file sqlite3 wrote: both checkers must agree.
#[test]
fn integrity_random_damage_matches_sqlite3() {
    if !have_sqlite3() {
        return;
    }
    let base = temp_path("rnd");
    let _ = std::fs::remove_file(&base);
    let setup = "PRAGMA page_size=1024; CREATE TABLE t(a,b); WITH RECURSIVE n(i) AS (SELECT 1 \
        UNION ALL SELECT i+1 FROM n WHERE i<3000) INSERT INTO t SELECT i, {BLOB} FROM n; DELETE FROM t WHERE a%3=0;";
    assert_eq!(sqlite3(&base, &setup.replace("{BLOB}", DET_BLOB)), "");
    let orig = std::fs::read(&base).unwrap();
    let ps = 1024;
    let npages = orig.len() / ps;
    let path = temp_path("rnd2");
    let mut rng = Rng::new(5);
    let mut mismatches = Vec::new();
    for trial in 0..240 {
        let mut bytes = orig.clone();
        let pg = 2 + rng.below(npages as u64 - 1) as usize;
        let off = match rng.below(4) {
            0 => rng.below(12),
            1 => 8 + rng.below(40),
            _ => rng.below(ps as u64), // cell bytes: keys, sizes, child and overflow pointers
        } as usize;
        bytes[(pg - 1) * ps + off] = rng.next() as u8;
        std::fs::write(&path, &bytes).unwrap();
        // sqlite3 appends "database disk image is malformed" when the row scan that follows
        // the b-tree checks (the pragma's table walk, not ours) trips over the damage.
        let theirs = sqlite3(&path, "PRAGMA integrity_check;")
            .replace(
                "Error: stepping, database disk image is malformed (11)\n",
                "",
            )
            .replace("\ndatabase disk image is malformed\n", "\n")
            .replace("database disk image is malformed\n", "ok\n");
        let ours = our_integrity_check(&path);
        if ours != theirs {
            mismatches.push(format!(
                "trial {trial} page {pg} off {off}:\nours:\n{ours}theirs:\n{theirs}"
            ));
        }
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&base);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Extreme page sizes (512 and 65536 bytes: content-start 0 means 65536), random inserts,
/// replacements and deletes with payloads that overflow; sqlite3 must agree on the result.
#[test]
fn page_size_extremes_round_trip_with_sqlite3() {
    if !have_sqlite3() {
        return;
    }
    for page_size in [512usize, 65536] {
        let path = temp_path(&format!("ps{page_size}"));
        let pager = new_db(Some(&path), page_size);
        let troot = create_tree(&pager, TreeKind::Table).unwrap();
        let iroot = create_tree(&pager, TreeKind::Index).unwrap();
        schema_row(&pager, 1, "table", "t", "t", troot, "CREATE TABLE t(b)");
        schema_row(
            &pager,
            2,
            "index",
            "i",
            "t",
            iroot,
            "CREATE INDEX i ON t(b)",
        );
        let mut t = Cursor::new(pager.clone(), troot, TreeKind::Table);
        let mut ix = Cursor::new(pager.clone(), iroot, TreeKind::Index);
        let mut model: BTreeMap<i64, Vec<u8>> = BTreeMap::new();
        let mut rng = Rng::new(page_size as u64);
        let ikey = |k: i64, b: &[u8]| record(&[Val::Blob(b.to_vec()), Val::Int(k)]);
        for step in 0..3000i64 {
            let k = rng.below(1500) as i64;
            if let Some(old) = model.remove(&k) {
                let key = ikey(k, &old);
                assert!(ix
                    .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &key)))
                    .unwrap());
                ix.delete().unwrap();
                if rng.below(2) == 0 {
                    assert!(t.seek_rowid(SeekOp::EQ, k).unwrap());
                    t.delete().unwrap();
                    continue;
                }
            }
            let len = match rng.below(8) {
                0 => rng.below(3 * page_size as u64) as usize,
                _ => rng.below(100) as usize,
            };
            let b = payload_for(k + step, len);
            t.insert(k, &record(&[Val::Blob(b.clone())])).unwrap();
            let key = ikey(k, &b);
            ix.insert_index(&key, &mut |e| Ok(cmp_records(e, &key)))
                .unwrap();
            model.insert(k, b);
        }
        finish_db(&pager);
        let total: usize = model.values().map(|b| b.len()).sum();
        let out = sqlite3(
            &path,
            "PRAGMA integrity_check; SELECT count(*), sum(rowid), sum(length(b)) FROM t; \
             SELECT count(*) FROM t INDEXED BY i WHERE b IS NOT NULL;",
        );
        let want = format!(
            "ok\n{}|{}|{total}\n{}\n",
            model.len(),
            model.keys().sum::<i64>(),
            model.len()
        );
        assert_eq!(out, want, "page size {page_size}");
        let _ = std::fs::remove_file(&path);
    }
}

/// Rough timing of the insert and scan paths (run with --ignored --nocapture, in release).
#[test]
#[ignore]
fn bench_inserts() {
    let pager = new_db(None, 4096);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    let t0 = std::time::Instant::now();
    for i in 0..1_000_000i64 {
        c.insert(i, &payload_for(i, 40)).unwrap();
    }
    eprintln!("1M sequential inserts: {:?}", t0.elapsed());
    let root2 = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c2 = Cursor::new(pager.clone(), root2, TreeKind::Table);
    let mut rng = Rng::new(1);
    let t0 = std::time::Instant::now();
    for i in 0..300_000i64 {
        c2.insert(rng.next() as i64, &payload_for(i, 40)).unwrap();
    }
    eprintln!("300k random inserts: {:?}", t0.elapsed());
    let t0 = std::time::Instant::now();
    let mut n = 0;
    let mut ok = c.first().unwrap();
    while ok {
        n += c.payload().unwrap().len();
        ok = c.next().unwrap();
    }
    eprintln!("scan 1M: {:?} ({n} bytes)", t0.elapsed());
    let iroot = create_tree(&pager, TreeKind::Index).unwrap();
    let mut ix = Cursor::new(pager.clone(), iroot, TreeKind::Index);
    let t0 = std::time::Instant::now();
    for i in 0..200_000i64 {
        let key = record(&[Val::Int(rng.next() as i64 >> 1), Val::Int(i)]);
        ix.insert_index(&key, &mut |e| Ok(cmp_records(e, &key)))
            .unwrap();
    }
    eprintln!("200k random index inserts: {:?}", t0.elapsed());
}

#[test]
fn cursor_survives_changes_through_another_cursor() {
    let pager = new_db(None, 512);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut w = Cursor::new(pager.clone(), root, TreeKind::Table);
    for i in 0..2000i64 {
        w.insert(i * 2, &payload_for(i, 30)).unwrap();
    }
    let mut r = Cursor::new(pager.clone(), root, TreeKind::Table);
    assert!(r.seek_rowid(SeekOp::EQ, 1000).unwrap());
    // Splits and merges around the reader's position.
    for i in 0..400i64 {
        w.insert(1001 + i * 2, &payload_for(i, 60)).unwrap();
    }
    assert!(w.seek_rowid(SeekOp::EQ, 1002).unwrap());
    w.delete().unwrap();
    assert_eq!(r.rowid().unwrap(), 1000, "still on its entry");
    assert!(r.next().unwrap());
    assert_eq!(r.rowid().unwrap(), 1001);
    // The reader's own entry deleted by the writer: next() continues after it.
    assert!(w.seek_rowid(SeekOp::EQ, 1001).unwrap());
    w.delete().unwrap();
    assert!(r.rowid().is_err(), "its entry is gone");
    assert!(r.next().unwrap());
    assert_eq!(r.rowid().unwrap(), 1003);
    assert!(r.prev().unwrap());
    assert_eq!(r.rowid().unwrap(), 1000);
    // clear_tree through the free function invalidates positions too.
    clear_tree(&pager, root).unwrap();
    assert!(!r.next().unwrap());
}

/// sqlite_schema (rooted at page 1, 100 bytes smaller) growing over many pages and shrinking
/// again: the header stays intact and sqlite3 reads every table.
#[test]
fn schema_tree_on_page_one_splits_and_shrinks() {
    if !have_sqlite3() {
        return;
    }
    let path = temp_path("schema");
    let pager = new_db(Some(&path), 1024);
    let mut roots = Vec::new();
    for n in 0..300i64 {
        let root = create_tree(&pager, TreeKind::Table).unwrap();
        let name = format!("table_with_a_longish_name_{n}");
        schema_row(
            &pager,
            n + 1,
            "table",
            &name,
            &name,
            root,
            &format!("CREATE TABLE {name}(a)"),
        );
        Cursor::new(pager.clone(), root, TreeKind::Table)
            .insert(1, &record(&[Val::Int(n)]))
            .unwrap();
        roots.push(root);
    }
    // Drop every table but the last 3 (tree and schema row).
    let mut schema = Cursor::new(pager.clone(), 1, TreeKind::Table);
    for (n, &root) in roots.iter().enumerate().take(297) {
        drop_tree(&pager, root).unwrap();
        assert!(schema.seek_rowid(SeekOp::EQ, n as i64 + 1).unwrap());
        schema.delete().unwrap();
    }
    finish_db(&pager);
    let out = sqlite3(
        &path,
        "PRAGMA integrity_check; SELECT count(*) FROM sqlite_schema; \
         SELECT a FROM table_with_a_longish_name_299;",
    );
    assert_eq!(out, "ok\n3\n299\n");
    let _ = std::fs::remove_file(&path);
}

/// A 40 MB payload: stored in an overflow chain, read back whole and by prefix, then replaced
/// by a small one — every overflow page goes back to the freelist.
#[test]
fn huge_payload_round_trip_and_free() {
    let pager = new_db(None, 4096);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    let big: Vec<u8> = (0..40_000_000u32).map(|i| (i % 251) as u8).collect();
    c.insert(7, b"small").unwrap();
    c.insert(8, &big).unwrap();
    c.insert(9, b"after").unwrap();
    assert!(c.seek_rowid(SeekOp::EQ, 8).unwrap());
    assert_eq!(c.payload_size().unwrap(), big.len() as u64);
    assert_eq!(c.payload_prefix(10_000).unwrap(), big[..10_000]);
    assert!(c.payload().unwrap() == big);
    let trees = [(1, TreeKind::Table), (root, TreeKind::Table)];
    assert!(check_database(&pager, &trees).is_empty());
    let pages = pager.page_count();
    assert!(pages > 9_700);
    c.insert(8, b"now small").unwrap();
    assert_eq!(check_database(&pager, &trees), Vec::<String>::new());
    assert_eq!(pager.page_count(), pages, "pages are reused, not added");
    c.insert(10, &big[..5_000_000]).unwrap();
    assert_eq!(
        pager.page_count(),
        pages,
        "new chains come from the freelist"
    );
    assert_eq!(table_entries(&mut c).len(), 4);
}

/// Pages with reserved bytes at their end (header byte 20): usable size = page size - 32.
/// We read what sqlite3 wrote, add and delete rows, and sqlite3 still finds the file intact.
#[test]
fn reserved_bytes_per_page() {
    if !have_sqlite3() {
        return;
    }
    let path = temp_path("reserved");
    let _ = std::fs::remove_file(&path);
    let script = ".filectrl reserve_bytes 32\nCREATE TABLE t(a,b);\nWITH RECURSIVE n(i) AS \
        (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<3000) INSERT INTO t SELECT i, \
        zeroblob(i%200 + (i%500=0)*9000) FROM n;\n";
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s' \"$0\" | sqlite3 {path}"))
        .arg(script)
        .output()
        .unwrap();
    assert!(out.status.success());
    let pager = Arc::new(Pager::open(Some(&path), &PagerOptions::default()).unwrap());
    assert_eq!(pager.usable_size(), pager.page_size() - 32);
    let mut roots = Vec::new();
    collect_roots(&pager, 1, &mut roots);
    let root = roots[0].0;
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    assert_eq!(c.count().unwrap(), 3000);
    assert!(c.seek_rowid(SeekOp::EQ, 1500).unwrap());
    assert_eq!(decode(&c.payload().unwrap())[1], Val::Blob(vec![0; 9100]));
    pager.begin_write().unwrap();
    for i in 3001..=5000i64 {
        c.insert(
            i,
            &record(&[Val::Int(i), Val::Blob(payload_for(i, (i % 700) as usize))]),
        )
        .unwrap();
    }
    for i in (1..=5000i64).step_by(3) {
        assert!(c.seek_rowid(SeekOp::EQ, i).unwrap());
        c.delete().unwrap();
    }
    pager.commit().unwrap();
    let out = sqlite3(
        &path,
        "PRAGMA integrity_check; SELECT count(*), sum(a) FROM t;",
    );
    let live: Vec<i64> = (1..=5000).filter(|i| (i - 1) % 3 != 0).collect();
    assert_eq!(
        out,
        format!("ok\n{}|{}\n", live.len(), live.iter().sum::<i64>())
    );
    let _ = std::fs::remove_file(&path);
}

/// Index deletes where the entry taking an interior cell's place is larger than the deleted
/// one, so that the interior page overflows (keys of very different sizes, small pages).
#[test]
fn index_interior_delete_with_larger_predecessor() {
    for seed in 0..6u64 {
        let pager = new_db(None, 512);
        let root = create_tree(&pager, TreeKind::Index).unwrap();
        let mut c = Cursor::new(pager.clone(), root, TreeKind::Index);
        if seed % 2 == 0 {
            c.set_key_comparator(Box::new(|a, b| Ok(cmp_records(a, b))));
        }
        let mut rng = Rng::new(seed + 100);
        let mut keys = Vec::new();
        for i in 0..1500u64 {
            let pad = if rng.below(3) == 0 {
                90
            } else {
                rng.below(4) as usize
            };
            let key = record(&[
                Val::Text(format!("{:05}{}", rng.below(100_000), "p".repeat(pad))),
                Val::Int(i as i64),
            ]);
            c.insert_index(&key, &mut |e| Ok(cmp_records(e, &key)))
                .unwrap();
            keys.push(key);
        }
        keys.sort_by(|a, b| cmp_records(a, b));
        while !keys.is_empty() {
            let pos = rng.below(keys.len() as u64) as usize;
            let key = keys.remove(pos);
            assert!(c
                .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &key)))
                .unwrap());
            c.delete().unwrap();
            assert_eq!(c.next().unwrap(), pos < keys.len());
            if pos < keys.len() {
                assert!(c.payload().unwrap() == keys[pos]);
            }
            if keys.len() % 300 == 0 {
                assert!(check_tree(&pager, root, TreeKind::Index).is_empty());
                assert_eq!(c.count().unwrap(), keys.len() as u64);
            }
        }
    }
}

/// A reader walks the table while a writer inserts and deletes around (and at) its position:
/// each step of the reader yields the smallest rowid above the one it was on.
#[test]
fn reader_walks_while_writer_changes_the_table() {
    let pager = new_db(None, 512);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut w = Cursor::new(pager.clone(), root, TreeKind::Table);
    let mut model = BTreeMap::new();
    let mut rng = Rng::new(77);
    for _ in 0..1500 {
        let k = rng.below(5000) as i64;
        w.insert(k, &payload_for(k, rng.below(80) as usize))
            .unwrap();
        model.insert(k, ());
    }
    let mut r = Cursor::new(pager.clone(), root, TreeKind::Table);
    let mut at = if r.first().unwrap() {
        Some(r.rowid().unwrap())
    } else {
        None
    };
    while let Some(cur) = at {
        for _ in 0..rng.below(4) {
            let k = rng.below(5000) as i64;
            if rng.below(2) == 0 {
                w.insert(k, &payload_for(k, rng.below(200) as usize))
                    .unwrap();
                model.insert(k, ());
            } else if w.seek_rowid(SeekOp::EQ, k).unwrap() {
                w.delete().unwrap();
                model.remove(&k);
            }
        }
        let want = model.range(cur + 1..).next().map(|(k, _)| *k);
        let got = if r.next().unwrap() {
            Some(r.rowid().unwrap())
        } else {
            None
        };
        assert_eq!(got, want, "after {cur}");
        at = got;
    }
    assert!(check_tree(&pager, root, TreeKind::Table).is_empty());
}

#[test]
fn cursor_is_send() {
    fn send<T: Send>() {}
    send::<Cursor>();
}

/// Auto-vacuum files keep pointer maps this layer does not maintain yet: changes are refused
/// (SQLITE_READONLY) instead of corrupting the file; reading works.
#[test]
fn auto_vacuum_files_are_read_only() {
    if !have_sqlite3() {
        return;
    }
    let path = temp_path("autovac");
    let _ = std::fs::remove_file(&path);
    let setup = "PRAGMA auto_vacuum=FULL; CREATE TABLE t(a); INSERT INTO t VALUES(1),(2),(3);";
    assert_eq!(sqlite3(&path, setup), "");
    let pager = Arc::new(Pager::open(Some(&path), &PagerOptions::default()).unwrap());
    let mut roots = Vec::new();
    collect_roots(&pager, 1, &mut roots);
    let mut c = Cursor::new(pager.clone(), roots[0].0, TreeKind::Table);
    assert_eq!(c.count().unwrap(), 3);
    pager.begin_write().unwrap();
    let e = c.insert(4, &record(&[Val::Int(4)])).unwrap_err();
    assert_eq!(e.code(), crate::error::codes::SQLITE_READONLY);
    assert!(create_tree(&pager, TreeKind::Table).is_err());
    let _ = pager.rollback();
    let _ = std::fs::remove_file(&path);
}

/// The same for an index: a reader with the key comparator keeps its place while a writer
/// inserts and deletes keys (including the reader's own).
#[test]
fn index_reader_walks_while_writer_changes_the_index() {
    let pager = new_db(None, 512);
    let root = create_tree(&pager, TreeKind::Index).unwrap();
    let mut w = Cursor::new(pager.clone(), root, TreeKind::Index);
    let key = |k: u64| {
        record(&[Val::Text(format!(
            "{k:06}{}",
            "z".repeat((k % 40) as usize)
        ))])
    };
    let mut model = std::collections::BTreeSet::new();
    let mut rng = Rng::new(78);
    for _ in 0..1200 {
        let k = rng.below(5000);
        let kb = key(k);
        w.insert_index(&kb, &mut |e| Ok(cmp_records(e, &kb)))
            .unwrap();
        model.insert(k);
    }
    let mut r = Cursor::new(pager.clone(), root, TreeKind::Index);
    r.set_key_comparator(Box::new(|a, b| Ok(cmp_records(a, b))));
    let mut at = if r.first().unwrap() {
        Some(r.payload().unwrap())
    } else {
        None
    };
    let mut cur_k = *model.iter().next().unwrap();
    while let Some(cur) = at {
        assert!(cur == key(cur_k));
        for _ in 0..rng.below(4) {
            let k = rng.below(5000);
            let kb = key(k);
            if rng.below(2) == 0 {
                w.insert_index(&kb, &mut |e| Ok(cmp_records(e, &kb)))
                    .unwrap();
                model.insert(k);
            } else if w
                .seek_index(SeekOp::EQ, &mut |e| Ok(cmp_records(e, &kb)))
                .unwrap()
            {
                w.delete().unwrap();
                model.remove(&k);
            }
        }
        let want = model.range(cur_k + 1..).next().copied();
        let got = if r.next().unwrap() {
            Some(r.payload().unwrap())
        } else {
            None
        };
        assert_eq!(got, want.map(key), "after {cur_k}");
        at = got;
        if let Some(k) = want {
            cur_k = k;
        }
    }
    assert!(check_tree(&pager, root, TreeKind::Index).is_empty());
}

/// DESIGN decision 5: in the pager's no-I/O mode a cursor move that meets an uncached page
/// leaves the cursor where it was; loading the page and re-running the move continues the
/// walk exactly (forward, backward, and seeks), with a cache far smaller than the tree.
#[test]
fn cursor_moves_are_all_or_nothing_on_a_page_miss() {
    use crate::pager::pending;
    let path = temp_path("pending");
    let pager = new_db(Some(&path), 1024);
    let root = create_tree(&pager, TreeKind::Table).unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    for i in 1..=3000i64 {
        c.insert(i, &payload_for(i, (i % 300) as usize)).unwrap();
    }
    pager.commit().unwrap();
    drop(c);
    drop(pager);
    let pager = Arc::new(Pager::open(Some(&path), &PagerOptions::default()).unwrap());
    pager.set_cache_size(4);
    pager.begin_read().unwrap();
    let mut c = Cursor::new(pager.clone(), root, TreeKind::Table);
    let mut misses = 0;
    // Runs `op` armed until it completes, loading each missed page; the position before
    // each retry must be the position before the first attempt.
    let mut armed = |c: &mut Cursor, op: &mut dyn FnMut(&mut Cursor) -> Result<bool>| loop {
        let before = c.is_valid().then(|| c.rowid().unwrap());
        let r = {
            let _a = pending::Armed::new();
            op(c)
        };
        match pending::take_miss() {
            None => return r.unwrap(),
            Some((_, pgno)) => {
                assert!(r.is_err());
                assert_eq!(c.is_valid().then(|| c.rowid().unwrap()), before);
                misses += 1;
                let _pin = pager.load(pgno).unwrap();
            }
        }
    };
    let mut seen = Vec::new();
    let mut more = armed(&mut c, &mut |c| c.first());
    while more {
        seen.push(c.rowid().unwrap());
        more = armed(&mut c, &mut |c| c.next());
    }
    assert_eq!(seen, (1..=3000).collect::<Vec<_>>());
    let mut back = 0;
    let mut more = armed(&mut c, &mut |c| c.last());
    while more {
        back += 1;
        more = armed(&mut c, &mut |c| c.prev());
    }
    assert_eq!(back, 3000);
    for k in [1i64, 777, 1500, 2999, 3000, 4000] {
        let found = armed(&mut c, &mut |c| c.seek_rowid(SeekOp::GE, k));
        assert_eq!(found, k <= 3000);
        if found {
            assert_eq!(c.rowid().unwrap(), k);
        }
    }
    assert!(misses > 100, "{misses} misses");
    let _ = std::fs::remove_file(&path);
}
