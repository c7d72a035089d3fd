//! The byte-file seam under the WAL: the `-wal` file and the database file are reached only
//! through [`WalFile`], so the pager can hand the checkpointer its own database handle (never
//! a second descriptor: closing one would drop the pager's POSIX locks) and tests can plug in
//! faulty files.

use std::fs::File;
use std::os::unix::fs::FileExt;

use crate::error::{codes, Error, Result};

/// Positioned I/O on one file. Implemented for [`std::fs::File`].
pub trait WalFile: Send + Sync {
    /// Reads up to `buf.len()` bytes at `off`; returns how many were read (fewer at end of file).
    fn read_at(&self, off: u64, buf: &mut [u8]) -> Result<usize>;
    /// Writes all of `buf` at `off`, extending the file when needed.
    fn write_at(&self, off: u64, buf: &[u8]) -> Result<()>;
    /// Makes everything written so far durable.
    fn sync(&self) -> Result<()>;
    fn file_size(&self) -> Result<u64>;
    fn set_len(&self, len: u64) -> Result<()>;
}

impl WalFile for File {
    fn read_at(&self, off: u64, buf: &mut [u8]) -> Result<usize> {
        let mut done = 0;
        while done < buf.len() {
            match FileExt::read_at(self, &mut buf[done..], off + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Error::from_code(codes::SQLITE_IOERR_READ)),
            }
        }
        Ok(done)
    }

    fn write_at(&self, off: u64, buf: &[u8]) -> Result<()> {
        self.write_all_at(buf, off)
            .map_err(|_| Error::from_code(codes::SQLITE_IOERR_WRITE))
    }

    fn sync(&self) -> Result<()> {
        self.sync_data()
            .map_err(|_| Error::from_code(codes::SQLITE_IOERR_FSYNC))
    }

    fn file_size(&self) -> Result<u64> {
        self.metadata()
            .map(|m| m.len())
            .map_err(|_| Error::from_code(codes::SQLITE_IOERR_FSTAT))
    }

    fn set_len(&self, len: u64) -> Result<()> {
        File::set_len(self, len).map_err(|_| Error::from_code(codes::SQLITE_IOERR_TRUNCATE))
    }
}

/// Reads exactly `buf.len()` bytes at `off`; a short read is `SQLITE_IOERR_SHORT_READ`.
pub(crate) fn read_exact(f: &dyn WalFile, off: u64, buf: &mut [u8]) -> Result<()> {
    if f.read_at(off, buf)? != buf.len() {
        return Err(Error::from_code(codes::SQLITE_IOERR_SHORT_READ));
    }
    Ok(())
}

/// The pager's database file, seen through the [`WalFile`] seam (for checkpoints).
pub struct VfsDbFile<'a>(pub &'a dyn crate::io::VfsFile);

impl WalFile for VfsDbFile<'_> {
    fn read_at(&self, off: u64, buf: &mut [u8]) -> Result<usize> {
        self.0.read_at(off, buf)
    }
    fn write_at(&self, off: u64, buf: &[u8]) -> Result<()> {
        self.0.write_at(off, buf)
    }
    fn sync(&self) -> Result<()> {
        self.0.sync()
    }
    fn file_size(&self) -> Result<u64> {
        self.0.size()
    }
    fn set_len(&self, len: u64) -> Result<()> {
        self.0.truncate(len)
    }
}
