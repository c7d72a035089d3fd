//! Which index an equality search uses when several apply and no statistics decide, and the
//! rowid bounds after an index's full equality prefix.
//!
//! Observed with sqlite3 3.40.1 (EXPLAIN QUERY PLAN), in order of precedence:
//!
//! 1. A UNIQUE index whose every column is held equal by `=` or `IS` terms finds one row and
//!    wins over every other candidate, covering or longer: for `a=1 AND b=2`, UNIQUE(a) beats
//!    a covering index on (a, b). `a IS NULL` does not find one row (NULLs repeat).
//! 2. The longer equality prefix: `a IS NULL AND b IS NULL` reads (a, b), not UNIQUE(a).
//! 3. An index all of whose columns are held equal and that is UNIQUE (at most a few rows,
//!    NULLs aside): `a IS NULL` reads UNIQUE(a), not (a, b) (writes seed 17953).
//! 4. More range bounds after the prefix, then the index created last (sqlite3 lists a
//!    table's indexes newest first; the highest root page stands for the creation order).
//!
//! Every entry of a rowid table's index ends with the rowid, so after equalities on all of
//! its columns, bounds on the rowid narrow the read as a range on one more column would
//! (`SEARCH t USING INDEX i (a=? AND rowid>?)`), unless the index finds one row (1.). A
//! WITHOUT ROWID table's index entries end with the primary key, whose first column bounds
//! the read the same way (`SEARCH w USING INDEX i (a=? AND k>?)`).

use std::sync::Arc;

use crate::schema::Index;
use crate::value::compare::Collation;

use super::plan::{SourceInfo, TermInfo, TermKind};
use super::range::{range_for, RangeBounds};
use super::resolve::ColSel;

/// A candidate: the index, its equality terms (term, other side is right) and range bounds.
pub(crate) type Choice = (Arc<Index>, Vec<(usize, bool)>, Option<RangeBounds>);

/// Whether the equalities `used` hold every key column of `ix` (of `info`'s table).
fn full_key(ix: &Index, used: &[(usize, bool)], info: &SourceInfo) -> bool {
    !used.is_empty() && used.len() == super::pk::key_len(ix, info.pk.len())
}

/// Whether `ix` with equalities `used` finds at most one row (rule 1).
pub(crate) fn finds_one_row(
    terms: &[TermInfo],
    ix: &Index,
    used: &[(usize, bool)],
    info: &SourceInfo,
) -> bool {
    ix.unique && full_key(ix, used, info) && used.iter().all(|u| terms[u.0].kind == TermKind::Eq)
}

/// The key a candidate is ranked by (greater is better): rules 1 to 4. Range-only candidates
/// (no equality) keep the first index on ties.
pub(crate) fn rank(
    terms: &[TermInfo],
    info: &SourceInfo,
    c: &Choice,
) -> (bool, usize, bool, usize, u32) {
    let bounds = c.2.as_ref().map_or(0, |r| r.terms().count());
    let newer = if c.1.is_empty() { 0 } else { c.0.root_page };
    (
        finds_one_row(terms, &c.0, &c.1, info),
        c.1.len(),
        c.0.unique && full_key(&c.0, &c.1, info),
        bounds,
        newer,
    )
}

/// The bounds on the rowid (or a WITHOUT ROWID table's first primary-key column) that
/// extend a search of `ix` whose equalities `used` hold all its columns; `None` when they do
/// not apply.
pub(crate) fn rowid_suffix_range(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
    ix: &Index,
    used: &[(usize, bool)],
) -> Option<RangeBounds> {
    if super::pk::is_pk_index(ix) || used.len() != ix.columns.len() {
        return None;
    }
    if finds_one_row(terms, ix, used, info) {
        return None;
    }
    if !info.pk.is_empty() {
        let (col, coll) = pk_suffix(info, ix)?;
        return range_for(terms, src, ColSel::Column(col), placed, info, &coll);
    }
    if !info.is_table || !info.has_rowid {
        return None;
    }
    let binary = Collation::Binary;
    info.rowid_alias
        .and_then(|a| range_for(terms, src, ColSel::Column(a), placed, info, &binary))
        .or_else(|| range_for(terms, src, ColSel::Rowid, placed, info, &binary))
}

/// The column after `ix`'s own in its entries, for a WITHOUT ROWID table: the first
/// primary-key column, with its collation, when no key column is among the index's (so
/// the key follows whole) and it is ascending and BINARY (an index orders the key columns
/// it ends with by BINARY here, so a NOCASE key's bounds would skip rows).
pub(crate) fn pk_suffix(info: &SourceInfo, ix: &Index) -> Option<(usize, Collation)> {
    let pk_ix = info.indexes.iter().find(|i| super::pk::is_pk_index(i))?;
    let in_ix = |c: usize| {
        ix.columns
            .iter()
            .any(|ic| ic.expr == crate::schema::IndexedExpr::Column(c))
    };
    if info.pk.iter().any(|&c| in_ix(c)) {
        return None;
    }
    let first = pk_ix
        .columns
        .first()
        .filter(|c| !c.desc && c.collation == Collation::Binary)?;
    match first.expr {
        crate::schema::IndexedExpr::Column(c) => Some((c, first.collation.clone())),
        crate::schema::IndexedExpr::Expr(_) => None,
    }
}
