//! The rollback journal file (`<db>-journal`), in SQLite's format (fileformat2.html §4).
//!
//! A journal is one or more segments. Each starts, at a sector-aligned offset, with a header
//! padded to the sector size:
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 8 | magic `d9 d5 05 f9 20 a1 63 d7` |
//! | 8 | 4 | number of page records in the segment (`0xffffffff`: up to the end of file) |
//! | 12 | 4 | checksum nonce |
//! | 16 | 4 | database size in pages before the transaction |
//! | 20 | 4 | sector size |
//! | 24 | 4 | page size |
//!
//! followed by page records: 4-byte page number, the page's original bytes, 4-byte checksum.
//! The checksum is the nonce plus the bytes at offsets `page_size-200`, `page_size-400`, ...,
//! down to offset 0 or above, each read as an unsigned byte.
//!
//! Playback (hot-journal rollback) writes each record's bytes back to the database, stopping at
//! the first record that is short, has a bad checksum or page number 0, or at a header whose
//! magic or sizes are wrong; then sets the database to the size in the first header.
//! A page's first record wins (it holds the oldest image).

use std::collections::HashSet;

use super::header::{get_u32, put_u32, valid_page_size};
use super::PageNo;
use crate::error::Result;
use crate::io::{read_zero_filled, VfsFile, PENDING_BYTE};

pub(crate) const MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

/// The journal checksum of one page image.
pub(crate) fn checksum(nonce: u32, page: &[u8]) -> u32 {
    let mut sum = nonce;
    let mut i = page.len() as isize - 200;
    while i >= 0 {
        sum = sum.wrapping_add(page[i as usize] as u32);
        i -= 200;
    }
    sum
}

/// A journal segment header, padded to `sector` bytes.
pub(crate) fn encode_header(
    n_rec: u32,
    nonce: u32,
    orig_pages: PageNo,
    sector: u32,
    page_size: usize,
) -> Vec<u8> {
    let mut h = vec![0u8; sector as usize];
    h[..8].copy_from_slice(&MAGIC);
    put_u32(&mut h, 8, n_rec);
    put_u32(&mut h, 12, nonce);
    put_u32(&mut h, 16, orig_pages);
    put_u32(&mut h, 20, sector);
    put_u32(&mut h, 24, page_size as u32);
    h
}

/// One page record: number, original bytes, checksum.
pub(crate) fn encode_record(pgno: PageNo, page: &[u8], nonce: u32) -> Vec<u8> {
    let mut r = Vec::with_capacity(page.len() + 8);
    r.extend_from_slice(&pgno.to_be_bytes());
    r.extend_from_slice(page);
    r.extend_from_slice(&checksum(nonce, page).to_be_bytes());
    r
}

/// Appends page records to an open journal in segments, as a transaction goes.
///
/// A segment's header is written (record count 0) together with its first records; `sync`
/// makes the segment durable and writes its record count (FULL: fsync, count, fsync;
/// NORMAL: count, fsync; OFF: count only), after which new records go into a new segment at
/// the next sector boundary, so records that are not yet synced are never counted.
pub(crate) struct JournalWriter {
    pub file: Box<dyn VfsFile>,
    nonce: u32,
    sector: u64,
    page_size: usize,
    orig_pages: PageNo,
    seg_start: u64,
    seg_records: u32,
    end: u64,
    journaled: HashSet<PageNo>,
    synced_once: bool,
}

impl JournalWriter {
    pub(crate) fn new(
        file: Box<dyn VfsFile>,
        nonce: u32,
        sector: u32,
        page_size: usize,
        orig_pages: PageNo,
    ) -> JournalWriter {
        JournalWriter {
            file,
            nonce,
            sector: sector as u64,
            page_size,
            orig_pages,
            seg_start: 0,
            seg_records: 0,
            end: sector as u64,
            journaled: HashSet::new(),
            synced_once: false,
        }
    }

    /// Whether `pgno` already has a record.
    pub(crate) fn has(&self, pgno: PageNo) -> bool {
        self.journaled.contains(&pgno)
    }

    /// Appends a record for each page not journaled yet, in one write.
    pub(crate) fn append<'a>(
        &mut self,
        pages: impl Iterator<Item = (PageNo, &'a [u8])>,
    ) -> Result<()> {
        let first = self.seg_records == 0;
        let mut buf = if first {
            encode_header(
                0,
                self.nonce,
                self.orig_pages,
                self.sector as u32,
                self.page_size,
            )
        } else {
            Vec::new()
        };
        let mut n = 0;
        for (pgno, bytes) in pages {
            if self.journaled.insert(pgno) {
                buf.extend_from_slice(&encode_record(pgno, bytes, self.nonce));
                n += 1;
            }
        }
        if n == 0 {
            return Ok(());
        }
        let at = if first { self.seg_start } else { self.end };
        self.file.write_at(at, &buf)?;
        self.end += n as u64 * (self.page_size as u64 + 8);
        self.seg_records += n;
        Ok(())
    }

    /// Makes the current segment durable (see the type's comment); a no-op when it has no
    /// records. `first_sync` runs after the journal's first fsync (to sync its directory).
    pub(crate) fn sync(
        &mut self,
        level: super::options::Synchronous,
        first_sync: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        use super::options::Synchronous;
        if self.seg_records == 0 {
            return Ok(());
        }
        let count = self.seg_records.to_be_bytes();
        let first = !self.synced_once;
        if level >= Synchronous::Full {
            self.file.sync()?;
            if first {
                first_sync()?;
            }
            self.file.write_at(self.seg_start + 8, &count)?;
            self.file.sync()?;
        } else {
            self.file.write_at(self.seg_start + 8, &count)?;
            if level > Synchronous::Off {
                self.file.sync()?;
                if first {
                    first_sync()?;
                }
            }
        }
        self.synced_once = true;
        self.seg_start = self.end.div_ceil(self.sector) * self.sector;
        self.end = self.seg_start + self.sector;
        self.seg_records = 0;
        Ok(())
    }
}

/// Whether a journal file could be hot by its contents: non-empty with a non-zero first byte
/// (PERSIST mode zeroes the header to retire a journal; TRUNCATE empties it).
pub(crate) fn looks_live(journal: &dyn VfsFile) -> Result<bool> {
    if journal.size()? == 0 {
        return Ok(false);
    }
    let mut first = [0u8; 1];
    journal.read_at(0, &mut first)?;
    Ok(first[0] != 0)
}

/// The super-journal name recorded at the end of a journal of a multi-database commit, if
/// any. The record is: lock-page number (4), name, name length (4), sum of the name's bytes
/// (4), journal magic (8). Anything that does not check out is "no super-journal".
pub(crate) fn super_journal(journal: &dyn VfsFile, page_size: usize) -> Result<Option<String>> {
    let size = journal.size()?;
    if size < 28 + 20 {
        return Ok(None);
    }
    let mut tail = [0u8; 16];
    read_zero_filled(journal, size - 16, &mut tail)?;
    if tail[8..] != MAGIC {
        return Ok(None);
    }
    let len = get_u32(&tail, 0) as u64;
    let sum = get_u32(&tail, 4);
    if len == 0 || len > 65536 || len + 20 > size {
        return Ok(None);
    }
    let mut rec = vec![0u8; len as usize + 4];
    read_zero_filled(journal, size - 16 - len - 4, &mut rec)?;
    let pending_page = (PENDING_BYTE / page_size as u64 + 1) as PageNo;
    let name = &rec[4..];
    let name_sum = name.iter().fold(0u32, |a, b| a.wrapping_add(*b as u32));
    if get_u32(&rec, 0) != pending_page || name_sum != sum {
        return Ok(None);
    }
    let name = name.split(|b| *b == 0).next().unwrap_or(&[]);
    Ok(std::str::from_utf8(name).ok().map(str::to_string))
}

/// The page size recorded in a journal's first header, if it has a valid one.
pub(crate) fn header_page_size(journal: &dyn VfsFile) -> Result<Option<usize>> {
    let mut h = [0u8; 28];
    if read_zero_filled(journal, 0, &mut h)? < 28 || h[..8] != MAGIC {
        return Ok(None);
    }
    let ps = get_u32(&h, 24) as usize;
    Ok(valid_page_size(ps).then_some(ps))
}

/// What a playback did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Playback {
    pub pages_restored: usize,
    /// Database size before the transaction, from the first header (`None`: no valid header).
    pub orig_pages: Option<PageNo>,
    pub page_size: usize,
}

/// Plays `journal` back into `db` and truncates `db` to its original size.
/// The caller holds an EXCLUSIVE lock on `db`; I/O errors are returned, format damage just
/// ends the playback.
pub(crate) fn playback(journal: &dyn VfsFile, db: &dyn VfsFile) -> Result<Playback> {
    let size = journal.size()?;
    let mut result = Playback::default();
    let mut seen: HashSet<PageNo> = HashSet::new();
    let mut off: u64 = 0;
    'segments: while off + 28 <= size {
        let mut h = [0u8; 28];
        read_zero_filled(journal, off, &mut h)?;
        if h[..8] != MAGIC {
            break;
        }
        let n_rec = get_u32(&h, 8);
        let nonce = get_u32(&h, 12);
        let sector = get_u32(&h, 20) as u64;
        let page_size = get_u32(&h, 24) as usize;
        if !(32..=65536).contains(&sector) || !sector.is_power_of_two() {
            break;
        }
        if !valid_page_size(page_size) || (result.page_size != 0 && result.page_size != page_size) {
            break;
        }
        if result.orig_pages.is_none() {
            result.orig_pages = Some(get_u32(&h, 16));
            result.page_size = page_size;
        }
        let rec_size = page_size as u64 + 8;
        off += sector;
        let n_rec = if n_rec == 0xffff_ffff {
            (size.saturating_sub(off) / rec_size) as u32
        } else {
            n_rec
        };
        let pending_page = (PENDING_BYTE / page_size as u64 + 1) as PageNo;
        let mut rec = vec![0u8; rec_size as usize];
        for _ in 0..n_rec {
            if off + rec_size > size {
                break 'segments;
            }
            read_zero_filled(journal, off, &mut rec)?;
            off += rec_size;
            let pgno = get_u32(&rec, 0);
            let page = &rec[4..4 + page_size];
            let sum = get_u32(&rec, 4 + page_size);
            if pgno == 0 || pgno == pending_page || sum != checksum(nonce, page) {
                break 'segments;
            }
            if seen.insert(pgno) {
                db.write_at((pgno as u64 - 1) * page_size as u64, page)?;
                result.pages_restored += 1;
            }
        }
        off = off.div_ceil(sector) * sector;
    }
    if let Some(n) = result.orig_pages {
        // Back to the original size: shorter after a crashed commit that grew the file,
        // longer (zero-filled tail) after one that shrank it.
        let want = n as u64 * result.page_size as u64;
        if db.size()? != want {
            db.truncate(want)?;
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{FileKind, MemVfs, OpenOptions, Vfs};

    fn open(vfs: &MemVfs, name: &str) -> Box<dyn VfsFile> {
        let opts = OpenOptions {
            kind: FileKind::MainDb,
            read_only: false,
            create: true,
        };
        vfs.open(name, opts).unwrap()
    }

    #[test]
    fn checksum_samples_every_200th_byte_from_the_end() {
        let mut page = vec![0u8; 512];
        page[312] = 5; // 512-200
        page[112] = 7; // 512-400
        page[0] = 100; // not sampled: 512-600 < 0
        assert_eq!(checksum(10, &page), 22);
    }

    #[test]
    fn playback_restores_first_image_and_stops_at_bad_checksum() {
        let vfs = MemVfs::new();
        let db = open(&vfs, "db");
        let j = open(&vfs, "db-journal");
        db.write_at(0, &vec![9u8; 512 * 4]).unwrap();
        let nonce = 0x1234_5678;
        let mut bytes = encode_header(3, nonce, 2, 512, 512);
        bytes.extend(encode_record(1, &[1u8; 512], nonce));
        bytes.extend(encode_record(1, &[5u8; 512], nonce)); // later image of page 1: ignored
        let mut bad = encode_record(2, &[2u8; 512], nonce);
        bad[300] ^= 0xff; // sampled byte (offset 4+296? no: 4+312) — damage the checksum word
        let n = bad.len();
        bad[n - 1] ^= 1;
        bytes.extend(bad);
        j.write_at(0, &bytes).unwrap();
        let pb = playback(j.as_ref(), db.as_ref()).unwrap();
        assert_eq!(pb.pages_restored, 1);
        assert_eq!(pb.orig_pages, Some(2));
        let mut p = vec![0u8; 512 * 2];
        assert_eq!(db.read_at(0, &mut p).unwrap(), 1024);
        assert!(p[..512].iter().all(|b| *b == 1));
        assert!(
            p[512..].iter().all(|b| *b == 9),
            "page 2 not restored past bad checksum"
        );
        assert_eq!(db.size().unwrap(), 1024, "truncated to the original size");
    }
}
