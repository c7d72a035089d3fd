//! The 100-byte database header at the start of page 1 (fileformat2.html §1.3).
//!
//! | offset | size | field | a new database |
//! |---:|---:|---|---|
//! | 0 | 16 | `"SQLite format 3\0"` | |
//! | 16 | 2 | page size (1 means 65536) | |
//! | 18 | 1 | write version (1 rollback, 2 WAL) | 1 |
//! | 19 | 1 | read version | 1 |
//! | 20 | 1 | reserved bytes at the end of each page | 0 |
//! | 21..24 | 3 | payload fractions 64, 32, 32 | |
//! | 24 | 4 | file change counter | 1 after the first commit |
//! | 28 | 4 | database size in pages | |
//! | 32 | 4 | first freelist trunk page | 0 |
//! | 36 | 4 | number of freelist pages | 0 |
//! | 40 | 4 | schema cookie | 0 (the schema layer's) |
//! | 44 | 4 | schema format number | 0 (the schema layer sets 4) |
//! | 48..92 | | cache size, vacuum, encoding, user version, app id, reserved | 0 |
//! | 92 | 4 | version-valid-for: change counter of the last writer | |
//! | 96 | 4 | `SQLITE_VERSION_NUMBER` of the last writer | 3040001 |
//!
//! The size at 28 is trusted only when it is non-zero and the change counter equals
//! version-valid-for; otherwise the size comes from the file's length.

use super::PageNo;
use crate::error::{codes, Error, Result};

pub(crate) const MAGIC: &[u8; 16] = b"SQLite format 3\0";
pub(crate) const HEADER_SIZE: usize = 100;
pub(crate) const OFF_CHANGE_COUNTER: usize = 24;
pub(crate) const OFF_PAGE_COUNT: usize = 28;
pub(crate) const OFF_FREELIST_TRUNK: usize = 32;
pub(crate) const OFF_FREELIST_COUNT: usize = 36;
pub(crate) const OFF_VERSION_VALID_FOR: usize = 92;
pub(crate) const OFF_VERSION_NUMBER: usize = 96;

pub(crate) const MIN_PAGE_SIZE: usize = 512;
pub(crate) const MAX_PAGE_SIZE: usize = 65536;

pub(crate) fn get_u32(b: &[u8], off: usize) -> u32 {
    u32::from_be_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}

pub(crate) fn put_u32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_be_bytes());
}

/// Whether `n` is a page size SQLite accepts (a power of two in 512..=65536).
pub(crate) fn valid_page_size(n: usize) -> bool {
    (MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&n) && n.is_power_of_two()
}

/// What the pager needs from a database header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderInfo {
    pub page_size: usize,
    pub reserved: usize,
    /// Page count at offset 28 when it is valid (see the module comment).
    pub page_count: Option<PageNo>,
    pub write_version: u8,
}

/// Checks the header of an existing database. `SQLITE_NOTADB` for anything that is not a
/// readable SQLite 3 header.
pub(crate) fn parse(hdr: &[u8]) -> Result<HeaderInfo> {
    let notadb = || Error::from_code(codes::SQLITE_NOTADB);
    if hdr.len() < HEADER_SIZE || &hdr[..16] != MAGIC {
        return Err(notadb());
    }
    let raw = u16::from_be_bytes([hdr[16], hdr[17]]) as usize;
    let page_size = if raw == 1 { MAX_PAGE_SIZE } else { raw };
    if !valid_page_size(page_size) {
        return Err(notadb());
    }
    let (write_version, read_version) = (hdr[18], hdr[19]);
    if read_version > 2 || write_version == 0 || read_version == 0 {
        return Err(notadb());
    }
    if hdr[21..24] != [64, 32, 32] {
        return Err(notadb());
    }
    let reserved = hdr[20] as usize;
    if page_size - reserved < 480 {
        return Err(notadb());
    }
    let count = get_u32(hdr, OFF_PAGE_COUNT);
    let valid =
        count != 0 && get_u32(hdr, OFF_CHANGE_COUNTER) == get_u32(hdr, OFF_VERSION_VALID_FOR);
    Ok(HeaderInfo {
        page_size,
        reserved,
        page_count: valid.then_some(count),
        write_version,
    })
}

/// Page 1 of a new, empty database exactly as `sqlite3` writes it (before the first commit
/// bumps the change counter): the header, then an empty table-leaf page for `sqlite_schema`.
pub(crate) fn new_page1(page_size: usize, reserved: usize) -> Vec<u8> {
    let mut p = vec![0u8; page_size];
    p[..16].copy_from_slice(MAGIC);
    let raw = if page_size == MAX_PAGE_SIZE {
        1
    } else {
        page_size as u16
    };
    p[16..18].copy_from_slice(&raw.to_be_bytes());
    p[18] = 1;
    p[19] = 1;
    p[20] = reserved as u8;
    p[21] = 64;
    p[22] = 32;
    p[23] = 32;
    put_u32(&mut p, OFF_PAGE_COUNT, 1);
    put_u32(
        &mut p,
        OFF_VERSION_NUMBER,
        crate::SQLITE_VERSION_NUMBER as u32,
    );
    // Empty table-leaf b-tree page header at offset 100: type 13, no freeblock, no cells,
    // content area starting at the end of the usable space (0 means 65536).
    p[100] = 0x0d;
    let content = (page_size - reserved) as u32;
    let content = if content == 65536 { 0 } else { content as u16 };
    p[105..107].copy_from_slice(&content.to_be_bytes());
    p
}

/// Stamps a commit into page 1: bumps the change counter and records the page count,
/// version-valid-for and our version number.
pub(crate) fn stamp_commit(p: &mut [u8], page_count: PageNo) {
    let counter = get_u32(p, OFF_CHANGE_COUNTER).wrapping_add(1);
    put_u32(p, OFF_CHANGE_COUNTER, counter);
    put_u32(p, OFF_PAGE_COUNT, page_count);
    put_u32(p, OFF_VERSION_VALID_FOR, counter);
    put_u32(p, OFF_VERSION_NUMBER, crate::SQLITE_VERSION_NUMBER as u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_page1_after_one_commit_matches_sqlite3() {
        // `sqlite3 x.db "pragma user_version=0"` writes this first 112 bytes (4096-byte page).
        let mut p = new_page1(4096, 0);
        stamp_commit(&mut p, 1);
        let want: [u8; 112] = [
            0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20,
            0x33, 0x00, 0x10, 0x00, 0x01, 0x01, 0x00, 0x40, 0x20, 0x20, 0, 0, 0, 1, 0, 0, 0, 1, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 1, 0x00, 0x2e, 0x63, 0x01, 0x0d, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(&p[..112], &want[..]);
        assert!(p[112..].iter().all(|b| *b == 0));
        let info = parse(&p).unwrap();
        assert_eq!(info.page_size, 4096);
        assert_eq!(info.page_count, Some(1));
    }

    #[test]
    fn bad_headers_are_not_a_database() {
        let good = new_page1(512, 0);
        for (off, val) in [(0usize, b'X'), (16, 3), (19, 3), (21, 63), (20, 255)] {
            let mut p = good.clone();
            p[off] = val;
            assert_eq!(
                parse(&p).unwrap_err().code(),
                codes::SQLITE_NOTADB,
                "offset {off}"
            );
        }
        assert!(parse(&good[..50]).is_err());
    }

    #[test]
    fn page_size_65536_is_stored_as_1() {
        let p = new_page1(65536, 0);
        assert_eq!(&p[16..18], &[0, 1]);
        assert_eq!(&p[105..107], &[0, 0]);
        assert_eq!(parse(&p).unwrap().page_size, 65536);
    }
}
