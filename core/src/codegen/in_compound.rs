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

use super::expr::expr_id;
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

    /// The affinity `left OP right` compares with: [`compare_affinity`], except that an
    /// operand read from a subquery source (not a table) of a nested query keeps
    /// [`comparison_affinity`]'s "none" for two numeric operands. sqlite3 3.40.1 leaves a
    /// compound's text value unconverted there, while it converts it in the outermost
    /// query: with `vc` = `SELECT x INT .. UNION SELECT '1.5'`,
    /// `SELECT p FROM vc JOIN tn ON tn.n = p` finds '1.5', but
    /// `SELECT (SELECT count(*) FROM vc WHERE p = tn.n) FROM tn` counts 0. That "none" is
    /// the automatic index's (see `auto_probe.rs`): it holds only for an `=`/`IS` that is a
    /// whole WHERE/ON term with `PRAGMA automatic_index` on; under OR, with `<>` or a range,
    /// in a result column, or with automatic indexes off, sqlite3 converts (`p = tn.n OR 0`
    /// counts 1).
    pub(crate) fn binary_compare_affinity(
        &self,
        left: &ast::Expr,
        right: &ast::Expr,
    ) -> Option<Affinity> {
        let (l, r) = (self.expr_affinity(left), self.expr_affinity(right));
        let probe = self.auto_probe_sides == Some((expr_id(left), expr_id(right)));
        if probe && (self.nested_subquery_column(left) || self.nested_subquery_column(right)) {
            comparison_affinity(l, r)
        } else {
            compare_affinity(l, r)
        }
    }

    /// Whether `e` is a column of a subquery, view or CTE in a FROM clause of a query
    /// nested in another.
    fn nested_subquery_column(&self, e: &ast::Expr) -> bool {
        let Ok(Some(cr)) = self.resolve_column(e) else {
            return false;
        };
        cr.depth >= 1
            && self
                .scopes
                .get(cr.depth)
                .and_then(|s| s.sources.get(cr.src))
                .is_some_and(|s| s.table.is_none())
    }

    /// Records the column affinities of a compound's last member (see the module header).
    pub(crate) fn note_compound_last_arm(&mut self, last: &[ColInfo]) {
        self.compound_last_arm = Some(last.iter().map(|c| c.affinity).collect());
    }
}

/// The affinity a comparison applies to both operands whose own affinities are `left` and
/// `right` (datatype3.html §4.2), as sqlite3 3.40.1 codes it: [`comparison_affinity`],
/// except that two numeric affinities give NUMERIC rather than none. The difference shows
/// where a column's values need not have its affinity: a compound's column (its first
/// SELECT's affinity; the other SELECTs fill it too), read from a co-routine or an IN set.
/// `(SELECT x INT UNION SELECT y TEXT) sq JOIN tn ON tn.n NUMERIC = sq.p` finds '1.5' as
/// 1.5, and `x INTEGER IN (SELECT y TEXT EXCEPT SELECT x)` finds '1' as 1.
pub(crate) fn compare_affinity(
    left: Option<Affinity>,
    right: Option<Affinity>,
) -> Option<Affinity> {
    let num = |a: Option<Affinity>| a.is_some_and(|a| a.is_numeric());
    if num(left) && num(right) {
        return Some(Affinity::Numeric);
    }
    comparison_affinity(left, right)
}
