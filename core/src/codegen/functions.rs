//! What codegen needs to know about SQL functions: whether a name/arity exists and whether it
//! is scalar, aggregate or window-only. The connection's function registry implements
//! [`FunctionCatalog`]; [`BuiltinFunctions`] lists SQLite's built-ins for when none is given.

/// The kind of a function definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuncKind {
    Scalar,
    Aggregate,
    /// Window-only (`row_number`, `rank`, ...).
    Window,
}

/// Function lookup for codegen.
pub trait FunctionCatalog {
    /// The kind of the definition of `name` taking `n_args` arguments, if any.
    fn lookup(&self, name: &str, n_args: usize) -> Option<FuncKind>;
    /// Whether `name` exists with any number of arguments.
    fn exists(&self, name: &str) -> bool;
    /// Whether aggregate `name`/`n_args` may be used as a window function (SQLite: built-ins,
    /// and user aggregates registered with xValue/xInverse).
    fn window_capable(&self, _name: &str, _n_args: usize) -> bool {
        true
    }
}

/// SQLite 3.40's built-in functions, and the scalars added after it (lang_corefunc.html, lang_aggfunc.html,
/// lang_datefunc.html, lang_mathfunc.html, json1.html, windowfunctions.html).
pub struct BuiltinFunctions;

/// (name, min args, max args (-1 = any), kind)
const BUILTINS: &[(&str, i32, i32, FuncKind)] = {
    use FuncKind::*;
    &[
        ("avg", 1, 1, Aggregate),
        ("count", 0, 1, Aggregate),
        ("group_concat", 1, 2, Aggregate),
        ("string_agg", 2, 2, Aggregate),
        ("max", 1, 1, Aggregate),
        ("min", 1, 1, Aggregate),
        ("sum", 1, 1, Aggregate),
        ("total", 1, 1, Aggregate),
        ("json_group_array", 1, 1, Aggregate),
        ("json_group_object", 2, 2, Aggregate),
        ("row_number", 0, 0, Window),
        ("rank", 0, 0, Window),
        ("dense_rank", 0, 0, Window),
        ("percent_rank", 0, 0, Window),
        ("cume_dist", 0, 0, Window),
        ("ntile", 1, 1, Window),
        ("lag", 1, 3, Window),
        ("lead", 1, 3, Window),
        ("first_value", 1, 1, Window),
        ("last_value", 1, 1, Window),
        ("nth_value", 2, 2, Window),
        ("max", 2, -1, Scalar),
        ("min", 2, -1, Scalar),
        ("abs", 1, 1, Scalar),
        ("changes", 0, 0, Scalar),
        ("char", 0, -1, Scalar),
        ("coalesce", 2, -1, Scalar),
        ("format", 1, -1, Scalar),
        ("printf", 1, -1, Scalar),
        ("glob", 2, 2, Scalar),
        ("hex", 1, 1, Scalar),
        ("ifnull", 2, 2, Scalar),
        ("iif", 2, -1, Scalar),
        ("if", 2, -1, Scalar),
        ("concat", 1, -1, Scalar),
        ("concat_ws", 2, -1, Scalar),
        ("octet_length", 1, 1, Scalar),
        ("unhex", 1, 2, Scalar),
        ("unistr", 1, 1, Scalar),
        ("unistr_quote", 1, 1, Scalar),
        ("timediff", 2, 2, Scalar),
        ("instr", 2, 2, Scalar),
        ("last_insert_rowid", 0, 0, Scalar),
        ("length", 1, 1, Scalar),
        ("like", 2, 3, Scalar),
        ("likelihood", 2, 2, Scalar),
        ("likely", 1, 1, Scalar),
        ("unlikely", 1, 1, Scalar),
        ("lower", 1, 1, Scalar),
        ("upper", 1, 1, Scalar),
        ("ltrim", 1, 2, Scalar),
        ("rtrim", 1, 2, Scalar),
        ("trim", 1, 2, Scalar),
        ("nullif", 2, 2, Scalar),
        ("quote", 1, 1, Scalar),
        ("random", 0, 0, Scalar),
        ("randomblob", 1, 1, Scalar),
        ("replace", 3, 3, Scalar),
        ("round", 1, 2, Scalar),
        ("sign", 1, 1, Scalar),
        ("sqlite_version", 0, 0, Scalar),
        ("sqlite_source_id", 0, 0, Scalar),
        ("substr", 2, 3, Scalar),
        ("substring", 2, 3, Scalar),
        ("total_changes", 0, 0, Scalar),
        ("typeof", 1, 1, Scalar),
        ("unicode", 1, 1, Scalar),
        ("zeroblob", 1, 1, Scalar),
        ("date", 0, -1, Scalar),
        ("time", 0, -1, Scalar),
        ("datetime", 0, -1, Scalar),
        ("julianday", 0, -1, Scalar),
        ("unixepoch", 0, -1, Scalar),
        ("strftime", 1, -1, Scalar),
        ("current_date", 0, 0, Scalar),
        ("current_time", 0, 0, Scalar),
        ("current_timestamp", 0, 0, Scalar),
        ("acos", 1, 1, Scalar),
        ("acosh", 1, 1, Scalar),
        ("asin", 1, 1, Scalar),
        ("asinh", 1, 1, Scalar),
        ("atan", 1, 1, Scalar),
        ("atan2", 2, 2, Scalar),
        ("atanh", 1, 1, Scalar),
        ("ceil", 1, 1, Scalar),
        ("ceiling", 1, 1, Scalar),
        ("cos", 1, 1, Scalar),
        ("cosh", 1, 1, Scalar),
        ("degrees", 1, 1, Scalar),
        ("exp", 1, 1, Scalar),
        ("floor", 1, 1, Scalar),
        ("ln", 1, 1, Scalar),
        ("log", 1, 2, Scalar),
        ("log10", 1, 1, Scalar),
        ("log2", 1, 1, Scalar),
        ("mod", 2, 2, Scalar),
        ("pi", 0, 0, Scalar),
        ("pow", 2, 2, Scalar),
        ("power", 2, 2, Scalar),
        ("radians", 1, 1, Scalar),
        ("sin", 1, 1, Scalar),
        ("sinh", 1, 1, Scalar),
        ("sqrt", 1, 1, Scalar),
        ("tan", 1, 1, Scalar),
        ("tanh", 1, 1, Scalar),
        ("trunc", 1, 1, Scalar),
        ("json", 1, 1, Scalar),
        ("json_array", 0, -1, Scalar),
        ("json_object", 0, -1, Scalar),
        ("json_extract", 1, -1, Scalar),
        ("json_type", 1, 2, Scalar),
        ("json_valid", 1, 1, Scalar),
        ("json_quote", 1, 1, Scalar),
        ("json_array_length", 1, 2, Scalar),
        ("json_insert", 1, -1, Scalar),
        ("json_replace", 1, -1, Scalar),
        ("json_set", 1, -1, Scalar),
        ("json_remove", 1, -1, Scalar),
        ("json_patch", 2, 2, Scalar),
    ]
};

impl FunctionCatalog for BuiltinFunctions {
    fn lookup(&self, name: &str, n_args: usize) -> Option<FuncKind> {
        let n = n_args as i32;
        BUILTINS
            .iter()
            .find(|(nm, lo, hi, _)| {
                nm.eq_ignore_ascii_case(name) && n >= *lo && (*hi < 0 || n <= *hi)
            })
            .map(|b| b.3)
    }

    fn exists(&self, name: &str) -> bool {
        BUILTINS.iter().any(|b| b.0.eq_ignore_ascii_case(name))
    }
}

impl FunctionCatalog for crate::func::FunctionRegistry {
    fn lookup(&self, name: &str, n_args: usize) -> Option<FuncKind> {
        if self.find_aggregate(name, n_args).is_some() {
            Some(FuncKind::Aggregate)
        } else if self.find_scalar(name, n_args).is_some() {
            Some(FuncKind::Scalar)
        } else if self.find_window(name, n_args).is_some() {
            Some(FuncKind::Window)
        } else {
            None
        }
    }

    fn exists(&self, name: &str) -> bool {
        crate::func::FunctionRegistry::exists(self, name)
    }

    fn window_capable(&self, name: &str, n_args: usize) -> bool {
        self.find_aggregate(name, n_args)
            .is_none_or(|f| f.builtin || f.has_inverse)
    }
}
