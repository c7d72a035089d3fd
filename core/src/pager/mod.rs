//! Pager: pages of the database file, the page cache, transactions, journal and locks.
//!
//! PROVISIONAL: this is the minimal pager the other layers are written against. It keeps every
//! page in memory and writes dirty pages straight to the file on commit, with no journal and no
//! locks. The pager work replaces the inside (bounded cache, rollback journal, WAL, POSIX locks)
//! and keeps the API below.
//!
//! API contract (used by `btree/` and `vdbe/`):
//! - Page numbers are 1-based ([`PageNo`]); page 1 starts with the 100-byte database header.
//! - [`Pager::get`] returns a shared [`PageRef`]; read its bytes with `page.data()`.
//! - Before changing a page, call [`Pager::make_writable`]; then `page.data_mut()`.
//! - [`Pager::allocate`] returns a zeroed, writable page (from the freelist or the end of file);
//!   [`Pager::free`] puts a page on the freelist. The freelist and the header's page count
//!   belong to the pager.
//! - Writes happen only between [`Pager::begin_write`] and [`Pager::commit`]/[`Pager::rollback`].

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::{codes, Error, Result};

pub type PageNo = u32;

/// One page's bytes, shared between the cache and the cursors that read it.
#[derive(Debug)]
pub struct Page {
    pgno: PageNo,
    data: RwLock<Vec<u8>>,
}

pub type PageRef = Arc<Page>;

impl Page {
    pub fn pgno(&self) -> PageNo {
        self.pgno
    }
    pub fn data(&self) -> RwLockReadGuard<'_, Vec<u8>> {
        self.data.read()
    }
    /// Mutable bytes. The caller must have called [`Pager::make_writable`] in this transaction.
    pub fn data_mut(&self) -> RwLockWriteGuard<'_, Vec<u8>> {
        self.data.write()
    }
}

/// Options fixed when a pager opens its file.
#[derive(Debug, Clone)]
pub struct PagerOptions {
    pub read_only: bool,
    pub create: bool,
    /// Page size for a new database.
    pub page_size: usize,
}

impl Default for PagerOptions {
    fn default() -> Self {
        PagerOptions {
            read_only: false,
            create: true,
            page_size: 4096,
        }
    }
}

struct State {
    file: Option<std::fs::File>,
    page_size: usize,
    page_count: PageNo,
    cache: HashMap<PageNo, PageRef>,
    dirty: Vec<PageNo>,
    in_write: bool,
}

/// The pager of one connection to one database file (or `:memory:` when `path` is `None`).
pub struct Pager {
    state: Mutex<State>,
    read_only: bool,
}

impl Pager {
    /// Opens `path` (`None` for an in-memory database).
    pub fn open(path: Option<&str>, opts: &PagerOptions) -> Result<Pager> {
        let mut page_size = opts.page_size;
        let mut page_count = 0;
        let file = match path {
            None => None,
            Some(p) => {
                let f = std::fs::OpenOptions::new()
                    .read(true)
                    .write(!opts.read_only)
                    .create(opts.create && !opts.read_only)
                    .open(p)
                    .map_err(|_| Error::from_code(codes::SQLITE_CANTOPEN))?;
                let len = f.metadata()?.len();
                if len >= 100 {
                    let mut hdr = [0u8; 100];
                    read_at(&f, 0, &mut hdr)?;
                    if &hdr[..16] != b"SQLite format 3\0" {
                        return Err(Error::from_code(codes::SQLITE_NOTADB));
                    }
                    let ps = u16::from_be_bytes([hdr[16], hdr[17]]) as usize;
                    page_size = if ps == 1 { 65536 } else { ps };
                    page_count = (len / page_size as u64) as PageNo;
                } else if len > 0 {
                    return Err(Error::from_code(codes::SQLITE_NOTADB));
                }
                Some(f)
            }
        };
        Ok(Pager {
            state: Mutex::new(State {
                file,
                page_size,
                page_count,
                cache: HashMap::new(),
                dirty: Vec::new(),
                in_write: false,
            }),
            read_only: opts.read_only,
        })
    }

    pub fn page_size(&self) -> usize {
        self.state.lock().page_size
    }

    /// Usable bytes per page (page size less the header's reserved bytes).
    pub fn usable_size(&self) -> usize {
        self.page_size()
    }

    /// Pages in the database, 0 for a new empty file.
    pub fn page_count(&self) -> PageNo {
        self.state.lock().page_count
    }

    pub fn get(&self, pgno: PageNo) -> Result<PageRef> {
        let mut st = self.state.lock();
        if pgno == 0 || pgno > st.page_count {
            return Err(Error::corrupt());
        }
        if let Some(p) = st.cache.get(&pgno) {
            return Ok(p.clone());
        }
        let mut buf = vec![0u8; st.page_size];
        if let Some(f) = &st.file {
            read_at(f, (pgno as u64 - 1) * st.page_size as u64, &mut buf)?;
        }
        let page = Arc::new(Page {
            pgno,
            data: RwLock::new(buf),
        });
        st.cache.insert(pgno, page.clone());
        Ok(page)
    }

    pub fn begin_read(&self) -> Result<()> {
        Ok(())
    }

    pub fn end_read(&self) {}

    pub fn begin_write(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::from_code(codes::SQLITE_READONLY));
        }
        self.state.lock().in_write = true;
        Ok(())
    }

    pub fn make_writable(&self, page: &PageRef) -> Result<()> {
        let mut st = self.state.lock();
        if !st.in_write {
            return Err(Error::misuse());
        }
        if !st.dirty.contains(&page.pgno) {
            st.dirty.push(page.pgno);
        }
        Ok(())
    }

    /// A new zeroed page at the end of the file, already writable.
    pub fn allocate(&self) -> Result<PageRef> {
        let mut st = self.state.lock();
        if !st.in_write {
            return Err(Error::misuse());
        }
        st.page_count += 1;
        let pgno = st.page_count;
        let page = Arc::new(Page {
            pgno,
            data: RwLock::new(vec![0u8; st.page_size]),
        });
        st.cache.insert(pgno, page.clone());
        st.dirty.push(pgno);
        Ok(page)
    }

    /// Returns a page to the freelist. (Provisional pager: the page is simply zeroed.)
    pub fn free(&self, page: PageRef) -> Result<()> {
        self.make_writable(&page)?;
        page.data_mut().fill(0);
        Ok(())
    }

    pub fn commit(&self) -> Result<()> {
        let mut st = self.state.lock();
        let dirty = std::mem::take(&mut st.dirty);
        if let Some(f) = &st.file {
            for pgno in dirty {
                let page = st.cache[&pgno].clone();
                write_at(f, (pgno as u64 - 1) * st.page_size as u64, &page.data())?;
            }
            f.sync_all()?;
        }
        st.in_write = false;
        Ok(())
    }

    pub fn rollback(&self) -> Result<()> {
        let mut st = self.state.lock();
        st.dirty.clear();
        st.cache.clear();
        st.in_write = false;
        Err(Error::sql("provisional pager cannot roll back"))
    }
}

fn read_at(f: &std::fs::File, off: u64, buf: &mut [u8]) -> Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, off)
        .map_err(|_| Error::from_code(codes::SQLITE_IOERR_SHORT_READ))
}

fn write_at(f: &std::fs::File, off: u64, buf: &[u8]) -> Result<()> {
    use std::os::unix::fs::FileExt;
    f.write_all_at(buf, off)
        .map_err(|_| Error::from_code(codes::SQLITE_IOERR_WRITE))
}
