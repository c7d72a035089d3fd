//! ORDER BY / GROUP BY through an index (optoverview.html, "ORDER BY optimizations").
//!
//! A single-table query whose ORDER BY terms are plain columns of that table can skip the
//! sort when its one loop already delivers rows in that order:
//! - a table scan gives rowid order (`ORDER BY rowid`; read backwards for DESC);
//! - an index scan gives the index's order, read backwards (`Last`/`Prev`) when every term is
//!   the reverse of its index column's direction; after the index columns comes the rowid;
//! - an equality lookup (`SEARCH t USING INDEX i (a=?)`) gives the order of the index columns
//!   after the constrained ones; a term on a constrained column needs no order at all; an IN
//!   list on the first index column visits its values in ascending order.
//!
//! Each term's collation must be its index column's. GROUP BY still goes through its (stable)
//! sorter, which then keeps the index's order inside each group. Without statistics SQLite prefers an
//! ordering index to a table scan plus a sort, covering or not, so a plain scan is replaced by
//! the index; a lookup by rowid, IN list or automatic index is kept and the rows are sorted.
//! Joins keep the sort (SQLite can use the outer loop's order; Ferrolite does not yet).

use std::sync::Arc;

use crate::schema::{Index, IndexedExpr};
use crate::value::compare::Collation;

use super::plan::{Access, LevelPlan, SourceInfo};
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
    /// GROUP BY: the groups come out of a sorter (stable) in ascending key order, so only a
    /// forward scan of ascending index columns gives SQLite's order of groups and of the rows
    /// within each group.
    pub grouping: bool,
}

fn is_rowid(info: &SourceInfo, c: ColSel) -> bool {
    match c {
        ColSel::Rowid => true,
        ColSel::Column(i) => info.rowid_alias == Some(i),
    }
}

/// Whether reading `ix` (backwards when `scan_desc`), with its first `fixed` columns held
/// equal, yields rows in `want`'s order.
fn index_gives(
    info: &SourceInfo,
    ix: &Index,
    fixed: usize,
    want: &OrderWant,
    scan_desc: bool,
) -> bool {
    let mut k = fixed;
    for c in &want.cols {
        let is_col = |ic: &crate::schema::IndexColumn| match c.col {
            ColSel::Column(i) => ic.expr == IndexedExpr::Column(i) && ic.collation == c.collation,
            ColSel::Rowid => false,
        };
        if ix.columns[..fixed].iter().any(is_col) {
            continue;
        }
        let dir_ok = |col_desc: bool| c.desc == (col_desc != scan_desc);
        match ix.columns.get(k) {
            Some(ic) if is_col(ic) && dir_ok(ic.desc) => k += 1,
            None if k == ix.columns.len()
                && is_rowid(info, c.col)
                && c.collation == Collation::Binary
                && dir_ok(false) =>
            {
                k += 1
            }
            _ => return false,
        }
    }
    true
}

/// The direction to scan `ix` so its order can match `want` (false = forwards).
fn scan_direction(ix: &Index, want: &OrderWant) -> bool {
    match (want.cols.first(), ix.columns.first()) {
        (Some(c), Some(ic)) => c.desc != ic.desc,
        _ => false,
    }
}

/// Adjusts the loop of a single-source plan so it delivers rows in `want`'s order when an
/// index (or the rowid) can; returns whether the rows then need no sort.
pub(crate) fn apply(plans: &mut [LevelPlan], infos: &[SourceInfo], want: &OrderWant) -> bool {
    let ([lp], [info]) = (plans, infos) else {
        return false;
    };
    if want.cols.is_empty() || !info.is_table || !info.has_rowid {
        return false;
    }
    match &lp.access {
        Access::Scan if want.cols.len() == 1 && is_rowid(info, want.cols[0].col) => {
            let c = &want.cols[0];
            if c.collation != Collation::Binary || (c.desc && want.grouping) {
                return false;
            }
            if c.desc {
                lp.access = Access::ScanDesc;
            }
            true
        }
        Access::Scan | Access::IndexScan { .. } => {
            let best: Option<(Arc<Index>, bool)> = info
                .indexes
                .iter()
                .filter(|ix| ix.partial.is_none())
                .map(|ix| (ix, scan_direction(ix, want)))
                .filter(|(_, desc)| !(want.grouping && *desc))
                .filter(|(ix, desc)| index_gives(info, ix, 0, want, *desc))
                .min_by_key(|(ix, _)| (!info.covers(ix), ix.columns.len()))
                .map(|(ix, desc)| (ix.clone(), desc));
            let Some((index, desc)) = best else {
                return false;
            };
            let covering = info.covers(&index);
            lp.access = Access::IndexOrder {
                index,
                covering,
                desc,
            };
            true
        }
        Access::IndexEq { index, terms, .. } => index_gives(info, index, terms.len(), want, false),
        // The IN values are visited in ascending (BINARY) order, each through the index.
        // (whatever the direction of the index's first column, hence only an ascending one).
        Access::IndexIn { index, .. } => {
            index.columns.first().is_some_and(|c| !c.desc)
                && index_gives(info, index, 0, want, false)
        }
        _ => false,
    }
}
