//! `s.col = outer.x` in a correlated subquery whose FROM source `s` is a subquery or view,
//! compared as sqlite3 3.40.1's automatic index on `s.col` compares it.
//!
//! sqlite3 answers such a term through an automatic index on `s.col` (when the column's
//! affinity is numeric, so the index may serve a NUMERIC comparison): the probe takes the
//! column's affinity, while the values of `s.col` stay as the subquery stored them. A
//! compound's column holds values of its other SELECTs unconverted, so with `v0 AS SELECT c
//! INTEGER .. UNION SELECT a TEXT ..` holding 1 and '1':
//!
//! ```text
//! SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a) FROM t1 AS x0;  -- x0.a '1': 1
//! SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.c) FROM v0 AS x0;  -- x0.c '1': 2
//! ```
//!
//! (a plain comparison converts both sides: 2, and 2; joins seeds 1450, 2931). Only a WHERE
//! or ON term that is itself the equality can drive an automatic index: under an OR
//! (`s.c = x0.a OR s.c = 99`), inside another expression, or with `PRAGMA
//! automatic_index=off`, sqlite3 3.40.1 scans and compares plainly (2 above; 3.54.1 answers
//! 1 in every case). [`Compiler::place_term`] marks the term being placed
//! (`auto_probe_sides`); see [`super::in_compound`] for the "none" half of the rule.

use crate::parser::ast::{BinaryOp, Expr, ExprKind};
use crate::planner::resolve::ColRef;
use crate::value::affinity::Affinity;
use crate::vdbe::insn::{CmpOp, Insn, Reg};

use super::builder::Label;
use super::expr::expr_id;
use super::Compiler;

impl Compiler<'_> {
    /// Emits WHERE/ON term `e` as a filter jumping to `next` when it fails. While `e` is
    /// compiled, an `=` or `IS` that is the whole term may act as an automatic-index probe
    /// (when `PRAGMA automatic_index` is on): [`Self::auto_index_probe`] and the "none" rule
    /// of [`Self::binary_compare_affinity`] hold only for it.
    pub(crate) fn place_term(&mut self, e: &Expr, next: Label) -> crate::error::Result<()> {
        let sides = match &e.kind {
            ExprKind::Binary {
                left,
                op: BinaryOp::Eq | BinaryOp::Is,
                right,
            } if self.automatic_index => Some((expr_id(left), expr_id(right))),
            _ => None,
        };
        let saved = std::mem::replace(&mut self.auto_probe_sides, sides);
        let r = self.jump_if_false(e, next, true);
        self.auto_probe_sides = saved;
        r
    }

    /// For `left op right` evaluated into `l` and `r`: when it is such a probe of a subquery
    /// source's numeric column, gives the probe register that column's affinity and returns
    /// true; the comparison then takes no affinity.
    pub(crate) fn auto_index_probe(
        &mut self,
        left: &Expr,
        right: &Expr,
        op: CmpOp,
        l: Reg,
        r: Reg,
    ) -> bool {
        if op != CmpOp::Eq || self.auto_probe_sides != Some((expr_id(left), expr_id(right))) {
            return false;
        }
        let side = |this: &Self, col: &Expr, probe: &Expr| -> Option<Affinity> {
            let cr = this.resolve_column(col).ok().flatten()?;
            let aff = this.expr_affinity(col).filter(|a| a.is_numeric())?;
            (this.is_inner_subquery_column(&cr) && this.is_free_probe(probe, cr.depth))
                .then_some(aff)
        };
        let (reg, aff) = match (side(self, left, right), side(self, right, left)) {
            (Some(a), None) => (r, a),
            (None, Some(a)) => (l, a),
            _ => return false,
        };
        self.b.emit(Insn::Affinity {
            start: reg,
            affinities: vec![aff],
        });
        true
    }

    /// Whether `cr` is a column of a subquery/view source of the innermost query, itself
    /// nested in another query.
    fn is_inner_subquery_column(&self, cr: &ColRef) -> bool {
        cr.depth >= 1
            && cr.depth + 1 == self.scopes.len()
            && self
                .scopes
                .get(cr.depth)
                .and_then(|s| s.sources.get(cr.src))
                .is_some_and(|s| s.table.is_none())
    }

    /// Whether `e` can probe an automatic index of the query at depth `depth` (the innermost
    /// one): it reads no column of that query (outer columns, constants, subqueries that do
    /// not read it), and the
    /// enclosing query has a FROM source, so the nested query may run many times (sqlite3
    /// 3.40.1 builds no automatic index for `SELECT (SELECT .. WHERE p = 1.5)` alone, but
    /// does for `SELECT (SELECT .. WHERE p = 1.5) FROM tn`).
    fn is_free_probe(&self, e: &Expr, depth: usize) -> bool {
        let looped = depth >= 1
            && self
                .scopes
                .get(depth - 1)
                .is_some_and(|s| !s.sources.is_empty());
        let mut free = looped;
        super::select::walk_pub(e, &mut |x| {
            match &x.kind {
                ExprKind::Column { .. } => {
                    free &= matches!(self.resolve_column(x), Ok(Some(cr)) if cr.depth < depth);
                }
                // A subquery may probe unless it reads the nested query's sources.
                ExprKind::Subquery(q)
                | ExprKind::Exists(q)
                | ExprKind::InSelect { select: q, .. } => {
                    free &= self.subquery_sources(q) == 0;
                }
                _ => {}
            }
            free
        });
        free
    }
}
