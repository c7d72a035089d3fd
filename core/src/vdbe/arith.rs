//! Arithmetic, bitwise, concatenation and comparison semantics of the VM's operators.
//!
//! - NULL in → NULL out (except the logical ops, three-valued, and IS comparisons).
//! - Text/blob operands use their numeric prefix (`'12abc' + 1` = 13).
//! - Integer overflow in `+ - *` gives a REAL; `/` and `%` by zero give NULL; `%` works on
//!   the operands truncated to integers and is REAL when either operand was REAL.
//! - Bit ops work on integers (reals truncate); shifts by ≥ 64 saturate; negative shifts
//!   reverse direction.

use std::cmp::Ordering;

use crate::value::affinity::{apply_affinity, Affinity};
use crate::value::compare::{compare_values_with, Collation, CollationResolver};
use crate::value::convert::{real_to_int, text_to_int, to_i64, to_numeric, NumVal};
use crate::value::Value;

use super::insn::{CmpFlags, CmpOp};

#[derive(Clone, Copy)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// `a OP b` for the five arithmetic operators.
pub(crate) fn arith(op: ArithOp, a: &Value, b: &Value) -> Value {
    let (Some(x), Some(y)) = (to_numeric(a), to_numeric(b)) else {
        return Value::Null;
    };
    match (x, y) {
        (NumVal::Int(x), NumVal::Int(y)) => int_arith(op, x, y),
        _ => {
            let xf = num_f64(x);
            let yf = num_f64(y);
            match op {
                ArithOp::Add => real(xf + yf),
                ArithOp::Sub => real(xf - yf),
                ArithOp::Mul => real(xf * yf),
                ArithOp::Div => {
                    if yf == 0.0 {
                        Value::Null
                    } else {
                        real(xf / yf)
                    }
                }
                ArithOp::Rem => {
                    // Each operand's integer value as CAST reads it: text gives its integer
                    // prefix, so `'1e16' % 7` is 1.0 (sqlite3 3.40.1 and 3.54.1).
                    let xi = int_of(a);
                    let yi = int_of(b);
                    if yi == 0 {
                        Value::Null
                    } else if yi == -1 {
                        Value::Real(0.0)
                    } else {
                        Value::Real((xi % yi) as f64)
                    }
                }
            }
        }
    }
}

fn real(r: f64) -> Value {
    if r.is_nan() {
        Value::Null
    } else {
        Value::Real(r)
    }
}

fn num_f64(n: NumVal) -> f64 {
    match n {
        NumVal::Int(i) => i as f64,
        NumVal::Real(r) => r,
    }
}

fn int_arith(op: ArithOp, x: i64, y: i64) -> Value {
    let r = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => {
            if y == 0 {
                return Value::Null;
            }
            x.checked_div(y)
        }
        ArithOp::Rem => {
            if y == 0 {
                return Value::Null;
            }
            Some(if y == -1 { 0 } else { x % y })
        }
    };
    match r {
        Some(v) => Value::Integer(v),
        None => {
            let (xf, yf) = (x as f64, y as f64);
            real(match op {
                ArithOp::Add => xf + yf,
                ArithOp::Sub => xf - yf,
                ArithOp::Mul => xf * yf,
                ArithOp::Div => xf / yf,
                ArithOp::Rem => 0.0,
            })
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum BitOp {
    And,
    Or,
    Shl,
    Shr,
}

/// `a OP b` for `& | << >>`.
pub(crate) fn bitop(op: BitOp, a: &Value, b: &Value) -> Value {
    if a.is_null() || b.is_null() {
        return Value::Null;
    }
    let x = int_of(a);
    let y = int_of(b);
    Value::Integer(match op {
        BitOp::And => x & y,
        BitOp::Or => x | y,
        BitOp::Shl => shift(x, y),
        BitOp::Shr => shift(x, y.checked_neg().unwrap_or(i64::MAX)),
    })
}

/// `x << n` (n < 0 shifts right, arithmetic).
fn shift(x: i64, n: i64) -> i64 {
    if n >= 0 {
        if n >= 64 {
            0
        } else {
            ((x as u64) << n) as i64
        }
    } else {
        let n = n.checked_neg().unwrap_or(i64::MAX);
        if n >= 64 {
            if x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> n
        }
    }
}

/// A value as an integer for the bit operators.
///
/// Like `CAST(v AS INTEGER)`: text and blobs give their integer prefix, so `'1e3' | 0` is 1
/// and `'-9.2e18' | 0` is -9 (sqlite3 3.40.1), unlike arithmetic, which reads `'1e3'` as 1000.
pub(crate) fn int_of(v: &Value) -> i64 {
    match v {
        Value::Text(s) => text_to_int(s.as_bytes()),
        Value::Blob(b) => text_to_int(b),
        _ => match to_numeric(v) {
            None => 0,
            Some(NumVal::Int(i)) => i,
            Some(NumVal::Real(r)) => real_to_int(r),
        },
    }
}

/// `~a`.
pub(crate) fn bitnot(a: &Value) -> Value {
    if a.is_null() {
        Value::Null
    } else {
        Value::Integer(!int_of(a))
    }
}

/// `a || b`.
pub(crate) fn concat(a: &Value, b: &Value) -> Value {
    if a.is_null() || b.is_null() {
        return Value::Null;
    }
    let mut s = text_of(a);
    s.push_str(&text_of(b));
    Value::Text(s)
}

/// A non-NULL value rendered as text (blobs as their bytes).
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        other => other.to_string(),
    }
}

/// Three-valued logic value: Some(true/false) or None for NULL.
pub(crate) fn tri(v: &Value) -> Option<bool> {
    crate::value::convert::truth(v)
}

pub(crate) fn tri_value(t: Option<bool>) -> Value {
    match t {
        None => Value::Null,
        Some(b) => Value::Integer(b as i64),
    }
}

/// `a AND b`.
pub(crate) fn and(a: &Value, b: &Value) -> Value {
    tri_value(match (tri(a), tri(b)) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    })
}

/// `a OR b`.
pub(crate) fn or(a: &Value, b: &Value) -> Value {
    tri_value(match (tri(a), tri(b)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    })
}

/// The comparison of a binary operator: `None` when NULL makes the result NULL, else the
/// order of `a` relative to `b` after applying the operator's affinity.
pub(crate) fn compare_op(
    a: &Value,
    b: &Value,
    flags: &CmpFlags,
    resolver: Option<CollationResolver<'_>>,
) -> Option<Ordering> {
    if a.is_null() || b.is_null() {
        if flags.null_eq {
            return Some(if a.is_null() && b.is_null() {
                Ordering::Equal
            } else if a.is_null() {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        return None;
    }
    let binary = Collation::Binary;
    let coll = flags.collation.as_ref().unwrap_or(&binary);
    match flags.affinity {
        Some(aff) if aff.is_numeric() => {
            let a2 = numeric_for_cmp(a);
            let b2 = numeric_for_cmp(b);
            Some(compare_values_with(&a2, &b2, coll, resolver))
        }
        Some(Affinity::Text) => {
            let a2 = text_for_cmp(a);
            let b2 = text_for_cmp(b);
            Some(compare_values_with(&a2, &b2, coll, resolver))
        }
        _ => Some(compare_values_with(a, b, coll, resolver)),
    }
}

fn numeric_for_cmp(v: &Value) -> Value {
    match v {
        Value::Text(_) => apply_affinity(v.clone(), Affinity::Numeric),
        other => other.clone(),
    }
}

fn text_for_cmp(v: &Value) -> Value {
    match v {
        Value::Integer(_) | Value::Real(_) => Value::Text(v.to_string()),
        other => other.clone(),
    }
}

/// Whether an ordering satisfies `op`.
pub(crate) fn op_holds(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

/// `to_i64` re-exported for the interpreter.
pub(crate) fn as_i64(v: &Value) -> i64 {
    to_i64(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::*;

    fn t(s: &str) -> Value {
        Text(s.into())
    }

    #[test]
    fn arithmetic_matches_sqlite() {
        // Expected values from sqlite3 3.40.1.
        assert_eq!(arith(ArithOp::Rem, &Real(5.5), &Integer(2)), Real(1.0));
        assert_eq!(arith(ArithOp::Rem, &Integer(5), &Real(2.5)), Real(1.0));
        assert_eq!(arith(ArithOp::Rem, &Integer(-7), &Integer(3)), Integer(-1));
        assert_eq!(arith(ArithOp::Rem, &Integer(7), &Integer(-3)), Integer(1));
        assert_eq!(arith(ArithOp::Rem, &Integer(5), &Real(0.4)), Null);
        assert_eq!(arith(ArithOp::Rem, &Integer(10), &Real(3.5)), Real(1.0));
        let t = |s: &str| Text(s.into());
        assert_eq!(arith(ArithOp::Rem, &t("1.5e3"), &Integer(7)), Real(1.0));
        assert_eq!(arith(ArithOp::Rem, &t("1500.0"), &Integer(7)), Real(2.0));
        assert_eq!(arith(ArithOp::Rem, &t("9.2e+17"), &Real(49.0)), Real(9.0));
        assert_eq!(
            arith(ArithOp::Mul, &Integer(i64::MAX), &Integer(2)),
            Real(1.8446744073709552e19)
        );
        assert_eq!(
            arith(ArithOp::Add, &Integer(i64::MAX), &Integer(1)),
            Real(9.223_372_036_854_776e18)
        );
        assert_eq!(arith(ArithOp::Div, &Integer(1), &Integer(2)), Integer(0));
        assert_eq!(arith(ArithOp::Div, &Real(1.0), &Integer(2)), Real(0.5));
        assert_eq!(arith(ArithOp::Div, &Integer(5), &Real(0.0)), Null);
        assert_eq!(arith(ArithOp::Div, &Integer(5), &Integer(0)), Null);
        assert_eq!(
            arith(ArithOp::Div, &Integer(i64::MIN), &Integer(-1)),
            Real(9.223_372_036_854_776e18)
        );
        assert_eq!(arith(ArithOp::Add, &t("12abc"), &Integer(1)), Integer(13));
        assert_eq!(arith(ArithOp::Mul, &Real(2.0), &Integer(3)), Real(6.0));
        assert_eq!(arith(ArithOp::Add, &Null, &Integer(3)), Null);
    }

    #[test]
    fn bits_match_sqlite() {
        assert_eq!(bitop(BitOp::Shl, &Integer(1), &Integer(64)), Integer(0));
        assert_eq!(
            bitop(BitOp::Shl, &Integer(1), &Integer(63)),
            Integer(i64::MIN)
        );
        assert_eq!(bitop(BitOp::Shr, &Integer(-1), &Integer(70)), Integer(-1));
        assert_eq!(bitop(BitOp::Shr, &Integer(8), &Integer(-1)), Integer(16));
        assert_eq!(bitop(BitOp::Shl, &Integer(1), &Integer(-1)), Integer(0));
        assert_eq!(bitop(BitOp::Or, &Real(3.7), &Integer(0)), Integer(3));
        assert_eq!(bitop(BitOp::And, &t("3.9x"), &Integer(7)), Integer(3));
        assert_eq!(bitnot(&Integer(5)), Integer(-6));
        assert_eq!(bitnot(&t("x")), Integer(-1));
    }

    #[test]
    fn concat_and_logic() {
        assert_eq!(
            concat(&concat(&t("a"), &Real(1.5)), &Blob(b"A".to_vec())),
            t("a1.5A")
        );
        assert_eq!(and(&Null, &Integer(0)), Integer(0));
        assert_eq!(and(&Null, &Integer(1)), Null);
        assert_eq!(or(&Null, &Integer(1)), Integer(1));
        assert_eq!(or(&Null, &Integer(0)), Null);
    }

    #[test]
    fn comparison_affinity() {
        // SELECT 1 < '1' → 1 (numbers sort before text, no affinity on literals).
        let none = CmpFlags::default();
        assert_eq!(
            compare_op(&Integer(1), &t("1"), &none, None),
            Some(Ordering::Less)
        );
        // An INTEGER column compared with '1': numeric affinity applied → equal.
        let num = CmpFlags {
            affinity: Some(Affinity::Numeric),
            ..Default::default()
        };
        assert_eq!(
            compare_op(&Integer(1), &t("1"), &num, None),
            Some(Ordering::Equal)
        );
        let text = CmpFlags {
            affinity: Some(Affinity::Text),
            ..Default::default()
        };
        assert_eq!(
            compare_op(&Integer(10), &t("9"), &text, None),
            Some(Ordering::Less)
        );
        assert_eq!(compare_op(&Null, &Integer(1), &none, None), None);
        let is = CmpFlags {
            null_eq: true,
            ..Default::default()
        };
        assert_eq!(compare_op(&Null, &Null, &is, None), Some(Ordering::Equal));
    }
}
