//! Window functions (windowfunctions.html): codegen for a SELECT whose result columns or
//! ORDER BY call window functions.
//!
//! The SELECT's ordinary row source (the join loops, or the aggregate loop of a GROUP BY /
//! aggregate query) runs unchanged, but each row it would output is captured instead
//! ([`Compiler::window_capture`], called from `emit_result`). Windows are then evaluated one
//! distinct window at a time, the last one first, each pass sorting the previous pass's rows
//! (stably) by its keys and running [`Insn::WindowEval`], which appends one value per window
//! call. The last pass is the first window of the SELECT, so with no ORDER BY rows come out in
//! its order, as in SQLite.
//!
//! Windows are distinct when PARTITION BY, ORDER BY or the frame differ. Built-in window
//! functions count with the fixed frame SQLite gives them ([`forced_frame_key`]), so calls
//! share a pass exactly when SQLite evaluates them together, and values that depend on the
//! order of tied rows (row_number(), lag(), ...) match SQLite's.
//!
//! ```text
//! row source ─▶ capture: P = [leaves | call args, filter | keys of every window]
//! pass k (window w): sorter_k [pk_w, ok_w, seq, P, R_1..R_k-1] ─WindowEval─▶ E_k (+ R_k)
//! last pass: each E row ─▶ leaves and results into registers ─▶ result columns (AggMap)
//! ```
//! "Leaves" are what the result expressions read outside window calls: columns of this
//! SELECT and aggregate calls (in an aggregate query).

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::func::window::{FrameBound, FrameExclude, FrameSpec, FrameUnits};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::ColRef;
use crate::value::compare::{Collation, KeyInfo};
use crate::value::Value;
use crate::vdbe::insn::{CursorId, FuncRef, Insn, Reg, WindowCall};

use super::expr::{expr_id, AggMap};
use super::select::window_order::FirstSort;
use super::select::{walk_pub, ColInfo, Dest, Pipeline};
use super::{Compiler, FuncKind};

/// State between [`Compiler::window_begin`] and [`Compiler::window_finish`].
pub(crate) struct WinSink {
    /// Sorter of the first pass.
    sorter: CursorId,
    /// EXPLAIN QUERY PLAN: the parent row before the window SELECT, and one
    /// `CO-ROUTINE (subquery-N)` row (id, N) per window, outermost (the first window) first.
    plan_parent: i64,
    levels: Vec<(i64, usize)>,
    /// Directions SQLite gives a GROUP BY sorter feeding this SELECT (see `group_dirs`).
    group_dirs: Vec<bool>,
    /// How much of the first pass's order the loop delivers (its sorter's plan line).
    pub(crate) first_sort: FirstSort,
}

/// Number of SELECT keywords in `sql` (outside literals, quoted names and comments): SQLite
/// numbers the subqueries its window rewrite creates after the statement's own SELECTs.
fn count_selects(sql: &str) -> usize {
    let b = sql.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        let c = b[i];
        let close = match c {
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            b'`' => Some(b'`'),
            b'[' => Some(b']'),
            _ => None,
        };
        if let Some(close) = close {
            i += 1;
            while i < b.len() && b[i] != close {
                i += 1;
            }
            i += 1;
        } else if b[i..].starts_with(b"--") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            if sql[start..i].eq_ignore_ascii_case("select") {
                n += 1;
            }
        } else {
            i += 1;
        }
    }
    n
}

pub(crate) fn has_window(e: &Expr) -> bool {
    let mut found = false;
    walk_pub(e, &mut |x| {
        if let ExprKind::Function(f) = &x.kind {
            if f.over.is_some() {
                found = true;
            }
        }
        !found
    });
    found
}

/// The first window call inside `e` (for "misuse of window function f()").
fn inner_window(e: &Expr) -> Option<String> {
    let mut name = None;
    walk_pub(e, &mut |x| {
        if let ExprKind::Function(f) = &x.kind {
            if f.over.is_some() && name.is_none() {
                name = Some(f.name.name.clone());
            }
        }
        name.is_none()
    });
    name
}

/// One window call.
struct WCall<'e> {
    e: &'e Expr,
    name: String,
    args: Vec<&'e Expr>,
    filter: Option<&'e Expr>,
    frame: Option<&'e ast::Frame>,
    /// Index into [`Plan::wins`].
    win: usize,
    /// Position of its first argument in P (the filter follows the arguments).
    at: usize,
}

/// One distinct window (PARTITION BY + ORDER BY).
struct Win<'e> {
    spec: &'e ast::WindowSpec,
    /// Frame identity ([`frame_key`]): calls differing in it are separate windows.
    frame: String,
    /// Position of its keys in P.
    at: usize,
}

/// Whether an ORDER BY term sorts NULLs against its direction's default (`NULLS LAST` on
/// ASC, `NULLS FIRST` on DESC): such a term is preceded in the key by an `x IS NULL` flag.
fn null_flag(o: &ast::OrderingTerm) -> bool {
    let desc = o.order == Some(ast::SortOrder::Desc);
    matches!(
        (o.nulls, desc),
        (Some(ast::NullsOrder::Last), false) | (Some(ast::NullsOrder::First), true)
    )
}

impl Win<'_> {
    fn np(&self) -> usize {
        self.spec.partition_by.len()
    }
    /// Number of ORDER BY terms.
    fn n_terms(&self) -> usize {
        self.spec.order_by.len()
    }
    /// Number of ORDER BY key fields (terms plus NULLS flags).
    fn no(&self) -> usize {
        self.n_terms() + self.spec.order_by.iter().filter(|o| null_flag(o)).count()
    }
    fn nk(&self) -> usize {
        self.np() + self.no()
    }
}

struct Plan<'e> {
    calls: Vec<WCall<'e>>,
    wins: Vec<Win<'e>>,
    /// Expressions captured for the final phase, and the column each reads (if a column).
    leaves: Vec<(&'e Expr, Option<ColRef>)>,
    /// Width of P.
    width: usize,
}

impl Plan<'_> {
    /// Windows in the order they are evaluated: the last distinct window first.
    fn passes(&self) -> Vec<usize> {
        (0..self.wins.len()).rev().collect()
    }
}

fn spec_of(f: &ast::FunctionCall) -> Option<&ast::WindowSpec> {
    match &f.over {
        Some(ast::Over::Spec(s)) => Some(s),
        _ => None,
    }
}

impl Compiler<'_> {
    /// Resolves the window definitions of the result columns and ORDER BY terms in place
    /// (see `window_spec`); a no-op for a SELECT without window calls.
    pub(crate) fn window_resolve(
        &self,
        core: &ast::SelectClause,
        rcols: &mut [(Expr, ColInfo, bool)],
        order: &mut [(Expr, bool, Option<Collation>)],
    ) -> Result<()> {
        for r in rcols.iter_mut() {
            super::window_spec::resolve_in_expr(&core.windows, &mut r.0)?;
        }
        for o in order.iter_mut() {
            super::window_spec::resolve_in_expr(&core.windows, &mut o.0)?;
        }
        Ok(())
    }

    /// Checks one window call and returns its entry (without window/position).
    fn window_call<'e>(&self, e: &'e Expr, f: &'e ast::FunctionCall) -> Result<WCall<'e>> {
        let kind = self.function_kind(f)?;
        let name = f.name.name.to_ascii_lowercase();
        let n = match &f.args {
            ast::FunctionArgs::Star => 0,
            ast::FunctionArgs::List(a) => a.len(),
        };
        if kind == FuncKind::Scalar
            || (kind == FuncKind::Aggregate && !self.funcs.window_capable(&name, n))
        {
            return Err(Error::sql(format!(
                "{}() may not be used as a window function",
                f.name.name
            )));
        }
        if f.distinct {
            return Err(Error::sql("DISTINCT is not supported for window functions"));
        }
        if f.filter.is_some() && kind == FuncKind::Window {
            return Err(Error::sql(
                "FILTER clause may only be used with aggregate window functions",
            ));
        }
        let args: Vec<&Expr> = match &f.args {
            ast::FunctionArgs::Star => vec![],
            ast::FunctionArgs::List(a) => a.iter().collect(),
        };
        let spec = spec_of(f).ok_or_else(|| Error::sql("no such window"))?;
        let inner = args
            .iter()
            .copied()
            .chain(f.filter.as_deref())
            .chain(spec.partition_by.iter())
            .chain(spec.order_by.iter().map(|o| &o.expr))
            .find_map(inner_window);
        if let Some(n) = inner {
            return Err(Error::sql(format!("misuse of window function {n}()")));
        }
        Ok(WCall {
            e,
            name,
            args,
            filter: f.filter.as_deref(),
            frame: spec.frame.as_ref(),
            win: 0,
            at: 0,
        })
    }

    /// Finds the window calls, windows and leaves of a SELECT's result and ORDER BY.
    fn window_plan<'e>(
        &self,
        rcols: &'e [(Expr, ColInfo, bool)],
        order: &'e [(Expr, bool, Option<Collation>)],
    ) -> Result<Plan<'e>> {
        let depth = self.scopes.len() - 1;
        let mut calls: Vec<WCall<'e>> = Vec::new();
        let mut wins: Vec<Win<'e>> = Vec::new();
        let mut leaves: Vec<(&'e Expr, Option<ColRef>)> = Vec::new();
        let mut err = None;
        let roots = rcols.iter().map(|r| &r.0).chain(order.iter().map(|o| &o.0));
        for root in roots {
            walk_pub(root, &mut |x| {
                if err.is_some() {
                    return false;
                }
                match &x.kind {
                    ExprKind::Function(f) if f.over.is_some() => {
                        match self.window_call(x, f) {
                            Ok(c) => calls.push(c),
                            Err(e) => err = Some(e),
                        }
                        false
                    }
                    ExprKind::Function(f) => match self.function_kind(f) {
                        Ok(FuncKind::Aggregate) => {
                            let mut inner = None;
                            x.for_each_child(|c| {
                                if inner.is_none() {
                                    inner = inner_window(c);
                                }
                            });
                            match inner {
                                Some(n) => {
                                    err =
                                        Some(Error::sql(format!("misuse of window function {n}()")))
                                }
                                None => leaves.push((x, None)),
                            }
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
                                if !leaves.iter().any(|l| l.1 == Some(cr)) {
                                    leaves.push((x, Some(cr)));
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
                        super::select::select_exprs_pub(sel, &mut |y| {
                            if let ExprKind::Column { .. } = y.kind {
                                if let Ok(Some(cr)) = self.resolve_column(y) {
                                    if cr.depth == depth && !leaves.iter().any(|l| l.1 == Some(cr))
                                    {
                                        leaves.push((y, Some(cr)));
                                    }
                                }
                            }
                        });
                        true
                    }
                    _ => true,
                }
            });
        }
        if let Some(e) = err {
            return Err(e);
        }
        let text = |e: &Expr| e.span.text(self.sql).to_ascii_lowercase();
        let mut at = leaves.len();
        for c in &mut calls {
            c.at = at;
            at += c.args.len() + usize::from(c.filter.is_some());
        }
        for c in &mut calls {
            let ExprKind::Function(f) = &c.e.kind else {
                continue;
            };
            let Some(spec) = spec_of(f) else { continue };
            let frame = forced_frame_key(&c.name)
                .map(str::to_string)
                .unwrap_or_else(|| frame_key(spec.frame.as_ref(), self.sql));
            let same = |w: &Win| {
                let s = w.spec;
                w.frame == frame
                    && s.partition_by.len() == spec.partition_by.len()
                    && s.order_by.len() == spec.order_by.len()
                    && s.partition_by
                        .iter()
                        .zip(&spec.partition_by)
                        .all(|(a, b)| text(a) == text(b))
                    && s.order_by.iter().zip(&spec.order_by).all(|(a, b)| {
                        text(&a.expr) == text(&b.expr) && a.order == b.order && a.nulls == b.nulls
                    })
            };
            c.win = match wins.iter().position(same) {
                Some(i) => i,
                None => {
                    wins.push(Win {
                        spec,
                        at: 0,
                        frame: frame.clone(),
                    });
                    wins.len() - 1
                }
            };
        }
        for w in &mut wins {
            w.at = at;
            at += w.nk();
        }
        Ok(Plan {
            calls,
            wins,
            leaves,
            width: at,
        })
    }

    /// Sort key description of window `w`: partition fields, order fields, sequence.
    fn window_keyinfo(&self, w: &Win) -> KeyInfo {
        let mut ki = KeyInfo {
            collations: Vec::new(),
            desc: Vec::new(),
            n_key_fields: w.nk() + 1,
        };
        for p in &w.spec.partition_by {
            ki.collations.push(self.window_collation(p));
            ki.desc.push(false);
        }
        for o in &w.spec.order_by {
            let desc = o.order == Some(ast::SortOrder::Desc);
            if null_flag(o) {
                ki.collations.push(Collation::Binary);
                ki.desc
                    .push(desc && o.nulls == Some(ast::NullsOrder::First));
            }
            ki.collations.push(self.window_collation(&o.expr));
            ki.desc.push(desc);
        }
        ki.collations.push(Collation::Binary);
        ki.desc.push(false);
        ki
    }

    fn window_collation(&self, e: &Expr) -> Collation {
        self.explicit_collation(e)
            .or_else(|| self.expr_collation(e))
            .unwrap_or_default()
    }

    /// Starts a window SELECT: checks its window calls and opens the first pass's sorter.
    /// The caller then runs the row source, whose `emit_result` captures rows, and calls
    /// [`Compiler::window_finish`].
    pub(crate) fn window_begin(
        &mut self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
    ) -> Result<()> {
        let plan = self.window_plan(rcols, order)?;
        for c in &plan.calls {
            let w = &plan.wins[c.win];
            // Compile-time frame checks (offsets are checked when they are known).
            frame_spec(c.frame).validate(w.n_terms())?;
        }
        let Some(&first) = plan.passes().first() else {
            return Err(Error::sql("no window function to evaluate"));
        };
        let ki = self.window_keyinfo(&plan.wins[first]);
        let w = &plan.wins[first];
        let sorter = self.b.alloc_cursor();
        self.b.emit(Insn::SorterOpen {
            cursor: sorter,
            n_columns: w.nk() + 1 + plan.width,
            key_info: Arc::new(ki),
        });
        // EXPLAIN QUERY PLAN: SQLite nests one co-routine per window; the row source's rows
        // go under the innermost.
        let plan_parent = self.plan_parent;
        let base = count_selects(self.sql)
            + self
                .query_plan
                .iter()
                .filter(|r| r.2.starts_with("CO-ROUTINE (subquery-"))
                .count();
        let mut levels = Vec::new();
        for i in 0..plan.wins.len() {
            let num = base + 1 + i;
            let id = self.plan(0, format!("CO-ROUTINE (subquery-{num})"));
            self.plan_parent = id;
            levels.push((id, num));
        }
        let group_dirs = super::group_dirs::window_dirs(w.spec);
        self.win_sink = Some(WinSink {
            sorter,
            plan_parent,
            levels,
            group_dirs,
            first_sort: FirstSort::Whole,
        });
        Ok(())
    }

    /// The first pass's sort keys (PARTITION BY ASC, then ORDER BY) as ORDER BY terms, for
    /// the loop to deliver through an index as SQLite does (ties then keep the index order);
    /// `None` when a key has a NULLS flag or the SELECT has no window.
    pub(crate) fn window_order_terms(
        &self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
    ) -> Option<Vec<(Expr, bool, Option<Collation>)>> {
        self.window_pass_terms(rcols, order, true)
    }

    /// The keys of the last pass, which hands out the SELECT's rows in their order (the
    /// first window's keys), as [`Self::window_order_terms`] gives the first pass's.
    pub(crate) fn window_output_terms(
        &self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
    ) -> Option<Vec<(Expr, bool, Option<Collation>)>> {
        self.window_pass_terms(rcols, order, false)
    }

    fn window_pass_terms(
        &self,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        first_pass: bool,
    ) -> Option<Vec<(Expr, bool, Option<Collation>)>> {
        let plan = self.window_plan(rcols, order).ok()?;
        let passes = plan.passes();
        let pass = match first_pass {
            true => passes.first(),
            false => passes.last(),
        };
        let w = &plan.wins[*pass?];
        if w.spec.order_by.iter().any(null_flag) {
            return None;
        }
        let part = w.spec.partition_by.iter().map(|p| (p, false));
        let ord = w
            .spec
            .order_by
            .iter()
            .map(|o| (&o.expr, o.order == Some(ast::SortOrder::Desc)));
        let terms = part
            .chain(ord)
            .map(|(e, d)| (e.clone(), d, Some(self.window_collation(e))))
            .collect();
        Some(terms)
    }

    /// While a window SELECT's row source is compiled: the directions its GROUP BY sorter
    /// takes from the first pass's window ([`super::group_dirs`]).
    pub(crate) fn window_group_dirs(&self) -> Option<Vec<bool>> {
        self.win_sink.as_ref().map(|s| s.group_dirs.clone())
    }

    /// Called by `emit_result` while a window SELECT's row source runs: computes P for the
    /// current row and adds it to the first pass's sorter.
    pub(crate) fn window_capture(
        &mut self,
        sink: &WinSink,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
    ) -> Result<()> {
        let plan = self.window_plan(rcols, order)?;
        let Some(&first) = plan.passes().first() else {
            return Err(Error::sql("no window function to evaluate"));
        };
        let w = &plan.wins[first];
        let h = w.nk() + 1;
        let block = self.b.alloc_regs(h + plan.width);
        let p = block + h;
        for (i, (e, _)) in plan.leaves.iter().enumerate() {
            self.expr(e, p + i)?;
        }
        for c in &plan.calls {
            if c.win + 1 != plan.wins.len() {
                self.window_aggs_as_stored(&c.args);
            }
            for (i, a) in c.args.iter().enumerate() {
                self.expr(a, p + c.at + i)?;
                self.window_arg_int_real(c.win + 1 == plan.wins.len(), p + c.at + i);
            }
            if let Some(f) = c.filter {
                // SQLite counts a row when the filter is true (NULL counts as false).
                let r = p + c.at + c.args.len();
                let no = self.b.label();
                let done = self.b.label();
                self.jump_if_false(f, no, true)?;
                self.b.emit(Insn::Integer { value: 1, dest: r });
                self.b.emit(Insn::Goto { target: done });
                self.b.bind(no);
                self.b.emit(Insn::Integer { value: 0, dest: r });
                self.b.bind(done);
            }
        }
        for win in &plan.wins {
            for (i, e) in win.spec.partition_by.iter().enumerate() {
                self.expr(e, p + win.at + i)?;
            }
            let mut k = p + win.at + win.np();
            for o in &win.spec.order_by {
                if null_flag(o) {
                    self.expr(&o.expr, k + 1)?;
                    let done = self.b.label();
                    self.b.emit(Insn::Integer { value: 0, dest: k });
                    self.b.emit(Insn::NotNull {
                        reg: k + 1,
                        target: done,
                    });
                    self.b.emit(Insn::Integer { value: 1, dest: k });
                    self.b.bind(done);
                    k += 2;
                } else {
                    self.expr(&o.expr, k)?;
                    k += 1;
                }
            }
        }
        if w.nk() > 0 {
            self.b.emit(Insn::Copy {
                src: p + w.at,
                dest: block,
                count: w.nk(),
            });
        }
        self.b.emit(Insn::Sequence {
            cursor: sink.sorter,
            dest: block + w.nk(),
        });
        let rec = self.b.alloc_reg();
        self.window_row_reals(block, h, &plan.leaves, plan.width);
        self.b.emit(Insn::MakeRecord {
            start: block,
            count: h + plan.width,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::SorterInsert {
            cursor: sink.sorter,
            record: rec,
        });
        Ok(())
    }

    /// Ends a window SELECT: runs the passes and emits the result rows through `pipe`.
    pub(crate) fn window_finish(
        &mut self,
        sink: WinSink,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        pipe: &Pipeline,
        dest: &Dest,
    ) -> Result<()> {
        let plan = self.window_plan(rcols, order)?;
        for (i, &(id, num)) in sink.levels.iter().enumerate().rev() {
            self.plan_parent = id;
            // The innermost co-routine (the first pass) sorts the loop's rows.
            let line = match i + 1 == sink.levels.len() {
                true => sink.first_sort.plan_line(),
                false => FirstSort::Whole.plan_line(),
            };
            if let Some(line) = line.filter(|_| plan.wins.get(i).is_some_and(|w| w.nk() > 0)) {
                self.plan(0, line.into());
            }
            self.plan_parent = match i {
                0 => sink.plan_parent,
                _ => sink.levels[i - 1].0,
            };
            self.plan(0, format!("SCAN (subquery-{num})"));
        }
        self.plan_parent = sink.plan_parent;
        let passes = plan.passes();
        let mut sorter = sink.sorter;
        // Position of each call's result in R, in evaluation order.
        let mut res_pos: HashMap<usize, usize> = HashMap::new();
        let mut nr = 0usize;
        let end = self.b.label();
        for (k, &wi) in passes.iter().enumerate() {
            let w = &plan.wins[wi];
            let h = w.nk() + 1;
            let mut funcs = Vec::new();
            for (ci, c) in plan.calls.iter().enumerate().filter(|(_, c)| c.win == wi) {
                let (start_reg, end_reg) = self.window_offsets(c)?;
                funcs.push(WindowCall {
                    func: FuncRef {
                        name: c.name.clone(),
                        n_args: c.args.len(),
                    },
                    args: (0..c.args.len()).map(|i| h + c.at + i).collect(),
                    frame: frame_spec(c.frame),
                    filter: c.filter.map(|_| h + c.at + c.args.len()),
                    offsets: (start_reg, end_reg),
                });
                res_pos.insert(ci, nr);
                nr += 1;
            }
            let ki = self.window_keyinfo(w);
            let part_info = KeyInfo {
                collations: ki.collations[..w.np()].to_vec(),
                desc: vec![false; w.np()],
                n_key_fields: w.np(),
            };
            let order_info = KeyInfo {
                collations: ki.collations[w.np()..w.nk()].to_vec(),
                desc: ki.desc[w.np()..w.nk()].to_vec(),
                n_key_fields: w.no(),
            };
            let out = self.b.alloc_cursor();
            self.b.emit(Insn::WindowEval {
                src: sorter,
                dest: out,
                n_partition: w.np(),
                n_order: w.no(),
                partition_info: Arc::new(part_info),
                order_info: Arc::new(order_info),
                funcs,
            });
            let done = self.b.label();
            if let Some(&next) = passes.get(k + 1) {
                // Re-sort by the next window's keys.
                let nw = &plan.wins[next];
                let nh = nw.nk() + 1;
                let n_fields = plan.width + nr;
                let next_sorter = self.b.alloc_cursor();
                let nki = self.window_keyinfo(nw);
                self.b.emit(Insn::SorterOpen {
                    cursor: next_sorter,
                    n_columns: nh + n_fields,
                    key_info: Arc::new(nki),
                });
                self.b.emit(Insn::Rewind {
                    cursor: out,
                    target: done,
                });
                let top = self.b.here();
                let block = self.b.alloc_regs(nh + n_fields);
                for i in 0..n_fields {
                    self.b.emit(Insn::Column {
                        cursor: out,
                        column: h + i,
                        dest: block + nh + i,
                        default: None,
                    });
                }
                if nw.nk() > 0 {
                    self.b.emit(Insn::Copy {
                        src: block + nh + nw.at,
                        dest: block,
                        count: nw.nk(),
                    });
                }
                self.b.emit(Insn::Sequence {
                    cursor: next_sorter,
                    dest: block + nw.nk(),
                });
                let rec = self.b.alloc_reg();
                self.plain_reals(block, nh + n_fields);
                self.b.emit(Insn::MakeRecord {
                    start: block,
                    count: nh + n_fields,
                    dest: rec,
                    affinities: None,
                });
                self.b.emit(Insn::SorterInsert {
                    cursor: next_sorter,
                    record: rec,
                });
                self.b.emit(Insn::Next {
                    cursor: out,
                    target: top,
                });
                self.b.bind(done);
                sorter = next_sorter;
                continue;
            }
            // Last pass: output.
            self.b.emit(Insn::Rewind {
                cursor: out,
                target: end,
            });
            let top = self.b.here();
            let nl = plan.leaves.len();
            let leaf_regs = self.b.alloc_regs(nl.max(1));
            for i in 0..nl {
                self.b.emit(Insn::Column {
                    cursor: out,
                    column: h + i,
                    dest: leaf_regs + i,
                    default: None,
                });
            }
            let res_regs = self.b.alloc_regs(nr.max(1));
            for i in 0..nr {
                self.b.emit(Insn::Column {
                    cursor: out,
                    column: h + plan.width + i,
                    dest: res_regs + i,
                    default: None,
                });
            }
            let mut calls: HashMap<usize, Reg> = HashMap::new();
            let mut cols: HashMap<ColRef, Reg> = HashMap::new();
            for (i, (e, cr)) in plan.leaves.iter().enumerate() {
                match cr {
                    Some(cr) => {
                        cols.insert(*cr, leaf_regs + i);
                    }
                    None => {
                        calls.insert(expr_id(e), leaf_regs + i);
                    }
                }
            }
            for (ci, c) in plan.calls.iter().enumerate() {
                if let Some(&pos) = res_pos.get(&ci) {
                    calls.insert(expr_id(c.e), res_regs + pos);
                }
            }
            let depth = self.scopes.len() - 1;
            let saved = self.agg[depth].take();
            self.agg[depth] = Some(AggMap { calls, cols });
            let r = self.emit_result_pub(rcols, order, pipe, dest);
            self.agg[depth] = saved;
            r?;
            self.b.emit(Insn::Next {
                cursor: out,
                target: top,
            });
        }
        self.b.bind(end);
        Ok(())
    }

    /// Registers holding the evaluated frame offsets of `c` (start, end), if any.
    fn window_offsets(&mut self, c: &WCall) -> Result<(Option<Reg>, Option<Reg>)> {
        let Some(fr) = c.frame else {
            return Ok((None, None));
        };
        let mut one = |b: Option<&ast::FrameBound>| -> Result<Option<Reg>> {
            match b {
                Some(ast::FrameBound::Preceding(e) | ast::FrameBound::Following(e)) => {
                    let r = self.b.alloc_reg();
                    if has_column(e) {
                        // SQLite evaluates the offset outside any row: a column reads NULL.
                        self.b.emit(Insn::Null {
                            dest: r,
                            dest_end: r,
                        });
                    } else {
                        self.expr(e, r)?;
                    }
                    Ok(Some(r))
                }
                _ => Ok(None),
            }
        };
        let s = one(Some(&fr.start))?;
        let e = one(fr.end.as_ref())?;
        Ok((s, e))
    }
}

/// The frame SQLite 3.40 gives built-in window functions whose own frame is ignored (found
/// by probing which calls it evaluates together), as a [`frame_key`]; `None` for functions
/// that use their window's frame (first_value, last_value, nth_value, aggregates).
fn forced_frame_key(name: &str) -> Option<&'static str> {
    Some(match name {
        "row_number" | "lag" => "Rows 0  2  NoOthers",
        "rank" | "dense_rank" => "Range 0  2  NoOthers",
        "percent_rank" => "Groups 2  4  NoOthers",
        "cume_dist" => "Groups 3 1 4  NoOthers",
        "ntile" => "Rows 2  4  NoOthers",
        "lead" => "Rows 0  4  NoOthers",
        _ => return None,
    })
}

/// Kind of a frame bound, in frame order.
fn bound_kind(b: &FrameBound) -> u8 {
    match b {
        FrameBound::UnboundedPreceding => 0,
        FrameBound::Preceding(_) => 1,
        FrameBound::CurrentRow => 2,
        FrameBound::Following(_) => 3,
        FrameBound::UnboundedFollowing => 4,
    }
}

/// A frame's identity for grouping calls into windows: SQLite evaluates windows that differ
/// only in their frame as separate windows (each sorting the rows again).
fn frame_key(fr: Option<&ast::Frame>, sql: &str) -> String {
    let f = frame_spec(fr);
    let off = |b: Option<&ast::FrameBound>| match b {
        Some(ast::FrameBound::Preceding(e) | ast::FrameBound::Following(e)) => {
            e.span.text(sql).to_ascii_lowercase()
        }
        _ => String::new(),
    };
    let (s, e) = match fr {
        Some(fr) => (off(Some(&fr.start)), off(fr.end.as_ref())),
        None => (String::new(), String::new()),
    };
    let exclude = if f.excludes_nothing() {
        FrameExclude::NoOthers
    } else {
        f.exclude
    };
    format!(
        "{:?} {} {s} {} {e} {:?}",
        f.units,
        bound_kind(&f.start),
        bound_kind(&f.end),
        exclude
    )
}

fn has_column(e: &Expr) -> bool {
    let mut found = false;
    walk_pub(e, &mut |x| {
        if matches!(
            x.kind,
            ExprKind::Column { .. }
                | ExprKind::Subquery(_)
                | ExprKind::Exists(_)
                | ExprKind::InSelect { .. }
        ) {
            found = true;
        }
        !found
    });
    found
}

/// The engine's frame for an AST frame (`None`: the default frame). Offsets are placeholders
/// (0) that the VM replaces with the evaluated offsets ([`WindowCall::offsets`]).
pub(crate) fn frame_spec(fr: Option<&ast::Frame>) -> FrameSpec {
    let Some(fr) = fr else {
        return FrameSpec::default();
    };
    let bound = |b: &ast::FrameBound| match b {
        ast::FrameBound::UnboundedPreceding => FrameBound::UnboundedPreceding,
        ast::FrameBound::Preceding(_) => FrameBound::Preceding(Value::Integer(0)),
        ast::FrameBound::CurrentRow => FrameBound::CurrentRow,
        ast::FrameBound::Following(_) => FrameBound::Following(Value::Integer(0)),
        ast::FrameBound::UnboundedFollowing => FrameBound::UnboundedFollowing,
    };
    FrameSpec {
        units: match fr.unit {
            ast::FrameUnit::Rows => FrameUnits::Rows,
            ast::FrameUnit::Range => FrameUnits::Range,
            ast::FrameUnit::Groups => FrameUnits::Groups,
        },
        start: bound(&fr.start),
        end: match &fr.end {
            Some(b) => bound(b),
            None => FrameBound::CurrentRow,
        },
        exclude: match fr.exclude {
            None => FrameExclude::NoOthers,
            Some(ast::FrameExclude::NoOthers) => FrameExclude::NoOthersExplicit,
            Some(ast::FrameExclude::CurrentRow) => FrameExclude::CurrentRow,
            Some(ast::FrameExclude::Group) => FrameExclude::Group,
            Some(ast::FrameExclude::Ties) => FrameExclude::Ties,
        },
    }
}
