//! Rendering result values the way SQLite's sqllogictest runner does, and hashing them.
//!
//! Per column type letter: NULL is `NULL` whatever the letter; `T` takes the value's text form
//! (`sqlite3_column_text`), `(empty)` for the empty string, every byte outside `' '..='~'`
//! replaced by `@`; `I` takes `sqlite3_column_int64` (reals truncated toward zero and clamped,
//! text/blob by its leading integer prefix) in decimal; `R` takes `sqlite3_column_double`
//! (text by its leading numeric prefix) with `%.3f`.

use ferrolite::Value;
use md5::{Digest, Md5};

/// Renders a value for column type letter `ty` (`T`, `I` or `R`); None for an unknown letter.
pub fn render_value(v: &Value, ty: u8) -> Option<String> {
    if v.is_null() {
        return Some("NULL".into());
    }
    Some(match ty {
        b'T' => match v {
            Value::Text(s) => render_text(s.as_bytes()),
            Value::Blob(b) => render_text(b),
            other => render_text(other.to_string().as_bytes()),
        },
        b'I' => to_i64(v).to_string(),
        b'R' => render_real(to_f64(v)),
        _ => return None,
    })
}

/// Text as the runner prints it: `(empty)` or the bytes with unprintables as `@`.
pub fn render_text(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "(empty)".into();
    }
    bytes
        .iter()
        .map(|&b| {
            if (b' '..=b'~').contains(&b) {
                b as char
            } else {
                '@'
            }
        })
        .collect()
}

/// `%.3f` as the reference runner's SQLite printf renders it: 0.0005 is added to the magnitude
/// (in floating point), the sum is rounded half up to 16 significant digits and then cut after
/// 3 decimals; digits past the 16th print as zeros (so -2^63 is `-9223372036854776000.000`, as
/// the corpus expects). `Inf`/`-Inf`; NaN as NULL.
pub fn render_real(r: f64) -> String {
    if r.is_nan() {
        return "NULL".into();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf" } else { "-Inf" }.into();
    }
    let sign = if r < 0.0 { "-" } else { "" };
    if r == 0.0 {
        return "0.000".into();
    }
    // Exact enough decimal digits: d.ddd…e±X, 40 significant digits.
    let sci = format!("{:.39e}", r.abs() + 0.0005);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // `point`: how many digits stand before the decimal point (may be <= 0).
    let mut point: i32 = exp.parse::<i32>().unwrap_or(0) + 1;
    round_half_up(&mut digits, &mut point, 16);
    digits.truncate((point + 3).max(0) as usize);
    let digit = |i: i32| -> char {
        let d = if i < 0 {
            0
        } else {
            digits.get(i as usize).copied().unwrap_or(0)
        };
        (b'0' + d) as char
    };
    let int: String = if point <= 0 {
        "0".into()
    } else {
        (0..point).map(digit).collect()
    };
    let frac: String = (point..point + 3).map(digit).collect();
    format!("{sign}{int}.{frac}")
}

/// Keeps the first `keep` digits, rounding half up (a carry may add a leading digit).
fn round_half_up(digits: &mut Vec<u8>, point: &mut i32, keep: i32) {
    if keep < 0 {
        digits.clear();
        return;
    }
    let keep = keep as usize;
    if digits.len() <= keep {
        return;
    }
    let up = digits[keep] >= 5;
    digits.truncate(keep);
    if up {
        let mut i = keep;
        loop {
            if i == 0 {
                digits.insert(0, 1);
                *point += 1;
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
}

/// `sqlite3_column_int64`'s conversion.
pub fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Null => 0,
        Value::Integer(i) => *i,
        Value::Real(r) => real_to_i64(*r),
        Value::Text(s) => text_to_i64(s.as_bytes()),
        Value::Blob(b) => text_to_i64(b),
    }
}

/// `sqlite3_column_double`'s conversion.
pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Integer(i) => *i as f64,
        Value::Real(r) => *r,
        Value::Text(s) => text_to_f64(s.as_bytes()),
        Value::Blob(b) => text_to_f64(b),
    }
}

fn real_to_i64(r: f64) -> i64 {
    if r.is_nan() {
        0
    } else if r <= i64::MIN as f64 {
        i64::MIN
    } else if r >= i64::MAX as f64 {
        i64::MAX
    } else {
        r as i64
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The leading integer of `s` (after spaces and a sign), clamped to i64; 0 when none.
fn text_to_i64(s: &[u8]) -> i64 {
    let mut i = s.iter().take_while(|&&b| is_space(b)).count();
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let mut acc: i128 = 0;
    for &b in s[i..].iter().take_while(|b| b.is_ascii_digit()) {
        acc = (acc * 10 + i128::from(b - b'0')).min(i128::from(i64::MAX) + 1);
    }
    let acc = if neg { -acc } else { acc };
    acc.clamp(i64::MIN.into(), i64::MAX.into()) as i64
}

/// The longest numeric prefix of `s` (after spaces) as a double; 0.0 when none.
fn text_to_f64(s: &[u8]) -> f64 {
    let start = s.iter().take_while(|&&b| is_space(b)).count();
    let s = &s[start..];
    let mut i = 0;
    if matches!(s.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        frac_digits = s[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if int_digits + frac_digits > 0 {
            i += 1 + frac_digits;
        }
    }
    if int_digits + frac_digits == 0 {
        return 0.0;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'-' | b'+')) {
            j += 1;
        }
        let exp_digits = s[j..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    std::str::from_utf8(&s[..i])
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0)
}

/// MD5 over every value followed by a newline, as lowercase hex.
pub fn hash_values<'a>(values: impl IntoIterator<Item = &'a String>) -> String {
    let mut h = Md5::new();
    for v in values {
        h.update(v.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_text() {
        for t in [b'T', b'I', b'R'] {
            assert_eq!(render_value(&Value::Null, t).unwrap(), "NULL");
        }
        assert_eq!(
            render_value(&Value::Text("".into()), b'T').unwrap(),
            "(empty)"
        );
        assert_eq!(
            render_value(&Value::Text("a\tb\u{e9}".into()), b'T').unwrap(),
            "a@b@@"
        );
        assert_eq!(render_value(&Value::Integer(-5), b'T').unwrap(), "-5");
        assert_eq!(render_value(&Value::Real(2.5), b'T').unwrap(), "2.5");
        assert_eq!(render_value(&Value::Real(1.0), b'T').unwrap(), "1.0");
        assert_eq!(render_value(&Value::Integer(1), b'X'), None);
    }

    #[test]
    fn integers() {
        assert_eq!(render_value(&Value::Real(-2.9), b'I').unwrap(), "-2");
        assert_eq!(
            render_value(&Value::Real(1e300), b'I').unwrap(),
            i64::MAX.to_string()
        );
        assert_eq!(
            render_value(&Value::Text(" -12.9x".into()), b'I').unwrap(),
            "-12"
        );
        assert_eq!(render_value(&Value::Text("abc".into()), b'I').unwrap(), "0");
        assert_eq!(
            render_value(&Value::Text("99999999999999999999".into()), b'I').unwrap(),
            i64::MAX.to_string()
        );
        assert_eq!(
            render_value(&Value::Text("-9223372036854775808".into()), b'I').unwrap(),
            i64::MIN.to_string()
        );
    }

    #[test]
    fn reals() {
        assert_eq!(render_value(&Value::Integer(7), b'R').unwrap(), "7.000");
        assert_eq!(render_value(&Value::Real(-0.0004), b'R').unwrap(), "-0.000");
        assert_eq!(render_value(&Value::Real(2.0005), b'R').unwrap(), "2.001");
        assert_eq!(render_value(&Value::Real(2.0625), b'R').unwrap(), "2.063");
        assert_eq!(render_real(1.0005), "1.001");
        assert_eq!(render_real(9.9995), "10.000");
        assert_eq!(render_real(0.0005), "0.001");
        assert_eq!(render_real(0.00049999), "0.000");
        assert_eq!(render_real(5e-324), "0.000");
        assert_eq!(render_real(-0.0), "0.000");
        assert_eq!(render_real(1e20), "100000000000000000000.000");
        assert_eq!(
            render_real(-9223372036854775808.0),
            "-9223372036854776000.000"
        );
        assert_eq!(
            render_real(-18446744073709551616.0),
            "-18446744073709550000.000"
        );
        assert_eq!(render_real(123456789012.3456), "123456789012.346");
        assert_eq!(render_real(0.1 + 0.2), "0.300");
        assert_eq!(render_real(f64::NEG_INFINITY), "-Inf");
        assert_eq!(
            render_value(&Value::Text("1.5e2xyz".into()), b'R').unwrap(),
            "150.000"
        );
        assert_eq!(
            render_value(&Value::Text("1e".into()), b'R').unwrap(),
            "1.000"
        );
        assert_eq!(
            render_value(&Value::Text(".5".into()), b'R').unwrap(),
            "0.500"
        );
        assert_eq!(
            render_value(&Value::Text("x".into()), b'R').unwrap(),
            "0.000"
        );
    }

    #[test]
    fn md5_of_values() {
        // printf '1\n2\n' | md5sum
        let v = vec!["1".to_string(), "2".to_string()];
        assert_eq!(hash_values(&v), "6ddb4095eb719e2a9f0a3f95677d24e0");
    }
}
