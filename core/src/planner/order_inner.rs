//! The direction of a join's index loop when the loops do not deliver the ORDER BY.
//!
//! When every ORDER BY term is a column of one source of a join and the loops cannot deliver
//! that order (so the rows are sorted after the loops), sqlite3 3.40.1 still reads that
//! source's index backwards when its index gives the terms in reverse: a full scan of a
//! covering index (`SCAN t1 USING COVERING INDEX i`) or an equality lookup on its leading
//! columns (`SEARCH t1 USING INDEX i (c1=?)`). A GROUP BY does the same in the directions it
//! takes from the ORDER BY (`codegen/group_dirs.rs`). The direction shows in the rows
//! that tie under the (stable) sort, which keeps the loop's order: with `t1.c1` holding 3,
//! 3.0 in index order,
//!
//! ```text
//! SELECT t1.c1 FROM t0 CROSS JOIN t1 ORDER BY 1 DESC            -- 3.0 before 3
//! SELECT t1.c1, max(t1.c1) FROM t0 CROSS JOIN t1 GROUP BY t1.c1
//!   ORDER BY count(*) DESC                                       -- 3.0|3.0 (not 3|3)
//! ```
//!
//! (select seed 8317; 3.54.1 agrees.)

use super::order::{index_gives, OrderWant};
use super::plan::{Access, LevelPlan, SourceInfo};
use crate::schema::Index;

/// Turns the loop of `want.src` backwards when it reads an index that gives `want`'s terms
/// (in their own directions, even for a GROUP BY) backwards and not forwards. Called when
/// the loops do not deliver `want`.
pub(super) fn reverse_for_order(plans: &mut [LevelPlan], infos: &[SourceInfo], want: &OrderWant) {
    if want.minmax {
        return;
    }
    let (Some(lp), Some(info)) = (
        plans.iter_mut().find(|lp| lp.src == want.src),
        infos.get(want.src),
    ) else {
        return;
    };
    let order = OrderWant {
        grouping: false,
        ..want.clone()
    };
    let backwards = |ix: &Index, fixed: usize| {
        !super::pk::is_pk_index(ix)
            && index_gives(info, ix, fixed, &order, true).is_some()
            && index_gives(info, ix, fixed, &order, false).is_none()
    };
    let reversed = match &lp.access {
        Access::IndexScan { index } if backwards(index, 0) => Access::IndexOrder {
            index: index.clone(),
            covering: true,
            desc: true,
        },
        Access::IndexEq {
            index,
            terms,
            range,
            covering,
            ..
        } if backwards(index, terms.len()) => Access::IndexEq {
            index: index.clone(),
            terms: terms.clone(),
            range: range.clone(),
            covering: *covering,
            desc: true,
        },
        _ => return,
    };
    lp.access = reversed;
}
