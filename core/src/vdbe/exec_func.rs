//! Function and aggregate instructions: Function, AggStep, AggInverse, AggFinal, AggValue.
//!
//! Functions are resolved by name and argument count in the connection's
//! [`FunctionRegistry`](crate::func::FunctionRegistry) on first use and cached per call site.
//! Aggregate state lives in `Vm::aggs`, keyed by the accumulator register.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::func::{
    Accumulator, AggregateFunction, CollationFn, Context, FunctionEnv, Pointer, ScalarFunction,
};
use crate::value::compare::Collation;
use crate::value::Value;

use super::exec::{Flow, Vm};
use super::insn::{FuncRef, Insn, Reg};
use super::regmeta::RegMeta;

/// An aggregate's running state, kept per accumulator register.
pub(crate) struct AggSlot {
    acc: Box<dyn Accumulator>,
    /// An application-defined aggregate: its steps run with the connection unlocked.
    user: bool,
}

/// The connection facts a function call sees.
pub(crate) struct Env {
    last_insert_rowid: i64,
    changes: i64,
    total_changes: i64,
    case_sensitive_like: bool,
    now_ms: i64,
}

impl FunctionEnv for Env {
    fn last_insert_rowid(&self) -> i64 {
        self.last_insert_rowid
    }
    fn changes(&self) -> i64 {
        self.changes
    }
    fn total_changes(&self) -> i64 {
        self.total_changes
    }
    fn case_sensitive_like(&self) -> bool {
        self.case_sensitive_like
    }
    fn statement_time_ms(&self) -> i64 {
        self.now_ms
    }
}

/// A collating function for a [`Collation`], or None for BINARY.
pub(crate) fn collation_fn(c: &Option<Collation>, conn: &ConnState) -> Option<Arc<CollationFn>> {
    match c.as_ref()? {
        Collation::Binary => None,
        Collation::NoCase => Some(Arc::new(|a: &str, b: &str| {
            Collation::NoCase.compare_text(a, b)
        })),
        Collation::RTrim => Some(Arc::new(|a: &str, b: &str| {
            Collation::RTrim.compare_text(a, b)
        })),
        Collation::Named(n) => {
            let f = conn.collations.get(&n.to_ascii_lowercase())?.clone();
            Some(Arc::new(move |a: &str, b: &str| -> Ordering { f(a, b) }))
        }
    }
}

/// The function environment of a connection outside any statement clock.
pub(crate) fn env_of(conn: &ConnState) -> Env {
    Env {
        last_insert_rowid: conn.last_insert_rowid,
        changes: conn.changes,
        total_changes: conn.total_changes,
        case_sensitive_like: conn.case_sensitive_like,
        now_ms: crate::func::system_time_ms(),
    }
}

/// An application-defined function call the VM yielded (see `StepOutcome::Call`): it runs
/// with the connection unlocked, then [`Vm::finish_call`] takes its [`CallDone`].
pub(crate) enum PendingCall {
    Scalar {
        func: Arc<crate::func::ScalarFunction>,
        args: Vec<Value>,
        subtypes: Vec<u8>,
        pointers: Vec<Option<Pointer>>,
        from_bind: Vec<bool>,
        dest: Reg,
        env: Env,
    },
    AggStep {
        acc: Reg,
        slot: AggSlot,
        args: Vec<Value>,
        subtypes: Vec<u8>,
        from_bind: Vec<bool>,
        env: Env,
    },
    AggFinal {
        acc: Reg,
        slot: AggSlot,
        env: Env,
    },
}

/// What a [`PendingCall`] produced.
pub(crate) enum CallDone {
    Value {
        dest: Reg,
        result: Result<Value>,
        meta: RegMeta,
    },
    Stepped {
        acc: Reg,
        slot: AggSlot,
        result: Result<()>,
    },
}

impl PendingCall {
    /// Runs the call (the caller must not hold the connection lock).
    pub fn run(self) -> CallDone {
        match self {
            PendingCall::Scalar {
                func,
                args,
                subtypes,
                pointers,
                from_bind,
                dest,
                env,
            } => {
                let mut ctx = Context::new(&env)
                    .with_arg_subtypes(&subtypes)
                    .with_arg_pointers(&pointers)
                    .with_arg_from_bind(&from_bind);
                let result = func.call(&mut ctx, &args);
                CallDone::Value {
                    dest,
                    result,
                    meta: result_meta(&mut ctx),
                }
            }
            PendingCall::AggStep {
                acc,
                mut slot,
                args,
                subtypes,
                from_bind,
                env,
            } => {
                let mut ctx = Context::new(&env)
                    .with_arg_subtypes(&subtypes)
                    .with_arg_from_bind(&from_bind);
                let result = slot.acc.step(&mut ctx, &args);
                CallDone::Stepped { acc, slot, result }
            }
            PendingCall::AggFinal { acc, slot, env } => {
                let mut ctx = Context::new(&env);
                let result = slot.acc.finalize(&mut ctx);
                CallDone::Value {
                    dest: acc,
                    result,
                    meta: result_meta(&mut ctx),
                }
            }
        }
    }
}

impl Vm {
    /// Takes the outcome of a yielded call; an error halts the run with it.
    pub(crate) fn finish_call(&mut self, done: CallDone) -> Result<()> {
        let result = match done {
            CallDone::Value { dest, result, meta } => result.and_then(|v| {
                self.set(dest, v)?;
                self.meta.put(dest, meta);
                Ok(())
            }),
            CallDone::Stepped { acc, slot, result } => {
                self.aggs.insert(acc, slot);
                result
            }
        };
        if result.is_err() {
            self.state = super::exec::RunState::Halted;
        }
        result
    }

    fn env(&mut self, conn: &ConnState) -> Env {
        let now = *self.now_ms.get_or_insert_with(crate::func::system_time_ms);
        Env {
            last_insert_rowid: conn.last_insert_rowid,
            changes: conn.changes,
            total_changes: conn.total_changes,
            case_sensitive_like: conn.case_sensitive_like,
            now_ms: now,
        }
    }

    fn args(&self, start: Reg, n: usize) -> Vec<Value> {
        (0..n).map(|i| self.reg(start + i).clone()).collect()
    }

    /// The scalar function of the call at `pc`, resolved once per program and call site.
    fn scalar(&mut self, f: &FuncRef, conn: &ConnState) -> Result<Arc<ScalarFunction>> {
        let key = (Arc::as_ptr(&self.prog) as usize, self.pc);
        if let Some(s) = self.func_cache.get(&key) {
            return Ok(s.clone());
        }
        let s = conn
            .funcs
            .find_scalar(&f.name, f.n_args)
            .ok_or_else(|| no_function(f, conn))?;
        self.func_cache.insert(key, s.clone());
        Ok(s)
    }

    fn aggregate(&self, f: &FuncRef, conn: &ConnState) -> Result<Arc<AggregateFunction>> {
        conn.funcs
            .find_aggregate(&f.name, f.n_args)
            .ok_or_else(|| no_function(f, conn))
    }

    pub(crate) fn exec_func(&mut self, insn: &Insn, conn: &mut ConnState) -> Result<Option<Flow>> {
        match insn {
            Insn::Function {
                func,
                args,
                dest,
                collation,
            } => {
                let f = self.scalar(func, conn)?;
                let argv = self.args(*args, func.n_args);
                let subtypes = self.meta.subtypes(*args, func.n_args);
                let pointers = self.meta.pointers(*args, func.n_args);
                let env = self.env(conn);
                if !f.builtin {
                    // Application functions run with the connection unlocked (they may run
                    // SQL on it): yield, and the statement calls `finish_call` with the result.
                    self.pending_call = Some(PendingCall::Scalar {
                        func: f,
                        args: argv,
                        subtypes,
                        pointers,
                        from_bind: self.meta.bound_flags(*args, func.n_args),
                        dest: *dest,
                        env,
                    });
                    return Ok(Some(Flow::Call));
                }
                let coll = collation_fn(collation, conn);
                let int_real = self.meta.int_real_flags(*args, func.n_args);
                let mut ctx = Context::new(&env)
                    .with_collation(coll.as_deref())
                    .with_arg_subtypes(&subtypes)
                    .with_arg_pointers(&pointers)
                    .with_arg_int_real(&int_real);
                let v = f.call(&mut ctx, &argv)?;
                let meta = result_meta(&mut ctx);
                self.set(*dest, v)?;
                self.meta.put(*dest, meta);
            }
            Insn::AggStep {
                func,
                args,
                acc,
                collation,
            } => {
                let argv = self.args(*args, func.n_args);
                let subtypes = self.meta.subtypes(*args, func.n_args);
                if !self.aggs.contains_key(acc) {
                    let f = self.aggregate(func, conn)?;
                    self.aggs.insert(
                        *acc,
                        AggSlot {
                            acc: f.start(),
                            user: !f.builtin,
                        },
                    );
                }
                let env = self.env(conn);
                if self.aggs.get(acc).is_some_and(|s| s.user) {
                    if let Some(slot) = self.aggs.remove(acc) {
                        self.pending_call = Some(PendingCall::AggStep {
                            acc: *acc,
                            slot,
                            args: argv,
                            subtypes,
                            from_bind: self.meta.bound_flags(*args, func.n_args),
                            env,
                        });
                        return Ok(Some(Flow::Call));
                    }
                }
                let coll = collation_fn(collation, conn);
                let int_real = self.meta.int_real_flags(*args, func.n_args);
                let mut ctx = Context::new(&env)
                    .with_collation(coll.as_deref())
                    .with_arg_subtypes(&subtypes)
                    .with_arg_int_real(&int_real);
                if let Some(slot) = self.aggs.get_mut(acc) {
                    slot.acc.step(&mut ctx, &argv)?;
                }
                if let Some(skip) = ctx.skip_bare_columns {
                    self.agg_skip_bare = skip;
                }
            }
            Insn::AggSkipped { dest } => {
                let skipped = std::mem::take(&mut self.agg_skip_bare);
                self.set(*dest, Value::Integer(i64::from(skipped)))?;
            }
            Insn::AggInverse { func, args, acc } => {
                let argv = self.args(*args, func.n_args);
                let env = self.env(conn);
                let mut ctx = Context::new(&env);
                if let Some(slot) = self.aggs.get_mut(acc) {
                    slot.acc.inverse(&mut ctx, &argv)?;
                }
            }
            Insn::AggFinal { func, acc } => {
                let slot = match self.aggs.remove(acc) {
                    Some(s) => s,
                    None => {
                        let f = self.aggregate(func, conn)?;
                        AggSlot {
                            acc: f.start(),
                            user: !f.builtin,
                        }
                    }
                };
                let env = self.env(conn);
                if slot.user {
                    self.pending_call = Some(PendingCall::AggFinal {
                        acc: *acc,
                        slot,
                        env,
                    });
                    return Ok(Some(Flow::Call));
                }
                let mut ctx = Context::new(&env);
                let v = slot.acc.finalize(&mut ctx)?;
                let meta = result_meta(&mut ctx);
                self.set(*acc, v)?;
                self.meta.put(*acc, meta);
            }
            Insn::AggValue { func, acc, dest } => {
                let env = self.env(conn);
                let mut ctx = Context::new(&env);
                let v = match self.aggs.get_mut(acc) {
                    Some(slot) => slot.acc.value(&mut ctx)?,
                    None => {
                        let mut a = self.aggregate(func, conn)?.start();
                        a.value(&mut ctx)?
                    }
                };
                let meta = result_meta(&mut ctx);
                self.set(*dest, v)?;
                self.meta.put(*dest, meta);
            }
            _ => return Ok(None),
        }
        Ok(Some(Flow::Next))
    }
}

fn no_function(f: &FuncRef, conn: &ConnState) -> Error {
    if conn.funcs.exists(&f.name) {
        Error::sql(format!(
            "wrong number of arguments to function {}()",
            f.name
        ))
    } else {
        Error::sql(format!("no such function: {}", f.name))
    }
}

/// What a finished call leaves on its result register (`regmeta.rs` rule 3).
fn result_meta(ctx: &mut Context<'_>) -> RegMeta {
    RegMeta {
        subtype: ctx.result_subtype,
        pointer: ctx.result_pointer.take(),
        from_bind: false,
        int_real: ctx.result_int_real,
    }
}
