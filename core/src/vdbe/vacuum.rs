//! VACUUM (lang_vacuum.html).
//!
//! Plain `VACUUM` rebuilds the database compactly: inside one write transaction it copies
//! every b-tree, entry by entry in key order, into a fresh in-memory database (so each tree's
//! pages come out full and contiguous and there is no freelist), rewrites the `sqlite_schema`
//! rows with the new root pages, carries the header's settings over (user_version,
//! application_id, text encoding, cache size, schema format; the schema cookie goes up by
//! one), then installs that image over the file atomically (`Pager::rebuild_database`: hot
//! journal first, or WAL frames). Rowids are kept, as SQLite keeps them for tables with an
//! INTEGER PRIMARY KEY (and for the others too, here).
//!
//! `VACUUM INTO 'file'` writes the same compact rebuild to a new file instead (read inside
//! a read transaction, so the copy is one committed state; the copy is in rollback-journal
//! mode).

use std::cmp::Ordering;
use std::io::Write;
use std::sync::Arc;

use crate::btree::{create_tree, tree_kind, Cursor, TreeKind};
use crate::connection::{ConnState, TxnState};
use crate::error::{codes, Error, Result};
use crate::pager::{PageNo, Pager, PagerOptions};
use crate::value::record::{encode_record, RecordHeader};
use crate::value::Value;

pub(crate) fn vacuum(conn: &mut ConnState, db: usize, into: Option<&str>) -> Result<()> {
    match into {
        None => {
            if !conn.autocommit || conn.n_active > 1 {
                return Err(Error::sql("cannot VACUUM from within a transaction"));
            }
            let pager = conn.pager(db)?;
            if pager.page_count() == 0 {
                return Ok(());
            }
            let src = pager.clone();
            let last_rowid = schema_copy_rowid(&src)?;
            let page_size = pager.take_pending_page_size().unwrap_or(pager.page_size());
            pager.rebuild_database(|_| compacted_image(&src, page_size))?;
            conn.schema_dirty = true;
            if let Some(r) = last_rowid {
                conn.last_insert_rowid = r;
            }
            Ok(())
        }
        Some(path) => copy_into(conn, db, path),
    }
}

fn copy_into(conn: &mut ConnState, db: usize, path: &str) -> Result<()> {
    if std::path::Path::new(path).exists()
        && std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false)
    {
        return Err(Error::sql("output file already exists"));
    }
    let pager = conn.pager(db)?;
    let started = conn.txn == TxnState::None;
    if started {
        pager.begin_read()?;
    }
    let r = (|| {
        let mut image = Vec::new();
        if pager.page_count() > 0 {
            image = compacted_image(&pager, pager.page_size())?;
            // The copy is in rollback-journal mode whatever the source's mode, and its
            // header's page count valid, as after a commit.
            image[18] = 1;
            image[19] = 1;
            let n = (image.len() / pager.page_size()) as PageNo;
            crate::pager::header::stamp_commit(&mut image, n);
        }
        let mut f =
            std::fs::File::create(path).map_err(|_| Error::from_code(codes::SQLITE_CANTOPEN))?;
        f.write_all(&image)?;
        f.sync_all()?;
        Ok(())
    })();
    if started {
        pager.end_read();
    }
    r
}

/// Header bytes carried over to the rebuilt database: file format versions (18..20, WAL or
/// not) and 40..72 (schema cookie, schema format, cache size, auto-vacuum root, encoding,
/// user_version, incremental vacuum, application_id).
const KEPT_HEADER: [std::ops::Range<usize>; 2] = [18..20, 40..72];

/// The database `src` holds, rebuilt compactly in memory with pages of `page_size` bytes
/// (see the module header).
fn compacted_image(src: &Arc<Pager>, page_size: usize) -> Result<Vec<u8>> {
    let opts = PagerOptions {
        page_size,
        ..PagerOptions::default()
    };
    let dst = Arc::new(Pager::open(None, &opts)?);
    dst.set_reserved_bytes(src.page_size() - src.usable_size());
    dst.begin_write()?;
    let r = (|| {
        copy_header(src, &dst)?;
        copy_schema(src, &dst)?;
        let mut image = Vec::with_capacity(dst.page_count() as usize * dst.page_size());
        for pgno in 1..=dst.page_count() {
            image.extend_from_slice(&dst.get(pgno)?.data());
        }
        Ok(image)
    })();
    let _ = dst.rollback();
    r
}

fn copy_header(src: &Pager, dst: &Pager) -> Result<()> {
    let old = src.get(1)?.data().clone();
    let p1 = dst.get(1)?;
    dst.make_writable(&p1)?;
    let mut new = p1.data_mut();
    for r in KEPT_HEADER {
        new[r.clone()].copy_from_slice(&old[r]);
    }
    let cookie = u32::from_be_bytes([old[40], old[41], old[42], old[43]]).wrapping_add(1);
    new[40..44].copy_from_slice(&cookie.to_be_bytes());
    Ok(())
}

/// What sqlite3's VACUUM leaves in last_insert_rowid(): it rebuilds the schema table by
/// creating the tables and indexes again and then copying the rows without a b-tree (views,
/// triggers, virtual tables) with an INSERT, so the last of those gets the last rowid of the
/// new, dense table: the number of schema rows. None when there are no such rows (the value
/// is kept).
fn schema_copy_rowid(src: &Arc<Pager>) -> Result<Option<i64>> {
    let mut cur = Cursor::new(src.clone(), 1, TreeKind::Table);
    let (mut n, mut copied) = (0i64, false);
    let mut more = cur.first()?;
    while more {
        let rec = cur.payload()?;
        let hdr = RecordHeader::parse(&rec)?;
        n += 1;
        copied |= !matches!(hdr.column(&rec, 3)?, Some(Value::Integer(r)) if r > 0);
        more = cur.next()?;
    }
    Ok(copied.then_some(n))
}

/// Copies the `sqlite_schema` rows and the b-trees they name. As SQLite's VACUUM, the roots
/// come first (tables, then indexes, in schema order), then each tree's entries.
fn copy_schema(src: &Arc<Pager>, dst: &Arc<Pager>) -> Result<()> {
    let mut rows = Vec::new();
    let mut cur = Cursor::new(src.clone(), 1, TreeKind::Table);
    let mut more = cur.first()?;
    while more {
        let rec = cur.payload()?;
        let hdr = RecordHeader::parse(&rec)?;
        let values = (0..hdr.len())
            .map(|i| Ok(hdr.column(&rec, i)?.unwrap_or(Value::Null)))
            .collect::<Result<Vec<Value>>>()?;
        rows.push((cur.rowid()?, values));
        more = cur.next()?;
    }
    let root_of = |v: &[Value]| match v.get(3) {
        Some(Value::Integer(r)) if *r > 0 => PageNo::try_from(*r).ok(),
        _ => None,
    };
    // (old root, new root, kind) per tree, tables first.
    let mut trees = Vec::new();
    for want in [TreeKind::Table, TreeKind::Index] {
        for (_, values) in &rows {
            if let Some(root) = root_of(values) {
                let kind = tree_kind(src, root)?;
                if kind == want {
                    trees.push((root, create_tree(dst, kind)?, kind));
                }
            }
        }
    }
    let mut out = Cursor::new(dst.clone(), 1, TreeKind::Table);
    for (rowid, mut values) in rows {
        if let Some(root) = root_of(&values) {
            let new_root = trees.iter().find(|t| t.0 == root).map(|t| t.1);
            values[3] = Value::Integer(i64::from(new_root.ok_or_else(Error::corrupt)?));
        }
        out.insert(rowid, &encode_record(&values))?;
    }
    for (root, new_root, kind) in trees {
        copy_tree(src, root, dst, new_root, kind)?;
    }
    Ok(())
}

/// Copies every entry of tree `root` of `src` into the empty tree `to` of `dst`. Entries
/// arrive in key order, so each insert goes after everything already there.
fn copy_tree(
    src: &Arc<Pager>,
    root: PageNo,
    dst: &Arc<Pager>,
    to: PageNo,
    kind: TreeKind,
) -> Result<()> {
    let mut from = Cursor::new(src.clone(), root, kind);
    let mut into = Cursor::new(dst.clone(), to, kind);
    let mut more = from.first()?;
    while more {
        let payload = from.payload()?;
        match kind {
            TreeKind::Table => into.insert(from.rowid()?, &payload)?,
            // Everything already copied sorts before this key; only the key itself is equal
            // (how the cursor finds it again after a split).
            TreeKind::Index => into.insert_index(&payload, &mut |k| {
                Ok(if k == payload.as_slice() {
                    Ordering::Equal
                } else {
                    Ordering::Less
                })
            })?,
        }
        more = from.next()?;
    }
    Ok(())
}
