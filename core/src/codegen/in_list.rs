//! `x [NOT] IN (e1, e2, ...)` as a value, with sqlite3 3.40.1's order of evaluation (what
//! decides whether an item that raises an error, `abs(-9223372036854775808)`, is reached):
//!
//! ```text
//! all items constant and 3 or more:  every item is evaluated (sqlite3 builds a set)
//! otherwise (2 or fewer, or an item reads a column / subquery / non-deterministic
//! function):                          item by item, stopping at the first equal one
//!   r = 0
//!   for each item:  t = (x == item);  if t goto hit;  r = r OR t      (NULL stays NULL)
//!   goto done
//!   hit: r = 1
//!   done: [NOT] r
//! ```
//!
//! Both shapes give the same value (1 on a match, else NULL when a comparison was NULL,
//! else 0); only which items are evaluated differs.

use crate::error::Result;
use crate::parser::ast::Expr;
use crate::vdbe::insn::{CmpOp, Insn, Reg};

use super::Compiler;

/// Whether `e` is constant in sqlite3's sense for an IN list: no column, subquery or
/// non-deterministic function.
fn constant(e: &Expr) -> bool {
    super::const_terms::deterministic_without_subquery(e, false)
}

impl Compiler<'_> {
    /// Compiles `expr [NOT] IN (list)` into `target` (1, 0 or NULL; see the module header).
    pub(crate) fn in_list_value(
        &mut self,
        expr: &Expr,
        not: bool,
        list: &[Expr],
        target: Reg,
    ) -> Result<()> {
        let x = self.expr_reg(expr)?;
        self.b.emit(Insn::Integer {
            value: 0,
            dest: target,
        });
        let every = list.len() > 2 && list.iter().all(constant);
        let hit = self.b.label();
        let done = self.b.label();
        let t = self.b.alloc_reg();
        for item in list {
            let r = self.expr_reg(item)?;
            let flags = self.in_list_flags(expr, item);
            self.b.emit(Insn::CmpValue {
                op: CmpOp::Eq,
                lhs: x,
                rhs: r,
                dest: t,
                flags,
            });
            if !every {
                self.b.emit(Insn::If {
                    reg: t,
                    target: hit,
                    jump_if_null: false,
                });
            }
            self.b.emit(Insn::Or {
                lhs: target,
                rhs: t,
                dest: target,
            });
        }
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(hit);
        self.b.emit(Insn::Integer {
            value: 1,
            dest: target,
        });
        self.b.bind(done);
        if not {
            self.b.emit(Insn::Not {
                src: target,
                dest: target,
            });
        }
        Ok(())
    }
}
