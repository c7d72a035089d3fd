//! The wal-index: the `-shm` file's contents (native byte order throughout).
//!
//! ```text
//! offset  size  field
//!      0    48  WalIndexHdr copy 1 (readers read copy 1 then copy 2; they must match)
//!     48    48  WalIndexHdr copy 2 (writers write copy 2 first, then copy 1)
//!     96     4  nBackfill: frames already copied into the database file
//!    100    20  aReadMark[0..5]: the mxFrame each READ lock's holders read up to
//!    120     8  lock bytes (never read or written; only fcntl-locked)
//!    128     4  nBackfillAttempted
//!    132     4  unused
//!    136        block 0: page numbers of frames 1..=4062, then its hash table at 16384
//! ```
//!
//! WalIndexHdr (48 bytes): `iVersion`=3007000 u32, unused u32, `iChange` u32 (commit counter),
//! `isInit` u8, `bigEndCksum` u8, `szPage` u16 (65536 stored as 1), `mxFrame` u32 (last valid
//! commit frame), `nPage` u32 (database size in pages), `aFrameCksum` 2×u32 (checksum of frame
//! mxFrame), `aSalt` 8 bytes (copied from the WAL header), `aCksum` 2×u32 (native-order
//! checksum of bytes 0..40).
//!
//! Index blocks: block `b` occupies 32 KiB region `b`. It holds page numbers (`u32`) for
//! 4096 frames (4062 in block 0, whose first 136 bytes are the headers above), followed at
//! byte 16384 of the region by 8192 `u16` hash slots. Slot values are 1-based indexes into the
//! block's page-number array (0 = empty); the key of page `P` is `(P * 383) & 8191`, collisions
//! probe linearly. Block `b` covers frames `iZero+1 ..= iZero+n` with `iZero` = 0 for block 0
//! and `4062 + (b-1)*4096` after.

use std::sync::atomic::Ordering;

use super::format::{checksum, Cksum};
use super::shm::{Shm, REGION_SIZE};
use crate::error::{Error, Result};

pub(crate) const INDEX_VERSION: u32 = 3_007_000;
const HDR_WORDS: usize = 12;
const HDR_BYTES: usize = 48;
pub(crate) const OFF_NBACKFILL: usize = 96;
pub(crate) const OFF_READMARK: usize = 100;
pub(crate) const OFF_NBACKFILL_ATTEMPTED: usize = 128;
const INDEX_HDR_TOTAL: usize = 136;
pub(crate) const NREADER: usize = 5;
pub(crate) const READMARK_NOT_USED: u32 = 0xffff_ffff;
const NPAGE: u32 = 4096;
const NPAGE_ONE: u32 = NPAGE - (INDEX_HDR_TOTAL / 4) as u32;
const NSLOT: usize = 8192;
const HASH_MULT: u32 = 383;

/// The wal-index header: one snapshot of the log's committed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct IndexHdr {
    pub version: u32,
    pub unused: u32,
    pub change: u32,
    pub is_init: u8,
    pub big_endian: u8,
    /// Page size as stored (`65536` as 1); see [`IndexHdr::page_size`].
    pub page_size_code: u16,
    pub mx_frame: u32,
    pub n_page: u32,
    pub frame_cksum: Cksum,
    pub salt: [u8; 8],
    pub cksum: Cksum,
}

impl IndexHdr {
    pub(crate) fn page_size(&self) -> u32 {
        (self.page_size_code as u32 & 0xfe00) + ((self.page_size_code as u32 & 1) << 16)
    }

    pub(crate) fn set_page_size(&mut self, sz: u32) {
        self.page_size_code = ((sz & 0xff00) | (sz >> 16)) as u16;
    }

    fn to_bytes(self) -> [u8; HDR_BYTES] {
        let mut b = [0u8; HDR_BYTES];
        b[0..4].copy_from_slice(&self.version.to_ne_bytes());
        b[4..8].copy_from_slice(&self.unused.to_ne_bytes());
        b[8..12].copy_from_slice(&self.change.to_ne_bytes());
        b[12] = self.is_init;
        b[13] = self.big_endian;
        b[14..16].copy_from_slice(&self.page_size_code.to_ne_bytes());
        b[16..20].copy_from_slice(&self.mx_frame.to_ne_bytes());
        b[20..24].copy_from_slice(&self.n_page.to_ne_bytes());
        b[24..28].copy_from_slice(&self.frame_cksum[0].to_ne_bytes());
        b[28..32].copy_from_slice(&self.frame_cksum[1].to_ne_bytes());
        b[32..40].copy_from_slice(&self.salt);
        b[40..44].copy_from_slice(&self.cksum[0].to_ne_bytes());
        b[44..48].copy_from_slice(&self.cksum[1].to_ne_bytes());
        b
    }

    fn from_bytes(b: &[u8; HDR_BYTES]) -> IndexHdr {
        let w = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut salt = [0u8; 8];
        salt.copy_from_slice(&b[32..40]);
        IndexHdr {
            version: w(0),
            unused: w(4),
            change: w(8),
            is_init: b[12],
            big_endian: b[13],
            page_size_code: u16::from_ne_bytes([b[14], b[15]]),
            mx_frame: w(16),
            n_page: w(20),
            frame_cksum: [w(24), w(28)],
            salt,
            cksum: [w(40), w(44)],
        }
    }

    /// The header checksum: native word order over bytes 0..40.
    fn compute_cksum(&self) -> Cksum {
        checksum(&self.to_bytes()[..40], cfg!(target_endian = "big"), [0, 0])
    }
}

fn load_hdr_copy(shm: &Shm, copy: usize) -> Result<[u8; HDR_BYTES]> {
    let mut b = [0u8; HDR_BYTES];
    for i in 0..HDR_WORDS {
        let v = shm.load(copy * HDR_BYTES + i * 4)?;
        b[i * 4..i * 4 + 4].copy_from_slice(&v.to_ne_bytes());
    }
    Ok(b)
}

/// Reads the header: `Ok(None)` when the two copies differ, it is not initialised or its
/// checksum fails (a writer was interrupted, or the index is new): recovery is needed.
pub(crate) fn read_hdr(shm: &Shm) -> Result<Option<IndexHdr>> {
    let h1 = load_hdr_copy(shm, 0)?;
    std::sync::atomic::fence(Ordering::SeqCst);
    let h2 = load_hdr_copy(shm, 1)?;
    if h1 != h2 {
        return Ok(None);
    }
    let h = IndexHdr::from_bytes(&h1);
    if h.is_init == 0 || h.compute_cksum() != h.cksum {
        return Ok(None);
    }
    Ok(Some(h))
}

/// The current header bytes of copy 1, for "has anything changed" comparisons.
pub(crate) fn hdr_unchanged(shm: &Shm, hdr: &IndexHdr) -> Result<bool> {
    Ok(load_hdr_copy(shm, 0)? == hdr.to_bytes())
}

/// Publishes `hdr` (setting version, isInit and checksum): copy 2 first, then copy 1.
/// Caller holds the WRITE lock (or is running recovery).
pub(crate) fn write_hdr(shm: &Shm, hdr: &mut IndexHdr) -> Result<()> {
    hdr.version = INDEX_VERSION;
    hdr.is_init = 1;
    hdr.cksum = hdr.compute_cksum();
    let b = hdr.to_bytes();
    for copy in [1usize, 0] {
        for i in 0..HDR_WORDS {
            let v = u32::from_ne_bytes([b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]]);
            shm.store(copy * HDR_BYTES + i * 4, v)?;
        }
        std::sync::atomic::fence(Ordering::SeqCst);
    }
    Ok(())
}

pub(crate) fn read_mark(shm: &Shm, i: usize) -> Result<u32> {
    shm.load(OFF_READMARK + 4 * i)
}

pub(crate) fn set_read_mark(shm: &Shm, i: usize, v: u32) -> Result<()> {
    shm.store(OFF_READMARK + 4 * i, v)
}

pub(crate) fn n_backfill(shm: &Shm) -> Result<u32> {
    shm.load(OFF_NBACKFILL)
}

pub(crate) fn set_n_backfill(shm: &Shm, v: u32) -> Result<()> {
    shm.store(OFF_NBACKFILL, v)
}

/// Index block holding frame `frame` (1-based).
fn block_of(frame: u32) -> usize {
    if frame <= NPAGE_ONE {
        0
    } else {
        ((frame - NPAGE_ONE - 1) / NPAGE) as usize + 1
    }
}

/// The frame number just before block `b`'s first frame.
fn izero(b: usize) -> u32 {
    if b == 0 {
        0
    } else {
        NPAGE_ONE + (b as u32 - 1) * NPAGE
    }
}

fn pgno_off(b: usize, idx: u32) -> usize {
    let base = b * REGION_SIZE + if b == 0 { INDEX_HDR_TOTAL } else { 0 };
    base + (idx as usize - 1) * 4
}

fn slot_off(b: usize, k: usize) -> usize {
    b * REGION_SIZE + NPAGE as usize * 4 + 2 * k
}

fn hash_key(pgno: u32) -> usize {
    (pgno.wrapping_mul(HASH_MULT) as usize) & (NSLOT - 1)
}

/// The page number recorded for `frame`.
pub(crate) fn frame_pgno(shm: &Shm, frame: u32) -> Result<u32> {
    let b = block_of(frame);
    shm.load(pgno_off(b, frame - izero(b)))
}

/// Records that `frame` holds page `pgno`. The first frame of a block clears the whole block,
/// so stale entries of an earlier log generation never survive. Caller holds WRITE (or RECOVER).
pub(crate) fn append(shm: &Shm, frame: u32, pgno: u32) -> Result<()> {
    let b = block_of(frame);
    let idx = frame - izero(b);
    if idx == 1 {
        let start = pgno_off(b, 1);
        let end = (b + 1) * REGION_SIZE;
        for off in (start..end).step_by(4) {
            shm.store(off, 0)?;
        }
    }
    shm.store(pgno_off(b, idx), pgno)?;
    let mut k = hash_key(pgno);
    for _ in 0..NSLOT {
        let slot = shm.u16_at(slot_off(b, k))?;
        if slot.load(Ordering::Acquire) == 0 {
            slot.store(idx as u16, Ordering::Release);
            return Ok(());
        }
        k = (k + 1) & (NSLOT - 1);
    }
    Err(Error::corrupt())
}

/// Removes index entries for frames after `mx_frame` (left by a rolled-back or crashed writer).
/// Caller holds WRITE.
pub(crate) fn truncate_after(shm: &Shm, mx_frame: u32) -> Result<()> {
    if mx_frame == 0 {
        return Ok(());
    }
    let b = block_of(mx_frame);
    let limit = mx_frame - izero(b);
    for k in 0..NSLOT {
        let slot = shm.u16_at(slot_off(b, k))?;
        if slot.load(Ordering::Acquire) as u32 > limit {
            slot.store(0, Ordering::Release);
        }
    }
    let cap = if b == 0 { NPAGE_ONE } else { NPAGE };
    for idx in limit + 1..=cap {
        shm.store(pgno_off(b, idx), 0)?;
    }
    Ok(())
}

/// The newest frame in `min_frame..=max_frame` that holds page `pgno`, if any.
/// A hash chain longer than the table means the index is corrupt.
pub(crate) fn find(shm: &Shm, pgno: u32, min_frame: u32, max_frame: u32) -> Result<Option<u32>> {
    if max_frame == 0 || min_frame > max_frame {
        return Ok(None);
    }
    let first = block_of(min_frame.max(1));
    for b in (first..=block_of(max_frame)).rev() {
        let mut best = None;
        let mut k = hash_key(pgno);
        for _ in 0..NSLOT {
            let idx = shm.u16_at(slot_off(b, k))?.load(Ordering::Acquire) as u32;
            if idx == 0 {
                break;
            }
            let frame = izero(b) + idx;
            if frame >= min_frame
                && frame <= max_frame
                && best.is_none_or(|f| frame > f)
                && shm.load(pgno_off(b, idx))? == pgno
            {
                best = Some(frame);
            }
            k = (k + 1) & (NSLOT - 1);
        }
        if best.is_some() {
            return Ok(best);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_geometry() {
        assert_eq!(NPAGE_ONE, 4062);
        assert_eq!(block_of(1), 0);
        assert_eq!(block_of(4062), 0);
        assert_eq!(block_of(4063), 1);
        assert_eq!(izero(1), 4062);
        assert_eq!(block_of(4062 + 4096), 1);
        assert_eq!(block_of(4062 + 4097), 2);
        assert_eq!(pgno_off(0, 1), 136);
        assert_eq!(slot_off(1, 0), 32768 + 16384);
    }

    #[test]
    fn page_size_code() {
        let mut h = IndexHdr::default();
        for sz in [512u32, 4096, 32768, 65536] {
            h.set_page_size(sz);
            assert_eq!(h.page_size(), sz);
        }
        h.set_page_size(65536);
        assert_eq!(h.page_size_code, 1);
    }
}
