//! Conversions between storage classes, as SQLite performs them.
//!
//! - Text → number for affinity (`apply_affinity`): the whole text, trimmed of whitespace, must
//!   be a well-formed integer or real literal; otherwise the text is kept.
//! - Text → number for CAST and arithmetic: the longest numeric prefix is used (`'12abc'` → 12,
//!   `'abc'` → 0). `CAST(.. AS INTEGER)` reads only an integer prefix and saturates on overflow.
//! - Real → integer: truncation toward zero, saturating at i64's bounds.
//! - Numbers → text: integers in decimal, reals as `%!.15g` ([`super::format_real`]).

use super::Value;

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The result of scanning a numeric prefix of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumScan {
    /// The value as a number: Integer when it is an integer literal that fits, else Real.
    pub value: NumVal,
    /// True when the whole text (ignoring surrounding whitespace) is that literal.
    pub exact: bool,
    /// True when at least one digit was found.
    pub any_digits: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumVal {
    Int(i64),
    Real(f64),
}

impl NumVal {
    #[allow(dead_code)]
    pub fn to_value(self) -> Value {
        match self {
            NumVal::Int(i) => Value::Integer(i),
            NumVal::Real(r) => Value::Real(r),
        }
    }
}

/// Scans the longest numeric prefix of `s` (leading whitespace, sign, digits, fraction,
/// exponent). Never fails: no digits gives Int(0) with `any_digits == false`.
pub(crate) fn scan_number(s: &[u8]) -> NumScan {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut n_digits = i - int_start;
    let mut is_real = false;
    if i < s.len() && s[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if n_digits > 0 || j > frac_start {
            n_digits += j - frac_start;
            is_real = true;
            i = j;
        }
    }
    if n_digits == 0 {
        return NumScan {
            value: NumVal::Int(0),
            exact: false,
            any_digits: false,
        };
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            is_real = true;
            i = j;
        }
    }
    let lit = std::str::from_utf8(&s[start..i]).unwrap_or("0");
    let mut end = i;
    while end < s.len() && is_space(s[end]) {
        end += 1;
    }
    let exact = end == s.len();
    let value = if is_real {
        NumVal::Real(parse_real_lit(lit))
    } else {
        match lit.parse::<i64>() {
            Ok(v) => NumVal::Int(v),
            Err(_) => NumVal::Real(parse_real_lit(lit)),
        }
    };
    NumScan {
        value,
        exact,
        any_digits: true,
    }
}

fn parse_real_lit(lit: &str) -> f64 {
    let t = lit.strip_prefix('+').unwrap_or(lit);
    // Rust rejects "5." / ".5"? It accepts both; be safe with a fallback.
    t.parse::<f64>().unwrap_or_else(|_| {
        let fixed = format!("{}0", t);
        fixed.parse::<f64>().unwrap_or(0.0)
    })
}

/// Text that is entirely a numeric literal (surrounding whitespace allowed) as a number, for
/// NUMERIC/INTEGER affinity: reals with no fractional part that fit an i64 become integers.
pub(crate) fn text_to_numeric_exact(s: &str) -> Option<Value> {
    let sc = scan_number(s.as_bytes());
    if !sc.exact || !sc.any_digits {
        return None;
    }
    Some(match sc.value {
        NumVal::Int(i) => Value::Integer(i),
        NumVal::Real(r) => match real_to_int_exact(r) {
            Some(i) if !looks_like_big_int(s) => Value::Integer(i),
            _ => Value::Real(r),
        },
    })
}

/// An integer literal too large for i64 stays REAL even when the REAL is integral.
fn looks_like_big_int(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// `r` as an i64 when it has no fractional part and is within i64's range (SQLite uses the
/// range ±2^63 exclusive, and only converts when the round trip is exact).
pub(crate) fn real_to_int_exact(r: f64) -> Option<i64> {
    if r.fract() != 0.0 || !r.is_finite() {
        return None;
    }
    if !(-9.223372036854775e18..=9.223372036854775e18).contains(&r) {
        return None;
    }
    let i = r as i64;
    if i as f64 == r {
        Some(i)
    } else {
        None
    }
}

/// Real → integer as CAST does: truncate toward zero, saturate, NaN → 0.
pub fn real_to_int(r: f64) -> i64 {
    if r.is_nan() {
        0
    } else if r >= i64::MAX as f64 {
        i64::MAX
    } else if r <= i64::MIN as f64 {
        i64::MIN
    } else {
        r as i64
    }
}

/// The integer prefix of a text, as `CAST(x AS INTEGER)` reads it (saturating).
pub fn text_to_int(s: &[u8]) -> i64 {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let mut acc: i128 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        acc = acc * 10 + (s[i] - b'0') as i128;
        if acc > (1i128 << 64) {
            acc = 1i128 << 64;
        }
        i += 1;
    }
    let v = if neg { -acc } else { acc };
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// The numeric prefix of a text as a REAL (`CAST(x AS REAL)`).
pub fn text_to_real(s: &[u8]) -> f64 {
    match scan_number(s).value {
        NumVal::Int(i) => i as f64,
        NumVal::Real(r) => r,
    }
}

/// A value as a number for arithmetic: NULL stays None; text/blob use their numeric prefix.
pub(crate) fn to_numeric(v: &Value) -> Option<NumVal> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(NumVal::Int(*i)),
        Value::Real(r) => Some(NumVal::Real(*r)),
        Value::Text(s) => Some(scan_number(s.as_bytes()).value),
        Value::Blob(b) => Some(scan_number(b).value),
    }
}

/// An integral REAL read from text by `CAST(.. AS NUMERIC)` becomes an INTEGER only within
/// [-2^51, 2^51): sqlite3 3.40.1 gives `CAST('1e16' AS NUMERIC)` = 1.0e+16 and
/// `CAST('2251799813685248.0' AS NUMERIC)` = 2.25179981368525e+15, but
/// `CAST('-2251799813685248.0' AS NUMERIC)` = -2251799813685248. (Column affinity is wider:
/// see [`text_to_numeric_exact`].)
fn cast_real_as_int(r: f64) -> Option<i64> {
    const LIMIT: f64 = 2251799813685248.0; // 2^51
    if r.fract() != 0.0 || !(-LIMIT..LIMIT).contains(&r) {
        return None;
    }
    Some(r as i64)
}

/// `CAST(v AS NUMERIC)`: the numeric prefix; an integer literal that fits an i64 is an
/// INTEGER, a real is an INTEGER when [`cast_real_as_int`] allows it, else REAL.
pub fn cast_numeric(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        // A REAL stays REAL (CAST(7.0 AS NUMERIC) is 7.0), unlike NUMERIC column affinity.
        Value::Integer(_) | Value::Real(_) => v.clone(),
        Value::Text(_) | Value::Blob(_) => {
            let bytes: &[u8] = match v {
                Value::Text(s) => s.as_bytes(),
                Value::Blob(b) => b,
                _ => &[],
            };
            match scan_number(bytes).value {
                NumVal::Int(i) => Value::Integer(i),
                NumVal::Real(r) => match cast_real_as_int(r) {
                    Some(i) => Value::Integer(i),
                    None => Value::Real(r),
                },
            }
        }
    }
}

/// `CAST(v AS INTEGER)`.
pub fn cast_integer(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Integer(_) => v.clone(),
        Value::Real(r) => Value::Integer(real_to_int(*r)),
        Value::Text(s) => Value::Integer(text_to_int(s.as_bytes())),
        Value::Blob(b) => Value::Integer(text_to_int(b)),
    }
}

/// `CAST(v AS REAL)`.
pub fn cast_real(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Integer(i) => Value::Real(*i as f64),
        Value::Real(_) => v.clone(),
        Value::Text(s) => Value::Real(text_to_real(s.as_bytes())),
        Value::Blob(b) => Value::Real(text_to_real(b)),
    }
}

/// `CAST(v AS TEXT)`.
pub fn cast_text(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Text(_) => v.clone(),
        Value::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
        other => Value::Text(other.to_string()),
    }
}

/// `CAST(v AS BLOB)`.
pub fn cast_blob(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Blob(_) => v.clone(),
        Value::Text(s) => Value::Blob(s.as_bytes().to_vec()),
        other => Value::Blob(other.to_string().into_bytes()),
    }
}

/// A value's truth for WHERE/IF: NULL → None, numbers ≠ 0, text/blob by numeric prefix.
pub fn truth(v: &Value) -> Option<bool> {
    match to_numeric(v)? {
        NumVal::Int(i) => Some(i != 0),
        NumVal::Real(r) => Some(r != 0.0),
    }
}

/// The value as i64 for contexts like LIMIT or substr arguments (reals truncate).
pub fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Null => 0,
        Value::Integer(i) => *i,
        Value::Real(r) => real_to_int(*r),
        Value::Text(s) => text_to_int(s.as_bytes()),
        Value::Blob(b) => text_to_int(b),
    }
}

/// The value as f64 (NULL → 0.0).
pub fn to_f64(v: &Value) -> f64 {
    match to_numeric(v) {
        None => 0.0,
        Some(NumVal::Int(i)) => i as f64,
        Some(NumVal::Real(r)) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_match_sqlite() {
        // Expected values from sqlite3 3.40.1.
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(cast_integer(&t("1e3")), Value::Integer(1));
        assert_eq!(cast_integer(&t(" 12abc")), Value::Integer(12));
        assert_eq!(cast_integer(&t("1.9")), Value::Integer(1));
        assert_eq!(cast_integer(&t("-")), Value::Integer(0));
        assert_eq!(
            cast_integer(&t("99999999999999999999")),
            Value::Integer(i64::MAX)
        );
        assert_eq!(
            cast_integer(&t("-99999999999999999999")),
            Value::Integer(i64::MIN)
        );
        assert_eq!(cast_numeric(&t("1e3")), Value::Integer(1000));
        assert_eq!(cast_numeric(&t("3.0")), Value::Integer(3));
        assert_eq!(cast_real(&t("abc")), Value::Real(0.0));
        assert_eq!(cast_real(&t(".5")), Value::Real(0.5));
        assert_eq!(cast_real(&t("5.")), Value::Real(5.0));
        assert_eq!(cast_integer(&t("0x10")), Value::Integer(0));
        assert_eq!(
            cast_integer(&Value::Blob(b"12".to_vec())),
            Value::Integer(12)
        );
        assert_eq!(cast_integer(&Value::Real(1e30)), Value::Integer(i64::MAX));
        assert_eq!(cast_numeric(&t("  +7 ")), Value::Integer(7));
        assert_eq!(
            cast_numeric(&t("9223372036854775808")),
            Value::Real(9223372036854775808.0)
        );
        assert_eq!(cast_real(&t("1e400")), Value::Real(f64::INFINITY));
        assert_eq!(cast_numeric(&t("1.0e25")), Value::Real(1e25));
        assert_eq!(cast_real(&t("12.5e")), Value::Real(12.5));
        assert_eq!(cast_numeric(&Value::Real(7.0)), Value::Real(7.0));
        assert_eq!(cast_numeric(&t("-0.0")), Value::Integer(0));
        assert_eq!(cast_numeric(&t("1e20")), Value::Real(1e20));
    }

    #[test]
    fn affinity_conversion_is_whole_text_only() {
        assert_eq!(text_to_numeric_exact(" 12 "), Some(Value::Integer(12)));
        assert_eq!(text_to_numeric_exact("12abc"), None);
        assert_eq!(text_to_numeric_exact("3.0e0"), Some(Value::Integer(3)));
        assert_eq!(text_to_numeric_exact("0x10"), None);
        assert_eq!(text_to_numeric_exact(""), None);
        assert_eq!(text_to_numeric_exact("2.5"), Some(Value::Real(2.5)));
    }
}
