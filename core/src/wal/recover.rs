//! Recovery: rebuilding the wal-index from the `-wal` file.
//!
//! Runs when the index header is bad (new `-shm`, a writer died mid-update). Under WRITE,
//! CKPT and RECOVER (exclusive), the log is scanned from frame 1: each frame must carry the
//! header's salts, a non-zero page number and a checksum that continues the chain. The first
//! frame that fails ends the log; the last commit frame before it is the new `mxFrame`. A torn
//! or garbage tail is therefore never an error, it just is not part of the log.

use super::conn::Wal;
use super::file::WalFile;
use super::format::{decode_frame, frame_offset, WalHeader, FRAME_HDR_SIZE, WAL_VERSION};
use super::index::{self, IndexHdr, NREADER, READMARK_NOT_USED};
use super::shm::{lock_read, LOCK_CKPT, LOCK_RECOVER};
use crate::error::{codes, Error, Result};

impl Wal {
    /// Rebuilds the index. Precondition: WRITE held. `Ok(false)` = CKPT or RECOVER busy.
    pub(super) fn recover(&mut self) -> Result<bool> {
        let had_ckpt = self.shm.holds_exclusive(LOCK_CKPT);
        if !had_ckpt && !self.shm.lock_exclusive(LOCK_CKPT)? {
            return Ok(false);
        }
        if !self.shm.lock_exclusive(LOCK_RECOVER)? {
            if !had_ckpt {
                self.shm.unlock(LOCK_CKPT);
            }
            return Ok(false);
        }
        let r = self.rebuild_index();
        self.shm.unlock(LOCK_RECOVER);
        if !had_ckpt {
            self.shm.unlock(LOCK_CKPT);
        }
        r.map(|_| true)
    }

    fn rebuild_index(&mut self) -> Result<()> {
        let hdr = scan_log(&*self.file, &self.shm, &mut self.ckpt_seq)?;
        let shm = &self.shm;
        index::set_n_backfill(shm, 0)?;
        shm.store(index::OFF_NBACKFILL_ATTEMPTED, hdr.mx_frame)?;
        index::set_read_mark(shm, 0, 0)?;
        for i in 1..NREADER {
            if self.shm.lock_exclusive(lock_read(i))? {
                let m = if i == 1 && hdr.mx_frame > 0 {
                    hdr.mx_frame
                } else {
                    READMARK_NOT_USED
                };
                index::set_read_mark(&self.shm, i, m)?;
                self.shm.unlock(lock_read(i));
            }
        }
        let mut hdr = hdr;
        index::write_hdr(&self.shm, &mut hdr)?;
        Ok(())
    }
}

/// Scans the log, indexing every valid committed frame; returns the header to publish.
fn scan_log(file: &dyn WalFile, shm: &super::shm::Shm, ckpt_seq: &mut u32) -> Result<IndexHdr> {
    let mut hdr = IndexHdr::default();
    let len = file.file_size()?;
    let mut h = [0u8; 32];
    if len < 32 || file.read_at(0, &mut h)? != 32 {
        return Ok(hdr);
    }
    let wh = match WalHeader::decode(&h) {
        Some(wh) => wh,
        None => return Ok(hdr),
    };
    if wh.version != WAL_VERSION {
        return Err(Error::from_code(codes::SQLITE_CANTOPEN));
    }
    *ckpt_seq = wh.ckpt_seq;
    hdr.big_endian = wh.big_endian as u8;
    hdr.set_page_size(wh.page_size);
    hdr.salt = wh.salt;
    hdr.frame_cksum = wh.cksum;
    let ps = wh.page_size as usize;
    let mut buf = vec![0u8; FRAME_HDR_SIZE as usize + ps];
    let mut ck = wh.cksum;
    let mut frame = 1u32;
    while frame_offset(frame, wh.page_size) + buf.len() as u64 <= len {
        if file.read_at(frame_offset(frame, wh.page_size), &mut buf)? != buf.len() {
            break;
        }
        let (fh, page) = buf.split_at(FRAME_HDR_SIZE as usize);
        let fh: &[u8; 24] = fh.try_into().map_err(|_| Error::corrupt())?;
        let Some(f) = decode_frame(fh, page, &wh.salt, wh.big_endian, ck) else {
            break;
        };
        ck = f.cksum;
        index::append(shm, frame, f.pgno)?;
        if f.commit != 0 {
            hdr.mx_frame = frame;
            hdr.n_page = f.commit;
            hdr.frame_cksum = f.cksum;
        }
        frame += 1;
    }
    index::truncate_after(shm, hdr.mx_frame)?;
    Ok(hdr)
}
