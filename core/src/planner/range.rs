//! Range constraints (optoverview.html, "The BETWEEN optimization" and range searches): terms
//! `col > e`, `col >= e`, `col < e`, `col <= e` (either operand order) and `col BETWEEN lo AND
//! hi` bound one column of a source; `e BETWEEN col AND hi` is `e >= col AND ...`, so it bounds
//! `col` from above (and `e BETWEEN lo AND col` from below), as in sqlite3. After the equality
//! prefix of an index they narrow the index range read (`SEARCH t USING INDEX i (a=? AND b>?
//! AND b<?)`); on the rowid they narrow the table scan (`SEARCH t USING INTEGER PRIMARY KEY
//! (rowid>?)`).
//!
//! A bound is only used when comparing through the index gives the same answer as the term
//! (same collation, the column's affinity decides the comparison, as for equalities); every
//! term is still evaluated as a filter, so a bound only narrows what is read. A NULL bound
//! reads nothing (the comparison is NULL for every row).

use crate::value::affinity::Affinity;
use crate::value::compare::Collation;

use super::plan::{usable, SourceInfo, TermInfo};
use super::resolve::ColSel;

/// Which sub-expression of a term is a bound's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operand {
    /// The left operand of a binary comparison (`5 < col`).
    Left,
    /// The right operand of a binary comparison (`col > 5`).
    Right,
    /// `low` of `col BETWEEN low AND high`.
    BetweenLow,
    /// `high` of `col BETWEEN low AND high`.
    BetweenHigh,
    /// `x` of `x BETWEEN col AND high` (`col <= x`) or `x BETWEEN low AND col` (`col >= x`).
    BetweenExpr,
    /// `col IS NOT NULL` (or `col NOTNULL`) as the lower bound `col > NULL`, as sqlite3 reads
    /// it: it skips the index's NULLs and narrows nothing else, so it cuts no row estimate,
    /// and alone it only seeks a covering index (`SEARCH t USING COVERING INDEX i (a>?)`,
    /// select seed 40214: avg() then adds the values in index order). Not on the rowid, nor
    /// in an outer join's ON clause; any affinity or collation will do.
    NotNull,
}

/// One side of a range term on a column of this scope: `col (>|>=|<|<=) other`.
#[derive(Debug, Clone)]
pub(crate) struct RangeSide {
    pub src: usize,
    pub col: ColSel,
    /// True for a lower bound (`col > x`, `col >= x`), false for an upper one.
    pub lower: bool,
    pub inclusive: bool,
    pub operand: Operand,
    pub other_mask: u64,
    pub other_affinity: Option<Affinity>,
    /// The comparison's collation (None = BINARY).
    pub collation: Option<Collation>,
}

/// A bound used by an access: term `term`'s `operand` is the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bound {
    pub term: usize,
    pub operand: Operand,
    pub inclusive: bool,
}

/// Lower and upper bounds on one column. With neither, the column is only known not to be
/// NULL (min()/max(), see [`super::order`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RangeBounds {
    pub lo: Option<Bound>,
    pub hi: Option<Bound>,
}

impl RangeBounds {
    /// The terms the bounds come from.
    pub(crate) fn terms(&self) -> impl Iterator<Item = usize> + '_ {
        self.lo.iter().chain(self.hi.iter()).map(|b| b.term)
    }

    /// Rows kept out of every row the range's prefix selects (SQLite's guess without
    /// statistics: a quarter per bound, none for `IS NOT NULL`).
    pub(crate) fn selectivity(&self) -> f64 {
        let narrows = |b: &Option<Bound>| b.is_some_and(|b| b.operand != Operand::NotNull);
        0.25f64.powi(i32::from(narrows(&self.lo)) + i32::from(narrows(&self.hi)))
    }

    /// Whether the only bound is an `IS NOT NULL`.
    pub(crate) fn not_null_only(&self) -> bool {
        self.hi.is_none() && self.lo.is_some_and(|b| b.operand == Operand::NotNull)
    }

    /// The EXPLAIN QUERY PLAN words for the bounds on `name`: `a>?`, `a>? AND a<?`.
    pub(crate) fn describe(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.lo.is_some() {
            out.push(format!("{name}>?"));
        }
        if self.hi.is_some() {
            out.push(format!("{name}<?"));
        }
        out
    }
}

/// The bounds the terms put on column `col` of `src` that an access through an ordering with
/// collation `coll` may use, given the sources already `placed`. The first usable lower and
/// upper bound win (the others stay filters), a comparison over an `IS NOT NULL`. `None` when there is no usable bound.
pub(crate) fn range_for(
    terms: &[TermInfo],
    src: usize,
    col: ColSel,
    placed: u64,
    info: &SourceInfo,
    coll: &Collation,
) -> Option<RangeBounds> {
    let is_rowid = match col {
        ColSel::Rowid => true,
        ColSel::Column(i) => info.rowid_alias == Some(i),
    };
    let aff = match col {
        _ if is_rowid => Some(Affinity::Integer),
        ColSel::Column(i) => info.col_affinity.get(i).copied().flatten(),
        ColSel::Rowid => None,
    };
    let mut out = RangeBounds::default();
    for (ti, t) in terms.iter().enumerate() {
        if t.on_outer.is_some_and(|o| o != src) {
            continue;
        }
        for r in &t.ranges {
            if r.src != src || r.col != col || r.other_mask & !placed != 0 {
                continue;
            }
            if r.operand == Operand::NotNull {
                if is_rowid || t.on_outer.is_some() {
                    continue;
                }
            } else {
                let coll_ok = is_rowid || r.collation.clone().unwrap_or_default() == *coll;
                if !coll_ok || !usable(aff, r.other_affinity) {
                    continue;
                }
            }
            let slot = if r.lower { &mut out.lo } else { &mut out.hi };
            // A real bound takes the place of an `IS NOT NULL`.
            let weaker = slot.is_some_and(|b| b.operand == Operand::NotNull);
            if slot.is_none() || (weaker && r.operand != Operand::NotNull) {
                *slot = Some(Bound {
                    term: ti,
                    operand: r.operand,
                    inclusive: r.inclusive,
                });
            }
        }
    }
    (out.lo.is_some() || out.hi.is_some()).then_some(out)
}
