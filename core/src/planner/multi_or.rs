//! OR terms through several indexes (optoverview.html, "OR-connected terms"): when every
//! branch of `x OR y OR ...` can be searched on its own (through an index or the rowid), the
//! loop runs each branch's search in turn and visits each rowid found once, in the order
//! found (`MULTI-INDEX OR`, one `INDEX n` sub-plan per branch). A branch's search may also use
//! the other AND-ed terms of the WHERE clause (`(a=1 OR b=2) AND a>0` searches `b=? AND a>?`).
//! The OR term itself stays a filter, like every other term.

use super::plan::{best_access, estimate, Access, SourceInfo, TermInfo};

/// One branch of an OR term: its search (over the terms of the same position in
/// [`TermInfo::or_leaves`]).
#[derive(Debug, Clone)]
pub(crate) struct OrBranch {
    pub access: Access,
}

/// A `MULTI-INDEX OR` access to `src` through the first OR term all of whose branches can be
/// searched, given the sources already `placed`.
pub(crate) fn or_access(
    terms: &[TermInfo],
    src: usize,
    placed: u64,
    info: &SourceInfo,
) -> Option<Access> {
    if !info.is_table || !info.has_rowid {
        return None;
    }
    terms.iter().enumerate().find_map(|(ti, t)| {
        if t.or_leaves.len() < 2 || t.on_outer.is_some_and(|o| o != src) {
            return None;
        }
        let branches = t
            .or_leaves
            .iter()
            .map(|leaf| {
                let all = branch_terms(leaf, terms, ti);
                let (access, _) = best_access(&all, src, placed, info);
                searchable(&access).then_some(OrBranch { access })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Access::MultiOr { term: ti, branches })
    })
}

/// The terms a branch's search may use: its own, then every other term of the scope but the
/// OR term `skip` itself (codegen lists the expressions in the same order).
pub(crate) fn branch_terms(leaf: &[TermInfo], terms: &[TermInfo], skip: usize) -> Vec<TermInfo> {
    let mut all = leaf.to_vec();
    all.extend(
        terms
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, t)| t.clone()),
    );
    all
}

/// Whether a branch's access is a search the OR loop can run (not a scan).
fn searchable(a: &Access) -> bool {
    match a {
        Access::RowidEq { .. } | Access::RowidRange { .. } => true,
        Access::IndexEq { terms, range, .. } => {
            // sqlite3 searches no branch by `IS NOT NULL` alone.
            let bounded =
                |r: &super::range::RangeBounds| r.terms().count() > 0 && !r.not_null_only();
            !terms.is_empty() || range.as_ref().is_some_and(bounded)
        }
        _ => false,
    }
}

/// Estimated (cost, rows) of a `MULTI-INDEX OR`: the sums over its branches.
pub(crate) fn or_estimate(
    terms: &[TermInfo],
    term: usize,
    branches: &[OrBranch],
    src: usize,
    placed: u64,
    info: &SourceInfo,
) -> (f64, f64) {
    branches
        .iter()
        .zip(&terms[term].or_leaves)
        .map(|(b, leaf)| {
            let all = branch_terms(leaf, terms, term);
            estimate(&all, src, placed, info, &b.access)
        })
        .fold((0.0, 0.0), |(c, r), (bc, br)| (c + bc + 1.0, r + br))
}
