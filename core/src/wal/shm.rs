//! The `-shm` file: shared memory mapped by every connection, and the WAL locks on it.
//!
//! The file is mapped in 32 KiB regions (`MAP_SHARED`), grown on demand. Cross-process
//! exclusion uses POSIX `fcntl` byte-range locks, exactly where SQLite's unix VFS puts them:
//!
//! | byte | lock |
//! |-----:|------|
//! | 120 | WRITE |
//! | 121 | CKPT |
//! | 122 | RECOVER |
//! | 123..=127 | READ0..READ4 |
//! | 128 | DMS ("dead man switch": shared while attached; exclusive = sole user) |
//!
//! POSIX locks belong to a process, and closing *any* descriptor of a file drops them all, so
//! one [`ShmNode`] (one descriptor, one set of mappings) is shared by every connection of this
//! process to the same database, found through a process-wide registry. The node keeps an
//! in-process lock table so that two connections of one process exclude each other too; the
//! `fcntl` lock is taken by the first in-process holder and released by the last.
//!
//! The first process to attach (it can take DMS exclusively) truncates the file, which forces
//! a recovery from the `-wal` file: a stale `-shm` left by a crash is never trusted.
//!
//! All reads and writes of the mapping go through atomics ([`Shm::u32_at`]), because other
//! processes change the memory underneath us.

use std::collections::HashMap;
use std::fs::File;
use std::mem::ManuallyDrop;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use parking_lot::Mutex;

use crate::error::{codes, Error, Result};

/// Size of one mapped region of the `-shm` file.
pub(crate) const REGION_SIZE: usize = 32768;
/// Number of WAL locks (WRITE, CKPT, RECOVER, READ0..4).
pub(crate) const NLOCK: usize = 8;
pub(crate) const LOCK_WRITE: usize = 0;
pub(crate) const LOCK_CKPT: usize = 1;
pub(crate) const LOCK_RECOVER: usize = 2;
/// Lock index of READ`i`.
pub(crate) const fn lock_read(i: usize) -> usize {
    3 + i
}
const LOCK_BASE: i64 = 120;
const DMS_BYTE: i64 = 128;

/// One mapped region; unmapped when the node drops.
struct Region(*mut u8);

// SAFETY: the pointer is a MAP_SHARED mapping owned by the node for its whole life; every access
// goes through atomic types, so sharing it between threads is sound.
unsafe impl Send for Region {}
// SAFETY: as above.
unsafe impl Sync for Region {}

#[derive(Default)]
struct LockTable {
    shared: [u32; NLOCK],
    exclusive: [bool; NLOCK],
}

/// The per-process state of one `-shm` file, or of a private heap-memory index (SQLite's
/// exclusive-locking-mode WAL: `file` is `None`, no locks are needed beyond this process).
pub(crate) struct ShmNode {
    file: Option<File>,
    path: PathBuf,
    regions: Mutex<Vec<Region>>,
    locks: Mutex<LockTable>,
    /// Set by the last connection when it may delete the file on close.
    delete_on_drop: Mutex<bool>,
}

impl Drop for ShmNode {
    fn drop(&mut self) {
        for r in self.regions.get_mut().drain(..) {
            // SAFETY: r.0 came from a successful mmap of REGION_SIZE bytes and no reference
            // into it outlives the node (Shm borrows the node).
            unsafe {
                libc::munmap(r.0 as *mut libc::c_void, REGION_SIZE);
            }
        }
        if *self.delete_on_drop.get_mut() && self.file.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
        // Closing `file` releases this process's fcntl locks, DMS included.
    }
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Weak<ShmNode>>> {
    static REG: OnceLock<Mutex<HashMap<PathBuf, Weak<ShmNode>>>> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(HashMap::new()))
}

fn next_conn_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Held {
    None,
    Shared,
    Exclusive,
}

/// One connection's handle on the shared `-shm` node, with the locks this connection holds.
pub(crate) struct Shm {
    /// Dropped by hand in `Drop`, under the registry lock (see there).
    node: ManuallyDrop<Arc<ShmNode>>,
    held: [Held; NLOCK],
    #[allow(dead_code)]
    id: u64,
}

/// `fcntl(F_SETLK)` on one byte. `Ok(false)` when another process holds a conflicting lock.
fn fcntl_lock(file: &File, byte: i64, kind: libc::c_int) -> Result<bool> {
    // SAFETY: flock is plain old data; zeroed is a valid value for every field.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = kind as _;
    fl.l_whence = libc::SEEK_SET as _;
    fl.l_start = byte as _;
    fl.l_len = 1;
    // SAFETY: valid descriptor and a pointer to an initialised flock.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLK, &fl) };
    if rc == 0 {
        return Ok(true);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EAGAIN) | Some(libc::EACCES) => Ok(false),
        _ => Err(Error::from_code(codes::SQLITE_IOERR_LOCK)),
    }
}

/// `fcntl(F_GETLK)`: the type of lock another process holds on `byte` (F_UNLCK when none).
fn fcntl_probe(file: &File, byte: i64) -> Result<libc::c_int> {
    // SAFETY: as in fcntl_lock.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as _;
    fl.l_whence = libc::SEEK_SET as _;
    fl.l_start = byte as _;
    fl.l_len = 1;
    // SAFETY: valid descriptor; F_GETLK writes into fl.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut fl) };
    if rc != 0 {
        return Err(Error::from_code(codes::SQLITE_IOERR_LOCK));
    }
    Ok(fl.l_type as libc::c_int)
}

/// Makes `file` at least `end` bytes long without ever shrinking it or overwriting bytes
/// another process may have written (`posix_fallocate` where the OS has it).
fn grow_to(file: &File, end: i64) -> Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    {
        // SAFETY: valid descriptor; plain integer arguments.
        if unsafe { libc::posix_fallocate(file.as_raw_fd(), 0, end as _) } == 0 {
            return Ok(());
        }
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if (len as i64) < end && file.set_len(end as u64).is_err() {
        return Err(Error::from_code(codes::SQLITE_IOERR_SHMSIZE));
    }
    Ok(())
}

impl ShmNode {
    /// Opens (or finds this process's) node for `path`, attaching with the DMS protocol.
    fn attach(path: &Path, mode: u32) -> Result<Arc<ShmNode>> {
        let mut reg = registry().lock();
        if let Some(node) = reg.get(path).and_then(Weak::upgrade) {
            return Ok(node);
        }
        let file = super::conn::open_like_db(path, mode)?;
        match fcntl_probe(&file, DMS_BYTE)? {
            l if l == libc::F_UNLCK => {
                // Nobody else attached: take DMS exclusively and reset the index.
                if !fcntl_lock(&file, DMS_BYTE, libc::F_WRLCK)? {
                    return Err(Error::from_code(codes::SQLITE_BUSY));
                }
                file.set_len(0)
                    .map_err(|_| Error::from_code(codes::SQLITE_IOERR_SHMOPEN))?;
            }
            l if l == libc::F_WRLCK => return Err(Error::from_code(codes::SQLITE_BUSY)),
            _ => {}
        }
        if !fcntl_lock(&file, DMS_BYTE, libc::F_RDLCK)? {
            return Err(Error::from_code(codes::SQLITE_BUSY));
        }
        let node = Arc::new(ShmNode {
            file: Some(file),
            path: path.to_path_buf(),
            regions: Mutex::new(Vec::new()),
            locks: Mutex::new(LockTable::default()),
            delete_on_drop: Mutex::new(false),
        });
        reg.insert(path.to_path_buf(), Arc::downgrade(&node));
        Ok(node)
    }

    /// Maps regions up to and including `n`, growing the file as needed.
    fn map_through(&self, n: usize) -> Result<()> {
        let mut regions = self.regions.lock();
        let Some(file) = &self.file else {
            while regions.len() <= n {
                // SAFETY: a fresh private anonymous mapping; the result is checked.
                let p = unsafe {
                    libc::mmap(
                        std::ptr::null_mut(),
                        REGION_SIZE,
                        libc::PROT_READ | libc::PROT_WRITE,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                        -1,
                        0,
                    )
                };
                if p == libc::MAP_FAILED {
                    return Err(Error::from_code(codes::SQLITE_IOERR_SHMMAP));
                }
                regions.push(Region(p as *mut u8));
            }
            return Ok(());
        };
        while regions.len() <= n {
            let i = regions.len();
            let end = ((i + 1) * REGION_SIZE) as i64;
            grow_to(file, end)?;
            // SAFETY: mapping REGION_SIZE bytes of a file at least that long, shared and
            // read-write; the result is checked against MAP_FAILED.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    REGION_SIZE,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_SHARED,
                    file.as_raw_fd(),
                    (i * REGION_SIZE) as libc::off_t,
                )
            };
            if p == libc::MAP_FAILED {
                return Err(Error::from_code(codes::SQLITE_IOERR_SHMMAP));
            }
            regions.push(Region(p as *mut u8));
        }
        Ok(())
    }

    /// The process-level lock on `byte` (always granted for a heap index).
    fn os_lock(&self, byte: i64, kind: libc::c_int) -> Result<bool> {
        match &self.file {
            Some(f) => fcntl_lock(f, byte, kind),
            None => Ok(true),
        }
    }

    fn ptr(&self, off: usize) -> Result<*mut u8> {
        let r = off / REGION_SIZE;
        self.map_through(r)?;
        let regions = self.regions.lock();
        // SAFETY: off % REGION_SIZE < REGION_SIZE, inside the mapping of region r.
        Ok(unsafe { regions[r].0.add(off % REGION_SIZE) })
    }
}

impl Shm {
    /// Attaches to the `-shm` file at `path` (created with permission bits `mode`).
    pub(crate) fn open(path: &Path, mode: u32) -> Result<Shm> {
        // Another process may be between its DMS probe and its DMS lock: retry briefly.
        let mut tries = 0;
        let node = loop {
            match ShmNode::attach(path, mode) {
                Err(e) if e.code() == codes::SQLITE_BUSY && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                r => break r?,
            }
        };
        Ok(Shm {
            node: ManuallyDrop::new(node),
            held: [Held::None; NLOCK],
            id: next_conn_id(),
        })
    }

    /// A private index in heap memory, for a connection that holds the database file
    /// EXCLUSIVE (no other process may use the WAL, so no `-shm` file is needed).
    pub(crate) fn open_heap() -> Shm {
        let node = Arc::new(ShmNode {
            file: None,
            path: PathBuf::new(),
            regions: Mutex::new(Vec::new()),
            locks: Mutex::new(LockTable::default()),
            delete_on_drop: Mutex::new(false),
        });
        Shm {
            node: ManuallyDrop::new(node),
            held: [Held::None; NLOCK],
            id: next_conn_id(),
        }
    }

    /// Whether this is a heap-memory index (no `-shm` file).
    pub(crate) fn is_heap(&self) -> bool {
        self.node.file.is_none()
    }

    /// The shared 32-bit word at byte `off` (4-aligned).
    pub(crate) fn u32_at(&self, off: usize) -> Result<&AtomicU32> {
        debug_assert!(off.is_multiple_of(4));
        let p = self.node.ptr(off)?;
        // SAFETY: p is 4-aligned (mmap is page aligned, off is 4-aligned) and stays mapped as
        // long as the node, which self borrows; shared memory is only accessed atomically.
        Ok(unsafe { &*(p as *const AtomicU32) })
    }

    /// The shared 16-bit word at byte `off` (2-aligned).
    pub(crate) fn u16_at(&self, off: usize) -> Result<&AtomicU16> {
        debug_assert!(off.is_multiple_of(2));
        let p = self.node.ptr(off)?;
        // SAFETY: as in u32_at, with 2-byte alignment.
        Ok(unsafe { &*(p as *const AtomicU16) })
    }

    pub(crate) fn load(&self, off: usize) -> Result<u32> {
        Ok(self.u32_at(off)?.load(Ordering::Acquire))
    }

    pub(crate) fn store(&self, off: usize, v: u32) -> Result<()> {
        self.u32_at(off)?.store(v, Ordering::Release);
        Ok(())
    }

    /// True when this connection holds lock `i` exclusively.
    pub(crate) fn holds_exclusive(&self, i: usize) -> bool {
        self.held[i] == Held::Exclusive
    }

    /// Takes lock `i` shared. `Ok(false)` = busy.
    pub(crate) fn lock_shared(&mut self, i: usize) -> Result<bool> {
        if self.held[i] != Held::None {
            return Ok(self.held[i] == Held::Shared);
        }
        let mut t = self.node.locks.lock();
        if t.exclusive[i] {
            return Ok(false);
        }
        if t.shared[i] == 0 && !self.node.os_lock(LOCK_BASE + i as i64, libc::F_RDLCK)? {
            return Ok(false);
        }
        t.shared[i] += 1;
        self.held[i] = Held::Shared;
        Ok(true)
    }

    /// Takes lock `i` exclusive. `Ok(false)` = busy (including when this connection holds it
    /// shared).
    pub(crate) fn lock_exclusive(&mut self, i: usize) -> Result<bool> {
        if self.held[i] == Held::Exclusive {
            return Ok(true);
        }
        let mut t = self.node.locks.lock();
        if t.exclusive[i] || t.shared[i] > 0 {
            return Ok(false);
        }
        if !self.node.os_lock(LOCK_BASE + i as i64, libc::F_WRLCK)? {
            return Ok(false);
        }
        t.exclusive[i] = true;
        self.held[i] = Held::Exclusive;
        Ok(true)
    }

    /// Releases lock `i` if held.
    pub(crate) fn unlock(&mut self, i: usize) {
        let mut t = self.node.locks.lock();
        let release = match self.held[i] {
            Held::None => return,
            Held::Shared => {
                t.shared[i] -= 1;
                t.shared[i] == 0
            }
            Held::Exclusive => {
                t.exclusive[i] = false;
                true
            }
        };
        if release {
            let _ = self.node.os_lock(LOCK_BASE + i as i64, libc::F_UNLCK);
        }
        self.held[i] = Held::None;
    }

    /// Takes locks `range` exclusive, all or none.
    pub(crate) fn lock_exclusive_range(&mut self, range: std::ops::Range<usize>) -> Result<bool> {
        for i in range.clone() {
            if !self.lock_exclusive(i)? {
                for j in range.start..i {
                    self.unlock(j);
                }
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub(crate) fn unlock_range(&mut self, range: std::ops::Range<usize>) {
        for i in range {
            self.unlock(i);
        }
    }

    /// True when this connection is the only user of the `-shm` file, in this process and in
    /// every other: no other in-process handle and DMS can be taken exclusively. On success
    /// DMS stays exclusive (blocking newcomers) until the node is dropped.
    pub(crate) fn try_become_sole_user(&mut self) -> Result<bool> {
        let reg = registry().lock();
        if Arc::strong_count(&self.node) != 1 {
            return Ok(false);
        }
        let ok = self.node.os_lock(DMS_BYTE, libc::F_WRLCK)?;
        drop(reg);
        Ok(ok)
    }

    /// Deletes the `-shm` file when the node is dropped (only after `try_become_sole_user`).
    pub(crate) fn delete_on_close(&self) {
        *self.node.delete_on_drop.lock() = true;
    }
}

impl Drop for Shm {
    fn drop(&mut self) {
        for i in 0..NLOCK {
            self.unlock(i);
        }
        // The last handle removes the registry entry and closes the node's descriptor while
        // holding the registry lock: were a concurrent attach to open a second descriptor
        // first, closing ours would silently drop that new node's POSIX locks.
        let mut reg = registry().lock();
        if Arc::strong_count(&self.node) == 1 && !self.is_heap() {
            reg.remove(&self.node.path);
        }
        // SAFETY: self.node is never used after this line.
        unsafe { ManuallyDrop::drop(&mut self.node) };
        drop(reg);
    }
}
