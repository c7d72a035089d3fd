//! Where codegen recreates sqlite3's int-real values (`vdbe::regmeta` rule 7) that a plan
//! shape of ours would otherwise lose or keep where sqlite3's plan does the opposite.
//!
//! An int-real value is REAL to everything but a record, which stores it as an integer: it
//! reads back as an INTEGER from a sorter or an ephemeral table unless the reader applies
//! REAL affinity. Observed with sqlite3 3.40.1 (`b REAL AS (a) VIRTUAL`, pinned by
//! `tests/difftest/tests/intreal.rs`):
//!
//! | shape | sqlite3's plan | what comes out |
//! |-------|----------------|----------------|
//! | `SELECT DISTINCT b ... ORDER BY b` (ORDER BY = result list, all ASC) | DISTINCT turned into GROUP BY: the key reads back with REAL affinity | REAL |
//! | `SELECT DISTINCT x, b ... ORDER BY 2` (any other ORDER BY) | DISTINCT set, then the ORDER BY sorter | INTEGER |
//! | `SELECT b, count(*) ... GROUP BY b ORDER BY 2` with an index on `b` | no GROUP BY sorter: `b` read from the index, REAL affinity applied | INTEGER |
//! | the same without an index | GROUP BY sorter, REAL affinity on the way out | REAL |
//! | `b` read from a covering index on it | REAL affinity applied to the index's integer | int-real |
//! | `min(b) OVER ()` (the last distinct window of the SELECT) | arguments read back from the partition table | INTEGER |
//! | `max(b) OVER (...)` of an earlier window | arguments read through a subquery column of REAL affinity | REAL |
//! | `max(b), count(*) OVER ()` (no GROUP BY sorter) | the aggregate's result stored in the window subquery's row | INTEGER |
//! | `max(max(b)) OVER (), min(b) OVER (ORDER BY 1)` (an aggregate in an earlier window's arguments) | the aggregate's result stored in the window subquery's row | INTEGER |
//!
//! min()/max() (aggregate and scalar) and nullif() return the chosen argument with its flag
//! (`func::Context::result_int_real`); copies keep it (regmeta rule 2).
//!
//! Our DISTINCT always uses a set plus a sorter, and our GROUP BY always a record of each row
//! (in a sorter, or walked as an index-ordered loop reads it), so [`Compiler::distinct_as_group`],
//! [`Compiler::mark_index_grouped`] and the others here put the flags where sqlite3's plan
//! has them.
//!
//! Known gap: a FROM subquery that sqlite3 runs as a co-routine reads its REAL-affinity
//! columns with `RealAffinity` (`SELECT x FROM (SELECT DISTINCT b AS x FROM t) ORDER BY 1`
//! gives 1.0) while one it flattens keeps the flag (`... FROM (SELECT b AS x FROM t)` gives
//! 1); ours materializes both and keeps the flag.

use crate::parser::ast::{Expr, ExprKind, FromClause, JoinKind};
use crate::planner::resolve::{ColRef, ColSel};
use crate::schema::IndexedExpr;
use crate::value::affinity::Affinity;
use crate::vdbe::insn::{Insn, Reg};

use super::Compiler;

impl Compiler<'_> {
    /// Whether `cr` names a VIRTUAL generated column with REAL affinity: its value is
    /// computed (or read from an index on it) and given REAL affinity, so it is int-real.
    pub(crate) fn is_virtual_real(&self, cr: &ColRef) -> bool {
        let ColSel::Column(c) = cr.col else {
            return false;
        };
        self.scopes
            .get(cr.depth)
            .and_then(|s| s.sources.get(cr.src))
            .and_then(|s| s.table.as_ref())
            .and_then(|t| t.columns.get(c))
            .is_some_and(|c| c.is_virtual() && c.affinity == Affinity::Real)
    }

    /// After a VIRTUAL REAL generated column was read from a covering index: sqlite3 gives
    /// the index's value REAL affinity (no `RealAffinity`), so it is int-real.
    pub(crate) fn cover_int_real(&mut self, cr: ColRef, reg: Reg) {
        if self.is_virtual_real(&cr) {
            self.b.emit(Insn::MarkIntReal { reg });
        }
    }

    /// After an argument of a window call was computed into `reg`: sqlite3 reads the
    /// arguments of its innermost window (our first pass: the last distinct window) back
    /// from its partition table, where an int-real value was stored as an integer, so its
    /// min()/max()/first_value()... see an INTEGER. Outer windows see a REAL.
    pub(crate) fn window_arg_int_real(&mut self, innermost: bool, reg: Reg) {
        if innermost {
            self.b.emit(Insn::IntRealToInt { reg });
        }
    }

    /// Before the arguments `args` of a call of an outer window (any but the innermost) are
    /// computed: sqlite3 computes them from its window subquery's row, where an aggregate's
    /// result (a column without affinity) was stored as an integer, so an int-real min() or
    /// max() there is an INTEGER (`max(max(g)) OVER (), min(g) OVER (ORDER BY 1)` gives -5),
    /// while a column there reads back REAL ([`Self::window_row_reals`]). Turns the
    /// aggregate results the arguments read into what that row holds, in place: their
    /// other readers (the row's leaves, the innermost window's arguments) store them so.
    pub(crate) fn window_aggs_as_stored(&mut self, args: &[&Expr]) {
        let mut regs = Vec::new();
        for a in args {
            super::select::walk_pub(a, &mut |x| {
                let ExprKind::Function(f) = &x.kind else {
                    return true;
                };
                let acc = self
                    .agg
                    .iter()
                    .rev()
                    .flatten()
                    .find_map(|m| m.calls.get(&super::expr::expr_id(x)));
                match acc {
                    Some(&r) if f.over.is_none() => {
                        regs.push(r);
                        false
                    }
                    _ => true,
                }
            });
        }
        for reg in regs {
            self.b.emit(Insn::IntRealToInt { reg });
        }
    }

    /// Clears the int-real flags of a window's first-pass row (header of `h` registers at
    /// `block`, then `width` fields: the `leaves`, then the calls' arguments), except those
    /// of aggregate leaves: sqlite3 reads its window rows from a subquery whose column
    /// references have REAL affinity (REAL), while an aggregate's result is a column without
    /// affinity, stored as an integer (ddl seed 6472: `SELECT max(g), count(*) OVER () FROM
    /// t` gives 10000000000, where `GROUP BY` through a sorter would already give a REAL).
    pub(crate) fn window_row_reals(
        &mut self,
        block: Reg,
        h: usize,
        leaves: &[(&Expr, Option<ColRef>)],
        width: usize,
    ) {
        self.plain_reals(block, h);
        let p = block + h;
        for (i, (_, cr)) in leaves.iter().enumerate() {
            if cr.is_some() {
                self.plain_reals(p + i, 1);
            }
        }
        if width > leaves.len() {
            self.plain_reals(p + leaves.len(), width - leaves.len());
        }
    }

    /// Whether sqlite3 turns this `SELECT DISTINCT` into a GROUP BY: the ORDER BY terms are
    /// the result columns, in order, all ascending, and no result column holds a subquery
    /// (ddl seed 3801: `SELECT DISTINCT g, EXISTS (SELECT 1) ... ORDER BY 1, 2` keeps its
    /// DISTINCT b-tree and sorter). Its rows then read back as plain REALs.
    pub(crate) fn distinct_as_group(&self, results: &[&Expr], order: &[(&Expr, bool)]) -> bool {
        !results.iter().any(|r| holds_subquery(r))
            && results.len() == order.len()
            && results
                .iter()
                .zip(order)
                .all(|(r, (o, desc))| !desc && self.same_expr(r, o))
    }

    /// Whether `a` and `b` are the same expression (the same node, or written alike).
    pub(crate) fn same_expr(&self, a: &Expr, b: &Expr) -> bool {
        a.span == b.span || strip_spans(a) == strip_spans(b)
    }

    /// Whether the ORDER BY terms are the GROUP BY terms (in any direction): sqlite3 then
    /// needs no ORDER BY sorter after an index-grouped loop, and its rows come out as read.
    pub(crate) fn order_is_group(
        &self,
        order: &[(Expr, bool, Option<crate::value::compare::Collation>)],
        group_by: &[Expr],
    ) -> bool {
        order.len() == group_by.len()
            && order
                .iter()
                .zip(group_by)
                .all(|(o, g)| self.same_expr(&o.0, g))
    }

    /// A join whose GROUP BY terms are columns of one source, which has an index led by
    /// exactly those columns: sqlite3 loops that source first, through the index, and
    /// needs no GROUP BY sorter (our planner only orders a single source's loop). A source
    /// other than the first qualifies only when every join may be reordered (no CROSS or
    /// outer join).
    pub(crate) fn join_index_groups(&self, group_by: &[Expr], from: Option<&FromClause>) -> bool {
        let Some(scope) = self.scopes.last() else {
            return false;
        };
        let depth = self.scopes.len() - 1;
        if scope.sources.len() < 2 || group_by.is_empty() {
            return false;
        }
        let mut cols = Vec::new();
        let mut src = None;
        for g in group_by {
            match self.resolve_column(g).ok().flatten() {
                Some(ColRef {
                    depth: d,
                    src: s,
                    col: ColSel::Column(c),
                }) if d == depth && *src.get_or_insert(s) == s => cols.push(c),
                _ => return false,
            }
        }
        let reorderable = from.is_some_and(|f| {
            f.joins
                .iter()
                .all(|j| matches!(j.op.kind, JoinKind::Comma | JoinKind::Inner))
        });
        if src != Some(0) && !reorderable {
            return false;
        }
        let Some(t) = src.and_then(|s| scope.sources.get(s)?.table.as_ref()) else {
            return false;
        };
        self.indexes_of(t).iter().any(|ix| {
            ix.partial.is_none()
                && ix.columns.len() >= cols.len()
                && ix.columns[..cols.len()]
                    .iter()
                    .all(|ic| matches!(ic.expr, IndexedExpr::Column(c) if cols.contains(&c)))
        })
    }

    /// GROUP BY rows that an index on the key delivers already grouped: sqlite3 reads them
    /// without a sorter, so each VIRTUAL REAL generated column among `cols` (loaded into
    /// `regs` from our stable GROUP BY sorter) is int-real again.
    pub(crate) fn mark_index_grouped(&mut self, cols: &[ColRef], regs: &[Reg]) {
        for (cr, &reg) in cols.iter().zip(regs) {
            if self.is_virtual_real(cr) {
                self.b.emit(Insn::MarkIntReal { reg });
            }
        }
    }
}

/// Whether `e` holds a subquery (`(SELECT ...)`, `EXISTS`, `IN (SELECT ...)`, `IN table`).
pub(crate) fn holds_subquery(e: &Expr) -> bool {
    let mut found = false;
    super::select::walk_pub(e, &mut |x| {
        found |= matches!(
            x.kind,
            ExprKind::Exists(_)
                | ExprKind::Subquery(_)
                | ExprKind::InSelect { .. }
                | ExprKind::InTable { .. }
        );
        !found
    });
    found
}

/// `e`'s debug text without its spans: equal for expressions written alike.
pub(crate) fn strip_spans(e: &Expr) -> String {
    let s = format!("{e:?}");
    // Spans print as `Span { start: N, end: M }`: drop their numbers.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
