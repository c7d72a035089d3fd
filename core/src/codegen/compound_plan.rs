//! EXPLAIN QUERY PLAN rows of a compound SELECT without ORDER BY (sqlite3 3.40.1):
//!
//! ```text
//! COMPOUND QUERY
//! |--LEFT-MOST SUBQUERY
//! |  `--SCAN t
//! |--UNION ALL
//! |  `--SCAN u
//! `--UNION USING TEMP B-TREE          (also EXCEPT / INTERSECT USING TEMP B-TREE)
//!    `--SCAN CONSTANT ROW
//! ```
//!
//! With ORDER BY sqlite3 merges the arms (`MERGE (UNION)`, `LEFT`, `RIGHT`); not shown yet.

use crate::error::Result;
use crate::parser::ast::CompoundOp;

use super::select::ColInfo;
use super::Compiler;

/// The row naming an arm joined by `op`.
pub(crate) fn arm_label(op: CompoundOp) -> &'static str {
    match op {
        CompoundOp::UnionAll => "UNION ALL",
        CompoundOp::Union => "UNION USING TEMP B-TREE",
        CompoundOp::Except => "EXCEPT USING TEMP B-TREE",
        CompoundOp::Intersect => "INTERSECT USING TEMP B-TREE",
    }
}

impl Compiler<'_> {
    /// The `COMPOUND QUERY` row of a compound without ORDER BY (its id), else `None`.
    pub(crate) fn compound_plan_top(&mut self, has_order_by: bool) -> Option<i64> {
        (!has_order_by).then(|| self.plan(0, "COMPOUND QUERY".to_owned()))
    }

    /// Compiles one arm with `f`, its plan rows nested under a `label` row of `top`.
    pub(crate) fn compound_arm(
        &mut self,
        top: Option<i64>,
        label: &str,
        f: impl FnOnce(&mut Self) -> Result<Vec<ColInfo>>,
    ) -> Result<Vec<ColInfo>> {
        let Some(top) = top else { return f(self) };
        let id = self.plan(top, label.to_owned());
        let saved = std::mem::replace(&mut self.plan_parent, id);
        let r = f(self);
        self.plan_parent = saved;
        r
    }
}
