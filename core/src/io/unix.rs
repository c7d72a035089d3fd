//! The unix backend: real files, POSIX advisory locks at SQLite's byte offsets.
//!
//! POSIX `fcntl` locks belong to the *process*, not to a file descriptor: two connections of
//! one process never conflict through the kernel, and closing *any* descriptor of a file drops
//! *all* of the process's locks on it. So, like SQLite, we keep one entry per inode for the
//! whole process ([`InodeLocks`]) that records the strongest lock the process holds, how many
//! handles hold SHARED, and the descriptors whose close must wait until no handle holds a lock.
//! In-process conflicts are decided from that entry; cross-process ones by the kernel.
//!
//! Only main and temp database files take locks; journal files' `lock` is a no-op.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::os::unix::io::AsRawFd;
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use super::lockstate::busy;
use super::{
    FileKind, LockLevel, OpenOptions, Vfs, VfsFile, PENDING_BYTE, RESERVED_BYTE, SHARED_FIRST,
    SHARED_SIZE,
};
use crate::error::{codes, Error, Result};

/// The operating system's files.
#[derive(Debug, Default, Clone, Copy)]
pub struct UnixVfs;

impl UnixVfs {
    pub fn new() -> UnixVfs {
        UnixVfs
    }
}

impl Vfs for UnixVfs {
    fn open(&self, path: &str, opts: OpenOptions) -> Result<Box<dyn VfsFile>> {
        if std::path::Path::new(path).is_dir() {
            return Err(Error::from_code(codes::SQLITE_CANTOPEN_ISDIR));
        }
        let open = |write: bool| {
            std::fs::OpenOptions::new()
                .read(true)
                .write(write)
                .create(write && opts.create)
                .open(path)
        };
        // Like SQLite, a file we may not write is opened read-only rather than refused.
        let (file, read_only) = match open(!opts.read_only) {
            Ok(f) => (f, opts.read_only),
            Err(e) if !opts.read_only && e.kind() == std::io::ErrorKind::PermissionDenied => {
                let f = open(false).map_err(|_| Error::from_code(codes::SQLITE_CANTOPEN))?;
                (f, true)
            }
            Err(_) => return Err(Error::from_code(codes::SQLITE_CANTOPEN)),
        };
        if opts.kind == FileKind::MainJournal && !read_only {
            same_permissions_as_database(&file, path);
        }
        let meta = file
            .metadata()
            .map_err(|_| Error::from_code(codes::SQLITE_IOERR_FSTAT))?;
        let key = (meta.dev(), meta.ino());
        let inode = {
            let mut table = inode_table().lock();
            let entry = table.entry(key).or_default().clone();
            entry.lock().refs += 1;
            entry
        };
        Ok(Box::new(UnixFile {
            file: Mutex::new(Some(file)),
            key,
            inode,
            level: Mutex::new(LockLevel::None),
            locking: matches!(opts.kind, FileKind::MainDb | FileKind::TempDb),
            read_only,
        }))
    }

    fn delete(&self, path: &str) -> Result<()> {
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(_) => Err(Error::from_code(codes::SQLITE_IOERR_DELETE)),
        }
    }

    fn exists(&self, path: &str) -> Result<bool> {
        Ok(std::path::Path::new(path).exists())
    }

    fn sync_directory(&self, path: &str) -> Result<()> {
        let dir = match std::path::Path::new(path).parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        // Some filesystems refuse to open or fsync a directory; SQLite ignores that too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Gives a journal the permission bits of its database (as SQLite does, so that another
/// user who may write the database may also roll back its journal). Best effort.
fn same_permissions_as_database(journal: &File, journal_path: &str) {
    use std::os::unix::fs::PermissionsExt;
    let Some(db) = journal_path.strip_suffix("-journal") else {
        return;
    };
    let (Ok(db_meta), Ok(j_meta)) = (std::fs::metadata(db), journal.metadata()) else {
        return;
    };
    let want = db_meta.permissions().mode() & 0o777;
    if j_meta.permissions().mode() & 0o777 != want {
        let _ = journal.set_permissions(std::fs::Permissions::from_mode(want));
    }
}

/// The process-wide lock state of one inode.
#[derive(Default)]
struct InodeLocks {
    /// Strongest lock any handle of this process holds.
    level: LockLevel,
    /// Handles holding SHARED or more.
    shared: u32,
    /// Open handles.
    refs: u32,
    /// Descriptors of closed handles, kept open while `shared > 0` (closing would drop locks).
    pending_close: Vec<File>,
}

type InodeKey = (u64, u64);

fn inode_table() -> &'static Mutex<HashMap<InodeKey, Arc<Mutex<InodeLocks>>>> {
    static TABLE: OnceLock<Mutex<HashMap<InodeKey, Arc<Mutex<InodeLocks>>>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

struct UnixFile {
    /// `None` only while dropping.
    file: Mutex<Option<File>>,
    key: InodeKey,
    inode: Arc<Mutex<InodeLocks>>,
    level: Mutex<LockLevel>,
    locking: bool,
    read_only: bool,
}

/// One `fcntl(F_SETLK)` call. `Ok(false)` when another process holds a conflicting lock.
fn set_lock(file: &File, kind: i32, start: u64, len: u64) -> Result<bool> {
    // SAFETY: `flock` is a plain C struct; all-zero is a valid value before we fill it in.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = kind as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    fl.l_start = start as libc::off_t;
    fl.l_len = len as libc::off_t;
    // SAFETY: the descriptor is open for the life of `file`, and `fl` is a valid flock.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &fl) };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EAGAIN) | Some(libc::EACCES) => Ok(false),
        _ => Err(Error::from_code(codes::SQLITE_IOERR_LOCK)),
    }
}

/// Whether another process holds a lock on `start..start+len` that would block a write lock.
fn is_locked_by_other(file: &File, start: u64, len: u64) -> Result<bool> {
    // SAFETY: as in `set_lock`.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    fl.l_start = start as libc::off_t;
    fl.l_len = len as libc::off_t;
    // SAFETY: the descriptor is open; F_GETLK writes only into `fl`.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut fl) };
    if rc != 0 {
        return Err(Error::from_code(IOERR_CHECKRESERVEDLOCK));
    }
    Ok(fl.l_type != libc::F_UNLCK as libc::c_short)
}

/// `SQLITE_IOERR_CHECKRESERVEDLOCK` (not in `error::codes`).
const IOERR_CHECKRESERVEDLOCK: i32 = codes::SQLITE_IOERR | (14 << 8);

const RD: i32 = libc::F_RDLCK;
const WR: i32 = libc::F_WRLCK;
const UN: i32 = libc::F_UNLCK;

impl UnixFile {
    fn with_file<T>(&self, f: impl FnOnce(&File) -> Result<T>) -> Result<T> {
        match self.file.lock().as_ref() {
            Some(file) => f(file),
            None => Err(Error::from_code(codes::SQLITE_IOERR)),
        }
    }

    /// The lock algorithm of lockingv3.html over the process-wide inode entry.
    fn lock_inner(&self, file: &File, want: LockLevel) -> Result<()> {
        let mut my = self.level.lock();
        let cur = *my;
        if cur >= want {
            return Ok(());
        }
        let mut ino = self.inode.lock();
        // Another handle of this process holds a lock that excludes ours.
        if cur != ino.level && (ino.level >= LockLevel::Pending || want > LockLevel::Shared) {
            return Err(busy());
        }
        // SHARED while the process already reads: count it, no system call.
        if want == LockLevel::Shared
            && (ino.level == LockLevel::Shared || ino.level == LockLevel::Reserved)
        {
            *my = LockLevel::Shared;
            ino.shared += 1;
            return Ok(());
        }
        // PENDING first: readers take it (read) for a moment, writers keep it (write).
        if want == LockLevel::Shared || (want == LockLevel::Exclusive && cur < LockLevel::Pending) {
            let kind = if want == LockLevel::Shared { RD } else { WR };
            if !set_lock(file, kind, PENDING_BYTE, 1)? {
                return Err(busy());
            }
        }
        if want == LockLevel::Shared {
            let ok = set_lock(file, RD, SHARED_FIRST, SHARED_SIZE)?;
            set_lock(file, UN, PENDING_BYTE, 1)?;
            if !ok {
                return Err(busy());
            }
            *my = LockLevel::Shared;
            ino.level = LockLevel::Shared;
            ino.shared += 1;
            return Ok(());
        }
        if want == LockLevel::Exclusive && ino.shared > 1 {
            // Other handles of this process still read.
            *my = LockLevel::Pending;
            ino.level = LockLevel::Pending;
            return Err(busy());
        }
        let ok = match want {
            LockLevel::Reserved => set_lock(file, WR, RESERVED_BYTE, 1)?,
            LockLevel::Exclusive => set_lock(file, WR, SHARED_FIRST, SHARED_SIZE)?,
            _ => true,
        };
        if ok {
            *my = want;
            ino.level = want;
            Ok(())
        } else {
            if want == LockLevel::Exclusive {
                *my = LockLevel::Pending;
                ino.level = LockLevel::Pending;
            }
            Err(busy())
        }
    }

    fn unlock_inner(&self, file: &File, to: LockLevel) -> Result<()> {
        let mut my = self.level.lock();
        if *my <= to {
            return Ok(());
        }
        let mut ino = self.inode.lock();
        if *my > LockLevel::Shared {
            if to == LockLevel::Shared && !set_lock(file, RD, SHARED_FIRST, SHARED_SIZE)? {
                return Err(Error::from_code(codes::SQLITE_IOERR_RDLOCK));
            }
            set_lock(file, UN, PENDING_BYTE, 2)?;
            ino.level = LockLevel::Shared;
        }
        if to == LockLevel::None {
            ino.shared = ino.shared.saturating_sub(1);
            if ino.shared == 0 {
                set_lock(file, UN, 0, 0)?;
                ino.level = LockLevel::None;
                ino.pending_close.clear();
            }
        }
        *my = to;
        Ok(())
    }
}

impl VfsFile for UnixFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.with_file(|f| {
            let mut done = 0;
            while done < buf.len() {
                match f.read_at(&mut buf[done..], offset + done as u64) {
                    Ok(0) => break,
                    Ok(n) => done += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return Err(Error::from_code(codes::SQLITE_IOERR_READ)),
                }
            }
            Ok(done)
        })
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<()> {
        self.with_file(|f| {
            f.write_all_at(buf, offset).map_err(|e| {
                if e.raw_os_error() == Some(libc::ENOSPC) {
                    Error::from_code(codes::SQLITE_FULL)
                } else {
                    Error::from_code(codes::SQLITE_IOERR_WRITE)
                }
            })
        })
    }

    fn sync(&self) -> Result<()> {
        self.with_file(|f| {
            f.sync_data()
                .map_err(|_| Error::from_code(codes::SQLITE_IOERR_FSYNC))
        })
    }

    fn truncate(&self, size: u64) -> Result<()> {
        self.with_file(|f| {
            f.set_len(size)
                .map_err(|_| Error::from_code(codes::SQLITE_IOERR_TRUNCATE))
        })
    }

    fn size(&self) -> Result<u64> {
        self.with_file(|f| {
            f.metadata()
                .map(|m| m.len())
                .map_err(|_| Error::from_code(codes::SQLITE_IOERR_FSTAT))
        })
    }

    fn lock(&self, level: LockLevel) -> Result<()> {
        if !self.locking {
            return Ok(());
        }
        self.with_file(|f| self.lock_inner(f, level))
    }

    fn unlock(&self, level: LockLevel) -> Result<()> {
        if !self.locking {
            return Ok(());
        }
        self.with_file(|f| self.unlock_inner(f, level))
    }

    fn check_reserved_lock(&self) -> Result<bool> {
        if !self.locking {
            return Ok(false);
        }
        if self.inode.lock().level > LockLevel::Shared {
            return Ok(true);
        }
        self.with_file(|f| is_locked_by_other(f, RESERVED_BYTE, 1))
    }

    fn lock_level(&self) -> LockLevel {
        *self.level.lock()
    }

    fn is_read_only(&self) -> bool {
        self.read_only
    }
}

impl Drop for UnixFile {
    fn drop(&mut self) {
        let Some(file) = self.file.lock().take() else {
            return;
        };
        if self.locking {
            let _ = self.unlock_inner(&file, LockLevel::None);
        }
        let mut table = inode_table().lock();
        let mut ino = self.inode.lock();
        ino.refs = ino.refs.saturating_sub(1);
        if ino.shared > 0 {
            // Closing now would drop the other handles' locks.
            ino.pending_close.push(file);
        } else {
            drop(file);
        }
        if ino.refs == 0 && ino.pending_close.is_empty() {
            table.remove(&self.key);
        }
    }
}
