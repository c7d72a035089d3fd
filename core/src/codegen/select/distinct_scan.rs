//! `SELECT DISTINCT` without ORDER BY reads the source through an index on the result
//! columns when one exists, as sqlite3 3.40.1 does (`SCAN t USING [COVERING] INDEX i`,
//! covering or not, where a GROUP BY would use it too). The distinct rows then come out in
//! the index's order, not the table's. Our DISTINCT b-tree still drops the repeats (keeping
//! each value's first row in the scan, as sqlite3's ordered DISTINCT does).

use crate::parser::ast::Expr;
use crate::planner::order::OrderWant;
use crate::planner::resolve::ColSel;

use super::super::Compiler;
use super::{ColInfo, FromPlan};

impl Compiler<'_> {
    /// The order a DISTINCT query's single-source loop can deliver from an index led by its
    /// result columns (all of them in some order, else the first one), if any.
    pub(super) fn distinct_want(
        &self,
        rcols: &[(Expr, ColInfo, bool)],
        fplan: &FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<ColSel>>>,
    ) -> Option<OrderWant> {
        if self.scopes.last()?.sources.len() != 1 {
            return None;
        }
        let exprs: Vec<Expr> = rcols.iter().map(|r| r.0.clone()).collect();
        // All the result columns in any order (up to three: six orders), else the first
        // one alone (`DISTINCT a, b` reads an index on `a`, not one on `b`).
        let mut candidates = if exprs.len() <= 3 {
            permutations(&exprs)
        } else {
            vec![exprs.clone()]
        };
        if exprs.len() > 1 {
            candidates.push(vec![exprs[0].clone()]);
        }
        candidates.into_iter().find_map(|terms| {
            let want = self.group_want(&terms, None)?;
            self.loop_plan(fplan, where_, used.clone(), Some(&want))
                .ordered
                .is_some()
                .then_some(want)
        })
    }
}

/// Every order of `items`, the given one first.
fn permutations(items: &[Expr]) -> Vec<Vec<Expr>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}
