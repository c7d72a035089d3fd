//! ORDER BY whose leading terms the loop delivers (`USE TEMP B-TREE FOR RIGHT PART OF ORDER
//! BY`), and DISTINCT that cannot remove anything.
//!
//! Partial sort: when an index (or the rowid) gives the first k ORDER BY terms but not all,
//! rows arrive in blocks that share those k keys. Each block goes into the sorter; when the
//! keys change, the sorter is sorted, drained through OFFSET/LIMIT and reset
//! ([`Compiler::drain_block`], a subroutine), so LIMIT stops the scan early, as sqlite3 does
//! (rows past the limit are never read, nor their result columns computed). The first block
//! drains an empty sorter, which outputs nothing.
//!
//! DISTINCT over a single table whose result holds its rowid (or INTEGER PRIMARY KEY) cannot
//! find duplicates; sqlite3 then uses no DISTINCT b-tree, and neither do we, so the ORDER BY
//! may still come from the loop.

use std::sync::Arc;

use crate::parser::ast::{Expr, ExprKind};
use crate::planner::resolve::ColSel;
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{Insn, Reg};

use super::super::builder::Label;
use super::super::Compiler;
use super::Pipeline;

/// The state of a partial sort: the first `prefix` sort keys come in order.
pub(crate) struct PartialSort {
    pub prefix: usize,
    /// The previous row's first `prefix` keys.
    pub prev: Reg,
    /// The drain subroutine's return address.
    pub ret: Reg,
    pub drain: Label,
    pub key_info: Arc<KeyInfo>,
}

impl Compiler<'_> {
    /// Whether DISTINCT over `rcols` cannot remove rows: one b-tree table with a rowid, and a
    /// result column that is its rowid or INTEGER PRIMARY KEY.
    pub(crate) fn distinct_is_noop(&self, rcols: &[(Expr, super::ColInfo, bool)]) -> bool {
        let Some(scope) = self.scopes.last() else {
            return false;
        };
        let [src] = &scope.sources[..] else {
            return false;
        };
        let Some(t) = &src.table else {
            return false;
        };
        if t.without_rowid || src.outer {
            return false;
        }
        let depth = self.scopes.len() - 1;
        rcols.iter().any(|(e, _, _)| {
            matches!(e.kind, ExprKind::Column { .. })
                && matches!(
                    self.resolve_column(e),
                    Ok(Some(cr)) if cr.depth == depth && match cr.col {
                        ColSel::Rowid => true,
                        ColSel::Column(i) => t.rowid_alias == Some(i),
                    }
                )
        })
    }

    /// Sets up a partial sort of `pipe` whose first `prefix` keys (of `order`'s collations)
    /// the loop delivers.
    pub(crate) fn start_partial_sort(
        &mut self,
        pipe: &mut Pipeline,
        prefix: usize,
        collations: &[Option<Collation>],
    ) {
        let prev = self.b.alloc_regs(prefix);
        self.b.emit(Insn::Null {
            dest: prev,
            dest_end: prev + (prefix - 1),
        });
        let key_info = KeyInfo {
            collations: collations
                .iter()
                .take(prefix)
                .map(|c| c.clone().unwrap_or_default())
                .collect(),
            desc: vec![false; prefix],
            n_key_fields: prefix,
        };
        pipe.partial = Some(PartialSort {
            prefix,
            prev,
            ret: self.b.alloc_reg(),
            drain: self.b.label(),
            key_info: Arc::new(key_info),
        });
    }

    /// Before a row's keys (`keys`) go into the sorter: when its leading keys differ from the
    /// previous row's, drain the block sorted so far.
    pub(crate) fn partial_sort_row(&mut self, ps: &PartialSort, keys: Reg) {
        let same = self.b.label();
        let changed = self.b.label();
        self.b.emit(Insn::Compare {
            lhs: keys,
            rhs: ps.prev,
            count: ps.prefix,
            key_info: ps.key_info.clone(),
            permutation: None,
        });
        self.b.emit(Insn::Jump {
            lt: changed,
            eq: same,
            gt: changed,
        });
        self.b.bind(changed);
        self.b.emit(Insn::Gosub {
            return_reg: ps.ret,
            target: ps.drain,
        });
        self.b.emit(Insn::Copy {
            src: keys,
            dest: ps.prev,
            count: ps.prefix,
        });
        self.b.bind(same);
    }

    /// After the loops: drains the last block, then emits the drain subroutine (`body`
    /// drains the sorter through OFFSET/LIMIT; LIMIT jumps to the pipeline's end from inside).
    pub(crate) fn finish_partial_sort(
        &mut self,
        ps: &PartialSort,
        sorter: crate::vdbe::insn::CursorId,
        end: Label,
        body: impl FnOnce(&mut Self),
    ) {
        self.b.emit(Insn::Gosub {
            return_reg: ps.ret,
            target: ps.drain,
        });
        self.b.emit(Insn::Goto { target: end });
        self.b.bind(ps.drain);
        body(self);
        self.b.emit(Insn::ResetSorter { cursor: sorter });
        self.b.emit(Insn::Return { reg: ps.ret });
    }
}

impl Compiler<'_> {
    /// The longest prefix of `want`, at most `max` terms, the loop can deliver (an index or
    /// the rowid), for a partial sort; `None` when there is none. With `small_limit` (a
    /// literal LIMIT of 1 or 2) sqlite3 rather scans the table and sorts everything than
    /// switch a scan to a non-covering index: so do we.
    pub(crate) fn partial_order(
        &self,
        fplan: &super::FromPlan,
        where_: Option<&Expr>,
        used: &Option<Vec<Vec<ColSel>>>,
        want: &crate::planner::order::OrderWant,
        max: usize,
        small_limit: bool,
    ) -> Option<usize> {
        use crate::planner::plan::Access;
        (1..=max.min(want.cols.len())).rev().find(|&k| {
            let prefix = crate::planner::order::OrderWant {
                cols: want.cols[..k].to_vec(),
                ..want.clone()
            };
            let lp = self.loop_plan(fplan, where_, used.clone(), Some(&prefix));
            let uncovered = matches!(
                lp.plans.first().map(|p| &p.access),
                Some(Access::IndexOrder {
                    covering: false,
                    ..
                })
            );
            lp.ordered.is_some() && !(small_limit && uncovered)
        })
    }

    /// The leading ORDER BY terms up to the rowid of the only source, when they are all its
    /// columns: the terms after the rowid cannot reorder anything, whatever they are, so the
    /// loop delivers the whole ORDER BY (ddl seed 3184: `ORDER BY 1 DESC, 2, 3` with `1` the
    /// INTEGER PRIMARY KEY and `3` an expression scans backwards without a sorter; a sorter
    /// would turn the VIRTUAL REAL `2` into an INTEGER).
    pub(crate) fn order_through_rowid(
        &self,
        order: &[(Expr, bool, Option<Collation>)],
    ) -> Option<crate::planner::order::OrderWant> {
        for k in 1..order.len() {
            let mut w = self.order_want(&order[..k], false)?;
            self.order_upto_rowid(&mut w);
            if w.cols.len() < k || self.ends_with_rowid(&w) {
                let rest = &order[w.cols.len()..];
                return rest.iter().all(|o| self.follows_rowid(&o.0)).then_some(w);
            }
        }
        None
    }

    /// Whether ORDER BY term `e`, after the rowid of the only source, is left to the loop's
    /// order: it reads a column of that source, or is constant. A term that reads none and
    /// is not constant (an uncorrelated subquery, `random()`) keeps sqlite3's sorter, for the
    /// whole ORDER BY: `ORDER BY c0, (SELECT 1)` and `ORDER BY c0, random()` use `TEMP B-TREE
    /// FOR ORDER BY`, `ORDER BY c0, (SELECT t1.c)` none (ddl seed 17366).
    fn follows_rowid(&self, e: &Expr) -> bool {
        if super::super::const_terms::deterministic_without_subquery(e, false) {
            return true;
        }
        let depth = self.scopes.len().saturating_sub(1);
        let mut reads = false;
        self.outer_column_refs(e, &mut |x| {
            if matches!(self.resolve_column(x), Ok(Some(cr)) if cr.depth == depth) {
                reads = true;
            }
        });
        reads
    }

    /// Whether the ORDER BY terms `lead` run up to the rowid of the only source: then
    /// sqlite3 sorts the whole ORDER BY rather than its later terms only.
    pub(crate) fn lead_ends_at_rowid(&self, lead: &[(Expr, bool, Option<Collation>)]) -> bool {
        self.order_want(lead, false).is_some_and(|mut w| {
            self.order_upto_rowid(&mut w);
            self.ends_with_rowid(&w)
        })
    }

    fn ends_with_rowid(&self, want: &crate::planner::order::OrderWant) -> bool {
        let Some([src]) = self.scopes.last().map(|s| &s.sources[..]) else {
            return false;
        };
        let Some(t) = src.table.as_ref().filter(|t| !t.without_rowid) else {
            return false;
        };
        want.cols.last().is_some_and(|c| match c.col {
            ColSel::Rowid => true,
            ColSel::Column(i) => t.rowid_alias == Some(i),
        })
    }

    /// ORDER BY terms after the rowid of the only source cannot reorder anything: drops them
    /// (sqlite3 needs no sort for `ORDER BY rowid, b`).
    pub(crate) fn order_upto_rowid(&self, want: &mut crate::planner::order::OrderWant) {
        let Some(scope) = self.scopes.last() else {
            return;
        };
        let [src] = &scope.sources[..] else {
            return;
        };
        let Some(t) = src.table.as_ref().filter(|t| !t.without_rowid) else {
            return;
        };
        let is_rowid = |c: &crate::planner::order::OrderCol| match c.col {
            ColSel::Rowid => true,
            ColSel::Column(i) => t.rowid_alias == Some(i),
        };
        if let Some(p) = want.cols.iter().position(is_rowid) {
            want.cols.truncate(p + 1);
        }
    }
}
