//! Registration of every built-in function into a [`FunctionRegistry`].

use super::context::Context;
use super::registry::{
    flags, Accumulator, AggregateFunction, FunctionRegistry, ScalarFunction, WindowFunction,
    WindowKind,
};
use crate::error::Result;
use crate::value::Value;

/// Flags of an ordinary deterministic built-in.
pub(crate) const DET: u32 = flags::DETERMINISTIC | flags::INNOCUOUS;

/// Registers a built-in scalar.
pub(crate) fn scalar(
    r: &mut FunctionRegistry,
    name: &str,
    n_args: i32,
    flags: u32,
    f: impl Fn(&mut Context<'_>, &[Value]) -> Result<Value> + Send + Sync + 'static,
) {
    let mut sf = ScalarFunction::new(name, n_args, flags, f);
    sf.builtin = true;
    r.register_scalar(sf);
}

/// Registers a built-in variadic scalar needing at least `min_args` arguments.
pub(crate) fn scalar_min(
    r: &mut FunctionRegistry,
    name: &str,
    min_args: usize,
    flags: u32,
    f: impl Fn(&mut Context<'_>, &[Value]) -> Result<Value> + Send + Sync + 'static,
) {
    let mut sf = ScalarFunction::new(name, -1, flags, f);
    sf.builtin = true;
    sf.min_args = min_args;
    r.register_scalar(sf);
}

/// Registers a built-in aggregate (flagged innocuous, as SQLite's are).
pub(crate) fn aggregate(
    r: &mut FunctionRegistry,
    name: &str,
    n_args: i32,
    has_inverse: bool,
    new: impl Fn() -> Box<dyn Accumulator> + Send + Sync + 'static,
) {
    aggregate_flags(r, name, n_args, flags::INNOCUOUS, has_inverse, new);
}

/// Registers a built-in aggregate with explicit flags.
pub(crate) fn aggregate_flags(
    r: &mut FunctionRegistry,
    name: &str,
    n_args: i32,
    flags: u32,
    has_inverse: bool,
    new: impl Fn() -> Box<dyn Accumulator> + Send + Sync + 'static,
) {
    let mut af = AggregateFunction::new(name, n_args, flags, has_inverse, new);
    af.builtin = true;
    r.register_aggregate(af);
}

pub(crate) fn window(r: &mut FunctionRegistry, name: &str, n_args: i32, kind: WindowKind) {
    r.register_window(WindowFunction {
        name: name.to_owned(),
        n_args,
        kind,
    });
}

/// Every built-in: core scalars, text, aggregates, window, printf, date/time, math, JSON.
pub(crate) fn register_all(r: &mut FunctionRegistry) {
    super::scalar::register(r);
    super::text::register(r);
    super::aggregate::register(r);
    register_windows(r);
    super::math::register(r);
    super::date::register(r);
    super::json::register(r);
    super::misc::register(r);
    super::newer::register(r);
    scalar(r, "printf", -1, DET, super::printf::printf_fn);
    scalar(r, "format", -1, DET, super::printf::printf_fn);
}

fn register_windows(r: &mut FunctionRegistry) {
    use WindowKind::*;
    for (name, n, kind) in [
        ("row_number", 0, RowNumber),
        ("rank", 0, Rank),
        ("dense_rank", 0, DenseRank),
        ("percent_rank", 0, PercentRank),
        ("cume_dist", 0, CumeDist),
        ("ntile", 1, Ntile),
        ("lag", 1, Lag),
        ("lag", 2, Lag),
        ("lag", 3, Lag),
        ("lead", 1, Lead),
        ("lead", 2, Lead),
        ("lead", 3, Lead),
        ("first_value", 1, FirstValue),
        ("last_value", 1, LastValue),
        ("nth_value", 2, NthValue),
    ] {
        window(r, name, n, kind);
    }
}
