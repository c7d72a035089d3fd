//! Columns an aggregate query's calls read in their arguments and FILTER clauses.
//!
//! Under GROUP BY, SQLite's sorter record carries the group key and the *columns* the
//! aggregate arguments use, not the argument values: the arguments are evaluated after the
//! sort, group by group. So `SELECT g, sum(j ->> '$.a'), json_group_object(k, blob) FROM t
//! GROUP BY g` raises the error of the first group in key order, whatever the scan order
//! (sqlite3 3.40.1 and 3.54.1 agree). The aggregate codegen sorts these columns and compiles
//! the arguments against them (an [`super::AggMap`] of columns) after the sort.

use crate::error::Result;
use crate::parser::ast::Expr;
use crate::planner::resolve::ColRef;

use super::super::Compiler;

impl Compiler<'_> {
    /// The distinct columns of this query level that `calls` (arguments, optional FILTER)
    /// read, outer references inside subqueries included, in first-use order.
    pub(super) fn agg_arg_columns<'e>(
        &self,
        calls: impl Iterator<Item = (&'e [&'e Expr], Option<&'e Expr>)>,
    ) -> Result<Vec<ColRef>> {
        let mut cols = Vec::new();
        // Aggregates nested in arguments were rejected when the calls were collected.
        let mut nested = Vec::new();
        for (args, filter) in calls {
            for a in args.iter().copied().chain(filter) {
                self.collect_aggs(a, &mut nested, &mut cols)?;
            }
        }
        Ok(cols)
    }
}
