//! Core scalar functions that are not about text (lang_corefunc.html): abs, coalesce, ifnull,
//! iif, likely/unlikely/likelihood, multi-argument max/min, nullif, random, randomblob, round,
//! sign, typeof, zeroblob, the connection counters and the version functions.

use std::cmp::Ordering;

use super::builtins::{scalar, scalar_min, DET};
use super::compare::compare;
use super::context::Context;
use super::convert;
use super::float;
use super::registry::{flags, FunctionRegistry};
use crate::error::{codes, Error, Result};
use crate::value::Value;

/// SQLITE_TOOBIG: `string or blob too big`.
pub(crate) fn too_big() -> Error {
    Error::from_code(codes::SQLITE_TOOBIG)
}

/// Checks a result length against the connection's length limit.
pub(crate) fn check_len(ctx: &Context<'_>, len: usize) -> Result<()> {
    if len > ctx.env.max_length() {
        Err(too_big())
    } else {
        Ok(())
    }
}

/// SQLite's truth value of a value (`IF`, `iif`, `WHERE`): numbers non-zero; text by its
/// numeric prefix.
pub(crate) fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(*i != 0),
        other => Some(convert::real(other) != 0.0),
    }
}

fn abs(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(match &a[0] {
        Value::Null => Value::Null,
        Value::Integer(i) => Value::Integer(
            i.checked_abs()
                .ok_or_else(|| Error::sql("integer overflow"))?,
        ),
        other => {
            // sqlite3 negates only values below zero: abs(-0.0) stays -0.0.
            let r = convert::real(other);
            Value::Real(if r < 0.0 { -r } else { r })
        }
    })
}

fn first_non_null(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(a.iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null))
}

fn iif(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(if truthy(&a[0]) == Some(true) {
        a[1].clone()
    } else {
        a[2].clone()
    })
}

fn likelihood(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    // SQLite wants a floating-point constant: `likelihood(x, 1)` is an error.
    let ok = matches!(&a[1], Value::Real(r) if (0.0..=1.0).contains(r));
    if !ok {
        return Err(Error::sql(
            "second argument to likelihood() must be a constant between 0.0 and 1.0",
        ));
    }
    Ok(a[0].clone())
}

/// Multi-argument `max`/`min`: NULL if any argument is NULL. Among equal values `max`
/// keeps the first and `min` the last (`min(1, 1.0)` is `1.0`), as SQLite does.
/// Scalar min()/max(): NULL if any argument is; the result keeps the chosen argument's
/// subtype (`json_array(max(json('[1]'), json('[2]')))` is `[[2]]`).
fn extremum(ctx: &mut Context<'_>, a: &[Value], want: Ordering) -> Value {
    let mut best = 0;
    for (i, v) in a.iter().enumerate().skip(1) {
        if v.is_null() || a[best].is_null() {
            return Value::Null;
        }
        let c = compare(v, &a[best], ctx);
        if c == want || (want == Ordering::Less && c == Ordering::Equal) {
            best = i;
        }
    }
    ctx.result_subtype = ctx.arg_subtype(best);
    ctx.result_int_real = ctx.arg_int_real(best);
    a[best].clone()
}

fn nullif(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let equal = !a[0].is_null() && !a[1].is_null() && compare(&a[0], &a[1], ctx) == Ordering::Equal;
    if equal {
        return Ok(Value::Null);
    }
    ctx.result_subtype = ctx.arg_subtype(0);
    ctx.result_int_real = ctx.arg_int_real(0);
    Ok(a[0].clone())
}

fn random(ctx: &mut Context<'_>, _: &[Value]) -> Result<Value> {
    let mut b = [0u8; 8];
    ctx.env.random_bytes(&mut b);
    Ok(Value::Integer(i64::from_le_bytes(b)))
}

fn randomblob(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a[0].is_null() {
        return Ok(Value::Blob(vec![0]).tap_random(ctx));
    }
    let n = convert::int(&a[0]).max(1);
    let n = usize::try_from(n).map_err(|_| too_big())?;
    check_len(ctx, n)?;
    Ok(Value::Blob(vec![0; n]).tap_random(ctx))
}

trait TapRandom {
    fn tap_random(self, ctx: &Context<'_>) -> Value;
}
impl TapRandom for Value {
    fn tap_random(mut self, ctx: &Context<'_>) -> Value {
        if let Value::Blob(b) = &mut self {
            ctx.env.random_bytes(b);
        }
        self
    }
}

/// `round(x, n)`: half away from zero at `n` (0..=30) decimals, on SQLite's decimal model.
pub(crate) fn round_real(r: f64, n: i64) -> f64 {
    let n = n.clamp(0, 30) as usize;
    if !r.is_finite() {
        return r;
    }
    if n == 0 && r.abs() < 4_503_599_627_370_496.0 {
        let t = if r < 0.0 {
            (r - 0.5).trunc()
        } else {
            (r + 0.5).trunc()
        };
        // sqlite3 goes through a 64-bit integer here: round(-0.4) is +0.0, not -0.0.
        return t + 0.0;
    }
    if r.abs() >= 4_503_599_627_370_496.0 {
        return r;
    }
    let s = float::fixed(r, n, false, false);
    let v = convert::decimal_text_to_f64(s.as_bytes());
    if r < 0.0 {
        -v
    } else {
        v
    }
}

fn round(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    if a.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let n = a.get(1).map_or(0, |v| i64::from(convert::int(v) as i32));
    Ok(Value::Real(round_real(convert::real(&a[0]), n)))
}

fn sign(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let r = match &a[0] {
        Value::Integer(i) => *i as f64,
        Value::Real(r) => *r,
        Value::Text(s) => match convert::text_to_numeric(s) {
            Some(v) => convert::real(&v),
            None => return Ok(Value::Null),
        },
        _ => return Ok(Value::Null),
    };
    Ok(Value::Integer(if r > 0.0 {
        1
    } else if r < 0.0 {
        -1
    } else {
        0
    }))
}

fn type_name(_: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    Ok(Value::Text(
        match &a[0] {
            Value::Null => "null",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
        .to_owned(),
    ))
}

fn zeroblob(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let n = convert::int(&a[0]).max(0);
    let n = usize::try_from(n).map_err(|_| too_big())?;
    check_len(ctx, n)?;
    Ok(Value::Blob(vec![0; n]))
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    let nondet = flags::INNOCUOUS;
    scalar(r, "abs", 1, DET, abs);
    scalar(r, "changes", 0, nondet, |c, _| {
        Ok(Value::Integer(c.env.changes()))
    });
    scalar(r, "total_changes", 0, nondet, |c, _| {
        Ok(Value::Integer(c.env.total_changes()))
    });
    scalar(r, "last_insert_rowid", 0, nondet, |c, _| {
        Ok(Value::Integer(c.env.last_insert_rowid()))
    });
    scalar_min(r, "coalesce", 2, DET, first_non_null);
    scalar(r, "ifnull", 2, DET, first_non_null);
    scalar(r, "iif", 3, DET, iif);
    scalar(r, "likely", 1, DET, |_, a| Ok(a[0].clone()));
    scalar(r, "unlikely", 1, DET, |_, a| Ok(a[0].clone()));
    scalar(r, "likelihood", 2, DET, likelihood);
    scalar_min(r, "max", 2, DET, |c, a| {
        Ok(extremum(c, a, Ordering::Greater))
    });
    scalar_min(r, "min", 2, DET, |c, a| Ok(extremum(c, a, Ordering::Less)));
    scalar(r, "nullif", 2, DET, nullif);
    scalar(r, "random", 0, nondet, random);
    scalar(r, "randomblob", 1, nondet, randomblob);
    scalar(r, "round", 1, DET, round);
    scalar(r, "round", 2, DET, round);
    scalar(r, "sign", 1, DET, sign);
    scalar(r, "typeof", 1, DET, type_name);
    scalar(r, "zeroblob", 1, DET, zeroblob);
    scalar(r, "sqlite_version", 0, nondet, |_, _| {
        Ok(Value::Text(crate::SQLITE_VERSION.to_owned()))
    });
    scalar(r, "sqlite_source_id", 0, nondet, |_, _| {
        Ok(Value::Text(crate::SQLITE_SOURCE_ID.to_owned()))
    });
}
