//! SELECT (lang_select.html): FROM sources, nested loops, aggregates, DISTINCT, ORDER BY,
//! LIMIT/OFFSET, compound selects and VALUES.
//!
//! Every row a query produces goes through one pipeline: DISTINCT (an ephemeral index of the
//! rows seen), then either the ORDER BY sorter (drained after the loops) or straight to OFFSET/
//! LIMIT and the [`Dest`]. Subqueries in FROM, views and CTEs are materialized into ephemeral
//! tables before the loops.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::{ColRef, ColSel, Scope, Source, SrcColumn};
use crate::value::affinity::Affinity;
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{ColumnOrigin, CursorId, FuncRef, Insn, Reg, Root};

use super::builder::Label;
use super::expr::{expr_id, AggMap};
use super::{Compiler, CteDef, FuncKind};

mod agg_args;
mod agg_dedup;
pub(crate) mod agg_order;
mod auto_index;
mod bare_filter;
mod distinct_scan;
mod empty_scan;
mod flatten;
mod group_order;
mod group_stream;
mod left_inner;
mod left_omit;
mod multi_or;
mod or_in;
mod outer_refs;
mod partial_sort;
mod seek;
mod subquery_plan;
mod union_all_push;
pub(crate) mod window_order;

/// Where the rows of a select go.
#[derive(Debug, Clone)]
pub(crate) enum Dest {
    /// `ResultRow`: rows of the statement.
    Output,
    /// Insert each row as a key of ephemeral index `cursor` (IN, UNION, INTERSECT).
    Set { cursor: CursorId },
    /// Append each row to ephemeral table `cursor` (materialization).
    Table { cursor: CursorId },
    /// First column of the first row into `reg`, then goto `done`.
    Scalar { reg: Reg, done: Label },
    /// `reg` = 1 at the first row, then goto `done`.
    Exists { reg: Reg, done: Label },
    /// The first row's `count` columns into r[reg..reg + count] (copies keep int-real
    /// flags, as sqlite3's registers do), then goto `done` (`SET (a, b) = (SELECT ...)`).
    Row { reg: Reg, count: usize, done: Label },
    /// Each row's `count` columns into r[reg..reg + count], then `Yield co`: a coroutine
    /// feeding `INSERT ... SELECT` (`insert_select.rs`).
    Yield { co: Reg, reg: Reg, count: usize },
    /// Remove each row from ephemeral index `cursor` (EXCEPT).
    Except { cursor: CursorId },
    /// Rows found in `probe` are inserted into `into` (INTERSECT).
    Intersect { probe: CursorId, into: CursorId },
    /// Insert (row[order..], sequence, row) as a key of ephemeral index `cursor`: the
    /// priority queue of a recursive CTE with ORDER BY.
    Queue { cursor: CursorId, order: Vec<usize> },
}

/// What is known about one result column.
#[derive(Debug, Clone)]
pub(crate) struct ColInfo {
    pub name: String,
    pub decltype: Option<String>,
    pub origin: Option<ColumnOrigin>,
    pub affinity: Option<Affinity>,
    pub collation: Option<String>,
}

/// The row pipeline after the loops: DISTINCT, ORDER BY sorter, OFFSET/LIMIT.
pub(crate) struct Pipeline {
    distinct: Option<CursorId>,
    /// Sorter cursor and number of key fields.
    sorter: Option<(CursorId, usize)>,
    limit: Option<Reg>,
    offset: Option<Reg>,
    /// Jumped to when LIMIT is reached.
    end: Label,
    /// The loop delivers the leading sort keys: the sorter is drained block by block.
    partial: Option<partial_sort::PartialSort>,
    /// sqlite3 runs this DISTINCT as a GROUP BY: its rows come out plain REALs (`int_real`).
    distinct_plain: bool,
}

fn walk<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr) -> bool) {
    if !f(e) {
        return;
    }
    use ExprKind::*;
    match &e.kind {
        Unary { expr, .. }
        | IsNull(expr)
        | NotNull(expr)
        | Cast { expr, .. }
        | Collate { expr, .. } => walk(expr, f),
        Binary { left, right, .. } => {
            walk(left, f);
            walk(right, f);
        }
        Like {
            expr,
            pattern,
            escape,
            ..
        } => {
            walk(expr, f);
            walk(pattern, f);
            if let Some(x) = escape {
                walk(x, f);
            }
        }
        Between {
            expr, low, high, ..
        } => {
            walk(expr, f);
            walk(low, f);
            walk(high, f);
        }
        InList { expr, list, .. } => {
            walk(expr, f);
            for x in list {
                walk(x, f);
            }
        }
        InSelect { expr, .. } | InTable { expr, .. } => walk(expr, f),
        Case {
            operand,
            when_then,
            else_,
        } => {
            if let Some(o) = operand {
                walk(o, f);
            }
            for (w, t) in when_then {
                walk(w, f);
                walk(t, f);
            }
            if let Some(x) = else_ {
                walk(x, f);
            }
        }
        Function(fc) => {
            if let ast::FunctionArgs::List(a) = &fc.args {
                for x in a {
                    walk(x, f);
                }
            }
            for t in &fc.order_by {
                walk(&t.expr, f);
            }
            if let Some(x) = &fc.filter {
                walk(x, f);
            }
            if let Some(ast::Over::Spec(s)) = &fc.over {
                for x in s
                    .partition_by
                    .iter()
                    .chain(s.order_by.iter().map(|o| &o.expr))
                {
                    walk(x, f);
                }
            }
        }
        Row(list) => {
            for x in list {
                walk(x, f);
            }
        }
        _ => {}
    }
}

pub(crate) fn walk_pub<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr) -> bool) {
    walk(e, f)
}

/// Calls `f` on every expression of `sel` (all cores, FROM subqueries, CTEs, ORDER BY, LIMIT),
/// descending into nested subqueries.
pub(crate) fn select_exprs_pub<'e>(sel: &'e ast::Select, f: &mut dyn FnMut(&'e Expr)) {
    select_exprs(sel, f)
}

fn select_exprs<'e>(sel: &'e ast::Select, f: &mut dyn FnMut(&'e Expr)) {
    if let Some(w) = &sel.with {
        for c in &w.ctes {
            select_exprs(&c.select, f);
        }
    }
    let cores = std::iter::once(&sel.first).chain(sel.compounds.iter().map(|c| &c.1));
    for core in cores {
        match core {
            ast::SelectCore::Values { rows, .. } => {
                for r in rows {
                    for e in r {
                        deep_walk(e, f);
                    }
                }
            }
            ast::SelectCore::Select(c) => {
                for rc in &c.columns {
                    if let ast::ResultColumn::Expr { expr, .. } = rc {
                        deep_walk(expr, f);
                    }
                }
                if let Some(from) = &c.from {
                    from_exprs(from, f);
                }
                for e in c
                    .where_
                    .iter()
                    .chain(c.group_by.iter())
                    .chain(c.having.iter())
                {
                    deep_walk(e, f);
                }
            }
        }
    }
    for o in &sel.order_by {
        deep_walk(&o.expr, f);
    }
    if let Some(l) = &sel.limit {
        deep_walk(&l.limit, f);
        if let Some(o) = &l.offset {
            deep_walk(o, f);
        }
    }
}

fn from_exprs<'e>(from: &'e ast::FromClause, f: &mut dyn FnMut(&'e Expr)) {
    let items = std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table));
    for t in items {
        match t {
            ast::TableOrSubquery::Subquery { select, .. } => select_exprs(select, f),
            ast::TableOrSubquery::Nested { from, .. } => from_exprs(from, f),
            ast::TableOrSubquery::Function { args, .. } => {
                for a in args {
                    deep_walk(a, f);
                }
            }
            ast::TableOrSubquery::Table { .. } => {}
        }
    }
    for j in &from.joins {
        if let Some(ast::JoinConstraint::On(e)) = &j.constraint {
            deep_walk(e, f);
        }
    }
}

/// Visits `e` and its subexpressions, including those inside subqueries.
fn deep_walk<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    walk(e, &mut |x| {
        f(x);
        match &x.kind {
            ExprKind::Exists(s) | ExprKind::Subquery(s) | ExprKind::InSelect { select: s, .. } => {
                select_exprs(s, f)
            }
            _ => {}
        }
        true
    });
}

impl Compiler<'_> {
    /// r[dest..dest + count] = r[src..src + count] (nothing when `count` is 0).
    fn copy_leading(&mut self, src: Reg, dest: Reg, count: usize) {
        if count > 0 {
            self.b.emit(Insn::Copy { src, dest, count });
        }
    }
}

/// The AND terms of `e`, left to right.
fn split_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    if let ExprKind::Binary {
        left,
        op: ast::BinaryOp::And,
        right,
    } = &e.kind
    {
        split_and(left, out);
        split_and(right, out);
    } else {
        out.push(e);
    }
}

fn col_expr(table: &str, column: &str) -> Expr {
    let id = |s: &str| ast::Ident {
        name: s.to_string(),
        quote: ast::Quote::None,
        span: ast::Span::default(),
    };
    Expr {
        kind: ExprKind::Column {
            schema: None,
            table: Some(id(table)),
            column: id(column),
        },
        span: ast::Span::default(),
    }
}

/// One loop of the nest, with its labels.
pub(crate) struct Level {
    src: usize,
    access: crate::planner::plan::Access,
    index_cursor: Option<CursorId>,
    outer: bool,
    match_reg: Reg,
    null_mode: Reg,
    top: Label,
    next: Label,
    tail: Label,
    brk: Label,
    body: Label,
    /// IN-list lookups: the ephemeral index of values, where the next value is taken, and
    /// the label that advances to it.
    in_set: Option<(CursorId, usize, Label)>,
}

impl Level {
    /// How this loop reads its source.
    pub(crate) fn access(&self) -> &crate::planner::plan::Access {
        &self.access
    }
}

/// The planned loops of one scope, before any code is emitted.
struct LoopPlan {
    terms: Vec<(Expr, Option<usize>)>,
    infos: Vec<crate::planner::plan::TermInfo>,
    src_infos: Vec<crate::planner::plan::SourceInfo>,
    plans: Vec<crate::planner::plan::LevelPlan>,
    /// With a wanted order the loops deliver: the direction each term arrives in.
    ordered: Option<Vec<bool>>,
}

/// A FROM clause ready to loop over.
pub(crate) struct FromPlan {
    /// Terms from WHERE and inner-join ON clauses, plus outer-join ON terms.
    pub(crate) terms: Vec<(Expr, Option<usize>)>,
    pub(crate) reorder: bool,
    /// Per source: the sources it must be looped inside of (LEFT and CROSS JOIN).
    pub(crate) after: Vec<u64>,
    /// RIGHT/FULL JOIN: the right-hand source (the last one) and the ephemeral index of the
    /// rowids it matched; its unmatched rows get a second pass with the left side NULL.
    pub(crate) right: Option<(usize, CursorId)>,
    /// The second pass of a RIGHT/FULL JOIN that is not the last join (see `right_join.rs`):
    /// the right-hand source and the index of its matched rowids, whose rows it skips.
    pub(crate) skip_matched: Option<(usize, CursorId)>,
    /// Every RIGHT/FULL JOIN's right-hand source and matched-rowid index, in FROM order
    /// (`right` is the last); each gets its own second pass.
    pub(crate) rights: Vec<(usize, CursorId)>,
}

impl Compiler<'_> {
    pub(crate) fn take_min_depth(&mut self) -> usize {
        std::mem::replace(&mut self.min_ref_depth, usize::MAX)
    }

    /// Restores the minimum reference depth, returning the one seen since `take`.
    pub(crate) fn restore_min_depth(&mut self, saved: usize) -> usize {
        let seen = self.min_ref_depth;
        self.min_ref_depth = saved.min(seen);
        seen
    }

    /// Compiles `sel`, sending its rows to `dest`; returns its result columns.
    pub(crate) fn select(
        &mut self,
        sel: &ast::Select,
        dest: &Dest,
        _plan_parent: i64,
    ) -> Result<Vec<ColInfo>> {
        self.auth_note(super::auth::action::SELECT, None, None, None);
        self.check_term_limits(sel)?;
        let pushed = if let Some(w) = &sel.with {
            let mut frame = HashMap::new();
            for cte in &w.ctes {
                frame.insert(
                    cte.name.name.to_ascii_lowercase(),
                    CteDef { cte: cte.clone() },
                );
            }
            self.ctes.push(frame);
            let multi = super::cte_uses::multi_use(sel, w);
            let n = multi.len();
            self.multi_use_ctes.extend(multi);
            Some(n)
        } else {
            None
        };
        let cap = self.recursive_cte_cap(sel);
        let saved_cap = std::mem::replace(&mut self.cte_cap, cap);
        let r = if sel.compounds.is_empty() {
            match &sel.first {
                ast::SelectCore::Select(core) => {
                    let flat = self.flatten_core(core, &sel.order_by);
                    let (core, order_by) = match &flat {
                        Some((c, o)) => (c, o.as_slice()),
                        None => (&**core, sel.order_by.as_slice()),
                    };
                    let omitted = self.omit_left_joins(core, order_by);
                    let core = omitted.as_ref().unwrap_or(core);
                    let down = self.push_down(core);
                    let core = down.as_ref().unwrap_or(core);
                    let pushed = union_all_push::push_into_union_all(core);
                    let core = pushed.as_ref().unwrap_or(core);
                    self.select_core(core, order_by, sel.limit.as_ref(), dest)
                }
                ast::SelectCore::Values { rows, .. } => {
                    self.values(rows, &sel.order_by, sel.limit.as_ref(), dest)
                }
            }
        } else {
            self.compound(sel, dest)
        };
        self.cte_cap = saved_cap;
        if let Some(n) = pushed {
            self.ctes.pop();
            let keep = self.multi_use_ctes.len().saturating_sub(n);
            self.multi_use_ctes.truncate(keep);
        }
        let cols = r?;
        self.check_result_width(cols.len())?;
        Ok(cols)
    }

    // ---------------------------------------------------------------------------------------
    // Pipeline
    // ---------------------------------------------------------------------------------------

    fn limit_regs(
        &mut self,
        limit: Option<&ast::Limit>,
        end: Label,
    ) -> Result<(Option<Reg>, Option<Reg>)> {
        let Some(l) = limit else {
            return Ok((None, None));
        };
        let lr = self.expr_reg(&l.limit)?;
        self.b.emit(Insn::MustBeInt {
            reg: lr,
            target: None,
        });
        self.b.emit(Insn::IfNot {
            reg: lr,
            target: end,
            jump_if_null: true,
        });
        let or = match &l.offset {
            Some(o) => {
                let r = self.expr_reg(o)?;
                self.b.emit(Insn::MustBeInt {
                    reg: r,
                    target: None,
                });
                Some(r)
            }
            None => None,
        };
        Ok((Some(lr), or))
    }

    fn open_pipeline(
        &mut self,
        n_cols: usize,
        distinct: bool,
        order: &[(Expr, bool, Option<Collation>)],
        limit: Option<&ast::Limit>,
        col_collations: &[Option<Collation>],
    ) -> Result<Pipeline> {
        let end = self.b.label();
        let (limit, offset) = self.limit_regs(limit, end)?;
        let distinct = if distinct {
            let c = self.b.alloc_cursor();
            let ki = KeyInfo {
                collations: (0..n_cols)
                    .map(|i| col_collations.get(i).cloned().flatten().unwrap_or_default())
                    .collect(),
                desc: vec![false; n_cols],
                n_key_fields: n_cols,
            };
            self.b.emit(Insn::OpenEphemeral {
                cursor: c,
                n_columns: n_cols,
                key_info: Some(Arc::new(ki)),
            });
            Some(c)
        } else {
            None
        };
        let sorter = if order.is_empty() {
            None
        } else {
            let c = self.b.alloc_cursor();
            let mut ki = KeyInfo {
                collations: order
                    .iter()
                    .map(|o| o.2.clone().unwrap_or_default())
                    .collect(),
                desc: order.iter().map(|o| o.1).collect(),
                n_key_fields: order.len(),
            };
            // A sequence number keeps equal keys in insertion order.
            ki.collations.push(Collation::Binary);
            ki.desc.push(false);
            ki.n_key_fields += 1;
            self.b.emit(Insn::SorterOpen {
                cursor: c,
                n_columns: order.len() + 1 + n_cols,
                key_info: Arc::new(ki),
            });
            Some((c, order.len()))
        };
        Ok(Pipeline {
            distinct,
            sorter,
            limit,
            offset,
            end,
            partial: None,
            distinct_plain: false,
        })
    }

    /// Sends one row (r[cols..cols+n], sort keys r[keys..]) into the pipeline.
    fn pipeline_row(&mut self, p: &Pipeline, cols: Reg, n: usize, keys: Option<Reg>, dest: &Dest) {
        let skip = self.b.label();
        if let Some(dc) = p.distinct {
            self.b.emit(Insn::Found {
                cursor: dc,
                target: skip,
                key: cols,
                n_key: n,
            });
            let rec = self.b.alloc_reg();
            if p.distinct_plain {
                self.plain_reals(cols, n);
            }
            self.b.emit(Insn::MakeRecord {
                start: cols,
                count: n,
                dest: rec,
                affinities: None,
            });
            self.b.emit(Insn::IdxInsert {
                cursor: dc,
                key: rec,
                append: false,
            });
        }
        if let Some((sc, nk)) = p.sorter {
            if let (Some(ps), Some(k)) = (&p.partial, keys) {
                self.partial_sort_row(ps, k);
            }
            let block = self.b.alloc_regs(nk + 1 + n);
            if let Some(k) = keys {
                self.b.emit(Insn::Copy {
                    src: k,
                    dest: block,
                    count: nk,
                });
            }
            self.b.emit(Insn::Sequence {
                cursor: sc,
                dest: block + nk,
            });
            self.b.emit(Insn::Copy {
                src: cols,
                dest: block + nk + 1,
                count: n,
            });
            let rec = self.b.alloc_reg();
            self.b.emit(Insn::MakeRecord {
                start: block,
                count: nk + 1 + n,
                dest: rec,
                affinities: None,
            });
            self.b.emit(Insn::SorterInsert {
                cursor: sc,
                record: rec,
            });
        } else {
            self.limited_output(p, cols, n, dest, skip);
        }
        self.b.bind(skip);
    }

    fn limited_output(&mut self, p: &Pipeline, cols: Reg, n: usize, dest: &Dest, skip: Label) {
        if let Some(o) = p.offset {
            self.b.emit(Insn::IfPos {
                reg: o,
                target: skip,
                decrement: 1,
            });
        }
        self.output(dest, cols, n);
        if let Some(l) = p.limit {
            self.b.emit(Insn::DecrJumpZero {
                reg: l,
                target: p.end,
            });
        }
    }

    /// Drains the sorter (if any) into `dest` and binds the pipeline's end.
    fn finish_pipeline(&mut self, p: &Pipeline, n: usize, dest: &Dest) {
        if let (Some(ps), Some((sc, nk))) = (&p.partial, p.sorter) {
            self.finish_partial_sort(ps, sc, p.end, |c| c.drain_sorter(p, sc, nk, n, dest));
        } else if let Some((sc, nk)) = p.sorter {
            self.drain_sorter(p, sc, nk, n, dest);
        }
        self.b.bind(p.end);
    }

    /// Sorts the sorter and sends its rows through OFFSET/LIMIT to `dest`.
    fn drain_sorter(&mut self, p: &Pipeline, sc: CursorId, nk: usize, n: usize, dest: &Dest) {
        {
            let pseudo = self.b.alloc_cursor();
            let rec = self.b.alloc_reg();
            self.b.emit(Insn::OpenPseudo {
                cursor: pseudo,
                reg: rec,
                n_columns: nk + 1 + n,
            });
            let done = self.b.label();
            self.b.emit(Insn::SorterSort {
                cursor: sc,
                target: done,
            });
            let top = self.b.here();
            self.b.emit(Insn::SorterData {
                cursor: sc,
                dest: rec,
                pseudo_cursor: pseudo,
            });
            let cols = self.b.alloc_regs(n);
            for i in 0..n {
                self.b.emit(Insn::Column {
                    cursor: pseudo,
                    column: nk + 1 + i,
                    dest: cols + i,
                    default: None,
                });
            }
            let skip = self.b.label();
            self.limited_output(p, cols, n, dest, skip);
            self.b.bind(skip);
            self.b.emit(Insn::SorterNext {
                cursor: sc,
                target: top,
            });
            self.b.bind(done);
        }
    }

    /// Delivers one row to `dest`.
    pub(crate) fn output(&mut self, dest: &Dest, cols: Reg, n: usize) {
        match dest {
            Dest::Output => {
                self.b.emit(Insn::ResultRow {
                    start: cols,
                    count: n,
                });
            }
            Dest::Set { cursor } => {
                let rec = self.b.alloc_reg();
                self.b.emit(Insn::MakeRecord {
                    start: cols,
                    count: n,
                    dest: rec,
                    affinities: None,
                });
                self.b.emit(Insn::IdxInsert {
                    cursor: *cursor,
                    key: rec,
                    append: false,
                });
            }
            Dest::Table { cursor } => {
                let rec = self.b.alloc_reg();
                let rid = self.b.alloc_reg();
                self.b.emit(Insn::MakeRecord {
                    start: cols,
                    count: n,
                    dest: rec,
                    affinities: None,
                });
                self.b.emit(Insn::NewRowid {
                    cursor: *cursor,
                    dest: rid,
                    prev_max: None,
                });
                self.b.emit(Insn::Insert {
                    cursor: *cursor,
                    record: rec,
                    rowid: rid,
                    flags: Default::default(),
                    table: None,
                });
            }
            Dest::Scalar { reg, done } => {
                self.b.emit(Insn::SCopy {
                    src: cols,
                    dest: *reg,
                });
                self.b.emit(Insn::Goto { target: *done });
            }
            Dest::Row { reg, count, done } => {
                self.copy_leading(cols, *reg, n.min(*count));
                self.b.emit(Insn::Goto { target: *done });
            }
            Dest::Yield { co, reg, count } => {
                self.copy_leading(cols, *reg, n.min(*count));
                self.b.emit(Insn::Yield {
                    reg: *co,
                    target: 0,
                });
            }
            Dest::Exists { reg, done } => {
                self.b.emit(Insn::Integer {
                    value: 1,
                    dest: *reg,
                });
                self.b.emit(Insn::Goto { target: *done });
            }
            Dest::Queue { cursor, order } => {
                let nk = order.len();
                let key = self.b.alloc_regs(nk + 1 + n);
                for (k, c) in order.iter().enumerate() {
                    self.order_key_copy(cols, *c, key + k);
                }
                self.b.emit(Insn::Sequence {
                    cursor: *cursor,
                    dest: key + nk,
                });
                self.b.emit(Insn::Copy {
                    src: cols,
                    dest: key + nk + 1,
                    count: n,
                });
                let rec = self.b.alloc_reg();
                self.b.emit(Insn::MakeRecord {
                    start: key,
                    count: nk + 1 + n,
                    dest: rec,
                    affinities: None,
                });
                self.b.emit(Insn::IdxInsert {
                    cursor: *cursor,
                    key: rec,
                    append: false,
                });
            }
            Dest::Except { cursor } => {
                self.b.emit(Insn::IdxDelete {
                    cursor: *cursor,
                    key: cols,
                    n_key: n,
                });
            }
            Dest::Intersect { probe, into } => {
                let skip = self.b.label();
                self.b.emit(Insn::NotFound {
                    cursor: *probe,
                    target: skip,
                    key: cols,
                    n_key: n,
                });
                // The row kept is the left side's (the probe's entry), as in SQLite: 1 and
                // 1.0 compare equal but are different values.
                let left = self.b.alloc_regs(n);
                for i in 0..n {
                    self.b.emit(Insn::Column {
                        cursor: *probe,
                        column: i,
                        dest: left + i,
                        default: None,
                    });
                }
                let rec = self.b.alloc_reg();
                self.b.emit(Insn::MakeRecord {
                    start: left,
                    count: n,
                    dest: rec,
                    affinities: None,
                });
                self.b.emit(Insn::IdxInsert {
                    cursor: *into,
                    key: rec,
                    append: false,
                });
                self.b.bind(skip);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // FROM
    // ---------------------------------------------------------------------------------------

    /// Materializes `sel` into a new ephemeral table; returns its cursor and columns.
    fn materialize(&mut self, sel: &ast::Select) -> Result<(CursorId, Vec<ColInfo>)> {
        // Every materialized subquery stores its rows with its columns' affinities
        // (in_affinity.rs); it matters where a column reads a co-routine's compound.
        let affinity = std::mem::take(&mut self.compound_affinity);
        let cursor = self.b.alloc_cursor();
        let once = self.b.emit(Insn::Noop);
        let open = self.b.emit(Insn::Noop);
        let depth = self.scopes.len();
        let saved = self.take_min_depth();
        let built_from = self.b.insns.len();
        let cols = self.select(sel, &Dest::Table { cursor }, 0)?;
        if affinity {
            let affs: Vec<Affinity> = cols
                .iter()
                .map(|c| c.affinity.unwrap_or(Affinity::Blob))
                .collect();
            super::in_affinity::table_record_affinities(
                &mut self.b.insns[built_from..],
                cursor,
                &affs,
            );
        }
        let correlated = self.restore_min_depth(saved) < depth;
        self.b.insns[open] = Insn::OpenEphemeral {
            cursor,
            n_columns: cols.len(),
            key_info: None,
        };
        if !correlated {
            let after = self.b.label();
            self.b.insns[once] = Insn::Once { target: after };
            self.b.bind(after);
        }
        Ok((cursor, cols))
    }

    pub(crate) fn ephemeral_source(
        name: String,
        cursor: CursorId,
        cols: &[ColInfo],
        names: &[String],
    ) -> Source {
        Source {
            name,
            table: None,
            columns: cols
                .iter()
                .enumerate()
                .map(|(i, c)| SrcColumn {
                    name: names.get(i).cloned().unwrap_or_else(|| c.name.clone()),
                    affinity: c.affinity,
                    collation: c.collation.clone(),
                    decltype: c.decltype.clone(),
                    origin: c.origin.clone(),
                    using_dup: false,
                    hidden: false,
                })
                .collect(),
            cursor,
            outer: false,
            regs: None,
            cover: None,
            indexed: None,
            db: None,
        }
    }

    fn find_cte(&self, name: &str) -> Option<CteDef> {
        let k = name.to_ascii_lowercase();
        self.ctes.iter().rev().find_map(|f| f.get(&k).cloned())
    }

    /// Opens (or materializes) one FROM item as a source.
    fn source_for_item(&mut self, item: &ast::TableOrSubquery) -> Result<Source> {
        match item {
            ast::TableOrSubquery::Table {
                name,
                alias,
                indexed,
                ..
            } => {
                let alias = alias.as_ref().map(|a| a.name.clone());
                if name.schema.is_none() {
                    let k = name.name.name.to_ascii_lowercase();
                    if let Some((_, cursor, cols, names)) = self
                        .recursive_current
                        .iter()
                        .rev()
                        .find(|r| r.0 == k)
                        .cloned()
                    {
                        return Ok(Self::ephemeral_source(
                            alias.unwrap_or_else(|| name.name.name.clone()),
                            cursor,
                            &cols,
                            &names,
                        ));
                    }
                    if let Some(def) = self.find_cte(&name.name.name) {
                        return self.cte_source(&def, alias);
                    }
                }
                if let Some(t) = self.lookup_table(name) {
                    let cursor = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenRead {
                        cursor,
                        root: Root::Page(t.root_page),
                        db: t.db,
                        n_columns: t.columns.len(),
                        key_info: t.without_rowid.then(|| t.pk_key_info()),
                    });
                    if let (Some(s), None) = (&name.schema, &alias) {
                        let shown = format!("{}.{}", s.name, name.name.name);
                        self.eqp_names.insert(cursor, shown);
                    }
                    let mut src = Source::from_table(t.clone(), alias.as_deref(), cursor);
                    src.indexed = match indexed {
                        None => None,
                        Some(ast::Indexed::NotIndexed) => Some(None),
                        Some(ast::Indexed::By(ix)) => {
                            if !self
                                .schema
                                .index(&ix.name)
                                .is_some_and(|i| i.table.eq_ignore_ascii_case(&t.name))
                            {
                                return Err(Error::sql(format!("no such index: {}", ix.name)));
                            }
                            Some(Some(ix.name.clone()))
                        }
                    };
                    if self.auth_ignores_reads_of(&t.name) {
                        // Reads answered IGNORE are NULL: an index would see the real values.
                        src.indexed = Some(None);
                    }
                    return Ok(src);
                }
                if let Some(v) = self.lookup_view(name) {
                    let saved_sql = self.sql;
                    let saved_ctes = std::mem::take(&mut self.ctes);
                    self.sql = &v.sql;
                    let outer_schema = self.schema;
                    self.schema = self.object_scope(v.db);
                    self.auth_context.push(v.name.clone());
                    let r = self.materialize(&v.select);
                    self.auth_context.pop();
                    self.schema = outer_schema;
                    self.sql = saved_sql;
                    self.ctes = saved_ctes;
                    let (cursor, cols) = r?;
                    let mut src = Self::ephemeral_source(
                        alias.unwrap_or_else(|| v.name.clone()),
                        cursor,
                        &cols,
                        &v.columns,
                    );
                    src.db = Some(v.db);
                    return Ok(src);
                }
                let key = name.name.name.to_ascii_lowercase();
                if crate::vdbe::tvf::lookup(&key).is_some() {
                    // A function named without arguments (`FROM pragma_database_list`).
                    return self.tvf_source(name, &[], alias);
                }
                Err(self.no_such_table(name))
            }
            ast::TableOrSubquery::Subquery { select, alias, .. } => {
                let (cursor, cols) = self.materialize(select)?;
                let name = alias
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| format!("(subquery-{cursor})"));
                Ok(Self::ephemeral_source(name, cursor, &cols, &[]))
            }
            ast::TableOrSubquery::Function {
                name, args, alias, ..
            } => self.tvf_source(name, args, alias.as_ref().map(|a| a.name.clone())),
            ast::TableOrSubquery::Nested { from, alias, span } => {
                // (a JOIN b) as a subquery selecting all columns.
                let sel = ast::Select {
                    with: None,
                    first: ast::SelectCore::Select(Box::new(ast::SelectClause {
                        distinct: false,
                        columns: vec![ast::ResultColumn::Star { span: *span }],
                        from: Some((**from).clone()),
                        where_: None,
                        group_by: vec![],
                        having: None,
                        windows: vec![],
                        span: *span,
                    })),
                    compounds: vec![],
                    order_by: vec![],
                    limit: None,
                    span: *span,
                };
                let (cursor, cols) = self.materialize(&sel)?;
                let name = alias
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| format!("(subquery-{cursor})"));
                Ok(Self::ephemeral_source(name, cursor, &cols, &[]))
            }
        }
    }

    fn cte_source(&mut self, def: &CteDef, alias: Option<String>) -> Result<Source> {
        let stream = std::mem::take(&mut self.stream_from);
        let names: Vec<String> = def.cte.columns.iter().map(|c| c.name.clone()).collect();
        let recursive = self.cte_is_recursive(&def.cte);
        if recursive && stream {
            return self.streamed_cte_source(def, alias);
        }
        let (cursor, cols) = if recursive {
            let (cursor, cols, _) = self.recursive_cte(def, None)?;
            (cursor, cols)
        } else {
            // The CTE's own name is not visible inside a non-recursive body.
            let k = def.cte.name.name.to_ascii_lowercase();
            if super::cte_uses::reads_itself(&def.cte.select, &k) {
                return Err(Error::sql(format!(
                    "circular reference: {}",
                    def.cte.name.name
                )));
            }
            let hidden: Vec<_> = self.ctes.iter_mut().map(|f| f.remove(&k)).collect();
            // A MATERIALIZED CTE is never a co-routine.
            // Nor is one the statement uses twice, unless NOT MATERIALIZED (cte_uses.rs).
            self.compound_affinity |= match def.cte.materialized {
                ast::Materialized::Yes => true,
                ast::Materialized::No => false,
                _ => self.multi_use_ctes.contains(&k),
            };
            let r = self.materialize(&def.cte.select);
            for (f, h) in self.ctes.iter_mut().zip(hidden) {
                if let Some(h) = h {
                    f.insert(k.clone(), h);
                }
            }
            r?
        };
        if !names.is_empty() && names.len() != cols.len() {
            return Err(Error::sql(format!(
                "table {} has {} values for {} columns",
                def.cte.name.name,
                cols.len(),
                names.len()
            )));
        }
        Ok(Self::ephemeral_source(
            alias.unwrap_or_else(|| def.cte.name.name.clone()),
            cursor,
            &cols,
            &names,
        ))
    }

    /// Builds the scope of a FROM clause: opens every source; returns the join terms.
    pub(crate) fn scope_for_from(
        &mut self,
        from: Option<&ast::FromClause>,
    ) -> Result<(Scope, FromPlan)> {
        let mut scope = Scope::default();
        let mut plan = FromPlan {
            terms: Vec::new(),
            reorder: true,
            after: vec![0],
            right: None,
            skip_matched: None,
            rights: Vec::new(),
        };
        let Some(from) = from else {
            return Ok((scope, plan));
        };
        // SQLite runs the first item as a co-routine when it is alone or followed by a LEFT
        // or CROSS JOIN, and no RIGHT or FULL JOIN follows (3.40.1: `v CROSS JOIN t RIGHT
        // JOIN u` materializes v, joins seed 2594); every other subquery item is materialized.
        let left_inner = std::mem::take(&mut self.left_join_inner);
        let made_inner = std::mem::take(&mut self.left_joins_inner);
        let has_right = from
            .joins
            .iter()
            .any(|j| matches!(j.op.kind, ast::JoinKind::Right | ast::JoinKind::Full));
        self.compound_affinity = from.joins.first().is_some_and(|j| {
            !matches!(j.op.kind, ast::JoinKind::Left | ast::JoinKind::Cross)
                || left_inner
                || has_right
        });
        let coroutine = !self.compound_affinity;
        let first = self.wrapped_source(&from.first, coroutine, !from.joins.is_empty());
        self.compound_affinity = false;
        scope.sources.push(first?);
        let mut using_pairs: Vec<super::join_using::Pair> = Vec::new();
        let mut term_src = Vec::new();
        for (k, j) in from.joins.iter().enumerate() {
            self.compound_affinity = true;
            let src = self.wrapped_source(&j.table, false, true);
            self.compound_affinity = false;
            let mut src = src?;
            let idx = scope.sources.len();
            // A LEFT JOIN whose NULL row the WHERE rejects is planned as an inner join.
            let kind = match !has_right && made_inner.get(k) == Some(&true) {
                true => ast::JoinKind::Inner,
                false => j.op.kind,
            };
            match kind {
                ast::JoinKind::Left => src.outer = true,
                ast::JoinKind::Right | ast::JoinKind::Full => {
                    if src.table.as_ref().is_some_and(|t| t.without_rowid) {
                        return Err(Error::sql(
                            "this RIGHT or FULL OUTER JOIN is not supported yet",
                        ));
                    }
                    src.outer = j.op.kind == ast::JoinKind::Full;
                    plan.reorder = false;
                    let m = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenEphemeral {
                        cursor: m,
                        n_columns: 1,
                        key_info: Some(Arc::new(KeyInfo::ascending(1))),
                    });
                    plan.right = Some((idx, m));
                    plan.rights.push((idx, m));
                }
                _ => {}
            }
            // As in SQLite, the right side of a LEFT or CROSS JOIN, and every source written
            // after it, loops inside every source written before that join.
            let mut after = plan.after.last().copied().unwrap_or(0);
            if matches!(kind, ast::JoinKind::Left | ast::JoinKind::Cross) {
                after = if idx >= 64 {
                    u64::MAX
                } else {
                    (1u64 << idx) - 1
                };
            }
            plan.after.push(after);
            let on_outer = if src.outer || plan.right.is_some_and(|r| r.0 == idx) {
                Some(idx)
            } else {
                None
            };
            // USING / NATURAL: equality terms, right-hand copies hidden.
            let mut using: Vec<String> = Vec::new();
            if j.op.natural {
                for c in &src.columns {
                    if !c.hidden
                        && scope.sources.iter().any(|s| {
                            s.columns.iter().any(|x| {
                                !x.using_dup && !x.hidden && x.name.eq_ignore_ascii_case(&c.name)
                            })
                        })
                    {
                        using.push(c.name.clone());
                    }
                }
            }
            match &j.constraint {
                Some(ast::JoinConstraint::Using(cols)) => {
                    using.extend(cols.iter().map(|c| c.name.clone()))
                }
                Some(ast::JoinConstraint::On(e)) => {
                    plan.terms.push((e.clone(), on_outer));
                    term_src.push(idx);
                }
                None => {}
            }
            let right_side = matches!(j.op.kind, ast::JoinKind::Right | ast::JoinKind::Full);
            if has_right {
                // A column missing on either side is reported before an ambiguous one.
                super::join_using::check_present(&scope, &src, &using)?;
                // In a FROM with a RIGHT/FULL JOIN: the first join with an ambiguous column
                // fails, naming its last one.
                let mut err = None;
                for name in &using {
                    if let Err(e) = super::join_using::check_unique_left(&scope, name) {
                        err = Some(e);
                    }
                }
                if let Some(e) = err {
                    return Err(e);
                }
            }
            for name in using {
                let left = scope.sources.iter().enumerate().find_map(|(si, s)| {
                    s.columns
                        .iter()
                        .position(|x| !x.using_dup && x.name.eq_ignore_ascii_case(&name))
                        .map(|ci| (si, ci))
                });
                let ri = src
                    .columns
                    .iter()
                    .position(|x| x.name.eq_ignore_ascii_case(&name));
                let (Some((li, lci)), Some(ri)) = (left, ri) else {
                    return Err(Error::sql(format!(
                        "cannot join using column {name} - column not present in both tables"
                    )));
                };
                // The left copy of a USING column of an earlier RIGHT/FULL JOIN: coalesced.
                let mut parts = vec![col_expr(&format!("\u{1}{li}"), &format!("\u{1}{lci}"))];
                for p in using_pairs
                    .iter()
                    .filter(|p| p.2 && p.0 == (scope.sources[li].cursor, lci))
                {
                    // The join term coalesces even a RIGHT JOIN's copies (what SQLite
                    // matches), though the unqualified name reads its right copy.
                    let (col, _) = super::join_using::split_copy(p.1 .1);
                    let Some(si) = scope.sources.iter().position(|s| s.cursor == p.1 .0) else {
                        continue;
                    };
                    parts.push(col_expr(&format!("\u{1}{si}"), &format!("\u{1}{col}")));
                }
                let first = parts.remove(0);
                let term = Expr {
                    kind: ExprKind::Binary {
                        left: Box::new(super::join_using::coalesce_of(first, parts)),
                        op: ast::BinaryOp::Eq,
                        right: Box::new(col_expr(&format!("\u{1}{idx}"), &format!("\u{1}{ri}"))),
                    },
                    span: ast::Span::default(),
                };
                plan.terms.push((term, on_outer));
                term_src.push(idx);
                src.columns[ri].using_dup = true;
                using_pairs.push((
                    (scope.sources[li].cursor, lci),
                    (src.cursor, super::join_using::mark_copy(ri, j.op.kind)),
                    right_side,
                    idx,
                ));
            }
            scope.sources.push(src);
        }
        if let Some((r, _)) = plan.right {
            self.note_using_coalesce(&using_pairs, r, &scope);
            // The ON terms of the inner joins before it filter at their own join, before the
            // right-hand table records a match (WHERE terms come after).
            for (t, idx) in plan.terms.iter_mut().zip(term_src) {
                t.1 = t.1.or(Some(idx));
            }
        }
        Ok((scope, plan))
    }

    // ---------------------------------------------------------------------------------------
    // Loops
    // ---------------------------------------------------------------------------------------

    fn term_info(&self, e: &Expr, on_outer: Option<usize>) -> crate::planner::plan::TermInfo {
        use crate::planner::plan::{EqSide, TermInfo};
        let depth = self.scopes.len() - 1;
        let mask_of = |x: &Expr| -> u64 {
            let mut m = 0u64;
            walk(x, &mut |y| {
                match &y.kind {
                    ExprKind::Column { .. } => match self.resolve_column(y) {
                        Ok(Some(cr)) if cr.depth == depth => {
                            m |= 1u64 << cr.src.min(63);
                            for c in self.using_copies(y, cr) {
                                m |= 1u64 << c.src.min(63);
                            }
                        }
                        Ok(_) => {}
                        Err(_) => m = u64::MAX,
                    },
                    // A subquery reads what its correlation names (`outer_refs.rs`).
                    ExprKind::Exists(s)
                    | ExprKind::Subquery(s)
                    | ExprKind::InSelect { select: s, .. } => m |= self.subquery_sources(s),
                    // `x IN tvf(args)`: the arguments are read like any expression.
                    ExprKind::InTable { args: Some(_), .. } => m = u64::MAX,
                    _ => {}
                }
                true
            });
            m
        };
        use crate::planner::plan::TermKind;
        let kind = match &e.kind {
            ExprKind::Binary {
                op: ast::BinaryOp::Eq | ast::BinaryOp::Is,
                ..
            } => TermKind::Eq,
            ExprKind::Binary {
                op: ast::BinaryOp::Lt | ast::BinaryOp::Le | ast::BinaryOp::Gt | ast::BinaryOp::Ge,
                ..
            }
            | ExprKind::Between { not: false, .. } => TermKind::Range,
            ExprKind::InList {
                not: false, list, ..
            } => TermKind::In(list.len()),
            ExprKind::Binary {
                op: ast::BinaryOp::Or,
                ..
            } => {
                // `a = 1 OR a = 2 ...` is as selective as an IN list.
                let mut leaves = Vec::new();
                fn or_leaves<'x>(e: &'x Expr, out: &mut Vec<&'x Expr>) {
                    if let ExprKind::Binary {
                        left,
                        op: ast::BinaryOp::Or,
                        right,
                    } = &e.kind
                    {
                        or_leaves(left, out);
                        or_leaves(right, out);
                    } else {
                        out.push(e);
                    }
                }
                or_leaves(e, &mut leaves);
                if leaves.iter().all(|l| {
                    matches!(
                        l.kind,
                        ExprKind::Binary {
                            op: ast::BinaryOp::Eq,
                            ..
                        }
                    )
                }) {
                    TermKind::In(leaves.len())
                } else {
                    TermKind::Other
                }
            }
            _ => TermKind::Other,
        };
        let mut info = TermInfo {
            mask: mask_of(e),
            eqs: vec![],
            on_outer,
            kind,
            in_col: None,
            ranges: vec![],
            or_leaves: vec![],
        };
        info.ranges = self.range_sides(e, &mask_of);
        if let Some(side) = self.is_null_side(e, on_outer) {
            info.eqs.push(side);
        }
        if let ExprKind::Binary {
            op: ast::BinaryOp::Or,
            ..
        } = &e.kind
        {
            info.or_leaves = multi_or::or_leaves(e)
                .into_iter()
                .map(|l| l.into_iter().map(|x| self.term_info(x, None)).collect())
                .collect();
        }
        if let ExprKind::InList {
            expr: lhs,
            not: false,
            list,
        } = &e.kind
        {
            if matches!(lhs.kind, ExprKind::Column { .. }) && !list.is_empty() {
                if let Ok(Some(cr)) = self.resolve_column(lhs) {
                    if cr.depth == depth {
                        let m = list.iter().fold(0u64, |m, x| m | mask_of(x));
                        info.in_col = Some((cr.src, cr.col, m));
                    }
                }
            }
        }
        if info.kind != TermKind::Other && !info.or_leaves.is_empty() {
            // `a = x OR a = y`: looked up as `a IN (x, y)` (see or_in.rs).
            info.in_col = self.or_as_in(e, &mask_of).map(|(s, c, m, _)| (s, c, m));
        }
        if let ExprKind::Binary {
            left,
            op: ast::BinaryOp::Eq | ast::BinaryOp::Is,
            right,
        } = &e.kind
        {
            for (side, other, other_is_right) in [(left, right, true), (right, left, false)] {
                // `+col` disables index use, as in SQLite.
                let s: &Expr = side;
                if !matches!(s.kind, ExprKind::Column { .. }) || std::ptr::eq(s, &**other) {
                    continue;
                }
                if let Ok(Some(cr)) = self.resolve_column(s) {
                    if cr.depth == depth && !self.is_on_null_row(e, cr.src, on_outer) {
                        info.eqs.push(EqSide {
                            src: cr.src,
                            col: cr.col,
                            other_is_right,
                            other_mask: mask_of(other),
                            other_affinity: self.expr_affinity(other),
                            collation: self.binary_collation(left, right),
                            any_collation: false,
                        });
                    }
                }
            }
        }
        info
    }

    /// RIGHT/FULL JOIN: starts the pass over the right-hand rows that matched nothing, with
    /// every other source on a NULL row and the WHERE terms applied. Returns (next, done, top)
    /// for [`Self::right_pass_close`], or None when the FROM has no such join.
    pub(crate) fn right_pass_open(
        &mut self,
        plan: &FromPlan,
        k: usize,
        where_: Option<&Expr>,
    ) -> Result<Option<super::right_join::RightPass>> {
        let Some(&(r, m)) = plan.rights.get(k) else {
            return Ok(None);
        };
        let depth = self.scopes.len() - 1;
        if k + 1 < plan.rights.len() || r + 1 < self.scopes[depth].sources.len() {
            return self.right_pass_general(plan, k, where_).map(Some);
        }
        let name = self.scopes[depth].sources[r].name.clone();
        let table = self.scopes[depth].sources[r]
            .table
            .as_ref()
            .map_or(name.clone(), |t| t.name.clone());
        let id = self.plan(0, format!("RIGHT-JOIN {table}"));
        self.plan(id, format!("SCAN {name}"));
        let (cursor, others) = {
            let scope = &mut self.scopes[depth];
            scope.sources[r].cover = None;
            let others: Vec<(CursorId, Option<CursorId>)> = scope
                .sources
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != r)
                .map(|(_, s)| (s.cursor, s.cover.as_ref().map(|c| c.0)))
                .collect();
            (scope.sources[r].cursor, others)
        };
        let next = self.b.label();
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor,
            target: done,
        });
        let top = self.b.here();
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::Rowid { cursor, dest: rid });
        self.b.emit(Insn::Found {
            cursor: m,
            target: next,
            key: rid,
            n_key: 1,
        });
        for (c, ic) in others {
            self.b.emit(Insn::NullRow { cursor: c });
            if let Some(ic) = ic {
                self.b.emit(Insn::NullRow { cursor: ic });
            }
        }
        if let Some(w) = where_ {
            self.jump_if_false(w, next, true)?;
        }
        Ok(Some(super::right_join::RightPass::Last(next, done, top)))
    }

    pub(crate) fn right_pass_close(&mut self, plan: &FromPlan, p: super::right_join::RightPass) {
        let (next, done, top) = match p {
            super::right_join::RightPass::Last(next, done, top) => (next, done, top),
            general => return self.right_pass_general_close(general),
        };
        let cursor = plan
            .right
            .and_then(|(r, _)| self.scopes.last().map(|s| s.sources[r].cursor))
            .unwrap_or(0);
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor,
            target: top,
        });
        self.b.bind(done);
    }

    /// Builds an ephemeral index of the distinct non-NULL values of an IN list (with `aff`
    /// applied); returns its cursor.
    fn in_value_set(&mut self, term: &Expr, aff: Option<Affinity>) -> Result<CursorId> {
        let list = self.in_items(term);
        if list.is_empty() {
            return Err(Error::sql("IN lookup on a non-IN term"));
        }
        let set = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: set,
            n_columns: 1,
            key_info: Some(Arc::new(KeyInfo::ascending(1))),
        });
        let r = self.b.alloc_reg();
        let rec = self.b.alloc_reg();
        for item in list {
            let skip = self.b.label();
            self.expr(item, r)?;
            // `x IN (items)` compares as `x = +item`: only the column's affinity applies.
            let a = crate::value::compare::comparison_affinity(aff, None);
            if let Some(a) = a {
                self.b.emit(Insn::Affinity {
                    start: r,
                    affinities: vec![a],
                });
            }
            self.b.emit(Insn::IsNull {
                reg: r,
                target: skip,
            });
            self.b.emit(Insn::Found {
                cursor: set,
                target: skip,
                key: r,
                n_key: 1,
            });
            self.b.emit(Insn::MakeRecord {
                start: r,
                count: 1,
                dest: rec,
                affinities: None,
            });
            self.b.emit(Insn::IdxInsert {
                cursor: set,
                key: rec,
                append: false,
            });
            self.b.bind(skip);
        }
        Ok(set)
    }

    /// Makes source `src` of the innermost scope read its columns from index cursor `ic`.
    fn set_cover(&mut self, src: usize, ic: CursorId, index: &crate::schema::Index) {
        if let Some(scope) = self.scopes.last_mut() {
            let s = &mut scope.sources[src];
            let pk: Vec<usize> = s
                .table
                .as_ref()
                .filter(|t| t.without_rowid)
                .map(|t| t.primary_key.iter().map(|p| p.0).collect())
                .unwrap_or_default();
            let map = (0..s.columns.len())
                .map(|i| {
                    index
                        .columns
                        .iter()
                        .position(|c| c.expr == crate::schema::IndexedExpr::Column(i))
                        .or_else(|| {
                            pk.iter()
                                .position(|&p| p == i)
                                .map(|p| index.columns.len() + p)
                        })
                })
                .collect();
            s.cover = Some((ic, map));
        }
    }

    /// The columns of each source of the innermost scope that `exprs` read; `None` when a
    /// subquery makes that unknowable.
    pub(crate) fn used_columns<'e>(
        &self,
        exprs: impl IntoIterator<Item = &'e Expr>,
    ) -> Option<Vec<Vec<ColSel>>> {
        let depth = self.scopes.len() - 1;
        let n = self.scopes.last().map_or(0, |s| s.sources.len());
        let mut used: Vec<Vec<ColSel>> = vec![Vec::new(); n];
        for e in exprs {
            let mut ok = true;
            self.outer_column_refs(e, &mut |x| {
                if let ExprKind::Column { .. } = x.kind {
                    match self.resolve_column(x) {
                        Ok(Some(cr)) if cr.depth == depth => {
                            if !used[cr.src].contains(&cr.col) {
                                used[cr.src].push(cr.col);
                            }
                        }
                        Ok(_) => {}
                        Err(_) => ok = false,
                    }
                }
            });
            if !ok {
                // Names inside subqueries may belong to the subquery's own tables; only a
                // top-level name that does not resolve makes the set unknowable.
                let mut top_ok = true;
                walk(e, &mut |x| {
                    if let ExprKind::Column { .. } = x.kind {
                        if self.resolve_column(x).is_err() {
                            top_ok = false;
                        }
                    }
                    true
                });
                if !top_ok {
                    return None;
                }
            }
        }
        let scope = self.scopes.last();
        for (k, u) in used.iter_mut().enumerate() {
            if let Some(t) = scope.and_then(|s| s.sources[k].table.as_ref()) {
                super::generated::expand_used(t, u);
            }
        }
        Some(used)
    }

    fn source_infos(&self) -> Vec<crate::planner::plan::SourceInfo> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        scope
            .sources
            .iter()
            .map(|s| crate::planner::plan::SourceInfo {
                name: self.eqp_names.get(&s.cursor).unwrap_or(&s.name).clone(),
                col_names: s.columns.iter().map(|c| c.name.clone()).collect(),
                col_affinity: s.columns.iter().map(|c| c.affinity).collect(),
                rowid_alias: s.table.as_ref().and_then(|t| t.rowid_alias),
                has_rowid: s.table.as_ref().is_some_and(|t| !t.without_rowid),
                indexes: s
                    .table
                    .as_ref()
                    .map(|t| self.indexes_of(t))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|ix| match &s.indexed {
                        None => true,
                        Some(None) => false,
                        Some(Some(n)) => ix.name.eq_ignore_ascii_case(n),
                    })
                    .chain(
                        s.table
                            .as_ref()
                            .filter(|_| !matches!(s.indexed, Some(Some(_))))
                            .and_then(|t| crate::planner::pk::pk_index(t)),
                    )
                    .collect(),
                is_table: s.table.as_ref().is_some_and(|t| !t.without_rowid),
                pk: s
                    .table
                    .as_ref()
                    .filter(|t| t.without_rowid)
                    .map(|t| t.primary_key.iter().map(|p| p.0).collect())
                    .unwrap_or_default(),
                used: None,
                auto_index: self.automatic_index,
                col_size: s
                    .table
                    .as_ref()
                    .map(|t| crate::planner::width::column_sizes(t))
                    .unwrap_or_default(),
                tvf: self.tvf_shape(s.cursor),
                stats: self.source_stats(s),
                generated: s
                    .table
                    .as_ref()
                    .is_some_and(|t| t.columns.iter().any(|c| c.generated.is_some())),
                rows: s.table.as_ref().and_then(|t| {
                    let sc = self.schema.db_schema(t.db).unwrap_or(self.schema);
                    sc.stat1.table_rows(&t.name)
                }),
            })
            .collect()
    }

    /// Emits the heads of the nested loops over the innermost scope, with every term placed
    /// at the first loop where it can be evaluated. Returns the levels for [`close_loops`].
    pub(crate) fn open_loops(
        &mut self,
        plan: &FromPlan,
        where_: Option<&Expr>,
        used: Option<Vec<Vec<ColSel>>>,
    ) -> Result<Vec<Level>> {
        Ok(self.open_loops_ordered(plan, where_, used, None)?.0)
    }

    /// Plans the loops over the innermost scope without emitting anything; with `want`, a
    /// single loop is steered to deliver that order (see [`crate::planner::order`]).
    fn loop_plan(
        &self,
        plan: &FromPlan,
        where_: Option<&Expr>,
        used: Option<Vec<Vec<ColSel>>>,
        want: Option<&crate::planner::order::OrderWant>,
    ) -> LoopPlan {
        // WHERE terms come before ON terms, as SQLite appends ON to WHERE: terms placed at
        // the same loop run in this order, which shows when one of them raises an error.
        let mut terms: Vec<(Expr, Option<usize>)> = Vec::new();
        if let Some(w) = where_ {
            let mut v = Vec::new();
            split_and(w, &mut v);
            terms.extend(v.into_iter().map(|e| (e.clone(), None)));
        }
        // ON clauses split on AND too, so each conjunct can drive a lookup.
        for (e, o) in &plan.terms {
            let mut v = Vec::new();
            split_and(e, &mut v);
            terms.extend(v.into_iter().map(|x| (x.clone(), *o)));
        }
        let mut infos: Vec<_> = terms.iter().map(|(e, o)| self.term_info(e, *o)).collect();
        // sqlite3 bounds the right-hand table of a LEFT JOIN by its ON terms only: a WHERE
        // term (`'5x' BETWEEN t0.c3 AND t1.c2`, which keeps the join outer) is a filter
        // (select seed 52572, where the range read changed the order total() added in).
        let outer: Vec<bool> = self
            .scopes
            .last()
            .map_or_else(Vec::new, |s| s.sources.iter().map(|x| x.outer).collect());
        let is_outer = |src: usize| outer.get(src).copied().unwrap_or(false);
        for ((_, o), info) in terms.iter().zip(infos.iter_mut()) {
            if o.is_none() {
                info.ranges.retain(|r| !is_outer(r.src));
            }
        }
        if let Some(r) = plan
            .rights
            .iter()
            .map(|r| r.0)
            .chain(plan.right.map(|r| r.0))
            .max()
        {
            for ((_, o), info) in terms.iter().zip(infos.iter_mut()) {
                if o.is_none() {
                    super::right_join::where_access_after_right(info, r);
                }
            }
        }
        let mut src_infos = self.source_infos();
        if let Some(u) = used {
            for (i, cols) in u.into_iter().enumerate() {
                if let Some(si) = src_infos.get_mut(i) {
                    si.used = Some(cols);
                }
            }
        }
        let mut plans =
            crate::planner::plan::plan_loops(&infos, &src_infos, plan.reorder, &plan.after);
        let reorder = plan.reorder.then_some(&plan.after[..]);
        // A RIGHT/FULL JOIN's second pass emits its rows after the loops: no loop order holds.
        let second_pass = plan.right.is_some() || !plan.rights.is_empty();
        let ordered = want
            .filter(|_| !second_pass)
            .and_then(|w| crate::planner::order::apply(&mut plans, &src_infos, w, reorder));
        LoopPlan {
            terms,
            infos,
            src_infos,
            plans,
            ordered,
        }
    }

    /// Like [`Self::open_loops`]; also returns whether the loops deliver rows in `want`'s
    /// order (the caller then needs no sort).
    pub(crate) fn open_loops_ordered(
        &mut self,
        plan: &FromPlan,
        where_: Option<&Expr>,
        used: Option<Vec<Vec<ColSel>>>,
        want: Option<&crate::planner::order::OrderWant>,
    ) -> Result<(Vec<Level>, bool)> {
        let LoopPlan {
            terms,
            infos,
            src_infos,
            plans,
            ordered,
        } = self.loop_plan(plan, where_, used, want);
        let ordered = ordered.is_some();
        if src_infos.is_empty() && !self.constant_distinct {
            // A SELECT without FROM reads one constant row (no row in the plan of a
            // `SELECT DISTINCT` without FROM, as sqlite3 shows).
            self.plan(0, "SCAN CONSTANT ROW".to_owned());
        }
        let streamable: Vec<usize> = plans
            .iter()
            .take(1)
            .filter(|lp| matches!(lp.access, crate::planner::plan::Access::Scan))
            .map(|lp| lp.src)
            .collect();
        self.settle_coroutines(&streamable);
        for lp in &plans {
            let note = {
                let s = &self.scopes.last().map(|s| s.sources[lp.src].clone());
                match s {
                    Some(s)
                        if s.table.is_some()
                            && !s.name.eq_ignore_ascii_case(
                                &s.table.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                            ) =>
                    {
                        String::new()
                    }
                    _ => String::new(),
                }
            };
            let note = self
                .tvf_plan_note(lp.src, placed_before(&plans, lp.src), &terms)
                .unwrap_or(note);
            let outer = self
                .scopes
                .last()
                .is_some_and(|s| s.sources.get(lp.src).is_some_and(|x| x.outer));
            let suffix = if outer { " LEFT-JOIN" } else { "" };
            if matches!(lp.access, crate::planner::plan::Access::MultiOr { .. }) {
                self.plan_multi_or(lp, &src_infos[lp.src], &note, suffix);
                continue;
            }
            let d = crate::planner::plan::describe(lp, &src_infos[lp.src], &note);
            self.plan(0, d + suffix);
        }
        // Position of each source in the loop order.
        let mut pos = vec![0usize; src_infos.len()];
        for (i, lp) in plans.iter().enumerate() {
            pos[lp.src] = i;
        }
        let n = plans.len();
        let level_of = |mask: u64| -> usize {
            if mask == u64::MAX {
                return n.saturating_sub(1);
            }
            (0..src_infos.len().min(64))
                .filter(|s| mask & (1u64 << s) != 0)
                .map(|s| pos[s])
                .max()
                .unwrap_or(0)
        };
        let mut levels = Vec::new();
        if n == 0 {
            // No FROM: one pass; terms jump past it.
            let brk = self.b.label();
            for (e, _) in &terms {
                self.jump_if_false(e, brk, true)?;
            }
            levels.push(Level {
                src: usize::MAX,
                access: crate::planner::plan::Access::Scan,
                index_cursor: None,
                outer: false,
                match_reg: 0,
                null_mode: 0,
                top: brk,
                next: brk,
                tail: brk,
                brk,
                body: brk,
                in_set: None,
            });
            return Ok((levels, ordered));
        }
        // WHERE terms that read no table run once, before the loops (`const_terms.rs`).
        let outer_brk = self.b.label();
        let mut before = vec![false; terms.len()];
        if plan.right.is_none() && plan.rights.is_empty() {
            for (ti, (e, o)) in terms.iter().enumerate() {
                if o.is_none() && infos[ti].mask == 0 && super::const_terms::runs_before_loops(e) {
                    self.jump_if_false(e, outer_brk, true)?;
                    before[ti] = true;
                }
            }
        }
        let mut empty_exit = empty_scan::EmptyScanExit::default();
        for (li, lp) in plans.iter().enumerate() {
            let src = self
                .scopes
                .last()
                .map(|s| s.sources[lp.src].clone())
                .unwrap_or_else(unreachable_source);
            let lv = Level {
                src: lp.src,
                access: lp.access.clone(),
                index_cursor: None,
                outer: src.outer,
                match_reg: if src.outer { self.b.alloc_reg() } else { 0 },
                null_mode: if src.outer { self.b.alloc_reg() } else { 0 },
                top: self.b.label(),
                next: self.b.label(),
                tail: self.b.label(),
                brk: if li == 0 { outer_brk } else { self.b.label() },
                body: self.b.label(),
                in_set: None,
            };
            let mut lv = lv;
            let right_side = plan
                .rights
                .iter()
                .chain(&plan.right)
                .chain(&plan.skip_matched)
                .any(|&(r, _)| r == lp.src);
            let refilled = self.tvf_fills.iter().any(|f| f.cursor == src.cursor);
            let halt = empty_exit.next_loop(lv.tail, lv.outer || right_side);
            let empty_scan = if refilled { lv.tail } else { halt };
            if lv.outer {
                self.b.emit(Insn::Integer {
                    value: 0,
                    dest: lv.match_reg,
                });
                self.b.emit(Insn::Integer {
                    value: 0,
                    dest: lv.null_mode,
                });
            }
            self.tvf_fill(lp.src, placed_before(&plans, lp.src), &terms)?;
            match &lp.access {
                crate::planner::plan::Access::Scan => {
                    if let Some(co) = self.coroutine_of(src.cursor) {
                        self.b.bind(lv.top);
                        self.coroutine_loop_head(co, lv.tail);
                    } else {
                        self.b.emit(Insn::Rewind {
                            cursor: src.cursor,
                            target: empty_scan,
                        });
                        self.b.bind(lv.top);
                    }
                }
                crate::planner::plan::Access::ScanDesc => {
                    self.b.emit(Insn::Last {
                        cursor: src.cursor,
                        target: empty_scan,
                    });
                    self.b.bind(lv.top);
                }
                crate::planner::plan::Access::RowidEq {
                    term,
                    other_is_right,
                } => {
                    let other = other_side(&terms[*term].0, *other_is_right);
                    let r = self.expr_reg(other)?;
                    self.b.emit(Insn::Affinity {
                        start: r,
                        affinities: vec![Affinity::Numeric],
                    });
                    self.b.emit(Insn::SeekRowid {
                        cursor: src.cursor,
                        target: lv.tail,
                        rowid: r,
                    });
                    self.b.bind(lv.top);
                }
                crate::planner::plan::Access::AutoIndex {
                    column,
                    term,
                    other_is_right,
                } => {
                    let used = src_infos[lp.src].used.clone();
                    self.open_auto_index(
                        &src,
                        &mut lv,
                        lp.src,
                        &terms,
                        (*column, *term, *other_is_right),
                        used.as_deref(),
                    )?;
                }
                crate::planner::plan::Access::RowidIn { term } => {
                    let set = self.in_value_set(&terms[*term].0, Some(Affinity::Numeric))?;
                    self.b.emit(Insn::Rewind {
                        cursor: set,
                        target: lv.tail,
                    });
                    self.b.bind(lv.top);
                    let r = self.b.alloc_reg();
                    self.b.emit(Insn::Column {
                        cursor: set,
                        column: 0,
                        dest: r,
                        default: None,
                    });
                    self.b.emit(Insn::SeekRowid {
                        cursor: src.cursor,
                        target: lv.next,
                        rowid: r,
                    });
                    lv.in_set = Some((set, 0, lv.next));
                }
                crate::planner::plan::Access::IndexIn {
                    index,
                    term,
                    covering,
                } => {
                    let aff = match index.columns.first().map(|c| &c.expr) {
                        Some(crate::schema::IndexedExpr::Column(ci)) => src.columns[*ci].affinity,
                        _ => None,
                    };
                    let set = self.in_value_set(&terms[*term].0, aff)?;
                    let ic = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenRead {
                        cursor: ic,
                        root: Root::Page(index.root_page),
                        db: index.db,
                        n_columns: index.columns.len() + 1,
                        key_info: Some(index.key_info()),
                    });
                    let in_next = self.b.label();
                    self.b.emit(Insn::Rewind {
                        cursor: set,
                        target: lv.tail,
                    });
                    let outer_top = self.b.here();
                    let key = self.b.alloc_reg();
                    self.b.emit(Insn::Column {
                        cursor: set,
                        column: 0,
                        dest: key,
                        default: None,
                    });
                    self.b.emit(Insn::SeekGE {
                        cursor: ic,
                        target: in_next,
                        key,
                        n_key: 1,
                    });
                    self.b.bind(lv.top);
                    self.b.emit(Insn::IdxGT {
                        cursor: ic,
                        target: in_next,
                        key,
                        n_key: 1,
                    });
                    if *covering {
                        self.set_cover(lp.src, ic, index);
                    } else {
                        self.seek_table_row(&src, ic, index, lv.next);
                    }
                    lv.index_cursor = Some(ic);
                    lv.in_set = Some((set, outer_top, in_next));
                }
                crate::planner::plan::Access::IndexScan { index } => {
                    let ic = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenRead {
                        cursor: ic,
                        root: Root::Page(index.root_page),
                        db: index.db,
                        n_columns: index.columns.len() + 1,
                        key_info: Some(index.key_info()),
                    });
                    self.b.emit(Insn::Rewind {
                        cursor: ic,
                        target: lv.tail,
                    });
                    self.b.bind(lv.top);
                    self.set_cover(lp.src, ic, index);
                    lv.index_cursor = Some(ic);
                }
                crate::planner::plan::Access::IndexOrder {
                    index,
                    covering,
                    desc,
                } => {
                    let ic = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenRead {
                        cursor: ic,
                        root: Root::Page(index.root_page),
                        db: index.db,
                        n_columns: index.columns.len() + 1,
                        key_info: Some(index.key_info()),
                    });
                    let target = lv.tail;
                    self.b.emit(if *desc {
                        Insn::Last { cursor: ic, target }
                    } else {
                        Insn::Rewind { cursor: ic, target }
                    });
                    self.b.bind(lv.top);
                    if *covering {
                        self.set_cover(lp.src, ic, index);
                    } else {
                        self.seek_table_row(&src, ic, index, lv.next);
                    }
                    lv.index_cursor = Some(ic);
                }
                crate::planner::plan::Access::IndexEq {
                    index,
                    terms: used,
                    range,
                    covering,
                    desc,
                } => {
                    self.open_index_seek(
                        &src,
                        &mut lv,
                        &terms,
                        index,
                        used,
                        range.as_ref(),
                        *covering,
                        *desc,
                    )?;
                }
                crate::planner::plan::Access::RowidRange { range, desc } => {
                    self.open_rowid_range(&src, &lv, &terms, range, *desc)?;
                }
                crate::planner::plan::Access::MultiOr { term, branches } => {
                    let ret = self.open_multi_or(&src, &mut lv, &terms, *term, branches)?;
                    lv.in_set = Some((0, ret, lv.next));
                }
            }
            if let Some((r, m)) = plan.skip_matched.filter(|(r, _)| *r == lv.src) {
                let rid = self.b.alloc_reg();
                self.right_rowid(r, rid);
                self.b.emit(Insn::Found {
                    cursor: m,
                    target: lv.next,
                    key: rid,
                    n_key: 1,
                });
            }
            // ON terms of this outer join, then the match flag.
            for (e, o) in terms.iter() {
                if *o == Some(lv.src) {
                    self.place_term(e, lv.next)?;
                }
            }
            if lv.outer {
                self.b.emit(Insn::Integer {
                    value: 1,
                    dest: lv.match_reg,
                });
            }
            for &(r, m) in &plan.rights {
                if r == lv.src {
                    let rid = self.b.alloc_reg();
                    let rec = self.b.alloc_reg();
                    self.right_rowid(r, rid);
                    self.b.emit(Insn::MakeRecord {
                        start: rid,
                        count: 1,
                        dest: rec,
                        affinities: None,
                    });
                    self.b.emit(Insn::IdxInsert {
                        cursor: m,
                        key: rec,
                        append: false,
                    });
                }
            }
            self.b.bind(lv.body);
            // A rowid lookup guarantees its own equality (NULL and non-integers find nothing).
            let consumed = match &lp.access {
                crate::planner::plan::Access::RowidEq { term, .. } if !lv.outer => Some(*term),
                _ => None,
            };
            for (ti, (e, o)) in terms.iter().enumerate() {
                if o.is_some() || consumed == Some(ti) || before[ti] {
                    continue;
                }
                // With a RIGHT/FULL JOIN, WHERE filters the joined rows: no term may drop a
                // row before the right-hand table has recorded its match.
                let right_min = plan
                    .right
                    .map_or(0, |(r, _)| pos.get(r).copied().unwrap_or(0));
                if level_of(infos[ti].mask).max(right_min) == li {
                    self.place_term(e, lv.next)?;
                }
            }
            levels.push(lv);
        }
        Ok((levels, ordered))
    }

    pub(crate) fn close_loops(&mut self, levels: Vec<Level>) {
        for lv in levels.into_iter().rev() {
            if lv.src == usize::MAX {
                self.b.bind(lv.brk);
                continue;
            }
            let cursor = self
                .scopes
                .last()
                .map(|s| s.sources[lv.src].cursor)
                .unwrap_or(0);
            self.b.bind(lv.next);
            if lv.outer {
                self.b.emit(Insn::IfPos {
                    reg: lv.null_mode,
                    target: lv.brk,
                    decrement: 0,
                });
            }
            match lv.access {
                crate::planner::plan::Access::Scan => {
                    self.b.emit(match self.coroutine_of(cursor) {
                        Some(_) => Insn::Goto { target: lv.top },
                        None => Insn::Next {
                            cursor,
                            target: lv.top,
                        },
                    });
                }
                crate::planner::plan::Access::ScanDesc => {
                    self.b.emit(Insn::Prev {
                        cursor,
                        target: lv.top,
                    });
                }
                crate::planner::plan::Access::MultiOr { .. } => {
                    if let Some((_, ret, _)) = lv.in_set {
                        self.b.emit(Insn::Return { reg: ret });
                    }
                }
                crate::planner::plan::Access::RowidRange { desc, .. } => {
                    let target = lv.top;
                    self.b.emit(if desc {
                        Insn::Prev { cursor, target }
                    } else {
                        Insn::Next { cursor, target }
                    });
                }
                crate::planner::plan::Access::RowidEq { .. } => {}
                crate::planner::plan::Access::RowidIn { .. } => {
                    if let Some((set, _, _)) = lv.in_set {
                        self.b.emit(Insn::Next {
                            cursor: set,
                            target: lv.top,
                        });
                    }
                }
                crate::planner::plan::Access::IndexIn { .. } => {
                    if let (Some(ic), Some((set, outer_top, in_next))) =
                        (lv.index_cursor, lv.in_set)
                    {
                        self.b.emit(Insn::Next {
                            cursor: ic,
                            target: lv.top,
                        });
                        self.b.bind(in_next);
                        self.b.emit(Insn::Next {
                            cursor: set,
                            target: outer_top,
                        });
                    }
                }
                crate::planner::plan::Access::IndexOrder { desc, .. }
                | crate::planner::plan::Access::IndexEq { desc, .. } => {
                    if let Some(ic) = lv.index_cursor {
                        let target = lv.top;
                        self.b.emit(if desc {
                            Insn::Prev { cursor: ic, target }
                        } else {
                            Insn::Next { cursor: ic, target }
                        });
                    }
                }
                crate::planner::plan::Access::AutoIndex { .. }
                | crate::planner::plan::Access::IndexScan { .. } => {
                    if let Some(ic) = lv.index_cursor {
                        self.b.emit(Insn::Next {
                            cursor: ic,
                            target: lv.top,
                        });
                    }
                }
            }
            self.b.bind(lv.tail);
            if lv.outer {
                self.b.emit(Insn::IfPos {
                    reg: lv.match_reg,
                    target: lv.brk,
                    decrement: 0,
                });
                self.b.emit(Insn::Integer {
                    value: 1,
                    dest: lv.null_mode,
                });
                // The NULL row counts as the match: an empty scan inside it comes back
                // here (`empty_scan.rs`) and must then leave.
                self.b.emit(Insn::Integer {
                    value: 1,
                    dest: lv.match_reg,
                });
                self.b.emit(Insn::NullRow { cursor });
                if let Some(ic) = lv.index_cursor {
                    self.b.emit(Insn::NullRow { cursor: ic });
                }
                self.b.emit(Insn::Goto { target: lv.body });
            }
            self.b.bind(lv.brk);
        }
    }

    // ---------------------------------------------------------------------------------------
    // SELECT core
    // ---------------------------------------------------------------------------------------

    /// Expands `*` and `t.*`; returns (expression, info) per result column.
    pub(crate) fn result_columns(
        &mut self,
        cols: &[ast::ResultColumn],
        has_from: bool,
    ) -> Result<Vec<(Expr, ColInfo, bool)>> {
        let mut out = Vec::new();
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for rc in cols {
            match rc {
                ast::ResultColumn::Expr { expr, alias, .. } => {
                    let info = self.col_info(expr, alias.as_ref().map(|a| a.name.as_str()));
                    out.push((expr.clone(), info, alias.is_some()));
                }
                ast::ResultColumn::Star { .. } => {
                    if !has_from {
                        return Err(Error::sql("no tables specified"));
                    }
                    for (si, s) in scope.sources.iter().enumerate() {
                        for (ci, c) in s.columns.iter().enumerate() {
                            if c.using_dup || c.hidden {
                                continue;
                            }
                            let e = match self.using_coalesce.contains_key(&(s.cursor, ci)) {
                                // With a RIGHT/FULL JOIN, `*` names a USING column unqualified.
                                true => super::join_using::col_expr_unqualified(&c.name),
                                false => col_expr(&format!("\u{1}{si}"), &format!("\u{1}{ci}")),
                            };
                            let info = self.star_info(s, c);
                            out.push((e, info, false));
                        }
                    }
                }
                ast::ResultColumn::TableStar { table, .. } => {
                    let Some(si) = scope
                        .sources
                        .iter()
                        .position(|s| s.name.eq_ignore_ascii_case(&table.name))
                    else {
                        return Err(Error::sql(format!("no such table: {}", table.name)));
                    };
                    let s = &scope.sources[si];
                    for (ci, c) in s.columns.iter().enumerate().filter(|(_, c)| !c.hidden) {
                        let e = col_expr(&format!("\u{1}{si}"), &format!("\u{1}{ci}"));
                        let info = self.star_info(s, c);
                        out.push((e, info, false));
                    }
                }
            }
        }
        Ok(out)
    }

    fn star_info(&self, _s: &Source, c: &SrcColumn) -> ColInfo {
        ColInfo {
            name: c.name.clone(),
            decltype: c.decltype.clone(),
            origin: c.origin.clone(),
            affinity: c.affinity,
            collation: c.collation.clone(),
        }
    }

    /// Name, declared type and origin of a result column (lang_select.html; sqlite3's naming).
    pub(crate) fn col_info(&self, e: &Expr, alias: Option<&str>) -> ColInfo {
        let mut info = ColInfo {
            name: alias
                .map(str::to_string)
                .unwrap_or_else(|| e.span.text(self.sql).to_string()),
            decltype: None,
            origin: None,
            affinity: self.expr_affinity(e),
            collation: self
                .explicit_collation(e)
                .or_else(|| self.expr_collation(e))
                .map(|c| c.name().to_string()),
        };
        if let ExprKind::Column { column, .. } = &e.kind {
            if let Ok(Some(cr)) = self.resolve_column(e) {
                let src = &self.scopes[cr.depth].sources[cr.src];
                match cr.col {
                    ColSel::Column(i) => {
                        let c = &src.columns[i];
                        if alias.is_none() {
                            info.name = c.name.clone();
                        }
                        info.decltype = c.decltype.clone();
                        info.origin = c.origin.clone();
                    }
                    ColSel::Rowid => {
                        if alias.is_none() {
                            info.name = column.name.clone();
                        }
                        if src.table.is_some() {
                            info.decltype = Some("INTEGER".into());
                        }
                    }
                }
            }
        }
        info
    }

    /// Collects aggregate calls and (outside them) column references of this scope.
    fn collect_aggs<'e>(
        &self,
        e: &'e Expr,
        calls: &mut Vec<&'e Expr>,
        cols: &mut Vec<ColRef>,
    ) -> Result<()> {
        let depth = self.scopes.len() - 1;
        let mut err = None;
        walk(e, &mut |x| {
            if err.is_some() {
                return false;
            }
            match &x.kind {
                ExprKind::Function(f) if f.over.is_none() => match self.function_kind(f) {
                    Ok(FuncKind::Aggregate) => {
                        // Nested aggregates are an error.
                        if let ast::FunctionArgs::List(args) = &f.args {
                            for a in args.iter().chain(f.order_by.iter().map(|t| &t.expr)) {
                                if self.contains_aggregate(a) {
                                    err = Some(Error::sql(format!(
                                        "misuse of aggregate function {}()",
                                        inner_agg_name(self, a).unwrap_or_default()
                                    )));
                                }
                            }
                        }
                        calls.push(x);
                        false
                    }
                    Ok(_) => true,
                    Err(e) => {
                        err = Some(e);
                        false
                    }
                },
                ExprKind::Column { .. } => {
                    match self.resolve_column(x) {
                        Ok(Some(cr)) if cr.depth == depth => {
                            // A USING column under RIGHT/FULL JOIN also reads its right copies.
                            for c in std::iter::once(cr).chain(self.using_copies(x, cr)) {
                                if !cols.contains(&c) {
                                    cols.push(c);
                                }
                            }
                        }
                        Ok(_) => {}
                        Err(e) => err = Some(e),
                    }
                    false
                }
                ExprKind::Exists(sel)
                | ExprKind::Subquery(sel)
                | ExprKind::InSelect { select: sel, .. } => {
                    // Outer references inside the subquery read this query's columns.
                    select_exprs(sel, &mut |y| {
                        if let ExprKind::Column { .. } = y.kind {
                            if let Ok(Some(cr)) = self.resolve_column(y) {
                                if cr.depth == depth && !cols.contains(&cr) {
                                    cols.push(cr);
                                }
                            }
                        }
                    });
                    true
                }
                _ => true,
            }
        });
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    pub(crate) fn contains_aggregate(&self, e: &Expr) -> bool {
        let mut found = false;
        walk(e, &mut |x| {
            if let ExprKind::Function(f) = &x.kind {
                if f.over.is_none() && matches!(self.function_kind(f), Ok(FuncKind::Aggregate)) {
                    found = true;
                }
            }
            !found
        });
        found
    }

    /// ORDER BY terms of a simple select, resolved against its result columns.
    fn order_terms(
        &self,
        order_by: &[ast::OrderingTerm],
        rcols: &[(Expr, ColInfo, bool)],
    ) -> Result<Vec<(Expr, bool, Option<Collation>)>> {
        let mut out = Vec::new();
        for (i, t) in order_by.iter().enumerate() {
            let (base, coll) = match &t.expr.kind {
                ExprKind::Collate { expr, collation } => {
                    (&**expr, Some(Collation::from_name(&collation.name)))
                }
                _ => (&t.expr, None),
            };
            let e = if let Some(k) = int_literal(base) {
                if k < 1 || k as usize > rcols.len() {
                    return Err(Error::sql(format!(
                        "{} ORDER BY term out of range - should be between 1 and {}",
                        ordinal(i + 1),
                        rcols.len()
                    )));
                }
                rcols[k as usize - 1].0.clone()
            } else if let ExprKind::Column {
                table: None,
                column,
                ..
            } = &base.kind
            {
                match rcols
                    .iter()
                    .find(|r| r.2 && r.1.name.eq_ignore_ascii_case(&column.name))
                {
                    Some(r) => r.0.clone(),
                    None => base.clone(),
                }
            } else {
                base.clone()
            };
            let coll = coll
                .or_else(|| self.explicit_collation(&e))
                .or_else(|| self.expr_collation(&e));
            let desc = t.order == Some(ast::SortOrder::Desc);
            // NULLS FIRST/LAST against the direction's default: sort on `e IS NULL` first.
            match (t.nulls, desc) {
                (Some(ast::NullsOrder::Last), false) | (Some(ast::NullsOrder::First), true) => {
                    let flag = Expr {
                        kind: ExprKind::IsNull(Box::new(e.clone())),
                        span: ast::Span::default(),
                    };
                    out.push((flag, desc && t.nulls == Some(ast::NullsOrder::First), None));
                }
                _ => {}
            }
            out.push((e, desc, coll));
        }
        Ok(out)
    }

    /// The ORDER BY (or GROUP BY) terms as columns of one source of the scope, for the
    /// planner to deliver by an index or the outer loop
    /// ([`crate::planner::order`]); `None` when any term is something else.
    fn order_want(
        &self,
        order: &[(Expr, bool, Option<Collation>)],
        grouping: bool,
    ) -> Option<crate::planner::order::OrderWant> {
        let depth = self.scopes.len().checked_sub(1)?;
        let n_sources = self.scopes.last()?.sources.len();
        if order.is_empty() || n_sources == 0 {
            return None;
        }
        let mut cols = Vec::new();
        let mut src = None;
        for (e, desc, coll) in order {
            let cr = self.resolve_column(e).ok()??;
            if cr.depth != depth || *src.get_or_insert(cr.src) != cr.src {
                return None;
            }
            cols.push(crate::planner::order::OrderCol {
                col: cr.col,
                desc: *desc,
                collation: coll.clone().unwrap_or_default(),
            });
        }
        Some(crate::planner::order::OrderWant {
            cols,
            grouping,
            minmax: false,
            src: src.unwrap_or(0),
        })
    }

    /// The GROUP BY terms as an order any index on them delivers (see [`Self::order_want`]),
    /// each term carrying its sorter direction from `dirs` (ASC when `None`) for a join's
    /// loop that does not deliver it (`planner/order_inner.rs`).
    pub(super) fn group_want(
        &self,
        group_by: &[Expr],
        dirs: Option<&[bool]>,
    ) -> Option<crate::planner::order::OrderWant> {
        let terms: Vec<_> = group_by
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let coll = self
                    .explicit_collation(g)
                    .or_else(|| self.expr_collation(g));
                let base = match &g.kind {
                    ExprKind::Collate { expr, .. } => &**expr,
                    _ => g,
                };
                let desc = dirs.and_then(|d| d.get(i).copied()).unwrap_or(false);
                (base.clone(), desc, coll)
            })
            .collect();
        self.order_want(&terms, true)
    }

    fn select_core(
        &mut self,
        core: &ast::SelectClause,
        order_by: &[ast::OrderingTerm],
        limit: Option<&ast::Limit>,
        dest: &Dest,
    ) -> Result<Vec<ColInfo>> {
        self.stream_from = core.from.as_ref().is_some_and(|f| {
            !f.joins
                .iter()
                .any(|j| matches!(j.op.kind, ast::JoinKind::Right | ast::JoinKind::Full))
        });
        self.left_joins_inner = left_inner::left_joins_made_inner(core);
        self.left_join_inner = self.left_joins_inner.first() == Some(&true);
        let r = self.scope_for_from(core.from.as_ref());
        self.left_join_inner = false;
        self.left_joins_inner.clear();
        self.stream_from = false;
        let (scope, fplan) = r?;
        self.scopes.push(scope);
        self.agg.push(None);
        let sink = self.win_sink.take();
        let r = self.select_core_inner(core, order_by, limit, dest, &fplan);
        self.win_sink = sink;
        self.scopes.pop();
        self.agg.pop();
        r
    }

    fn select_core_inner(
        &mut self,
        core: &ast::SelectClause,
        order_by: &[ast::OrderingTerm],
        limit: Option<&ast::Limit>,
        dest: &Dest,
        fplan: &FromPlan,
    ) -> Result<Vec<ColInfo>> {
        let rcols = self.result_columns(&core.columns, core.from.is_some())?;
        super::name_order::check_result_names(&self.scopes, rcols.iter().map(|r| &r.0))?;
        let infos: Vec<ColInfo> = rcols.iter().map(|r| r.1.clone()).collect();
        let aliases = rcols
            .iter()
            .filter(|r| r.2)
            .map(|r| (r.1.name.clone(), r.0.clone()))
            .collect();
        self.aliases.push(aliases);
        let distinct_const = core.distinct && core.from.is_none();
        let saved = std::mem::replace(&mut self.constant_distinct, distinct_const);
        let r = self.select_core_body(core, order_by, limit, dest, fplan, rcols, infos);
        self.constant_distinct = saved;
        self.aliases.pop();
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn select_core_body(
        &mut self,
        core: &ast::SelectClause,
        order_by: &[ast::OrderingTerm],
        limit: Option<&ast::Limit>,
        dest: &Dest,
        fplan: &FromPlan,
        mut rcols: Vec<(Expr, ColInfo, bool)>,
        infos: Vec<ColInfo>,
    ) -> Result<Vec<ColInfo>> {
        self.window_resolve(core, &mut rcols, &mut [])?;
        let mut order = self.order_terms(order_by, &rcols)?;
        self.window_resolve(core, &mut [], &mut order)?;
        let group_by: Vec<Expr> = core
            .group_by
            .iter()
            .map(|g| match int_literal(g) {
                Some(k) if k >= 1 && (k as usize) <= rcols.len() => {
                    Ok(rcols[k as usize - 1].0.clone())
                }
                Some(_) => Err(Error::sql(format!(
                    "1st GROUP BY term out of range - should be between 1 and {}",
                    rcols.len()
                ))),
                None => match &g.kind {
                    ExprKind::Column {
                        table: None,
                        column,
                        ..
                    } if self.resolve_column(g).ok().flatten().is_none() => Ok(rcols
                        .iter()
                        .find(|r| r.2 && r.1.name.eq_ignore_ascii_case(&column.name))
                        .map(|r| r.0.clone())
                        .unwrap_or_else(|| g.clone())),
                    _ => Ok(g.clone()),
                },
            })
            .collect::<Result<_>>()?;
        if super::agg_places::is_simple_count(core, &rcols) {
            // sqlite3 names the table without its schema in a `SELECT count(*) FROM t` plan.
            if let Some(scope) = self.scopes.last() {
                for s in &scope.sources {
                    self.eqp_names.remove(&s.cursor);
                }
            }
        }
        let is_agg = self.check_agg_places(
            core,
            &group_by,
            rcols.iter().map(|r| &r.0),
            order.iter().map(|o| &o.0),
        )?;
        let n = rcols.len();
        let colls: Vec<Option<Collation>> = infos
            .iter()
            .map(|c| c.collation.as_deref().map(Collation::from_name))
            .collect();
        let used = {
            let mut all: Vec<&Expr> = rcols.iter().map(|r| &r.0).collect();
            all.extend(group_by.iter());
            all.extend(core.having.iter());
            all.extend(core.where_.iter());
            all.extend(order.iter().map(|o| &o.0));
            all.extend(fplan.terms.iter().map(|t| &t.0));
            self.used_columns(all)
        };
        let is_window = rcols.iter().any(|r| super::window::has_window(&r.0))
            || order.iter().any(|o| super::window::has_window(&o.0));
        let distinct = core.distinct && (is_agg || !self.distinct_is_noop(&rcols));
        // ORDER BY delivered by the loop itself (an index or the rowid): no sorter.
        // With DISTINCT the rows still come out in the loop's order (the DISTINCT b-tree only
        // drops repeats), so the loop may deliver the ORDER BY too.
        let mut want = if is_agg || is_window {
            None
        } else {
            self.order_want(&order, false)
                .or_else(|| self.order_through_rowid(&order))
        };
        if let Some(w) = want.as_mut() {
            self.order_upto_rowid(w);
        }
        if want.is_none() && distinct && order.is_empty() && !(is_agg || is_window) {
            want = self.distinct_want(&rcols, fplan, core.where_.as_ref(), &used);
        }
        let by_index = want.as_ref().is_some_and(|w| {
            self.loop_plan(fplan, core.where_.as_ref(), used.clone(), Some(w))
                .ordered
                .is_some()
        });
        // A join that does not deliver an ORDER BY on one source's columns may still read that
        // source's index in the ORDER BY's direction (`planner/order_inner.rs`).
        let joined = self.scopes.last().is_some_and(|s| s.sources.len() > 1);
        let undelivered = want
            .clone()
            .filter(|_| !by_index && !order.is_empty() && joined);
        // Else the leading terms may be (`USE TEMP B-TREE FOR RIGHT PART OF ORDER BY`): the
        // longest run of leading column terms of one source, short of all of them.
        if want.is_none() && !(is_agg || is_window) {
            let lead = (1..order.len())
                .take_while(|&k| self.order_want(&order[..k], false).is_some())
                .last()
                .unwrap_or(0);
            if lead > 0 && lead < order.len() && !self.lead_ends_at_rowid(&order[..lead]) {
                want = self.order_want(&order[..lead], false);
            }
        }
        let partial = match &want {
            Some(w) if !by_index => {
                let max = w.cols.len().min(order.len() - 1);
                let small_limit = limit
                    .and_then(|l| int_literal(&l.limit))
                    .is_some_and(|v| v <= 2);
                self.partial_order(fplan, core.where_.as_ref(), &used, w, max, small_limit)
            }
            _ => None,
        };
        // The order the loop is steered to deliver: all of it, a partial sort's prefix, or
        // none (a plain sort of whatever the planner reads).
        let want = match (&want, partial) {
            (Some(w), Some(k)) => Some(crate::planner::order::OrderWant {
                cols: w.cols[..k].to_vec(),
                ..w.clone()
            }),
            _ if by_index => want,
            _ => undelivered,
        };
        let distinct_plain = distinct && !is_agg && !is_window && {
            let results: Vec<&Expr> = rcols.iter().map(|r| &r.0).collect();
            let terms: Vec<(&Expr, bool)> = order.iter().map(|o| (&o.0, o.1)).collect();
            self.distinct_as_group(&results, &terms)
        };
        // A GROUP BY whose loop delivers the groups in the ORDER BY's order needs no ORDER BY
        // sorter either: the groups stream out as the loop closes them, so LIMIT stops the
        // loop (and the WHERE it tests) early, as in sqlite3.
        let group_order = is_agg
            && !is_window
            && self.group_order_elides_sort(order_by, &order, &group_by, fplan, core, &used);
        // The same for a window SELECT whose last pass hands out the ORDER BY's order.
        let window_order = is_window && self.window_order_elides_sort(order_by, &order, &rcols);
        let order = if by_index { Vec::new() } else { order };
        let pipe_order = if group_order || window_order {
            &[][..]
        } else {
            &order[..]
        };
        let mut pipe = self.open_pipeline(n, distinct, pipe_order, limit, &colls)?;
        pipe.distinct_plain = distinct_plain;
        if let Some(k) = partial {
            let sort_colls: Vec<Option<Collation>> = order.iter().map(|o| o.2.clone()).collect();
            self.start_partial_sort(&mut pipe, k, &sort_colls);
        }
        if is_window {
            self.window_begin(&rcols, &order)?;
        }
        if is_agg {
            let gdirs = self.group_sort_dirs(order_by, group_by.len());
            let grouped = self.aggregate(
                core, fplan, &rcols, &order, &group_by, gdirs, &pipe, dest, used,
            )?;
            if !group_by.is_empty() && !grouped {
                self.plan(0, "USE TEMP B-TREE FOR GROUP BY".into());
            }
            if !group_by.is_empty() {
                let results: Vec<&Expr> = rcols.iter().map(|r| &r.0).collect();
                let terms: Vec<&Expr> = order.iter().map(|o| &o.0).collect();
                self.agg_order_plan_group(&results, core.having.as_ref(), &terms)?;
            }
        } else {
            let want = match is_window {
                true => {
                    let where_ = core.where_.as_ref();
                    let (w, first) = self.window_loop_want(fplan, where_, &used, &rcols, &order);
                    if let Some(sink) = self.win_sink.as_mut() {
                        sink.first_sort = first;
                    }
                    w
                }
                false => want,
            };
            let (levels, _) =
                self.open_loops_ordered(fplan, core.where_.as_ref(), used, want.as_ref())?;
            self.emit_result(&rcols, &order, &pipe, dest)?;
            self.close_loops(levels);
            for k in 0..fplan.rights.len() {
                if let Some(p) = self.right_pass_open(fplan, k, core.where_.as_ref())? {
                    self.emit_result(&rcols, &order, &pipe, dest)?;
                    self.right_pass_close(fplan, p);
                }
            }
        }
        if let Some(sink) = self.win_sink.take().filter(|_| is_window) {
            self.window_finish(sink, &rcols, &order, &pipe, dest)?;
        }
        // Without FROM there is one row: sqlite3 plans no temp b-tree for it.
        let one_row = core.from.is_none();
        if distinct && !one_row {
            self.plan(0, "USE TEMP B-TREE FOR DISTINCT".into());
        }
        if partial.is_some() {
            self.plan(0, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY".into());
        } else if !pipe_order.is_empty() && !one_row {
            self.plan(0, "USE TEMP B-TREE FOR ORDER BY".into());
        }
        self.finish_pipeline(&pipe, n, dest);
        Ok(infos)
    }

    pub(crate) fn emit_result_pub(
        &mut self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        pipe: &Pipeline,
        dest: &Dest,
    ) -> Result<()> {
        self.emit_result(rcols, order, pipe, dest)
    }

    /// Computes the result columns and sort keys of the current row and sends them on.
    fn emit_result(
        &mut self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        pipe: &Pipeline,
        dest: &Dest,
    ) -> Result<()> {
        if let Some(sink) = self.win_sink.take() {
            let r = self.window_capture(&sink, rcols, order);
            self.win_sink = Some(sink);
            return r;
        }
        let n = rcols.len();
        let cols = self.b.alloc_regs(n);
        for (i, r) in rcols.iter().enumerate() {
            self.expr(&r.0, cols + i)?;
        }
        let keys = if order.is_empty() {
            None
        } else {
            let k = self.b.alloc_regs(order.len());
            for (i, o) in order.iter().enumerate() {
                self.expr(&o.0, k + i)?;
            }
            Some(k)
        };
        self.pipeline_row(pipe, cols, n, keys, dest);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn aggregate(
        &mut self,
        core: &ast::SelectClause,
        fplan: &FromPlan,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        group_by: &[Expr],
        gdirs: Option<Vec<bool>>,
        pipe: &Pipeline,
        dest: &Dest,
        used: Option<Vec<Vec<ColSel>>>,
    ) -> Result<bool> {
        let mut calls: Vec<&Expr> = Vec::new();
        let mut cols: Vec<ColRef> = Vec::new();
        for r in rcols {
            self.collect_aggs(&r.0, &mut calls, &mut cols)?;
        }
        if let Some(h) = &core.having {
            self.collect_aggs(h, &mut calls, &mut cols)?;
        }
        for o in order {
            self.collect_aggs(&o.0, &mut calls, &mut cols)?;
        }
        let depth = self.scopes.len() - 1;
        // Accumulators, argument registers, distinct sets.
        struct Call<'e> {
            e: &'e Expr,
            func: FuncRef,
            args: Vec<&'e Expr>,
            acc: Reg,
            distinct: Option<CursorId>,
            filter: Option<&'e Expr>,
            collation: Option<Collation>,
            /// ORDER BY inside the call: its rows are sorted, then stepped at the group's end.
            order: Option<agg_order::OrderedAgg>,
            /// What the arguments, then the ORDER BY terms, read.
            reads: Vec<&'e Expr>,
        }
        let mut acalls = Vec::new();
        // Calls written alike share the first one's accumulator (see `agg_dedup`).
        let mut call_at: Vec<Option<usize>> = Vec::with_capacity(calls.len());
        let mut shared: Vec<(usize, usize)> = Vec::new();
        for (ci, e) in calls.iter().enumerate() {
            if let Some(first) = agg_dedup::earlier_same(&calls, ci).and_then(|j| call_at[j]) {
                call_at.push(Some(first));
                shared.push((expr_id(e), first));
                continue;
            }
            call_at.push(Some(acalls.len()));
            let ExprKind::Function(f) = &e.kind else {
                call_at[ci] = None;
                continue;
            };
            let args: Vec<&Expr> = match &f.args {
                ast::FunctionArgs::Star => vec![],
                ast::FunctionArgs::List(a) => a.iter().collect(),
            };
            if f.distinct && args.len() != 1 {
                return Err(Error::sql(
                    "DISTINCT aggregates must have exactly one argument",
                ));
            }
            let distinct = if f.distinct {
                let c = self.b.alloc_cursor();
                let mut ki = KeyInfo::ascending(1);
                if let Some(c) = self
                    .explicit_collation(args[0])
                    .or_else(|| self.expr_collation(args[0]))
                {
                    ki.collations[0] = c;
                }
                self.b.emit(Insn::OpenEphemeral {
                    cursor: c,
                    n_columns: 1,
                    key_info: Some(Arc::new(ki)),
                });
                Some(c)
            } else {
                None
            };
            let collation = args.first().and_then(|a| {
                self.explicit_collation(a)
                    .or_else(|| self.expr_collation(a))
            });
            let acc = self.b.alloc_reg();
            self.b.emit(Insn::Null {
                dest: acc,
                dest_end: acc,
            });
            if group_by.is_empty() && !calls[..ci].contains(e) {
                self.agg_order_plan(f);
            }
            let order = self.agg_order_open(f, args.len())?;
            let reads = args
                .iter()
                .copied()
                .chain(f.order_by.iter().map(|t| &t.expr))
                .collect();
            acalls.push(Call {
                e,
                func: FuncRef {
                    name: f.name.name.to_ascii_lowercase(),
                    n_args: args.len(),
                },
                args,
                acc,
                distinct,
                filter: f.filter.as_deref(),
                collation,
                order,
                reads,
            });
        }
        let col_regs: Vec<Reg> = cols.iter().map(|_| self.b.alloc_reg()).collect();
        for &r in &col_regs {
            self.b.emit(Insn::Null {
                dest: r,
                dest_end: r,
            });
        }
        let map = AggMap {
            calls: acalls
                .iter()
                .map(|c| (expr_id(c.e), c.acc))
                .chain(shared.iter().map(|&(id, at)| (id, acalls[at].acc)))
                .collect(),
            cols: cols.iter().cloned().zip(col_regs.iter().cloned()).collect(),
        };
        // Bare columns (read outside aggregate calls) come from the row a min()/max() chose,
        // or else from the first row of the group, as in SQLite.
        let is_minmax_call = |c: &Call| {
            c.args.len() == 1 && c.order.is_none() && matches!(c.func.name.as_str(), "min" | "max")
        };
        let minmax = acalls.iter().any(is_minmax_call);
        // The last min()/max() step's verdict (1: it kept an earlier extremum), kept in a
        // register across rows: a DISTINCT duplicate runs no step and follows the previous
        // step's verdict, as sqlite3 does.
        let verdict = minmax.then(|| self.int_reg(0));
        // Steps one call with argument values in r[args..] (an ordered call stores them).
        let step = |this: &mut Self, c: &Call, args: Reg| -> Result<()> {
            let skip = this.b.label();
            if let Some(dc) = c.distinct {
                this.b.emit(Insn::Found {
                    cursor: dc,
                    target: skip,
                    key: args,
                    n_key: 1,
                });
                let rec = this.b.alloc_reg();
                this.b.emit(Insn::MakeRecord {
                    start: args,
                    count: 1,
                    dest: rec,
                    affinities: None,
                });
                this.b.emit(Insn::IdxInsert {
                    cursor: dc,
                    key: rec,
                    append: false,
                });
            }
            match &c.order {
                Some(o) => this.agg_order_insert(o, args)?,
                None => {
                    this.b.emit(Insn::AggStep {
                        func: c.func.clone(),
                        args,
                        acc: c.acc,
                        collation: c.collation.clone(),
                    });
                    if let (true, Some(v)) = (is_minmax_call(c), verdict) {
                        this.b.emit(Insn::AggSkipped { dest: v });
                    }
                }
            }
            this.b.bind(skip);
            Ok(())
        };
        // Ends a group's ordered calls: steps them with their sorted rows.
        let feed = |this: &mut Self, calls: &[Call]| {
            for c in calls {
                if let Some(o) = &c.order {
                    this.agg_order_feed(o, |this, args| {
                        this.b.emit(Insn::AggStep {
                            func: c.func.clone(),
                            args,
                            acc: c.acc,
                            collation: c.collation.clone(),
                        });
                    });
                }
            }
        };
        // A FILTER can leave a row with no min()/max() step at all: that row loads no bare
        // columns (bar a group's first row), so the guard needs to know whether one ran.
        let ran = acalls
            .iter()
            .any(|c| is_minmax_call(c) && c.filter.is_some())
            .then(|| self.b.alloc_reg());
        let first_row = self.int_reg(1);
        if group_by.is_empty() {
            // A lone min()/max() of a column: the loop reads in its order, first row only.
            let want = match &acalls[..] {
                [c] if core.having.is_none() && c.filter.is_none() && c.order.is_none() => {
                    self.minmax_want(&c.func.name, &c.args, c.collation.clone())
                }
                _ => None,
            };
            let (levels, first_only) =
                self.open_loops_ordered(fplan, core.where_.as_ref(), used.clone(), want.as_ref())?;
            // The first row read gives the bare columns (SQLite's min/max loop).
            let minmax = minmax && !first_only;
            let found = first_only.then(|| self.b.alloc_reg());
            let body = |this: &mut Self| -> Result<()> {
                bare_filter::reset(&mut this.b, ran);
                for c in &acalls {
                    // FILTER is tested first, as a condition: a row it rejects never
                    // evaluates the arguments (an overflowing abs() there is not reached).
                    let skip = this.b.label();
                    if let Some(f) = c.filter {
                        this.jump_if_false(f, skip, true)?;
                    }
                    bare_filter::mark(&mut this.b, is_minmax_call(c), ran);
                    let args = this.b.alloc_regs(c.args.len());
                    for (i, a) in c.args.iter().enumerate() {
                        this.expr(a, args + i)?;
                    }
                    step(this, c, args)?;
                    this.b.bind(skip);
                }
                let keep = this.bare_columns_guard(verdict.filter(|_| minmax), first_row, ran);
                for (cr, &r) in cols.iter().zip(&col_regs) {
                    this.read_column(*cr, r);
                }
                this.b.bind(keep);
                Ok(())
            };
            body(self)?;
            if let (Some(f), Some(lv)) = (found, levels.last()) {
                self.b.emit(Insn::Integer { value: 1, dest: f });
                self.b.emit(Insn::Goto { target: lv.brk });
            }
            self.close_loops(levels);
            let is_min = want
                .as_ref()
                .is_some_and(|w| w.cols.iter().all(|c| !c.desc));
            if let (Some(f), Some(w), true) = (found, &want, is_min && !cols.is_empty()) {
                // min() found no non-NULL value: the bare columns come from the first row
                // in the same order, NULLs included.
                let done = self.b.label();
                self.b.emit(Insn::If {
                    reg: f,
                    target: done,
                    jump_if_null: false,
                });
                let levels = self.minmax_fallback(fplan, core.where_.as_ref(), used, w)?;
                body(self)?;
                if let Some(lv) = levels.last() {
                    self.b.emit(Insn::Goto { target: lv.brk });
                }
                self.close_loops(levels);
                self.b.bind(done);
            }
            for k in 0..fplan.rights.len() {
                if let Some(p) = self.right_pass_open(fplan, k, core.where_.as_ref())? {
                    body(self)?;
                    self.right_pass_close(fplan, p);
                }
            }
            feed(self, &acalls);
            for c in &acalls {
                self.b.emit(Insn::AggFinal {
                    func: c.func.clone(),
                    acc: c.acc,
                });
            }
            self.agg[depth] = Some(map);
            let skip = self.b.label();
            if let Some(h) = &core.having {
                self.jump_if_false(h, skip, true)?;
            }
            self.emit_result(rcols, order, pipe, dest)?;
            self.b.bind(skip);
            self.agg[depth] = None;
            return Ok(false);
        }
        // GROUP BY: sort rows by the group key, then walk the groups.
        // The sorter carries the group key, the columns the calls' arguments and FILTERs
        // read, and the bare columns: as in SQLite, the arguments are evaluated after sorting,
        // group by group, so an error in one surfaces in that order.
        let nk = group_by.len();
        let arg_cols = self.agg_arg_columns(acalls.iter().map(|c| (&c.reads[..], c.filter)))?;
        let n_args = arg_cols.len();
        let width = nk + n_args + cols.len();
        let sorter = self.b.alloc_cursor();
        // Rows read through an index on the GROUP BY columns arrive grouped: they are walked
        // as they come (`group_stream`), keeping the loop's order of the groups and of the
        // rows within each group, as SQLite's loop does.
        let want = self
            .group_order_want(order, group_by, fplan, core.where_.as_ref(), &used)
            .or_else(|| self.group_want(group_by, gdirs.as_deref()));
        let dirs = want.as_ref().and_then(|w| {
            self.loop_plan(fplan, core.where_.as_ref(), used.clone(), Some(w))
                .ordered
        });
        // Where sqlite3 has no GROUP BY sorter, the VIRTUAL REAL columns the arguments and
        // the bare columns read keep their int-real flag (`int_real`); the sorter stores
        // plain REALs. A window SELECT's groups feed its window rows, whatever its ORDER BY.
        let index_grouped = (dirs.is_some()
            || self.join_index_groups(group_by, core.from.as_ref()))
            && (self.win_sink.is_some() || !self.order_is_group(order, group_by));
        // A loop that delivers the groups streams them (`group_stream`): no sorter.
        let stream = dirs.is_some() && fplan.rights.is_empty();
        let gki = KeyInfo {
            collations: group_by
                .iter()
                .map(|g| {
                    self.explicit_collation(g)
                        .or_else(|| self.expr_collation(g))
                        .unwrap_or_default()
                })
                .collect(),
            desc: dirs.or(gdirs).unwrap_or_else(|| vec![false; nk]),
            n_key_fields: nk,
        };
        let gki = Arc::new(gki);
        if !stream {
            self.b.emit(Insn::SorterOpen {
                cursor: sorter,
                n_columns: width,
                key_info: gki.clone(),
            });
        }
        let walk = group_stream::GroupWalk::new(&mut self.b, stream, width);
        let have = self.int_reg(0);
        let (levels, grouped) =
            self.open_loops_ordered(fplan, core.where_.as_ref(), used, want.as_ref())?;
        let body = |this: &mut Self| -> Result<()> {
            let block = this.b.alloc_regs(width);
            for (i, g) in group_by.iter().enumerate() {
                this.expr(g, block + i)?;
            }
            let mut at = nk;
            for cr in &arg_cols {
                this.read_column(*cr, block + at);
                at += 1;
            }
            for cr in &cols {
                this.read_column(*cr, block + at);
                at += 1;
            }
            let rec = this.b.alloc_reg();
            this.plain_reals(block, width);
            this.b.emit(Insn::MakeRecord {
                start: block,
                count: width,
                dest: rec,
                affinities: None,
            });
            match &walk {
                Some(w) => w.send(&mut this.b, rec),
                None => {
                    this.b.emit(Insn::SorterInsert {
                        cursor: sorter,
                        record: rec,
                    });
                }
            }
            Ok(())
        };
        body(self)?;
        self.close_loops(levels);
        for k in 0..fplan.rights.len() {
            if let Some(p) = self.right_pass_open(fplan, k, core.where_.as_ref())? {
                body(self)?;
                self.right_pass_close(fplan, p);
            }
        }
        // Walk the sorted rows, or (streaming) each row as the loop sends it.
        let prev = self.b.alloc_regs(nk);
        let cur = self.b.alloc_regs(nk);
        let ret = self.b.alloc_reg();
        let done = self.b.label();
        let out_group = self.b.label();
        let new_group = self.b.label();
        let change = self.b.label();
        let same = self.b.label();
        let (pseudo, top) = match &walk {
            Some(w) => {
                w.finish_loop(&mut self.b, have, ret, out_group, done);
                (w.pseudo, None)
            }
            None => {
                let pseudo = self.b.alloc_cursor();
                let data = self.b.alloc_reg();
                self.b.emit(Insn::OpenPseudo {
                    cursor: pseudo,
                    reg: data,
                    n_columns: width,
                });
                self.b.emit(Insn::SorterSort {
                    cursor: sorter,
                    target: done,
                });
                let top = self.b.here();
                self.b.emit(Insn::SorterData {
                    cursor: sorter,
                    dest: data,
                    pseudo_cursor: pseudo,
                });
                (pseudo, Some(top))
            }
        };
        for i in 0..nk {
            self.b.emit(Insn::Column {
                cursor: pseudo,
                column: i,
                dest: cur + i,
                default: None,
            });
        }
        self.b.emit(Insn::IfNot {
            reg: have,
            target: new_group,
            jump_if_null: true,
        });
        self.b.emit(Insn::Compare {
            lhs: prev,
            rhs: cur,
            count: nk,
            key_info: gki,
            permutation: None,
        });
        self.b.emit(Insn::Jump {
            lt: change,
            eq: same,
            gt: change,
        });
        self.b.bind(change);
        self.b.emit(Insn::Gosub {
            return_reg: ret,
            target: out_group,
        });
        self.b.bind(new_group);
        self.b.emit(Insn::Copy {
            src: cur,
            dest: prev,
            count: nk,
        });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: have,
        });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: first_row,
        });
        for c in &acalls {
            self.b.emit(Insn::Null {
                dest: c.acc,
                dest_end: c.acc,
            });
            if let Some(dc) = c.distinct {
                self.b.emit(Insn::ResetSorter { cursor: dc });
            }
        }
        self.b.bind(same);
        let arg_regs = self.b.alloc_regs(n_args);
        for i in 0..n_args {
            self.b.emit(Insn::Column {
                cursor: pseudo,
                column: nk + i,
                dest: arg_regs + i,
                default: None,
            });
        }
        if index_grouped {
            let regs: Vec<Reg> = (arg_regs..arg_regs + n_args).collect();
            self.mark_index_grouped(&arg_cols, &regs);
        }
        let saved = self.agg[depth].replace(AggMap {
            calls: Default::default(),
            cols: arg_cols.iter().cloned().zip(arg_regs..).collect(),
        });
        let stepped = (|| -> Result<()> {
            bare_filter::reset(&mut self.b, ran);
            for c in &acalls {
                // FILTER is tested first: a row it rejects never evaluates the arguments.
                let skip = self.b.label();
                if let Some(f) = c.filter {
                    self.jump_if_false(f, skip, true)?;
                }
                bare_filter::mark(&mut self.b, is_minmax_call(c), ran);
                let args = self.b.alloc_regs(c.args.len());
                for (i, a) in c.args.iter().enumerate() {
                    self.expr(a, args + i)?;
                }
                step(self, c, args)?;
                self.b.bind(skip);
            }
            Ok(())
        })();
        self.agg[depth] = saved;
        stepped?;
        let keep = self.bare_columns_guard(verdict, first_row, ran);
        for (at, &r) in (nk + n_args..).zip(&col_regs) {
            self.b.emit(Insn::Column {
                cursor: pseudo,
                column: at,
                dest: r,
                default: None,
            });
        }
        if index_grouped {
            self.mark_index_grouped(&cols, &col_regs);
        }
        self.b.bind(keep);
        if let Some(w) = &walk {
            w.end_row(&mut self.b);
        }
        if let Some(top) = top {
            self.b.emit(Insn::SorterNext {
                cursor: sorter,
                target: top,
            });
            self.b.emit(Insn::Gosub {
                return_reg: ret,
                target: out_group,
            });
            self.b.emit(Insn::Goto { target: done });
        }
        // Subroutine: finish and output the current group.
        self.b.bind(out_group);
        feed(self, &acalls);
        for c in &acalls {
            self.b.emit(Insn::AggFinal {
                func: c.func.clone(),
                acc: c.acc,
            });
        }
        self.agg[depth] = Some(map);
        let skip = self.b.label();
        if let Some(h) = &core.having {
            self.jump_if_false(h, skip, true)?;
        }
        // An ORDER BY the groups arrive in has no sorter (`select_core_body`): no keys.
        let out_order = if pipe.sorter.is_some() { order } else { &[] };
        self.emit_result(rcols, out_order, pipe, dest)?;
        self.b.bind(skip);
        self.agg[depth] = None;
        self.b.emit(Insn::Return { reg: ret });
        self.b.bind(done);
        Ok(grouped)
    }

    /// Emits the test that skips loading an aggregate query's bare columns for this row and
    /// returns the label to bind after the loads. With a min()/max() call (`verdict`, the
    /// register its steps leave 1 in when they keep an earlier extremum) the row loads them
    /// unless the last such step kept an earlier extremum; otherwise only the first row of a
    /// group (`first_row` = 1) loads them.
    fn bare_columns_guard(
        &mut self,
        verdict: Option<Reg>,
        first_row: Reg,
        ran: Option<Reg>,
    ) -> Label {
        let keep = self.b.label();
        if let (Some(verdict), Some(ran)) = (verdict, ran) {
            bare_filter::guard(&mut self.b, first_row, ran, verdict, keep);
        } else if let Some(verdict) = verdict {
            self.b.emit(Insn::If {
                reg: verdict,
                target: keep,
                jump_if_null: false,
            });
        } else {
            self.b.emit(Insn::IfNot {
                reg: first_row,
                target: keep,
                jump_if_null: true,
            });
            self.b.emit(Insn::Integer {
                value: 0,
                dest: first_row,
            });
        }
        keep
    }

    // ---------------------------------------------------------------------------------------
    // VALUES and compounds
    // ---------------------------------------------------------------------------------------

    fn values(
        &mut self,
        rows: &[Vec<Expr>],
        order_by: &[ast::OrderingTerm],
        limit: Option<&ast::Limit>,
        dest: &Dest,
    ) -> Result<Vec<ColInfo>> {
        self.plan(
            0,
            match rows.len() {
                1 => "SCAN CONSTANT ROW".to_owned(),
                k => format!("SCAN {k} CONSTANT ROWS"),
            },
        );
        let n = rows.first().map_or(0, |r| r.len());
        let infos: Vec<ColInfo> = (0..n)
            .map(|i| ColInfo {
                name: format!("column{}", i + 1),
                decltype: None,
                origin: None,
                affinity: None,
                collation: None,
            })
            .collect();
        let order = compound_order(order_by, &infos)?;
        let pipe = self.open_pipeline(n, false, &order_as_terms(&order), limit, &[])?;
        self.scopes.push(Scope::default());
        self.agg.push(None);
        let r = (|| -> Result<()> {
            for row in rows {
                if row.len() != n {
                    return Err(Error::sql("all VALUES must have the same number of terms"));
                }
                let cols = self.b.alloc_regs(n);
                for (i, e) in row.iter().enumerate() {
                    self.expr(e, cols + i)?;
                }
                let keys = self.order_keys_from_cols(&order, cols);
                self.pipeline_row(&pipe, cols, n, keys, dest);
            }
            Ok(())
        })();
        self.scopes.pop();
        self.agg.pop();
        r?;
        self.finish_pipeline(&pipe, n, dest);
        Ok(infos)
    }

    fn order_keys_from_cols(
        &mut self,
        order: &[(usize, bool, Option<Collation>)],
        cols: Reg,
    ) -> Option<Reg> {
        if order.is_empty() {
            return None;
        }
        let k = self.b.alloc_regs(order.len());
        for (i, o) in order.iter().enumerate() {
            self.order_key_copy(cols, o.0, k + i);
        }
        Some(k)
    }

    /// Copies result column `idx` of `cols` into `dest` as a compound ORDER BY key; for an
    /// index with [`NULLS_FLAG`] set, `dest` is 1 when the column is NULL, else 0 (the extra
    /// key a NULLS FIRST/LAST against the direction's default sorts on first).
    fn order_key_copy(&mut self, cols: Reg, idx: usize, dest: Reg) {
        if idx & NULLS_FLAG == 0 {
            self.b.emit(Insn::SCopy {
                src: cols + idx,
                dest,
            });
            return;
        }
        let done = self.b.label();
        self.b.emit(Insn::Integer { value: 0, dest });
        self.b.emit(Insn::NotNull {
            reg: cols + (idx & !NULLS_FLAG),
            target: done,
        });
        self.b.emit(Insn::Integer { value: 1, dest });
        self.b.bind(done);
    }

    fn core_as_select(core: &ast::SelectCore, span: ast::Span) -> ast::Select {
        ast::Select {
            with: None,
            first: core.clone(),
            compounds: vec![],
            order_by: vec![],
            limit: None,
            span,
        }
    }

    fn compound(&mut self, sel: &ast::Select, dest: &Dest) -> Result<Vec<ColInfo>> {
        let all_union_all = sel
            .compounds
            .iter()
            .all(|(op, _)| *op == ast::CompoundOp::UnionAll);
        let top = self.compound_plan_top(!sel.order_by.is_empty());
        if all_union_all && sel.order_by.is_empty() && sel.limit.is_none() {
            let first = self.compound_arm(top, "LEFT-MOST SUBQUERY", |c| {
                c.select(&Self::core_as_select(&sel.first, sel.span), dest, 0)
            })?;
            let mut last = Vec::new();
            for (op, core) in &sel.compounds {
                let c = self.compound_arm(top, super::compound_plan::arm_label(*op), |c| {
                    c.select(&Self::core_as_select(core, sel.span), dest, 0)
                })?;
                check_arity(&first, &c, sel.compounds[0].0)?;
                last = c;
            }
            self.note_compound_last_arm(&last);
            return Ok(first);
        }
        // Accumulate into an ephemeral table (bag) or index (set).
        let first_op = sel.compounds[0].0;
        let first_sel = if first_op == ast::CompoundOp::UnionAll {
            Self::core_as_select(&sel.first, sel.span)
        } else {
            Self::core_as_select(&set_member(&sel.first), sel.span)
        };
        let (mut cur, mut is_set) = (self.b.alloc_cursor(), first_op != ast::CompoundOp::UnionAll);
        let open_at = self.b.emit(Insn::Noop);
        let first_dest = if is_set {
            Dest::Set { cursor: cur }
        } else {
            Dest::Table { cursor: cur }
        };
        let first = self.compound_arm(top, "LEFT-MOST SUBQUERY", |c| {
            c.select(&first_sel, &first_dest, 0)
        })?;
        let n = first.len();
        let set_ki = Arc::new(KeyInfo {
            collations: first
                .iter()
                .map(|c| {
                    c.collation
                        .as_deref()
                        .map(Collation::from_name)
                        .unwrap_or_default()
                })
                .collect(),
            desc: vec![false; n],
            n_key_fields: n,
        });
        self.b.insns[open_at] = Insn::OpenEphemeral {
            cursor: cur,
            n_columns: n,
            key_info: if is_set { Some(set_ki.clone()) } else { None },
        };
        let mut members = vec![first.clone()];
        for (op, core) in &sel.compounds {
            let s = if *op == ast::CompoundOp::UnionAll {
                Self::core_as_select(core, sel.span)
            } else {
                Self::core_as_select(&set_member(core), sel.span)
            };
            let want_set = *op != ast::CompoundOp::UnionAll;
            if want_set != is_set {
                cur = self.convert_ephemeral(cur, n, want_set, &set_ki);
                is_set = want_set;
            }
            let arm_dest = match op {
                ast::CompoundOp::UnionAll => Dest::Table { cursor: cur },
                ast::CompoundOp::Union => Dest::Set { cursor: cur },
                ast::CompoundOp::Except => Dest::Except { cursor: cur },
                ast::CompoundOp::Intersect => {
                    let into = self.b.alloc_cursor();
                    self.b.emit(Insn::OpenEphemeral {
                        cursor: into,
                        n_columns: n,
                        key_info: Some(set_ki.clone()),
                    });
                    let d = Dest::Intersect { probe: cur, into };
                    cur = into;
                    d
                }
            };
            let label = super::compound_plan::arm_label(*op);
            let cols = self.compound_arm(top, label, |c| c.select(&s, &arm_dest, 0))?;
            check_arity(&first, &cols, *op)?;
            members.push(cols);
        }
        let first = self.merge_compound_collations(first, &members, open_at, &set_ki);
        // Read the result out through ORDER BY / LIMIT.
        let order = compound_order(&sel.order_by, &first)?;
        let pipe =
            self.open_pipeline(n, false, &order_as_terms(&order), sel.limit.as_ref(), &[])?;
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: cur,
            target: done,
        });
        let top = self.b.here();
        let cols = self.b.alloc_regs(n);
        for i in 0..n {
            self.b.emit(Insn::Column {
                cursor: cur,
                column: i,
                dest: cols + i,
                default: None,
            });
        }
        let keys = self.order_keys_from_cols(&order, cols);
        self.pipeline_row(&pipe, cols, n, keys, dest);
        self.b.emit(Insn::Next {
            cursor: cur,
            target: top,
        });
        self.b.bind(done);
        self.finish_pipeline(&pipe, n, dest);
        if let Some(last) = members.last() {
            self.note_compound_last_arm(last);
        }
        Ok(first)
    }

    /// Copies ephemeral `from` into a new set (index) or bag (table); returns the new cursor.
    fn convert_ephemeral(
        &mut self,
        from: CursorId,
        n: usize,
        to_set: bool,
        ki: &Arc<KeyInfo>,
    ) -> CursorId {
        let to = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: to,
            n_columns: n,
            key_info: if to_set { Some(ki.clone()) } else { None },
        });
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: from,
            target: done,
        });
        let top = self.b.here();
        let cols = self.b.alloc_regs(n);
        for i in 0..n {
            self.b.emit(Insn::Column {
                cursor: from,
                column: i,
                dest: cols + i,
                default: None,
            });
        }
        let d = if to_set {
            Dest::Set { cursor: to }
        } else {
            Dest::Table { cursor: to }
        };
        self.output(&d, cols, n);
        self.b.emit(Insn::Next {
            cursor: from,
            target: top,
        });
        self.b.bind(done);
        to
    }

    // ---------------------------------------------------------------------------------------
    // Recursive CTEs
    // ---------------------------------------------------------------------------------------

    fn cte_is_recursive(&self, cte: &ast::Cte) -> bool {
        let name = &cte.name.name;
        let refs = |core: &ast::SelectCore| -> bool {
            let ast::SelectCore::Select(c) = core else {
                return false;
            };
            let Some(f) = &c.from else { return false };
            std::iter::once(&f.first)
                .chain(f.joins.iter().map(|j| &j.table))
                .any(|t| matches!(t, ast::TableOrSubquery::Table { name: n, .. } if n.schema.is_none() && n.name.matches(name)))
        };
        cte.select.compounds.iter().any(|(_, c)| refs(c))
    }

    /// `WITH RECURSIVE r AS (anchor UNION [ALL] recursive)`: a queue of rows; each row taken
    /// from the queue is appended to the result and fed alone to the recursive part.
    /// With `co`, each result row is yielded to that coroutine's consumer (`cte_stream.rs`)
    /// instead of stored; returns (result cursor, columns, first register of the row).
    pub(crate) fn recursive_cte(
        &mut self,
        def: &CteDef,
        co: Option<Reg>,
    ) -> Result<(CursorId, Vec<ColInfo>, Reg)> {
        let sel = &def.cte.select;
        let k = def.cte.name.name.to_ascii_lowercase();
        let result = self.b.alloc_cursor();
        let queue = self.b.alloc_cursor();
        let current = self.b.alloc_cursor();
        let opens = self.b.emit(Insn::Noop);
        let open2 = self.b.emit(Insn::Noop);
        let open3 = self.b.emit(Insn::Noop);
        let distinct_ops = sel
            .compounds
            .iter()
            .any(|(op, _)| *op == ast::CompoundOp::Union);
        let seen = if distinct_ops {
            Some(self.b.alloc_cursor())
        } else {
            None
        };
        let open4 = self.b.emit(Insn::Noop);
        // With ORDER BY the anchor goes to `staging`, then into the priority queue.
        let staging = (!sel.order_by.is_empty()).then(|| self.b.alloc_cursor());
        let open5 = self.b.emit(Insn::Noop);
        // The CTE's own LIMIT / OFFSET count rows added to the result; `cap` is how many rows
        // the outer SELECT needs (cte_limit.rs). Either stops the recursion.
        let done = self.b.label();
        let (limit, offset) = self.limit_regs(sel.limit.as_ref(), done)?;
        let cap = match &self.cte_cap {
            Some((name, _)) if *name == k => self.cte_cap.take().map(|c| {
                let r = self.b.alloc_reg();
                self.b.emit(Insn::Integer {
                    value: c.1,
                    dest: r,
                });
                self.b.emit(Insn::IfNot {
                    reg: r,
                    target: done,
                    jump_if_null: true,
                });
                r
            }),
            _ => None,
        };
        // Anchor: the first core and any following non-recursive cores.
        let anchor = Self::core_as_select(&sel.first, sel.span);
        // Hide the CTE name while compiling the anchor.
        let hidden: Vec<_> = self.ctes.iter_mut().map(|f| f.remove(&k)).collect();
        let cols = self.select(
            &anchor,
            &Dest::Table {
                cursor: staging.unwrap_or(queue),
            },
            0,
        );
        let n = match &cols {
            Ok(c) => c.len(),
            Err(_) => 0,
        };
        let cols = match cols {
            Ok(c) => c,
            Err(e) => {
                for (f, h) in self.ctes.iter_mut().zip(hidden) {
                    if let Some(h) = h {
                        f.insert(k.clone(), h);
                    }
                }
                return Err(e);
            }
        };
        let names: Vec<String> = if def.cte.columns.is_empty() {
            cols.iter().map(|c| c.name.clone()).collect()
        } else {
            def.cte.columns.iter().map(|c| c.name.clone()).collect()
        };
        let order = match compound_order(&sel.order_by, &cols) {
            Ok(o) => o,
            Err(e) => {
                for (f, h) in self.ctes.iter_mut().zip(hidden) {
                    if let Some(h) = h {
                        f.insert(k.clone(), h);
                    }
                }
                return Err(e);
            }
        };
        // Queue entries: the row, or (ORDER BY keys, sequence, row) when ordered.
        let nk = if order.is_empty() { 0 } else { order.len() + 1 };
        if co.is_none() {
            self.b.insns[opens] = Insn::OpenEphemeral {
                cursor: result,
                n_columns: n,
                key_info: None,
            };
        }
        self.b.insns[open2] = Insn::OpenEphemeral {
            cursor: queue,
            n_columns: nk + n,
            key_info: (nk > 0).then(|| Arc::new(queue_key_info(&order, n))),
        };
        if let Some(st) = staging {
            self.b.insns[open5] = Insn::OpenEphemeral {
                cursor: st,
                n_columns: n,
                key_info: None,
            };
        }
        let queue_dest = if nk > 0 {
            Dest::Queue {
                cursor: queue,
                order: order.iter().map(|o| o.0).collect(),
            }
        } else {
            Dest::Table { cursor: queue }
        };
        if let Some(st) = staging {
            self.copy_rows(st, n, &queue_dest);
        }
        self.b.insns[open3] = Insn::OpenEphemeral {
            cursor: current,
            n_columns: n,
            key_info: None,
        };
        if let Some(s) = seen {
            self.b.insns[open4] = Insn::OpenEphemeral {
                cursor: s,
                n_columns: n,
                key_info: Some(Arc::new(KeyInfo::ascending(n))),
            };
        }
        // Loop: take the first queued row.
        let top = self.b.here();
        self.b.emit(Insn::Rewind {
            cursor: queue,
            target: done,
        });
        let row = self.b.alloc_regs(n);
        for i in 0..n {
            self.b.emit(Insn::Column {
                cursor: queue,
                column: nk + i,
                dest: row + i,
                default: None,
            });
        }
        self.b.emit(Insn::Delete {
            cursor: queue,
            flags: Default::default(),
            table: None,
        });
        if let Some(s) = seen {
            self.b.emit(Insn::Found {
                cursor: s,
                target: top,
                key: row,
                n_key: n,
            });
            self.output(&Dest::Set { cursor: s }, row, n);
        }
        let feed = self.b.label();
        if let Some(o) = offset {
            self.b.emit(Insn::IfPos {
                reg: o,
                target: feed,
                decrement: 1,
            });
        }
        match co {
            Some(reg) => {
                self.b.emit(Insn::Yield { reg, target: 0 });
            }
            None => self.output(&Dest::Table { cursor: result }, row, n),
        }
        for l in [limit, cap].into_iter().flatten() {
            self.b.emit(Insn::DecrJumpZero {
                reg: l,
                target: done,
            });
        }
        self.b.bind(feed);
        self.b.emit(Insn::ResetSorter { cursor: current });
        self.output(&Dest::Table { cursor: current }, row, n);
        // The recursive cores read `current` under the CTE's name.
        let src_cols: Vec<ColInfo> = cols.clone();
        for (f, h) in self.ctes.iter_mut().zip(hidden) {
            if let Some(h) = h {
                f.insert(k.clone(), h);
            }
        }
        self.recursive_current
            .push((k.clone(), current, src_cols.clone(), names.clone()));
        let mut r = Ok(());
        for (_, core) in &sel.compounds {
            let s = Self::core_as_select(core, sel.span);
            if let Err(e) = self.select(&s, &queue_dest, 0) {
                r = Err(e);
                break;
            }
        }
        self.recursive_current.pop();
        r?;
        self.b.emit(Insn::Goto { target: top });
        self.b.bind(done);
        Ok((result, cols, row))
    }

    /// Sends every row of ephemeral table `from` (n columns) to `dest`.
    fn copy_rows(&mut self, from: CursorId, n: usize, dest: &Dest) {
        let end = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: from,
            target: end,
        });
        let top = self.b.here();
        let row = self.b.alloc_regs(n);
        for i in 0..n {
            self.b.emit(Insn::Column {
                cursor: from,
                column: i,
                dest: row + i,
                default: None,
            });
        }
        self.output(dest, row, n);
        self.b.emit(Insn::Next {
            cursor: from,
            target: top,
        });
        self.b.bind(end);
    }
}

/// The key of a recursive CTE's priority queue: the ORDER BY fields, a sequence number (rows
/// with equal keys leave in arrival order), then the row's `n` columns.
fn queue_key_info(order: &[(usize, bool, Option<Collation>)], n: usize) -> KeyInfo {
    let mut collations: Vec<Collation> = order
        .iter()
        .map(|o| o.2.clone().unwrap_or(Collation::Binary))
        .collect();
    let mut desc: Vec<bool> = order.iter().map(|o| o.1).collect();
    collations.resize(order.len() + 1 + n, Collation::Binary);
    desc.resize(order.len() + 1 + n, false);
    KeyInfo {
        collations,
        desc,
        n_key_fields: order.len() + 1 + n,
    }
}

/// The sources looped outside of source `src` in `plans`' order (bit i = source i).
fn placed_before(plans: &[crate::planner::plan::LevelPlan], src: usize) -> u64 {
    plans
        .iter()
        .take_while(|lp| lp.src != src)
        .fold(0, |m, lp| m | 1u64 << lp.src.min(63))
}

fn unreachable_source() -> Source {
    Source {
        name: String::new(),
        table: None,
        columns: vec![],
        cursor: 0,
        outer: false,
        regs: None,
        cover: None,
        indexed: None,
        db: None,
    }
}

fn other_side(e: &Expr, other_is_right: bool) -> &Expr {
    match &e.kind {
        ExprKind::Binary { left, right, .. } => {
            if other_is_right {
                right
            } else {
                left
            }
        }
        _ => e,
    }
}

fn int_literal(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Literal(ast::Literal::Integer(i)) => Some(*i),
        _ => None,
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A SELECT whose rows go into a compound's set: its own DISTINCT is dropped, since the set
/// removes duplicates anyway, and as in SQLite a later duplicate (3.0 after 3) replaces the
/// earlier one in the set.
fn set_member(core: &ast::SelectCore) -> ast::SelectCore {
    match core {
        ast::SelectCore::Select(c) if c.distinct => {
            let mut c = c.clone();
            c.distinct = false;
            ast::SelectCore::Select(c)
        }
        other => other.clone(),
    }
}

fn inner_agg_name(c: &Compiler<'_>, e: &Expr) -> Option<String> {
    let mut name = None;
    walk(e, &mut |x| {
        if let ExprKind::Function(f) = &x.kind {
            if matches!(c.function_kind(f), Ok(FuncKind::Aggregate)) && name.is_none() {
                name = Some(f.name.name.clone());
            }
        }
        name.is_none()
    });
    name
}

fn check_arity(first: &[ColInfo], other: &[ColInfo], op: ast::CompoundOp) -> Result<()> {
    if first.len() != other.len() {
        let name = match op {
            ast::CompoundOp::Union => "UNION",
            ast::CompoundOp::UnionAll => "UNION ALL",
            ast::CompoundOp::Intersect => "INTERSECT",
            ast::CompoundOp::Except => "EXCEPT",
        };
        return Err(Error::sql(format!(
            "SELECTs to the left and right of {name} do not have the same number of result columns"
        )));
    }
    Ok(())
}

/// Marks a compound ORDER BY entry as the `IS NULL` flag of its column (see
/// [`Compiler::order_key_copy`]).
const NULLS_FLAG: usize = 1 << 30;

/// ORDER BY of a compound or VALUES: each term names a result column (number, name or alias).
fn compound_order(
    order_by: &[ast::OrderingTerm],
    cols: &[ColInfo],
) -> Result<Vec<(usize, bool, Option<Collation>)>> {
    let mut out = Vec::new();
    for (i, t) in order_by.iter().enumerate() {
        let (base, coll) = match &t.expr.kind {
            ExprKind::Collate { expr, collation } => {
                (&**expr, Some(Collation::from_name(&collation.name)))
            }
            _ => (&t.expr, None),
        };
        let idx = if let Some(k) = int_literal(base) {
            if k < 1 || k as usize > cols.len() {
                return Err(Error::sql(format!(
                    "{} ORDER BY term out of range - should be between 1 and {}",
                    ordinal(i + 1),
                    cols.len()
                )));
            }
            k as usize - 1
        } else {
            let name = match &base.kind {
                ExprKind::Column { column, .. } => Some(column.name.as_str()),
                _ => None,
            };
            match name.and_then(|n| cols.iter().position(|c| c.name.eq_ignore_ascii_case(n))) {
                Some(p) => p,
                None => {
                    return Err(Error::sql(format!(
                        "{} ORDER BY term does not match any column in the result set",
                        ordinal(i + 1)
                    )))
                }
            }
        };
        let coll = coll.or_else(|| cols[idx].collation.as_deref().map(Collation::from_name));
        let desc = t.order == Some(ast::SortOrder::Desc);
        // NULLS FIRST/LAST against the direction's default: sort on `column IS NULL` first.
        match (t.nulls, desc) {
            (Some(ast::NullsOrder::Last), false) => out.push((idx | NULLS_FLAG, false, None)),
            (Some(ast::NullsOrder::First), true) => out.push((idx | NULLS_FLAG, true, None)),
            _ => {}
        }
        out.push((idx, desc, coll));
    }
    Ok(out)
}

fn order_as_terms(
    order: &[(usize, bool, Option<Collation>)],
) -> Vec<(Expr, bool, Option<Collation>)> {
    order
        .iter()
        .map(|o| {
            (
                Expr {
                    kind: ExprKind::Literal(ast::Literal::Null),
                    span: ast::Span::default(),
                },
                o.1,
                o.2.clone(),
            )
        })
        .collect()
}
