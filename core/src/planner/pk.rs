//! A WITHOUT ROWID table's own b-tree as an index (withoutrowid.html): its records are
//! ordered by the primary key, so equalities and ranges on a prefix of the key seek it
//! (`SEARCH w USING PRIMARY KEY (a=? AND b>?)`) like any index.
//!
//! The planner sees it as a pseudo-index ([`pk_index`]): no name, origin PrimaryKey, the
//! table's root page, and every stored column in record order (the key columns, then the
//! others), so codegen reads it with a second cursor on the table's b-tree as a covering
//! index. Only its first `pk.len()` columns are a key: lookups stop there ([`key_len`]).
//! Tables with virtual generated columns (absent from the record) get none.

use std::sync::Arc;

use crate::schema::{Index, IndexColumn, IndexOrigin, IndexedExpr, Table};
use crate::value::compare::Collation;

/// The primary-key pseudo-index of WITHOUT ROWID table `t`, if it can have one.
pub(crate) fn pk_index(t: &Table) -> Option<Arc<Index>> {
    if !t.without_rowid || t.primary_key.is_empty() {
        return None;
    }
    if t.columns.iter().any(|c| c.is_virtual()) {
        return None;
    }
    let coll = |c: usize| {
        t.columns[c]
            .collation
            .as_deref()
            .map(Collation::from_name)
            .unwrap_or_default()
    };
    let mut columns: Vec<IndexColumn> = t
        .primary_key
        .iter()
        .map(|&(c, desc)| IndexColumn {
            expr: IndexedExpr::Column(c),
            collation: coll(c),
            desc,
        })
        .collect();
    columns.extend(
        (0..t.columns.len())
            .filter(|c| !t.primary_key.iter().any(|p| p.0 == *c))
            .map(|c| IndexColumn {
                expr: IndexedExpr::Column(c),
                collation: coll(c),
                desc: false,
            }),
    );
    Some(Arc::new(Index {
        name: String::new(),
        table: t.name.clone(),
        root_page: t.root_page,
        columns,
        unique: true,
        on_conflict: None,
        origin: IndexOrigin::PrimaryKey,
        partial: None,
        sql: None,
        db: t.db,
        seq: 0,
    }))
}

/// Whether `ix` is a [`pk_index`].
pub(crate) fn is_pk_index(ix: &Index) -> bool {
    ix.name.is_empty() && ix.origin == IndexOrigin::PrimaryKey
}

/// How many leading columns of `ix` are its key (`pk_len` for the pseudo-index).
pub(crate) fn key_len(ix: &Index, pk_len: usize) -> usize {
    if is_pk_index(ix) {
        pk_len.min(ix.columns.len())
    } else {
        ix.columns.len()
    }
}
