//! Loop heads that seek: range terms found in WHERE/ON ([`Compiler::range_sides`]), an index
//! read between an equality prefix and optional range bounds, and a rowid range.
//!
//! Index range, in key order (a DESC index column swaps the value bounds): the start bound S
//! and the end bound E on column `neq` after `neq` equal columns. A range term is false for a
//! NULL column, so a missing S (ASC column) becomes "after NULL" and a missing E (DESC column,
//! whose NULLs come last) "before NULL".
//!
//! ```text
//!  forwards:  Seek{GE|GT} S  (or SeekGE prefix / Rewind)   top: Idx{GT|GE} E -> tail
//!  backwards: Seek{LE|LT} E  (or SeekLE prefix / Last)     top: Idx{LT|LE} S -> tail
//! ```
//!
//! A NULL bound value jumps to the loop's tail (no row can satisfy the term).

use std::sync::Arc;

use crate::error::Result;
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::order::{OrderCol, OrderWant};
use crate::planner::plan::EqSide;
use crate::planner::range::{Bound, Operand, RangeBounds, RangeSide};
use crate::planner::resolve::{ColSel, Source};
use crate::schema::{Index, IndexedExpr};
use crate::value::affinity::Affinity;
use crate::value::compare::Collation;
use crate::vdbe::insn::{CmpFlags, CursorId, Insn, Reg, Root};

use super::super::builder::Label;
use super::super::Compiler;
use super::{FromPlan, Level};

/// The sub-expression of `term` a bound reads.
fn operand(term: &Expr, op: Operand) -> &Expr {
    match (&term.kind, op) {
        (ExprKind::Binary { left, .. }, Operand::Left) => left,
        (ExprKind::Binary { right, .. }, Operand::Right) => right,
        (ExprKind::Between { low, .. }, Operand::BetweenLow) => low,
        (ExprKind::Between { high, .. }, Operand::BetweenHigh) => high,
        (ExprKind::Between { expr, .. }, Operand::BetweenExpr) => expr,
        _ => term,
    }
}

/// One evaluated key bound: registers (equality prefix + bound) and inclusiveness.
#[derive(Clone, Copy)]
struct KeyBound {
    key: Reg,
    inclusive: bool,
}

impl Compiler<'_> {
    /// The range sides of term `e` on columns of the innermost scope; `mask_of` gives the
    /// sources an expression reads.
    pub(super) fn range_sides(&self, e: &Expr, mask_of: &dyn Fn(&Expr) -> u64) -> Vec<RangeSide> {
        let depth = self.scopes.len() - 1;
        let mut out = Vec::new();
        // `other` is None for `col IS NOT NULL` (`col > NULL`).
        let mut side = |col: &Expr, other: Option<&Expr>, lower, inclusive, operand, coll| {
            if !matches!(col.kind, ExprKind::Column { .. }) {
                return;
            }
            if let Ok(Some(cr)) = self.resolve_column(col) {
                if cr.depth == depth {
                    out.push(RangeSide {
                        src: cr.src,
                        col: cr.col,
                        lower,
                        inclusive,
                        operand,
                        other_mask: other.map_or(0, mask_of),
                        other_affinity: other.and_then(|o| self.expr_affinity(o)),
                        collation: coll,
                    });
                }
            }
        };
        match &e.kind {
            ExprKind::Binary { left, op, right } => {
                let (lower, inclusive) = match op {
                    ast::BinaryOp::Gt => (true, false),
                    ast::BinaryOp::Ge => (true, true),
                    ast::BinaryOp::Lt => (false, false),
                    ast::BinaryOp::Le => (false, true),
                    _ => return out,
                };
                let coll = self.binary_collation(left, right);
                side(
                    left,
                    Some(right),
                    lower,
                    inclusive,
                    Operand::Right,
                    coll.clone(),
                );
                side(right, Some(left), !lower, inclusive, Operand::Left, coll);
            }
            ExprKind::NotNull(col) if self.may_be_null(col) => {
                side(col, None, true, false, Operand::NotNull, None);
            }
            ExprKind::Between {
                expr,
                not: false,
                low,
                high,
            } => {
                let c = self.binary_collation(expr, low);
                side(expr, Some(low), true, true, Operand::BetweenLow, c.clone());
                // `x BETWEEN col AND ...` is `x >= col`: `col <= x` (select seed 14603).
                side(low, Some(expr), false, true, Operand::BetweenExpr, c);
                let c = self.binary_collation(expr, high);
                side(
                    expr,
                    Some(high),
                    false,
                    true,
                    Operand::BetweenHigh,
                    c.clone(),
                );
                side(high, Some(expr), true, true, Operand::BetweenExpr, c);
            }
            _ => {}
        }
        out
    }

    /// Whether `col`, a column of a table of the innermost scope, may hold NULL: not
    /// declared NOT NULL, nor a WITHOUT ROWID table's primary-key column (sqlite3 ignores
    /// `IS NOT NULL` as an index bound on those).
    fn may_be_null(&self, col: &Expr) -> bool {
        let Ok(Some(cr)) = self.resolve_column(col) else {
            return false;
        };
        let ColSel::Column(i) = cr.col else {
            return false;
        };
        let table = self
            .scopes
            .get(cr.depth)
            .and_then(|s| s.sources.get(cr.src))
            .and_then(|s| s.table.as_ref());
        table.is_some_and(|t| {
            let pk = t.without_rowid && t.primary_key.iter().any(|p| p.0 == i);
            t.columns.get(i).is_some_and(|c| !c.not_null) && !pk
        })
    }

    /// The order that answers a lone `min(col)` (ascending) or `max(col)` (descending) of
    /// the scope's only source from its first row; `None` for anything else.
    pub(super) fn minmax_want(
        &self,
        name: &str,
        args: &[&Expr],
        collation: Option<Collation>,
    ) -> Option<OrderWant> {
        let desc = match name {
            "min" => false,
            "max" => true,
            _ => return None,
        };
        let [arg] = args else { return None };
        let depth = self.scopes.len().checked_sub(1)?;
        if self.scopes.last()?.sources.len() != 1 {
            return None;
        }
        let cr = self.resolve_column(arg).ok()??;
        if cr.depth != depth || cr.src != 0 {
            return None;
        }
        Some(OrderWant {
            cols: vec![OrderCol {
                col: cr.col,
                desc,
                collation: collation.unwrap_or_default(),
            }],
            grouping: false,
            minmax: true,
            src: 0,
        })
    }

    /// The loops of min()'s second pass (see `aggregate`): `want`'s order without skipping
    /// NULLs, and no second EXPLAIN QUERY PLAN line.
    pub(super) fn minmax_fallback(
        &mut self,
        plan: &FromPlan,
        where_: Option<&Expr>,
        used: Option<Vec<Vec<ColSel>>>,
        want: &OrderWant,
    ) -> Result<Vec<Level>> {
        let plain = OrderWant {
            minmax: false,
            ..want.clone()
        };
        let mark = self.query_plan.len();
        let (levels, _) = self.open_loops_ordered(plan, where_, used, Some(&plain))?;
        self.query_plan.truncate(mark);
        Ok(levels)
    }

    /// `col IS NULL` as an equality with NULL (`SEARCH t USING INDEX i (a=?)`), for a column
    /// of the innermost scope that is not the rowid. Not for a WHERE term on an outer-joined
    /// table: its NULL-extended rows must still reach the term.
    pub(super) fn is_null_side(&self, e: &Expr, on_outer: Option<usize>) -> Option<EqSide> {
        let ExprKind::IsNull(col) = &e.kind else {
            return None;
        };
        if !matches!(col.kind, ExprKind::Column { .. }) {
            return None;
        }
        let cr = self.resolve_column(col).ok()??;
        let scope = self.scopes.last()?;
        let src = scope.sources.get(cr.src)?;
        let alias = src.table.as_ref().and_then(|t| t.rowid_alias);
        let is_rowid = match cr.col {
            ColSel::Rowid => true,
            ColSel::Column(i) => alias == Some(i),
        };
        if cr.depth != self.scopes.len() - 1 || is_rowid || (src.outer && on_outer != Some(cr.src))
        {
            return None;
        }
        Some(EqSide {
            src: cr.src,
            col: cr.col,
            other_is_right: true,
            other_mask: 0,
            other_affinity: None,
            collation: None,
            any_collation: true,
        })
    }

    /// `x IS col` in the WHERE clause with `col` on an outer-joined source: true when the
    /// term must not drive `col`'s lookup, as the source's NULL-extended row may satisfy it.
    pub(super) fn is_on_null_row(&self, e: &Expr, src: usize, on_outer: Option<usize>) -> bool {
        let is = matches!(
            e.kind,
            ExprKind::Binary {
                op: ast::BinaryOp::Is,
                ..
            }
        );
        let outer = self
            .scopes
            .last()
            .and_then(|s| s.sources.get(src))
            .is_some_and(|s| s.outer);
        is && outer && on_outer != Some(src)
    }

    /// Evaluates `b`'s value into `dest` with `aff` applied; a NULL value jumps to `none`.
    fn bound_value(
        &mut self,
        terms: &[(Expr, Option<usize>)],
        b: &Bound,
        dest: Reg,
        aff: Option<Affinity>,
        none: Label,
    ) -> Result<()> {
        let e = operand(&terms[b.term].0, b.operand);
        self.expr(e, dest)?;
        let ca = crate::codegen::in_compound::compare_affinity(aff, self.expr_affinity(e));
        if let Some(a) = ca {
            self.b.emit(Insn::Affinity {
                start: dest,
                affinities: vec![a],
            });
        }
        self.b.emit(Insn::IsNull {
            reg: dest,
            target: none,
        });
        Ok(())
    }

    /// Opens an index loop: equality on the first `used.len()` columns of `index`, then
    /// `range` on the next one; backwards when `desc`. Sets `lv.index_cursor`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn open_index_seek(
        &mut self,
        src: &Source,
        lv: &mut Level,
        terms: &[(Expr, Option<usize>)],
        index: &Arc<Index>,
        used: &[(usize, bool)],
        range: Option<&RangeBounds>,
        covering: bool,
        desc: bool,
    ) -> Result<()> {
        let ic = self.b.alloc_cursor();
        self.b.emit(Insn::OpenRead {
            cursor: ic,
            root: Root::Page(index.root_page),
            db: index.db,
            n_columns: index.columns.len() + 1,
            key_info: Some(index.key_info()),
        });
        let rowid_table = src.table.as_ref().is_some_and(|t| !t.without_rowid);
        // The first primary-key column a WITHOUT ROWID table's index entries end with.
        let pk_first = src
            .table
            .as_ref()
            .filter(|t| t.without_rowid)
            .and_then(|t| t.primary_key.first())
            .map(|p| p.0);
        let col_aff = |k: usize| match index.columns.get(k).map(|c| &c.expr) {
            Some(IndexedExpr::Column(ci)) => src.columns.get(*ci).and_then(|c| c.affinity),
            // The rowid every entry of a rowid table's index ends with.
            None if rowid_table => Some(Affinity::Integer),
            None => pk_first
                .and_then(|c| src.columns.get(c))
                .and_then(|c| c.affinity),
            _ => None,
        };
        let neq = used.len();
        let tail = lv.tail;
        let key = self.b.alloc_regs(neq.max(1));
        let mut affs = Vec::new();
        for (k, (ti, right)) in used.iter().enumerate() {
            if let ExprKind::IsNull(_) = terms[*ti].0.kind {
                self.b.emit(Insn::Null {
                    dest: key + k,
                    dest_end: key + k,
                });
                affs.push(Affinity::Blob);
                continue;
            }
            let other = super::other_side(&terms[*ti].0, *right);
            self.expr(other, key + k)?;
            let ca = crate::codegen::in_compound::compare_affinity(
                col_aff(k),
                self.expr_affinity(other),
            );
            affs.push(ca.unwrap_or(Affinity::Blob));
        }
        if neq > 0 {
            self.b.emit(Insn::Affinity {
                start: key,
                affinities: affs,
            });
        }
        // Key-order bounds on column `neq`: (start, end).
        let (mut start, mut end) = (None, None);
        if let Some(r) = range {
            let col_desc = index.columns.get(neq).is_some_and(|c| c.desc);
            let eval = |this: &mut Self, b: Option<&Bound>| -> Result<Option<KeyBound>> {
                let kb = this.b.alloc_regs(neq + 1);
                if neq > 0 {
                    this.b.emit(Insn::Copy {
                        src: key,
                        dest: kb,
                        count: neq,
                    });
                }
                match b.filter(|b| b.operand != Operand::NotNull) {
                    Some(b) => {
                        this.bound_value(terms, b, kb + neq, col_aff(neq), tail)?;
                        Ok(Some(KeyBound {
                            key: kb,
                            inclusive: b.inclusive,
                        }))
                    }
                    None => {
                        this.b.emit(Insn::Null {
                            dest: kb + neq,
                            dest_end: kb + neq,
                        });
                        Ok(Some(KeyBound {
                            key: kb,
                            inclusive: false,
                        }))
                    }
                }
            };
            let (s, e) = if col_desc {
                (r.hi.as_ref(), r.lo.as_ref())
            } else {
                (r.lo.as_ref(), r.hi.as_ref())
            };
            // A missing bound on the NULL side becomes "not NULL".
            if s.is_some() || !col_desc {
                start = eval(self, s)?;
            }
            if e.is_some() || col_desc {
                end = eval(self, e)?;
            }
        }
        let target = tail;
        let n_key = neq + 1;
        let (first, last) = if desc { (end, start) } else { (start, end) };
        self.b.emit(match (first, desc) {
            (Some(kb), false) if kb.inclusive => Insn::SeekGE {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            },
            (Some(kb), false) => Insn::SeekGT {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            },
            (Some(kb), true) if kb.inclusive => Insn::SeekLE {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            },
            (Some(kb), true) => Insn::SeekLT {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            },
            (None, false) if neq > 0 => Insn::SeekGE {
                cursor: ic,
                target,
                key,
                n_key: neq,
            },
            (None, true) if neq > 0 => Insn::SeekLE {
                cursor: ic,
                target,
                key,
                n_key: neq,
            },
            (None, false) => Insn::Rewind { cursor: ic, target },
            (None, true) => Insn::Last { cursor: ic, target },
        });
        self.b.bind(lv.top);
        let stop = match (last, desc) {
            (Some(kb), false) if kb.inclusive => Some(Insn::IdxGT {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            }),
            (Some(kb), false) => Some(Insn::IdxGE {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            }),
            (Some(kb), true) if kb.inclusive => Some(Insn::IdxLT {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            }),
            (Some(kb), true) => Some(Insn::IdxLE {
                cursor: ic,
                target,
                key: kb.key,
                n_key,
            }),
            (None, false) if neq > 0 => Some(Insn::IdxGT {
                cursor: ic,
                target,
                key,
                n_key: neq,
            }),
            (None, true) if neq > 0 => Some(Insn::IdxLT {
                cursor: ic,
                target,
                key,
                n_key: neq,
            }),
            (None, _) => None,
        };
        if let Some(insn) = stop {
            self.b.emit(insn);
        }
        if covering {
            self.set_cover(lv.src, ic, index);
        } else {
            self.seek_table_row(src, ic, index, lv.next);
        }
        lv.index_cursor = Some(ic);
        Ok(())
    }

    /// The `sqlite_stat1` rows of source `s`'s indexes, by index name (`""` for a WITHOUT
    /// ROWID primary key, whose row is named after the table).
    pub(super) fn source_stats(&self, s: &Source) -> std::collections::HashMap<String, Vec<u64>> {
        let mut out = std::collections::HashMap::new();
        let Some(t) = s.table.as_ref() else {
            return out;
        };
        let sc = self.schema.db_schema(t.db).unwrap_or(self.schema);
        if sc.stat1.indexes.is_empty() {
            return out;
        }
        for ix in self.indexes_of(t) {
            if let Some(st) = sc.stat1.index(&ix.name) {
                out.insert(ix.name.clone(), st.clone());
            }
        }
        if t.without_rowid {
            if let Some(st) = sc.stat1.index(&t.name) {
                out.insert(String::new(), st.clone());
            }
        }
        out
    }

    /// With index cursor `ic` on an entry of `index`, positions `src`'s table cursor on that
    /// row: by rowid (`DeferredSeek`), or for a WITHOUT ROWID table by the primary key the
    /// entry ends with (`NotFound` on the table's key; a missing row goes to `miss`).
    pub(super) fn seek_table_row(
        &mut self,
        src: &Source,
        ic: CursorId,
        index: &Index,
        miss: Label,
    ) {
        let Some(t) = src.table.as_ref().filter(|t| t.without_rowid) else {
            self.b.emit(Insn::DeferredSeek {
                index_cursor: ic,
                table_cursor: src.cursor,
            });
            return;
        };
        let pk: Vec<usize> = t.primary_key.iter().map(|p| p.0).collect();
        let key = self.b.alloc_regs(pk.len().max(1));
        for (k, &c) in pk.iter().enumerate() {
            // Where the entry holds key column c: among the indexed columns, else after them
            // (as `set_cover` reads it).
            let pos = index
                .columns
                .iter()
                .position(|ic| ic.expr == IndexedExpr::Column(c))
                .unwrap_or(index.columns.len() + k);
            self.b.emit(Insn::Column {
                cursor: ic,
                column: pos,
                dest: key + k,
                default: None,
            });
        }
        self.b.emit(Insn::NotFound {
            cursor: src.cursor,
            target: miss,
            key,
            n_key: pk.len(),
        });
    }

    /// Opens a table loop over the rowids within `range`, backwards when `desc`.
    pub(super) fn open_rowid_range(
        &mut self,
        src: &Source,
        lv: &Level,
        terms: &[(Expr, Option<usize>)],
        range: &RangeBounds,
        desc: bool,
    ) -> Result<()> {
        let reg = |this: &mut Self, b: Option<&Bound>| -> Result<Option<(Reg, bool)>> {
            let Some(b) = b else { return Ok(None) };
            let r = this.b.alloc_reg();
            this.bound_value(terms, b, r, Some(Affinity::Integer), lv.tail)?;
            Ok(Some((r, b.inclusive)))
        };
        let lo = reg(self, range.lo.as_ref())?;
        let hi = reg(self, range.hi.as_ref())?;
        let (cursor, target) = (src.cursor, lv.tail);
        let (first, last) = if desc { (hi, lo) } else { (lo, hi) };
        self.b.emit(match (first, desc) {
            (Some((key, true)), false) => Insn::SeekGE {
                cursor,
                target,
                key,
                n_key: 1,
            },
            (Some((key, false)), false) => Insn::SeekGT {
                cursor,
                target,
                key,
                n_key: 1,
            },
            (Some((key, true)), true) => Insn::SeekLE {
                cursor,
                target,
                key,
                n_key: 1,
            },
            (Some((key, false)), true) => Insn::SeekLT {
                cursor,
                target,
                key,
                n_key: 1,
            },
            (None, false) => Insn::Rewind { cursor, target },
            (None, true) => Insn::Last { cursor, target },
        });
        self.b.bind(lv.top);
        if let Some((rhs, inclusive)) = last {
            let lhs = self.b.alloc_reg();
            self.b.emit(Insn::Rowid { cursor, dest: lhs });
            let flags = CmpFlags {
                affinity: Some(Affinity::Numeric),
                ..CmpFlags::default()
            };
            self.b.emit(match (desc, inclusive) {
                (false, true) => Insn::Gt {
                    lhs,
                    rhs,
                    target,
                    flags,
                },
                (false, false) => Insn::Ge {
                    lhs,
                    rhs,
                    target,
                    flags,
                },
                (true, true) => Insn::Lt {
                    lhs,
                    rhs,
                    target,
                    flags,
                },
                (true, false) => Insn::Le {
                    lhs,
                    rhs,
                    target,
                    flags,
                },
            });
        }
        Ok(())
    }
}
