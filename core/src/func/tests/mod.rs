//! Differential tests: every case runs through the system `sqlite3` (3.40.1) as
//! `SELECT quote(<expr>)` and through our function, rendered with our `quote`; the two texts
//! must agree, so expected values cannot drift from SQLite. Errors compare by message.
//!
//! When `sqlite3` is not installed the differential cases are skipped (with a note on stderr).

mod agg;
mod core;

use std::process::Command;
use std::sync::OnceLock;

use super::{quote_value, Context, FunctionRegistry, NullEnv};
use crate::error::Result;
use crate::value::Value;

pub(super) fn registry() -> &'static FunctionRegistry {
    static R: OnceLock<FunctionRegistry> = OnceLock::new();
    R.get_or_init(FunctionRegistry::with_builtins)
}

/// An SQL literal that sqlite3 reads back as exactly `v`.
pub(super) fn lit(v: &Value) -> String {
    match v {
        Value::Integer(i64::MIN) => "(-9223372036854775807-1)".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) if r.is_infinite() => if *r > 0.0 { "9e999" } else { "(-9e999)" }.to_owned(),
        Value::Real(r) => format!("{r:e}"),
        other => quote_value(other),
    }
}

/// The rendering both sides are compared in: quote() text, or `error: <message>`.
pub(super) fn render(r: &Result<Value>) -> String {
    match r {
        Ok(v) => quote_value(v),
        // The shell appends the result code unless it is SQLITE_ERROR.
        Err(e) if e.code() == crate::error::codes::SQLITE_ERROR => format!("error: {}", e.message),
        Err(e) => format!("error: {} ({})", e.message, e.extended_code),
    }
}

/// Runs `sql` (a SELECT of one column) in sqlite3; returns the rendering, or None without sqlite3.
pub(super) fn sqlite(sql: &str) -> Option<String> {
    let out = Command::new("sqlite3")
        .arg(":memory:")
        .arg(sql)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !stderr.is_empty() {
        let first = stderr.lines().next().unwrap_or("");
        let msg = first
            .trim_start_matches("Error: ")
            .trim_start_matches("stepping, ")
            .trim_start_matches("in prepare, ");
        return Some(format!("error: {msg}"));
    }
    Some(stdout.strip_suffix('\n').unwrap_or(&stdout).to_owned())
}

/// Calls scalar `name` on `args` as the VM would, with codegen's arity errors.
pub(super) fn call(name: &str, args: &[Value]) -> Result<Value> {
    let r = registry();
    match r.find_scalar(name, args.len()) {
        Some(f) => f.call(&mut Context::new(&NullEnv), args),
        None if r.exists(name) => Err(crate::error::Error::sql(format!(
            "wrong number of arguments to function {name}()"
        ))),
        None => Err(crate::error::Error::sql(format!(
            "no such function: {name}"
        ))),
    }
}

/// Runs aggregate `name` over `rows` (each the argument list of one step).
pub(super) fn aggregate(name: &str, n_args: usize, rows: &[Vec<Value>]) -> Result<Value> {
    let f = registry()
        .find_aggregate(name, n_args)
        .expect("aggregate exists");
    let env = NullEnv;
    let mut acc = f.start();
    for row in rows {
        acc.step(&mut Context::new(&env), row)?;
    }
    acc.finalize(&mut Context::new(&env))
}

/// A differential case: the SQL for sqlite3 and our result.
pub(super) struct Case {
    pub sql: String,
    pub ours: String,
}

/// A scalar call case: `SELECT quote(name(args...))`.
pub(super) fn scalar_case(name: &str, args: &[Value]) -> Case {
    let list: Vec<String> = args.iter().map(lit).collect();
    Case {
        sql: format!("SELECT quote({name}({}))", list.join(", ")),
        ours: render(&call(name, args)),
    }
}

/// Checks every case against sqlite3 (in parallel); panics listing all mismatches.
pub(super) fn check(cases: Vec<Case>) {
    if sqlite("SELECT 1").is_none() {
        eprintln!(
            "sqlite3 not installed: skipping {} differential cases",
            cases.len()
        );
        return;
    }
    let n = cases.len();
    let chunks: Vec<Vec<Case>> = {
        let mut v: Vec<Vec<Case>> = (0..8).map(|_| Vec::new()).collect();
        for (i, c) in cases.into_iter().enumerate() {
            v[i % 8].push(c);
        }
        v
    };
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(move || {
                    let mut bad = Vec::new();
                    for c in chunk {
                        let theirs = sqlite(&c.sql).unwrap_or_default();
                        if theirs != c.ours {
                            bad.push(format!(
                                "{}\n   sqlite3: {theirs}\n   ours:    {}",
                                c.sql, c.ours
                            ));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ from sqlite3:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{n} differential cases agree with sqlite3");
}

/// Shorthands for building argument lists.
pub(super) fn i(v: i64) -> Value {
    Value::Integer(v)
}
pub(super) fn r(v: f64) -> Value {
    Value::Real(v)
}
pub(super) fn t(v: &str) -> Value {
    Value::Text(v.to_owned())
}
pub(super) fn b(v: &[u8]) -> Value {
    Value::Blob(v.to_vec())
}
pub(super) const N: Value = Value::Null;
