//! Differential tests: every case runs through the system `sqlite3` (3.40.1) as
//! `SELECT quote(<expr>)` and through our function, rendered with our `quote`; the two texts
//! must agree, so expected values cannot drift from SQLite. Errors compare by message.
//!
//! When `sqlite3` is not installed the differential cases are skipped (with a note on stderr).

#![allow(clippy::approx_constant)]

mod agg;
mod core;
mod date;
mod e2e;
mod json;
mod jsonb;
mod math;
mod newer;
mod printf;
mod registry;
mod robustness;
mod window;

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

/// `v` as sqlite3 will hold it after parsing [`lit`]`(v)`: a REAL literal goes through
/// SQLite's text-to-real conversion, which is not always correctly rounded.
pub(super) fn as_parsed(v: &Value) -> Value {
    match v {
        Value::Real(r) if r.is_finite() => {
            let p = crate::func::decimal_text_to_f64(format!("{:e}", r.abs()).as_bytes());
            Value::Real(if *r < 0.0 { -p } else { p })
        }
        other => other.clone(),
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
    /// Our result when it is a REAL: compared by value with sqlite3's (parsed) output, since
    /// quote()'s 17th+ digits carry x87 noise that says nothing about the function.
    pub ours_real: Option<f64>,
}

impl Case {
    pub fn new(sql: String, result: &Result<Value>) -> Case {
        Case {
            sql,
            ours: render(result),
            ours_real: match result {
                Ok(Value::Real(r)) => Some(*r),
                _ => None,
            },
        }
    }

    fn agrees(&self, theirs: &str) -> bool {
        if theirs == self.ours {
            return true;
        }
        // Read sqlite3's text back the way SQLite itself would.
        let parsed = crate::func::convert::scan_number(theirs.as_bytes())
            .filter(|n| n.whole)
            .map(|_| crate::func::decimal_text_to_f64(theirs.trim().as_bytes()))
            .ok_or(());
        match (self.ours_real, parsed) {
            (Some(a), Ok(b)) => {
                a == b
                    || (a.is_infinite()
                        && theirs.ends_with("Inf")
                        && (a > 0.0) != theirs.starts_with('-'))
            }
            _ => false,
        }
    }
}

/// A scalar call case: `SELECT quote(name(args...))`.
pub(super) fn scalar_case(name: &str, args: &[Value]) -> Case {
    let list: Vec<String> = args.iter().map(lit).collect();
    let parsed: Vec<Value> = args.iter().map(as_parsed).collect();
    Case::new(
        format!("SELECT quote({name}({}))", list.join(", ")),
        &call(name, &parsed),
    )
}

/// A nested expression of literals and function calls, evaluated with subtypes flowing
/// from inner calls to outer ones as the VM should carry them.
#[derive(Clone)]
pub(super) enum E {
    L(Value),
    C(&'static str, Vec<E>),
}

impl E {
    pub fn sql(&self) -> String {
        match self {
            E::L(v) => lit(v),
            E::C(name @ ("->" | "->>"), args) => {
                format!("({} {name} {})", args[0].sql(), args[1].sql())
            }
            E::C(name, args) => {
                let a: Vec<String> = args.iter().map(E::sql).collect();
                format!("{name}({})", a.join(", "))
            }
        }
    }

    pub fn eval(&self) -> Result<(Value, u8)> {
        match self {
            E::L(v) => Ok((as_parsed(v), 0)),
            E::C(name, args) => {
                let mut vals = Vec::new();
                let mut subs = Vec::new();
                for a in args {
                    let (v, s) = a.eval()?;
                    vals.push(v);
                    subs.push(s);
                }
                let r = registry();
                let f = r.find_scalar(name, vals.len()).ok_or_else(|| {
                    crate::error::Error::sql(format!(
                        "wrong number of arguments to function {name}()"
                    ))
                })?;
                let env = NullEnv;
                let mut ctx = Context::new(&env).with_arg_subtypes(&subs);
                let v = f.call(&mut ctx, &vals)?;
                Ok((v, ctx.result_subtype))
            }
        }
    }

    pub fn case(&self) -> Case {
        Case::new(
            format!("SELECT quote({})", self.sql()),
            &self.eval().map(|(v, _)| v),
        )
    }
}

/// Runs `cases` in one sqlite3 process: each statement is preceded by a marker line, and
/// errors (on stderr, "Runtime error near line N: msg") are mapped back by line number.
/// Returns sqlite3's rendering per case.
fn sqlite_batch(cases: &[Case], env: &[(&str, &str)]) -> Option<Vec<String>> {
    use std::io::Write;
    use std::process::Stdio;
    let mut script = String::new();
    let mut line = 1usize;
    let mut start_line = std::collections::HashMap::new();
    for (k, c) in cases.iter().enumerate() {
        script.push_str(&format!(".print @@case{k}@@\n"));
        line += 1;
        start_line.insert(line, k);
        script.push_str(&c.sql);
        script.push_str(";\n");
        line += c.sql.matches('\n').count() + 1;
    }
    let mut child = Command::new("sqlite3")
        .envs(env.iter().copied())
        .arg(":memory:")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(script.as_bytes());
    });
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut results = vec![String::new(); cases.len()];
    let mut current: Option<usize> = None;
    let mut buf = String::new();
    let flush = |cur: Option<usize>, buf: &mut String, results: &mut Vec<String>| {
        if let Some(k) = cur {
            results[k] = buf.strip_suffix('\n').unwrap_or(buf).to_owned();
        }
        buf.clear();
    };
    for l in stdout.split_inclusive('\n') {
        let t = l.trim_end_matches('\n');
        if let Some(k) = t.strip_prefix("@@case").and_then(|r| r.strip_suffix("@@")) {
            flush(current, &mut buf, &mut results);
            current = k.parse().ok();
        } else {
            buf.push_str(l);
        }
    }
    flush(current, &mut buf, &mut results);
    for l in stderr.lines() {
        let rest = l
            .strip_prefix("Runtime error near line ")
            .or_else(|| l.strip_prefix("Parse error near line "))
            .or_else(|| l.strip_prefix("Error: near line "));
        let Some(rest) = rest else { continue };
        let Some((n, msg)) = rest.split_once(": ") else {
            continue;
        };
        if let Some(&k) = n.parse::<usize>().ok().and_then(|n| start_line.get(&n)) {
            let msg = msg
                .trim_start_matches("stepping, ")
                .trim_start_matches("in prepare, ");
            results[k] = format!("error: {msg}");
        }
    }
    Some(results)
}

/// Checks every case against sqlite3; panics listing all mismatches.
pub(super) fn check(cases: Vec<Case>) {
    check_with_env(cases, &[]);
}

/// [`check`], running sqlite3 with extra environment variables (e.g. `TZ`).
pub(super) fn check_with_env(cases: Vec<Case>, env: &[(&str, &str)]) {
    if sqlite("SELECT 1").is_none() {
        eprintln!(
            "sqlite3 not installed: skipping {} differential cases",
            cases.len()
        );
        return;
    }
    // FUNC_E2E=1 runs every case's SQL through the whole engine instead of calling the
    // function directly (integration check of parser, codegen and VM with these functions).
    let cases = if std::env::var("FUNC_E2E").is_ok_and(|v| v == "1") && env.is_empty() {
        cases
            .into_iter()
            .map(|c| e2e::through_engine(&c.sql))
            .collect()
    } else {
        cases
    };
    let n = cases.len();
    let Some(theirs) = sqlite_batch(&cases, env) else {
        panic!("could not run sqlite3");
    };
    let failures: Vec<String> = cases
        .iter()
        .zip(&theirs)
        .filter(|(c, t)| !c.agrees(t))
        .map(|(c, t)| format!("{}\n   sqlite3: {t}\n   ours:    {}", c.sql, c.ours))
        .collect();
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
