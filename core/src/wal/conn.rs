//! One connection's WAL: read snapshots, the write transaction, appending frames.

use std::path::{Path, PathBuf};

use super::file::{read_exact, WalFile};
use super::format::{
    be32, encode_frame, frame_offset, WalHeader, FRAME_HDR_SIZE, NATIVE_BIG_ENDIAN,
};
use super::index::{self, IndexHdr, NREADER, READMARK_NOT_USED};
use super::shm::{lock_read, Shm, LOCK_WRITE};
use crate::error::{codes, Error, Result};

/// Frames in the log after which a commit asks for an automatic checkpoint (SQLite's default
/// `wal_autocheckpoint`).
pub const DEFAULT_AUTOCHECKPOINT: u32 = 1000;

/// Attempts of the read-lock protocol before giving up with `SQLITE_PROTOCOL`/`SQLITE_BUSY`.
const READ_RETRIES: u32 = 100;

/// A position in the log inside a write transaction, for savepoint rollback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalMark {
    mx_frame: u32,
    frame_cksum: [u32; 2],
}

/// The WAL of one connection to one database. See the module header for the protocol.
pub struct Wal {
    pub(super) wal_path: PathBuf,
    pub(super) file: Box<dyn WalFile>,
    pub(super) shm: Shm,
    /// The snapshot (wal-index header) this connection reads; while writing, `mx_frame` and
    /// `frame_cksum` also cover this connection's uncommitted frames.
    pub(super) hdr: IndexHdr,
    /// READ lock held: `Some(0)` = the log is fully backfilled and ignored; `Some(1..=4)` = read
    /// frames `min_frame..=hdr.mx_frame`.
    pub(super) read_lock: Option<usize>,
    pub(super) write_lock: bool,
    pub(super) min_frame: u32,
    /// Checkpoint sequence number for the next WAL header this connection writes.
    pub(super) ckpt_seq: u32,
    /// Page size for a new log (the database's).
    pub(super) page_size: u32,
    /// `PRAGMA wal_autocheckpoint` (0 = off).
    pub autocheckpoint: u32,
    /// Set by a commit that reached `autocheckpoint` frames; cleared by a checkpoint.
    pub(super) ckpt_due: bool,
}

impl Wal {
    /// Opens the WAL of the database at `db_path` (`<db>-wal`, `<db>-shm`, created when
    /// missing) for pages of `page_size` bytes. Reads nothing yet: call [`Wal::begin_read`].
    pub fn open(db_path: &Path, page_size: u32) -> Result<Wal> {
        let mode = db_file_mode(db_path);
        let shm = Shm::open(&suffixed(db_path, "-shm"), mode)?;
        Wal::with_index(db_path, page_size, shm)
    }

    /// Opens the WAL with its index in private heap memory and no `-shm` file (SQLite's
    /// WAL in EXCLUSIVE locking mode). Precondition: the caller holds EXCLUSIVE on the
    /// database file for as long as this WAL is open, so no other connection can use it.
    pub fn open_exclusive(db_path: &Path, page_size: u32) -> Result<Wal> {
        Wal::with_index(db_path, page_size, Shm::open_heap())
    }

    /// Whether the index lives in heap memory (see [`Wal::open_exclusive`]).
    pub fn is_exclusive(&self) -> bool {
        self.shm.is_heap()
    }

    fn with_index(db_path: &Path, page_size: u32, shm: Shm) -> Result<Wal> {
        let wal_path = suffixed(db_path, "-wal");
        let file = open_like_db(&wal_path, db_file_mode(db_path))?;
        let mut wal = Wal {
            wal_path,
            file: Box::new(file),
            shm,
            hdr: IndexHdr::default(),
            read_lock: None,
            write_lock: false,
            min_frame: 1,
            ckpt_seq: 0,
            page_size,
            autocheckpoint: DEFAULT_AUTOCHECKPOINT,
            ckpt_due: false,
        };
        let mut h = [0u8; 32];
        if wal.file.read_at(0, &mut h)? == 32 {
            if let Some(wh) = WalHeader::decode(&h) {
                wal.ckpt_seq = wh.ckpt_seq;
            }
        }
        Ok(wal)
    }

    /// Starts a read transaction on the newest committed snapshot, running recovery first if
    /// the wal-index needs it. Returns true when the database may have changed since this
    /// connection's previous snapshot (the pager then drops its cache). No-op when a read
    /// transaction is already open. `SQLITE_BUSY` when other connections keep the locks.
    pub fn begin_read(&mut self) -> Result<bool> {
        if self.read_lock.is_some() {
            return Ok(false);
        }
        let before = self.hdr;
        if let Err(e) = self.retry_read(false) {
            // Keep the last snapshot's header: it tells the next attempt whether the page
            // cache is still valid.
            self.hdr = before;
            return Err(e);
        }
        Ok(before != self.hdr)
    }

    pub(super) fn retry_read(&mut self, use_wal: bool) -> Result<()> {
        for attempt in 0..READ_RETRIES {
            if self.try_begin_read(use_wal)? {
                return Ok(());
            }
            if attempt > 5 {
                let us = (attempt as u64 - 5).pow(2) * 40;
                std::thread::sleep(std::time::Duration::from_micros(us.min(10_000)));
            }
        }
        Err(Error::from_code(codes::SQLITE_BUSY))
    }

    /// One attempt at the reader protocol. `Ok(false)` = try again. With `use_wal` (a writer
    /// restarting its snapshot) the current header is kept and READ0 is never chosen.
    fn try_begin_read(&mut self, use_wal: bool) -> Result<bool> {
        if !use_wal {
            match index::read_hdr(&self.shm)? {
                Some(h) => self.hdr = h,
                None => {
                    self.recover_if_needed()?;
                    return Ok(false);
                }
            }
        }
        let mx = self.hdr.mx_frame;
        if !use_wal && index::n_backfill(&self.shm)? == mx {
            // Everything in the log is in the database file: read the file alone.
            if self.shm.lock_shared(lock_read(0))? {
                if !index::hdr_unchanged(&self.shm, &self.hdr)? {
                    self.shm.unlock(lock_read(0));
                    return Ok(false);
                }
                self.read_lock = Some(0);
                return Ok(true);
            }
        }
        // Use the read mark with the largest value <= mx; set one to mx when none equals it.
        let (mut mark, mut slot) = (0u32, 0usize);
        for i in 1..NREADER {
            let m = index::read_mark(&self.shm, i)?;
            if mark <= m && m <= mx {
                (mark, slot) = (m, i);
            }
        }
        if slot == 0 || mark < mx {
            for i in 1..NREADER {
                if self.shm.lock_exclusive(lock_read(i))? {
                    index::set_read_mark(&self.shm, i, mx)?;
                    self.shm.unlock(lock_read(i));
                    (mark, slot) = (mx, i);
                    break;
                }
            }
        }
        if slot == 0 || !self.shm.lock_shared(lock_read(slot))? {
            return Ok(false);
        }
        self.min_frame = index::n_backfill(&self.shm)? + 1;
        std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
        if index::read_mark(&self.shm, slot)? != mark
            || (!use_wal && !index::hdr_unchanged(&self.shm, &self.hdr)?)
        {
            self.shm.unlock(lock_read(slot));
            return Ok(false);
        }
        self.read_lock = Some(slot);
        Ok(true)
    }

    /// Rebuilds the wal-index from the log when its header is still bad once WRITE is held.
    /// Returns with nothing held; the caller retries the read protocol either way.
    fn recover_if_needed(&mut self) -> Result<()> {
        let had_write = self.write_lock;
        if !had_write && !self.shm.lock_exclusive(LOCK_WRITE)? {
            return Ok(());
        }
        let r = match index::read_hdr(&self.shm) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => self.recover().map(|_| ()),
            Err(e) => Err(e),
        };
        if !had_write {
            self.shm.unlock(LOCK_WRITE);
        }
        r
    }

    /// Ends the read transaction (and any write transaction).
    pub fn end_read(&mut self) {
        if self.write_lock {
            self.end_write();
        }
        if let Some(i) = self.read_lock.take() {
            self.shm.unlock(lock_read(i));
        }
    }

    /// Whether a read transaction (snapshot) is open.
    pub fn in_read(&self) -> bool {
        self.read_lock.is_some()
    }

    /// Database size in pages of the snapshot, 0 when the log does not say (use the file size).
    pub fn db_size(&self) -> u32 {
        if self.read_lock.is_some() {
            self.hdr.n_page
        } else {
            0
        }
    }

    /// The frame holding the snapshot's version of page `pgno`, or `None` (read the database
    /// file). Precondition: a read transaction is open.
    pub fn find_frame(&self, pgno: u32) -> Result<Option<u32>> {
        match self.read_lock {
            None => Err(Error::misuse()),
            Some(0) => Ok(None),
            Some(_) => index::find(&self.shm, pgno, self.min_frame, self.hdr.mx_frame),
        }
    }

    /// Reads frame `frame`'s page into `buf` (exactly one page long).
    pub fn read_frame(&self, frame: u32, buf: &mut [u8]) -> Result<()> {
        let ps = self.hdr.page_size();
        if frame == 0 || frame > self.hdr.mx_frame || buf.len() != ps as usize {
            return Err(Error::corrupt());
        }
        read_exact(&*self.file, frame_offset(frame, ps) + FRAME_HDR_SIZE, buf)
    }

    /// Reads page `pgno` from the log into `buf` if the snapshot has it there; false = not in
    /// the log.
    pub fn read_page(&self, pgno: u32, buf: &mut [u8]) -> Result<bool> {
        match self.find_frame(pgno)? {
            Some(f) => self.read_frame(f, buf).map(|_| true),
            None => Ok(false),
        }
    }

    /// Starts the write transaction: takes WRITE. `SQLITE_BUSY` if another connection writes;
    /// `SQLITE_BUSY_SNAPSHOT` if the read snapshot is no longer the newest (end the read
    /// transaction and start again). Precondition: a read transaction is open.
    pub fn begin_write(&mut self) -> Result<()> {
        if self.read_lock.is_none() {
            return Err(Error::misuse());
        }
        if self.write_lock {
            return Ok(());
        }
        if !self.shm.lock_exclusive(LOCK_WRITE)? {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        if !index::hdr_unchanged(&self.shm, &self.hdr)? {
            self.shm.unlock(LOCK_WRITE);
            return Err(Error::from_code(codes::SQLITE_BUSY_SNAPSHOT));
        }
        self.write_lock = true;
        index::truncate_after(&self.shm, self.hdr.mx_frame)?;
        Ok(())
    }

    /// Ends the write transaction, discarding frames appended since the last commit.
    pub fn end_write(&mut self) {
        if self.write_lock {
            let _ = self.rollback_write();
            self.shm.unlock(LOCK_WRITE);
            self.write_lock = false;
        }
    }

    /// Forgets the frames of the open write transaction that no commit frame covers.
    pub fn rollback_write(&mut self) -> Result<()> {
        if !self.write_lock {
            return Ok(());
        }
        if let Some(h) = index::read_hdr(&self.shm)? {
            self.hdr = h;
        }
        index::truncate_after(&self.shm, self.hdr.mx_frame)
    }

    /// The current end of this transaction's log, for [`Wal::rollback_to`].
    pub fn mark(&self) -> WalMark {
        WalMark {
            mx_frame: self.hdr.mx_frame,
            frame_cksum: self.hdr.frame_cksum,
        }
    }

    /// Drops frames appended after `mark` (savepoint rollback inside a write transaction).
    pub fn rollback_to(&mut self, mark: WalMark) -> Result<()> {
        if !self.write_lock || mark.mx_frame > self.hdr.mx_frame {
            return Err(Error::misuse());
        }
        self.hdr.mx_frame = mark.mx_frame;
        self.hdr.frame_cksum = mark.frame_cksum;
        index::truncate_after(&self.shm, mark.mx_frame)
    }

    /// Appends one frame per `(pgno, page)` to the log. With `commit_db_size = Some(n)` the
    /// last frame is a commit frame (database size `n` pages after the commit) and the new
    /// snapshot is published to other connections; `sync` fsyncs the log before publishing.
    /// Precondition: [`Wal::begin_write`] succeeded.
    pub fn append_frames(
        &mut self,
        pages: &[(u32, &[u8])],
        commit_db_size: Option<u32>,
        sync: bool,
    ) -> Result<()> {
        if !self.write_lock || pages.is_empty() {
            return Err(Error::misuse());
        }
        if self.read_lock == Some(0) {
            self.restart_log()?;
        }
        if self.hdr.mx_frame == 0 {
            self.write_wal_header(sync)?;
        }
        let ps = self.hdr.page_size();
        if pages
            .iter()
            .any(|(pgno, p)| p.len() != ps as usize || *pgno == 0)
        {
            return Err(Error::misuse());
        }
        let big = self.hdr.big_endian != 0;
        let first = self.hdr.mx_frame + 1;
        let mut buf = Vec::with_capacity(pages.len() * (ps as usize + FRAME_HDR_SIZE as usize));
        let mut ck = self.hdr.frame_cksum;
        for (i, (pgno, page)) in pages.iter().enumerate() {
            let commit = match commit_db_size {
                Some(n) if i + 1 == pages.len() => n,
                _ => 0,
            };
            let (h, c) = encode_frame(*pgno, commit, &self.hdr.salt, big, ck, page);
            ck = c;
            buf.extend_from_slice(&h);
            buf.extend_from_slice(page);
        }
        self.file.write_at(frame_offset(first, ps), &buf)?;
        for (i, (pgno, _)) in pages.iter().enumerate() {
            index::append(&self.shm, first + i as u32, *pgno)?;
        }
        self.hdr.mx_frame = first + pages.len() as u32 - 1;
        self.hdr.frame_cksum = ck;
        if let Some(n) = commit_db_size {
            if sync {
                self.file.sync()?;
            }
            self.hdr.n_page = n;
            self.hdr.change = self.hdr.change.wrapping_add(1);
            index::write_hdr(&self.shm, &mut self.hdr)?;
            self.ckpt_due = self.autocheckpoint > 0 && self.hdr.mx_frame >= self.autocheckpoint;
        }
        Ok(())
    }

    /// True when this connection's last commit left the log at or past the auto-checkpoint
    /// threshold and no checkpoint by this connection has run since (SQLite checkpoints on
    /// the committing connection, once its transaction is over).
    pub fn needs_checkpoint(&self) -> bool {
        self.ckpt_due
    }

    /// Frames in this connection's snapshot of the log.
    pub fn frame_count(&self) -> u32 {
        self.hdr.mx_frame
    }

    /// Writes a fresh WAL header (the log is empty: `mx_frame == 0`).
    fn write_wal_header(&mut self, sync: bool) -> Result<()> {
        if self.ckpt_seq == 0 || self.hdr.salt == [0; 8] {
            self.hdr.salt = random_salt();
        }
        let wh = WalHeader::new(self.page_size, self.ckpt_seq, self.hdr.salt);
        self.file.write_at(0, &wh.encode())?;
        if sync {
            self.file.sync()?;
        }
        self.hdr.set_page_size(self.page_size);
        self.hdr.big_endian = NATIVE_BIG_ENDIAN as u8;
        self.hdr.frame_cksum = wh.cksum;
        Ok(())
    }

    /// A writer whose snapshot ignored the log (READ0): if the log is fully backfilled and no
    /// reader uses it, start it over from frame 1; then take a real read mark.
    fn restart_log(&mut self) -> Result<()> {
        if index::n_backfill(&self.shm)? > 0
            && self
                .shm
                .lock_exclusive_range(lock_read(1)..lock_read(NREADER))?
        {
            let mut hdr = self.hdr;
            let r = self.restart_hdr(&mut hdr);
            self.shm.unlock_range(lock_read(1)..lock_read(NREADER));
            r?;
            self.hdr = hdr;
        }
        self.shm.unlock(lock_read(0));
        self.read_lock = None;
        self.retry_read(true)
    }

    /// Resets the shared state to an empty log generation: new salts, no frames, no backfill.
    /// Caller holds WRITE and READ1..4 exclusive.
    pub(super) fn restart_hdr(&mut self, hdr: &mut IndexHdr) -> Result<()> {
        self.ckpt_seq = self.ckpt_seq.wrapping_add(1);
        hdr.mx_frame = 0;
        let salt1 = be32(&hdr.salt[0..4]).wrapping_add(1);
        hdr.salt[0..4].copy_from_slice(&salt1.to_be_bytes());
        hdr.salt[4..8].copy_from_slice(&random_salt()[4..8]);
        index::write_hdr(&self.shm, hdr)?;
        index::set_n_backfill(&self.shm, 0)?;
        self.shm.store(index::OFF_NBACKFILL_ATTEMPTED, 0)?;
        index::set_read_mark(&self.shm, 1, 0)?;
        for i in 2..NREADER {
            index::set_read_mark(&self.shm, i, READMARK_NOT_USED)?;
        }
        Ok(())
    }
}

impl Drop for Wal {
    fn drop(&mut self) {
        self.end_read();
    }
}

/// Permission bits of the database file (0o644 if it cannot be read).
fn db_file_mode(db_path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(db_path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0o644)
}

/// Opens (creating if needed) a companion file of the database read-write. A new (empty)
/// file gets exactly the database's permission bits, whatever the umask, as SQLite does, so
/// every process that may write the database may also write its `-wal` and `-shm`.
pub(crate) fn open_like_db(path: &Path, mode: u32) -> Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|_| Error::from_code(codes::SQLITE_CANTOPEN))?;
    if let Ok(m) = file.metadata() {
        if m.len() == 0 && m.permissions().mode() & 0o777 != mode {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
        }
    }
    Ok(file)
}

/// The `-wal` file of the database at `db_path`.
pub fn wal_path(db_path: &Path) -> PathBuf {
    suffixed(db_path, "-wal")
}

/// `<db><suffix>`, e.g. `test.db-wal`.
pub(crate) fn suffixed(db_path: &Path, suffix: &str) -> PathBuf {
    let mut s = db_path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Eight unpredictable bytes for a new log generation's salts.
fn random_salt() -> [u8; 8] {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.write_u32(std::process::id());
    h.finish().to_ne_bytes()
}
