//! The right-hand affinity of `x IN (compound)` (datatype3.html "Type Conversions Prior To
//! Comparison", lang_expr.html "The IN and NOT IN operators").
//!
//! For a subquery on the right of IN, the comparison affinity pairs the left operand with
//! the subquery's column. When the subquery is a compound, sqlite3 3.40.1 takes that column
//! from the compound's LAST SELECT, not its first (the one that names the result columns):
//! with `ti(x INTEGER)` and `tb(z)` holding 1 and '1',
//!
//! ```text
//! SELECT count(*) FROM tb WHERE z IN (SELECT x FROM ti UNION ALL SELECT 1);  -- 1 (no affinity)
//! SELECT count(*) FROM tb WHERE z IN (SELECT 1 UNION ALL SELECT x FROM ti);  -- 2 (NUMERIC)
//! ```
//!
//! `compound` (select.rs) records its last member's column affinities in
//! `Compiler::compound_last_arm`; IN reads them back here right after compiling its subquery.

use super::select::ColInfo;
use super::Compiler;
use crate::parser::ast;
use crate::value::affinity::Affinity;
use crate::value::compare::comparison_affinity;

impl Compiler<'_> {
    /// Clears the record of the last compound's arm; call before compiling an IN subquery.
    pub(crate) fn in_rhs_begin(&mut self) {
        self.compound_last_arm = None;
    }

    /// The affinities the IN comparison takes from subquery `sel`, whose result columns
    /// are `cols`: those of the last SELECT when `sel` is a compound, else `cols`'.
    /// Call right after `sel` was compiled (after [`Self::in_rhs_begin`]).
    pub(crate) fn in_rhs_affinities(
        &mut self,
        sel: &ast::Select,
        cols: &[ColInfo],
    ) -> Vec<Option<Affinity>> {
        let last = self.compound_last_arm.take();
        match last {
            Some(affs) if !sel.compounds.is_empty() && affs.len() == cols.len() => affs,
            _ => cols.iter().map(|c| c.affinity).collect(),
        }
    }

    /// Records the column affinities of a compound's last member (see the module header).
    pub(crate) fn note_compound_last_arm(&mut self, last: &[ColInfo]) {
        self.compound_last_arm = Some(last.iter().map(|c| c.affinity).collect());
    }
}

/// The affinity an IN comparison applies to both sides: the comparison affinity of the
/// left operand and the subquery column (`left`, `right`), except that two numeric
/// affinities give NUMERIC rather than none. The set's values need not have the column's
/// affinity (a compound's other SELECTs fill it too): `x INTEGER IN (SELECT y TEXT EXCEPT
/// SELECT x)` finds '1' as 1.
pub(crate) fn in_affinity(left: Option<Affinity>, right: Option<Affinity>) -> Option<Affinity> {
    let num = |a: Option<Affinity>| a.is_some_and(|a| a.is_numeric());
    if num(left) && num(right) {
        return Some(Affinity::Numeric);
    }
    comparison_affinity(left, right)
}
