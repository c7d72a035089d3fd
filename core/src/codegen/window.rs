//! Window functions (windowfunctions.html), for the frames SQLite uses most:
//! the default `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`, `ROWS ... CURRENT ROW`
//! and `... AND UNBOUNDED FOLLOWING` (the whole partition).
//!
//! ```text
//! loops ──▶ sorter [partition keys, order keys, seq, captured columns, call arguments]
//! sorted rows, one "group" at a time (a peer group for RANGE, a row for ROWS, the whole
//! partition for UNBOUNDED FOLLOWING):
//!     buffer the group's rows, AggStep every aggregate call with them,
//!     then AggValue each call and output every buffered row with those values
//! ```
//! Every window call of one SELECT must use the same window (PARTITION BY and ORDER BY).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::{ColRef, ColSel};
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{FuncRef, Insn, Reg};

use super::expr::{expr_id, AggMap};
use super::select::{walk_pub, ColInfo, Dest, FromPlan, Pipeline};
use super::{Compiler, FuncKind};

/// How rows are grouped before the window values are taken.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    /// ORDER BY peers (the default RANGE frame).
    Peers,
    /// Each row alone (ROWS ... CURRENT ROW).
    Rows,
    /// The whole partition (frame ends UNBOUNDED FOLLOWING, or no ORDER BY).
    Partition,
}

struct Call<'e> {
    e: &'e Expr,
    name: String,
    kind: FuncKind,
    args: Vec<&'e Expr>,
    acc: Reg,
    value: Reg,
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

impl Compiler<'_> {
    fn window_spec<'s>(
        &self,
        core: &'s ast::SelectClause,
        over: &'s ast::Over,
    ) -> Result<ast::WindowSpec> {
        let spec = match over {
            ast::Over::Spec(s) => s.clone(),
            ast::Over::Name(n) => core
                .windows
                .iter()
                .find(|w| w.name.matches(&n.name))
                .map(|w| w.spec.clone())
                .ok_or_else(|| Error::sql(format!("no such window: {}", n.name)))?,
        };
        if let Some(base) = &spec.base {
            let b = core
                .windows
                .iter()
                .find(|w| w.name.matches(&base.name))
                .ok_or_else(|| Error::sql(format!("no such window: {}", base.name)))?;
            let mut merged = b.spec.clone();
            if !spec.order_by.is_empty() {
                merged.order_by = spec.order_by.clone();
            }
            if spec.frame.is_some() {
                merged.frame = spec.frame.clone();
            }
            return Ok(merged);
        }
        Ok(spec)
    }

    /// A SELECT whose result columns call window functions (no GROUP BY/aggregates).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn window_select(
        &mut self,
        core: &ast::SelectClause,
        fplan: &FromPlan,
        rcols: &[(Expr, ColInfo, bool)],
        order: &[(Expr, bool, Option<Collation>)],
        pipe: &Pipeline,
        dest: &Dest,
    ) -> Result<()> {
        if fplan.has_right_pass() {
            return Err(Error::sql(
                "window functions with RIGHT or FULL JOIN are not supported yet",
            ));
        }
        let depth = self.scopes.len() - 1;
        // Window calls and the columns read outside them.
        let mut calls_e: Vec<&Expr> = Vec::new();
        let mut cols: Vec<ColRef> = Vec::new();
        let mut err = None;
        let roots: Vec<&Expr> = rcols
            .iter()
            .map(|r| &r.0)
            .chain(order.iter().map(|o| &o.0))
            .collect();
        for root in roots {
            walk_pub(root, &mut |x| match &x.kind {
                ExprKind::Function(f) if f.over.is_some() => {
                    calls_e.push(x);
                    false
                }
                ExprKind::Column { .. } => {
                    match self.resolve_column(x) {
                        Ok(Some(cr)) if cr.depth == depth => {
                            if !cols.contains(&cr) {
                                cols.push(cr)
                            }
                        }
                        Ok(_) => {}
                        Err(e) => err = Some(e),
                    }
                    false
                }
                _ => true,
            });
        }
        if let Some(e) = err {
            return Err(e);
        }
        // One window for every call.
        let mut spec: Option<ast::WindowSpec> = None;
        let mut calls = Vec::new();
        for e in &calls_e {
            let ExprKind::Function(f) = &e.kind else {
                continue;
            };
            let Some(over) = &f.over else { continue };
            let s = self.window_spec(core, over)?;
            if let Some(prev) = &spec {
                let same = |a: &[Expr], b: &[Expr]| {
                    a.len() == b.len()
                        && a.iter()
                            .zip(b)
                            .all(|(x, y)| x.span.text(self.sql) == y.span.text(self.sql))
                };
                let po: Vec<Expr> = prev.order_by.iter().map(|o| o.expr.clone()).collect();
                let so: Vec<Expr> = s.order_by.iter().map(|o| o.expr.clone()).collect();
                if !same(&prev.partition_by, &s.partition_by)
                    || !same(&po, &so)
                    || prev.frame != s.frame
                {
                    return Err(Error::sql(
                        "window functions with different windows are not supported yet",
                    ));
                }
            } else {
                spec = Some(s);
            }
            let kind = self.function_kind(f)?;
            let name = f.name.name.to_ascii_lowercase();
            if kind == FuncKind::Window
                && !matches!(name.as_str(), "row_number" | "rank" | "dense_rank")
            {
                return Err(Error::sql(format!(
                    "window function {name}() is not supported yet"
                )));
            }
            if kind == FuncKind::Scalar {
                return Err(Error::sql(format!(
                    "{name}() may not be used as a window function"
                )));
            }
            let args: Vec<&Expr> = match &f.args {
                ast::FunctionArgs::Star => vec![],
                ast::FunctionArgs::List(a) => a.iter().collect(),
            };
            let acc = self.b.alloc_reg();
            let value = self.b.alloc_reg();
            calls.push(Call {
                e,
                name,
                kind,
                args,
                acc,
                value,
            });
        }
        let spec = spec.ok_or_else(|| Error::sql("no window"))?;
        let grouping = match &spec.frame {
            _ if spec.order_by.is_empty() => Grouping::Partition,
            None => Grouping::Peers,
            Some(fr) => match (&fr.start, &fr.end) {
                (_, Some(ast::FrameBound::UnboundedFollowing)) => Grouping::Partition,
                (ast::FrameBound::UnboundedPreceding, None | Some(ast::FrameBound::CurrentRow)) => {
                    if fr.unit == ast::FrameUnit::Rows {
                        Grouping::Rows
                    } else {
                        Grouping::Peers
                    }
                }
                _ => return Err(Error::sql("this window frame is not supported yet")),
            },
        };
        if grouping != Grouping::Peers
            && calls
                .iter()
                .any(|c| c.kind == FuncKind::Window && c.name != "row_number")
            && !spec.order_by.is_empty()
        {
            return Err(Error::sql(
                "rank() with this window frame is not supported yet",
            ));
        }
        let np = spec.partition_by.len();
        let no = spec.order_by.len();
        let na: usize = calls.iter().map(|c| c.args.len()).sum();
        let nc = cols.len();
        let width = np + no + 1 + nc + na;
        // Phase 1: rows into the sorter.
        let sorter = self.b.alloc_cursor();
        let mut ki = KeyInfo {
            collations: Vec::new(),
            desc: Vec::new(),
            n_key_fields: np + no + 1,
        };
        for p in &spec.partition_by {
            ki.collations.push(
                self.explicit_collation(p)
                    .or_else(|| self.expr_collation(p))
                    .unwrap_or_default(),
            );
            ki.desc.push(false);
        }
        for o in &spec.order_by {
            ki.collations.push(
                self.explicit_collation(&o.expr)
                    .or_else(|| self.expr_collation(&o.expr))
                    .unwrap_or_default(),
            );
            ki.desc.push(o.order == Some(ast::SortOrder::Desc));
        }
        ki.collations.push(Collation::Binary);
        ki.desc.push(false);
        let ki = Arc::new(ki);
        self.b.emit(Insn::SorterOpen {
            cursor: sorter,
            n_columns: width,
            key_info: ki.clone(),
        });
        let levels = self.open_loops(fplan, core.where_.as_ref(), None)?;
        let block = self.b.alloc_regs(width);
        for (i, p) in spec.partition_by.iter().enumerate() {
            self.expr(p, block + i)?;
        }
        for (i, o) in spec.order_by.iter().enumerate() {
            self.expr(&o.expr, block + np + i)?;
        }
        self.b.emit(Insn::Sequence {
            cursor: sorter,
            dest: block + np + no,
        });
        for (i, cr) in cols.iter().enumerate() {
            self.read_column(*cr, block + np + no + 1 + i);
        }
        let mut at = np + no + 1 + nc;
        for c in &calls {
            for a in &c.args {
                self.expr(a, block + at)?;
                at += 1;
            }
        }
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: block,
            count: width,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::SorterInsert {
            cursor: sorter,
            record: rec,
        });
        self.close_loops(levels);
        // Phase 2: walk the sorted rows group by group.
        let pseudo = self.b.alloc_cursor();
        let data = self.b.alloc_reg();
        self.b.emit(Insn::OpenPseudo {
            cursor: pseudo,
            reg: data,
            n_columns: width,
        });
        let buffer = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: buffer,
            n_columns: width,
            key_info: None,
        });
        let cur = self.b.alloc_regs(np + no);
        let prev = self.b.alloc_regs(np + no);
        let have = self.int_reg(0);
        let rownum = self.int_reg(0);
        let part_rows = self.int_reg(0);
        let rank = self.int_reg(0);
        let dense = self.int_reg(0);
        let ret = self.b.alloc_reg();
        let end = self.b.label();
        let flush = self.b.label();
        let new_part = self.b.label();
        let new_group = self.b.label();
        let same = self.b.label();
        self.b.emit(Insn::SorterSort {
            cursor: sorter,
            target: end,
        });
        let top = self.b.here();
        self.b.emit(Insn::SorterData {
            cursor: sorter,
            dest: data,
            pseudo_cursor: pseudo,
        });
        for i in 0..np + no {
            self.b.emit(Insn::Column {
                cursor: pseudo,
                column: i,
                dest: cur + i,
                default: None,
            });
        }
        self.b.emit(Insn::IfNot {
            reg: have,
            target: new_part,
            jump_if_null: true,
        });
        let part_change = self.b.label();
        if np > 0 {
            let pki = Arc::new(KeyInfo {
                collations: ki.collations[..np].to_vec(),
                desc: vec![false; np],
                n_key_fields: np,
            });
            let eq = self.b.label();
            self.b.emit(Insn::Compare {
                lhs: prev,
                rhs: cur,
                count: np,
                key_info: pki,
                permutation: None,
            });
            self.b.emit(Insn::Jump {
                lt: part_change,
                eq,
                gt: part_change,
            });
            self.b.bind(eq);
        }
        match grouping {
            Grouping::Partition => {
                self.b.emit(Insn::Goto { target: same });
            }
            Grouping::Rows => {
                self.b.emit(Insn::Gosub {
                    return_reg: ret,
                    target: flush,
                });
                self.b.emit(Insn::Goto { target: new_group });
            }
            Grouping::Peers => {
                let oki = Arc::new(KeyInfo {
                    collations: ki.collations[np..np + no].to_vec(),
                    desc: ki.desc[np..np + no].to_vec(),
                    n_key_fields: no,
                });
                let peer_change = self.b.label();
                self.b.emit(Insn::Compare {
                    lhs: prev + np,
                    rhs: cur + np,
                    count: no,
                    key_info: oki,
                    permutation: None,
                });
                self.b.emit(Insn::Jump {
                    lt: peer_change,
                    eq: same,
                    gt: peer_change,
                });
                self.b.bind(peer_change);
                self.b.emit(Insn::Gosub {
                    return_reg: ret,
                    target: flush,
                });
                self.b.emit(Insn::Goto { target: new_group });
            }
        }
        self.b.bind(part_change);
        self.b.emit(Insn::Gosub {
            return_reg: ret,
            target: flush,
        });
        self.b.bind(new_part);
        let scratch = self.b.alloc_reg();
        for c in &calls {
            if c.kind == FuncKind::Aggregate {
                self.b.emit(Insn::AggFinal {
                    func: FuncRef {
                        name: c.name.clone(),
                        n_args: c.args.len(),
                    },
                    acc: c.acc,
                });
                self.b.emit(Insn::Null {
                    dest: c.acc,
                    dest_end: c.acc,
                });
            }
        }
        let _ = scratch;
        self.b.emit(Insn::Integer {
            value: 0,
            dest: rownum,
        });
        self.b.emit(Insn::Integer {
            value: 0,
            dest: part_rows,
        });
        self.b.emit(Insn::Integer {
            value: 0,
            dest: dense,
        });
        self.b.bind(new_group);
        self.b.emit(Insn::Copy {
            src: cur,
            dest: prev,
            count: np + no,
        });
        self.b.emit(Insn::Integer {
            value: 1,
            dest: have,
        });
        self.b.emit(Insn::AddImm {
            reg: dense,
            value: 1,
        });
        self.b.emit(Insn::SCopy {
            src: part_rows,
            dest: rank,
        });
        self.b.emit(Insn::AddImm {
            reg: rank,
            value: 1,
        });
        self.b.bind(same);
        // Buffer the row and step the aggregates.
        let row = self.b.alloc_regs(width);
        for i in 0..width {
            self.b.emit(Insn::Column {
                cursor: pseudo,
                column: i,
                dest: row + i,
                default: None,
            });
        }
        self.output(&Dest::Table { cursor: buffer }, row, width);
        self.b.emit(Insn::AddImm {
            reg: part_rows,
            value: 1,
        });
        let mut at = np + no + 1 + nc;
        for c in &calls {
            if c.kind == FuncKind::Aggregate {
                let coll = c.args.first().and_then(|a| {
                    self.explicit_collation(a)
                        .or_else(|| self.expr_collation(a))
                });
                self.b.emit(Insn::AggStep {
                    func: FuncRef {
                        name: c.name.clone(),
                        n_args: c.args.len(),
                    },
                    args: row + at,
                    acc: c.acc,
                    collation: coll,
                });
            }
            at += c.args.len();
        }
        self.b.emit(Insn::SorterNext {
            cursor: sorter,
            target: top,
        });
        self.b.emit(Insn::Gosub {
            return_reg: ret,
            target: flush,
        });
        self.b.emit(Insn::Goto { target: end });
        // Subroutine: output the buffered group.
        self.b.bind(flush);
        for c in &calls {
            if c.kind == FuncKind::Aggregate {
                self.b.emit(Insn::AggValue {
                    func: FuncRef {
                        name: c.name.clone(),
                        n_args: c.args.len(),
                    },
                    acc: c.acc,
                    dest: c.value,
                });
            }
        }
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: buffer,
            target: done,
        });
        let btop = self.b.here();
        let col_regs = self.b.alloc_regs(nc.max(1));
        for i in 0..nc {
            self.b.emit(Insn::Column {
                cursor: buffer,
                column: np + no + 1 + i,
                dest: col_regs + i,
                default: None,
            });
        }
        self.b.emit(Insn::AddImm {
            reg: rownum,
            value: 1,
        });
        for c in &calls {
            match c.name.as_str() {
                "row_number" if c.kind == FuncKind::Window => {
                    self.b.emit(Insn::SCopy {
                        src: rownum,
                        dest: c.value,
                    });
                }
                "rank" if c.kind == FuncKind::Window => {
                    self.b.emit(Insn::SCopy {
                        src: rank,
                        dest: c.value,
                    });
                }
                "dense_rank" if c.kind == FuncKind::Window => {
                    self.b.emit(Insn::SCopy {
                        src: dense,
                        dest: c.value,
                    });
                }
                _ => {}
            }
        }
        let map = AggMap {
            calls: calls.iter().map(|c| (expr_id(c.e), c.value)).collect(),
            cols: cols
                .iter()
                .cloned()
                .zip((0..nc).map(|i| col_regs + i))
                .collect(),
        };
        self.agg[depth] = Some(map);
        let r = self.emit_result_pub(rcols, order, pipe, dest);
        self.agg[depth] = None;
        r?;
        self.b.emit(Insn::Next {
            cursor: buffer,
            target: btop,
        });
        self.b.bind(done);
        self.b.emit(Insn::ResetSorter { cursor: buffer });
        self.b.emit(Insn::Return { reg: ret });
        self.b.bind(end);
        let _ = ColSel::Rowid;
        Ok(())
    }
}
