//! SQL functions: scalar, aggregate, window, printf, date/time, math and JSON.
//!
//! Owns every built-in function and the registry through which the codegen resolves names and
//! the VM calls them. Functions are pure over [`crate::value::Value`]: no storage, no VM
//! internals. What they need from the connection comes through [`FunctionEnv`] in a
//! [`Context`].
//!
//! ```text
//! codegen:  registry.find_scalar("substr", 3)  ─▶ Arc<ScalarFunction>  (or exists() for errors)
//!           registry.find_aggregate("count", 0) (count(*)), find_window("lag", 2)
//! VM:       f.call(&mut Context::new(env).with_collation(..).with_arg_subtypes(..), &args)
//!             ─▶ Result<Value>, and ctx.result_subtype for the result register
//!           agg.start() ─▶ Box<dyn Accumulator>; step(..)* ; finalize(..)
//!           windows: evaluate_partition(ctx, WindowCall::{Builtin,Aggregate}, &Partition)
//!             ─▶ one value per row of a sorted partition (frames, EXCLUDE, FILTER)
//! ```
//!
//! # Contracts with the VM
//! - **Registry**: one [`FunctionRegistry`] per connection, built by
//!   [`FunctionRegistry::with_builtins`]; user functions (C API `sqlite3_create_function`,
//!   `create_window_function`) are added with `register_*` and may replace built-ins. Lookup
//!   is ASCII case-insensitive; an exact arity beats a variadic definition;
//!   [`FunctionRegistry::exists`] tells "wrong number of arguments to function f()" from
//!   "no such function: f". [`FunctionRegistry::list`] is `PRAGMA function_list` (flags
//!   identical to sqlite3's).
//! - **Operators as functions**: `LIKE`/`GLOB` call `like`/`glob` (2 or 3 arguments, pattern
//!   first); `->`/`->>` call the functions named `"->"`/`"->>"`. The matchers are also
//!   exported as [`like`]/[`glob`].
//! - **'now'**: [`FunctionEnv::statement_time_ms`] must return the same instant for a whole
//!   statement. `localtime`/`utc` read the system zone via
//!   [`FunctionEnv::local_offset_seconds`] (TZif, `$TZ`).
//! - **Subtypes**: JSON functions mark their results with [`JSON_SUBTYPE`] in
//!   `ctx.result_subtype` and treat arguments whose subtype is `J` as JSON. The VM must keep
//!   a subtype with the result register and pass the argument registers' subtypes, or
//!   `json_array(json('[1]'))` gives `["[1]"]` instead of `[[1]]`.
//! - **Numbers as SQLite reads and prints them**: [`decimal_text_to_f64`] converts text to
//!   REAL bit-for-bit like sqlite3 (it is not always correctly rounded); [`real_to_text`]
//!   is `%!.15g` (CAST, text of a REAL), digit-for-digit like sqlite3 (x87 arithmetic
//!   emulated in `ld`). Use them for literals, CAST and affinity so values match.
//!
//! Conversions of arguments follow SQLite's C API (`convert`), comparisons datatype3.html
//! (`compare`). Every family has differential tests against the system `sqlite3` in `tests/`
//! (about 53,000 cases, curated and random).
//!
//! # Known differences from sqlite3 3.40.1
//! - Text is a Rust `String`: `char()` of a UTF-16 surrogate gives U+FFFD, and `printf`'s
//!   byte precision (`%.2s`) never cuts inside a character; BLOBs read as text are decoded
//!   lossily.
//! - Text-to-real below about 1e-295 may differ from SQLite's parse by one ulp.
//! - A bare number outside the Julian-day range followed by `weekday`/`±HH:MM` and then
//!   `localtime`/`utc` does not reproduce SQLite's error recovery.

mod aggregate;
mod builtins;
pub(crate) mod compare;
mod context;
pub(crate) mod convert;
pub(crate) mod date;
pub(crate) mod float;
mod json;
mod ld;
mod math;
mod misc;
mod newer;
mod pattern;
mod printf;
mod registry;
mod scalar;
mod text;
pub mod window;

#[cfg(test)]
mod tests;

pub use context::{
    fill_random, system_time_ms, AuxData, CollationFn, Context, FunctionEnv, NullEnv, Pointer,
    JSON_SUBTYPE,
};
pub(crate) use json::each as json_each;
pub use misc::{compile_option_used, COMPILE_OPTIONS};
pub use pattern::{glob, like};
pub use printf::format_real;
pub use registry::{
    flags, Accumulator, AccumulatorFactory, AggregateFunction, FunctionInfo, FunctionKind,
    FunctionRegistry, ScalarFn, ScalarFunction, WindowFunction, WindowKind,
};
pub use text::{quote_real, quote_value};
pub use window::{
    evaluate_partition, evaluate_partition_until_error, FrameBound, FrameExclude, FrameSpec,
    FrameUnits, Partition, WindowCall,
};

pub use convert::decimal_text_to_f64;

/// SQLite's text form of a REAL (`%!.15g`), as `CAST(r AS TEXT)` produces it.
pub fn real_to_text(r: f64) -> String {
    float::real_to_text(r)
}
