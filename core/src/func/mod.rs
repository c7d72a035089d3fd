//! SQL functions: scalar, aggregate, window, printf, date/time, math and JSON.
//!
//! Owns every built-in function and the registry through which the codegen resolves names and
//! the VM calls them. Functions are pure over [`crate::value::Value`]: no storage, no VM
//! internals. What they need from the connection comes through [`FunctionEnv`] in a
//! [`Context`].
//!
//! ```text
//! codegen:  registry.find_scalar("substr", 3)  ─▶ Arc<ScalarFunction>  (or exists() for errors)
//! VM:       f.call(&mut Context::new(env), &args) ─▶ Result<Value>
//!           agg.start() ─▶ Box<dyn Accumulator>; step(..)* ; finalize(..)
//!           windows: see `window` (partition-at-a-time evaluation of frames)
//! ```
//!
//! Registry: one [`FunctionRegistry`] per connection, built by
//! [`FunctionRegistry::with_builtins`]; user functions (C API `sqlite3_create_function`) are
//! added with `register_*` and may replace built-ins. Lookup is ASCII case-insensitive; an
//! exact arity beats a variadic definition; [`FunctionRegistry::exists`] tells "wrong number
//! of arguments to function f()" from "no such function: f".
//!
//! Conversions follow SQLite's C API (`convert`), REAL→text follows SQLite's printf (`float`),
//! comparisons follow datatype3.html (`compare`). `pattern` exposes the LIKE/GLOB matchers
//! for the VM's operators.

mod aggregate;
mod builtins;
mod compare;
mod context;
pub(crate) mod convert;
pub(crate) mod float;
mod pattern;
mod registry;
mod scalar;
mod text;

#[cfg(test)]
mod tests;

pub use context::{
    fill_random, system_time_ms, AuxData, CollationFn, Context, FunctionEnv, NullEnv, JSON_SUBTYPE,
};
pub use pattern::{glob, like};
pub use registry::{
    flags, Accumulator, AccumulatorFactory, AggregateFunction, FunctionInfo, FunctionKind,
    FunctionRegistry, ScalarFn, ScalarFunction, WindowFunction, WindowKind,
};
pub use text::{quote_real, quote_value};

/// SQLite's text form of a REAL (`%!.15g`), as `CAST(r AS TEXT)` produces it.
pub fn real_to_text(r: f64) -> String {
    float::real_to_text(r)
}
