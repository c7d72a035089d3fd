//! [`Builder`]: appends instructions, allocates registers and cursors, and resolves forward
//! jumps through labels.
//!
//! A label is an address that is not known yet. Jump targets are written as the label's
//! placeholder (`LABEL_BASE + n`); [`Builder::finish`] rewrites every placeholder to the address
//! the label was bound to. Invariant 1: every label used as a target is bound before `finish`.

use crate::error::{codes, Error, Result};
use crate::vdbe::insn::{Addr, CursorId, Insn, Reg};

const LABEL_BASE: usize = usize::MAX / 2;

/// A jump target that may not be bound yet.
pub(crate) type Label = usize;

#[derive(Default)]
pub(crate) struct Builder {
    pub insns: Vec<Insn>,
    /// Highest register allocated so far (registers start at 1).
    n_regs: usize,
    n_cursors: usize,
    labels: Vec<Option<Addr>>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Appends `insn`, returning its address.
    pub fn emit(&mut self, insn: Insn) -> Addr {
        self.insns.push(insn);
        self.insns.len() - 1
    }

    /// The address the next instruction will get.
    pub fn here(&self) -> Addr {
        self.insns.len()
    }

    pub fn alloc_reg(&mut self) -> Reg {
        self.n_regs += 1;
        self.n_regs
    }

    /// Allocates `n` consecutive registers, returning the first.
    pub fn alloc_regs(&mut self, n: usize) -> Reg {
        let first = self.n_regs + 1;
        self.n_regs += n.max(1);
        first
    }

    pub fn alloc_cursor(&mut self) -> CursorId {
        self.n_cursors += 1;
        self.n_cursors - 1
    }

    pub fn n_regs(&self) -> usize {
        self.n_regs
    }

    pub fn n_cursors(&self) -> usize {
        self.n_cursors
    }

    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        LABEL_BASE + self.labels.len() - 1
    }

    /// Binds `label` to the next instruction's address.
    pub fn bind(&mut self, label: Label) {
        let here = self.here();
        if let Some(slot) = self.labels.get_mut(label.wrapping_sub(LABEL_BASE)) {
            *slot = Some(here);
        }
    }

    /// Rewrites label placeholders into addresses (invariant 1).
    pub fn finish(&mut self) -> Result<()> {
        let labels = std::mem::take(&mut self.labels);
        for insn in &mut self.insns {
            for t in targets_mut(insn) {
                if *t >= LABEL_BASE {
                    *t = labels
                        .get(*t - LABEL_BASE)
                        .copied()
                        .flatten()
                        .ok_or_else(|| Error::new(codes::SQLITE_INTERNAL, "unbound label"))?;
                }
            }
        }
        Ok(())
    }
}

/// Every jump-target operand of `insn`.
fn targets_mut(insn: &mut Insn) -> Vec<&mut Addr> {
    use Insn::*;
    match insn {
        Init { target }
        | Goto { target }
        | Gosub { target, .. }
        | Yield { target, .. }
        | Once { target }
        | If { target, .. }
        | IfNot { target, .. }
        | IsNull { target, .. }
        | NotNull { target, .. }
        | IfPos { target, .. }
        | DecrJumpZero { target, .. }
        | IfNotZero { target, .. }
        | Eq { target, .. }
        | Ne { target, .. }
        | Lt { target, .. }
        | Le { target, .. }
        | Gt { target, .. }
        | Ge { target, .. }
        | SorterSort { target, .. }
        | SorterNext { target, .. }
        | SorterCompare { target, .. }
        | Rewind { target, .. }
        | Last { target, .. }
        | Next { target, .. }
        | Prev { target, .. }
        | SeekGE { target, .. }
        | SeekGT { target, .. }
        | SeekLE { target, .. }
        | SeekLT { target, .. }
        | SeekRowid { target, .. }
        | NotExists { target, .. }
        | Found { target, .. }
        | NotFound { target, .. }
        | NoConflict { target, .. }
        | IdxGE { target, .. }
        | IdxGT { target, .. }
        | IdxLE { target, .. }
        | IdxLT { target, .. }
        | IfNullRow { target, .. }
        | IfEmpty { target, .. }
        | RowSetRead { target, .. }
        | RowSetTest { target, .. }
        | FkIfZero { target, .. }
        | Program { target, .. } => vec![target],
        InitCoroutine { target, start, .. } => vec![target, start],
        Jump { lt, eq, gt } => vec![lt, eq, gt],
        MustBeInt {
            target: Some(target),
            ..
        } => vec![target],
        _ => vec![],
    }
}
