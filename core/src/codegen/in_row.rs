//! Row-value IN: `(a, b) IN (SELECT x, y FROM ...)` (rowvalue.html, lang_expr.html "The IN
//! and NOT IN operators").
//!
//! The subquery fills an ephemeral set of n-column keys (per column: the comparison affinity
//! of the left item and the subquery column, applied to both sides; the left item's
//! collation, else the column's). The result is 1 when the left row is in the set; else NULL
//! when some set row compares NULL with it (every pair of non-NULL components equal, some
//! component NULL), else 0. A left row with a NULL component skips the lookup and scans.

use std::sync::Arc;

use super::Compiler;
use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr};
use crate::value::affinity::Affinity;
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{CmpFlags, Insn};

impl Compiler<'_> {
    /// Compiles `(items) IN (sel)` into `target` (1, 0 or NULL).
    pub(crate) fn in_select_row(
        &mut self,
        items: &[Expr],
        sel: &ast::Select,
        target: crate::vdbe::insn::Reg,
    ) -> Result<()> {
        let n = items.len();
        let set = self.b.alloc_cursor();
        let once = self.b.emit(Insn::Noop);
        let open_at = self.b.emit(Insn::Noop);
        let after_build = self.b.label();
        let depth = self.scopes.len();
        let saved = self.take_min_depth();
        self.n_subqueries += 1;
        let label = format!("LIST SUBQUERY {}", self.n_subqueries);
        let built_from = self.b.insns.len();
        self.in_rhs_begin();
        let (cols, row) = self.plan_nested(label, |c| {
            c.select(sel, &super::select::Dest::Set { cursor: set }, 0)
        })?;
        if cols.len() != n {
            return Err(Error::sql(format!(
                "sub-select returns {} columns - expected {n}",
                cols.len()
            )));
        }
        let rhs_affs = self.in_rhs_affinities(sel, &cols);
        let correlated = self.restore_min_depth(saved) < depth;
        if correlated {
            let d = &mut self.query_plan[row].2;
            *d = format!("CORRELATED {d}");
        } else {
            self.b.insns[once] = Insn::Once {
                target: after_build,
            };
        }
        let mut affs = Vec::with_capacity(n);
        let mut colls = Vec::with_capacity(n);
        for ((item, col), rhs_aff) in items.iter().zip(&cols).zip(rhs_affs) {
            affs.push(
                super::in_compound::compare_affinity(self.expr_affinity(item), rhs_aff)
                    .unwrap_or(Affinity::Blob),
            );
            let c = self
                .explicit_collation(item)
                .or_else(|| col.collation.as_deref().map(Collation::from_name))
                .or_else(|| self.expr_collation(item))
                .unwrap_or_default();
            colls.push(c);
        }
        self.b.insns[open_at] = Insn::OpenEphemeral {
            cursor: set,
            n_columns: n,
            key_info: Some(Arc::new(KeyInfo {
                collations: colls.clone(),
                desc: vec![false; n],
                n_key_fields: n,
            })),
        };
        super::in_affinity::set_record_affinities(&mut self.b.insns[built_from..], set, &affs);
        self.b.bind(after_build);
        let lhs = self.b.alloc_regs(n);
        for (i, item) in items.iter().enumerate() {
            self.expr(item, lhs + i)?;
        }
        self.b.emit(Insn::Affinity {
            start: lhs,
            affinities: affs,
        });
        let (scan, found, done) = (self.b.label(), self.b.label(), self.b.label());
        for i in 0..n {
            self.b.emit(Insn::IsNull {
                reg: lhs + i,
                target: scan,
            });
        }
        self.b.emit(Insn::Found {
            cursor: set,
            target: found,
            key: lhs,
            n_key: n,
        });
        // No exact match: NULL if a set row compares NULL, else 0.
        self.b.bind(scan);
        self.b.emit(Insn::Integer {
            value: 0,
            dest: target,
        });
        self.b.emit(Insn::Rewind {
            cursor: set,
            target: done,
        });
        let top = self.b.here();
        let (next, is_null) = (self.b.label(), self.b.label());
        let t = self.b.alloc_reg();
        let saw_null = self.b.alloc_reg();
        self.b.emit(Insn::Integer {
            value: 0,
            dest: saw_null,
        });
        for (i, coll) in colls.into_iter().enumerate() {
            let (mark, cont) = (self.b.label(), self.b.label());
            self.b.emit(Insn::Column {
                cursor: set,
                column: i,
                dest: t,
                default: None,
            });
            self.b.emit(Insn::IsNull {
                reg: t,
                target: mark,
            });
            self.b.emit(Insn::IsNull {
                reg: lhs + i,
                target: mark,
            });
            self.b.emit(Insn::Ne {
                lhs: lhs + i,
                rhs: t,
                target: next,
                flags: CmpFlags {
                    collation: Some(coll),
                    ..CmpFlags::default()
                },
            });
            self.b.emit(Insn::Goto { target: cont });
            self.b.bind(mark);
            self.b.emit(Insn::Integer {
                value: 1,
                dest: saw_null,
            });
            self.b.bind(cont);
        }
        self.b.emit(Insn::If {
            reg: saw_null,
            target: is_null,
            jump_if_null: false,
        });
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: set,
            target: top,
        });
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(is_null);
        self.b.emit(Insn::Null {
            dest: target,
            dest_end: target,
        });
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(found);
        self.b.emit(Insn::Integer {
            value: 1,
            dest: target,
        });
        self.b.bind(done);
        Ok(())
    }
}
