//! Suspending a run on I/O (DESIGN decision 5): which instructions may stop at a page miss
//! and re-run, and which must run as a whole where blocking is allowed.
//!
//! In [`IoMode::Blocking`] (the sync API) nothing here applies: the pager reads a missing page
//! inside the instruction. In [`IoMode::Async`] each instruction is classified first:
//!
//! | class | instructions | in async mode |
//! |---|---|---|
//! | resumable | control flow, registers, arithmetic, comparisons, functions, sorters and ephemeral tables, and the *reads*: `OpenRead`, `Rewind`/`Last`/`Next`/`Prev`, seeks, `Found`/`NotFound`/`NoConflict`, `Idx*` compares, `IdxRowid`, `DeferredSeek`, `Column`, `Rowid`, `IfEmpty` | runs with the pager in no-I/O mode (`pager::pending`); a page miss stops it with [`StepOutcome::Pending`] and [`IoWait::Page`], and it runs again once the page is loaded |
//! | blocking | everything else: `Transaction`, `AutoCommit`, `Savepoint`, writes (`Insert`, `Delete`, `Idx{Insert,Delete}`, `NewRowid`, `OpenWrite`), schema and cookie instructions, `Count`, `Vacuum`, `PragmaRows`, window evaluation, and any opcode added later | stops *before* running with [`IoWait::Job`]; the driver runs the next step on the I/O worker with `allow_blocking`, where that one instruction does its I/O synchronously |
//!
//! # Invariants
//!
//! 1. A resumable instruction stopped by a miss left no effect its re-run would not repeat:
//!    b-tree moves restore the cursor (`btree::cursor` `atomic`), and the VM-cursor fields
//!    set before a move (`null_row = false`, the cached row cleared) are set again by the
//!    re-run. Registers are written only after the read succeeded.
//! 2. `pc` does not move on `Pending`; the run stays `Running`.
//! 3. The recorded miss, not the error value, decides: an instruction that returns `Ok` while
//!    a miss was recorded swallowed the pending error, which is an internal error (never
//!    silently wrong rows).

use std::sync::Arc;

use crate::connection::ConnState;
use crate::error::Result;
use crate::pager::pending::{self, Armed, Disarmed};
use crate::pager::{PageNo, Pager};

use super::exec::{internal, Flow, Vm};
use super::insn::Insn;

/// How the VM treats I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum IoMode {
    /// Reads and writes happen inside instructions (sync API).
    #[default]
    Blocking,
    /// Page misses suspend the run; blocking instructions wait for the worker.
    /// `allow_blocking`: the next blocking instruction may run here (set on the worker,
    /// consumed by that instruction).
    Async { allow_blocking: bool },
}

/// What a run suspended with [`StepOutcome::Pending`](super::exec::StepOutcome) waits for.
pub(crate) enum IoWait {
    /// Page `pgno` of `pager` must be loaded (`Pager::load`); then step again.
    Page { pager: Arc<Pager>, pgno: PageNo },
    /// The next instruction blocks: step again with `allow_blocking` where blocking is fine.
    Job,
}

/// Whether `insn` may run with the pager in no-I/O mode and re-run after a page miss.
pub(crate) fn resumable(insn: &Insn) -> bool {
    use Insn::*;
    !matches!(
        insn,
        Transaction { .. }
            | AutoCommit { .. }
            | Savepoint { .. }
            | ReadCookie { .. }
            | SetCookie { .. }
            | Pagecount { .. }
            | MaxPgcnt { .. }
            | CreateBtree { .. }
            | Destroy { .. }
            | Clear { .. }
            | ParseSchema { .. }
            | DropTable { .. }
            | DropIndex { .. }
            | DropTrigger { .. }
            | WindowEval { .. }
            | Vacuum { .. }
            | PragmaRows { .. }
            | OpenWrite { .. }
            | NewRowid { .. }
            | Insert { .. }
            | Delete { .. }
            | IdxInsert { .. }
            | IdxDelete { .. }
            | Count { .. }
    ) && known_resumable(insn)
}

/// The instructions reviewed for invariant 1; an opcode not listed here (e.g. one added
/// after this table was written) is treated as blocking, which is always correct.
fn known_resumable(insn: &Insn) -> bool {
    use Insn::*;
    matches!(
        insn,
        Init { .. }
            | Goto { .. }
            | Gosub { .. }
            | Return { .. }
            | InitCoroutine { .. }
            | Yield { .. }
            | EndCoroutine { .. }
            | Halt { .. }
            | HaltIfNull { .. }
            | Noop
            | PureCheck { .. }
            | JsonValueSubtype { .. }
            | CountChange { .. }
            | StmtCount { .. }
            | Explain { .. }
            | Once { .. }
            | If { .. }
            | IfNot { .. }
            | IsNull { .. }
            | NotNull { .. }
            | IfPos { .. }
            | DecrJumpZero { .. }
            | IfNotZero { .. }
            | OffsetLimit { .. }
            | Jump { .. }
            | Integer { .. }
            | Int64 { .. }
            | Real { .. }
            | Blob { .. }
            | Null { .. }
            | SoftNull { .. }
            | Variable { .. }
            | Copy { .. }
            | SCopy { .. }
            | IntCopy { .. }
            | Move { .. }
            | AddImm { .. }
            | Add { .. }
            | Subtract { .. }
            | Multiply { .. }
            | Divide { .. }
            | Remainder { .. }
            | Concat { .. }
            | BitAnd { .. }
            | BitOr { .. }
            | ShiftLeft { .. }
            | ShiftRight { .. }
            | And { .. }
            | Or { .. }
            | Not { .. }
            | BitNot { .. }
            | IsTrue { .. }
            | CmpValue { .. }
            | Eq { .. }
            | Ne { .. }
            | Lt { .. }
            | Le { .. }
            | Gt { .. }
            | Ge { .. }
            | Compare { .. }
            | Permutation { .. }
            | Cast { .. }
            | RealAffinity { .. }
            | CompactReal { .. }
            | MarkIntReal { .. }
            | IntRealToInt { .. }
            | ClearIntReal { .. }
            | MustBeInt { .. }
            | Affinity { .. }
            | ResultRow { .. }
            | RowSetAdd { .. }
            | RowSetRead { .. }
            | RowSetTest { .. }
            | FkCounter { .. }
            | FkIfZero { .. }
            | Program { .. }
            | Param { .. }
            | Function { .. }
            | AggStep { .. }
            | AggInverse { .. }
            | AggFinal { .. }
            | AggValue { .. }
            | OpenRead { .. }
            | OpenEphemeral { .. }
            | OpenDup { .. }
            | OpenPseudo { .. }
            | Close { .. }
            | SorterOpen { .. }
            | SorterInsert { .. }
            | SorterSort { .. }
            | SorterNext { .. }
            | SorterData { .. }
            | SorterCompare { .. }
            | ResetSorter { .. }
            | Rewind { .. }
            | Last { .. }
            | Next { .. }
            | Prev { .. }
            | SeekGE { .. }
            | SeekGT { .. }
            | SeekLE { .. }
            | SeekLT { .. }
            | SeekRowid { .. }
            | NotExists { .. }
            | Found { .. }
            | NotFound { .. }
            | NoConflict { .. }
            | IdxGE { .. }
            | IdxGT { .. }
            | IdxLE { .. }
            | IdxLT { .. }
            | IdxRowid { .. }
            | DeferredSeek { .. }
            | Column { .. }
            | Rowid { .. }
            | MakeRecord { .. }
            | NullRow { .. }
            | IfNullRow { .. }
            | Sequence { .. }
            | IfEmpty { .. }
    )
}

/// The pager mode an instruction runs under on this thread, held while it runs.
pub(crate) enum IoGuard {
    /// Sync mode: nothing changes.
    Unchanged,
    /// A resumable instruction: page misses are reported, not read.
    Armed(#[allow(dead_code)] Armed),
    /// A blocking instruction allowed to block here.
    Disarmed(#[allow(dead_code)] Disarmed),
}

impl Vm {
    /// Before an instruction in async mode: the guard to run it under, or `None` when it
    /// must not run here (a blocking instruction: [`Vm::pending_io`] is set to
    /// [`IoWait::Job`]).
    #[inline(never)]
    pub(crate) fn io_gate(&mut self, insn: &Insn) -> Option<IoGuard> {
        let IoMode::Async { allow_blocking } = self.io else {
            return Some(IoGuard::Unchanged);
        };
        if resumable(insn) {
            return Some(IoGuard::Armed(Armed::new()));
        }
        if allow_blocking {
            self.io = IoMode::Async {
                allow_blocking: false,
            };
            return Some(IoGuard::Disarmed(Disarmed::new()));
        }
        self.pending_io = Some(IoWait::Job);
        None
    }

    /// After an instruction in async mode: a page miss becomes [`Flow::Pending`] (with
    /// [`Vm::pending_io`] set), and a miss hidden behind `Ok` is an internal error
    /// (invariant 3).
    #[inline(never)]
    pub(crate) fn io_after(&mut self, r: Result<Flow>, conn: &ConnState) -> Result<Flow> {
        if self.io == IoMode::Blocking {
            return r;
        }
        let Some((addr, pgno)) = pending::take_miss() else {
            if r.is_ok() {
                self.io_progress += 1;
            }
            return r;
        };
        if r.is_ok() {
            return Err(internal("an instruction swallowed a pending page read"));
        }
        let pager = conn
            .dbs
            .iter()
            .map(|d| &d.pager)
            .find(|p| Arc::as_ptr(p) as usize == addr)
            .cloned()
            .ok_or_else(|| internal("a page miss on an unknown pager"))?;
        self.pending_io = Some(IoWait::Page { pager, pgno });
        Ok(Flow::Pending)
    }
}
