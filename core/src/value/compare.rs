//! Comparison of values (datatype3.html §4): sort order, collations, comparison affinity.
//!
//! Order of storage classes: NULL < INTEGER/REAL < TEXT < BLOB. Integers and reals compare by
//! exact numeric value (no rounding of the integer to a double). Text compares with a collating
//! sequence: BINARY (memcmp), NOCASE (ASCII case folded), RTRIM (trailing spaces ignored), or a
//! user collation looked up by name. Blobs compare with memcmp.
//!
//! Affinity before a binary comparison (§4.2): if one operand has INTEGER/REAL/NUMERIC affinity
//! and the other TEXT/BLOB/no affinity, NUMERIC is applied to the other; if one has TEXT and the
//! other none, TEXT is applied to the other.

use std::cmp::Ordering;
use std::sync::Arc;

use super::affinity::Affinity;
use super::Value;

/// A collating sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Collation {
    #[default]
    Binary,
    NoCase,
    RTrim,
    /// A user collation (`sqlite3_create_collation`), resolved by name at run time.
    Named(Arc<str>),
}

impl Collation {
    /// The built-in collation called `name` (case-insensitive), else a named user collation.
    pub fn from_name(name: &str) -> Collation {
        if name.eq_ignore_ascii_case("BINARY") {
            Collation::Binary
        } else if name.eq_ignore_ascii_case("NOCASE") {
            Collation::NoCase
        } else if name.eq_ignore_ascii_case("RTRIM") {
            Collation::RTrim
        } else {
            Collation::Named(name.into())
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Collation::Binary => "BINARY",
            Collation::NoCase => "NOCASE",
            Collation::RTrim => "RTRIM",
            Collation::Named(n) => n,
        }
    }

    /// Compares two texts under a built-in collation. A named collation without a resolver
    /// falls back to BINARY (the VM resolves user collations before calling this).
    pub fn compare_text(&self, a: &str, b: &str) -> Ordering {
        match self {
            Collation::Binary | Collation::Named(_) => a.as_bytes().cmp(b.as_bytes()),
            Collation::NoCase => {
                let x = a.bytes().map(|c| c.to_ascii_lowercase());
                let y = b.bytes().map(|c| c.to_ascii_lowercase());
                x.cmp(y)
            }
            Collation::RTrim => a
                .trim_end_matches(' ')
                .as_bytes()
                .cmp(b.trim_end_matches(' ').as_bytes()),
        }
    }
}

/// A text comparator for user collations: `(name, a, b) -> Some(order)` when known.
pub type CollationResolver<'a> = &'a dyn Fn(&str, &str, &str) -> Option<Ordering>;

/// Exact comparison of an integer with a real.
pub fn cmp_int_real(i: i64, r: f64) -> Ordering {
    if r.is_nan() {
        return Ordering::Greater;
    }
    if r < -9.223372036854775808e18 {
        return Ordering::Greater;
    }
    if r >= 9.223372036854775808e18 {
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

fn class_rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Integer(_) | Value::Real(_) => 1,
        Value::Text(_) => 2,
        Value::Blob(_) => 3,
    }
}

/// Compares two values in SQLite's sort order under `coll` (NULLs equal each other here; SQL
/// comparison operators handle NULL before calling this).
pub fn compare_values(a: &Value, b: &Value, coll: &Collation) -> Ordering {
    compare_values_with(a, b, coll, None)
}

/// [`compare_values`] with a resolver for user collations.
pub fn compare_values_with(
    a: &Value,
    b: &Value,
    coll: &Collation,
    resolver: Option<CollationResolver<'_>>,
) -> Ordering {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Real(x), Value::Real(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Integer(x), Value::Real(y)) => cmp_int_real(*x, *y),
        (Value::Real(x), Value::Integer(y)) => cmp_int_real(*y, *x).reverse(),
        (Value::Text(x), Value::Text(y)) => {
            if let (Collation::Named(n), Some(r)) = (coll, resolver) {
                if let Some(o) = r(n, x, y) {
                    return o;
                }
            }
            coll.compare_text(x, y)
        }
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => class_rank(a).cmp(&class_rank(b)),
    }
}

/// The affinity to apply to both operands of a comparison, given each operand's affinity
/// (`None` = no affinity, e.g. a literal or an expression). Returns `None` for no conversion.
pub fn comparison_affinity(left: Option<Affinity>, right: Option<Affinity>) -> Option<Affinity> {
    let num = |a: Option<Affinity>| a.is_some_and(|a| a.is_numeric());
    if num(left) || num(right) {
        if num(left) && num(right) {
            return None;
        }
        return Some(Affinity::Numeric);
    }
    match (left, right) {
        (Some(Affinity::Text), None) | (None, Some(Affinity::Text)) => Some(Affinity::Text),
        _ => None,
    }
}

/// The sort direction and collation of each field of an index key or ORDER BY key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyInfo {
    /// One collation per key field (missing fields compare with BINARY).
    pub collations: Vec<Collation>,
    /// One flag per key field: true for DESC (missing fields are ASC).
    pub desc: Vec<bool>,
    /// Number of key fields that are compared (the rest of the record, e.g. the rowid, is
    /// compared only when both keys have it). 0 means "all".
    pub n_key_fields: usize,
}

impl KeyInfo {
    /// `n` ascending BINARY fields.
    pub fn ascending(n: usize) -> KeyInfo {
        KeyInfo {
            collations: vec![Collation::Binary; n],
            desc: vec![false; n],
            n_key_fields: n,
        }
    }

    pub fn collation(&self, i: usize) -> &Collation {
        static BIN: Collation = Collation::Binary;
        self.collations.get(i).unwrap_or(&BIN)
    }

    pub fn is_desc(&self, i: usize) -> bool {
        self.desc.get(i).copied().unwrap_or(false)
    }
}

/// Compares two unpacked keys field by field under `ki`, up to the shorter key's length
/// (a prefix compares Equal to any key it starts).
pub fn compare_keys(
    a: &[Value],
    b: &[Value],
    ki: &KeyInfo,
    resolver: Option<CollationResolver<'_>>,
) -> Ordering {
    for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
        let o = compare_values_with(x, y, ki.collation(i), resolver);
        let o = if ki.is_desc(i) { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_class_order() {
        let b = Collation::Binary;
        assert_eq!(
            compare_values(&Value::Null, &Value::Integer(0), &b),
            Ordering::Less
        );
        assert_eq!(
            compare_values(&Value::Integer(5), &Value::Text("1".into()), &b),
            Ordering::Less
        );
        assert_eq!(
            compare_values(&Value::Text("z".into()), &Value::Blob(vec![0]), &b),
            Ordering::Less
        );
    }

    #[test]
    fn int_real_exact() {
        assert_eq!(
            cmp_int_real(9007199254740993, 9007199254740992.0),
            Ordering::Greater
        );
        assert_eq!(cmp_int_real(1, 1.5), Ordering::Less);
        assert_eq!(cmp_int_real(-1, -1.5), Ordering::Greater);
        assert_eq!(cmp_int_real(2, 2.0), Ordering::Equal);
        assert_eq!(cmp_int_real(i64::MAX, 9.3e18), Ordering::Less);
    }

    #[test]
    fn collations() {
        assert_eq!(
            Collation::NoCase.compare_text("ABC", "abc"),
            Ordering::Equal
        );
        assert_eq!(Collation::RTrim.compare_text("a  ", "a"), Ordering::Equal);
        assert_eq!(Collation::Binary.compare_text("B", "a"), Ordering::Less);
    }
}
