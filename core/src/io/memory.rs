//! The in-memory backend: named byte vectors with an emulated lock table.
//!
//! Each [`MemVfs`] is its own namespace; handles of one file opened through the same `MemVfs`
//! share bytes and locks, so two pagers on one `MemVfs` behave like two connections to one file.
//! `sync` does nothing (there is nothing to make durable).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::lockstate::LockTable;
use super::{LockLevel, OpenOptions, Vfs, VfsFile};
use crate::error::{codes, Error, Result};

static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);

/// A fresh id for one open handle (shared by the in-memory backends).
pub(crate) fn next_handle_id() -> u64 {
    NEXT_HANDLE.fetch_add(1, Ordering::Relaxed)
}

#[derive(Default)]
struct MemData {
    bytes: Mutex<Vec<u8>>,
    locks: Mutex<LockTable>,
}

/// A namespace of in-memory files.
#[derive(Default, Clone)]
pub struct MemVfs {
    files: Arc<Mutex<HashMap<String, Arc<MemData>>>>,
}

impl MemVfs {
    pub fn new() -> MemVfs {
        MemVfs::default()
    }

    /// A copy of the bytes of `path` (tests).
    pub fn contents(&self, path: &str) -> Option<Vec<u8>> {
        self.files.lock().get(path).map(|d| d.bytes.lock().clone())
    }
}

impl Vfs for MemVfs {
    fn open(&self, path: &str, opts: OpenOptions) -> Result<Box<dyn VfsFile>> {
        let mut files = self.files.lock();
        let data = match files.get(path) {
            Some(d) => d.clone(),
            None if opts.create && !opts.read_only => {
                let d = Arc::new(MemData::default());
                files.insert(path.to_string(), d.clone());
                d
            }
            None => return Err(Error::from_code(codes::SQLITE_CANTOPEN)),
        };
        Ok(Box::new(MemFile {
            id: next_handle_id(),
            data,
            read_only: opts.read_only,
        }))
    }

    fn delete(&self, path: &str) -> Result<()> {
        self.files.lock().remove(path);
        Ok(())
    }

    fn exists(&self, path: &str) -> Result<bool> {
        Ok(self.files.lock().contains_key(path))
    }
}

struct MemFile {
    id: u64,
    data: Arc<MemData>,
    read_only: bool,
}

impl VfsFile for MemFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        Ok(read_vec(&self.data.bytes.lock(), offset, buf))
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<()> {
        if self.read_only {
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        write_vec(&mut self.data.bytes.lock(), offset, buf);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        Ok(())
    }

    fn truncate(&self, size: u64) -> Result<()> {
        self.data.bytes.lock().resize(size as usize, 0);
        Ok(())
    }

    fn size(&self) -> Result<u64> {
        Ok(self.data.bytes.lock().len() as u64)
    }

    fn lock(&self, level: LockLevel) -> Result<()> {
        self.data.locks.lock().lock(self.id, level)
    }

    fn unlock(&self, level: LockLevel) -> Result<()> {
        self.data.locks.lock().unlock(self.id, level);
        Ok(())
    }

    fn check_reserved_lock(&self) -> Result<bool> {
        Ok(self.data.locks.lock().any_reserved())
    }

    fn lock_level(&self) -> LockLevel {
        self.data.locks.lock().level(self.id)
    }
}

impl Drop for MemFile {
    fn drop(&mut self) {
        self.data.locks.lock().unlock(self.id, LockLevel::None);
    }
}

/// Copies bytes of `v` at `offset` into `buf`; returns how many there were.
pub(crate) fn read_vec(v: &[u8], offset: u64, buf: &mut [u8]) -> usize {
    let start = (offset as usize).min(v.len());
    let n = buf.len().min(v.len() - start);
    buf[..n].copy_from_slice(&v[start..start + n]);
    n
}

/// Writes `buf` into `v` at `offset`, growing `v` with zeros when needed.
pub(crate) fn write_vec(v: &mut Vec<u8>, offset: u64, buf: &[u8]) {
    let end = offset as usize + buf.len();
    if v.len() < end {
        v.resize(end, 0);
    }
    v[offset as usize..end].copy_from_slice(buf);
}
