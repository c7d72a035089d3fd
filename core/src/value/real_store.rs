//! REAL-column storage compaction (SQLite's "REAL affinity stored as integer").
//!
//! SQLite stores a whole-number REAL value that sits in a column with REAL affinity as an
//! integer in the record, to save space, and turns it back into a REAL when the column is
//! read (the `RealAffinity` step after `Column`). Observed with sqlite3 3.40.1 (file bytes
//! read back, pinned by `tests/difftest/tests/realaff.rs`):
//!
//! | value v (a REAL)                       | stored as                         |
//! |----------------------------------------|-----------------------------------|
//! | whole and -2^47 <= v < 2^47            | integer, smallest serial type 1–5, 8, 9 |
//! | -0.0                                   | integer 0 (serial 8): reads back 0.0 |
//! | whole but outside that range, or not whole, or ±inf | float (serial 7)     |
//!
//! It applies to table records (rowid and WITHOUT ROWID, STRICT too, STORED generated
//! columns) and to index records for the fields that are plain REAL columns of the table
//! (not index expressions). It never applies to ephemeral tables or sorters.

use crate::error::Result;

use super::record::{decode_record, encode_record, RecordHeader};
use super::Value;

/// Smallest REAL value kept as a float (2^47): the compaction range is -2^47 <= v < 2^47.
const LIMIT: f64 = 140_737_488_355_328.0;

/// The integer a REAL value `r` is stored as in a REAL column, when SQLite compacts it.
pub(crate) fn compact_real(r: f64) -> Option<i64> {
    if (-LIMIT..LIMIT).contains(&r) && r.fract() == 0.0 {
        Some(r as i64)
    } else {
        None
    }
}

/// A REAL value as a REAL column holds it once stored: the value of its integer form when
/// it has one, so -0.0 becomes 0.0 (sqlite3 shows this already when REAL column affinity is
/// applied to a row: triggers, CHECK, RETURNING and VIRTUAL REAL columns see 0.0).
pub(crate) fn as_stored(v: Value) -> Value {
    match v {
        // -0.0 + 0.0 is +0.0; every other value is unchanged.
        Value::Real(r) => Value::Real(r + 0.0),
        v => v,
    }
}

/// Whether `v` is a REAL that a REAL column stores as an integer (regmeta rule 7 marks such
/// a value "int-real" when REAL affinity is applied to it).
pub(crate) fn is_int_real(v: &Value) -> bool {
    matches!(v, Value::Real(r) if compact_real(*r).is_some())
}

/// Turns the values flagged in `int_real` (regmeta rule 7; empty = none) into the integers
/// a record stores them as.
pub(crate) fn store_int_reals(vals: &mut [Value], int_real: &[bool]) {
    for (v, &flag) in vals.iter_mut().zip(int_real) {
        if let (true, Value::Real(r)) = (flag, &*v) {
            if let Some(n) = compact_real(*r) {
                *v = Value::Integer(n);
            }
        }
    }
}

/// `rec` with each REAL field at a position of `fields` that [`compact_real`] accepts
/// stored as that integer; `None` when no field changes (the common case costs one header
/// parse). Positions past the record's end are ignored.
pub(crate) fn compact_record(rec: &[u8], fields: &[usize]) -> Result<Option<Vec<u8>>> {
    let h = RecordHeader::parse(rec)?;
    let wanted = |i: &usize| h.types.get(*i) == Some(&7);
    if !fields.iter().any(wanted) {
        return Ok(None);
    }
    let mut vals = decode_record(rec)?;
    let mut changed = false;
    for &i in fields {
        if let Some(Value::Real(r)) = vals.get(i) {
            if let Some(n) = compact_real(*r) {
                vals[i] = Value::Integer(n);
                changed = true;
            }
        }
    }
    Ok(changed.then(|| encode_record(&vals)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::record::serial_type;

    #[test]
    fn range_matches_sqlite() {
        assert_eq!(compact_real(1.0), Some(1));
        assert_eq!(compact_real(-0.0), Some(0));
        assert_eq!(compact_real(1.5), None);
        assert_eq!(compact_real(LIMIT - 1.0), Some(140_737_488_355_327));
        assert_eq!(compact_real(LIMIT), None);
        assert_eq!(compact_real(-LIMIT), Some(-140_737_488_355_328));
        assert_eq!(compact_real(-LIMIT - 1.0), None);
        assert_eq!(compact_real(f64::INFINITY), None);
        assert_eq!(compact_real(f64::NAN), None);
        assert_eq!(compact_real(1e20), None);
    }

    #[test]
    fn record_fields() {
        let rec = encode_record(&[Value::Real(1.0), Value::Real(1.0), Value::Real(2.5)]);
        let out = compact_record(&rec, &[0, 2, 7]).unwrap().unwrap();
        let vals = decode_record(&out).unwrap();
        assert_eq!(serial_type(&vals[0]), 9);
        assert_eq!(vals[1], Value::Real(1.0));
        assert_eq!(vals[2], Value::Real(2.5));
        assert_eq!(compact_record(&rec, &[2]).unwrap(), None);
    }
}
