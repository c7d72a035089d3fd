//! Comparing values as SQLite's comparison operators do when no affinity applies
//! (datatype3.html "Sort Order"): NULL < INTEGER/REAL < TEXT < BLOB; numbers by value with
//! integers and reals compared exactly; texts by the collating sequence; blobs by `memcmp`.

use std::cmp::Ordering;

use super::context::Context;
use crate::value::Value;

fn class(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Integer(_) | Value::Real(_) => 1,
        Value::Text(_) => 2,
        Value::Blob(_) => 3,
    }
}

/// Exact comparison of an integer with a real (NaN sorts as less than every number).
pub(crate) fn cmp_int_real(i: i64, r: f64) -> Ordering {
    if r.is_nan() {
        return Ordering::Greater;
    }
    if r < -9.223_372_036_854_776e18 {
        return Ordering::Greater;
    }
    if r >= 9.223_372_036_854_776e18 {
        return Ordering::Less;
    }
    let t = r.trunc() as i64;
    match i.cmp(&t) {
        Ordering::Equal => 0.0f64
            .partial_cmp(&(r - r.trunc()))
            .unwrap_or(Ordering::Equal),
        o => o,
    }
}

fn cmp_real(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b)
        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()).reverse())
}

/// Total order over values; texts compare with `ctx`'s collation.
pub(crate) fn compare(a: &Value, b: &Value, ctx: &Context<'_>) -> Ordering {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Integer(x), Value::Real(y)) => cmp_int_real(*x, *y),
        (Value::Real(x), Value::Integer(y)) => cmp_int_real(*y, *x).reverse(),
        (Value::Real(x), Value::Real(y)) => cmp_real(*x, *y),
        (Value::Text(x), Value::Text(y)) => ctx.collate(x, y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => class(a).cmp(&class(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_int_real() {
        assert_eq!(
            cmp_int_real(9007199254740993, 9007199254740992.0),
            Ordering::Greater
        );
        assert_eq!(cmp_int_real(1, 1.5), Ordering::Less);
        assert_eq!(cmp_int_real(-1, -1.5), Ordering::Greater);
        assert_eq!(cmp_int_real(2, 2.0), Ordering::Equal);
        assert_eq!(cmp_int_real(i64::MAX, 9.3e18), Ordering::Less);
    }
}
