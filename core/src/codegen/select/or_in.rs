//! An OR of equalities on one column as an IN lookup (optoverview.html, "OR-connected
//! terms": `a = x OR a = y OR ...` is handled as `a IN (x, y, ...)`), so it reads
//! `SEARCH t USING INDEX i (a=?)` or `... INTEGER PRIMARY KEY (rowid=?)` once per distinct
//! value instead of a MULTI-INDEX OR or a scan.
//!
//! Only the lookup changes: the OR itself still filters every row, so the values only have
//! to find every row it accepts. Hence each equality must be one an index lookup could use
//! on its own (binary collation, the column's affinity decides the comparison, see
//! `planner::plan::usable`), the values must share one affinity (as sqlite3 requires), and
//! no value may read the column's own source. An IN operand
//! in the OR is left alone (sqlite3 then runs a MULTI-INDEX OR).

use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::ColSel;
use crate::value::affinity::Affinity;
use crate::value::compare::Collation;

use super::super::Compiler;

/// The equalities of an OR tree, or None when a leaf is something else.
fn eq_leaves(e: &Expr) -> Option<Vec<(&Expr, &Expr)>> {
    fn walk<'x>(e: &'x Expr, out: &mut Vec<(&'x Expr, &'x Expr)>) -> bool {
        match &e.kind {
            ExprKind::Binary {
                left,
                op: ast::BinaryOp::Or,
                right,
            } => walk(left, out) && walk(right, out),
            ExprKind::Binary {
                left,
                op: ast::BinaryOp::Eq,
                right,
            } => {
                out.push((left, right));
                true
            }
            _ => false,
        }
    }
    let mut out = Vec::new();
    (walk(e, &mut out) && out.len() > 1).then_some(out)
}

impl Compiler<'_> {
    /// For `col = v1 OR col = v2 ...` (either operand order) on a column of a source of this
    /// scope that every equality could look up: (source, column, the sources the values read,
    /// how many values). `mask_of` gives the sources an expression reads.
    pub(super) fn or_as_in(
        &self,
        e: &Expr,
        mask_of: &dyn Fn(&Expr) -> u64,
    ) -> Option<(usize, ColSel, u64, usize)> {
        let (target, values) = self.or_in_parts(e)?;
        let (src, col) = target;
        let aff = self.lookup_affinity(src, col);
        let mut mask = 0u64;
        // No affinity and BLOB affinity are the same here.
        let aff_of = |v: &Expr| self.expr_affinity(v).filter(|a| *a != Affinity::Blob);
        let value_aff = values.first().and_then(|v| aff_of(v));
        for (leaf, v) in eq_leaves(e)?.into_iter().zip(&values) {
            let m = mask_of(v);
            let coll = self.binary_collation(leaf.0, leaf.1);
            if m == u64::MAX
                || aff_of(v) != value_aff
                || m & (1u64 << src.min(63)) != 0
                || coll.is_some_and(|c| c != Collation::Binary)
                || !crate::planner::plan::usable(aff, self.expr_affinity(v))
            {
                return None;
            }
            mask |= m;
        }
        Some((src, col, mask, values.len()))
    }

    /// The values an IN lookup term reads: an IN list's items, or the other operands of an
    /// OR accepted by [`Self::or_as_in`]; empty for anything else.
    pub(super) fn in_items<'e>(&self, term: &'e Expr) -> Vec<&'e Expr> {
        match &term.kind {
            ExprKind::InList { list, .. } => list.iter().collect(),
            _ => self.or_in_parts(term).map(|p| p.1).unwrap_or_default(),
        }
    }

    /// The column every equality of the OR `e` compares (the first that works when both
    /// operands are columns) and, per equality, its other operand.
    #[allow(clippy::type_complexity)]
    fn or_in_parts<'e>(&self, e: &'e Expr) -> Option<((usize, ColSel), Vec<&'e Expr>)> {
        let leaves = eq_leaves(e)?;
        let depth = self.scopes.len().checked_sub(1)?;
        let col_of = |x: &Expr| -> Option<(usize, ColSel)> {
            if !matches!(x.kind, ExprKind::Column { .. }) {
                return None;
            }
            match self.resolve_column(x) {
                // The rowid alias and `rowid` are one column.
                Ok(Some(cr)) if cr.depth == depth => match cr.col {
                    ColSel::Column(i) if self.lookup_affinity_is_rowid(cr.src, i) => {
                        Some((cr.src, ColSel::Rowid))
                    }
                    c => Some((cr.src, c)),
                },
                _ => None,
            }
        };
        let (l0, r0) = leaves[0];
        for target in [col_of(l0), col_of(r0)].into_iter().flatten() {
            let values: Option<Vec<&Expr>> = leaves
                .iter()
                .map(|&(l, r)| {
                    if col_of(l) == Some(target) {
                        Some(r)
                    } else if col_of(r) == Some(target) {
                        Some(l)
                    } else {
                        None
                    }
                })
                .collect();
            if let Some(values) = values {
                return Some((target, values));
            }
        }
        None
    }

    /// Whether column `i` of source `src` is its table's rowid alias.
    fn lookup_affinity_is_rowid(&self, src: usize, i: usize) -> bool {
        self.scopes
            .last()
            .and_then(|s| s.sources.get(src))
            .and_then(|s| s.table.as_ref())
            .is_some_and(|t| t.rowid_alias == Some(i))
    }

    /// The affinity a lookup on column `col` of source `src` compares with (INTEGER for the
    /// rowid and its alias).
    fn lookup_affinity(&self, src: usize, col: ColSel) -> Option<Affinity> {
        let s = self.scopes.last()?.sources.get(src)?;
        match col {
            ColSel::Rowid => Some(Affinity::Integer),
            ColSel::Column(i) if s.table.as_ref().and_then(|t| t.rowid_alias) == Some(i) => {
                Some(Affinity::Integer)
            }
            ColSel::Column(i) => s.columns.get(i).and_then(|c| c.affinity),
        }
    }
}
