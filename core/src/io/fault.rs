//! The fault-injecting backend (tests only in spirit, public so integration tests can use it).
//!
//! Model. Every file has a *durable* image (what survives a power loss) and a *current* image
//! (what readers see), plus the list of writes and truncates made since the last `sync`.
//! `sync` makes the current image durable. File creation and deletion are durable at once
//! (SQLite's commit protocol does not rely on directory syncs for correctness in DELETE mode).
//!
//! Faults:
//! - `crash_after`: after that many mutating operations (write, sync, truncate, delete) the
//!   "process dies": that operation and every later one fails with `SQLITE_IOERR`.
//!   [`FaultVfs::recover`] then builds each file's after-crash image: the durable image with a
//!   random subset of the unsynced operations replayed in order, one of them possibly torn
//!   (only a prefix of 512-byte sectors written). All locks are dropped, as on process exit.
//! - `fail_reads_after` / `fail_writes_after`: that many reads / writes succeed, then every one
//!   fails with `SQLITE_IOERR_READ` / `SQLITE_IOERR_WRITE` (the file is untouched).

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;

use super::lockstate::LockTable;
use super::memory::{next_handle_id, read_vec, write_vec};
use super::{LockLevel, OpenOptions, Vfs, VfsFile};
use crate::error::{codes, Error, Result};

/// Which faults to inject; `None` disables one.
#[derive(Debug, Clone, Default)]
pub struct FaultConfig {
    pub crash_after: Option<u64>,
    pub fail_reads_after: Option<u64>,
    pub fail_writes_after: Option<u64>,
}

#[derive(Debug, Clone)]
enum Unsynced {
    Write(u64, Vec<u8>),
    Truncate(u64),
}

#[derive(Default)]
struct FileImage {
    durable: Vec<u8>,
    current: Vec<u8>,
    unsynced: Vec<Unsynced>,
    locks: LockTable,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Arc<Mutex<FileImage>>>,
    config: FaultConfig,
    mutations: u64,
    reads: u64,
    writes: u64,
    crashed: bool,
    /// Bumped by `recover`: handles of an older generation belong to the dead process.
    generation: u64,
    /// Every mutating operation, as `"write <file> <offset> <len>"`, `"sync <file>"`,
    /// `"truncate <file> <len>"`, `"delete <file>"`.
    log: Vec<String>,
}

/// A namespace of in-memory files that can crash, tear writes and fail.
#[derive(Clone, Default)]
pub struct FaultVfs {
    state: Arc<Mutex<State>>,
}

impl FaultVfs {
    pub fn new() -> FaultVfs {
        FaultVfs::default()
    }

    /// Replaces the fault configuration and resets the operation counters.
    pub fn configure(&self, config: FaultConfig) {
        let mut st = self.state.lock();
        st.config = config;
        st.mutations = 0;
        st.log.clear();
        st.reads = 0;
        st.writes = 0;
    }

    /// Whether the simulated process has died.
    pub fn crashed(&self) -> bool {
        self.state.lock().crashed
    }

    /// Number of mutating operations so far (to size a crash-point search).
    pub fn mutations(&self) -> u64 {
        self.state.lock().mutations
    }

    /// The mutating operations so far (see `State::log`), to check the order of a commit.
    pub fn log(&self) -> Vec<String> {
        self.state.lock().log.clone()
    }

    /// Simulates the restart after a crash (or a power loss, when called without one):
    /// every file becomes its durable image plus a random subset (chosen by `seed`) of its
    /// unsynced operations, one possibly torn. Old handles stop working; locks are dropped.
    pub fn recover(&self, seed: u64) {
        let mut st = self.state.lock();
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for img in st.files.values() {
            let mut img = img.lock();
            let mut v = img.durable.clone();
            for op in &img.unsynced {
                match rng.next() % 4 {
                    0 => continue,
                    1 => {
                        if let Unsynced::Write(off, data) = op {
                            let sectors = data.len().div_ceil(512);
                            let keep = (rng.next() as usize % sectors.max(1)) * 512;
                            write_vec(&mut v, *off, &data[..keep.min(data.len())]);
                            continue;
                        }
                    }
                    _ => {}
                }
                match op {
                    Unsynced::Write(off, data) => write_vec(&mut v, *off, data),
                    Unsynced::Truncate(n) => v.resize(*n as usize, 0),
                }
            }
            img.durable = v.clone();
            img.current = v;
            img.unsynced.clear();
            img.locks = LockTable::default();
        }
        st.crashed = false;
        st.config = FaultConfig::default();
        st.generation += 1;
    }

    /// A copy of the current bytes of `path`.
    pub fn contents(&self, path: &str) -> Option<Vec<u8>> {
        let st = self.state.lock();
        st.files.get(path).map(|f| f.lock().current.clone())
    }

    /// Counts (and logs) a mutating operation; fails when the process is (or now becomes)
    /// dead.
    fn mutate(&self, generation: u64, what: impl FnOnce() -> String) -> Result<()> {
        let mut st = self.state.lock();
        st.log.push(what());
        if st.crashed || st.generation != generation {
            return Err(Error::from_code(codes::SQLITE_IOERR));
        }
        st.mutations += 1;
        if let Some(n) = st.config.crash_after {
            if st.mutations > n {
                st.crashed = true;
                return Err(Error::from_code(codes::SQLITE_IOERR));
            }
        }
        Ok(())
    }

    fn check_alive(&self, generation: u64) -> Result<()> {
        let st = self.state.lock();
        if st.crashed || st.generation != generation {
            return Err(Error::from_code(codes::SQLITE_IOERR));
        }
        Ok(())
    }
}

impl Vfs for FaultVfs {
    fn open(&self, path: &str, opts: OpenOptions) -> Result<Box<dyn VfsFile>> {
        let mut st = self.state.lock();
        if st.crashed {
            return Err(Error::from_code(codes::SQLITE_CANTOPEN));
        }
        let img = match st.files.get(path) {
            Some(f) => f.clone(),
            None if opts.create && !opts.read_only => {
                let f = Arc::new(Mutex::new(FileImage::default()));
                st.files.insert(path.to_string(), f.clone());
                f
            }
            None => return Err(Error::from_code(codes::SQLITE_CANTOPEN)),
        };
        Ok(Box::new(FaultFile {
            name: path.to_string(),
            vfs: self.clone(),
            img,
            id: next_handle_id(),
            generation: st.generation,
        }))
    }

    fn delete(&self, path: &str) -> Result<()> {
        let generation = self.state.lock().generation;
        self.mutate(generation, || format!("delete {path}"))?;
        self.state.lock().files.remove(path);
        Ok(())
    }

    fn exists(&self, path: &str) -> Result<bool> {
        Ok(self.state.lock().files.contains_key(path))
    }
}

struct FaultFile {
    name: String,
    vfs: FaultVfs,
    img: Arc<Mutex<FileImage>>,
    id: u64,
    generation: u64,
}

impl VfsFile for FaultFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.vfs.check_alive(self.generation)?;
        {
            let mut st = self.vfs.state.lock();
            st.reads += 1;
            if st.config.fail_reads_after.is_some_and(|n| st.reads > n) {
                return Err(Error::from_code(codes::SQLITE_IOERR_READ));
            }
        }
        Ok(read_vec(&self.img.lock().current, offset, buf))
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<()> {
        {
            let mut st = self.vfs.state.lock();
            st.writes += 1;
            if st.config.fail_writes_after.is_some_and(|n| st.writes > n) {
                return Err(Error::from_code(codes::SQLITE_IOERR_WRITE));
            }
        }
        self.vfs.mutate(self.generation, || {
            format!("write {} {} {}", self.name, offset, buf.len())
        })?;
        let mut img = self.img.lock();
        write_vec(&mut img.current, offset, buf);
        img.unsynced.push(Unsynced::Write(offset, buf.to_vec()));
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        self.vfs
            .mutate(self.generation, || format!("sync {}", self.name))?;
        let mut img = self.img.lock();
        img.durable = img.current.clone();
        img.unsynced.clear();
        Ok(())
    }

    fn truncate(&self, size: u64) -> Result<()> {
        self.vfs.mutate(self.generation, || {
            format!("truncate {} {}", self.name, size)
        })?;
        let mut img = self.img.lock();
        img.current.resize(size as usize, 0);
        img.unsynced.push(Unsynced::Truncate(size));
        Ok(())
    }

    fn size(&self) -> Result<u64> {
        self.vfs.check_alive(self.generation)?;
        Ok(self.img.lock().current.len() as u64)
    }

    fn lock(&self, level: LockLevel) -> Result<()> {
        self.vfs.check_alive(self.generation)?;
        self.img.lock().locks.lock(self.id, level)
    }

    fn unlock(&self, level: LockLevel) -> Result<()> {
        if self.vfs.check_alive(self.generation).is_ok() {
            self.img.lock().locks.unlock(self.id, level);
        }
        Ok(())
    }

    fn check_reserved_lock(&self) -> Result<bool> {
        self.vfs.check_alive(self.generation)?;
        Ok(self.img.lock().locks.any_reserved())
    }

    fn lock_level(&self) -> LockLevel {
        self.img.lock().locks.level(self.id)
    }
}

impl Drop for FaultFile {
    fn drop(&mut self) {
        if self.vfs.state.lock().generation == self.generation {
            self.img.lock().locks.unlock(self.id, LockLevel::None);
        }
    }
}

/// xorshift64: a small deterministic generator for crash choices.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}
