//! Where a WITHOUT ROWID table's primary key comes among the uniqueness checks of a write.
//!
//! sqlite3 checks a row's UNIQUE constraints newest index first, and a WITHOUT ROWID table's
//! primary key is one of those indexes: it was created with the table's automatic indexes,
//! in declaration order (it takes its number `N` of `sqlite_autoindex_<table>_N` there;
//! one that would alias the rowid of an ordinary table takes the last number). So every
//! `CREATE INDEX` index and every automatic index declared after the key is checked before
//! it. Observed in sqlite3 3.40.1 (and 3.54.1): for `w(k1, k2, PRIMARY KEY(k1, k2))
//! WITHOUT ROWID` with `CREATE UNIQUE INDEX w_i ON w(k2)`, a row breaking both reports
//! `UNIQUE constraint failed: w.k2`; for `w(a PRIMARY KEY, b UNIQUE) WITHOUT ROWID`,
//! `w.b`; for `w(a, b UNIQUE, PRIMARY KEY(a))`, `w.a` (writes seed 29618).

use crate::parser::{self, ast};
use crate::schema::{without_rowid_pk_index, Index, IndexOrigin, Table};

/// The position of WITHOUT ROWID table `t`'s primary key in `newest_first`, the table's
/// UNIQUE indexes in the order they are checked: before the first automatic index numbered
/// below it (at the end when there is none, or when its number cannot be told).
pub(crate) fn pk_check_position(t: &Table, newest_first: &[&Index]) -> usize {
    let Some(n) = pk_number(t) else {
        return newest_first.len();
    };
    newest_first
        .iter()
        .position(|ix| auto_number(ix).is_some_and(|m| m < n))
        .unwrap_or(newest_first.len())
}

/// The number `N` of the primary key's `sqlite_autoindex_<table>_N`, from `t`'s CREATE
/// TABLE statement.
fn pk_number(t: &Table) -> Option<u32> {
    let Ok(Some((ast::Stmt::CreateTable(ct), _))) = parser::parse_one(&t.sql) else {
        return None;
    };
    let pk = without_rowid_pk_index(&ct, t).ok().flatten()?;
    auto_number(&pk)
}

/// The number `N` of an automatic index `sqlite_autoindex_<table>_N`.
fn auto_number(ix: &Index) -> Option<u32> {
    if ix.origin == IndexOrigin::Create {
        return None;
    }
    ix.name.rsplit('_').next()?.parse().ok()
}
