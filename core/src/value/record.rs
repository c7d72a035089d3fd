//! SQLite's record format (fileformat2.html §2.1): how a row or index key is stored.
//!
//! ```text
//! record := header body
//! header := varint(header_size incl. this varint) serial_type* (one varint per column)
//! body   := column values, concatenated, each as its serial type says
//! ```
//! | serial type | size | meaning                                  |
//! |-------------|------|------------------------------------------|
//! | 0           | 0    | NULL                                     |
//! | 1..=4       | 1,2,3,4 | big-endian two's-complement integer   |
//! | 5           | 6    | 48-bit integer                           |
//! | 6           | 8    | 64-bit integer                           |
//! | 7           | 8    | IEEE 754 big-endian double               |
//! | 8, 9        | 0    | the integers 0 and 1 (schema format ≥ 4) |
//! | 10, 11      | —    | reserved (corrupt here)                  |
//! | N ≥ 12 even | (N-12)/2 | BLOB                                 |
//! | N ≥ 13 odd  | (N-13)/2 | TEXT (UTF-8)                         |
//!
//! Varints are 1–9 bytes, big-endian, 7 bits per byte with the high bit meaning "more"; the
//! ninth byte contributes all 8 bits.
//!
//! A record with fewer columns than its table (ALTER TABLE ADD COLUMN) is valid: missing
//! trailing columns read as the column default. Damaged bytes give `Error::corrupt()`.

use std::cmp::Ordering;

use super::compare::{compare_values_with, CollationResolver, KeyInfo};
use super::Value;
use crate::error::{Error, Result};

/// Reads a varint at `buf[pos..]`: (value, bytes used). `None` when truncated.
pub fn read_varint(buf: &[u8], pos: usize) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for i in 0..9 {
        let b = *buf.get(pos + i)?;
        if i == 8 {
            return Some(((v << 8) | b as u64, 9));
        }
        v = (v << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Bytes needed to write `v` as a varint.
pub fn varint_len(v: u64) -> usize {
    if v > 0x00ff_ffff_ffff_ffff {
        return 9;
    }
    let mut n = 1;
    let mut x = v >> 7;
    while x != 0 {
        n += 1;
        x >>= 7;
    }
    n
}

/// Appends `v` as a varint.
pub fn write_varint(out: &mut Vec<u8>, v: u64) {
    if v > 0x00ff_ffff_ffff_ffff {
        let mut bytes = [0u8; 9];
        bytes[8] = v as u8;
        let mut x = v >> 8;
        for i in (0..8).rev() {
            bytes[i] = (x & 0x7f) as u8 | 0x80;
            x >>= 7;
        }
        out.extend_from_slice(&bytes);
        return;
    }
    let n = varint_len(v);
    for i in (0..n).rev() {
        let byte = ((v >> (7 * i)) & 0x7f) as u8;
        out.push(if i > 0 { byte | 0x80 } else { byte });
    }
}

/// The serial type a value is stored with.
pub fn serial_type(v: &Value) -> u64 {
    match v {
        Value::Null => 0,
        Value::Integer(0) => 8,
        Value::Integer(1) => 9,
        Value::Integer(i) => {
            let i = *i;
            if (-128..=127).contains(&i) {
                1
            } else if (-32768..=32767).contains(&i) {
                2
            } else if (-8388608..=8388607).contains(&i) {
                3
            } else if (-2147483648..=2147483647).contains(&i) {
                4
            } else if (-140737488355328..=140737488355327).contains(&i) {
                5
            } else {
                6
            }
        }
        Value::Real(_) => 7,
        Value::Text(s) => s.len() as u64 * 2 + 13,
        Value::Blob(b) => b.len() as u64 * 2 + 12,
    }
}

/// Body size of a serial type; `None` for the reserved types 10 and 11.
pub fn serial_size(t: u64) -> Option<usize> {
    Some(match t {
        0 | 8 | 9 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4 => 4,
        5 => 6,
        6 | 7 => 8,
        10 | 11 => return None,
        n => ((n - 12) / 2) as usize,
    })
}

/// Encodes `values` as a record.
pub fn encode_record(values: &[Value]) -> Vec<u8> {
    let types: Vec<u64> = values.iter().map(serial_type).collect();
    let types_len: usize = types.iter().map(|&t| varint_len(t)).sum();
    let mut hdr_len = types_len + 1;
    if varint_len(hdr_len as u64) > 1 {
        hdr_len = types_len + varint_len((types_len + 2) as u64);
    }
    let body_len: usize = types.iter().map(|&t| serial_size(t).unwrap_or(0)).sum();
    let mut out = Vec::with_capacity(hdr_len + body_len);
    write_varint(&mut out, hdr_len as u64);
    for &t in &types {
        write_varint(&mut out, t);
    }
    for (v, &t) in values.iter().zip(&types) {
        match v {
            Value::Null => {}
            Value::Integer(i) => {
                let n = serial_size(t).unwrap_or(0);
                let bytes = i.to_be_bytes();
                out.extend_from_slice(&bytes[8 - n..]);
            }
            Value::Real(r) => out.extend_from_slice(&r.to_bits().to_be_bytes()),
            Value::Text(s) => out.extend_from_slice(s.as_bytes()),
            Value::Blob(b) => out.extend_from_slice(b),
        }
    }
    out
}

/// Decodes one value of serial type `t` from `body` (exactly its bytes).
pub fn decode_value(t: u64, body: &[u8]) -> Result<Value> {
    let int = |n: usize| -> Result<i64> {
        let b = body.get(..n).ok_or_else(Error::corrupt)?;
        let mut v: i64 = if b.first().is_some_and(|&x| x & 0x80 != 0) {
            -1
        } else {
            0
        };
        for &x in b {
            v = (v << 8) | x as i64;
        }
        Ok(v)
    };
    Ok(match t {
        0 => Value::Null,
        1 => Value::Integer(int(1)?),
        2 => Value::Integer(int(2)?),
        3 => Value::Integer(int(3)?),
        4 => Value::Integer(int(4)?),
        5 => Value::Integer(int(6)?),
        6 => Value::Integer(int(8)?),
        7 => {
            let b: [u8; 8] = body
                .get(..8)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(Error::corrupt)?;
            let r = f64::from_bits(u64::from_be_bytes(b));
            if r.is_nan() {
                Value::Null
            } else {
                Value::Real(r)
            }
        }
        8 => Value::Integer(0),
        9 => Value::Integer(1),
        10 | 11 => return Err(Error::corrupt()),
        n => {
            let len = ((n - 12) / 2) as usize;
            let b = body.get(..len).ok_or_else(Error::corrupt)?;
            if n % 2 == 0 {
                Value::Blob(b.to_vec())
            } else {
                Value::Text(match std::str::from_utf8(b) {
                    Ok(s) => s.to_owned(),
                    Err(_) => String::from_utf8_lossy(b).into_owned(),
                })
            }
        }
    })
}

/// A parsed record header: each column's serial type and body offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordHeader {
    pub types: Vec<u64>,
    /// Offset of each column's bytes from the start of the record.
    pub offsets: Vec<usize>,
    /// Offset just past the last column (the record's total size per its header).
    pub end: usize,
}

impl RecordHeader {
    /// Parses the header of `rec`. `rec` may be a prefix of the record as long as it holds the
    /// whole header; offsets are then checked lazily by [`RecordHeader::column`].
    pub fn parse(rec: &[u8]) -> Result<RecordHeader> {
        let (hdr_len, n) = read_varint(rec, 0).ok_or_else(Error::corrupt)?;
        let hdr_len = hdr_len as usize;
        if hdr_len > rec.len() || hdr_len < n {
            return Err(Error::corrupt());
        }
        let mut pos = n;
        let mut off = hdr_len;
        let mut h = RecordHeader::default();
        while pos < hdr_len {
            let (t, m) = read_varint(&rec[..hdr_len], pos).ok_or_else(Error::corrupt)?;
            pos += m;
            let size = serial_size(t).ok_or_else(Error::corrupt)?;
            h.types.push(t);
            h.offsets.push(off);
            off = off.checked_add(size).ok_or_else(Error::corrupt)?;
        }
        h.end = off;
        Ok(h)
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Column `i` of `rec`; `None` when the record has fewer columns.
    pub fn column(&self, rec: &[u8], i: usize) -> Result<Option<Value>> {
        let Some(&t) = self.types.get(i) else {
            return Ok(None);
        };
        let off = self.offsets[i];
        let size = serial_size(t).ok_or_else(Error::corrupt)?;
        let body = rec.get(off..off + size).ok_or_else(Error::corrupt)?;
        decode_value(t, body).map(Some)
    }
}

/// Decodes every column of a record.
pub fn decode_record(rec: &[u8]) -> Result<Vec<Value>> {
    let h = RecordHeader::parse(rec)?;
    if h.end > rec.len() {
        return Err(Error::corrupt());
    }
    (0..h.len())
        .map(|i| h.column(rec, i).map(|v| v.unwrap_or(Value::Null)))
        .collect()
}

/// Compares the key stored in record `rec` with the unpacked key `key` under `ki`, field by
/// field up to the shorter of the two (so a prefix key compares Equal to every entry it
/// starts). Returns `rec.cmp(key)`.
pub fn compare_record(
    rec: &[u8],
    key: &[Value],
    ki: &KeyInfo,
    resolver: Option<CollationResolver<'_>>,
) -> Result<Ordering> {
    let h = RecordHeader::parse(rec)?;
    for (i, k) in key.iter().enumerate() {
        let Some(v) = h.column(rec, i)? else {
            return Ok(Ordering::Equal);
        };
        let o = compare_values_with(&v, k, ki.collation(i), resolver);
        let o = if ki.is_desc(i) { o.reverse() } else { o };
        if o != Ordering::Equal {
            return Ok(o);
        }
    }
    Ok(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for v in [
            0u64,
            1,
            127,
            128,
            16383,
            16384,
            0xffff_ffff,
            0x00ff_ffff_ffff_ffff,
            0x0100_0000_0000_0000,
            u64::MAX,
        ] {
            let mut b = Vec::new();
            write_varint(&mut b, v);
            assert_eq!(b.len(), varint_len(v));
            assert_eq!(read_varint(&b, 0), Some((v, b.len())));
        }
    }

    #[test]
    fn records_round_trip() {
        let vals = vec![
            Value::Null,
            Value::Integer(0),
            Value::Integer(1),
            Value::Integer(-1),
            Value::Integer(300),
            Value::Integer(-8388608),
            Value::Integer(1 << 40),
            Value::Integer(i64::MIN),
            Value::Real(2.5),
            Value::Text("héllo".into()),
            Value::Blob(vec![0, 1, 2]),
            Value::Text("x".repeat(1000)),
        ];
        let rec = encode_record(&vals);
        assert_eq!(decode_record(&rec).unwrap(), vals);
    }

    #[test]
    fn record_bytes_match_sqlite() {
        // CREATE TABLE t(a,b,c,d); INSERT INTO t VALUES(1,'hi',NULL,2.5);
        // payload read from the file sqlite3 wrote.
        let rec = encode_record(&[
            Value::Integer(1),
            Value::Text("hi".into()),
            Value::Null,
            Value::Real(2.5),
        ]);
        assert_eq!(
            rec,
            [5, 9, 17, 0, 7, b'h', b'i', 0x40, 0x04, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn corrupt_headers_are_errors() {
        assert!(decode_record(&[0x80]).is_err());
        assert!(decode_record(&[5, 1, 1, 1, 1]).is_err());
        assert!(decode_record(&[2, 10]).is_err());
        assert!(decode_record(&[2, 0x81]).is_err());
    }
}
