//! SQLite's variable-length integers (fileformat2 §1.6 "varint").
//!
//! A varint is 1 to 9 bytes, big-endian. In bytes 1..=8 the high bit says "another byte
//! follows" and the low 7 bits are data; a 9th byte, when present, contributes all 8 bits.
//! The value is a 64-bit two's-complement integer (rowids are stored as varints of `i64 as u64`).

/// Decodes the varint at the start of `buf`: `(value, bytes used)`, or `None` when `buf` ends
/// before the varint does (a truncated, corrupt cell).
#[inline]
pub fn get_varint(buf: &[u8]) -> Option<(u64, usize)> {
    match buf.first() {
        Some(&b) if b < 0x80 => return Some((u64::from(b), 1)),
        None => return None,
        _ => {}
    }
    let mut v: u64 = 0;
    for i in 0..8 {
        let b = *buf.get(i)?;
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    let b = *buf.get(8)?;
    Some(((v << 8) | u64::from(b), 9))
}

/// The number of bytes [`put_varint`] writes for `v`.
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

/// Appends the varint encoding of `v` to `out`; returns the number of bytes written.
pub fn put_varint(out: &mut Vec<u8>, v: u64) -> usize {
    if v > 0x00ff_ffff_ffff_ffff {
        // Nine bytes: eight 7-bit groups, then a full last byte.
        let mut bytes = [0u8; 9];
        bytes[8] = v as u8;
        let mut x = v >> 8;
        for i in (0..8).rev() {
            bytes[i] = (x as u8 & 0x7f) | 0x80;
            x >>= 7;
        }
        out.extend_from_slice(&bytes);
        return 9;
    }
    let n = varint_len(v);
    for i in (0..n).rev() {
        let group = ((v >> (7 * i)) & 0x7f) as u8;
        out.push(if i == 0 { group } else { group | 0x80 });
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_boundaries() {
        let samples: [u64; 14] = [
            0,
            1,
            127,
            128,
            240,
            2287,
            16383,
            16384,
            (1 << 56) - 1,
            1 << 56,
            u64::MAX,
            i64::MIN as u64,
            (-1i64) as u64,
            0x1234_5678_9abc_def0,
        ];
        for v in samples {
            let mut buf = Vec::new();
            let n = put_varint(&mut buf, v);
            assert_eq!(n, buf.len());
            assert_eq!(n, varint_len(v));
            assert_eq!(get_varint(&buf), Some((v, n)), "value {v:#x}");
        }
    }

    #[test]
    fn known_encodings() {
        let mut buf = Vec::new();
        put_varint(&mut buf, 128);
        assert_eq!(buf, [0x81, 0x00]);
        buf.clear();
        put_varint(&mut buf, u64::MAX);
        assert_eq!(buf, [0xff; 9]);
    }

    #[test]
    fn truncated_is_none() {
        assert_eq!(get_varint(&[0x81]), None);
        assert_eq!(get_varint(&[]), None);
        assert_eq!(get_varint(&[0xff; 8]), None);
    }
}
