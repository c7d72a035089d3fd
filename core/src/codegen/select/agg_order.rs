//! ORDER BY inside an aggregate call: `group_concat(b, ',' ORDER BY a DESC)` (SQLite 3.44+,
//! lang_aggfunc.html "ORDER BY in aggregates"; 3.40.1 has no such syntax, so this follows
//! 3.54.1).
//!
//! The aggregate must see its rows in the order of the terms, whatever the loop's order, so
//! each ordered call gets an ephemeral index of the current group's rows:
//!
//! ```text
//! record = key_1 .. key_k, seq, arg_1 .. arg_n     (KeyInfo on key_1..key_k, seq)
//! ```
//!
//! * per row (after FILTER, and after the DISTINCT test, which 3.54.1 applies in scan order:
//!   the first row of each distinct value is the one kept), [`Compiler::agg_order_insert`]
//!   evaluates the terms and inserts a record; `seq` counts rows, so ties keep scan order;
//! * when the group ends, before `AggFinal`, [`Compiler::agg_order_feed`] walks the index in
//!   key order and steps the accumulator with each record's arguments, then empties the index
//!   for the next group.
//!
//! A term's DESC and COLLATE go into the KeyInfo; NULLS FIRST/LAST against the direction's
//! default adds a leading `term IS NULL` key, as the outer ORDER BY does. The mechanism is
//! generic: every aggregate (built-in, JSON, user-defined through the C API) is stepped the
//! same way. Window calls and non-aggregates reject ORDER BY ([`check_order_by`]).
//! One-argument min() and max() resolve their terms but are not sorted ([`is_sorted`]), as in
//! 3.54.1. Under GROUP BY the columns the terms read travel in the GROUP BY sorter with the
//! arguments' columns (`agg_args.rs`), so the terms are evaluated after that sort too.
//!
//! Syntax (parser `function_call`): `name(DISTINCT? args ORDER BY terms)`; after `count(*`
//! it is a syntax error, after an empty list it is dropped, and a malformed clause keeps
//! 3.40.1's `near "ORDER": syntax error`.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{CursorId, Insn, Reg};

use super::super::{Compiler, FuncKind};

/// `kind` when a call with this ORDER BY may be compiled; 3.54.1's error otherwise: ORDER BY
/// only goes with an aggregate used as one (not a scalar, not a window call).
pub(crate) fn check_order_by(f: &ast::FunctionCall, kind: FuncKind) -> Result<FuncKind> {
    if f.order_by.is_empty() || (kind == FuncKind::Aggregate && f.over.is_none()) {
        return Ok(kind);
    }
    Err(Error::sql(format!(
        "ORDER BY may not be used with non-aggregate {}()",
        f.name.name
    ))
    .with_offset(f.name.span.start))
}

/// Whether `f` is sorted: it has an ORDER BY and is not a one-argument min() or max(), whose
/// ORDER BY 3.54.1 resolves but ignores (no temp b-tree in its plan, the min/max loop
/// optimization still applies, and the bare columns come from the row chosen in scan order).
pub(crate) fn is_sorted(f: &ast::FunctionCall) -> bool {
    let minmax = matches!(&f.args, ast::FunctionArgs::List(a) if a.len() == 1)
        && (f.name.name.eq_ignore_ascii_case("min") || f.name.name.eq_ignore_ascii_case("max"));
    !f.order_by.is_empty() && !minmax
}

/// One ordered aggregate call's sorting index.
pub(crate) struct OrderedAgg {
    /// Key expressions with their DESC flag and collation (NULLS flags included).
    terms: Vec<(Expr, bool, Option<Collation>)>,
    cursor: CursorId,
    /// Row counter: the tie-breaking key.
    seq: Reg,
    n_args: usize,
}

impl Compiler<'_> {
    /// Opens the sorting index of call `f` (with `n_args` arguments) when it has an ORDER BY;
    /// `None` otherwise. Emitted once, before the loops.
    pub(crate) fn agg_order_open(
        &mut self,
        f: &ast::FunctionCall,
        n_args: usize,
    ) -> Result<Option<OrderedAgg>> {
        if f.order_by.is_empty() {
            return Ok(None);
        }
        let terms = self.agg_order_terms(&f.order_by);
        if !is_sorted(f) {
            // Ignored terms still resolve (`max(a ORDER BY nosuch)` is an error): compiled
            // where no jump reaches them.
            let skip = self.b.label();
            self.b.emit(Insn::Goto { target: skip });
            let r = self.b.alloc_reg();
            for t in &terms {
                self.expr(&t.0, r)?;
            }
            self.b.bind(skip);
            return Ok(None);
        }
        let nk = terms.len();
        let mut ki = KeyInfo::ascending(nk + 1);
        for (i, t) in terms.iter().enumerate() {
            ki.desc[i] = t.1;
            if let Some(c) = &t.2 {
                ki.collations[i] = c.clone();
            }
        }
        ki.n_key_fields = nk + 1;
        let cursor = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor,
            n_columns: nk + 1 + n_args,
            key_info: Some(Arc::new(ki)),
        });
        let seq = self.b.alloc_reg();
        self.b.emit(Insn::Integer {
            value: 0,
            dest: seq,
        });
        Ok(Some(OrderedAgg {
            terms,
            cursor,
            seq,
            n_args,
        }))
    }

    /// EXPLAIN QUERY PLAN's lines for an ordered call `f`, named like 3.54.1's:
    /// `USE TEMP B-TREE FOR name(DISTINCT)` (only printed here for ordered calls) then
    /// `USE TEMP B-TREE FOR name(ORDER BY)`. Nothing for a call without ORDER BY.
    pub(crate) fn agg_order_plan(&mut self, f: &ast::FunctionCall) {
        if !is_sorted(f) {
            return;
        }
        let name = f.name.name.to_ascii_lowercase();
        if f.distinct {
            self.plan(0, format!("USE TEMP B-TREE FOR {name}(DISTINCT)"));
        }
        self.plan(0, format!("USE TEMP B-TREE FOR {name}(ORDER BY)"));
    }

    /// Under GROUP BY, 3.54.1 prints the ordered calls' lines after the loops and the GROUP
    /// BY sorter's line: the calls of the result columns, HAVING and ORDER BY, in that order.
    pub(crate) fn agg_order_plan_group(
        &mut self,
        results: &[&Expr],
        having: Option<&Expr>,
        order: &[&Expr],
    ) -> Result<()> {
        let mut calls = Vec::new();
        let mut cols = Vec::new();
        for e in results
            .iter()
            .copied()
            .chain(having)
            .chain(order.iter().copied())
        {
            self.collect_aggs(e, &mut calls, &mut cols)?;
        }
        for (i, c) in calls.iter().enumerate() {
            if let (ExprKind::Function(f), false) = (&c.kind, calls[..i].contains(c)) {
                self.agg_order_plan(f);
            }
        }
        Ok(())
    }

    /// The sort keys of `order_by`: an explicit COLLATE, else the term's own collation;
    /// a leading `IS NULL` key where NULLS FIRST/LAST is not the direction's default.
    fn agg_order_terms(
        &self,
        order_by: &[ast::OrderingTerm],
    ) -> Vec<(Expr, bool, Option<Collation>)> {
        let mut out = Vec::new();
        for t in order_by {
            let coll = self
                .explicit_collation(&t.expr)
                .or_else(|| self.expr_collation(&t.expr));
            let desc = t.order == Some(ast::SortOrder::Desc);
            match (t.nulls, desc) {
                (Some(ast::NullsOrder::Last), false) | (Some(ast::NullsOrder::First), true) => {
                    let flag = Expr {
                        kind: ExprKind::IsNull(Box::new(t.expr.clone())),
                        span: ast::Span::default(),
                    };
                    out.push((flag, desc, None));
                }
                _ => {}
            }
            out.push((t.expr.clone(), desc, coll));
        }
        out
    }

    /// Evaluates the terms for the current row and stores them with the arguments already in
    /// `r[args..args+n_args]`. Call where the arguments were evaluated (same column map).
    pub(crate) fn agg_order_insert(&mut self, o: &OrderedAgg, args: Reg) -> Result<()> {
        let nk = o.terms.len();
        let width = nk + 1 + o.n_args;
        let block = self.b.alloc_regs(width);
        for (i, t) in o.terms.iter().enumerate() {
            self.expr(&t.0, block + i)?;
        }
        self.b.emit(Insn::AddImm {
            reg: o.seq,
            value: 1,
        });
        self.b.emit(Insn::Copy {
            src: o.seq,
            dest: block + nk,
            count: 1,
        });
        if o.n_args > 0 {
            self.b.emit(Insn::Copy {
                src: args,
                dest: block + nk + 1,
                count: o.n_args,
            });
        }
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: block,
            count: width,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::IdxInsert {
            cursor: o.cursor,
            key: rec,
            append: false,
        });
        Ok(())
    }

    /// Walks the group's rows in key order: loads each record's arguments into fresh
    /// registers and lets `step` emit the accumulator step with them; then empties the index.
    /// Emit where the group ends, before `AggFinal`.
    pub(crate) fn agg_order_feed(&mut self, o: &OrderedAgg, step: impl FnOnce(&mut Self, Reg)) {
        let done = self.b.label();
        let args = self.b.alloc_regs(o.n_args.max(1));
        self.b.emit(Insn::Rewind {
            cursor: o.cursor,
            target: done,
        });
        let top = self.b.here();
        let nk = o.terms.len();
        for i in 0..o.n_args {
            self.b.emit(Insn::Column {
                cursor: o.cursor,
                column: nk + 1 + i,
                dest: args + i,
                default: None,
            });
        }
        step(self, args);
        self.b.emit(Insn::Next {
            cursor: o.cursor,
            target: top,
        });
        self.b.bind(done);
        self.b.emit(Insn::ResetSorter { cursor: o.cursor });
    }
}

#[cfg(test)]
#[path = "agg_order_tests.rs"]
mod tests;
