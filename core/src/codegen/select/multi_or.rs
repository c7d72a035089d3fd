//! The `MULTI-INDEX OR` loop (see [`crate::planner::multi_or`]):
//!
//! ```text
//!       Null set                      (RowSet of rowids seen)
//!       branch 1 search: for each rowid r: RowSetTest set, r -> skip; Gosub ret -> body
//!       ...
//!       branch n search: likewise
//!       Goto tail
//! top:  NotExists table, rid -> next  (the body: filters, inner loops, output)
//! next: Return ret                    (emitted by close_loops)
//! tail:
//! ```

use crate::error::Result;
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::multi_or::OrBranch;
use crate::planner::plan::{describe, Access, LevelPlan, SourceInfo};
use crate::planner::resolve::Source;
use crate::value::affinity::Affinity;
use crate::vdbe::insn::{Insn, Reg};

use super::super::Compiler;
use super::{other_side, split_and, Level};

/// The branches of an OR expression, each split on AND.
pub(super) fn or_leaves(e: &Expr) -> Vec<Vec<&Expr>> {
    fn walk<'x>(e: &'x Expr, out: &mut Vec<&'x Expr>) {
        match &e.kind {
            ExprKind::Binary {
                left,
                op: ast::BinaryOp::Or,
                right,
            } => {
                walk(left, out);
                walk(right, out);
            }
            _ => out.push(e),
        }
    }
    let mut leaves = Vec::new();
    walk(e, &mut leaves);
    leaves
        .into_iter()
        .map(|l| {
            let mut v = Vec::new();
            split_and(l, &mut v);
            v
        })
        .collect()
}

impl Compiler<'_> {
    /// The EXPLAIN QUERY PLAN lines of a `MULTI-INDEX OR` loop.
    pub(super) fn plan_multi_or(
        &mut self,
        lp: &LevelPlan,
        info: &SourceInfo,
        note: &str,
        suffix: &str,
    ) {
        let Access::MultiOr { branches, .. } = &lp.access else {
            return;
        };
        let top = self.plan(0, "MULTI-INDEX OR".into());
        for (i, b) in branches.iter().enumerate() {
            let sub = self.plan(top, format!("INDEX {}", i + 1));
            let level = LevelPlan {
                src: lp.src,
                access: b.access.clone(),
            };
            self.plan(sub, describe(&level, info, note) + suffix);
        }
    }

    /// Opens the `MULTI-INDEX OR` loop of term `term` (see the module header); the level's
    /// `next` must end with `Return` (close_loops).
    pub(super) fn open_multi_or(
        &mut self,
        src: &Source,
        lv: &mut Level,
        terms: &[(Expr, Option<usize>)],
        term: usize,
        branches: &[OrBranch],
    ) -> Result<Reg> {
        let set = self.b.alloc_reg();
        let ret = self.b.alloc_reg();
        let rid = self.b.alloc_reg();
        self.b.emit(Insn::Null {
            dest: set,
            dest_end: set,
        });
        // Each branch's terms: its own, then the scope's other terms (as the planner lists
        // them, see `crate::planner::multi_or::branch_terms`).
        let others = terms
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != term)
            .map(|(_, t)| t.clone());
        let leaves: Vec<Vec<(Expr, Option<usize>)>> = or_leaves(&terms[term].0)
            .into_iter()
            .map(|l| {
                let mut v: Vec<_> = l.into_iter().map(|e| (e.clone(), None)).collect();
                v.extend(others.clone());
                v
            })
            .collect();
        for (b, leaf) in branches.iter().zip(&leaves) {
            let mut bl = Level {
                src: lv.src,
                access: b.access.clone(),
                index_cursor: None,
                outer: false,
                match_reg: 0,
                null_mode: 0,
                top: self.b.label(),
                next: self.b.label(),
                tail: self.b.label(),
                brk: self.b.label(),
                body: self.b.label(),
                in_set: None,
            };
            let step = match &b.access {
                Access::IndexEq {
                    index,
                    terms: used,
                    range,
                    ..
                } => {
                    self.open_index_seek(
                        src,
                        &mut bl,
                        leaf,
                        index,
                        used,
                        range.as_ref(),
                        false,
                        false,
                    )?;
                    let ic = bl.index_cursor.unwrap_or(src.cursor);
                    self.b.emit(Insn::IdxRowid {
                        cursor: ic,
                        dest: rid,
                    });
                    Some(Insn::Next {
                        cursor: ic,
                        target: bl.top,
                    })
                }
                Access::RowidRange { range, .. } => {
                    self.open_rowid_range(src, &bl, leaf, range, false)?;
                    self.b.emit(Insn::Rowid {
                        cursor: src.cursor,
                        dest: rid,
                    });
                    Some(Insn::Next {
                        cursor: src.cursor,
                        target: bl.top,
                    })
                }
                Access::RowidEq {
                    term,
                    other_is_right,
                } => {
                    let other = other_side(&leaf[*term].0, *other_is_right);
                    self.expr(other, rid)?;
                    self.b.emit(Insn::Affinity {
                        start: rid,
                        affinities: vec![Affinity::Numeric],
                    });
                    self.b.emit(Insn::SeekRowid {
                        cursor: src.cursor,
                        target: bl.tail,
                        rowid: rid,
                    });
                    self.b.emit(Insn::Rowid {
                        cursor: src.cursor,
                        dest: rid,
                    });
                    None
                }
                _ => None,
            };
            self.b.emit(Insn::RowSetTest {
                set,
                target: bl.next,
                value: rid,
                set_id: 0,
            });
            self.b.emit(Insn::Gosub {
                return_reg: ret,
                target: lv.top,
            });
            self.b.bind(bl.next);
            if let Some(insn) = step {
                self.b.emit(insn);
            }
            self.b.bind(bl.tail);
        }
        self.b.emit(Insn::Goto { target: lv.tail });
        self.b.bind(lv.top);
        self.b.emit(Insn::NotExists {
            cursor: src.cursor,
            target: lv.next,
            rowid: rid,
        });
        Ok(ret)
    }
}
