//! What `index_list`, `index_info` and `index_xinfo` show of WITHOUT ROWID tables, as
//! sqlite3 3.40.1 shows it.
//!
//! A WITHOUT ROWID table is stored as its primary-key index. That index has no
//! `sqlite_schema` row, but the pragmas list it like any automatic index:
//!
//! ```text
//! CREATE TABLE w(k1, k2 COLLATE NOCASE, v, u UNIQUE, PRIMARY KEY(k1, k2)) WITHOUT ROWID
//!   index_list(w):  sqlite_autoindex_w_2 (origin pk), sqlite_autoindex_w_1 (origin u)
//!   index_xinfo(sqlite_autoindex_w_2) or index_xinfo(w):
//!       k1 BINARY key=1 | k2 NOCASE key=1 | v key=0 | u key=0   (the other stored columns)
//!   index_xinfo(sqlite_autoindex_w_1):
//!       u key=1 | k1 key=0 | k2 NOCASE key=0                     (the primary key, not a rowid)
//! ```
//!
//! The primary-key index takes its number in declaration order among the automatic indexes
//! (a key that would alias the rowid of an ordinary table takes the last number), and
//! `index_list` (newest first) places it by that number. An index's trailing primary-key
//! columns skip those already among its keys (same column and collation); they are ascending
//! in automatic indexes and keep the key's order in `CREATE INDEX` ones.

use crate::parser::{self, ast};
use crate::schema::{
    without_rowid_pk_index, Index, IndexColumn, IndexOrigin, IndexedExpr, Schema, Table,
};
use crate::value::Value;

/// The primary-key index of WITHOUT ROWID table `t` (`None` for a rowid table).
pub(super) fn pk_index(t: &Table) -> Option<Index> {
    if !t.without_rowid {
        return None;
    }
    let Ok(Some((ast::Stmt::CreateTable(ct), _))) = parser::parse_one(&t.sql) else {
        return None;
    };
    without_rowid_pk_index(&ct, t).ok().flatten()
}

/// The primary-key index called `name`, or that of the WITHOUT ROWID table called `name`
/// (`index_info(w)` describes w's primary key).
pub(super) fn pk_index_named(s: &Schema, name: &str) -> Option<Index> {
    if let Some(t) = s.table(name) {
        return pk_index(&t);
    }
    let lower = name.to_ascii_lowercase();
    if !lower.starts_with("sqlite_autoindex_") {
        return None;
    }
    (s.tables.values())
        .filter(|t| t.without_rowid)
        .filter_map(|t| pk_index(t))
        .find(|ix| ix.name.eq_ignore_ascii_case(name))
}

/// The number `N` of an automatic index `sqlite_autoindex_<table>_N`.
fn auto_number(ix: &Index) -> Option<u32> {
    if ix.origin == IndexOrigin::Create {
        return None;
    }
    ix.name.rsplit('_').next()?.parse().ok()
}

/// Inserts `pk` into `list` (newest first): before the first automatic index numbered below it.
pub(super) fn place_pk<'a>(list: &mut Vec<&'a Index>, pk: &'a Index) {
    let n = auto_number(pk).unwrap_or(0);
    let at = (list.iter())
        .position(|ix| auto_number(ix).is_some_and(|m| m < n))
        .unwrap_or(list.len());
    list.insert(at, pk);
}

/// `index_xinfo`'s rows after the key columns of index `ix` on WITHOUT ROWID table `t`
/// (`pk` is t's primary-key index): the stored columns that are not keys for the primary-key
/// index itself, else the primary-key columns the index does not already hold.
pub(super) fn xinfo_tail(t: &Table, ix: &Index, pk: &Index) -> Vec<Vec<Value>> {
    let first = ix.columns.len();
    let row = |seq: usize, cid: usize, desc: bool, coll: &str| {
        vec![
            Value::Integer((first + seq) as i64),
            Value::Integer(cid as i64),
            (t.columns.get(cid)).map_or(Value::Null, |c| Value::Text(c.name.clone())),
            Value::Integer(desc as i64),
            Value::Text(coll.to_string()),
            Value::Integer(0),
        ]
    };
    let is_pk = ix.origin == IndexOrigin::PrimaryKey && ix.name.eq_ignore_ascii_case(&pk.name);
    if is_pk {
        let keys = pk_columns(pk);
        return (0..t.columns.len())
            .filter(|c| !keys.contains(c) && !t.columns[*c].is_virtual())
            .enumerate()
            .map(|(seq, c)| row(seq, c, false, "BINARY"))
            .collect();
    }
    let created = ix.origin == IndexOrigin::Create;
    (pk.columns.iter())
        .filter(|k| !holds(&ix.columns, k))
        .filter_map(|k| match k.expr {
            IndexedExpr::Column(c) => Some((c, k)),
            IndexedExpr::Expr(_) => None,
        })
        .enumerate()
        .map(|(seq, (c, k))| row(seq, c, created && k.desc, k.collation.name()))
        .collect()
}

fn pk_columns(pk: &Index) -> Vec<usize> {
    pk.columns
        .iter()
        .filter_map(|k| match k.expr {
            IndexedExpr::Column(c) => Some(c),
            IndexedExpr::Expr(_) => None,
        })
        .collect()
}

/// Whether key columns `cols` already hold primary-key column `k` (same column, same
/// collation; the sort order does not matter).
fn holds(cols: &[IndexColumn], k: &IndexColumn) -> bool {
    (cols.iter())
        .any(|c| c.expr == k.expr && c.collation.name().eq_ignore_ascii_case(k.collation.name()))
}
