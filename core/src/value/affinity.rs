//! Column affinity (datatype3.html §3): how a declared type maps to an affinity, and how an
//! affinity converts a value before it is stored or compared.
//!
//! Rules for a declared type, applied in order (datatype3.html §3.1):
//! 1. contains "INT" → INTEGER
//! 2. contains "CHAR", "CLOB" or "TEXT" → TEXT
//! 3. contains "BLOB", or no type at all → BLOB
//! 4. contains "REAL", "FLOA" or "DOUB" → REAL
//! 5. otherwise → NUMERIC

use super::Value;

/// A column affinity. The letters are SQLite's affinity-string characters ('A'..'E').
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Affinity {
    /// 'A': no conversion (formerly NONE).
    Blob,
    /// 'B'
    Text,
    /// 'C'
    Numeric,
    /// 'D'
    Integer,
    /// 'E'
    Real,
}

impl Affinity {
    /// The affinity of a column declared with type `decl` (`None`/empty → BLOB).
    pub fn from_decltype(decl: Option<&str>) -> Affinity {
        let d = match decl {
            Some(d) if !d.is_empty() => d.to_ascii_uppercase(),
            _ => return Affinity::Blob,
        };
        if d.contains("INT") {
            Affinity::Integer
        } else if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") {
            Affinity::Text
        } else if d.contains("BLOB") {
            Affinity::Blob
        } else if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    /// SQLite's affinity letter ('A' BLOB, 'B' TEXT, 'C' NUMERIC, 'D' INTEGER, 'E' REAL).
    pub fn letter(self) -> char {
        match self {
            Affinity::Blob => 'A',
            Affinity::Text => 'B',
            Affinity::Numeric => 'C',
            Affinity::Integer => 'D',
            Affinity::Real => 'E',
        }
    }

    pub fn from_letter(c: char) -> Option<Affinity> {
        Some(match c {
            'A' => Affinity::Blob,
            'B' => Affinity::Text,
            'C' => Affinity::Numeric,
            'D' => Affinity::Integer,
            'E' => Affinity::Real,
            _ => return None,
        })
    }

    /// True for NUMERIC, INTEGER and REAL.
    pub fn is_numeric(self) -> bool {
        matches!(self, Affinity::Numeric | Affinity::Integer | Affinity::Real)
    }
}

/// Applies `aff` to `v` as SQLite does when storing into a column of that affinity.
pub fn apply_affinity(v: Value, aff: Affinity) -> Value {
    use super::convert::{real_to_int_exact, text_to_numeric_exact};
    match aff {
        Affinity::Blob => v,
        Affinity::Text => match v {
            Value::Integer(_) | Value::Real(_) => Value::Text(v.to_string()),
            other => other,
        },
        Affinity::Numeric | Affinity::Integer => match v {
            Value::Text(ref s) => match text_to_numeric_exact(s) {
                Some(n) => n,
                None => v,
            },
            Value::Real(r) => match real_to_int_exact(r) {
                Some(i) => Value::Integer(i),
                None => v,
            },
            other => other,
        },
        Affinity::Real => match v {
            Value::Text(ref s) => match text_to_numeric_exact(s) {
                Some(Value::Integer(i)) => Value::Real(i as f64),
                Some(n) => n,
                None => v,
            },
            Value::Integer(i) => Value::Real(i as f64),
            other => other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decltype_rules() {
        let a = |s| Affinity::from_decltype(Some(s));
        assert_eq!(a("INT"), Affinity::Integer);
        assert_eq!(a("TINYINT"), Affinity::Integer);
        assert_eq!(a("CHARINT"), Affinity::Integer);
        assert_eq!(a("VARCHAR(10)"), Affinity::Text);
        assert_eq!(a("nvarchar"), Affinity::Text);
        assert_eq!(a("BLOB"), Affinity::Blob);
        assert_eq!(a("DOUBLE PRECISION"), Affinity::Real);
        assert_eq!(a("FLOATING POINT"), Affinity::Integer);
        assert_eq!(a("DECIMAL(10,5)"), Affinity::Numeric);
        assert_eq!(a("STRING"), Affinity::Numeric);
        assert_eq!(Affinity::from_decltype(None), Affinity::Blob);
    }
}
