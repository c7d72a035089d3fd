//! Math functions (lang_mathfunc.html).
//!
//! Arguments must be numeric: INTEGER, REAL, or text that is entirely a number; anything
//! else (including BLOBs) gives NULL. Results are REAL except `ceil`/`floor`/`trunc` of an
//! integer. Domain errors (NaN results) give NULL; overflow gives ±Inf, as in SQLite.
//! `log10`/`log2`/`log(B, X)` divide natural logarithms like SQLite, so `log10(0.001)` is
//! `-2.9999999999999996`, not `-3.0`.

use std::f64::consts::{LN_10, LN_2, PI};

use super::builtins::{scalar, DET};
use super::context::Context;
use super::convert;
use super::registry::FunctionRegistry;
use crate::error::Result;
use crate::value::Value;

/// The numeric reading of a math argument; `None` → the function returns NULL.
fn numeric(v: &Value) -> Option<Value> {
    match v {
        Value::Integer(_) | Value::Real(_) => Some(v.clone()),
        Value::Text(s) => convert::text_to_numeric(s),
        _ => None,
    }
}

fn real_result(r: f64) -> Value {
    if r.is_nan() {
        Value::Null
    } else {
        Value::Real(r)
    }
}

fn unary(a: &[Value], f: fn(f64) -> f64) -> Result<Value> {
    Ok(match numeric(&a[0]) {
        Some(n) => real_result(f(convert::real(&n))),
        None => Value::Null,
    })
}

fn binary(a: &[Value], f: fn(f64, f64) -> f64) -> Result<Value> {
    Ok(match (numeric(&a[0]), numeric(&a[1])) {
        (Some(x), Some(y)) => real_result(f(convert::real(&x), convert::real(&y))),
        _ => Value::Null,
    })
}

/// ceil/floor/trunc: integers pass through unchanged.
fn rounding(a: &[Value], f: fn(f64) -> f64) -> Result<Value> {
    Ok(match numeric(&a[0]) {
        Some(Value::Integer(i)) => Value::Integer(i),
        // C's ceil/floor/trunc keep the sign of zero: ceiling(-0.5) is -0.0.
        Some(n) => real_result(f(convert::real(&n))),
        None => Value::Null,
    })
}

fn ln(x: f64) -> f64 {
    if x <= 0.0 {
        f64::NAN
    } else {
        x.ln()
    }
}

fn log(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a.len() == 1 {
        return unary(a, |x| ln(x) / LN_10);
    }
    // log(B, X): B must be numeric; X is read like sqlite3_value_double (a numeric prefix).
    let Some(b) = numeric(&a[0]) else {
        return Ok(Value::Null);
    };
    if a[1].is_null() {
        return Ok(Value::Null);
    }
    let (b, x) = (convert::real(&b), convert::real(&a[1]));
    Ok(real_result(if b <= 1.0 { f64::NAN } else { ln(x) / ln(b) }))
}

// The inverse hyperbolic functions use the classic fdlibm formulas (what the C library
// under SQLite computes), built on the C library's log/log1p; Rust's own versions differ in
// the last bits.
const TWO28: f64 = 268_435_456.0;

fn acosh(x: f64) -> f64 {
    if x.is_nan() || x < 1.0 {
        f64::NAN
    } else if x >= TWO28 {
        if x.is_infinite() {
            x
        } else {
            x.ln() + LN_2
        }
    } else if x == 1.0 {
        0.0
    } else if x > 2.0 {
        (2.0 * x - 1.0 / (x + (x * x - 1.0).sqrt())).ln()
    } else {
        let t = x - 1.0;
        (t + (2.0 * t + t * t).sqrt()).ln_1p()
    }
}

fn asinh(x: f64) -> f64 {
    let a = x.abs();
    if !a.is_finite() {
        return x;
    }
    let w = if a >= TWO28 {
        a.ln() + LN_2
    } else if a > 2.0 {
        (2.0 * a + 1.0 / ((x * x + 1.0).sqrt() + a)).ln()
    } else if a < 1.0 / TWO28 {
        return x;
    } else {
        let t = x * x;
        (a + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    if x < 0.0 {
        -w
    } else {
        w
    }
}

fn atanh(x: f64) -> f64 {
    let a = x.abs();
    if a.is_nan() || a > 1.0 {
        return f64::NAN;
    }
    if a == 1.0 {
        return x / 0.0;
    }
    let w = if a < 0.5 {
        let t = a + a;
        0.5 * (t + t * a / (1.0 - a)).ln_1p()
    } else {
        0.5 * ((a + a) / (1.0 - a)).ln_1p()
    };
    if x < 0.0 {
        -w
    } else {
        w
    }
}

fn fmod(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        f64::NAN
    } else {
        x % y
    }
}

type RealFn = fn(f64) -> f64;

pub(crate) fn register(r: &mut FunctionRegistry) {
    let unaries: [(&str, RealFn); 19] = [
        ("acos", f64::acos),
        ("acosh", acosh),
        ("asin", f64::asin),
        ("asinh", asinh),
        ("atan", f64::atan),
        ("atanh", atanh),
        ("cos", f64::cos),
        ("cosh", f64::cosh),
        ("degrees", |x| x * (180.0 / PI)),
        ("exp", f64::exp),
        ("ln", ln),
        ("log10", |x| ln(x) / LN_10),
        ("log2", |x| ln(x) / LN_2),
        ("radians", |x| x * (PI / 180.0)),
        ("sin", f64::sin),
        ("sinh", f64::sinh),
        ("sqrt", f64::sqrt),
        ("tan", f64::tan),
        ("tanh", f64::tanh),
    ];
    for (name, f) in unaries {
        scalar(r, name, 1, DET, move |_, a| unary(a, f));
    }
    let roundings: [(&str, RealFn); 4] = [
        ("ceil", f64::ceil),
        ("ceiling", f64::ceil),
        ("floor", f64::floor),
        ("trunc", f64::trunc),
    ];
    for (name, f) in roundings {
        scalar(r, name, 1, DET, move |_, a| rounding(a, f));
    }
    scalar(r, "atan2", 2, DET, |_, a| binary(a, f64::atan2));
    scalar(r, "mod", 2, DET, |_, a| binary(a, fmod));
    scalar(r, "pow", 2, DET, |_, a| binary(a, f64::powf));
    scalar(r, "power", 2, DET, |_, a| binary(a, f64::powf));
    scalar(r, "log", 1, DET, log);
    scalar(r, "log", 2, DET, log);
    scalar(r, "pi", 0, DET, |_, _| Ok(Value::Real(PI)));
}
