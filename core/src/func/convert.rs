//! Value conversions as functions see their arguments (`sqlite3_value_text`, `_double`,
//! `_int64`): the rules of SQLite's C API, which differ from CAST in places.
//!
//! - text → REAL: the longest numeric prefix after leading spaces (`' -5x'` → -5.0), else 0.0.
//! - text → INTEGER: the leading integer digits only (`'1e3'` → 1), saturating on overflow.
//! - REAL → INTEGER: truncation toward zero, saturating; NaN → 0.
//! - REAL → text: `%!.15g` (see [`super::float`]).
//! - BLOB → text: the bytes, as UTF-8 (invalid sequences replaced).

use std::borrow::Cow;

use super::float::real_to_text;
use crate::value::Value;

/// SQLite's notion of whitespace in numbers (`sqlite3Isspace`).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The value as text; `None` for NULL.
pub(crate) fn text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(Cow::Owned(i.to_string())),
        Value::Real(r) => Some(Cow::Owned(real_to_text(*r))),
        Value::Text(s) => Some(Cow::Borrowed(s)),
        Value::Blob(b) => Some(String::from_utf8_lossy(b)),
    }
}

/// The value as a C string (`sqlite3_value_text` read up to its first NUL), as functions
/// that scan for the terminator see it (LIKE, soundex, date strings, format strings).
pub(crate) fn c_text(v: &Value) -> Option<Cow<'_, str>> {
    match text(v)? {
        Cow::Borrowed(s) => Some(Cow::Borrowed(s.split('\0').next().unwrap_or(""))),
        Cow::Owned(s) => Some(Cow::Owned(s.split('\0').next().unwrap_or("").to_owned())),
    }
}

/// The value as bytes (`sqlite3_value_blob`); `None` for NULL.
pub(crate) fn bytes(v: &Value) -> Option<Cow<'_, [u8]>> {
    match v {
        Value::Null => None,
        Value::Blob(b) => Some(Cow::Borrowed(b)),
        Value::Text(s) => Some(Cow::Borrowed(s.as_bytes())),
        other => text(other).map(|t| Cow::Owned(t.into_owned().into_bytes())),
    }
}

/// The value as a double; NULL → 0.0.
pub(crate) fn real(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Integer(i) => *i as f64,
        Value::Real(r) => *r,
        Value::Text(s) => atof_prefix(s.as_bytes()).0,
        Value::Blob(b) => atof_prefix(b).0,
    }
}

/// The value as a 64-bit integer; NULL → 0.
pub(crate) fn int(v: &Value) -> i64 {
    match v {
        Value::Null => 0,
        Value::Integer(i) => *i,
        Value::Real(r) => real_to_int(*r),
        Value::Text(s) => atoi_prefix(s.as_bytes()),
        Value::Blob(b) => atoi_prefix(b),
    }
}

/// REAL → INTEGER by truncation, saturating at the i64 range (NaN → 0).
pub(crate) fn real_to_int(r: f64) -> i64 {
    r as i64
}

/// The leading integer of `s` (spaces, sign, digits), saturating; 0 when there is none.
pub(crate) fn atoi_prefix(s: &[u8]) -> i64 {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
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
    while i < s.len() && s[i].is_ascii_digit() {
        acc = (acc * 10 + i128::from(s[i] - b'0')).min(i128::from(u64::MAX));
        i += 1;
    }
    let acc = if neg { -acc } else { acc };
    acc.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Parses the longest numeric prefix of `s` (after leading spaces) as a double.
/// Returns the value (0.0 when there is no prefix), and whether the *whole* text (allowing
/// trailing spaces) was a well-formed number.
pub(crate) fn atof_prefix(s: &[u8]) -> (f64, bool) {
    match scan_number(s) {
        Some(n) => (decimal_text_to_f64(&s[n.start..n.end]), n.whole),
        None => (0.0, false),
    }
}

/// Converts a well-formed decimal number (`[+-]digits[.digits][e[+-]digits]`) to a double
/// exactly as SQLite does, including its occasional 1-ulp departures from correct rounding
/// (`3.008471950704213e-6`). Up to 19 significant digits are used; later ones are ignored.
pub fn decimal_text_to_f64(t: &[u8]) -> f64 {
    let mut i = 0;
    let neg = t.first() == Some(&b'-');
    if matches!(t.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    const LIMIT: u64 = (u64::MAX - 9) / 10;
    let (mut sig, mut exp) = (0u64, 0i64);
    while i < t.len() && t[i].is_ascii_digit() {
        if sig < LIMIT {
            sig = sig * 10 + u64::from(t[i] - b'0');
        } else {
            exp += 1;
        }
        i += 1;
    }
    if t.get(i) == Some(&b'.') {
        i += 1;
        while i < t.len() && t[i].is_ascii_digit() {
            if sig < LIMIT {
                sig = sig * 10 + u64::from(t[i] - b'0');
                exp -= 1;
            }
            i += 1;
        }
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        let eneg = t.get(i) == Some(&b'-');
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let mut x: i64 = 0;
        while i < t.len() && t[i].is_ascii_digit() {
            x = (x * 10 + i64::from(t[i] - b'0')).min(100_000);
            i += 1;
        }
        exp += if eneg { -x } else { x };
    }
    let v = super::ld::decimal_to_f64(sig, exp.clamp(-5000, 5000) as i32);
    if neg {
        -v
    } else {
        v
    }
}

/// A scanned number: `s[start..end]` is the numeric prefix (sign included).
pub(crate) struct Scanned {
    pub start: usize,
    pub end: usize,
    /// Has a '.' or an exponent (so it is a REAL, not an INTEGER).
    pub is_real: bool,
    /// Only spaces follow the number.
    pub whole: bool,
}

/// Scans `[spaces] [+-] digits [. digits] [e [+-] digits]`; needs at least one digit.
pub(crate) fn scan_number(s: &[u8]) -> Option<Scanned> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let mut n_digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        n_digits += 1;
    }
    let mut is_real = false;
    if s.get(i) == Some(&b'.') {
        let mut j = i + 1;
        let mut frac = 0;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
            frac += 1;
        }
        if n_digits + frac > 0 {
            i = j;
            n_digits += frac;
            is_real = true;
        }
    }
    if n_digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
            is_real = true;
        }
    }
    let end = i;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    Some(Scanned {
        start,
        end,
        is_real,
        whole: i == s.len(),
    })
}

/// If the whole text is a number, that number as INTEGER (when it is an integer literal
/// that fits) or REAL. Used where SQLite applies numeric affinity to text.
pub(crate) fn text_to_numeric(s: &str) -> Option<Value> {
    let n = scan_number(s.as_bytes())?;
    if !n.whole {
        return None;
    }
    let t = &s[n.start..n.end];
    if !n.is_real {
        if let Ok(i) = t.parse::<i64>() {
            return Some(Value::Integer(i));
        }
    }
    Some(Value::Real(decimal_text_to_f64(t.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(atof_prefix(b" -5x"), (-5.0, false));
        assert_eq!(atof_prefix(b"1e3"), (1000.0, true));
        assert_eq!(atof_prefix(b"1e"), (1.0, false));
        assert_eq!(atof_prefix(b".5 "), (0.5, true));
        assert_eq!(atof_prefix(b"."), (0.0, false));
        assert_eq!(atof_prefix(b"inf"), (0.0, false));
        assert_eq!(atoi_prefix(b"1e3"), 1);
        assert_eq!(atoi_prefix(b" -12abc"), -12);
        assert_eq!(atoi_prefix(b"99999999999999999999"), i64::MAX);
        assert_eq!(atoi_prefix(b"-99999999999999999999"), i64::MIN);
        assert_eq!(text_to_numeric(" 12 "), Some(Value::Integer(12)));
        assert_eq!(text_to_numeric("1.5"), Some(Value::Real(1.5)));
        assert_eq!(text_to_numeric("1x"), None);
        assert_eq!(real_to_int(1e300), i64::MAX);
        assert_eq!(real_to_int(f64::NAN), 0);
    }
}
