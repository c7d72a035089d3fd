//! Loop planning for one FROM clause (queryplanner.html, optoverview.html): the order of the
//! nested loops and how each source is accessed.
//!
//! WHERE terms are split on AND. An equality `src.col = expr` whose `expr` uses only sources
//! placed earlier (or none) lets a source be reached by rowid (`SEARCH t USING INTEGER PRIMARY
//! KEY (rowid=?)`) or through an index whose leading columns are all constrained
//! (`SEARCH t USING INDEX i (a=? AND b=?)`); `col IN (list)` does the same once per distinct
//! value. After an index's equality prefix, range terms on the next column bound the range
//! read (`SEARCH t USING INDEX i (a=? AND b>? AND b<?)`, see [`super::range`]); rowid bounds
//! narrow a table scan (`(rowid>?)`). An OR whose every branch can be searched runs each
//! branch's search (`MULTI-INDEX OR`, see [`super::multi_or`]). Preference: rowid equality,
//! index equality (longest prefix, then most bounds), IN, MULTI-INDEX OR, rowid range, index
//! range, automatic index. A source whose every used column is in an index is read from that
//! index alone (`SCAN t USING COVERING INDEX i`); otherwise it is scanned (`SCAN t`).
//! `INDEXED BY` / `NOT INDEXED` restrict the candidates. min()/max() and ORDER BY through an
//! index are [`super::order`]'s.
//!
//! Join order: inner/comma joins of up to six sources are ordered by trying every order,
//! larger ones greedily; the cost of an order is the sum over its loops of (estimated rows
//! reaching the loop) × (the loop's access cost), with SQLite-like guesses for selectivity
//! (no ANALYZE statistics); building an automatic index is a one-time cost, so a loop reached
//! by few rows scans instead. The right side of a LEFT or CROSS JOIN, and everything written
//! after it, stays inside everything written before it; a RIGHT or FULL join keeps the FROM
//! order. A table-valued function loops inside the sources its arguments read (see
//! [`super::tvf`]). Every term is still
//! evaluated as a filter (except a rowid equality the lookup itself guarantees), so a plan
//! only narrows what is read and never changes the result.

use std::sync::Arc;

use crate::schema::Index;
use crate::value::affinity::Affinity;
use crate::value::compare::{comparison_affinity, Collation};

use super::multi_or::{or_access, or_estimate, OrBranch};
use super::range::{range_for, RangeBounds, RangeSide};
use super::resolve::ColSel;

/// What codegen learned about one WHERE/ON term.
#[derive(Debug, Clone)]
pub(crate) struct TermInfo {
    /// Sources of this scope the term reads (bit i = source i); all bits when unknown.
    pub mask: u64,
    /// `src.col = other` usable for a lookup: (src, column, other side's index in `sides`).
    pub eqs: Vec<EqSide>,
    /// Belongs to the ON clause of this outer-joined source (evaluated before its match flag).
    pub on_outer: Option<usize>,
    pub kind: TermKind,
    /// `src.col IN (list)` usable for lookups: (src, column, sources the list reads).
    pub in_col: Option<(usize, ColSel, u64)>,
    /// `src.col > other` and the like, usable as range bounds (see [`super::range`]).
    pub ranges: Vec<RangeSide>,
    /// For `x OR y ...`: each branch's AND-ed terms (see [`super::multi_or`]); else empty.
    pub or_leaves: Vec<Vec<TermInfo>>,
}

/// The shape of a term, for selectivity guesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermKind {
    Eq,
    In(usize),
    Range,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct EqSide {
    pub src: usize,
    pub col: ColSel,
    /// Which operand of the term is `other` (0 = left, 1 = right).
    pub other_is_right: bool,
    pub other_mask: u64,
    pub other_affinity: Option<Affinity>,
    /// The comparison's collation (None = BINARY).
    pub collation: Option<Collation>,
    /// `col IS NULL`: no collation applies, so an index of any collation serves it (sqlite3
    /// 3.40.1: `SEARCH t USING INDEX i (b=?)` with `i ON t(b COLLATE NOCASE)`).
    pub any_collation: bool,
}

/// Per-source facts the planner needs.
#[derive(Debug, Clone)]
pub(crate) struct SourceInfo {
    pub name: String,
    pub col_names: Vec<String>,
    /// Column affinities and collations (None for an ephemeral source's columns).
    pub col_affinity: Vec<Option<Affinity>>,
    pub rowid_alias: Option<usize>,
    pub has_rowid: bool,
    pub indexes: Vec<Arc<Index>>,
    /// True for a b-tree table (indexes/rowid usable), false for a materialized subquery.
    pub is_table: bool,
    /// Primary-key columns of a WITHOUT ROWID table (its indexes end with them; its own
    /// b-tree is the pseudo-index of [`super::pk`]); empty otherwise.
    pub pk: Vec<usize>,
    /// The columns the query reads from this source; `None` when unknown (assume all).
    pub used: Option<Vec<ColSel>>,
    /// An automatic index may be built for it (`PRAGMA automatic_index`, on by default).
    pub auto_index: bool,
    /// Estimated size of each column from its declared type ([`super::width`]); empty for
    /// an ephemeral source.
    pub col_size: Vec<u32>,
    /// A table-valued function's argument shape (see [`super::tvf`]); None for tables.
    pub tvf: Option<super::tvf::TvfShape>,
    /// `sqlite_stat1` of each analyzed index, by index name (`""` for the primary key of a
    /// WITHOUT ROWID table), and the table's analyzed row count (see [`super::stat`]).
    pub stats: std::collections::HashMap<String, Vec<u64>>,
    pub rows: Option<u64>,
    /// The table has generated columns (an automatic index then does not cover).
    pub generated: bool,
}

impl SourceInfo {
    /// Estimated rows per key of `ix` with its first `n` columns held equal, when analyzed.
    pub(crate) fn rows_per_key(&self, ix: &Index, n: usize) -> Option<f64> {
        super::stat::rows_per_key(self.stats.get(&ix.name)?, n)
    }

    /// The table's estimated rows: analyzed, else SQLite-like guess.
    fn table_rows(&self) -> f64 {
        self.rows.map_or(TABLE_ROWS, |r| (r as f64).max(1.0))
    }

    /// Whether an automatic index would hold every column the query reads (codegen's
    /// `auto_index::covered_columns` decides alike).
    fn auto_covers(&self) -> bool {
        self.used.is_some() && !self.generated
    }

    /// Whether `ix` holds every column the query reads (the rowid is in every index).
    pub(crate) fn covers(&self, ix: &Index) -> bool {
        let Some(used) = &self.used else { return false };
        if super::pk::is_pk_index(ix) {
            return true;
        }
        // sqlite3 never reads a WITHOUT ROWID table through the autoindex of a UNIQUE
        // constraint alone (only through CREATE INDEX ones).
        if !self.pk.is_empty() && ix.origin == crate::schema::IndexOrigin::Unique {
            return false;
        }
        used.iter().all(|c| match c {
            ColSel::Rowid => true,
            ColSel::Column(i) if self.rowid_alias == Some(*i) => true,
            ColSel::Column(i) => {
                self.pk.contains(i)
                    || ix
                        .columns
                        .iter()
                        .any(|ic| ic.expr == crate::schema::IndexedExpr::Column(*i))
            }
        })
    }
}

/// The covering index a full scan reads instead of the table, if any (see [`super::width`]).
fn cover_index(info: &SourceInfo) -> Option<&Arc<Index>> {
    let candidates = info
        .indexes
        .iter()
        .filter(|ix| ix.partial.is_none() && !super::pk::is_pk_index(ix) && info.covers(ix));
    if !info.pk.is_empty() || info.col_size.len() != info.col_names.len() {
        return candidates.min_by_key(|ix| ix.columns.len());
    }
    let tab = super::width::table_width(&info.col_size, info.rowid_alias);
    candidates
        .map(|ix| (ix, super::width::index_width(&info.col_size, ix)))
        .filter(|(_, w)| *w < tab)
        // Equal costs go to the index created last (sqlite3 lists a table's indexes newest
        // first); the highest root page stands for the creation order.
        .min_by_key(|(ix, w)| (1 + 15 * w / tab.max(1), std::cmp::Reverse(ix.root_page)))
        .map(|(ix, _)| ix)
}

/// How one loop reads its source.
#[derive(Debug, Clone)]
pub(crate) enum Access {
    Scan,
    /// A table scan from the last rowid to the first (ORDER BY rowid DESC).
    ScanDesc,
    /// Exactly one rowid: `term` index whose other side is the rowid value.
    RowidEq {
        term: usize,
        other_is_right: bool,
    },
    /// Equality on the first `terms.len()` columns of `index`, then optionally `range` bounds
    /// on the next column; `covering` when the index holds every column the query reads;
    /// `desc` reads the range backwards (for an ORDER BY, see [`super::order`]).
    IndexEq {
        index: Arc<Index>,
        terms: Vec<(usize, bool)>,
        range: Option<RangeBounds>,
        covering: bool,
        desc: bool,
    },
    /// The rowids between `range`'s bounds, backwards when `desc`.
    RowidRange {
        range: RangeBounds,
        desc: bool,
    },
    /// Each branch of OR term `term` searched in turn, every rowid visited once.
    MultiOr {
        term: usize,
        branches: Vec<OrBranch>,
    },
    /// One rowid per distinct value of an IN list (`term`).
    RowidIn {
        term: usize,
    },
    /// Equality on the first column of `index` for each distinct value of an IN list.
    IndexIn {
        index: Arc<Index>,
        term: usize,
        covering: bool,
    },
    /// Equality on `column` through an index built from the table when the loop is first
    /// reached (SQLite's automatic index).
    AutoIndex {
        column: usize,
        term: usize,
        other_is_right: bool,
    },
    /// A full scan of a covering index.
    IndexScan {
        index: Arc<Index>,
    },
    /// A full scan of `index` for its order (ORDER BY / GROUP BY, see [`super::order`]),
    /// backwards when `desc`.
    IndexOrder {
        index: Arc<Index>,
        covering: bool,
        desc: bool,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct LevelPlan {
    pub src: usize,
    pub access: Access,
}

pub(crate) fn usable(col_aff: Option<Affinity>, other: Option<Affinity>) -> bool {
    match comparison_affinity(col_aff, other) {
        None => true,
        Some(a) if a.is_numeric() => col_aff.is_some_and(|c| c.is_numeric()),
        Some(Affinity::Text) => col_aff == Some(Affinity::Text),
        Some(_) => false,
    }
}

fn eq_for(
    terms: &[TermInfo],
    src: usize,
    col: ColSel,
    placed: u64,
    info: &SourceInfo,
    coll: &Collation,
) -> Option<(usize, bool)> {
    for (ti, t) in terms.iter().enumerate() {
        if t.on_outer.is_some_and(|o| o != src) {
            continue;
        }
        for e in &t.eqs {
            if e.src != src || e.col != col || e.other_mask & !placed != 0 {
                continue;
            }
            let (aff, c) = match col {
                ColSel::Rowid => (Some(Affinity::Integer), Collation::Binary),
                ColSel::Column(i) if info.rowid_alias == Some(i) => {
                    (Some(Affinity::Integer), Collation::Binary)
                }
                ColSel::Column(i) => (info.col_affinity.get(i).copied().flatten(), coll.clone()),
            };
            let term_coll = e.collation.clone().unwrap_or_default();
            let coll_ok = matches!(col, ColSel::Rowid)
                || info.rowid_alias
                    == Some(match col {
                        ColSel::Column(i) => i,
                        ColSel::Rowid => usize::MAX,
                    })
                || e.any_collation
                || term_coll == c;
            if coll_ok && usable(aff, e.other_affinity) {
                return Some((ti, e.other_is_right));
            }
        }
    }
    None
}

fn in_for(terms: &[TermInfo], src: usize, col: ColSel, placed: u64) -> Option<usize> {
    terms.iter().position(|t| {
        t.on_outer.is_none_or(|o| o == src)
            && t.in_col
                .is_some_and(|(s, c, m)| s == src && c == col && m & !placed == 0)
    })
}

/// The best access to `src` given the sources already `placed`, and its score
/// (3 rowid, 2 index, 1 filtered by an equality, 0 scan).
pub(crate) fn best_access(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
) -> (Access, u32) {
    if info.is_table && info.has_rowid {
        let rowid_col = info.rowid_alias.map_or(ColSel::Rowid, ColSel::Column);
        let found = eq_for(terms, src, rowid_col, placed, info, &Collation::Binary)
            .or_else(|| eq_for(terms, src, ColSel::Rowid, placed, info, &Collation::Binary));
        if let Some((term, other_is_right)) = found {
            return (
                Access::RowidEq {
                    term,
                    other_is_right,
                },
                3,
            );
        }
        if let Some(term) = in_for(terms, src, rowid_col, placed)
            .or_else(|| in_for(terms, src, ColSel::Rowid, placed))
        {
            return (Access::RowidIn { term }, 3);
        }
    }
    let mut range_only: Option<(Arc<Index>, RangeBounds)> = None;
    if info.is_table || !info.pk.is_empty() {
        use super::index_choice::{rank, rowid_suffix_range, Choice};
        let mut best: Option<Choice> = None;
        for ix in &info.indexes {
            if ix.partial.is_some() {
                continue;
            }
            let mut used = Vec::new();
            let mut range = None;
            for ic in &ix.columns[..super::pk::key_len(ix, info.pk.len())] {
                let crate::schema::IndexedExpr::Column(ci) = ic.expr else {
                    break;
                };
                let col = ColSel::Column(ci);
                match eq_for(terms, src, col, placed, info, &ic.collation) {
                    Some(t) => used.push(t),
                    None => {
                        range = range_for(terms, src, col, placed, info, &ic.collation);
                        break;
                    }
                }
            }
            if range.is_none() {
                range = rowid_suffix_range(terms, src, placed, info, ix, &used);
            }
            let cand = (ix.clone(), used, range);
            // With statistics for both, the fewer rows expected wins (then the longer prefix):
            // rows per key of the equality prefix, or all rows, times the range's guess.
            let per_key = |c: &Choice| {
                let rows = if c.1.is_empty() {
                    info.stats.get(&c.0.name)?.first().map(|n| *n as f64)?
                } else {
                    info.rows_per_key(&c.0, c.1.len())?
                };
                Some(rows * c.2.as_ref().map_or(1.0, RangeBounds::selectivity))
            };
            let better = |b: &Choice| match (per_key(&cand), per_key(b)) {
                (Some(x), Some(y)) if x != y => x < y,
                _ => rank(terms, info, &cand) > rank(terms, info, b),
            };
            // `IS NOT NULL` alone seeks a covering index only (see `Operand::NotNull`).
            let not_null_only = cand.1.is_empty()
                && cand.2.as_ref().is_some_and(RangeBounds::not_null_only)
                && !info.covers(&cand.0);
            let usable = (!cand.1.is_empty() || cand.2.is_some()) && !not_null_only;
            if usable && best.as_ref().is_none_or(better) {
                best = Some(cand);
            }
        }
        match best {
            Some((index, terms, range)) if !terms.is_empty() => {
                let covering = info.covers(&index);
                return (
                    Access::IndexEq {
                        index,
                        terms,
                        range,
                        covering,
                        desc: false,
                    },
                    2,
                );
            }
            Some((index, _, Some(range))) => range_only = Some((index, range)),
            _ => {}
        }
        for ix in &info.indexes {
            if ix.partial.is_some() {
                continue;
            }
            let Some(first) = ix.columns.first() else {
                continue;
            };
            let crate::schema::IndexedExpr::Column(ci) = first.expr else {
                continue;
            };
            let aff = info.col_affinity.get(ci).copied().flatten();
            if first.collation != Collation::Binary || !usable(aff, None) {
                continue;
            }
            if let Some(term) = in_for(terms, src, ColSel::Column(ci), placed) {
                let covering = info.covers(ix);
                return (
                    Access::IndexIn {
                        index: ix.clone(),
                        term,
                        covering,
                    },
                    2,
                );
            }
        }
        if let Some(access) = or_access(terms, src, placed, info) {
            return (access, 2);
        }
        if let Some(access) = range_access(terms, src, placed, info, range_only.take()) {
            return (access, 2);
        }
        // A join equality on an unindexed column: build an automatic index once.
        if placed != 0 && info.is_table && info.auto_index {
            for (ci, name) in info.col_names.iter().enumerate() {
                let _ = name;
                if info.rowid_alias == Some(ci) {
                    continue;
                }
                if let Some((term, other_is_right)) = eq_for(
                    terms,
                    src,
                    ColSel::Column(ci),
                    placed,
                    info,
                    &Collation::Binary,
                ) {
                    if terms[term].eqs.iter().any(|e| e.other_mask != 0) {
                        return (
                            Access::AutoIndex {
                                column: ci,
                                term,
                                other_is_right,
                            },
                            2,
                        );
                    }
                }
            }
        }
        let cover = cover_index(info);
        if let Some(ix) = cover {
            let filtered = terms.iter().any(|t| {
                t.eqs
                    .iter()
                    .any(|e| e.src == src && e.other_mask & !placed == 0)
            });
            return (Access::IndexScan { index: ix.clone() }, u32::from(filtered));
        }
    }
    let filtered = terms.iter().any(|t| {
        t.eqs
            .iter()
            .any(|e| e.src == src && e.other_mask & !placed == 0)
    });
    (Access::Scan, u32::from(filtered))
}

/// A range access when no equality or IN list applies: rowid bounds first (as SQLite
/// prefers them), else `range_only`, the best index whose first column is bounded.
fn range_access(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
    range_only: Option<(Arc<Index>, RangeBounds)>,
) -> Option<Access> {
    if info.is_table && info.has_rowid {
        let rowid_col = info.rowid_alias.map_or(ColSel::Rowid, ColSel::Column);
        let found = range_for(terms, src, rowid_col, placed, info, &Collation::Binary)
            .or_else(|| range_for(terms, src, ColSel::Rowid, placed, info, &Collation::Binary));
        if let Some(range) = found {
            return Some(Access::RowidRange { range, desc: false });
        }
    }
    let (index, range) = range_only?;
    let covering = info.covers(&index);
    Some(Access::IndexEq {
        index,
        terms: vec![],
        range: Some(range),
        covering,
        desc: false,
    })
}

/// Estimated rows of a table without statistics.
const TABLE_ROWS: f64 = 1000.0;

/// Selectivity of a term (queryplanner.html: SQLite guesses without ANALYZE data).
/// The share of rows a term that the loop's access does not use lets through. sqlite3
/// (without statistics) cuts the row estimate a lot for an equality only; any other term
/// (a range, an IN list, LIKE, IS NULL, a bare column...) counts as a weak filter, one
/// `LogEst` step (2^-0.1): `FROM a, b WHERE b.y > 1` still loops `a` first when `b` is
/// scanned through a narrower covering index (select seed 3667).
fn selectivity(t: &TermInfo) -> f64 {
    match t.kind {
        TermKind::Eq => 0.01,
        TermKind::In(_) | TermKind::Range | TermKind::Other => WEAK_FILTER,
    }
}

/// One `LogEst` step down: 2^-0.1.
const WEAK_FILTER: f64 = 0.933_032_991_536_807_4;

/// The cost of a full scan of covering `index` relative to a table scan, as sqlite3 weighs
/// them: `LogEst` costs `1 + 15 × idx / tab` against 16 for the table (widths from
/// [`super::width`]); 0.9 when the widths are unknown.
fn index_scan_factor(info: &SourceInfo, index: &Index) -> f64 {
    if !info.pk.is_empty() || info.col_size.len() != info.col_names.len() {
        return 0.9;
    }
    let tab = super::width::table_width(&info.col_size, info.rowid_alias);
    let idx = super::width::index_width(&info.col_size, index);
    let cost = 1 + 15 * idx / tab.max(1);
    2f64.powf(f64::from(cost - 16) / 10.0).min(1.0)
}

/// The one-time cost of an access, paid once however many rows reach its loop: building an
/// automatic index sorts the table (N log N), so a loop entered only a few times scans
/// instead, as in SQLite.
fn setup_cost(access: &Access) -> f64 {
    match access {
        Access::AutoIndex { .. } => TABLE_ROWS * TABLE_ROWS.log2(),
        _ => 0.0,
    }
}

/// Estimated (cost, output rows per outer row) of adding `src` after `placed`.
pub(crate) fn estimate(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
    access: &Access,
) -> (f64, f64) {
    let bit = 1u64 << src.min(63);
    let (cost, mut out, used): (f64, f64, Vec<usize>) = if let Some(shape) = &info.tvf {
        super::tvf::estimate(terms, src, placed, shape)
    } else {
        access_estimate(terms, src, placed, info, access)
    };
    for (ti, t) in terms.iter().enumerate() {
        if used.contains(&ti) || t.mask == u64::MAX {
            continue;
        }
        if t.mask & bit != 0 && t.mask & !(placed | bit) == 0 {
            out *= selectivity(t);
        }
    }
    (cost, out.max(0.5))
}

/// (cost, rows, terms consumed) of reading table `src` through `access`.
fn access_estimate(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
    access: &Access,
) -> (f64, f64, Vec<usize>) {
    match access {
        Access::RowidEq { term, .. } => (1.0, 1.0, vec![*term]),
        Access::RowidIn { term } => {
            let k = match terms[*term].kind {
                TermKind::In(k) => k as f64,
                _ => 1.0,
            };
            (k, k, vec![*term])
        }
        Access::IndexIn { term, .. } => {
            let k = match terms[*term].kind {
                TermKind::In(k) => k as f64,
                _ => 1.0,
            };
            let n = info.table_rows();
            (k * n * 0.02, k * n * 0.01, vec![*term])
        }
        Access::IndexEq {
            index,
            terms: used,
            range,
            ..
        } => {
            if used.is_empty() && range.as_ref().is_some_and(RangeBounds::not_null_only) {
                // A covering index read past its NULLs: a scan of it plus one seek, whose
                // `IS NOT NULL` term still filters the estimate (see `Operand::NotNull`).
                let n = info.table_rows();
                return (n * index_scan_factor(info, index) + 1.0, n, vec![]);
            }
            let rows = if index.unique && used.len() == super::pk::key_len(index, info.pk.len()) {
                1.0
            } else {
                let sel = range.as_ref().map_or(1.0, RangeBounds::selectivity);
                let per_key = (!used.is_empty())
                    .then(|| info.rows_per_key(index, used.len()))
                    .flatten();
                let n = info.table_rows();
                (per_key.unwrap_or(n * 0.01f64.powi(used.len() as i32)) * sel).max(1.0)
            };
            let mut ts: Vec<usize> = used.iter().map(|u| u.0).collect();
            ts.extend(range.iter().flat_map(RangeBounds::terms));
            (rows.max(1.0) * 2.0, rows, ts)
        }
        Access::RowidRange { range, .. } => {
            let rows = (info.table_rows() * range.selectivity()).max(1.0);
            (rows, rows, range.terms().collect())
        }
        Access::MultiOr { term, branches } => {
            let (c, r) = or_estimate(terms, *term, branches, src, placed, info);
            (c, r, vec![*term])
        }
        Access::Scan | Access::ScanDesc => (info.table_rows(), info.table_rows(), vec![]),
        Access::IndexScan { index } => (
            info.table_rows() * index_scan_factor(info, index),
            info.table_rows(),
            vec![],
        ),
        Access::IndexOrder { .. } => (info.table_rows(), info.table_rows(), vec![]),
        Access::AutoIndex { term, .. } => (30.0, 10.0, vec![*term]),
    }
}

/// Chooses the loop order and each loop's access. `reorder` is false when the FROM clause has
/// a RIGHT or FULL join (the order is then the FROM order); otherwise source i goes after
/// every source in `after[i]` (the right side of a LEFT or CROSS JOIN, and every source
/// written after it, after everything written before that join). Up to six sources: the
/// cheapest order; more: greedy, at each step the source that is cheapest to add (its access
/// cost plus the rows it carries forward). Either way an order that calls a table-valued
/// function without the arguments it needs comes last (see [`super::tvf`]).
pub(crate) fn plan_loops(
    terms: &[TermInfo],
    infos: &[SourceInfo],
    reorder: bool,
    after: &[u64],
) -> Vec<LevelPlan> {
    let after_of = |s: usize| after.get(s).copied().unwrap_or(0);
    if reorder && infos.len() > 1 && infos.len() <= 6 {
        return best_permutation(terms, infos, &after_of);
    }
    let mut placed = 0u64;
    let mut remaining: Vec<usize> = (0..infos.len()).collect();
    let mut out = Vec::new();
    let mut rows = 1.0f64;
    while !remaining.is_empty() {
        let mut best: Option<(usize, (usize, f64), Step)> = None;
        for (pos, &s) in remaining.iter().enumerate() {
            if reorder && after_of(s) & !placed != 0 {
                continue;
            }
            let st = step(terms, s, placed, &infos[s], rows);
            let score = (usize::from(st.unready), st.cost + rows * st.rows);
            let better = best.as_ref().is_none_or(|b| {
                score.0 < b.1 .0 || (score.0 == b.1 .0 && score.1 < b.1 .1 * 0.999)
            });
            if better {
                best = Some((pos, score, st));
            }
            if !reorder {
                break;
            }
        }
        let Some((pick, _, st)) = best else { break };
        let src = remaining.remove(pick);
        rows *= st.rows;
        out.push(LevelPlan {
            src,
            access: st.access,
        });
        placed |= 1u64 << src.min(63);
    }
    out
}

/// One loop as placed by [`step`].
struct Step {
    access: Access,
    /// Total cost of the loop for all the rows reaching it, setup included.
    cost: f64,
    /// Rows it yields per row reaching it.
    rows: f64,
    /// A table-valued function called without the argument it needs.
    unready: bool,
}

/// The access to `src` after `placed` when `rows` rows reach its loop: [`best_access`]'s,
/// except that an automatic index costlier than a scan for so few rows is not built.
fn step(terms: &[TermInfo], src: usize, placed: u64, info: &SourceInfo, rows: f64) -> Step {
    let (access, _) = best_access(terms, src, placed, info);
    let (cost, out) = estimate(terms, src, placed, info, &access);
    let mut st = Step {
        cost: rows * cost + setup_cost(&access),
        access,
        rows: out,
        unready: info
            .tvf
            .as_ref()
            .is_some_and(|sh| super::tvf::usable_args(terms, src, placed, sh).0 < sh.required),
    };
    if matches!(st.access, Access::AutoIndex { .. }) {
        let plain = SourceInfo {
            auto_index: false,
            ..info.clone()
        };
        let (access, _) = best_access(terms, src, placed, &plain);
        let (cost, out) = estimate(terms, src, placed, &plain, &access);
        if rows * cost + setup_cost(&access) < st.cost {
            st.cost = rows * cost + setup_cost(&access);
            st.access = access;
            st.rows = out;
        }
    }
    st
}

/// The cheapest of every loop order (few sources only): total cost is the sum over loops of
/// (rows reaching the loop) × (its access cost); fewer function calls short of their
/// arguments first.
fn best_permutation(
    terms: &[TermInfo],
    infos: &[SourceInfo],
    after_of: &dyn Fn(usize) -> u64,
) -> Vec<LevelPlan> {
    type Best = ((usize, f64), Vec<LevelPlan>);
    let n = infos.len();
    let mut best: Option<Best> = None;
    let mut perm: Vec<usize> = (0..n).collect();
    // Heap's algorithm, iterative.
    let mut c = vec![0usize; n];
    let consider = |p: &[usize], best: &mut Option<Best>| {
        let mut placed = 0u64;
        let mut rows = 1.0f64;
        let mut total = 0.0f64;
        let mut unready = 0usize;
        let mut levels = Vec::with_capacity(p.len());
        for &s in p {
            if after_of(s) & !placed != 0 {
                return;
            }
            let st = step(terms, s, placed, &infos[s], rows);
            total += st.cost;
            rows *= st.rows;
            unready += usize::from(st.unready);
            placed |= 1u64 << s.min(63);
            levels.push(LevelPlan {
                src: s,
                access: st.access,
            });
        }
        let better = best
            .as_ref()
            .is_none_or(|((u, t), _)| unready < *u || (unready == *u && total < t * 0.999));
        if better {
            *best = Some(((unready, total), levels));
        }
    };
    // Visit in lexicographic-ish order so ties keep the FROM order.
    consider(&perm, &mut best);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                perm.swap(0, i);
            } else {
                perm.swap(c[i], i);
            }
            consider(&perm, &mut best);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// The EXPLAIN QUERY PLAN detail of one loop, as SQLite words it.
pub(crate) fn describe(level: &LevelPlan, info: &SourceInfo, alias_note: &str) -> String {
    match &level.access {
        Access::Scan | Access::ScanDesc => format!("SCAN {}{alias_note}", info.name),
        Access::RowidEq { .. } | Access::RowidIn { .. } => format!(
            "SEARCH {}{alias_note} USING INTEGER PRIMARY KEY (rowid=?)",
            info.name
        ),
        Access::IndexIn {
            index, covering, ..
        } => {
            let col = match index.columns.first().map(|c| &c.expr) {
                Some(crate::schema::IndexedExpr::Column(i)) => info.col_names_hint(*i),
                _ => "<expr>".into(),
            };
            format!(
                "SEARCH {}{alias_note} USING {} ({col}=?)",
                info.name,
                using(index, *covering)
            )
        }
        Access::AutoIndex { column, .. } => format!(
            "SEARCH {}{alias_note} USING AUTOMATIC {}INDEX ({}=?)",
            info.name,
            if info.auto_covers() { "COVERING " } else { "" },
            info.col_names_hint(*column)
        ),
        Access::IndexScan { index } | Access::IndexOrder { index, .. }
            if super::pk::is_pk_index(index) =>
        {
            format!("SCAN {}{alias_note}", info.name)
        }
        Access::IndexScan { index } => {
            format!(
                "SCAN {}{alias_note} USING COVERING INDEX {}",
                info.name, index.name
            )
        }
        Access::IndexOrder {
            index, covering, ..
        } => format!(
            "SCAN {}{alias_note} USING {}",
            info.name,
            using(index, *covering)
        ),
        Access::MultiOr { .. } => "MULTI-INDEX OR".into(),
        Access::RowidRange { range, .. } if range.terms().count() == 0 => {
            format!("SEARCH {}{alias_note}", info.name)
        }
        Access::RowidRange { range, .. } => format!(
            "SEARCH {}{alias_note} USING INTEGER PRIMARY KEY ({})",
            info.name,
            range.describe("rowid").join(" AND ")
        ),
        Access::IndexEq {
            index,
            terms,
            range,
            covering,
            ..
        } => {
            let name = |c: &crate::schema::IndexColumn| match c.expr {
                crate::schema::IndexedExpr::Column(i) => info.col_names_hint(i),
                crate::schema::IndexedExpr::Expr(_) => "<expr>".into(),
            };
            let mut cols: Vec<String> = index.columns[..terms.len()]
                .iter()
                .map(|c| format!("{}=?", name(c)))
                .collect();
            match (range, index.columns.get(terms.len())) {
                (Some(r), Some(c)) => cols.extend(r.describe(&name(c))),
                // Bounds after every column are on the rowid (or primary key) each entry
                // ends with.
                (Some(r), None) => {
                    let key = super::index_choice::pk_suffix(info, index)
                        .map_or_else(|| "rowid".into(), |(c, _)| info.col_names_hint(c));
                    cols.extend(r.describe(&key));
                }
                _ => {}
            }
            let cols = if cols.is_empty() {
                String::new()
            } else {
                format!(" ({})", cols.join(" AND "))
            };
            format!(
                "SEARCH {}{alias_note} USING {}{cols}",
                info.name,
                using(index, *covering)
            )
        }
    }
}

/// `PRIMARY KEY` (a WITHOUT ROWID table's own b-tree), `COVERING INDEX i` or `INDEX i`.
fn using(index: &Index, covering: bool) -> String {
    if super::pk::is_pk_index(index) {
        "PRIMARY KEY".into()
    } else if covering {
        format!("COVERING INDEX {}", index.name)
    } else {
        format!("INDEX {}", index.name)
    }
}

impl SourceInfo {
    fn col_names_hint(&self, i: usize) -> String {
        self.col_names.get(i).cloned().unwrap_or_default()
    }
}
