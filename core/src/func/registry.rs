//! The function registry: built-in and user-defined SQL functions, looked up by name and arity.
//!
//! One [`FunctionRegistry`] per connection. Lookup is ASCII case-insensitive; a definition with
//! the exact argument count beats a variadic one (`n_args == -1`). Registering a function with
//! the same name and arity replaces the previous definition (user functions may override
//! built-ins, as `sqlite3_create_function` allows).

use std::collections::HashMap;
use std::sync::Arc;

use super::context::Context;
use crate::error::Result;
use crate::value::Value;

/// The body of a scalar function.
pub type ScalarFn = dyn Fn(&mut Context<'_>, &[Value]) -> Result<Value> + Send + Sync;

/// Function flags, as `PRAGMA function_list` reports them (SQLite's `SQLITE_DETERMINISTIC` etc.).
pub mod flags {
    /// Same inputs always give the same output (usable in indexes, CHECK, generated columns).
    pub const DETERMINISTIC: u32 = 0x000000800;
    /// May only be called from top-level SQL, not from schema (triggers, views, CHECK...).
    pub const DIRECTONLY: u32 = 0x000080000;
    /// Uses the subtype of its arguments (JSON functions).
    pub const SUBTYPE: u32 = 0x000100000;
    /// Harmless even if misused (SQLite's `SQLITE_INNOCUOUS`).
    pub const INNOCUOUS: u32 = 0x000200000;
}

/// A scalar SQL function: one value out per call.
pub struct ScalarFunction {
    /// Lower-case name.
    pub name: String,
    /// Number of arguments, or -1 for any number.
    pub n_args: i32,
    /// For variadic functions, the fewest arguments accepted (`coalesce` needs 2).
    pub min_args: usize,
    /// Bit set of [`flags`].
    pub flags: u32,
    /// Whether the function is built in (for `PRAGMA function_list`).
    pub builtin: bool,
    pub func: Box<ScalarFn>,
}

impl ScalarFunction {
    pub fn new(
        name: &str,
        n_args: i32,
        flags: u32,
        func: impl Fn(&mut Context<'_>, &[Value]) -> Result<Value> + Send + Sync + 'static,
    ) -> ScalarFunction {
        ScalarFunction {
            name: name.to_ascii_lowercase(),
            n_args,
            min_args: 0,
            flags,
            builtin: false,
            func: Box::new(func),
        }
    }

    pub fn is_deterministic(&self) -> bool {
        self.flags & flags::DETERMINISTIC != 0
    }

    /// Calls the function. `args.len()` must be an arity the function accepts.
    pub fn call(&self, ctx: &mut Context<'_>, args: &[Value]) -> Result<Value> {
        (self.func)(ctx, args)
    }
}

/// The running state of one aggregate (or aggregate-as-window) evaluation.
///
/// The VM calls [`step`](Accumulator::step) once per row of the group (after DISTINCT
/// filtering, which the VM does), then [`finalize`](Accumulator::finalize) once. As a window
/// function the VM may also call [`inverse`](Accumulator::inverse) (remove a row that left the
/// frame) and [`value`](Accumulator::value) (current result, state kept) any number of times.
pub trait Accumulator: Send {
    fn step(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()>;

    /// Removes a row previously passed to `step`. Only called when
    /// [`AggregateFunction::has_inverse`] is true.
    fn inverse(&mut self, _ctx: &mut Context<'_>, _args: &[Value]) -> Result<()> {
        Err(crate::error::Error::misuse())
    }

    /// The current result, leaving the state usable for more steps.
    fn value(&mut self, ctx: &mut Context<'_>) -> Result<Value>;

    /// The final result. For an empty group `step` was never called.
    fn finalize(mut self: Box<Self>, ctx: &mut Context<'_>) -> Result<Value> {
        self.value(ctx)
    }
}

/// Makes a fresh accumulator for one group.
pub type AccumulatorFactory = dyn Fn() -> Box<dyn Accumulator> + Send + Sync;

/// An aggregate SQL function (`sum`, `count`, ... or a user aggregate).
pub struct AggregateFunction {
    pub name: String,
    pub n_args: i32,
    pub flags: u32,
    pub builtin: bool,
    /// Whether accumulators implement `inverse` (usable as a window function with a moving
    /// frame start; SQLite requires it for `sqlite3_create_window_function`).
    pub has_inverse: bool,
    pub new: Box<AccumulatorFactory>,
}

impl AggregateFunction {
    pub fn new(
        name: &str,
        n_args: i32,
        flags: u32,
        has_inverse: bool,
        new: impl Fn() -> Box<dyn Accumulator> + Send + Sync + 'static,
    ) -> AggregateFunction {
        AggregateFunction {
            name: name.to_ascii_lowercase(),
            n_args,
            flags,
            builtin: false,
            has_inverse,
            new: Box::new(new),
        }
    }

    /// A fresh accumulator for one group.
    pub fn start(&self) -> Box<dyn Accumulator> {
        (self.new)()
    }
}

/// The built-in window-only functions (windowfunctions.html, "Built-in Window Functions").
/// Aggregates used with OVER are [`AggregateFunction`]s; see [`super::window`] for evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile,
    Lag,
    Lead,
    FirstValue,
    LastValue,
    NthValue,
}

/// A built-in window function.
pub struct WindowFunction {
    pub name: String,
    pub n_args: i32,
    pub kind: WindowKind,
}

/// What kind of function a [`FunctionInfo`] describes (`PRAGMA function_list`'s `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    Scalar,
    Aggregate,
    Window,
}

impl FunctionKind {
    /// `s`, `a` or `w`, as `PRAGMA function_list` prints it.
    pub fn code(self) -> &'static str {
        match self {
            FunctionKind::Scalar => "s",
            FunctionKind::Aggregate => "a",
            FunctionKind::Window => "w",
        }
    }
}

/// One row of `PRAGMA function_list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInfo {
    pub name: String,
    pub builtin: bool,
    pub kind: FunctionKind,
    pub n_args: i32,
    pub flags: u32,
}

/// All functions visible to one connection.
#[derive(Default, Clone)]
pub struct FunctionRegistry {
    scalars: HashMap<String, Vec<Arc<ScalarFunction>>>,
    aggregates: HashMap<String, Vec<Arc<AggregateFunction>>>,
    windows: HashMap<String, Vec<Arc<WindowFunction>>>,
    /// Whether an application function was ever registered: only then do registers loaded
    /// from parameters remember it (`sqlite3_value_frombind`).
    has_user: bool,
}

/// Picks the definition for `n_args`: exact arity first, then a variadic one.
fn pick<T>(defs: Option<&Vec<Arc<T>>>, n_args: usize, arity: impl Fn(&T) -> i32) -> Option<Arc<T>> {
    let defs = defs?;
    let exact = defs
        .iter()
        .find(|f| usize::try_from(arity(f)).ok() == Some(n_args));
    exact
        .or_else(|| defs.iter().find(|f| arity(f) < 0))
        .cloned()
}

/// Inserts `f`, replacing a definition with the same arity.
fn put<T>(map: &mut HashMap<String, Vec<Arc<T>>>, name: &str, f: T, arity: impl Fn(&T) -> i32) {
    let n = arity(&f);
    let defs = map.entry(name.to_ascii_lowercase()).or_default();
    defs.retain(|g| arity(g) != n);
    defs.push(Arc::new(f));
}

impl FunctionRegistry {
    /// An empty registry (no built-ins).
    pub fn new() -> FunctionRegistry {
        FunctionRegistry::default()
    }

    /// A registry holding every built-in function.
    pub fn with_builtins() -> FunctionRegistry {
        let mut r = FunctionRegistry::new();
        super::builtins::register_all(&mut r);
        r
    }

    /// The scalar function `name` taking `n_args` arguments.
    pub fn find_scalar(&self, name: &str, n_args: usize) -> Option<Arc<ScalarFunction>> {
        pick(self.scalars.get(&name.to_ascii_lowercase()), n_args, |f| {
            f.n_args
        })
        .filter(|f| n_args >= f.min_args)
    }

    /// The aggregate function `name` taking `n_args` arguments (`count(*)` has 0).
    pub fn find_aggregate(&self, name: &str, n_args: usize) -> Option<Arc<AggregateFunction>> {
        pick(
            self.aggregates.get(&name.to_ascii_lowercase()),
            n_args,
            |f| f.n_args,
        )
    }

    /// The built-in window function `name` taking `n_args` arguments.
    pub fn find_window(&self, name: &str, n_args: usize) -> Option<Arc<WindowFunction>> {
        pick(self.windows.get(&name.to_ascii_lowercase()), n_args, |f| {
            f.n_args
        })
    }

    /// Whether an application-defined function was ever registered.
    #[inline]
    pub fn has_user_functions(&self) -> bool {
        self.has_user
    }

    /// Whether any function of any arity is named `name`: the codegen reports
    /// `wrong number of arguments to function f()` when true but no arity matched,
    /// `no such function: f` otherwise.
    pub fn exists(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.scalars.contains_key(&name)
            || self.aggregates.contains_key(&name)
            || self.windows.contains_key(&name)
    }

    /// Adds or replaces a scalar function (same name and arity).
    pub fn register_scalar(&mut self, f: ScalarFunction) {
        self.has_user |= !f.builtin;
        let name = f.name.clone();
        put(&mut self.scalars, &name, f, |f| f.n_args);
    }

    /// Adds or replaces an aggregate function (same name and arity).
    pub fn register_aggregate(&mut self, f: AggregateFunction) {
        self.has_user |= !f.builtin;
        let name = f.name.clone();
        put(&mut self.aggregates, &name, f, |f| f.n_args);
    }

    /// Adds or replaces a built-in-style window function.
    pub fn register_window(&mut self, f: WindowFunction) {
        let name = f.name.clone();
        put(&mut self.windows, &name, f, |f| f.n_args);
    }

    /// Removes every definition of `name` with arity `n_args` (`sqlite3_create_function` with
    /// NULL callbacks). Returns whether something was removed.
    pub fn remove(&mut self, name: &str, n_args: i32) -> bool {
        let name = name.to_ascii_lowercase();
        let mut removed = false;
        if let Some(v) = self.scalars.get_mut(&name) {
            let before = v.len();
            v.retain(|f| f.n_args != n_args);
            removed |= v.len() != before;
        }
        if let Some(v) = self.aggregates.get_mut(&name) {
            let before = v.len();
            v.retain(|f| f.n_args != n_args);
            removed |= v.len() != before;
        }
        self.scalars.retain(|_, v| !v.is_empty());
        self.aggregates.retain(|_, v| !v.is_empty());
        removed
    }

    /// Every function, sorted by name then arity (for `PRAGMA function_list`).
    pub fn list(&self) -> Vec<FunctionInfo> {
        let mut out = Vec::new();
        for f in self.scalars.values().flatten() {
            out.push(FunctionInfo {
                name: f.name.clone(),
                builtin: f.builtin,
                kind: FunctionKind::Scalar,
                n_args: f.n_args,
                flags: f.flags,
            });
        }
        for f in self.aggregates.values().flatten() {
            let kind = if f.has_inverse {
                FunctionKind::Window
            } else {
                FunctionKind::Aggregate
            };
            out.push(FunctionInfo {
                name: f.name.clone(),
                builtin: f.builtin,
                kind,
                n_args: f.n_args,
                flags: f.flags,
            });
        }
        for f in self.windows.values().flatten() {
            out.push(FunctionInfo {
                name: f.name.clone(),
                builtin: true,
                kind: FunctionKind::Window,
                n_args: f.n_args,
                flags: flags::INNOCUOUS,
            });
        }
        out.sort_by(|a, b| (&a.name, a.n_args).cmp(&(&b.name, b.n_args)));
        out
    }
}
