//! ORDER BY / GROUP BY through an index (optoverview.html, "ORDER BY optimizations").
//!
//! A single-table query whose ORDER BY / GROUP BY terms are plain columns of that table can
//! skip the sort when its one loop already delivers rows in that order:
//! - a table scan gives rowid order (`ORDER BY rowid`; read backwards for DESC);
//! - an index scan gives the index's order, read backwards (`Last`/`Prev`) when every term is
//!   the reverse of its index column's direction; after the index columns comes the rowid;
//! - an equality lookup (`SEARCH t USING INDEX i (a=?)`) gives the order of the index columns
//!   after the constrained ones, read backwards (`SeekLE`, `IdxLT`, `Prev`) for the reverse;
//!   a term on a constrained column needs no order at all;
//! - an IN lookup on an ascending first index column visits its values in ascending order.
//!
//! Each term's collation must be its index column's. ORDER BY then has no sorter (LIMIT stops
//! the loop early). GROUP BY then walks the rows as the loop reads them, with no sorter
//! (`codegen/select/group_stream.rs`), so the groups and the rows inside each group keep the
//! loop's order (which decides bare columns and ties of min()/max(), as in SQLite). Without
//! statistics SQLite prefers an ordering index to a table scan plus a sort, covering or not,
//! so a plain scan is replaced by the index; a lookup by rowid or automatic index is kept
//! and the rows sorted. A join delivers the order through its outer loop (see [`apply_join`]).
//! Not done (the rows are sorted): partial sorts
//! (`USE TEMP B-TREE FOR RIGHT PART OF ORDER BY`), IN lists walked backwards, GROUP BY terms
//! reordered to match an index, DISTINCT through an index.

use crate::schema::{Index, IndexedExpr};
use crate::value::compare::Collation;

use super::plan::{Access, LevelPlan, SourceInfo};
use super::range::RangeBounds;
use super::resolve::ColSel;

/// One ORDER BY / GROUP BY term that is a column of the query's only source.
#[derive(Debug, Clone)]
pub(crate) struct OrderCol {
    pub col: ColSel,
    pub desc: bool,
    pub collation: Collation,
}

/// The order a query wants from its loop.
#[derive(Debug, Clone)]
pub(crate) struct OrderWant {
    pub cols: Vec<OrderCol>,
    /// GROUP BY: any direction of each column will do (the groups are walked as the loop
    /// reads them, so both the order of the groups and of the rows within each group are
    /// the loop's, as in SQLite).
    pub grouping: bool,
    /// min()/max() of the one column: only the first row with a non-NULL value matters, so
    /// the loop seeks past the NULLs (`SEARCH t USING COVERING INDEX i`).
    pub minmax: bool,
    /// The source whose columns these are (a join delivers them through its outer loop).
    pub src: usize,
}

fn is_rowid(info: &SourceInfo, c: ColSel) -> bool {
    match c {
        ColSel::Rowid => true,
        ColSel::Column(i) => info.rowid_alias == Some(i),
    }
}

/// Whether reading `ix` (backwards when `scan_desc`), with its first `fixed` columns held
/// equal, yields rows in `want`'s order; if so, the direction each term arrives in (GROUP BY
/// takes either direction of a column; a constant column counts as ascending).
pub(super) fn index_gives(
    info: &SourceInfo,
    ix: &Index,
    fixed: usize,
    want: &OrderWant,
    scan_desc: bool,
) -> Option<Vec<bool>> {
    let cols = entry_columns(info, ix);
    let mut k = fixed;
    let mut dirs = Vec::with_capacity(want.cols.len());
    for c in &want.cols {
        let is_col = |ic: &crate::schema::IndexColumn| match c.col {
            ColSel::Column(i) => ic.expr == IndexedExpr::Column(i) && ic.collation == c.collation,
            ColSel::Rowid => false,
        };
        if cols[..fixed.min(cols.len())].iter().any(is_col) {
            dirs.push(c.desc && !want.grouping);
            continue;
        }
        let arrives = |col_desc: bool| col_desc != scan_desc;
        let dir_ok = |col_desc: bool| want.grouping || c.desc == arrives(col_desc);
        match cols.get(k) {
            Some(ic) if is_col(ic) && dir_ok(ic.desc) => dirs.push(arrives(ic.desc)),
            None if k == cols.len()
                && is_rowid(info, c.col)
                && c.collation == Collation::Binary
                && dir_ok(false) =>
            {
                dirs.push(arrives(false))
            }
            _ => return None,
        }
        k += 1;
    }
    Some(dirs)
}

/// The key columns of `ix`'s entries in order: its own columns, then, on a WITHOUT ROWID
/// table, the primary-key columns it lacks (the entry ends with them; see [`super::pk`]).
fn entry_columns(info: &SourceInfo, ix: &Index) -> Vec<crate::schema::IndexColumn> {
    let mut cols = ix.columns.clone();
    if super::pk::is_pk_index(ix) {
        cols.truncate(info.pk.len());
        return cols;
    }
    let pk = info.indexes.iter().find(|i| super::pk::is_pk_index(i));
    if let Some(pk) = pk {
        for pc in pk.columns.iter().take(info.pk.len()) {
            if !ix.columns.iter().any(|c| c.expr == pc.expr) {
                cols.push(pc.clone());
            }
        }
    }
    cols
}

/// The direction to scan `ix` so its order can match `want` (false = forwards; GROUP BY
/// always reads forwards, as SQLite does without an ORDER BY).
fn scan_direction(ix: &Index, want: &OrderWant) -> bool {
    match (want.cols.first(), ix.columns.first()) {
        (Some(c), Some(ic)) if !want.grouping => c.desc != ic.desc,
        _ => false,
    }
}

/// Adjusts the loop of a single-source plan so it delivers rows in `want`'s order when an
/// index (or the rowid) can. Returns `None` when the rows still need a sort, else the
/// direction (true = descending) in which each term of `want` arrives.
pub(crate) fn apply(
    plans: &mut [LevelPlan],
    infos: &[SourceInfo],
    want: &OrderWant,
    reorder: Option<&[u64]>,
) -> Option<Vec<bool>> {
    if plans.len() > 1 {
        return apply_join(plans, infos, want, reorder);
    }
    let dirs = apply_order(plans, infos, want)?;
    if want.minmax {
        if let ([lp], Some(c)) = (plans, want.cols.first()) {
            first_row(lp, c.desc);
        }
    }
    Some(dirs)
}

/// Turns an ordered loop into the search for min() (`max` false) or max() of its ordering
/// column, read for its first row. For min() the loop starts at the first non-NULL value (an
/// empty [`RangeBounds`] seeks past the NULLs; the rowid is never NULL); max()'s order puts
/// the NULLs last, so its first row is the answer, or a NULL when all are.
fn first_row(lp: &mut LevelPlan, max: bool) {
    let range = (!max).then(RangeBounds::default);
    lp.access = match &lp.access {
        Access::Scan => Access::RowidRange {
            range: RangeBounds::default(),
            desc: false,
        },
        Access::ScanDesc => Access::RowidRange {
            range: RangeBounds::default(),
            desc: true,
        },
        Access::IndexOrder {
            index,
            covering,
            desc,
        } => Access::IndexEq {
            index: index.clone(),
            terms: vec![],
            range,
            covering: *covering,
            desc: *desc,
        },
        Access::IndexEq {
            index,
            terms,
            range: None,
            covering,
            desc,
        } if !max && terms.len() < index.columns.len() => Access::IndexEq {
            index: index.clone(),
            terms: terms.clone(),
            range,
            covering: *covering,
            desc: *desc,
        },
        other => other.clone(),
    };
}

/// A join's ORDER BY or GROUP BY on the columns of one source comes from the outer loop when
/// that source can deliver it there, as SQLite's planner prefers an order that needs no sort
/// (select seed 3441: `FROM t0, t2 GROUP BY t0.c1` loops t0 first through its index on c1,
/// so each group sums its rows in that order). Only when every loop is a plain scan (no
/// loop's access depends on another, so any order reads the same rows) and `reorder` allows
/// the source first (`reorder` = each source's prerequisites; `None`: the FROM order is
/// fixed). Otherwise the source's index loop may still turn backwards (see
/// [`super::order_inner`]).
fn apply_join(
    plans: &mut [LevelPlan],
    infos: &[SourceInfo],
    want: &OrderWant,
    reorder: Option<&[u64]>,
) -> Option<Vec<bool>> {
    let dirs = outer_delivers(plans, infos, want, reorder);
    if dirs.is_none() {
        super::order_inner::reverse_for_order(plans, infos, want);
    }
    dirs
}

/// [`apply_join`]'s outer loop: the source moved first and read in `want`'s order.
fn outer_delivers(
    plans: &mut [LevelPlan],
    infos: &[SourceInfo],
    want: &OrderWant,
    reorder: Option<&[u64]>,
) -> Option<Vec<bool>> {
    if want.minmax {
        return None;
    }
    let plain = |lp: &LevelPlan| matches!(lp.access, Access::Scan | Access::IndexScan { .. });
    if !plans.iter().all(plain) {
        return None;
    }
    let s = want.src;
    let pos = plans.iter().position(|lp| lp.src == s)?;
    if pos != 0 && reorder?.get(s).copied().unwrap_or(u64::MAX) != 0 {
        return None;
    }
    let mut outer = [plans[pos].clone()];
    let dirs = apply_order(&mut outer, std::slice::from_ref(infos.get(s)?), want)?;
    plans[..=pos].rotate_right(1);
    let [lp] = outer;
    plans[0] = lp;
    Some(dirs)
}

fn apply_order(
    plans: &mut [LevelPlan],
    infos: &[SourceInfo],
    want: &OrderWant,
) -> Option<Vec<bool>> {
    let ([lp], [info]) = (plans, infos) else {
        return None;
    };
    // A WITHOUT ROWID table is read through covering indexes only.
    let without_rowid = !info.is_table && !info.pk.is_empty();
    if want.cols.is_empty() || !(info.is_table && info.has_rowid || without_rowid) {
        return None;
    }
    // One range bound is a weak filter: SQLite rather reads an index in the wanted order.
    let weak = |r: &RangeBounds| r.terms().count() == 1;
    match &lp.access {
        Access::Scan | Access::IndexScan { .. }
            if want.cols.len() == 1 && is_rowid(info, want.cols[0].col) =>
        {
            let c = &want.cols[0];
            if c.collation != Collation::Binary {
                return None;
            }
            lp.access = if c.desc && !want.grouping {
                Access::ScanDesc
            } else {
                Access::Scan
            };
            Some(vec![c.desc && !want.grouping])
        }
        Access::Scan | Access::IndexScan { .. } => ordering_index(lp, info, want),
        Access::RowidRange { range, .. }
            if want.cols.len() == 1 && is_rowid(info, want.cols[0].col) =>
        {
            let c = &want.cols[0];
            if c.collation != Collation::Binary {
                return None;
            }
            let desc = c.desc && !want.grouping;
            lp.access = Access::RowidRange {
                range: range.clone(),
                desc,
            };
            Some(vec![desc])
        }
        Access::RowidRange { range, .. } if weak(range) => ordering_index(lp, info, want),
        Access::IndexEq {
            index,
            terms,
            range,
            covering,
            ..
        } => {
            let n = terms.len();
            if let Some(dirs) = index_gives(info, index, n, want, false) {
                return Some(dirs);
            }
            let weak_only = terms.is_empty() && range.as_ref().is_some_and(weak);
            let backwards = if want.grouping {
                None
            } else {
                index_gives(info, index, n, want, true)
            };
            let Some(dirs) = backwards else {
                return if weak_only {
                    ordering_index(lp, info, want)
                } else {
                    None
                };
            };
            let (index, terms, covering) = (index.clone(), terms.clone(), *covering);
            lp.access = Access::IndexEq {
                index,
                terms,
                range: range.clone(),
                covering,
                desc: true,
            };
            Some(dirs)
        }
        // The IN values are visited in ascending (BINARY) order, each through the index,
        // whatever the direction of the index's first column: only an ascending one will do.
        Access::IndexIn { index, .. } if index.columns.first().is_some_and(|c| !c.desc) => {
            index_gives(info, index, 0, want, false)
        }
        _ => None,
    }
}

/// Replaces the loop by a scan of the index (covering first, then the narrowest) whose order
/// is `want`'s; `None` (the loop unchanged) when there is none.
fn ordering_index(lp: &mut LevelPlan, info: &SourceInfo, want: &OrderWant) -> Option<Vec<bool>> {
    let (index, desc, dirs) = info
        .indexes
        .iter()
        .filter(|ix| ix.partial.is_none())
        .filter(|ix| info.pk.is_empty() || info.covers(ix))
        .filter_map(|ix| {
            let desc = scan_direction(ix, want);
            index_gives(info, ix, 0, want, desc).map(|d| (ix, desc, d))
        })
        // Ties go to the index created last (the highest root page), as with `cover_index`:
        // sqlite3 lists a table's indexes newest first.
        .min_by_key(|(ix, _, _)| {
            (
                !info.covers(ix),
                ix.columns.len(),
                std::cmp::Reverse(ix.root_page),
            )
        })
        .map(|(ix, desc, d)| (ix.clone(), desc, d))?;
    let covering = info.covers(&index);
    lp.access = Access::IndexOrder {
        index,
        covering,
        desc,
    };
    Some(dirs)
}
