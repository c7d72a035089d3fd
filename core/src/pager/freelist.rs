//! The freelist: pages no b-tree uses, kept for reuse (fileformat2.html §1.5).
//!
//! Header offset 32 holds the first trunk page, offset 36 the number of free pages (trunks
//! and leaves). A trunk page is:
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 4 | next trunk page (0 ends the list) |
//! | 4 | 4 | number L of leaf page numbers that follow |
//! | 8 | 4·L | leaf page numbers |
//!
//! Readers accept up to `usable/4 - 2` leaves per trunk; like SQLite we fill trunks only to
//! `usable/4 - 8`. A leaf page's bytes mean nothing.

use super::header::{get_u32, put_u32, OFF_FREELIST_COUNT, OFF_FREELIST_TRUNK};
use super::page::{Page, PageNo, PageRef};
use super::state::{lock_page, Pager, State, Txn};
use crate::error::{codes, Error, Result};

impl Pager {
    /// A zeroed, writable page: reused from the freelist, else appended to the database.
    /// (Page 1 is never returned: `begin_write` creates it for a new database.)
    /// Errors: `SQLITE_MISUSE` outside a write transaction, `SQLITE_CORRUPT` for a damaged
    /// freelist, `SQLITE_FULL` past the maximum page count.
    pub fn allocate(&self) -> Result<PageRef> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write {
            return Err(Error::misuse());
        }
        let page = match st.take_free_page()? {
            Some(page) => page,
            None => st.append_page()?,
        };
        st.maybe_spill()?;
        Ok(page)
    }

    /// Puts `page` on the freelist. The caller must hold no other reference that it will
    /// still write through. Errors: `SQLITE_MISUSE` outside a write transaction,
    /// `SQLITE_CORRUPT` for page 1, a page past the end, or a damaged freelist.
    pub fn free(&self, page: PageRef) -> Result<()> {
        let mut st = self.state.lock();
        st.check_failed()?;
        if st.txn != Txn::Write {
            return Err(Error::misuse());
        }
        st.free_page(page)
    }
}

impl State {
    fn max_leaves(&self) -> u32 {
        ((self.page_size - self.reserved) / 4 - 2) as u32
    }

    fn trunk(&mut self, pgno: PageNo) -> Result<PageRef> {
        if pgno < 2 || pgno > self.page_count {
            return Err(Error::corrupt());
        }
        let t = self.get_page(pgno)?;
        if get_u32(&t.data(), 4) > self.max_leaves() {
            return Err(Error::corrupt());
        }
        Ok(t)
    }

    fn take_free_page(&mut self) -> Result<Option<PageRef>> {
        let p1 = self.get_page(1)?;
        let (first, count) = {
            let d = p1.data();
            (
                get_u32(&d, OFF_FREELIST_TRUNK),
                get_u32(&d, OFF_FREELIST_COUNT),
            )
        };
        if first == 0 || count == 0 {
            return Ok(None);
        }
        let trunk = self.trunk(first)?;
        let n = get_u32(&trunk.data(), 4);
        self.make_writable(&p1)?;
        put_u32(&mut p1.data_mut(), OFF_FREELIST_COUNT, count - 1);
        let page = if n > 0 {
            let leaf = get_u32(&trunk.data(), 8 + 4 * (n as usize - 1));
            if leaf < 2 || leaf > self.page_count || leaf == first {
                return Err(Error::corrupt());
            }
            self.make_writable(&trunk)?;
            put_u32(&mut trunk.data_mut(), 4, n - 1);
            self.get_page(leaf)?
        } else {
            let next = get_u32(&trunk.data(), 0);
            put_u32(&mut p1.data_mut(), OFF_FREELIST_TRUNK, next);
            trunk
        };
        self.make_writable(&page)?;
        page.data_mut().fill(0);
        Ok(Some(page))
    }

    pub(crate) fn append_page(&mut self) -> Result<PageRef> {
        let mut pgno = self.page_count + 1;
        if pgno == lock_page(self.page_size) {
            pgno += 1;
        }
        if pgno >= 0xffff_fffe {
            return Err(Error::from_code(codes::SQLITE_FULL));
        }
        self.page_count = pgno;
        let page = Page::new(pgno, vec![0u8; self.page_size]);
        self.dirty.insert(pgno);
        self.writable.insert(pgno);
        self.cache.insert(page.clone(), &self.dirty);
        Ok(page)
    }

    fn free_page(&mut self, page: PageRef) -> Result<()> {
        let pgno = page.pgno();
        if pgno < 2 || pgno > self.page_count {
            return Err(Error::corrupt());
        }
        let p1 = self.get_page(1)?;
        let (first, count) = {
            let d = p1.data();
            (
                get_u32(&d, OFF_FREELIST_TRUNK),
                get_u32(&d, OFF_FREELIST_COUNT),
            )
        };
        self.make_writable(&p1)?;
        put_u32(&mut p1.data_mut(), OFF_FREELIST_COUNT, count + 1);
        if first != 0 {
            let trunk = self.trunk(first)?;
            let n = get_u32(&trunk.data(), 4);
            if n < self.max_leaves() - 6 {
                self.make_writable(&trunk)?;
                let mut d = trunk.data_mut();
                put_u32(&mut d, 8 + 4 * n as usize, pgno);
                put_u32(&mut d, 4, n + 1);
                return Ok(());
            }
        }
        // The page becomes the new first trunk.
        self.make_writable(&page)?;
        {
            let mut d = page.data_mut();
            d.fill(0);
            put_u32(&mut d, 0, first);
        }
        put_u32(&mut p1.data_mut(), OFF_FREELIST_TRUNK, pgno);
        Ok(())
    }
}
