//! The `-wal` file's bytes: the 32-byte header, the 24-byte frame headers and the checksum.
//!
//! All integers in the WAL file are big-endian. The checksum runs over 32-bit words whose byte
//! order the magic names: `0x377f0683` = big-endian words, `0x377f0682` = little-endian words.
//! A writer uses its native order (so checksumming is cheap); a reader honours whichever it finds.

/// WAL magic with the "big-endian checksum" bit clear.
pub(crate) const WAL_MAGIC: u32 = 0x377f_0682;
/// The only WAL format version (`3007000`).
pub(crate) const WAL_VERSION: u32 = 3_007_000;
pub(crate) const WAL_HDR_SIZE: u64 = 32;
pub(crate) const FRAME_HDR_SIZE: u64 = 24;

/// True when this machine writes big-endian checksums (and so the magic `0x377f0683`).
pub(crate) const NATIVE_BIG_ENDIAN: bool = cfg!(target_endian = "big");

/// The running checksum `(s0, s1)`.
pub(crate) type Cksum = [u32; 2];

/// Extends checksum `prev` over `data` (length a multiple of 8), reading words big-endian when
/// `big_endian`, else little-endian: `s0 += x[i] + s1; s1 += x[i+1] + s0` for each word pair.
pub(crate) fn checksum(data: &[u8], big_endian: bool, prev: Cksum) -> Cksum {
    debug_assert!(data.len().is_multiple_of(8));
    let [mut s0, mut s1] = prev;
    for pair in data.chunks_exact(8) {
        let (a, b) = (&pair[0..4], &pair[4..8]);
        let (x0, x1) = if big_endian {
            (be32(a), be32(b))
        } else {
            (le32(a), le32(b))
        };
        s0 = s0.wrapping_add(x0).wrapping_add(s1);
        s1 = s1.wrapping_add(x1).wrapping_add(s0);
    }
    [s0, s1]
}

pub(crate) fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// True for the page sizes SQLite allows: powers of two from 512 to 65536.
pub(crate) fn valid_page_size(sz: u32) -> bool {
    (512..=65536).contains(&sz) && sz.is_power_of_two()
}

/// The decoded 32-byte WAL header.
///
/// | off | size | field |
/// |----:|-----:|-------|
/// | 0 | 4 | magic `0x377f0682` / `0x377f0683` (low bit = big-endian checksums) |
/// | 4 | 4 | format version 3007000 |
/// | 8 | 4 | database page size |
/// | 12 | 4 | checkpoint sequence number |
/// | 16 | 4 | salt-1 (incremented at each log restart) |
/// | 20 | 4 | salt-2 (random at each restart) |
/// | 24 | 8 | checksum of bytes 0..24 |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WalHeader {
    pub big_endian: bool,
    pub version: u32,
    pub page_size: u32,
    pub ckpt_seq: u32,
    /// Salt-1 and salt-2 as the raw bytes 16..24 of the header.
    pub salt: [u8; 8],
    pub cksum: Cksum,
}

impl WalHeader {
    /// A header for a new log written with this machine's checksum order.
    pub(crate) fn new(page_size: u32, ckpt_seq: u32, salt: [u8; 8]) -> WalHeader {
        let mut h = WalHeader {
            big_endian: NATIVE_BIG_ENDIAN,
            version: WAL_VERSION,
            page_size,
            ckpt_seq,
            salt,
            cksum: [0, 0],
        };
        let b = h.encode();
        h.cksum = checksum(&b[..24], h.big_endian, [0, 0]);
        h
    }

    pub(crate) fn encode(&self) -> [u8; 32] {
        let mut b = [0u8; 32];
        let magic = WAL_MAGIC | self.big_endian as u32;
        b[0..4].copy_from_slice(&magic.to_be_bytes());
        b[4..8].copy_from_slice(&self.version.to_be_bytes());
        b[8..12].copy_from_slice(&self.page_size.to_be_bytes());
        b[12..16].copy_from_slice(&self.ckpt_seq.to_be_bytes());
        b[16..24].copy_from_slice(&self.salt);
        b[24..28].copy_from_slice(&self.cksum[0].to_be_bytes());
        b[28..32].copy_from_slice(&self.cksum[1].to_be_bytes());
        b
    }

    /// Decodes and validates a header: magic, page size and checksum. `None` means the log holds
    /// no valid frames (the file is new, torn or garbage). The version is not checked here.
    pub(crate) fn decode(b: &[u8; 32]) -> Option<WalHeader> {
        let magic = be32(&b[0..4]);
        if magic & !1 != WAL_MAGIC {
            return None;
        }
        let big_endian = magic & 1 == 1;
        let page_size = be32(&b[8..12]);
        if !valid_page_size(page_size) {
            return None;
        }
        let cksum = checksum(&b[..24], big_endian, [0, 0]);
        if cksum != [be32(&b[24..28]), be32(&b[28..32])] {
            return None;
        }
        let mut salt = [0u8; 8];
        salt.copy_from_slice(&b[16..24]);
        Some(WalHeader {
            big_endian,
            version: be32(&b[4..8]),
            page_size,
            ckpt_seq: be32(&b[12..16]),
            salt,
            cksum,
        })
    }
}

/// Byte offset of frame `frame` (1-based) in a log with pages of `page_size` bytes.
pub(crate) fn frame_offset(frame: u32, page_size: u32) -> u64 {
    WAL_HDR_SIZE + (frame as u64 - 1) * (FRAME_HDR_SIZE + page_size as u64)
}

/// Encodes a frame header for page `pgno` (`commit` = database size in pages after a commit
/// frame, 0 otherwise), chaining the checksum from `prev`. Returns the header and the new checksum.
pub(crate) fn encode_frame(
    pgno: u32,
    commit: u32,
    salt: &[u8; 8],
    big_endian: bool,
    prev: Cksum,
    page: &[u8],
) -> ([u8; 24], Cksum) {
    let mut h = [0u8; 24];
    h[0..4].copy_from_slice(&pgno.to_be_bytes());
    h[4..8].copy_from_slice(&commit.to_be_bytes());
    h[8..16].copy_from_slice(salt);
    let c = checksum(&h[..8], big_endian, prev);
    let c = checksum(page, big_endian, c);
    h[16..20].copy_from_slice(&c[0].to_be_bytes());
    h[20..24].copy_from_slice(&c[1].to_be_bytes());
    (h, c)
}

/// A frame header that passed validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame {
    pub pgno: u32,
    /// Database size in pages for a commit frame, 0 otherwise.
    pub commit: u32,
    pub cksum: Cksum,
}

/// Validates a frame against the log's salt and the running checksum `prev`: the salts must
/// match, the page number be non-zero and the checksum chain hold. `None` ends the valid log.
pub(crate) fn decode_frame(
    h: &[u8; 24],
    page: &[u8],
    salt: &[u8; 8],
    big_endian: bool,
    prev: Cksum,
) -> Option<Frame> {
    if &h[8..16] != salt {
        return None;
    }
    let pgno = be32(&h[0..4]);
    if pgno == 0 {
        return None;
    }
    let c = checksum(&h[..8], big_endian, prev);
    let c = checksum(page, big_endian, c);
    if c != [be32(&h[16..20]), be32(&h[20..24])] {
        return None;
    }
    Some(Frame {
        pgno,
        commit: be32(&h[4..8]),
        cksum: c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_of_known_words() {
        // Words (1,2),(3,4) big-endian: s0=1+0=1, s1=2+1=3; s0=1+3+3=7, s1=3+4+7=14.
        let data = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];
        assert_eq!(checksum(&data, true, [0, 0]), [7, 14]);
        // The same bytes read little-endian are other words.
        assert_ne!(checksum(&data, false, [0, 0]), [7, 14]);
    }

    #[test]
    fn header_round_trip_and_torn_header_rejected() {
        let h = WalHeader::new(4096, 3, [1, 2, 3, 4, 5, 6, 7, 8]);
        let mut b = h.encode();
        assert_eq!(WalHeader::decode(&b), Some(h));
        assert_eq!(be32(&b[0..4]), 0x377f0682 | NATIVE_BIG_ENDIAN as u32);
        b[13] ^= 1;
        assert_eq!(WalHeader::decode(&b), None);
    }

    #[test]
    fn frame_round_trip_and_chain() {
        let salt = [9u8; 8];
        let page = vec![7u8; 512];
        let (h1, c1) = encode_frame(2, 0, &salt, false, [5, 6], &page);
        let f = decode_frame(&h1, &page, &salt, false, [5, 6]).unwrap();
        assert_eq!((f.pgno, f.commit, f.cksum), (2, 0, c1));
        // Wrong previous checksum, wrong salt, zero pgno: all end the log.
        assert!(decode_frame(&h1, &page, &salt, false, [5, 7]).is_none());
        assert!(decode_frame(&h1, &page, &[8u8; 8], false, [5, 6]).is_none());
        let (h0, _) = encode_frame(0, 0, &salt, false, [5, 6], &page);
        assert!(decode_frame(&h0, &page, &salt, false, [5, 6]).is_none());
    }

    #[test]
    fn frame_offsets() {
        assert_eq!(frame_offset(1, 4096), 32);
        assert_eq!(frame_offset(3, 1024), 32 + 2 * 1048);
    }
}
