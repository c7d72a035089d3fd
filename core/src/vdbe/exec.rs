//! The interpreter loop: [`Vm::step`] runs instructions from `pc` until a row is ready, the
//! program halts, or an error/interrupt stops it.
//!
//! State of one run: `pc`, the registers, the cursors, aggregate accumulators (keyed by their
//! register), row sets, `Once` flags, the last `Compare` result, and a stack of frames for
//! trigger sub-programs. Opcode families live in sibling modules (`exec_cursor`, `exec_schema`,
//! `exec_func`) as further `impl Vm` blocks; this file holds control flow, registers,
//! arithmetic and comparisons.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::connection::ConnState;
use crate::error::{codes, errstr, Error, Result};
use crate::value::affinity::{apply_affinity, Affinity as Aff};
use crate::value::convert::{cast_blob, cast_integer, cast_numeric, cast_real, cast_text};
use crate::value::Value;

use super::arith::{self, ArithOp, BitOp};
use super::cursor::VCursor;
use super::insn::{Addr, CmpOp, Insn, OnError, Program, Reg};

/// What one call of [`Vm::step`] produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepOutcome {
    Row,
    Done,
    /// An application-defined function must run with the connection unlocked (it may run
    /// SQL on this same connection): the caller takes [`Vm::pending_call`], runs it, and
    /// hands the result to [`Vm::finish_call`] before stepping again.
    Call,
    /// The next instruction waits for I/O (async mode only, see `exec_io`): the caller takes
    /// [`Vm::pending_io`], loads the page or runs the next step where blocking is allowed,
    /// and steps again; the instruction then runs (again) from the start.
    Pending,
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunState {
    /// Not started (or reset).
    Ready,
    Running,
    Halted,
}

/// A suspended parent program while a trigger sub-program runs.
pub(crate) struct Frame {
    pub prog: Arc<Program>,
    pub pc: Addr,
    pub regs: Vec<Value>,
    pub cursors: Vec<Option<VCursor>>,
    pub once: HashSet<Addr>,
    /// Where the parent continues when the sub-program does RAISE(IGNORE).
    pub ignore_target: Addr,
    /// The parent's register that Param offsets are relative to.
    pub params: Reg,
    /// The parent's row sets (keyed by the parent's registers).
    pub rowsets: HashMap<Reg, BTreeSet<i64>>,
}

/// The execution state of one statement.
pub(crate) struct Vm {
    pub(crate) prog: Arc<Program>,
    pub(crate) pc: Addr,
    pub(crate) regs: Vec<Value>,
    pub(crate) cursors: Vec<Option<VCursor>>,
    pub(crate) aggs: HashMap<Reg, super::exec_func::AggSlot>,
    /// Set when the last built-in min()/max() step did not take its row (see `AggSkipped`).
    pub(crate) agg_skip_bare: bool,
    pub(crate) rowsets: HashMap<Reg, BTreeSet<i64>>,
    pub(crate) once: HashSet<Addr>,
    pub(crate) last_cmp: Ordering,
    pub(crate) permutation: Option<Vec<usize>>,
    pub(crate) frames: Vec<Frame>,
    /// Parameter values, by index - 1.
    pub(crate) bindings: Vec<Value>,
    /// The current result row (after Row).
    pub(crate) row: Vec<Value>,
    pub(crate) state: RunState,
    /// True while this statement is counted in `ConnState::n_active`.
    pub(crate) active: bool,
    /// True while this statement is counted in `ConnState::n_write_active`.
    pub(crate) writing: bool,
    /// Rows changed by this run (for `changes()`).
    pub(crate) n_change: i64,
    /// Rows changed by this run's trigger bodies and foreign-key actions (counted in
    /// `total_changes()` only).
    pub(crate) n_total: i64,
    /// Rows of the trigger-body / FK-action statements still running (see `StmtCount`).
    pub(crate) n_pending: Vec<i64>,
    /// Statement foreign-key counter.
    pub(crate) fk_counter: i64,
    /// The connection's deferred foreign-key counter when this run started (restored when
    /// the statement is undone).
    pub(crate) fk_deferred_start: i64,
    /// How the last error wants to be undone.
    pub(crate) fail_mode: OnError,
    /// 'now' for date/time functions: one value per statement run.
    pub(crate) now_ms: Option<i64>,
    /// An application function call waiting to run outside the connection lock.
    pub(crate) pending_call: Option<super::exec_func::PendingCall>,
    /// The pager savepoint that undoes this statement alone, when one was needed.
    pub(crate) stmt_savepoint: Option<usize>,
    /// Scalar functions resolved per (program, address).
    pub(crate) func_cache: HashMap<(usize, Addr), Arc<crate::func::ScalarFunction>>,
    /// Sync or async I/O (`exec_io`).
    pub(crate) io: super::exec_io::IoMode,
    /// What a `Pending` outcome waits for.
    pub(crate) pending_io: Option<super::exec_io::IoWait>,
    /// Instructions completed in async mode (lets the driver tell progress from a re-run).
    pub(crate) io_progress: u64,
    /// `sqlite3_stmt_status` counters (`status.rs`).
    pub(crate) status: super::status::StmtStatus,
    /// Subtypes and pointers registers carry (`regmeta.rs`).
    pub(crate) meta: super::regmeta::RegMetaTable,
    /// Pointers bound to parameters, by 1-based index (`regmeta.rs` rule 4).
    pub(crate) bound_pointers: HashMap<usize, crate::func::Pointer>,
}

impl Vm {
    pub fn new(prog: Arc<Program>) -> Vm {
        let n_params = prog.params.len();
        let mut vm = Vm {
            prog,
            pc: 0,
            regs: Vec::new(),
            cursors: Vec::new(),
            aggs: HashMap::new(),
            agg_skip_bare: false,
            rowsets: HashMap::new(),
            once: HashSet::new(),
            last_cmp: Ordering::Equal,
            permutation: None,
            frames: Vec::new(),
            bindings: vec![Value::Null; n_params],
            row: Vec::new(),
            state: RunState::Ready,
            active: false,
            writing: false,
            n_change: 0,
            n_total: 0,
            n_pending: Vec::new(),
            fk_counter: 0,
            fk_deferred_start: 0,
            fail_mode: OnError::Abort,
            now_ms: None,
            pending_call: None,
            stmt_savepoint: None,
            func_cache: HashMap::new(),
            io: super::exec_io::IoMode::Blocking,
            pending_io: None,
            io_progress: 0,
            status: Default::default(),
            meta: Default::default(),
            bound_pointers: HashMap::new(),
        };
        vm.reset_state();
        vm
    }

    /// Back to the start: registers cleared, cursors closed (bindings kept).
    pub fn reset_state(&mut self) {
        // A run that failed inside a sub-program left its frames: back to the main program.
        if let Some(f) = self.frames.first() {
            self.prog = f.prog.clone();
        }
        self.pc = 0;
        self.regs = vec![Value::Null; self.prog.n_regs + 1];
        self.cursors = (0..self.prog.n_cursors).map(|_| None).collect();
        self.aggs.clear();
        self.rowsets.clear();
        self.once.clear();
        self.frames.clear();
        self.row.clear();
        self.state = RunState::Ready;
        self.n_change = 0;
        self.n_total = 0;
        self.n_pending.clear();
        self.fk_counter = 0;
        self.fail_mode = OnError::Abort;
        self.now_ms = None;
        self.stmt_savepoint = None;
        self.meta.reset();
        // Functions may have been redefined between runs.
        self.func_cache.clear();
    }

    pub(crate) fn reg(&self, r: Reg) -> &Value {
        self.regs.get(r).unwrap_or(&Value::Null)
    }

    pub(crate) fn set(&mut self, r: Reg, v: Value) -> Result<()> {
        if r >= self.regs.len() {
            if r > 1_000_000 {
                return Err(internal("register out of range"));
            }
            self.regs.resize(r + 1, Value::Null);
        }
        self.regs[r] = v;
        self.meta.clear(r);
        Ok(())
    }

    pub(crate) fn reg_i64(&self, r: Reg) -> i64 {
        arith::as_i64(self.reg(r))
    }

    /// Runs until the next row or the end. Errors leave the VM halted; the caller undoes the
    /// statement as `fail_mode` says.
    pub fn step(&mut self, conn: &mut ConnState) -> Result<StepOutcome> {
        if self.state == RunState::Halted {
            return Ok(StepOutcome::Done);
        }
        if self.state == RunState::Ready {
            self.fk_deferred_start = conn.fk_deferred;
        }
        self.state = RunState::Running;
        let async_io = self.io != super::exec_io::IoMode::Blocking;
        loop {
            if conn.interrupted() {
                self.state = RunState::Halted;
                return Err(Error::from_code(codes::SQLITE_INTERRUPT));
            }
            let prog = self.prog.clone();
            let Some(insn) = prog.insns.get(self.pc) else {
                // Running off the end is a normal halt.
                match self.halt_ok(conn)? {
                    Some(o) => return Ok(o),
                    None => continue,
                }
            };
            let guard = if async_io {
                match self.io_gate(insn) {
                    Some(g) => g,
                    None => return Ok(StepOutcome::Pending),
                }
            } else {
                super::exec_io::IoGuard::Unchanged
            };
            self.status.vm_step += 1;
            let mut r = self.exec(insn, conn);
            if async_io {
                drop(guard);
                r = self.io_after(r, conn);
            }
            match r {
                Ok(Flow::Next) => self.pc += 1,
                Ok(Flow::Pending) => return Ok(StepOutcome::Pending),
                Ok(Flow::Jump(a)) => self.pc = a,
                Ok(Flow::Row) => {
                    self.pc += 1;
                    return Ok(StepOutcome::Row);
                }
                Ok(Flow::Call) => {
                    self.pc += 1;
                    return Ok(StepOutcome::Call);
                }
                Ok(Flow::Halt) => match self.halt_ok(conn)? {
                    Some(o) => return Ok(o),
                    None => continue,
                },
                Err(e) => {
                    self.state = RunState::Halted;
                    return Err(e);
                }
            }
        }
    }

    /// A successful halt: returns Done at top level, or pops a trigger frame and continues
    /// (returns None).
    fn halt_ok(&mut self, conn: &ConnState) -> Result<Option<StepOutcome>> {
        if let Some(f) = self.frames.pop() {
            self.restore_frame(f, false);
            return Ok(None);
        }
        self.check_fk_at_end(conn)?;
        self.state = RunState::Halted;
        Ok(Some(StepOutcome::Done))
    }

    pub(crate) fn restore_frame(&mut self, f: Frame, ignore: bool) {
        self.prog = f.prog;
        self.regs = f.regs;
        self.meta.pop_frame();
        self.cursors = f.cursors;
        self.once = f.once;
        self.rowsets = f.rowsets;
        self.pc = if ignore { f.ignore_target } else { f.pc + 1 };
    }

    /// Executes one instruction. (Inlined into its one caller, the loop of `step`: keeping the
    /// giant match out of line costs a few percent on scans.)
    #[inline(always)]
    fn exec(&mut self, insn: &Insn, conn: &mut ConnState) -> Result<Flow> {
        use Insn::*;
        Ok(match insn {
            Init { target } | Goto { target } => Flow::Jump(*target),
            Gosub { return_reg, target } => {
                self.set(*return_reg, Value::Integer(self.pc as i64 + 1))?;
                Flow::Jump(*target)
            }
            Return { reg } => match self.reg(*reg) {
                Value::Integer(a) if *a >= 0 => Flow::Jump(*a as usize),
                _ => Flow::Next,
            },
            InitCoroutine { reg, target, start } => {
                self.set(*reg, Value::Integer(*start as i64))?;
                Flow::Jump(*target)
            }
            Yield { reg, .. } => {
                let dest = self.reg_i64(*reg);
                self.set(*reg, Value::Integer(self.pc as i64 + 1))?;
                Flow::Jump(dest.max(0) as usize)
            }
            EndCoroutine { reg } => {
                let resume = self.reg_i64(*reg).max(0) as usize;
                let caller = resume.checked_sub(1).and_then(|a| self.prog.insns.get(a));
                let Some(Insn::Yield { target, .. }) = caller else {
                    return Err(internal("EndCoroutine without a calling Yield"));
                };
                let target = *target;
                self.set(*reg, Value::Integer(self.pc as i64))?;
                Flow::Jump(target)
            }
            Halt {
                code,
                on_error,
                message,
            } => {
                if *code == codes::SQLITE_OK {
                    Flow::Halt
                } else {
                    return Err(self.halt_error(*code, *on_error, message.as_deref()));
                }
            }
            HaltIfNull {
                reg,
                code,
                on_error,
                message,
            } => {
                if self.reg(*reg).is_null() {
                    return Err(self.halt_error(*code, *on_error, Some(message)));
                }
                Flow::Next
            }
            Noop | Explain { .. } => Flow::Next,
            Once { target } => {
                if self.once.insert(self.pc) {
                    Flow::Next
                } else {
                    Flow::Jump(*target)
                }
            }
            If {
                reg,
                target,
                jump_if_null,
            } => match arith::tri(self.reg(*reg)) {
                Some(true) => Flow::Jump(*target),
                None if *jump_if_null => Flow::Jump(*target),
                _ => Flow::Next,
            },
            IfNot {
                reg,
                target,
                jump_if_null,
            } => match arith::tri(self.reg(*reg)) {
                Some(false) => Flow::Jump(*target),
                None if *jump_if_null => Flow::Jump(*target),
                _ => Flow::Next,
            },
            IsNull { reg, target } => jump_if(self.reg(*reg).is_null(), *target),
            NotNull { reg, target } => jump_if(!self.reg(*reg).is_null(), *target),
            IfPos {
                reg,
                target,
                decrement,
            } => {
                let v = self.reg_i64(*reg);
                if v > 0 {
                    self.set(*reg, Value::Integer(v - decrement))?;
                    Flow::Jump(*target)
                } else {
                    Flow::Next
                }
            }
            DecrJumpZero { reg, target } => {
                let v = self.reg_i64(*reg);
                let v = if v > i64::MIN { v - 1 } else { v };
                self.set(*reg, Value::Integer(v))?;
                jump_if(v == 0, *target)
            }
            IfNotZero { reg, target } => {
                let v = self.reg_i64(*reg);
                if v == 0 {
                    Flow::Next
                } else {
                    if v > 0 {
                        self.set(*reg, Value::Integer(v - 1))?;
                    }
                    Flow::Jump(*target)
                }
            }
            OffsetLimit {
                limit,
                dest,
                offset,
            } => {
                let l = self.reg_i64(*limit);
                let o = self.reg_i64(*offset).max(0);
                let v = if l <= 0 { -1 } else { l.saturating_add(o) };
                self.set(*dest, Value::Integer(v))?;
                Flow::Next
            }
            Jump { lt, eq, gt } => Flow::Jump(match self.last_cmp {
                Ordering::Less => *lt,
                Ordering::Equal => *eq,
                Ordering::Greater => *gt,
            }),
            Integer { value, dest } | Int64 { value, dest } => {
                self.set(*dest, Value::Integer(*value))?;
                Flow::Next
            }
            Real { value, dest } => {
                self.set(*dest, Value::Real(*value))?;
                Flow::Next
            }
            String8 { value, dest } => {
                self.set(*dest, Value::Text(value.clone()))?;
                Flow::Next
            }
            Blob { value, dest } => {
                self.set(*dest, Value::Blob(value.clone()))?;
                Flow::Next
            }
            Null { dest, dest_end } => {
                for r in *dest..=(*dest_end).max(*dest) {
                    self.set(r, Value::Null)?;
                    // A RowSet held in the register is emptied too, as in SQLite.
                    if !self.rowsets.is_empty() {
                        self.rowsets.remove(&r);
                    }
                }
                Flow::Next
            }
            SoftNull { reg } => {
                self.set(*reg, Value::Null)?;
                Flow::Next
            }
            Variable { index, dest } => {
                let v = index
                    .checked_sub(1)
                    .and_then(|i| self.bindings.get(i))
                    .cloned()
                    .unwrap_or(Value::Null);
                self.set(*dest, v)?;
                self.bound_pointer_to(*index, *dest);
                if conn.funcs.has_user_functions() {
                    self.mark_from_bind(*dest);
                }
                Flow::Next
            }
            Copy { src, dest, count } => {
                for i in 0..(*count).max(1) {
                    let v = self.reg(src + i).clone();
                    self.set(dest + i, v)?;
                    self.meta.copy(src + i, dest + i);
                }
                Flow::Next
            }
            SCopy { src, dest } => {
                let v = self.reg(*src).clone();
                self.set(*dest, v)?;
                self.meta.copy(*src, *dest);
                Flow::Next
            }
            IntCopy { src, dest } => {
                let v = self.reg_i64(*src);
                self.set(*dest, Value::Integer(v))?;
                Flow::Next
            }
            Move { src, dest, count } => {
                for i in 0..(*count).max(1) {
                    let v = match self.regs.get_mut(src + i) {
                        Some(r) => std::mem::take(r),
                        None => Value::Null,
                    };
                    self.set(dest + i, v)?;
                    self.meta.move_to(src + i, dest + i);
                }
                Flow::Next
            }
            AddImm { reg, value } => {
                let v = self.reg_i64(*reg).wrapping_add(*value);
                self.set(*reg, Value::Integer(v))?;
                Flow::Next
            }
            Add { lhs, rhs, dest } => self.arith(ArithOp::Add, *lhs, *rhs, *dest)?,
            Subtract { lhs, rhs, dest } => self.arith(ArithOp::Sub, *lhs, *rhs, *dest)?,
            Multiply { lhs, rhs, dest } => self.arith(ArithOp::Mul, *lhs, *rhs, *dest)?,
            Divide { lhs, rhs, dest } => self.arith(ArithOp::Div, *lhs, *rhs, *dest)?,
            Remainder { lhs, rhs, dest } => self.arith(ArithOp::Rem, *lhs, *rhs, *dest)?,
            Concat { lhs, rhs, dest } => {
                let v = arith::concat(self.reg(*lhs), self.reg(*rhs));
                self.set(*dest, v)?;
                Flow::Next
            }
            BitAnd { lhs, rhs, dest } => self.bitop(BitOp::And, *lhs, *rhs, *dest)?,
            BitOr { lhs, rhs, dest } => self.bitop(BitOp::Or, *lhs, *rhs, *dest)?,
            ShiftLeft { lhs, rhs, dest } => self.bitop(BitOp::Shl, *lhs, *rhs, *dest)?,
            ShiftRight { lhs, rhs, dest } => self.bitop(BitOp::Shr, *lhs, *rhs, *dest)?,
            And { lhs, rhs, dest } => {
                let v = arith::and(self.reg(*lhs), self.reg(*rhs));
                self.set(*dest, v)?;
                Flow::Next
            }
            Or { lhs, rhs, dest } => {
                let v = arith::or(self.reg(*lhs), self.reg(*rhs));
                self.set(*dest, v)?;
                Flow::Next
            }
            Not { src, dest } => {
                let v = arith::tri_value(arith::tri(self.reg(*src)).map(|b| !b));
                self.set(*dest, v)?;
                Flow::Next
            }
            BitNot { src, dest } => {
                let v = arith::bitnot(self.reg(*src));
                self.set(*dest, v)?;
                Flow::Next
            }
            IsTrue {
                src,
                dest,
                null_value,
                invert,
            } => {
                let b = arith::tri(self.reg(*src)).unwrap_or(*null_value) != *invert;
                self.set(*dest, Value::Integer(b as i64))?;
                Flow::Next
            }
            CmpValue {
                op,
                lhs,
                rhs,
                dest,
                flags,
            } => {
                let o = self.compare_regs(*lhs, *rhs, flags, conn);
                let v = match o {
                    None => Value::Null,
                    Some(o) => Value::Integer(arith::op_holds(*op, o) as i64),
                };
                self.set(*dest, v)?;
                Flow::Next
            }
            Eq {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Eq, *lhs, *rhs, *target, flags, conn),
            Ne {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Ne, *lhs, *rhs, *target, flags, conn),
            Lt {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Lt, *lhs, *rhs, *target, flags, conn),
            Le {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Le, *lhs, *rhs, *target, flags, conn),
            Gt {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Gt, *lhs, *rhs, *target, flags, conn),
            Ge {
                lhs,
                rhs,
                target,
                flags,
            } => self.cmp_jump(CmpOp::Ge, *lhs, *rhs, *target, flags, conn),
            Compare {
                lhs,
                rhs,
                count,
                key_info,
                permutation,
            } => {
                let perm = permutation.clone().or_else(|| self.permutation.take());
                let mut o = Ordering::Equal;
                for i in 0..*count {
                    let j = perm.as_ref().and_then(|p| p.get(i).copied()).unwrap_or(i);
                    let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
                    let c = crate::value::compare::compare_values_with(
                        self.reg(lhs + j),
                        self.reg(rhs + j),
                        key_info.collation(i),
                        Some(&resolver),
                    );
                    let c = if key_info.is_desc(i) { c.reverse() } else { c };
                    if c != Ordering::Equal {
                        o = c;
                        break;
                    }
                }
                self.last_cmp = o;
                Flow::Next
            }
            Permutation { permutation } => {
                self.permutation = Some(permutation.clone());
                Flow::Next
            }
            Cast { reg, affinity } => {
                let v = self.reg(*reg);
                let v = match affinity {
                    Aff::Blob => cast_blob(v),
                    Aff::Text => cast_text(v),
                    Aff::Numeric => cast_numeric(v),
                    Aff::Integer => cast_integer(v),
                    Aff::Real => cast_real(v),
                };
                // A cast converts in place: the value still comes from a bind (rule 6).
                let from_bind = self.meta.bound_flags(*reg, 1).first() == Some(&true);
                // CAST(... AS NUMERIC) leaves an int-real REAL as it is (rule 7).
                let int_real =
                    *affinity == Aff::Numeric && !self.meta.int_real_flags(*reg, 1).is_empty();
                self.set(*reg, v)?;
                if from_bind {
                    self.mark_from_bind(*reg);
                }
                if int_real && crate::value::real_store::is_int_real(self.reg(*reg)) {
                    self.meta.mark_int_real(*reg);
                }
                Flow::Next
            }
            RealAffinity { reg } => {
                if let Value::Integer(i) = self.reg(*reg) {
                    let v = Value::Real(*i as f64);
                    self.set(*reg, v)?;
                }
                Flow::Next
            }
            ClearIntReal { start, count } => {
                self.meta.clear_int_real(*start, *count);
                Flow::Next
            }
            IntRealToInt { reg } => {
                let flagged = !self.meta.int_real_flags(*reg, 1).is_empty();
                if let (true, Value::Real(r)) = (flagged, self.reg(*reg)) {
                    if let Some(n) = crate::value::real_store::compact_real(*r) {
                        self.set(*reg, Value::Integer(n))?;
                    }
                }
                Flow::Next
            }
            MarkIntReal { reg } => {
                if crate::value::real_store::is_int_real(self.reg(*reg)) {
                    self.meta.mark_int_real(*reg);
                }
                Flow::Next
            }
            CompactReal { record, fields } => {
                if let Value::Blob(rec) = self.reg(*record) {
                    if let Some(out) = crate::value::real_store::compact_record(rec, fields)? {
                        self.set(*record, Value::Blob(out))?;
                    }
                }
                Flow::Next
            }
            MustBeInt { reg, target } => {
                let v = apply_affinity(self.reg(*reg).clone(), Aff::Numeric);
                match v {
                    Value::Integer(_) => {
                        self.set(*reg, v)?;
                        Flow::Next
                    }
                    _ => match target {
                        Some(t) => Flow::Jump(*t),
                        None => return Err(Error::from_code(codes::SQLITE_MISMATCH)),
                    },
                }
            }
            Affinity { start, affinities } => {
                let flagged = self.meta.int_real_flags(*start, affinities.len());
                for (i, a) in affinities.iter().enumerate() {
                    let mut v = apply_affinity(self.reg(start + i).clone(), *a);
                    if *a == Aff::Real {
                        v = crate::value::real_store::as_stored(v);
                    }
                    self.set(start + i, v)?;
                    // Applied in place: a value still a whole REAL stays int-real (rule 7).
                    if flagged.get(i) == Some(&true)
                        && crate::value::real_store::is_int_real(self.reg(start + i))
                    {
                        self.meta.mark_int_real(start + i);
                    }
                }
                Flow::Next
            }
            ResultRow { start, count } => {
                self.row = (0..*count).map(|i| self.reg(start + i).clone()).collect();
                Flow::Row
            }
            RowSetAdd { set, value } => {
                let v = self.reg_i64(*value);
                self.rowsets.entry(*set).or_default().insert(v);
                Flow::Next
            }
            RowSetRead { set, target, dest } => {
                let first = self.rowsets.get_mut(set).and_then(|s| s.pop_first());
                match first {
                    Some(v) => {
                        self.set(*dest, Value::Integer(v))?;
                        Flow::Next
                    }
                    None => Flow::Jump(*target),
                }
            }
            RowSetTest {
                set,
                target,
                value,
                set_id,
            } => {
                let v = self.reg_i64(*value);
                let s = self.rowsets.entry(*set).or_default();
                if s.contains(&v) {
                    Flow::Jump(*target)
                } else {
                    if *set_id >= 0 {
                        s.insert(v);
                    }
                    Flow::Next
                }
            }
            FkCounter { deferred, amount } => {
                if *deferred || conn.defer_foreign_keys() {
                    conn.fk_deferred += amount;
                } else {
                    self.fk_counter += amount;
                }
                Flow::Next
            }
            FkIfZero { deferred, target } => {
                let z = if *deferred {
                    conn.fk_deferred == 0
                } else {
                    self.fk_counter == 0 && (!conn.defer_foreign_keys() || conn.fk_deferred == 0)
                };
                jump_if(z, *target)
            }
            Program {
                program,
                params,
                target,
            } => {
                self.enter_subprogram(program.clone(), *params, *target)?;
                return Ok(Flow::Jump(0));
            }
            Param { offset, dest } => {
                let v = match self.frames.last() {
                    Some(f) => f.regs.get(f.params + offset).cloned().unwrap_or_default(),
                    None => Value::Null,
                };
                self.set(*dest, v)?;
                Flow::Next
            }
            TypeCheck {
                start,
                table,
                columns,
            } => {
                self.type_check(*start, table, columns)?;
                Flow::Next
            }
            other => return self.exec_more(other, conn),
        })
    }

    /// The remaining families: cursors, functions, schema and transactions.
    fn exec_more(&mut self, insn: &Insn, conn: &mut ConnState) -> Result<Flow> {
        if let Some(f) = self.exec_cursor(insn, conn)? {
            return Ok(f);
        }
        if let Some(f) = self.exec_func(insn, conn)? {
            return Ok(f);
        }
        if let Some(f) = self.exec_schema(insn, conn)? {
            return Ok(f);
        }
        if let Some(f) = self.exec_fkey(insn, conn)? {
            return Ok(f);
        }
        Err(internal(&format!("unimplemented instruction {insn:?}")))
    }

    pub(crate) fn enter_subprogram(
        &mut self,
        program: Arc<Program>,
        params: Reg,
        target: Addr,
    ) -> Result<()> {
        if self.frames.len() > 1000 {
            return Err(Error::sql("too many levels of trigger recursion"));
        }
        let regs = vec![Value::Null; program.n_regs + 1];
        let cursors = (0..program.n_cursors).map(|_| None).collect();
        let frame = Frame {
            prog: std::mem::replace(&mut self.prog, program),
            pc: self.pc,
            regs: std::mem::replace(&mut self.regs, regs),
            cursors: std::mem::replace(&mut self.cursors, cursors),
            once: std::mem::take(&mut self.once),
            ignore_target: target,
            params,
            rowsets: std::mem::take(&mut self.rowsets),
        };
        self.meta.push_frame();
        self.frames.push(frame);
        Ok(())
    }

    /// The error a failing Halt raises; RAISE(IGNORE) inside a trigger is not an error.
    fn halt_error(&mut self, code: i32, on_error: OnError, message: Option<&str>) -> Error {
        // FAIL keeps the statement's changes, unless they violate a foreign key: then sqlite3
        // fails it with the FK error and rolls it back.
        if on_error == OnError::Fail && self.fk_counter > 0 {
            self.fail_mode = OnError::Abort;
            return super::exec_fkey::fk_error();
        }
        self.fail_mode = on_error;
        let msg = message.map_or_else(|| errstr(code).to_owned(), str::to_owned);
        Error::new(code, msg)
    }

    fn arith(&mut self, op: ArithOp, lhs: Reg, rhs: Reg, dest: Reg) -> Result<Flow> {
        let v = arith::arith(op, self.reg(lhs), self.reg(rhs));
        self.set(dest, v)?;
        Ok(Flow::Next)
    }

    fn bitop(&mut self, op: BitOp, lhs: Reg, rhs: Reg, dest: Reg) -> Result<Flow> {
        let v = arith::bitop(op, self.reg(lhs), self.reg(rhs));
        self.set(dest, v)?;
        Ok(Flow::Next)
    }

    fn compare_regs(
        &self,
        lhs: Reg,
        rhs: Reg,
        flags: &super::insn::CmpFlags,
        conn: &ConnState,
    ) -> Option<Ordering> {
        let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
        arith::compare_op(self.reg(lhs), self.reg(rhs), flags, Some(&resolver))
    }

    fn cmp_jump(
        &mut self,
        op: CmpOp,
        lhs: Reg,
        rhs: Reg,
        target: Addr,
        flags: &super::insn::CmpFlags,
        conn: &ConnState,
    ) -> Flow {
        match self.compare_regs(lhs, rhs, flags, conn) {
            None => jump_if(flags.jump_if_null, target),
            Some(o) => jump_if(arith::op_holds(op, o), target),
        }
    }
}

/// What the loop does after an instruction.
pub(crate) enum Flow {
    Next,
    Jump(Addr),
    Row,
    Halt,
    /// Yield to run an application function (see [`StepOutcome::Call`]).
    Call,
    /// Stop without moving `pc`: the instruction waits for I/O (see `exec_io`).
    Pending,
}

pub(crate) fn jump_if(cond: bool, target: Addr) -> Flow {
    if cond {
        Flow::Jump(target)
    } else {
        Flow::Next
    }
}

pub(crate) fn internal(msg: &str) -> Error {
    Error::new(codes::SQLITE_INTERNAL, msg)
}
