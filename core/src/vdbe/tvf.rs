//! The table-valued functions (vtab.html "table-valued functions"): their columns, for the
//! compiler, and their rows, for the `TableFunction` instruction.
//!
//! | name | visible columns | hidden columns (= arguments, in order) |
//! |---|---|---|
//! | `json_each`, `json_tree` | key, value, type, atom, id, parent, fullkey, path | json, root |
//! | `pragma_NAME` (row pragmas taking an argument: table_info, index_list, ...) | the pragma's | arg, schema |
//! | `pragma_NAME` (page_count, journal_mode, ...) | the pragma's | schema |
//! | `pragma_NAME` (database_list, function_list, user_version, ...) | the pragma's | none |
//!
//! A function takes at most as many arguments as it has hidden columns ("too many arguments
//! on json_each() - max 2" at prepare time). Each row holds the visible columns then the
//! hidden ones, which echo the arguments (SQLite's `arg`/`schema` are NULL when omitted;
//! json_each's `root` is `$`).

use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::value::Value;

/// A table-valued function's shape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TvfDef {
    /// All columns, visible first, then `n_hidden` hidden ones.
    pub columns: Vec<&'static str>,
    pub n_hidden: usize,
}

impl TvfDef {
    /// The most arguments a call may pass.
    pub(crate) fn max_args(&self) -> usize {
        self.n_hidden
    }
}

/// Pragmas with an argument column (and a schema column). For the first six a missing or
/// NULL argument yields no rows.
const ARG_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "table_list",
    "integrity_check",
    "quick_check",
];

/// Pragmas with only a schema column.
const SCHEMA_PRAGMAS: &[&str] = &[
    "page_count",
    "max_page_count",
    "journal_mode",
    "locking_mode",
    "page_size",
    "cache_size",
    "synchronous",
    "auto_vacuum",
];

/// Pragmas with no hidden column.
const PLAIN_PRAGMAS: &[&str] = &[
    "database_list",
    "collation_list",
    "function_list",
    "compile_options",
    "freelist_count",
    "user_version",
    "application_id",
    "schema_version",
    "data_version",
    "encoding",
    "foreign_keys",
    "busy_timeout",
    "temp_store",
    "recursive_triggers",
];

/// The pragma of `pragma_NAME` with its hidden columns, if it has a table-valued form.
fn pragma_kind(name: &str) -> Option<(&str, &'static [&'static str])> {
    let base = name.strip_prefix("pragma_")?;
    let hidden: &'static [&'static str] = if ARG_PRAGMAS.contains(&base) {
        &["arg", "schema"]
    } else if SCHEMA_PRAGMAS.contains(&base) {
        &["schema"]
    } else if PLAIN_PRAGMAS.contains(&base) {
        &[]
    } else {
        return None;
    };
    Some((base, hidden))
}

/// The function named `name` (lower-case), if there is one.
pub(crate) fn lookup(name: &str) -> Option<TvfDef> {
    if name == "json_each" || name == "json_tree" {
        return Some(TvfDef {
            columns: crate::func::json_each::COLUMNS.to_vec(),
            n_hidden: 2,
        });
    }
    let (base, hidden) = pragma_kind(name)?;
    let mut columns = crate::pragma::columns(base, !hidden.is_empty() && hidden[0] == "arg");
    if columns.is_empty() {
        return None;
    }
    columns.extend_from_slice(hidden);
    Some(TvfDef {
        columns,
        n_hidden: hidden.len(),
    })
}

/// Runs function `name` (lower-case, known to [`lookup`]) on `args`; returns its rows,
/// hidden columns included.
pub(crate) fn rows(conn: &mut ConnState, name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
    match name {
        "json_each" => crate::func::json_each::rows(args, false),
        "json_tree" => crate::func::json_each::rows(args, true),
        _ => pragma_rows(conn, name, args),
    }
}

fn pragma_rows(conn: &mut ConnState, name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
    let Some((base, hidden)) = pragma_kind(name) else {
        return Ok(Vec::new());
    };
    let has_arg = hidden.first() == Some(&"arg");
    let hidden_vals: Vec<Value> = (0..hidden.len())
        .map(|i| args.get(i).cloned().unwrap_or(Value::Null))
        .collect();
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => None,
        Some(v) => crate::func::convert::text(v).map(|t| t.to_string()),
    };
    let (arg, schema) = if has_arg {
        (text(hidden_vals.first()), text(hidden_vals.get(1)))
    } else {
        (None, text(hidden_vals.first()))
    };
    let needs_arg = ARG_PRAGMAS[..6].contains(&base);
    if needs_arg && arg.is_none() {
        return Ok(Vec::new());
    }
    let mut rows = crate::pragma::run(conn, schema.as_deref(), base, arg.as_deref()).map_err(
        |e| match &schema {
            // A table-valued pragma quotes the name (a PRAGMA statement does not).
            Some(s) if e.message == format!("unknown database {s}") => {
                Error::sql(format!("unknown database '{s}'"))
            }
            _ => e,
        },
    )?;
    for r in &mut rows {
        r.extend(hidden_vals.iter().cloned());
    }
    Ok(rows)
}
