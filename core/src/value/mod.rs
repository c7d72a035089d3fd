//! Values: SQLite's five storage classes.
//!
//! Owns the [`Value`] type shared by every layer and every binding. Affinity, comparison,
//! conversion rules and the record format live in submodules here; they must not touch
//! storage or the VM.

pub mod affinity;
pub mod compare;
pub mod convert;
pub(crate) mod real_store;
pub mod record;

use std::fmt;

/// One SQL value, in one of SQLite's five storage classes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// The storage class of a value, numbered as `sqlite3_column_type()` numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Integer = 1,
    Real = 2,
    Text = 3,
    Blob = 4,
    Null = 5,
}

impl Value {
    pub fn value_type(&self) -> ValueType {
        match self {
            Value::Null => ValueType::Null,
            Value::Integer(_) => ValueType::Integer,
            Value::Real(_) => ValueType::Real,
            Value::Text(_) => ValueType::Text,
            Value::Blob(_) => ValueType::Blob,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Integer(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Value {
        Value::Integer(v.into())
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Blob(v)
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Blob(v.to_vec())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl fmt::Display for Value {
    /// Renders like `sqlite3`'s list mode: NULL as empty, reals with up to 15 significant digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => f.write_str(&format_real(*r)),
            Value::Text(s) => f.write_str(s),
            Value::Blob(b) => f.write_str(&String::from_utf8_lossy(b)),
        }
    }
}

/// SQLite's text rendering of a REAL (`CAST(x AS TEXT)`, `sqlite3_column_text`):
/// `%!.15g`, always with a decimal point or exponent, `Inf`/`-Inf` for infinities.
pub fn format_real(r: f64) -> String {
    if r.is_nan() {
        return String::new();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    if r == 0.0 {
        return "0.0".into();
    }
    // %.15g: 15 significant digits, shortest of fixed/exponential per C rules.
    let exp = r.abs().log10().floor() as i32;
    let sci = format!("{:.14e}", r); // d.dddddddddddddde±x
    let (mantissa, e) = sci.split_once('e').unwrap_or((&sci, "0"));
    let e: i32 = e.parse().unwrap_or(exp);
    if !(-4..15).contains(&e) {
        let m = trim_fraction(mantissa);
        let m = if m.contains('.') { m } else { format!("{m}.0") };
        let sign = if e < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", e.abs())
    } else {
        let decimals = (14 - e).max(0) as usize;
        let s = format!("{:.*}", decimals, r);
        let s = trim_fraction(&s);
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    }
}

fn trim_fraction(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_render_like_sqlite() {
        assert_eq!(format_real(1.0), "1.0");
        assert_eq!(format_real(0.1), "0.1");
        assert_eq!(format_real(1.5e300), "1.5e+300");
        assert_eq!(format_real(-2.5), "-2.5");
        assert_eq!(format_real(1e15), "1.0e+15");
        assert_eq!(format_real(123456789012345.0), "123456789012345.0");
        assert_eq!(format_real(0.0001), "0.0001");
        assert_eq!(format_real(0.00001), "1.0e-05");
        assert_eq!(format_real(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_real(f64::INFINITY), "Inf");
    }
}
